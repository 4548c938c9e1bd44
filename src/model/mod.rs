//! The domain vocabulary every other module speaks: a [`Paper`], its [`PaperId`]
//! and the [`Links`] derived from it. Nothing here knows about files, the index
//! or the terminal, so the types can be shared by ingest, index, CLI and TUI.

mod id;
mod links;
mod paper;
pub mod sanitize;

pub use id::{PaperId, normalized_title, parse_arxiv_id, slug_from_title};
pub use links::{
    LinkKind, Links, UnknownLinkKind, UrlClass, classify_url, extract_urls, fill_links_from_text,
    is_openable_url,
};
pub use paper::{Paper, Source, compact_count};
