//! folio: a terminal reader for research papers.
//!
//! The crate is layered so that only the outermost modules know about the
//! terminal or the command line.
//!
//! Papers and their search:
//! - [`model`]: papers, ids, links, text sanitizing (no I/O).
//! - [`ingest`]: feed formats to papers.
//! - [`journal`]: the durable record of every paper (source of truth).
//! - [`index`]: the rebuildable tantivy index and the query language.
//! - [`fulltext`]: a paper's own text (arXiv's HTML) and PDF, kept and laid out.
//!
//! What is the user's:
//! - [`library`]: bookmarks, tags, notes, read marks, dismissals and watches.
//! - [`store`]: one data dir, keeping journal, index and library consistent.
//! - [`recommend`]: the "for you" model learnt from bookmarks and dismissals.
//! - [`watch_counts`], [`digest`], [`notify`]: what each watch holds, what is
//!   new, and the program told about it after a sync.
//!
//! The outside world:
//! - [`sync`]: fetching the Hugging Face and arXiv feeds over HTTP.
//! - [`config`], [`browser`], [`export`]: paths and settings, opening links, exports.
//! - [`editor`]: editing a note or the config in the user's `$VISUAL`/`$EDITOR`.
//! - [`paper_view`]: a paper's detail described once, drawn by the reader
//!   and printed by `folio show`.
//! - [`cli`]: the non-interactive commands; [`tui`]: the reader.
//!
//! Shared helpers: [`cancel`] (stopping a long write before it commits),
//! [`fsutil`] (atomic writes and locks), [`text`] (terminal columns,
//! wrapping, cutting with `…`, highlighted runs), [`stable_hash`] (a hash
//! that never changes between runs) and [`rng`] (reproducible randomness).
//! With the `synthetic` cargo feature (on for tests, benchmarks and
//! examples, off in the shipped binary): `synthetic` (generated papers for
//! benchmarks, examples and tests).

pub mod browser;
pub mod cancel;
pub mod cli;
pub mod config;
pub mod digest;
pub mod editor;
pub mod export;
pub mod fsutil;
pub mod fulltext;
pub mod index;
pub mod ingest;
pub mod journal;
pub mod library;
pub mod model;
pub mod notify;
pub mod paper_view;
pub mod recommend;
pub mod rng;
pub mod stable_hash;
pub mod store;
pub mod sync;
#[cfg(feature = "synthetic")]
pub mod synthetic;
pub mod text;
pub mod tui;
pub mod watch_counts;
