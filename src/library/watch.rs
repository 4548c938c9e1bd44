//! Watches: named queries the user follows ("diffusion" = `diffusion -survey
//! has:code`). They are user state, kept in the library file with the
//! bookmarks, so no index rebuild can lose them; `watch:NAME` in any query
//! stands for the watch's query.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The longest watch name.
pub const MAX_WATCH_NAME: usize = 64;

/// One watch: its query, the feeds that bring it papers, when it was added
/// and when all of its feeds last synced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watch {
    /// In folio's query language; checked to parse when the watch is added.
    pub query: String,
    pub added: DateTime<Utc>,
    /// What `folio sync` fetches for this watch (besides today's HF papers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<WatchSource>,
    /// When a `folio sync` last fetched every source of this watch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_synced: Option<DateTime<Utc>>,
}

/// A feed a watch asks `folio sync` to fetch.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WatchSource {
    /// Today's Hugging Face daily papers.
    Hf,
    /// The Hugging Face trending list.
    HfTrending,
    /// An arXiv API query (`cat:cs.CV AND abs:diffusion`).
    Arxiv(String),
    /// arXiv's daily announcements of categories (`cs.CV+cs.LG`).
    ArxivNew(String),
}

impl std::fmt::Display for WatchSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WatchSource::Hf => write!(f, "hf"),
            WatchSource::HfTrending => write!(f, "hf-trending"),
            WatchSource::Arxiv(query) => write!(f, "arxiv `{query}`"),
            WatchSource::ArxivNew(categories) => write!(f, "arxiv-new {categories}"),
        }
    }
}

/// Why a watch could not be added or removed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WatchError {
    #[error(
        "`{0}` is not a watch name: use 1 to 64 letters, digits, `-`, `_` or `.` (e.g. `diffusion` or `cs.CV-robots`)"
    )]
    BadName(String),
    #[error("a watch named `{0}` already exists; remove it first with `folio watch rm {0}`")]
    Exists(String),
    #[error("there is no watch named `{0}`; see your watches with `folio watch list`")]
    Unknown(String),
    #[error("a watch's query cannot use `watch:` (watches do not nest); write the words out")]
    Nested,
}

/// A watch name as stored: lowercase, or why it is not one.
pub fn normalize_watch_name(name: &str) -> Result<String, WatchError> {
    let trimmed = name.trim();
    let valid = !trimmed.is_empty()
        && trimmed.chars().count() <= MAX_WATCH_NAME
        && trimmed
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if valid {
        Ok(trimmed.to_lowercase())
    } else {
        Err(WatchError::BadName(name.to_string()))
    }
}

/// Adds a watch; the query must already have been checked to parse.
pub(super) fn add(
    watches: &mut BTreeMap<String, Watch>,
    name: &str,
    query: &str,
    sources: Vec<WatchSource>,
    now: DateTime<Utc>,
) -> Result<String, WatchError> {
    let name = normalize_watch_name(name)?;
    if watches.contains_key(&name) {
        return Err(WatchError::Exists(name));
    }
    if query.to_lowercase().contains("watch:") {
        return Err(WatchError::Nested);
    }
    watches.insert(
        name.clone(),
        Watch {
            query: query.trim().to_string(),
            added: now,
            sources,
            last_synced: None,
        },
    );
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
    }

    #[test]
    fn names_are_checked_and_folded() {
        assert_eq!(normalize_watch_name(" Diffusion ").unwrap(), "diffusion");
        assert_eq!(
            normalize_watch_name("cs.CV-robots_2").unwrap(),
            "cs.cv-robots_2"
        );
        for bad in ["", "two words", "a:b", "x\u{1b}[31m", &"a".repeat(65)] {
            assert!(
                matches!(normalize_watch_name(bad), Err(WatchError::BadName(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_name_is_taken_once_and_watches_do_not_nest() {
        let mut watches = BTreeMap::new();
        assert_eq!(
            add(
                &mut watches,
                "Diffusion",
                "diffusion -survey",
                Vec::new(),
                now()
            )
            .unwrap(),
            "diffusion"
        );
        assert_eq!(
            add(&mut watches, "diffusion", "other", Vec::new(), now()),
            Err(WatchError::Exists("diffusion".into()))
        );
        assert_eq!(
            add(
                &mut watches,
                "both",
                "watch:diffusion robots",
                Vec::new(),
                now()
            ),
            Err(WatchError::Nested)
        );
        assert_eq!(watches["diffusion"].query, "diffusion -survey");
    }
}
