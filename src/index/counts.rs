//! Counting many queries against the same two filters in one pass each:
//! for every watch, how many papers it matches, how many of those are read
//! and how many are new. The read and new papers are gathered once into a
//! bit set per segment; each query's matches are then counted against them
//! as they stream by, instead of searching three times per watch.

use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{BitSet, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::PaperIndex;
use super::query::{IsState, Node, UserSets};
use crate::index::IndexError;

/// One query's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MatchCounts {
    pub total: usize,
    /// Of those, marked read.
    pub read: usize,
    /// Of those, new since the user last looked (`is:new`).
    pub new: usize,
}

impl PaperIndex {
    /// The counts of each of `queries`, in order, with the user's read
    /// marks and last look from `user`.
    pub fn count_read_and_new(
        &self,
        searcher: &Searcher,
        queries: &[Node],
        user: &UserSets,
    ) -> Result<Vec<MatchCounts>, IndexError> {
        let read = self.segment_bits(searcher, Node::Is(IsState::Read), user)?;
        let new = self.segment_bits(searcher, Node::Is(IsState::New), user)?;
        let collector = CountAgainst { read, new };
        queries
            .iter()
            .map(|node| {
                let prepared = self.prepare_node(searcher, node.clone(), None, user);
                Ok(searcher.search(prepared.query(), &collector)?)
            })
            .collect()
    }

    /// The papers matching `node`, as one bit set per segment.
    fn segment_bits(
        &self,
        searcher: &Searcher,
        node: Node,
        user: &UserSets,
    ) -> Result<Arc<Vec<BitSet>>, IndexError> {
        let prepared = self.prepare_node(searcher, node, None, user);
        let mut by_segment: Vec<BitSet> = searcher
            .segment_readers()
            .iter()
            .map(|reader| BitSet::with_max_value(reader.max_doc()))
            .collect();
        for (segment, set) in searcher.search(prepared.query(), &Bits)? {
            if let Some(slot) = by_segment.get_mut(segment as usize) {
                *slot = set;
            }
        }
        Ok(Arc::new(by_segment))
    }
}

/// Collects the matching documents of each segment into a bit set.
struct Bits;

struct SegmentBits {
    segment: SegmentOrdinal,
    set: BitSet,
}

impl Collector for Bits {
    type Fruit = Vec<(SegmentOrdinal, BitSet)>;
    type Child = SegmentBits;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentBits> {
        Ok(SegmentBits {
            segment,
            set: BitSet::with_max_value(reader.max_doc()),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(SegmentOrdinal, BitSet)>,
    ) -> tantivy::Result<Vec<(SegmentOrdinal, BitSet)>> {
        Ok(fruits)
    }
}

impl SegmentCollector for SegmentBits {
    type Fruit = (SegmentOrdinal, BitSet);

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.set.insert(doc);
    }

    fn harvest(self) -> (SegmentOrdinal, BitSet) {
        (self.segment, self.set)
    }
}

/// Counts matches, and those of them in the read and the new sets.
struct CountAgainst {
    read: Arc<Vec<BitSet>>,
    new: Arc<Vec<BitSet>>,
}

struct SegmentCounts {
    segment: usize,
    read: Arc<Vec<BitSet>>,
    new: Arc<Vec<BitSet>>,
    counts: MatchCounts,
}

impl Collector for CountAgainst {
    type Fruit = MatchCounts;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        Ok(SegmentCounts {
            segment: segment as usize,
            read: self.read.clone(),
            new: self.new.clone(),
            counts: MatchCounts::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<MatchCounts>) -> tantivy::Result<MatchCounts> {
        Ok(fruits
            .into_iter()
            .fold(MatchCounts::default(), |sum, c| MatchCounts {
                total: sum.total + c.total,
                read: sum.read + c.read,
                new: sum.new + c.new,
            }))
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = MatchCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.counts.total += 1;
        let has = |sets: &[BitSet]| sets.get(self.segment).is_some_and(|s| s.contains(doc));
        if has(&self.read) {
            self.counts.read += 1;
        }
        if has(&self.new) {
            self.counts.new += 1;
        }
    }

    fn harvest(self) -> MatchCounts {
        self.counts
    }
}
