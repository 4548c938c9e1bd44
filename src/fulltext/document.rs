//! folio's model of a paper's full text. It keeps the structure a reader
//! needs (numbered sections, theorem-like blocks, equations with their
//! numbers, figure and table captions, citations tied to the bibliography)
//! and nothing of the HTML it came from: every string in it is already
//! sanitized plain text, and every link an absolute http(s) URL.
//!
//! It is stored as JSON with a format number, so a better converter can
//! re-convert the kept HTML when the format moves on.

use serde::{Deserialize, Serialize};

/// The version of the stored document format; a stored document of another
/// version is converted again from the kept HTML.
pub const DOCUMENT_FORMAT: u32 = 1;

/// A whole paper.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Document {
    /// [`DOCUMENT_FORMAT`] when written.
    pub format: u32,
    /// The page it was converted from (absolute URL), if known.
    pub source_url: Option<String>,
    pub title: String,
    /// Author names only (no affiliations or e-mail addresses).
    pub authors: Vec<String>,
    /// The abstract's paragraphs.
    pub abstract_blocks: Vec<Block>,
    /// The body: top-level sections (and appendices) in order, with their
    /// subsections nested inside.
    pub sections: Vec<Section>,
    /// Footnotes in order of their marks.
    pub footnotes: Vec<Footnote>,
    pub bibliography: Vec<BibEntry>,
}

/// A section, subsection, paragraph-level heading or appendix.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Section {
    /// 1 for a section or appendix, 2 for a subsection, and so on.
    pub level: u8,
    /// The number as the paper prints it: `3`, `3.2`, `A`, `A.1`; none for
    /// unnumbered sections such as Acknowledgments.
    pub number: Option<String>,
    pub title: String,
    /// Whether this is an appendix (numbered `A`, `B`, …).
    pub appendix: bool,
    /// The HTML id of the section (`S3.SS2`), for links into it.
    pub anchor: Option<String>,
    /// What comes before the first subsection.
    pub blocks: Vec<Block>,
    pub children: Vec<Section>,
}

/// A block of text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        inlines: Vec<Inline>,
    },
    List {
        ordered: bool,
        /// Each item's blocks.
        items: Vec<Vec<Block>>,
    },
    /// A theorem-like block: lemma, theorem, definition, corollary, …
    Theorem {
        /// The kind in lowercase (`lemma`, `definition`).
        kind: String,
        /// As the paper labels it: `Lemma 3.1`, with the optional title
        /// (`Lemma 3.1 (Stability)`).
        label: String,
        blocks: Vec<Block>,
    },
    Proof {
        blocks: Vec<Block>,
    },
    /// A display equation (one line of a group each), as text.
    Equation {
        text: String,
        /// `(1)`, `(3.2)`.
        number: Option<String>,
    },
    /// A figure or a table float: its caption, and what it shows.
    Figure {
        /// `Figure 3`, `Table 2` (the caption's tag, without the colon).
        label: Option<String>,
        caption: Vec<Inline>,
        /// Image URLs, absolute.
        images: Vec<String>,
        /// A small table, as text cells, when the float holds one.
        table: Option<TextTable>,
        /// True for a table float (`figure.ltx_table`).
        is_table: bool,
    },
    /// A table outside any float.
    Table {
        table: TextTable,
    },
    /// Verbatim text (code listings), line breaks kept.
    Code {
        text: String,
    },
    Quote {
        blocks: Vec<Block>,
    },
}

/// A table as rows of text cells.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TextTable {
    pub rows: Vec<Vec<String>>,
}

/// A run of text within a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Text {
        text: String,
    },
    Emphasis {
        text: String,
    },
    Bold {
        text: String,
    },
    /// Code or typewriter text.
    Code {
        text: String,
    },
    /// A formula as readable text (see [`crate::fulltext::math`]).
    Math {
        text: String,
    },
    /// `[12]` or `[3, 7]`: a citation of bibliography entries.
    Citation {
        /// As shown: `12`, `Smith et al., 2020`.
        label: String,
        /// The cited [`BibEntry::id`]s.
        targets: Vec<String>,
    },
    /// A link out of the paper (absolute http(s) URL).
    Link {
        text: String,
        url: String,
    },
    /// A footnote mark; [`Footnote::number`] says which.
    FootnoteRef {
        number: String,
    },
}

impl Inline {
    /// The text a reader sees for this run.
    pub fn text(&self) -> String {
        match self {
            Inline::Text { text }
            | Inline::Emphasis { text }
            | Inline::Bold { text }
            | Inline::Code { text }
            | Inline::Math { text }
            | Inline::Link { text, .. } => text.clone(),
            Inline::Citation { label, .. } => format!("[{label}]"),
            Inline::FootnoteRef { number } => format!("[^{number}]"),
        }
    }
}

/// The plain text of a run of inlines.
pub fn inline_text(inlines: &[Inline]) -> String {
    inlines.iter().map(Inline::text).collect()
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Footnote {
    pub number: String,
    pub inlines: Vec<Inline>,
}

/// One bibliography entry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BibEntry {
    /// The HTML id citations point at (`bib.bib12`).
    pub id: String,
    /// As the paper labels it: `12`, or `Smith et al. (2020)`.
    pub label: String,
    pub text: String,
    /// Links in the entry (absolute http(s) URLs): DOI, arXiv, code.
    pub links: Vec<String>,
}

impl Document {
    /// Every section, depth first, in reading order.
    pub fn all_sections(&self) -> Vec<&Section> {
        fn walk<'a>(sections: &'a [Section], out: &mut Vec<&'a Section>) {
            for s in sections {
                out.push(s);
                walk(&s.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.sections, &mut out);
        out
    }

    /// The body as text, section by section: `(heading, text)` with the
    /// heading as `§3.2 Title` (what search snippets name), for indexing.
    pub fn section_texts(&self) -> Vec<(String, String)> {
        self.all_sections()
            .into_iter()
            .map(|s| (s.heading(), blocks_text(&s.blocks)))
            .collect()
    }
}

impl Section {
    /// `§3.2 Awareness of backdoors`, or the bare title when unnumbered.
    pub fn heading(&self) -> String {
        match &self.number {
            Some(n) => format!("§{n} {}", self.title),
            None => self.title.clone(),
        }
    }
}

/// The plain text of blocks, paragraphs separated by blank lines.
pub fn blocks_text(blocks: &[Block]) -> String {
    let mut parts = Vec::new();
    for block in blocks {
        let text = match block {
            Block::Paragraph { inlines } => inline_text(inlines),
            Block::List { items, .. } => items
                .iter()
                .map(|item| blocks_text(item))
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Theorem { label, blocks, .. } => format!("{label}. {}", blocks_text(blocks)),
            Block::Proof { blocks } | Block::Quote { blocks } => blocks_text(blocks),
            Block::Equation { text, .. } | Block::Code { text } => text.clone(),
            Block::Figure { label, caption, .. } => match label {
                Some(label) => format!("{label}: {}", inline_text(caption)),
                None => inline_text(caption),
            },
            Block::Table { table } => table
                .rows
                .iter()
                .map(|row| row.join(" "))
                .collect::<Vec<_>>()
                .join("\n"),
        };
        if !text.trim().is_empty() {
            parts.push(text);
        }
    }
    parts.join("\n\n")
}
