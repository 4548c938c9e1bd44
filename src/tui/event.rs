//! The one channel the reader's loop listens to: terminal input, answers from
//! the index worker, and changes made by other folio processes all arrive
//! here as [`Event`]s.

use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::thread;
use std::time::Duration;

use chrono::NaiveDate;
use crossterm::event::{self as ct, KeyEvent, KeyEventKind, MouseEvent};

use super::input_gate::InputGate;
use super::period::Period;
use super::state::{Status, View};
use crate::fulltext::Document;
use crate::fulltext::positions::ReadingPosition;
use crate::index::{ResultSet, Sort};
use crate::library::UserState;
use crate::sync::all::SourceProgress;
use crate::watch_counts::WatchCount;

pub enum Event {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    Results(SearchOutcome),
    /// Every match of search `seq` counted, after its first results came
    /// uncounted.
    Counted {
        seq: u64,
        total: usize,
    },
    Library(UserState),
    Status(Status),
    /// Another process committed to the index.
    IndexChanged,
    /// The terminal input thread failed.
    InputError(String),
    /// The index worker thread died (a panic), with what it said.
    WorkerDied(String),
    /// Every watch counted anew, or why counting failed.
    WatchCounts(Result<Vec<WatchCount>, String>),
    /// A source of the running sync moved on.
    SyncProgress(String, SourceProgress),
    /// The sync ended: what it did, or why it could not run.
    SyncEnded(Status),
    /// A paper's text is ready (with where the reader left it), or why it
    /// could not be had.
    TextLoaded {
        id: String,
        result: Result<LoadedText, String>,
        position: Option<ReadingPosition>,
    },
    /// Fetching a paper's text moved on (`downloading …`).
    TextProgress {
        id: String,
        text: String,
    },
    /// The "for you" model was trained (or could not be): the list may be
    /// ranked anew.
    TasteLearned(TasteNews),
    /// Why the model recommends a paper.
    TasteReason(TasteReason),
    /// The user's editor ended on a paper's note: the text it left, or why
    /// the edit did not happen; `old` is the note it started from.
    NoteEdited {
        id: String,
        old: Option<String>,
        result: Result<String, String>,
    },
}

/// What a training of the "for you" model came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TasteNews {
    /// Which training this was (explanations name the model they came from).
    pub seq: u64,
    /// How many bookmarks it learnt from, or why it could not learn.
    pub learned: Result<usize, String>,
    /// What the model says is worth telling (missing papers…).
    pub notes: Vec<String>,
}

/// Why the model of training `seq` recommends paper `id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TasteReason {
    pub seq: u64,
    pub id: String,
    /// `because you kept "…" · terms`, or why it could not be said.
    pub sentence: Result<String, String>,
}

/// A paper's text as the worker hands it over: the document, and its
/// layout for the width asked for (laid out off the UI thread, so opening
/// even a long paper takes one frame).
#[derive(Debug, Clone)]
pub struct LoadedText {
    pub document: Arc<Document>,
    pub layout: Arc<crate::fulltext::layout::Layout>,
}

/// A search the worker should run, built from the app state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchJob {
    pub seq: u64,
    pub query: String,
    pub view: View,
    pub period: Period,
    pub sort: Option<Sort>,
    /// Papers similar to this id instead of the query.
    pub similar: Option<String>,
    /// Keep the selection (a refresh) rather than jump to the top.
    pub keep_selection: bool,
    /// The paper selected when a refresh was asked for: the answer says
    /// where it is now, so the selection follows the paper, not its row.
    pub keep_id: Option<String>,
    /// Matches the first answer carries, uncounted: a screenful while the
    /// user types (the fewer, the sooner it comes), several for a refresh
    /// whose selection may lie further down. The rest follows.
    pub first_page: usize,
}

impl SearchJob {
    /// `query` over all papers and dates in the query's own order, jumping
    /// to the top: a search as typed, with nothing else set.
    pub fn typed(seq: u64, query: &str) -> SearchJob {
        SearchJob {
            seq,
            query: query.to_string(),
            view: View::All,
            period: Period::All,
            sort: None,
            similar: None,
            keep_selection: false,
            keep_id: None,
            first_page: super::search::FIRST_PAGE,
        }
    }
}

/// A search's answer: its results, the sort they are in, and what the
/// reader shows about them.
pub struct Found {
    pub results: ResultSet,
    pub sort: Sort,
    pub newest: Option<NaiveDate>,
    /// Where [`SearchJob::keep_id`] is among the results, if it is there.
    pub kept_at: Option<usize>,
}

pub struct SearchOutcome {
    pub seq: u64,
    pub keep_selection: bool,
    pub result: Result<Found, String>,
}

/// Reads terminal events on their own thread and forwards them. Only key
/// presses pass (some terminals also report releases and repeats). The
/// thread stops reading while `gate` is paused.
pub fn spawn_input(tx: Sender<Event>, gate: InputGate) -> std::io::Result<()> {
    thread::Builder::new()
        .name("folio-input".into())
        .spawn(move || {
            let died = tx.clone();
            let ran = std::panic::catch_unwind(move || read_input(&tx, &gate));
            if let Err(panic) = ran {
                let message = super::worker::panic_message(panic.as_ref());
                let _ = died.send(Event::InputError(message));
            }
        })?;
    Ok(())
}

/// How long one wait for input lasts before the thread checks whether it
/// should pause: the most a pause can take.
const INPUT_POLL: Duration = Duration::from_millis(100);

fn read_input(tx: &Sender<Event>, gate: &InputGate) {
    loop {
        gate.wait_while_paused();
        let ready = match ct::poll(INPUT_POLL) {
            Ok(ready) => ready,
            Err(e) => {
                let _ = tx.send(Event::InputError(e.to_string()));
                return;
            }
        };
        // A pause asked for meanwhile leaves what is there for the program
        // the terminal is lent to.
        if !ready || gate.pause_asked() {
            continue;
        }
        let event = match ct::read() {
            Ok(e) => e,
            Err(e) => {
                let _ = tx.send(Event::InputError(e.to_string()));
                return;
            }
        };
        let forwarded = match event {
            ct::Event::Key(key) if key.kind == KeyEventKind::Press => Event::Key(key),
            ct::Event::Mouse(mouse) => Event::Mouse(mouse),
            ct::Event::Resize(w, h) => Event::Resize(w, h),
            _ => continue,
        };
        if tx.send(forwarded).is_err() {
            return;
        }
    }
}
