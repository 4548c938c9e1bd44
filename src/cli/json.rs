//! The stable JSON shape of `--json` output and JSON exports. Field names are
//! a public contract (documented in README.md): add fields, never rename.

use std::ops::Range;

use serde::Serialize;

use crate::index::Hit;
use crate::library::UserState;
use crate::model::{Links, Paper, sanitize};

#[derive(Debug, Serialize)]
pub struct PaperJson<'a> {
    pub id: &'a str,
    pub arxiv_id: Option<&'a str>,
    pub title: &'a str,
    pub authors: &'a [String],
    /// Publication date, else the day it was listed (YYYY-MM-DD).
    pub published: Option<String>,
    pub upvotes: Option<u32>,
    /// GitHub stars of the code repository (Hugging Face `githubStars`).
    pub stars: Option<u32>,
    pub comments: Option<u32>,
    pub categories: &'a [String],
    pub keywords: &'a [String],
    pub links: Links,
    pub bookmarked: bool,
    pub tags: Vec<String>,
    pub note: Option<String>,
    pub read: bool,
    /// The user is not interested (`folio dismiss`, `is:dismissed`).
    pub dismissed: bool,
    /// First imported since the user last looked (`is:new`).
    pub new: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(flatten)]
    pub detail: Option<DetailJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(flatten)]
    pub hit: Option<HitJson<'a>>,
}

/// Extra fields of `folio show`.
#[derive(Debug, Serialize)]
pub struct DetailJson<'a> {
    #[serde(rename = "abstract")]
    pub abstract_text: &'a str,
    pub listed: Option<String>,
    pub updated: Option<String>,
    pub doi: Option<&'a str>,
    pub journal_ref: Option<&'a str>,
    pub comment: Option<&'a str>,
    pub generated_summary: Option<&'a str>,
    pub organization: Option<&'a str>,
    pub source: &'static str,
}

/// Extra fields of a search hit.
#[derive(Debug, Serialize)]
pub struct HitJson<'a> {
    pub score: f32,
    pub snippet: &'a str,
    pub highlights: Highlights,
}

#[derive(Debug, Serialize)]
pub struct Highlights {
    /// Byte ranges `[start, end)` of matched words in `title`.
    pub title: Vec<[usize; 2]>,
    /// Byte ranges `[start, end)` of matched words in `snippet`.
    pub snippet: Vec<[usize; 2]>,
}

fn pairs(ranges: &[Range<usize>]) -> Vec<[usize; 2]> {
    ranges.iter().map(|r| [r.start, r.end]).collect()
}

pub fn paper_json<'a>(paper: &'a Paper, state: &UserState) -> PaperJson<'a> {
    let id = paper.id.as_str();
    PaperJson {
        id,
        arxiv_id: paper.arxiv_id.as_deref(),
        title: &paper.title,
        authors: &paper.authors,
        published: paper.date().map(|d| d.to_string()),
        upvotes: paper.upvotes,
        stars: paper.stars,
        comments: paper.comments,
        categories: &paper.categories,
        keywords: &paper.keywords,
        links: paper.links(),
        bookmarked: state.is_bookmarked(id),
        tags: clean_tags_of(state, id),
        note: clean_note_of(state, id),
        read: state.is_read(id),
        dismissed: state.is_dismissed(id),
        new: state.is_new(paper.first_seen),
        detail: None,
        hit: None,
    }
}

/// The tags on `id`, cleaned: the library file may have been edited by hand,
/// and JSON goes to terminals and scripts like feed text does.
pub fn clean_tags_of(state: &UserState, id: &str) -> Vec<String> {
    state
        .tags_of(id)
        .iter()
        .map(|t| sanitize::clean_text(t))
        .collect()
}

/// The note on `id`, cleaned like [`clean_tags_of`] (line breaks kept).
pub fn clean_note_of(state: &UserState, id: &str) -> Option<String> {
    state
        .note_of(id)
        .map(|note| sanitize::clean_multiline(&note))
}

pub fn detail_json(paper: &Paper) -> DetailJson<'_> {
    DetailJson {
        abstract_text: &paper.abstract_text,
        listed: paper.listed.map(|d| d.to_string()),
        updated: paper.updated.map(|d| d.to_string()),
        doi: paper.doi.as_deref(),
        journal_ref: paper.journal_ref.as_deref(),
        comment: paper.comment.as_deref(),
        generated_summary: paper.generated_summary.as_deref(),
        organization: paper.organization.as_deref(),
        source: paper.source.name(),
    }
}

pub fn hit_json<'a>(hit: &'a Hit, state: &UserState) -> PaperJson<'a> {
    let mut json = paper_json(&hit.paper, state);
    json.hit = Some(HitJson {
        score: hit.score,
        snippet: &hit.snippet.text,
        highlights: Highlights {
            title: pairs(&hit.title_highlights),
            snippet: pairs(&hit.snippet.highlights),
        },
    });
    json
}

/// Pretty JSON with a trailing newline, as printed by every `--json` flag.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = serde_json::to_string_pretty(value).expect("JSON output always serializes");
    out.push('\n');
    out
}
