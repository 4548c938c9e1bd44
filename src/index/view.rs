//! One fixed view of what the index holds (the view a search ran against),
//! and the keys that name it. Front ends hold views and results through
//! these types only: they tell whether results are stale by generation, and
//! key caches by what the index holds, without knowing the search engine.

use tantivy::Searcher;
use tantivy::index::SegmentId;

use super::{DocScores, IndexError, PaperIndex};

/// The index's contents as of one commit: every address in results is
/// read within the view it came from.
#[derive(Clone)]
pub struct IndexView {
    searcher: Searcher,
    generation: IndexGeneration,
}

/// Changes whenever the papers the index shows change: a commit seen by
/// the index, or another index opened in its place. Equal generations mean
/// equal contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IndexGeneration(u64);

/// The segments of a view, each with its documents and deletions: equal
/// keys mean the same documents, even across a reload that changed
/// nothing (so caches of per-document data survive it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentsKey(Vec<(SegmentId, u32, u32)>);

impl IndexView {
    pub(crate) fn new(searcher: Searcher, instance: u64) -> IndexView {
        let generation = IndexGeneration((instance << 40) ^ searcher.generation().generation_id());
        IndexView {
            searcher,
            generation,
        }
    }

    /// The search engine's own view, for the domain modules that query it.
    pub(crate) fn searcher(&self) -> &Searcher {
        &self.searcher
    }

    pub fn generation(&self) -> IndexGeneration {
        self.generation
    }

    pub fn segments_key(&self) -> SegmentsKey {
        SegmentsKey(
            self.searcher
                .segment_readers()
                .iter()
                .map(|r| (r.segment_id(), r.max_doc(), r.num_deleted_docs()))
                .collect(),
        )
    }

    /// True when `scores` were computed for exactly this view's documents.
    pub fn fits(&self, scores: &DocScores) -> bool {
        scores.fits(&self.searcher)
    }

    /// Papers in this view.
    pub fn paper_count(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// The date of this view's newest paper, if any paper has a date;
    /// worked out once for the same documents, as every reader search asks
    /// (a reload that changed nothing, which tantivy's reader does once
    /// soon after opening, keeps it).
    pub fn newest_date(&self, index: &PaperIndex) -> Result<Option<chrono::NaiveDate>, IndexError> {
        let key = self.segments_key();
        let mut known = index.newest.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((documents, date)) = &*known
            && *documents == key
        {
            return Ok(*date);
        }
        let date = index.newest_date(&self.searcher)?;
        *known = Some((key, date));
        Ok(date)
    }
}
