//! The text view's popups: the table of contents (indented by level, the
//! selected entry highlighted) and the paper's links, numbered. Their
//! titles name the keys of the keymap in force.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::popup::{Picker, draw_picker, link_row};
use super::text::cut;
use super::theme;
use crate::tui::command::Command;
use crate::tui::keymap::Context;
use crate::tui::state::App;
use crate::tui::text_view::TextView;

/// A picker over the text: `WHAT Enter VERB · Esc closes`, with the keys
/// of the text view in force.
fn picker(
    app: &App,
    what: &str,
    verb: &str,
    width: u16,
    (count, selected): (usize, usize),
) -> Picker {
    let key = |c| app.keymap.label(Context::Text, c);
    Picker {
        width,
        title: format!(
            "{what} {} {verb} · {} closes",
            key(Command::Accept),
            key(Command::Back)
        ),
        count,
        selected,
    }
}

pub fn draw_toc(frame: &mut Frame, app: &App, view: &TextView, area: Rect, selected: usize) {
    let toc = &view.layout.toc;
    let picker = picker(app, "contents ·", "jumps", 70, (toc.len(), selected));
    draw_picker(frame, area, &picker, |i, width| {
        let entry = &toc[i];
        let indent = "  ".repeat(usize::from(entry.level.saturating_sub(1)));
        let text = cut(&format!(" {indent}{}", entry.heading), width);
        let style = if entry.level <= 1 {
            theme::title()
        } else {
            Style::new()
        };
        Line::styled(format!("{text:<width$}"), style)
    });
}

pub fn draw_links(frame: &mut Frame, app: &App, view: &TextView, area: Rect, selected: usize) {
    let links = &view.layout.links;
    let picker = picker(app, "links · 1-9 or", "opens", 100, (links.len(), selected));
    draw_picker(frame, area, &picker, |i, width| {
        let (what, url) = &links[i];
        link_row(format!("{:>3} {:<14} ", i + 1, cut(what, 14)), url, width)
    });
}
