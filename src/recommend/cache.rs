//! Trained models kept in the data dir (`recommend/`), one file per taste
//! (all bookmarks, or one tag), each naming what it was trained on: the
//! kept and dismissed papers and the index's segments. A model whose key
//! differs is trained again, so the cache never needs invalidating by hand
//! and losing it (or a half-written temp file after a crash) costs one
//! training. It is rebuildable data: user state never lives here.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use tantivy::Searcher;

use super::model::{MODEL_VERSION, Model, Taste, TrainOptions};
use crate::fsutil::write_atomically;
use crate::stable_hash::fnv1a;

/// A temp file older than this is what a killed write left behind.
const STALE_TEMP: Duration = Duration::from_secs(600);

/// The models of one data dir.
pub struct ModelCache {
    dir: PathBuf,
}

#[derive(Serialize, Deserialize)]
struct CachedModel {
    key: String,
    model: Model,
}

impl ModelCache {
    pub fn new(data_dir: &Path) -> ModelCache {
        ModelCache {
            dir: data_dir.join("recommend"),
        }
    }

    fn path(&self, tag: Option<&str>) -> PathBuf {
        let name = match tag {
            None => "model-all.json".to_string(),
            Some(tag) => format!("model-tag-{}.json", file_safe(tag)),
        };
        self.dir.join(name)
    }

    /// The model cached for `tag` if it was trained on exactly `key`.
    pub fn load(&self, tag: Option<&str>, key: &str) -> Option<Model> {
        let bytes = fs::read(self.path(tag)).ok()?;
        let cached: CachedModel = serde_json::from_slice(&bytes).ok()?;
        (cached.key == key && cached.model.version == MODEL_VERSION).then_some(cached.model)
    }

    /// Keeps `model` for `tag`. Failing to (a read-only or full disk) only
    /// costs training it again next time, so the error is the caller's to ignore.
    pub fn store(&self, tag: Option<&str>, key: &str, model: &Model) -> std::io::Result<()> {
        self.remove_stale_temp_files();
        let cached = CachedModel {
            key: key.to_string(),
            model: model.clone(),
        };
        let bytes = serde_json::to_vec(&cached).map_err(std::io::Error::other)?;
        write_atomically(&self.path(tag), &bytes)
    }

    fn remove_stale_temp_files(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        let now = SystemTime::now();
        for entry in entries.flatten() {
            let is_temp = entry.file_name().to_string_lossy().starts_with('.');
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| now.duration_since(t).unwrap_or_default() > STALE_TEMP);
            if is_temp && old {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// What a model depends on, as one string: the model version, the training
/// options, the kept and dismissed ids, and the index's segments with their
/// deletions (any import, reindex or merge changes them).
pub fn key_of(taste: &Taste, options: &TrainOptions, searcher: &Searcher) -> String {
    let mut positives = taste.positives.clone();
    positives.sort();
    let mut negatives = taste.negatives.clone();
    negatives.sort();
    let segments: Vec<String> = searcher
        .segment_readers()
        .iter()
        .map(|r| format!("{}:{}", r.segment_id().uuid_string(), r.num_deleted_docs()))
        .collect();
    let text = format!(
        "v{MODEL_VERSION}|{options:?}|{}|{}|{}",
        positives.join(","),
        negatives.join(","),
        segments.join(",")
    );
    let hash = |salt: u8| fnv1a(text.bytes().chain([salt]));
    format!("{:016x}{:016x}", hash(0), hash(1))
}

/// A tag as part of a file name: letters and digits kept, the rest hex-escaped.
fn file_safe(tag: &str) -> String {
    tag.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_string()
            } else {
                format!("%{:x}", u32::from(c))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_safe_distinct_file_names() {
        assert_eq!(file_safe("ml-theory"), "ml-theory");
        assert_eq!(file_safe("a/b"), "a%2fb");
        assert_ne!(file_safe("a b"), file_safe("a_b"));
    }
}
