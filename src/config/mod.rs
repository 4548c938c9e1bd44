//! Where folio keeps its data and what the user asked it to do differently:
//! the resolved [`Paths`] and the parsed `config.toml` ([`Config`]). Kept free
//! of terminal code so the CLI, the TUI and the tests share one loader.

mod file;
mod keys;
mod paths;
mod theme;
mod theme_spans;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use file::{Config, SourceConfig, Sources};
pub use keys::{Bindings, KeyList, KeysConfig, KeysEntry};
pub use paths::Paths;
pub use theme::{ColorSide, THEME_BASES, THEME_COLORS, THEME_STYLES, ThemeConfig, split_color_key};

/// Why the configuration could not be resolved or loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "could not find a home directory to keep folio's data in; \
         pass --data-dir (or set FOLIO_DATA_DIR) and --config (or FOLIO_CONFIG)"
    )]
    NoHomeDir,
    #[error(
        "could not determine the current directory to resolve `{path}`: {source}; \
         pass an absolute path instead"
    )]
    CurrentDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "could not read the config file {path}: {source}; check that it is readable, or pass --config with another file"
    )]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "invalid config file {at}: {message}\n\
         fix or delete that line (every key is documented in the example config folio ships), \
         or move the file away to start from the defaults"
    )]
    Parse {
        /// `path:line:column` (or the path alone when toml gave no place).
        at: String,
        message: String,
    },
}

/// Where a config was read from: its path and text, to turn a byte range
/// into `path:line:column`. Two origins always compare equal: where the
/// settings came from is not part of their value.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    path: PathBuf,
    text: Arc<str>,
}

impl PartialEq for Origin {
    fn eq(&self, _: &Origin) -> bool {
        true
    }
}

impl Eq for Origin {}

impl Origin {
    pub fn new(path: &Path, text: &str) -> Origin {
        Origin {
            path: path.to_path_buf(),
            text: text.into(),
        }
    }

    /// The line `span` starts on, trimmed (to show what an error is about).
    pub fn line_of(&self, span: &Range<usize>) -> &str {
        let start = span.start.min(self.text.len());
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let rest = &self.text[line_start..];
        rest[..rest.find('\n').unwrap_or(rest.len())].trim()
    }

    /// `path:line:column` of the start of `span` (lines and columns count
    /// from 1, columns in characters), or the path alone.
    pub fn locate(&self, span: Option<Range<usize>>) -> String {
        let path = self.path.display();
        let Some(span) = span else {
            return path.to_string();
        };
        let start = span.start.min(self.text.len());
        let before = self.text.get(..start).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        format!("{path}:{line}:{column}")
    }
}
