//! Reading papers out of the feed formats researchers already have.
//!
//! Each format has its own parser file; this module detects the format from
//! the content and gives every problem a `FILE:LINE: what is wrong` message.
//! Parsers sanitize all text, so nothing downstream sees raw feed bytes.

pub mod atom;
mod detect;
#[cfg(test)]
mod fuzz_regressions;
#[doc(hidden)]
pub mod fuzzing;
pub mod hf;
pub mod jsonl;
pub mod latex;
pub mod listing;
pub mod oai;
mod open;
pub mod rss;
mod xml_feed;
mod xml_text;

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

pub use detect::detect_format;
pub use open::{Input, open_input};

use crate::model::Paper;

/// The formats folio reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The Hugging Face papers page copied as text.
    Listing,
    /// The Hugging Face `daily_papers` / `papers` JSON API.
    Hf,
    /// The arXiv API Atom feed.
    ArxivAtom,
    /// The arXiv metadata snapshot, JSON Lines.
    ArxivJsonl,
    /// The arXiv announcement RSS feed (`rss.arxiv.org`).
    ArxivRss,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Listing,
        Format::Hf,
        Format::ArxivAtom,
        Format::ArxivJsonl,
        Format::ArxivRss,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Listing => "listing",
            Format::Hf => "hf",
            Format::ArxivAtom => "arxiv-atom",
            Format::ArxivJsonl => "arxiv-jsonl",
            Format::ArxivRss => "arxiv-rss",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                format!("unknown format `{s}`: use auto, listing, hf, arxiv-atom, arxiv-jsonl or arxiv-rss")
            })
    }
}

#[derive(Debug, Error, PartialEq)]
pub enum IngestError {
    #[error("{origin}:{line}: {message}")]
    Parse {
        origin: String,
        line: usize,
        message: String,
    },
    #[error("{origin}: {message}")]
    Unreadable { origin: String, message: String },
}

/// One paper out of a feed, or why that record could not be read.
pub type PaperResult = Result<Paper, IngestError>;

/// The papers of an input, in order. Records that fail yield an error the
/// importer can stop at (the default) or skip (`--skip-bad`); an input that
/// cannot be read at all fails before the first record.
pub type Papers = Box<dyn Iterator<Item = PaperResult> + Send>;

/// Parses a whole input held in memory.
pub fn parse(
    format: Format,
    text: &str,
    origin: &str,
    today: chrono::NaiveDate,
) -> Result<Vec<Paper>, IngestError> {
    read_text(format, text, origin, today)?.collect()
}

/// Papers from a text already in memory.
pub fn read_text(
    format: Format,
    text: &str,
    origin: &str,
    today: chrono::NaiveDate,
) -> Result<Papers, IngestError> {
    match format {
        Format::Listing => Ok(Box::new(
            listing::parse(text, origin, today)?.into_iter().map(Ok),
        )),
        Format::Hf => Ok(Box::new(hf::parse(text, origin)?.into_iter())),
        Format::ArxivAtom => Ok(Box::new(atom::parse(text, origin)?.into_iter())),
        Format::ArxivRss => Ok(Box::new(rss::parse(text, origin)?.into_iter())),
        Format::ArxivJsonl => {
            // The iterator must own its input: a copy of the text, read
            // through the same line-by-line reader as a file.
            let owned = std::io::Cursor::new(text.as_bytes().to_vec());
            Ok(Box::new(jsonl::JsonlPapers::new(Box::new(owned), origin)))
        }
    }
}

/// Papers streamed from a reader. JSON Lines is read line by line in
/// constant memory; the other formats are documents read whole.
pub fn read(
    format: Format,
    mut input: Box<dyn std::io::BufRead + Send>,
    origin: &str,
    today: chrono::NaiveDate,
) -> Result<Papers, IngestError> {
    if format == Format::ArxivJsonl {
        return Ok(Box::new(jsonl::JsonlPapers::new(input, origin)));
    }
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| IngestError::Unreadable {
            origin: origin.to_string(),
            message: format!("could not read it ({e}); check the file or download it again"),
        })?;
    let text = String::from_utf8(bytes)
        .map_err(|e| not_utf8(origin, e.as_bytes(), e.utf8_error(), 0, 1))?;
    read_text(format, &text, origin, today)
}

/// Longest piece of input quoted in an error message, in characters.
const MAX_QUOTED_CHARS: usize = 200;

/// A parser library's message about the input, fit for the terminal: such
/// messages quote the input (an XML tag name, a JSON string), which may
/// carry escape sequences or be megabytes long, so they are sanitized like
/// any feed text and cut short.
pub(crate) fn quoted(message: &str) -> String {
    let clean = crate::model::sanitize::clean_text(message);
    match clean.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &clean[..cut]),
        None => clean,
    }
}

/// The error for bytes that are not UTF-8: the line and the byte offset of
/// the first bad byte, so the user can find it (`cut -b`, a hex editor).
/// `bytes` starts at byte offset `base` of the input, on line `first_line`.
pub(crate) fn not_utf8(
    origin: &str,
    bytes: &[u8],
    e: std::str::Utf8Error,
    base: u64,
    first_line: usize,
) -> IngestError {
    let at = e.valid_up_to();
    let before = &bytes[..at.min(bytes.len())];
    let line = first_line + before.iter().filter(|&&b| b == b'\n').count();
    let column = at
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |nl| nl + 1)
        + 1;
    let bad = bytes
        .get(at)
        .map_or(String::new(), |b| format!(" (0x{b:02X})"));
    IngestError::Parse {
        origin: origin.to_string(),
        line,
        message: format!(
            "invalid UTF-8 at byte offset {} (byte {column} of the line){bad}; feeds are UTF-8 text, re-save or re-download the file as UTF-8",
            base + at as u64
        ),
    }
}
