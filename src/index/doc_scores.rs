//! Scores given to every document from outside the index (the "for you"
//! model ranks papers this way), and ranking a query's matches by them.
//! The index knows nothing of how the scores were made; it only keeps them
//! tied to the segments they were computed for, so scores of an older view
//! of the index are never read against a newer one.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::every_match::merge_sorted_runs;
use crate::cancel::Cancel;

/// One score per document of each segment of a searcher's view.
#[derive(Debug, Clone, Default)]
pub struct DocScores {
    segments: Vec<(SegmentId, Vec<f32>)>,
}

impl DocScores {
    /// Zero for every document of `searcher`'s view.
    pub fn zeros(searcher: &Searcher) -> DocScores {
        DocScores {
            segments: searcher
                .segment_readers()
                .iter()
                .map(|r| (r.segment_id(), vec![0.0; r.max_doc() as usize]))
                .collect(),
        }
    }

    /// The scores of segment `ordinal`, to fill in.
    pub fn segment_mut(&mut self, ordinal: usize) -> Option<&mut [f32]> {
        self.segments
            .get_mut(ordinal)
            .map(|(_, scores)| scores.as_mut_slice())
    }

    /// The score of a document; `None` when the address is not from the
    /// view these scores were made for.
    pub fn get(&self, searcher: &Searcher, address: DocAddress) -> Option<f32> {
        let ordinal = address.segment_ord as usize;
        let (id, scores) = self.segments.get(ordinal)?;
        let reader = searcher.segment_readers().get(ordinal)?;
        if reader.segment_id() != *id {
            return None;
        }
        scores.get(address.doc_id as usize).copied()
    }

    /// True when these scores were computed for exactly `searcher`'s segments.
    pub fn fits(&self, searcher: &Searcher) -> bool {
        let readers = searcher.segment_readers();
        readers.len() == self.segments.len()
            && readers.iter().zip(&self.segments).all(|(r, (id, scores))| {
                r.segment_id() == *id && r.max_doc() as usize == scores.len()
            })
    }

    fn matches_segment(&self, ordinal: SegmentOrdinal, reader: &SegmentReader) -> bool {
        self.segments
            .get(ordinal as usize)
            .is_some_and(|(id, _)| *id == reader.segment_id())
    }
}

/// Collects the matches of a query best score first (from [`DocScores`]),
/// counting them all: `(total, page)`. Equal scores keep index order, so
/// pages are stable.
pub(crate) struct TopByScores {
    pub scores: Arc<DocScores>,
    /// How many of the best to keep (offset plus page length).
    pub keep: usize,
    /// Looked at while the segments' matches are sorted together (the
    /// walk over them is [`super::cancellable::Cancellable`]'s): the whole
    /// list of a broad query takes long to sort.
    pub cancel: Option<Cancel>,
}

pub(crate) struct SegmentTop {
    ordinal: SegmentOrdinal,
    /// `None` when the scores were made for another view of the index.
    scores: Option<Arc<DocScores>>,
    keep: usize,
    heap: BinaryHeap<Ranked>,
    count: usize,
    /// The journal place columns, for breaking ties.
    positions: Option<tantivy::columnar::Column<u64>>,
    lens: Option<tantivy::columnar::Column<u64>>,
}

/// A match in a min-heap of the best: the worst kept match on top.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ranked {
    score: f32,
    /// Where the paper's record is in the journal: ties are broken by it,
    /// so equal scores come in the same order whichever indexing thread
    /// took which paper (document addresses are not stable).
    place: (u64, u64),
    address: DocAddress,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: the heap's top is the lowest score, then the latest place.
        other
            .score
            .total_cmp(&self.score)
            .then_with(|| self.place.cmp(&other.place))
            .then_with(|| self.address.cmp(&other.address))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

fn push_bounded(heap: &mut BinaryHeap<Ranked>, keep: usize, item: Ranked) {
    if keep == 0 {
        return;
    }
    if heap.len() < keep {
        heap.push(item);
    } else if let Some(worst) = heap.peek()
        && item < *worst
    {
        heap.pop();
        heap.push(item);
    }
}

impl Collector for TopByScores {
    type Fruit = (usize, Vec<(f32, DocAddress)>);
    type Child = SegmentTop;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTop> {
        let fast = reader.fast_fields();
        Ok(SegmentTop {
            ordinal,
            positions: fast.u64(super::schema::RECORD_AT_FIELD).ok(),
            lens: fast.u64(super::schema::RECORD_LEN_FIELD).ok(),
            scores: self
                .scores
                .matches_segment(ordinal, reader)
                .then(|| self.scores.clone()),
            keep: self.keep,
            heap: BinaryHeap::new(),
            count: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(usize, Vec<Ranked>)>) -> tantivy::Result<Self::Fruit> {
        if let Some(cancel) = &self.cancel {
            let total = fruits.iter().map(|(count, _)| count).sum();
            let runs = fruits.into_iter().map(|(_, ranked)| ranked).collect();
            let best = merge_sorted_runs(runs, self.keep, cancel)?;
            return Ok((
                total,
                best.into_iter().map(|r| (r.score, r.address)).collect(),
            ));
        }
        let mut heap = BinaryHeap::new();
        let mut total = 0;
        for (count, ranked) in fruits {
            total += count;
            for item in ranked {
                push_bounded(&mut heap, self.keep, item);
            }
        }
        let best = heap
            .into_sorted_vec()
            .into_iter()
            .map(|r| (r.score, r.address))
            .collect();
        Ok((total, best))
    }
}

impl SegmentCollector for SegmentTop {
    type Fruit = (usize, Vec<Ranked>);

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.count += 1;
        // Scores from another view of the index rank nothing: the papers
        // come in index order rather than in a wrong one.
        let score = self
            .scores
            .as_ref()
            .and_then(|s| s.segments.get(self.ordinal as usize))
            .and_then(|(_, scores)| scores.get(doc as usize).copied())
            .unwrap_or(f32::NEG_INFINITY);
        let address = DocAddress::new(self.ordinal, doc);
        let place_of = |column: &Option<tantivy::columnar::Column<u64>>| {
            column
                .as_ref()
                .and_then(|c| c.first(doc))
                .unwrap_or(u64::MAX)
        };
        let place = (place_of(&self.positions), place_of(&self.lens));
        push_bounded(
            &mut self.heap,
            self.keep,
            Ranked {
                score,
                place,
                address,
            },
        );
    }

    fn harvest(self) -> Self::Fruit {
        (self.count, self.heap.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranked_orders_best_first_then_by_journal_place_then_by_address() {
        let ranked = |score: f32, place: u64, doc: u32| Ranked {
            score,
            place: (place, 0),
            address: DocAddress::new(0, doc),
        };
        // Equal scores: the earlier journal place first, whatever the address.
        let a = ranked(2.0, 30, 5);
        let b = ranked(1.0, 10, 1);
        let c = ranked(2.0, 20, 7);
        let d = ranked(2.0, 20, 6);
        let mut sorted = [b, c, a, d];
        sorted.sort();
        let order: Vec<_> = sorted.iter().map(|r| r.address.doc_id).collect();
        assert_eq!(order, vec![6, 7, 5, 1]);
    }

    #[test]
    fn bounded_heap_keeps_the_best() {
        let mut heap = BinaryHeap::new();
        for (i, score) in [0.5f32, 3.0, 1.0, 2.0, -1.0].into_iter().enumerate() {
            push_bounded(
                &mut heap,
                2,
                Ranked {
                    score,
                    place: (i as u64, 0),
                    address: DocAddress::new(0, i as u32),
                },
            );
        }
        let best: Vec<_> = heap.into_sorted_vec().iter().map(|r| r.score).collect();
        assert_eq!(best, vec![3.0, 2.0]);
    }
}
