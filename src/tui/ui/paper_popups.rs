//! The text view's popups: the table of contents (indented by level, the
//! selected entry highlighted) and the paper's links, numbered. Their
//! titles name the keys of the keymap in force.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::popup::{draw_picker, link_row};
use super::text::cut;
use super::theme;
use crate::tui::command::Command;
use crate::tui::keymap::Context;
use crate::tui::state::App;
use crate::tui::text_view::TextView;

/// `Enter`, `Esc`: a key of the text view, as a title names it.
fn key(app: &App, command: Command) -> String {
    app.keymap.label(Context::Text, command)
}

pub fn draw_toc(frame: &mut Frame, app: &App, view: &TextView, area: Rect, selected: usize) {
    let toc = &view.layout.toc;
    let title = format!(
        "contents · {} jumps · {} closes",
        key(app, Command::Accept),
        key(app, Command::Back)
    );
    draw_picker(
        frame,
        area,
        70,
        &title,
        (toc.len(), selected),
        |i, width| {
            let entry = &toc[i];
            let indent = "  ".repeat(usize::from(entry.level.saturating_sub(1)));
            let text = cut(&format!(" {indent}{}", entry.heading), width);
            let style = if entry.level <= 1 {
                theme::title()
            } else {
                Style::new()
            };
            Line::styled(format!("{text:<width$}"), style)
        },
    );
}

pub fn draw_links(frame: &mut Frame, app: &App, view: &TextView, area: Rect, selected: usize) {
    let links = &view.layout.links;
    let title = format!(
        "links · 1-9 or {} opens · {} closes",
        key(app, Command::Accept),
        key(app, Command::Back)
    );
    draw_picker(
        frame,
        area,
        100,
        &title,
        (links.len(), selected),
        |i, width| {
            let (what, url) = &links[i];
            link_row(format!("{:>3} {:<14} ", i + 1, cut(what, 14)), url, width)
        },
    );
}
