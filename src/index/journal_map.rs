//! Which papers the index has at given places in the journal: what a
//! damaged journal block took with it, and how much of each segment the
//! index still points to (what compaction weighs).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, TERMINATED};

use super::{IndexError, PaperIndex, schema};
use crate::journal::Locator;

impl PaperIndex {
    /// The ids of the papers whose journal lines fall in `ranges` (segment,
    /// raw offsets). Reads every id in the index when any paper is there,
    /// so it is meant for damage, not for every search.
    pub fn ids_in_journal_ranges(
        &self,
        ranges: &[(u64, Range<u64>)],
    ) -> Result<Vec<String>, IndexError> {
        let searcher = self.searcher();
        let mut ids = Vec::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let positions = fast.u64(schema::RECORD_AT_FIELD)?;
            let hit: HashSet<DocId> = segment
                .doc_ids_alive()
                .filter(|&doc| {
                    positions.first(doc).is_some_and(|position| {
                        let at = Locator::from_packed(position, 0);
                        ranges
                            .iter()
                            .any(|(seq, raw)| *seq == at.seq && raw.contains(&at.offset))
                    })
                })
                .collect();
            if hit.is_empty() {
                continue;
            }
            // Only the terms know a document's id: walk them once.
            let inverted = segment.inverted_index(self.fields().id)?;
            let mut terms = inverted
                .terms()
                .stream()
                .map_err(tantivy::TantivyError::from)?;
            while terms.advance() {
                let mut postings = inverted
                    .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
                    .map_err(tantivy::TantivyError::from)?;
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if hit.contains(&doc) {
                        ids.push(String::from_utf8_lossy(terms.key()).into_owned());
                    }
                    doc = postings.advance();
                }
            }
        }
        ids.sort();
        Ok(ids)
    }

    /// Raw bytes of journal lines the index points to, by segment.
    pub fn live_bytes_by_segment(&self) -> Result<HashMap<u64, u64>, IndexError> {
        let searcher = self.searcher();
        let mut by_seq: HashMap<u64, u64> = HashMap::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let positions = fast.u64(schema::RECORD_AT_FIELD)?;
            let lens = fast.u64(schema::RECORD_LEN_FIELD)?;
            for doc in segment.doc_ids_alive() {
                if let (Some(position), Some(len)) = (positions.first(doc), lens.first(doc)) {
                    let at = Locator::from_packed(position, len);
                    *by_seq.entry(at.seq).or_default() += u64::from(at.len) + 1;
                }
            }
        }
        Ok(by_seq)
    }
}
