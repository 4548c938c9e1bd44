//! Small windows over the list: the link picker and the tag and note editors,
//! the framed window they (and the watches view) are drawn in, and the
//! scrolling picker every list of choices is drawn with. Their titles name
//! the keys of the keymap in force.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::text::cut;
use super::theme;
use crate::tui::command::Command;
use crate::tui::input::TextInput;
use crate::tui::keymap::Context;
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

/// Rows to show of `count`, keeping `selected` in view in `rows` rows.
fn window(count: usize, selected: usize, rows: usize) -> std::ops::Range<usize> {
    let rows = rows.max(1);
    let first = selected
        .saturating_sub(rows - 1)
        .min(count.saturating_sub(rows));
    first..(first + rows).min(count)
}

/// A list of choices in a framed window: its widest, its title, how many
/// rows and which is selected.
pub struct Picker {
    pub width: u16,
    pub title: String,
    pub count: usize,
    pub selected: usize,
}

/// Draws `picker` over `area`: row `i` drawn by `row(i, inner_width)`, the
/// selected one highlighted and kept in view. The link pickers and the
/// contents are drawn with it.
pub fn draw_picker(
    frame: &mut Frame,
    area: Rect,
    picker: &Picker,
    row: impl Fn(usize, usize) -> Line<'static>,
) {
    let height = u16::try_from(picker.count)
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let inner = framed(frame, area, picker.width, height, &picker.title);
    let inner_width = usize::from(inner.width);
    let lines: Vec<Line> = window(picker.count, picker.selected, usize::from(inner.height))
        .map(|i| {
            let line = row(i, inner_width);
            if i == picker.selected {
                line.style(theme::selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A link row: its number and label as keys, then as much of the URL as fits.
pub fn link_row(label: String, url: &str, width: usize) -> Line<'static> {
    let room = width.saturating_sub(label.chars().count());
    Line::from(vec![
        Span::styled(cut(&label, width), theme::key()),
        Span::raw(cut(url, room)),
    ])
}

/// The link picker over the list: the selected paper's links, numbered.
pub fn draw_links(frame: &mut Frame, app: &App, area: Rect, selected: usize) {
    let Some(row) = app.selected_row() else {
        return;
    };
    let links = row.paper.links().numbered();
    let key = |c| app.keymap.label(Context::Links, c);
    let picker = Picker {
        width: 90,
        title: format!(
            "links · 1-9 or {} opens · {} copies",
            key(Command::Accept),
            key(Command::CopyLink)
        ),
        count: links.len(),
        selected,
    };
    draw_picker(frame, area, &picker, |i, width| {
        let (kind, url) = &links[i];
        link_row(format!("{:>2} {:<12} ", i + 1, kind.label()), url, width)
    });
}

/// A one-line editor titled `what`, with its keys to save and cancel.
pub fn draw_editor(frame: &mut Frame, app: &App, area: Rect, what: &str, input: &TextInput) {
    let key = |c| app.keymap.label(Context::Editor, c);
    let title = format!(
        "{what} · {} saves · {} cancels",
        key(Command::Accept),
        key(Command::Cancel)
    );
    let inner = framed(frame, area, 70, 3, &title);
    let width = usize::from(inner.width);
    let (shown, column) = input.view(width);
    frame.render_widget(Paragraph::new(cut(shown, width)), inner);
    frame.set_cursor_position(Position::new(inner.x + column as u16, inner.y));
}
