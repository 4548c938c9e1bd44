//! The text view's popups: the table of contents (indented by level, the
//! selected entry highlighted) and the paper's links, numbered.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::popup::framed;
use super::text::cut;
use super::theme;
use crate::tui::text_view::TextView;

/// Rows to show of `count`, keeping `selected` in view in `rows` rows.
fn window(count: usize, selected: usize, rows: usize) -> std::ops::Range<usize> {
    let rows = rows.max(1);
    let first = selected
        .saturating_sub(rows - 1)
        .min(count.saturating_sub(rows));
    first..(first + rows).min(count)
}

pub fn draw_toc(frame: &mut Frame, view: &TextView, area: Rect, selected: usize) {
    let toc = &view.layout.toc;
    let inner = framed(
        frame,
        area,
        70,
        toc.len() as u16 + 2,
        "contents · Enter jumps · Esc closes",
    );
    let width = usize::from(inner.width);
    let lines: Vec<Line> = window(toc.len(), selected, usize::from(inner.height))
        .map(|i| {
            let entry = &toc[i];
            let indent = "  ".repeat(usize::from(entry.level.saturating_sub(1)));
            let text = cut(&format!(" {indent}{}", entry.heading), width);
            let style = if i == selected {
                theme::selected()
            } else if entry.level <= 1 {
                theme::title()
            } else {
                Style::new()
            };
            Line::styled(format!("{text:<width$}"), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn draw_links(frame: &mut Frame, view: &TextView, area: Rect, selected: usize) {
    let links = &view.layout.links;
    let inner = framed(
        frame,
        area,
        100,
        links.len() as u16 + 2,
        "links · 1-9 or Enter opens · Esc closes",
    );
    let width = usize::from(inner.width);
    let lines: Vec<Line> = window(links.len(), selected, usize::from(inner.height))
        .map(|i| {
            let (what, url) = &links[i];
            let label = format!("{:>3} {:<14} ", i + 1, cut(what, 14));
            let style = if i == selected {
                theme::selected()
            } else {
                Style::new()
            };
            let room = width.saturating_sub(label.chars().count());
            Line::from(vec![
                Span::styled(cut(&label, width), theme::key()),
                Span::raw(cut(url, room)),
            ])
            .style(style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
