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
        let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
        let keys = cut(&keys.join(" "), 14);
        let desc = cut(command.description(), width.saturating_sub(17));
        lines.push(Line::from(vec![
            Span::styled(format!(" {keys:<14} "), theme::key()),
            Span::raw(desc),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        " Search: words  \"phrase\"  -word  a OR b  title: author: abstract:",
        theme::dim(),
    ));
    lines.push(Line::styled(
        " cat:cs.CV  year:2020..2023  has:code  is:bookmarked  is:unread  tag:x",
        theme::dim(),
    ));
    lines.push(Line::styled(
        " Mouse: wheel scrolls, click selects, click a link opens it",
        theme::dim(),
    ));
    lines
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let width = area.width.saturating_sub(4).min(76);
    let height = area.height.saturating_sub(2);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + 1,
        width,
        height,
    };
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::accent())
        .title(" help · Esc closes ");
    let inner = block.inner(popup);
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
