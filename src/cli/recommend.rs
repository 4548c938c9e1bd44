//! `folio recommend`: unread papers ranked by the model of your taste
//! ([`crate::recommend`]), each with why when asked (always in JSON).

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use super::json::{self, PaperJson};
use super::output::{out, outln};
use super::papers::{facts, marks};
use super::style::cut_to_width;
use crate::model::sanitize::clean_text;
use crate::recommend::{Because, Recommendations, Request, recommend};

const INDENT: &str = "    ";

/// One JSON row: the paper as every command prints it, its score and why.
#[derive(Serialize)]
struct RecommendationJson<'a> {
    #[serde(flatten)]
    paper: PaperJson<'a>,
    score: f32,
    because: BecauseJson,
}

#[derive(Serialize)]
struct BecauseJson {
    kept: Vec<KeptJson>,
    terms: Vec<String>,
}

#[derive(Serialize)]
struct KeptJson {
    id: String,
    title: String,
    similarity: f32,
}

fn because_json(because: Option<&Because>) -> BecauseJson {
    let because = because.cloned().unwrap_or_default();
    BecauseJson {
        kept: because
            .kept
            .into_iter()
            .map(|k| KeptJson {
                id: clean_text(&k.id),
                title: clean_text(&k.title),
                similarity: k.similarity,
            })
            .collect(),
        terms: because.terms.iter().map(|t| clean_text(t)).collect(),
    }
}

pub fn run(ctx: &Ctx, args: &super::args::RecommendArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let request = Request {
        tag: args.tag.clone(),
        limit: args.limit,
        since: args.since,
        include_read: args.include_read,
        explain: args.explain || args.json,
        ..Request::default()
    };
    let ranked = recommend(&store, &request)?;
    for note in &ranked.notes {
        eprintln!("note: {}", clean_text(note));
    }
    let state = store.library().load()?;
    if args.json {
        let rows: Vec<_> = ranked
            .items
            .iter()
            .map(|r| RecommendationJson {
                paper: json::paper_json(&r.paper, &state),
                score: r.score,
                because: because_json(r.because.as_ref()),
            })
            .collect();
        out!("{}", json::to_string(&rows));
        return Ok(());
    }
    let style = &ctx.style;
    let width = style.width.saturating_sub(INDENT.len());
    for r in &ranked.items {
        let id = r.paper.id.as_str();
        outln!(
            "{} {}",
            style.accent(&marks(&state, id)),
            style.bold(&cut_to_width(
                &clean_text(&r.paper.title),
                style.width.saturating_sub(4)
            ))
        );
        let meta = format!("{id} · {} · {}", score_label(r.score), facts(&r.paper));
        outln!("{INDENT}{}", style.dim(&cut_to_width(&meta, width)));
        if let Some(because) = &r.because {
            let sentence = clean_text(&because.sentence());
            for line in super::style::wrap(&sentence, width).into_iter().take(3) {
                outln!("{INDENT}{line}");
            }
        }
    }
    if !ranked.items.is_empty() {
        outln!("{}", style.dim(&summary(&ranked, &request)));
    }
    Ok(())
}

/// A score as printed: three decimals, never `-0.000`.
fn score_label(score: f32) -> String {
    let shown = format!("{score:.3}");
    if shown == "-0.000" {
        "0.000".to_string()
    } else {
        shown
    }
}

/// `20 of 1,204 unread papers, ranked by your taste (12 bookmarks, 3 dismissed)`
fn summary(ranked: &Recommendations, request: &Request) -> String {
    let kind = if request.include_read { "" } else { "unread " };
    let trained = &ranked.trained_on;
    let tagged = request
        .tag
        .as_ref()
        .map(|t| format!(" tagged `{}`", clean_text(t)))
        .unwrap_or_default();
    format!(
        "{} of {} {kind}papers, ranked by your taste ({} bookmark{}{tagged}, {} dismissed)",
        ranked.items.len(),
        ranked.candidates,
        trained.positives,
        if trained.positives == 1 { "" } else { "s" },
        trained.negatives
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_print_with_three_decimals_and_no_negative_zero() {
        assert_eq!(score_label(0.46123), "0.461");
        assert_eq!(score_label(-0.0001), "0.000");
        assert_eq!(score_label(-0.25), "-0.250");
    }
}
