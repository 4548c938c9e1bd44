//! The query language as users reach it, through `folio search`: every
//! operator and filter, sorting, limits, ranking, and the errors a bad query
//! gets instead of a silent empty result.

use std::collections::BTreeSet;

use crate::common::*;

fn set(ids: Vec<String>) -> BTreeSet<String> {
    ids.into_iter().collect()
}

/// Three papers with explicit dates around the `year:2020..2023` range.
fn import_quokkas(folio: &Folio) {
    let text = "new\n\n\
        2019-12-31\n\nQuokka Census Methods\n\nWe count quokkas on islands.\n\n\
        2021-06-01\n\nQuokka Tracking with Drones\n\nDrones track quokkas at night.\n\n\
        2024-01-01\n\nQuokka Diet Analysis\n\nWhat quokkas eat in winter.\n";
    let run = folio.import_file("quokkas.txt", text);
    assert!(run.success(), "{run:?}");
}

#[test]
fn phrase_matches_adjacent_words_only() {
    let folio = Folio::new();
    let all = folio.all_papers();
    let phrase = folio.search_ids("\"brain decoding\"");
    assert!(!phrase.is_empty());
    for id in &phrase {
        assert!(text_of(&all[id]).contains("brain decoding"), "{id}");
    }
    let words = folio.search_ids("brain decoding");
    assert!(set(phrase.clone()).is_subset(&set(words.clone())));
    let apart = folio.id_of("The Tensor Brain: Semantic Decoding for Perception and Memory");
    assert!(words.contains(&apart) && !phrase.contains(&apart));
}

#[test]
fn minus_excludes_a_word() {
    let folio = Folio::new();
    let all = folio.all_papers();
    let attention = folio.search_ids("attention");
    let without = folio.search_ids("attention -transformer");
    assert!(!without.is_empty());
    assert!(without.len() < attention.len());
    for id in &without {
        let text = text_of(&all[id]);
        assert!(
            text.contains("attention") && !text.contains("transformer"),
            "{id}"
        );
    }
    // Alone, an exclusion means "everything else".
    let run = folio.ok(&["search", "--limit", "100", "--json", "--", "-has:code"]);
    let no_code = as_array(serde_json::from_str(&run).unwrap());
    assert_eq!(no_code.len(), 73 - 13);
    assert!(no_code.iter().all(|p| p["links"]["code"].is_null()));
}

#[test]

fn exclusion_works_as_a_separate_shell_word() {
    let folio = Folio::new();
    let quoted = folio.search_ids("attention -transformer");
    let split = as_array(folio.json(&["search", "attention", "-transformer", "--json"]));
    assert_eq!(ids(&split), quoted);
    let alone = as_array(folio.json(&["search", "-has:code", "--limit", "100", "--json"]));
    assert_eq!(alone.len(), 73 - 13);
}

#[test]
fn or_is_the_union_of_its_sides() {
    let folio = Folio::new();
    let hopfield = set(folio.search_ids("hopfield"));
    let inpainting = set(folio.search_ids("inpainting"));
    let either = set(folio.search_ids("hopfield OR inpainting"));
    assert!(!hopfield.is_empty() && !inpainting.is_empty());
    assert_eq!(either, &hopfield | &inpainting);
    let grouped = set(folio.search_ids("(hopfield OR inpainting) -transformer"));
    assert!(grouped.is_subset(&either) && grouped.len() < either.len());
}

#[test]
fn field_filters_scope_the_words() {
    let folio = Folio::new();
    assert_eq!(folio.search_ids("title:hopfield"), [HOPFIELD_ID]);
    let in_abstract = folio.search_ids("abstract:hopfield");
    let multitask = folio.id_of("Parallel Learning by Multitasking Neural Networks");
    assert_eq!(set(in_abstract), set(vec![HOPFIELD_ID.into(), multitask]));
    let titled = titles(&folio.search("title:\"brain decoding\"", &[]));
    assert!(!titled.is_empty());
    assert!(
        titled
            .iter()
            .all(|t| t.to_lowercase().contains("brain decoding"))
    );
    // The demo listing has no authors and no categories: no match, no error.
    for query in ["author:hinton", "au:\"Geoffrey Hinton\"", "cat:cs.CV"] {
        assert_eq!(folio.search(query, &[]).len(), 0, "{query}");
    }
}

#[test]
fn year_filters_use_the_paper_dates() {
    let folio = Folio::new();
    let all = as_array(folio.json(&["list", "--limit", "0", "--json"]));
    let year_of = |p: &serde_json::Value| str_field(p, "published")[..4].parse::<i32>().unwrap();
    let demo_year = year_of(&all[0]);
    for year in [demo_year, demo_year - 1] {
        let expected = all.iter().filter(|p| year_of(p) == year).count();
        let query = format!("year:{year}");
        assert_eq!(folio.search(&query, &[]).len(), expected, "{query}");
    }

    import_quokkas(&folio);
    let tracking = folio.id_of("Quokka Tracking with Drones");
    let census = folio.id_of("Quokka Census Methods");
    let diet = folio.id_of("Quokka Diet Analysis");
    assert_eq!(
        folio.search_ids("year:2020..2023"),
        std::slice::from_ref(&tracking)
    );
    assert_eq!(
        folio.search_ids("year:2021"),
        std::slice::from_ref(&tracking)
    );
    assert_eq!(
        set(folio.search_ids("year:..2023")),
        set(vec![census, tracking.clone()])
    );
    assert_eq!(
        set(folio.search_ids("quokka year:2020..")),
        set(vec![tracking, diet])
    );
}

#[test]
fn library_filters_follow_bookmarks_tags_and_read_marks() {
    let folio = Folio::new();
    let multitask = folio.id_of("Parallel Learning by Multitasking Neural Networks");
    assert!(folio.search("is:bookmarked", &[]).is_empty());
    assert_eq!(folio.search("is:unread", &[]).len(), 73);

    folio.ok(&["bookmark", "add", HOPFIELD_ID, "--tag", "To Read"]);
    folio.ok(&["bookmark", "add", &multitask, "--tag", "ml"]);
    folio.ok(&["read", HOPFIELD_ID]);

    assert_eq!(
        set(folio.search_ids("is:bookmarked")),
        set(vec![HOPFIELD_ID.into(), multitask.clone()])
    );
    assert_eq!(folio.search_ids("tag:to-read"), [HOPFIELD_ID]);
    assert_eq!(folio.search_ids("tag:To-Read"), [HOPFIELD_ID]);
    assert_eq!(folio.search_ids("tag:ml"), std::slice::from_ref(&multitask));
    assert!(folio.search("tag:nothing", &[]).is_empty());
    assert_eq!(folio.search_ids("is:read"), [HOPFIELD_ID]);
    let unread = folio.search_ids("is:unread");
    assert_eq!(unread.len(), 72);
    assert!(!unread.contains(&HOPFIELD_ID.to_string()));
    assert_eq!(folio.search_ids("hopfield is:unread"), [multitask]);
}

#[test]
fn prefix_finds_words_being_typed() {
    let folio = Folio::new();
    let typed = folio.search("hopf", &["--prefix"]);
    assert_eq!(typed[0]["title"], HOPFIELD_TITLE);
    let exact = folio.search_ids("hopf");
    assert!(!exact.contains(&HOPFIELD_ID.to_string()), "{exact:?}");
}

#[test]
fn sort_by_title_and_date() {
    let folio = Folio::new();
    for args in [
        vec![
            "search",
            "is:unread",
            "--sort",
            "title",
            "--limit",
            "100",
            "--json",
        ],
        vec!["list", "--sort", "title", "--limit", "0", "--json"],
    ] {
        let got = titles(&as_array(folio.json(&args)));
        assert_eq!(got.len(), 73);
        let mut sorted = got.clone();
        sorted.sort_by_key(|t| t.to_lowercase());
        assert_eq!(got, sorted, "{args:?}");
    }

    import_quokkas(&folio);
    let by_date = titles(&folio.search("quokka", &["--sort", "date"]));
    assert_eq!(
        by_date,
        [
            "Quokka Diet Analysis",
            "Quokka Tracking with Drones",
            "Quokka Census Methods"
        ]
    );
    for args in [
        vec!["list", "--sort", "date", "--limit", "0", "--json"],
        vec!["list", "--limit", "0", "--json"],
    ] {
        let dates: Vec<String> = as_array(folio.json(&args))
            .iter()
            .map(|p| str_field(p, "published"))
            .collect();
        assert_eq!(dates.len(), 76);
        assert!(dates.is_sorted_by(|a, b| a >= b), "{args:?}: {dates:?}");
        assert_eq!(dates.last().unwrap(), "2019-12-31");
    }
}

#[test]
fn limit_caps_the_hits() {
    let folio = Folio::new();
    let total = folio.search("brain", &[]).len();
    assert!(total > 3);
    let three = as_array(folio.json(&["search", "brain", "--limit", "3", "--json"]));
    assert_eq!(three.len(), 3);
    let human = folio.ok(&["search", "brain", "--limit", "3"]);
    assert!(human.contains(&format!("3 of {total} papers")), "{human}");
}

#[test]
fn a_title_match_ranks_above_abstract_matches() {
    let folio = Folio::new();
    // Each word is in exactly one title and in several other abstracts.
    for word in ["neuroscience", "classification", "spatial", "receptive"] {
        let hits = titles(&folio.search(word, &[]));
        assert!(hits.len() >= 3, "{word}: {hits:?}");
        assert!(hits[0].to_lowercase().contains(word), "{word}: {hits:?}");
        assert!(
            hits[1..].iter().all(|t| !t.to_lowercase().contains(word)),
            "{word}: {hits:?}"
        );
    }
}

#[test]
fn bad_queries_explain_where_and_how_to_fix() {
    let folio = Folio::new();
    let cases = [
        ("title:", 1, "e.g. title:transformer"),
        ("\"unbalanced", 1, "add a closing \""),
        ("a OR", 3, "needs a term after it"),
        ("year:abc", 1, "use year:2023"),
        ("brain is:foo", 7, "use is:bookmarked"),
        ("has:foo", 1, "use has:code"),
        ("(brain", 7, "missing `)`"),
        ("brain)", 6, "no matching `(`"),
    ];
    for (query, column, hint) in cases {
        let run = folio.fails(&["search", query, "--json"]);
        assert_eq!(run.code, Some(1), "{query}");
        assert!(
            run.stderr.contains(&format!("column {column}")),
            "{query}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(hint), "{query}: {}", run.stderr);
    }
}

#[test]
fn a_pasted_wall_of_parentheses_is_an_error_not_a_crash() {
    let folio = Folio::new();
    let wall = "(".repeat(20_000);
    let run = folio.fails(&["search", &wall]);
    assert_eq!(run.code, Some(1), "a normal failure, not a signal: {run:?}");
    assert!(
        run.stderr.contains("queries are at most 4096 characters"),
        "{}",
        run.stderr
    );
    let deep = format!("{}brain{}", "(".repeat(40), ")".repeat(40));
    let run = folio.fails(&["search", &deep]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains("column 33")
            && run
                .stderr
                .contains("queries nest at most 32 parentheses deep"),
        "{}",
        run.stderr
    );
}
