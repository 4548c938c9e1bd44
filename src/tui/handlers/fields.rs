//! The text fields and the question: the search query (and the search in a
//! paper's text), the tag and note editors, and "mark all read?". Their
//! editing keys are commands like any other; a key bound to nothing types.

use chrono::{DateTime, Utc};

use super::lists::move_selection;
use super::tell;
use crate::tui::command::Command;
use crate::tui::state::{App, Mode, Status};
use crate::tui::text_keys;
use crate::tui::update::{Effect, LibraryOp, search, selected_id};

/// A character typed in the field being edited.
pub fn type_char(app: &mut App, c: char, effects: &mut Vec<Effect>) {
    match &mut app.mode {
        Mode::Query => {
            app.query.insert(c);
            effects.push(search(app, false));
        }
        Mode::TextSearch(_) => text_keys::type_in_search(app, c),
        Mode::EditTags(input) | Mode::EditNote(input) => input.insert(c),
        _ => {}
    }
}

/// The search field: Enter keeps the query, Esc clears it, the arrows move
/// in the results, the history brings back kept queries.
pub fn query(app: &mut App, command: Command, effects: &mut Vec<Effect>) {
    if matches!(app.mode, Mode::TextSearch(_)) {
        text_keys::search_field(app, command);
        return;
    }
    match command {
        Command::Accept => {
            app.history.keep(app.query.text());
            app.mode = Mode::List;
        }
        Command::Cancel => {
            app.mode = Mode::List;
            if !app.query.text().is_empty() {
                app.query.clear();
                effects.push(search(app, false));
            }
        }
        Command::MoveDown => move_selection(app, 1),
        Command::MoveUp => move_selection(app, -1),
        Command::HistoryPrevious | Command::HistoryNext => {
            let current = app.query.text().to_string();
            let found = if command == Command::HistoryPrevious {
                app.history.older(&current)
            } else {
                app.history.newer()
            };
            if let Some(query) = found.map(str::to_string) {
                app.query.set(&query);
                effects.push(search(app, false));
            }
        }
        other => {
            if app.query.edit(other) {
                effects.push(search(app, false));
            }
        }
    }
}

/// The tag and note editors: Enter saves, Esc cancels.
pub fn editor(app: &mut App, command: Command, now: DateTime<Utc>, effects: &mut Vec<Effect>) {
    let (Mode::EditTags(input) | Mode::EditNote(input)) = &mut app.mode else {
        return;
    };
    match command {
        Command::Accept => {
            let text = input.text().to_string();
            let editing_tags = matches!(app.mode, Mode::EditTags(_));
            app.mode = Mode::List;
            if let Some(id) = selected_id(app) {
                save_edit(app, id, text, editing_tags, now, effects);
            }
        }
        Command::Cancel => app.mode = Mode::List,
        other => {
            input.edit(other);
        }
    }
}

/// "Mark every paper of this list read?": yes or no.
pub fn confirm(app: &mut App, command: Command, now: DateTime<Utc>, effects: &mut Vec<Effect>) {
    let Mode::ConfirmMarkAllRead { count, job } = &app.mode else {
        return;
    };
    let (count, job) = (*count, job.clone());
    let text = match command {
        Command::Accept => {
            effects.push(Effect::MarkAllRead(job, now));
            format!("marking {count} papers read…")
        }
        Command::Cancel => "nothing was marked read".to_string(),
        _ => return,
    };
    app.mode = Mode::List;
    app.status = Some(Status { text, error: false });
}

fn save_edit(
    app: &mut App,
    id: String,
    text: String,
    tags: bool,
    now: DateTime<Utc>,
    effects: &mut Vec<Effect>,
) {
    if tags {
        let tags: Vec<String> = text
            .split([' ', ','])
            .filter(|t| !t.trim().is_empty())
            .map(|t| t.to_string())
            .collect();
        app.user.set_tags(&id, tags.clone(), now);
        tell(app, "tags saved");
        effects.push(Effect::Library(LibraryOp::SetTags(id, tags), now));
    } else {
        let note = Some(text).filter(|t| !t.trim().is_empty());
        app.user.set_note(&id, note.clone(), now);
        tell(
            app,
            if note.is_some() {
                "note saved"
            } else {
                "note removed"
            },
        );
        effects.push(Effect::Library(LibraryOp::SetNote(id, note), now));
    }
}
