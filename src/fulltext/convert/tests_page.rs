//! The converter against a real arXiv page (the shared example,
//! `2501.11120v1`), skipped with a notice when the shared fixtures are not
//! beside the repository.

use std::collections::HashSet;

use super::{convert, convert_counting_formulas};
use crate::fulltext::Document;
use crate::fulltext::document::{Block, Inline, inline_text};
use crate::ingest::fuzzing::is_terminal_safe;

const PAGE_URL: &str = "https://arxiv.org/html/2501.11120v1";

fn shared_html() -> Option<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/arxiv-html-2501.11120v1.html");
    match std::fs::read_to_string(&path) {
        Ok(html) => Some(html),
        Err(_) => {
            eprintln!("skipped: {} is absent", path.display());
            None
        }
    }
}

fn shared_page() -> Option<Document> {
    Some(convert(&shared_html()?, PAGE_URL).expect("the shared page converts"))
}

/// Every block of the document, depth first (list items, theorem and quote
/// contents included), with the abstract.
pub fn all_blocks(doc: &Document) -> Vec<&Block> {
    fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Block>) {
        for block in blocks {
            out.push(block);
            match block {
                Block::List { items, .. } => items.iter().for_each(|item| walk(item, out)),
                Block::Theorem { blocks, .. }
                | Block::Proof { blocks }
                | Block::Quote { blocks } => walk(blocks, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&doc.abstract_blocks, &mut out);
    for section in doc.all_sections() {
        walk(&section.blocks, &mut out);
    }
    out
}

/// Every inline of the document: paragraphs, captions, footnotes.
pub fn all_inlines(doc: &Document) -> Vec<&Inline> {
    let mut out = Vec::new();
    for block in all_blocks(doc) {
        match block {
            Block::Paragraph { inlines } => out.extend(inlines),
            Block::Figure { caption, .. } => out.extend(caption),
            _ => {}
        }
    }
    for note in &doc.footnotes {
        out.extend(&note.inlines);
    }
    out
}

/// Every string in the document, as serialized (keys included).
fn all_strings(doc: &Document) -> Vec<String> {
    fn walk(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(
        &serde_json::to_value(doc).expect("a document serializes"),
        &mut out,
    );
    out
}

#[test]
fn title_and_authors() {
    let Some(doc) = shared_page() else { return };
    assert_eq!(
        doc.title,
        "Tell me about yourself: LLMs are aware of their learned behaviors"
    );
    assert_eq!(
        doc.authors,
        [
            "Jan Betley",
            "Xuchan Bao",
            "Martín Soto",
            "Anna Sztyber-Betley",
            "James Chua",
            "Owain Evans"
        ]
    );
    assert_eq!(doc.source_url.as_deref(), Some(PAGE_URL));
}

#[test]
fn the_abstract_without_its_heading() {
    let Some(doc) = shared_page() else { return };
    let text = crate::fulltext::document::blocks_text(&doc.abstract_blocks);
    assert!(
        text.starts_with("We study behavioral self-awareness — an LLM’s ability"),
        "{text}"
    );
    assert!(!text.starts_with("Abstract"));
    assert!(text.contains("https://github.com/XuchanBao/behavioral-self-awareness"));
}

#[test]
fn sections_in_order_with_numbers_and_titles() {
    let Some(doc) = shared_page() else { return };
    let top: Vec<(Option<&str>, &str, bool)> = doc
        .sections
        .iter()
        .map(|s| (s.number.as_deref(), s.title.as_str(), s.appendix))
        .collect();
    assert_eq!(
        top,
        [
            (Some("1"), "Introduction", false),
            (Some("2"), "Out-of-context reasoning", false),
            (Some("3"), "Awareness of behaviors", false),
            (Some("4"), "Awareness of backdoors", false),
            (Some("5"), "Multi-Persona experiments", false),
            (Some("6"), "Related work", false),
            (Some("7"), "Discussion", false),
            (Some("8"), "Conclusion", false),
            (None, "Acknowledgments", false),
            (Some("A"), "Author contributions", true),
            (Some("B"), "Supplementary results", true),
            (Some("C"), "Full experimental details", true),
        ]
    );
    assert!(doc.sections.iter().all(|s| s.level == 1));
    assert_eq!(doc.sections[2].anchor.as_deref(), Some("S3"));
    let all = doc.all_sections();
    let count = |class_level: u8| all.iter().filter(|s| s.level == class_level).count();
    assert_eq!(count(2), 17, "subsections");
    assert_eq!(count(3), 36, "subsubsections");
    assert_eq!(count(4), 29, "paragraph headings");
    let s3 = &doc.sections[2];
    assert_eq!(s3.children[0].number.as_deref(), Some("3.1"));
    assert_eq!(
        s3.children[0].title,
        "Finetuning on multiple-choice responses (economic decisions)"
    );
    assert_eq!(s3.children[0].anchor.as_deref(), Some("S3.SS1"));
    assert_eq!(s3.children[0].children[0].number.as_deref(), Some("3.1.1"));
    assert_eq!(
        s3.children[1].children[0].children[0].title,
        "Make Me Say rules"
    );
    assert_eq!(s3.children[1].children[0].children[0].number, None);
}

#[test]
fn bibliography_entries_with_ids_and_labels() {
    let Some(doc) = shared_page() else { return };
    assert_eq!(doc.bibliography.len(), 48);
    for (i, entry) in doc.bibliography.iter().enumerate() {
        assert_eq!(entry.id, format!("bib.bib{}", i + 1));
        assert!(
            !entry.label.is_empty() && !entry.text.is_empty(),
            "{entry:?}"
        );
    }
    let first = &doc.bibliography[0];
    assert_eq!(first.label, "AI@Meta (2024)");
    assert_eq!(
        first.text,
        "AI@Meta. Llama 3 model card. 2024. URL https://github.com/meta-llama/llama3/blob/main/MODEL_CARD.md."
    );
    assert_eq!(
        first.links,
        ["https://github.com/meta-llama/llama3/blob/main/MODEL_CARD.md"]
    );
    assert_eq!(doc.bibliography[1].label, "Allen-Zhu & Li (2023)");
}

#[test]
fn citations_point_at_existing_entries() {
    let Some(doc) = shared_page() else { return };
    let ids: HashSet<&str> = doc.bibliography.iter().map(|b| b.id.as_str()).collect();
    let citations: Vec<(&String, &Vec<String>)> = all_inlines(&doc)
        .into_iter()
        .filter_map(|i| match i {
            Inline::Citation { label, targets } => Some((label, targets)),
            _ => None,
        })
        .collect();
    // 61 `cite` elements on the page, a few without links to entries.
    assert!(citations.len() >= 55, "{} citations", citations.len());
    for (label, targets) in citations {
        assert!(
            !label.is_empty() && !label.starts_with(['(', '[']),
            "{label}"
        );
        for target in targets {
            assert!(ids.contains(target.as_str()), "{target} cited by {label}");
        }
    }
    let first_paragraph = match &doc.sections[0].blocks[0] {
        Block::Paragraph { inlines } => inlines,
        other => panic!("{other:?}"),
    };
    assert!(first_paragraph.contains(&Inline::Citation {
        label: "Anthropic, 2024; OpenAI, 2024".into(),
        targets: vec!["bib.bib4".into(), "bib.bib29".into()],
    }));
}

/// The page has 95 `figure` elements: 83 floats (48 figures, 47 tables... as
/// LaTeXML classes them) and 12 subfigures inside them. A subfigure is
/// merged into its parent (images, tables, its own `(a)` caption), so there
/// is one Figure block per float, 83, and each has a label and a caption.
#[test]
fn every_float_with_its_caption() {
    let Some(doc) = shared_page() else { return };
    let floats: Vec<&Block> = all_blocks(&doc)
        .into_iter()
        .filter(|b| matches!(b, Block::Figure { .. }))
        .collect();
    assert_eq!(floats.len(), 83);
    let mut figures = 0;
    let mut tables = 0;
    for float in &floats {
        let Block::Figure {
            label,
            caption,
            images,
            table,
            is_table,
        } = float
        else {
            unreachable!()
        };
        let label = label.as_deref().expect("every float is labelled");
        assert!(
            !inline_text(caption).trim().is_empty(),
            "{label} has no caption"
        );
        assert!(
            !inline_text(caption).starts_with(label),
            "{label}: the tag stays out"
        );
        if *is_table {
            tables += 1;
            assert!(label.starts_with("Table "), "{label}");
        } else {
            figures += 1;
            assert!(label.starts_with("Figure "), "{label}");
        }
        assert!(
            images.is_empty()
                || images
                    .iter()
                    .all(|u| u.starts_with("https://arxiv.org/html/2501.11120v1/"))
        );
        assert!(
            !images.is_empty() || table.is_some() || *is_table,
            "{label} shows nothing"
        );
    }
    assert_eq!((figures, tables), (36, 47));
    let figure_3 = floats
        .iter()
        .find(|b| matches!(b, Block::Figure { label: Some(l), .. } if l == "Figure 3"))
        .expect("Figure 3");
    let Block::Figure { images, .. } = figure_3 else {
        unreachable!()
    };
    assert_eq!(
        images,
        &[
            "https://arxiv.org/html/2501.11120v1/x3.png",
            "https://arxiv.org/html/2501.11120v1/extracted/6141037/figures/non-mms/risk_safe_base.png"
        ]
    );
}

/// 187 formulas on the page: 125 in paragraphs, captions and footnotes
/// (inline formulas), 59 in table cells and 3 in references, which the
/// model keeps as text; every one is rendered from its `alttext`.
#[test]
fn every_formula_from_its_alttext() {
    let Some(html) = shared_html() else { return };
    let (doc, formulas) = convert_counting_formulas(&html, PAGE_URL).expect("converts");
    assert_eq!(formulas, 187);
    let maths: Vec<&String> = all_inlines(&doc)
        .into_iter()
        .filter_map(|i| match i {
            Inline::Math { text } => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(maths.len(), 125);
    for text in &maths {
        assert!(!text.is_empty() && !text.contains('<'), "{text:?}");
    }
    assert!(
        maths
            .iter()
            .any(|m| m.contains("varphi") || m.contains('φ'))
    );
    let strings = all_strings(&doc).join("\n");
    assert!(!strings.contains("<mi") && !strings.contains("<math"));
}

#[test]
fn footnotes_leave_the_text_and_keep_their_marks() {
    let Some(doc) = shared_page() else { return };
    let numbers: Vec<&str> = doc.footnotes.iter().map(|f| f.number.as_str()).collect();
    assert_eq!(numbers, ["†", "1", "2", "3", "4", "5"]);
    let marks: Vec<&String> = all_inlines(&doc)
        .into_iter()
        .filter_map(|i| match i {
            Inline::FootnoteRef { number } => Some(number),
            _ => None,
        })
        .collect();
    assert_eq!(marks, ["1", "2", "3", "4", "5"]);
    let note_1 = inline_text(&doc.footnotes[1].inlines);
    assert!(
        note_1.starts_with("We replicate some of our experiments"),
        "{note_1}"
    );
    let body: String = doc
        .section_texts()
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    assert!(!body.contains("We replicate some of our experiments"));
}

#[test]
fn listings_keep_their_lines() {
    let Some(doc) = shared_page() else { return };
    let code: Vec<&String> = all_blocks(&doc)
        .into_iter()
        .filter_map(|b| match b {
            Block::Code { text } => Some(text),
            _ => None,
        })
        .collect();
    assert!(code.len() >= 6, "{} code blocks", code.len());
    let first = code
        .iter()
        .find(|c| c.starts_with("def message_probability_me(message: str) -> float:"))
        .expect("the first listing");
    assert!(first.lines().count() > 1, "{first}");
    // LaTeXML writes an indentation as one space.
    assert!(
        first
            .lines()
            .nth(1)
            .unwrap_or("")
            .starts_with(" \"\"\"Probability"),
        "indentation kept: {first}"
    );
}

#[test]
fn nothing_of_the_page_around_the_paper() {
    let Some(doc) = shared_page() else { return };
    let strings = all_strings(&doc);
    for s in &strings {
        assert!(is_terminal_safe(s, true), "{s:?}");
        for furniture in [
            "Generated on",
            "Generated  on",
            "LaTeXML",
            "Report issue",
            "Mascot Sammy",
            "Refer to caption",
            "{mdframed}",
        ] {
            assert!(!s.contains(furniture), "{furniture:?} in {s:?}");
        }
    }
    let toc_entries = doc
        .section_texts()
        .into_iter()
        .filter(|(_, text)| text.contains("In Tell me about yourself"))
        .count();
    assert_eq!(toc_entries, 0);
    let all_links = all_inlines(&doc).into_iter().filter_map(|i| match i {
        Inline::Link { url, .. } => Some(url.clone()),
        _ => None,
    });
    let bib_links = doc.bibliography.iter().flat_map(|b| b.links.clone());
    for url in all_links.chain(bib_links) {
        assert!(
            url.starts_with("https://") || url.starts_with("http://"),
            "{url}"
        );
        assert!(
            !url.contains("#S") && !url.contains("#bib"),
            "internal reference kept as link: {url}"
        );
    }
}
