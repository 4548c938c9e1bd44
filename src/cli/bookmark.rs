//! `bookmark add|rm|list`, `read` and `unread`: changes to the user's library,
//! saved at once (locked, re-read, applied, written atomically) so a running
//! TUI and the command line never lose each other's changes.

use super::output::{out, outln};
use anyhow::{Result, bail};
use chrono::Utc;
use serde::Serialize;

use super::Ctx;
use super::args::BookmarkCommand;
use super::json;
use crate::library::UserState;
use crate::model::sanitize;

/// One bookmark in `--json` output: the paper, or, when its paper is not in
/// the index, what the library knows of it (so scripts never lose one).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(super) enum BookmarkJson<'a> {
    Paper(Box<json::PaperJson<'a>>),
    Missing(MissingJson),
}

/// A bookmark whose paper is missing from the index: the id, the user's
/// marks, and `"missing": true` where a paper would have its fields.
#[derive(Debug, Serialize)]
pub(super) struct MissingJson {
    pub id: String,
    /// Always true; the field scripts test for.
    pub missing: bool,
    pub bookmarked: bool,
    pub tags: Vec<String>,
    pub note: Option<String>,
    pub read: bool,
}

impl MissingJson {
    pub(super) fn new(id: &str, state: &UserState) -> MissingJson {
        MissingJson {
            // A library key, so hand-editable text like the tags and note.
            id: sanitize::clean_text(id),
            missing: true,
            bookmarked: state.is_bookmarked(id),
            tags: json::clean_tags_of(state, id),
            note: json::clean_note_of(state, id),
            read: state.is_read(id),
        }
    }
}

pub fn run(ctx: &Ctx, cmd: BookmarkCommand) -> Result<()> {
    match cmd {
        BookmarkCommand::Add {
            query: Some(query),
            tags,
            dry_run,
            ..
        } => super::bulk::apply(
            ctx,
            &query,
            super::bulk::BulkChange::Bookmark { tags },
            dry_run,
        ),
        BookmarkCommand::Add { dry_run: true, .. } => {
            bail!("--dry-run goes with --query: it says how many papers a query would change")
        }
        BookmarkCommand::Add {
            id: Some(id),
            tags,
            note,
            ..
        } => add(ctx, &id, tags, note),
        BookmarkCommand::Add { .. } => bail!("name a paper id or pass --query QUERY"),
        BookmarkCommand::Rm { id } => remove(ctx, &id),
        BookmarkCommand::List { tag, json } => list(ctx, tag.as_deref(), json),
    }
}

fn add(ctx: &Ctx, id: &str, tags: Vec<String>, note: Option<String>) -> Result<()> {
    let store = ctx.open_store()?;
    let paper = store.require_paper(id)?;
    let id = paper.id.as_str();
    let now = Utc::now();
    let tags: Vec<String> = tags.iter().map(|t| sanitize::clean_text(t)).collect();
    let note = note.map(|n| sanitize::clean_multiline(&n));
    store.library().update(|state| {
        state.bookmark(id, now);
        if !tags.is_empty() {
            state.add_tags(id, tags, now);
        }
        if let Some(note) = note {
            state.set_note(id, Some(note), now);
        }
    })?;
    outln!("bookmarked {id}: {}", paper.title);
    Ok(())
}

fn remove(ctx: &Ctx, id: &str) -> Result<()> {
    let store = ctx.open_store()?;
    let removed = store.library().update(|state| state.unbookmark(id))?;
    if !removed {
        bail!("`{id}` is not bookmarked; see your bookmarks with `folio bookmark list`");
    }
    outln!("removed the bookmark on {}", sanitize::clean_text(id));
    Ok(())
}

fn list(ctx: &Ctx, tag: Option<&str>, as_json: bool) -> Result<()> {
    let store = ctx.open_store()?;
    let state = store.library().load()?;
    let ids: Vec<&str> = match tag {
        Some(t) => {
            let t = crate::library::normalize_tag(t).unwrap_or_default();
            state.ids_with_tag(&t)
        }
        None => state.bookmarked_ids(),
    };
    let mut found = Vec::new();
    for id in ids {
        found.push((id, store.paper(id)?));
    }
    if as_json {
        let out: Vec<BookmarkJson> = found
            .iter()
            .map(|(id, paper)| match paper {
                Some(p) => BookmarkJson::Paper(Box::new(json::paper_json(p, &state))),
                None => BookmarkJson::Missing(MissingJson::new(id, &state)),
            })
            .collect();
        out!("{}", json::to_string(&out));
        return Ok(());
    }
    let mut papers = Vec::new();
    let mut missing = Vec::new();
    for (id, paper) in found {
        match paper {
            Some(p) => papers.push(p),
            None => missing.push(id),
        }
    }
    if papers.is_empty() && missing.is_empty() {
        match tag {
            Some(t) => outln!("no bookmark is tagged `{}`", sanitize::clean_text(t)),
            None => outln!(
                "no bookmarks yet: add one with `folio bookmark add ID` (or `b` in the reader)"
            ),
        }
        return Ok(());
    }
    let style = &ctx.style;
    for paper in &papers {
        let id = paper.id.as_str();
        outln!(
            "★ {}",
            style.bold(&super::style::cut_to_width(
                &paper.title,
                style.width.saturating_sub(2)
            ))
        );
        let entry = state.entry(id);
        let tags = entry
            .map(|e| {
                e.tags
                    .iter()
                    .map(|t| format!("#{}", sanitize::clean_text(t)))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        let id = sanitize::clean_text(id);
        outln!("  {}", style.dim(format!("{id} {tags}").trim_end()));
        if let Some(note) = entry.and_then(|e| e.note.as_deref()) {
            for line in sanitize::clean_multiline(note).lines() {
                outln!("  │ {line}");
            }
        }
    }
    for id in missing {
        outln!(
            "★ {} {}",
            sanitize::clean_text(id),
            style.dim("(not in the index: import it again or run `folio reindex`)")
        );
    }
    Ok(())
}

pub fn set_read(ctx: &Ctx, id: &str, read: bool) -> Result<()> {
    let store = ctx.open_store()?;
    let paper = store.require_paper(id)?;
    let id = paper.id.as_str();
    let now = Utc::now();
    store.library().update(|state| {
        if read {
            state.mark_read(id, now);
        } else {
            state.mark_unread(id);
        }
    })?;
    outln!("marked {id} as {}", if read { "read" } else { "unread" });
    Ok(())
}
