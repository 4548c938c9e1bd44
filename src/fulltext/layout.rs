//! A [`Document`] laid out for a terminal of some width: wrapped, styled
//! lines, the table of contents with the line each section starts on, and
//! the paper's links numbered. Both the reader and `folio text` draw from
//! this; it knows nothing of the terminal library.

use super::Document;

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

/// Lays `document` out `width` columns wide.
pub fn layout(document: &Document, width: u16) -> Layout {
    let _ = document;
    Layout {
        width,
        ..Layout::default()
    }
}
