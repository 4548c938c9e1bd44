//! How many generated papers a benchmark runs on: `FOLIO_BENCH_PAPERS`
//! (`20000` or `20_000`) when set, else the benchmark's own default, so every
//! benchmark reads the variable the same way and says the same thing about a
//! bad value.

/// The variable that sets the corpus size of every benchmark.
pub const BENCH_PAPERS_VAR: &str = "FOLIO_BENCH_PAPERS";

/// The paper count `FOLIO_BENCH_PAPERS` asks for, or `default` when it is
/// not set; what is wrong with a value that is not a count.
pub fn bench_papers(default: u64) -> Result<u64, String> {
    match std::env::var(BENCH_PAPERS_VAR) {
        Ok(value) => value.replace('_', "").parse().map_err(|_| {
            format!(
                "{BENCH_PAPERS_VAR}=`{value}` is not a paper count; give a number such as 20000"
            )
        }),
        Err(_) => Ok(default),
    }
}
