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
use crate::model::sanitize;
use crate::store::Store;

pub fn run(ctx: &Ctx, command: WatchCommand) -> Result<()> {
    match command {
        WatchCommand::Add { name, query } => add(ctx, &name, &query.join(" ")),
        WatchCommand::Rm { name } => remove(ctx, &name),
        WatchCommand::List { json } => list(ctx, json),
        WatchCommand::Show { name, limit, json } => show(ctx, &name, limit, json),
    }
}

fn add(ctx: &Ctx, name: &str, query: &str) -> Result<()> {
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
        .update(|state| state.add_watch(name, &query, now))??;
    let (total, unread) = counts(&store, &added)?;
    outln!("added watch `{added}`: {total} papers match `{query}` ({unread} unread)");
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

/// One watch in `watch list --json`.
#[derive(Serialize)]
struct WatchJson<'a> {
    name: &'a str,
    query: &'a str,
    total: usize,
    unread: usize,
    added: String,
}

fn list(ctx: &Ctx, as_json: bool) -> Result<()> {
    let store = ctx.open_store()?;
    let state = store.library().load()?;
    let mut rows = Vec::new();
    for (name, watch) in &state.watches {
        let (total, unread) = counts(&store, name)?;
        rows.push(WatchJson {
            name,
            query: &watch.query,
            total,
            unread,
            added: watch.added.to_rfc3339(),
        });
    }
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
            "{}  {:>6} papers  {:>6} unread  {}",
            style.bold(&format!("{:<width$}", row.name)),
            row.total,
            row.unread,
            style.dim(&super::style::cut_to_width(
                row.query,
                style.width.saturating_sub(width + 34)
            ))
        );
    }
    Ok(())
}

fn show(ctx: &Ctx, name: &str, limit: usize, json: bool) -> Result<()> {
    let name = crate::library::normalize_watch_name(name)?;
    {
        let store = ctx.open_store()?;
        let state = store.library().load()?;
        if !state.watches.contains_key(&name) {
            return Err(crate::library::WatchError::Unknown(name).into());
        }
    }
    // The watch's papers are a search like any other, newest first.
    super::papers::search(
        ctx,
        SearchArgs {
            query: vec![format!("watch:{name}")],
            limit,
            sort: None,
            prefix: false,
            json,
        },
    )
}

/// How many papers the watch matches, and how many of them are unread.
fn counts(store: &Store, name: &str) -> Result<(usize, usize)> {
    let count = |query: String| -> Result<usize> {
        let mut request = SearchRequest::new(query);
        request.limit = 0;
        let (_, results) = store
            .search(&request)
            .with_context(|| format!("could not count the papers of the watch `{name}`"))?;
        Ok(results.total)
    };
    Ok((
        count(format!("watch:{name}"))?,
        count(format!("watch:{name} is:unread"))?,
    ))
}
