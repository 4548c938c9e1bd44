//! Papers in and out of folio: `folio import` of listing files and standard
//! input (and its refusals of what is not a feed), `folio export` of
//! bookmarks or query results as BibTeX, Markdown and JSON, and of the whole
//! library (bookmarks, read marks, watches) as JSON.

use crate::common::*;

const ZEBRA: &str = "A Quantum Widget for Zebra Recognition";
const GIRAFFE: &str = "Second Paper About Giraffes";

fn two_papers() -> String {
    listing(
        "Jan 5",
        &[
            (
                ZEBRA,
                "We propose zebrawidget. Code: https://github.com/example/zebra.",
            ),
            (GIRAFFE, "Giraffes are tall animals studied here."),
        ],
    )
}

#[test]
fn import_adds_papers_once() {
    let folio = Folio::new();
    let run = folio.import_file("two.txt", two_papers());
    assert!(run.success(), "{run:?}");
    assert!(run.stderr.contains("(2 new, 0 updated)"), "{run:?}");
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 2);
    let zebra = folio.show(&folio.id_of(ZEBRA));
    assert_eq!(zebra["links"]["code"], "https://github.com/example/zebra");
    assert!(
        str_field(&zebra, "published").ends_with("-01-05"),
        "{zebra}"
    );
    assert_eq!(zebra["source"], "listing");

    let again = folio.import_file("two.txt", two_papers());
    assert!(again.success(), "{again:?}");
    assert!(
        again.stderr.contains("0 new, 0 updated, 2 unchanged"),
        "{again:?}"
    );
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 2);
    assert_eq!(folio.search_ids("zebrawidget").len(), 1);
}

#[test]
fn import_reads_standard_input() {
    let folio = Folio::new();
    let run = folio.run_with_stdin(&["import", "-"], two_papers().as_bytes());
    assert!(run.success(), "{run:?}");
    assert!(run.stderr.contains("from <stdin>"), "{run:?}");
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 2);
    assert_eq!(folio.search("giraffes", &[])[0]["title"], GIRAFFE);
}

#[test]
fn import_refuses_what_is_not_a_feed() {
    let folio = Folio::new();
    let cases: [(&str, &[u8], &str); 4] = [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"  \n\n  \n", "the file is empty"),
        (
            "data.bin",
            b"PK\x03\x04\x00\x00\x01binary",
            "this is a binary file",
        ),
        (
            "page.json",
            b"<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>",
            "this is an HTML page",
        ),
    ];
    for (name, bytes, message) in cases {
        let run = folio.import_file(name, bytes);
        assert!(!run.success() && run.code.is_some(), "{name}: {run:?}");
        assert!(run.stderr.contains(name), "{name}: {run:?}");
        assert!(run.stderr.contains(message), "{name}: {run:?}");
    }
    let missing = folio.fails(&["import", "/nonexistent/feed.txt"]);
    assert!(missing.stderr.contains("check the path"), "{missing:?}");
    assert_eq!(folio.paper_count(), DEMO_PAPERS);
}

#[test]
fn a_bad_listing_imports_nothing_and_names_the_line() {
    let folio = Folio::new();
    let mut text = two_papers();
    text.push_str("A Title Without Its Abstract\n");
    let run = folio.import_file("bad.txt", text);
    assert!(!run.success(), "{run:?}");
    assert!(run.stderr.contains("bad.txt:15: "), "{run:?}");
    assert!(run.stderr.contains("has no abstract"), "{run:?}");
    assert_eq!(folio.paper_count(), DEMO_PAPERS);
    assert!(folio.search("zebrawidget", &[]).is_empty());
}

#[test]
fn format_hf_imports_an_hf_answer_and_refuses_a_listing() {
    let folio = Folio::new();
    let hf =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hf-2024-old.json");
    let run = folio.run(&["import", "--format", "hf", hf.to_str().unwrap()]);
    assert!(run.success(), "{run:?}");
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 2);
    let paper = folio.show("2403.03206");
    assert_eq!(paper["upvotes"], 54);
    assert_eq!(paper["source"], "hf");
    let file = folio.path("two.txt");
    std::fs::write(&file, two_papers()).unwrap();
    let run = folio.fails(&["import", "--format", "hf", file.to_str().unwrap()]);
    assert!(run.stderr.contains("not valid JSON"), "{run:?}");
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 2);
}

/// Bookmarks the Hopfield paper (tagged, with a note) and a paper whose title
/// needs BibTeX escaping; returns the latter's id.
fn bookmark_two(folio: &Folio) -> String {
    let text = listing(
        "2024-05-06",
        &[("R&D at 50% of Cost_Model", "Budget notes on research.")],
    );
    assert!(folio.import_file("rd.txt", text).success());
    let rd = folio.id_of("R&D at 50% of Cost_Model");
    folio.ok(&[
        "bookmark",
        "add",
        HOPFIELD_ID,
        "--tag",
        "ml",
        "--note",
        "great",
    ]);
    folio.ok(&["bookmark", "add", &rd]);
    rd
}

#[test]
fn export_bookmarks_as_bibtex_and_markdown() {
    let folio = Folio::new();
    bookmark_two(&folio);
    let bib = folio.ok(&["export", "--bookmarks", "--format", "bibtex"]);
    assert_eq!(bib.matches("@misc{").count(), 2, "{bib}");
    assert!(
        bib.contains(r"title = {{R\&D at 50\% of Cost\_Model}}"),
        "{bib}"
    );
    assert!(
        bib.contains(&format!("title = {{{{{HOPFIELD_TITLE}}}}}")),
        "{bib}"
    );
    assert!(bib.contains("note = {great}"), "{bib}");

    let md = folio.ok(&["export", "--bookmarks", "--format", "markdown"]);
    let hopfield_link = folio.show(HOPFIELD_ID)["links"]["paper"].clone();
    assert!(
        md.contains(&format!(
            "## [{HOPFIELD_TITLE}]({})",
            hopfield_link.as_str().unwrap()
        )),
        "{md}"
    );
    assert!(md.contains("`ml`") && md.contains("> great"), "{md}");
    assert!(md.contains(&format!("[Code]({HOPFIELD_CODE})")), "{md}");
    assert!(md.contains(r"## [R&D at 50% of Cost\_Model]("), "{md}");
}

#[test]
fn export_json_to_stdout_and_to_a_file() {
    let folio = Folio::new();
    let rd = bookmark_two(&folio);
    let exported = as_array(folio.json(&["export", "--bookmarks", "--format", "json"]));
    let mut got = ids(&exported);
    got.sort();
    let mut expected = vec![HOPFIELD_ID.to_string(), rd];
    expected.sort();
    assert_eq!(got, expected);
    let hopfield = exported.iter().find(|p| p["id"] == HOPFIELD_ID).unwrap();
    assert_eq!(hopfield["note"], "great");
    assert!(str_field(hopfield, "abstract").contains("modern Hopfield network"));

    let file = folio.path("out.json");
    let run = folio.run(&[
        "export",
        "--bookmarks",
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(run.success(), "{run:?}");
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("exported 2 papers to"), "{run:?}");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(ids(&as_array(written)), ids(&exported));
}

#[test]
fn export_a_query() {
    let folio = Folio::new();
    let hits = as_array(folio.json(&["export", "--query", "hopfield", "--format", "json"]));
    assert_eq!(hits[0]["id"], HOPFIELD_ID);
    assert_eq!(ids(&hits), folio.search_ids("hopfield"));
    let none = as_array(folio.json(&[
        "export",
        "--query",
        "nosuchwordanywhere",
        "--format",
        "json",
    ]));
    assert!(none.is_empty());
    let bad = folio.fails(&["export", "--query", "title:", "--format", "json"]);
    assert!(bad.stderr.contains("column 1"), "{bad:?}");
}

#[test]
fn export_bookmarks_keeps_those_missing_from_the_index() {
    let folio = Folio::new();
    folio.ok(&["stats"]);
    std::fs::write(
        folio.data_dir().join("library.json"),
        r#"{"version":1,"papers":{"2501.99999":{"bookmarked":"2025-03-01T12:00:00Z","tags":["gone"],"note":"the lost one"}}}"#,
    )
    .unwrap();
    folio.ok(&["bookmark", "add", HOPFIELD_ID]);

    let exported = as_array(folio.json(&["export", "--bookmarks", "--format", "json"]));
    assert_eq!(exported.len(), 2, "{exported:?}");
    let lost = exported.iter().find(|p| p["id"] == "2501.99999").unwrap();
    assert_eq!(lost["missing"], true);
    assert_eq!(lost["tags"], serde_json::json!(["gone"]));
    assert_eq!(lost["note"], "the lost one");

    let bib = folio.ok(&["export", "--bookmarks", "--format", "bibtex"]);
    assert_eq!(bib.matches("@misc{").count(), 2, "{bib}");
    assert!(bib.contains("eprint = {2501.99999}"), "{bib}");
    assert!(bib.contains("note = {the lost one}"), "{bib}");
    assert!(bib.contains("not in the folio index"), "{bib}");

    let md = folio.ok(&["export", "--bookmarks", "--format", "markdown"]);
    assert!(md.contains("## 2501.99999 (not in the index)"), "{md}");
    assert!(
        md.contains("`gone`") && md.contains("> the lost one"),
        "{md}"
    );

    let file = folio.path("out.md");
    let run = folio.run(&[
        "export",
        "--bookmarks",
        "--format",
        "markdown",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(run.success(), "{run:?}");
    assert!(
        run.stderr.contains("exported 2 papers to")
            && run.stderr.contains("1 bookmarked but not in the index"),
        "{run:?}"
    );
}

/// The id of the bookmark whose paper is not in the index.
const LOST_ID: &str = "2501.99999";

/// A library with every kind of user state: two bookmarks (Hopfield tagged
/// and with a note), a read mark, a bookmark whose paper is not in the index
/// (read too) and two watches, one with a source, over the demo corpus and
/// the zebra and giraffe papers. Returns the other
/// bookmark's id.
fn full_library(folio: &Folio) -> String {
    folio.ok(&["stats"]);
    std::fs::write(
        folio.data_dir().join("library.json"),
        format!(
            r#"{{"version":1,"papers":{{"{LOST_ID}":{{"bookmarked":"2025-03-01T12:00:00Z","tags":["gone"],"note":"the lost one","read":"2025-03-02T08:00:00Z"}}}}}}"#
        ),
    )
    .unwrap();
    assert!(folio.import_file("two.txt", two_papers()).success());
    let rd = bookmark_two(folio);
    folio.ok(&["read", HOPFIELD_ID]);
    folio.ok(&[
        "watch",
        "add",
        "zebras",
        "--query",
        "zebra -giraffe",
        "--arxiv",
        "cat:cs.CV",
    ]);
    folio.ok(&["watch", "add", "hopfield", "--query", "hopfield"]);
    rd
}

fn export_library(folio: &Folio) -> serde_json::Value {
    folio.json(&["export", "--library", "--format", "json"])
}

#[test]
fn export_library_holds_bookmarks_read_marks_and_watches() {
    let folio = Folio::new();
    let rd = full_library(&folio);
    let library = export_library(&folio);

    assert_eq!(library["folio_library"], 1);
    let exported = str_field(&library, "exported");
    assert!(
        chrono::DateTime::parse_from_rfc3339(&exported).is_ok(),
        "{exported}"
    );
    assert_eq!(library["last_looked"], serde_json::Value::Null);

    let bookmarks = folio.json(&["export", "--bookmarks", "--format", "json"]);
    assert_eq!(library["bookmarks"], bookmarks);
    let marked = as_array(library["bookmarks"].clone());
    let mut got = ids(&marked);
    got.sort();
    let mut expected = vec![HOPFIELD_ID.to_string(), LOST_ID.to_string(), rd];
    expected.sort();
    assert_eq!(got, expected);
    let hopfield = marked.iter().find(|p| p["id"] == HOPFIELD_ID).unwrap();
    assert_eq!(hopfield["tags"], serde_json::json!(["ml"]));
    assert_eq!(hopfield["note"], "great");
    assert_eq!(hopfield["read"], true);
    let lost = marked.iter().find(|p| p["id"] == LOST_ID).unwrap();
    assert_eq!(lost["missing"], true);
    assert_eq!(lost["note"], "the lost one");

    let read = as_array(library["read"].clone());
    assert_eq!(
        ids(&read),
        vec![LOST_ID.to_string(), HOPFIELD_ID.to_string()]
    );
    assert_eq!(read[0]["read"], "2025-03-02T08:00:00+00:00");
    assert!(
        chrono::DateTime::parse_from_rfc3339(&str_field(&read[1], "read")).is_ok(),
        "{read:?}"
    );

    let watches = folio.json(&["watch", "list", "--json"]);
    assert_eq!(library["watches"], watches);
    let watches = as_array(watches);
    let names: Vec<String> = watches.iter().map(|w| str_field(w, "name")).collect();
    assert_eq!(names, ["hopfield", "zebras"]);
    assert_eq!(watches[0]["query"], "hopfield");
    // Two demo papers mention Hopfield; its own paper is read.
    assert_eq!(watches[0]["total"], 2);
    assert_eq!(watches[0]["unread"], 1);
    assert_eq!(watches[0]["new"], 2);
    assert_eq!(watches[0]["sources"], serde_json::json!([]));
    assert_eq!(watches[1]["query"], "zebra -giraffe");
    assert_eq!(watches[1]["total"], 1);
    assert_eq!(watches[1]["unread"], 1);
    assert_eq!(
        watches[1]["sources"],
        serde_json::json!(["arxiv `cat:cs.CV`"])
    );
}

#[test]
fn export_library_to_a_file_writes_what_it_prints() {
    let folio = Folio::new();
    full_library(&folio);
    let file = folio.path("library-backup.json");
    let run = folio.run(&[
        "export",
        "--library",
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(run.success(), "{run:?}");
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains("exported the library (3 bookmarks, 2 read, 2 watches) to"),
        "{run:?}"
    );
    let mut written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let mut printed = export_library(&folio);
    // Apart from when it was exported, the file is what stdout shows.
    written["exported"] = serde_json::Value::Null;
    printed["exported"] = serde_json::Value::Null;
    assert_eq!(written, printed);
}

#[test]
fn export_library_refuses_bibtex_markdown_and_a_second_selection() {
    let folio = Folio::new();
    full_library(&folio);
    for format in ["bibtex", "markdown"] {
        let file = folio.path(&format!("library.{format}"));
        let run = folio.fails(&[
            "export",
            "--format",
            format,
            "--library",
            "-o",
            file.to_str().unwrap(),
        ]);
        assert!(
            run.stderr
                .contains("the whole library exports as JSON only; use `--format json` (or `--bookmarks` for BibTeX/Markdown)"),
            "{run:?}"
        );
        assert!(!file.exists(), "{format}: a file was written");
    }
    for other in [&["--bookmarks"][..], &["--query", "hopfield"]] {
        let mut args = vec!["export", "--library", "--format", "json"];
        args.extend_from_slice(other);
        let run = folio.run(&args);
        assert_eq!(run.code, Some(2), "{args:?}: {run:?}");
        assert!(run.stderr.contains("cannot be used with"), "{run:?}");
        assert_eq!(run.stdout, "");
    }
    let neither = folio.run(&["export", "--format", "json"]);
    assert_eq!(neither.code, Some(2), "{neither:?}");
}

#[test]
fn export_library_cleans_hand_edited_text() {
    let folio = Folio::new();
    folio.ok(&["stats"]);
    std::fs::write(
        folio.data_dir().join("library.json"),
        r#"{"version":2,"papers":{"hopfield-networks-is-all-you-need":{"bookmarked":"2025-03-01T12:00:00Z","tags":["ml\u009b2J"],"note":"red \u001b[31malert\u001b[0m\u202e here","read":"2025-03-02T08:00:00Z"}},"watches":{"evil":{"query":"hopfield \u009b2J\u202e","added":"2025-03-01T12:00:00Z","sources":[{"arxiv":"cat:cs.LG\u001b]52;c;ZXZpbA==\u0007"}]}}}"#,
    )
    .unwrap();
    let text = folio.ok(&["export", "--library", "--format", "json"]);
    let controls: Vec<char> = text
        .chars()
        .filter(|c| (c.is_control() && *c != '\n') || ('\u{202a}'..='\u{202e}').contains(c))
        .collect();
    assert!(controls.is_empty(), "{controls:?} in {text}");
    assert!(
        !text.contains("\\u001b") && !text.contains("ZXZpbA"),
        "{text}"
    );
    let library: serde_json::Value = serde_json::from_str(&text).unwrap();
    let hopfield = &library["bookmarks"][0];
    assert_eq!(hopfield["note"], "red alert here");
    assert_eq!(hopfield["tags"], serde_json::json!(["ml"]));
    assert_eq!(library["watches"][0]["query"], "hopfield");
    assert_eq!(
        library["watches"][0]["sources"],
        serde_json::json!(["arxiv `cat:cs.LG`"])
    );
}

#[test]
fn reindex_keeps_what_the_library_export_shows() {
    let folio = Folio::new();
    full_library(&folio);
    folio.ok(&["seen"]);
    let mut before = export_library(&folio);
    assert!(before["last_looked"].is_string(), "{before}");
    folio.ok(&["reindex"]);
    let mut after = export_library(&folio);
    before["exported"] = serde_json::Value::Null;
    after["exported"] = serde_json::Value::Null;
    assert_eq!(before, after);
}
