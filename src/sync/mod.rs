//! Fetching papers straight from the feeds (Hugging Face daily papers, the
//! arXiv API), so nobody has to download a file and `folio import` it.
//!
//! Fetching and storing are separate steps on purpose: every page is fetched
//! and parsed first, and only then is the whole lot imported in one
//! all-or-nothing [`Store::import`], so a failure on page 3 (or a wrong
//! body, or a timeout) leaves the library exactly as it was. The exception
//! is the OAI-PMH harvest of all of arXiv ([`oai`]): too big to hold, it
//! imports each page whole as it arrives and saves where it got.

pub mod all;
mod arxiv;
mod arxiv_new;
mod error;
mod hf;
mod http;
pub mod oai;
mod period;
pub mod plan;

use std::time::{Duration, Instant};

pub use arxiv::{
    ARXIV_DEFAULT_MAX, ARXIV_DELAY, ARXIV_PAGE, ArxivQuery, DEFAULT_ARXIV_BASE, arxiv_page_url,
    fetch_arxiv,
};
pub use arxiv_new::{DEFAULT_ARXIV_NEW_BASE, arxiv_new_url, check_categories, fetch_arxiv_new};
pub use error::SyncError;
pub use hf::{DEFAULT_HF_BASE, HF_PAGE, fetch_hf, hf_page_url};
pub use http::{HttpClient, HttpSettings, RetryPolicy, user_agent};
pub use oai::{DEFAULT_OAI_BASE, HarvestError, HarvestSummary, OaiRequest, harvest};
pub use period::HfPeriod;

use crate::config::Sources;
use crate::ingest::{self, Format};
use crate::model::Paper;
use crate::store::{ImportSummary, Store};

/// One sync: which feed, and what of it.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncRequest {
    /// The Hugging Face daily papers of a period, up to `limit` papers.
    Hf {
        period: HfPeriod,
        limit: Option<usize>,
    },
    /// The newest arXiv papers matching a query.
    Arxiv(ArxivQuery),
    /// Today's arXiv announcements of some categories (`cs.CV+cs.LG`).
    ArxivNew(String),
}

impl SyncRequest {
    /// Today's Hugging Face daily papers (what the TUI's sync key fetches).
    pub fn hf_today() -> SyncRequest {
        SyncRequest::Hf {
            period: HfPeriod::today(),
            limit: None,
        }
    }

    /// The server this request goes to: `override_url`, else the config's
    /// `sources.<feed>.base_url`, else the public one.
    pub fn base_url<'a>(&self, sources: &'a Sources, override_url: Option<&'a str>) -> &'a str {
        let (configured, default) = match self {
            SyncRequest::Hf { .. } => (&sources.hf.base_url, DEFAULT_HF_BASE),
            SyncRequest::Arxiv(_) => (&sources.arxiv.base_url, DEFAULT_ARXIV_BASE),
            SyncRequest::ArxivNew(_) => (&sources.arxiv_new.base_url, DEFAULT_ARXIV_NEW_BASE),
        };
        override_url.or(configured.as_deref()).unwrap_or(default)
    }

    /// How the summary names what was synced, e.g.
    /// `huggingface.co daily papers 2026-11-27`.
    pub fn describe(&self, base: &str) -> String {
        let host = host_of(base);
        match self {
            SyncRequest::Hf { period, .. } => format!("{host} daily papers {period}"),
            SyncRequest::Arxiv(q) => format!("{host} query `{}`", q.query),
            SyncRequest::ArxivNew(cats) => format!("{host} announcements {cats}"),
        }
    }
}

/// What a finished sync did.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncSummary {
    pub imported: ImportSummary,
    /// See [`SyncRequest::describe`].
    pub source: String,
    pub elapsed: Duration,
}

/// Fetches every page of `request` from `base` (see
/// [`SyncRequest::base_url`]); `progress` hears one line per page.
pub fn fetch(
    client: &HttpClient,
    base: &str,
    request: &SyncRequest,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<Paper>, SyncError> {
    match request {
        SyncRequest::Hf { period, limit } => fetch_hf(client, base, period, *limit, progress),
        SyncRequest::Arxiv(query) => fetch_arxiv(client, base, query, progress),
        SyncRequest::ArxivNew(cats) => fetch_arxiv_new(client, base, cats, progress),
    }
}

/// Fetches `request` and imports all of it into `store` in one go:
/// either every paper lands (existing ones updated, never duplicated) or,
/// on any error, nothing changes.
pub fn sync_into(
    store: &Store,
    client: &HttpClient,
    base: &str,
    request: &SyncRequest,
    progress: &mut dyn FnMut(&str),
) -> Result<SyncSummary, SyncError> {
    let started = Instant::now();
    let papers = fetch(client, base, request, progress)?;
    let imported = store.import(papers.into_iter().map(Ok))?;
    Ok(SyncSummary {
        imported,
        source: request.describe(base),
        elapsed: started.elapsed(),
    })
}

/// Downloads one page: a URL to its body. The paging loops take it (and
/// [`Parse`]) as parameters so their unit tests can script the pages.
type Get<'a> = dyn FnMut(&str) -> Result<String, SyncError> + 'a;
/// Parses one page (text, URL) into papers.
type Parse<'a> = dyn FnMut(&str, &str) -> Result<Vec<Paper>, SyncError> + 'a;

/// `base` without a trailing slash, checked to be an http(s) URL.
fn base_url(base: &str) -> Result<String, SyncError> {
    let trimmed = base.trim().trim_end_matches('/');
    let bad = |problem: &str| SyncError::BaseUrl {
        url: base.to_string(),
        problem: problem.to_string(),
    };
    let Some(rest) = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
    else {
        return Err(bad("it must start with http:// or https://"));
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err(bad("it has no host"));
    }
    if trimmed.contains(['?', '#', ' ']) {
        return Err(bad("it must not contain a query, a fragment or spaces"));
    }
    Ok(trimmed.to_string())
}

/// `huggingface.co` out of `https://huggingface.co/`.
fn host_of(base: &str) -> &str {
    let rest = base
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    rest.split('/').next().unwrap_or(rest)
}

/// One page's papers, parsed by the ingest parser of `format`.
fn parse_papers(
    format: Format,
    text: &str,
    url: &str,
    today: chrono::NaiveDate,
) -> Result<Vec<Paper>, SyncError> {
    let wrap = |source| SyncError::Parse {
        url: url.to_string(),
        source,
    };
    ingest::read_text(format, text, url, today)
        .map_err(wrap)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(wrap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SourceConfig;

    #[test]
    fn base_urls_lose_the_trailing_slash_and_need_a_scheme_and_host() {
        assert_eq!(
            base_url("https://huggingface.co/").unwrap(),
            "https://huggingface.co"
        );
        assert_eq!(
            base_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(base_url("http://mirror/hf").unwrap(), "http://mirror/hf");
        for bad in ["huggingface.co", "ftp://x", "http://", "http://x/?a=1"] {
            let err = base_url(bad).unwrap_err().to_string();
            assert!(err.contains("is not a base URL"), "{bad}: {err}");
        }
    }

    #[test]
    fn the_flag_beats_the_config_which_beats_the_default() {
        let hf = SyncRequest::hf_today();
        let arxiv = SyncRequest::Arxiv(ArxivQuery::new("all:x"));
        let mut sources = Sources::default();
        assert_eq!(hf.base_url(&sources, None), DEFAULT_HF_BASE);
        assert_eq!(arxiv.base_url(&sources, None), DEFAULT_ARXIV_BASE);
        sources.hf = SourceConfig {
            base_url: Some("http://mirror".into()),
        };
        assert_eq!(hf.base_url(&sources, None), "http://mirror");
        assert_eq!(arxiv.base_url(&sources, None), DEFAULT_ARXIV_BASE);
        assert_eq!(hf.base_url(&sources, Some("http://flag")), "http://flag");
    }

    #[test]
    fn summaries_name_the_host_and_what_was_asked() {
        let day = SyncRequest::Hf {
            period: HfPeriod::parse_day("2026-11-27").unwrap(),
            limit: None,
        };
        assert_eq!(
            day.describe("https://huggingface.co/"),
            "huggingface.co daily papers 2026-11-27"
        );
        let query = SyncRequest::Arxiv(ArxivQuery::new("cat:cs.CV"));
        assert_eq!(
            query.describe("http://127.0.0.1:9/x"),
            "127.0.0.1:9 query `cat:cs.CV`"
        );
    }
}
