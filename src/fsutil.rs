//! Crash-safe file primitives shared by everything that keeps state on disk
//! (the user library, the journal, the index bookkeeping).
//!
//! A power cut or a second folio process must never leave a half-written file
//! or interleave two writers, so all persistent writes go through
//! [`write_atomically`] and all read-modify-write cycles hold a [`FileLock`].

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Distinguishes temp files created by different threads of one process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Replaces the contents of `path` with `bytes` so that readers (and the file
/// after a crash) see either the complete old content or the complete new one.
///
/// Writes a uniquely named temp file in the same directory, flushes it to
/// disk, renames it over `path` and then flushes the directory so the rename
/// itself is durable. The parent directory is created if missing. On failure
/// the temp file is removed and `path` is left as it was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = parent_dir(path);
    fs::create_dir_all(dir)?;
    let temp = temp_path_for(path)?;
    let written = write_synced(&temp, bytes).and_then(|()| fs::rename(&temp, path));
    if let Err(error) = written {
        let _ = fs::remove_file(&temp);
        return Err(error);
    }
    sync_dir(dir)
}

/// Removes the temp files [`write_atomically`] leaves when killed before its
/// rename, for every file in `dir` whose name starts with `name` (so
/// `library.json` covers its backups too). Call only while holding the lock
/// every writer of those files takes. Returns how many were removed.
pub fn remove_stale_temp_files(dir: &Path, name: &str) -> io::Result<usize> {
    let prefix = format!(".{name}");
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if file_name.starts_with(&prefix) && file_name.contains(".tmp.") {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// The directory holding `path`; `.` for a bare file name.
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// `.{name}.tmp.{pid}.{counter}` next to `path`: hidden, and unique across
/// processes (pid) and threads (counter).
fn temp_path_for(path: &Path) -> io::Result<PathBuf> {
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} does not name a file", path.display()),
        )
    })?;
    let counter = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp_name = format!(
        ".{}.tmp.{}.{}",
        name.to_string_lossy(),
        std::process::id(),
        counter
    );
    Ok(parent_dir(path).join(temp_name))
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes a completed rename durable. Only Unix can open and fsync a
/// directory; some file systems there also reject it, which is not an error
/// worth failing a finished write for.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    match File::open(dir).and_then(|handle| handle.sync_all()) {
        Err(error)
            if matches!(
                error.kind(),
                io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported
            ) =>
        {
            Ok(())
        }
        other => other,
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// Whether an error, or any error under it, is the file system saying it is
/// full (ENOSPC, or a quota: EDQUOT), also when a library only kept its text.
pub fn mentions_disk_full(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<io::Error>()
            && is_disk_full(io)
        {
            return true;
        }
        let text = e.to_string();
        if text.contains("No space left on device") || text.contains("Disk quota exceeded") {
            return true;
        }
        current = e.source();
    }
    false
}

fn is_disk_full(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    )
}

/// Whether writing a little to `dir` fails for want of space: asked after a
/// write failed with an error that lost its cause.
pub fn disk_is_full(dir: &Path) -> bool {
    let probe = match temp_path_for(&dir.join("space-probe")) {
        Ok(path) => path,
        Err(_) => return false,
    };
    let result = write_synced(&probe, &[0u8; 256 * 1024]);
    let _ = fs::remove_file(&probe);
    result.is_err_and(|e| is_disk_full(&e))
}

/// An exclusive advisory lock on a lock file, released when dropped.
///
/// Advisory means it only excludes other holders of a `FileLock` on the same
/// path (in this or another process); it does not stop plain reads, which is
/// why the locked files themselves are always replaced atomically.
#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
}

impl FileLock {
    /// Waits until the lock on `path` is free and takes it. Creates the lock
    /// file (and its directory) if missing.
    pub fn acquire(path: &Path) -> io::Result<FileLock> {
        let file = open_lock_file(path)?;
        file.lock()?;
        Ok(FileLock {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Takes the lock on `path` if nobody holds it; `Ok(None)` if somebody does.
    pub fn try_acquire(path: &Path) -> io::Result<Option<FileLock>> {
        let file = open_lock_file(path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(FileLock {
                file,
                path: path.to_path_buf(),
            })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(error)) => Err(error),
        }
    }

    /// The lock file this lock is held on.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Closing the file releases the lock anyway; unlocking first just
        // makes the release immediate and explicit.
        let _ = self.file.unlock();
    }
}

fn open_lock_file(path: &Path) -> io::Result<File> {
    fs::create_dir_all(parent_dir(path))?;
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

/// The names of what `dir` holds, sorted (a name that is not UTF-8 is
/// converted lossily): a directory's content in an order that compares.
pub fn sorted_entry_names(dir: &Path) -> io::Result<Vec<String>> {
    let mut names = fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<io::Result<Vec<_>>>()?;
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;
    use std::thread;

    #[test]
    fn writes_new_file_and_creates_parent_dir() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/deeper/state.json");
        write_atomically(&path, b"hello").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"hello");
    }

    #[test]
    fn replaces_existing_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        write_atomically(&path, b"a much longer first version").unwrap();
        write_atomically(&path, b"short").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"short");
        assert_eq!(
            sorted_entry_names(dir.path()).unwrap(),
            vec!["state.json".to_string()]
        );
    }

    #[test]
    fn failed_write_removes_temp_file_and_keeps_target() {
        let dir = tempfile::tempdir().unwrap();
        // A non-empty directory cannot be replaced by a file rename.
        let target = dir.path().join("occupied");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside"), b"keep").unwrap();

        assert!(write_atomically(&target, b"new").is_err());
        assert_eq!(
            sorted_entry_names(dir.path()).unwrap(),
            vec!["occupied".to_string()]
        );
        assert_eq!(fs::read(target.join("inside")).unwrap(), b"keep");
    }

    #[test]
    fn bare_file_name_is_rejected_without_side_effects() {
        let error = write_atomically(Path::new("/"), b"x").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
    }

    #[test]
    fn readers_only_ever_see_old_or_new_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let old = vec![b'o'; 64 * 1024];
        let new = vec![b'n'; 32 * 1024];
        write_atomically(&path, &old).unwrap();

        let done = Arc::new(AtomicBool::new(false));
        let reader = {
            let (path, done, old, new) = (path.clone(), done.clone(), old.clone(), new.clone());
            thread::spawn(move || {
                let mut reads = 0;
                while !done.load(Ordering::SeqCst) || reads == 0 {
                    let seen = fs::read(&path).unwrap();
                    assert!(
                        seen == old || seen == new,
                        "torn read of {} bytes",
                        seen.len()
                    );
                    reads += 1;
                }
                reads
            })
        };
        for round in 0..200 {
            let bytes = if round % 2 == 0 { &new } else { &old };
            write_atomically(&path, bytes).unwrap();
        }
        done.store(true, Ordering::SeqCst);
        assert!(reader.join().unwrap() > 0);
        assert_eq!(
            sorted_entry_names(dir.path()).unwrap(),
            vec!["state.json".to_string()]
        );
    }

    #[test]
    fn concurrent_writers_each_leave_a_complete_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let writers: Vec<_> = (0..4u8)
            .map(|id| {
                let path = path.clone();
                thread::spawn(move || {
                    for _ in 0..25 {
                        write_atomically(&path, &[id; 4096]).unwrap();
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        let content = fs::read(&path).unwrap();
        assert_eq!(content.len(), 4096);
        assert!(content.iter().all(|&byte| byte == content[0]));
        assert_eq!(
            sorted_entry_names(dir.path()).unwrap(),
            vec!["state.json".to_string()]
        );
    }

    #[test]
    fn stale_temp_files_of_a_name_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "library.json",
            ".library.json.tmp.1234.0",
            ".library.json.bak.1.tmp.99.3",
            ".other.json.tmp.1.1",
            "library.json.bak",
        ] {
            fs::write(dir.path().join(name), b"x").unwrap();
        }
        assert_eq!(
            remove_stale_temp_files(dir.path(), "library.json").unwrap(),
            2
        );
        assert_eq!(
            sorted_entry_names(dir.path()).unwrap(),
            vec![".other.json.tmp.1.1", "library.json", "library.json.bak"]
        );
    }

    #[test]
    fn try_acquire_fails_while_held_and_succeeds_after_drop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("locks/state.lock");
        let held = FileLock::acquire(&path).unwrap();
        assert_eq!(held.path(), path);
        assert!(path.exists());
        assert!(FileLock::try_acquire(&path).unwrap().is_none());
        drop(held);
        let again = FileLock::try_acquire(&path).unwrap();
        assert!(again.is_some());
    }

    #[test]
    fn lock_makes_read_modify_write_cycles_exclusive() {
        let dir = tempfile::tempdir().unwrap();
        let lock_path = dir.path().join("counter.lock");
        let counter_path = dir.path().join("counter");
        fs::write(&counter_path, b"0").unwrap();

        let workers: Vec<_> = (0..4)
            .map(|_| {
                let (lock_path, counter_path) = (lock_path.clone(), counter_path.clone());
                thread::spawn(move || {
                    for _ in 0..50 {
                        let _lock = FileLock::acquire(&lock_path).unwrap();
                        let text = fs::read_to_string(&counter_path).unwrap();
                        let value: u32 = text.parse().unwrap();
                        thread::yield_now();
                        write_atomically(&counter_path, (value + 1).to_string().as_bytes())
                            .unwrap();
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
        assert_eq!(fs::read_to_string(&counter_path).unwrap(), "200");
    }
}
