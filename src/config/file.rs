//! The user's `config.toml`: optional tweaks to how folio opens links, which
//! keys the TUI uses, its colours and where feeds come from. Unknown keys are rejected so a
//! typo is reported rather than silently ignored.

use std::path::Path;

use serde::Deserialize;

use super::keys::KeysConfig;
use super::theme::ThemeConfig;
use super::{ConfigError, Origin};

/// Everything `config.toml` can set; every field has a default.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Command used to open links (`%s` is the URL); else `$BROWSER`, else the system opener.
    pub browser: Option<String>,
    /// TUI key rebindings: command name → one key or a list of keys, in
    /// `[keys]` (everywhere) or `[keys.CONTEXT]` (there only).
    pub keys: KeysConfig,
    /// Feed endpoints.
    pub sources: Sources,
    /// A program and its arguments run after a `folio sync` that brought new
    /// papers to watches, with the digest JSON on its standard input.
    pub notify_command: Option<Vec<String>>,
    /// Seconds the notify command may run before it is stopped.
    pub notify_timeout: Option<u64>,
    /// The reader's colours: `[theme] base` and `[theme.colors]` overrides.
    pub theme: ThemeConfig,
    /// The file and text this was read from, to point errors found later
    /// (a bad key) at their line and column.
    #[serde(skip)]
    pub origin: Origin,
}

/// Per-feed settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Sources {
    pub hf: SourceConfig,
    pub arxiv: SourceConfig,
    /// arXiv's announcement feed (RSS), fetched as `{base_url}/rss/{categories}`.
    pub arxiv_new: SourceConfig,
    /// arXiv's OAI-PMH endpoint (`folio sync arxiv-oai`), asked as `{base_url}?verb=…`.
    pub arxiv_oai: SourceConfig,
    /// arXiv's papers as HTML and PDF: `{base_url}/html/{id}`, `{base_url}/pdf/{id}`.
    pub arxiv_html: SourceConfig,
}

/// Settings for one feed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SourceConfig {
    /// Replaces the feed's default base URL (a mirror or a test server).
    pub base_url: Option<String>,
}

impl Config {
    /// Reads the config file; a missing file means "all defaults".
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Config::default());
            }
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let origin = Origin::new(path, &text);
        let mut config = Config::parse_located(&text).map_err(|(span, message)| {
            let message = match &span {
                Some(at) if !origin.line_of(at).is_empty() => {
                    format!("{message} (in `{}`)", origin.line_of(at))
                }
                _ => message,
            };
            ConfigError::Parse {
                at: origin.locate(span),
                message,
            }
        })?;
        config.origin = origin;
        Ok(config)
    }

    /// Parses config text; the error names the line and column and toml's
    /// message, which names the offending key.
    pub fn parse(text: &str) -> Result<Config, String> {
        Config::parse_located(text).map_err(|(span, message)| {
            let origin = Origin::new(Path::new("config.toml"), text);
            format!("{}: {message}", origin.locate(span))
        })
    }

    /// Parses config text; the error is toml's message with the byte range
    /// it is about, when it knows one.
    fn parse_located(text: &str) -> Result<Config, (Option<std::ops::Range<usize>>, String)> {
        let mut config: Config = toml::from_str(text)
            .map_err(|err| (err.span(), err.message().trim_end().to_string()))?;
        config
            .theme
            .validate()
            .map_err(|message| (super::theme_spans::bad_theme_entry(text), message))?;
        config.origin = Origin::new(Path::new("config.toml"), text);
        Ok(config)
    }

    /// A commented example config documenting every key.
    pub fn default_toml() -> &'static str {
        include_str!("../../assets/default-config.toml")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_example_parses_to_the_defaults() {
        assert_eq!(
            Config::parse(Config::default_toml()).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn shipped_example_documents_every_key() {
        let text = Config::default_toml();
        for key in [
            "browser",
            "[keys]",
            "open_code",
            "[sources.hf]",
            "[sources.arxiv]",
            "base_url",
            "[theme]",
            "base = ",
            "[theme.colors]",
            "selected_bg",
            "NO_COLOR",
        ] {
            assert!(text.contains(key), "default config does not mention {key}");
        }
    }

    #[test]
    fn uncommented_example_values_are_read() {
        let text = "browser = \"firefox %s\"\n[keys]\nopen_code = \"x\"\n\
                    [sources.hf]\nbase_url = \"http://localhost:8080\"\n";
        let config = Config::parse(text).unwrap();
        assert_eq!(config.browser.as_deref(), Some("firefox %s"));
        assert_eq!(
            config
                .keys
                .plain()
                .map(|(c, k, _)| (c.get_ref().clone(), k.keys()))
                .collect::<Vec<_>>(),
            vec![("open_code".to_string(), vec!["x".to_string()])]
        );
        assert_eq!(
            config.sources.hf.base_url.as_deref(),
            Some("http://localhost:8080")
        );
        assert_eq!(config.sources.arxiv, SourceConfig::default());
    }

    #[test]
    fn unknown_top_level_key_is_rejected_by_name() {
        let err = Config::parse("colour = 1\n").unwrap_err();
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn unknown_nested_key_is_rejected_with_its_location() {
        let err = Config::parse("[sources.hf]\nbogus = 1\n").unwrap_err();
        assert!(err.contains("bogus"), "{err}");
        assert!(err.starts_with("config.toml:2:1: "), "{err}");
    }

    #[test]
    fn theme_errors_name_their_line_and_column() {
        let err = Config::parse("[theme.colors]\nmark_fg = \"red\"\nselection_bg = \"blue\"\n")
            .unwrap_err();
        assert!(err.starts_with("config.toml:3:1: "), "{err}");
        assert!(err.contains("selection_bg"), "{err}");
    }

    #[test]
    fn key_tables_read_plain_and_per_context_entries() {
        let text = "[keys]\nopen_code = \"x\"\n[keys.list]\nopen_pdf = [\"P\", \"ctrl-p\"]\n";
        let config = Config::parse(text).unwrap();
        let contexts: Vec<_> = config
            .keys
            .contexts()
            .map(|(name, table)| (name.get_ref().clone(), table.len()))
            .collect();
        assert_eq!(contexts, vec![("list".to_string(), 1)]);
        let err = Config::parse("[keys]\nopen_code = 3\n").unwrap_err();
        assert!(err.starts_with("config.toml:2:13: "), "{err}");
        assert!(err.contains("a key"), "{err}");
        let err = Config::parse("[keys.list.deeper]\nopen_code = \"x\"\n").unwrap_err();
        assert!(err.starts_with("config.toml:"), "{err}");
    }

    #[test]
    fn missing_file_means_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::load(&dir.path().join("absent.toml")).unwrap();
        assert_eq!(config, Config::default());
    }

    #[test]
    fn load_error_names_the_file_and_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[sources.arxiv]\nbogus = 1\n").unwrap();
        let message = Config::load(&path).unwrap_err().to_string();
        assert!(
            message.contains(&format!("{}:2:1: ", path.display())),
            "{message}"
        );
        assert!(message.contains("bogus"), "{message}");
        assert!(message.contains("fix or delete"), "{message}");
    }
}
