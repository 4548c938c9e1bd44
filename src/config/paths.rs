//! Decides where folio's data and config live, so every command agrees:
//! explicit overrides (`--data-dir`, `--config`, their env vars) first, then the
//! platform's conventional directories.

use std::path::PathBuf;

use super::ConfigError;

/// The resolved on-disk locations folio uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Root of everything folio stores (index, library, journal).
    pub data_dir: PathBuf,
    /// The `config.toml` to read (it need not exist).
    pub config_file: PathBuf,
}

impl Paths {
    /// Resolves the locations: overrides win, else the platform defaults.
    /// Relative overrides are made absolute against the current directory.
    pub fn resolve(
        data_dir: Option<PathBuf>,
        config_file: Option<PathBuf>,
    ) -> Result<Paths, ConfigError> {
        let project =
            || directories::ProjectDirs::from("", "", "folio").ok_or(ConfigError::NoHomeDir);
        let data_dir = match data_dir {
            Some(dir) => absolute(dir)?,
            None => project()?.data_dir().to_path_buf(),
        };
        let config_file = match config_file {
            Some(file) => absolute(file)?,
            None => project()?.config_dir().join("config.toml"),
        };
        Ok(Paths {
            data_dir,
            config_file,
        })
    }

    /// Everything under one directory: the data in `dir/data`, the config
    /// at `dir/config.toml` (scratch data dirs of tests and benchmarks).
    pub fn in_dir(dir: &std::path::Path) -> Paths {
        Paths {
            data_dir: dir.join("data"),
            config_file: dir.join("config.toml"),
        }
    }

    /// The search index directory.
    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }

    /// The user's library (tags, notes, reading state).
    pub fn library_file(&self) -> PathBuf {
        self.data_dir.join("library.json")
    }

    /// The append-only journal of ingested feeds.
    pub fn journal_dir(&self) -> PathBuf {
        self.data_dir.join("journal")
    }
}

fn absolute(path: PathBuf) -> Result<PathBuf, ConfigError> {
    if path.is_absolute() {
        return Ok(path);
    }
    std::env::current_dir()
        .map(|cwd| cwd.join(&path))
        .map_err(|source| ConfigError::CurrentDir { path, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_overrides_are_used_verbatim() {
        let paths = Paths::resolve(
            Some(PathBuf::from("/tmp/folio-data")),
            Some(PathBuf::from("/tmp/folio.toml")),
        )
        .unwrap();
        assert_eq!(paths.data_dir, PathBuf::from("/tmp/folio-data"));
        assert_eq!(paths.config_file, PathBuf::from("/tmp/folio.toml"));
        assert_eq!(paths.index_dir(), PathBuf::from("/tmp/folio-data/index"));
        assert_eq!(
            paths.library_file(),
            PathBuf::from("/tmp/folio-data/library.json")
        );
        assert_eq!(
            paths.journal_dir(),
            PathBuf::from("/tmp/folio-data/journal")
        );
    }

    #[test]
    fn relative_overrides_become_absolute() {
        let paths = Paths::resolve(
            Some(PathBuf::from("data")),
            Some(PathBuf::from("conf/folio.toml")),
        )
        .unwrap();
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(paths.data_dir, cwd.join("data"));
        assert_eq!(paths.config_file, cwd.join("conf/folio.toml"));
    }

    #[test]
    fn defaults_name_folio_and_config_toml() {
        // Dev machines and CI have a home directory, so the defaults resolve.
        let paths = Paths::resolve(None, None).unwrap();
        assert!(paths.data_dir.is_absolute());
        assert!(paths.data_dir.to_string_lossy().contains("folio"));
        assert_eq!(paths.config_file.file_name().unwrap(), "config.toml");
    }
}
