//! Fuzzes the arXiv JSON Lines reader (arbitrary bytes, invalid UTF-8 included); the checks live in
//! `folio::ingest::fuzzing` so `fuzz/regressions` replays them on stable.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    folio::ingest::fuzzing::run("jsonl", data);
});
