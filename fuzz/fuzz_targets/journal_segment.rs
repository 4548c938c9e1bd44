//! Fuzzes the compressed journal segment reader (blocks, table, footer);
//! the checks live in `folio::ingest::fuzzing` so `fuzz/regressions`
//! replays them on stable.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    folio::ingest::fuzzing::run("journal_segment", data);
});
