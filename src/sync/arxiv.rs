//! Paging through the arXiv API. arXiv asks clients to pause between calls
//! and reports errors (such as a malformed query) as a normal-looking feed,
//! so both are handled here rather than left to the Atom parser.

use std::time::{Duration, Instant};

use super::{Get, Parse, SyncError, base_url, parse_papers};
use crate::ingest::Format;
use crate::model::Paper;

pub const DEFAULT_ARXIV_BASE: &str = "https://export.arxiv.org";
/// Entries asked for per call.
pub const ARXIV_PAGE: usize = 200;
/// The pause arXiv asks for between calls.
pub const ARXIV_DELAY: Duration = Duration::from_secs(3);
/// Papers fetched when no maximum is given.
pub const ARXIV_DEFAULT_MAX: usize = 100;
/// A bound on calls whatever the maximum (100,000 papers).
const MAX_CALLS: usize = 500;
/// How many times a page that came back empty is asked for again while
/// `totalResults` says more papers remain (arXiv does this when busy).
const EMPTY_PAGE_RETRIES: usize = 3;

/// What to ask arXiv for.
#[derive(Debug, Clone, PartialEq)]
pub struct ArxivQuery {
    /// An arXiv `search_query`, e.g. `cat:cs.CV AND ti:diffusion`.
    pub query: String,
    /// Stop after this many papers.
    pub max: usize,
    /// Pause between calls (arXiv asks for 3 s).
    pub delay: Duration,
}

impl ArxivQuery {
    /// `query` with the default maximum and arXiv's pause.
    pub fn new(query: impl Into<String>) -> ArxivQuery {
        ArxivQuery {
            query: query.into(),
            max: ARXIV_DEFAULT_MAX,
            delay: ARXIV_DELAY,
        }
    }
}

/// The URL of one call: `count` entries from `start`, newest first.
pub fn arxiv_page_url(base: &str, query: &str, start: usize, count: usize) -> String {
    format!(
        "{base}/api/query?search_query={}&start={start}&max_results={count}\
         &sortBy=submittedDate&sortOrder=descending",
        super::http::percent_encode(query)
    )
}

/// The newest papers matching `query`, newest first, in calls of at most
/// [`ARXIV_PAGE`] entries spaced by `query.delay`. Nothing is stored here.
pub fn fetch_arxiv(
    client: &super::HttpClient,
    base: &str,
    query: &ArxivQuery,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<Paper>, SyncError> {
    let base = base_url(base)?;
    if query.query.trim().is_empty() {
        return Err(SyncError::Argument {
            input: query.query.clone(),
            what: "arXiv query",
            problem: "it is empty; give one like `cat:cs.CV AND ti:diffusion`".to_string(),
        });
    }
    let today = chrono::Utc::now().date_naive();
    fetch_pages(
        &mut |url| client.get_text(url),
        &mut |text, url| parse_papers(Format::ArxivAtom, text, url, today),
        &base,
        query,
        progress,
    )
}

/// The paging loop, with the download and the parser passed in.
fn fetch_pages(
    get: &mut Get<'_>,
    parse: &mut Parse<'_>,
    base: &str,
    query: &ArxivQuery,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<Paper>, SyncError> {
    let mut papers = Vec::new();
    let mut start = 0;
    let mut last_call: Option<Instant> = None;
    let mut page = 0;
    let mut empty_answers = 0;
    for _ in 0..MAX_CALLS {
        if start >= query.max {
            break;
        }
        if let Some(done) = last_call {
            std::thread::sleep(query.delay.saturating_sub(done.elapsed()));
        }
        let count = ARXIV_PAGE.min(query.max - start);
        let url = arxiv_page_url(base, &query.query, start, count);
        let text = get(&url);
        last_call = Some(Instant::now());
        let text = text?;
        let feed = check_feed(&text, &url)?;
        // arXiv sometimes answers a busy moment with an empty page while
        // `totalResults` says more remain: that is not the end, ask again.
        if let Some(total) = feed.total
            && feed.entries == 0
            && start < total
        {
            empty_answers += 1;
            if empty_answers > EMPTY_PAGE_RETRIES {
                return Err(SyncError::Transfer {
                    url,
                    reason: format!(
                        "arXiv sent an empty page {empty_answers} times in a row although it \
                         reports {total} papers and only {start} arrived (arXiv is probably \
                         busy); nothing was saved"
                    ),
                });
            }
            progress(&format!(
                "page {}: empty although arXiv reports {total} papers, asking again",
                page + 1
            ));
            continue;
        }
        empty_answers = 0;
        page += 1;
        let page_papers = if feed.entries == 0 {
            Vec::new()
        } else {
            parse(&text, &url)?
        };
        progress(&format!("page {page}: {} papers", feed.entries));
        papers.extend(page_papers);
        start += feed.entries;
        let past_total = feed.total.is_some_and(|total| start >= total);
        if feed.entries < count || past_total {
            break;
        }
    }
    papers.truncate(query.max);
    Ok(papers)
}

/// What folio needs to know about a page before parsing it.
#[derive(Debug, PartialEq)]
struct FeedFacts {
    entries: usize,
    total: Option<usize>,
}

/// Checks the body is a whole Atom feed and not one of arXiv's error
/// feeds, and counts its entries.
fn check_feed(text: &str, url: &str) -> Result<FeedFacts, SyncError> {
    let format_error = |problem: &str| SyncError::Format {
        url: url.to_string(),
        expected: "an arXiv Atom feed",
        problem: problem.to_string(),
        server: "the arXiv API such as https://export.arxiv.org",
    };
    let head = text.trim_start();
    if head.is_empty() {
        return Err(format_error("the answer is empty"));
    }
    if !text.contains("<feed") {
        let lower: String = head.chars().take(200).collect::<String>().to_lowercase();
        return Err(format_error(
            if lower.contains("<html") || lower.contains("<!doctype html") {
                "it sent an HTML page instead"
            } else {
                "the answer has no <feed> element"
            },
        ));
    }
    if !text.trim_end().ends_with("</feed>") {
        return Err(format_error(
            "the feed ends early (the download was cut off)",
        ));
    }
    if text.contains("arxiv.org/api/errors") {
        let message = element_text(text, "summary")
            .or_else(|| element_text(text, "title"))
            .unwrap_or("arXiv reported an error")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        return Err(SyncError::Query {
            url: url.to_string(),
            message,
        });
    }
    let entries = text.match_indices("<entry").filter(|(at, _)| {
        matches!(
            text.as_bytes().get(at + "<entry".len()),
            Some(b'>' | b' ' | b'\n' | b'\r' | b'\t')
        )
    });
    Ok(FeedFacts {
        entries: entries.count(),
        total: element_text(text, "totalResults").and_then(|t| t.trim().parse().ok()),
    })
}

/// The text of the first element whose (unprefixed) name is `name`.
fn element_text<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = text;
    while let Some(at) = rest.find(name) {
        let before = &rest[..at];
        let after = &rest[at + name.len()..];
        let opens = before.ends_with('<')
            || before
                .rsplit('<')
                .next()
                .is_some_and(|p| !p.is_empty() && p.ends_with(':') && !p.contains(['>', ' ', '/']));
        if opens && after.starts_with(['>', ' ']) {
            let body = &after[after.find('>')? + 1..];
            return Some(&body[..body.find('<')?]);
        }
        rest = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PaperId;

    fn feed(total: usize, ids: impl IntoIterator<Item = usize>) -> String {
        let entries: String = ids
            .into_iter()
            .map(|i| format!("<entry>\n<id>http://arxiv.org/abs/2601.{i:05}v1</id></entry>\n"))
            .collect();
        format!(
            "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
             <opensearch:totalResults xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">{total}</opensearch:totalResults>\n\
             {entries}</feed>\n"
        )
    }

    fn stand_in_parse(text: &str, _url: &str) -> Result<Vec<Paper>, SyncError> {
        Ok(text
            .match_indices("abs/")
            .map(|(at, _)| Paper {
                id: PaperId::new(&text[at + 4..at + 14]),
                ..Paper::default()
            })
            .collect())
    }

    fn run(pages: Vec<String>, max: usize) -> (Vec<String>, Result<Vec<Paper>, SyncError>) {
        let mut urls = Vec::new();
        let mut pages = pages.into_iter();
        let query = ArxivQuery {
            query: "cat:cs.CV AND ti:diffusion".into(),
            max,
            delay: Duration::ZERO,
        };
        let result = fetch_pages(
            &mut |url| {
                urls.push(url.to_string());
                Ok(pages.next().expect("no more scripted pages"))
            },
            &mut stand_in_parse,
            "http://a",
            &query,
            &mut |_| {},
        );
        (urls, result)
    }

    fn starts(urls: &[String]) -> Vec<(usize, usize)> {
        urls.iter()
            .map(|u| {
                let num = |key: &str| -> usize {
                    let from = u.find(key).unwrap() + key.len();
                    u[from..].split('&').next().unwrap().parse().unwrap()
                };
                (num("&start="), num("&max_results="))
            })
            .collect()
    }

    #[test]
    fn the_query_is_encoded_and_sorted_newest_first() {
        assert_eq!(
            arxiv_page_url("http://a", "cat:cs.CV AND ti:\"x y\"", 0, 200),
            "http://a/api/query?search_query=cat%3Acs.CV%20AND%20ti%3A%22x%20y%22\
             &start=0&max_results=200&sortBy=submittedDate&sortOrder=descending"
        );
    }

    #[test]
    fn pages_of_200_until_the_maximum() {
        let (urls, result) = run(
            vec![
                feed(9999, 0..200),
                feed(9999, 200..400),
                feed(9999, 400..450),
            ],
            450,
        );
        assert_eq!(result.unwrap().len(), 450);
        assert_eq!(starts(&urls), [(0, 200), (200, 200), (400, 50)]);
    }

    #[test]
    fn total_results_ends_the_paging() {
        let (urls, result) = run(vec![feed(200, 0..200)], 1000);
        assert_eq!(result.unwrap().len(), 200);
        assert_eq!(urls.len(), 1);
    }

    #[test]
    fn a_short_page_ends_the_paging() {
        let (urls, result) = run(vec![feed(9999, 0..200), feed(9999, 200..210)], 1000);
        assert_eq!(result.unwrap().len(), 210);
        assert_eq!(urls.len(), 2);
    }

    #[test]
    fn an_empty_page_while_more_remain_is_asked_again() {
        let (urls, result) = run(
            vec![feed(400, 0..200), feed(400, []), feed(400, 200..400)],
            1000,
        );
        assert_eq!(result.unwrap().len(), 400);
        assert_eq!(starts(&urls), [(0, 200), (200, 200), (200, 200)]);
    }

    #[test]
    fn a_page_that_stays_empty_fails_the_sync() {
        let mut pages = vec![feed(400, 0..200)];
        pages.extend(std::iter::repeat_with(|| feed(400, [])).take(EMPTY_PAGE_RETRIES + 1));
        let (urls, result) = run(pages, 1000);
        assert_eq!(urls.len(), EMPTY_PAGE_RETRIES + 2, "bounded retries");
        let err = result.unwrap_err().to_string();
        assert!(err.contains("empty page"), "{err}");
        assert!(err.contains("400 papers"), "{err}");
        assert!(err.contains("&start=200"), "{err}");
    }

    #[test]
    fn an_empty_last_page_at_the_total_is_the_end() {
        let (urls, result) = run(vec![feed(200, 0..200), feed(200, [])], 1000);
        assert_eq!(result.unwrap().len(), 200);
        assert_eq!(urls.len(), 1);
        let (urls, result) = run(vec![feed(0, [])], 1000);
        assert!(result.unwrap().is_empty());
        assert_eq!(urls.len(), 1);
    }

    #[test]
    fn retries_keep_the_pause() {
        let mut times = Vec::new();
        let query = ArxivQuery {
            query: "all:x".into(),
            max: 400,
            delay: Duration::from_millis(40),
        };
        let mut pages = vec![feed(400, 0..200), feed(400, []), feed(400, 200..400)].into_iter();
        fetch_pages(
            &mut |_| {
                times.push(Instant::now());
                Ok(pages.next().expect("no more scripted pages"))
            },
            &mut stand_in_parse,
            "http://a",
            &query,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(times.len(), 3);
        for pair in times.windows(2) {
            assert!(pair[1] - pair[0] >= Duration::from_millis(40));
        }
    }

    #[test]
    fn arxiv_error_feeds_become_query_errors() {
        let error_feed = "<feed xmlns=\"http://www.w3.org/2005/Atom\">\
            <opensearch:totalResults>1</opensearch:totalResults><entry>\
            <id>http://arxiv.org/api/errors#incorrect_id_format_for_x</id><title>Error</title>\
            <summary>incorrect id format for x</summary></entry></feed>";
        let (_, result) = run(vec![error_feed.to_string()], 10);
        let err = result.unwrap_err().to_string();
        assert!(err.starts_with("arXiv rejected the query"), "{err}");
        assert!(err.contains("incorrect id format for x"), "{err}");
    }

    #[test]
    fn html_and_cut_off_feeds_are_named() {
        let whole = feed(5, 0..5);
        let cases = [
            (
                "<!DOCTYPE html><html><body>Oops</body></html>".to_string(),
                "HTML page",
            ),
            (whole[..whole.len() - 12].to_string(), "ends early"),
            (String::new(), "empty"),
            ("{\"papers\":[]}".to_string(), "no <feed>"),
        ];
        for (body, problem) in cases {
            let (_, result) = run(vec![body.clone()], 10);
            let err = result.unwrap_err().to_string();
            assert!(err.contains(problem), "{body}: {err}");
            assert!(err.contains("http://a/api/query?search_query="), "{err}");
        }
    }

    #[test]
    fn facts_read_prefixed_and_plain_elements() {
        let facts = check_feed(&feed(42, 0..3), "u").unwrap();
        assert_eq!(
            facts,
            FeedFacts {
                entries: 3,
                total: Some(42)
            }
        );
        assert_eq!(
            element_text("<a><b>x</b><totalResults>7</totalResults>", "totalResults"),
            Some("7")
        );
        assert_eq!(element_text("<x>totalResults</x>", "totalResults"), None);
    }

    #[test]
    fn the_pause_is_kept_between_calls() {
        let mut times = Vec::new();
        let query = ArxivQuery {
            query: "all:x".into(),
            max: 400,
            delay: Duration::from_millis(60),
        };
        let mut pages = vec![feed(400, 0..200), feed(400, 200..400)].into_iter();
        fetch_pages(
            &mut |_| {
                times.push(Instant::now());
                Ok(pages.next().unwrap())
            },
            &mut stand_in_parse,
            "http://a",
            &query,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(times.len(), 2);
        assert!(times[1] - times[0] >= Duration::from_millis(60));
    }
}
