//! `folio stats` and `folio reindex`: what is stored where, and rebuilding
//! the index from the journal.

use super::output::{out, outln};
use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use super::json;

#[derive(Serialize)]
struct Stats {
    papers: u64,
    bookmarks: usize,
    read: usize,
    /// Papers the user is not interested in (`folio dismiss`).
    dismissed: usize,
    tags: usize,
    index_bytes: u64,
    journal_bytes: u64,
    /// Bytes `folio compact` would free.
    compactable_bytes: u64,
    journal_segments: usize,
    read_only: bool,
    data_dir: String,
    index_dir: String,
    library_file: String,
    config_file: String,
    /// Where the log is written (`folio -v` for more of it).
    log_file: String,
}

pub fn stats(ctx: &Ctx, as_json: bool) -> Result<()> {
    let store = ctx.open_store()?;
    let state = store.library().load()?;
    let stats = Stats {
        papers: store.index().paper_count(),
        bookmarks: state.bookmarked_ids().len(),
        read: state.read_ids().count(),
        dismissed: state.dismissed_ids().count(),
        tags: state.all_tags().len(),
        index_bytes: store.index().size_on_disk(),
        journal_bytes: store.journal().total_bytes()?,
        compactable_bytes: store.compactable_bytes()?,
        journal_segments: store.journal().segments()?.len(),
        read_only: store.is_read_only(),
        data_dir: ctx.paths.data_dir.display().to_string(),
        index_dir: store.index().dir().display().to_string(),
        library_file: store.library().path().display().to_string(),
        config_file: ctx.paths.config_file.display().to_string(),
        log_file: super::logging::log_file().map_or_else(
            || "none (no home directory)".to_string(),
            |p| p.display().to_string(),
        ),
    };
    if as_json {
        out!("{}", json::to_string(&stats));
        return Ok(());
    }
    let rows = [
        ("papers", stats.papers.to_string()),
        ("bookmarks", stats.bookmarks.to_string()),
        ("read", stats.read.to_string()),
        ("dismissed", stats.dismissed.to_string()),
        ("tags", stats.tags.to_string()),
        (
            "index size",
            format!("{:.1} MB", stats.index_bytes as f64 / 1e6),
        ),
        (
            "journal",
            format!(
                "{:.1} MB in {} segments ({})",
                stats.journal_bytes as f64 / 1e6,
                stats.journal_segments,
                if stats.compactable_bytes == 0 {
                    "nothing to compact".to_string()
                } else {
                    format!(
                        "`folio compact` would free {:.1} MB",
                        stats.compactable_bytes as f64 / 1e6
                    )
                }
            ),
        ),
        (
            "data dir",
            if stats.read_only {
                format!("{} (read-only)", stats.data_dir)
            } else {
                stats.data_dir
            },
        ),
        ("index", stats.index_dir),
        ("library", stats.library_file),
        ("config", stats.config_file),
        ("log", stats.log_file),
    ];
    for (label, value) in rows {
        outln!("{}  {value}", ctx.style.dim(&format!("{label:>10}")));
    }
    Ok(())
}

pub fn reindex(ctx: &Ctx) -> Result<()> {
    let store = ctx.open_store_for_writing()?;
    let started = std::time::Instant::now();
    let count = store.reindex();
    super::print_notices(&store);
    eprintln!(
        "reindexed {} papers in {:.1} s",
        count?,
        started.elapsed().as_secs_f64()
    );
    super::tidy::after_write(&store);
    Ok(())
}

pub fn compact(ctx: &Ctx) -> Result<()> {
    let store = ctx.open_store_for_writing()?;
    let started = std::time::Instant::now();
    let sizes = store.compact();
    super::print_notices(&store);
    let (before, after) = sizes?;
    eprintln!(
        "compacted the journal from {:.1} MB to {:.1} MB and reindexed {} papers in {:.1} s",
        before as f64 / 1e6,
        after as f64 / 1e6,
        store.index().paper_count(),
        started.elapsed().as_secs_f64()
    );
    super::tidy::after_write(&store);
    Ok(())
}
