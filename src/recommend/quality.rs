//! Measuring recommendation quality, so that "recommendations are good" is a
//! figure anyone can rerun rather than a guess.
//!
//! A [`Corpus`] of papers with known topics (their arXiv categories) is
//! imported into a real data dir ([`EvaluationLibrary`]); for each category
//! with enough papers, a few papers listing it are bookmarked in the library
//! and a [`Ranker`] is asked for the top ten recommendations. Precision at
//! ten is the share of those ten that list the category too ([`evaluate`]).
//! [`MoreLikeThisBaseline`], the `m` key's "more like this" applied to each
//! bookmark, is what any recommender must beat.
//!
//! `cargo run --release --example recommend_quality` prints the tables.

mod baseline;
mod corpus;
mod for_you;
mod library;
mod protocol;
mod report;

pub use baseline::MoreLikeThisBaseline;
pub use corpus::Corpus;
pub use for_you::ForYouRanker;
pub use library::EvaluationLibrary;
pub use protocol::{Protocol, evaluate, evaluate_all};
pub use report::{CategoryScore, Draw, Report, comparison_table};

use crate::store::Store;

/// Something that recommends papers from bookmarked ones.
pub trait Ranker {
    /// How the ranker is named in the reports.
    fn name(&self) -> String;

    /// Up to `limit` paper ids recommended for a user who bookmarked
    /// `bookmarked` (already recorded in `store`'s library, so a ranker
    /// that reads the library sees them), best first; never one of
    /// `bookmarked`.
    fn rank(
        &self,
        store: &Store,
        bookmarked: &[String],
        limit: usize,
    ) -> Result<Vec<String>, String>;
}
