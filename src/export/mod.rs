//! Turns a selection of papers (with the user's tags and notes) into files
//! other tools read: BibTeX for reference managers and LaTeX, Markdown for a
//! shareable reading list. JSON is rendered by the CLI from the same items.

mod bibtex;
mod markdown;

use std::fmt;
use std::str::FromStr;

use crate::model::Paper;

pub use bibtex::to_bibtex;
pub use markdown::to_markdown;

/// One paper to export, with what the user's library adds to it.
#[derive(Debug, Clone)]
pub struct ExportItem<'a> {
    /// The paper's id; the only thing known of a bookmark whose paper is
    /// missing from the index.
    pub id: &'a str,
    /// `None` for a bookmark whose paper is not in the index (removed, or an
    /// index being rebuilt): it is still exported, honestly, as its id with
    /// the user's tags and note, so an export never silently drops one.
    pub paper: Option<&'a Paper>,
    pub tags: Vec<String>,
    pub note: Option<String>,
}

/// The line both formats give a bookmark whose paper is not in the index.
pub(crate) const MISSING_PAPER: &str = "bookmarked, but the paper is not in the folio index: import it again or run `folio reindex` to export its details";

/// The formats `folio export --format` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Bibtex,
    Markdown,
    Json,
}

impl ExportFormat {
    /// Every format, in the order help text lists them.
    pub const ALL: [ExportFormat; 3] = [
        ExportFormat::Bibtex,
        ExportFormat::Markdown,
        ExportFormat::Json,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Bibtex => "bibtex",
            ExportFormat::Markdown => "markdown",
            ExportFormat::Json => "json",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Bibtex => "bib",
            ExportFormat::Markdown => "md",
            ExportFormat::Json => "json",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An export format name that folio does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown export format `{0}`; use one of: bibtex (or bib), markdown (or md), json")]
pub struct UnknownFormat(pub String);

impl FromStr for ExportFormat {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "bibtex" | "bib" => Ok(ExportFormat::Bibtex),
            "markdown" | "md" => Ok(ExportFormat::Markdown),
            "json" => Ok(ExportFormat::Json),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for format in ExportFormat::ALL {
            assert_eq!(format.name().parse::<ExportFormat>(), Ok(format));
            assert_eq!(format.extension().parse::<ExportFormat>(), Ok(format));
        }
        assert_eq!("BibTeX".parse::<ExportFormat>(), Ok(ExportFormat::Bibtex));
    }

    #[test]
    fn unknown_format_lists_the_choices() {
        let err = "ris".parse::<ExportFormat>().unwrap_err().to_string();
        assert!(err.contains("`ris`") && err.contains("bibtex"), "{err}");
    }
}
