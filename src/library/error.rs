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
        "{} is damaged (line {line}, column {column}: {reason}); it was left untouched and nothing will be saved until it is fixed: restore the last good copy from {} or fix the JSON by hand",
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
            message.starts_with("/x/library.json is damaged (line 2, column 8: expected value)")
        );
        assert!(!message.contains("at line"));
        assert!(message.contains("left untouched"));
        assert!(message.contains("/x/library.json.bak"));
    }
}
