//! `folio import FILE...`: streams feed files (or standard input with `-`,
//! gzip or not) into the store as one all-or-nothing import, with a progress
//! bar on a terminal and a summary at the end.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Ctx;
use crate::ingest::{self, Format, IngestError, PaperResult, Papers};

/// Reasons shown for skipped records with `--skip-bad`.
const SHOWN_REASONS: usize = 5;

/// What `--skip-bad` left out.
#[derive(Default)]
struct Skipped {
    count: usize,
    reasons: Vec<String>,
}

pub fn run(ctx: &Ctx, files: &[PathBuf], format: Option<Format>, skip_bad: bool) -> Result<()> {
    if files.iter().filter(|f| f.as_os_str() == "-").count() > 1 {
        bail!("standard input (`-`) can only be read once per import");
    }
    let store = ctx.open_store_for_writing()?;
    let started = Instant::now();
    let today = crate::store::today();
    // Open and recognise every input before importing anything.
    let mut streams: Vec<Papers> = Vec::new();
    let mut names = Vec::new();
    let mut total_bytes = Some(0);
    let mut counters = Vec::new();
    // arXiv announcement feeds of days without announcements: normal, and
    // nothing to import.
    let mut quiet_days = Vec::new();
    for file in files {
        let input = ingest::open_input(file)?;
        let format = match format {
            Some(f) => f,
            None => ingest::detect_format(&input.head, &input.origin)?,
        };
        let consumed = input.consumed.clone();
        let size = input.size;
        let origin = input.origin.clone();
        let mut stream = ingest::read(format, input.reader, &origin, today)?.peekable();
        if format == Format::ArxivRss && stream.peek().is_none() {
            quiet_days.push(origin);
            continue;
        }
        total_bytes = total_bytes.zip(size).map(|(a, b)| a + b);
        counters.push(consumed);
        names.push(origin);
        streams.push(Box::new(stream));
    }
    for origin in &quiet_days {
        eprintln!(
            "{}: no announcements in this feed (arXiv announces nothing on Saturdays, Sundays and holidays); nothing to import",
            crate::model::sanitize::clean_text(origin)
        );
    }
    if streams.is_empty() && !quiet_days.is_empty() {
        return Ok(());
    }
    let bar = progress_bar(total_bytes);
    let skipped = Arc::new(Mutex::new(Skipped::default()));
    let seen = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let records = streams.into_iter().flatten();
    let counted = {
        let bar = bar.clone();
        let seen = seen.clone();
        records.inspect(move |_| {
            let n = seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if n.is_multiple_of(1000) {
                let read: u64 = counters
                    .iter()
                    .map(|c| c.load(std::sync::atomic::Ordering::Relaxed))
                    .sum();
                bar.set_position(read);
                let rate = n as f64 / started.elapsed().as_secs_f64().max(0.001);
                bar.set_message(format!("{n} records · {rate:.0}/s"));
            }
        })
    };
    let papers: Box<dyn Iterator<Item = PaperResult>> = if skip_bad {
        let skipped = skipped.clone();
        Box::new(counted.filter(move |r| match r {
            Ok(_) => true,
            Err(e) => {
                let mut s = skipped.lock().expect("one thread");
                s.count += 1;
                if s.reasons.len() < SHOWN_REASONS {
                    s.reasons
                        .push(crate::model::sanitize::clean_multiline(&e.to_string()));
                }
                false
            }
        }))
    } else {
        Box::new(counted)
    };
    let result = store.import(papers);
    bar.finish_and_clear();
    super::print_notices(&store);
    let summary = result?;
    let skipped = skipped.lock().expect("one thread");
    let records = seen.load(std::sync::atomic::Ordering::Relaxed);
    if records == 0 {
        return Err(IngestError::Unreadable {
            origin: names.join(", "),
            message: "no papers found in it".into(),
        }
        .into());
    }
    if store.cancel().is_cancelled() {
        eprintln!(
            "folio: interrupted while the import was being saved; it was saved whole, as below"
        );
    }
    eprintln!(
        "imported {} papers ({}) from {} in {:.1} s",
        summary.total(),
        summary,
        crate::model::sanitize::clean_text(&names.join(", ")),
        started.elapsed().as_secs_f64()
    );
    if skipped.count > 0 {
        eprintln!("skipped {} bad records:", skipped.count);
        for reason in &skipped.reasons {
            eprintln!("  {reason}");
        }
        if skipped.count > skipped.reasons.len() {
            eprintln!("  … and {} more", skipped.count - skipped.reasons.len());
        }
    }
    super::tidy::after_write(&store);
    Ok(())
}

/// A bar on a terminal (records, rate, time left), nothing otherwise. Without
/// a known size (standard input) it is a spinner.
fn progress_bar(total_bytes: Option<u64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let target = ProgressDrawTarget::stderr_with_hz(8);
    let (bar, template) = match total_bytes {
        Some(total) if total > 0 => (
            ProgressBar::with_draw_target(Some(total), target),
            "{bar:30} {percent:>3}% · {msg} · {eta} left",
        ),
        _ => (
            ProgressBar::with_draw_target(None, target),
            "{spinner} importing · {msg} · {elapsed}",
        ),
    };
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message("starting");
    bar.enable_steady_tick(Duration::from_millis(125));
    bar
}
