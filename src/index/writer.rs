//! Batched writes to the index: upserts by id, committed together with the
//! journal position they correspond to, or rolled back as a whole.
//!
//! tantivy allows one writer per index across processes; folio opens it only
//! for the duration of a batch so the TUI and the CLI can take turns.

use tantivy::{IndexWriter, TantivyDocument, TantivyError, Term};

use super::document::{DocExtras, doc_from_paper};
use super::schema::SCHEMA_VERSION;
use super::{CommitInfo, IndexError, PaperIndex};
use crate::journal::Locator;
use crate::model::Paper;

/// Memory for the indexing threads: enough for fast bulk imports of a million
/// papers while keeping a whole import well under a gigabyte.
const WRITER_BUDGET_BYTES: usize = 256 * 1024 * 1024;

/// Segments bigger than this (those a bulk import writes) are never merged
/// again: merging them cost a bulk import a third of its time and most of its
/// memory. The small segments of daily syncs and edits still merge together.
const MAX_DOCS_MERGED: u32 = 50_000;

fn merge_policy() -> tantivy::indexer::LogMergePolicy {
    let mut policy = tantivy::indexer::LogMergePolicy::default();
    policy.set_max_docs_before_merge(MAX_DOCS_MERGED as usize);
    policy
}

/// The index's writer with `bytes` of indexing memory; [`IndexError::Busy`]
/// while another process holds it.
pub(super) fn open_writer(
    index: &PaperIndex,
    bytes: usize,
) -> Result<IndexWriter<TantivyDocument>, IndexError> {
    index.tantivy().writer(bytes).map_err(|e| match e {
        TantivyError::LockFailure(..) => IndexError::Busy,
        other => IndexError::Tantivy(other),
    })
}

pub struct IndexBatch<'a> {
    index: &'a PaperIndex,
    fields: super::Fields,
    writer: Option<IndexWriter<TantivyDocument>>,
}

impl<'a> IndexBatch<'a> {
    pub(super) fn new(index: &'a PaperIndex) -> Result<Self, IndexError> {
        let writer = open_writer(index, WRITER_BUDGET_BYTES)?;
        writer.set_merge_policy(Box::new(merge_policy()));
        Ok(IndexBatch {
            index,
            fields: index.fields().clone(),
            writer: Some(writer),
        })
    }

    /// Leaves every segment this batch's commit writes as it is (tests
    /// that need an index of many segments).
    #[cfg(test)]
    pub(crate) fn without_merges(mut self) -> Self {
        self.writer()
            .set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        self
    }

    fn writer(&mut self) -> &mut IndexWriter<TantivyDocument> {
        self.writer.as_mut().expect("writer lives until commit")
    }

    /// Adds a paper whose journal line is at `at`. `replace: false` skips
    /// the delete of an earlier version with the same id when the caller
    /// knows there is none (a large saving on bulk imports of new papers).
    pub fn upsert(
        &mut self,
        paper: &Paper,
        at: Locator,
        replace: bool,
        extras: &DocExtras,
    ) -> Result<(), IndexError> {
        let doc = doc_from_paper(&self.fields, paper, at, extras);
        let id_field = self.fields.id;
        let writer = self.writer();
        if replace {
            writer.delete_term(Term::from_field_text(id_field, paper.id.as_str()));
        }
        writer.add_document(doc)?;
        Ok(())
    }

    /// Removes a paper (used when a listing entry merges into its arXiv record).
    pub fn delete(&mut self, id: &str) {
        let field = self.index.fields().id;
        self.writer().delete_term(Term::from_field_text(field, id));
    }

    /// Removes every paper (a full rebuild starts with this).
    pub fn clear(&mut self) -> Result<(), IndexError> {
        self.writer().delete_all_documents()?;
        Ok(())
    }

    /// Makes the batch visible, recording the journal position it reaches.
    pub fn commit(mut self, journal_seq: u64) -> Result<(), IndexError> {
        let mut writer = self.writer.take().expect("writer lives until commit");
        let info = CommitInfo {
            schema: SCHEMA_VERSION,
            journal_seq,
        };
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&serde_json::to_string(&info).expect("commit info serializes"));
        prepared.commit()?;
        // Let scheduled merges finish, or segments pile up and opening slows down.
        writer.wait_merging_threads()?;
        self.index.reload()?;
        Ok(())
    }
}

impl Drop for IndexBatch<'_> {
    fn drop(&mut self) {
        // An uncommitted batch leaves the index exactly as it was.
        if let Some(mut writer) = self.writer.take() {
            let _ = writer.rollback();
        }
    }
}
