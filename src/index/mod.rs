//! The rebuildable full-text index over every paper folio knows.
//!
//! The index is a cache: the paper journal is the source of truth, and the
//! commit payload records how much of the journal the index holds, so an
//! index that is missing, from another schema version, or behind the journal
//! is rebuilt or caught up rather than trusted. Papers are read back from the
//! journal through the locator each document keeps. User state never lives here.

mod cancellable;
mod counts;
mod doc_scores;
pub(crate) mod document;
mod every_match;
mod follow;
pub mod highlight;
mod journal_map;
mod lanes;
pub mod location;
mod locators;
pub mod query;
mod read_only_dir;
mod result_set;
pub mod schema;
mod search;
mod similar;
pub(crate) mod stem_cache;
pub(crate) mod stop_words;
pub mod tidy;
mod top_scores;
mod view;
mod words;
mod writer;

#[cfg(test)]
mod term_walk_tests;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Index, IndexReader, Searcher, Term};
use thiserror::Error;

use crate::journal::{JournalError, Locator, RecordReader};
use crate::model::Paper;
pub use counts::MatchCounts;
pub use doc_scores::DocScores;
pub use document::DocExtras;
pub use follow::Follow;
pub use highlight::{Highlighter, Snippet};
pub use lanes::in_back_lane;
pub(crate) use locators::Locators;
pub use result_set::{Budget, MarkedPaper, ResultSet};
pub use schema::Fields;
pub use search::{Hit, PreparedQuery, SearchError, SearchRequest, SearchResults, Sort};
pub use tidy::{Tidied, tidy_plan};
pub use view::{IndexGeneration, IndexView, SegmentsKey};
pub use writer::IndexBatch;

#[derive(Debug, Error)]
pub enum IndexError {
    #[error(
        "the search index at {path} could not be used: {source}; run `folio reindex` to rebuild it"
    )]
    Open {
        path: PathBuf,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error(
        "another folio process is writing to the index (an import or sync); wait for it to finish and try again"
    )]
    Busy,
    #[error("search index error: {0}; if it persists, run `folio reindex`")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("a stored paper could not be read ({0}); run `folio reindex` to rebuild the index")]
    BadDocument(String),
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// A search stopped part-way because its cancel flag was raised (a
    /// newer search replaced it); nobody is waiting for its answer.
    #[error("the search was stopped because a newer one replaced it")]
    Cancelled,
    #[error(
        "could not create the index directory {path}: {source}; check that the data dir is writable"
    )]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// What the index records about itself in each commit.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct CommitInfo {
    pub schema: u32,
    /// The last journal segment whose papers are in the index.
    pub journal_seq: u64,
}

/// An open index: tantivy index, resolved fields and a reader that follows
/// commits made by any process.
pub struct PaperIndex {
    index: Index,
    fields: Fields,
    reader: IndexReader,
    records: RecordReader,
    dir: PathBuf,
    /// Tells this index apart from one opened later in its place.
    instance: u64,
    /// The newest paper's date in the last view asked about: finding it
    /// visits every paper (10 ms at a million), and every reader search
    /// wants it.
    newest: std::sync::Mutex<Option<(SegmentsKey, Option<chrono::NaiveDate>)>>,
}

/// Numbers [`PaperIndex`] instances for [`PaperIndex::generation`].
static NEXT_INSTANCE: AtomicU64 = AtomicU64::new(1);

impl PaperIndex {
    /// Opens the index build in `dir`. Fails when there is none or it cannot
    /// be read (a damaged or missing file): the caller rebuilds it from the
    /// journal. Returns `None` for the commit info when the index was built
    /// by another schema version (the caller rebuilds that too). A
    /// `read_only` index is read without taking any lock file.
    pub fn open(
        dir: &Path,
        records: RecordReader,
        read_only: bool,
    ) -> Result<(PaperIndex, Option<CommitInfo>), IndexError> {
        Self::open_following(dir, records, read_only, Follow::Commits)
    }

    /// [`PaperIndex::open`], choosing whether the index follows commits
    /// other processes make while it is open.
    pub fn open_following(
        dir: &Path,
        records: RecordReader,
        read_only: bool,
        follow: Follow,
    ) -> Result<(PaperIndex, Option<CommitInfo>), IndexError> {
        let open_err = |source| IndexError::Open {
            path: dir.to_path_buf(),
            source,
        };
        let index = if read_only {
            Index::open(read_only_dir::ReadOnlyDirectory::open(dir).map_err(open_err)?)
        } else {
            Index::open(MmapDirectory::open(dir).map_err(|e| open_err(e.into()))?)
        }
        .map_err(open_err)?;
        let (schema, _) = schema::build_schema();
        let index_is_current = index.schema() == schema;
        let paper_index =
            Self::from_index(index, records, dir.to_path_buf(), follow).map_err(|e| match e {
                IndexError::Tantivy(source) => open_err(source),
                other => other,
            })?;
        let info = paper_index
            .commit_info()?
            .filter(|i| i.schema == schema::SCHEMA_VERSION && index_is_current);
        Ok((paper_index, info))
    }

    /// Creates an empty index in the (empty) directory `dir`.
    pub fn create(dir: &Path, records: RecordReader) -> Result<PaperIndex, IndexError> {
        let open_err = |source| IndexError::Open {
            path: dir.to_path_buf(),
            source,
        };
        let (schema, _) = schema::build_schema();
        let directory = MmapDirectory::open(dir).map_err(|e| open_err(e.into()))?;
        let index = Index::create(directory, schema, Default::default()).map_err(open_err)?;
        Self::from_index(index, records, dir.to_path_buf(), Follow::Commits)
    }

    /// An empty index in memory: what a read-only data dir whose index is
    /// missing or stale is searched through, rebuilt from its journal.
    pub fn in_memory(records: RecordReader, shown_as: &Path) -> Result<PaperIndex, IndexError> {
        let (schema, _) = schema::build_schema();
        Self::from_index(
            Index::create_in_ram(schema),
            records,
            shown_as.to_path_buf(),
            Follow::Commits,
        )
    }

    /// Opens the index in `dir`, creating an empty one when there is none;
    /// an index of another schema version is emptied in place (for tools
    /// such as the benchmarks that keep an index in a directory of their
    /// own; the data dir goes through [`location::IndexRoot`]).
    pub fn open_or_create(
        dir: &Path,
        records: RecordReader,
    ) -> Result<(PaperIndex, Option<CommitInfo>), IndexError> {
        let io_err = |source| IndexError::Io {
            path: dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io_err)?;
        if dir.join("meta.json").is_file() {
            let (index, info) = Self::open(dir, records.clone(), false)?;
            if info.is_some() || index.index.schema() == schema::build_schema().0 {
                return Ok((index, info));
            }
            drop(index);
            clear_dir(dir).map_err(io_err)?;
        }
        Ok((Self::create(dir, records)?, None))
    }

    fn from_index(
        index: Index,
        records: RecordReader,
        dir: PathBuf,
        follow: Follow,
    ) -> Result<PaperIndex, IndexError> {
        schema::register_analyzers(&index);
        let (_, fields) = schema::build_schema();
        let reader = index
            .reader_builder()
            .reload_policy(follow.reload_policy())
            .try_into()?;
        Ok(PaperIndex {
            index,
            fields,
            reader,
            records,
            dir,
            instance: NEXT_INSTANCE.fetch_add(1, Ordering::Relaxed),
            newest: Default::default(),
        })
    }

    /// Changes whenever the papers searched change: a new commit seen by
    /// this index, or another index opened in its place.
    pub fn generation(&self) -> IndexGeneration {
        self.view().generation()
    }

    /// The latest commit this reader has seen, as one fixed view.
    pub fn view(&self) -> IndexView {
        IndexView::new(self.reader.searcher(), self.instance)
    }

    /// Removes the files in this index's directory that its last commit does
    /// not use: what a commit killed half-way leaves (a `.del` file written
    /// before `meta.json`, whose name the next commit would want again) and
    /// segments a killed merge wrote. Call only under the data dir's write
    /// lock, with no writer open. Returns what was removed.
    pub fn remove_uncommitted_files(&self) -> Result<Vec<PathBuf>, IndexError> {
        use std::collections::HashSet;
        use tantivy::Directory;
        let _meta_lock = self
            .index
            .directory()
            .acquire_lock(&tantivy::directory::META_LOCK)
            .map_err(|e| IndexError::Tantivy(e.into()))?;
        let mut living: HashSet<PathBuf> = [
            "meta.json",
            ".managed.json",
            ".tantivy-meta.lock",
            ".tantivy-writer.lock",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        living.extend(self.index.load_metas()?.list_segment_files());
        let io_err = |source| IndexError::Io {
            path: self.dir.clone(),
            source,
        };
        let mut removed = Vec::new();
        for entry in std::fs::read_dir(&self.dir).map_err(io_err)? {
            let entry = entry.map_err(io_err)?;
            let name = PathBuf::from(entry.file_name());
            if living.contains(&name) || !entry.file_type().map_err(io_err)?.is_file() {
                continue;
            }
            std::fs::remove_file(entry.path()).map_err(io_err)?;
            removed.push(entry.path());
        }
        Ok(removed)
    }

    /// Where every paper's journal line is (what compaction keeps).
    pub fn all_locators(&self) -> Result<Vec<Locator>, IndexError> {
        let searcher = self.searcher();
        let mut locators = Locators::new(&searcher);
        let mut out = Vec::with_capacity(searcher.num_docs() as usize);
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc in segment.doc_ids_alive() {
                out.push(locators.at(DocAddress::new(ord as u32, doc))?);
            }
        }
        Ok(out)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// What the last commit recorded, if it was made by folio.
    pub fn commit_info(&self) -> Result<Option<CommitInfo>, IndexError> {
        let metas = self.index.load_metas()?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok()))
    }

    /// A searcher over the latest commit this reader has seen.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Picks up commits made since the reader last looked (by this or another process).
    pub fn reload(&self) -> Result<(), IndexError> {
        Ok(self.reader.reload()?)
    }

    /// Number of papers in the index.
    pub fn paper_count(&self) -> u64 {
        self.searcher().num_docs()
    }

    /// Starts a write batch; fails with [`IndexError::Busy`] when another process writes.
    pub fn batch(&self) -> Result<IndexBatch<'_>, IndexError> {
        IndexBatch::new(self)
    }

    /// The paper stored under `id`, if any.
    pub fn get(&self, id: &str) -> Result<Option<Paper>, IndexError> {
        let searcher = self.searcher();
        Ok(match self.address_of(&searcher, id)? {
            Some(addr) => Some(self.paper_at(&searcher, addr)?),
            None => None,
        })
    }

    /// Where the paper `id` lives in the given searcher's view.
    pub fn address_of(
        &self,
        searcher: &Searcher,
        id: &str,
    ) -> Result<Option<DocAddress>, IndexError> {
        first_live_doc(searcher, &Term::from_field_text(self.fields.id, id))
    }

    /// Papers whose normalized title (see [`crate::model::normalized_title`])
    /// hashes like `key`: check the title of each, a hash can collide.
    pub fn addresses_with_title(
        &self,
        searcher: &Searcher,
        key: &str,
        limit: usize,
    ) -> Result<Vec<DocAddress>, IndexError> {
        live_docs(
            searcher,
            &Term::from_field_u64(self.fields.title_key, document::title_key(key)),
            limit,
        )
    }

    /// Where the journal line of the paper at `addr` is.
    pub fn locator_of(&self, searcher: &Searcher, addr: DocAddress) -> Result<Locator, IndexError> {
        Locators::new(searcher).at(addr)
    }

    /// Loads the paper at an address (from its line in the journal).
    pub fn paper_at(&self, searcher: &Searcher, addr: DocAddress) -> Result<Paper, IndexError> {
        self.paper_with(&mut Locators::new(searcher), addr)
    }

    /// [`PaperIndex::paper_at`] for one of many papers of the same view.
    pub(crate) fn paper_with(
        &self,
        locators: &mut Locators,
        addr: DocAddress,
    ) -> Result<Paper, IndexError> {
        Ok(self.records.paper(locators.at(addr)?)?)
    }

    /// Size of the index files on disk, in bytes.
    pub fn size_on_disk(&self) -> u64 {
        dir_size(&self.dir)
    }

    pub(crate) fn tantivy(&self) -> &Index {
        &self.index
    }
}

/// What went wrong opening an index, without the advice to reindex (for
/// messages about an index folio is rebuilding anyway).
pub fn open_error_cause(error: &IndexError) -> String {
    match error {
        IndexError::Open { source, .. } | IndexError::Tantivy(source) => source.to_string(),
        other => other.to_string(),
    }
}

/// The first live document holding `term`, read straight from the postings
/// (much cheaper than a scored search, and done once per imported paper).
fn first_live_doc(searcher: &Searcher, term: &Term) -> Result<Option<DocAddress>, IndexError> {
    Ok(live_docs(searcher, term, 1)?.into_iter().next())
}

fn live_docs(
    searcher: &Searcher,
    term: &Term,
    limit: usize,
) -> Result<Vec<DocAddress>, IndexError> {
    use tantivy::{DocSet, TERMINATED};
    let mut out = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let inverted = segment.inverted_index(term.field())?;
        let postings = inverted
            .read_postings(term, IndexRecordOption::Basic)
            .map_err(tantivy::TantivyError::from)?;
        let Some(mut postings) = postings else {
            continue;
        };
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if !segment.is_deleted(doc) {
                out.push(DocAddress::new(ord as u32, doc));
                if out.len() >= limit {
                    return Ok(out);
                }
            }
            doc = postings.advance();
        }
    }
    Ok(out)
}

fn clear_dir(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path)?;
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
