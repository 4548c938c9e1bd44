//! The log file: what folio fetched and retried, what it imported and
//! repaired, and how long that took, for when something went wrong and the
//! terminal has long scrolled away. It lives in the platform's state dir
//! (`~/.local/state/folio/folio.log` on Linux), never on the terminal, so the
//! reader's screen is never written over. `-v` (debug) and `-vv` (trace), or
//! `FOLIO_LOG=error|warn|info|debug|trace|off`, set how much; info by default.

use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing::level_filters::LevelFilter;

/// A log file grown past this is moved to `folio.log.1` at the next start.
const MAX_BYTES: u64 = 5 * 1024 * 1024;

/// Where the log goes: the platform's state dir, else its cache dir.
pub fn log_file() -> Option<PathBuf> {
    let project = directories::ProjectDirs::from("", "", "folio")?;
    let dir = project
        .state_dir()
        .unwrap_or_else(|| project.cache_dir())
        .to_path_buf();
    Some(dir.join("folio.log"))
}

/// The level asked for: `-v` counts win over `FOLIO_LOG`.
fn level(verbose: u8) -> LevelFilter {
    match verbose {
        0 => std::env::var("FOLIO_LOG")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(LevelFilter::INFO),
        1 => LevelFilter::DEBUG,
        _ => LevelFilter::TRACE,
    }
}

/// Starts writing the log. A log that cannot be opened (a read-only home,
/// a full disk) is no reason to stop: folio then runs without one, and
/// `folio stats` says why.
pub fn start(verbose: u8) -> Result<PathBuf, String> {
    let level = level(verbose);
    let path = log_file().ok_or("no home directory to keep a log in")?;
    if level == LevelFilter::OFF {
        return Err("logging is off (FOLIO_LOG=off)".to_string());
    }
    let file = open(&path).map_err(|e| format!("{} could not be opened: {e}", path.display()))?;
    tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_max_level(level)
        .with_target(false)
        .try_init()
        .map_err(|e| e.to_string())?;
    tracing::debug!(version = env!("CARGO_PKG_VERSION"), args = ?std::env::args().skip(1).collect::<Vec<_>>(), "start");
    Ok(path)
}

fn open(path: &Path) -> std::io::Result<fs::File> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    if fs::metadata(path).is_ok_and(|m| m.len() > MAX_BYTES) {
        let _ = fs::rename(path, path.with_extension("log.1"));
    }
    OpenOptions::new().create(true).append(true).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbosity_raises_the_level() {
        assert_eq!(level(1), LevelFilter::DEBUG);
        assert_eq!(level(3), LevelFilter::TRACE);
    }
}
