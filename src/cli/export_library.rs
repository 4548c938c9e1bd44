//! `folio export --library --format json`: the whole of the user's state as
//! one JSON object, for a backup and for scripts (bookmarks, read marks,
//! dismissals, watches). Each part is what the
//! command that shows it prints: the bookmarks as `export --bookmarks
//! --format json`, the watches as `watch list --json`, so the shapes never
//! drift apart. Only reads, so it works in a read-only data dir.

use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::{SecondsFormat, Utc};
use serde::Serialize;

use super::Ctx;
use super::args::ExportFormatArg;
use super::bookmark::BookmarkJson;
use super::export::{bookmarked_papers, bookmarks_json, write_export_file};
use super::output::out;
use super::watch::{WatchJson, watch_rows};
use crate::library::UserState;
use crate::model::sanitize;

/// The version of the library export's shape, written as `folio_library`.
/// Fields are only ever added; a change that breaks readers bumps it.
const LIBRARY_EXPORT_VERSION: u32 = 1;

/// The whole export. Field names are a public contract (README.md).
#[derive(Serialize)]
struct LibraryJson<'a> {
    folio_library: u32,
    exported: String,
    last_looked: Option<String>,
    bookmarks: Vec<BookmarkJson<'a>>,
    read: Vec<ReadJson>,
    /// Papers the user is not interested in (added in folio's format 3).
    dismissed: Vec<DismissedJson>,
    watches: Vec<WatchJson>,
}

/// One paper the user dismissed, and when.
#[derive(Serialize)]
struct DismissedJson {
    id: String,
    dismissed: String,
}

/// One paper marked read, and when.
#[derive(Serialize)]
struct ReadJson {
    id: String,
    read: String,
}

pub fn run(ctx: &Ctx, format: ExportFormatArg, output: Option<&Path>) -> Result<()> {
    refuse_other_formats(format)?;
    let store = ctx.open_store()?;
    // One read of the library for every part, the one the watches were
    // counted against, so the parts agree with each other.
    let (state, counts) = crate::watch_counts::count_watches(&store)
        .context("could not count the papers of the watches")?;
    let selected = bookmarked_papers(&store, &state)?;
    let library = LibraryJson {
        folio_library: LIBRARY_EXPORT_VERSION,
        exported: Utc::now().to_rfc3339_opts(SecondsFormat::Secs, false),
        last_looked: state.last_looked.map(|at| at.to_rfc3339()),
        bookmarks: bookmarks_json(&selected, &state),
        read: read_marks(&state),
        dismissed: dismissals(&state),
        watches: watch_rows(&state, &counts),
    };
    let text = super::json::to_string(&library);
    match output {
        Some(path) => {
            let shown = write_export_file(path, &text)?;
            eprintln!(
                "exported the library ({} bookmarks, {} read, {} watches) to {shown}",
                library.bookmarks.len(),
                library.read.len(),
                library.watches.len()
            );
        }
        None => out!("{text}"),
    }
    Ok(())
}

/// The library is exported as JSON only: BibTeX and Markdown have no place
/// for read marks or watches.
fn refuse_other_formats(format: ExportFormatArg) -> Result<()> {
    let name = match format {
        ExportFormatArg::Json => return Ok(()),
        ExportFormatArg::Bibtex => "BibTeX",
        ExportFormatArg::Markdown => "Markdown",
    };
    bail!(
        "cannot export the library as {name}: the whole library exports as JSON only; \
         use `--format json` (or `--bookmarks` for BibTeX/Markdown)"
    )
}

/// Every paper marked read, in id order, with when it was marked.
fn read_marks(state: &UserState) -> Vec<ReadJson> {
    state
        .papers
        .iter()
        .filter_map(|(id, entry)| {
            Some(ReadJson {
                // A library key, hand-editable like the tags and notes.
                id: sanitize::clean_text(id),
                read: entry.read?.to_rfc3339(),
            })
        })
        .collect()
}

/// Every dismissed paper, in id order, with when it was dismissed.
fn dismissals(state: &UserState) -> Vec<DismissedJson> {
    state
        .papers
        .iter()
        .filter_map(|(id, entry)| {
            Some(DismissedJson {
                id: sanitize::clean_text(id),
                dismissed: entry.dismissed?.to_rfc3339(),
            })
        })
        .collect()
}
