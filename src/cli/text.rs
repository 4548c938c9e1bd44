//! `folio text ID`: prints a fetched paper's full text, laid out like the
//! reader shows it (wrapped to the terminal or `--width`, headings and
//! captions styled on a terminal, plain when piped), or its document model
//! as JSON.

use anyhow::{Result, bail};

use super::Ctx;
use super::output::out;
use crate::fulltext::layout::{TextStyle, layout};
use crate::model::sanitize::clean_text;

/// The narrowest layout asked for.
const MIN_WIDTH: u16 = 20;

pub fn run(ctx: &Ctx, id: &str, width: Option<u16>, json: bool) -> Result<()> {
    let store = ctx.open_store()?;
    let paper = store.require_paper(id)?;
    let id = paper.id.as_str();
    let Some(document) = store.fulltext().document(id)? else {
        bail!(
            "the text of {} is not here yet; `folio fetch {}` downloads it",
            clean_text(id),
            clean_text(id)
        );
    };
    if json {
        out!("{}", super::json::to_string(&document));
        return Ok(());
    }
    let width = width
        .unwrap_or_else(|| u16::try_from(ctx.style.width).unwrap_or(u16::MAX))
        .max(MIN_WIDTH);
    let style = &ctx.style;
    let mut text = String::new();
    for line in layout(&document, width).lines {
        for span in &line.spans {
            let shown = match span.style {
                TextStyle::Heading(_) | TextStyle::Bold | TextStyle::TheoremLabel => {
                    style.bold(&span.text)
                }
                TextStyle::Dim | TextStyle::EquationNumber => style.dim(&span.text),
                TextStyle::Citation | TextStyle::Link | TextStyle::Caption => {
                    style.accent(&span.text)
                }
                _ => span.text.clone(),
            };
            text.push_str(&shown);
        }
        text.push('\n');
    }
    out!("{text}");
    Ok(())
}
