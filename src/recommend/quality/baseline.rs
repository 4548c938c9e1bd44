//! The baseline every recommender must beat: what a user gets today by
//! pressing `m` ("more like this") on each of their bookmarks in turn.

use std::collections::{HashMap, HashSet};

use super::Ranker;
use crate::store::Store;

/// How many similar papers are taken for each bookmark. Far more than the
/// ten that are scored, so that a paper moderately like several bookmarks
/// can add up its scores and overtake one very like a single bookmark.
const SIMILAR_PER_BOOKMARK: usize = 200;

/// The plain `m`-style baseline: for each bookmarked paper, its
/// [`crate::index::PaperIndex::similar_in`] papers (up to `SIMILAR_PER_BOOKMARK`); each
/// candidate's more-like-this scores are summed over the bookmarks, the
/// bookmarked papers dropped, and the rest ranked by that sum, best first
/// (ties by id, so runs are repeatable).
///
/// Summing raw scores is the simplest way to merge the lists, and the one a
/// user's repeated `m` presses amount to: a paper like several bookmarks
/// ranks above one like only one of them. Bookmarks the index does not
/// have are ignored.
#[derive(Debug, Clone, Copy, Default)]
pub struct MoreLikeThisBaseline;

impl Ranker for MoreLikeThisBaseline {
    fn name(&self) -> String {
        "more-like-this baseline".to_string()
    }

    fn rank(
        &self,
        store: &Store,
        bookmarked: &[String],
        limit: usize,
    ) -> Result<Vec<String>, String> {
        let index = store.index();
        let searcher = index.searcher();
        let excluded: HashSet<&str> = bookmarked.iter().map(String::as_str).collect();
        let mut summed: HashMap<String, f32> = HashMap::new();
        for id in bookmarked {
            let hits = index
                .similar_in(&searcher, id, SIMILAR_PER_BOOKMARK)
                .map_err(|e| format!("papers like {id}: {e}"))?
                .unwrap_or_default();
            for hit in hits {
                let candidate = hit.paper.id.as_str();
                if !excluded.contains(candidate) {
                    *summed.entry(candidate.to_string()).or_default() += hit.score;
                }
            }
        }
        let mut ranked: Vec<(String, f32)> = summed.into_iter().collect();
        ranked.sort_by(|(a_id, a), (b_id, b)| b.total_cmp(a).then_with(|| a_id.cmp(b_id)));
        Ok(ranked.into_iter().take(limit).map(|(id, _)| id).collect())
    }
}
