//! The core speed targets of folio, measured where they belong: in a
//! benchmark, on a generated corpus the size of a real reader's library
//! (100,000 papers by default), never in timed tests that flake on busy CI.
//!
//! Targets (see BENCHMARKS.md): import ≥ 15,000 papers/s; search median
//! ≤ 2 ms and p99 ≤ 10 ms (top 20 hits with snippets); opening the index
//! ≤ 50 ms. Criterion reports means; the search percentiles are computed
//! here over a few thousand mixed queries, since criterion gives no p99.
//!
//! `FOLIO_BENCH_PAPERS=20000 cargo bench --bench core` runs on a smaller corpus.

// Cargo.toml denies these outside tests; here they are how a check fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput};
use folio::config::Paths;
use folio::index::query::UserSets;
use folio::index::{PaperIndex, SearchRequest};
use folio::model::Paper;
use folio::store::Store;
use folio::synthetic::{self, Rng, vocabulary};
use tempfile::TempDir;

const DEFAULT_PAPERS: u64 = 100_000;
/// Queries timed one by one for the percentiles.
const MIXED_QUERIES: usize = 2_000;
/// Distinct queries of each kind, cycled through so no single query dominates.
const QUERIES_PER_KIND: usize = 64;

fn corpus_size() -> u64 {
    folio::synthetic::bench_papers(DEFAULT_PAPERS).unwrap_or_else(|e| panic!("{e}"))
}

/// A store in a fresh temporary data dir (holding only the demo corpus).
fn fresh_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("a temporary directory can be created");
    let paths = Paths::in_dir(dir.path());
    let store = Store::open(&paths).expect("a fresh data dir opens");
    (dir, store)
}

fn generated(count: u64) -> Vec<Paper> {
    synthetic::papers(count).collect()
}

fn bench_import(c: &mut Criterion, count: u64) {
    let mut group = c.benchmark_group("import");
    group.throughput(Throughput::Elements(count));
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_millis(1));
    group.measurement_time(Duration::from_secs(5));
    group.bench_function(format!("{count}_papers"), |b| {
        b.iter_custom(|iters| {
            let mut timed = Duration::ZERO;
            for _ in 0..iters {
                let (dir, store) = fresh_store();
                let papers = generated(count);
                let start = Instant::now();
                store
                    .import(papers.into_iter().map(Ok))
                    .expect("generated papers import");
                timed += start.elapsed();
                drop(store);
                drop(dir);
            }
            timed
        })
    });
    group.finish();
}

/// The kinds of query a reader types, each with its own list of examples.
struct QueryKind {
    name: &'static str,
    requests: Vec<SearchRequest>,
}

fn word(rng: &mut Rng) -> String {
    let words = vocabulary();
    words[rng.zipf(words.len())].clone()
}

/// A word of at least six letters with two inner letters swapped.
fn typo(rng: &mut Rng) -> String {
    loop {
        let w = word(rng);
        if w.len() < 6 {
            continue;
        }
        let mut bytes = w.into_bytes();
        let at = 1 + rng.below(bytes.len() as u64 - 3) as usize;
        if bytes[at] == bytes[at + 1] {
            continue;
        }
        bytes.swap(at, at + 1);
        return String::from_utf8(bytes).expect("vocabulary words are ASCII");
    }
}

fn query_kinds() -> Vec<QueryKind> {
    let mut rng = Rng::new(2024);
    let mut kind = |name, make: &mut dyn FnMut(&mut Rng) -> SearchRequest| QueryKind {
        name,
        requests: (0..QUERIES_PER_KIND).map(|_| make(&mut rng)).collect(),
    };
    vec![
        kind("one_word", &mut |r| SearchRequest::new(word(r))),
        kind("two_words", &mut |r| {
            SearchRequest::new(format!("{} {}", word(r), word(r)))
        }),
        kind("three_words", &mut |r| {
            SearchRequest::new(format!("{} {} {}", word(r), word(r), word(r)))
        }),
        kind("typo", &mut |r| SearchRequest::new(typo(r))),
        kind("prefix", &mut |r| {
            let stem = word(r);
            let cut = stem.len().clamp(3, 5);
            SearchRequest {
                prefix: true,
                ..SearchRequest::new(format!("{} {}", word(r), &stem[..cut]))
            }
        }),
    ]
}

fn bench_search(c: &mut Criterion, store: &Store, kinds: &[QueryKind]) {
    let index = store.index();
    let user = UserSets::default();
    let mut group = c.benchmark_group("search");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    for kind in kinds {
        group.bench_function(kind.name, |b| {
            let mut next = 0;
            b.iter(|| {
                let request = &kind.requests[next % kind.requests.len()];
                next += 1;
                index.search(request, &user).expect("generated queries run")
            })
        });
    }
    group.finish();
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[rank]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Times mixed queries one by one and prints median, p99 and max, then
/// where the time of each kind goes (parse and compile, rank, load hits).
fn search_percentiles(store: &Store, kinds: &[QueryKind]) {
    let index = store.index();
    let user = UserSets::default();
    let mut all = Vec::with_capacity(MIXED_QUERIES);
    let mut per_kind: Vec<Vec<Duration>> = vec![Vec::new(); kinds.len()];
    for i in 0..MIXED_QUERIES {
        let k = i % kinds.len();
        let request = &kinds[k].requests[(i / kinds.len()) % QUERIES_PER_KIND];
        let start = Instant::now();
        let results = index.search(request, &user).expect("generated queries run");
        let elapsed = start.elapsed();
        std::hint::black_box(results);
        all.push(elapsed);
        per_kind[k].push(elapsed);
    }
    all.sort();
    println!(
        "search/mixed ({MIXED_QUERIES} queries): median {:.3} ms, p99 {:.3} ms, max {:.3} ms \
         (targets: median <= 2 ms, p99 <= 10 ms)",
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.99)),
        ms(*all.last().expect("queries ran")),
    );
    let searcher = index.searcher();
    for (kind, times) in kinds.iter().zip(&mut per_kind) {
        times.sort();
        let (mut prepare, mut rank, mut load, mut total_hits) =
            (Duration::ZERO, Duration::ZERO, Duration::ZERO, 0usize);
        for request in &kind.requests {
            let options = folio::index::query::ParseOptions {
                prefix_last: request.prefix,
            };
            let t0 = Instant::now();
            let prepared = index
                .prepare(&searcher, &request.query, options, request.sort, &user)
                .expect("generated queries parse");
            let t1 = Instant::now();
            let (total, ranked) = index
                .ranked(&searcher, &prepared, request.offset, request.limit)
                .expect("generated queries rank");
            let t2 = Instant::now();
            let mut highlighter = prepared.highlighter();
            for (score, addr) in ranked {
                let hit = index
                    .hit(
                        &searcher,
                        &mut highlighter,
                        addr,
                        score,
                        request.snippet_chars,
                    )
                    .expect("hits load");
                std::hint::black_box(hit);
            }
            let t3 = Instant::now();
            prepare += t1 - t0;
            rank += t2 - t1;
            load += t3 - t2;
            total_hits += total;
        }
        let n = kind.requests.len() as u32;
        println!(
            "search/{:<11} median {:.3} ms, p99 {:.3} ms | mean: prepare {:.3} ms, rank {:.3} ms, \
             load 20 hits {:.3} ms | mean matches {}",
            kind.name,
            ms(percentile(times, 0.5)),
            ms(percentile(times, 0.99)),
            ms(prepare / n),
            ms(rank / n),
            ms(load / n),
            total_hits / kind.requests.len(),
        );
    }
}

fn bench_open(c: &mut Criterion, store: &Store) {
    let dir = store.index().dir().to_path_buf();
    let records = store.journal().reader();
    let mut group = c.benchmark_group("open_index");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("open_or_create", |b| {
        b.iter_with_large_drop(|| {
            PaperIndex::open_or_create(&dir, records.clone()).expect("the built index opens")
        })
    });
    group.finish();
}

fn main() {
    let count = corpus_size();
    let mut criterion = Criterion::default().configure_from_args();

    bench_import(&mut criterion, count);

    let (_dir, store) = fresh_store();
    let papers = generated(count);
    let start = Instant::now();
    store
        .import(papers.into_iter().map(Ok))
        .expect("generated papers import");
    let took = start.elapsed();
    let index = store.index();
    println!(
        "built the search corpus: {count} papers in {:.2} s ({:.0} papers/s), {} papers indexed, \
         {} segments, {:.1} MB on disk",
        took.as_secs_f64(),
        count as f64 / took.as_secs_f64(),
        index.paper_count(),
        index.searcher().segment_readers().len(),
        index.size_on_disk() as f64 / 1_000_000.0,
    );

    let kinds = query_kinds();
    bench_search(&mut criterion, &store, &kinds);
    search_percentiles(&store, &kinds);
    bench_open(&mut criterion, &store);

    criterion.final_summary();
}
