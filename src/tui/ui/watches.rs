//! The watches view (`W`): a window over the list with one row per watch,
//! its new, unread and total counts, when it last synced and its query.
//! It draws from the counts the worker keeps ready in the app state, so it
//! opens at once; counts not in yet show as `…`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::cut;
use super::theme;
use crate::tui::command::Command;
use crate::tui::keymap::Context;
use crate::tui::state::App;
use crate::watch_counts::WatchCount;

/// The widest the window gets.
const WINDOW_WIDTH: u16 = 110;
/// Width of the name column at most.
const NAME_WIDTH: usize = 24;

pub fn draw(frame: &mut Frame, app: &App, area: Rect, selected: usize) {
    let names = app.watch_names();
    let height = (names.len() as u16).saturating_add(3);
    let key = |c| app.keymap.label(Context::Watches, c);
    let title = format!(
        "watches · {} shows its papers, new first · {} syncs all · {} closes",
        key(Command::Accept),
        key(Command::Sync),
        key(Command::Back)
    );
    let inner = super::popup::framed(frame, area, WINDOW_WIDTH, height, &title);
    let width = usize::from(inner.width);
    let name_width = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(5, NAME_WIDTH);
    let mut lines = vec![Line::styled(
        cut(
            &format!(
                " {:<name_width$} {:>6} {:>7} {:>7}  {:<16}  query",
                "watch", "new", "unread", "papers", "last synced"
            ),
            width,
        ),
        theme::dim(),
    )];
    // Rows past the window scroll so the selected one stays in view.
    let rows = usize::from(inner.height).saturating_sub(1).max(1);
    let first = selected.saturating_sub(rows - 1);
    for (i, name) in names.iter().enumerate().skip(first).take(rows) {
        let counts = app
            .watch_counts
            .as_ref()
            .and_then(|all| all.iter().find(|c| c.name == *name));
        lines.push(row(app, name, counts, name_width, width, i == selected));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One watch's line.
fn row(
    app: &App,
    name: &str,
    counts: Option<&WatchCount>,
    name_width: usize,
    width: usize,
    selected: bool,
) -> Line<'static> {
    let Some(watch) = app.user.watches.get(name) else {
        return Line::default();
    };
    let number = |n: Option<usize>| n.map_or("…".to_string(), |n| n.to_string());
    let new = counts.map(|c| c.new);
    let synced = watch.last_synced.map_or("never".to_string(), |at| {
        at.format("%Y-%m-%d %H:%M").to_string()
    });
    let left = format!(
        " {:<name_width$} ",
        cut(&crate::model::sanitize::clean_text(name), name_width)
    );
    let new_text = format!("{:>6}", number(new));
    let rest = format!(
        " {:>7} {:>7}  {:<16}  ",
        number(counts.map(|c| c.unread)),
        number(counts.map(|c| c.total)),
        synced
    );
    let used = left.chars().count() + new_text.chars().count() + rest.chars().count();
    let query = cut(
        &crate::model::sanitize::clean_text(&watch.query),
        width.saturating_sub(used),
    );
    let new_style = if new.is_some_and(|n| n > 0) {
        theme::new_paper()
    } else {
        theme::dim()
    };
    let line = Line::from(vec![
        Span::styled(left, theme::title()),
        Span::styled(new_text, new_style),
        Span::raw(rest),
        Span::styled(query, theme::dim()),
    ]);
    if selected {
        line.style(theme::selected())
    } else {
        line
    }
}
