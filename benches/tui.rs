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
//! `FOLIO_BENCH_PAPERS=20000 cargo bench --bench tui` runs on a smaller index.

// Cargo.toml denies these outside tests; here they are how a check fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use criterion::Criterion;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use folio::config::Paths;
use folio::fulltext::document::{BibEntry, Block, Document, Inline, Section};
use folio::fulltext::layout::layout;
use folio::library::WatchSource;
use folio::store::Store;
use folio::synthetic;
use folio::tui::event::{Event, LoadedText, SearchOutcome};
use folio::tui::keymap::Keymap;
use folio::tui::search::{FIRST_PAGE, run_search, run_search_page};
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

fn corpus_size() -> u64 {
    folio::synthetic::bench_papers(DEFAULT_PAPERS).unwrap_or_else(|e| panic!("{e}"))
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
                        let result = run_search_page(store, &job, FIRST_PAGE);
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

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    bench_text(&mut criterion);
    let (_dir, store) = store_with(corpus_size());
    bench_draw(&mut criterion, &store);
    let (mut echo, mut results) = typing_latencies(&store);
    echo.sort();
    results.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    for (what, latencies) in [
        ("keypress_to_next_frame", &echo),
        ("keypress_to_results_frame", &results),
    ] {
        eprintln!(
            "typing/{what} ({} keys over {} papers): median {:.2} ms, p99 {:.2} ms, max {:.2} ms (target: p99 <= 16 ms)",
            latencies.len(),
            corpus_size(),
            ms(percentile(latencies, 0.5)),
            ms(percentile(latencies, 0.99)),
            ms(*latencies.last().expect("keys were typed")),
        );
    }
    bench_watches(&mut criterion, &store);
    criterion.final_summary();
}
