//! What a key does, one small handler per keymap context: the key is looked
//! up in the keymap of the context the reader is in, and the command bound
//! to it goes to that context's handler. A key bound to nothing types in a
//! text field, or picks a numbered link. Pure, like [`super::update`], which
//! hands keys over here.

mod fields;
mod lists;
mod overlays;
mod paper;

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use super::command::Command;
use super::keymap::{Context, Key};
use super::state::{App, Mode, READ_ONLY_MESSAGE, Status};
use super::text_keys;
use super::update::Effect;

/// A key resolved by the keymap: where it was pressed, the command it is
/// bound to there, and when.
#[derive(Debug, Clone, Copy)]
struct Press {
    ctx: Context,
    command: Command,
    now: DateTime<Utc>,
}

impl Press {
    fn new(ctx: Context, command: Command, now: DateTime<Utc>) -> Press {
        Press { ctx, command, now }
    }
}

/// Applies one key at time `now`.
pub fn on_key(app: &mut App, key: KeyEvent, now: DateTime<Utc>, effects: &mut Vec<Effect>) {
    let ctx = app.context();
    let key = Key::from_event(&key);
    let Some(command) = app.keymap.command(ctx, key) else {
        unbound(app, ctx, key, effects);
        return;
    };
    if app.read_only && command.writes() {
        app.status = Some(Status {
            text: READ_ONLY_MESSAGE.into(),
            error: true,
        });
        return;
    }
    if command == Command::ForceQuit {
        app.quit = true;
        return;
    }
    match ctx {
        Context::List | Context::Detail => {
            // Back while a text is being fetched stops waiting for it.
            if command == Command::Back && text_keys::stop_waiting(app) {
                return;
            }
            lists::run(app, Press::new(ctx, command, now), effects)
        }
        Context::Help => overlays::help(app, command),
        Context::Links => overlays::links(app, command, now, effects),
        Context::Watches => overlays::watches(app, command, now, effects),
        Context::Text => text_keys::run(app, command, effects),
        Context::Query => fields::query(app, command, effects),
        Context::Editor => fields::editor(app, command, now, effects),
        Context::Confirm => fields::confirm(app, command, now, effects),
    }
}

/// A key no command has here: a character types in a text field, a digit
/// opens that link in a link picker.
fn unbound(app: &mut App, ctx: Context, key: Key, effects: &mut Vec<Effect>) {
    let Some(c) = key.typed() else {
        return;
    };
    match ctx {
        Context::Query | Context::Editor => fields::type_char(app, c, effects),
        Context::Links | Context::Text => {
            if let Some(n) = c.to_digit(10).filter(|n| *n >= 1) {
                let n = n as usize - 1;
                match &mut app.mode {
                    Mode::Links { selected, .. } => {
                        *selected = n;
                        paper::open_numbered(app, n, effects);
                    }
                    Mode::TextLinks { .. } => text_keys::open_link(app, n, effects),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// Says `text` in the status line (not an error).
fn tell(app: &mut App, text: impl Into<String>) {
    app.status = Some(Status {
        text: text.into(),
        error: false,
    });
}

/// Closes the help or the link picker, back to where it was opened.
fn close_overlay(app: &mut App) {
    if app.text.is_some() {
        app.mode = Mode::Text;
        return;
    }
    app.mode = match app.mode {
        Mode::Help { from_detail: true }
        | Mode::Links {
            from_detail: true, ..
        } => Mode::Detail,
        _ => Mode::List,
    };
}
