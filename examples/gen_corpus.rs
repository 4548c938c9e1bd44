//! Writes a generated arXiv-snapshot-shaped corpus to a file, so imports of
//! any size can be tried by hand (`folio import out.jsonl`) without the real
//! 4.5 GB snapshot.
//!
//! Usage: `cargo run --release --example gen_corpus -- COUNT OUT.jsonl`

// Cargo.toml denies these outside tests; here they are how a check fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use folio::synthetic::snapshot_line;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (count, out) = match args.as_slice() {
        [count, out] => match count.replace('_', "").parse::<u64>() {
            Ok(count) => (count, PathBuf::from(out)),
            Err(_) => {
                eprintln!(
                    "error: `{count}` is not a paper count; give a whole number such as 100000"
                );
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!(
                "usage: gen_corpus COUNT OUT.jsonl (for example: gen_corpus 100000 corpus.jsonl)"
            );
            return ExitCode::from(2);
        }
    };
    match write_corpus(count, &out) {
        Ok(bytes) => {
            println!(
                "wrote {count} papers, {:.1} MB, to {}",
                bytes as f64 / 1_000_000.0,
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "error: could not write {}: {e}; check that its directory exists and is writable",
                out.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// Writes papers `0..count` as snapshot lines; returns the bytes written.
fn write_corpus(count: u64, out: &PathBuf) -> std::io::Result<u64> {
    let mut writer = BufWriter::with_capacity(1 << 20, File::create(out)?);
    let mut bytes = 0;
    for i in 0..count {
        let line = snapshot_line(i);
        writer.write_all(line.as_bytes())?;
        writer.write_all(b"\n")?;
        bytes += line.len() as u64 + 1;
    }
    writer.flush()?;
    Ok(bytes)
}
