//! Commands on the selected paper: opening its links, the link picker and
//! copying, bookmarks, read marks, dismissing, tags and notes, similar
//! papers, its full text and its PDF, and marking the whole list read.

use chrono::{DateTime, Utc};

use super::{Press, tell};
use crate::model::LinkKind;
use crate::tui::command::Command;
use crate::tui::input::TextInput;
use crate::tui::keymap::Context;
use crate::tui::state::{App, Mode, SimilarTo, Status};
use crate::tui::update::{Effect, LibraryOp, search, search_job, selected_id};
use crate::tui::{for_you, text_keys};

/// A command on the selected paper (in the list, the detail pane, or a
/// window over them that passed it on).
pub fn run(app: &mut App, press: Press, effects: &mut Vec<Effect>) {
    let Press { ctx, command, now } = press;
    match command {
        Command::ReadText => text_keys::open(app, ctx, effects),
        Command::FetchPdf => text_keys::fetch_pdf(app, effects),
        Command::OpenPaper => open_kind(app, LinkKind::Paper, effects),
        Command::OpenPdf => open_kind(app, LinkKind::Pdf, effects),
        Command::OpenCode => open_kind(app, LinkKind::Code, effects),
        Command::OpenProject => open_kind(app, LinkKind::Project, effects),
        Command::LinkPicker if app.selected_row().is_some() => {
            app.mode = Mode::Links {
                selected: 0,
                from_detail: ctx == Context::Detail,
            };
        }
        Command::CopyLink => {
            if let Mode::Links { selected, .. } = app.mode
                && let Some(row) = app.selected_row()
                && let Some((_, url)) = row.paper.links().numbered().get(selected).cloned()
            {
                app.status = Some(Status {
                    text: format!("copied {url}"),
                    error: false,
                });
                effects.push(Effect::Copy(url));
            }
        }
        Command::ToggleBookmark => {
            if let Some(id) = selected_id(app) {
                let on = app.user.toggle_bookmark(&id, now);
                let text = if on {
                    "bookmarked"
                } else {
                    "bookmark removed (with its tags and note)"
                };
                tell(app, text);
                effects.push(Effect::Library(LibraryOp::SetBookmark(id, on), now));
                // The taste changed: a list ranked by it is asked again
                // (a kept paper leaves the "for you" view).
                if for_you::is_active(app) {
                    effects.push(search(app, true));
                }
            }
        }
        Command::ToggleRead => {
            if let Some(id) = selected_id(app) {
                let read = app.user.toggle_read(&id, now);
                effects.push(Effect::Library(LibraryOp::SetRead(id, read), now));
            }
        }
        Command::ToggleDismiss => toggle_dismiss(app, now, effects),
        Command::MarkAllRead => {
            let count = app.results.total;
            if count == 0 {
                app.status = Some(Status {
                    text: "no papers in this list to mark read".into(),
                    error: false,
                });
            } else if let Effect::Search(job) = search_job(app) {
                app.mode = Mode::ConfirmMarkAllRead { count, job };
            }
        }
        Command::EditTags => {
            if let Some(id) = selected_id(app) {
                let tags = app.user.tags_of(&id);
                app.mode = Mode::EditTags(TextInput::new(&tags.join(" ")));
            }
        }
        Command::EditNote => {
            if let Some(id) = selected_id(app) {
                let note = app.user.note_of(&id).unwrap_or_default();
                if note.contains('\n') {
                    // The one-line field would join its lines on save.
                    let editor = app.keymap.label(Context::List, Command::EditNoteInEditor);
                    app.status = Some(Status {
                        text: format!(
                            "this note has several lines: press {editor} to edit it in your editor"
                        ),
                        error: false,
                    });
                } else {
                    app.mode = Mode::EditNote(TextInput::new(&note));
                }
            }
        }
        Command::EditNoteInEditor => {
            if let Some(id) = selected_id(app) {
                let note = app.user.note_of(&id);
                effects.push(Effect::EditNoteInEditor { id, note });
            }
        }
        Command::Similar => {
            if let Some(row) = app.selected_row() {
                app.similar = Some(SimilarTo {
                    id: row.paper.id.as_str().to_string(),
                    title: row.paper.title.clone(),
                });
                app.mode = Mode::List;
                effects.push(search(app, false));
            }
        }
        // The text view's, the fields' and the pickers' own commands, and
        // those the list handled already: nothing to do on a paper.
        _ => {}
    }
}

/// `x`: dismisses the selected paper ("not interested"), or takes its
/// dismissal back. Either way the list is asked again, keeping the row: a
/// dismissed paper leaves the feed (the next one takes its place), an
/// undismissed one leaves an `is:dismissed` search.
fn toggle_dismiss(app: &mut App, now: DateTime<Utc>, effects: &mut Vec<Effect>) {
    let Some(id) = selected_id(app) else {
        return;
    };
    let toggle = app.keymap.label(Context::List, Command::ToggleDismiss);
    let (text, error, dismissed) = if app.user.undismiss(&id) {
        (
            "dismissal undone: back in your feed".to_string(),
            false,
            false,
        )
    } else {
        match app.user.dismiss(&id, now) {
            Ok(_) => (
                format!(
                    "dismissed: hidden from your feed · {toggle} again in is:dismissed to undo"
                ),
                false,
                true,
            ),
            Err(_) => {
                let bookmark = app.keymap.label(Context::List, Command::ToggleBookmark);
                app.status = Some(Status {
                    text: format!(
                        "bookmarked papers cannot be dismissed: {bookmark} removes the bookmark first"
                    ),
                    error: true,
                });
                return;
            }
        }
    };
    app.status = Some(Status { text, error });
    effects.push(Effect::Library(LibraryOp::SetDismissed(id, dismissed), now));
    effects.push(search(app, true));
}

fn open_kind(app: &mut App, kind: LinkKind, effects: &mut Vec<Effect>) {
    let Some(row) = app.selected_row() else {
        return;
    };
    match row.paper.links().get(kind) {
        Some(url) => effects.push(Effect::Open(url.to_string())),
        None => {
            app.status = Some(Status {
                text: format!("this paper has no {} link", kind.label()),
                error: true,
            })
        }
    }
}

pub(super) fn open_numbered(app: &mut App, n: usize, effects: &mut Vec<Effect>) {
    let Some(row) = app.selected_row() else {
        return;
    };
    match row.paper.links().numbered().get(n) {
        Some((_, url)) => effects.push(Effect::Open(url.clone())),
        None => {
            app.status = Some(Status {
                text: format!("this paper has no link {}", n + 1),
                error: true,
            })
        }
    }
}
