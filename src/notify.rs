//! `notify_command`: the program a `folio sync` runs when it brought new
//! papers to watches, with the digest JSON on its standard input. It is a
//! program and its arguments, never a shell string; one that fails or hangs
//! (killed after a timeout) is reported and never fails the sync.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a notify command may run by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How often a running command is checked on.
const POLL: Duration = Duration::from_millis(20);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum NotifyError {
    #[error(
        "notify_command in config.toml is empty; give a program and its arguments, e.g. [\"mail\", \"-s\", \"new papers\", \"me@example.org\"]"
    )]
    Empty,
    #[error("notify_command's program `{0}` was not found; give its full path or install it")]
    NotFound(String),
    #[error("the notify command `{program}` could not start: {reason}")]
    Start { program: String, reason: String },
    #[error("the notify command `{program}` failed ({status}); the sync itself succeeded")]
    Failed { program: String, status: String },
    #[error(
        "the notify command `{program}` ran longer than {seconds} s and was stopped; the sync itself succeeded"
    )]
    TimedOut { program: String, seconds: u64 },
}

/// Checks that `command` names a program that exists, before anything is
/// fetched, so a typo costs nothing.
pub fn check(command: &[String]) -> Result<PathBuf, NotifyError> {
    let program = command
        .first()
        .filter(|p| !p.trim().is_empty())
        .ok_or(NotifyError::Empty)?;
    find_program(program).ok_or_else(|| NotifyError::NotFound(program.clone()))
}

/// The program as a path: as given when it names a path, else found on `PATH`.
fn find_program(program: &str) -> Option<PathBuf> {
    let given = Path::new(program);
    if given.components().count() > 1 {
        return given.is_file().then(|| given.to_path_buf());
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|candidate| candidate.is_file())
    })
}

/// Runs `command` with `input` on its standard input, waiting at most
/// `timeout` for it to end.
pub fn run(command: &[String], input: &[u8], timeout: Duration) -> Result<(), NotifyError> {
    let path = check(command)?;
    let program = command[0].clone();
    let mut child = Command::new(&path)
        .args(&command[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| NotifyError::Start {
            program: program.clone(),
            reason: e.to_string(),
        })?;
    // Written from a thread of its own: a command that does not read its
    // input must not block folio.
    let writer = child.stdin.take().map(|mut stdin| {
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        })
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(NotifyError::TimedOut {
                    program,
                    seconds: timeout.as_secs(),
                });
            }
            Ok(None) => std::thread::sleep(POLL),
            Err(e) => {
                return Err(NotifyError::Failed {
                    program,
                    status: e.to_string(),
                });
            }
        }
    };
    if let Some(writer) = writer {
        let _ = writer.join();
    }
    if status.success() {
        Ok(())
    } else {
        Err(NotifyError::Failed {
            program,
            status: status.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn programs_are_found_on_the_path_or_refused() {
        assert!(check(&cmd(["sh"].as_slice())).is_ok());
        assert_eq!(check(&[]), Err(NotifyError::Empty));
        assert_eq!(
            check(&cmd(&["folio-no-such-program"])),
            Err(NotifyError::NotFound("folio-no-such-program".into()))
        );
        assert!(matches!(
            check(&cmd(&["/no/such/dir/prog"])),
            Err(NotifyError::NotFound(_))
        ));
    }

    #[test]
    fn the_input_arrives_and_failures_and_hangs_are_told() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("got");
        let script = format!("cat > '{}'", out.display());
        run(&cmd(&["sh", "-c", &script]), b"{\"x\":1}", DEFAULT_TIMEOUT).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"{\"x\":1}");
        assert!(matches!(
            run(&cmd(&["sh", "-c", "exit 3"]), b"", DEFAULT_TIMEOUT),
            Err(NotifyError::Failed { .. })
        ));
        let started = Instant::now();
        assert!(matches!(
            run(&cmd(&["sleep", "30"]), b"", Duration::from_millis(300)),
            Err(NotifyError::TimedOut { .. })
        ));
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the hang was stopped"
        );
    }
}
