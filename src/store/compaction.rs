//! Keeping the journal small: `folio compact` rewrites it whole, and after
//! every write the segments `merge_plan` picks (mostly superseded ones, or
//! a full tier of small ones) are merged into one new segment.
//!
//! A merge writes the records of the chosen segments that still count (the
//! ones the index points to, and deletions of papers that stay deleted) to
//! a new, newest segment, points the index at the copies in one commit, and
//! only then removes the chosen segments. Replaying the journal gives the
//! same papers at every step, so SIGKILL anywhere needs no repair: a merged
//! segment the index never took is replayed into it on the next start, and
//! leftover chosen segments are superseded and merged away again.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::merge_plan::merge_plan;
use super::{Live, Store, StoreError};
use crate::index::PaperIndex;
use crate::journal::{Journal, JournalError, Record};

/// What an automatic merge did, for the log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merged {
    pub segments: usize,
    pub records: usize,
    pub bytes_before: u64,
    pub bytes_after: u64,
}

impl Store {
    /// Rewrites the journal without superseded records: every paper's
    /// current record is copied into one new segment, the index is rebuilt
    /// from it, and only then are the older segments removed, oldest first,
    /// so a crash at any point leaves a journal that replays to the same
    /// papers. Returns the journal size before and after, in bytes.
    pub fn compact(&self) -> Result<(u64, u64), StoreError> {
        let _lock = self.begin_write()?;
        self.compact_locked()
            .map_err(|e| self.explain_write_error(e))
    }

    fn compact_locked(&self) -> Result<(u64, u64), StoreError> {
        self.catch_up_locked()?;
        let before = self.journal.total_bytes()?;
        let old = self.journal.segments()?;
        let index = self.index();
        let mut locators = index.all_locators()?;
        locators.sort_by_key(|at| (at.seq, at.offset));
        let records = self.journal.reader();
        let mut segment = self.journal.begin()?;
        for at in locators {
            if self.cancel.is_cancelled() {
                return Err(StoreError::Cancelled);
            }
            let line = records.raw_line(at)?;
            if let Err(e) = records.parse_line(at, &line) {
                // A damaged record is not carried into the new journal.
                self.notice(e.to_string());
                continue;
            }
            segment.append_raw(&line)?;
        }
        if self.cancel.is_cancelled() {
            return Err(StoreError::Cancelled);
        }
        let path = segment.target().to_path_buf();
        let seq = segment.finish()?;
        // Build the new index from the compacted segment alone.
        let build = self
            .index_root
            .new_build()
            .map_err(|source| self.index_io(source))?;
        let fresh = PaperIndex::create(&build, self.journal.reader())?;
        {
            let mut batch = fresh.batch()?;
            self.replay(&mut batch, seq, &path)?;
            batch.commit(seq)?;
        }
        self.index_root
            .publish(&build)
            .map_err(|source| self.index_io(source))?;
        self.set_live(Live {
            index: Arc::new(fresh),
            name: self.index_root.current_name(),
            on_disk: true,
        });
        for (old_seq, _) in &old {
            self.journal.remove_segment(*old_seq)?;
        }
        self.journal.sync();
        let _ = self.index_root.remove_strays();
        Ok((before, self.journal.total_bytes()?))
    }

    /// Bytes `compact` would free, about: each segment's size on disk less
    /// its share of records the index points to.
    pub fn compactable_bytes(&self) -> Result<u64, StoreError> {
        let live = self.index().live_bytes_by_segment()?;
        let mut freeable = 0;
        for size in self.journal.segment_sizes()? {
            let kept = live_share(
                size.on_disk,
                size.raw,
                live.get(&size.seq).copied().unwrap_or(0),
            );
            freeable += size.on_disk - kept;
        }
        Ok(freeable)
    }

    /// After a write that replaced or removed `superseded` papers: merges
    /// segments when that is worth it. The index scan that weighs each
    /// segment runs only when a size tier is full or enough records were
    /// superseded since the last look, so a harvest's page stays cheap. A
    /// merge that fails leaves the write done and is told, not returned.
    pub(super) fn merge_after_write(&self, superseded: usize) {
        use std::sync::atomic::Ordering;
        let pending = self.superseded.fetch_add(superseded, Ordering::Relaxed) + superseded;
        let threshold = (self.index().paper_count() as usize / 100).max(1000);
        let sizes = match self.journal.segment_sizes() {
            Ok(sizes) => sizes,
            Err(e) => return self.notice(format!("the journal was not compacted: {e}")),
        };
        let all_live: HashMap<u64, u64> = sizes.iter().map(|s| (s.seq, s.raw)).collect();
        if pending < threshold && merge_plan(&sizes, &all_live).is_empty() {
            return;
        }
        self.superseded.store(0, Ordering::Relaxed);
        let started = std::time::Instant::now();
        match self.merge_segments_locked() {
            Ok(Some(merged)) => tracing::info!(
                segments = merged.segments,
                records = merged.records,
                bytes_before = merged.bytes_before,
                bytes_after = merged.bytes_after,
                ms = started.elapsed().as_millis() as u64,
                "merged journal segments"
            ),
            Ok(None) => {}
            Err(e) => {
                if self.live.read().unwrap_or_else(|p| p.into_inner()).on_disk {
                    let _ = self.index().remove_uncommitted_files();
                }
                self.notice(format!(
                    "the journal was not compacted ({e}); nothing was lost, the next write tries again"
                ));
            }
        }
    }

    /// Merges the segments `merge_plan` picks now, whatever was written
    /// since the last look (writes do this by themselves when it is worth
    /// it); `None` when there was nothing to merge.
    pub fn merge_segments(&self) -> Result<Option<Merged>, StoreError> {
        let _lock = self.begin_write()?;
        self.catch_up_locked()?;
        self.merge_segments_locked()
            .map_err(|e| self.explain_write_error(e))
    }

    /// Merges the segments `merge_plan` picks, if any (see the module
    /// doc). Call under the write lock with the index current.
    pub(super) fn merge_segments_locked(&self) -> Result<Option<Merged>, StoreError> {
        let sizes = self.journal.segment_sizes()?;
        if sizes.is_empty() {
            return Ok(None);
        }
        let index = self.index();
        let live = index.live_bytes_by_segment()?;
        let plan = merge_plan(&sizes, &live);
        if plan.is_empty() {
            return Ok(None);
        }
        let bytes_before = sizes
            .iter()
            .filter(|s| plan.contains(&s.seq))
            .map(|s| s.on_disk)
            .sum();
        let chosen: HashSet<u64> = plan.iter().copied().collect();
        let live_at: HashSet<(u64, u64, u32)> = index
            .all_locators()?
            .into_iter()
            .filter(|at| chosen.contains(&at.seq))
            .map(|at| (at.seq, at.offset, at.inner))
            .collect();
        let searcher = index.searcher();
        let kept = self.fulltext.kept_ids();
        let mut segment = self.journal.begin()?;
        let mut batch = index.batch()?;
        let mut records = 0;
        let mut carried_deletes = HashSet::new();
        for (seq, path) in self.journal.segments()? {
            if !chosen.contains(&seq) {
                continue;
            }
            for entry in Journal::read_segment(seq, &path)? {
                if self.cancel.is_cancelled() {
                    return Err(StoreError::Cancelled);
                }
                let entry = match entry {
                    Ok(entry) => entry,
                    // Not read, so not pointed to: nothing to keep.
                    Err(JournalError::Corrupt { .. }) => continue,
                    // Records the index may point to cannot be copied: leave
                    // this segment for `reindex`, which says what was lost.
                    Err(e) => {
                        self.notice(format!("the journal was not compacted: {e}"));
                        return Ok(None);
                    }
                };
                match entry.record {
                    Record::Upsert(paper)
                        if live_at.contains(&(seq, entry.at.offset, entry.at.inner)) =>
                    {
                        let at = segment.append(&paper)?;
                        let extras = self.extras(&kept, paper.id.as_str());
                        batch.upsert(&paper, at, true, &extras)?;
                        records += 1;
                    }
                    Record::Upsert(_) => {}
                    Record::Delete(id) => {
                        // Needed while an older segment outside the merge
                        // still holds the paper, harmless otherwise.
                        if index.address_of(&searcher, &id)?.is_none()
                            && carried_deletes.insert(id.clone())
                        {
                            segment.append_delete(&id)?;
                        }
                    }
                }
            }
        }
        if self.cancel.is_cancelled() {
            return Err(StoreError::Cancelled);
        }
        let newest = sizes.last().map(|s| s.seq);
        let target = segment.target().to_path_buf();
        if records == 0
            && carried_deletes.is_empty()
            && !newest.is_some_and(|n| chosen.contains(&n))
        {
            // Nothing of them counts and a newer segment stays: they can
            // simply go (no empty segment is written, the index is as it was).
            drop(segment);
            drop(batch);
        } else {
            // Written even when empty if it replaces the newest segment, so
            // a segment number is never used twice.
            let new_seq = segment.finish()?;
            if let Err(e) = batch.commit(new_seq) {
                let _ = std::fs::remove_file(&target);
                return Err(e.into());
            }
        }
        for seq in &plan {
            self.journal.remove_segment(*seq)?;
        }
        self.journal.sync();
        // Nothing when no segment was written.
        let bytes_after = std::fs::metadata(&target).map_or(0, |m| m.len());
        Ok(Some(Merged {
            segments: plan.len(),
            records,
            bytes_before,
            bytes_after,
        }))
    }
}

/// The records an index points to in a segment of `raw` bytes: what a
/// compacted copy of it would hold, as a share of `on_disk`.
fn live_share(on_disk: u64, raw: u64, live: u64) -> u64 {
    if raw == 0 {
        return 0;
    }
    let live = live.min(raw);
    (u128::from(on_disk) * u128::from(live) / u128::from(raw)) as u64
}
