//! Merging an index of many segments into a few, once it is worth it.
//!
//! Every search pays for every segment: opening its files, looking each
//! word up in its term dictionary, running typo and prefix automata over
//! it. A bulk import writes a segment per quarter gigabyte of indexing
//! memory (24 at 3,000,000 papers) and a harvest one per page, which
//! tantivy's merge policy folds into segments of at most 50,000 papers (60
//! at arXiv scale); merging those while importing would cost the import a
//! third of its time. Measured at 3,000,000 papers, a whole `folio search`
//! took a median of 25.7 ms over 24 segments and 15.4 ms over 3. So after
//! a write, an index of more than [`MOST_SEGMENTS`] segments has its small
//! segments merged into a few (see [`tidy_plan`]).
//!
//! A merge is tantivy's: the new segment is written beside the old ones
//! and replaces them in one commit of the index's `meta.json`, so a process
//! killed mid-merge leaves the index as it was, plus files no commit names,
//! which the next write removes.

use tantivy::index::SegmentId;
use tantivy::indexer::NoMergePolicy;

use super::{IndexError, PaperIndex};
use crate::cancel::Cancel;

/// An index with at most this many segments is left as it is.
pub const MOST_SEGMENTS: usize = 8;
/// Merged segments hold up to about this many papers.
pub const FULL_SEGMENT_DOCS: u64 = 1_000_000;
/// Merging leaves at least this many segments (when there were more), so
/// a search still has one for each of several cores.
pub const FEWEST_SEGMENTS: usize = 4;
/// Merges run side by side, one a core up to this many: a merge is mostly
/// one thread's work, and its memory (about 40 MB at 750,000 papers; the
/// segments it reads are mapped files) is small.
const MERGES_AT_ONCE: usize = 2;
/// Memory for the merging writer (it indexes nothing new).
const MERGE_WRITER_BYTES: usize = 64 * 1024 * 1024;

/// Which segments to merge, as groups of positions in `docs` (each
/// segment's number of papers); empty when the index is tidy enough.
///
/// Segments holding an eighth of the papers or more are settled and left
/// alone, so a daily sync's small segments are merged among themselves and
/// the big ones are not written again. The small ones are dealt, largest
/// first, into as few groups as keep each under [`FULL_SEGMENT_DOCS`],
/// and never fewer than it takes to leave [`FEWEST_SEGMENTS`] in all.
pub fn tidy_plan(docs: &[u64]) -> Vec<Vec<usize>> {
    if docs.len() <= MOST_SEGMENTS {
        return Vec::new();
    }
    let total: u64 = docs.iter().sum();
    let settled_at = (total / (2 * FEWEST_SEGMENTS as u64)).min(FULL_SEGMENT_DOCS);
    let mut small: Vec<usize> = (0..docs.len())
        .filter(|&i| docs[i] < settled_at.max(1))
        .collect();
    let settled = docs.len() - small.len();
    let small_docs: u64 = small.iter().map(|&i| docs[i]).sum();
    let groups = (small_docs.div_ceil(FULL_SEGMENT_DOCS) as usize)
        .max(FEWEST_SEGMENTS.saturating_sub(settled))
        .clamp(1, small.len().max(1));
    small.sort_by_key(|&i| std::cmp::Reverse(docs[i]));
    let mut bins: Vec<(u64, Vec<usize>)> = vec![(0, Vec::new()); groups];
    for i in small {
        let lightest = bins
            .iter_mut()
            .min_by_key(|(sum, _)| *sum)
            .expect("at least one group");
        lightest.0 += docs[i];
        lightest.1.push(i);
    }
    bins.into_iter()
        .map(|(_, members)| members)
        .filter(|members| members.len() >= 2)
        .collect()
}

/// What [`PaperIndex::tidy`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tidied {
    pub segments_before: usize,
    pub segments_after: usize,
    pub papers: u64,
}

impl PaperIndex {
    /// The merges [`PaperIndex::tidy`] would make now, as (segments now,
    /// segments after); `None` when there are none.
    pub fn tidy_needed(&self) -> Option<(usize, usize)> {
        let docs = segment_docs(&self.searcher());
        let plan = tidy_plan(&docs);
        let merged: usize = plan.iter().map(Vec::len).sum();
        (!plan.is_empty()).then(|| (docs.len(), docs.len() - merged + plan.len()))
    }

    /// Merges the segments [`tidy_plan`] picks, a group a core at a time,
    /// looking at `cancel` between rounds; `after_group` is told how many
    /// groups are done. Call with the data dir's write lock held and no
    /// batch open.
    pub fn tidy(
        &self,
        cancel: &Cancel,
        mut after_group: impl FnMut(usize, usize),
    ) -> Result<Option<Tidied>, IndexError> {
        let searcher = self.searcher();
        let ids: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|r| r.segment_id())
            .collect();
        let docs = segment_docs(&searcher);
        let plan = tidy_plan(&docs);
        if plan.is_empty() {
            return Ok(None);
        }
        let mut writer = super::writer::open_writer(self, MERGE_WRITER_BYTES)?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let at_once =
            std::thread::available_parallelism().map_or(1, |n| n.get().min(MERGES_AT_ONCE));
        let mut done = 0;
        for groups in plan.chunks(at_once) {
            if cancel.is_cancelled() {
                break;
            }
            let merges: Vec<_> = groups
                .iter()
                .map(|group| {
                    let members: Vec<SegmentId> = group.iter().map(|&i| ids[i]).collect();
                    writer.merge(&members)
                })
                .collect();
            for merge in merges {
                merge.wait()?;
                done += 1;
                after_group(done, plan.len());
            }
        }
        writer.wait_merging_threads()?;
        self.reload()?;
        if done == 0 {
            return Ok(None);
        }
        Ok(Some(Tidied {
            segments_before: docs.len(),
            segments_after: self.searcher().segment_readers().len(),
            papers: docs.iter().sum(),
        }))
    }
}

/// Papers (deleted ones too: a merge reads them) of each segment of
/// `searcher`, in its order.
fn segment_docs(searcher: &tantivy::Searcher) -> Vec<u64> {
    searcher
        .segment_readers()
        .iter()
        .map(|r| u64::from(r.max_doc()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group_docs(docs: &[u64], plan: &[Vec<usize>]) -> Vec<u64> {
        plan.iter()
            .map(|g| g.iter().map(|&i| docs[i]).sum())
            .collect()
    }

    #[test]
    fn an_index_of_few_segments_is_left_alone() {
        assert!(tidy_plan(&[]).is_empty());
        assert!(tidy_plan(&[139_000; MOST_SEGMENTS]).is_empty());
    }

    #[test]
    fn a_bulk_import_becomes_a_few_balanced_segments() {
        // 3,000,000 papers as an import writes them, and two syncs.
        let mut docs = vec![139_285; 21];
        docs.extend([115_429, 47, 26]);
        let plan = tidy_plan(&docs);
        assert_eq!(plan.len(), FEWEST_SEGMENTS);
        let merged: usize = plan.iter().map(Vec::len).sum();
        assert_eq!(merged, docs.len(), "every segment is merged");
        let sizes = group_docs(&docs, &plan);
        let (least, most) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        assert!(most - least <= 139_285, "{sizes:?}");
        assert!(sizes.iter().all(|&s| s <= FULL_SEGMENT_DOCS), "{sizes:?}");
    }

    #[test]
    fn a_harvest_at_arxiv_scale_becomes_segments_of_a_million_at_most() {
        let docs = vec![50_000; 120];
        let plan = tidy_plan(&docs);
        assert_eq!(plan.len(), 6);
        assert!(
            group_docs(&docs, &plan)
                .iter()
                .all(|&s| s == FULL_SEGMENT_DOCS)
        );
    }

    #[test]
    fn settled_segments_stay_and_the_small_ones_merge_among_themselves() {
        let mut docs = vec![750_000; 4];
        docs.extend([40, 300, 2_000, 55, 9, 1_000]);
        let plan = tidy_plan(&docs);
        assert_eq!(plan, vec![vec![6, 9, 5, 7, 4, 8]]);
    }

    #[test]
    fn a_group_of_one_is_no_merge() {
        // Nine segments, eight full: the small one has nobody to join.
        let mut docs = vec![FULL_SEGMENT_DOCS; 8];
        docs.push(10);
        assert!(tidy_plan(&docs).is_empty());
    }
}
