//! folio's integration tests, in one test binary: each module is one area
//! (the CLI, the store, sync, the reader), and the harnesses they share
//! (`common`, `http_server`, `tmux`, `tui_common`) are compiled and linked
//! once. One binary instead of one per file keeps `cargo test` on a 2-core
//! machine from linking tantivy two dozen times.
//!
//! Run one area with a filter: `cargo test --test it tui_update::`.

// Cargo.toml denies these outside tests; here they are how a check fails.
#![allow(clippy::unwrap_used, clippy::panic)]

// Harnesses shared by the areas below.
mod common;
mod http_server;
mod tmux;
mod tui_common;

// The command line, through the real binary.
mod cli;
mod cli_completions;
mod cli_config;
mod cli_library;
mod cli_note;
mod cli_open;
mod cli_query;
mod cli_recommend;
mod cli_search;
mod cli_transfer;
mod import_formats;

// Storage, crash safety and sync.
mod crash;
mod store;
mod sync;
mod sync_oai;

// Full text and recommendations.
mod fulltext;
mod recommend_quality;

// One paper view, drawn by the reader and printed by `folio show`.
mod paper_view;

// The reader: pure update and snapshots, then the real binary in tmux.
mod tui_e2e;
mod tui_e2e_dismiss;
mod tui_e2e_editor;
mod tui_e2e_foryou;
mod tui_e2e_text;
mod tui_e2e_watches;
mod tui_keys;
mod tui_snapshots;
mod tui_text;
mod tui_update;
