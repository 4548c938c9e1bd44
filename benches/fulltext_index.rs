//! What indexing full texts costs searches (see BENCHMARKS.md): mixed
//! queries over 100,000 generated papers, timed one by one through the
//! store (as `folio search` runs them, snippets included) before and after
//! 1,000 of the papers get a full text of about 6,000 words; the target is
//! at most twice the p99. Also timed: indexing those 1,000 texts.
//!
//! The texts are written straight into the data dir as converted documents
//! (the converter has its own benchmark); `FOLIO_BENCH_PAPERS=20000` runs on
//! a smaller corpus.

// Cargo.toml denies these outside tests; here they are how a check fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::{Duration, Instant};

use folio::config::Paths;
use folio::index::SearchRequest;
use folio::store::Store;
use folio::synthetic::{self, Rng, document, word};

const DEFAULT_PAPERS: u64 = 100_000;
const FULL_TEXTS: u64 = 1_000;
const QUERIES: usize = 2_000;

/// Mixed one-, two- and three-word queries, as the core benchmark types.
fn queries() -> Vec<SearchRequest> {
    let mut rng = Rng::new(7);
    (0..QUERIES)
        .map(|i| {
            let words: Vec<String> = (0..=i % 3).map(|_| word(&mut rng)).collect();
            SearchRequest::new(words.join(" "))
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Median and p99 of the queries, in milliseconds.
fn time_queries(store: &Store, queries: &[SearchRequest]) -> (f64, f64) {
    let mut times: Vec<Duration> = queries
        .iter()
        .map(|q| {
            let start = Instant::now();
            std::hint::black_box(store.search(q).expect("generated queries run"));
            start.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    (ms(percentile(&times, 0.5)), ms(percentile(&times, 0.99)))
}

fn main() {
    let count = synthetic::bench_papers(DEFAULT_PAPERS).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(&Paths::in_dir(dir.path())).expect("a fresh data dir opens");
    let papers: Vec<_> = synthetic::papers(count).collect();
    let ids: Vec<String> = papers
        .iter()
        .step_by((count / FULL_TEXTS).max(1) as usize)
        .take(FULL_TEXTS as usize)
        .map(|p| p.id.as_str().to_string())
        .collect();
    store
        .import(papers.into_iter().map(Ok))
        .expect("generated papers import");
    let queries = queries();
    // Warm the caches the way a running reader has them.
    time_queries(&store, &queries[..200]);
    let (median_before, p99_before) = time_queries(&store, &queries);

    let mut rng = Rng::new(11);
    for id in &ids {
        let paper_dir = store.fulltext().paper_dir(id);
        std::fs::create_dir_all(&paper_dir).expect("a paper dir");
        std::fs::write(paper_dir.join("page.html"), "<html></html>").expect("a page");
        let json = serde_json::to_vec(&document(&mut rng)).expect("a document serializes");
        std::fs::write(paper_dir.join("document.json"), json).expect("a document");
    }
    let start = Instant::now();
    store.reindex_papers(&ids).expect("the texts are indexed");
    let indexing = start.elapsed();
    time_queries(&store, &queries[..200]);
    let (median_after, p99_after) = time_queries(&store, &queries);
    println!(
        "fulltext/index {} texts of {} words: {:.2} s",
        ids.len(),
        synthetic::DOCUMENT_WORDS,
        indexing.as_secs_f64()
    );
    println!(
        "fulltext/search over {count} papers ({QUERIES} mixed queries): without texts median {median_before:.3} ms, p99 {p99_before:.3} ms; with {} texts median {median_after:.3} ms, p99 {p99_after:.3} ms: p99 x{:.2} (target: at most x2)",
        ids.len(),
        p99_after / p99_before
    );
}
