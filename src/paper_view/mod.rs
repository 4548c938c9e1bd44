//! One description of a paper's detail, for every front end: the reader's
//! detail pane draws it as ratatui lines, `folio show` prints it as plain or
//! coloured text. [`build`] decides what is shown and with which labels;
//! [`lines`] lays it out at a width as lines of runs in semantic roles. The
//! front ends only choose a style per role, so the two views cannot drift.
//! Nothing here knows about a terminal or ratatui.

mod build;
mod lines;

pub use build::{Highlights, build};
pub use lines::{LinkFit, Role, ViewLine, ViewSpan, ViewText, lines};

use std::ops::Range;

/// A text and the byte ranges of it a search matched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marked {
    pub text: String,
    pub marks: Vec<Range<usize>>,
}

/// A numbered link: `2 code  https://github.com/…  ★ 1.2k`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// 1-based; the number the user types to open it.
    pub number: usize,
    pub label: &'static str,
    pub url: String,
    /// GitHub stars, beside the code link.
    pub stars: Option<String>,
}

/// One part of the detail, in the order shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Title(Marked),
    Authors(Marked),
    /// `2026-03-14 · ▲ 12 · 3 comments · organization · id`.
    Facts(Vec<String>),
    /// Categories, then keywords.
    Topics(Vec<String>),
    /// The user's marks: `★ bookmarked · tags: a, b · read · ✗ dismissed`.
    Library(Vec<String>),
    /// The user's note, one entry a line of it.
    Note(Vec<String>),
    /// Why the "for you" model ranks the paper (`Err`: why it could not say).
    Why(Result<String, String>),
    Links(Vec<Link>),
    /// The feed's machine-written summary.
    Summary(String),
    Abstract(Marked),
    /// `Comment: …`, `Journal: …`, `DOI: …`.
    Extras(Vec<(&'static str, String)>),
}

/// A paper's detail, front-end neutral.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaperView {
    pub blocks: Vec<Block>,
}

/// The labels both views print.
pub mod labels {
    pub const BOOKMARKED: &str = "★ bookmarked";
    pub const TAGS: &str = "tags:";
    pub const READ: &str = "read";
    pub const DISMISSED: &str = "✗ dismissed";
    pub const SUMMARY: &str = "Generated summary (AI, not the authors' words):";
    pub const WHY: &str = "why:";
    pub const WHY_FAILED: &str = "why: could not say";
    pub const NOTE_BAR: &str = "│ ";
    pub const COMMENT: &str = "Comment";
    pub const JOURNAL: &str = "Journal";
    pub const DOI: &str = "DOI";
}
