//! arXiv's announcement feed (`https://rss.arxiv.org/rss/cs.CV+cs.LG`): the
//! papers announced today in some categories, one RSS page. A day without
//! announcements (weekends, holidays) is an empty feed and no error.

use super::{SyncError, base_url, parse_papers};
use crate::ingest::Format;
use crate::model::Paper;

pub const DEFAULT_ARXIV_NEW_BASE: &str = "https://rss.arxiv.org";

/// The feed URL of categories like `cs.CV+cs.LG`.
pub fn arxiv_new_url(base: &str, categories: &str) -> String {
    format!("{base}/rss/{categories}")
}

/// Checks `cs.CV+cs.LG` (categories or archives joined by `+`).
pub fn check_categories(categories: &str) -> Result<String, SyncError> {
    let parts: Vec<&str> = categories
        .split([' ', ',', '+'])
        .filter(|part| !part.is_empty())
        .collect();
    let valid = !parts.is_empty()
        && parts.iter().all(|cat| {
            cat.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        });
    if valid {
        Ok(parts.join("+"))
    } else {
        Err(SyncError::Argument {
            input: categories.to_string(),
            what: "arXiv categories",
            problem: "expected categories joined by +, e.g. cs.CV+cs.LG or math".to_string(),
        })
    }
}

/// Today's announcements of `categories`.
pub fn fetch_arxiv_new(
    client: &super::HttpClient,
    base: &str,
    categories: &str,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<Paper>, SyncError> {
    let base = base_url(base)?;
    let categories = check_categories(categories)?;
    let url = arxiv_new_url(&base, &categories);
    let text = client.get_text(&url)?;
    let papers = parse_papers(
        Format::ArxivRss,
        &text,
        &url,
        chrono::Utc::now().date_naive(),
    )?;
    progress(&format!("{} papers announced", papers.len()));
    Ok(papers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_checked_and_joined_by_plus() {
        assert_eq!(check_categories("cs.CV+cs.LG").unwrap(), "cs.CV+cs.LG");
        assert_eq!(check_categories("cs.CV, cs.LG").unwrap(), "cs.CV+cs.LG");
        assert_eq!(check_categories("math").unwrap(), "math");
        for bad in ["", " + ", "cs/CV", "a?b"] {
            assert!(check_categories(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            arxiv_new_url("https://rss.arxiv.org", "cs.CV+cs.LG"),
            "https://rss.arxiv.org/rss/cs.CV+cs.LG"
        );
    }
}
