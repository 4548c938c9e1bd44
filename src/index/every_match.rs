//! The reader's whole list: every match of a query in the list's order, in
//! a way a newer search can stop at any point. Tantivy's top-k collector
//! given room for every match keeps them in a heap per segment, sorts each
//! when the segment ends and sorts them all again when the segments are
//! merged: at a million papers and 800,000 matches that is 140 ms in which
//! no cancel flag is looked at, and a key typed meanwhile waits for it.
//! [`EveryMatch`] only gathers the matches while walking (the walk is
//! [`super::cancellable::Cancellable`]'s, which looks at the flag), then
//! sorts one segment's matches at a time and merges the sorted runs,
//! looking at the flag between two runs and every few thousand merged
//! matches. The order is exactly tantivy's: best key first, ties by
//! document address.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::cancellable::cancelled;
use crate::cancel::Cancel;

/// Merged matches between two looks at the flag.
const CHECK_EVERY: usize = 8192;

/// What the matches are ordered by, best first.
#[derive(Debug, Clone, Copy)]
pub(crate) enum MatchOrder {
    /// The query's score, highest first.
    Score,
    /// A `u64` fast field, highest first (documents without a value last).
    FieldDesc(&'static str),
}

/// Collects every match in `order`, keeping the first `limit`.
pub(crate) struct EveryMatch<'a> {
    pub order: MatchOrder,
    pub limit: usize,
    pub cancel: &'a Cancel,
}

/// A match's place in the order: a higher key comes first. A score is kept
/// as bits that order like the score; a missing field value is `None`.
type Key = Option<u64>;

/// One segment's matches.
type Run = (SegmentOrdinal, Vec<(Key, DocId)>);

/// The next match of one sorted run: its key, then its address reversed
/// (so that the heap's top is the best key at the lowest address), then
/// which run and its place there.
type Head = (Key, Reverse<(SegmentOrdinal, DocId)>, usize, usize);

pub(crate) struct SegmentMatches {
    ordinal: SegmentOrdinal,
    column: Option<Column<u64>>,
    matches: Vec<(Key, DocId)>,
}

/// Bits of a score that order as the score does (`total_cmp`'s order).
fn score_key(score: Score) -> u64 {
    let bits = score.to_bits();
    u64::from(if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    })
}

/// The score [`score_key`] was made from.
fn key_score(key: u64) -> Score {
    // Only the low 32 bits are ever set.
    let bits = key as u32;
    Score::from_bits(if bits >> 31 == 1 {
        bits & !(1 << 31)
    } else {
        !bits
    })
}

impl Collector for EveryMatch<'_> {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        let column = match self.order {
            MatchOrder::Score => None,
            MatchOrder::FieldDesc(field) => Some(reader.fast_fields().u64(field)?),
        };
        Ok(SegmentMatches {
            ordinal,
            column,
            matches: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        matches!(self.order, MatchOrder::Score)
    }

    fn merge_fruits(&self, mut runs: Vec<Run>) -> tantivy::Result<Self::Fruit> {
        for (_, run) in &mut runs {
            if self.cancel.is_cancelled() {
                return Err(cancelled());
            }
            // Best key first; equal keys in document order.
            run.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        }
        let total: usize = runs.iter().map(|(_, run)| run.len()).sum();
        let mut out = Vec::with_capacity(total.min(self.limit));
        // The head of each run: the best key on top, then the lowest segment.
        let mut heads: BinaryHeap<Head> = BinaryHeap::new();
        for (i, (ordinal, run)) in runs.iter().enumerate() {
            if let Some(&(key, doc)) = run.first() {
                heads.push((key, Reverse((*ordinal, doc)), i, 0));
            }
        }
        while out.len() < self.limit {
            let Some((key, Reverse((ordinal, doc)), i, at)) = heads.pop() else {
                break;
            };
            let score = match self.order {
                MatchOrder::Score => key.map_or(0.0, key_score),
                MatchOrder::FieldDesc(_) => 0.0,
            };
            out.push((score, DocAddress::new(ordinal, doc)));
            if let Some(&(key, doc)) = runs[i].1.get(at + 1) {
                heads.push((key, Reverse((ordinal, doc)), i, at + 1));
            }
            if out.len() % CHECK_EVERY == 0 && self.cancel.is_cancelled() {
                return Err(cancelled());
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Run;

    fn collect(&mut self, doc: DocId, score: Score) {
        let key = match &self.column {
            None => Some(score_key(score)),
            Some(column) => column.first(doc),
        };
        self.matches.push((key, doc));
    }

    fn harvest(self) -> Self::Fruit {
        (self.ordinal, self.matches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_merge_best_key_first_then_by_address_and_stop_when_raised() {
        let runs = || {
            vec![
                (0, vec![(Some(5), 7), (None, 1), (Some(9), 3), (Some(5), 2)]),
                (1, vec![(Some(5), 0), (Some(9), 4)]),
            ]
        };
        let cancel = Cancel::new();
        let every = EveryMatch {
            order: MatchOrder::FieldDesc("date_rank"),
            limit: 5,
            cancel: &cancel,
        };
        let merged: Vec<(u32, u32)> = every
            .merge_fruits(runs())
            .unwrap()
            .into_iter()
            .map(|(_, a)| (a.segment_ord, a.doc_id))
            .collect();
        assert_eq!(merged, [(0, 3), (1, 4), (0, 2), (0, 7), (1, 0)]);
        cancel.cancel();
        assert!(every.merge_fruits(runs()).is_err());
    }

    #[test]
    fn score_keys_order_like_the_scores_and_give_them_back() {
        let scores = [-3.5f32, -0.25, 0.0, 1e-9, 0.5, 2.0, 17.25, f32::MAX];
        for pair in scores.windows(2) {
            assert!(score_key(pair[0]) < score_key(pair[1]), "{pair:?}");
        }
        for score in scores {
            assert_eq!(key_score(score_key(score)), score);
        }
    }
}
