//! Everything the reader shows, in one plain struct. Rendering only reads it;
//! [`super::update`] changes it, except for what the run loop in `tui/mod.rs`
//! sets itself: the start-up values (read-only mode, the theme), an error
//! met while loading the rows on screen, and the "stopping the sync" message
//! it shows while quitting waits.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;

use super::event::SearchJob;
use super::for_you::ForYouState;
use super::input::{History, TextInput};
use super::keymap::{Context, Keymap};
use super::period::Period;
use super::text_view::TextView;
use super::ui::theme::Theme;
use crate::index::{MarkedPaper, ResultSet, Sort};
use crate::library::UserState;
use crate::model::Paper;
use crate::sync::all::SourceProgress;
use crate::watch_counts::WatchCount;

/// What has the keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    List,
    Detail,
    /// Typing the query.
    Query,
    /// The help overlay, remembering whether the detail pane had focus.
    Help {
        from_detail: bool,
    },
    /// The link picker with the selected link.
    Links {
        selected: usize,
        from_detail: bool,
    },
    EditTags(TextInput),
    EditNote(TextInput),
    /// Asking before every paper of the list (`count` of them, found by
    /// `job`) is marked read.
    ConfirmMarkAllRead {
        count: usize,
        job: SearchJob,
    },
    /// The watches view, with the selected watch.
    Watches {
        selected: usize,
    },
    /// A paper's full text ([`App::text`]).
    Text,
    /// The text's table of contents over it, with the selected entry.
    TextToc {
        selected: usize,
    },
    /// The text's links over it, with the selected link.
    TextLinks {
        selected: usize,
    },
    /// Typing a search in the text.
    TextSearch(TextInput),
}

/// Which papers the list shows before the query narrows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    All,
    Bookmarks,
    Unread,
    /// The papers of a watch (by its lowercase name), new ones first.
    Watch(String),
    /// Unread papers neither kept nor dismissed, ranked by the user's taste.
    ForYou,
}

impl View {
    pub fn label(&self) -> String {
        match self {
            View::All => "all papers".into(),
            View::Bookmarks => "bookmarks".into(),
            View::Unread => "unread".into(),
            View::Watch(name) => format!("watch {name}"),
            View::ForYou => "for you".into(),
        }
    }
}

/// Where a source of the running sync is, by its label (`hf`,
/// ``arxiv `cat:cs.CV` ``), in plan order.
pub type SyncSources = Vec<(String, SourceProgress)>;

/// Shown (persistently, and for every editing key) when the data dir
/// cannot be written.
pub const READ_ONLY_MESSAGE: &str = "read-only: changes cannot be saved";

/// A status-bar message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// One loaded row: the paper and where the query matched it.
#[derive(Debug, Clone)]
pub struct Row {
    pub paper: Paper,
    pub title_marks: Vec<Range<usize>>,
    pub abstract_marks: Vec<Range<usize>>,
}

impl From<MarkedPaper> for Row {
    fn from(marked: MarkedPaper) -> Row {
        Row {
            paper: marked.paper,
            title_marks: marked.title_marks,
            abstract_marks: marked.abstract_marks,
        }
    }
}

/// The current results: the search's answer (read lazily, by position)
/// and a small cache of the rows that were on screen.
#[derive(Default)]
pub struct Results {
    /// The search this answers (see [`App::search_seq`]).
    pub seq: u64,
    /// `None` until the first answer arrives.
    pub set: Option<ResultSet>,
    /// Every match, also those not sent yet; while `uncounted`, only those
    /// found so far (the count follows).
    pub total: usize,
    pub uncounted: bool,
    pub sort: Option<Sort>,
    rows: HashMap<usize, Arc<Row>>,
    /// Rows that could not be read, with why (drawn in place of the row, and
    /// not read again for this result set).
    failed: HashMap<usize, String>,
}

/// Rows kept in the cache beyond those on screen.
const ROW_CACHE_LIMIT: usize = 2_000;

impl Results {
    /// The answer `set` to search `seq`, in `sort`, nothing read yet.
    pub fn new(seq: u64, set: ResultSet, sort: Sort) -> Results {
        Results {
            seq,
            total: set.total(),
            uncounted: !set.is_counted(),
            set: Some(set),
            sort: Some(sort),
            rows: HashMap::new(),
            failed: HashMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.set.as_ref().map_or(0, ResultSet::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn row(&self, i: usize) -> Option<&Arc<Row>> {
        self.rows.get(&i)
    }

    /// Why row `i` could not be read, if it could not.
    pub fn error(&self, i: usize) -> Option<&str> {
        self.failed.get(&i).map(String::as_str)
    }

    /// Loads rows `range` (clamped) that are not cached yet; returns the
    /// first error met on the way (rows that fail are remembered as failed).
    pub fn load(&mut self, range: Range<usize>) -> Option<String> {
        let set = self.set.as_mut()?;
        let end = range.end.min(set.len());
        if self.rows.len() > ROW_CACHE_LIMIT {
            self.rows.clear();
        }
        let mut first_error = None;
        for i in range.start.min(end)..end {
            if self.rows.contains_key(&i) || self.failed.contains_key(&i) {
                continue;
            }
            for loaded in set.load(i..i + 1) {
                match loaded {
                    Ok(marked) => {
                        self.rows.insert(i, Arc::new(Row::from(marked)));
                    }
                    Err(e) => {
                        let message = e.to_string();
                        first_error.get_or_insert_with(|| message.clone());
                        self.failed.insert(i, message);
                    }
                }
            }
        }
        first_error
    }
}

/// The papers similar to one paper, shown instead of the query results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimilarTo {
    pub id: String,
    pub title: String,
}

pub struct App {
    pub mode: Mode,
    pub keymap: Keymap,
    pub query: TextInput,
    /// The queries kept with Enter, for `history_previous` / `history_next`.
    pub history: History,
    pub view: View,
    pub period: Period,
    /// `None`: relevance with words, date without.
    pub sort: Option<Sort>,
    pub similar: Option<SimilarTo>,
    pub results: Results,
    pub selected: usize,
    /// First row shown in the list.
    pub offset: usize,
    pub detail_scroll: usize,
    pub help_scroll: usize,
    pub user: UserState,
    pub status: Option<Status>,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// The newest paper's date: the anchor of the date views.
    pub newest: Option<NaiveDate>,
    /// The last search asked of the worker; older answers are dropped.
    pub search_seq: u64,
    pub searching: bool,
    /// The data dir cannot be written: reading works, every command that
    /// would save something is refused with [`READ_ONLY_MESSAGE`].
    pub read_only: bool,
    /// Each watch's counts, as last counted (`None`: not counted yet).
    pub watch_counts: Option<Vec<WatchCount>>,
    /// The sync in progress, source by source (`None`: none running).
    pub sync: Option<SyncSources>,
    /// The paper's text being read (shown while the mode is a text mode).
    pub text: Option<TextView>,
    /// The paper whose text is being loaded or fetched; a text that
    /// arrives for another paper (the user stopped waiting) is dropped.
    pub opening_text: Option<String>,
    /// Whether the text being opened was asked for from the detail pane.
    pub text_from_detail: bool,
    /// The "for you" model as far as the reader knows it, and its reasons.
    pub for_you: ForYouState,
    /// Times the index worker died and was started again.
    pub worker_restarts: u32,
    /// Why the reader cannot go on: printed once the terminal is restored.
    pub fatal: Option<String>,
    pub quit: bool,
    /// The styles the reader draws with (dark, light or `NO_COLOR`).
    pub theme: Theme,
}

impl App {
    pub fn new(keymap: Keymap, user: UserState, size: (u16, u16)) -> App {
        App {
            mode: Mode::List,
            keymap,
            query: TextInput::default(),
            history: History::default(),
            view: View::All,
            period: Period::All,
            sort: None,
            similar: None,
            results: Results::default(),
            selected: 0,
            offset: 0,
            detail_scroll: 0,
            help_scroll: 0,
            user,
            status: None,
            size,
            newest: None,
            search_seq: 0,
            searching: false,
            read_only: false,
            watch_counts: None,
            sync: None,
            text: None,
            opening_text: None,
            text_from_detail: false,
            for_you: ForYouState::default(),
            worker_restarts: 0,
            fatal: None,
            quit: false,
            theme: Theme::dark(),
        }
    }

    /// The keymap context for the current mode.
    pub fn context(&self) -> Context {
        match self.mode {
            Mode::List => Context::List,
            Mode::Detail => Context::Detail,
            Mode::Help { .. } => Context::Help,
            Mode::Links { .. } => Context::Links,
            Mode::Watches { .. } => Context::Watches,
            Mode::Text | Mode::TextToc { .. } | Mode::TextLinks { .. } => Context::Text,
            Mode::TextSearch(_) | Mode::Query => Context::Query,
            Mode::EditTags(_) | Mode::EditNote(_) => Context::Editor,
            Mode::ConfirmMarkAllRead { .. } => Context::Confirm,
        }
    }

    /// The watch names in the order the watches view lists them.
    pub fn watch_names(&self) -> Vec<&str> {
        self.user.watches.keys().map(String::as_str).collect()
    }

    pub fn selected_row(&self) -> Option<&Arc<Row>> {
        self.results.row(self.selected)
    }

    /// The sort in force (explicit, or the default for this query).
    pub fn effective_sort(&self) -> Sort {
        self.sort.or(self.results.sort).unwrap_or(Sort::Date)
    }
}
