//! The measurement itself: bookmark a few papers of one category, ask for
//! ten recommendations, count how many are of that category.

use std::collections::HashSet;
use std::time::Instant;

use super::report::{CategoryScore, Draw, Report};
use super::{Corpus, EvaluationLibrary, Ranker};
use crate::rng::Rng;

/// The knobs of the measurement; [`Protocol::default`] is the one the
/// figures in BENCHMARKS.md use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protocol {
    /// Categories listed by fewer papers are not measured.
    pub min_papers: usize,
    /// Papers of the category bookmarked in each draw.
    pub bookmarks: usize,
    /// Draws (different bookmarked papers) per category.
    pub draws: u64,
    /// Recommendations scored: precision at this many.
    pub cutoff: usize,
}

impl Default for Protocol {
    /// 15 papers per category, 5 bookmarked, 5 draws, precision at 10.
    fn default() -> Protocol {
        Protocol {
            min_papers: 15,
            bookmarks: 5,
            draws: 5,
            cutoff: 10,
        }
    }
}

/// Measures `ranker` on `library` (built from `corpus`) under `protocol`:
/// for each category of the corpus listed by at least `min_papers` papers, `draws` times,
/// `bookmarks` papers listing it (chosen by a generator seeded with the
/// category and the draw, so every ranker and every run gets the same ones)
/// become the library's only bookmarks, and the ranker's top `cutoff` are
/// scored. A paper is relevant when the category is among its categories;
/// missing recommendations count as irrelevant.
///
/// Fails when the ranker fails, or breaks its contract (recommends a
/// bookmarked paper, the same paper twice, or more than asked for).
pub fn evaluate(
    library: &EvaluationLibrary,
    corpus: &Corpus,
    ranker: &dyn Ranker,
    protocol: &Protocol,
) -> Result<Report, String> {
    let paper_count = library.paper_count();
    let mut categories = Vec::new();
    for (category, papers) in corpus.categories_with_at_least(protocol.min_papers) {
        let listing = library.papers_listing(&category);
        let mut draws = Vec::new();
        for draw in 0..protocol.draws {
            let bookmarked = choose(&listing, protocol.bookmarks, draw_seed(&category, draw));
            library.bookmark_only(&bookmarked)?;
            let started = Instant::now();
            let ranked = ranker
                .rank(library.store(), &bookmarked, protocol.cutoff)
                .map_err(|e| format!("{} on {category}: {e}", ranker.name()))?;
            let elapsed = started.elapsed();
            check_contract(&ranker.name(), &bookmarked, &ranked, protocol.cutoff)?;
            let relevant = ranked
                .iter()
                .filter(|id| library.lists(id, &category))
                .count();
            draws.push(Draw {
                bookmarked,
                ranked,
                precision: relevant as f64 / protocol.cutoff as f64,
                elapsed,
            });
        }
        let others = paper_count.saturating_sub(protocol.bookmarks as u64).max(1);
        categories.push(CategoryScore {
            category,
            papers,
            base_rate: papers.saturating_sub(protocol.bookmarks) as f64 / others as f64,
            draws,
        });
    }
    library.bookmark_only(&[])?;
    Ok(Report {
        corpus: corpus.name.clone(),
        ranker: ranker.name(),
        cutoff: protocol.cutoff,
        categories,
    })
}

/// Imports `corpus` once and measures every ranker on it.
pub fn evaluate_all(
    corpus: &Corpus,
    rankers: &[Box<dyn Ranker>],
    protocol: &Protocol,
) -> Result<Vec<Report>, String> {
    let library = EvaluationLibrary::build(corpus)?;
    rankers
        .iter()
        .map(|ranker| evaluate(&library, corpus, ranker.as_ref(), protocol))
        .collect()
}

fn check_contract(
    ranker: &str,
    bookmarked: &[String],
    ranked: &[String],
    cutoff: usize,
) -> Result<(), String> {
    if ranked.len() > cutoff {
        return Err(format!(
            "{ranker} returned {} papers when asked for {cutoff}",
            ranked.len()
        ));
    }
    if let Some(id) = ranked.iter().find(|id| bookmarked.contains(id)) {
        return Err(format!("{ranker} recommended the bookmarked paper {id}"));
    }
    let distinct: HashSet<&String> = ranked.iter().collect();
    if distinct.len() != ranked.len() {
        return Err(format!("{ranker} recommended a paper twice: {ranked:?}"));
    }
    Ok(())
}

/// A seed from the category's name and the draw number (FNV-1a), the same
/// on every machine and in every run.
fn draw_seed(category: &str, draw: u64) -> u64 {
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
    for byte in category.bytes().chain(draw.to_le_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01B3);
    }
    hash
}

/// `count` distinct items of `items` (all of them if there are fewer),
/// by a partial Fisher–Yates shuffle.
fn choose(items: &[String], count: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut pool = items.to_vec();
    let count = count.min(pool.len());
    for k in 0..count {
        let j = k + rng.below((pool.len() - k) as u64) as usize;
        pool.swap(k, j);
    }
    pool.truncate(count);
    pool
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_distinct_repeatable_and_vary_with_the_seed() {
        let items: Vec<String> = (0..40).map(|i| i.to_string()).collect();
        let a = choose(&items, 5, draw_seed("hep-th", 0));
        assert_eq!(a, choose(&items, 5, draw_seed("hep-th", 0)));
        assert_ne!(a, choose(&items, 5, draw_seed("hep-th", 1)));
        assert_eq!(a.iter().collect::<HashSet<_>>().len(), 5);
        assert_eq!(choose(&items[..3], 5, 1).len(), 3);
    }

    #[test]
    fn the_contract_is_checked() {
        let b = vec!["x".to_string()];
        let ok = vec!["a".to_string(), "b".to_string()];
        assert!(check_contract("r", &b, &ok, 10).is_ok());
        assert!(check_contract("r", &b, &ok, 1).is_err());
        assert!(check_contract("r", &b, &["x".to_string()], 10).is_err());
        assert!(check_contract("r", &b, &["a".to_string(), "a".to_string()], 10).is_err());
    }
}
