//! `folio open`: hands one of a paper's links to the browser. Only http(s)
//! links are ever opened; a missing link is a clear message and exit 1.

use super::output::outln;
use anyhow::{Result, bail};

use super::Ctx;
use crate::browser;
use crate::model::LinkKind;

pub fn open(ctx: &Ctx, id: &str, target: LinkKind) -> Result<()> {
    let config = ctx.config()?;
    let store = ctx.open_store()?;
    let paper = store.require_paper(id)?;
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
