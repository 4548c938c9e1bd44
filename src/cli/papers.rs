//! `search`, `list`, `show` and `similar`: the commands that print papers.

use super::output::{out, outln};
use anyhow::{Result, bail};

use super::Ctx;
use super::json;
use super::style::{self, Style};
use crate::index::{Hit, SearchRequest, Sort};
use crate::library::UserState;
use crate::model::{LinkKind, Paper};

/// Characters of abstract shown under each search hit.
const SNIPPET_CHARS: usize = 220;
/// Indent of the lines under a title.
const INDENT: &str = "    ";

pub fn search(ctx: &Ctx, args: super::args::SearchArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let mut request = SearchRequest::new(args.query.join(" "));
    request.limit = args.limit;
    request.prefix = args.prefix;
    request.sort = args.sort.map(Into::into);
    request.snippet_chars = SNIPPET_CHARS;
    request.scores = taste_scores_if_asked(&store, request.sort)?;
    let (state, results) = store
        .search(&request)
        .map_err(|e| explain(e, &request.query))?;
    if args.json {
        let out: Vec<_> = results
            .hits
            .iter()
            .map(|h| json::hit_json(h, &state))
            .collect();
        out!("{}", json::to_string(&out));
        return Ok(());
    }
    if results.hits.is_empty() {
        outln!(
            "no papers match `{}`",
            crate::model::sanitize::clean_text(&request.query)
        );
        return Ok(());
    }
    print_hits(&ctx.style, &results.hits, &state, true)?;
    let shown = results.hits.len();
    outln!(
        "{}",
        ctx.style.dim(&format!(
            "{shown} of {} papers, by {}",
            results.total,
            results.sort.label()
        ))
    );
    Ok(())
}

/// The user's taste for `--sort foryou` (its notes on stderr).
fn taste_scores_if_asked(
    store: &crate::store::Store,
    sort: Option<Sort>,
) -> Result<Option<std::sync::Arc<crate::index::DocScores>>> {
    if sort != Some(Sort::ForYou) {
        return Ok(None);
    }
    let (scores, notes) = crate::recommend::taste::taste_scores(store)?;
    for note in notes {
        eprintln!("note: {}", crate::model::sanitize::clean_text(&note));
    }
    Ok(Some(scores))
}

/// Query errors get the query echoed with a caret under the problem.
fn explain(err: crate::store::StoreError, query: &str) -> anyhow::Error {
    use crate::index::SearchError;
    use crate::store::StoreError;
    match err {
        StoreError::Search(SearchError::Query(q)) => anyhow::anyhow!("{q}\n{}", q.pointer(query)),
        other => other.into(),
    }
}

pub fn list(ctx: &Ctx, sort: Option<Sort>, limit: usize, as_json: bool) -> Result<()> {
    let store = ctx.open_store()?;
    let mut request = SearchRequest::new("");
    request.sort = sort;
    request.limit = if limit == 0 { usize::MAX / 2 } else { limit };
    request.limit = request
        .limit
        .min(store.index().paper_count() as usize)
        .max(1);
    request.scores = taste_scores_if_asked(&store, request.sort)?;
    let (state, results) = store.search(&request)?;
    if as_json {
        let out: Vec<_> = results
            .hits
            .iter()
            .map(|h| json::paper_json(&h.paper, &state))
            .collect();
        out!("{}", json::to_string(&out));
        return Ok(());
    }
    print_hits(&ctx.style, &results.hits, &state, false)?;
    outln!(
        "{}",
        ctx.style.dim(&format!(
            "{} of {} papers, by {}",
            results.hits.len(),
            results.total,
            results.sort.label()
        ))
    );
    Ok(())
}

pub fn similar(ctx: &Ctx, id: &str, limit: usize, as_json: bool) -> Result<()> {
    let store = ctx.open_store()?;
    let Some(hits) = store.similar(id, limit)? else {
        bail!(crate::store::NotFound(id.to_string()));
    };
    let state = store.library().load()?;
    if as_json {
        let out: Vec<_> = hits.iter().map(|h| json::hit_json(h, &state)).collect();
        out!("{}", json::to_string(&out));
        return Ok(());
    }
    if hits.is_empty() {
        outln!("no paper shares enough words with `{id}`");
        return Ok(());
    }
    print_hits(&ctx.style, &hits, &state, false)?;
    Ok(())
}

pub fn show(ctx: &Ctx, id: &str, as_json: bool) -> Result<()> {
    let store = ctx.open_store()?;
    let paper = store.require_paper(id)?;
    let state = store.library().load()?;
    if as_json {
        let mut out = json::paper_json(&paper, &state);
        out.detail = Some(json::detail_json(&paper));
        out!("{}", json::to_string(&out));
        return Ok(());
    }
    out!("{}", render_detail(&ctx.style, &paper, &state));
    let id = paper.id.as_str();
    let kept = [
        (
            store.fulltext().has_document(id),
            format!("full text kept: `folio text {id}`"),
        ),
        (
            store.fulltext().pdf_path(id).is_some(),
            format!("PDF kept: `folio open {id} --target local`"),
        ),
    ];
    for (_, line) in kept.iter().filter(|(here, _)| *here) {
        outln!(
            "{}",
            ctx.style.dim(&crate::model::sanitize::clean_text(line))
        );
    }
    Ok(())
}

/// Marks shown before a title: bookmarked, then unread or dismissed.
pub(super) fn marks(state: &UserState, id: &str) -> String {
    let star = if state.is_bookmarked(id) { "★" } else { " " };
    let dot = if state.is_dismissed(id) {
        "✗"
    } else if state.is_read(id) {
        " "
    } else {
        "●"
    };
    format!("{star}{dot}")
}

/// `2026-03-14 · ▲ 12 · 3 comments · code ★ 1.2k · project`
pub(super) fn facts(paper: &Paper) -> String {
    let mut parts = Vec::new();
    if let Some(d) = paper.date() {
        parts.push(d.to_string());
    }
    if let Some(up) = paper.upvotes {
        parts.push(format!("▲ {up}"));
    }
    if let Some(c) = paper.comments {
        parts.push(format!("{c} comments"));
    }
    if let Some(cat) = paper.categories.first() {
        parts.push(cat.clone());
    }
    let links = paper.links();
    if links.code.is_some() {
        parts.push(match paper.stars_label() {
            Some(stars) => format!("code {stars}"),
            None => "code".into(),
        });
    }
    if links.project.is_some() {
        parts.push("project".into());
    }
    parts.join(" · ")
}

fn print_hits(style: &Style, hits: &[Hit], state: &UserState, with_snippet: bool) -> Result<()> {
    let title_width = style.width.saturating_sub(4);
    let text_width = style.width.saturating_sub(INDENT.len());
    for hit in hits {
        let paper = &hit.paper;
        let id = paper.id.as_str();
        outln!(
            "{} {}",
            style.accent(&marks(state, id)),
            style.highlighted(&paper.title, &hit.title_highlights, title_width, "1")
        );
        let new = if state.is_new(paper.first_seen) {
            " · new"
        } else {
            ""
        };
        let meta = format!("{id}{new} · {}", facts(paper));
        outln!(
            "{INDENT}{}",
            style.dim(&style::cut_to_width(&meta, text_width))
        );
        if with_snippet && !hit.snippet.text.is_empty() {
            for line in snippet_lines(
                style,
                &hit.snippet.text,
                &hit.snippet.highlights,
                text_width,
            ) {
                outln!("{INDENT}{line}");
            }
        }
    }
    Ok(())
}

/// The snippet wrapped to two lines at most, highlights kept.
fn snippet_lines(
    style: &Style,
    text: &str,
    marks: &[std::ops::Range<usize>],
    cols: usize,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in style::wrap(text, cols).into_iter().take(2) {
        // Locate the wrapped line in the original text to shift the marks.
        let Some(offset) = text[start..].find(&line) else {
            break;
        };
        let from = start + offset;
        let to = (from + line.len()).min(text.len());
        let local: Vec<_> = marks
            .iter()
            .filter(|m| m.start >= from && m.end <= to)
            .map(|m| (m.start - from)..(m.end - from))
            .collect();
        out.push(style.highlighted(&text[from..to], &local, cols, "0"));
        start = to;
    }
    out
}

/// The full view of one paper, as `folio show` prints it.
pub fn render_detail(style: &Style, paper: &Paper, state: &UserState) -> String {
    use std::fmt::Write;
    let width = style.width.min(100);
    let mut out = String::new();
    for line in style::wrap(&paper.title, width) {
        let _ = writeln!(out, "{}", style.bold(&line));
    }
    if !paper.authors.is_empty() {
        for line in style::wrap(&paper.authors.join(", "), width) {
            let _ = writeln!(out, "{line}");
        }
    }
    let _ = writeln!(
        out,
        "{}",
        style.dim(&format!("{} · {}", paper.id, facts(paper)))
    );
    if !paper.categories.is_empty() || !paper.keywords.is_empty() {
        let all: Vec<&str> = paper
            .categories
            .iter()
            .chain(&paper.keywords)
            .map(String::as_str)
            .collect();
        let _ = writeln!(
            out,
            "{}",
            style.dim(&style::cut_to_width(&all.join(", "), width))
        );
    }
    if let Some(entry) = state.entry(paper.id.as_str()) {
        let mut parts = Vec::new();
        if entry.bookmarked.is_some() {
            parts.push("★ bookmarked".to_string());
        }
        if !entry.tags.is_empty() {
            let tags: Vec<&str> = entry.tags.iter().map(String::as_str).collect();
            parts.push(format!("tags: {}", tags.join(", ")));
        }
        if entry.read.is_some() {
            parts.push("read".into());
        }
        if entry.dismissed.is_some() {
            parts.push("✗ dismissed".into());
        }
        if !parts.is_empty() {
            let _ = writeln!(out, "{}", style.accent(&parts.join(" · ")));
        }
        if let Some(note) = &entry.note {
            for line in crate::model::sanitize::clean_multiline(note).lines() {
                let _ = writeln!(out, "  │ {line}");
            }
        }
    }
    let _ = writeln!(out);
    for (n, (kind, url)) in paper.links().numbered().iter().enumerate() {
        let line = format!("  {} {:<12} {url}", n + 1, kind.label());
        match paper.stars_label() {
            Some(stars) if *kind == LinkKind::Code => {
                let _ = writeln!(out, "{line}  {}", style.dim(&stars));
            }
            _ => {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    let _ = writeln!(out);
    if let Some(summary) = &paper.generated_summary {
        let _ = writeln!(out, "{}", style.dim("Generated summary (AI):"));
        for line in style::wrap(summary, width) {
            let _ = writeln!(out, "{}", style.dim(&line));
        }
        let _ = writeln!(out);
    }
    for line in style::wrap(&paper.abstract_text, width) {
        let _ = writeln!(out, "{line}");
    }
    for (label, value) in [
        ("comment", &paper.comment),
        ("journal", &paper.journal_ref),
        ("doi", &paper.doi),
    ] {
        if let Some(v) = value {
            let _ = writeln!(out, "{}", style.dim(&format!("{label}: {v}")));
        }
    }
    out
}
