//! Where an OAI-PMH harvest got, kept in the data dir (`oai-harvest.json`)
//! so the next run can go on: the resumption token of the next page and the
//! arguments of the harvest in progress, and the day the last complete
//! harvest began, which the next one asks for as `from`. One entry per set
//! (`""` for all of arXiv). Every save replaces the file atomically, after
//! the page it records was imported, so the file never claims a page that
//! is not in the index; at worst a page is fetched twice, which an import
//! takes as unchanged papers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::fsutil::{FileLock, write_atomically};

/// The state file's name in the data dir.
pub const STATE_FILE: &str = "oai-harvest.json";
const LOCK_FILE: &str = "oai-harvest.lock";

/// One set's harvest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HarvestState {
    /// The `from` the harvest in progress asked for (`None`: everything).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// The token of the next page; `None` when no harvest is in progress.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The day (the server's `responseDate`) the harvest in progress began.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started: Option<NaiveDate>,
    /// Records the harvest in progress has read so far.
    pub records: u64,
    /// The latest record datestamp seen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reached: Option<NaiveDate>,
    /// The day the last complete harvest began: the next one's `from`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_harvest: Option<NaiveDate>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Saved {
    #[serde(default)]
    harvests: BTreeMap<String, HarvestState>,
}

#[derive(Debug, Error)]
pub enum StateError {
    #[error("could not {action} the harvest state {}: {source}; check that the data dir is writable", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the harvest state {} is damaged ({problem}); remove it to start the harvest again", path.display())]
    Damaged { path: PathBuf, problem: String },
}

/// The state file of a data dir.
pub struct StateFile {
    path: PathBuf,
    lock: PathBuf,
}

impl StateFile {
    pub fn new(data_dir: &Path) -> StateFile {
        StateFile {
            path: data_dir.join(STATE_FILE),
            lock: data_dir.join(LOCK_FILE),
        }
    }

    pub fn lock_path(&self) -> &Path {
        &self.lock
    }

    /// Takes the harvest lock (one harvest per data dir at a time);
    /// `Ok(None)` when another process holds it.
    pub fn lock(&self) -> Result<Option<FileLock>, StateError> {
        FileLock::try_acquire(&self.lock).map_err(|source| StateError::Io {
            action: "lock",
            path: self.lock.clone(),
            source,
        })
    }

    fn read(&self) -> Result<Saved, StateError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Saved::default()),
            Err(source) => {
                return Err(StateError::Io {
                    action: "read",
                    path: self.path.clone(),
                    source,
                });
            }
        };
        serde_json::from_slice(&bytes).map_err(|e| StateError::Damaged {
            path: self.path.clone(),
            problem: crate::ingest::quoted(&e.to_string()),
        })
    }

    /// The harvest of set `key` (`""`: all of arXiv); a default one when
    /// none was saved.
    pub fn load(&self, key: &str) -> Result<HarvestState, StateError> {
        Ok(self.read()?.harvests.remove(key).unwrap_or_default())
    }

    /// Saves the harvest of set `key`, keeping the other sets' entries.
    pub fn save(&self, key: &str, state: &HarvestState) -> Result<(), StateError> {
        let mut saved = self.read()?;
        saved.harvests.insert(key.to_string(), state.clone());
        let mut json = serde_json::to_vec_pretty(&saved).map_err(|e| StateError::Damaged {
            path: self.path.clone(),
            problem: e.to_string(),
        })?;
        json.push(b'\n');
        write_atomically(&self.path, &json).map_err(|source| StateError::Io {
            action: "save",
            path: self.path.clone(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_set_keeps_its_own_harvest() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::new(dir.path());
        assert_eq!(file.load("").unwrap(), HarvestState::default());
        let all = HarvestState {
            token: Some("6131|1001".into()),
            records: 1000,
            started: NaiveDate::from_ymd_opt(2026, 12, 1),
            ..HarvestState::default()
        };
        let cs = HarvestState {
            last_harvest: NaiveDate::from_ymd_opt(2026, 11, 30),
            ..HarvestState::default()
        };
        file.save("", &all).unwrap();
        file.save("cs", &cs).unwrap();
        assert_eq!(file.load("").unwrap(), all);
        assert_eq!(file.load("cs").unwrap(), cs);
        let text = std::fs::read_to_string(dir.path().join(STATE_FILE)).unwrap();
        assert!(text.contains("\"token\": \"6131|1001\""), "{text}");
    }

    #[test]
    fn a_damaged_file_says_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(STATE_FILE), "{not json").unwrap();
        let err = StateFile::new(dir.path()).load("").unwrap_err().to_string();
        assert!(err.contains("is damaged"), "{err}");
        assert!(err.contains("remove it"), "{err}");
    }

    #[test]
    fn one_harvest_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::new(dir.path());
        let held = file.lock().unwrap();
        assert!(held.is_some());
        assert!(file.lock().unwrap().is_none());
        drop(held);
        assert!(file.lock().unwrap().is_some());
    }
}
