//! folio: a terminal reader for research papers.
//!
//! The crate is layered so that only the outermost modules know about the
//! terminal or the command line:
//!
//! - [`model`]: papers, ids, links, text sanitizing (no I/O).
//! - [`ingest`]: feed formats to papers.
//! - [`journal`]: the durable record of every paper (source of truth).
//! - [`index`]: the rebuildable tantivy index and the query language.
//! - [`library`]: the user's bookmarks, tags, notes and read marks.
//! - [`store`]: one data dir, keeping journal, index and library consistent.
//! - [`config`], [`browser`], [`export`]: paths and settings, opening links, exports.
//! - [`cli`]: the non-interactive commands.

pub mod browser;
pub mod cancel;
pub mod cli;
pub mod config;
pub mod digest;
pub mod display_width;
pub mod export;
pub mod fsutil;
pub mod fulltext;
pub mod index;
pub mod ingest;
pub mod journal;
pub mod library;
pub mod model;
pub mod notify;
pub mod recommend;
pub mod stable_hash;
pub mod store;
pub mod sync;
pub mod synthetic;
pub mod tui;
pub mod watch_counts;
