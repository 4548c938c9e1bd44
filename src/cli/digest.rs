//! `folio digest`: each watch's papers first imported in a period, as text,
//! Markdown or JSON, to standard output or a file (what a cron job mails).

use anyhow::{Context, Result};
use chrono::NaiveDate;

use super::Ctx;
use super::args::{DigestArgs, DigestFormat};
use super::output::out;
use crate::digest::{self, Since};
use crate::model::sanitize;

pub fn run(ctx: &Ctx, args: &DigestArgs) -> Result<()> {
    let since = match args.since.as_deref() {
        None | Some("last-look") => Since::LastLook,
        Some("last-sync") => Since::LastSync,
        Some(day) => Since::Day(NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").map_err(
            |_| {
                anyhow::anyhow!(
                    "`--since {}` is not a day: use YYYY-MM-DD (e.g. 2026-11-30), last-look or last-sync",
                    sanitize::clean_text(day)
                )
            },
        )?),
    };
    let store = ctx.open_store()?;
    let digest = digest::build(&store, since, args.watch.as_deref())?;
    let text = match args.format {
        DigestFormat::Text => digest::to_text(&digest),
        DigestFormat::Markdown => digest::to_markdown(&digest),
        DigestFormat::Json => digest::to_json(&digest),
    };
    match &args.output {
        Some(path) => {
            crate::fsutil::write_atomically(path, text.as_bytes()).with_context(|| {
                format!(
                    "could not write {}; check the directory exists and is writable",
                    sanitize::clean_text(&path.display().to_string())
                )
            })?;
            let papers: usize = digest.sections.iter().map(|s| s.papers.len()).sum();
            eprintln!(
                "wrote a digest of {papers} new papers in {} sections to {}",
                digest.sections.len(),
                sanitize::clean_text(&path.display().to_string())
            );
        }
        None => out!("{text}"),
    }
    Ok(())
}
