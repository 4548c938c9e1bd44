//! `folio fetch`: downloads papers' full text (arXiv's HTML) or PDFs into
//! the data dir, so they can be read and searched offline. Several papers
//! are fetched one after another with arXiv's pause between calls; one that
//! fails is reported by id and the others are still fetched. The arguments
//! live here, next to the only code that reads them.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::Args;

use super::Ctx;
use super::output::outln;
use crate::fulltext::fetch::{self, FetchOptions};
use crate::model::sanitize::clean_text;
use crate::store::Store;

/// `folio fetch [ID...] [--bookmarks] [--pdf] [--from FILE]`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Papers to fetch (ids as `folio search` shows them)
    #[arg(value_name = "ID", required_unless_present = "bookmarks")]
    ids: Vec<String>,
    /// Every bookmarked paper whose text (or PDF, with --pdf) is not here yet
    #[arg(long, conflicts_with = "from")]
    bookmarks: bool,
    /// Download the PDF instead of the HTML text
    #[arg(long, conflicts_with = "from")]
    pdf: bool,
    /// Convert a saved copy of the paper's HTML page instead of downloading it
    #[arg(long, value_name = "FILE")]
    from: Option<PathBuf>,
    /// Fetch from this server [default: the config's sources.arxiv_html.base_url, else https://arxiv.org]
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Seconds between two downloads (arXiv asks for 3)
    #[arg(long, value_name = "SECONDS", default_value_t = 3.0)]
    delay: f64,
    /// Seconds to wait for an answer (for tests)
    #[arg(long, value_name = "SECONDS", hide = true)]
    timeout: Option<f64>,
}

pub fn run(ctx: &Ctx, args: FetchArgs) -> Result<()> {
    let config = ctx.config()?;
    let mut options = FetchOptions::from_sources(&config.sources);
    if let Some(url) = &args.base_url {
        options.base_url = url.clone();
    }
    options.settings = super::sync::http_settings(args.timeout)?;
    let delay = super::sync::seconds_arg(args.delay, "--delay value", true)?;
    let store = ctx.open_store()?;
    if let Some(file) = &args.from {
        return convert_saved(&store, &args.ids, file, &options);
    }
    let ids = if args.bookmarks {
        let mut ids = args.ids.clone();
        for id in not_yet_kept(&store, args.pdf)? {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        if ids.is_empty() {
            outln!(
                "every bookmarked paper's {} is already here",
                what(args.pdf)
            );
            return Ok(());
        }
        ids
    } else {
        args.ids.clone()
    };
    fetch_all(&store, &ids, args.pdf, &options, delay)
}

/// "text" or "PDF".
fn what(pdf: bool) -> &'static str {
    if pdf { "PDF" } else { "text" }
}

/// Bookmarked papers whose text (or PDF) is not kept yet.
fn not_yet_kept(store: &Store, pdf: bool) -> Result<Vec<String>> {
    let state = store.library().load()?;
    Ok(state
        .bookmarked_ids()
        .into_iter()
        .filter(|id| {
            if pdf {
                store.fulltext().pdf_path(id).is_none()
            } else {
                !store.fulltext().has_document(id)
            }
        })
        .map(String::from)
        .collect())
}

/// Fetches each paper in turn, arXiv's pause between two downloads.
fn fetch_all(
    store: &Store,
    ids: &[String],
    pdf: bool,
    options: &FetchOptions,
    delay: Duration,
) -> Result<()> {
    let on_terminal = std::io::stderr().is_terminal();
    let mut failed = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        if n > 0 {
            std::thread::sleep(delay);
        }
        if on_terminal && ids.len() > 1 {
            eprintln!("{} {}", progress_bar(n, ids.len()), clean_text(id));
        }
        let mut progress = |line: &str| {
            if on_terminal {
                eprintln!("  {line}");
            }
        };
        let fetched = if pdf {
            fetch::fetch_pdf(store, options, id, &mut progress).map(|path| {
                format!(
                    "saved the PDF of {} to {}",
                    clean_text(id),
                    clean_text(&path.display().to_string())
                )
            })
        } else {
            fetch::fetch_document(store, options, id, &mut progress).map(|document| {
                format!(
                    "fetched {}: {} sections, {} references; read it with `folio text {}` or `r` in the reader",
                    clean_text(id),
                    document.all_sections().len(),
                    document.bibliography.len(),
                    clean_text(id)
                )
            })
        };
        match fetched {
            Ok(line) => outln!("{line}"),
            Err(e) => {
                eprintln!("{} {e}", super::style_stderr().error("folio: error:"));
                failed.push(clean_text(id));
            }
        }
    }
    if !failed.is_empty() {
        bail!(
            "{} of {} papers could not be fetched: {}",
            failed.len(),
            ids.len(),
            failed.join(", ")
        );
    }
    Ok(())
}

/// `[#####-----] 5/10`.
fn progress_bar(done: usize, total: usize) -> String {
    const WIDTH: usize = 20;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(0);
    format!(
        "[{}{}] {}/{}",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        done + 1,
        total
    )
}

/// `--from FILE`: the saved page of one paper.
fn convert_saved(
    store: &Store,
    ids: &[String],
    file: &std::path::Path,
    options: &FetchOptions,
) -> Result<()> {
    let [id] = ids else {
        bail!("--from converts one paper's page: give exactly one ID");
    };
    let shown = clean_text(&file.display().to_string());
    let bytes = std::fs::read(file).with_context(|| format!("could not read {shown}"))?;
    let html = String::from_utf8_lossy(&bytes);
    let paper = store.require_paper(id)?;
    let url = fetch::html_url(
        &options.base_url,
        paper.arxiv_id.as_deref().unwrap_or(paper.id.as_str()),
    );
    let document = fetch::keep_saved_page(store, id, &html, &url)?;
    outln!(
        "converted {shown}: {} sections, {} references; read it with `folio text {}`",
        document.all_sections().len(),
        document.bibliography.len(),
        clean_text(id)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_bar_fills_as_papers_are_done() {
        assert_eq!(progress_bar(0, 4), "[--------------------] 1/4");
        assert_eq!(progress_bar(2, 4), "[##########----------] 3/4");
        assert_eq!(progress_bar(3, 4), "[###############-----] 4/4");
    }
}
