//! What one harvested OAI-PMH page costs (see BENCHMARKS.md): `folio sync
//! arxiv-oai` imports each page of 1,000 records as its own all-or-nothing
//! write, so a page's parse plus import bounds how fast a harvest can go once
//! the network is out of the way. Timed here: 20 pages of 1,000 new records
//! each, parsed and imported one by one (as the harvest does, deletions
//! included) into a data dir that already holds 100,000 generated papers,
//! then 20 pages that revise papers it holds (a later, incremental harvest).
//! The target (issue: all of arXiv) is at most 100 ms a page.
//!
//! `cargo bench --bench oai`; `FOLIO_BENCH_PAPERS=20000` runs on a smaller
//! corpus.

// Cargo.toml denies these outside tests; here they are how a check fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::{Duration, Instant};

use folio::config::Paths;
use folio::ingest::oai::parse_page;
use folio::store::Store;
use folio::synthetic;

const DEFAULT_PAPERS: u64 = 100_000;
/// Records a page, as arXiv's OAI interface sends them.
const PAGE: u64 = 1_000;
const PAGES: u64 = 20;

/// Each page's time (parse and import) and its parse alone, each sorted.
struct Times {
    total: Vec<Duration>,
    parse: Vec<Duration>,
}

/// Parses and imports each page, as the harvest does.
fn import_pages(store: &Store, pages: &[String]) -> Times {
    let mut times = Times {
        total: Vec::new(),
        parse: Vec::new(),
    };
    for text in pages {
        let start = Instant::now();
        let page = parse_page(text, "bench").expect("a generated page parses");
        times.parse.push(start.elapsed());
        assert_eq!(page.papers.len() as u64, PAGE, "{:?}", page.skipped);
        store
            .import_and_remove(page.papers.into_iter().map(Ok), &page.deleted)
            .expect("a generated page imports");
        times.total.push(start.elapsed());
    }
    times.total.sort();
    times.parse.sort();
    times
}

fn report(what: &str, count: u64, times: &Times) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let median = |t: &[Duration]| ms(t[t.len() / 2]);
    println!(
        "oai/{what}: {PAGES} pages of {PAGE} records into {count} papers: median {:.1} ms (parse {:.1} ms), max {:.1} ms a page (target: at most 100 ms)",
        median(&times.total),
        median(&times.parse),
        ms(times.total[times.total.len() - 1]),
    );
}

fn main() {
    let count = synthetic::bench_papers(DEFAULT_PAPERS).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(&Paths::in_dir(dir.path())).expect("a fresh data dir opens");
    store
        .import(synthetic::papers(count).map(Ok))
        .expect("generated papers import");

    // New records: papers the data dir does not have yet.
    let new: Vec<String> = (0..PAGES)
        .map(|p| {
            let first = count + p * PAGE;
            synthetic::oai_page(first..first + PAGE, "2026-12-02", "next")
        })
        .collect();
    report("new", count, &import_pages(&store, &new));

    // Revised records: the same papers again, with their title changed, as
    // a harvest of the changes since the last one brings.
    let revised: Vec<String> = (0..PAGES)
        .map(|p| {
            let first = p * PAGE * (count / (PAGES * PAGE)).max(1);
            synthetic::oai_page(first..first + PAGE, "2026-12-03", "next")
                .replace("<title>", "<title>Revised: ")
        })
        .collect();
    report("revised", count, &import_pages(&store, &revised));
}
