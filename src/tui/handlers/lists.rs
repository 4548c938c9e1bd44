//! The list and the detail pane: moving, scrolling the detail, the views,
//! sorting and dates, searching, going back and quitting. Commands on the
//! selected paper go on to [`super::paper`].

use chrono::{DateTime, Utc};

use super::{Press, close_overlay, paper};
use crate::tui::command::Command;
use crate::tui::keymap::Context;
use crate::tui::period::Period;
use crate::tui::state::{App, Mode, Status, View};
use crate::tui::update::{
    Effect, LibraryOp, count_watches, detail_height, list_height, scroll_detail, scroll_into_view,
    search, selected_id,
};

/// A command in the list or the detail pane (or one a window over them
/// passed on).
pub fn run(app: &mut App, press: Press, effects: &mut Vec<Effect>) {
    let Press { ctx, command, now } = press;
    let page = list_height(app) as isize;
    let detail_page = detail_height(app) as isize;
    match (ctx, command) {
        (Context::Detail, Command::MoveDown) => scroll_detail(app, 1),
        (Context::Detail, Command::MoveUp) => scroll_detail(app, -1),
        (Context::Detail, Command::First) => app.detail_scroll = 0,
        (Context::Detail, Command::Last) => scroll_detail(app, isize::MAX / 2),
        (Context::Detail, Command::HalfPageDown) => scroll_detail(app, detail_page / 2),
        (Context::Detail, Command::HalfPageUp) => scroll_detail(app, -detail_page / 2),
        (Context::Detail, Command::PageDown) => scroll_detail(app, detail_page),
        (Context::Detail, Command::PageUp) => scroll_detail(app, -detail_page),
        (_, Command::MoveDown) => move_selection(app, 1),
        (_, Command::MoveUp) => move_selection(app, -1),
        (_, Command::First) => move_selection(app, isize::MIN / 2),
        (_, Command::Last) => move_selection(app, isize::MAX / 2),
        (_, Command::HalfPageDown) => move_selection(app, page / 2),
        (_, Command::HalfPageUp) => move_selection(app, -page / 2),
        (_, Command::PageDown) => move_selection(app, page),
        (_, Command::PageUp) => move_selection(app, -page),
        (_, Command::WatchesView) => open_watches(app, effects),
        (_, Command::FocusDetail) => focus_detail(app, now, effects),
        (_, Command::Back) => back(app, effects),
        (_, Command::Quit) => match app.mode {
            Mode::List if app.similar.is_none() && !matches!(app.view, View::Watch(_)) => {
                app.quit = true
            }
            _ => back(app, effects),
        },
        (_, Command::ForceQuit) => app.quit = true,
        (_, Command::Search) => app.mode = Mode::Query,
        (_, Command::BookmarksView) => switch_view(app, View::Bookmarks, effects),
        (_, Command::UnreadView) => switch_view(app, View::Unread, effects),
        (_, Command::ForYouView) => {
            // The view ranks by taste unless the user picks another sort in it.
            app.sort = None;
            switch_view(app, View::ForYou, effects)
        }
        (_, Command::CycleSort) => {
            app.sort = Some(app.effective_sort().next());
            effects.push(search(app, false));
        }
        (_, Command::CycleDateView) => {
            let anchor = app.newest.unwrap_or_else(crate::store::today);
            app.period = app.period.cycle(anchor);
            effects.push(search(app, false));
        }
        (_, Command::PreviousPeriod | Command::NextPeriod) => {
            if app.period == Period::All {
                let key = app.keymap.label(ctx, Command::CycleDateView);
                app.status = Some(Status {
                    text: format!("press {key} to pick a day, week or month first"),
                    error: false,
                });
            } else {
                app.period = app.period.step(if command == Command::NextPeriod {
                    1
                } else {
                    -1
                });
                effects.push(search(app, false));
            }
        }
        (_, Command::Sync) => {
            if app.sync.is_some() {
                app.status = Some(Status {
                    text: "a sync is already running".into(),
                    error: false,
                });
            } else {
                // Its progress shows in the footer, source by source.
                app.sync = Some(Vec::new());
                effects.push(Effect::Sync);
            }
        }
        (_, Command::Help) => {
            app.help_scroll = 0;
            app.mode = Mode::Help {
                from_detail: ctx == Context::Detail,
            };
        }
        _ => paper::run(app, press, effects),
    }
}

pub(super) fn move_selection(app: &mut App, delta: isize) {
    if app.results.is_empty() {
        return;
    }
    let last = app.results.len() - 1;
    let target = app.selected as isize + delta;
    app.selected = target.clamp(0, last as isize) as usize;
    app.detail_scroll = 0;
    scroll_into_view(app);
}

/// Opens the watches view on the watch being shown, if one is.
fn open_watches(app: &mut App, effects: &mut Vec<Effect>) {
    if app.user.watches.is_empty() {
        app.status = Some(Status {
            text: "no watches yet: follow a topic with `folio watch add NAME --query 'QUERY'`"
                .into(),
            error: false,
        });
        return;
    }
    let selected = match &app.view {
        View::Watch(name) => app.watch_names().iter().position(|n| n == name),
        _ => None,
    };
    app.mode = Mode::Watches {
        selected: selected.unwrap_or(0),
    };
    count_watches(app, effects);
}

fn switch_view(app: &mut App, view: View, effects: &mut Vec<Effect>) {
    app.view = if app.view == view { View::All } else { view };
    app.similar = None;
    app.mode = Mode::List;
    effects.push(search(app, false));
}

fn focus_detail(app: &mut App, now: DateTime<Utc>, effects: &mut Vec<Effect>) {
    let Some(id) = selected_id(app) else {
        return;
    };
    app.mode = Mode::Detail;
    app.detail_scroll = 0;
    if !app.read_only && !app.user.is_read(&id) {
        app.user.mark_read(&id, now);
        effects.push(Effect::Library(LibraryOp::SetRead(id, true), now));
    }
}

pub(super) fn back(app: &mut App, effects: &mut Vec<Effect>) {
    match app.mode {
        Mode::Detail => app.mode = Mode::List,
        Mode::Help { .. } | Mode::Links { .. } => close_overlay(app),
        _ => {
            if app.similar.take().is_some() {
                effects.push(search(app, false));
            } else if !app.query.text().is_empty() {
                app.query.clear();
                effects.push(search(app, false));
            } else if let View::Watch(name) = &app.view {
                // Back to the watches view, on the watch just left.
                let selected = app.watch_names().iter().position(|n| n == name);
                app.view = View::All;
                app.mode = Mode::Watches {
                    selected: selected.unwrap_or(0),
                };
                effects.push(search(app, false));
            } else if app.view != View::All {
                app.view = View::All;
                effects.push(search(app, false));
            } else if app.period != Period::All {
                app.period = Period::All;
                effects.push(search(app, false));
            }
        }
    }
}
