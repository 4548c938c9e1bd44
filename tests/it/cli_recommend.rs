//! "For you" through the real binary, on the demo corpus every fresh data
//! dir starts with: `folio recommend` (its messages without bookmarks, with
//! too few, with a tag, with bookmarks the index lost, with nothing left),
//! its JSON, `--sort foryou` in `search` and `list`, the model cache in
//! `<data-dir>/recommend/`, and a read-only data dir.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::common::read_only::{ReadOnly, Unprivileged};
use crate::common::*;
use serde_json::Value;

/// `folio recommend --json --limit 100` plus `extra`: every candidate of the demo corpus.
fn recommend(folio: &Folio, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["recommend", "--json", "--limit", "100"];
    args.extend_from_slice(extra);
    as_array(folio.json(&args))
}

/// The first `n` hits of `query` that are not in `taken`.
fn topic(folio: &Folio, query: &str, n: usize, taken: &[String]) -> Vec<String> {
    let found: Vec<String> = folio
        .search_ids(query)
        .into_iter()
        .filter(|id| !taken.contains(id))
        .take(n)
        .collect();
    assert_eq!(found.len(), n, "`{query}` finds {n} papers: {found:?}");
    found
}

fn bookmark_all(folio: &Folio, ids: &[String], tag: Option<&str>) {
    for id in ids {
        let mut args = vec!["bookmark", "add", id.as_str()];
        if let Some(tag) = tag {
            args.extend(["--tag", tag]);
        }
        folio.ok(&args);
    }
}

fn scores(rows: &[Value]) -> Vec<f64> {
    rows.iter()
        .map(|r| {
            r["score"]
                .as_f64()
                .unwrap_or_else(|| panic!("`score` is not a number in {r}"))
        })
        .collect()
}

fn assert_no_panic(run: &Run, what: &str) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "{what} panicked: {run:?}"
    );
}

fn cache_dir(folio: &Folio) -> PathBuf {
    folio.data_dir().join("recommend")
}

fn cache_file(folio: &Folio) -> PathBuf {
    cache_dir(folio).join("model-all.json")
}

/// The key a cached model was trained on.
fn cached_key(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("the cached model exists");
    let cached: Value = serde_json::from_slice(&bytes).expect("the cached model is JSON");
    str_field(&cached, "key")
}

const NO_BOOKMARKS: &str = "you have no bookmarks yet, and folio learns your taste from them";

#[test]
fn without_bookmarks_recommend_and_sort_foryou_ask_for_some() {
    let folio = Folio::new();
    for args in [
        vec!["recommend"],
        vec!["recommend", "--json"],
        vec!["search", "neural", "--sort", "foryou", "--json"],
        vec!["list", "--sort", "foryou"],
    ] {
        let run = folio.fails(&args);
        assert!(run.stderr.contains(NO_BOOKMARKS), "{args:?}: {run:?}");
        assert!(run.stderr.contains("folio bookmark add ID"), "{run:?}");
        assert_no_panic(&run, "recommend without bookmarks");
    }
    assert!(
        !cache_dir(&folio).exists(),
        "nothing was trained, so nothing is cached"
    );
}

#[test]
fn one_bookmark_is_enough_with_a_note() {
    let folio = Folio::new();
    folio.ok(&["bookmark", "add", HOPFIELD_ID]);
    let run = folio.run(&["recommend", "--limit", "5"]);
    assert!(run.success(), "{run:?}");
    assert!(
        run.stderr.contains("note: learning from only 1 bookmark:"),
        "{run:?}"
    );
    assert!(!run.stdout.contains(HOPFIELD_TITLE), "{}", run.stdout);
    let unread = DEMO_PAPERS - 1;
    assert!(
        run.stdout.contains(&format!(
            "5 of {unread} unread papers, ranked by your taste (1 bookmark, 0 dismissed)"
        )),
        "{}",
        run.stdout
    );
    let rows = as_array(folio.json(&["recommend", "--json", "--limit", "5"]));
    assert_eq!(rows.len(), 5);
    for row in &rows {
        let kept = row["because"]["kept"].as_array().expect("`kept` is a list");
        for k in kept {
            assert_eq!(k["id"], HOPFIELD_ID, "{row}");
            assert_eq!(k["title"], HOPFIELD_TITLE, "{row}");
        }
    }
}

#[test]
fn json_rows_are_scored_explained_and_never_kept_dismissed_or_read() {
    let folio = Folio::new();
    let kept = topic(&folio, "brain decoding", 3, &[]);
    bookmark_all(&folio, &kept, None);
    let run = folio.run(&["recommend", "--json"]);
    assert!(run.success(), "{run:?}");
    assert_eq!(run.stderr, "", "3 bookmarks need no note");

    let titles: std::collections::HashMap<String, String> = folio
        .all_papers()
        .into_iter()
        .map(|(id, p)| (id, str_field(&p, "title")))
        .collect();
    let rows = recommend(&folio, &[]);
    assert_eq!(rows.len() as u64, DEMO_PAPERS - 3, "every unread paper");
    let s = scores(&rows);
    assert!(s.windows(2).all(|w| w[0] >= w[1]), "not best first: {s:?}");
    assert!(s[0] > s[s.len() - 1], "the model tells papers apart: {s:?}");
    for row in &rows {
        let id = str_field(row, "id");
        assert!(!kept.contains(&id), "bookmarked {id} recommended");
        let because = &row["because"];
        let terms = because["terms"].as_array().expect("`terms` is a list");
        assert!(terms.iter().all(Value::is_string), "{row}");
        for k in because["kept"].as_array().expect("`kept` is a list") {
            let kid = str_field(k, "id");
            assert!(kept.contains(&kid), "{kid} is not a bookmark: {row}");
            assert_eq!(str_field(k, "title"), titles[&kid], "{row}");
            let similarity = k["similarity"].as_f64().expect("a similarity");
            assert!(similarity > 0.0 && similarity <= 1.0 + 1e-6, "{row}");
        }
    }
    let top = &rows[0]["because"];
    assert!(
        !top["kept"].as_array().unwrap().is_empty() && !top["terms"].as_array().unwrap().is_empty(),
        "the best paper says why: {top}"
    );
    // The human output says why too.
    let human = folio.ok(&["recommend", "--limit", "3", "--explain"]);
    assert!(human.contains("because you kept \""), "{human}");

    // A dismissed paper is never recommended again.
    let first = str_field(&rows[0], "id");
    folio.ok(&["dismiss", &first]);
    let after = recommend(&folio, &[]);
    assert_eq!(after.len(), rows.len() - 1);
    assert!(!ids(&after).contains(&first), "dismissed {first} came back");

    // A read paper is left out unless --include-read.
    let read = str_field(&after[0], "id");
    folio.ok(&["read", &read]);
    let unread = ids(&recommend(&folio, &[]));
    assert!(!unread.contains(&read), "read {read} recommended");
    assert_eq!(unread.len(), after.len() - 1);
    let with_read = ids(&recommend(&folio, &["--include-read"]));
    assert!(
        with_read.contains(&read),
        "--include-read leaves out {read}"
    );
    assert!(
        !with_read.contains(&first),
        "--include-read brings back dismissed"
    );
    assert!(kept.iter().all(|k| !with_read.contains(k)));
}

#[test]
fn a_tag_learns_from_its_own_bookmarks() {
    let folio = Folio::new();
    let brain = topic(&folio, "brain fmri", 3, &[]);
    let segmentation = topic(&folio, "segmentation", 3, &brain);
    bookmark_all(&folio, &brain, Some("a"));
    bookmark_all(&folio, &segmentation, Some("b"));

    let by_a = recommend(&folio, &["--tag", "a"]);
    let by_b = recommend(&folio, &["--tag", "b"]);
    let (top_a, top_b) = (ids(&by_a[..5]), ids(&by_b[..5]));
    assert_ne!(top_a, top_b, "a tag changes the ranking");
    for (rows, own, other) in [
        (&by_a, &brain, &segmentation),
        (&by_b, &segmentation, &brain),
    ] {
        for row in rows.iter() {
            let id = str_field(row, "id");
            assert!(
                !own.contains(&id) && !other.contains(&id),
                "a bookmark, of either tag, is never recommended: {id}"
            );
            for k in row["because"]["kept"].as_array().expect("`kept` is a list") {
                let kid = str_field(k, "id");
                assert!(own.contains(&kid), "{kid} has the other tag: {row}");
            }
        }
    }
    // Each tag's best paper is about that tag's topic.
    let brain_hits: HashSet<String> = folio.search_ids("brain").into_iter().collect();
    let segmentation_hits: HashSet<String> = folio.search_ids("segmentation").into_iter().collect();
    assert!(brain_hits.contains(&top_a[0]), "--tag a: {top_a:?}");
    assert!(segmentation_hits.contains(&top_b[0]), "--tag b: {top_b:?}");
    let run = folio.run(&["recommend", "--tag", "a"]);
    assert!(
        run.stdout
            .contains("ranked by your taste (3 bookmarks tagged `a`, 0 dismissed)"),
        "{run:?}"
    );
    // Each tag has its own cached model.
    assert!(cache_dir(&folio).join("model-tag-a.json").exists());
    assert!(cache_dir(&folio).join("model-tag-b.json").exists());

    let none = folio.fails(&["recommend", "--tag", "nope"]);
    assert!(
        none.stderr
            .contains("no bookmark has the tag `nope` (tags in use: a, b)"),
        "{none:?}"
    );
    assert_no_panic(&none, "an empty tag");
}

/// A library whose only bookmarks are papers the index does not have.
const LIBRARY_OF_LOST_PAPERS: &str = r#"{
  "version": 1,
  "papers": {
    "2501.99998": {"bookmarked": "2025-03-01T12:00:00Z", "tags": ["gone"]},
    "2501.99999": {"bookmarked": "2025-03-02T12:00:00Z"}
  }
}
"#;

#[test]
fn bookmarks_missing_from_the_index_are_named() {
    let folio = Folio::new();
    folio.ok(&["stats"]);
    std::fs::write(
        folio.data_dir().join("library.json"),
        LIBRARY_OF_LOST_PAPERS,
    )
    .expect("library written");
    let run = folio.fails(&["recommend"]);
    assert!(
        run.stderr
            .contains("none of your 2 bookmarks is in the index any more"),
        "{run:?}"
    );
    assert_no_panic(&run, "lost bookmarks");
    let tagged = folio.fails(&["recommend", "--tag", "gone"]);
    assert!(
        tagged
            .stderr
            .contains("none of your 1 bookmarks tagged `gone` is in the index"),
        "{tagged:?}"
    );
    let sorted = folio.fails(&["list", "--sort", "foryou"]);
    assert!(
        sorted.stderr.contains("none of your 2 bookmarks"),
        "{sorted:?}"
    );

    // With one paper the index has, the lost ones are only a note.
    folio.ok(&["bookmark", "add", HOPFIELD_ID]);
    let run = folio.run(&["recommend", "--json", "--limit", "100"]);
    assert!(run.success(), "{run:?}");
    assert!(
        run.stderr
            .contains("note: 2 bookmarked or dismissed papers are not in the index and left out"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("learning from only 1 bookmark"),
        "{run:?}"
    );
    assert_eq!(
        as_array(serde_json::from_str(&run.stdout).unwrap()).len() as u64,
        DEMO_PAPERS - 1
    );
}

#[test]
fn nothing_left_to_recommend_is_a_note_not_an_error() {
    let folio = Folio::new();
    folio.ok(&["bookmark", "add", HOPFIELD_ID]);
    folio.ok(&["read", "--query=-is:bookmarked"]);
    let run = folio.run(&["recommend"]);
    assert!(run.success(), "{run:?}");
    assert_eq!(run.stdout, "", "nothing to list");
    assert!(
        run.stderr.contains("note: nothing left to recommend: every paper is bookmarked, dismissed or read (add --include-read to see read papers too)"),
        "{run:?}"
    );
    assert_no_panic(&run, "nothing left");
    assert!(recommend(&folio, &[]).is_empty());
    assert_eq!(
        recommend(&folio, &["--include-read"]).len() as u64,
        DEMO_PAPERS - 1
    );

    // Dismissed rather than read: the same.
    folio.ok(&["unread", "--query", "is:read"]);
    let others: Vec<String> = ids(&recommend(&folio, &[]));
    assert_eq!(others.len() as u64, DEMO_PAPERS - 1);
    let mut args = vec!["dismiss"];
    args.extend(others.iter().map(String::as_str));
    folio.ok(&args);
    let run = folio.run(&["recommend", "--include-read"]);
    assert!(run.success(), "{run:?}");
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains(
            "note: nothing left to recommend: every paper is bookmarked, dismissed or read;"
        ),
        "{run:?}"
    );
}

#[test]
fn sort_foryou_orders_search_and_list_by_the_model() {
    let folio = Folio::new();
    let kept = topic(&folio, "brain decoding", 3, &[]);
    bookmark_all(&folio, &kept, None);
    let query = "neural";
    let default = folio.search(query, &[]);
    let by_taste = folio.search(query, &["--sort", "foryou"]);
    let as_set = |rows: &[Value]| ids(rows).into_iter().collect::<HashSet<String>>();
    assert!(default.len() > 5, "`{query}` matches a few papers");
    assert_eq!(as_set(&by_taste), as_set(&default), "the same matches");
    assert_ne!(ids(&by_taste), ids(&default), "in another order");

    // The order and scores of `recommend --include-read`, bookmarks left in.
    let ranking = recommend(&folio, &["--include-read"]);
    let matched = as_set(&default);
    let expected: Vec<(String, f64)> = ranking
        .iter()
        .filter(|r| matched.contains(&str_field(r, "id")))
        .map(|r| (str_field(r, "id"), r["score"].as_f64().unwrap()))
        .collect();
    let got: Vec<(String, f64)> = by_taste
        .iter()
        .filter(|h| !kept.contains(&str_field(h, "id")))
        .map(|h| (str_field(h, "id"), h["score"].as_f64().unwrap()))
        .collect();
    assert_eq!(got, expected);
    let s = scores(&by_taste);
    assert!(s.windows(2).all(|w| w[0] >= w[1]), "not best first: {s:?}");

    let list = as_array(folio.json(&["list", "--sort", "foryou", "--limit", "0", "--json"]));
    assert_eq!(list.len() as u64, DEMO_PAPERS);
    let listed: Vec<String> = ids(&list)
        .into_iter()
        .filter(|id| !kept.contains(id))
        .collect();
    assert_eq!(
        listed,
        ids(&ranking),
        "list --sort foryou: the model's order"
    );
    let human = folio.ok(&["list", "--sort", "foryou", "--limit", "3"]);
    assert!(
        human.contains(&format!("3 of {DEMO_PAPERS} papers, by your taste")),
        "{human}"
    );
}

#[test]
fn the_model_is_cached_until_the_library_changes() {
    let folio = Folio::new();
    let kept = topic(&folio, "attention transformers", 3, &[]);
    bookmark_all(&folio, &kept[..2], None);
    let first = folio.ok(&["recommend", "--json"]);
    let file = cache_file(&folio);
    let key = cached_key(&file);
    let again = folio.ok(&["recommend", "--json"]);
    assert_eq!(again, first, "the cached model gives the same ranking");
    assert_eq!(cached_key(&file), key);

    // Garbage in the cache is trained over, with the same result.
    std::fs::write(&file, b"{not a model").expect("cache overwritten");
    let after_garbage = folio.ok(&["recommend", "--json"]);
    assert_eq!(after_garbage, first, "a broken cache file changes nothing");
    assert_eq!(cached_key(&file), key, "and is written again");

    // A new bookmark is another taste: another key.
    folio.ok(&["bookmark", "add", &kept[2]]);
    let third = folio.ok(&["recommend", "--json"]);
    assert_ne!(cached_key(&file), key, "a new bookmark trains again");
    assert_ne!(third, first);
    // So is a dismissal.
    let key = cached_key(&file);
    let top = str_field(&as_array(serde_json::from_str(&third).unwrap())[0], "id");
    folio.ok(&["dismiss", &top]);
    folio.ok(&["recommend"]);
    assert_ne!(cached_key(&file), key, "a dismissal trains again");
    let leftovers: Vec<String> = std::fs::read_dir(cache_dir(&folio))
        .expect("the cache dir")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(leftovers, ["model-all.json"], "no temp files left behind");
}

#[test]
fn a_read_only_data_dir_still_recommends() {
    let folio = Folio::new();
    let kept = topic(&folio, "brain decoding", 3, &[]);
    bookmark_all(&folio, &kept, None);
    let expected = folio.ok(&["recommend", "--json"]);
    let tagged = {
        folio.ok(&["bookmark", "add", &kept[0], "--tag", "x"]);
        folio.ok(&["recommend", "--json", "--tag", "x"])
    };
    // The tag's model is left out of the cache: it must be trained read-only.
    std::fs::remove_file(cache_dir(&folio).join("model-tag-x.json")).expect("tag model cached");
    let Some(user) = Unprivileged::new(&folio) else {
        return;
    };
    let _read_only = ReadOnly::new(folio.data_dir(), &user);
    let cached = user.run(&folio, &["recommend", "--json"]);
    assert!(cached.success(), "{cached:?}");
    assert_eq!(cached.stdout, expected, "the cached model, read-only");
    let trained = user.run(&folio, &["recommend", "--json", "--tag", "x"]);
    assert!(trained.success(), "{trained:?}");
    assert_eq!(trained.stdout, tagged, "trained without a cache to write");
    assert!(
        !cache_dir(&folio).join("model-tag-x.json").exists(),
        "nothing written in a read-only data dir"
    );
    let search = user.run(&folio, &["search", "neural", "--sort", "foryou", "--json"]);
    assert!(search.success(), "{search:?}");
}

#[test]
fn a_recommend_killed_at_any_instant_leaves_a_cache_the_next_run_can_use() {
    let folio = Folio::new();
    let kept = topic(&folio, "brain decoding", 3, &[]);
    bookmark_all(&folio, &kept, None);
    let expected = folio.ok(&["recommend", "--json"]);
    // Kill points spread over a whole run (training and writing the cache
    // included), each from an empty cache.
    for step in 0..12u64 {
        let _ = std::fs::remove_dir_all(cache_dir(&folio));
        let mut child = folio.spawn(&["recommend", "--json"]);
        std::thread::sleep(std::time::Duration::from_millis(step * 8));
        let _ = child.kill();
        let _ = child.wait();
        let again = folio.run(&["recommend", "--json"]);
        assert!(again.success(), "after a kill at step {step}: {again:?}");
        assert_eq!(again.stdout, expected, "after a kill at step {step}");
    }
}
