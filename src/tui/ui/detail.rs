//! The detail pane: the selected paper in full. The text is built by one
//! function so drawing, scrolling limits and link clicks agree on every line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::text::{cut, wrap_marked};
use super::theme;
use crate::library::Entry;
use crate::model::{LinkKind, sanitize};
use crate::tui::for_you;
use crate::tui::state::{App, Mode, Row};

/// The detail text and the line of each numbered link.
pub struct DetailText {
    pub lines: Vec<Line<'static>>,
    /// `(line index, url)` for every link line.
    pub links: Vec<(usize, String)>,
}

/// Builds the detail text of a row for a pane `width` columns wide.
/// `why` is the "for you" model's reason for the paper, when the list is
/// ranked by taste (`Err`: why it could not be said).
pub fn detail_text(
    row: &Row,
    entry: Option<&Entry>,
    why: Option<&Result<String, String>>,
    width: usize,
) -> DetailText {
    let paper = &row.paper;
    let width = width.max(10);
    let mut lines = wrap_marked(
        &paper.title,
        &row.title_marks,
        width,
        theme::title(),
        theme::mark().patch(theme::title()),
    );
    if !paper.authors.is_empty() {
        let authors = paper.authors.join(", ");
        lines.extend(wrap_marked(
            &authors,
            &[],
            width,
            Style::new(),
            Style::new(),
        ));
    }
    let mut facts = Vec::new();
    if let Some(d) = paper.date() {
        facts.push(d.format("%Y-%m-%d").to_string());
    }
    if let Some(up) = paper.upvotes {
        facts.push(format!("▲ {up}"));
    }
    if let Some(c) = paper.comments {
        facts.push(format!("{c} comments"));
    }
    if let Some(org) = &paper.organization {
        facts.push(org.clone());
    }
    facts.push(paper.id.to_string());
    lines.push(Line::styled(cut(&facts.join(" · "), width), theme::dim()));
    let cats: Vec<&str> = paper
        .categories
        .iter()
        .chain(&paper.keywords)
        .map(String::as_str)
        .collect();
    if !cats.is_empty() {
        lines.extend(wrap_marked(
            &cats.join(", "),
            &[],
            width,
            theme::accent(),
            theme::accent(),
        ));
    }
    if let Some(entry) = entry {
        let mut parts = Vec::new();
        if entry.bookmarked.is_some() {
            parts.push("★ bookmarked".to_string());
        }
        if !entry.tags.is_empty() {
            parts.push(
                entry
                    .tags
                    .iter()
                    .map(|t| format!("#{t}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
        if entry.read.is_some() {
            parts.push("read".into());
        }
        if entry.dismissed.is_some() {
            parts.push("✗ dismissed".into());
        }
        if !parts.is_empty() {
            lines.push(Line::styled(cut(&parts.join(" · "), width), theme::star()));
        }
        if let Some(note) = &entry.note {
            for note_line in sanitize::clean_multiline(note).lines() {
                for wrapped in wrap_marked(
                    note_line,
                    &[],
                    width.saturating_sub(2),
                    Style::new(),
                    Style::new(),
                ) {
                    let mut spans = vec![Span::styled("│ ", theme::dim())];
                    spans.extend(wrapped.spans);
                    lines.push(Line::from(spans));
                }
            }
        }
    }
    if let Some(why) = why {
        lines.extend(why_lines(why, width));
    }
    lines.push(Line::default());
    let mut links = Vec::new();
    for (n, (kind, url)) in paper.links().numbered().into_iter().enumerate() {
        let label = format!("{:>2} {:<12} ", n + 1, kind.label());
        // The stars go beside the code link; the URL gives way to them.
        let stars = paper
            .stars_label()
            .filter(|_| kind == LinkKind::Code)
            .map(|s| format!("  {s}"));
        let stars_width = stars.as_deref().map_or(0, |s| s.chars().count());
        let room = width.saturating_sub(label.chars().count() + stars_width);
        links.push((lines.len(), url.clone()));
        let mut spans = vec![
            Span::styled(label, theme::key()),
            Span::styled(cut(&url, room), theme::link()),
        ];
        if let Some(stars) = stars {
            spans.push(Span::styled(stars, theme::dim()));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::default());
    if let Some(summary) = &paper.generated_summary {
        lines.push(Line::styled(
            "Generated summary (AI, not the authors' words):",
            theme::dim(),
        ));
        lines.extend(wrap_marked(summary, &[], width, theme::dim(), theme::dim()));
        lines.push(Line::default());
    }
    lines.extend(wrap_marked(
        &paper.abstract_text,
        &row.abstract_marks,
        width,
        Style::new(),
        theme::mark(),
    ));
    for (label, value) in [
        ("Comment", &paper.comment),
        ("Journal", &paper.journal_ref),
        ("DOI", &paper.doi),
    ] {
        if let Some(v) = value {
            lines.push(Line::default());
            lines.extend(wrap_marked(
                &format!("{label}: {v}"),
                &[],
                width,
                theme::dim(),
                theme::dim(),
            ));
        }
    }
    DetailText { lines, links }
}

/// `why: because you kept "…" · terms`, wrapped. The titles and terms come
/// from feeds, so the sentence is cleaned like every other feed text.
fn why_lines(why: &Result<String, String>, width: usize) -> Vec<Line<'static>> {
    let (text, style) = match why {
        Ok(sentence) if sentence.is_empty() => return Vec::new(),
        Ok(sentence) => (
            format!("why: {}", sanitize::clean_text(sentence)),
            theme::accent(),
        ),
        Err(e) => (
            format!("why: could not say ({})", sanitize::clean_text(e)),
            theme::dim(),
        ),
    };
    wrap_marked(&text, &[], width, style, style)
}

/// Draws the detail pane of the selected paper.
pub fn draw(frame: &mut Frame, app: &App, area: Rect, inner: Rect, side_by_side: bool) {
    let focused = matches!(app.mode, Mode::Detail);
    let border_style = if focused {
        theme::accent()
    } else {
        theme::border()
    };
    let block = if side_by_side {
        Block::new()
            .borders(Borders::LEFT)
            .border_style(border_style)
    } else {
        Block::new()
            .borders(Borders::TOP)
            .border_style(border_style)
    };
    frame.render_widget(block, area);
    let Some(row) = app.selected_row() else {
        if let Some(error) = app.results.error(app.selected) {
            let lines = wrap_marked(
                &format!("This paper could not be read: {error}"),
                &[],
                usize::from(inner.width),
                theme::error(),
                theme::error(),
            );
            frame.render_widget(Paragraph::new(lines), inner);
            return;
        }
        let message = if app.results.is_empty() && !app.searching {
            ""
        } else {
            "loading…"
        };
        frame.render_widget(Paragraph::new(message).style(theme::dim()), inner);
        return;
    };
    let text = detail_text(
        row,
        app.user.entry(row.paper.id.as_str()),
        for_you::reason_for(app, row.paper.id.as_str()),
        usize::from(inner.width),
    );
    let scroll = app.detail_scroll.min(text.lines.len().saturating_sub(1));
    let visible: Vec<Line> = text
        .lines
        .into_iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .collect();
    frame.render_widget(Paragraph::new(visible), inner);
}
