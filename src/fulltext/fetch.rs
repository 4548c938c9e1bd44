//! Downloading a paper's full text (arXiv's HTML) or its PDF into the data
//! dir, with the feed client's rules (timeouts, retries on 429 and 5xx,
//! folio's user agent) and a size cap. A page is converted before anything
//! is kept, so a page that is not a paper changes nothing; a kept text is
//! then indexed (`body:`, `has:fulltext`) with its paper.

use std::path::PathBuf;

use super::Document;
use super::files::FullTextError;
use crate::config::Sources;
use crate::model::sanitize::clean_text;
use crate::store::{Store, StoreError};
use crate::sync::{HttpClient, HttpSettings, SyncError};

/// Where arXiv serves papers as HTML and PDF.
pub const DEFAULT_ARXIV_HTML_BASE: &str = "https://arxiv.org";
/// The largest page or PDF folio downloads.
pub const MAX_DOWNLOAD_BYTES: u64 = 50 * 1024 * 1024;

/// Where to download from and how patiently.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub base_url: String,
    pub settings: HttpSettings,
}

impl FetchOptions {
    /// The config's `[sources.arxiv_html]` base, or arXiv's.
    pub fn from_sources(sources: &Sources) -> FetchOptions {
        FetchOptions {
            base_url: sources
                .arxiv_html
                .base_url
                .clone()
                .unwrap_or_else(|| DEFAULT_ARXIV_HTML_BASE.to_string()),
            settings: HttpSettings::default(),
        }
    }
}

/// Why a paper's text or PDF could not be fetched; nothing was kept.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(
        "paper `{0}` has no arXiv id, and only arXiv papers have a full text to fetch; find its arXiv version with `folio search`"
    )]
    NotArxiv(String),
    #[error(
        "arXiv has no HTML version of {0}; `folio open {0} --target pdf` opens the PDF, `folio fetch {0} --pdf` keeps it"
    )]
    NoHtml(String),
    #[error("arXiv has no PDF of {0} at {1}; check the id")]
    NoPdf(String, String),
    #[error("{url} did not return a PDF (it starts with {start:?}); check the base URL")]
    NotPdf { url: String, start: String },
    #[error("{url} is not a paper page: {why}; nothing was kept")]
    NotAPaper { url: String, why: String },
    #[error(
        "the page from {0} is cut short (it stops before its closing </html>); try again, nothing was kept"
    )]
    CutShort(String),
    #[error(transparent)]
    Network(#[from] SyncError),
    #[error(transparent)]
    Files(FullTextError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<FullTextError> for FetchError {
    fn from(e: FullTextError) -> FetchError {
        FetchError::Files(e)
    }
}

/// The arXiv id of paper `id` (a paper folio knows), or why there is none.
fn arxiv_id_of(store: &Store, id: &str) -> Result<String, FetchError> {
    let paper = store.require_paper(id)?;
    paper
        .arxiv_id
        .clone()
        .ok_or_else(|| FetchError::NotArxiv(id.to_string()))
}

/// `{base}/html/{arxiv_id}`.
pub fn html_url(base: &str, arxiv_id: &str) -> String {
    format!("{}/html/{arxiv_id}", base.trim_end_matches('/'))
}

/// `{base}/pdf/{arxiv_id}`.
pub fn pdf_url(base: &str, arxiv_id: &str) -> String {
    format!("{}/pdf/{arxiv_id}", base.trim_end_matches('/'))
}

/// The kept text of paper `id`, downloading it first when it was never
/// fetched.
pub fn document_or_fetch(
    store: &Store,
    options: &FetchOptions,
    id: &str,
    progress: &mut dyn FnMut(&str),
) -> Result<Document, FetchError> {
    if let Some(document) = store.fulltext().document(id)? {
        return Ok(document);
    }
    fetch_document(store, options, id, progress)
}

/// Downloads paper `id`'s HTML, converts it, keeps it and indexes it.
pub fn fetch_document(
    store: &Store,
    options: &FetchOptions,
    id: &str,
    progress: &mut dyn FnMut(&str),
) -> Result<Document, FetchError> {
    let arxiv_id = arxiv_id_of(store, id)?;
    let url = html_url(&options.base_url, &arxiv_id);
    progress(&format!("downloading {url}"));
    let client = HttpClient::new(options.settings);
    let bytes = match client.get_bytes(&url, MAX_DOWNLOAD_BYTES) {
        Err(SyncError::Status { status: 404, .. }) => return Err(FetchError::NoHtml(arxiv_id)),
        other => other?,
    };
    let html = String::from_utf8_lossy(&bytes);
    progress("converting the page");
    keep_page(store, id, &html, &url)
}

/// Converts, keeps and indexes a page, unless it is cut short or not a
/// paper (then nothing changes).
fn keep_page(store: &Store, id: &str, html: &str, url: &str) -> Result<Document, FetchError> {
    if is_cut_short(html) {
        return Err(FetchError::CutShort(url.to_string()));
    }
    let write = store.begin_fulltext_write(id)?;
    let document = store.fulltext().keep(id, html, url).map_err(|e| match e {
        FullTextError::Convert(why) => FetchError::NotAPaper {
            url: url.to_string(),
            why: clean_text(&why.to_string()),
        },
        other => FetchError::Files(other),
    })?;
    write.finish()?;
    Ok(document)
}

/// A LaTeXML page always ends with `</html>`: one that does not was cut
/// off on the way (or saved half-way). Pages that are not LaTeXML at all
/// are left to the converter, which says what they are not.
fn is_cut_short(html: &str) -> bool {
    if !html.contains("ltx_document") {
        return false;
    }
    let tail = html.trim_end();
    let start = tail.len().saturating_sub(16);
    let start = (start..tail.len())
        .find(|&i| tail.is_char_boundary(i))
        .unwrap_or(tail.len());
    !tail[start..].to_ascii_lowercase().ends_with("</html>")
}

/// Converts a saved page (`folio fetch ID --from FILE`) as if it had been
/// downloaded from `url`.
pub fn keep_saved_page(
    store: &Store,
    id: &str,
    html: &str,
    url: &str,
) -> Result<Document, FetchError> {
    store.require_paper(id)?;
    keep_page(store, id, html, url)
}

/// Downloads paper `id`'s PDF into the data dir (checked to be a PDF) and
/// returns where it is.
pub fn fetch_pdf(
    store: &Store,
    options: &FetchOptions,
    id: &str,
    progress: &mut dyn FnMut(&str),
) -> Result<PathBuf, FetchError> {
    let arxiv_id = arxiv_id_of(store, id)?;
    let url = pdf_url(&options.base_url, &arxiv_id);
    progress(&format!("downloading {url}"));
    let client = HttpClient::new(options.settings);
    let bytes = match client.get_bytes(&url, MAX_DOWNLOAD_BYTES) {
        Err(SyncError::Status { status: 404, .. }) => {
            return Err(FetchError::NoPdf(arxiv_id, url));
        }
        other => other?,
    };
    if !bytes.starts_with(b"%PDF-") {
        let start = clean_text(&String::from_utf8_lossy(&bytes[..bytes.len().min(16)]));
        return Err(FetchError::NotPdf { url, start });
    }
    let write = store.begin_fulltext_write(id)?;
    let path = store.fulltext().keep_pdf(id, &bytes)?;
    write.finish()?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_latexml_page_without_its_end_is_cut_short() {
        let page = "<html><body><article class=\"ltx_document\">A paragraph of text, long enough to cut.</article></body></html>\n";
        assert!(!is_cut_short(page));
        assert!(is_cut_short(&page[..page.len() / 2]));
        assert!(
            !is_cut_short("<html><body>an error page"),
            "not LaTeXML: the converter says"
        );
        assert!(!is_cut_short(""));
        // Never splits a character.
        assert!(is_cut_short(
            "<article class=\"ltx_document\">ééééééééééééééééé"
        ));
    }

    #[test]
    fn urls_join_the_base_and_the_id() {
        assert_eq!(
            html_url("https://arxiv.org/", "2501.11120"),
            "https://arxiv.org/html/2501.11120"
        );
        assert_eq!(
            pdf_url("http://127.0.0.1:8080", "hep-th/9901001"),
            "http://127.0.0.1:8080/pdf/hep-th/9901001"
        );
    }
}
