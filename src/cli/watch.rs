//! `folio watch add|rm|list|show`: the named queries a researcher follows,
//! kept in the library with the bookmarks, with how many papers each matches
//! and how many of those are unread.

use anyhow::{Context, Result};
use chrono::Utc;
use serde::Serialize;

use super::Ctx;
use super::args::{SearchArgs, WatchCommand};
use super::output::{out, outln};
use crate::index::SearchRequest;
use crate::index::query::{ParseOptions, parse};
use crate::library::{UserState, WatchSource};
use crate::model::sanitize;
use crate::watch_counts::WatchCount;

pub fn run(ctx: &Ctx, command: WatchCommand) -> Result<()> {
    match command {
        WatchCommand::Add {
            name,
            query,
            hf,
            hf_trending,
            arxiv,
            arxiv_new,
        } => {
            let mut sources = Vec::new();
            if hf {
                sources.push(WatchSource::Hf);
            }
            if hf_trending {
                sources.push(WatchSource::HfTrending);
            }
            for query in arxiv {
                let query = sanitize::clean_text(&query);
                if query.is_empty() {
                    anyhow::bail!(
                        "--arxiv needs an arXiv query, e.g. \"cat:cs.CV AND abs:diffusion\""
                    );
                }
                sources.push(WatchSource::Arxiv(query));
            }
            for categories in arxiv_new {
                sources.push(WatchSource::ArxivNew(crate::sync::check_categories(
                    &categories,
                )?));
            }
            add(ctx, &name, &query, sources)
        }
        WatchCommand::Rm { name } => remove(ctx, &name),
        WatchCommand::List { json } => list(ctx, json),
        WatchCommand::Show {
            name,
            new,
            limit,
            sort,
            json,
        } => show(ctx, &name, new, limit, sort, json),
    }
}

fn add(ctx: &Ctx, name: &str, query: &str, sources: Vec<WatchSource>) -> Result<()> {
    let query = sanitize::clean_text(query);
    if query.is_empty() {
        anyhow::bail!(
            "a watch needs a query, e.g. `folio watch add diffusion --query 'diffusion -survey'`"
        );
    }
    // Refused now, with the query language's own error, rather than at
    // every later search.
    if let Err(e) = parse(&query, ParseOptions::default()) {
        anyhow::bail!("{e}\n{}", e.pointer(&query));
    }
    let store = ctx.open_store()?;
    let now = Utc::now();
    let added = store
        .library()
        .update(|state| state.add_watch(name, &query, sources.clone(), now))??;
    let counts = crate::watch_counts::count_watch(&store, &added)
        .with_context(|| format!("could not count the papers of the watch `{added}`"))?;
    outln!(
        "added watch `{added}`: {} papers match `{query}` ({} unread)",
        counts.total,
        counts.unread
    );
    if !sources.is_empty() {
        let names: Vec<String> = sources.iter().map(ToString::to_string).collect();
        outln!(
            "`folio sync` fetches for it: {} (and today's Hugging Face papers)",
            names.join(", ")
        );
    }
    Ok(())
}

fn remove(ctx: &Ctx, name: &str) -> Result<()> {
    let store = ctx.open_store()?;
    let removed = store.library().update(|state| state.remove_watch(name))??;
    outln!(
        "removed the watch `{}` (it was `{}`); no paper was changed",
        sanitize::clean_text(&name.to_lowercase()),
        removed.query
    );
    Ok(())
}

/// One watch in `watch list --json` (and in the library export).
#[derive(Serialize)]
pub struct WatchJson {
    name: String,
    query: String,
    total: usize,
    unread: usize,
    /// First imported since you last looked (`is:new`).
    new: usize,
    sources: Vec<String>,
    last_synced: Option<String>,
    added: String,
}

impl WatchJson {
    /// The row of the watch `name`. Its name, query and sources are library
    /// text, which may have been edited by hand: they are cleaned like feed
    /// text, as they go to terminals and scripts.
    pub fn new(name: &str, watch: &crate::library::Watch, counts: &WatchCount) -> WatchJson {
        WatchJson {
            name: sanitize::clean_text(name),
            query: sanitize::clean_text(&watch.query),
            total: counts.total,
            unread: counts.unread,
            new: counts.new,
            sources: watch
                .sources
                .iter()
                .map(|source| sanitize::clean_text(&source.to_string()))
                .collect(),
            last_synced: watch.last_synced.map(|at| at.to_rfc3339()),
            added: watch.added.to_rfc3339(),
        }
    }
}

/// One row per counted watch, in name order (a watch removed since the
/// library was read has no row).
pub(super) fn watch_rows(state: &UserState, counts: &[WatchCount]) -> Vec<WatchJson> {
    counts
        .iter()
        .filter_map(|c| Some((c, state.watches.get(&c.name)?)))
        .map(|(c, watch)| WatchJson::new(&c.name, watch, c))
        .collect()
}

fn list(ctx: &Ctx, as_json: bool) -> Result<()> {
    let store = ctx.open_store()?;
    let (state, counts) = crate::watch_counts::count_watches(&store)
        .context("could not count the papers of the watches")?;
    let rows = watch_rows(&state, &counts);
    if as_json {
        out!("{}", super::json::to_string(&rows));
        return Ok(());
    }
    if rows.is_empty() {
        outln!("no watches yet: follow a topic with `folio watch add NAME --query 'QUERY'`");
        return Ok(());
    }
    let style = &ctx.style;
    let width = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0);
    for row in &rows {
        outln!(
            "{}  {:>6} papers  {:>6} unread  {:>6} new  {}",
            style.bold(&format!("{:<width$}", row.name)),
            row.total,
            row.unread,
            row.new,
            style.dim(&super::style::cut_to_width(
                &row.query,
                style.width.saturating_sub(width + 47)
            ))
        );
    }
    Ok(())
}

fn show(
    ctx: &Ctx,
    name: &str,
    new_only: bool,
    limit: usize,
    sort: Option<super::args::SortArg>,
    json: bool,
) -> Result<()> {
    let name = crate::library::normalize_watch_name(name)?;
    {
        let store = ctx.open_store()?;
        let state = store.library().load()?;
        if !state.watches.contains_key(&name) {
            return Err(crate::library::WatchError::Unknown(name).into());
        }
    }
    // The watch's papers are a search like any other, newest first unless
    // sorted (`--new`: only those first seen since you last looked).
    let query = if new_only {
        format!("watch:{name} is:new")
    } else {
        format!("watch:{name}")
    };
    super::papers::search(
        ctx,
        SearchArgs {
            query: vec![query],
            limit,
            sort,
            prefix: false,
            json,
        },
    )?;
    if !json {
        // Reading a watch on a terminal is looking at it: what it showed
        // as new is not new any more. Scripts (--json) change nothing.
        mark_looked(ctx)?;
    }
    Ok(())
}

/// Records that the user looked now: `is:new` starts again from here.
pub fn mark_looked(ctx: &Ctx) -> Result<()> {
    let store = ctx.open_store()?;
    if store.is_read_only() {
        return Ok(());
    }
    store
        .library()
        .update(|state| state.touch_last_looked(Utc::now()))?;
    Ok(())
}

/// `folio seen`: everything folio has is seen; `is:new` starts from now.
pub fn seen(ctx: &Ctx) -> Result<()> {
    let store = ctx.open_store()?;
    let mut request = SearchRequest::new("is:new");
    request.limit = 0;
    let new = store.search(&request)?.1.total;
    store
        .library()
        .update(|state| state.touch_last_looked(Utc::now()))?;
    outln!("marked {new} new papers seen; `is:new` now finds what arrives from here on");
    Ok(())
}
