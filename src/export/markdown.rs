//! Markdown export: a reading list to paste into notes, an issue or a chat.
//! Paper text is escaped so a title like `[RFC] *fast* <models>` renders as
//! written instead of turning into links, emphasis or HTML.

use std::fmt::Write as _;

use super::ExportItem;
use crate::model::{Paper, sanitize};

/// How many authors are named before "et al.".
const SHOWN_AUTHORS: usize = 6;

/// Renders the items as a Markdown reading list.
pub fn to_markdown(items: &[ExportItem]) -> String {
    let mut out = String::from("# folio export\n");
    if items.is_empty() {
        out.push_str("\nNo papers selected.\n");
    }
    for item in items {
        out.push('\n');
        match item.paper {
            Some(paper) => write_paper(&mut out, paper, item),
            None => write_missing(&mut out, item),
        }
    }
    out
}

/// A bookmark whose paper is not in the index: its id as the heading, the
/// user's tags and note, and a line saying why nothing else is shown.
fn write_missing(out: &mut String, item: &ExportItem) {
    let id = escape(&sanitize::clean_text(item.id));
    let _ = writeln!(out, "## {id} (not in the index)");
    write_tags_and_note(out, item);
    let _ = writeln!(out, "\n{}", escape(super::MISSING_PAPER));
}

fn write_tags_and_note(out: &mut String, item: &ExportItem) {
    if !item.tags.is_empty() {
        let tags: Vec<String> = item.tags.iter().map(|t| code_span(t)).collect();
        let _ = writeln!(out, "\n{}", tags.join(" "));
    }

    if let Some(note) = item.note.as_deref().filter(|n| !n.trim().is_empty()) {
        out.push('\n');
        for line in note.trim_end().lines() {
            let line = line.trim_end();
            if line.is_empty() {
                out.push_str(">\n");
            } else {
                let _ = writeln!(out, "> {line}");
            }
        }
    }
}

fn write_paper(out: &mut String, paper: &Paper, item: &ExportItem) {
    let links = paper.links();
    let title = if paper.title.trim().is_empty() {
        escape(paper.id.as_str())
    } else {
        escape(&one_line(&paper.title))
    };
    let _ = writeln!(out, "## [{title}]({})", destination(&links.paper));

    let mut facts = Vec::new();
    if !paper.authors.is_empty() {
        let shown: Vec<String> = paper
            .authors
            .iter()
            .take(SHOWN_AUTHORS)
            .map(|a| escape(&one_line(a)))
            .collect();
        let mut names = shown.join(", ");
        if paper.authors.len() > SHOWN_AUTHORS {
            names.push_str(" et al.");
        }
        facts.push(names);
    }
    if let Some(date) = paper.published.or(paper.listed) {
        facts.push(date.format("%Y-%m-%d").to_string());
    }
    if let Some(arxiv) = &paper.arxiv_id {
        facts.push(format!("arXiv:{}", escape(arxiv)));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "\n{}", facts.join(" · "));
    }

    write_tags_and_note(out, item);

    let link_lines: Vec<String> = [
        ("PDF", links.pdf.as_deref()),
        ("Code", links.code.as_deref()),
        ("Project page", links.project.as_deref()),
    ]
    .into_iter()
    .filter_map(|(label, url)| url.map(|u| format!("- [{label}]({})", destination(u))))
    .collect();
    if !link_lines.is_empty() {
        let _ = writeln!(out, "\n{}", link_lines.join("\n"));
    }

    let abstract_text = one_line(&paper.abstract_text);
    if !abstract_text.is_empty() {
        let _ = writeln!(out, "\n{}", block_start_safe(&escape(&abstract_text)));
    }
}

/// Collapses all whitespace (including newlines) to single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes the characters that would start links, emphasis, code or HTML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '[' | ']' | '*' | '_' | '`' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Keeps a paragraph from being read as a heading, quote or list item.
fn block_start_safe(text: &str) -> String {
    let starts_block = text.starts_with(['#', '>', '-', '+', '='])
        || text
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if starts_block {
        let digits = text.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 {
            format!("{}\\{}", &text[..digits], &text[digits..])
        } else {
            format!("\\{text}")
        }
    } else {
        text.to_string()
    }
}

/// A link destination that cannot end the `( … )` early.
fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c if c.is_whitespace() => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

/// Inline code that survives backticks inside the text.
fn code_span(text: &str) -> String {
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    if longest_run > 0 {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Paper, PaperId};
    use chrono::NaiveDate;

    fn paper() -> Paper {
        Paper {
            id: PaperId::new("2401.00001"),
            arxiv_id: Some("2401.00001".into()),
            title: "Scaling *Everything*".into(),
            authors: (1..=8).map(|n| format!("Author {n}")).collect(),
            abstract_text: "We scale\n  things.".into(),
            published: NaiveDate::from_ymd_opt(2024, 1, 15),
            code_url: Some("https://github.com/o/r".into()),
            ..Paper::default()
        }
    }

    #[test]
    fn renders_a_full_entry() {
        let paper = paper();
        let md = to_markdown(&[ExportItem {
            id: paper.id.as_str(),
            paper: Some(&paper),
            tags: vec!["llm".into(), "to-read".into()],
            note: Some("Check the ablations.\n\nCompare with v1.".into()),
        }]);
        // Links come from the model, so the expectation asks it rather than guessing URLs.
        let links = paper.links();
        let expected = format!(
            "# folio export\n\
             \n\
             ## [Scaling \\*Everything\\*]({paper_link})\n\
             \n\
             Author 1, Author 2, Author 3, Author 4, Author 5, Author 6 et al. · 2024-01-15 · arXiv:2401.00001\n\
             \n\
             `llm` `to-read`\n\
             \n\
             > Check the ablations.\n\
             >\n\
             > Compare with v1.\n\
             \n\
             - [PDF]({pdf})\n\
             - [Code]({code})\n\
             \n\
             We scale things.\n",
            paper_link = links.paper,
            pdf = links.pdf.unwrap(),
            code = links.code.unwrap(),
        );
        assert_eq!(md, expected);
    }

    #[test]
    fn a_bookmark_missing_from_the_index_shows_its_id_tags_and_note() {
        let md = to_markdown(&[ExportItem {
            id: "2501.00042_x",
            paper: None,
            tags: vec!["to-read".into()],
            note: Some("first line\nsecond".into()),
        }]);
        assert_eq!(
            md,
            "# folio export\n\
             \n\
             ## 2501.00042\\_x (not in the index)\n\
             \n\
             `to-read`\n\
             \n\
             > first line\n\
             > second\n\
             \n\
             bookmarked, but the paper is not in the folio index: import it again or run \\`folio reindex\\` to export its details\n"
        );
    }

    #[test]
    fn few_authors_are_not_followed_by_et_al() {
        let mut paper = paper();
        paper.authors.truncate(6);
        let md = to_markdown(&[ExportItem {
            id: paper.id.as_str(),
            paper: Some(&paper),
            tags: vec![],
            note: None,
        }]);
        assert!(md.contains("Author 5, Author 6 · 2024-01-15"), "{md}");
        assert!(!md.contains("et al."), "{md}");
    }

    #[test]
    fn escapes_markdown_in_titles() {
        assert_eq!(
            escape("[RFC] *bold* _it_ `code` <b> a\\b"),
            "\\[RFC\\] \\*bold\\* \\_it\\_ \\`code\\` \\<b> a\\\\b"
        );
        let mut paper = paper();
        paper.title = "[Oral] <script>alert(1)</script>".into();
        let md = to_markdown(&[ExportItem {
            id: paper.id.as_str(),
            paper: Some(&paper),
            tags: vec![],
            note: None,
        }]);
        assert!(
            md.contains("## [\\[Oral\\] \\<script>alert(1)\\</script>]("),
            "{md}"
        );
    }

    #[test]
    fn link_destinations_cannot_break_out() {
        assert_eq!(
            destination("https://x.org/a_(b) c"),
            "https://x.org/a_%28b%29%20c"
        );
    }

    #[test]
    fn tags_with_backticks_stay_code() {
        assert_eq!(code_span("plain"), "`plain`");
        assert_eq!(code_span("a`b"), "`` a`b ``");
    }

    #[test]
    fn abstract_cannot_become_a_heading_or_list() {
        assert_eq!(block_start_safe("# not a heading"), "\\# not a heading");
        assert_eq!(block_start_safe("1. not a list"), "1\\. not a list");
        assert_eq!(block_start_safe("2024 was. fine"), "2024 was. fine");
        assert_eq!(block_start_safe("plain"), "plain");
    }

    #[test]
    fn empty_selection_says_so() {
        assert_eq!(to_markdown(&[]), "# folio export\n\nNo papers selected.\n");
    }
}
