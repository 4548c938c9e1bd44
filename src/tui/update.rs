//! The reader's logic: an [`Event`] changes the [`App`] and asks for
//! [`Effect`]s (searches, library writes, opening links) that the runtime
//! carries out. No I/O happens here, so all of it is tested without a terminal.

use chrono::{DateTime, Utc};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::command::Command;
use super::event::{Event, SearchJob, SearchOutcome};
use super::for_you;
use super::input::TextInput;
use super::keymap::{Context, Key};
use super::period::Period;
use super::state::{App, Mode, READ_ONLY_MESSAGE, Results, SimilarTo, Status, View};
use super::text_keys;
use super::ui::{detail, help, layout};
use crate::editor::note::NoteChange;
use crate::fulltext::positions::ReadingPosition;
use crate::model::LinkKind;

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
/// Lines the help scrolls per page key.
const HELP_PAGE: usize = 10;

/// Applies one event at time `now` (the caller reads the clock, so the
/// logic stays pure and tests choose the time).
pub fn update(app: &mut App, event: Event, now: DateTime<Utc>) -> Vec<Effect> {
    let mut effects = Vec::new();
    match event {
        Event::Key(key) => {
            app.status = None;
            on_key(app, key, now, &mut effects);
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
fn count_watches(app: &App, effects: &mut Vec<Effect>) {
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
fn search_job(app: &App) -> Effect {
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

fn on_key(app: &mut App, key: KeyEvent, now: DateTime<Utc>, effects: &mut Vec<Effect>) {
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl_c {
        app.quit = true;
        return;
    }
    if text_keys::intercept(app, &key, effects) {
        return;
    }
    if matches!(app.mode, Mode::List | Mode::Detail)
        && text_keys::is_stop_key(&key)
        && text_keys::stop_waiting(app)
    {
        return;
    }
    match &mut app.mode {
        Mode::Query => {
            match key.code {
                KeyCode::Enter => app.mode = Mode::List,
                KeyCode::Esc => {
                    app.mode = Mode::List;
                    if !app.query.text().is_empty() {
                        app.query.clear();
                        effects.push(search(app, false));
                    }
                }
                KeyCode::Down => move_selection(app, 1),
                KeyCode::Up => move_selection(app, -1),
                _ => {
                    if app.query.handle(&key) {
                        effects.push(search(app, false));
                    }
                }
            }
            return;
        }
        Mode::EditTags(input) | Mode::EditNote(input) => {
            match key.code {
                KeyCode::Enter => {
                    let text = input.text().to_string();
                    let editing_tags = matches!(app.mode, Mode::EditTags(_));
                    app.mode = Mode::List;
                    if let Some(id) = selected_id(app) {
                        save_edit(app, id, text, editing_tags, now, effects);
                    }
                }
                KeyCode::Esc => app.mode = Mode::List,
                _ => {
                    input.handle(&key);
                }
            }
            return;
        }
        Mode::ConfirmMarkAllRead { count, job } => {
            match key.code {
                KeyCode::Char('y' | 'Y') | KeyCode::Enter => {
                    let (count, job) = (*count, job.clone());
                    app.mode = Mode::List;
                    app.status = Some(Status {
                        text: format!("marking {count} papers read…"),
                        error: false,
                    });
                    effects.push(Effect::MarkAllRead(job, now));
                }
                KeyCode::Char('n' | 'N' | 'q') | KeyCode::Esc => {
                    app.mode = Mode::List;
                    app.status = Some(Status {
                        text: "nothing was marked read".into(),
                        error: false,
                    });
                }
                _ => {}
            }
            return;
        }
        Mode::Watches { selected } if key.code == KeyCode::Enter => {
            let i = *selected;
            open_watch(app, i, effects);
            return;
        }
        Mode::Links { selected, .. } => {
            if let KeyCode::Char(c @ '1'..='9') = key.code {
                let n = c as usize - '1' as usize;
                *selected = n;
                open_numbered(app, n, effects);
                return;
            }
            if key.code == KeyCode::Enter {
                let n = *selected;
                open_numbered(app, n, effects);
                return;
            }
        }
        _ => {}
    }
    let Some(ctx) = app.context() else {
        return;
    };
    if let Some(command) = app.keymap.command(ctx, Key::from_event(&key)) {
        run(app, ctx, command, now, effects);
    }
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
        app.status = Some(Status {
            text: "tags saved".into(),
            error: false,
        });
        effects.push(Effect::Library(LibraryOp::SetTags(id, tags), now));
    } else {
        let note = Some(text).filter(|t| !t.trim().is_empty());
        app.user.set_note(&id, note.clone(), now);
        app.status = Some(Status {
            text: if note.is_some() {
                "note saved"
            } else {
                "note removed"
            }
            .into(),
            error: false,
        });
        effects.push(Effect::Library(LibraryOp::SetNote(id, note), now));
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

fn selected_id(app: &App) -> Option<String> {
    app.selected_row().map(|r| r.paper.id.as_str().to_string())
}

/// Rows in the list pane (at least 1).
fn list_height(app: &App) -> usize {
    layout::areas(Rect::new(0, 0, app.size.0, app.size.1))
        .map_or(1, |a| usize::from(a.list.height).max(1))
}

fn detail_height(app: &App) -> usize {
    layout::areas(Rect::new(0, 0, app.size.0, app.size.1))
        .map_or(1, |a| usize::from(a.detail_inner.height).max(1))
}

fn move_selection(app: &mut App, delta: isize) {
    if app.results.is_empty() {
        return;
    }
    let last = app.results.len() - 1;
    let target = app.selected as isize + delta;
    app.selected = target.clamp(0, last as isize) as usize;
    app.detail_scroll = 0;
    scroll_into_view(app);
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

/// Scrolls the help by `delta` lines, never past its last line (so the
/// first key back up moves it at once).
fn scroll_help(app: &mut App, delta: isize) {
    let target = app.help_scroll.saturating_add_signed(delta);
    app.help_scroll = target.min(help::max_scroll(app));
}

fn scroll_detail(app: &mut App, delta: isize) {
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

fn run(
    app: &mut App,
    ctx: Context,
    command: Command,
    now: DateTime<Utc>,
    effects: &mut Vec<Effect>,
) {
    if app.read_only && command.writes() {
        app.status = Some(Status {
            text: READ_ONLY_MESSAGE.into(),
            error: true,
        });
        return;
    }
    let page = list_height(app) as isize;
    let detail_page = detail_height(app) as isize;
    match (ctx, command) {
        (Context::Text, _) => text_keys::run(app, command, effects),
        (_, Command::ReadText) => text_keys::open(app, ctx, effects),
        (_, Command::FetchPdf) => text_keys::fetch_pdf(app, effects),
        (
            _,
            Command::TableOfContents
            | Command::NextSection
            | Command::PreviousSection
            | Command::NextMatch
            | Command::PreviousMatch,
        ) => {}
        (Context::Detail, Command::MoveDown) => scroll_detail(app, 1),
        (Context::Detail, Command::MoveUp) => scroll_detail(app, -1),
        (Context::Detail, Command::First) => app.detail_scroll = 0,
        (Context::Detail, Command::Last) => scroll_detail(app, isize::MAX / 2),
        (Context::Detail, Command::HalfPageDown) => scroll_detail(app, detail_page / 2),
        (Context::Detail, Command::HalfPageUp) => scroll_detail(app, -detail_page / 2),
        (Context::Detail, Command::PageDown) => scroll_detail(app, detail_page),
        (Context::Detail, Command::PageUp) => scroll_detail(app, -detail_page),
        (Context::Help, Command::MoveDown) => scroll_help(app, 1),
        (Context::Help, Command::MoveUp) => scroll_help(app, -1),
        (Context::Help, Command::PageDown | Command::HalfPageDown) => {
            scroll_help(app, HELP_PAGE as isize)
        }
        (Context::Help, Command::PageUp | Command::HalfPageUp) => {
            scroll_help(app, -(HELP_PAGE as isize))
        }
        (Context::Help, Command::First) => app.help_scroll = 0,
        (Context::Help, Command::Last) => app.help_scroll = help::max_scroll(app),
        (Context::Help, _) => close_overlay(app),
        (
            Context::Watches,
            Command::MoveDown
            | Command::MoveUp
            | Command::First
            | Command::Last
            | Command::HalfPageDown
            | Command::HalfPageUp
            | Command::PageDown
            | Command::PageUp,
        ) => {
            let last = app.user.watches.len().saturating_sub(1) as isize;
            if let Mode::Watches { selected } = &mut app.mode {
                let delta = match command {
                    Command::MoveDown => 1,
                    Command::MoveUp => -1,
                    Command::First => isize::MIN / 2,
                    Command::Last => isize::MAX / 2,
                    Command::HalfPageDown | Command::PageDown => page,
                    _ => -page,
                };
                *selected = (*selected as isize).saturating_add(delta).clamp(0, last) as usize;
            }
        }
        (Context::Watches, Command::Back | Command::Quit | Command::WatchesView) => {
            app.mode = Mode::List
        }
        (_, Command::WatchesView) => open_watches(app, effects),
        (Context::Links, Command::MoveDown | Command::MoveUp | Command::First | Command::Last) => {
            let count = app
                .selected_row()
                .map_or(0, |r| r.paper.links().numbered().len());
            if let Mode::Links { selected, .. } = &mut app.mode {
                *selected = match command {
                    Command::MoveDown => (*selected + 1).min(count.saturating_sub(1)),
                    Command::MoveUp => selected.saturating_sub(1),
                    Command::First => 0,
                    _ => count.saturating_sub(1),
                };
            }
        }
        (_, Command::MoveDown) => move_selection(app, 1),
        (_, Command::MoveUp) => move_selection(app, -1),
        (_, Command::First) => move_selection(app, isize::MIN / 2),
        (_, Command::Last) => move_selection(app, isize::MAX / 2),
        (_, Command::HalfPageDown) => move_selection(app, page / 2),
        (_, Command::HalfPageUp) => move_selection(app, -page / 2),
        (_, Command::PageDown) => move_selection(app, page),
        (_, Command::PageUp) => move_selection(app, -page),
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
        (_, Command::OpenPaper) => open_kind(app, LinkKind::Paper, effects),
        (_, Command::OpenPdf) => open_kind(app, LinkKind::Pdf, effects),
        (_, Command::OpenCode) => open_kind(app, LinkKind::Code, effects),
        (_, Command::OpenProject) => open_kind(app, LinkKind::Project, effects),
        (_, Command::LinkPicker) => {
            if app.selected_row().is_some() {
                app.mode = Mode::Links {
                    selected: 0,
                    from_detail: ctx == Context::Detail,
                };
            }
        }
        (_, Command::CopyLink) => {
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
        (_, Command::ToggleBookmark) => {
            if let Some(id) = selected_id(app) {
                let on = app.user.toggle_bookmark(&id, now);
                app.status = Some(Status {
                    text: if on {
                        "bookmarked"
                    } else {
                        "bookmark removed (with its tags and note)"
                    }
                    .into(),
                    error: false,
                });
                effects.push(Effect::Library(LibraryOp::SetBookmark(id, on), now));
                // The taste changed: a list ranked by it is asked again
                // (a kept paper leaves the "for you" view).
                if for_you::is_active(app) {
                    effects.push(search(app, true));
                }
            }
        }
        (_, Command::ToggleRead) => {
            if let Some(id) = selected_id(app) {
                let read = app.user.toggle_read(&id, now);
                effects.push(Effect::Library(LibraryOp::SetRead(id, read), now));
            }
        }
        (_, Command::ToggleDismiss) => toggle_dismiss(app, now, effects),
        (_, Command::MarkAllRead) => {
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
        (_, Command::EditTags) => {
            if let Some(id) = selected_id(app) {
                let tags = app.user.tags_of(&id);
                app.mode = Mode::EditTags(TextInput::new(&tags.join(" ")));
            }
        }
        (_, Command::EditNote) => {
            if let Some(id) = selected_id(app) {
                let note = app.user.note_of(&id).unwrap_or_default();
                if note.contains('\n') {
                    // The one-line field would join its lines on save.
                    let editor = key_label(app, Command::EditNoteInEditor);
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
        (_, Command::EditNoteInEditor) => {
            if let Some(id) = selected_id(app) {
                let note = app.user.note_of(&id);
                effects.push(Effect::EditNoteInEditor { id, note });
            }
        }
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
                app.status = Some(Status {
                    text: "press d to pick a day, week or month first".into(),
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
        (_, Command::Similar) => {
            if let Some(row) = app.selected_row() {
                app.similar = Some(SimilarTo {
                    id: row.paper.id.as_str().to_string(),
                    title: row.paper.title.clone(),
                });
                app.mode = Mode::List;
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
    let toggle = key_label(app, Command::ToggleDismiss);
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
                let bookmark = key_label(app, Command::ToggleBookmark);
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

/// The first key of `command` in the list, as the help shows it (or the
/// command's config name, when the user left it without a key).
fn key_label(app: &App, command: Command) -> String {
    app.keymap
        .keys(Context::List, command)
        .first()
        .map_or_else(|| command.name().to_string(), ToString::to_string)
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

/// Shows the papers of the `i`th watch, new ones first.
fn open_watch(app: &mut App, i: usize, effects: &mut Vec<Effect>) {
    let Some(name) = app.watch_names().get(i).map(|n| n.to_string()) else {
        return;
    };
    app.view = View::Watch(name);
    app.similar = None;
    app.query.clear();
    app.period = Period::All;
    app.mode = Mode::List;
    effects.push(search(app, false));
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

fn back(app: &mut App, effects: &mut Vec<Effect>) {
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

fn open_numbered(app: &mut App, n: usize, effects: &mut Vec<Effect>) {
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
