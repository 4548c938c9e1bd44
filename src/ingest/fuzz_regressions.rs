//! Replays every input the fuzzers ever found a problem with (the files
//! under `fuzz/regressions/<target>/`) through the same code the fuzz target
//! runs, so each fixed crash, hang or broken invariant stays fixed on stable
//! Rust, in the ordinary `cargo test`, without the fuzzers or nightly.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::fuzzing;

/// Targets whose fuzzing found something: each must keep at least one
/// regression input, so deleting the directory cannot silently pass.
const FOUND_SOMETHING: &[&str] = &["detect", "hf_json", "jsonl", "query"];

/// No regression input may take longer than this (the fuzzers ran with
/// `-timeout=5`; a debug build is slower, hence the margin).
const SLOW: Duration = Duration::from_secs(20);

fn regressions() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions")
}

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = regressions().join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a readable directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_regression_input_replays_cleanly() {
    let root = regressions();
    assert!(
        root.is_dir(),
        "{} is missing; it holds the inputs the fuzzers found problems with",
        root.display()
    );
    for entry in std::fs::read_dir(&root).expect("fuzz/regressions is readable") {
        let path = entry.expect("a readable directory entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        assert!(
            fuzzing::TARGETS.contains(&name),
            "{} is not named after a fuzz target ({:?})",
            path.display(),
            fuzzing::TARGETS
        );
    }
    for target in fuzzing::TARGETS {
        let files = inputs(target);
        if FOUND_SOMETHING.contains(&target) {
            assert!(
                !files.is_empty(),
                "fuzz/regressions/{target}/ is missing or empty, but fuzzing `{target}` found problems whose inputs belong there"
            );
        }
        for file in files {
            let data = std::fs::read(&file).expect("a readable regression input");
            let started = Instant::now();
            assert!(fuzzing::run(target, &data));
            let took = started.elapsed();
            assert!(
                took < SLOW,
                "{} took {took:?}: a slow input is back",
                file.display()
            );
        }
    }
}

#[test]
fn an_unknown_target_is_refused() {
    assert!(!fuzzing::run("nonsense", b""));
}
