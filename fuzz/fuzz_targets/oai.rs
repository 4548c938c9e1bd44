//! Fuzzes the arXiv OAI-PMH `ListRecords` page parser; the checks live in
//! `folio::ingest::fuzzing` so `fuzz/regressions` replays them on stable.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    folio::ingest::fuzzing::run("oai", data);
});
