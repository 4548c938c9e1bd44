//! `folio sync` with no feed named: runs [`crate::sync::all::sync_all`] (today's
//! Hugging Face papers and every source of every watch) and prints its
//! progress on a terminal and its summary. A source that failed makes the
//! exit status an error; the others were saved all the same.

use std::io::IsTerminal;

use anyhow::Result;

use super::Ctx;
use crate::store::Store;
use crate::sync::HttpSettings;
use crate::sync::all::{SourceProgress, SyncAllOptions, SyncHooks, sync_all};

/// Prints progress lines to a terminal, and arms Ctrl-C to stop the import
/// (while fetching, Ctrl-C simply ends folio: nothing has been written).
struct CliHooks<'a> {
    store: &'a Store,
    show_progress: bool,
}

impl SyncHooks for CliHooks<'_> {
    fn progress(&self, label: &str, progress: SourceProgress) {
        if !self.show_progress {
            return;
        }
        match progress {
            SourceProgress::Fetching(line) => eprintln!("{label}: {line}"),
            SourceProgress::Failed(why) => eprintln!("{label}: failed: {why}"),
            _ => {}
        }
    }

    fn may_import(&self) -> bool {
        super::signals::cancel_on_signal(self.store).is_ok()
    }
}

pub fn run(ctx: &Ctx, settings: HttpSettings) -> Result<()> {
    let config = ctx.config()?;
    let options = SyncAllOptions {
        sources: config.sources.clone(),
        settings,
        notify: config.notify_command.clone().map(|command| {
            let timeout = config.notify_timeout.map_or(
                crate::notify::DEFAULT_TIMEOUT,
                std::time::Duration::from_secs,
            );
            (command, timeout)
        }),
    };
    let store = ctx.open_store()?;
    let hooks = CliHooks {
        store: &store,
        show_progress: std::io::stderr().is_terminal(),
    };
    let report = sync_all(&store, &options, &hooks)?;
    super::print_notices(&store);
    eprintln!(
        "synced in {:.1} s: {}",
        report.elapsed.as_secs_f64(),
        report.summary()
    );
    if let Some(watches) = report.watch_summary() {
        eprintln!("watches: {watches}");
    }
    match &report.notified {
        Some(Ok(papers)) => eprintln!(
            "notified `{}` of {papers} new papers",
            options.notify.as_ref().map_or("", |(c, _)| c[0].as_str())
        ),
        Some(Err(why)) => eprintln!("{} {why}", super::style_stderr().error("folio: warning:")),
        None => {}
    }
    if !report.cancelled {
        super::tidy::after_write(&store);
    }
    if report.cancelled {
        anyhow::bail!("interrupted; the sources listed above were saved, the others not");
    }
    let failures = report.failures();
    if !failures.is_empty() {
        let lines: Vec<String> = failures
            .iter()
            .map(|f| format!("{}: {}", f.label, f.result.as_ref().err().map_or("", |w| w)))
            .collect();
        anyhow::bail!(
            "{} of {} sources failed; the others were saved:\n  {}",
            failures.len(),
            report.planned,
            lines.join("\n  ")
        );
    }
    Ok(())
}
