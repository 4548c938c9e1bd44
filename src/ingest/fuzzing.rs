//! What each fuzz target runs, kept in the library so the fuzzers in `fuzz/`
//! and the replay test of `fuzz/regressions/` (in `fuzz_regressions.rs`)
//! exercise exactly the same code and check exactly the same invariants.
//!
//! Every function takes arbitrary bytes, must return without panicking for
//! any of them, and panics (the fuzzer's crash) when a parser breaks a
//! promise the rest of folio relies on: that stored text holds nothing a
//! terminal would interpret, and that links are plain http(s) URLs.

use std::collections::HashSet;
use std::io::Cursor;
use std::sync::OnceLock;

use chrono::NaiveDate;

use super::{
    Format, IngestError, PaperResult, atom, detect_format, hf, jsonl, listing, oai, read, rss,
};
use crate::fulltext::Document;
use crate::fulltext::convert::convert;
use crate::fulltext::document::{Block, Inline};
use crate::fulltext::math::latex_to_text;
use crate::index::query::{Compiler, ParseOptions, UserSets, parse as parse_query};
use crate::index::schema::{Fields, build_schema};
use crate::index::{Highlighter, Snippet};
use crate::model::Paper;
use crate::model::sanitize::{clean_multiline, clean_text};

/// The fuzz targets, by the name of their directory under `fuzz/regressions`.
pub const TARGETS: [&str; 12] = [
    "listing",
    "hf_json",
    "atom",
    "jsonl",
    "query",
    "detect",
    "sanitize",
    "rss",
    "latex",
    "fulltext_html",
    "oai",
    "journal_segment",
];

/// Runs the target called `name` on `data`; `false` for an unknown name.
pub fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "listing" => listing_target(data),
        "hf_json" => hf_target(data),
        "atom" => atom_target(data),
        "jsonl" => jsonl_target(data),
        "query" => query_target(data),
        "detect" => detect_target(data),
        "sanitize" => sanitize_target(data),
        "rss" => rss_target(data),
        "latex" => latex_target(data),
        "fulltext_html" => fulltext_html_target(data),
        "oai" => oai_target(data),
        "journal_segment" => journal_segment_target(data),
        _ => return false,
    }
    true
}

const ORIGIN: &str = "fuzz";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default()
}

/// The listing parser on any UTF-8 text.
pub fn listing_target(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match listing::parse(text, ORIGIN, today()) {
        Ok(papers) => papers.iter().for_each(check_paper),
        Err(e) => check_error(&e),
    }
}

/// The Hugging Face JSON parser on any UTF-8 text.
pub fn hf_target(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match hf::parse(text, ORIGIN) {
        Ok(results) => check_results(results),
        Err(e) => check_error(&e),
    }
}

/// The Atom parser on any UTF-8 text, and the result count it reports.
pub fn atom_target(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match atom::parse(text, ORIGIN) {
        Ok(results) => check_results(results),
        Err(e) => check_error(&e),
    }
    let _ = atom::total_results(text);
}

/// The arXiv announcement RSS parser on any UTF-8 text.
pub fn rss_target(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match rss::parse(text, ORIGIN) {
        Ok(results) => check_results(results),
        Err(e) => check_error(&e),
    }
}

/// The OAI-PMH `ListRecords` page parser on any UTF-8 text: its papers
/// as clean as any importer's; the skipped records' messages, the deleted
/// ids, the token and the error as clean as error messages.
pub fn oai_target(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match oai::parse_page(text, ORIGIN) {
        Ok(page) => {
            for paper in &page.papers {
                check_paper(paper);
            }
            let mut words: Vec<&str> = page.skipped.iter().map(String::as_str).collect();
            words.extend(page.deleted.iter().map(String::as_str));
            if let Some(error) = &page.error {
                words.extend([error.code.as_str(), error.message.as_str()]);
            }
            for word in words {
                assert!(is_terminal_safe(word, false), "OAI page text: {word:?}");
            }
        }
        Err(e) => check_error(&e),
    }
}

/// The full-text converter on any UTF-8 text (as `fulltext::files` reads
/// a kept page, invalid bytes replaced): every string of the document is
/// terminal-safe, every link and image an http(s) URL, every citation
/// points at an entry of the bibliography, and an error says why in clean
/// words.
pub fn fulltext_html_target(data: &[u8]) {
    let html = String::from_utf8_lossy(data);
    match convert(&html, "https://arxiv.org/html/2401.00001v1") {
        Ok(document) => check_document(&document),
        Err(e) => {
            let message = e.to_string();
            assert!(
                is_terminal_safe(&message, false),
                "error message: {message:?}"
            );
        }
    }
}

fn check_document(document: &Document) {
    let json = serde_json::to_value(document).expect("a document serializes");
    check_json_strings(&json);
    let ids: HashSet<&str> = document
        .bibliography
        .iter()
        .map(|b| b.id.as_str())
        .collect();
    let mut inlines: Vec<&Inline> = document.footnotes.iter().flat_map(|f| &f.inlines).collect();
    let mut blocks: Vec<&Block> = document.abstract_blocks.iter().collect();
    for section in document.all_sections() {
        blocks.extend(&section.blocks);
    }
    while let Some(block) = blocks.pop() {
        match block {
            Block::Paragraph { inlines: runs } => inlines.extend(runs),
            Block::Figure {
                caption, images, ..
            } => {
                inlines.extend(caption);
                images.iter().for_each(|url| check_link("image", url));
            }
            Block::List { items, .. } => items.iter().for_each(|item| blocks.extend(item)),
            Block::Theorem { blocks: inner, .. }
            | Block::Proof { blocks: inner }
            | Block::Quote { blocks: inner } => blocks.extend(inner),
            Block::Equation { text, .. } => assert!(!text.contains("<math"), "{text:?}"),
            Block::Table { .. } | Block::Code { .. } => {}
        }
    }
    for inline in inlines {
        match inline {
            Inline::Link { url, .. } => check_link("link", url),
            Inline::Citation { targets, .. } => {
                assert!(!targets.is_empty(), "a citation of nothing");
                // A citation may point at an entry the page lacks, but
                // never at something that is not a bibliography id.
                for target in targets {
                    assert!(target.starts_with("bib"), "cited {target:?} ({ids:?})");
                }
            }
            _ => {}
        }
    }
    for entry in &document.bibliography {
        entry
            .links
            .iter()
            .for_each(|url| check_link("reference link", url));
    }
    if let Some(url) = &document.source_url {
        check_link("source", url);
    }
}

/// Every string in a serialized document is free of terminal controls
/// (code blocks may hold line breaks).
fn check_json_strings(value: &serde_json::Value) {
    match value {
        serde_json::Value::String(s) => assert!(is_terminal_safe(s, true), "{s:?}"),
        serde_json::Value::Array(items) => items.iter().for_each(check_json_strings),
        serde_json::Value::Object(map) => map.values().for_each(check_json_strings),
        _ => {}
    }
}

/// The JSON Lines reader on any bytes (it checks UTF-8 itself).
pub fn jsonl_target(data: &[u8]) {
    let reader = Box::new(Cursor::new(data.to_vec()));
    check_results(jsonl::JsonlPapers::new(reader, ORIGIN));
}

/// Detection, then the parser detection chose, as `folio import` runs them.
pub fn detect_target(data: &[u8]) {
    let format = match detect_format(data, ORIGIN) {
        Ok(format) => format,
        Err(e) => return check_error(&e),
    };
    let reader = Box::new(Cursor::new(data.to_vec()));
    match read(format, reader, ORIGIN, today()) {
        Ok(results) => check_results(results),
        Err(e) => check_error(&e),
    }
    // Every format the user can force must cope with the same bytes too.
    for forced in Format::ALL {
        let reader = Box::new(Cursor::new(data.to_vec()));
        match read(forced, reader, ORIGIN, today()) {
            Ok(results) => check_results(results),
            Err(e) => check_error(&e),
        }
    }
}

/// The query parser, then the compiler and highlighter on what it parsed.
pub fn query_target(data: &[u8]) {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    let length = query.chars().count();
    for prefix_last in [false, true] {
        match parse_query(query, ParseOptions { prefix_last }) {
            Ok(node) => {
                let mut compiler = Compiler::new(fields(), user_sets(), None);
                let _ = compiler.compile(&node);
                let mut highlighter = Highlighter::new(&node, &compiler.fuzzy_words);
                let _ = highlighter.title(query);
                let _ = highlighter.authors(query);
                let _: Snippet = highlighter.snippet(query, 80);
                let _ = node.has_text();
            }
            Err(e) => {
                assert!(
                    (1..=length + 1).contains(&e.column),
                    "column {} outside a query of {length} characters: {e}",
                    e.column
                );
                assert!(!e.message.is_empty());
                let _ = e.pointer(query);
            }
        }
    }
}

/// Both sanitizers: safe output, and cleaning clean text changes nothing.
pub fn sanitize_target(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let line = clean_text(&text);
    assert!(is_terminal_safe(&line, false), "{text:?} -> {line:?}");
    assert_eq!(line, line.trim(), "clean_text leaves no outer spaces");
    assert!(!line.contains("  "), "clean_text collapses spaces");
    assert_eq!(clean_text(&line), line, "clean_text is idempotent");
    let multi = clean_multiline(&text);
    assert!(is_terminal_safe(&multi, true), "{text:?} -> {multi:?}");
    assert!(!multi.contains("\n\n\n"));
    assert_eq!(
        clean_multiline(&multi),
        multi,
        "clean_multiline is idempotent"
    );
}

/// A formula's LaTeX as text (`fulltext::math`): no control characters,
/// and no text much longer than its source (a formula is shown inline, so
/// a blow-up would be a hang for the layout).
pub fn latex_target(data: &[u8]) {
    let latex = String::from_utf8_lossy(data);
    let text = latex_to_text(&latex);
    assert!(is_terminal_safe(&text, false), "{latex:?} -> {text:?}");
    assert_eq!(text, text.trim(), "outer whitespace in {text:?}");
    assert!(
        text.len() <= 8 * latex.len() + 16,
        "{} bytes of LaTeX gave {} bytes of text",
        latex.len(),
        text.len()
    );
}

fn fields() -> &'static Fields {
    static FIELDS: OnceLock<Fields> = OnceLock::new();
    FIELDS.get_or_init(|| build_schema().1)
}

fn user_sets() -> &'static UserSets {
    static SETS: OnceLock<UserSets> = OnceLock::new();
    SETS.get_or_init(|| UserSets {
        bookmarked: vec!["2401.00001".into()],
        read: vec!["2401.00002".into()],
        dismissed: vec!["2401.00004".into()],
        tags: [("to-read".to_string(), vec!["2401.00003".to_string()])]
            .into_iter()
            .collect(),
        new_since: 1_700_000_000_000,
        broken_watches: Default::default(),
        // A fuzzed `watch:` names this one or an unknown watch.
        watches: [(
            "diffusion".to_string(),
            crate::index::query::parse("diffusion -survey has:code", Default::default())
                .unwrap_or(crate::index::query::Node::And(Vec::new())),
        )]
        .into_iter()
        .collect(),
    })
}

fn check_results(results: impl IntoIterator<Item = PaperResult>) {
    for result in results {
        match result {
            Ok(paper) => check_paper(&paper),
            Err(e) => check_error(&e),
        }
    }
}

/// Messages end up on the terminal too: they must be as clean as papers.
fn check_error(e: &IngestError) {
    let message = e.to_string();
    assert!(
        message.chars().all(|c| !is_unsafe(c)),
        "error message with control characters: {message:?}"
    );
}

/// True when nothing in `s` would be interpreted by a terminal (`\n` only
/// where `newlines` allows it).
pub fn is_terminal_safe(s: &str, newlines: bool) -> bool {
    s.chars().all(|c| (newlines && c == '\n') || !is_unsafe(c))
}

fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{061C}'
                | '\u{FEFF}'
        )
}

fn check_text(what: &str, s: &str) {
    assert!(is_terminal_safe(s, false), "{what} is not clean: {s:?}");
    assert_eq!(s, s.trim(), "{what} has outer whitespace: {s:?}");
}

fn check_link(what: &str, url: &str) {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    assert!(
        lower.starts_with("http://") || lower.starts_with("https://"),
        "{what} is not an http(s) link: {url:?}"
    );
    assert!(
        !url.chars().any(|c| c.is_whitespace() || is_unsafe(c)),
        "{what} has spaces or controls: {url:?}"
    );
}

/// The promises every parsed paper keeps.
pub fn check_paper(p: &Paper) {
    assert!(!p.id.as_str().is_empty(), "a paper without an id");
    check_text("id", p.id.as_str());
    assert!(!p.title.is_empty(), "a paper without a title");
    check_text("title", &p.title);
    check_text("abstract", &p.abstract_text);
    for s in p.authors.iter().chain(&p.categories).chain(&p.keywords) {
        assert!(!s.is_empty(), "an empty author, category or keyword");
        check_text("author, category or keyword", s);
    }
    for s in [
        &p.arxiv_id,
        &p.generated_summary,
        &p.organization,
        &p.doi,
        &p.journal_ref,
        &p.comment,
    ]
    .into_iter()
    .flatten()
    {
        check_text("optional field", s);
    }
    for url in p.code_url.iter().chain(&p.project_url).chain(&p.other_urls) {
        check_link("link", url);
    }
    let unique: HashSet<&String> = p.other_urls.iter().collect();
    assert_eq!(unique.len(), p.other_urls.len(), "repeated links");
}

/// A compressed journal segment of any bytes (given the segment's magic,
/// so the fuzzer works on blocks, tables and footers): reading it in order
/// and reading each record found at its place must agree, and nothing may
/// panic, whatever the damage.
pub fn journal_segment_target(data: &[u8]) {
    use crate::journal::{Journal, Locator, Record, blocks};
    static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("folio-fuzz-journal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temp dir for the segment");
        dir
    });
    let path = dir.join("00000001.fjz");
    let mut bytes = Vec::with_capacity(data.len() + 8);
    if !data.starts_with(blocks::MAGIC) {
        bytes.extend_from_slice(blocks::MAGIC);
    }
    bytes.extend_from_slice(data);
    std::fs::write(&path, &bytes).expect("the segment is written");
    let journal = Journal::open(dir).expect("the journal opens");
    let reader = journal.reader();
    if let Ok(entries) = Journal::read_segment(1, &path) {
        for entry in entries.take(100_000) {
            let Ok(entry) = entry else { continue };
            if let Record::Upsert(paper) = entry.record {
                let again = reader
                    .paper(entry.at)
                    .expect("a record read in order reads at its place");
                assert_eq!(again, *paper, "the two ways of reading disagree");
            }
        }
    }
    let _ = journal.cut_short_segments();
    let _ = journal.segment_sizes();
    // Places that may not exist: an error, never a panic.
    for chunk in data.chunks(8).take(16) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        let n = u64::from_le_bytes(word);
        let at = Locator {
            seq: 1,
            offset: n % (1 << 20),
            inner: (n >> 20) as u32 % 8192,
            len: (n >> 40) as u32 % 4096,
        };
        let _ = reader.paper(at);
    }
}
