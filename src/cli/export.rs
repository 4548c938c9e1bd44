//! `folio export`: bookmarks or a query's results as BibTeX, Markdown or
//! JSON, or the whole library as JSON (see `export_library.rs`), to standard
//! output or a file written atomically. Bookmarks whose paper is missing from
//! the index are exported too, as what the library knows of them.

use std::path::Path;

use super::output::out;
use anyhow::{Context, Result};

use super::Ctx;
use super::args::{ExportArgs, ExportFormatArg};
use super::bookmark::{BookmarkJson, MissingJson};
use super::json;
use crate::export::{ExportItem, to_bibtex, to_markdown};
use crate::index::SearchRequest;
use crate::library::UserState;
use crate::model::{Paper, sanitize};
use crate::store::Store;

/// A query export takes at most this many papers.
const MAX_QUERY_EXPORT: usize = 10_000;

/// Each selected id with its paper; `None` for a bookmark whose paper is not
/// in the index, which is exported all the same.
pub(super) type Selection = Vec<(String, Option<Paper>)>;

pub fn run(ctx: &Ctx, args: &ExportArgs) -> Result<()> {
    if args.library {
        return super::export_library::run(ctx, args.format, args.output.as_deref());
    }
    let store = ctx.open_store()?;
    let state = store.library().load()?;
    let selected = if args.bookmarks {
        bookmarked_papers(&store, &state)?
    } else {
        query_papers(&store, args.query.clone().unwrap_or_default())?
    };
    let text = match args.format {
        ExportFormatArg::Json => json::to_string(&bookmarks_json(&selected, &state)),
        ExportFormatArg::Bibtex => to_bibtex(&export_items(&selected, &state)),
        ExportFormatArg::Markdown => to_markdown(&export_items(&selected, &state)),
    };
    match &args.output {
        Some(path) => {
            let shown = write_export_file(path, &text)?;
            let missing = selected.iter().filter(|(_, paper)| paper.is_none()).count();
            let missing = match missing {
                0 => String::new(),
                n => {
                    format!(" ({n} bookmarked but not in the index: exported as id, tags and note)")
                }
            };
            eprintln!("exported {} papers to {shown}{missing}", selected.len());
        }
        None => out!("{text}"),
    }
    Ok(())
}

/// Every bookmarked id with its paper (`None` when it is not in the index),
/// most recently bookmarked first.
pub(super) fn bookmarked_papers(store: &Store, state: &UserState) -> Result<Selection> {
    let mut selected = Vec::new();
    for id in state.bookmarked_ids() {
        selected.push((id.to_string(), store.paper(id)?));
    }
    Ok(selected)
}

/// The papers `query` matches, best first, up to [`MAX_QUERY_EXPORT`].
fn query_papers(store: &Store, query: String) -> Result<Selection> {
    let mut request = SearchRequest::new(query);
    request.limit = MAX_QUERY_EXPORT;
    let (_, results) = store.search(&request)?;
    Ok(results
        .hits
        .into_iter()
        .map(|h| (h.paper.id.as_str().to_string(), Some(h.paper)))
        .collect())
}

/// The JSON of `export --format json` (and the `bookmarks` of the library
/// export): each paper in full, or what the library knows of a missing one.
pub(super) fn bookmarks_json<'a>(
    selected: &'a Selection,
    state: &UserState,
) -> Vec<BookmarkJson<'a>> {
    selected
        .iter()
        .map(|(id, paper)| match paper {
            Some(p) => {
                let mut j = json::paper_json(p, state);
                j.detail = Some(json::detail_json(p));
                BookmarkJson::Paper(Box::new(j))
            }
            None => BookmarkJson::Missing(MissingJson::new(id, state)),
        })
        .collect()
}

/// The entries of a BibTeX or Markdown export.
fn export_items<'a>(selected: &'a Selection, state: &UserState) -> Vec<ExportItem<'a>> {
    selected
        .iter()
        .map(|(id, paper)| {
            let entry = state.entry(id);
            // Library text may have been edited by hand; exports can
            // go to a terminal, so it is cleaned like feed text.
            ExportItem {
                id,
                paper: paper.as_ref(),
                tags: entry
                    .map(|e| e.tags.iter().map(|t| sanitize::clean_text(t)).collect())
                    .unwrap_or_default(),
                note: entry
                    .and_then(|e| e.note.as_deref())
                    .map(sanitize::clean_multiline),
            }
        })
        .collect()
}

/// Writes an export to `path` atomically (a reader of the file never sees
/// half of it); returns the path as it can be shown on a terminal.
pub(super) fn write_export_file(path: &Path, text: &str) -> Result<String> {
    crate::fsutil::write_atomically(path, text.as_bytes()).with_context(|| {
        format!(
            "could not write {}; check the directory exists and is writable",
            path.display()
        )
    })?;
    // The path is the user's own argument: echo it terminal-safe.
    Ok(sanitize::clean_text(&path.display().to_string()))
}
