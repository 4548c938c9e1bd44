//! Prints the recommendation quality figures of BENCHMARKS.md: precision at
//! 10 of every known ranker, per category, on the real arXiv snapshot sample
//! (skipped with a notice when `../shared/fixtures` is absent) and on a
//! generated corpus of 20,000 papers with known topics.
//!
//! Usage: `cargo run --release --example recommend_quality [GENERATED_PAPERS]`

// Cargo.toml denies these outside tests; here they are how a check fails.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::process::ExitCode;

use folio::recommend::quality::{
    Corpus, ForYouRanker, MoreLikeThisBaseline, Protocol, Ranker, comparison_table, evaluate_all,
};

/// Papers in the generated corpus unless the command line says otherwise.
const GENERATED_PAPERS: usize = 20_000;
const GENERATED_SEED: u64 = 12;

/// Every ranker measured; a new recommender is one more line here.
fn rankers() -> Vec<Box<dyn Ranker>> {
    vec![
        Box::new(MoreLikeThisBaseline),
        Box::new(ForYouRanker::shipped()),
        Box::new(ForYouRanker::words_only()),
    ]
}

fn main() -> ExitCode {
    let generated = match std::env::args().nth(1) {
        None => GENERATED_PAPERS,
        Some(arg) => match arg.replace('_', "").parse() {
            Ok(count) => count,
            Err(_) => {
                eprintln!("error: `{arg}` is not a paper count; give a whole number such as 20000");
                return ExitCode::from(2);
            }
        },
    };
    let protocol = Protocol::default();
    println!(
        "Precision at {} with {} bookmarked papers of the category, mean of {} draws per category \
         listed by at least {} papers (\"random\" is the precision of picking papers at random).\n",
        protocol.cutoff, protocol.bookmarks, protocol.draws, protocol.min_papers
    );
    let mut corpora = Vec::new();
    match Corpus::snapshot_sample() {
        Ok(Some(corpus)) => corpora.push(corpus),
        Ok(None) => println!(
            "Skipping the real sample: {} is absent.\n",
            Corpus::snapshot_sample_path().display()
        ),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    }
    corpora.push(Corpus::generated(generated, GENERATED_SEED));
    for corpus in &corpora {
        match evaluate_all(corpus, &rankers(), &protocol) {
            Ok(reports) => println!("### {}\n\n{}", corpus.name, comparison_table(&reports)),
            Err(e) => {
                eprintln!("error: {}: {e}", corpus.name);
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
