//! A real folio data dir holding a corpus, in a scratch directory, whose
//! bookmarks the evaluation sets as a user would.
//!
//! It goes through [`Store::open`] and [`Store::import`] like `folio import`
//! does. Opening a fresh data dir seeds folio's 73 demo papers (Hugging Face
//! listings, with no categories) before the corpus is imported; they are
//! kept, as every real data dir has them, and count as off-topic
//! distractors: a recommendation of one is never relevant.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::Corpus;
use crate::config::Paths;
use crate::store::Store;

/// A corpus imported into a data dir of its own, removed when dropped.
pub struct EvaluationLibrary {
    // Declared before `scratch`: the store is closed before its dir goes.
    store: Store,
    corpus_name: String,
    /// Each corpus paper's categories, by id.
    categories: HashMap<String, Vec<String>>,
    scratch: ScratchDir,
}

impl EvaluationLibrary {
    /// Imports `corpus` into a new data dir under the system's temp dir.
    pub fn build(corpus: &Corpus) -> Result<EvaluationLibrary, String> {
        let scratch = ScratchDir::create()?;
        let paths = Paths {
            data_dir: scratch.path().to_path_buf(),
            config_file: scratch.path().join("config.toml"),
        };
        let store = Store::open(&paths).map_err(|e| e.to_string())?;
        store
            .import(corpus.papers.iter().cloned().map(Ok))
            .map_err(|e| e.to_string())?;
        let categories = corpus
            .papers
            .iter()
            .map(|p| (p.id.as_str().to_string(), p.categories.clone()))
            .collect();
        Ok(EvaluationLibrary {
            store,
            corpus_name: corpus.name.clone(),
            categories,
            scratch,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn corpus_name(&self) -> &str {
        &self.corpus_name
    }

    pub fn data_dir(&self) -> &Path {
        self.scratch.path()
    }

    /// Papers in the data dir: the corpus and the demo papers.
    pub fn paper_count(&self) -> u64 {
        self.store.index().paper_count()
    }

    /// Whether paper `id` is from the corpus and lists `category`.
    pub fn lists(&self, id: &str, category: &str) -> bool {
        self.categories
            .get(id)
            .is_some_and(|cs| cs.iter().any(|c| c == category))
    }

    /// The corpus papers listing `category`, by id.
    pub fn papers_listing(&self, category: &str) -> Vec<String> {
        let mut ids: Vec<String> = self
            .categories
            .iter()
            .filter(|(_, cs)| cs.iter().any(|c| c == category))
            .map(|(id, _)| id.clone())
            .collect();
        ids.sort();
        ids
    }

    /// Makes `ids` the library's bookmarks, and only them, as the user's
    /// `b` key would.
    pub fn bookmark_only(&self, ids: &[String]) -> Result<(), String> {
        let now = chrono::Utc::now();
        self.store
            .library()
            .update(|state| {
                let before: Vec<String> = state
                    .bookmarked_ids()
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                for id in before {
                    state.unbookmark(&id);
                }
                for id in ids {
                    state.bookmark(id, now);
                }
            })
            .map_err(|e| e.to_string())
    }
}

/// A directory of its own under the system's temp dir, removed when dropped.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn create() -> Result<ScratchDir, String> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = std::env::temp_dir().join(format!(
            "folio-recommend-quality-{}-{}-{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path)
            .map_err(|e| format!("could not create {}: {e}", path.display()))?;
        Ok(ScratchDir(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
