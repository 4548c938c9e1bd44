//! Loading 20 hits from the journal, compressed against plain (issue: all of
//! arXiv asks for a smaller journal "with loading 20 hits not slower than
//! today"). The same generated papers (100,000 by default,
//! `FOLIO_BENCH_PAPERS` to change it) are written once as a plain segment,
//! the way folio wrote them before (one JSON line each, read back with one
//! positioned read), and once compressed (4 KB zstd blocks with a trained
//! dictionary); then 20 papers at random places are read back and parsed.
//!
//! Groups: `load_20/plain` and `load_20/compressed` with a reader kept
//! between rounds (as the reader's worker keeps it), and
//! `load_20/compressed_fresh` with a new reader each round, so opening the
//! segment and loading its dictionary count too (as in a `folio search`
//! process). Sizes on disk are printed.
//!
//! `cargo bench --bench journal_read`

// Cargo.toml denies these outside tests; here they are how a check fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::Write;

use criterion::Criterion;
use folio::journal::{Journal, Locator};
use folio::synthetic::{self, Rng};

const DEFAULT_PAPERS: u64 = 100_000;
const HITS: usize = 20;

/// Writes the papers as a plain segment; returns where each line is.
fn write_plain(dir: &std::path::Path, papers: &[folio::model::Paper]) -> Vec<Locator> {
    let file = std::fs::File::create(dir.join("00000001.jsonl")).unwrap();
    let mut out = std::io::BufWriter::new(file);
    let mut offset = 0;
    let mut at = Vec::with_capacity(papers.len());
    for paper in papers {
        let line = serde_json::to_string(paper).unwrap();
        at.push(Locator {
            seq: 1,
            offset,
            inner: 0,
            len: line.len() as u32,
        });
        out.write_all(line.as_bytes()).unwrap();
        out.write_all(b"\n").unwrap();
        offset += line.len() as u64 + 1;
    }
    out.flush().unwrap();
    at
}

fn write_compressed(journal: &Journal, papers: &[folio::model::Paper]) -> Vec<Locator> {
    let mut segment = journal.begin().unwrap();
    let at = papers.iter().map(|p| segment.append(p).unwrap()).collect();
    segment.finish().unwrap();
    at
}

fn main() {
    let count = synthetic::bench_papers(DEFAULT_PAPERS).unwrap_or_else(|e| panic!("{e}"));
    let papers: Vec<_> = synthetic::papers(count).collect();
    let plain_dir = tempfile::tempdir().unwrap();
    let plain = Journal::open(plain_dir.path()).unwrap();
    let plain_at = write_plain(plain_dir.path(), &papers);
    let compressed_dir = tempfile::tempdir().unwrap();
    let compressed = Journal::open(compressed_dir.path()).unwrap();
    let compressed_at = write_compressed(&compressed, &papers);
    println!(
        "journal_read: {count} papers: plain {:.1} MB, compressed {:.1} MB",
        plain.total_bytes().unwrap() as f64 / 1e6,
        compressed.total_bytes().unwrap() as f64 / 1e6
    );
    // The same random papers for both.
    let mut rng = Rng::new(0x20_4175);
    let picks: Vec<Vec<usize>> = (0..512)
        .map(|_| (0..HITS).map(|_| rng.below(count) as usize).collect())
        .collect();

    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("load_20");
    let mut round = 0;
    let plain_reader = plain.reader();
    group.bench_function("plain", |b| {
        b.iter(|| {
            round = (round + 1) % picks.len();
            for &i in &picks[round] {
                std::hint::black_box(plain_reader.paper(plain_at[i]).unwrap());
            }
        })
    });
    let reader = compressed.reader();
    group.bench_function("compressed", |b| {
        b.iter(|| {
            round = (round + 1) % picks.len();
            for &i in &picks[round] {
                std::hint::black_box(reader.paper(compressed_at[i]).unwrap());
            }
        })
    });
    group.bench_function("compressed_fresh", |b| {
        b.iter(|| {
            round = (round + 1) % picks.len();
            let reader = compressed.reader();
            for &i in &picks[round] {
                std::hint::black_box(reader.paper(compressed_at[i]).unwrap());
            }
        })
    });
    group.finish();
    criterion.final_summary();
}
