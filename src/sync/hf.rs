//! Paging through the Hugging Face `daily_papers` API. The API has no total
//! count, so a page shorter than requested is the only sign of the end.

use std::collections::HashSet;

use serde::de::IgnoredAny;

use super::{Get, HfPeriod, Parse, SyncError, base_url, parse_papers};
use crate::ingest::Format;
use crate::model::Paper;

pub const DEFAULT_HF_BASE: &str = "https://huggingface.co";
/// Items asked for per request: the API's maximum.
pub const HF_PAGE: usize = 100;
/// A bound on requests (10,000 papers) in case a server never sends a
/// short page; a month of daily papers is far below it.
const MAX_PAGES: usize = 100;

/// The URL of page `page` (from 0) of the daily papers of `period`.
pub fn hf_page_url(base: &str, period: &HfPeriod, page: usize) -> String {
    format!(
        "{base}/api/daily_papers?{}&p={page}&limit={HF_PAGE}",
        period.query()
    )
}

/// Every daily paper of `period`, page by page, up to `limit` papers.
/// `progress` hears about each page. Nothing is stored here: the caller
/// imports the result in one go.
pub fn fetch_hf(
    client: &super::HttpClient,
    base: &str,
    period: &HfPeriod,
    limit: Option<usize>,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<Paper>, SyncError> {
    let base = base_url(base)?;
    let today = chrono::Utc::now().date_naive();
    fetch_pages(
        &mut |url| client.get_text(url),
        &mut |text, url| parse_papers(Format::Hf, text, url, today),
        &base,
        period,
        limit,
        progress,
    )
}

/// The paging loop, with the download and the parser passed in.
fn fetch_pages(
    get: &mut Get<'_>,
    parse: &mut Parse<'_>,
    base: &str,
    period: &HfPeriod,
    limit: Option<usize>,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<Paper>, SyncError> {
    let mut papers = Vec::new();
    let mut seen = HashSet::new();
    if limit == Some(0) {
        return Ok(papers);
    }
    for page in 0..MAX_PAGES {
        let url = hf_page_url(base, period, page);
        let text = get(&url)?;
        let items = count_items(&text, &url)?;
        // An empty day (weekends) needs no parsing.
        let page_papers = if items == 0 {
            Vec::new()
        } else {
            parse(&text, &url)?
        };
        progress(&format!("page {}: {items} papers", page + 1));
        let before = seen.len();
        seen.extend(page_papers.iter().map(|p| p.id.as_str().to_string()));
        let nothing_new = seen.len() == before;
        papers.extend(page_papers);
        if let Some(limit) = limit
            && papers.len() >= limit
        {
            papers.truncate(limit);
            break;
        }
        // A full page of papers already seen: the server ignores `p`.
        if items < HF_PAGE || nothing_new {
            break;
        }
    }
    Ok(papers)
}

/// The number of items in a page, checking on the way that the body is the
/// JSON array the API sends (not an HTML page or a cut-off download).
fn count_items(text: &str, url: &str) -> Result<usize, SyncError> {
    let problem = match serde_json::from_str::<Vec<IgnoredAny>>(text) {
        Ok(items) => return Ok(items.len()),
        Err(_) if text.trim_start().starts_with('<') => {
            "it sent an HTML or XML page instead of JSON".to_string()
        }
        Err(_) if text.trim().is_empty() => "the answer is empty".to_string(),
        Err(e) if e.is_eof() => "the JSON ends early (the download was cut off)".to_string(),
        Err(_) if text.trim_start().starts_with('{') => {
            let mut start: String = text.trim().chars().take(120).collect();
            if start.len() < text.trim().len() {
                start.push('…');
            }
            format!("it sent a JSON object instead of a list of papers: {start}")
        }
        Err(e) => format!("the JSON is malformed ({e})"),
    };
    Err(SyncError::Format {
        url: url.to_string(),
        expected: "the Hugging Face daily papers JSON",
        problem,
        server: "a Hugging Face API server such as https://huggingface.co",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PaperId;

    /// A page of `n` items; the stand-in parser turns each `{"id": ..}`
    /// into a paper.
    fn page(ids: impl IntoIterator<Item = usize>) -> String {
        let items: Vec<String> = ids
            .into_iter()
            .map(|i| format!("{{\"id\":\"p{i}\"}}"))
            .collect();
        format!("[{}]", items.join(","))
    }

    fn stand_in_parse(text: &str, _url: &str) -> Result<Vec<Paper>, SyncError> {
        let items: Vec<serde_json::Value> = serde_json::from_str(text).unwrap();
        Ok(items
            .iter()
            .map(|item| Paper {
                id: PaperId::new(item["id"].as_str().unwrap()),
                ..Paper::default()
            })
            .collect())
    }

    struct Run {
        urls: Vec<String>,
        progress: Vec<String>,
        result: Result<Vec<Paper>, SyncError>,
    }

    fn run(pages: Vec<String>, limit: Option<usize>) -> Run {
        let mut urls = Vec::new();
        let mut progress = Vec::new();
        let mut pages = pages.into_iter();
        let result = fetch_pages(
            &mut |url| {
                urls.push(url.to_string());
                Ok(pages.next().expect("no more scripted pages"))
            },
            &mut stand_in_parse,
            "http://h",
            &HfPeriod::parse_day("2026-11-27").unwrap(),
            limit,
            &mut |line| progress.push(line.to_string()),
        );
        Run {
            urls,
            progress,
            result,
        }
    }

    #[test]
    fn pages_are_fetched_until_a_short_one() {
        let run = run(vec![page(0..100), page(100..200), page(200..230)], None);
        assert_eq!(run.result.unwrap().len(), 230);
        assert_eq!(
            run.urls,
            [0, 1, 2].map(|p| format!("http://h/api/daily_papers?date=2026-11-27&p={p}&limit=100"))
        );
        assert_eq!(
            run.progress,
            [
                "page 1: 100 papers",
                "page 2: 100 papers",
                "page 3: 30 papers"
            ]
        );
    }

    #[test]
    fn an_empty_day_is_zero_papers() {
        let run = run(vec!["[]".to_string()], None);
        assert!(run.result.unwrap().is_empty());
        assert_eq!(run.urls.len(), 1);
    }

    #[test]
    fn the_limit_stops_paging_and_trims() {
        let limited = run(vec![page(0..100), page(100..200)], Some(150));
        let papers = limited.result.unwrap();
        assert_eq!(papers.len(), 150);
        assert_eq!(papers[149].id.as_str(), "p149");
        assert_eq!(limited.urls.len(), 2);
        let none = run(vec![], Some(0));
        assert!(none.result.unwrap().is_empty());
        assert!(none.urls.is_empty());
    }

    #[test]
    fn a_server_that_ignores_the_page_number_is_not_paged_forever() {
        let run = run(vec![page(0..100), page(0..100)], None);
        assert_eq!(run.result.unwrap().len(), 200);
        assert_eq!(run.urls.len(), 2);
    }

    #[test]
    fn bodies_that_are_not_the_json_array_are_named() {
        let cases = [
            ("<!DOCTYPE html><html>", "HTML"),
            ("[{\"id\":\"p1\"},{\"id\"", "ends early"),
            (
                "{\"error\":\"Invalid date\"}",
                "JSON object instead of a list",
            ),
            ("", "empty"),
            ("[1,]", "malformed"),
        ];
        for (body, problem) in cases {
            let err = run(vec![body.to_string()], None)
                .result
                .unwrap_err()
                .to_string();
            assert!(err.contains(problem), "{body}: {err}");
            assert!(
                err.contains("http://h/api/daily_papers?date=2026-11-27&p=0"),
                "{err}"
            );
            assert!(err.contains("check that the base URL"), "{err}");
        }
    }

    #[test]
    fn a_failed_page_fails_the_whole_fetch() {
        let mut calls = 0;
        let result = fetch_pages(
            &mut |url| {
                calls += 1;
                if calls == 1 {
                    Ok(page(0..100))
                } else {
                    Err(SyncError::Transfer {
                        url: url.to_string(),
                        reason: "reset".into(),
                    })
                }
            },
            &mut stand_in_parse,
            "http://h",
            &HfPeriod::today(),
            None,
            &mut |_| {},
        );
        assert!(matches!(result, Err(SyncError::Transfer { .. })));
    }
}
