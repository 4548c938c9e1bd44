//! Parse time of every import format at 10,000 and 100,000 entries, so a
//! parser whose cost grows faster than its input shows at a glance: the
//! per-entry time (criterion's element throughput) must stay flat from 10k
//! to 100k. Issue 9 found the Atom parser quadratic (40,000 entries took
//! 84 s); the acceptance line is Atom within 3x of JSON Lines per entry.
//!
//! Inputs are generated from `folio::synthetic` in memory; only parsing is
//! timed (no index, no journal). `cargo bench --bench ingest`.

// Cargo.toml denies these outside tests; here they are how a check fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::fmt::Write;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use folio::ingest::{Format, read_text};
use folio::model::Paper;
use folio::synthetic::{paper, snapshot_line};

const SIZES: [u64; 2] = [10_000, 100_000];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).expect("a valid day")
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An arXiv API answer with papers `0..count`, one element per line as the
/// API writes them.
fn atom_feed(count: u64) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:arxiv=\"http://arxiv.org/schemas/atom\">\n",
    );
    for i in 0..count {
        let p = paper(i);
        let id = p.arxiv_id.as_deref().unwrap_or("2401.00001");
        let day = p.published.unwrap_or(today());
        let _ = write!(
            out,
            "  <entry>\n    <id>http://arxiv.org/abs/{id}v1</id>\n    <updated>{day}T00:00:00Z</updated>\n    <published>{day}T00:00:00Z</published>\n    <title>{}</title>\n    <summary>{}</summary>\n",
            xml_escape(&p.title),
            xml_escape(&p.abstract_text)
        );
        for a in &p.authors {
            let _ = writeln!(
                out,
                "    <author>\n      <name>{}</name>\n    </author>",
                xml_escape(a)
            );
        }
        for (n, c) in p.categories.iter().enumerate() {
            if n == 0 {
                let _ = writeln!(out, "    <arxiv:primary_category term=\"{c}\"/>");
            }
            let _ = writeln!(out, "    <category term=\"{c}\"/>");
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// An arXiv announcement RSS feed (`rss.arxiv.org`) with papers `0..count`,
/// laid out as arXiv writes it: every fourth a replacement.
fn rss_feed(count: u64) -> String {
    let mut out = String::from(
        "<?xml version='1.0' encoding='UTF-8'?>\n<rss xmlns:arxiv=\"http://arxiv.org/schemas/atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" version=\"2.0\">\n  <channel>\n    <title>cs.CV, cs.LG updates on arXiv.org</title>\n    <link>http://rss.arxiv.org/rss/cs.CV+cs.LG</link>\n    <pubDate>Thu, 24 Sep 2026 00:00:00 -0400</pubDate>\n",
    );
    for i in 0..count {
        let p = paper(i);
        let id = p.arxiv_id.as_deref().unwrap_or("2401.00001");
        let (version, kind) = if i % 4 == 3 {
            (2, "replace")
        } else {
            (1, "new")
        };
        let _ = write!(
            out,
            "    <item>\n      <title>{}</title>\n      <link>https://arxiv.org/abs/{id}</link>\n      <description>arXiv:{id}v{version} Announce Type: {kind} \nAbstract: {}</description>\n      <guid isPermaLink=\"false\">oai:arXiv.org:{id}v{version}</guid>\n",
            xml_escape(&p.title),
            xml_escape(&p.abstract_text)
        );
        for c in &p.categories {
            let _ = writeln!(out, "      <category>{c}</category>");
        }
        let _ = write!(
            out,
            "      <pubDate>Thu, 24 Sep 2026 00:00:00 -0400</pubDate>\n      <arxiv:announce_type>{kind}</arxiv:announce_type>\n      <dc:creator>{}</dc:creator>\n    </item>\n",
            xml_escape(&p.authors.join(", "))
        );
    }
    out.push_str("  </channel>\n</rss>\n");
    out
}

/// A Hugging Face `daily_papers` answer with papers `0..count`.
fn hf_json(count: u64) -> String {
    let items: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            let p = paper(i);
            serde_json::json!({
                "paper": {
                    "id": p.arxiv_id,
                    "title": p.title,
                    "summary": p.abstract_text,
                    "authors": p.authors.iter().map(|a| serde_json::json!({"name": a})).collect::<Vec<_>>(),
                    "publishedAt": "2026-03-13T00:00:00.000Z",
                    "upvotes": i % 100,
                },
                "publishedAt": "2026-03-14T00:00:00.000Z",
                "numComments": i % 7,
            })
        })
        .collect();
    serde_json::to_string(&items).expect("JSON values serialize")
}

/// The HF papers page copied as text with papers `0..count`.
fn listing(count: u64) -> String {
    let mut out = String::from("Daily Papers\n\nMar 14\n\n");
    for i in 0..count {
        let p: Paper = paper(i);
        // The listing has no ids: make every title distinct.
        let _ = write!(out, "{} {i}\n\n{}\n\n", p.title, p.abstract_text);
    }
    out
}

fn jsonl(count: u64) -> String {
    let mut out = String::new();
    for i in 0..count {
        out.push_str(&snapshot_line(i));
        out.push('\n');
    }
    out
}

/// Makes an input of the given number of entries.
type Generator = fn(u64) -> String;

fn parse_all(format: Format, text: &str) -> usize {
    read_text(format, text, "bench", today())
        .expect("generated inputs parse")
        .filter(Result::is_ok)
        .count()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("ingest_parse");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(5));
    let formats: [(Format, Generator); 5] = [
        (Format::ArxivJsonl, jsonl),
        (Format::ArxivAtom, atom_feed),
        (Format::ArxivRss, rss_feed),
        (Format::Hf, hf_json),
        (Format::Listing, listing),
    ];
    for (format, make) in formats {
        for size in SIZES {
            let text = make(size);
            assert_eq!(
                parse_all(format, &text),
                size as usize,
                "{format}: every generated entry parses"
            );
            group.throughput(Throughput::Elements(size));
            group.bench_with_input(BenchmarkId::new(format.name(), size), &text, |b, text| {
                b.iter(|| parse_all(format, text))
            });
        }
    }
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
