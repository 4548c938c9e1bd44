//! What a paper's detail shows, decided once from the paper, the user's
//! library entry and the search's highlights.

use std::ops::Range;

use super::{Block, Link, Marked, PaperView, labels};
use crate::library::Entry;
use crate::model::{LinkKind, Paper, sanitize};

/// The byte ranges a search matched in the fields that show them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlights {
    pub title: Vec<Range<usize>>,
    pub authors: Vec<Range<usize>>,
    pub abstract_text: Vec<Range<usize>>,
}

/// The detail of `paper`. `why` is the "for you" model's reason, when the
/// front end has one.
pub fn build(
    paper: &Paper,
    entry: Option<&Entry>,
    highlights: &Highlights,
    why: Option<&Result<String, String>>,
) -> PaperView {
    let mut blocks = vec![Block::Title(Marked {
        text: paper.title.clone(),
        marks: highlights.title.clone(),
    })];
    if !paper.authors.is_empty() {
        blocks.push(Block::Authors(Marked {
            text: paper.authors.join(", "),
            marks: highlights.authors.clone(),
        }));
    }
    blocks.push(Block::Facts(facts(paper)));
    let topics: Vec<String> = paper
        .categories
        .iter()
        .chain(&paper.keywords)
        .cloned()
        .collect();
    if !topics.is_empty() {
        blocks.push(Block::Topics(topics));
    }
    if let Some(entry) = entry {
        let library = library(entry);
        if !library.is_empty() {
            blocks.push(Block::Library(library));
        }
        if let Some(note) = &entry.note {
            let lines: Vec<String> = sanitize::clean_multiline(note)
                .lines()
                .map(str::to_string)
                .collect();
            blocks.push(Block::Note(lines));
        }
    }
    match why {
        Some(Ok(sentence)) if sentence.is_empty() => {}
        Some(Ok(sentence)) => blocks.push(Block::Why(Ok(sanitize::clean_text(sentence)))),
        Some(Err(e)) => blocks.push(Block::Why(Err(sanitize::clean_text(e)))),
        None => {}
    }
    let links = links(paper);
    if !links.is_empty() {
        blocks.push(Block::Links(links));
    }
    if let Some(summary) = &paper.generated_summary {
        blocks.push(Block::Summary(summary.clone()));
    }
    blocks.push(Block::Abstract(Marked {
        text: paper.abstract_text.clone(),
        marks: highlights.abstract_text.clone(),
    }));
    let extras: Vec<(&'static str, String)> = [
        (labels::COMMENT, &paper.comment),
        (labels::JOURNAL, &paper.journal_ref),
        (labels::DOI, &paper.doi),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.clone().map(|v| (label, v)))
    .collect();
    if !extras.is_empty() {
        blocks.push(Block::Extras(extras));
    }
    PaperView { blocks }
}

/// Date, votes, comments, organization and id.
fn facts(paper: &Paper) -> Vec<String> {
    let mut facts = Vec::new();
    if let Some(d) = paper.date() {
        facts.push(d.format("%Y-%m-%d").to_string());
    }
    if let Some(up) = paper.upvotes {
        facts.push(format!("▲ {up}"));
    }
    if let Some(c) = paper.comments {
        facts.push(format!("{c} comments"));
    }
    if let Some(org) = &paper.organization {
        facts.push(org.clone());
    }
    facts.push(paper.id.to_string());
    facts
}

/// Bookmark, tags, read and dismissed, as far as the entry records them.
fn library(entry: &Entry) -> Vec<String> {
    let mut parts = Vec::new();
    if entry.bookmarked.is_some() {
        parts.push(labels::BOOKMARKED.to_string());
    }
    if !entry.tags.is_empty() {
        let tags: Vec<&str> = entry.tags.iter().map(String::as_str).collect();
        parts.push(format!("{} {}", labels::TAGS, tags.join(", ")));
    }
    if entry.read.is_some() {
        parts.push(labels::READ.to_string());
    }
    if entry.dismissed.is_some() {
        parts.push(labels::DISMISSED.to_string());
    }
    parts
}

fn links(paper: &Paper) -> Vec<Link> {
    paper
        .links()
        .numbered()
        .into_iter()
        .enumerate()
        .map(|(n, (kind, url))| Link {
            number: n + 1,
            label: kind.label(),
            stars: paper.stars_label().filter(|_| kind == LinkKind::Code),
            url,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PaperId;

    fn paper() -> Paper {
        Paper {
            title: "Modern Hopfield networks".into(),
            abstract_text: "Patterns are stored.".into(),
            authors: vec!["Ada Lovelace".into(), "Alan Turing".into()],
            id: PaperId::new("2008.02217"),
            upvotes: Some(12),
            stars: Some(1234),
            organization: Some("JKU".into()),
            categories: vec!["cs.LG".into()],
            keywords: vec!["memory".into()],
            code_url: Some("https://github.com/x/y".into()),
            generated_summary: Some("It stores patterns.".into()),
            doi: Some("10.1/abc".into()),
            ..Paper::default()
        }
    }

    #[test]
    fn blocks_in_order_with_one_set_of_labels() {
        let now = chrono::Utc::now();
        let entry = Entry {
            bookmarked: Some(now),
            tags: ["to-read".to_string(), "ml".to_string()].into(),
            note: Some("first\nsecond".into()),
            read: Some(now),
            dismissed: None,
        };
        let highlights = Highlights {
            title: std::slice::from_ref(&(7..15)).to_vec(),
            ..Highlights::default()
        };
        let view = build(&paper(), Some(&entry), &highlights, None);
        let kinds: Vec<&str> = view
            .blocks
            .iter()
            .map(|b| match b {
                Block::Title(_) => "title",
                Block::Authors(_) => "authors",
                Block::Facts(_) => "facts",
                Block::Topics(_) => "topics",
                Block::Library(_) => "library",
                Block::Note(_) => "note",
                Block::Why(_) => "why",
                Block::Links(_) => "links",
                Block::Summary(_) => "summary",
                Block::Abstract(_) => "abstract",
                Block::Extras(_) => "extras",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "title", "authors", "facts", "topics", "library", "note", "links", "summary",
                "abstract", "extras"
            ]
        );
        assert_eq!(
            view.blocks[0],
            Block::Title(Marked {
                text: "Modern Hopfield networks".into(),
                marks: std::slice::from_ref(&(7..15)).to_vec(),
            })
        );
        assert_eq!(
            view.blocks[2],
            Block::Facts(vec!["▲ 12".into(), "JKU".into(), "2008.02217".into()])
        );
        assert_eq!(
            view.blocks[4],
            Block::Library(vec![
                "★ bookmarked".into(),
                "tags: ml, to-read".into(),
                "read".into()
            ])
        );
        assert_eq!(
            view.blocks[5],
            Block::Note(vec!["first".into(), "second".into()])
        );
        let Block::Links(links) = &view.blocks[6] else {
            panic!("links expected");
        };
        let code = links.iter().find(|l| l.url == "https://github.com/x/y");
        assert_eq!(code.and_then(|l| l.stars.clone()), Some("★ 1.2k".into()));
        assert_eq!(links[0].number, 1);
        assert_eq!(
            view.blocks[9],
            Block::Extras(vec![("DOI", "10.1/abc".into())])
        );
    }

    #[test]
    fn a_paper_outside_the_library_has_no_library_blocks() {
        let why = Ok(String::new());
        let view = build(&paper(), None, &Highlights::default(), Some(&why));
        assert!(
            !view
                .blocks
                .iter()
                .any(|b| matches!(b, Block::Library(_) | Block::Note(_) | Block::Why(_)))
        );
        let failed = Err("no model\u{1b}[31m".to_string());
        let view = build(&paper(), None, &Highlights::default(), Some(&failed));
        assert!(
            view.blocks
                .contains(&Block::Why(Err(sanitize::clean_text("no model\u{1b}[31m"))))
        );
    }
}
