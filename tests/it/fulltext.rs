//! Full texts end to end through the binary: `folio fetch` from a local
//! server (the real arXiv page of 2501.11120 when `../shared` is there, and
//! hand-made answers for every failure), `folio text`, searching the body,
//! `has:fulltext`, and PDFs kept and opened from the data dir.

use crate::common::*;
use crate::http_server::{Reply, ScriptedServer};

const ID: &str = "2501.11120";
const TITLE: &str = "Tell me about yourself: LLMs are aware of their learned behaviors";
/// In the paper's body, not in its title or abstract, nor in the demo corpus.
const BODY_ONLY_WORD: &str = "myopic";

/// A data dir with the demo corpus and paper 2501.11120 (abstract only).
fn folio_with_the_paper() -> Folio {
    let folio = Folio::new();
    let line = format!(
        r#"{{"id":"{ID}","title":"{TITLE}","abstract":"We study behavioral self-awareness: an LLM's ability to articulate its behaviors without in-context examples.","authors":"Jan Betley, Xuchan Bao, Owain Evans","categories":"cs.CL cs.AI","versions":[{{"version":"v1","created":"Sun, 19 Jan 2025 19:00:00 GMT"}}],"update_date":"2025-01-22"}}"#
    );
    let run = folio.import_file("paper.jsonl", format!("{line}\n"));
    assert!(run.success(), "{run:?}");
    folio
}

/// The real page, when the shared fixtures are there.
fn shared_page() -> Option<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/arxiv-html-2501.11120v1.html");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            eprintln!("{} is absent: skipping this test", path.display());
            None
        }
    }
}

fn fetch(folio: &Folio, server: &ScriptedServer, extra: &[&str]) -> Run {
    let url = server.url();
    let mut args = vec!["fetch", ID, "--base-url", url.as_str(), "--timeout", "5"];
    args.extend_from_slice(extra);
    folio.run(&args)
}

/// Every `Math` inline of a document model, depth first.
fn formulas(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("type").and_then(|t| t.as_str()) == Some("math")
                && let Some(text) = map.get("text").and_then(|t| t.as_str())
            {
                out.push(text.to_string());
            }
            map.values().for_each(|v| formulas(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| formulas(v, out)),
        _ => {}
    }
}

#[test]
fn the_shared_page_is_fetched_converted_and_searched() {
    let Some(page) = shared_page() else {
        return;
    };
    let folio = folio_with_the_paper();
    assert!(folio.search_ids(BODY_ONLY_WORD).is_empty());
    let server = ScriptedServer::start(vec![Reply::ok(page)]);
    let run = fetch(&folio, &server, &[]);
    assert!(run.success(), "{run:?}");
    assert!(run.stdout.contains("fetched 2501.11120"), "{run:?}");
    assert_eq!(server.targets(), [format!("/html/{ID}")]);

    let doc = folio.json(&["text", ID, "--json"]);
    let all_sections = as_array(doc["sections"].clone());
    let (appendices, sections): (Vec<_>, Vec<_>) = all_sections
        .iter()
        .partition(|s| s["appendix"].as_bool() == Some(true));
    let titles: Vec<String> = sections
        .iter()
        .map(|s| match s["number"].as_str() {
            Some(n) => format!("{n} {}", s["title"].as_str().unwrap()),
            None => s["title"].as_str().unwrap().to_string(),
        })
        .collect();
    assert_eq!(
        titles,
        [
            "1 Introduction",
            "2 Out-of-context reasoning",
            "3 Awareness of behaviors",
            "4 Awareness of backdoors",
            "5 Multi-Persona experiments",
            "6 Related work",
            "7 Discussion",
            "8 Conclusion",
            "Acknowledgments",
        ]
    );
    let appendix_numbers: Vec<&str> = appendices
        .iter()
        .filter_map(|s| s["number"].as_str())
        .collect();
    assert_eq!(appendix_numbers, ["A", "B", "C"]);
    fn count_level(sections: &[serde_json::Value], level: u64) -> usize {
        sections
            .iter()
            .map(|s| {
                usize::from(s["level"] == level)
                    + count_level(&as_array(s["children"].clone()), level)
            })
            .sum()
    }
    assert_eq!(count_level(&all_sections, 2), 17, "subsections");
    assert_eq!(as_array(doc["bibliography"].clone()).len(), 48);
    // Formulas in running text are Math runs (those in table cells and
    // references are text there); none is MathML, none holds a `<`.
    let mut math = Vec::new();
    formulas(&doc, &mut math);
    assert!(math.len() >= 120, "{} formulas", math.len());
    assert!(math.iter().all(|m| !m.contains('<')), "MathML leaked");
    let json = doc.to_string();
    for tag in ["<math", "<mi", "<mrow", "<span", "<div"] {
        assert!(!json.contains(tag), "{tag} in the document");
    }
    assert!(math.iter().any(|m| m.contains("φ_E")), "{math:?}");

    // A word only in the body finds the paper, with the section it is in.
    let hits = folio.search(BODY_ONLY_WORD, &[]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["id"], ID);
    let snippet = hits[0]["snippet"].as_str().unwrap_or_default();
    assert!(snippet.starts_with('§'), "no section in {snippet:?}");
    assert!(snippet.to_lowercase().contains(BODY_ONLY_WORD), "{snippet}");
    // `body:` looks only at full texts; `has:fulltext` counts fetched papers.
    assert_eq!(folio.search_ids(&format!("body:{BODY_ONLY_WORD}")), [ID]);
    assert!(folio.search_ids("body:hopfield").is_empty());
    assert_eq!(folio.search_ids("has:fulltext"), [ID]);

    // The text survives a rebuild of the index.
    folio.ok(&["reindex"]);
    assert_eq!(folio.search_ids("has:fulltext"), [ID]);
    assert_eq!(folio.search_ids(BODY_ONLY_WORD), [ID]);

    // Plain text when piped, wrapped to the width asked for.
    let text = folio.ok(&["text", ID, "--width", "70"]);
    assert!(text.contains("Tell me about yourself"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 70));
    assert!(!text.contains('\u{1b}'), "no escape sequences when piped");
}

#[test]
fn failures_say_why_and_keep_nothing() {
    let folio = folio_with_the_paper();
    let cases: Vec<(Reply, &str)> = vec![
        (Reply::new(404, "Not Found"), "has no HTML version"),
        (
            Reply::new(500, "oops").header("Retry-After", "0"),
            "HTTP 500",
        ),
        (
            Reply::ok(
                "<!DOCTYPE html><html><body><h1>Error</h1><p>Something went wrong</p></body></html>",
            ),
            "not a paper page",
        ),
        (Reply::ok(""), "not a paper page"),
        (Reply::ok("%PDF-1.7 binary"), "not a paper page"),
    ];
    for (reply, message) in cases {
        // 5xx answers are retried (4 tries): the server answers the same
        // every time.
        let server =
            ScriptedServer::start(vec![reply.clone(), reply.clone(), reply.clone(), reply]);
        let run = fetch(&folio, &server, &[]);
        assert!(!run.success(), "{run:?}");
        assert!(
            run.stderr.contains(message),
            "expected {message:?}: {run:?}"
        );
        assert!(folio.search_ids("has:fulltext").is_empty());
        let missing = folio.fails(&["text", ID]);
        assert!(missing.stderr.contains("folio fetch"), "{missing:?}");
    }
}

#[test]
fn a_truncated_page_is_refused_and_an_earlier_text_kept() {
    let Some(page) = shared_page() else {
        return;
    };
    let folio = folio_with_the_paper();
    let server = ScriptedServer::start(vec![Reply::ok(page.clone())]);
    assert!(fetch(&folio, &server, &[]).success());
    let before = folio.ok(&["text", ID, "--json"]);
    let cut = page[..page.len() / 2].to_string();
    let server = ScriptedServer::start(vec![Reply::ok(cut)]);
    let run = fetch(&folio, &server, &[]);
    assert!(!run.success(), "{run:?}");
    assert!(run.stderr.contains("cut short"), "{run:?}");
    assert_eq!(folio.ok(&["text", ID, "--json"]), before);
}

#[test]
fn a_paper_without_an_arxiv_id_says_so() {
    let folio = Folio::new();
    let demo = folio.search("", &["--limit", "1"]);
    let id = demo[0]["id"].as_str().unwrap().to_string();
    let run = folio.fails(&["fetch", &id, "--base-url", "http://127.0.0.1:9"]);
    assert!(run.stderr.contains("has no arXiv id"), "{run:?}");
}

#[test]
fn a_pdf_is_kept_in_the_data_dir_and_opened_from_there() {
    let mut folio = folio_with_the_paper();
    let opened = folio.fake_xdg_open();
    let server = ScriptedServer::start(vec![Reply::ok("this is not a PDF")]);
    let run = fetch(&folio, &server, &["--pdf"]);
    assert!(run.stderr.contains("did not return a PDF"), "{run:?}");
    assert!(folio.search_ids("has:pdf").is_empty());

    let pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
    let server = ScriptedServer::start(vec![Reply::ok(pdf.clone())]);
    let run = fetch(&folio, &server, &["--pdf"]);
    assert!(run.success(), "{run:?}");
    assert_eq!(server.targets(), [format!("/pdf/{ID}")]);
    let kept = folio.data_dir().join("fulltext").join(ID).join("paper.pdf");
    assert_eq!(std::fs::read(&kept).expect("the PDF is kept"), pdf);
    assert_eq!(folio.search_ids("has:pdf"), [ID]);
    let shown = folio.ok(&["show", ID]);
    assert!(
        shown.contains("PDF kept: `folio open 2501.11120 --target local`"),
        "{shown}"
    );

    folio.ok(&["open", ID, "--target", "local"]);
    let log = wait_for_file(&opened, |t| !t.trim().is_empty());
    assert_eq!(
        log.trim(),
        kept.canonicalize().unwrap().to_string_lossy(),
        "the fake browser got exactly the kept file"
    );
}

#[test]
fn a_text_kept_by_a_killed_fetch_is_indexed_by_the_next_start() {
    use folio::fulltext::document::{Block, DOCUMENT_FORMAT, Document, Inline, Section};
    let folio = folio_with_the_paper();
    // What a fetch killed between keeping the files and indexing them leaves.
    let dir = folio.data_dir().join("fulltext");
    let paper = dir.join(ID);
    std::fs::create_dir_all(&paper).unwrap();
    std::fs::write(paper.join("page.html"), "<html></html>").unwrap();
    let document = Document {
        format: DOCUMENT_FORMAT,
        title: TITLE.into(),
        sections: vec![Section {
            level: 1,
            number: Some("4".into()),
            title: "Findings".into(),
            blocks: vec![Block::Paragraph {
                inlines: vec![Inline::Text {
                    text: format!("The models stay {BODY_ONLY_WORD} when asked."),
                }],
            }],
            ..Section::default()
        }],
        ..Document::default()
    };
    std::fs::write(
        paper.join("document.json"),
        serde_json::to_vec(&document).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("pending"), format!("{ID}\n")).unwrap();

    assert_eq!(folio.search_ids("has:fulltext"), [ID]);
    let hits = folio.search(BODY_ONLY_WORD, &[]);
    assert_eq!(
        hits[0]["snippet"],
        format!("§4 Findings: The models stay {BODY_ONLY_WORD} when asked.")
    );
    assert!(
        !dir.join("pending").exists(),
        "the record is cleared once indexed"
    );
}
