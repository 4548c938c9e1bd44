//! A data dir folio cannot write: folio run as a user without write access
//! (uid 65534 through `setpriv` when the tests run as root, since root
//! writes through any permission) on a data dir made read-only.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{Folio, Run, SpawnLocked};

/// Runs folio as an unprivileged user where the tests run as root (root
/// writes through any permission), else as the current user.
pub struct Unprivileged {
    pub as_root: bool,
}

impl Unprivileged {
    /// `None` (with a notice) when folio cannot be run without write access.
    pub fn new(folio: &Folio) -> Option<Unprivileged> {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let as_root = status
            .lines()
            .find(|l| l.starts_with("Uid:"))
            .and_then(|l| l.split_whitespace().nth(2))
            == Some("0");
        let runner = Unprivileged { as_root };
        if as_root {
            // uid 65534 must reach the data dir: tempdirs are private (0700).
            let home = folio.path("");
            std::fs::set_permissions(&home, std::os::unix::fs::PermissionsExt::from_mode(0o755))
                .expect("temp dir opened to others");
            let version = runner.run(folio, &["--version"]);
            if !version.success() {
                println!("NOTICE: skipped: folio cannot run as uid 65534 via setpriv: {version:?}");
                return None;
            }
        }
        Some(runner)
    }

    pub fn run(&self, folio: &Folio, args: &[&str]) -> Run {
        if !self.as_root {
            return folio.run(args);
        }
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_folio"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        folio.isolate(&mut cmd);
        super::finish(super::spawn(&mut cmd))
    }
}

/// `chmod -R a-w` on the data dir, undone on drop (a non-root user could not
/// otherwise delete the temp dir). Run as root, the data dir is first given
/// to uid 65534, as a user's own data dir would be theirs.
pub struct ReadOnly(PathBuf);

impl ReadOnly {
    pub fn new(dir: PathBuf, user: &Unprivileged) -> ReadOnly {
        if user.as_root {
            let status = Command::new("chown")
                .args(["-R", "65534:65534"])
                .arg(&dir)
                .locked_status()
                .expect("chown runs");
            assert!(status.success(), "chown -R 65534 {}", dir.display());
        }
        chmod(&dir, "a-w");
        ReadOnly(dir)
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        chmod(&self.0, "u+w");
    }
}

fn chmod(dir: &Path, mode: &str) {
    let status = Command::new("chmod")
        .args(["-R", mode])
        .arg(dir)
        .locked_status()
        .expect("chmod runs");
    assert!(status.success(), "chmod -R {mode} {}", dir.display());
}
