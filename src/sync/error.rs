//! Everything that can go wrong while fetching a feed, each worded so the
//! reader learns which URL failed and what to do about it. A sync that fails
//! changes nothing, so every message can simply suggest trying again.

use thiserror::Error;

use crate::ingest::IngestError;
use crate::store::StoreError;

#[derive(Debug, Error)]
pub enum SyncError {
    #[error(
        "could not reach {url}: {reason}; check the network connection and the base URL, then try again"
    )]
    Unreachable { url: String, reason: String },

    #[error(
        "{url} did not answer within {seconds} s ({phase}); the server may be slow or down, try again later"
    )]
    Timeout {
        url: String,
        seconds: f64,
        phase: String,
    },

    #[error("{url} answered HTTP {status}{note}{detail}; {advice}", note = attempts_note(.attempts), advice = status_advice(.status))]
    Status {
        url: String,
        status: u16,
        /// `: ` and a short excerpt of the body, or nothing.
        detail: String,
        attempts: u32,
    },

    #[error("the download from {url} failed: {reason}; try again")]
    Transfer { url: String, reason: String },

    #[error(
        "{url} did not return {expected}: {problem}; check that the base URL points at {server}"
    )]
    Format {
        url: String,
        expected: &'static str,
        problem: String,
        server: &'static str,
    },

    #[error(
        "{source}; the answer could not be read as papers, check the base URL or try again later"
    )]
    Parse {
        url: String,
        #[source]
        source: IngestError,
    },

    #[error(
        "arXiv rejected the query ({url}): {message}; fix the query, e.g. `cat:cs.CV AND ti:diffusion`"
    )]
    Query { url: String, message: String },

    #[error("`{url}` is not a base URL: {problem}; use one like https://huggingface.co")]
    BaseUrl { url: String, problem: String },

    #[error("invalid {what} `{input}`: {problem}")]
    Argument {
        input: String,
        what: &'static str,
        problem: String,
    },

    #[error("could not save the synced papers: {0}")]
    Store(#[from] StoreError),
}

fn attempts_note(attempts: &u32) -> String {
    if *attempts > 1 {
        format!(" (after {attempts} attempts)")
    } else {
        String::new()
    }
}

fn status_advice(status: &u16) -> &'static str {
    match *status {
        429 => "the server is limiting how often folio may ask; wait a few minutes and try again",
        404 | 410 => "check the base URL (and the date: future dates have no papers)",
        400..=499 => "the server refused the request; check the date or query and the base URL",
        500..=599 => "the server has a problem; try again later",
        _ => "check the base URL",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_messages_name_the_url_the_retries_and_a_remedy() {
        let err = SyncError::Status {
            url: "http://x/api".into(),
            status: 503,
            detail: String::new(),
            attempts: 4,
        };
        let text = err.to_string();
        assert!(text.starts_with("http://x/api answered HTTP 503 (after 4 attempts); "));
        assert!(text.contains("try again later"), "{text}");
    }

    #[test]
    fn a_single_attempt_is_not_mentioned() {
        let err = SyncError::Status {
            url: "u".into(),
            status: 404,
            detail: ": not found".into(),
            attempts: 1,
        };
        assert!(
            err.to_string()
                .starts_with("u answered HTTP 404: not found; check the base URL")
        );
    }
}
