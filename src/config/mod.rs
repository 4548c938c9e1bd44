//! Where folio keeps its data and what the user asked it to do differently:
//! the resolved [`Paths`] and the parsed `config.toml` ([`Config`]). Kept free
//! of terminal code so the CLI, the TUI and the tests share one loader.

mod file;
mod paths;
mod theme;

use std::path::PathBuf;

pub use file::{Config, KeyList, SourceConfig, Sources};
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
        "invalid config file {path}: {message}\n\
         fix or delete that line (every key is documented in the example config folio ships), \
         or move the file away to start from the defaults"
    )]
    Parse { path: PathBuf, message: String },
}
