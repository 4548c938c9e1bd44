//! The help overlay: every command with its keys, generated from the keymap
//! in force (so a rebound key shows as rebound).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::text::cut;
use super::theme;
use crate::tui::command::Command;
use crate::tui::keymap::Context;
use crate::tui::state::App;

/// The narrowest and widest the key column gets.
const KEY_COLUMN: usize = 14;
const KEY_COLUMN_MAX: usize = 24;

/// A command's keys in every context, each once, the list's first
/// (`j ↓`, `Esc Tab`).
fn keys_of(app: &App, command: Command) -> String {
    let mut keys = Vec::new();
    for ctx in Context::ALL {
        for key in app.keymap.keys(ctx, command) {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
    keys.join(" ")
}

/// The help lines: one per command with its keys in every context where it
/// has one (the list's first), so a key rebound anywhere shows here.
pub fn help_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled("Keys", theme::title())];
    let keyed: Vec<(Command, String)> = Command::ALL
        .into_iter()
        .map(|c| (c, keys_of(app, c)))
        .collect();
    // The key column fits the longest keys, within bounds.
    let column = keyed
        .iter()
        .map(|(_, k)| k.width())
        .max()
        .unwrap_or(0)
        .clamp(KEY_COLUMN, KEY_COLUMN_MAX);
    let room = width.saturating_sub(column + 3);
    for (command, keys) in keyed {
        let keys = cut(&keys, column);
        let pad = " ".repeat(column.saturating_sub(keys.width()));
        if app.read_only && command.writes() {
            let desc = format!("{} (off: read-only)", command.description());
            lines.push(Line::styled(
                format!(" {keys}{pad} {}", cut(&desc, room)),
                theme::dim(),
            ));
            continue;
        }
        lines.push(Line::from(vec![
            Span::styled(format!(" {keys}{pad} "), theme::key()),
            Span::raw(cut(command.description(), room)),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        " Search: words  \"phrase\"  -word  a OR b  title: author: abstract:",
        theme::dim(),
    ));
    lines.push(Line::styled(
        " cat:cs.CV  year:2020..2023  has:code  tag:x  watch:NAME",
        theme::dim(),
    ));
    lines.push(Line::styled(
        " is:bookmarked  is:unread  is:new (first seen since you last looked)",
        theme::dim(),
    ));
    lines.push(Line::styled(
        " is:dismissed (not interested: hidden from the feed and is:unread)",
        theme::dim(),
    ));
    lines.push(Line::styled(
        " Mouse: wheel scrolls, click selects, click a link opens it",
        theme::dim(),
    ));
    lines
}

/// The help window over a screen of `area`, and the text area inside its border.
fn window(area: Rect) -> (Rect, Rect) {
    let width = area.width.saturating_sub(4).min(76);
    let height = area.height.saturating_sub(2);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + 1,
        width,
        height,
    };
    let inner = Block::new().borders(Borders::ALL).inner(popup);
    (popup, inner)
}

/// The furthest the help can scroll on the app's terminal: its last line at
/// the bottom of the window, never past it.
pub fn max_scroll(app: &App) -> usize {
    let (_, inner) = window(Rect::new(0, 0, app.size.0, app.size.1));
    help_lines(app, usize::from(inner.width))
        .len()
        .saturating_sub(usize::from(inner.height))
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let (popup, inner) = window(area);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::accent())
        .title(format!(
            " help · {} closes ",
            app.keymap.label(Context::Help, Command::Back)
        ));
    frame.render_widget(block, popup);
    let lines = help_lines(app, usize::from(inner.width));
    let scroll = app
        .help_scroll
        .min(lines.len().saturating_sub(usize::from(inner.height)));
    let visible: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .collect();
    frame.render_widget(Paragraph::new(visible), inner);
}
