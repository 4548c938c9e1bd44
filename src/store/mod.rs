//! One data directory: the paper journal, the search index built from it and
//! the user's library, kept consistent with each other.
//!
//! Every write to papers (import, reindex, first-start seeding) happens under
//! `write.lock`, re-reads the state on disk, and is all or nothing: the journal
//! segment and the index commit land together or not at all. Reading needs no
//! lock, so a TUI keeps working while another process imports.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use chrono::NaiveDate;
use thiserror::Error;

use crate::cancel::Cancel;
use crate::config::Paths;
use crate::fsutil::FileLock;
use crate::fulltext::files::FullTextFiles;
use crate::index::DocExtras;
use crate::index::location::IndexRoot;
use crate::index::query::UserSets;
use crate::index::{
    Follow, Hit, IndexError, PaperIndex, SearchError, SearchRequest, SearchResults,
};
use crate::ingest::{self, Format, IngestError};
use crate::journal::{Journal, JournalError, Record};
use crate::library::{Library, LibraryError, UserState};
use crate::model::{Paper, normalized_title};

mod compaction;
mod merge_plan;
mod tidy;

pub use compaction::Merged;

/// The demo corpus shipped inside the binary, imported on first start.
pub const DEMO_LISTING: &str = include_str!("../../assets/hf-papers-listing.txt");
const DEMO_ORIGIN: &str = "the demo corpus";

/// In-batch duplicates are merged in memory up to this many papers; beyond
/// it a repeated id in one huge import simply takes the later record.
const MAX_BATCH_MERGE: usize = 10_000;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error(transparent)]
    Index(#[from] IndexError),
    /// A kept full text could not be read or written (the message names
    /// the file and what to check).
    #[error("{0}")]
    FullText(String),
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error(transparent)]
    Library(#[from] LibraryError),
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error(transparent)]
    NotFound(#[from] NotFound),
    #[error(
        "the data dir {} is read-only: changes cannot be saved; use a writable --data-dir to change it",
        dir.display()
    )]
    ReadOnly { dir: PathBuf },
    #[error(
        "no space left on device for the data dir {}; nothing was changed: free some disk space and try again",
        dir.display()
    )]
    DiskFull { dir: PathBuf },
    #[error(
        "interrupted before it was saved: nothing of this change was kept, the data dir is as it was"
    )]
    Cancelled,
    #[error("could not take the write lock {path}: {source}; check that the data dir is writable")]
    Lock {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub new: usize,
    pub updated: usize,
    /// Papers folio already had exactly as given: nothing was written for them.
    pub unchanged: usize,
}

impl std::fmt::Display for ImportSummary {
    /// `3 new, 1 updated` (and `, 2 unchanged` when some were).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} new, {} updated", self.new, self.updated)?;
        if self.unchanged > 0 {
            write!(f, ", {} unchanged", self.unchanged)?;
        }
        Ok(())
    }
}

impl ImportSummary {
    /// Papers the import named (new, updated or unchanged).
    pub fn total(&self) -> usize {
        self.new + self.updated + self.unchanged
    }
}

pub struct Store {
    data_dir: PathBuf,
    journal: Journal,
    index_root: IndexRoot,
    /// The live index; replaced whole when a rebuild swaps in a new build.
    live: RwLock<Live>,
    library: Library,
    /// Raised to stop a write in progress before it commits (see [`Cancel`]).
    cancel: Cancel,
    /// The user cannot write to the data dir: reading works, writes are refused.
    read_only: bool,
    /// What opening or writing repaired, for the front end to tell the user.
    notices: Mutex<Vec<String>>,
    /// Fetched full texts and PDFs, indexed with their papers.
    fulltext: FullTextFiles,
    /// Papers replaced or removed since merging was last weighed.
    superseded: std::sync::atomic::AtomicUsize,
    /// Damaged journal blocks a replay skipped: `(segment, locator offsets)`.
    damaged: Mutex<Vec<(u64, std::ops::Range<u64>)>>,
    /// Whether the index follows commits other processes make.
    follow: Follow,
}

/// The index in use and what `index/CURRENT` named when it was opened.
struct Live {
    index: Arc<PaperIndex>,
    name: Option<String>,
    /// False for an index kept in memory: a placeholder for one that could
    /// not be opened, or the copy a read-only data dir is searched through.
    on_disk: bool,
}

/// Why the live index could not be used as it is.
enum Unusable {
    /// There is none yet (a first start, or `index/` was removed).
    Missing,
    /// It is there but cannot be read.
    Damaged(String),
}

impl Store {
    /// Opens (creating on first use) the data dir. An index that is missing,
    /// damaged, from another version, or behind or ahead of the journal is
    /// repaired here, from the journal, without asking anything of the user
    /// (what was repaired is in [`Store::take_notices`]); an empty journal
    /// gets the demo corpus.
    pub fn open(paths: &Paths) -> Result<Store, StoreError> {
        Self::open_following(paths, Follow::Commits)
    }

    /// [`Store::open`] for a command that reads once and exits: its index
    /// does not watch for other processes' commits ([`Follow::Once`]).
    pub fn open_once(paths: &Paths) -> Result<Store, StoreError> {
        Self::open_following(paths, Follow::Once)
    }

    fn open_following(paths: &Paths, follow: Follow) -> Result<Store, StoreError> {
        let data_dir = paths.data_dir.clone();
        let library = Library::open(&data_dir)?;
        let read_only = is_read_only(&data_dir);
        let mut notices = Vec::new();
        if let Some(recovered) = library.recover()? {
            notices.push(recovered.to_string());
        }
        let journal = Journal::open(&paths.journal_dir())?;
        notices.extend(
            journal
                .cut_short_segments()?
                .iter()
                .map(ToString::to_string),
        );
        let index_root = IndexRoot::new(paths.index_dir());
        let live = match open_live(&index_root, &journal, read_only, follow) {
            Ok(live) => live,
            Err(unusable) => {
                if let Unusable::Damaged(why) = &unusable {
                    notices.push(format!("{why}; rebuilding it from the journal"));
                }
                // A placeholder the catch-up below replaces: it sees no
                // commit and rebuilds.
                Live {
                    index: Arc::new(PaperIndex::in_memory(journal.reader(), index_root.path())?),
                    name: None,
                    on_disk: false,
                }
            }
        };
        let fulltext = FullTextFiles::new(&data_dir);
        let store = Store {
            data_dir,
            journal,
            index_root,
            live: RwLock::new(live),
            library,
            cancel: Cancel::new(),
            read_only,
            notices: Mutex::new(notices),
            fulltext,
            damaged: Mutex::default(),
            superseded: Default::default(),
            follow,
        };
        if !store.read_only && !store.journal.plain_segments()?.is_empty() {
            let _lock = store.begin_write()?;
            store.upgrade_journal_locked()?;
        }
        store.catch_up()?;
        // A full text kept by a write that was killed before it indexed it.
        if !store.read_only && !store.fulltext.pending().is_empty() {
            drop(store.begin_write()?);
        }
        Ok(store)
    }

    /// Compresses the segments an earlier folio wrote as plain lines and
    /// rebuilds the index (its locators named places in the plain files);
    /// tells how much smaller the journal got. Killed midway, the next
    /// start finishes it.
    fn upgrade_journal_locked(&self) -> Result<(), StoreError> {
        let plain = self.journal.plain_segments()?;
        if plain.is_empty() {
            return Ok(());
        }
        let (mut before, mut after) = (0, 0);
        for (seq, _, _) in &plain {
            let (was, is) = self
                .journal
                .upgrade_plain(*seq)
                .map_err(|e| self.explain_write_error(e.into()))?;
            before += was;
            after += is;
        }
        let papers = self
            .rebuild_locked()
            .map_err(|e| self.explain_write_error(e))?;
        self.notice(format!(
            "upgraded the data dir from an earlier folio: the paper journal is compressed ({} segment(s), {:.1} MB now {:.1} MB) and the index of its {papers} papers rebuilt",
            plain.len(),
            before as f64 / 1e6,
            after as f64 / 1e6
        ));
        Ok(())
    }

    /// The live index. A rebuild (here or in another process, noticed by
    /// [`Store::refresh`]) replaces it; what was taken before stays usable.
    pub fn index(&self) -> Arc<PaperIndex> {
        Arc::clone(&self.live.read().unwrap_or_else(|p| p.into_inner()).index)
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    /// The full texts and PDFs kept in the data dir.
    pub fn fulltext(&self) -> &FullTextFiles {
        &self.fulltext
    }

    /// What the index holds of paper `id` besides its record, when it is
    /// among `kept` (the papers with a fetched text or PDF).
    fn extras(&self, kept: &HashSet<String>, id: &str) -> DocExtras {
        if kept.contains(id) {
            self.fulltext.index_extras(id)
        } else {
            DocExtras::default()
        }
    }

    /// Indexes papers again at their current journal lines, after their
    /// full text or PDF was kept (or removed). Ids not in the index are
    /// skipped.
    pub fn reindex_papers(&self, ids: &[String]) -> Result<(), StoreError> {
        let _lock = self.begin_write()?;
        self.reindex_papers_locked(ids)
    }

    /// Starts keeping paper `id`'s full text or PDF: under the write lock,
    /// with the paper recorded as pending, so that if folio is killed
    /// before [`FullTextWrite::finish`] indexes it, the next write does.
    pub fn begin_fulltext_write(&self, id: &str) -> Result<FullTextWrite<'_>, StoreError> {
        let lock = self.begin_write()?;
        self.fulltext
            .set_pending(&[id.to_string()])
            .map_err(|e| self.fulltext_error(e))?;
        Ok(FullTextWrite {
            store: self,
            _lock: lock,
            id: id.to_string(),
        })
    }

    /// Indexes the papers a killed full-text write left pending.
    fn finish_pending_fulltext(&self) -> Result<(), StoreError> {
        let pending = self.fulltext.pending();
        if pending.is_empty() {
            return Ok(());
        }
        self.reindex_papers_locked(&pending)?;
        self.fulltext
            .set_pending(&[])
            .map_err(|e| self.fulltext_error(e))
    }

    fn fulltext_error(&self, error: crate::fulltext::files::FullTextError) -> StoreError {
        StoreError::FullText(error.to_string())
    }

    fn reindex_papers_locked(&self, ids: &[String]) -> Result<(), StoreError> {
        let index = self.index();
        let searcher = index.searcher();
        let kept = self.fulltext.kept_ids();
        let mut batch = index.batch()?;
        for id in ids {
            let Some(addr) = index.address_of(&searcher, id)? else {
                continue;
            };
            let at = index.locator_of(&searcher, addr)?;
            let paper = index.paper_at(&searcher, addr)?;
            batch.upsert(&paper, at, true, &self.extras(&kept, id))?;
        }
        let journal_seq = index.commit_info()?.map_or(0, |info| info.journal_seq);
        batch
            .commit(journal_seq)
            .map_err(|e| self.explain_write_error(e.into()))?;
        Ok(())
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Whether the data dir can only be read (a shared or backed-up
    /// library): searching works, every change is refused with
    /// [`StoreError::ReadOnly`].
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The flag that stops this store's writes in progress: an import sees
    /// it between papers and just before it commits, and then leaves
    /// everything as it was ([`StoreError::Cancelled`]).
    pub fn cancel(&self) -> &Cancel {
        &self.cancel
    }

    /// What was repaired since the last call (a rebuilt index, skipped
    /// journal records), one line each, for the user to read.
    pub fn take_notices(&self) -> Vec<String> {
        std::mem::take(&mut *self.notices.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn notice(&self, text: String) {
        self.notices
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(text);
    }

    /// Picks up an index another process rebuilt (a new build named in
    /// `index/CURRENT`). Returns whether a new build was opened.
    pub fn refresh(&self) -> Result<bool, StoreError> {
        let name = self.index_root.current_name();
        let same = self.live.read().unwrap_or_else(|p| p.into_inner()).name == name;
        if same || name.is_none() {
            // Commits to the same build reach the index's reader by themselves.
            return Ok(false);
        }
        match open_live(&self.index_root, &self.journal, self.read_only, self.follow) {
            Ok(live) => {
                *self.live.write().unwrap_or_else(|p| p.into_inner()) = live;
                Ok(true)
            }
            // Caught mid-swap or damaged: keep searching the index we have.
            Err(_) => Ok(false),
        }
    }

    fn set_live(&self, live: Live) {
        *self.live.write().unwrap_or_else(|p| p.into_inner()) = live;
    }

    /// Takes the write lock for a change, after which the data dir is as the
    /// last finished write left it: the newest build is live, and whatever
    /// a killed write left behind (unpublished builds, files of an
    /// uncommitted index commit, pending journal segments) is gone.
    fn begin_write(&self) -> Result<FileLock, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly {
                dir: self.data_dir.clone(),
            });
        }
        let path = self.data_dir.join("write.lock");
        let lock = FileLock::acquire(&path).map_err(|source| match source.kind() {
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                StoreError::ReadOnly {
                    dir: self.data_dir.clone(),
                }
            }
            _ => StoreError::Lock { path, source },
        })?;
        self.refresh()?;
        self.journal.remove_pending()?;
        self.index_root
            .remove_strays()
            .map_err(|source| self.index_io(source))?;
        let on_disk = self.live.read().unwrap_or_else(|p| p.into_inner()).on_disk;
        if on_disk && let Err(e) = self.index().remove_uncommitted_files() {
            self.notice(format!("could not clean the index directory: {e}"));
        }
        self.index().reload()?;
        self.finish_pending_fulltext()?;
        Ok(lock)
    }

    fn index_io(&self, source: std::io::Error) -> StoreError {
        StoreError::Index(IndexError::Io {
            path: self.index_root.path().to_path_buf(),
            source,
        })
    }

    /// Is the index behind the journal, or of another version, or not
    /// there? Fix it: under the write lock, or (read-only) in memory.
    fn catch_up(&self) -> Result<(), StoreError> {
        if self.index_is_current()? {
            return Ok(());
        }
        if self.read_only {
            return self.rebuild_in_memory();
        }
        let _lock = self.begin_write()?;
        self.catch_up_locked()
    }

    fn index_is_current(&self) -> Result<bool, StoreError> {
        let seq = self.journal.last_seq()?;
        let live = self.live.read().unwrap_or_else(|p| p.into_inner());
        if !live.on_disk {
            return Ok(false);
        }
        Ok(match live.index.commit_info()? {
            Some(info) => {
                info.schema == crate::index::schema::SCHEMA_VERSION
                    && info.journal_seq == seq
                    && seq > 0
            }
            None => false,
        })
    }

    fn catch_up_locked(&self) -> Result<(), StoreError> {
        if self.index_is_current()? {
            return Ok(());
        }
        let segments = self.journal.segments()?;
        let Some(&(last, _)) = segments.last() else {
            // First start: nothing in the journal yet, so bring in the demo papers.
            self.rebuild_locked()?;
            let papers = ingest::listing::parse(DEMO_LISTING, DEMO_ORIGIN, today())?;
            self.import_locked(papers.into_iter().map(Ok))?;
            return Ok(());
        };
        let on_disk = self.live.read().unwrap_or_else(|p| p.into_inner()).on_disk;
        let indexed = self
            .index()
            .commit_info()?
            .filter(|i| i.schema == crate::index::schema::SCHEMA_VERSION && on_disk)
            .map(|i| i.journal_seq);
        match indexed {
            Some(indexed) if indexed < last => {
                // Behind: replay the newer segments into the live index; if
                // that fails, build a whole new one.
                if let Err(e) = self.replay_into_live(&segments, indexed, last) {
                    if matches!(e, StoreError::Cancelled) {
                        return Err(e);
                    }
                    self.notice(format!(
                        "the search index could not catch up with the journal ({e}); rebuilding it"
                    ));
                    self.rebuild_locked()?;
                }
                Ok(())
            }
            // Ahead of the journal (segments were lost), of another version,
            // or no index at all: only the journal is trusted.
            _ => self.rebuild_locked().map(|_| ()),
        }
    }

    fn replay_into_live(
        &self,
        segments: &[(u64, PathBuf)],
        indexed: u64,
        last: u64,
    ) -> Result<(), StoreError> {
        let index = self.index();
        let mut batch = index.batch()?;
        for (seq, path) in segments {
            if *seq > indexed {
                self.replay(&mut batch, *seq, path)?;
            }
        }
        if self.cancel.is_cancelled() {
            return Err(StoreError::Cancelled);
        }
        batch.commit(last)?;
        Ok(())
    }

    /// Builds a new index from the whole journal beside the live one and
    /// swaps it in; returns the paper count. The live index is not read, so
    /// this works whatever state it is in.
    fn rebuild_locked(&self) -> Result<u64, StoreError> {
        let build = self
            .index_root
            .new_build()
            .map_err(|source| self.index_io(source))?;
        let index = PaperIndex::create(&build, self.journal.reader())?;
        let segments = self.journal.segments()?;
        {
            let mut batch = index.batch()?;
            for (seq, path) in &segments {
                self.replay(&mut batch, *seq, path)?;
            }
            if self.cancel.is_cancelled() {
                return Err(StoreError::Cancelled);
            }
            batch.commit(segments.last().map_or(0, |(s, _)| *s))?;
        }
        self.tell_lost_papers(&index);
        self.index_root
            .publish(&build)
            .map_err(|source| self.index_io(source))?;
        let count = index.paper_count();
        self.set_live(Live {
            index: Arc::new(index),
            name: self.index_root.current_name(),
            on_disk: true,
        });
        if let Err(source) = self.index_root.remove_strays() {
            self.notice(format!(
                "could not remove an old index build: {source}; the next write tries again"
            ));
        }
        Ok(count)
    }

    /// After a rebuild that skipped damaged journal blocks: which papers the
    /// index had there and the rebuilt one `fresh` no longer has, told
    /// first among the notices.
    fn tell_lost_papers(&self, fresh: &PaperIndex) {
        let damaged = std::mem::take(&mut *self.damaged.lock().unwrap_or_else(|p| p.into_inner()));
        if damaged.is_empty() {
            return;
        }
        let old = self.live.read().unwrap_or_else(|p| p.into_inner());
        let lost = if old.on_disk {
            old.index.ids_in_journal_ranges(&damaged)
        } else {
            // A placeholder for an index that could not be opened knows nothing.
            Err(IndexError::BadDocument("no index to ask".into()))
        };
        drop(old);
        let lost = lost.map(|ids| {
            let searcher = fresh.searcher();
            ids.into_iter()
                .filter(|id| !matches!(fresh.address_of(&searcher, id), Ok(Some(_))))
                .collect::<Vec<_>>()
        });
        let told = match lost {
            Ok(ids) if ids.is_empty() => {
                "no paper was lost with the damaged journal blocks: the index had none of its papers there".to_string()
            }
            Ok(ids) => {
                const NAMED: usize = 10;
                let more = ids.len().saturating_sub(NAMED);
                let named = ids.iter().take(NAMED).cloned().collect::<Vec<_>>().join(", ");
                let more = if more > 0 { format!(" and {more} more") } else { String::new() };
                format!(
                    "{} papers were lost with the damaged journal blocks: {named}{more}; import them again (or sync) to get them back",
                    ids.len()
                )
            }
            Err(_) => "the papers in the damaged journal blocks are lost: the old index could not say which they were; import or sync again to get them back".to_string(),
        };
        self.notices
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(0, told);
    }

    /// A read-only data dir whose index cannot be used as it is: search an
    /// index built in memory from the journal.
    fn rebuild_in_memory(&self) -> Result<(), StoreError> {
        let segments = self.journal.segments()?;
        if segments.is_empty() {
            return Err(StoreError::ReadOnly {
                dir: self.data_dir.clone(),
            });
        }
        let index = PaperIndex::in_memory(self.journal.reader(), self.index_root.path())?;
        {
            let mut batch = index.batch()?;
            for (seq, path) in &segments {
                self.replay(&mut batch, *seq, path)?;
            }
            batch.commit(segments.last().map_or(0, |(s, _)| *s))?;
        }
        self.notice(format!(
            "the search index in {} is missing or out of date and the data dir is read-only; searching a copy built in memory",
            self.index_root.path().display()
        ));
        self.set_live(Live {
            index: Arc::new(index),
            name: None,
            on_disk: false,
        });
        Ok(())
    }

    /// Rebuilds the index from the journal alone, beside the live one, and
    /// swaps it in; returns the paper count. Works whatever state the live
    /// index is in.
    pub fn reindex(&self) -> Result<u64, StoreError> {
        let _lock = self.begin_write()?;
        let rebuilt = if self.journal.last_seq()? == 0 {
            self.catch_up_locked().map(|()| self.index().paper_count())
        } else {
            self.rebuild_locked()
        };
        rebuilt.map_err(|e| self.explain_write_error(e))
    }

    /// Replays one segment into `batch`; damaged lines are skipped and told.
    fn replay(
        &self,
        batch: &mut crate::index::IndexBatch<'_>,
        seq: u64,
        path: &Path,
    ) -> Result<(), StoreError> {
        let kept = self.fulltext.kept_ids();
        for entry in Journal::read_segment(seq, path)? {
            if self.cancel.is_cancelled() {
                return Err(StoreError::Cancelled);
            }
            let entry = match entry {
                Ok(entry) => entry,
                Err(e @ JournalError::Corrupt { .. }) => {
                    self.notice(e.to_string());
                    continue;
                }
                Err(e) if e.unreadable_places().is_some() => {
                    // Which papers went with it is told once the rebuild is
                    // done (see `tell_lost_papers`).
                    if let Some(places) = e.unreadable_places() {
                        self.damaged
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push((seq, places));
                    }
                    self.notice(e.to_string());
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            match entry.record {
                Record::Upsert(paper) => {
                    let extras = self.extras(&kept, paper.id.as_str());
                    batch.upsert(&paper, entry.at, true, &extras)?
                }
                Record::Delete(id) => batch.delete(&id),
            }
        }
        Ok(())
    }

    /// Parses `text` (of `format`, or detected) and imports it.
    pub fn import_text(
        &self,
        text: &str,
        format: Option<Format>,
        origin: &str,
    ) -> Result<ImportSummary, StoreError> {
        let format = match format {
            Some(f) => f,
            None => ingest::detect_format(text.as_bytes(), origin)?,
        };
        let papers = ingest::parse(format, text, origin, today())?;
        self.import(papers.into_iter().map(Ok))
    }

    /// Imports papers, all or nothing: the first error leaves papers, index
    /// and library exactly as they were.
    pub fn import(
        &self,
        papers: impl IntoIterator<Item = Result<Paper, IngestError>>,
    ) -> Result<ImportSummary, StoreError> {
        self.import_and_remove(papers, &[])
            .map(|(summary, _)| summary)
    }

    /// Imports papers and removes the papers `removed` names (an OAI
    /// harvest's page: its records and its deletions) in one write, all or
    /// nothing; returns what the import did and how many papers were
    /// removed. The library is left alone: a bookmark on a removed paper
    /// stays, listed as missing.
    pub fn import_and_remove(
        &self,
        papers: impl IntoIterator<Item = Result<Paper, IngestError>>,
        removed: &[String],
    ) -> Result<(ImportSummary, usize), StoreError> {
        let _lock = self.begin_write()?;
        let started = std::time::Instant::now();
        let imported = (|| {
            if !self.index_is_current()? {
                self.catch_up_locked()?;
            }
            self.write_locked(papers, removed)
        })();
        if imported.is_err() && self.live.read().unwrap_or_else(|p| p.into_inner()).on_disk {
            // What the failed commit wrote is of no use to anyone.
            let _ = self.index().remove_uncommitted_files();
        }
        let ms = started.elapsed().as_millis() as u64;
        match &imported {
            Ok((summary, removed)) => tracing::info!(
                new = summary.new,
                updated = summary.updated,
                removed,
                ms,
                "imported"
            ),
            Err(error) => tracing::warn!(%error, ms, "import failed, nothing changed"),
        }
        if let Ok((summary, removed)) = &imported {
            self.merge_after_write(summary.updated + removed);
        }
        imported.map_err(|e| self.explain_write_error(e))
    }

    /// A write that failed because the disk is full says so, whatever layer
    /// noticed first (tantivy's indexing threads report only that they died).
    fn explain_write_error(&self, error: StoreError) -> StoreError {
        if matches!(error, StoreError::Cancelled | StoreError::ReadOnly { .. }) {
            return error;
        }
        if crate::fsutil::mentions_disk_full(&error) || crate::fsutil::disk_is_full(&self.data_dir)
        {
            return StoreError::DiskFull {
                dir: self.data_dir.clone(),
            };
        }
        error
    }

    fn import_locked(
        &self,
        papers: impl IntoIterator<Item = Result<Paper, IngestError>>,
    ) -> Result<ImportSummary, StoreError> {
        self.write_locked(papers, &[]).map(|(summary, _)| summary)
    }

    fn write_locked(
        &self,
        papers: impl IntoIterator<Item = Result<Paper, IngestError>>,
        removed: &[String],
    ) -> Result<(ImportSummary, usize), StoreError> {
        let index = self.index();
        let searcher = index.searcher();
        let mut segment = self.journal.begin()?;
        let mut batch = index.batch()?;
        let mut summary = ImportSummary::default();
        let kept = self.fulltext.kept_ids();
        // Every paper this import brings is first seen at the same instant.
        let now = chrono::Utc::now();
        let mut pending: HashMap<String, Paper> = HashMap::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut rekeys: Vec<(String, String)> = Vec::new();
        // An empty index (a first import) has nothing to look up or replace.
        let index_is_empty = searcher.num_docs() == 0;
        for paper in papers {
            if self.cancel.is_cancelled() {
                return Err(StoreError::Cancelled);
            }
            let incoming = paper?;
            let id = incoming.id.as_str().to_string();
            let earlier = match pending.remove(&id) {
                Some(p) => Some(p),
                None if seen.contains(&id) || index_is_empty => None,
                None => self.find_existing(&searcher, &incoming)?,
            };
            let mut replace = true;
            let merged = match earlier {
                Some(existing) if merges_to_itself(&existing, &incoming) => {
                    // Nothing new: the journal and the index keep what they have.
                    summary.unchanged += 1;
                    let existing_id = existing.id.as_str().to_string();
                    seen.insert(existing_id.clone());
                    if pending.len() < MAX_BATCH_MERGE {
                        pending.insert(existing_id, existing);
                    }
                    continue;
                }
                Some(mut existing) => {
                    let old_id = existing.id.as_str().to_string();
                    existing.merge_newer(incoming);
                    if old_id != existing.id.as_str() {
                        batch.delete(&old_id);
                        segment.append_delete(&old_id)?;
                        rekeys.push((old_id, existing.id.as_str().to_string()));
                    }
                    summary.updated += 1;
                    existing
                }
                None if seen.contains(&id) => {
                    summary.updated += 1;
                    first_seen_at(incoming, now)
                }
                None => {
                    summary.new += 1;
                    replace = false;
                    first_seen_at(incoming, now)
                }
            };
            let at = segment.append(&merged)?;
            batch.upsert(
                &merged,
                at,
                replace,
                &self.extras(&kept, merged.id.as_str()),
            )?;
            let merged_id = merged.id.as_str().to_string();
            seen.insert(merged_id.clone());
            if pending.len() < MAX_BATCH_MERGE {
                pending.insert(merged_id, merged);
            }
        }
        let mut gone = 0;
        for id in removed {
            // A paper this same write brought back stays; one folio never
            // had needs no deletion record.
            if seen.contains(id) || index.address_of(&searcher, id)?.is_none() {
                continue;
            }
            segment.append_delete(id)?;
            batch.delete(id);
            gone += 1;
        }
        if segment.records() == 0 && gone == 0 {
            return Ok((summary, 0));
        }
        let target = segment.target().to_path_buf();
        if self.cancel.is_cancelled() {
            return Err(StoreError::Cancelled);
        }
        let seq = segment.finish()?;
        if let Err(e) = batch.commit(seq) {
            // Keep the journal and the index in step: the import did not happen.
            let _ = std::fs::remove_file(&target);
            return Err(e.into());
        }
        if !rekeys.is_empty() {
            self.library.update(|state| {
                for (old, new) in &rekeys {
                    state.rekey(old, new);
                }
            })?;
        }
        Ok((summary, gone))
    }

    /// The stored version of an incoming paper: same id, or (when one side
    /// only has a slug) the same normalized title.
    fn find_existing(
        &self,
        searcher: &tantivy::Searcher,
        incoming: &Paper,
    ) -> Result<Option<Paper>, StoreError> {
        let index = self.index();
        if let Some(addr) = index.address_of(searcher, incoming.id.as_str())? {
            return Ok(Some(index.paper_at(searcher, addr)?));
        }
        let key = normalized_title(&incoming.title);
        if key.is_empty() {
            return Ok(None);
        }
        for addr in index.addresses_with_title(searcher, &key, 4)? {
            let candidate = index.paper_at(searcher, addr)?;
            if normalized_title(&candidate.title) != key {
                continue;
            }
            if candidate.arxiv_id.is_none() || incoming.arxiv_id.is_none() {
                return Ok(Some(candidate));
            }
        }
        Ok(None)
    }

    /// The user's bookmarks, tags and read marks as id sets for query filters.
    pub fn user_sets(&self) -> Result<(UserState, UserSets), StoreError> {
        let state = self.library.load()?;
        let sets = user_sets(&state);
        Ok((state, sets))
    }

    /// Runs a search with the user's library for `is:` and `tag:` filters.
    pub fn search(
        &self,
        request: &SearchRequest,
    ) -> Result<(UserState, SearchResults), StoreError> {
        let (state, sets) = self.user_sets()?;
        let body_of = self.body_of();
        let results =
            self.with_index(|index| Ok(index.search_with_bodies(request, &sets, &body_of)?))?;
        Ok((state, results))
    }

    /// [`Store::search`] without counting every match (see
    /// [`PaperIndex::hits_with_bodies`]).
    pub fn search_hits(
        &self,
        request: &SearchRequest,
    ) -> Result<(UserState, Vec<Hit>), StoreError> {
        let (state, sets) = self.user_sets()?;
        let body_of = self.body_of();
        let hits =
            self.with_index(|index| Ok(index.hits_with_bodies(request, &sets, &body_of)?))?;
        Ok((state, hits))
    }

    /// A paper's fetched full text section by section, for the snippets of
    /// hits that show the query nowhere else (only those ask, one file each).
    fn body_of(&self) -> impl Fn(&str) -> Option<Vec<(String, String)>> + '_ {
        |id: &str| Some(self.fulltext.document(id).ok()??.section_texts())
    }

    /// Every paper matching `query` (the library's `is:` and `tag:` sets
    /// apply), for changes made to all of them at once.
    pub fn matching_papers(&self, query: &str) -> Result<Vec<Paper>, StoreError> {
        let (_, sets) = self.user_sets()?;
        let request = SearchRequest::new(query);
        self.with_index(|index| Ok(index.matching_papers(&request, &sets)?))
    }

    /// Looks a paper up by id.
    pub fn paper(&self, id: &str) -> Result<Option<Paper>, StoreError> {
        self.with_index(|index| Ok(index.get(id)?))
    }

    /// Papers like `id`; `None` when there is no such paper.
    pub fn similar(&self, id: &str, limit: usize) -> Result<Option<Vec<Hit>>, StoreError> {
        self.with_index(|index| Ok(index.similar(id, limit)?))
    }

    /// Runs `read` on the live index. Damage that opening did not reveal (a
    /// file tantivy reads only when a query needs it) is repaired the same
    /// way: the index is rebuilt from the journal, and `read` runs once more.
    pub fn with_index<T>(
        &self,
        read: impl Fn(&PaperIndex) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        match read(&self.index()) {
            Err(e) if is_index_damage(&e) => {
                let why = format!(
                    "the search index is damaged ({}); rebuilding it from the journal",
                    damage_cause(&e)
                );
                self.notice(why);
                if self.read_only {
                    self.rebuild_in_memory()?;
                } else {
                    let _lock = self.begin_write()?;
                    self.rebuild_locked()
                        .map_err(|e| self.explain_write_error(e))?;
                }
                read(&self.index())
            }
            other => other,
        }
    }

    /// Looks a paper up by id, or fails with a message that helps find the
    /// right id (an index failure is reported as itself, not as "no paper").
    pub fn require_paper(&self, id: &str) -> Result<Paper, StoreError> {
        self.paper(id)?
            .ok_or_else(|| StoreError::NotFound(NotFound(id.to_string())))
    }
}

/// A full text or PDF being kept: holds the write lock; [`FullTextWrite::finish`]
/// indexes the paper and clears its pending record.
pub struct FullTextWrite<'a> {
    store: &'a Store,
    _lock: FileLock,
    id: String,
}

impl FullTextWrite<'_> {
    pub fn finish(self) -> Result<(), StoreError> {
        self.store
            .reindex_papers_locked(std::slice::from_ref(&self.id))?;
        self.store
            .fulltext
            .set_pending(&[])
            .map_err(|e| self.store.fulltext_error(e))
    }
}

/// No paper has the id the user gave.
#[derive(Debug, Error)]
#[error("no paper with id `{0}`; {hint}", hint = not_found_hint(.0))]
pub struct NotFound(pub String);

/// How to find the right id: without its version, when `id` is an arXiv
/// id with one (folio keeps papers under the id without it).
fn not_found_hint(id: &str) -> String {
    let versionless = id
        .rsplit_once('v')
        .filter(|(base, version)| {
            !version.is_empty()
                && version.bytes().all(|b| b.is_ascii_digit())
                && base.bytes().last().is_some_and(|b| b.is_ascii_digit())
        })
        .map(|(base, _)| base);
    match versionless {
        Some(base) => format!("folio keeps arXiv papers without their version: try `{base}`"),
        None => "find ids with `folio search WORDS` or `folio list`".to_string(),
    }
}

/// Builds the query filter sets from the user's library.
pub fn user_sets(state: &UserState) -> UserSets {
    let mut tags: HashMap<String, Vec<String>> = HashMap::new();
    for (id, entry) in &state.papers {
        for tag in &entry.tags {
            tags.entry(tag.clone()).or_default().push(id.clone());
        }
    }
    let parsed: Vec<(String, Result<crate::index::query::Node, String>)> = state
        .watches
        .iter()
        .map(|(name, watch)| {
            let node = crate::index::query::parse(&watch.query, Default::default())
                .map_err(|e| crate::model::sanitize::clean_text(&e.message));
            (name.clone(), node)
        })
        .collect();
    UserSets {
        bookmarked: state
            .bookmarked_ids()
            .into_iter()
            .map(String::from)
            .collect(),
        read: state.read_ids().map(String::from).collect(),
        dismissed: state.dismissed_ids().map(String::from).collect(),
        tags,
        new_since: state
            .last_looked
            .map_or(0, |at| u64::try_from(at.timestamp_millis()).unwrap_or(0)),
        // A watch's query parsed when it was added; one edited by hand into
        // something that no longer parses is left out, and matches nothing.
        watches: parsed
            .iter()
            .filter_map(|(name, node)| Some((name.clone(), node.as_ref().ok()?.clone())))
            .collect(),
        broken_watches: parsed
            .into_iter()
            .filter_map(|(name, node)| Some((name, node.err()?)))
            .collect(),
    }
}

/// Whether a failed read is the index's own files being unreadable (then a
/// rebuild from the journal fixes it), not a query or a journal problem.
fn is_index_damage(error: &StoreError) -> bool {
    matches!(
        error,
        StoreError::Index(IndexError::Tantivy(_) | IndexError::Open { .. })
            | StoreError::Search(SearchError::Index(
                IndexError::Tantivy(_) | IndexError::Open { .. }
            ))
    )
}

fn damage_cause(error: &StoreError) -> String {
    match error {
        StoreError::Index(e) | StoreError::Search(SearchError::Index(e)) => {
            crate::index::open_error_cause(e)
        }
        other => other.to_string(),
    }
}

/// A paper folio has not had before, marked as first seen `now`.
fn first_seen_at(mut paper: Paper, now: chrono::DateTime<chrono::Utc>) -> Paper {
    if paper.first_seen.is_none() {
        paper.first_seen = Some(now);
    }
    paper
}

/// Whether merging `incoming` into `existing` would change nothing.
fn merges_to_itself(existing: &Paper, incoming: &Paper) -> bool {
    let mut merged = existing.clone();
    merged.merge_newer(incoming.clone());
    merged == *existing
}

/// The live build, opened; why not when it cannot be.
fn open_live(
    root: &IndexRoot,
    journal: &Journal,
    read_only: bool,
    follow: Follow,
) -> Result<Live, Unusable> {
    let dir = match root.current() {
        Ok(Some(dir)) => dir,
        Ok(None) => return Err(Unusable::Missing),
        Err(e) => {
            return Err(Unusable::Damaged(format!(
                "the search index in {} could not be read ({e})",
                root.path().display()
            )));
        }
    };
    match PaperIndex::open_following(&dir, journal.reader(), read_only, follow) {
        Ok((index, _)) => Ok(Live {
            index: Arc::new(index),
            name: root.current_name(),
            on_disk: true,
        }),
        Err(e) => {
            let cause = crate::index::open_error_cause(&e);
            // tantivy keeps some index files readable by their owner only.
            let what = if cause.contains("PermissionDenied") {
                "cannot be read by this user (permission denied)"
            } else {
                "is damaged"
            };
            Err(Unusable::Damaged(format!(
                "the search index in {} {what} ({cause})",
                dir.display()
            )))
        }
    }
}

/// Whether this process cannot write to the data dir. Probed by opening the
/// write lock file for writing, which takes no lock.
fn is_read_only(data_dir: &Path) -> bool {
    let probe = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(data_dir.join("write.lock"));
    matches!(
        probe.map_err(|e| e.kind()),
        Err(std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem)
    )
}

/// Today's date where the user is: listing dates given without a year
/// resolve against it, and the reader's date views fall back to it.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

#[cfg(test)]
mod tests {
    use super::NotFound;

    #[test]
    fn a_versioned_arxiv_id_is_told_to_drop_its_version() {
        let told = NotFound("2501.11120v2".into()).to_string();
        assert!(told.contains("try `2501.11120`"), "{told}");
        let told = NotFound("hep-th/9901001v1".into()).to_string();
        assert!(told.contains("try `hep-th/9901001`"), "{told}");
        for other in ["transformers-v", "dev", "v2"] {
            let told = NotFound(other.into()).to_string();
            assert!(told.contains("folio search"), "{told}");
        }
    }
}
