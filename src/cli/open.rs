//! `folio open`: hands one of a paper's links to the browser. Only http(s)
//! links are ever opened, and the PDF folio keeps in its data dir; a missing
//! link is a clear message and exit 1.

use super::output::outln;
use anyhow::{Result, bail};

use super::Ctx;
use super::args::TargetArg;
use crate::browser;
use crate::store::Store;

pub fn open(ctx: &Ctx, id: &str, target: TargetArg) -> Result<()> {
    let config = ctx.config()?;
    let store = ctx.open_store()?;
    let paper = store.require_paper(id)?;
    let Some(target) = target.link_kind() else {
        return open_kept_pdf(&store, paper.id.as_str(), config.browser.as_deref());
    };
    let links = paper.links();
    let Some(url) = links.get(target) else {
        bail!(
            "this paper has no {} link; `folio show {}` lists the links it has",
            target.label(),
            paper.id
        );
    };
    browser::open_url(url, config.browser.as_deref())?;
    outln!("opened {url}");
    Ok(())
}

/// Opens the PDF `folio fetch ID --pdf` kept in the data dir.
fn open_kept_pdf(store: &Store, id: &str, browser: Option<&str>) -> Result<()> {
    let Some(path) = store.fulltext().pdf_path(id) else {
        bail!(
            "no PDF of {id} is kept here; `folio fetch {id} --pdf` downloads it, `folio open {id} --target pdf` opens it online"
        );
    };
    browser::open_kept_file(&path, store.data_dir(), browser)?;
    outln!(
        "opened {}",
        crate::model::sanitize::clean_text(&path.display().to_string())
    );
    Ok(())
}
