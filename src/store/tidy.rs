//! Merging the index's segments after a big write (see `index::tidy`),
//! under the data dir's write lock like every other change.

use super::{Store, StoreError};
use crate::index::Tidied;

impl Store {
    /// The segments the index has now and would have once tidied; `None`
    /// when it is tidy (or not on disk: a read-only data dir's index
    /// rebuilt in memory is gone when the process ends).
    pub fn index_tidy_needed(&self) -> Option<(usize, usize)> {
        if self.read_only || !self.live.read().unwrap_or_else(|p| p.into_inner()).on_disk {
            return None;
        }
        self.index().tidy_needed()
    }

    /// Merges the index's small segments into a few (one group at a time,
    /// `after_group` told how many are done), stopping between groups when
    /// the store's cancel flag is raised. `None` when nothing was merged.
    /// A merge that fails or is killed leaves the index as it was.
    pub fn tidy_index(
        &self,
        after_group: impl FnMut(usize, usize),
    ) -> Result<Option<Tidied>, StoreError> {
        if self.index_tidy_needed().is_none() {
            return Ok(None);
        }
        let _lock = self.begin_write()?;
        let tidied = self.index().tidy(&self.cancel, after_group);
        if tidied.is_err() {
            // Files of a merge no commit names: of no use to anyone.
            let _ = self.index().remove_uncommitted_files();
        }
        if let Ok(Some(t)) = &tidied {
            tracing::info!(
                before = t.segments_before,
                after = t.segments_after,
                papers = t.papers,
                "merged index segments"
            );
        }
        Ok(tidied?)
    }
}
