//! `search`, `list`, `show` and `similar`: the commands that print papers.

use super::output::{out, outln};
use anyhow::{Result, bail};

use super::Ctx;
use super::json;
use super::style::{self, Style};
use crate::index::{Hit, SearchRequest, Sort};
use crate::library::UserState;
use crate::model::Paper;
use crate::paper_view::{self, Highlights, LinkFit, Role};
use crate::store::Store;

/// Characters of abstract shown under each search hit.
const SNIPPET_CHARS: usize = 220;
/// Indent of the lines under a title.
const INDENT: &str = "    ";

/// Runs a command that reads the data dir once, then leaves the store to
/// the process's exit instead of dropping it: the kernel then unmaps the
/// index's files all at once, which is cheaper than unmapping them one by
/// one (six maps per index segment, 150 at 3,000,000 papers). Nothing in
/// a store opened only to read needs its drop to run.
fn read_once(ctx: &Ctx, command: impl FnOnce(&Store) -> Result<()>) -> Result<()> {
    let store = ctx.open_store_to_read_once()?;
    let result = command(&store);
    std::mem::forget(store);
    result
}

pub fn search(ctx: &Ctx, args: super::args::SearchArgs) -> Result<()> {
    read_once(ctx, |store| search_in(ctx, store, args))
}

fn search_in(ctx: &Ctx, store: &Store, args: super::args::SearchArgs) -> Result<()> {
    let mut request = SearchRequest::new(args.query.join(" "));
    request.limit = args.limit;
    request.prefix = args.prefix;
    request.sort = args.sort.map(Into::into);
    request.snippet_chars = SNIPPET_CHARS;
    request.scores = taste_scores_if_asked(store, request.sort)?;
    if args.json {
        // The JSON is the hits alone: no need to count every match.
        let (state, hits) = store
            .search_hits(&request)
            .map_err(|e| explain(e, &request.query))?;
        let out: Vec<_> = hits.iter().map(|h| json::hit_json(h, &state)).collect();
        out!("{}", json::to_string(&out));
        return Ok(());
    }
    let (state, results) = store
        .search(&request)
        .map_err(|e| explain(e, &request.query))?;
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
    store: &Store,
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
    read_once(ctx, |store| list_in(ctx, store, sort, limit, as_json))
}

fn list_in(
    ctx: &Ctx,
    store: &Store,
    sort: Option<Sort>,
    limit: usize,
    as_json: bool,
) -> Result<()> {
    let mut request = SearchRequest::new("");
    request.sort = sort;
    request.limit = if limit == 0 { usize::MAX / 2 } else { limit };
    request.limit = request
        .limit
        .min(store.index().paper_count() as usize)
        .max(1);
    request.scores = taste_scores_if_asked(store, request.sort)?;
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
    let store = ctx.open_store_to_read_once()?;
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
    let store = ctx.open_store_to_read_once()?;
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
    crate::text::wrap_marked(text, marks, cols)
        .iter()
        .take(2)
        .map(|runs| style.runs(runs, ""))
        .collect()
}

/// Widest `folio show` lays text out, however wide the terminal.
const SHOW_MAX_WIDTH: usize = 100;

/// The full view of one paper, as `folio show` prints it: the
/// [`crate::paper_view`] the reader's detail pane draws too.
pub fn render_detail(style: &Style, paper: &Paper, state: &UserState) -> String {
    let width = style.width.min(SHOW_MAX_WIDTH);
    let view = paper_view::build(
        paper,
        state.entry(paper.id.as_str()),
        &Highlights::default(),
        None,
    );
    let mut out = String::new();
    for line in paper_view::lines(&view, width, LinkFit::Whole).lines {
        for span in &line.spans {
            let code = match span.role {
                Role::Title => "1",
                Role::Dim | Role::NoteBar | Role::WhyFailed => "2",
                Role::Topic | Role::Library | Role::Why => "36",
                Role::Plain | Role::LinkKey | Role::Url => "",
            };
            out.push_str(&style.run(&span.text, span.marked, code));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PaperId;

    fn paper() -> Paper {
        Paper {
            title: "Dense associative memory".into(),
            id: PaperId::new("dense-memory"),
            abstract_text: "Memories are stored densely.".into(),
            ..Paper::default()
        }
    }

    #[test]
    fn show_is_plain_without_colour_and_styled_with_it() {
        let mut state = UserState::default();
        state.bookmark("dense-memory", chrono::Utc::now());
        let plain = Style {
            color: false,
            width: 40,
        };
        let text = render_detail(&plain, &paper(), &state);
        assert!(!text.contains('\x1b'), "{text:?}");
        assert!(text.starts_with("Dense associative memory\ndense-memory\n★ bookmarked\n"));
        let coloured = Style {
            color: true,
            width: 40,
        };
        let text = render_detail(&coloured, &paper(), &state);
        assert!(
            text.starts_with("\x1b[1mDense associative memory\x1b[0m\n"),
            "{text:?}"
        );
        assert!(text.contains("\x1b[36m★ bookmarked\x1b[0m"), "{text:?}");
        // Plain text gets no escape codes at all, even with colour.
        assert!(
            text.contains("\nMemories are stored densely.\n"),
            "{text:?}"
        );
    }
}
