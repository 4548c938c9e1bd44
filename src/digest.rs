//! The digest: for each watch, the papers folio first imported in a period
//! (by default since the user last looked), with what a reader needs to
//! decide whether to open one. It is what `folio digest` prints and what a
//! cron job mails; it knows nothing of the terminal, and every text in it
//! comes from sanitized paper fields.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::index::SearchRequest;
use crate::model::Paper;
use crate::store::{Store, StoreError};

/// The longest abstract excerpt, in characters.
const MAX_EXCERPT_CHARS: usize = 300;

/// A whole digest.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Digest {
    /// Papers first imported after this instant are in it (none: ever).
    pub since: Option<DateTime<Utc>>,
    pub sections: Vec<Section>,
}

/// One watch's new papers (or, with no watches, all new papers).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Section {
    pub watch: String,
    pub query: String,
    pub papers: Vec<DigestPaper>,
}

/// One paper as the digest shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DigestPaper {
    pub id: String,
    pub title: String,
    pub authors: Vec<String>,
    pub date: Option<String>,
    pub upvotes: Option<u32>,
    pub stars: Option<u32>,
    pub paper: String,
    pub code: Option<String>,
    pub project: Option<String>,
    /// The generated summary when a feed gave one, else the abstract's
    /// first sentence.
    pub summary: String,
}

/// From when the digest counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// Since the user last looked (what `is:new` means).
    LastLook,
    /// Papers first imported on this day (UTC) or later.
    Day(NaiveDate),
    /// Papers first imported at this instant or later (what one sync brought).
    Instant(DateTime<Utc>),
    /// Since the last `folio sync` that saved anything started: what it
    /// (and anything imported after it) brought.
    LastSync,
}

/// Builds the digest of every watch, or of the watch `only`.
pub fn build(store: &Store, since: Since, only: Option<&str>) -> Result<Digest, DigestError> {
    let (state, mut sets) = store.user_sets()?;
    let since_at = match since {
        Since::LastLook => state.last_looked,
        Since::Day(day) => day.and_hms_opt(0, 0, 0).map(|t| t.and_utc()),
        Since::Instant(at) => Some(at),
        Since::LastSync => Some(state.last_sync.ok_or(DigestError::NeverSynced)?),
    };
    // `is:new` counts from `new_since`, exclusive: a day or an instant
    // starts a millisecond after it.
    sets.new_since = match (since, since_at) {
        (Since::LastLook, Some(at)) => u64::try_from(at.timestamp_millis()).unwrap_or(0),
        (_, Some(at)) => u64::try_from(at.timestamp_millis() - 1).unwrap_or(0),
        (_, None) => 0,
    };
    let mut watches: Vec<(String, String)> = match only {
        Some(name) => {
            let key = crate::library::normalize_watch_name(name)?;
            let watch = state
                .watches
                .get(&key)
                .ok_or_else(|| crate::library::WatchError::Unknown(key.clone()))?;
            vec![(key, watch.query.clone())]
        }
        None => state
            .watches
            .iter()
            .map(|(name, watch)| (name.clone(), watch.query.clone()))
            .collect(),
    };
    let everything = watches.is_empty();
    if everything {
        watches.push(("all".to_string(), String::new()));
    }
    let mut sections = Vec::new();
    for (name, query) in watches {
        let request = if everything {
            SearchRequest::new("is:new")
        } else {
            SearchRequest::new(format!("watch:{name} is:new"))
        };
        let papers = store.with_index(|index| Ok(index.matching_papers(&request, &sets)?))?;
        sections.push(Section {
            watch: name,
            query,
            papers: papers.iter().map(digest_paper).collect(),
        });
    }
    Ok(Digest {
        since: since_at,
        sections,
    })
}

/// Why a digest could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DigestError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Watch(#[from] crate::library::WatchError),
    #[error(
        "no `folio sync` has saved anything yet, so there is no last sync to count from; run `folio sync`, or give `--since YYYY-MM-DD`"
    )]
    NeverSynced,
}

/// The digest as pretty JSON (what `--format json` prints and the notify
/// command reads), ending in a newline.
pub fn to_json(digest: &Digest) -> String {
    let mut out = serde_json::to_string_pretty(digest).expect("a digest always serializes");
    out.push('\n');
    out
}

fn digest_paper(paper: &Paper) -> DigestPaper {
    let links = paper.links();
    DigestPaper {
        id: paper.id.as_str().to_string(),
        title: paper.title.clone(),
        authors: paper.authors.clone(),
        date: paper.date().map(|d| d.to_string()),
        upvotes: paper.upvotes,
        stars: paper.stars,
        paper: links.paper,
        code: links.code,
        project: links.project,
        summary: paper
            .generated_summary
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| first_sentence(&paper.abstract_text)),
    }
}

/// The abstract's first sentence (a period, `?` or `!` followed by a space
/// and a capital letter or digit, past the first few words), cut to
/// `MAX_EXCERPT_CHARS` with `…`.
pub fn first_sentence(text: &str) -> String {
    let chars: Vec<char> = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    let mut end = chars.len();
    for i in 20..chars.len().saturating_sub(2) {
        if matches!(chars[i], '.' | '?' | '!')
            && chars[i + 1] == ' '
            && (chars[i + 2].is_uppercase() || chars[i + 2].is_ascii_digit())
        {
            end = i + 1;
            break;
        }
    }
    if end > MAX_EXCERPT_CHARS {
        let cut: String = chars[..MAX_EXCERPT_CHARS - 1].iter().collect();
        return format!("{}…", cut.trim_end());
    }
    chars[..end].iter().collect()
}

/// The digest as Markdown: a heading per watch, a list item per paper.
pub fn to_markdown(digest: &Digest) -> String {
    let mut out = format!("# New papers{}\n", since_words(digest));
    for section in &digest.sections {
        out.push_str(&format!(
            "\n## {} ({} new)\n\n",
            section.watch,
            section.papers.len()
        ));
        if section.papers.is_empty() {
            out.push_str("Nothing new.\n");
        }
        for p in &section.papers {
            out.push_str(&format!("- **[{}]({})**", escape_md(&p.title), p.paper));
            let facts = facts(p);
            if !facts.is_empty() {
                out.push_str(&format!(" · {facts}"));
            }
            out.push('\n');
            if !p.authors.is_empty() {
                out.push_str(&format!("  {}\n", escape_md(&authors(p))));
            }
            let mut links = Vec::new();
            if let Some(code) = &p.code {
                links.push(format!("[code]({code})"));
            }
            if let Some(project) = &p.project {
                links.push(format!("[project]({project})"));
            }
            if !links.is_empty() {
                out.push_str(&format!("  {}\n", links.join(" · ")));
            }
            if !p.summary.is_empty() {
                out.push_str(&format!("  {}\n", escape_md(&p.summary)));
            }
        }
    }
    out
}

/// The digest as plain text, for a terminal or a plain e-mail.
pub fn to_text(digest: &Digest) -> String {
    let mut out = format!("New papers{}\n", since_words(digest));
    for section in &digest.sections {
        out.push_str(&format!(
            "\n{} ({} new)\n",
            section.watch,
            section.papers.len()
        ));
        if section.papers.is_empty() {
            out.push_str("  nothing new\n");
        }
        for p in &section.papers {
            out.push_str(&format!("\n  {}\n", p.title));
            if !p.authors.is_empty() {
                out.push_str(&format!("  {}\n", authors(p)));
            }
            let facts = facts(p);
            out.push_str(&format!(
                "  {}{}\n",
                p.paper,
                if facts.is_empty() {
                    String::new()
                } else {
                    format!(" · {facts}")
                }
            ));
            for (label, url) in [("code", &p.code), ("project", &p.project)] {
                if let Some(url) = url {
                    out.push_str(&format!("  {label}: {url}\n"));
                }
            }
            if !p.summary.is_empty() {
                out.push_str(&format!("  {}\n", p.summary));
            }
        }
    }
    out
}

fn since_words(digest: &Digest) -> String {
    digest
        .since
        .map(|at| format!(" since {}", at.format("%Y-%m-%d %H:%M UTC")))
        .unwrap_or_default()
}

/// `2026-03-14 · ▲ 42 · ★ 1.2k`
fn facts(p: &DigestPaper) -> String {
    let mut parts = Vec::new();
    if let Some(date) = &p.date {
        parts.push(date.clone());
    }
    if let Some(votes) = p.upvotes {
        parts.push(format!("▲ {votes}"));
    }
    if let Some(stars) = p.stars {
        parts.push(format!("★ {}", crate::model::compact_count(stars)));
    }
    parts.join(" · ")
}

fn authors(p: &DigestPaper) -> String {
    match p.authors.len() {
        0..=4 => p.authors.join(", "),
        n => format!("{} and {} others", p.authors[..3].join(", "), n - 3),
    }
}

/// Text made safe for Markdown: characters that would start markup are
/// escaped.
fn escape_md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_sentence_stops_at_a_real_sentence_end() {
        assert_eq!(
            first_sentence("We propose e.g. a new model. It works well."),
            "We propose e.g. a new model."
        );
        assert_eq!(first_sentence("No period at all"), "No period at all");
        let long = "word ".repeat(200);
        let cut = first_sentence(&long);
        assert!(
            cut.ends_with('…') && cut.chars().count() <= MAX_EXCERPT_CHARS,
            "{cut}"
        );
        assert_eq!(
            first_sentence("  Spaces\n  fold.  Next one."),
            "Spaces fold. Next one."
        );
    }

    #[test]
    fn markdown_escapes_what_would_become_markup() {
        assert_eq!(escape_md("a*b_[c]`d`"), "a\\*b\\_\\[c\\]\\`d\\`");
    }
}
