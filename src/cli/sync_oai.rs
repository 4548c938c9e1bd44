//! `folio sync arxiv-oai`: the command-line side of the OAI-PMH harvest
//! (see [`crate::sync::oai`]): its arguments checked, progress on stderr
//! (one line rewritten in place on a terminal, a line per page otherwise,
//! for logs), Ctrl-C stopping it between pages, and the summary.

use std::io::IsTerminal;

use anyhow::Result;
use chrono::NaiveDate;

use super::Ctx;
use super::sync::{NetArgs, http_settings, seconds_arg};
use crate::sync::{DEFAULT_OAI_BASE, HttpClient, OaiRequest, SyncError, harvest};

pub(super) fn run(
    ctx: &Ctx,
    from: Option<String>,
    set: Option<String>,
    delay: f64,
    net: NetArgs,
) -> Result<()> {
    let request = OaiRequest {
        from: from.as_deref().map(parse_day).transpose()?,
        set: set.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        delay: seconds_arg(delay, "--delay value", true)?,
    };
    let base = match net.base_url {
        Some(url) => url,
        None => ctx
            .config()?
            .sources
            .arxiv_oai
            .base_url
            .clone()
            .unwrap_or_else(|| DEFAULT_OAI_BASE.to_string()),
    };
    let base = base.as_str();
    let client = HttpClient::new(http_settings(net.timeout)?);
    let store = ctx.open_store_for_writing()?;
    let started_at = chrono::Utc::now();
    let terminal = std::io::stderr().is_terminal();
    let mut rewriting = false;
    let result = harvest(&store, &client, base, &request, &mut |line| {
        let page_line = line.contains(" records harvested ");
        if terminal && page_line {
            eprint!("\r\x1b[2K{line}");
            rewriting = true;
        } else {
            if rewriting {
                eprintln!();
                rewriting = false;
            }
            eprintln!("{line}");
        }
    });
    if rewriting {
        eprintln!();
    }
    super::print_notices(&store);
    let summary = match result {
        Ok(summary) => summary,
        // Ctrl-C during a request ends the run when the request does, however it ends.
        Err(error) if error.is_cancelled() || store.cancel().is_cancelled() => {
            anyhow::bail!(
                "interrupted: the pages harvested before are saved, run the same command again to resume"
            )
        }
        Err(error) => return Err(error.into()),
    };
    // `folio digest --since last-sync` counts from here.
    store
        .library()
        .update(|state| state.record_sync(started_at, []))?;
    let imported = &summary.imported;
    eprintln!(
        "harvested {} records in {} page{} ({}, {} removed{}) from {}",
        summary.records,
        summary.pages,
        if summary.pages == 1 { "" } else { "s" },
        imported,
        summary.removed,
        if summary.skipped > 0 {
            format!(", {} skipped", summary.skipped)
        } else {
            String::new()
        },
        base.trim_start_matches("https://")
            .trim_start_matches("http://")
    );
    if let Some(day) = summary.next_from {
        eprintln!("the harvest is complete; the next run asks only for changes since {day}");
    }
    super::tidy::after_write(&store);
    Ok(())
}

fn parse_day(text: &str) -> Result<NaiveDate, SyncError> {
    text.trim().parse().map_err(|_| SyncError::Argument {
        input: text.to_string(),
        what: "--from date",
        problem: "expected a day like 2026-11-27".to_string(),
    })
}
