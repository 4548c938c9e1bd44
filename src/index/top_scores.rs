//! The reader's first page by relevance, found the way the query prunes
//! (its [`Weight::for_each_pruning`]: MaxScore for typed words, see
//! `query::ranked_words`) and stopped when a newer search raises the flag.
//!
//! The flag is looked at each time a match makes the page so far; once it
//! is raised the threshold handed back is infinite, which ends the
//! query's loop (no clause can reach it). Between two such matches the
//! loop only passes documents that cannot make the page, which is quick.
//! A query that does not prune walks every match calling back only for
//! those above the threshold, so it may not look at the flag for long:
//! use this for [`RankedWords`](super::query::ranked_words::RankedWords).

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicU32, Ordering};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::Weight;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::cancellable::cancelled;
use super::every_match::{key_score, score_key};
use crate::cancel::Cancel;

/// The best `limit` matches by score, ties by address, stopping at `cancel`.
pub(crate) struct TopScores<'a> {
    limit: usize,
    cancel: Option<&'a Cancel>,
    /// The highest page threshold any segment has reached, as `f32` bits
    /// (scores are never negative, so the bits order as the scores do).
    /// A match scoring below it cannot make the page: that segment alone
    /// has `limit` matches scoring at least that. Segments search on
    /// several threads, and each starts from, and keeps raising its own
    /// threshold to, this one: at a million papers in nine segments a
    /// segment's own 256th best is far below the whole index's.
    shared: AtomicU32,
}

impl<'a> TopScores<'a> {
    pub fn new(limit: usize, cancel: Option<&'a Cancel>) -> Self {
        TopScores {
            limit,
            cancel,
            shared: AtomicU32::new(0.0f32.to_bits()),
        }
    }

    fn is_cancelled(&self) -> bool {
        self.cancel.is_some_and(Cancel::is_cancelled)
    }

    /// What a match must score above to have a chance: just below the
    /// shared threshold (a match equal to it may still win on address).
    fn shared_floor(&self) -> Score {
        let shared = Score::from_bits(self.shared.load(Ordering::Relaxed));
        if shared > 0.0 {
            Score::from_bits(shared.to_bits() - 1)
        } else {
            Score::MIN
        }
    }

    /// Makes `threshold` (a full page's) the shared one if it is higher.
    fn share(&self, threshold: Score) {
        if threshold > 0.0 {
            self.shared
                .fetch_max(threshold.to_bits(), Ordering::Relaxed);
        }
    }
}

/// A match as it sorts: a larger entry is a worse match (lower score, or
/// the same score at a later document).
type Entry = (Reverse<u64>, DocId);

/// The best matches of one segment so far, the worst on top.
pub(crate) struct SegmentTop {
    ordinal: SegmentOrdinal,
    limit: usize,
    heap: BinaryHeap<Entry>,
}

impl SegmentTop {
    /// What a match must score above to make the page.
    fn threshold(&self) -> Score {
        match self.heap.peek() {
            Some(&(Reverse(key), _)) if self.heap.len() >= self.limit => key_score(key),
            _ => Score::MIN,
        }
    }

    fn push(&mut self, doc: DocId, score: Score) {
        let entry = (Reverse(score_key(score)), doc);
        if self.heap.len() < self.limit {
            self.heap.push(entry);
        } else if self.heap.peek().is_some_and(|worst| entry < *worst) {
            self.heap.pop();
            self.heap.push(entry);
        }
    }

    fn into_ranked(self) -> Vec<(Score, DocAddress)> {
        let ordinal = self.ordinal;
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|(Reverse(key), doc)| (key_score(key), DocAddress::new(ordinal, doc)))
            .collect()
    }
}

impl SegmentCollector for SegmentTop {
    type Fruit = Vec<(Score, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if score > self.threshold() {
            self.push(doc, score);
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.into_ranked()
    }
}

impl Collector for TopScores<'_> {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentTop;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTop> {
        if self.is_cancelled() {
            return Err(cancelled());
        }
        Ok(SegmentTop {
            ordinal,
            limit: self.limit,
            heap: BinaryHeap::with_capacity(self.limit.min(1 << 16)),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        ordinal: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Fruit> {
        let mut top = self.for_segment(ordinal, reader)?;
        if self.limit == 0 {
            return Ok(Vec::new());
        }
        let alive = reader.alive_bitset();
        let mut stopped = false;
        weight.for_each_pruning(self.shared_floor(), reader, &mut |doc, score| {
            if self.is_cancelled() {
                stopped = true;
                return Score::INFINITY;
            }
            if alive.is_none_or(|a| a.is_alive(doc)) {
                top.collect(doc, score);
            }
            let own = top.threshold();
            self.share(own);
            own.max(self.shared_floor())
        })?;
        if stopped || self.is_cancelled() {
            return Err(cancelled());
        }
        Ok(top.into_ranked())
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        if self.is_cancelled() {
            return Err(cancelled());
        }
        let mut all: Vec<(Score, DocAddress)> = fruits.into_iter().flatten().collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        all.truncate(self.limit);
        Ok(all)
    }
}
