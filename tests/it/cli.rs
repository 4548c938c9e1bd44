//! End-to-end acceptance of the `folio` binary on a fresh data dir: the demo
//! corpus it seeds, the read-only commands (stats, list, show, similar) and
//! the hygiene of what they print (pipes, colour, control characters).

use std::io::Read;

use crate::common::*;

#[test]
fn fresh_data_dir_holds_the_demo_corpus() {
    let folio = Folio::new();
    let stats = folio.json(&["stats", "--json"]);
    assert_eq!(stats["papers"], DEMO_PAPERS);
    assert_eq!(stats["bookmarks"], 0);
    assert_eq!(stats["read"], 0);
    assert_eq!(stats["dismissed"], 0);
    assert_eq!(stats["journal_segments"], 1);
    assert_eq!(
        stats["data_dir"].as_str(),
        folio.data_dir().to_str(),
        "FOLIO_DATA_DIR is the data dir"
    );
    assert_eq!(stats["config_file"].as_str(), folio.config_file().to_str());
    assert!(!folio.config_file().exists(), "no config file is created");
}

#[test]
fn concurrent_first_starts_seed_the_demo_once() {
    let folio = Folio::new();
    let children: Vec<_> = (0..4).map(|_| folio.spawn(&["stats", "--json"])).collect();
    for child in children {
        let output = child.wait_with_output().expect("folio ran");
        assert!(output.status.success(), "{output:?}");
        let stats: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(stats["papers"], DEMO_PAPERS);
        assert_eq!(stats["journal_segments"], 1, "the demo is imported once");
    }
}

#[test]
fn demo_searches_find_the_expected_papers() {
    let folio = Folio::new();
    let hopfield = folio.search("hopfield", &[]);
    assert_eq!(hopfield[0]["title"], HOPFIELD_TITLE);
    assert_eq!(hopfield[0]["id"], HOPFIELD_ID);

    let brain = titles(&folio.search("brain decoding", &[]));
    assert!(brain.len() >= 3, "{brain:?}");
    for title in &brain[..3] {
        let lower = title.to_lowercase();
        assert!(
            lower.contains("brain") && lower.contains("decoding"),
            "{title}"
        );
    }

    // A typo finds the papers the word spelt right finds (by stem, so
    // "transformations" counts), those with the word in the title first.
    let all = folio.all_papers();
    let limit = ["--limit", "100"];
    let typo = ids(&folio.search("transfomer", &limit));
    let exact = ids(&folio.search("transformer", &limit));
    assert!(typo.len() >= 10, "{typo:?}");
    assert_eq!(sorted(typo.clone()), sorted(exact));
    for id in &typo {
        assert!(text_of(&all[id]).contains("transform"), "{id}");
    }
    for id in &typo[..5] {
        let title = all[id]["title"].as_str().unwrap().to_lowercase();
        assert!(title.contains("transform"), "{title}");
    }
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

#[test]
fn demo_links_are_extracted_from_abstracts() {
    let folio = Folio::new();
    let aot = folio.search_ids("AOT-GAN");
    assert_eq!(
        aot[0],
        folio.id_of("Aggregated Contextual Transformations for High-Resolution Image Inpainting")
    );
    let paper = folio.show(&aot[0]);
    assert_eq!(
        paper["links"]["code"],
        "https://github.com/researchmm/AOT-GAN-for-Inpainting"
    );
    assert_eq!(folio.show(HOPFIELD_ID)["links"]["code"], HOPFIELD_CODE);

    let code = folio.search("has:code", &[]);
    assert_eq!(code.len(), 13);
    assert!(code.iter().all(|p| p["links"]["code"].is_string()));
    let project = folio.search("has:project", &[]);
    assert_eq!(project.len(), 5);
    assert!(project.iter().all(|p| p["links"]["project"].is_string()));
}

#[test]
fn list_respects_the_limit() {
    let folio = Folio::new();
    let json = as_array(folio.json(&["list", "--limit", "5", "--json"]));
    assert_eq!(json.len(), 5);
    let human = folio.ok(&["list", "--limit", "5"]);
    for id in ids(&json) {
        assert_eq!(
            human.matches(&format!("    {id} · ")).count(),
            1,
            "{id} in\n{human}"
        );
    }
    assert!(human.contains("5 of 73 papers"), "{human}");
    let all = as_array(folio.json(&["list", "--json", "--limit", "0"]));
    assert_eq!(all.len(), 73);
}

#[test]
fn show_prints_the_whole_paper() {
    let folio = Folio::new();
    let paper = folio.show(HOPFIELD_ID);
    assert_eq!(paper["title"], HOPFIELD_TITLE);
    assert_eq!(paper["source"], "listing");
    assert!(str_field(&paper, "abstract").starts_with("We introduce a modern Hopfield network"));
    assert_eq!(paper["bookmarked"], false);
    assert_eq!(paper["read"], false);
    let human = folio.ok(&["show", HOPFIELD_ID]);
    assert!(human.starts_with(&format!("{HOPFIELD_TITLE}\n")), "{human}");
    assert!(human.contains(HOPFIELD_CODE), "{human}");
}

#[test]
fn similar_excludes_the_paper_itself() {
    let folio = Folio::new();
    let similar = as_array(folio.json(&["similar", HOPFIELD_ID, "--json"]));
    assert!(!similar.is_empty());
    assert!(similar.len() <= 10, "default limit is 10");
    assert!(!ids(&similar).contains(&HOPFIELD_ID.to_string()));
    let three = as_array(folio.json(&["similar", HOPFIELD_ID, "--limit", "3", "--json"]));
    assert!(three.len() <= 3 && !three.is_empty());
}

#[test]
fn unknown_ids_are_errors_that_name_the_id() {
    let folio = Folio::new();
    let id = "no-such-paper-42";
    for args in [
        vec!["show", id],
        vec!["similar", id],
        vec!["read", id],
        vec!["unread", id],
        vec!["bookmark", "add", id],
        vec!["open", id],
    ] {
        let run = folio.fails(&args);
        assert!(run.stderr.contains(&format!("`{id}`")), "{args:?}: {run:?}");
        assert!(run.stderr.contains("folio search"), "{args:?}: {run:?}");
    }
    assert_eq!(folio.json(&["stats", "--json"])["bookmarks"], 0);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let folio = Folio::new();
    folio.ok(&["stats"]);
    // ~190 kB of JSON: more than a pipe holds, so folio must hit the closed pipe.
    for args in [
        vec!["export", "--query", "", "--format", "json"],
        vec!["list", "--limit", "0"],
    ] {
        let mut child = folio.spawn(&args);
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 16];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(output.status.success(), "{args:?}: {output:?}");
    }
}

#[test]
fn output_to_a_pipe_has_no_colour() {
    let mut folio = Folio::new();
    for args in [
        vec!["search", "hopfield"],
        vec!["list", "--limit", "3"],
        vec!["show", HOPFIELD_ID],
        vec!["stats"],
    ] {
        let out = folio.ok(&args);
        assert!(!out.is_empty() && !out.contains('\x1b'), "{args:?}: {out}");
    }
    folio.set_env("NO_COLOR", "1");
    let out = folio.ok(&["search", "hopfield"]);
    assert!(
        out.contains(HOPFIELD_TITLE) && !out.contains('\x1b'),
        "{out}"
    );
    let err = folio.fails(&["show", "nope"]);
    assert!(!err.stderr.contains('\x1b'), "{err:?}");
}

#[test]
fn control_characters_in_feeds_never_reach_the_terminal() {
    let folio = Folio::new();
    let text = listing(
        "2021-06-01",
        &[(
            "Old \x1b[31mRed\x1b]0;x\x07 Title",
            "An abstract about okapis \x1b[2J with a \x07 bell.",
        )],
    );
    let import = folio.run_with_stdin(&["import", "-"], text.as_bytes());
    assert!(import.success(), "{import:?}");
    let id = folio.search_ids("okapis")[0].clone();
    let paper = folio.show(&id);
    let title = str_field(&paper, "title");
    assert_eq!(title, "Old Red Title");
    let abstract_text = str_field(&paper, "abstract");
    assert!(
        !abstract_text.contains(['\x1b', '\x07']),
        "{abstract_text:?}"
    );
    for args in [vec!["show", id.as_str()], vec!["search", "okapis"]] {
        let out = folio.ok(&args);
        assert!(out.contains("Old Red Title"), "{out}");
        assert!(!out.contains(['\x1b', '\x07']), "{args:?}: {out:?}");
    }
}
