//! Keeps [`UserState`] in `library.json` without ever losing an update:
//! writers serialise on `library.lock`, re-read the file under the lock,
//! back up the previous version to `library.json.bak`, and replace the file
//! atomically. A file that does not parse is never overwritten.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::error::LibraryError;
use super::state::{FORMAT_VERSION, UserState};
use crate::fsutil::{FileLock, write_atomically};

const FILE_NAME: &str = "library.json";
const BACKUP_NAME: &str = "library.json.bak";
const LOCK_NAME: &str = "library.lock";

/// Handle on the library files in one data dir. Cheap; holds only paths, so
/// any number of handles (in any number of processes) may coexist.
#[derive(Debug, Clone)]
pub struct Library {
    file: PathBuf,
    backup: PathBuf,
    lock: PathBuf,
}

impl Library {
    /// Prepares the library in `data_dir`, creating the directory if needed.
    /// The library file itself is only created by the first change.
    pub fn open(data_dir: &Path) -> Result<Library, LibraryError> {
        fs::create_dir_all(data_dir)
            .map_err(|error| LibraryError::io("create the data dir", data_dir, error))?;
        Ok(Library {
            file: data_dir.join(FILE_NAME),
            backup: data_dir.join(BACKUP_NAME),
            lock: data_dir.join(LOCK_NAME),
        })
    }

    /// Path of `library.json`.
    pub fn path(&self) -> &Path {
        &self.file
    }

    /// Path of the backup holding the version before the last change.
    pub fn backup_path(&self) -> &Path {
        &self.backup
    }

    /// Reads the current state; a missing file is an empty library. Needs no
    /// lock because the file is only ever replaced whole.
    pub fn load(&self) -> Result<UserState, LibraryError> {
        match self.read_bytes()? {
            Some(bytes) => self.parse(&bytes),
            None => Ok(UserState::default()),
        }
    }

    /// Applies `f` to the freshest state on disk and saves the result, all
    /// under the library lock, so concurrent updates from other handles or
    /// processes are never lost. Nothing is written if `f` changed nothing.
    /// Refuses (without calling `f`) if the file is damaged or from a newer
    /// folio, leaving it untouched.
    pub fn update<R>(&self, f: impl FnOnce(&mut UserState) -> R) -> Result<R, LibraryError> {
        let _lock = FileLock::acquire(&self.lock)
            .map_err(|error| LibraryError::io("lock", &self.lock, error))?;
        let previous = self.read_bytes()?;
        let before = match &previous {
            Some(bytes) => self.parse(bytes)?,
            None => UserState::default(),
        };
        if before.version > FORMAT_VERSION {
            return Err(LibraryError::TooNew {
                path: self.file.clone(),
                found: before.version,
                supported: FORMAT_VERSION,
            });
        }

        let mut after = before.clone();
        let result = f(&mut after);
        after.version = FORMAT_VERSION;
        after.remove_empty_entries();
        if after != before {
            self.save(previous.as_deref(), &after)?;
        }
        Ok(result)
    }

    fn save(&self, previous: Option<&[u8]>, state: &UserState) -> Result<(), LibraryError> {
        if let Some(previous) = previous {
            write_atomically(&self.backup, previous)
                .map_err(|error| LibraryError::io("back up the library to", &self.backup, error))?;
        }
        let mut bytes = serde_json::to_vec_pretty(state).map_err(|error| {
            LibraryError::io(
                "serialise the library for",
                &self.file,
                io::Error::other(error),
            )
        })?;
        bytes.push(b'\n');
        write_atomically(&self.file, &bytes)
            .map_err(|error| LibraryError::io("write", &self.file, error))
    }

    fn read_bytes(&self) -> Result<Option<Vec<u8>>, LibraryError> {
        match fs::read(&self.file) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(LibraryError::io("read", &self.file, error)),
        }
    }

    fn parse(&self, bytes: &[u8]) -> Result<UserState, LibraryError> {
        serde_json::from_slice(bytes)
            .map_err(|error| LibraryError::corrupt(self.file.clone(), self.backup.clone(), &error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, TimeZone, Utc};
    use std::process::{Command, Stdio};
    use std::thread;

    /// Set by [`concurrent_processes_never_lose_updates`] for its children.
    const CHILD_DIR_VAR: &str = "FOLIO_LIBRARY_CHILD";
    const CHILD_PREFIX_VAR: &str = "FOLIO_LIBRARY_CHILD_PREFIX";

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 1, 12, minute % 60, 0)
            .unwrap()
    }

    fn dir_names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn open_creates_dir_but_not_file_and_missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("data/folio");
        let library = Library::open(&data_dir).unwrap();
        assert!(data_dir.is_dir());
        assert_eq!(library.path(), data_dir.join("library.json"));
        assert!(!library.path().exists());
        assert_eq!(library.load().unwrap(), UserState::default());
    }

    #[test]
    fn update_round_trips_through_disk() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::open(dir.path()).unwrap();
        let returned = library
            .update(|state| {
                state.add_tags("2501.00001", vec!["Machine Learning".to_string()], at(1));
                state.set_note("2501.00001", Some("read §3".into()), at(1));
                state.mark_read("2501.00002", at(2));
                state.touch_last_looked(at(3));
                "done"
            })
            .unwrap();
        assert_eq!(returned, "done");

        let reopened = Library::open(dir.path()).unwrap().load().unwrap();
        let mut expected = UserState::default();
        expected.add_tags("2501.00001", vec!["machine-learning".to_string()], at(1));
        expected.set_note("2501.00001", Some("read §3".into()), at(1));
        expected.mark_read("2501.00002", at(2));
        expected.touch_last_looked(at(3));
        assert_eq!(reopened, expected);

        let text = fs::read_to_string(library.path()).unwrap();
        assert!(text.ends_with("}\n"));
        assert_eq!(dir_names(dir.path()), vec!["library.json", "library.lock"]);
    }

    #[test]
    fn unchanged_update_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::open(dir.path()).unwrap();
        let bookmarked = library.update(|state| state.is_bookmarked("x")).unwrap();
        assert!(!bookmarked);
        assert!(!library.path().exists());

        let hand_written = br#"{"version":1,"papers":{"p":{"read":"2025-03-01T12:00:00Z"}}}"#;
        fs::write(library.path(), hand_written).unwrap();
        library
            .update(|state| state.mark_read("p", at(30)))
            .unwrap();
        assert_eq!(fs::read(library.path()).unwrap(), hand_written);
        assert!(!library.backup_path().exists());
    }

    #[test]
    fn each_write_backs_up_the_previous_version() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::open(dir.path()).unwrap();
        library
            .update(|state| state.bookmark("first", at(1)))
            .unwrap();
        assert!(!library.backup_path().exists());
        let first_bytes = fs::read(library.path()).unwrap();

        library
            .update(|state| state.bookmark("second", at(2)))
            .unwrap();
        assert_eq!(fs::read(library.backup_path()).unwrap(), first_bytes);
        let current = library.load().unwrap();
        assert!(current.is_bookmarked("first") && current.is_bookmarked("second"));
    }

    #[test]
    fn corrupt_file_is_reported_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::open(dir.path()).unwrap();
        let damaged = b"{\n  \"version\": 1,\n  \"papers\": {\"p\": \n";
        fs::write(library.path(), damaged).unwrap();

        let error = library.load().unwrap_err();
        match &error {
            LibraryError::Corrupt { path, line, .. } => {
                assert_eq!(path, library.path());
                assert_eq!(*line, 4);
            }
            other => panic!("expected Corrupt, got {other:?}"),
        }
        let message = error.to_string();
        assert!(message.contains("library.json is damaged (line 4"));
        assert!(message.contains("left untouched"));
        assert!(message.contains("library.json.bak"));

        let mut called = false;
        let refused = library.update(|state| {
            called = true;
            state.bookmark("p", at(1))
        });
        assert!(matches!(refused, Err(LibraryError::Corrupt { .. })));
        assert!(!called);
        assert_eq!(fs::read(library.path()).unwrap(), damaged);
        assert!(!library.backup_path().exists());
    }

    #[test]
    fn wrong_shape_counts_as_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::open(dir.path()).unwrap();
        fs::write(library.path(), br#"{"papers": ["not", "a", "map"]}"#).unwrap();
        assert!(matches!(library.load(), Err(LibraryError::Corrupt { .. })));
        fs::write(library.path(), b"").unwrap();
        assert!(matches!(
            library.update(|state| state.bookmark("p", at(1))),
            Err(LibraryError::Corrupt { .. })
        ));
        assert_eq!(fs::read(library.path()).unwrap(), b"");
    }

    #[test]
    fn file_from_newer_version_loads_but_is_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::open(dir.path()).unwrap();
        let newer = br#"{"version":2,"papers":{"p":{"read":"2025-03-01T12:00:00Z","stars":5}}}"#;
        fs::write(library.path(), newer).unwrap();
        assert!(library.load().unwrap().is_read("p"));
        let error = library
            .update(|state| state.bookmark("p", at(1)))
            .unwrap_err();
        assert!(matches!(
            error,
            LibraryError::TooNew {
                found: 2,
                supported: 1,
                ..
            }
        ));
        assert!(error.to_string().contains("upgrade folio"));
        assert_eq!(fs::read(library.path()).unwrap(), newer);
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_path_reports_io_error_with_path() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::open(dir.path()).unwrap();
        // A directory where the file should be: reading it fails.
        fs::create_dir(library.path()).unwrap();
        let error = library.load().unwrap_err();
        assert!(matches!(error, LibraryError::Io { action: "read", .. }));
        let message = error.to_string();
        assert!(message.contains(&library.path().display().to_string()));
        assert!(message.contains("--data-dir"));
    }

    #[test]
    fn open_reports_data_dir_that_cannot_be_created() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("a-file");
        fs::write(&blocker, b"x").unwrap();
        let error = Library::open(&blocker.join("sub")).unwrap_err();
        assert!(matches!(
            error,
            LibraryError::Io {
                action: "create the data dir",
                ..
            }
        ));
    }

    #[test]
    fn concurrent_handles_in_one_process_never_lose_updates() {
        let dir = tempfile::tempdir().unwrap();
        let workers: Vec<_> = (0..8)
            .map(|worker| {
                let data_dir = dir.path().to_path_buf();
                thread::spawn(move || {
                    let library = Library::open(&data_dir).unwrap();
                    for round in 0..25 {
                        let id = format!("t{worker}-{round}");
                        library
                            .update(|state| state.bookmark(&id, at(round)))
                            .unwrap();
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
        let state = Library::open(dir.path()).unwrap().load().unwrap();
        assert_eq!(state.bookmarked_ids().len(), 200);
        assert_eq!(
            dir_names(dir.path()),
            vec!["library.json", "library.json.bak", "library.lock"]
        );
    }

    /// Child half of [`concurrent_processes_never_lose_updates`]; does nothing
    /// when run by hand.
    #[test]
    #[ignore = "helper run as a child process by concurrent_processes_never_lose_updates"]
    fn child_process_bookmarks() {
        let (Ok(dir), Ok(prefix)) = (
            std::env::var(CHILD_DIR_VAR),
            std::env::var(CHILD_PREFIX_VAR),
        ) else {
            return;
        };
        let library = Library::open(Path::new(&dir)).unwrap();
        for round in 0..25 {
            let id = format!("{prefix}-{round}");
            library
                .update(|state| state.bookmark(&id, at(round)))
                .unwrap();
        }
    }

    #[test]
    fn concurrent_processes_never_lose_updates() {
        let dir = tempfile::tempdir().unwrap();
        let exe = std::env::current_exe().unwrap();
        // The test name as the harness knows it: module path without the crate.
        let module = module_path!().split_once("::").unwrap().1;
        let child_test = format!("{module}::child_process_bookmarks");

        let children: Vec<_> = (0..4)
            .map(|child| {
                Command::new(&exe)
                    .args([
                        "--ignored",
                        "--exact",
                        &child_test,
                        "--nocapture",
                        "--test-threads=1",
                    ])
                    .env(CHILD_DIR_VAR, dir.path())
                    .env(CHILD_PREFIX_VAR, format!("p{child}"))
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                output.status.success(),
                "child failed: {stdout}{}",
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(stdout.contains("1 passed"), "child ran no test: {stdout}");
        }
        let state = Library::open(dir.path()).unwrap().load().unwrap();
        assert_eq!(state.bookmarked_ids().len(), 100);
    }
}
