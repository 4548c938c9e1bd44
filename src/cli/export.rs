//! `folio export`: bookmarks or a query's results as BibTeX, Markdown or
//! JSON, to standard output or a file written atomically.

use super::output::out;
use anyhow::{Context, Result};

use super::Ctx;
use super::args::{ExportArgs, ExportFormatArg};
use super::json;
use crate::export::{ExportItem, to_bibtex, to_markdown};
use crate::index::SearchRequest;
use crate::model::Paper;

/// A query export takes at most this many papers.
const MAX_QUERY_EXPORT: usize = 10_000;

pub fn run(ctx: &Ctx, args: &ExportArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let state = store.library().load()?;
    let papers: Vec<Paper> = if args.bookmarks {
        let mut papers = Vec::new();
        for id in state.bookmarked_ids() {
            if let Some(p) = store.paper(id)? {
                papers.push(p);
            }
        }
        papers
    } else {
        let mut request = SearchRequest::new(args.query.clone().unwrap_or_default());
        request.limit = MAX_QUERY_EXPORT;
        let (_, results) = store.search(&request)?;
        results.hits.into_iter().map(|h| h.paper).collect()
    };
    let text = match args.format {
        ExportFormatArg::Json => {
            let out: Vec<_> = papers
                .iter()
                .map(|p| {
                    let mut j = json::paper_json(p, &state);
                    j.detail = Some(json::detail_json(p));
                    j
                })
                .collect();
            json::to_string(&out)
        }
        format => {
            let items: Vec<ExportItem> = papers
                .iter()
                .map(|p| {
                    let entry = state.entry(p.id.as_str());
                    ExportItem {
                        paper: p,
                        tags: entry
                            .map(|e| e.tags.iter().cloned().collect())
                            .unwrap_or_default(),
                        note: entry.and_then(|e| e.note.clone()),
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
            // The path is the user's own argument: echo it terminal-safe.
            eprintln!(
                "exported {} papers to {}",
                papers.len(),
                crate::model::sanitize::clean_text(&path.display().to_string())
            );
        }
        None => out!("{text}"),
    }
    Ok(())
}
