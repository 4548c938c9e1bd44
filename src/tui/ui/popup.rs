//! Small windows over the list: the link picker and the tag and note editors.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthChar;

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

pub fn draw_links(frame: &mut Frame, app: &App, area: Rect, selected: usize) {
    let Some(row) = app.selected_row() else {
        return;
    };
    let links = row.paper.links().numbered();
    let popup = centered(area, 90, links.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::accent())
        .title(" links · 1-9 or Enter opens · y copies ");
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
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
    let popup = centered(area, 70, 3);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::accent())
        .title(format!(" {title} "));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let width = usize::from(inner.width);
    let (shown, column) = editor_view(input, width);
    frame.render_widget(Paragraph::new(cut(shown, width)), inner);
    frame.set_cursor_position(Position::new(inner.x + column as u16, inner.y));
}

/// The part of the text an editor `width` columns wide shows, and the
/// column of the cursor in it. Long text scrolls by whole characters,
/// measured in display columns (CJK and emoji take two), so the cursor
/// stays on screen and lands right after the character before it.
fn editor_view(input: &TextInput, width: usize) -> (&str, usize) {
    let text = input.text();
    let mut column = input.cursor_column();
    // The last cell is kept for the cursor at the end of the text.
    let room = width.saturating_sub(1);
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if column <= room {
            break;
        }
        column -= c.width().unwrap_or(0).min(column);
        start = i + c.len_utf8();
    }
    (&text[start..], column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_column_counts_display_width() {
        let input = TextInput::new("深層学習");
        assert_eq!(editor_view(&input, 20), ("深層学習", 8));
        // Too long for 6 columns: whole characters scroll off the front.
        let (shown, column) = editor_view(&input, 6);
        assert_eq!((shown, column), ("学習", 4));
    }
}
