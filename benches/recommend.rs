//! The "for you" speed targets (issue 12), measured on a generated corpus of
//! 100,000 papers (`FOLIO_BENCH_PAPERS` to change it) with 200 bookmarks and
//! 20 dismissals: training ≤ 300 ms, scoring and ranking everything
//! ≤ 100 ms, and `folio recommend` as a whole process ≤ 500 ms.
//!
//! The library: the user follows quantum physics and string theory, so the
//! bookmarks are the first 200 papers (in generation order) listing
//! `quant-ph` or `hep-th` among their categories; the 20 dismissals are the
//! first 20 papers listing `cs.CV` and neither of those. Everything is
//! deterministic, so two runs train the same model.
//!
//! Groups: `recommend/train` (`Model::train` on the live searcher, no
//! cache), `recommend/score_all`, `recommend/rank` (the top 20 of the
//! candidates query by the scores), `recommend/score_and_rank` (both, what
//! "scoring and ranking everything" means), `recommend/explain_20` (20
//! papers), and `recommend/cli_cold` / `recommend/cli_warm`: the whole
//! `folio recommend --limit 20` process, without and with the cached model.
//!
//! `FOLIO_BENCH_PAPERS=20000 cargo bench --bench recommend` runs on a smaller corpus.

// Cargo.toml denies these outside tests; here they are how a check fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use criterion::{Criterion, SamplingMode};
use folio::config::Paths;
use folio::index::Sort;
use folio::recommend::features::Analyzers;
use folio::recommend::taste::{Request, candidates_query, taste_of};
use folio::recommend::{Model, TrainOptions};
use folio::store::Store;
use folio::synthetic;
use tempfile::TempDir;

const DEFAULT_PAPERS: u64 = 100_000;
const BOOKMARKS: usize = 200;
const DISMISSALS: usize = 20;
/// The categories the user follows, and one they do not care for.
const FOLLOWED: [&str; 2] = ["quant-ph", "hep-th"];
const DISLIKED: &str = "cs.CV";
const TOP: usize = 20;

fn corpus_size() -> u64 {
    folio::synthetic::bench_papers(DEFAULT_PAPERS).unwrap_or_else(|e| panic!("{e}"))
}

/// A data dir with `count` generated papers, 200 bookmarks and 20 dismissals.
fn build_store(count: u64) -> (TempDir, Paths, Store) {
    let dir = tempfile::tempdir().expect("a temporary directory can be created");
    let paths = Paths::in_dir(dir.path());
    let store = Store::open(&paths).expect("a fresh data dir opens");
    let start = Instant::now();
    store
        .import(synthetic::papers(count).map(Ok))
        .expect("generated papers import");
    let imported = start.elapsed();

    let mut kept = Vec::new();
    let mut dismissed = Vec::new();
    for paper in synthetic::papers(count) {
        let follows = paper
            .categories
            .iter()
            .any(|c| FOLLOWED.contains(&c.as_str()));
        if follows && kept.len() < BOOKMARKS {
            kept.push(paper.id.as_str().to_string());
        } else if !follows
            && dismissed.len() < DISMISSALS
            && paper.categories.iter().any(|c| c == DISLIKED)
        {
            dismissed.push(paper.id.as_str().to_string());
        }
        if kept.len() == BOOKMARKS && dismissed.len() == DISMISSALS {
            break;
        }
    }
    let now = Utc::now();
    store
        .library()
        .update(|state| {
            for id in &kept {
                state.bookmark(id, now);
            }
            for id in &dismissed {
                state.dismiss(id, now).expect("a paper not bookmarked");
            }
        })
        .expect("the library is written");
    let index = store.index();
    println!(
        "built the corpus: {count} papers imported in {:.2} s, {} indexed, {} segments; \
         {} bookmarks ({}), {} dismissed ({DISLIKED})",
        imported.as_secs_f64(),
        index.paper_count(),
        index.searcher().segment_readers().len(),
        kept.len(),
        FOLLOWED.join(", "),
        dismissed.len(),
    );
    (dir, paths, store)
}

/// Runs `folio recommend --limit 20` on `data_dir`; panics unless it succeeds.
fn run_cli(data_dir: &Path, config: &Path, home: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["recommend", "--limit", "20", "--data-dir"])
        .arg(data_dir)
        .env("FOLIO_CONFIG", config)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("the folio binary runs");
    assert!(
        output.status.success(),
        "folio recommend failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::hint::black_box(output.stdout);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let count = corpus_size();
    let mut criterion = Criterion::default().configure_from_args();
    let (dir, paths, store) = build_store(count);

    let index = store.index();
    let searcher = index.searcher();
    let state = store.library().load().expect("the library loads");
    let (_, sets) = store.user_sets().expect("the library loads");
    let taste = taste_of(&state, None).expect("there are bookmarks");
    let options = TrainOptions::default();
    let body_of = |id: &str| store.fulltext().index_extras(id).body;
    let train =
        || Model::train(&index, &searcher, &taste, &options, &body_of).expect("the model trains");
    let request = Request {
        limit: TOP,
        ..Request::default()
    };
    let node = candidates_query(&request).expect("the candidates query builds");
    let rank = |scores: std::sync::Arc<folio::index::DocScores>| {
        let prepared = index
            .prepare_node(&searcher, node.clone(), Some(Sort::ForYou), &sets)
            .with_scores(scores);
        index
            .ranked(&searcher, &prepared, 0, TOP)
            .expect("the candidates rank")
    };

    // One untimed pass of each step, to say what the model is.
    let start = Instant::now();
    let mut model = train();
    let trained = start.elapsed();
    let start = Instant::now();
    let scores = std::sync::Arc::new(
        model
            .score_all(&searcher, index.fields())
            .expect("every paper scores"),
    );
    let scored = start.elapsed();
    let start = Instant::now();
    let (candidates, top) = rank(scores.clone());
    let ranked = start.elapsed();
    let cached = serde_json::to_vec(&model)
        .expect("the model serializes")
        .len();
    println!(
        "one pass: train {:.1} ms, score_all {:.1} ms, rank {:.1} ms | model: {} features \
         ({} non-zero), trained on {:?}, {:.1} MB as JSON | {candidates} candidates",
        ms(trained),
        ms(scored),
        ms(ranked),
        model.features.len(),
        model.weights.iter().filter(|w| **w != 0.0).count(),
        model.trained_on,
        cached as f64 / 1_000_000.0,
    );

    let mut group = criterion.benchmark_group("recommend");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("train", |b| b.iter_with_large_drop(train));
    group.bench_function("score_all", |b| {
        b.iter_with_large_drop(|| {
            model
                .score_all(&searcher, index.fields())
                .expect("every paper scores")
        })
    });
    group.bench_function("rank", |b| b.iter(|| rank(scores.clone())));
    group.bench_function("score_and_rank", |b| {
        b.iter(|| {
            let scores = model
                .score_all(&searcher, index.fields())
                .expect("every paper scores");
            rank(std::sync::Arc::new(scores))
        })
    });
    let papers: Vec<_> = top
        .iter()
        .map(|(_, address)| {
            (
                index
                    .paper_at(&searcher, *address)
                    .expect("ranked papers load"),
                *address,
            )
        })
        .collect();
    let mut analyzers = Analyzers::default();
    group.bench_function(format!("explain_{TOP}"), |b| {
        b.iter(|| {
            for (paper, address) in &papers {
                let because = model
                    .explain(
                        &searcher,
                        index.fields(),
                        &mut analyzers,
                        paper,
                        *address,
                        None,
                    )
                    .expect("papers explain");
                std::hint::black_box(because);
            }
        })
    });

    let data_dir = paths.data_dir.clone();
    let cache = data_dir.join("recommend");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("a home dir");
    group.bench_function("cli_cold", |b| {
        b.iter(|| {
            let _ = std::fs::remove_dir_all(&cache);
            run_cli(&data_dir, &paths.config_file, &home)
        })
    });
    run_cli(&data_dir, &paths.config_file, &home);
    assert!(cache.exists(), "the first run caches the model");
    group.bench_function("cli_warm", |b| {
        b.iter(|| run_cli(&data_dir, &paths.config_file, &home))
    });
    group.finish();
    criterion.final_summary();
    drop(store);
}
