//! A [`Document`] laid out for a terminal of some width: wrapped, styled
//! lines, the table of contents with the line each section starts on, and
//! the paper's links numbered. Both the reader and `folio text` draw from
//! this; it knows nothing of the terminal library.
//!
//! - [`wrap`]: words filled into lines by display width.
//! - `blocks`: each kind of block set as lines.

mod blocks;
pub mod wrap;

use super::Document;
use super::document::Section;
use blocks::{Margin, Writer};

/// How a piece of text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextStyle {
    Plain,
    /// A section heading of this level (1 = section).
    Heading(u8),
    Emphasis,
    Bold,
    Code,
    Math,
    Citation,
    Link,
    /// A figure or table caption, and its label.
    Caption,
    /// `Lemma 3.1`, `Proof.`
    TheoremLabel,
    /// `(3)` beside a display equation.
    EquationNumber,
    /// Secondary text: authors, rules.
    Dim,
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Styled {
    pub text: String,
    pub style: TextStyle,
}

/// One line on screen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextLine {
    pub spans: Vec<Styled>,
}

/// A table of contents entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    /// `§3.2 Title`.
    pub heading: String,
    /// The line the section starts on.
    pub line: usize,
}

/// A laid-out document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    pub width: u16,
    pub lines: Vec<TextLine>,
    pub toc: Vec<TocEntry>,
    /// Every link of the paper, numbered in order: (what, absolute URL).
    pub links: Vec<(String, String)>,
}

impl Layout {
    /// The table of contents entry of the section `line` is in (the last
    /// one starting at or before it), by its index in [`Layout::toc`].
    pub fn section_at(&self, line: usize) -> Option<usize> {
        self.toc.partition_point(|e| e.line <= line).checked_sub(1)
    }
}

impl TextLine {
    /// The line's text without its styles.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    /// Columns the line takes.
    pub fn width(&self) -> usize {
        self.spans.iter().map(|s| wrap::text_width(&s.text)).sum()
    }
}

/// Lays `document` out `width` columns wide (at least one).
pub fn layout(document: &Document, width: u16) -> Layout {
    let mut w = Writer::new(usize::from(width));
    let none = Margin::default();
    w.text(
        &[Styled {
            text: wrap::clean(&document.title),
            style: TextStyle::Heading(1),
        }],
        &none,
    );
    if !document.authors.is_empty() {
        w.text(
            &[Styled {
                text: document.authors.join(", "),
                style: TextStyle::Dim,
            }],
            &none,
        );
    }
    if !document.abstract_blocks.is_empty() {
        w.blank(&none);
        w.text(
            &[Styled {
                text: "Abstract".into(),
                style: TextStyle::Bold,
            }],
            &none,
        );
        w.blocks(&document.abstract_blocks, &none);
    }
    for section in &document.sections {
        lay_section(&mut w, section);
    }
    if !document.footnotes.is_empty() {
        w.heading(1, "Notes", "Notes".into());
        for note in &document.footnotes {
            let mark = format!("{} ", wrap::clean(&note.number));
            let hang = " ".repeat(wrap::text_width(&mark).min(6));
            let margin = Margin {
                first: vec![Styled {
                    text: mark,
                    style: TextStyle::Dim,
                }],
                rest: vec![Styled {
                    text: hang,
                    style: TextStyle::Plain,
                }],
            };
            let runs = w.runs(&note.inlines, TextStyle::Plain);
            w.text(&runs, &margin);
        }
    }
    let mut links = Vec::new();
    if !document.bibliography.is_empty() {
        w.heading(1, "References", "References".into());
        for entry in &document.bibliography {
            let label = format!("[{}]", wrap::clean(&entry.label));
            let hang = " ".repeat((wrap::text_width(&label) + 1).min(6));
            let margin = Margin {
                first: vec![
                    Styled {
                        text: label.clone(),
                        style: TextStyle::Citation,
                    },
                    Styled {
                        text: " ".into(),
                        style: TextStyle::Plain,
                    },
                ],
                rest: vec![Styled {
                    text: hang,
                    style: TextStyle::Plain,
                }],
            };
            w.text(
                &[Styled {
                    text: entry.text.clone(),
                    style: TextStyle::Plain,
                }],
                &margin,
            );
            links.extend(entry.links.iter().map(|url| (label.clone(), url.clone())));
        }
    }
    links.append(&mut w.inline_links);
    links.append(&mut w.images);
    Layout {
        width,
        lines: w.lines,
        toc: w.toc,
        links,
    }
}

/// A section's heading (in the table of contents), its blocks and its
/// subsections.
fn lay_section(w: &mut Writer, section: &Section) {
    let shown = match &section.number {
        Some(n) => format!("{n} {}", section.title),
        None => section.title.clone(),
    };
    w.heading(
        section.level.max(1),
        &shown,
        wrap::clean(&section.heading()),
    );
    w.blocks(&section.blocks, &Margin::default());
    for child in &section.children {
        lay_section(w, child);
    }
}

#[cfg(test)]
mod tests;
