//! `read --query Q`, `unread --query Q` and `bookmark add --query Q`: one
//! change applied to every paper a query matches, in a single locked write
//! of the library, with `--dry-run` to see the count first.

use anyhow::{Result, bail};
use chrono::Utc;

use super::Ctx;
use super::output::outln;
use crate::model::sanitize;

/// What to do to every matching paper.
#[derive(Debug, Clone)]
pub enum BulkChange {
    Read,
    Unread,
    /// Bookmark, adding these tags.
    Bookmark {
        tags: Vec<String>,
    },
}

impl BulkChange {
    /// What happened to a changed paper, for the summary.
    fn done(&self) -> &'static str {
        match self {
            BulkChange::Read => "marked read",
            BulkChange::Unread => "marked unread",
            BulkChange::Bookmark { .. } => "bookmarked or tagged",
        }
    }
}

pub fn apply(ctx: &Ctx, query: &str, change: BulkChange, dry_run: bool) -> Result<()> {
    let store = ctx.open_store()?;
    let papers = store.matching_papers(query)?;
    let shown_query = sanitize::clean_text(query);
    if papers.is_empty() {
        bail!("no papers match `{shown_query}`; nothing was changed");
    }
    let ids: Vec<&str> = papers.iter().map(|p| p.id.as_str()).collect();
    let tags: Vec<String> = match &change {
        BulkChange::Bookmark { tags } => tags.iter().map(|t| sanitize::clean_text(t)).collect(),
        _ => Vec::new(),
    };
    let now = Utc::now();
    let apply_all = |state: &mut crate::library::UserState| -> usize {
        ids.iter()
            .filter(|id| match &change {
                BulkChange::Read => state.mark_read(id, now),
                BulkChange::Unread => state.mark_unread(id),
                BulkChange::Bookmark { .. } => {
                    let new_bookmark = state.bookmark(id, now);
                    let new_tags = state.add_tags(id, tags.clone(), now);
                    new_bookmark || new_tags > 0
                }
            })
            .count()
    };
    let changed = if dry_run {
        // The same change on a copy: the count is exact, nothing is saved.
        let mut copy = store.library().load()?;
        apply_all(&mut copy)
    } else {
        store.library().update(apply_all)?
    };
    let already = match ids.len() - changed {
        0 => String::new(),
        n => format!(" ({n} already {})", if n == 1 { "was" } else { "were" }),
    };
    let what = change.done();
    let outcome = if dry_run {
        format!("would be {what}{already}; nothing was changed (--dry-run)")
    } else {
        format!("{what}{already}")
    };
    outln!(
        "{changed} of the {} papers matching `{shown_query}` {outcome}",
        ids.len()
    );
    Ok(())
}
