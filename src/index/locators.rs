//! Where papers' journal lines are, read for many documents of one view.
//! Each segment's two locator columns are opened once and kept: opening a
//! fast-field column decodes its header and block table, which at 3,000,000
//! papers costs far more than reading one value, and loading the 20 hits of
//! a search opened them twice per hit. A front end keeps one for a result
//! set (it holds its own handle on the view's searcher), so the rows drawn
//! one screen after another do not open them again either.

use tantivy::columnar::Column;
use tantivy::{DocAddress, Searcher};

use super::{IndexError, schema};
use crate::journal::Locator;

/// The locator columns of a view's segments, opened as they are first needed.
pub(crate) struct Locators {
    searcher: Searcher,
    /// By segment ordinal: the journal position and length columns.
    columns: Vec<Option<(Column<u64>, Column<u64>)>>,
}

impl Locators {
    pub(crate) fn new(searcher: &Searcher) -> Self {
        Locators {
            searcher: searcher.clone(),
            columns: searcher.segment_readers().iter().map(|_| None).collect(),
        }
    }

    /// Where the journal line of the paper at `addr` is.
    pub(crate) fn at(&mut self, addr: DocAddress) -> Result<Locator, IndexError> {
        let missing = |what: &str| {
            IndexError::BadDocument(format!(
                "document {} of segment {} {what}",
                addr.doc_id, addr.segment_ord
            ))
        };
        let Some(slot) = self.columns.get_mut(addr.segment_ord as usize) else {
            return Err(missing("is not in this view of the index"));
        };
        let (positions, lens) = match slot {
            Some(columns) => columns,
            None => {
                let fast = self.searcher.segment_reader(addr.segment_ord).fast_fields();
                slot.insert((
                    fast.u64(schema::RECORD_AT_FIELD)?,
                    fast.u64(schema::RECORD_LEN_FIELD)?,
                ))
            }
        };
        match (positions.first(addr.doc_id), lens.first(addr.doc_id)) {
            (Some(position), Some(len)) => Ok(Locator::from_packed(position, len)),
            _ => Err(missing("has no journal position")),
        }
    }
}
