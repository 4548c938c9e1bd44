//! Converts between a [`Paper`] and the tantivy document that indexes it.
//! One place decides what each field gets, so indexing and reading agree.

use tantivy::TantivyDocument;

use super::schema::{Fields, HAS_CODE, HAS_FULLTEXT, HAS_PDF, HAS_PROJECT};
use crate::journal::Locator;
use crate::model::{Paper, normalized_title};

/// Dates are indexed as `yyyymmdd` so a year is a contiguous range; 0 = unknown.
pub fn date_key(paper: &Paper) -> u64 {
    paper.date().map_or(0, day_key)
}

/// A stable 64-bit hash (FNV-1a) of a normalized title, the indexed stand-in
/// for the title itself when looking a paper up by title. Equal keys are
/// checked against the title, so a collision costs a comparison, never a
/// wrong merge.
pub fn title_key(normalized: &str) -> u64 {
    crate::stable_hash::fnv1a(normalized.bytes())
}

/// Orders by date (newest first when sorted descending), then by position on
/// the day's list (top first).
pub fn date_rank(paper: &Paper) -> u64 {
    const POSITIONS: u64 = 1_000_000;
    let position = u64::from(paper.position.unwrap_or(u32::MAX)).min(POSITIONS - 1);
    date_key(paper) * POSITIONS + (POSITIONS - 1 - position)
}

/// Orders by stars (most first when sorted descending), then like
/// [`date_rank`]: newest first, then top of the day's list, so papers with
/// equal or no stars come in the order the date sort gives them instead of an
/// arbitrary one. Stars take the high 32 bits; the low 32 hold the day (days
/// since 1970, 16 bits, to 2149) and the list position (16 bits, top first).
/// Papers without stars count as 0 and come last, as with upvotes.
pub fn stars_rank(paper: &Paper) -> u64 {
    const MAX16: u64 = 0xffff;
    let day = paper.date().map_or(0, |d| {
        // `NaiveDate::default()` is 1970-01-01.
        let days = d
            .signed_duration_since(chrono::NaiveDate::default())
            .num_days();
        u64::try_from(days).unwrap_or(0).min(MAX16)
    });
    let position = u64::from(paper.position.unwrap_or(u32::MAX)).min(MAX16);
    (u64::from(paper.stars.unwrap_or(0)) << 32) | (day << 16) | (MAX16 - position)
}

/// `2026-03-14` as `20260314`.
pub fn day_key(d: chrono::NaiveDate) -> u64 {
    use chrono::Datelike;
    let year = u64::try_from(d.year()).unwrap_or(0);
    year * 10_000 + u64::from(d.month()) * 100 + u64::from(d.day())
}

/// The day a [`day_key`] stands for (`None` for 0, unknown, or no day).
pub fn day_of_key(key: u64) -> Option<chrono::NaiveDate> {
    let (year, month_day) = (key / 10_000, key % 10_000);
    chrono::NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        u32::try_from(month_day / 100).ok()?,
        u32::try_from(month_day % 100).ok()?,
    )
}

/// The document for a paper whose journal line is at `at`.
/// Unix milliseconds of the paper's first import; 0 when unknown (papers
/// folio imported before it kept this are never new).
pub fn first_seen_key(paper: &Paper) -> u64 {
    paper
        .first_seen
        .map_or(0, |at| u64::try_from(at.timestamp_millis()).unwrap_or(0))
}

/// What the index holds of a paper besides its journal record: its full
/// text and PDF, kept in the data dir (see [`crate::fulltext::files`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocExtras {
    /// The full text, when it was fetched.
    pub body: Option<String>,
    pub has_pdf: bool,
}

pub fn doc_from_paper(
    f: &Fields,
    paper: &Paper,
    at: Locator,
    extras: &DocExtras,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, paper.id.as_str());
    doc.add_text(f.title, &paper.title);
    doc.add_text(f.title_plain, &paper.title);
    for author in &paper.authors {
        doc.add_text(f.authors, author);
    }
    doc.add_text(f.abstract_text, &paper.abstract_text);
    for cat in paper.categories.iter().chain(&paper.keywords) {
        doc.add_text(f.categories, cat);
    }
    let links = paper.links();
    if links.code.is_some() {
        doc.add_text(f.has, HAS_CODE);
    }
    if links.project.is_some() {
        doc.add_text(f.has, HAS_PROJECT);
    }
    if let Some(body) = &extras.body {
        doc.add_text(f.body, body);
        doc.add_text(f.has, HAS_FULLTEXT);
    }
    if extras.has_pdf {
        doc.add_text(f.has, HAS_PDF);
    }
    doc.add_u64(f.date, date_key(paper));
    doc.add_u64(f.date_rank, date_rank(paper));
    doc.add_u64(f.upvotes, u64::from(paper.upvotes.unwrap_or(0)));
    doc.add_u64(f.stars, stars_rank(paper));
    doc.add_u64(f.first_seen, first_seen_key(paper));
    let title = normalized_title(&paper.title);
    doc.add_u64(f.title_key, title_key(&title));
    doc.add_text(f.title_sort, title);
    doc.add_u64(f.record_at, at.packed_position());
    doc.add_u64(f.record_len, at.packed_len());
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_key_reads_back_as_its_day_and_zero_as_none() {
        for (y, m, d) in [(1991, 8, 14), (2026, 12, 31), (2024, 2, 29)] {
            let day = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(day_of_key(day_key(day)), Some(day));
        }
        assert_eq!(day_of_key(0), None);
        assert_eq!(day_of_key(20_261_301), None);
    }
}
