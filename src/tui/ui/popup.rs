//! Small windows over the list: the link picker and the tag and note editors,
//! and the framed window they (and the watches view) are drawn in.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::text::cut;
use super::theme;
use crate::tui::input::TextInput;
use crate::tui::state::App;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width.saturating_sub(2)).max(1);
    let height = height.min(area.height.saturating_sub(2)).max(1);
    Rect {
        x: area.x + (area.width.saturating_sub(width)) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width,
        height,
    }
}

/// Clears a window of at most `width`×`height` centred over `area`, draws
/// its border titled `title`, and returns the area inside the border.
pub fn framed(frame: &mut Frame, area: Rect, width: u16, height: u16, title: &str) -> Rect {
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::accent())
        .title(format!(" {title} "));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    inner
}

pub fn draw_links(frame: &mut Frame, app: &App, area: Rect, selected: usize) {
    let Some(row) = app.selected_row() else {
        return;
    };
    let links = row.paper.links().numbered();
    let inner = framed(
        frame,
        area,
        90,
        links.len() as u16 + 2,
        "links · 1-9 or Enter opens · y copies",
    );
    let width = usize::from(inner.width);
    let lines: Vec<Line> = links
        .iter()
        .enumerate()
        .map(|(i, (kind, url))| {
            let label = format!("{:>2} {:<12} ", i + 1, kind.label());
            let style = if i == selected {
                theme::selected()
            } else {
                ratatui::style::Style::new()
            };
            Line::from(vec![
                Span::styled(label.clone(), theme::key()),
                Span::raw(cut(url, width.saturating_sub(label.chars().count()))),
            ])
            .style(style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn draw_editor(frame: &mut Frame, area: Rect, title: &str, input: &TextInput) {
    let inner = framed(frame, area, 70, 3, title);
    let width = usize::from(inner.width);
    let (shown, column) = input.view(width);
    frame.render_widget(Paragraph::new(cut(shown, width)), inner);
    frame.set_cursor_position(Position::new(inner.x + column as u16, inner.y));
}
