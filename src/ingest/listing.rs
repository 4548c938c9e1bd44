//! The Hugging Face papers page copied as text: a few header lines, a date
//! line (`Mar 14`), then a title line and an abstract line per paper, every
//! line separated by blank lines. It carries no ids, authors or links, so
//! papers get a slug id and their links come from URLs in the abstract.

use chrono::{Datelike, NaiveDate};

use super::IngestError;
use crate::model::{Paper, PaperId, Source, fill_links_from_text, sanitize, slug_from_title};

/// Lines the HF page shows above the papers; they are never papers.
const HEADER_LINES: &[&str] = &[
    "new",
    "get trending papers in your email inbox!",
    "subscribe",
    "byak and the research community",
    "daily papers",
];

/// A title longer than this is almost certainly an abstract out of place.
const MAX_TITLE_CHARS: usize = 400;

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Parses a date line: `Mar 14`, `March 14`, `Mar 14, 2024` or `2024-03-14`.
/// A date without a year is the most recent such day not after `today`.
pub fn parse_date_line(line: &str, today: NaiveDate) -> Option<NaiveDate> {
    let line = line.trim();
    if let Ok(date) = NaiveDate::parse_from_str(line, "%Y-%m-%d") {
        return Some(date);
    }
    let (month_part, rest) = line.split_once(' ')?;
    let month_lower = month_part.to_lowercase();
    if month_lower.len() < 3 || !month_lower.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let month = MONTHS.iter().position(|m| month_lower.starts_with(m))? as u32 + 1;
    let full_names = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if !full_names[month as usize - 1].starts_with(&month_lower) {
        return None;
    }
    let (day_part, year_part) = match rest.split_once(',') {
        Some((d, y)) => (d.trim(), Some(y.trim())),
        None => (rest.trim(), None),
    };
    let day: u32 = day_part.parse().ok()?;
    match year_part {
        Some(y) => NaiveDate::from_ymd_opt(y.parse().ok()?, month, day),
        None => {
            let this_year = NaiveDate::from_ymd_opt(today.year(), month, day);
            match this_year {
                Some(d) if d <= today => Some(d),
                _ => NaiveDate::from_ymd_opt(today.year() - 1, month, day),
            }
        }
    }
}

fn is_header(line: &str) -> bool {
    HEADER_LINES.contains(&line.trim().to_lowercase().as_str())
}

/// Parses a whole listing. `today` resolves dates given without a year.
pub fn parse(text: &str, origin: &str, today: NaiveDate) -> Result<Vec<Paper>, IngestError> {
    let error = |line: usize, message: &str| IngestError::Parse {
        origin: origin.to_string(),
        line,
        message: message.to_string(),
    };
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let mut papers = Vec::new();
    let mut date = None;
    let mut seen_paper = false;
    let mut i = 0;
    while i < lines.len() {
        let (line_no, line) = lines[i];
        if let Some(d) = parse_date_line(line, today) {
            date = Some(d);
            i += 1;
            continue;
        }
        if !seen_paper && is_header(line) {
            i += 1;
            continue;
        }
        let Some(&(_, abstract_line)) = lines.get(i + 1) else {
            return Err(error(
                line_no,
                "this title has no abstract after it; every paper is a title line followed by an abstract line",
            ));
        };
        if line.chars().count() > MAX_TITLE_CHARS {
            return Err(error(
                line_no,
                "expected a paper title but found a long paragraph; is an abstract missing its title?",
            ));
        }
        let title = sanitize::clean_text(line);
        if title.is_empty() {
            return Err(error(
                line_no,
                "the title is empty once control characters are removed",
            ));
        }
        let mut paper = Paper {
            id: PaperId::new(slug_from_title(&title)),
            title,
            abstract_text: sanitize::clean_text(abstract_line),
            listed: date,
            position: u32::try_from(papers.len()).ok(),
            source: Source::Listing,
            ..Paper::default()
        };
        fill_links_from_text(&mut paper);
        papers.push(paper);
        seen_paper = true;
        i += 2;
    }
    if papers.is_empty() {
        return Err(IngestError::Unreadable {
            origin: origin.to_string(),
            message: "no papers found: a listing has a title line and an abstract line per paper"
                .into(),
        });
    }
    Ok(papers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn date_lines() {
        let d = |s| parse_date_line(s, today());
        assert_eq!(d("Mar 14"), NaiveDate::from_ymd_opt(2026, 3, 14));
        assert_eq!(
            d("Dec 24"),
            NaiveDate::from_ymd_opt(2025, 12, 24),
            "a future day is last year's"
        );
        assert_eq!(d("March 14, 2024"), NaiveDate::from_ymd_opt(2024, 3, 14));
        assert_eq!(d("2024-03-14"), NaiveDate::from_ymd_opt(2024, 3, 14));
        assert_eq!(d("Mamba 2"), None);
        assert_eq!(d("May be"), None);
        assert_eq!(d("Feb 30"), None);
    }

    #[test]
    fn headers_and_date_are_not_papers() {
        let text = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\nMar 14\n\nA Title\n\nAn abstract. Code: https://github.com/o/r.\n\nSecond\n\nSecond abstract.\n";
        let papers = parse(text, "x.txt", today()).unwrap();
        assert_eq!(papers.len(), 2);
        assert_eq!(papers[0].title, "A Title");
        assert_eq!(papers[0].id.as_str(), "a-title");
        assert_eq!(papers[0].listed, NaiveDate::from_ymd_opt(2026, 3, 14));
        assert_eq!(
            papers[0].code_url.as_deref(),
            Some("https://github.com/o/r")
        );
        assert_eq!(papers[1].abstract_text, "Second abstract.");
    }

    #[test]
    fn a_title_without_abstract_is_reported_with_its_line() {
        let err = parse("Mar 14\n\nT1\n\nA1\n\nT2\n", "f.txt", today()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.txt:7: this title has no abstract after it; every paper is a title line followed by an abstract line"
        );
    }

    #[test]
    fn escape_sequences_never_survive() {
        let papers = parse("T\x1b[31mitle\n\nAb\x1b]0;pwned\x07stract\n", "f", today()).unwrap();
        assert_eq!(papers[0].title, "Title");
        assert_eq!(papers[0].abstract_text, "Abstract");
    }

    #[test]
    fn the_demo_corpus_has_73_papers() {
        let text = include_str!("../../assets/hf-papers-listing.txt");
        let papers = parse(text, "demo", today()).unwrap();
        assert_eq!(papers.len(), 73);
        assert!(
            papers
                .iter()
                .all(|p| p.listed == NaiveDate::from_ymd_opt(2026, 3, 14))
        );
        let code = papers.iter().filter(|p| p.code_url.is_some()).count();
        let project = papers.iter().filter(|p| p.project_url.is_some()).count();
        assert_eq!((code, project), (13, 5));
        let aot = papers
            .iter()
            .find(|p| p.title.starts_with("Aggregated Contextual"))
            .unwrap();
        assert_eq!(
            aot.code_url.as_deref(),
            Some("https://github.com/researchmm/AOT-GAN-for-Inpainting")
        );
        let ids: std::collections::HashSet<_> = papers.iter().map(|p| p.id.clone()).collect();
        assert_eq!(ids.len(), 73, "slugs are unique");
    }
}
