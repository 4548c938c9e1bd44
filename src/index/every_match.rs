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
//! matches ([`merge_sorted_runs`], which the list ranked by taste uses
//! too). The order is exactly tantivy's: best key first, ties by document
//! address.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::cancellable::cancelled;
use crate::cancel::Cancel;

/// Merged matches between two looks at the flag.
const CHECK_EVERY: usize = 8192;
/// Matches sorted between two looks at the flag: sorting a segment's
/// 100,000 matches at once took 5 ms in which a newer key waited.
const SORT_CHUNK: usize = 16_384;

/// What the matches are ordered by, best first.
#[derive(Debug, Clone, Copy)]
pub(crate) enum MatchOrder {
    /// The query's score, highest first.
    Score,
    /// A `u64` fast field, highest first.
    FieldDesc(&'static str),
}

/// Collects every match in `order`, keeping the first `limit`.
pub(crate) struct EveryMatch<'a> {
    pub order: MatchOrder,
    pub limit: usize,
    pub cancel: &'a Cancel,
}

/// A match's place in the order: a higher key comes first. A score is kept
/// as bits that order like the score. folio gives every document a value
/// of each field it sorts by, so a missing one (0, last but for real
/// zeros) never happens; 8 bytes less a match is 20 MB less at the 2.4
/// million matches of a broad query over all of arXiv.
type Key = u64;

/// A match as it sorts: best key first, then lowest address.
type Ranked = (Reverse<Key>, SegmentOrdinal, DocId);

pub(crate) struct SegmentMatches {
    ordinal: SegmentOrdinal,
    column: Option<Column<u64>>,
    matches: Vec<Ranked>,
}

/// Bits of a score that order as the score does (`total_cmp`'s order).
pub(crate) fn score_key(score: Score) -> u64 {
    let bits = score.to_bits();
    u64::from(if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    })
}

/// The score [`score_key`] was made from.
pub(crate) fn key_score(key: u64) -> Score {
    // Only the low 32 bits are ever set.
    let bits = key as u32;
    Score::from_bits(if bits >> 31 == 1 {
        bits & !(1 << 31)
    } else {
        !bits
    })
}

/// Sorts each run, then merges the runs smallest first, keeping the first
/// `limit`: the same as sorting them all together, but `cancel` is looked
/// at between sorts of at most [`SORT_CHUNK`] items (a run is sorted a
/// chunk at a time, each chunk merged as a run of its own) and every
/// [`CHECK_EVERY`] merged items. Items must differ (an address in each
/// makes sure of it).
pub(crate) fn merge_sorted_runs<T: Ord + Copy>(
    mut runs: Vec<Vec<T>>,
    limit: usize,
    cancel: &Cancel,
) -> tantivy::Result<Vec<T>> {
    // Each sorted chunk: its run and where it lies in it.
    let mut chunks: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (i, run) in runs.iter_mut().enumerate() {
        for (c, chunk) in run.chunks_mut(SORT_CHUNK).enumerate() {
            if cancel.is_cancelled() {
                return Err(cancelled());
            }
            chunk.sort_unstable();
            let start = c * SORT_CHUNK;
            chunks.push((i, start..start + chunk.len()));
        }
    }
    let total: usize = runs.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(total.min(limit));
    // The next item of each chunk, smallest on top: (item, chunk, place).
    let mut heads: BinaryHeap<Reverse<(T, usize, usize)>> = chunks
        .iter()
        .enumerate()
        .map(|(c, (run, range))| Reverse((runs[*run][range.start], c, range.start)))
        .collect();
    while out.len() < limit {
        let Some(Reverse((item, c, at))) = heads.pop() else {
            break;
        };
        out.push(item);
        let (run, range) = &chunks[c];
        if at + 1 < range.end {
            heads.push(Reverse((runs[*run][at + 1], c, at + 1)));
        }
        if out.len() % CHECK_EVERY == 0 && cancel.is_cancelled() {
            return Err(cancelled());
        }
    }
    Ok(out)
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
            // Room for every document: pages never touched cost nothing,
            // and growing by copies would hold two lists at once.
            matches: Vec::with_capacity(reader.max_doc() as usize),
        })
    }

    fn requires_scoring(&self) -> bool {
        matches!(self.order, MatchOrder::Score)
    }

    fn merge_fruits(&self, runs: Vec<Vec<Ranked>>) -> tantivy::Result<Self::Fruit> {
        let merged = merge_sorted_runs(runs, self.limit, self.cancel)?;
        Ok(merged
            .into_iter()
            .map(|(Reverse(key), ordinal, doc)| {
                let score = match self.order {
                    MatchOrder::Score => key_score(key),
                    MatchOrder::FieldDesc(_) => 0.0,
                };
                (score, DocAddress::new(ordinal, doc))
            })
            .collect())
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<Ranked>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let key = match &self.column {
            None => score_key(score),
            Some(column) => column.first(doc).unwrap_or(0),
        };
        self.matches.push((Reverse(key), self.ordinal, doc));
    }

    fn harvest(self) -> Self::Fruit {
        self.matches
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_merge_best_key_first_then_by_address_and_stop_when_raised() {
        let run = |ordinal, matches: &[(Key, DocId)]| {
            matches
                .iter()
                .map(|&(key, doc)| (Reverse(key), ordinal, doc))
                .collect::<Vec<_>>()
        };
        let runs = || {
            vec![
                run(0, &[(5, 7), (0, 1), (9, 3), (5, 2)]),
                run(1, &[(5, 0), (9, 4)]),
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
