//! `folio sync` with no feed named: today's Hugging Face papers and every
//! source of every watch, fetched side by side, then imported source by
//! source so each lands whole or not at all on its own. A source that fails
//! is named in the summary and makes the exit status an error; the others
//! still land.

use std::io::IsTerminal;
use std::time::Instant;

use anyhow::Result;
use chrono::Utc;

use super::Ctx;
use crate::index::SearchRequest;
use crate::store::Store;
use crate::sync::HttpSettings;
use crate::sync::plan::{self, Planned};

pub fn run(ctx: &Ctx, settings: HttpSettings) -> Result<()> {
    let config = ctx.config()?;
    let sources = config.sources.clone();
    // A notify command that cannot run is said before anything is fetched.
    if let Some(command) = &config.notify_command {
        crate::notify::check(command).map_err(|e| anyhow::anyhow!("{e}; nothing was fetched"))?;
    }
    let store = ctx.open_store()?;
    let state = store.library().load()?;
    let planned = plan::plan(&state);
    let started = Instant::now();
    let started_at = Utc::now();
    let show_progress = std::io::stderr().is_terminal();
    // While fetching, Ctrl-C simply ends folio: nothing has been written.
    let answers = plan::fetch_all(&planned, &sources, settings, &|label, line| {
        if show_progress {
            eprintln!("{label}: {line}");
        }
    });
    super::signals::cancel_on_signal(&store)?;
    let mut parts = Vec::new();
    let mut failed = Vec::new();
    let mut ok_sources = Vec::new();
    for (planned, answer) in planned.iter().zip(answers) {
        let label = planned.label();
        let imported = answer
            .map_err(anyhow::Error::from)
            .and_then(|papers| Ok(store.import(papers.into_iter().map(Ok))?));
        match imported {
            Ok(summary) => {
                parts.push(format!("{label}: {summary}"));
                ok_sources.push(planned.source.clone());
            }
            Err(e) => {
                let why = crate::model::sanitize::clean_text(&format!("{e:#}"));
                parts.push(format!("{label}: failed ({})", short(&why)));
                failed.push(format!("{label}: {why}"));
            }
        }
        if store.cancel().is_cancelled() {
            break;
        }
    }
    super::print_notices(&store);
    eprintln!(
        "synced in {:.1} s: {}",
        started.elapsed().as_secs_f64(),
        parts.join(" · ")
    );
    let watch_news = new_per_watch(&store, started_at)?;
    if !watch_news.is_empty() {
        eprintln!("watches: {}", watch_news.join(" · "));
    }
    record_synced(&store, &planned, &ok_sources)?;
    if let Some(command) = &config.notify_command {
        notify(&store, &state, started_at, command, config.notify_timeout)?;
    }
    if store.cancel().is_cancelled() {
        anyhow::bail!("interrupted; the sources listed above were saved, the others not");
    }
    if !failed.is_empty() {
        anyhow::bail!(
            "{} of {} sources failed; the others were saved:\n  {}",
            failed.len(),
            planned.len(),
            failed.join("\n  ")
        );
    }
    Ok(())
}

/// `diffusion 12 new`: what this sync brought to each watch.
fn new_per_watch(store: &Store, since: chrono::DateTime<Utc>) -> Result<Vec<String>> {
    let (state, mut sets) = store.user_sets()?;
    sets.new_since = u64::try_from(since.timestamp_millis() - 1).unwrap_or(0);
    let mut out = Vec::new();
    for name in state.watches.keys() {
        let mut request = SearchRequest::new(format!("watch:{name} is:new"));
        request.limit = 0;
        let total = store
            .with_index(|index| Ok(index.search(&request, &sets)?))?
            .total;
        out.push(format!("{name} {total} new"));
    }
    Ok(out)
}

/// Runs the notify command with the digest of what this sync brought to
/// watches that had synced before (a new watch's first sync is backlog), if
/// anything. Its failure is reported, not returned.
fn notify(
    store: &Store,
    before: &crate::library::UserState,
    started_at: chrono::DateTime<Utc>,
    command: &[String],
    timeout: Option<u64>,
) -> Result<()> {
    let mut digest = crate::digest::build(store, crate::digest::Since::Instant(started_at), None)?;
    digest.sections.retain(|section| {
        before
            .watches
            .get(&section.watch)
            .is_some_and(|w| w.last_synced.is_some())
            && !section.papers.is_empty()
    });
    let papers: usize = digest.sections.iter().map(|s| s.papers.len()).sum();
    if papers == 0 {
        return Ok(());
    }
    let json = super::json::to_string(&digest);
    let timeout = timeout.map_or(
        crate::notify::DEFAULT_TIMEOUT,
        std::time::Duration::from_secs,
    );
    match crate::notify::run(command, json.as_bytes(), timeout) {
        Ok(()) => eprintln!("notified `{}` of {papers} new papers", command[0]),
        Err(e) => eprintln!("{} {e}", super::style_stderr().error("folio: warning:")),
    }
    Ok(())
}

/// Marks the watches all of whose sources were fetched and saved.
fn record_synced(
    store: &Store,
    planned: &[Planned],
    ok: &[crate::library::WatchSource],
) -> Result<()> {
    let done: Vec<&str> = planned
        .iter()
        .flat_map(|p| p.watches.iter().map(String::as_str))
        .filter(|name| {
            planned
                .iter()
                .filter(|p| p.watches.iter().any(|w| w == name))
                .all(|p| ok.contains(&p.source))
        })
        .collect();
    if done.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    store.library().update(|state| {
        for name in &done {
            if let Some(watch) = state.watches.get_mut(*name) {
                watch.last_synced = Some(now);
            }
        }
    })?;
    Ok(())
}

/// The first line of an error, cut for the one-line summary.
fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or(text);
    super::style::cut_to_width(line, 80)
}
