//! The user's library through the binary: bookmarks with tags and notes,
//! read marks, their survival across an index rebuild, and concurrent
//! updates from several processes at once.

mod common;

use common::*;

fn bookmark_ids(folio: &Folio, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["bookmark", "list", "--json"];
    args.extend_from_slice(extra);
    ids(&as_array(folio.json(&args)))
}

#[test]
fn bookmark_with_tags_and_note() {
    let folio = Folio::new();
    let out = folio.ok(&[
        "bookmark",
        "add",
        HOPFIELD_ID,
        "--tag",
        "ml",
        "--tag",
        "To Read",
        "--note",
        "great",
    ]);
    assert_eq!(out, format!("bookmarked {HOPFIELD_ID}: {HOPFIELD_TITLE}\n"));
    let list = as_array(folio.json(&["bookmark", "list", "--json"]));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], HOPFIELD_ID);
    assert_eq!(list[0]["bookmarked"], true);
    assert_eq!(list[0]["tags"], serde_json::json!(["ml", "to-read"]));
    assert_eq!(list[0]["note"], "great");

    let human = folio.ok(&["bookmark", "list"]);
    assert!(human.contains(HOPFIELD_TITLE), "{human}");
    assert!(human.contains("#ml #to-read"), "{human}");
    assert!(human.contains("│ great"), "{human}");

    let shown = folio.show(HOPFIELD_ID);
    assert_eq!(shown["bookmarked"], true);
    assert_eq!(shown["note"], "great");
    let stats = folio.json(&["stats", "--json"]);
    assert_eq!(
        (stats["bookmarks"].as_u64(), stats["tags"].as_u64()),
        (Some(1), Some(2))
    );
}

#[test]
fn bookmark_again_adds_tags_and_replaces_the_note() {
    let folio = Folio::new();
    folio.ok(&[
        "bookmark",
        "add",
        HOPFIELD_ID,
        "--tag",
        "ml",
        "--note",
        "first",
    ]);
    folio.ok(&[
        "bookmark",
        "add",
        HOPFIELD_ID,
        "--tag",
        "nlp",
        "--note",
        "second",
    ]);
    let shown = folio.show(HOPFIELD_ID);
    assert_eq!(shown["tags"], serde_json::json!(["ml", "nlp"]));
    assert_eq!(shown["note"], "second");
    folio.ok(&["bookmark", "add", HOPFIELD_ID]);
    let shown = folio.show(HOPFIELD_ID);
    assert_eq!(shown["tags"], serde_json::json!(["ml", "nlp"]));
    assert_eq!(shown["note"], "second", "no --note keeps the note");
}

#[test]
fn bookmark_list_filters_by_tag() {
    let folio = Folio::new();
    let multitask = folio.id_of("Parallel Learning by Multitasking Neural Networks");
    folio.ok(&[
        "bookmark",
        "add",
        HOPFIELD_ID,
        "--tag",
        "ml",
        "--tag",
        "To Read",
    ]);
    folio.ok(&["bookmark", "add", &multitask, "--tag", "ml"]);
    let mut all = bookmark_ids(&folio, &[]);
    all.sort();
    let mut expected = vec![HOPFIELD_ID.to_string(), multitask.clone()];
    expected.sort();
    assert_eq!(all, expected);
    assert_eq!(bookmark_ids(&folio, &["--tag", "ml"]).len(), 2);
    assert_eq!(bookmark_ids(&folio, &["--tag", "to-read"]), [HOPFIELD_ID]);
    assert_eq!(bookmark_ids(&folio, &["--tag", "To Read"]), [HOPFIELD_ID]);
    assert!(bookmark_ids(&folio, &["--tag", "other"]).is_empty());
    let human = folio.ok(&["bookmark", "list", "--tag", "other"]);
    assert_eq!(human, "no bookmark is tagged `other`\n");
}

#[test]
fn bookmark_rm_removes_and_refuses_what_is_not_bookmarked() {
    let folio = Folio::new();
    assert!(
        folio
            .ok(&["bookmark", "list"])
            .starts_with("no bookmarks yet")
    );
    folio.ok(&["bookmark", "add", HOPFIELD_ID, "--tag", "ml", "--note", "n"]);
    let out = folio.ok(&["bookmark", "rm", HOPFIELD_ID]);
    assert_eq!(out, format!("removed the bookmark on {HOPFIELD_ID}\n"));
    assert!(bookmark_ids(&folio, &[]).is_empty());
    let shown = folio.show(HOPFIELD_ID);
    assert_eq!(shown["bookmarked"], false);
    assert!(folio.search("tag:ml", &[]).is_empty());

    let again = folio.fails(&["bookmark", "rm", HOPFIELD_ID]);
    assert!(again.stderr.contains("is not bookmarked"), "{again:?}");
    assert!(again.stderr.contains("folio bookmark list"), "{again:?}");
    let never = folio.fails(&["bookmark", "rm", "pointer-networks"]);
    assert!(never.stderr.contains("`pointer-networks`"), "{never:?}");
}

#[test]
fn read_and_unread_show_in_the_paper() {
    let folio = Folio::new();
    assert_eq!(folio.show(HOPFIELD_ID)["read"], false);
    assert_eq!(
        folio.ok(&["read", HOPFIELD_ID]),
        format!("marked {HOPFIELD_ID} as read\n")
    );
    assert_eq!(folio.show(HOPFIELD_ID)["read"], true);
    assert_eq!(folio.json(&["stats", "--json"])["read"], 1);
    folio.ok(&["unread", HOPFIELD_ID]);
    assert_eq!(folio.show(HOPFIELD_ID)["read"], false);
    assert_eq!(folio.json(&["stats", "--json"])["read"], 0);
}

/// Bookmarks, tags, a note and read marks on two papers.
fn mark_up(folio: &Folio, other: &str) {
    folio.ok(&[
        "bookmark",
        "add",
        HOPFIELD_ID,
        "--tag",
        "ml",
        "--tag",
        "To Read",
        "--note",
        "great",
    ]);
    folio.ok(&["read", HOPFIELD_ID]);
    folio.ok(&["read", other]);
}

fn assert_marked_up(folio: &Folio, other: &str) {
    let hopfield = folio.show(HOPFIELD_ID);
    assert_eq!(hopfield["bookmarked"], true);
    assert_eq!(hopfield["tags"], serde_json::json!(["ml", "to-read"]));
    assert_eq!(hopfield["note"], "great");
    assert_eq!(hopfield["read"], true);
    let other = folio.show(other);
    assert_eq!(
        (other["read"].as_bool(), other["bookmarked"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(folio.search_ids("tag:to-read"), [HOPFIELD_ID]);
    assert_eq!(folio.search("is:read", &[]).len(), 2);
}

#[test]
fn the_library_survives_a_rebuilt_index_and_restarts() {
    let folio = Folio::new();
    let other = folio.id_of("Parallel Learning by Multitasking Neural Networks");
    mark_up(&folio, &other);
    // Every command is a new process: this already is a restart.
    assert_marked_up(&folio, &other);

    std::fs::remove_dir_all(folio.data_dir().join("index")).unwrap();
    let run = folio.run(&["reindex"]);
    assert!(run.success(), "{run:?}");
    assert!(run.stderr.contains("reindexed 73 papers"), "{run:?}");
    assert_eq!(folio.paper_count(), DEMO_PAPERS);
    assert_marked_up(&folio, &other);

    // Without an explicit reindex the next start rebuilds the index itself.
    std::fs::remove_dir_all(folio.data_dir().join("index")).unwrap();
    assert_marked_up(&folio, &other);
    assert_eq!(folio.paper_count(), DEMO_PAPERS);
}

#[test]
fn reindex_keeps_imported_papers() {
    let folio = Folio::new();
    let text = listing("2024-02-02", &[("Wombat Burrows", "Wombats dig burrows.")]);
    assert!(folio.import_file("w.txt", text).success());
    folio.ok(&["bookmark", "add", "wombat-burrows", "--note", "dig"]);
    std::fs::remove_dir_all(folio.data_dir().join("index")).unwrap();
    folio.ok(&["reindex"]);
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 1);
    assert_eq!(folio.show("wombat-burrows")["note"], "dig");
}

#[test]
fn concurrent_bookmarks_from_eight_processes_all_land() {
    let folio = Folio::new();
    let papers = as_array(folio.json(&["list", "--limit", "8", "--json"]));
    let ids = ids(&papers);
    assert_eq!(ids.len(), 8);
    let children: Vec<_> = ids
        .iter()
        .enumerate()
        .map(|(n, id)| {
            let tag = format!("t{n}");
            folio.spawn(&["bookmark", "add", id, "--tag", &tag])
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{output:?}");
    }
    let mut listed = bookmark_ids(&folio, &[]);
    listed.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(listed, expected);
    for (n, id) in ids.iter().enumerate() {
        assert_eq!(
            folio.search_ids(&format!("tag:t{n}")),
            std::slice::from_ref(id)
        );
    }
}

/// Asserts that no terminal control byte (ESC, BEL, 8-bit CSI/OSC) of `run`'s
/// output reached the terminal.
fn assert_terminal_safe(what: &str, run: &Run) {
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        assert!(
            !text.contains(['\u{1b}', '\u{07}', '\u{9b}', '\u{9d}']),
            "{what}: {stream} carries a control sequence: {text:?}"
        );
    }
}

#[test]
fn user_text_echoed_in_messages_cannot_drive_the_terminal() {
    let folio = Folio::new();
    let hostile = "\u{1b}]0;owned\u{07}\u{1b}[31mred";
    let cases: [&[&str]; 7] = [
        &["show", hostile],
        &["open", hostile],
        &["bookmark", "add", hostile],
        &["bookmark", "rm", hostile],
        &["read", hostile],
        &["bookmark", "list", "--tag", hostile],
        &["similar", hostile],
    ];
    for args in cases {
        let run = folio.run(args);
        assert_terminal_safe(&format!("{args:?}"), &run);
        // The visible part of the input is still named, so the user can tell
        // which argument was wrong.
        let shown = format!("{}{}", run.stdout, run.stderr);
        assert!(shown.contains("red"), "{args:?}: {run:?}");
    }

    folio.ok(&["bookmark", "add", HOPFIELD_ID]);
    let dir = folio.path(&format!("out{hostile}"));
    std::fs::create_dir(&dir).unwrap();
    let file = dir.join("list.md");
    let exported = folio.run(&[
        "export",
        "--bookmarks",
        "--format",
        "markdown",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(exported.success(), "{exported:?}");
    assert_terminal_safe("export to a hostile path", &exported);
    // A file where a directory should be: the export fails and names the path.
    let blocked = file.join("list.md");
    let failed = folio.run(&[
        "export",
        "--bookmarks",
        "--format",
        "markdown",
        "-o",
        blocked.to_str().unwrap(),
    ]);
    assert!(
        !failed.success() && failed.stderr.contains("red"),
        "{failed:?}"
    );
    assert_terminal_safe("export to a missing hostile path", &failed);
}
