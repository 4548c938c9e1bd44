//! Conversion time of a real arXiv HTML page (the shared `2501.11120v1`,
//! 0.7 MB: parsing with html5ever and the walk into folio's document). The
//! target is 50 ms, so opening a paper whose text was fetched but not yet
//! converted (or whose document format moved on) feels immediate.
//!
//! Skipped with a notice when `../shared/fixtures` is not beside the
//! repository. `cargo bench --bench fulltext`.

// Cargo.toml denies these outside tests; here they are how a check fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use folio::fulltext::convert::convert;

const PAGE: &str = "../shared/fixtures/arxiv-html-2501.11120v1.html";

fn bench(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(PAGE);
    let Ok(html) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return;
    };
    let url = "https://arxiv.org/html/2501.11120v1";
    let document = convert(&html, url).expect("the shared page converts");
    assert_eq!(document.bibliography.len(), 48, "the whole page converts");
    let mut group = c.benchmark_group("fulltext");
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Bytes(html.len() as u64));
    group.bench_function("convert_2501.11120v1", |b| b.iter(|| convert(&html, url)));
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
