//! Editing text in the user's own editor, for `folio note ID`, the reader's
//! `e` and `folio config edit`: choose the editor ([`EditorCommand`]), hand
//! it a file, wait for it, read the file back. A note is edited in a temp
//! file (`folio-note-ID.md` in a private directory of the system temp dir)
//! that is removed however the edit ends; what the edited text means for
//! the note is [`note`]'s business.
//!
//! The editor runs in the foreground with folio's terminal: the caller makes
//! sure nothing else reads that terminal meanwhile (the reader suspends).

mod command;
pub mod note;

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitStatus;
use std::sync::atomic::{AtomicU64, Ordering};

pub use command::{EditorCommand, FALLBACK};

/// Why an edit did not happen or did not end well.
#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    #[error(
        "{source_name} is `{line}`, which cannot be run: {why}; set it to an editor \
         and its arguments, e.g. `export EDITOR=\"code --wait\"`"
    )]
    BadCommand {
        source_name: &'static str,
        line: String,
        why: String,
    },
    #[error(
        "could not start the editor `{program}` ({source_name}): {error}; \
         set VISUAL or EDITOR to an editor you have, e.g. `export EDITOR=nano`"
    )]
    Start {
        program: String,
        source_name: &'static str,
        error: io::Error,
    },
    #[error("the editor `{command}` ended with {status}")]
    Failed { command: String, status: ExitStatus },
    #[error(
        "could not {what} the file to edit {path}: {error}; check that the temp dir is \
         writable (or point TMPDIR at one that is)"
    )]
    TempFile {
        what: &'static str,
        path: PathBuf,
        error: io::Error,
    },
}

/// The temp file's name for paper `id`: `folio-note-ID.md`, with anything
/// but letters, digits, `.`, `-` and `_` replaced (old arXiv ids hold `/`).
pub fn note_file_name(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("folio-note-{safe}.md")
}

/// Runs the editor on `text` in a temp file named `file_name` and returns
/// the text it left. The file (and its private directory) is removed
/// whatever happens.
pub fn edit_text(
    command: &EditorCommand,
    file_name: &str,
    text: &str,
) -> Result<String, EditorError> {
    let dir = PrivateDir::create()?;
    let path = dir.path.join(file_name);
    let temp_error = |what, error| EditorError::TempFile {
        what,
        path: path.clone(),
        error,
    };
    std::fs::write(&path, text).map_err(|e| temp_error("write", e))?;
    edit_file(command, &path)?;
    std::fs::read_to_string(&path).map_err(|e| temp_error("read back", e))
}

/// Runs the editor on `path` and waits for it; an exit other than success
/// is [`EditorError::Failed`].
pub fn edit_file(command: &EditorCommand, path: &Path) -> Result<(), EditorError> {
    let status = std::process::Command::new(&command.program)
        .args(&command.args)
        .arg(path)
        .status()
        .map_err(|error| EditorError::Start {
            program: command.program.clone(),
            source_name: command.source,
            error,
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(EditorError::Failed {
            command: command.display(),
            status,
        })
    }
}

/// Distinguishes the directories of several edits of one process.
static DIRS: AtomicU64 = AtomicU64::new(0);

/// A directory only the user can read, removed with everything in it on drop.
struct PrivateDir {
    path: PathBuf,
}

impl PrivateDir {
    fn create() -> Result<PrivateDir, EditorError> {
        let base = std::env::temp_dir();
        let mut last_error = None;
        for _ in 0..16 {
            let n = DIRS.fetch_add(1, Ordering::Relaxed);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let path = base.join(format!("folio-edit-{}-{n}-{nanos}", std::process::id()));
            let mut builder = std::fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            match builder.create(&path) {
                Ok(()) => return Ok(PrivateDir { path }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_error = Some((path, e)),
                Err(error) => {
                    return Err(EditorError::TempFile {
                        what: "create a directory for",
                        path,
                        error,
                    });
                }
            }
        }
        let (path, error) = last_error
            .unwrap_or_else(|| (base.clone(), io::Error::other("no free directory name")));
        Err(EditorError::TempFile {
            what: "create a directory for",
            path,
            error,
        })
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// An editor that is a shell script: `sh -c SCRIPT LOG FILE` (so `$0`
    /// is a log file of the test's and `$1` the file to edit).
    fn script_editor(script: &str, log: &Path) -> EditorCommand {
        EditorCommand {
            program: "sh".into(),
            args: vec!["-c".into(), script.into(), log.display().to_string()],
            source: "$EDITOR",
        }
    }

    #[test]
    fn the_editor_gets_the_text_in_a_named_file_and_its_changes_come_back() {
        let logs = tempfile::tempdir().unwrap();
        let log = logs.path().join("log");
        let editor = script_editor(
            "case \"$1\" in */folio-note-p1.md) ;; *) exit 9 ;; esac; \
             dirname \"$1\" > \"$0\"; printf 'more\\n' >> \"$1\"",
            &log,
        );
        let edited = edit_text(&editor, &note_file_name("p1"), "old\n").unwrap();
        assert_eq!(edited, "old\nmore\n");
        let dir = std::fs::read_to_string(&log).unwrap();
        assert!(
            !Path::new(dir.trim_end()).exists(),
            "the temp dir {dir} is left behind"
        );
    }

    #[test]
    fn a_failing_editor_is_reported_and_its_file_removed() {
        let err = edit_text(
            &script_editor("exit 3", Path::new("unused")),
            "folio-note-x.md",
            "a",
        )
        .unwrap_err();
        assert!(matches!(err, EditorError::Failed { .. }), "{err}");
        assert!(err.to_string().contains("exit status: 3"), "{err}");
    }

    #[test]
    fn a_missing_editor_says_how_to_set_one() {
        let editor = EditorCommand {
            program: "/nonexistent/folio-test-editor".into(),
            args: vec![],
            source: "$VISUAL",
        };
        let err = edit_text(&editor, "folio-note-x.md", "a")
            .unwrap_err()
            .to_string();
        assert!(err.contains("/nonexistent/folio-test-editor"), "{err}");
        assert!(err.contains("$VISUAL"), "{err}");
        assert!(err.contains("export EDITOR="), "{err}");
    }

    #[test]
    fn the_temp_dir_is_private() {
        let dir = PrivateDir::create().unwrap();
        let mode = std::fs::metadata(&dir.path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        let path = dir.path.clone();
        drop(dir);
        assert!(!path.exists());
    }

    #[test]
    fn note_file_names_are_safe() {
        assert_eq!(note_file_name("2401.12345"), "folio-note-2401.12345.md");
        assert_eq!(
            note_file_name("hep-th/9901001"),
            "folio-note-hep-th_9901001.md"
        );
    }
}
