//! The help overlay: every command with its keys, generated from the keymap
//! in force (so a rebound key shows as rebound).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::text::cut;
use super::theme;
use crate::tui::command::Command;
use crate::tui::keymap::Context;
use crate::tui::state::App;

/// The help lines: one per command, keys from the list context (and the
/// link picker for the commands only found there).
pub fn help_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled("Keys", theme::title())];
    for command in Command::ALL {
        let mut keys = app.keymap.keys(Context::List, command);
        if keys.is_empty() {
            keys = app.keymap.keys(Context::Links, command);
        }
        if keys.is_empty() {
            keys = app.keymap.keys(Context::Detail, command);
        }
        if keys.is_empty() {
            keys = app.keymap.keys(Context::Text, command);
        }
        let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
        let keys = cut(&keys.join(" "), 14);
        let room = width.saturating_sub(17);
        if app.read_only && command.writes() {
            let desc = format!("{} (off: read-only)", command.description());
            lines.push(Line::styled(
                format!(" {keys:<14} {}", cut(&desc, room)),
                theme::dim(),
            ));
            continue;
        }
        lines.push(Line::from(vec![
            Span::styled(format!(" {keys:<14} "), theme::key()),
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
        .title(" help · Esc closes ");
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
