//! One data directory: the paper journal, the search index built from it and
//! the user's library, kept consistent with each other.
//!
//! Every write to papers (import, reindex, first-start seeding) happens under
//! `write.lock`, re-reads the state on disk, and is all or nothing: the journal
//! segment and the index commit land together or not at all. Reading needs no
//! lock, so a TUI keeps working while another process imports.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use thiserror::Error;

use crate::cancel::Cancel;
use crate::config::Paths;
use crate::fsutil::FileLock;
use crate::index::query::UserSets;
use crate::index::{IndexError, PaperIndex, SearchError, SearchRequest, SearchResults};
use crate::ingest::{self, Format, IngestError};
use crate::journal::{Journal, JournalError, Record};
use crate::library::{Library, LibraryError, UserState};
use crate::model::{Paper, normalized_title};

/// The demo corpus shipped inside the binary, imported on first start.
pub const DEMO_LISTING: &str = include_str!("../assets/hf-papers-listing.txt");
const DEMO_ORIGIN: &str = "the demo corpus";

/// In-batch duplicates are merged in memory up to this many papers; beyond
/// it a repeated id in one huge import simply takes the later record.
const MAX_BATCH_MERGE: usize = 10_000;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error(transparent)]
    Index(#[from] IndexError),
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
    #[error("the import was interrupted before it was saved; nothing of it was kept")]
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
}

impl ImportSummary {
    pub fn total(&self) -> usize {
        self.new + self.updated
    }
}

pub struct Store {
    data_dir: PathBuf,
    journal: Journal,
    index: PaperIndex,
    library: Library,
    /// Raised to stop a write in progress before it commits (see [`Cancel`]).
    cancel: Cancel,
    /// The user cannot write to the data dir: reading works, writes are refused.
    read_only: bool,
}

impl Store {
    /// Opens (creating on first use) the data dir; brings the index up to
    /// date with the journal, and imports the demo corpus into an empty one.
    pub fn open(paths: &Paths) -> Result<Store, StoreError> {
        let library = Library::open(&paths.data_dir)?;
        let journal = Journal::open(&paths.journal_dir())?;
        let (index, _) = PaperIndex::open_or_create(&paths.index_dir(), journal.reader())?;
        let store = Store {
            data_dir: paths.data_dir.clone(),
            journal,
            index,
            library,
            cancel: Cancel::new(),
            read_only: false,
        };
        store.catch_up()?;
        Ok(store)
    }

    pub fn index(&self) -> &PaperIndex {
        &self.index
    }

    pub fn library(&self) -> &Library {
        &self.library
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

    fn write_lock(&self) -> Result<FileLock, StoreError> {
        let path = self.data_dir.join("write.lock");
        FileLock::acquire(&path).map_err(|source| StoreError::Lock { path, source })
    }

    /// Is the index behind the journal, or of another version? Fix it.
    fn catch_up(&self) -> Result<(), StoreError> {
        if self.index_is_current()? {
            return Ok(());
        }
        let _lock = self.write_lock()?;
        self.index.reload()?;
        self.catch_up_locked()
    }

    fn index_is_current(&self) -> Result<bool, StoreError> {
        let seq = self.journal.last_seq()?;
        Ok(match self.index.commit_info()? {
            Some(info) => {
                info.schema == crate::index::schema::SCHEMA_VERSION
                    && info.journal_seq == seq
                    && seq > 0
            }
            None => false,
        })
    }

    fn catch_up_locked(&self) -> Result<(), StoreError> {
        let segments = self.journal.segments()?;
        let indexed = self
            .index
            .commit_info()?
            .filter(|i| i.schema == crate::index::schema::SCHEMA_VERSION)
            .map_or(0, |i| i.journal_seq);
        let Some(&(last, _)) = segments.last() else {
            // First start: nothing in the journal yet, so bring in the demo papers.
            let papers = ingest::listing::parse(DEMO_LISTING, DEMO_ORIGIN, today())?;
            self.import_locked(papers.into_iter().map(Ok))?;
            return Ok(());
        };
        if indexed == last {
            return Ok(());
        }
        let mut batch = self.index.batch()?;
        if indexed > last {
            // The journal lost segments the index has: trust only the journal.
            batch.clear()?;
        }
        for (seq, path) in &segments {
            if *seq > indexed || indexed > last {
                replay(&mut batch, *seq, path)?;
            }
        }
        batch.commit(last)?;
        Ok(())
    }

    /// Rebuilds the index from the journal alone; returns the paper count.
    pub fn reindex(&self) -> Result<u64, StoreError> {
        let _lock = self.write_lock()?;
        let segments = self.journal.segments()?;
        let mut batch = self.index.batch()?;
        batch.clear()?;
        for (seq, path) in &segments {
            replay(&mut batch, *seq, path)?;
        }
        let last = segments.last().map_or(0, |(s, _)| *s);
        batch.commit(last)?;
        if last == 0 {
            self.catch_up_locked()?;
        }
        Ok(self.index.paper_count())
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
        let _lock = self.write_lock()?;
        self.index.reload()?;
        if !self.index_is_current()? && self.journal.last_seq()? > 0 {
            self.catch_up_locked()?;
        }
        self.import_locked(papers)
    }

    fn import_locked(
        &self,
        papers: impl IntoIterator<Item = Result<Paper, IngestError>>,
    ) -> Result<ImportSummary, StoreError> {
        let searcher = self.index.searcher();
        let mut segment = self.journal.begin()?;
        let mut batch = self.index.batch()?;
        let mut summary = ImportSummary::default();
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
                    incoming
                }
                None => {
                    summary.new += 1;
                    replace = false;
                    incoming
                }
            };
            let at = segment.append(&merged)?;
            batch.upsert(&merged, at, replace)?;
            let merged_id = merged.id.as_str().to_string();
            seen.insert(merged_id.clone());
            if pending.len() < MAX_BATCH_MERGE {
                pending.insert(merged_id, merged);
            }
        }
        if segment.records() == 0 {
            return Ok(summary);
        }
        let target = self
            .journal
            .dir()
            .join(format!("{:08}.jsonl", segment.seq()));
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
        Ok(summary)
    }

    /// The stored version of an incoming paper: same id, or (when one side
    /// only has a slug) the same normalized title.
    fn find_existing(
        &self,
        searcher: &tantivy::Searcher,
        incoming: &Paper,
    ) -> Result<Option<Paper>, StoreError> {
        if let Some(addr) = self.index.address_of(searcher, incoming.id.as_str())? {
            return Ok(Some(self.index.paper_at(searcher, addr)?));
        }
        let key = normalized_title(&incoming.title);
        if key.is_empty() {
            return Ok(None);
        }
        for addr in self.index.addresses_with_title(searcher, &key, 4)? {
            let candidate = self.index.paper_at(searcher, addr)?;
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
        let results = self.index.search(request, &sets)?;
        Ok((state, results))
    }

    /// Looks a paper up by id.
    pub fn paper(&self, id: &str) -> Result<Option<Paper>, StoreError> {
        Ok(self.index.get(id)?)
    }

    /// Looks a paper up by id, or fails with a message that helps find the
    /// right id (an index failure is reported as itself, not as "no paper").
    pub fn require_paper(&self, id: &str) -> Result<Paper, StoreError> {
        self.paper(id)?
            .ok_or_else(|| StoreError::NotFound(NotFound(id.to_string())))
    }
}

/// No paper has the id the user gave.
#[derive(Debug, Error)]
#[error("no paper with id `{0}`; find ids with `folio search WORDS` or `folio list`")]
pub struct NotFound(pub String);

/// Builds the query filter sets from the user's library.
pub fn user_sets(state: &UserState) -> UserSets {
    let mut tags: HashMap<String, Vec<String>> = HashMap::new();
    for (id, entry) in &state.papers {
        for tag in &entry.tags {
            tags.entry(tag.clone()).or_default().push(id.clone());
        }
    }
    UserSets {
        bookmarked: state
            .bookmarked_ids()
            .into_iter()
            .map(String::from)
            .collect(),
        read: state.read_ids().map(String::from).collect(),
        tags,
    }
}

fn replay(
    batch: &mut crate::index::IndexBatch<'_>,
    seq: u64,
    path: &Path,
) -> Result<(), StoreError> {
    for entry in Journal::read_segment(seq, path)? {
        let entry = entry?;
        match entry.record {
            Record::Upsert(paper) => batch.upsert(&paper, entry.at, true)?,
            Record::Delete(id) => batch.delete(&id),
        }
    }
    Ok(())
}

/// Today's date where the user is: listing dates given without a year
/// resolve against it, and the reader's date views fall back to it.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}
