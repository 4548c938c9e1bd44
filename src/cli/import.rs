//! `folio import FILE...`: reads feed files (or standard input with `-`) and
//! adds their papers, all or nothing per file.

use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};

use super::Ctx;
use crate::ingest::Format;

pub fn run(ctx: &Ctx, files: &[PathBuf], format: Option<Format>) -> Result<()> {
    let store = ctx.open_store()?;
    for file in files {
        let started = Instant::now();
        let (text, origin) = if file.as_os_str() == "-" {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("could not read standard input as UTF-8 text")?;
            (text, "<stdin>".to_string())
        } else {
            let bytes = std::fs::read(file)
                .with_context(|| format!("could not read {}; check the path", file.display()))?;
            let origin = file.display().to_string();
            crate::ingest::detect_format(&bytes, &origin)?;
            let text = String::from_utf8(bytes).map_err(|_| {
                anyhow::anyhow!(
                    "{origin}: this file is not UTF-8 text; feeds are UTF-8 (re-save it as UTF-8)"
                )
            })?;
            (text, origin)
        };
        let summary = store.import_text(&text, format, &origin)?;
        eprintln!(
            "imported {} papers ({} new, {} updated) from {} in {:.1} s",
            summary.total(),
            summary.new,
            summary.updated,
            origin,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
