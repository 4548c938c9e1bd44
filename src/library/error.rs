//! Why the library could not be read or saved, phrased so the user knows
//! their data is safe and what to do next.

use std::io;
use std::path::PathBuf;

/// Failure to read or save the library file.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    /// The file system refused an operation.
    #[error(
        "could not {action} {}: {error}; check the data dir is readable and writable, or pass --data-dir to use another one",
        path.display()
    )]
    Io {
        /// What was being attempted, e.g. "write".
        action: &'static str,
        path: PathBuf,
        error: io::Error,
    },

    /// The library file exists but is not valid library JSON.
    #[error(
        "could not read the library: {} is damaged (line {line}, column {column}: {reason}); it was left untouched and nothing will be saved until it is fixed: restore the last good copy from {} or fix the JSON by hand",
        path.display(),
        backup.display()
    )]
    Corrupt {
        path: PathBuf,
        backup: PathBuf,
        line: usize,
        column: usize,
        reason: String,
    },

    /// The file is valid JSON but not a folio library (an empty object, a
    /// list, no `version`, unknown fields...).
    #[error(
        "could not read the library: {} is not a folio library file ({reason}); it was left untouched and nothing will be saved until it is fixed: move it away to have folio restore the last good copy from {}, or fix it by hand",
        path.display(),
        backup.display()
    )]
    NotALibrary {
        path: PathBuf,
        backup: PathBuf,
        reason: String,
    },

    /// The file is the legacy empty form (`{"version":1}`, written by older
    /// folio once every entry was removed) while a backup still holds
    /// entries: it cannot be told apart from a library that was reset.
    #[error(
        "could not read the library: {} is an empty library in the old format, but the backup {} still holds entries for {entries} paper(s), and folio cannot tell whether you removed them or the file was reset; both were left untouched: to get the entries back, copy {} over {}; to keep the library empty, replace the contents of {} with {{\"version\": 1, \"papers\": {{}}}}",
        path.display(),
        backup.display(),
        backup.display(),
        path.display(),
        path.display()
    )]
    AmbiguousEmpty {
        path: PathBuf,
        backup: PathBuf,
        entries: usize,
    },

    /// The library file is missing and backups exist, but none of them is a
    /// readable library, so starting empty could discard the user's data.
    #[error(
        "could not read the library: {} is missing and its backup {} is not a readable folio library either; nothing was changed: fix the backup by hand, or move the library.json.bak* files out of the data dir to start a new, empty library",
        path.display(),
        backup.display()
    )]
    NoGoodBackup { path: PathBuf, backup: PathBuf },

    /// The user may not write to the data dir (permissions or a read-only
    /// file system): the library can be read but not changed.
    #[error(
        "the data dir {} is read-only: your library can be read but changes cannot be saved; make the directory writable, or pass --data-dir to use a writable one",
        dir.display()
    )]
    ReadOnly { dir: PathBuf },

    /// The file was written by a newer folio whose format this build may
    /// only partly understand, so rewriting it could drop data.
    #[error(
        "{} was written by a newer folio (format version {found}; this build knows up to version {supported}); it was left untouched: upgrade folio to change your library",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
}

impl LibraryError {
    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, error: io::Error) -> Self {
        LibraryError::Io {
            action,
            path: path.into(),
            error,
        }
    }

    /// Maps a failure to create or replace a file in `dir` (the lock, a
    /// temp file, a rename) to [`LibraryError::ReadOnly`] when it means the
    /// user may not write there, else to [`LibraryError::Io`].
    pub(crate) fn write(
        action: &'static str,
        path: impl Into<PathBuf>,
        dir: &std::path::Path,
        error: io::Error,
    ) -> Self {
        if matches!(
            error.kind(),
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
        ) {
            LibraryError::ReadOnly {
                dir: dir.to_path_buf(),
            }
        } else {
            LibraryError::io(action, path, error)
        }
    }

    pub(crate) fn corrupt(path: PathBuf, backup: PathBuf, error: &serde_json::Error) -> Self {
        let (line, column) = (error.line(), error.column());
        let full = error.to_string();
        let position = format!(" at line {line} column {column}");
        let reason = full.strip_suffix(&position).unwrap_or(&full).to_string();
        LibraryError::Corrupt {
            path,
            backup,
            line,
            column,
            reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_message_names_action_path_cause_and_fix() {
        let error = LibraryError::io(
            "write",
            "/x/library.json",
            io::Error::from(io::ErrorKind::PermissionDenied),
        );
        let message = error.to_string();
        assert!(message.starts_with("could not write /x/library.json: permission denied"));
        assert!(message.contains("--data-dir"));
    }

    #[test]
    fn write_failures_that_mean_no_permission_become_read_only() {
        let dir = std::path::Path::new("/x/data");
        // EACCES and EPERM are both PermissionDenied; EROFS has its own kind.
        for errno in [13, 1, 30] {
            let error = LibraryError::write(
                "lock",
                "/x/data/library.lock",
                dir,
                io::Error::from_raw_os_error(errno),
            );
            assert!(
                matches!(&error, LibraryError::ReadOnly { dir: d } if d == dir),
                "errno {errno}: {error:?}"
            );
            let message = error.to_string();
            assert!(message.contains("/x/data is read-only"), "{message}");
            assert!(message.contains("changes cannot be saved"), "{message}");
        }
        let full = LibraryError::write(
            "write",
            "/x/data/library.json",
            dir,
            io::Error::from_raw_os_error(28),
        );
        assert!(matches!(
            full,
            LibraryError::Io {
                action: "write",
                ..
            }
        ));
    }

    #[test]
    fn corrupt_message_names_position_once_and_the_backup() {
        let parse_error =
            serde_json::from_str::<serde_json::Value>("{\n  \"a\": ,\n}").unwrap_err();
        let error = LibraryError::corrupt(
            PathBuf::from("/x/library.json"),
            PathBuf::from("/x/library.json.bak"),
            &parse_error,
        );
        let message = error.to_string();
        assert!(
            message.starts_with("could not read the library: /x/library.json is damaged (line 2, column 8: expected value)")
        );
        assert!(!message.contains("at line"));
        assert!(message.contains("left untouched"));
        assert!(message.contains("/x/library.json.bak"));
    }
}
