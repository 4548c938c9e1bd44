//! The user's library through the binary: bookmarks with tags and notes,
//! read marks, their survival across an index rebuild, and concurrent
//! updates from several processes at once.

use crate::common::*;

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

fn library_file(folio: &Folio) -> std::path::PathBuf {
    folio.data_dir().join("library.json")
}

fn backup_file(folio: &Folio) -> std::path::PathBuf {
    folio.data_dir().join("library.json.bak")
}

/// A library whose only bookmark is a paper the index does not have.
const LIBRARY_WITH_A_LOST_PAPER: &str = r#"{
  "version": 1,
  "papers": {
    "2501.99999": {
      "bookmarked": "2025-03-01T12:00:00Z",
      "tags": ["gone"],
      "note": "the lost one",
      "read": "2025-03-02T12:00:00Z"
    }
  }
}
"#;

#[test]
fn bookmark_list_json_keeps_bookmarks_missing_from_the_index() {
    let folio = Folio::new();
    folio.ok(&["stats"]);
    std::fs::write(library_file(&folio), LIBRARY_WITH_A_LOST_PAPER).unwrap();
    folio.ok(&["bookmark", "add", HOPFIELD_ID]);

    let list = as_array(folio.json(&["bookmark", "list", "--json"]));
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list[0]["id"], HOPFIELD_ID);
    assert!(list[0].get("missing").is_none(), "{}", list[0]);
    assert_eq!(
        list[1],
        serde_json::json!({
            "id": "2501.99999",
            "missing": true,
            "bookmarked": true,
            "tags": ["gone"],
            "note": "the lost one",
            "read": true,
        })
    );
    let tagged = as_array(folio.json(&["bookmark", "list", "--tag", "gone", "--json"]));
    assert_eq!(tagged.len(), 1);
    assert_eq!(tagged[0]["missing"], true);

    let human = folio.ok(&["bookmark", "list"]);
    assert!(human.contains("★ 2501.99999"), "{human}");
}

#[test]
fn a_deleted_library_reads_and_writes_from_its_backup() {
    let folio = Folio::new();
    let other = folio.id_of("Parallel Learning by Multitasking Neural Networks");
    folio.ok(&["bookmark", "add", HOPFIELD_ID, "--tag", "ml"]);
    folio.ok(&["read", HOPFIELD_ID]);
    let backup = std::fs::read(backup_file(&folio)).unwrap();
    std::fs::remove_file(library_file(&folio)).unwrap();

    // Not "no bookmarks yet": the backup's bookmarks are shown.
    assert_eq!(bookmark_ids(&folio, &[]), [HOPFIELD_ID]);
    assert_eq!(folio.show(HOPFIELD_ID)["tags"], serde_json::json!(["ml"]));

    // Two writes later nothing is lost, and the good backup is still there.
    folio.ok(&["bookmark", "add", &other]);
    folio.ok(&["read", &other]);
    let mut listed = bookmark_ids(&folio, &[]);
    listed.sort();
    let mut expected = vec![HOPFIELD_ID.to_string(), other.clone()];
    expected.sort();
    assert_eq!(listed, expected);
    let chain: Vec<Vec<u8>> = ["library.json.bak", "library.json.bak.1"]
        .iter()
        .map(|name| std::fs::read(folio.data_dir().join(name)).unwrap_or_default())
        .collect();
    assert!(chain.contains(&backup), "the good backup was overwritten");
}

#[test]
fn files_that_are_not_a_library_are_refused_by_reads_and_writes() {
    let cases = [
        "[]",
        "{}",
        "{\"papers\": {}}",
        "{\"version\": 1, \"bookmarks\": []}",
        "not json at all",
    ];
    for text in cases {
        let folio = Folio::new();
        folio.ok(&["bookmark", "add", HOPFIELD_ID]);
        folio.ok(&["read", HOPFIELD_ID]);
        let backup = std::fs::read(backup_file(&folio)).unwrap();
        std::fs::write(library_file(&folio), text).unwrap();

        let write = folio.fails(&["bookmark", "add", HOPFIELD_ID, "--tag", "x"]);
        let file = library_file(&folio).display().to_string();
        let bak = backup_file(&folio).display().to_string();
        assert!(write.stderr.contains(&file), "{text}: {write:?}");
        assert!(write.stderr.contains(&bak), "{text}: {write:?}");
        let read = folio.fails(&["bookmark", "list"]);
        assert!(
            read.stderr.contains("could not read the library"),
            "{text}: {read:?}"
        );
        folio.fails(&["read", HOPFIELD_ID]);
        assert_eq!(std::fs::read_to_string(library_file(&folio)).unwrap(), text);
        assert_eq!(std::fs::read(backup_file(&folio)).unwrap(), backup);
    }
}

#[test]
fn legacy_empty_library_with_a_full_backup_explains_both_files() {
    let folio = Folio::new();
    folio.ok(&["bookmark", "add", HOPFIELD_ID]);
    folio.ok(&["read", HOPFIELD_ID]);
    std::fs::write(library_file(&folio), "{\"version\":1}").unwrap();

    let run = folio.fails(&["bookmark", "list"]);
    assert!(run.stderr.contains("old format"), "{run:?}");
    assert!(
        run.stderr
            .contains(&backup_file(&folio).display().to_string()),
        "{run:?}"
    );
    folio.fails(&["bookmark", "rm", HOPFIELD_ID]);
    assert_eq!(
        std::fs::read_to_string(library_file(&folio)).unwrap(),
        "{\"version\":1}"
    );

    // Without a backup holding entries it is simply an empty library.
    let fresh = Folio::new();
    fresh.ok(&["stats"]);
    std::fs::write(library_file(&fresh), "{\"version\":1}").unwrap();
    assert!(
        fresh
            .ok(&["bookmark", "list"])
            .starts_with("no bookmarks yet")
    );
    fresh.ok(&["bookmark", "add", HOPFIELD_ID]);
    assert_eq!(bookmark_ids(&fresh, &[]), [HOPFIELD_ID]);
}

#[test]
fn backups_rotate_through_the_binary() {
    let folio = Folio::new();
    let ids = ids(&as_array(folio.json(&["list", "--limit", "7", "--json"])));
    for id in &ids {
        folio.ok(&["bookmark", "add", id]);
    }
    for (n, name) in ["library.json.bak", "library.json.bak.4"]
        .iter()
        .enumerate()
    {
        let text = std::fs::read_to_string(folio.data_dir().join(name)).unwrap();
        let backup: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            backup["papers"].as_object().unwrap().len(),
            6 - 4 * n,
            "{name}"
        );
    }
    assert!(!folio.data_dir().join("library.json.bak.5").exists());
}

#[test]
fn writers_killed_mid_save_leave_a_loadable_library_and_good_backups() {
    let folio = Folio::new();
    let ids = ids(&as_array(folio.json(&["list", "--limit", "12", "--json"])));
    folio.ok(&["bookmark", "add", &ids[0], "--note", "kept"]);
    for round in 0..3 {
        let mut children: Vec<_> = ids
            .iter()
            .map(|id| folio.spawn(&["bookmark", "add", id, "--tag", &format!("r{round}")]))
            .collect();
        // Kill every other writer wherever it happens to be: starting,
        // holding the lock, rotating backups or renaming the new file.
        for child in children.iter_mut().step_by(2) {
            let _ = child.kill();
        }
        for child in children {
            let _ = child.wait_with_output().unwrap();
        }
        let list = as_array(folio.json(&["bookmark", "list", "--json"]));
        assert!(
            list.iter()
                .any(|p| p["id"] == ids[0].as_str() && p["note"] == "kept"),
            "round {round}: {list:?}"
        );
    }
    for entry in std::fs::read_dir(folio.data_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("library.json") {
            let text = std::fs::read_to_string(folio.data_dir().join(&name)).unwrap();
            let value: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{name} is not JSON ({e}): {text}"));
            assert!(value["version"].is_u64(), "{name}: {text}");
            assert!(value["papers"].is_object(), "{name}: {text}");
        }
    }
}

/// Ids of every paper `query` matches, from `search --json`.
fn matching(folio: &Folio, query: &str) -> Vec<String> {
    let mut found = ids(&as_array(
        folio.json(&["search", query, "--limit", "1000", "--json"]),
    ));
    found.sort();
    found
}

#[test]
fn read_unread_and_bookmark_by_query_change_exactly_the_matches_in_one_write() {
    let folio = Folio::new();
    let brain = matching(&folio, "brain");
    let decoding = matching(&folio, "brain decoding");
    assert!(decoding.len() > 1 && decoding.len() < brain.len());
    // Something in the library first, so the write can be told apart.
    folio.ok(&["bookmark", "add", HOPFIELD_ID]);
    let before = std::fs::read(library_file(&folio)).unwrap();

    let dry = folio.ok(&["read", "--query", "brain decoding", "--dry-run"]);
    assert!(
        dry.contains(&format!("{} of the {}", decoding.len(), decoding.len())),
        "{dry}"
    );
    assert!(dry.contains("nothing was changed"), "{dry}");
    assert_eq!(std::fs::read(library_file(&folio)).unwrap(), before);
    assert!(matching(&folio, "is:read").is_empty());

    folio.ok(&["read", "--query", "brain decoding"]);
    assert_eq!(matching(&folio, "is:read"), decoding);
    // One write: the newest backup is the library as it was just before.
    assert_eq!(std::fs::read(backup_file(&folio)).unwrap(), before);

    let again = folio.ok(&["read", "--query", "brain"]);
    let fresh = brain.len() - decoding.len();
    assert!(
        again.starts_with(&format!("{fresh} of the {} papers", brain.len()))
            && again.contains(&format!("({} already were)", decoding.len())),
        "{again}"
    );
    assert_eq!(matching(&folio, "is:read"), brain);
    folio.ok(&["unread", "--query", "brain decoding"]);
    let still_read: Vec<String> = brain
        .iter()
        .filter(|id| !decoding.contains(id))
        .cloned()
        .collect();
    assert_eq!(matching(&folio, "is:read"), still_read);

    folio.ok(&[
        "bookmark",
        "add",
        "--query",
        "brain decoding",
        "--tag",
        "neuro",
    ]);
    assert_eq!(matching(&folio, "tag:neuro"), decoding);
    let mut bookmarked = decoding.clone();
    bookmarked.push(HOPFIELD_ID.to_string());
    bookmarked.sort();
    assert_eq!(matching(&folio, "is:bookmarked"), bookmarked);

    // All of it survives a rebuilt index.
    folio.ok(&["reindex"]);
    assert_eq!(matching(&folio, "tag:neuro"), decoding);
    assert_eq!(matching(&folio, "is:read"), still_read);

    let none = folio.fails(&["read", "--query", "zzzqqqxx"]);
    assert!(none.stderr.contains("nothing was changed"), "{none:?}");
    let misuse = folio.fails(&["read", HOPFIELD_ID, "--dry-run"]);
    assert!(
        misuse.stderr.contains("--dry-run goes with --query"),
        "{misuse:?}"
    );
}

#[test]
fn watches_follow_a_query_count_its_papers_and_survive_a_rebuild() {
    let folio = Folio::new();
    let added = folio.ok(&["watch", "add", "Brain", "--query", "brain decoding -survey"]);
    assert!(added.starts_with("added watch `brain`"), "{added}");
    folio.ok(&["watch", "add", "memory", "--query", "hopfield OR memory"]);
    let brain = matching(&folio, "brain decoding -survey");
    assert_eq!(matching(&folio, "watch:brain"), brain);
    // watch: combines with anything else.
    let with_code = matching(&folio, "brain decoding -survey has:code");
    assert_eq!(matching(&folio, "watch:brain has:code"), with_code);

    folio.ok(&["read", "--query", "watch:brain"]);
    folio.ok(&["read", HOPFIELD_ID]);
    let list = as_array(folio.json(&["watch", "list", "--json"]));
    let row = |name: &str| {
        list.iter()
            .find(|w| w["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {list:?}"))
            .clone()
    };
    assert_eq!(row("brain")["total"], brain.len());
    assert_eq!(row("brain")["unread"], 0);
    assert_eq!(row("brain")["query"], "brain decoding -survey");
    let memory = matching(&folio, "watch:memory");
    assert_eq!(row("memory")["total"], memory.len());
    assert_eq!(
        row("memory")["unread"],
        matching(&folio, "watch:memory is:unread").len()
    );
    assert!(memory.contains(&HOPFIELD_ID.to_string()));
    assert!(!matching(&folio, "watch:memory is:unread").contains(&HOPFIELD_ID.to_string()));

    let shown =
        ids(&as_array(folio.json(&[
            "watch", "show", "brain", "--json", "--limit", "100",
        ])));
    let mut shown_sorted = shown.clone();
    shown_sorted.sort();
    assert_eq!(shown_sorted, brain);

    // Watches are user state: a rebuilt index keeps them.
    folio.ok(&["reindex"]);
    assert_eq!(as_array(folio.json(&["watch", "list", "--json"])).len(), 2);
    assert_eq!(matching(&folio, "watch:brain"), brain);

    for (args, says) in [
        (
            vec!["watch", "add", "brain", "--query", "x"],
            "already exists",
        ),
        (
            vec!["watch", "add", "two words", "--query", "x"],
            "is not a watch name",
        ),
        (
            vec!["watch", "add", "open", "--query", "brain (decoding"],
            "missing `)`",
        ),
        (
            vec!["watch", "add", "nest", "--query", "watch:brain x"],
            "do not nest",
        ),
        (vec!["watch", "rm", "nope"], "no watch named `nope`"),
        (vec!["watch", "show", "nope"], "no watch named `nope`"),
        (vec!["search", "watch:nope"], "no watch named `nope`"),
    ] {
        let run = folio.fails(&args);
        assert!(run.stderr.contains(says), "{args:?}: {run:?}");
    }
    assert_eq!(as_array(folio.json(&["watch", "list", "--json"])).len(), 2);
    let removed = folio.ok(&["watch", "rm", "MEMORY"]);
    assert!(removed.contains("no paper was changed"), "{removed}");
    assert_eq!(as_array(folio.json(&["watch", "list", "--json"])).len(), 1);
    assert!(
        folio
            .search_ids("is:read")
            .contains(&HOPFIELD_ID.to_string())
    );
}

#[test]
fn is_new_is_what_arrived_since_the_last_look() {
    let folio = Folio::new();
    // Nothing was looked at yet: every paper is new.
    assert_eq!(matching(&folio, "is:new").len() as u64, DEMO_PAPERS);
    folio.ok(&[
        "watch",
        "add",
        "zebra",
        "--query",
        "zebrawidget OR hopfield",
    ]);
    let said = folio.ok(&["seen"]);
    assert!(
        said.starts_with(&format!("marked {DEMO_PAPERS} new papers seen")),
        "{said}"
    );
    assert!(matching(&folio, "is:new").is_empty());
    assert_eq!(folio.show(HOPFIELD_ID)["new"], false);

    let run = folio.import_file(
        "two.txt",
        listing(
            "Mar 15",
            &[
                ("Zebrawidget Networks", "A zebrawidget study."),
                ("Quokka Priors", "Quokkas hop."),
            ],
        ),
    );
    assert!(run.success(), "{run:?}");
    let arrived = matching(&folio, "is:new");
    assert_eq!(arrived.len(), 2, "{arrived:?}");
    let zebra = folio.id_of("Zebrawidget Networks");
    assert_eq!(folio.show(&zebra)["new"], true);
    let hits = as_array(folio.json(&["search", "zebrawidget", "--json"]));
    assert_eq!(hits[0]["new"], true);
    let human = folio.ok(&["search", "zebrawidget"]);
    assert!(human.contains(&format!("{zebra} · new")), "{human}");
    // A rebuilt index keeps when each paper was first seen.
    folio.ok(&["reindex"]);
    assert_eq!(matching(&folio, "is:new"), arrived);

    // Re-importing what folio has does not make it new again.
    folio.ok(&["seen"]);
    folio.import_file(
        "again.txt",
        listing(
            "Mar 15",
            &[("Zebrawidget Networks", "A zebrawidget study.")],
        ),
    );
    assert!(matching(&folio, "is:new").is_empty());

    let list = as_array(folio.json(&["watch", "list", "--json"]));
    assert_eq!(list[0]["new"], 0);
    assert_eq!(list[0]["total"], matching(&folio, "watch:zebra").len());
}

#[test]
fn digest_lists_each_watchs_new_papers() {
    let folio = Folio::new();
    folio.ok(&["watch", "add", "zebra", "--query", "zebrawidget"]);
    folio.ok(&["watch", "add", "quokka", "--query", "quokka"]);
    folio.ok(&["seen"]);
    let run = folio.import_file(
        "new.txt",
        listing(
            "Mar 15",
            &[
                (
                    "Zebrawidget Networks",
                    "We study zebrawidgets at scale. Code: https://github.com/z/zw.",
                ),
                ("Unrelated Lemurs", "Lemurs only."),
            ],
        ),
    );
    assert!(run.success(), "{run:?}");

    let digest = folio.json(&["digest", "--format", "json"]);
    let sections = as_array(digest["sections"].clone());
    assert_eq!(sections.len(), 2);
    let section = |name: &str| {
        sections
            .iter()
            .find(|s| s["watch"] == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    let zebra = as_array(section("zebra")["papers"].clone());
    assert_eq!(zebra.len(), 1, "exactly the new paper of the watch");
    assert_eq!(zebra[0]["title"], "Zebrawidget Networks");
    assert_eq!(zebra[0]["summary"], "We study zebrawidgets at scale.");
    assert_eq!(zebra[0]["code"], "https://github.com/z/zw");
    assert!(as_array(section("quokka")["papers"].clone()).is_empty());
    assert!(digest["since"].is_string());

    let markdown = folio.ok(&["digest", "--format", "markdown", "--watch", "zebra"]);
    assert!(markdown.contains("## zebra (1 new)"), "{markdown}");
    assert!(
        markdown.contains("[code](https://github.com/z/zw)"),
        "{markdown}"
    );
    assert!(
        !markdown.contains("quokka"),
        "only the asked watch: {markdown}"
    );
    let text = folio.ok(&["digest"]);
    assert!(
        text.contains("Zebrawidget Networks") && text.contains("quokka (0 new)"),
        "{text}"
    );
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );

    let file = folio.path("digest.md");
    let to_file = folio.run(&[
        "digest",
        "--format",
        "markdown",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(
        to_file.success() && to_file.stdout.is_empty(),
        "{to_file:?}"
    );
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("## zebra (1 new)")
    );

    // --since counts by the day of first import, whatever was looked at.
    let today = chrono::Utc::now().date_naive().to_string();
    let all_today = folio.json(&["digest", "--format", "json", "--since", &today]);
    let zebra_today = as_array(all_today["sections"].clone())
        .into_iter()
        .find(|s| s["watch"] == "zebra")
        .unwrap();
    assert_eq!(as_array(zebra_today["papers"].clone()).len(), 1);

    let unknown = folio.fails(&["digest", "--watch", "nope"]);
    assert!(
        unknown.stderr.contains("no watch named `nope`"),
        "{unknown:?}"
    );
    let bad_day = folio.fails(&["digest", "--since", "monday"]);
    assert!(bad_day.stderr.contains("is not a day"), "{bad_day:?}");
}

#[test]
fn dismiss_hides_a_paper_from_unread_until_undismissed() {
    let folio = Folio::new();
    assert_eq!(folio.search_ids("is:unread").len(), DEMO_PAPERS as usize);
    assert_eq!(
        folio.ok(&["dismiss", HOPFIELD_ID]),
        format!("dismissed {HOPFIELD_ID}  {HOPFIELD_TITLE}\n")
    );
    let shown = folio.show(HOPFIELD_ID);
    assert_eq!(
        (shown["dismissed"].as_bool(), shown["read"].as_bool()),
        (Some(true), Some(false))
    );
    assert!(folio.ok(&["show", HOPFIELD_ID]).contains("✗ dismissed"));
    let unread = folio.search_ids("is:unread");
    assert_eq!(unread.len(), DEMO_PAPERS as usize - 1);
    assert!(!unread.contains(&HOPFIELD_ID.to_string()));
    assert_eq!(folio.search_ids("is:dismissed"), [HOPFIELD_ID]);
    assert_eq!(folio.search_ids("hopfield is:dismissed"), [HOPFIELD_ID]);
    // Search rows say so too.
    let hit = folio.search("hopfield", &[]);
    let hopfield = hit.iter().find(|h| h["id"] == HOPFIELD_ID).unwrap();
    assert_eq!(hopfield["dismissed"], true);
    let library: serde_json::Value =
        serde_json::from_slice(&std::fs::read(library_file(&folio)).unwrap()).unwrap();
    assert_eq!(library["version"], 3, "a dismissal needs format 3");

    // Again (twice over): nothing changes, and it says so once.
    assert_eq!(
        folio.ok(&["dismiss", HOPFIELD_ID, HOPFIELD_ID]),
        format!("already dismissed {HOPFIELD_ID}  {HOPFIELD_TITLE}\n")
    );
    assert_eq!(
        folio.ok(&["undismiss", HOPFIELD_ID]),
        format!("undismissed {HOPFIELD_ID}  {HOPFIELD_TITLE}\n")
    );
    assert_eq!(folio.show(HOPFIELD_ID)["dismissed"], false);
    assert!(folio.search_ids("is:dismissed").is_empty());
    assert_eq!(folio.search_ids("is:unread").len(), DEMO_PAPERS as usize);
    assert_eq!(
        folio.ok(&["undismiss", HOPFIELD_ID]),
        format!("not dismissed {HOPFIELD_ID}  {HOPFIELD_TITLE}\n")
    );
    let library: serde_json::Value =
        serde_json::from_slice(&std::fs::read(library_file(&folio)).unwrap()).unwrap();
    assert_eq!(
        library["version"], 1,
        "back to the format older folio writes"
    );
}

#[test]
fn dismiss_takes_several_ids_and_reports_the_ones_it_cannot_change() {
    let folio = Folio::new();
    let other = folio.id_of("Parallel Learning by Multitasking Neural Networks");
    let kept = folio.id_of("PatternNet: Visual Pattern Mining with Deep Neural Network");
    folio.ok(&["bookmark", "add", &kept, "--tag", "ml"]);
    let run = folio.run(&["dismiss", HOPFIELD_ID, &kept, "2501.99999v2", &other]);
    assert_eq!(run.code, Some(1), "{run:?}");
    // The others were dismissed, one line each.
    assert!(
        run.stdout
            .starts_with(&format!("dismissed {HOPFIELD_ID}  {HOPFIELD_TITLE}\n")),
        "{run:?}"
    );
    assert!(
        run.stdout.contains(&format!("dismissed {other}  Parallel")),
        "{run:?}"
    );
    assert_eq!(run.stdout.lines().count(), 2, "{run:?}");
    let mut dismissed = folio.search_ids("is:dismissed");
    dismissed.sort();
    let mut expected = vec![HOPFIELD_ID.to_string(), other.clone()];
    expected.sort();
    assert_eq!(dismissed, expected);
    // The bookmarked one was refused with how to proceed, the unknown one named.
    assert!(
        run.stderr
            .starts_with("folio: error: 2 of the ids were not changed:"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains(&format!(
            "`{kept}` is bookmarked, and a bookmarked paper cannot be dismissed; remove the bookmark first with `folio bookmark rm {kept}`"
        )),
        "{run:?}"
    );
    assert!(
        run.stderr.contains(
            "no paper with id `2501.99999v2`; folio keeps arXiv papers without their version"
        ),
        "{run:?}"
    );
    let shown = folio.show(&kept);
    assert_eq!(
        (shown["bookmarked"].as_bool(), shown["dismissed"].as_bool()),
        (Some(true), Some(false))
    );

    // Alone, the refusal is the whole error; nothing was printed.
    let run = folio.fails(&["dismiss", &kept]);
    assert!(run.stderr.contains("folio bookmark rm"), "{run:?}");
    let run = folio.fails(&["undismiss", "no-such-paper"]);
    assert!(
        run.stderr.contains("no paper with id `no-such-paper`"),
        "{run:?}"
    );
    assert!(run.stderr.contains("folio search"), "{run:?}");

    // Bookmarking a dismissed paper is changing one's mind.
    folio.ok(&["bookmark", "add", HOPFIELD_ID]);
    let shown = folio.show(HOPFIELD_ID);
    assert_eq!(
        (shown["bookmarked"].as_bool(), shown["dismissed"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(folio.search_ids("is:dismissed"), [other]);
}

#[test]
fn dismissals_survive_a_rebuilt_index_and_restarts_and_are_exported() {
    let folio = Folio::new();
    folio.ok(&["dismiss", HOPFIELD_ID]);
    // Every command is a new process: this already is a restart.
    assert_eq!(folio.search_ids("is:dismissed"), [HOPFIELD_ID]);

    std::fs::remove_dir_all(folio.data_dir().join("index")).unwrap();
    let run = folio.run(&["reindex"]);
    assert!(run.success(), "{run:?}");
    assert_eq!(folio.paper_count(), DEMO_PAPERS);
    assert_eq!(folio.search_ids("is:dismissed"), [HOPFIELD_ID]);
    assert!(
        !folio
            .search_ids("is:unread")
            .contains(&HOPFIELD_ID.to_string())
    );
    assert_eq!(folio.show(HOPFIELD_ID)["dismissed"], true);

    let library = folio.json(&["export", "--library", "--format", "json"]);
    let dismissed = as_array(library["dismissed"].clone());
    assert_eq!(ids(&dismissed), [HOPFIELD_ID]);
    let when = str_field(&dismissed[0], "dismissed");
    assert!(
        chrono::DateTime::parse_from_rfc3339(&when).is_ok(),
        "{when}"
    );
}
