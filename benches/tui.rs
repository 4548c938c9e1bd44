//! The reader's speed targets (see BENCHMARKS.md), measured on the real
//! state, update and drawing code with ratatui's `TestBackend`:
//!
//! - drawing a full 120×40 frame (list and detail pane) over a result set of
//!   1,000,000 papers: at most 1 ms;
//! - a key press while typing a query over 100,000 papers, until the next
//!   frame: at most 16 ms at p99. The reader searches on its worker thread,
//!   so the next frame (the typed character, the previous results) needs only
//!   update, row loading and drawing; also measured is the stricter key press
//!   until the frame showing that query's first screenful of results
//!   (update, search for the first page, row loading, drawing).
//!
//! - typing a 20-character query at 10 keys per second against the real
//!   index worker (its own thread, as in the reader): each key press until
//!   the frame showing that query's first results, at most 16 ms at p99,
//!   and the last key press until the frame with the full result list and
//!   its count, at most 100 ms. A search still running when the next key
//!   comes is cancelled; a key whose results never showed counts as a miss.
//!
//! - opening the watches view (`W`) with 20 watches: one frame (the counts
//!   are kept ready by the worker, which counts off the UI thread; that
//!   count is measured too).
//!
//! - a paper's text (a 100-page document, 3,000 paragraphs): opening it
//!   (layout at 120 columns and the first frame) within one frame, 16 ms,
//!   and a scrolling key in the middle of it, to the next frame, well
//!   within one; also the layout alone and a search of the whole text.
//!
//! The million-row result set is built from a 100,000-paper index by listing
//! every paper ten times: drawing reads only the rows on screen, and what is
//! measured is that the virtual list does not care how long the set is.
//! `FOLIO_BENCH_PAPERS=20000 cargo bench --bench tui` runs on a smaller index,
//! `FOLIO_BENCH_PAPERS=1000000` on a million papers (built in a minute or
//! two); `FOLIO_BENCH_DATA_DIR=DIR` searches an existing data dir instead
//! (e.g. one `folio import` filled from `gen_corpus 1000000`), and
//! `FOLIO_BENCH_ONLY=typing` runs only the typing measurements.

// Cargo.toml denies these outside tests; here they are how a check fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use chrono::Utc;
use criterion::Criterion;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use folio::config::{Config, Paths};
use folio::fulltext::document::{BibEntry, Block, Document, Inline, Section};
use folio::fulltext::layout::layout;
use folio::index::Budget;
use folio::library::WatchSource;
use folio::store::Store;
use folio::synthetic;
use folio::tui::event::{Event, LoadedText, SearchOutcome};
use folio::tui::jobs::{Job, JobSender};
use folio::tui::keymap::Keymap;
use folio::tui::search::{run_search, run_search_scored};
use folio::tui::state::{App, Mode, Results};
use folio::tui::text_view::{TextView, column_width};
use folio::tui::update::{Effect, update};
use folio::tui::{load_visible_rows, ui};
use folio::watch_counts::count_watches;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

const DEFAULT_PAPERS: u64 = 100_000;
const RESULT_ROWS: usize = 1_000_000;
/// Queries typed key by key for the latency percentiles.
const TYPED_QUERIES: &[&str] = &[
    "neural network",
    "transformer attention",
    "quantum field theory",
    "graph neural",
    "diffusion models for images",
    "reinforcement learning",
];

/// Queries of 20 characters, typed at 10 keys per second.
const QUERIES_20: &[&str] = &[
    "graph neural network",
    "quantum field theory",
    "diffusion models for",
    "transformer attentio",
    "reinforcement learni",
    "language model agent",
];
/// The time between two keys at 10 keys per second.
const KEY_GAP: Duration = Duration::from_millis(100);
/// How long the last key may wait for the full list before the bench gives up.
const SETTLE: Duration = Duration::from_secs(10);

fn corpus_size() -> u64 {
    folio::synthetic::bench_papers(DEFAULT_PAPERS).unwrap_or_else(|e| panic!("{e}"))
}

/// The data dir to search instead of building one (`FOLIO_BENCH_DATA_DIR`).
fn existing_data_dir() -> Option<std::path::PathBuf> {
    std::env::var_os("FOLIO_BENCH_DATA_DIR").map(Into::into)
}

/// The store the bench searches: an existing data dir, or `count` papers
/// generated into a fresh one (kept alive by the returned directory).
fn bench_store(count: u64) -> (Option<TempDir>, Store) {
    match existing_data_dir() {
        Some(data_dir) => {
            let paths = Paths {
                config_file: data_dir.join("config.toml"),
                data_dir,
            };
            let store = Store::open(&paths).expect("the benchmark's data dir opens");
            eprintln!(
                "searching {}: {} papers",
                paths.data_dir.display(),
                store.index().searcher().num_docs()
            );
            (None, store)
        }
        None => {
            let (dir, store) = store_with(count);
            (Some(dir), store)
        }
    }
}

fn store_with(count: u64) -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let paths = Paths::in_dir(dir.path());
    let store = Store::open(&paths).expect("a fresh data dir opens");
    let started = Instant::now();
    store
        .import(synthetic::papers(count).map(Ok))
        .expect("generated papers import");
    eprintln!(
        "built the reader corpus: {count} papers in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    (dir, store)
}

/// Runs the app's effects the way the runtime does, but synchronously.
fn settle(app: &mut App, store: &Store, effects: Vec<Effect>) {
    for effect in effects {
        if let Effect::Search(job) = effect {
            let result = run_search(store, &job);
            let more = update(
                app,
                Event::Results(SearchOutcome {
                    seq: job.seq,
                    keep_selection: job.keep_selection,
                    result,
                }),
                Utc::now(),
            );
            settle(app, store, more);
        }
    }
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn bench_draw(c: &mut Criterion, store: &Store) {
    let user = store.library().load().expect("library loads");
    let mut app = App::new(Keymap::default(), user, (120, 40));
    let first = folio::tui::update::search(&mut app, false);
    settle(&mut app, store, vec![first]);
    // Every paper ten times over: a million rows for the virtual list.
    let set = app.results.set.take().expect("the first search answered");
    let sort = app.effective_sort();
    app.results = Results::new(app.results.seq, set.repeated(RESULT_ROWS), sort);
    // Somewhere in the middle, as after scrolling.
    app.selected = RESULT_ROWS / 2;
    app.offset = RESULT_ROWS / 2 - 10;
    load_visible_rows(&mut app);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    c.bench_function("draw/120x40_1M_results", |b| {
        b.iter(|| {
            terminal.draw(|f| ui::draw(f, &app)).expect("draws");
        })
    });
}

/// Latencies per key press: (to the next frame, to the frame with results).
fn typing_latencies(store: &Store) -> (Vec<Duration>, Vec<Duration>) {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    let mut echo = Vec::new();
    let mut results = Vec::new();
    for _round in 0..3 {
        for query in TYPED_QUERIES {
            let user = store.library().load().expect("library loads");
            let mut app = App::new(Keymap::default(), user, (120, 40));
            let first = folio::tui::update::search(&mut app, false);
            settle(&mut app, store, vec![first]);
            let effects = update(&mut app, key('/'), Utc::now());
            settle(&mut app, store, effects);
            for ch in query.chars() {
                let started = Instant::now();
                let effects = update(&mut app, key(ch), Utc::now());
                load_visible_rows(&mut app);
                terminal.draw(|f| ui::draw(f, &app)).expect("draws");
                echo.push(started.elapsed());
                // What the worker does next: the first page of this query.
                for effect in effects {
                    if let Effect::Search(job) = effect {
                        let first = Budget {
                            max_hits: job.first_page,
                            count: false,
                            cancel: None,
                        };
                        let result = run_search_scored(store, &job, first, |_, _| None);
                        let _ = update(
                            &mut app,
                            Event::Results(SearchOutcome {
                                seq: job.seq,
                                keep_selection: job.keep_selection,
                                result,
                            }),
                            Utc::now(),
                        );
                    }
                }
                load_visible_rows(&mut app);
                terminal.draw(|f| ui::draw(f, &app)).expect("draws");
                results.push(started.elapsed());
            }
        }
    }
    (echo, results)
}

/// What typing at 10 keys per second came to.
#[derive(Default)]
struct Typed {
    /// Per key: until the frame with that query's first results (a key
    /// never answered counts as the time until the next key, a miss).
    first: Vec<Duration>,
    /// The query as typed up to each key of `first`.
    typed_so_far: Vec<String>,
    /// Keys whose results never showed (a newer key cancelled them).
    missed: usize,
    /// Per query: the last key until the frame with the count of every match.
    counted: Vec<Duration>,
    /// Per query: the last key until the frame with the full list.
    full: Vec<Duration>,
}

/// Types each 20-character query at 10 keys per second into an app whose
/// searches run on the real worker thread, drawing a frame after each key
/// and after each answer, the way the reader's loop does.
fn typing_at_ten_keys_per_second(store: Arc<Store>, rounds: usize) -> Typed {
    let (tx, events) = mpsc::channel();
    let mut jobs = folio::tui::worker::spawn(store.clone(), Config::default(), tx, Arc::default())
        .expect("the worker starts");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    let mut typed = Typed::default();
    for _round in 0..rounds {
        for query in QUERIES_20 {
            let user = store.library().load().expect("library loads");
            let mut app = App::new(Keymap::default(), user, (120, 40));
            let first = folio::tui::update::search(&mut app, false);
            send_effects(&mut jobs, vec![first]);
            wait_for_full(&mut app, &events, &mut terminal, None);
            let effects = update(&mut app, key('/'), Utc::now());
            send_effects(&mut jobs, effects);
            wait_for_full(&mut app, &events, &mut terminal, None);
            let mut pressed_at = Instant::now();
            for (i, ch) in query.chars().enumerate() {
                let due = pressed_at + KEY_GAP;
                if i > 0 {
                    // Answers arriving until the next key is due.
                    let answered = draw_answers_until(&mut app, &events, &mut terminal, due);
                    match answered {
                        Some(at) => typed.first.push(at - pressed_at),
                        None => {
                            typed.missed += 1;
                            typed.first.push(due - pressed_at);
                        }
                    }
                    typed.typed_so_far.push(query.chars().take(i).collect());
                    std::thread::sleep(due.saturating_duration_since(Instant::now()));
                }
                pressed_at = Instant::now();
                let effects = update(&mut app, key(ch), Utc::now());
                send_effects(&mut jobs, effects);
                load_visible_rows(&mut app);
                terminal.draw(|f| ui::draw(f, &app)).expect("draws");
            }
            let last_key = pressed_at;
            let first_at = wait_for_first(&mut app, &events, &mut terminal);
            typed.first.push(first_at - last_key);
            typed.typed_so_far.push(query.to_string());
            let (counted_at, full_at) =
                wait_for_full(&mut app, &events, &mut terminal, Some(first_at));
            typed.counted.push(counted_at - last_key);
            typed.full.push(full_at - last_key);
        }
    }
    typed
}

fn send_effects(jobs: &mut JobSender, effects: Vec<Effect>) {
    for effect in effects {
        if let Effect::Search(job) = effect {
            jobs.send(Job::search(job)).expect("the worker runs");
        }
    }
}

/// Applies one worker event and draws the frame after it; true when it
/// was an answer to the app's current search.
fn apply(app: &mut App, terminal: &mut Terminal<TestBackend>, event: Event) -> bool {
    let current = matches!(&event, Event::Results(o) if o.seq == app.search_seq);
    let _ = update(app, event, Utc::now());
    load_visible_rows(app);
    terminal.draw(|f| ui::draw(f, app)).expect("draws");
    current
}

/// Draws answers until `due`; when the first answer to the current search
/// was drawn.
fn draw_answers_until(
    app: &mut App,
    events: &Receiver<Event>,
    terminal: &mut Terminal<TestBackend>,
    due: Instant,
) -> Option<Instant> {
    let mut first = None;
    while let Some(left) = due.checked_duration_since(Instant::now()) {
        let Ok(event) = events.recv_timeout(left) else {
            break;
        };
        if apply(app, terminal, event) && first.is_none() {
            first = Some(Instant::now());
        }
    }
    first
}

/// Draws answers until the first one to the current search is drawn.
fn wait_for_first(
    app: &mut App,
    events: &Receiver<Event>,
    terminal: &mut Terminal<TestBackend>,
) -> Instant {
    loop {
        let event = events.recv_timeout(SETTLE).expect("the worker answers");
        if apply(app, terminal, event) {
            return Instant::now();
        }
    }
}

/// Draws answers until the current search's full list is drawn; returns
/// when its count was drawn and when the full list was (`drawn`: when its
/// first answer was, the time to give for what that answer already had).
fn wait_for_full(
    app: &mut App,
    events: &Receiver<Event>,
    terminal: &mut Terminal<TestBackend>,
    drawn: Option<Instant>,
) -> (Instant, Instant) {
    let current = |app: &App| app.results.seq == app.search_seq && app.results.set.is_some();
    let counted = |app: &App| current(app) && !app.results.uncounted;
    let complete = |app: &App| counted(app) && app.results.len() >= app.results.total;
    let at = drawn.unwrap_or_else(Instant::now);
    let mut counted_at = counted(app).then_some(at);
    if complete(app) {
        return (at, at);
    }
    loop {
        let event = events.recv_timeout(SETTLE).expect("the worker answers");
        apply(app, terminal, event);
        if counted(app) {
            counted_at.get_or_insert_with(Instant::now);
        }
        if complete(app) {
            let now = Instant::now();
            return (counted_at.unwrap_or(now), now);
        }
    }
}

/// The watches of the benchmark: a word, less its surveys.
const WATCH_WORDS: [&str; 20] = [
    "diffusion",
    "network",
    "transformer",
    "graph",
    "quantum",
    "learning",
    "attention",
    "reinforcement",
    "image",
    "language",
    "model",
    "robot",
    "vision",
    "speech",
    "protein",
    "optimization",
    "generative",
    "federated",
    "causal",
    "sparse",
];

fn bench_watches(c: &mut Criterion, store: &Store) {
    let now = chrono::Utc::now();
    let user = store
        .library()
        .update(|state| {
            for word in WATCH_WORDS {
                let source = WatchSource::Arxiv(format!("abs:{word}"));
                state
                    .add_watch(word, &format!("{word} -survey"), vec![source], now)
                    .expect("a new watch");
            }
            state.clone()
        })
        .expect("the library saves");
    let mut app = App::new(Keymap::default(), user, (120, 40));
    let first = folio::tui::update::search(&mut app, false);
    settle(&mut app, store, vec![first]);
    let mut group = c.benchmark_group("watches");
    group.sample_size(20);
    group.bench_function("count_20_watches_on_the_worker", |b| {
        b.iter(|| count_watches(store).expect("counts"))
    });
    group.finish();
    app.watch_counts = Some(count_watches(store).expect("counts").1);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    c.bench_function("watches/open_view_20_watches_one_frame", |b| {
        b.iter(|| {
            let _ = update(&mut app, key('W'), Utc::now());
            terminal.draw(|f| ui::draw(f, &app)).expect("draws");
            app.mode = Mode::List;
        })
    });
}

/// Paragraphs in the 100-page paper: about 30 a page.
const PAPER_PARAGRAPHS: usize = 3_000;

/// A 100-page paper: 20 sections of 5 subsections of 30 paragraphs (with
/// citations, formulas and links), an equation and a lemma in each
/// subsection, and 200 references.
fn hundred_page_paper() -> Document {
    let sentence =
        "The proposed estimator converges at the optimal rate under mild assumptions on the data.";
    let paragraph = |i: usize| Block::Paragraph {
        inlines: vec![
            Inline::Text {
                text: format!("{i}. {sentence} {sentence} "),
            },
            Inline::Citation {
                label: (i % 200 + 1).to_string(),
                targets: vec![],
            },
            Inline::Text {
                text: format!(" shows that {sentence} Moreover "),
            },
            Inline::Math {
                text: "‖x − y‖₂ ≤ ε".into(),
            },
            Inline::Text {
                text: format!(", and {sentence} {sentence}"),
            },
        ],
    };
    let per_subsection = PAPER_PARAGRAPHS / 100;
    let sections = (1..=20)
        .map(|s| Section {
            level: 1,
            number: Some(s.to_string()),
            title: format!("Section {s}"),
            children: (1..=5)
                .map(|ss| {
                    let first = ((s - 1) * 5 + ss - 1) * per_subsection;
                    let mut blocks: Vec<Block> =
                        (first..first + per_subsection).map(paragraph).collect();
                    blocks.insert(
                        3,
                        Block::Equation {
                            text: "f(x) = Σᵢ wᵢ φ(x − xᵢ)".into(),
                            number: Some(format!("({s}.{ss})")),
                        },
                    );
                    blocks.insert(
                        6,
                        Block::Theorem {
                            kind: "lemma".into(),
                            label: format!("Lemma {s}.{ss}"),
                            blocks: vec![paragraph(first)],
                        },
                    );
                    Section {
                        level: 2,
                        number: Some(format!("{s}.{ss}")),
                        title: format!("Subsection {s}.{ss}"),
                        blocks,
                        ..Section::default()
                    }
                })
                .collect(),
            ..Section::default()
        })
        .collect();
    Document {
        title: "A Hundred Pages of Estimators".into(),
        authors: vec!["A. Author".into(); 5],
        sections,
        bibliography: (1..=200)
            .map(|i| BibEntry {
                id: format!("bib.bib{i}"),
                label: i.to_string(),
                text: format!("A. Author and B. Author. Paper number {i}. Journal, 2020."),
                links: vec![format!("https://doi.org/10.1000/{i}")],
            })
            .collect(),
        ..Document::default()
    }
}

fn bench_text(c: &mut Criterion) {
    let document = Arc::new(hundred_page_paper());
    let lines = layout(&document, 120).lines.len();
    eprintln!("text: the 100-page paper is {lines} lines at 120 columns");
    let mut group = c.benchmark_group("text");
    group.sample_size(20);
    group.bench_function("layout_100_pages_120_columns", |b| {
        b.iter(|| layout(&document, 120))
    });
    let mut app = App::new(Keymap::default(), Default::default(), (122, 40));
    let mut terminal = Terminal::new(TestBackend::new(122, 40)).expect("a test terminal");
    // The worker lays the text out (measured above); the UI thread opens
    // it laid out and draws the first frame.
    let loaded = LoadedText {
        layout: Arc::new(layout(&document, column_width(app.size))),
        document: document.clone(),
    };
    group.bench_function("open_100_pages_first_frame", |b| {
        b.iter(|| {
            app.text = Some(TextView::open(
                "p".into(),
                loaded.clone(),
                None,
                app.size,
                false,
            ));
            app.mode = Mode::Text;
            terminal.draw(|f| ui::draw(f, &app)).expect("draws");
        })
    });
    let view = app.text.as_mut().expect("opened");
    view.top = view.layout.lines.len() / 2;
    group.bench_function("search_whole_text", |b| {
        b.iter(|| app.text.as_mut().expect("opened").set_query("estimator"))
    });
    group.finish();
    let mut down = true;
    c.bench_function("text/scroll_key_to_next_frame_middle", |b| {
        b.iter(|| {
            let _ = update(&mut app, key(if down { 'j' } else { 'k' }), Utc::now());
            down = !down;
            terminal.draw(|f| ui::draw(f, &app)).expect("draws");
        })
    });
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn report(what: &str, mut latencies: Vec<Duration>, papers: u64, target: &str) {
    latencies.sort();
    eprintln!(
        "typing/{what} ({} over {papers} papers): median {:.2} ms, p99 {:.2} ms, max {:.2} ms (target: {target})",
        latencies.len(),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(*latencies.last().expect("keys were typed")),
    );
}

/// The keys that waited longest for their first results, with the query
/// as it stood: where to look next.
fn slowest_keys(latencies: &[Duration], typed_so_far: &[String], count: usize) {
    let mut keys: Vec<(Duration, &str)> = latencies
        .iter()
        .copied()
        .zip(typed_so_far.iter().map(String::as_str))
        .collect();
    keys.sort_by_key(|&(latency, _)| std::cmp::Reverse(latency));
    let listed: Vec<String> = keys
        .iter()
        .take(count)
        .map(|(latency, query)| format!("{:.1} ms `{query}`", ms(*latency)))
        .collect();
    eprintln!(
        "typing/10_keys_per_second: slowest keys: {}",
        listed.join(", ")
    );
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    let only_typing = std::env::var("FOLIO_BENCH_ONLY").is_ok_and(|v| v == "typing");
    if !only_typing {
        bench_text(&mut criterion);
    }
    let (_dir, store) = bench_store(corpus_size());
    let papers = store.index().searcher().num_docs();
    if !only_typing {
        bench_draw(&mut criterion, &store);
    }
    let (echo, results) = typing_latencies(&store);
    report("keypress_to_next_frame", echo, papers, "p99 <= 16 ms");
    report(
        "keypress_to_results_frame_synchronous",
        results,
        papers,
        "p99 <= 16 ms",
    );
    let store = Arc::new(store);
    let typed = typing_at_ten_keys_per_second(store.clone(), 3);
    let keys = typed.first.len();
    slowest_keys(&typed.first, &typed.typed_so_far, 8);
    report(
        "10_keys_per_second/keypress_to_first_results_frame",
        typed.first,
        papers,
        "p99 <= 16 ms",
    );
    eprintln!(
        "typing/10_keys_per_second: {} of {keys} keys never showed their results (a newer key came first)",
        typed.missed
    );
    report(
        "10_keys_per_second/last_key_to_count_frame",
        typed.counted,
        papers,
        "<= 100 ms",
    );
    report(
        "10_keys_per_second/last_key_to_full_list_frame",
        typed.full,
        papers,
        "(the rest, later)",
    );
    if !only_typing {
        bench_watches(&mut criterion, &store);
    }
    criterion.final_summary();
}
