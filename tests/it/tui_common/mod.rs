//! The harness the reader's tests share: a real store over the demo corpus in
//! a temp dir, and an [`App`] driven the way the runtime drives it (searches
//! run synchronously, library writes applied and fed back, links recorded
//! instead of opened), so tests see exactly what a user would.

pub mod document;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use folio::config::Paths;
use folio::fulltext::Document;
use folio::fulltext::fetch::FetchOptions;
use folio::fulltext::positions::ReadingPosition;
use folio::index::Budget;
use folio::ingest::Format;
use folio::store::{DEMO_LISTING, Store};
use folio::sync::{HttpSettings, RetryPolicy};
use folio::tui::event::{Event, SearchOutcome};
use folio::tui::keymap::Keymap;
use folio::tui::search::mark_all_read;
use folio::tui::state::App;
use folio::tui::taste_work::{TasteSlot, TrainRequest, search_with_taste};
use folio::tui::text_work;
use folio::tui::update::{Effect, LibraryOp, update};
use folio::tui::{load_visible_rows, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

/// The first paper of the demo listing: it has a code link in its abstract.
pub const AOT_GAN_ID: &str =
    "aggregated-contextual-transformations-for-high-resolution-image-inpainting";
pub const AOT_GAN_CODE: &str = "https://github.com/researchmm/AOT-GAN-for-Inpainting";
/// The second paper of the demo listing: no URL anywhere, so no code link.
pub const PATTERNNET_TITLE: &str = "PatternNet: Visual Pattern Mining with Deep Neural Network";
/// Papers in the demo corpus.
pub const DEMO_PAPERS: usize = 73;
/// The year the demo listing is pinned to, so dates never depend on today.
pub const PINNED_DATE_LINE: &str = "Mar 14, 2026";

/// One reader over one throwaway data dir.
pub struct Harness {
    _dir: TempDir,
    pub store: Store,
    pub app: App,
    /// Every `Effect::Open` seen, in order (never executed).
    pub opened: Vec<String>,
    /// Every `Effect::Copy` seen, in order.
    pub copied: Vec<String>,
    /// How many `Effect::Sync` were asked for.
    pub syncs: usize,
    /// How many `Effect::RestartWorker` were asked for.
    pub worker_restarts: usize,
    /// Every library write seen, in order (also applied to the store).
    pub library_ops: Vec<LibraryOp>,
    /// Every reading position saved, in order (also saved in the store).
    pub saved_positions: Vec<(String, ReadingPosition)>,
    /// Every paper whose PDF was asked for (never downloaded).
    pub pdf_fetches: Vec<String>,
    /// Texts asked for and not answered yet: `answer_texts` feeds them
    /// back. When false (the default), they are answered at once.
    pub hold_texts: bool,
    pub held_texts: Vec<String>,
    /// The time every event is applied at (the reader passes the clock's
    /// time; tests keep it fixed so effects compare exactly).
    pub now: chrono::DateTime<chrono::Utc>,
    /// The "for you" model, as the worker keeps it.
    pub taste: TasteSlot,
    /// The training the last search asked for, run by `learn_taste`.
    pub wanted_training: Option<TrainRequest>,
    /// Every paper whose reason was asked for, in order.
    pub explained: Vec<String>,
    /// Every note the reader asked to edit in the user's editor (paper,
    /// note it starts from); never run: tests answer with `NoteEdited`.
    pub editor_requests: Vec<(String, Option<String>)>,
}

/// Where the harness "downloads" from: nothing listens there, so a text
/// not kept beforehand fails at once.
pub const NOWHERE: &str = "http://127.0.0.1:9";

/// The demo listing with its `Mar 14` date line given a year, so the papers'
/// dates are the same whatever day the tests run.
pub fn pinned_listing() -> String {
    let pinned = DEMO_LISTING.replacen("\nMar 14\n", &format!("\n{PINNED_DATE_LINE}\n"), 1);
    assert_ne!(pinned, DEMO_LISTING, "the demo listing's date line moved");
    pinned
}

impl Harness {
    /// A reader with the default keys at `width`×`height`, after its first search.
    pub fn new(width: u16, height: u16) -> Harness {
        Harness::with_keymap(Keymap::default(), width, height)
    }

    /// A reader with `keymap`, after its first search.
    pub fn with_keymap(keymap: Keymap, width: u16, height: u16) -> Harness {
        let dir = tempfile::tempdir().expect("a temp dir");
        let paths = Paths::in_dir(dir.path());
        let store = Store::open(&paths).expect("the store opens and seeds the demo");
        let summary = store
            .import_text(&pinned_listing(), Some(Format::Listing), "pinned demo")
            .expect("the pinned listing imports");
        assert_eq!(summary.new, 0, "re-importing the demo adds no papers");
        assert_eq!(summary.updated + summary.unchanged, DEMO_PAPERS);
        let user = store.library().load().expect("the library loads");
        let app = App::new(keymap, user, (width, height));
        let mut harness = Harness {
            _dir: dir,
            store,
            app,
            opened: Vec::new(),
            copied: Vec::new(),
            syncs: 0,
            worker_restarts: 0,
            library_ops: Vec::new(),
            saved_positions: Vec::new(),
            pdf_fetches: Vec::new(),
            hold_texts: false,
            held_texts: Vec::new(),
            now: chrono::Utc::now(),
            taste: TasteSlot::default(),
            wanted_training: None,
            explained: Vec::new(),
            editor_requests: Vec::new(),
        };
        let first = folio::tui::update::search(&mut harness.app, false);
        harness.run_effects(vec![first]);
        harness
    }

    /// Applies one event without carrying out its effects.
    pub fn update_only(&mut self, event: Event) -> Vec<Effect> {
        update(&mut self.app, event, self.now)
    }

    /// Applies one event and carries out its effects as the runtime would;
    /// returns the effects the event asked for.
    pub fn send(&mut self, event: Event) -> Vec<Effect> {
        let effects = update(&mut self.app, event, self.now);
        self.run_effects(effects.clone());
        effects
    }

    /// Carries out effects: searches run now and their answers are fed back;
    /// library writes are saved like the worker saves them and the new state
    /// is fed back; opens and copies are only recorded.
    pub fn run_effects(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Search(job) => {
                    let (result, wanted) =
                        search_with_taste(&self.store, &job, Budget::ALL, &self.taste);
                    if wanted.is_some() {
                        self.wanted_training = wanted;
                    }
                    let more = update(
                        &mut self.app,
                        Event::Results(SearchOutcome {
                            seq: job.seq,
                            keep_selection: job.keep_selection,
                            result,
                        }),
                        self.now,
                    );
                    self.run_effects(more);
                }
                Effect::Library(op, at) => {
                    let state = apply_library_op(&self.store, &op, at);
                    self.library_ops.push(op);
                    let more = update(&mut self.app, Event::Library(state), self.now);
                    self.run_effects(more);
                }
                Effect::Open(url) => self.opened.push(url),
                Effect::Copy(text) => self.copied.push(text),
                // The network sync is covered end to end in tests/it/tui_e2e.rs.
                Effect::Sync => self.syncs += 1,
                Effect::MarkAllRead(job, at) => {
                    let (state, _) = mark_all_read(&self.store, &job, at).expect("marked read");
                    let more = update(&mut self.app, Event::Library(state), self.now);
                    self.run_effects(more);
                }
                Effect::RestartWorker => self.worker_restarts += 1,
                Effect::OpenText { id, .. } if self.hold_texts => self.held_texts.push(id),
                Effect::OpenText { id, .. } => self.answer_text(&id),
                Effect::SavePosition { id, position } => {
                    let said = text_work::save_position(&self.store, &id, position);
                    self.saved_positions.push((id, position));
                    if let Some(status) = said {
                        let more = update(&mut self.app, Event::Status(status), self.now);
                        self.run_effects(more);
                    }
                }
                Effect::FetchPdf { id } => self.pdf_fetches.push(id),
                Effect::EditNoteInEditor { id, note } => self.editor_requests.push((id, note)),
                Effect::Explain { id } => {
                    self.explained.push(id.clone());
                    if let Some(reason) = self.taste.explain(&self.store, &id) {
                        let more = update(&mut self.app, Event::TasteReason(reason), self.now);
                        self.run_effects(more);
                    }
                }
                Effect::CountWatches => {
                    let counted = folio::watch_counts::count_watches(&self.store)
                        .map(|(_, counts)| counts)
                        .map_err(|e| e.to_string());
                    let more = update(&mut self.app, Event::WatchCounts(counted), self.now);
                    self.run_effects(more);
                }
            }
        }
        load_visible_rows(&mut self.app);
        if let Some(effect) = folio::tui::for_you::ask_reason(&mut self.app) {
            self.run_effects(vec![effect]);
        }
    }

    /// Trains the model the last search asked for, as the training thread
    /// does, and tells the reader; false when no training was asked for.
    pub fn learn_taste(&mut self) -> bool {
        let Some(request) = self.wanted_training.take() else {
            return false;
        };
        let news = self.taste.train(&self.store, request);
        self.send(Event::TasteLearned(news));
        true
    }

    /// Loads paper `id`'s text as the worker does and feeds the answer back.
    pub fn answer_text(&mut self, id: &str) {
        let options = FetchOptions {
            base_url: NOWHERE.into(),
            settings: HttpSettings {
                connect_timeout: std::time::Duration::from_secs(2),
                read_timeout: std::time::Duration::from_secs(2),
                retry: RetryPolicy {
                    attempts: 1,
                    ..RetryPolicy::default()
                },
            },
        };
        let width = folio::tui::text_view::column_width(self.app.size);
        for event in text_work::load_text(&self.store, &options, id, width, &mut |_| {}) {
            let more = update(&mut self.app, event, self.now);
            self.run_effects(more);
        }
    }

    /// Answers every text held back (see `hold_texts`).
    pub fn answer_held_texts(&mut self) {
        for id in std::mem::take(&mut self.held_texts) {
            self.answer_text(&id);
        }
    }

    /// Keeps `document` as paper `id`'s converted text, as a fetch would.
    pub fn keep_document(&self, id: &str, document: &Document) {
        let dir = self.store.fulltext().paper_dir(id);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("document.json"),
            serde_json::to_vec(document).unwrap(),
        )
        .unwrap();
    }

    pub fn key_event(&mut self, code: KeyCode, modifiers: KeyModifiers) -> Vec<Effect> {
        self.send(Event::Key(KeyEvent::new(code, modifiers)))
    }

    /// A plain key (shifted letters come as their capital).
    pub fn key(&mut self, code: KeyCode) -> Vec<Effect> {
        let modifiers = match code {
            KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        self.key_event(code, modifiers)
    }

    pub fn ch(&mut self, c: char) -> Vec<Effect> {
        self.key(KeyCode::Char(c))
    }

    pub fn ctrl(&mut self, c: char) -> Vec<Effect> {
        self.key_event(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    /// Types each character of `text`; returns all effects, in order.
    pub fn type_text(&mut self, text: &str) -> Vec<Effect> {
        text.chars().flat_map(|c| self.ch(c)).collect()
    }

    /// Runs a query as a user does: `/`, the words, Enter.
    pub fn search_for(&mut self, query: &str) {
        self.ch('/');
        self.type_text(query);
        self.key(KeyCode::Enter);
    }

    pub fn mouse(&mut self, kind: MouseEventKind, column: u16, row: u16) -> Vec<Effect> {
        self.send(Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }))
    }

    pub fn click(&mut self, column: u16, row: u16) -> Vec<Effect> {
        self.mouse(MouseEventKind::Down(MouseButton::Left), column, row)
    }

    /// Adds watches (`name`, `query`) to the library and tells the reader,
    /// as the worker's poll would.
    pub fn add_watches(&mut self, watches: &[(&str, &str)]) {
        let now = chrono::Utc::now();
        let state = self
            .store
            .library()
            .update(|s| {
                for (name, query) in watches {
                    s.add_watch(name, query, Vec::new(), now).unwrap();
                }
                s.clone()
            })
            .unwrap();
        self.send(Event::Library(state));
    }

    /// The id of the selected paper (loading it if needed).
    pub fn selected_id(&mut self) -> String {
        load_visible_rows(&mut self.app);
        self.app
            .selected_row()
            .expect("a selected row")
            .paper
            .id
            .as_str()
            .to_string()
    }

    /// Moves the selection onto the paper with `id`, with `j` presses.
    pub fn select_id(&mut self, id: &str) {
        self.ch('g');
        for _ in 0..self.app.results.len() {
            if self.selected_id() == id {
                return;
            }
            self.ch('j');
        }
        panic!("paper {id} is not in the results");
    }

    /// Moves the selection onto the paper titled `title`.
    pub fn select_title(&mut self, title: &str) {
        self.ch('g');
        for _ in 0..self.app.results.len() {
            load_visible_rows(&mut self.app);
            if self.app.selected_row().expect("a row").paper.title == title {
                return;
            }
            self.ch('j');
        }
        panic!("no paper titled {title} in the results");
    }

    /// Draws the screen on a test terminal the size of the app.
    pub fn render(&mut self) -> Terminal<TestBackend> {
        let (width, height) = self.app.size;
        self.render_at(width, height)
    }

    /// Resizes to `width`×`height` (as the terminal would report) and draws.
    pub fn render_at(&mut self, width: u16, height: u16) -> Terminal<TestBackend> {
        if self.app.size != (width, height) {
            self.send(Event::Resize(width, height));
        }
        load_visible_rows(&mut self.app);
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
        terminal
            .draw(|frame| ui::draw(frame, &self.app))
            .expect("the frame draws");
        terminal
    }
}

/// Saves a library change the way the reader's worker does and returns the
/// saved state.
pub fn apply_library_op(
    store: &Store,
    op: &LibraryOp,
    at: chrono::DateTime<chrono::Utc>,
) -> folio::library::UserState {
    store
        .library()
        .update(|state| {
            op.apply(state, at);
            state.clone()
        })
        .expect("the library saves")
}

/// The text of screen row `y`, one character per cell (wide characters'
/// trailing cells are skipped, as a terminal shows them).
pub fn row_text(terminal: &Terminal<TestBackend>, y: u16) -> String {
    let buffer = terminal.backend().buffer();
    (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol())
        .collect()
}

/// Every screen row, for searching the screen in assertions.
pub fn screen_rows(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let height = terminal.backend().buffer().area.height;
    (0..height).map(|y| row_text(terminal, y)).collect()
}
