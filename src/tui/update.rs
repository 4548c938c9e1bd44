//! The reader's logic: an [`Event`] changes the [`App`] and asks for
//! [`Effect`]s (searches, library writes, opening links) that the runtime
//! carries out. No I/O happens here, so all of it is tested without a terminal.

use chrono::{DateTime, Utc};

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::event::{Event, SearchJob, SearchOutcome};
use super::for_you;
use super::search::{FIRST_PAGE, screenful};
use super::state::{App, Mode, Results, Status, View};
use super::text_keys;
use super::ui::{detail, help, layout};
use crate::editor::note::NoteChange;
use crate::fulltext::positions::ReadingPosition;

/// A change to the user's library, saved by the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibraryOp {
    SetBookmark(String, bool),
    SetRead(String, bool),
    /// Dismiss ("not interested") or take the dismissal back.
    SetDismissed(String, bool),
    SetTags(String, Vec<String>),
    SetNote(String, Option<String>),
}

impl LibraryOp {
    /// Applies the change to a library state (the worker does this under the
    /// library lock, on the state re-read from disk).
    pub fn apply(&self, state: &mut crate::library::UserState, now: DateTime<Utc>) {
        match self {
            LibraryOp::SetBookmark(id, true) => {
                state.bookmark(id, now);
            }
            LibraryOp::SetBookmark(id, false) => {
                state.unbookmark(id);
            }
            LibraryOp::SetRead(id, true) => {
                state.mark_read(id, now);
            }
            LibraryOp::SetRead(id, false) => {
                state.mark_unread(id);
            }
            LibraryOp::SetDismissed(id, true) => {
                // Refused when another process bookmarked the paper
                // meanwhile: the bookmark wins, and the state sent back
                // shows it.
                let _ = state.dismiss(id, now);
            }
            LibraryOp::SetDismissed(id, false) => {
                state.undismiss(id);
            }
            LibraryOp::SetTags(id, tags) => state.set_tags(id, tags.clone(), now),
            LibraryOp::SetNote(id, note) => state.set_note(id, note.clone(), now),
        }
    }
}

/// Work for the runtime.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Search(SearchJob),
    /// A library change, made at the time it carries (the key's time, so
    /// the reader and the saved state agree on it).
    Library(LibraryOp, DateTime<Utc>),
    Open(String),
    /// Copy to the clipboard (OSC 52).
    Copy(String),
    /// Sync today's HF papers and every watch's sources in the background.
    Sync,
    /// Mark every paper the job finds read, in one library write, at the
    /// time it carries.
    MarkAllRead(SearchJob, DateTime<Utc>),
    /// Count every watch's papers again (new, unread, total).
    CountWatches,
    /// Start a new index worker: the last one died.
    RestartWorker,
    /// Load a paper's text (fetching it first when it never was), on a
    /// thread of its own; the answer is [`Event::TextLoaded`].
    OpenText {
        id: String,
        /// The text's column width, laid out for on that thread.
        width: u16,
    },
    /// Keep where the reader left a paper's text.
    SavePosition {
        id: String,
        position: ReadingPosition,
    },
    /// Download a paper's PDF into the data dir, on a thread of its own.
    FetchPdf {
        id: String,
    },
    /// Lend the terminal to the user's editor on a paper's note (starting
    /// from `note`); the answer is [`Event::NoteEdited`].
    EditNoteInEditor {
        id: String,
        note: Option<String>,
    },
    /// Say why the "for you" model recommends a paper; the answer is
    /// [`Event::TasteReason`].
    Explain {
        id: String,
    },
}

/// Times a dead index worker is started again before the reader gives up.
pub const MAX_WORKER_RESTARTS: u32 = 2;

/// Lines the mouse wheel scrolls.
const WHEEL_LINES: usize = 3;

/// Applies one event at time `now` (the caller reads the clock, so the
/// logic stays pure and tests choose the time).
pub fn update(app: &mut App, event: Event, now: DateTime<Utc>) -> Vec<Effect> {
    let mut effects = Vec::new();
    match event {
        Event::Key(key) => {
            app.status = None;
            super::handlers::on_key(app, key, now, &mut effects);
        }
        Event::Mouse(mouse) => on_mouse(app, mouse, &mut effects),
        Event::Resize(w, h) => {
            app.size = (w, h);
            if let Some(view) = app.text.as_mut() {
                view.fit((w, h));
            }
            scroll_into_view(app);
            app.help_scroll = app.help_scroll.min(help::max_scroll(app));
        }
        Event::Results(outcome) => on_results(app, outcome),
        Event::Counted { seq, total } => {
            // Only for the results it counted (not a newer query's).
            if seq == app.search_seq && app.results.seq == seq && app.results.uncounted {
                app.results.total = total;
                app.results.uncounted = false;
            }
        }
        Event::Library(state) => on_library(app, state, &mut effects),
        Event::Status(status) => app.status = Some(status),
        Event::IndexChanged => {
            effects.push(search(app, true));
            count_watches(app, &mut effects);
        }
        Event::WatchCounts(Ok(counts)) => app.watch_counts = Some(counts),
        Event::WatchCounts(Err(why)) => {
            app.status = Some(Status {
                text: format!("could not count the watches' papers: {why}"),
                error: true,
            })
        }
        Event::SyncProgress(label, progress) => {
            let sources = app.sync.get_or_insert_with(Vec::new);
            match sources.iter_mut().find(|(l, _)| *l == label) {
                Some((_, p)) => *p = progress,
                None => sources.push((label, progress)),
            }
        }
        Event::SyncEnded(status) => {
            app.sync = None;
            app.status = Some(status);
        }
        Event::TextLoaded {
            id,
            result,
            position,
        } => text_keys::on_loaded(app, id, result, position),
        Event::TextProgress { id, text } => text_keys::on_progress(app, &id, text),
        Event::TasteLearned(news) => effects.extend(for_you::on_news(app, news)),
        Event::TasteReason(reason) => for_you::on_reason(app, reason),
        Event::NoteEdited { id, old, result } => {
            note_edited(app, id, old, result, now, &mut effects)
        }
        Event::InputError(message) => {
            app.fatal = Some(format!(
                "terminal input failed: {message}; your library is unchanged"
            ));
            app.quit = true;
        }
        Event::WorkerDied(message) => {
            if app.worker_restarts >= MAX_WORKER_RESTARTS {
                app.fatal = Some(format!(
                    "the index worker failed again ({message}); your library is unchanged, \
                     start folio again and report the query or key that caused it"
                ));
                app.quit = true;
            } else {
                app.worker_restarts += 1;
                app.status = Some(Status {
                    text: format!("the index worker failed ({message}) and was restarted"),
                    error: true,
                });
                effects.push(Effect::RestartWorker);
                effects.push(search(app, true));
            }
        }
    }
    effects
}

/// What the reader asks for as it starts: the first list, and the
/// watches' counts.
pub fn start(app: &mut App) -> Vec<Effect> {
    let mut effects = vec![search(app, false)];
    count_watches(app, &mut effects);
    effects
}

/// Asks for the watches to be counted again, when there are any.
pub(super) fn count_watches(app: &App, effects: &mut Vec<Effect>) {
    if !app.user.watches.is_empty() {
        effects.push(Effect::CountWatches);
    }
}

/// A library saved here or by another process: counts change with read
/// marks and watches, and a watch being shown may have been removed.
fn on_library(app: &mut App, state: crate::library::UserState, effects: &mut Vec<Effect>) {
    // Bookmarks or dismissals changed elsewhere (`folio bookmark`): a list
    // ranked by taste is asked again, which retrains the model.
    let taste_of = |s: &crate::library::UserState| crate::recommend::taste::taste_of(s, None).ok();
    let taste_changed = taste_of(&app.user) != taste_of(&state);
    app.user = state;
    if taste_changed && for_you::is_active(app) {
        effects.push(search(app, true));
    }
    if let View::Watch(name) = &app.view
        && !app.user.watches.contains_key(name)
    {
        app.status = Some(Status {
            text: format!("the watch {name} was removed"),
            error: false,
        });
        app.view = View::All;
        effects.push(search(app, false));
    }
    if let Mode::Watches { selected } = &mut app.mode {
        *selected = (*selected).min(app.user.watches.len().saturating_sub(1));
        if app.user.watches.is_empty() {
            app.mode = Mode::List;
        }
    }
    if app.user.watches.is_empty() {
        app.watch_counts = Some(Vec::new());
    }
    count_watches(app, effects);
}

/// The search that finds the papers of the list as it is now, without
/// starting it (a bulk change runs it on the worker).
pub(super) fn search_job(app: &App) -> Effect {
    Effect::Search(job_for(app, false))
}

/// The job for the list as the app shows it now, under the current number.
fn job_for(app: &App, keep_selection: bool) -> SearchJob {
    SearchJob {
        seq: app.search_seq,
        query: app.query.text().to_string(),
        view: app.view.clone(),
        period: app.period,
        sort: app.sort,
        similar: app.similar.as_ref().map(|s| s.id.clone()),
        keep_selection,
        keep_id: if keep_selection {
            selected_id(app)
        } else {
            None
        },
        first_page: if keep_selection {
            FIRST_PAGE
        } else {
            screenful(app.size.1)
        },
    }
}

pub fn search(app: &mut App, keep_selection: bool) -> Effect {
    app.search_seq += 1;
    app.searching = true;
    Effect::Search(job_for(app, keep_selection))
}

fn on_results(app: &mut App, outcome: SearchOutcome) {
    if outcome.seq != app.search_seq {
        return; // an answer to a query the user already changed
    }
    app.searching = false;
    match outcome.result {
        Ok(found) => {
            app.newest = found.newest.or(app.newest);
            app.results = Results::new(outcome.seq, found.results, found.sort);
            if outcome.keep_selection {
                // The same paper where it is now; if it left the results,
                // the row that took its place.
                app.selected = found
                    .kept_at
                    .unwrap_or(app.selected)
                    .min(app.results.len().saturating_sub(1));
            } else {
                app.selected = 0;
                app.offset = 0;
                app.detail_scroll = 0;
            }
            scroll_into_view(app);
        }
        Err(message) => {
            app.status = Some(Status {
                text: message,
                error: true,
            });
        }
    }
}

/// Saves what the editor left as the note (the library's rule: a note on
/// a paper that is not bookmarked bookmarks it), or says why nothing was.
fn note_edited(
    app: &mut App,
    id: String,
    old: Option<String>,
    result: Result<String, String>,
    now: DateTime<Utc>,
    effects: &mut Vec<Effect>,
) {
    let edited = match result {
        Ok(edited) => edited,
        Err(why) => {
            app.status = Some(Status {
                text: format!("{why}; the note on {id} is unchanged"),
                error: true,
            });
            return;
        }
    };
    let (note, text) = match crate::editor::note::change(old.as_deref(), &edited) {
        NoteChange::Unchanged => {
            app.status = Some(Status {
                text: format!("the note on {id} is unchanged"),
                error: false,
            });
            return;
        }
        NoteChange::Set(note) if app.user.is_bookmarked(&id) => {
            (Some(note), format!("saved the note on {id}"))
        }
        NoteChange::Set(note) => (
            Some(note),
            format!("saved the note on {id} and bookmarked it"),
        ),
        NoteChange::Removed => (
            None,
            format!("removed the note on {id} (the bookmark stays)"),
        ),
    };
    app.user.set_note(&id, note.clone(), now);
    app.status = Some(Status { text, error: false });
    effects.push(Effect::Library(LibraryOp::SetNote(id, note), now));
}

pub(super) fn selected_id(app: &App) -> Option<String> {
    app.selected_row().map(|r| r.paper.id.as_str().to_string())
}

/// Rows in the list pane (at least 1).
pub(super) fn list_height(app: &App) -> usize {
    layout::areas(Rect::new(0, 0, app.size.0, app.size.1))
        .map_or(1, |a| usize::from(a.list.height).max(1))
}

pub(super) fn detail_height(app: &App) -> usize {
    layout::areas(Rect::new(0, 0, app.size.0, app.size.1))
        .map_or(1, |a| usize::from(a.detail_inner.height).max(1))
}

/// Keeps the selected row on screen.
pub fn scroll_into_view(app: &mut App) {
    let height = list_height(app);
    if app.selected < app.offset {
        app.offset = app.selected;
    } else if app.selected >= app.offset + height {
        app.offset = app.selected + 1 - height;
    }
    let max_offset = app.results.len().saturating_sub(height);
    app.offset = app.offset.min(max_offset);
}

pub(super) fn scroll_detail(app: &mut App, delta: isize) {
    let target = app.detail_scroll as isize + delta;
    app.detail_scroll = target.max(0) as usize;
    // Clamped against the text when drawn; clamp here too when the row is loaded.
    if let Some(row) = app.selected_row() {
        let width = layout::areas(Rect::new(0, 0, app.size.0, app.size.1))
            .map_or(40, |a| usize::from(a.detail_inner.width));
        let id = row.paper.id.as_str();
        let why = for_you::reason_for(app, id);
        let lines = detail::detail_text(row, app.user.entry(id), why, width)
            .lines
            .len();
        app.detail_scroll = app
            .detail_scroll
            .min(lines.saturating_sub(detail_height(app)));
    }
}

fn on_mouse(app: &mut App, mouse: MouseEvent, effects: &mut Vec<Effect>) {
    if app.text.is_some() {
        match mouse.kind {
            MouseEventKind::ScrollDown => text_keys::wheel(app, true),
            MouseEventKind::ScrollUp => text_keys::wheel(app, false),
            _ => {}
        }
        return;
    }
    let Some(areas) = layout::areas(Rect::new(0, 0, app.size.0, app.size.1)) else {
        return;
    };
    if matches!(
        app.mode,
        Mode::Help { .. }
            | Mode::Links { .. }
            | Mode::EditTags(_)
            | Mode::EditNote(_)
            | Mode::ConfirmMarkAllRead { .. }
            | Mode::Watches { .. }
    ) {
        return;
    }
    let at = Position::new(mouse.column, mouse.row);
    let in_list = areas.list.contains(at);
    let in_detail = areas.detail.contains(at);
    match mouse.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let down = mouse.kind == MouseEventKind::ScrollDown;
            if in_list {
                let height = list_height(app);
                let max = app.results.len().saturating_sub(height);
                app.offset = if down {
                    (app.offset + WHEEL_LINES).min(max)
                } else {
                    app.offset.saturating_sub(WHEEL_LINES)
                };
                // Keep the selection on screen, as a pager does.
                app.selected = app
                    .selected
                    .clamp(app.offset, (app.offset + height).saturating_sub(1));
                app.selected = app.selected.min(app.results.len().saturating_sub(1));
                app.detail_scroll = 0;
            } else if in_detail {
                let delta = WHEEL_LINES as isize;
                scroll_detail(app, if down { delta } else { -delta });
            }
        }
        MouseEventKind::Down(MouseButton::Left) => {
            if in_list {
                let i = app.offset + usize::from(mouse.row - areas.list.y);
                if i < app.results.len() {
                    app.selected = i;
                    app.detail_scroll = 0;
                    if app.mode == Mode::Detail {
                        app.mode = Mode::List;
                    }
                }
            } else if areas.detail_inner.contains(at)
                && let Some(row) = app.selected_row()
            {
                let text = detail::detail_text(
                    row,
                    app.user.entry(row.paper.id.as_str()),
                    for_you::reason_for(app, row.paper.id.as_str()),
                    usize::from(areas.detail_inner.width),
                );
                let line = app.detail_scroll + usize::from(mouse.row - areas.detail_inner.y);
                if let Some((_, url)) = text.links.iter().find(|(l, _)| *l == line) {
                    effects.push(Effect::Open(url.clone()));
                }
            }
        }
        _ => {}
    }
}
