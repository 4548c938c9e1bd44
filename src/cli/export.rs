//! `folio export`: bookmarks or a query's results as BibTeX, Markdown or
//! JSON, to standard output or a file written atomically. Bookmarks whose
//! paper is missing from the index are exported too, as what the library
//! knows of them.

use super::output::out;
use anyhow::{Context, Result};

use super::Ctx;
use super::args::{ExportArgs, ExportFormatArg};
use super::bookmark::{BookmarkJson, MissingJson};
use super::json;
use crate::export::{ExportItem, to_bibtex, to_markdown};
use crate::index::SearchRequest;
use crate::model::{Paper, sanitize};

/// A query export takes at most this many papers.
const MAX_QUERY_EXPORT: usize = 10_000;

pub fn run(ctx: &Ctx, args: &ExportArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let state = store.library().load()?;
    // Each selected id with its paper; `None` for a bookmark whose paper is
    // not in the index, which is exported all the same.
    let selected: Vec<(String, Option<Paper>)> = if args.bookmarks {
        let mut selected = Vec::new();
        for id in state.bookmarked_ids() {
            selected.push((id.to_string(), store.paper(id)?));
        }
        selected
    } else {
        let mut request = SearchRequest::new(args.query.clone().unwrap_or_default());
        request.limit = MAX_QUERY_EXPORT;
        let (_, results) = store.search(&request)?;
        results
            .hits
            .into_iter()
            .map(|h| (h.paper.id.as_str().to_string(), Some(h.paper)))
            .collect()
    };
    let text = match args.format {
        ExportFormatArg::Json => {
            let out: Vec<_> = selected
                .iter()
                .map(|(id, paper)| match paper {
                    Some(p) => {
                        let mut j = json::paper_json(p, &state);
                        j.detail = Some(json::detail_json(p));
                        BookmarkJson::Paper(Box::new(j))
                    }
                    None => BookmarkJson::Missing(MissingJson::new(id, &state)),
                })
                .collect();
            json::to_string(&out)
        }
        format => {
            let items: Vec<ExportItem> = selected
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
                .collect();
            match format {
                ExportFormatArg::Bibtex => to_bibtex(&items),
                _ => to_markdown(&items),
            }
        }
    };
    match &args.output {
        Some(path) => {
            crate::fsutil::write_atomically(path, text.as_bytes()).with_context(|| {
                format!(
                    "could not write {}; check the directory exists and is writable",
                    path.display()
                )
            })?;
            let missing = selected.iter().filter(|(_, paper)| paper.is_none()).count();
            let missing = match missing {
                0 => String::new(),
                n => {
                    format!(" ({n} bookmarked but not in the index: exported as id, tags and note)")
                }
            };
            // The path is the user's own argument: echo it terminal-safe.
            eprintln!(
                "exported {} papers to {}{missing}",
                selected.len(),
                sanitize::clean_text(&path.display().to_string())
            );
        }
        None => out!("{text}"),
    }
    Ok(())
}
