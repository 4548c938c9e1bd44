//! Keeps [`UserState`] in `library.json` so that the user's library is never
//! lost and never silently reset. The rules, each there because a real
//! failure would otherwise cost the user their bookmarks:
//!
//! - **Writes** serialise on `library.lock`, re-read the file under the lock,
//!   apply the change and replace the file atomically (see `fsutil.rs`), so
//!   concurrent processes never lose each other's updates.
//! - **Reads** take no lock and create nothing, so a read-only data dir (a
//!   shared or mounted library) can always be read.
//! - **Only folio's own shape is a library** (`format.rs`): `version` plus a
//!   `papers` map, which folio always writes, even empty. `[]`, `{}`, a file
//!   without `version` or with unknown fields is refused, with an error naming
//!   the file and its backup, and never overwritten.
//! - **Legacy `{"version":1}`**: folio before the explicit `papers` field
//!   wrote this once the user removed every entry, so it may be a genuine
//!   empty library, but it is also what a reset looks like. It is accepted as
//!   empty only when no backup holds any entry; otherwise both reads and
//!   writes refuse ([`LibraryError::AmbiguousEmpty`]) and the message says
//!   how to choose: copy the backup back, or write the explicit empty form.
//!   The first change after accepting it rewrites it in the explicit form.
//! - **Backups rotate**: before a write, the previous version becomes
//!   `library.json.bak` and older ones move to `.bak.1` … `.bak.4` (the
//!   oldest drops off). Only a version that was read and accepted is ever
//!   backed up, so a damaged file never enters the chain; a damaged newest
//!   backup is overwritten rather than rotated on. A version whose entries
//!   equal the newest backup's is not backed up again (only `last_looked`
//!   may differ), and an empty version is never backed up at all: it holds
//!   nothing to restore, and rotating it in would push real versions out.
//! - **Crash safety**: every step is one atomic rename or atomic write, in
//!   the order rotate, write the backup, write the file; a kill between any
//!   two leaves `library.json` loadable, and at worst a gap in the chain or a
//!   backup equal to the file.
//! - **A missing `library.json` with a backup is a loss, not a new user**:
//!   [`Library::load`] returns the newest good backup's content (so nothing
//!   shows as empty, even where it cannot be restored), [`Library::update`]
//!   starts from it, and [`Library::recover`] writes it back and returns the
//!   warning for the caller to show. An empty library is therefore only ever
//!   written when the user emptied a non-empty library through folio, or
//!   when there was never anything to back up.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::error::LibraryError;
use super::format::{self, Decoded, Rejected};
use super::state::{FORMAT_VERSION, UserState};
use crate::fsutil::{FileLock, remove_stale_temp_files, write_atomically};

const FILE_NAME: &str = "library.json";
const LOCK_NAME: &str = "library.lock";
/// How many versions the backup chain keeps: `library.json.bak` (newest),
/// then `library.json.bak.1` … `library.json.bak.4` (oldest).
pub const BACKUP_COUNT: usize = 5;

/// Handle on the library files in one data dir. Cheap; holds only paths, so
/// any number of handles (in any number of processes) may coexist.
#[derive(Debug, Clone)]
pub struct Library {
    dir: PathBuf,
    file: PathBuf,
    /// Newest first.
    backups: Vec<PathBuf>,
    lock: PathBuf,
}

/// A missing `library.json` found and (if the data dir allowed it) written
/// back from a backup by [`Library::recover`]. Displays as the one-line
/// warning to show the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// The library file that was missing.
    pub file: PathBuf,
    /// The backup its content came from.
    pub backup: PathBuf,
    /// Bookmarks in the recovered library.
    pub bookmarks: usize,
    /// Read marks in the recovered library.
    pub read: usize,
    /// Whether `file` was written back. False when the data dir is read-only:
    /// then [`Library::load`] keeps reading the backup, and changes are
    /// refused with [`LibraryError::ReadOnly`].
    pub restored: bool,
}

impl fmt::Display for Recovered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counts = format!("bookmarks: {}, read marks: {}", self.bookmarks, self.read);
        if self.restored {
            write!(
                f,
                "{} was missing: restored your library ({counts}) from the backup {}",
                self.file.display(),
                self.backup.display()
            )
        } else {
            write!(
                f,
                "{} is missing and could not be restored because the data dir is read-only: showing your library ({counts}) from the backup {}; changes cannot be saved until the data dir is writable",
                self.file.display(),
                self.backup.display()
            )
        }
    }
}

/// A backup that holds a library.
struct GoodBackup {
    path: PathBuf,
    bytes: Vec<u8>,
    state: UserState,
}

/// The state an operation starts from, and the bytes it was read from (the
/// file's, or a backup's when the file is missing).
struct Current {
    bytes: Option<Vec<u8>>,
    state: UserState,
}

impl Library {
    /// Prepares the library in `data_dir`, creating the directory if needed.
    /// The library file itself is only created by the first change.
    pub fn open(data_dir: &Path) -> Result<Library, LibraryError> {
        fs::create_dir_all(data_dir)
            .map_err(|error| LibraryError::io("create the data dir", data_dir, error))?;
        let file = data_dir.join(FILE_NAME);
        let backups = (0..BACKUP_COUNT)
            .map(|n| match n {
                0 => data_dir.join(format!("{FILE_NAME}.bak")),
                n => data_dir.join(format!("{FILE_NAME}.bak.{n}")),
            })
            .collect();
        Ok(Library {
            dir: data_dir.to_path_buf(),
            file,
            backups,
            lock: data_dir.join(LOCK_NAME),
        })
    }

    /// Path of `library.json`.
    pub fn path(&self) -> &Path {
        &self.file
    }

    /// Path of the newest backup, `library.json.bak`.
    pub fn backup_path(&self) -> &Path {
        &self.backups[0]
    }

    /// Paths of the whole backup chain, newest first.
    pub fn backup_paths(&self) -> &[PathBuf] {
        &self.backups
    }

    /// Reads the current state. Needs no lock and writes nothing, because
    /// the file is only ever replaced whole. A missing file reads as the
    /// newest good backup (see [`Library::recover`]), and as an empty
    /// library only when there is no backup at all.
    pub fn load(&self) -> Result<UserState, LibraryError> {
        Ok(self.current()?.state)
    }

    /// Applies `f` to the freshest state on disk and saves the result, all
    /// under the library lock, so concurrent updates from other handles or
    /// processes are never lost. Nothing is written if `f` changed nothing.
    /// Refuses (without calling `f`) if the file is damaged, not a library,
    /// ambiguous or from a newer folio, leaving it untouched; and with
    /// [`LibraryError::ReadOnly`] if the data dir cannot be written.
    pub fn update<R>(&self, f: impl FnOnce(&mut UserState) -> R) -> Result<R, LibraryError> {
        let _lock = FileLock::acquire(&self.lock)
            .map_err(|error| LibraryError::write("lock", &self.lock, &self.dir, error))?;
        // Every library write holds the lock, so a temp file seen now was
        // left by a writer that was killed; it is of no use to anyone.
        let _ = remove_stale_temp_files(&self.dir, FILE_NAME);
        let Current {
            bytes,
            state: before,
        } = self.current()?;
        if before.version > FORMAT_VERSION {
            return Err(LibraryError::TooNew {
                path: self.file.clone(),
                found: before.version,
                supported: FORMAT_VERSION,
            });
        }

        let mut after = before.clone();
        let result = f(&mut after);
        after.version = after.needed_version();
        after.remove_empty_entries();
        if after != before {
            if let Some(bytes) = &bytes
                && !before.is_empty()
            {
                self.push_backup(bytes, &before)?;
            }
            self.write_file(&after)?;
        }
        Ok(result)
    }

    /// Restores a missing `library.json` from the newest good backup. Call
    /// it once when opening the data dir and show the returned value (one
    /// line) to the user as a warning: `Ok(None)` means there was nothing to
    /// recover. On a read-only data dir the value says the library is shown
    /// from the backup but could not be written back. Errors are those of
    /// [`Library::load`] (e.g. only damaged backups) or an unexpected I/O
    /// failure while writing.
    pub fn recover(&self) -> Result<Option<Recovered>, LibraryError> {
        if self.file_exists()? || self.newest_good_backup()?.is_none() {
            return Ok(None);
        }
        let _lock = match FileLock::acquire(&self.lock) {
            Ok(lock) => lock,
            Err(error) => {
                return match LibraryError::write("lock", &self.lock, &self.dir, error) {
                    LibraryError::ReadOnly { .. } => self.recovered(false),
                    other => Err(other),
                };
            }
        };
        // Another process may have restored it, or written, meanwhile.
        if self.file_exists()? {
            return Ok(None);
        }
        let Some(found) = self.newest_good_backup()? else {
            return Ok(None);
        };
        match write_atomically(&self.file, &found.bytes) {
            Ok(()) => Ok(Some(recovered_from(&self.file, found, true))),
            Err(error) => match LibraryError::write("restore", &self.file, &self.dir, error) {
                LibraryError::ReadOnly { .. } => Ok(Some(recovered_from(&self.file, found, false))),
                other => Err(other),
            },
        }
    }

    fn recovered(&self, restored: bool) -> Result<Option<Recovered>, LibraryError> {
        Ok(self
            .newest_good_backup()?
            .map(|found| recovered_from(&self.file, found, restored)))
    }

    fn file_exists(&self) -> Result<bool, LibraryError> {
        match fs::symlink_metadata(&self.file) {
            Ok(_) => Ok(true),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(error) => Err(LibraryError::io("read", &self.file, error)),
        }
    }

    /// The state to start from: the file's, or the newest good backup's when
    /// the file is missing, or empty when there is neither.
    fn current(&self) -> Result<Current, LibraryError> {
        if let Some(bytes) = read_optional(&self.file)? {
            let state = self.accept_file(&bytes)?;
            return Ok(Current {
                bytes: Some(bytes),
                state,
            });
        }
        Ok(match self.newest_good_backup()? {
            Some(found) => Current {
                bytes: Some(found.bytes),
                state: found.state,
            },
            None => Current {
                bytes: None,
                state: UserState::default(),
            },
        })
    }

    /// Decodes the library file, refusing anything that is not a library
    /// and the legacy empty form when a backup still holds entries.
    fn accept_file(&self, bytes: &[u8]) -> Result<UserState, LibraryError> {
        match format::decode(bytes) {
            Ok(Decoded::Library(state)) => Ok(state),
            Ok(Decoded::LegacyEmpty(state)) => match self.backup_with_entries()? {
                Some((backup, entries)) => Err(LibraryError::AmbiguousEmpty {
                    path: self.file.clone(),
                    backup,
                    entries,
                }),
                None => Ok(state),
            },
            Err(Rejected::Damaged(error)) => Err(LibraryError::corrupt(
                self.file.clone(),
                self.backups[0].clone(),
                &error,
            )),
            Err(Rejected::NotALibrary(reason)) => Err(LibraryError::NotALibrary {
                path: self.file.clone(),
                backup: self.backups[0].clone(),
                reason,
            }),
        }
    }

    /// The newest backup that is a library. `Ok(None)` when there is no
    /// backup; an error when backups exist but none can be read as one.
    fn newest_good_backup(&self) -> Result<Option<GoodBackup>, LibraryError> {
        let mut first_existing = None;
        for path in &self.backups {
            let Some(bytes) = read_optional(path)? else {
                continue;
            };
            if let Ok(decoded) = format::decode(&bytes) {
                return Ok(Some(GoodBackup {
                    path: path.clone(),
                    bytes,
                    state: decoded.into_state(),
                }));
            }
            first_existing.get_or_insert_with(|| path.clone());
        }
        match first_existing {
            Some(backup) => Err(LibraryError::NoGoodBackup {
                path: self.file.clone(),
                backup,
            }),
            None => Ok(None),
        }
    }

    /// The newest backup holding any entry, with how many it holds.
    fn backup_with_entries(&self) -> Result<Option<(PathBuf, usize)>, LibraryError> {
        for path in &self.backups {
            let Some(bytes) = read_optional(path)? else {
                continue;
            };
            if let Ok(decoded) = format::decode(&bytes)
                && !decoded.state().is_empty()
            {
                return Ok(Some((path.clone(), decoded.state().papers.len())));
            }
        }
        Ok(None)
    }

    /// Makes `bytes` (which decoded to the non-empty `state`) the newest
    /// backup, rotating the chain first, unless the newest backup already
    /// holds the same entries.
    fn push_backup(&self, bytes: &[u8], state: &UserState) -> Result<(), LibraryError> {
        let newest = &self.backups[0];
        if let Some(existing) = read_optional(newest)? {
            match format::decode(&existing) {
                Ok(decoded) if decoded.state().papers == state.papers => return Ok(()),
                Ok(_) => self.rotate()?,
                // Damaged: replaced below, never moved further down the chain.
                Err(_) => {}
            }
        }
        write_atomically(newest, bytes).map_err(|error| {
            LibraryError::write("back up the library to", newest, &self.dir, error)
        })
    }

    /// Moves every backup one place older (`.bak` → `.bak.1` …), dropping
    /// the oldest. Each move is one atomic rename, oldest first, so a kill
    /// midway leaves at worst a gap, never a lost or half-written version.
    fn rotate(&self) -> Result<(), LibraryError> {
        for older in (1..self.backups.len()).rev() {
            let from = &self.backups[older - 1];
            match fs::rename(from, &self.backups[older]) {
                Ok(()) => {}
                Err(error) if error.kind() == io::ErrorKind::NotFound => {}
                Err(error) => {
                    return Err(LibraryError::write(
                        "rotate the backup",
                        from,
                        &self.dir,
                        error,
                    ));
                }
            }
        }
        Ok(())
    }

    fn write_file(&self, state: &UserState) -> Result<(), LibraryError> {
        let bytes = format::encode(state).map_err(|error| {
            LibraryError::io(
                "serialise the library for",
                &self.file,
                io::Error::other(error),
            )
        })?;
        write_atomically(&self.file, &bytes)
            .map_err(|error| LibraryError::write("write", &self.file, &self.dir, error))
    }
}

fn recovered_from(file: &Path, found: GoodBackup, restored: bool) -> Recovered {
    Recovered {
        file: file.to_path_buf(),
        backup: found.path,
        bookmarks: found.state.bookmarked_ids().len(),
        read: found.state.read_ids().count(),
        restored,
    }
}

fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, LibraryError> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(LibraryError::io("read", path, error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fsutil::sorted_entry_names;
    use chrono::{DateTime, TimeZone, Utc};
    use std::process::{Command, Stdio};
    use std::thread;

    /// Set by [`concurrent_processes_never_lose_updates`] for its children.
    const CHILD_DIR_VAR: &str = "FOLIO_LIBRARY_CHILD";
    const CHILD_PREFIX_VAR: &str = "FOLIO_LIBRARY_CHILD_PREFIX";

    /// A library in a new temporary dir (kept alive by the returned guard).
    fn new_library() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::open(dir.path()).unwrap();
        (dir, library)
    }

    /// Fails unless a child test process succeeded and ran its one test.
    fn assert_child_passed(output: &std::process::Output) {
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "child failed: {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(stdout.contains("1 passed"), "child ran no test: {stdout}");
    }

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 1, 12, minute % 60, 0)
            .unwrap()
    }

    #[test]
    fn a_write_removes_temp_files_a_killed_writer_left() {
        let (dir, library) = new_library();
        let stale = dir.path().join(".library.json.tmp.4242.0");
        fs::write(&stale, b"{\"version\":1,\"pap").unwrap();
        library.update(|state| state.bookmark("p", at(1))).unwrap();
        assert!(!stale.exists());
        assert!(library.load().unwrap().is_bookmarked("p"));
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
        let (dir, library) = new_library();
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
        assert_eq!(
            sorted_entry_names(dir.path()).unwrap(),
            vec!["library.json", "library.lock"]
        );
    }

    #[test]
    fn unchanged_update_writes_nothing() {
        let (_dir, library) = new_library();
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
        let (_dir, library) = new_library();
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
        let (_dir, library) = new_library();
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
    fn wrong_field_types_count_as_corrupt() {
        let (_dir, library) = new_library();
        fs::write(
            library.path(),
            br#"{"version": 1, "papers": ["not", "a", "map"]}"#,
        )
        .unwrap();
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
        let (_dir, library) = new_library();
        let newer = br#"{"version":4,"papers":{"p":{"read":"2025-03-01T12:00:00Z","stars":5}}}"#;
        fs::write(library.path(), newer).unwrap();
        assert!(library.load().unwrap().is_read("p"));
        let error = library
            .update(|state| state.bookmark("p", at(1)))
            .unwrap_err();
        assert!(matches!(
            error,
            LibraryError::TooNew {
                found: 4,
                supported: 3,
                ..
            }
        ));
        assert!(error.to_string().contains("upgrade folio"));
        assert_eq!(fs::read(library.path()).unwrap(), newer);
    }

    #[test]
    fn a_dismissal_is_written_as_format_3_and_its_removal_goes_back_to_1() {
        let (_dir, library) = new_library();
        library.update(|state| state.mark_read("p", at(1))).unwrap();
        let version = || -> serde_json::Value {
            serde_json::from_slice::<serde_json::Value>(&fs::read(library.path()).unwrap()).unwrap()
                ["version"]
                .clone()
        };
        assert_eq!(version(), 1, "no dismissal: the format older folio writes");
        library
            .update(|state| state.dismiss("q", at(2)).unwrap())
            .unwrap();
        assert_eq!(version(), 3);
        let loaded = library.load().unwrap();
        assert!(loaded.is_dismissed("q") && loaded.is_read("p"));
        assert_eq!(loaded.entry("q").unwrap().dismissed, Some(at(2)));
        library.update(|state| state.undismiss("q")).unwrap();
        assert_eq!(version(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_path_reports_io_error_with_path() {
        let (_dir, library) = new_library();
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
            sorted_entry_names(dir.path()).unwrap(),
            vec![
                "library.json",
                "library.json.bak",
                "library.json.bak.1",
                "library.json.bak.2",
                "library.json.bak.3",
                "library.json.bak.4",
                "library.lock"
            ]
        );
        // Every backup in the chain is a good library.
        for backup in Library::open(dir.path()).unwrap().backup_paths() {
            assert!(format::decode(&fs::read(backup).unwrap()).is_ok());
        }
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
            assert_child_passed(&child.wait_with_output().unwrap());
        }
        let state = Library::open(dir.path()).unwrap().load().unwrap();
        assert_eq!(state.bookmarked_ids().len(), 100);
    }

    /// A library with `count` bookmarks `b0`, `b1`, …, written through
    /// folio so it has one version per bookmark; returns the file's bytes.
    fn library_with_bookmarks(library: &Library, count: u32) -> Vec<u8> {
        for n in 0..count {
            library
                .update(|state| state.bookmark(&format!("b{n}"), at(n)))
                .unwrap();
        }
        fs::read(library.path()).unwrap()
    }

    fn bookmarks_in(path: &Path) -> Vec<String> {
        let decoded = format::decode(&fs::read(path).unwrap()).unwrap();
        let mut ids: Vec<String> = decoded
            .state()
            .bookmarked_ids()
            .into_iter()
            .map(String::from)
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn missing_file_reads_as_the_newest_good_backup_without_writing() {
        let (dir, library) = new_library();
        library_with_bookmarks(&library, 2);
        let backup = fs::read(library.backup_path()).unwrap();
        fs::remove_file(library.path()).unwrap();
        fs::remove_file(dir.path().join(LOCK_NAME)).unwrap();

        let state = library.load().unwrap();
        assert_eq!(state.bookmarked_ids(), vec!["b0"]);
        assert!(!library.path().exists(), "load must not write");
        assert!(
            !dir.path().join(LOCK_NAME).exists(),
            "load must not take the lock"
        );
        assert_eq!(fs::read(library.backup_path()).unwrap(), backup);
    }

    #[test]
    fn load_of_a_present_file_takes_no_lock() {
        let (dir, library) = new_library();
        fs::write(
            library.path(),
            br#"{"version":1,"papers":{"p":{"read":"2025-03-01T12:00:00Z"}}}"#,
        )
        .unwrap();
        assert!(library.load().unwrap().is_read("p"));
        assert_eq!(
            sorted_entry_names(dir.path()).unwrap(),
            vec!["library.json"]
        );
    }

    #[test]
    fn recover_restores_a_missing_file_and_says_which() {
        let (_dir, library) = new_library();
        library_with_bookmarks(&library, 3);
        library
            .update(|state| state.mark_read("b1", at(9)))
            .unwrap();
        let backup = fs::read(library.backup_path()).unwrap();
        fs::remove_file(library.path()).unwrap();

        let recovered = library.recover().unwrap().expect("something to recover");
        assert_eq!(
            recovered,
            Recovered {
                file: library.path().to_path_buf(),
                backup: library.backup_path().to_path_buf(),
                bookmarks: 3,
                read: 0,
                restored: true,
            }
        );
        let warning = recovered.to_string();
        assert!(!warning.contains('\n'), "{warning}");
        assert!(warning.contains(&library.path().display().to_string()));
        assert!(warning.contains(&library.backup_path().display().to_string()));
        assert!(warning.contains("restored your library (bookmarks: 3, read marks: 0)"));
        assert_eq!(fs::read(library.path()).unwrap(), backup);
        assert_eq!(library.recover().unwrap(), None, "nothing left to recover");
    }

    #[test]
    fn recover_without_any_backup_is_nothing_to_do() {
        let (dir, library) = new_library();
        assert_eq!(library.recover().unwrap(), None);
        assert!(sorted_entry_names(dir.path()).unwrap().is_empty());
    }

    /// The hostile run: the file deleted, then two writes. Before, they
    /// started from an empty library and the second one overwrote the good
    /// backup.
    #[test]
    fn writes_after_the_file_vanished_start_from_the_backup_and_keep_it() {
        let (_dir, library) = new_library();
        library_with_bookmarks(&library, 3);
        fs::remove_file(library.path()).unwrap();

        library
            .update(|state| state.bookmark("new1", at(20)))
            .unwrap();
        library
            .update(|state| state.bookmark("new2", at(21)))
            .unwrap();
        let state = library.load().unwrap();
        for id in ["b0", "b1", "new1", "new2"] {
            assert!(state.is_bookmarked(id), "{id} lost");
        }
        assert_eq!(bookmarks_in(library.backup_path()), ["b0", "b1", "new1"]);
        // No version was backed up twice.
        assert_eq!(bookmarks_in(&library.backup_paths()[1]), ["b0", "b1"]);
        assert_eq!(bookmarks_in(&library.backup_paths()[2]), ["b0"]);
        assert!(!library.backup_paths()[3].exists());
    }

    #[test]
    fn files_that_are_not_a_library_are_refused_and_never_overwritten() {
        let cases: [&[u8]; 8] = [
            b"[]",
            b"{}",
            b"null",
            br#"{"papers":{}}"#,
            br#"{"version":0,"papers":{}}"#,
            br#"{"version":1,"papers":{},"bookmarks":["x"]}"#,
            b"\x00\x01garbage",
            b"",
        ];
        for bytes in cases {
            let dir = tempfile::tempdir().unwrap();
            let library = Library::open(dir.path()).unwrap();
            library_with_bookmarks(&library, 2);
            let backup = fs::read(library.backup_path()).unwrap();
            fs::write(library.path(), bytes).unwrap();
            let shown = String::from_utf8_lossy(bytes);

            let error = library.load().unwrap_err();
            assert!(
                matches!(
                    error,
                    LibraryError::NotALibrary { .. } | LibraryError::Corrupt { .. }
                ),
                "{shown}: {error:?}"
            );
            let mut called = false;
            let refused = library
                .update(|state| {
                    called = true;
                    state.bookmark("p", at(1))
                })
                .unwrap_err();
            assert!(!called, "{shown}");
            let message = refused.to_string();
            assert!(
                message.contains(&library.path().display().to_string()),
                "{message}"
            );
            assert!(
                message.contains(&library.backup_path().display().to_string()),
                "{message}"
            );
            assert!(message.contains("left untouched"), "{message}");
            assert_eq!(fs::read(library.path()).unwrap(), bytes, "{shown}");
            assert_eq!(fs::read(library.backup_path()).unwrap(), backup);
            assert_eq!(library.recover().unwrap(), None, "{shown}");
        }
    }

    #[test]
    fn not_a_library_message_says_it_could_not_be_read() {
        let (_dir, library) = new_library();
        fs::write(library.path(), b"{}").unwrap();
        let message = library.load().unwrap_err().to_string();
        assert!(
            message.starts_with("could not read the library: "),
            "{message}"
        );
        assert!(message.contains("no `version`"), "{message}");
    }

    #[test]
    fn empty_library_is_written_with_its_papers_field() {
        let (_dir, library) = new_library();
        library.update(|state| state.bookmark("p", at(1))).unwrap();
        library.update(|state| state.unbookmark("p")).unwrap();
        let text = fs::read_to_string(library.path()).unwrap();
        assert!(text.contains("\"papers\": {}"), "{text}");
        assert!(library.load().unwrap().is_empty());
        // The user emptied it through folio: allowed, and the bookmark is
        // still in the backup.
        assert_eq!(bookmarks_in(library.backup_path()), ["p"]);
    }

    #[test]
    fn legacy_empty_file_without_backup_is_an_empty_library() {
        let (_dir, library) = new_library();
        fs::write(library.path(), br#"{"version":1}"#).unwrap();
        assert!(library.load().unwrap().is_empty());
        library.update(|state| state.bookmark("p", at(1))).unwrap();
        let text = fs::read_to_string(library.path()).unwrap();
        assert!(text.contains("\"papers\""), "{text}");
        // The empty legacy version holds nothing worth a backup.
        assert!(!library.backup_path().exists());
    }

    #[test]
    fn legacy_empty_file_with_entries_in_a_backup_is_refused() {
        let (_dir, library) = new_library();
        library_with_bookmarks(&library, 3);
        let backup = fs::read(library.backup_path()).unwrap();
        let legacy = br#"{"version":1,"last_looked":"2025-03-01T12:00:00Z"}"#;
        fs::write(library.path(), legacy).unwrap();

        let error = library.load().unwrap_err();
        assert!(
            matches!(error, LibraryError::AmbiguousEmpty { entries: 2, .. }),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.contains("old format"), "{message}");
        assert!(message.contains("copy"), "{message}");
        assert!(
            message.contains(r#"{"version": 1, "papers": {}}"#),
            "{message}"
        );
        let refused = library.update(|state| state.bookmark("p", at(1)));
        assert!(matches!(refused, Err(LibraryError::AmbiguousEmpty { .. })));
        assert_eq!(fs::read(library.path()).unwrap(), legacy);
        assert_eq!(fs::read(library.backup_path()).unwrap(), backup);

        // Following the advice to keep it empty works.
        fs::write(library.path(), br#"{"version": 1, "papers": {}}"#).unwrap();
        assert!(library.load().unwrap().is_empty());
    }

    #[test]
    fn backups_rotate_and_keep_the_last_five_versions() {
        let (dir, library) = new_library();
        library_with_bookmarks(&library, 8);
        // The file has b0..b7; the newest backup b0..b6, the oldest b0..b2.
        for (n, backup) in library.backup_paths().iter().enumerate() {
            let expected: Vec<String> = (0..7 - n).map(|b| format!("b{b}")).collect();
            assert_eq!(bookmarks_in(backup), expected, "{}", backup.display());
        }
        assert_eq!(
            sorted_entry_names(dir.path()).unwrap().len(),
            1 + BACKUP_COUNT + 1
        );
    }

    #[test]
    fn a_version_equal_to_the_newest_backup_is_not_backed_up_again() {
        let (_dir, library) = new_library();
        library_with_bookmarks(&library, 2);
        // Only `last_looked` changes: the entries equal the file's, which
        // becomes the newest backup once, then never again.
        for minute in 10..15 {
            library
                .update(|state| state.touch_last_looked(at(minute)))
                .unwrap();
        }
        assert_eq!(bookmarks_in(library.backup_path()), ["b0", "b1"]);
        assert_eq!(bookmarks_in(&library.backup_paths()[1]), ["b0"]);
        assert!(!library.backup_paths()[2].exists());
    }

    #[test]
    fn an_empty_version_is_never_rotated_into_the_chain() {
        let (_dir, library) = new_library();
        library_with_bookmarks(&library, 1);
        for round in 0..BACKUP_COUNT as u32 * 2 {
            library.update(|state| state.unbookmark("b0")).unwrap();
            library
                .update(|state| state.bookmark("b0", at(round)))
                .unwrap();
        }
        for backup in library.backup_paths().iter().filter(|path| path.exists()) {
            assert_eq!(bookmarks_in(backup), ["b0"], "{}", backup.display());
        }
    }

    #[test]
    fn a_damaged_newest_backup_is_replaced_not_rotated_on() {
        let (_dir, library) = new_library();
        library_with_bookmarks(&library, 1);
        fs::write(library.backup_path(), b"{damaged").unwrap();
        library.update(|state| state.bookmark("b1", at(5))).unwrap();
        assert_eq!(bookmarks_in(library.backup_path()), ["b0"]);
        assert!(!library.backup_paths()[1].exists());
    }

    #[test]
    fn missing_file_with_only_damaged_backups_is_refused() {
        let (_dir, library) = new_library();
        fs::write(library.backup_path(), b"{damaged").unwrap();
        fs::write(&library.backup_paths()[2], b"[]").unwrap();

        let error = library.load().unwrap_err();
        assert!(
            matches!(error, LibraryError::NoGoodBackup { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("library.json.bak"));
        assert!(library.recover().is_err());
        let refused = library.update(|state| state.bookmark("p", at(1)));
        assert!(matches!(refused, Err(LibraryError::NoGoodBackup { .. })));
        assert!(!library.path().exists());
    }

    #[test]
    fn missing_file_skips_damaged_backups_for_the_newest_good_one() {
        let (_dir, library) = new_library();
        library_with_bookmarks(&library, 3);
        fs::remove_file(library.path()).unwrap();
        fs::write(library.backup_path(), b"{}").unwrap();
        assert_eq!(library.load().unwrap().bookmarked_ids(), vec!["b0"]);
        let recovered = library.recover().unwrap().unwrap();
        assert_eq!(recovered.backup, library.backup_paths()[1]);
    }

    /// Each state a kill can leave between the steps of a save (rotate,
    /// write the backup, write the file) still loads, and the next save
    /// neither loses a version nor duplicates one.
    #[test]
    fn a_kill_between_save_steps_leaves_a_loadable_library() {
        let (dir, library) = new_library();
        library_with_bookmarks(&library, 3);
        let file = fs::read(library.path()).unwrap();
        let backups = library.backup_paths();

        // Killed after rotating, before writing the new newest backup.
        library.rotate().unwrap();
        assert!(!backups[0].exists());
        assert_eq!(library.load().unwrap().bookmarked_ids().len(), 3);
        library.update(|state| state.bookmark("b3", at(3))).unwrap();
        assert_eq!(bookmarks_in(&backups[0]), ["b0", "b1", "b2"]);
        assert_eq!(bookmarks_in(&backups[2]), ["b0"]);

        // Killed after writing the backup, before writing the file: the
        // backup equals the file and is not backed up a second time.
        let file_now = fs::read(library.path()).unwrap();
        library
            .push_backup(&file_now, &library.load().unwrap())
            .unwrap();
        assert_eq!(fs::read(&backups[0]).unwrap(), file_now);
        assert_eq!(library.load().unwrap().bookmarked_ids().len(), 4);
        library.update(|state| state.bookmark("b4", at(4))).unwrap();
        assert_eq!(fs::read(&backups[0]).unwrap(), file_now);
        assert_eq!(bookmarks_in(&backups[1]), ["b0", "b1", "b2"]);
        assert_ne!(fs::read(library.path()).unwrap(), file);

        // Killed inside an atomic write: a stray temp file changes nothing.
        fs::write(dir.path().join(".library.json.tmp.1.0"), b"{half").unwrap();
        assert_eq!(library.load().unwrap().bookmarked_ids().len(), 5);
    }

    /// Set by [`read_only_data_dir_reads_but_refuses_writes`] for its child.
    const READ_ONLY_DIR_VAR: &str = "FOLIO_LIBRARY_READ_ONLY_CHILD";

    /// Child half of [`read_only_data_dir_reads_but_refuses_writes`], run as
    /// an unprivileged user; does nothing when run by hand.
    #[test]
    #[ignore = "helper run as a child process by read_only_data_dir_reads_but_refuses_writes"]
    fn child_on_read_only_dir() {
        let Ok(dir) = std::env::var(READ_ONLY_DIR_VAR) else {
            return;
        };
        let library = Library::open(Path::new(&dir)).unwrap();
        assert_eq!(library.load().unwrap().bookmarked_ids(), vec!["b1", "b0"]);
        let recovered = library.recover().unwrap().unwrap();
        assert!(!recovered.restored);
        assert!(recovered.to_string().contains("read-only"));
        let error = library
            .update(|state| state.bookmark("p", at(1)))
            .unwrap_err();
        assert!(
            matches!(&error, LibraryError::ReadOnly { dir: d } if d == Path::new(&dir)),
            "{error:?}"
        );
        assert!(error.to_string().contains("changes cannot be saved"));
    }

    #[cfg(unix)]
    #[test]
    fn read_only_data_dir_reads_but_refuses_writes() {
        use std::os::unix::fs::PermissionsExt;
        let setpriv = Path::new("/usr/bin/setpriv");
        // As root, permission bits stop nothing: the child drops to nobody.
        // The owner of this process's /proc entry is its effective user.
        let is_root = fs::metadata("/proc/self")
            .map(|meta| std::os::unix::fs::MetadataExt::uid(&meta) == 0)
            .unwrap_or(false);
        if !is_root || !setpriv.exists() {
            println!(
                "skipped: needs root and {} to drop privileges",
                setpriv.display()
            );
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        let library = Library::open(dir.path()).unwrap();
        library_with_bookmarks(&library, 3);
        // The file went missing: the child must still see the backup.
        fs::remove_file(library.path()).unwrap();
        let before = sorted_entry_names(dir.path()).unwrap();

        let exe = std::env::current_exe().unwrap();
        let module = module_path!().split_once("::").unwrap().1;
        let output = Command::new(setpriv)
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&exe)
            .args([
                "--ignored",
                "--exact",
                &format!("{module}::child_on_read_only_dir"),
                "--nocapture",
                "--test-threads=1",
            ])
            .env(READ_ONLY_DIR_VAR, dir.path())
            .output()
            .unwrap();
        assert_child_passed(&output);
        assert_eq!(sorted_entry_names(dir.path()).unwrap(), before);
    }
}
