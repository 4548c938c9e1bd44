//! The windows over the list that take keys: the help, the link picker and
//! the watches view. What they do not handle themselves goes to the list's
//! handler, as it always did (opening a link kind, syncing).

use chrono::{DateTime, Utc};

use super::{Press, close_overlay, lists, paper};
use crate::tui::command::Command;
use crate::tui::keymap::Context;
use crate::tui::period::Period;
use crate::tui::state::{App, Mode};
use crate::tui::ui::help::max_scroll;
use crate::tui::update::{Effect, list_height, search};

/// Lines the help scrolls per page key.
const HELP_PAGE: isize = 10;

/// The help: scrolling; any other command closes it.
pub fn help(app: &mut App, command: Command) {
    let to = match command {
        Command::MoveDown => app.help_scroll.saturating_add(1),
        Command::MoveUp => app.help_scroll.saturating_sub(1),
        Command::PageDown | Command::HalfPageDown => {
            app.help_scroll.saturating_add_signed(HELP_PAGE)
        }
        Command::PageUp | Command::HalfPageUp => app.help_scroll.saturating_add_signed(-HELP_PAGE),
        Command::First => 0,
        Command::Last => usize::MAX,
        _ => {
            close_overlay(app);
            return;
        }
    };
    // Never past its last line, so the first key back up moves it at once.
    app.help_scroll = to.min(max_scroll(app));
}

/// The link picker: moving, opening the selected link, copying it.
pub fn links(app: &mut App, command: Command, now: DateTime<Utc>, effects: &mut Vec<Effect>) {
    let count = app
        .selected_row()
        .map_or(0, |r| r.paper.links().numbered().len());
    let Mode::Links { selected, .. } = &mut app.mode else {
        return;
    };
    match command {
        Command::MoveDown => *selected = (*selected + 1).min(count.saturating_sub(1)),
        Command::MoveUp => *selected = selected.saturating_sub(1),
        Command::First => *selected = 0,
        Command::Last => *selected = count.saturating_sub(1),
        Command::Accept => {
            let n = *selected;
            paper::open_numbered(app, n, effects);
        }
        _ => lists::run(app, Press::new(Context::Links, command, now), effects),
    }
}

/// The watches view: moving, opening the selected watch, closing.
pub fn watches(app: &mut App, command: Command, now: DateTime<Utc>, effects: &mut Vec<Effect>) {
    let page = list_height(app) as isize;
    let last = app.user.watches.len().saturating_sub(1) as isize;
    let Mode::Watches { selected } = &mut app.mode else {
        return;
    };
    let delta = match command {
        Command::MoveDown => 1,
        Command::MoveUp => -1,
        Command::First => isize::MIN / 2,
        Command::Last => isize::MAX / 2,
        Command::HalfPageDown | Command::PageDown => page,
        Command::HalfPageUp | Command::PageUp => -page,
        Command::Accept => {
            let i = *selected;
            open_watch(app, i, effects);
            return;
        }
        Command::Back | Command::Quit | Command::WatchesView => {
            app.mode = Mode::List;
            return;
        }
        _ => {
            lists::run(app, Press::new(Context::Watches, command, now), effects);
            return;
        }
    };
    *selected = (*selected as isize).saturating_add(delta).clamp(0, last) as usize;
}

/// Shows the papers of the `i`th watch, new ones first.
fn open_watch(app: &mut App, i: usize, effects: &mut Vec<Effect>) {
    let Some(name) = app.watch_names().get(i).map(|n| n.to_string()) else {
        return;
    };
    app.view = crate::tui::state::View::Watch(name);
    app.similar = None;
    app.query.clear();
    app.period = Period::All;
    app.mode = Mode::List;
    effects.push(search(app, false));
}
