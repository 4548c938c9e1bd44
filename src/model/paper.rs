//! The [`Paper`] record: what folio knows about one research paper, merged from
//! every feed that mentioned it. Stored fields are the facts the feeds gave;
//! [`Links`] are derived from them on demand so they never go stale.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Links, PaperId};

/// Which feed a paper record came from (the most recent one wins on merge).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// The Hugging Face papers page copied as text (the embedded demo corpus).
    #[default]
    Listing,
    /// The Hugging Face `daily_papers` / `papers` JSON API.
    Hf,
    /// The arXiv API Atom feed.
    ArxivAtom,
    /// The arXiv metadata snapshot (JSON Lines).
    ArxivJsonl,
    /// The arXiv announcement RSS feed (`rss.arxiv.org`).
    ArxivRss,
    /// arXiv's OAI-PMH interface (`folio sync arxiv-oai`).
    ArxivOai,
    /// A source this folio does not know, in a record a newer folio wrote:
    /// the paper still reads (a record is never dropped for its source).
    #[serde(other)]
    Other,
}

impl Source {
    /// The name used on the command line (`--format`) and in output.
    pub fn name(self) -> &'static str {
        match self {
            Source::Listing => "listing",
            Source::Hf => "hf",
            Source::ArxivAtom => "arxiv-atom",
            Source::ArxivJsonl => "arxiv-jsonl",
            Source::ArxivRss => "arxiv-rss",
            Source::ArxivOai => "arxiv-oai",
            Source::Other => "other",
        }
    }
}

/// One research paper. All text fields are sanitized at ingest (see
/// [`super::sanitize`]), so they are safe to print to a terminal.
/// Serialized as one journal line: empty fields are left out (a missing
/// field reads back as empty), a tenth of the journal at arXiv scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Paper {
    /// Stable identity: the arXiv id without version, or a slug of the title.
    pub id: PaperId,
    /// The arXiv id without version, when known (`2401.12345`, `hep-th/9901001`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arxiv_id: Option<String>,
    pub title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(rename = "abstract")]
    pub abstract_text: String,
    /// First publication (arXiv v1), or the listing date when nothing better is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    /// Last revision on arXiv, when the feed says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<NaiveDate>,
    /// The day the paper appeared on the Hugging Face daily list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listed: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upvotes: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comments: Option<u32>,
    /// Stars of the code repository (Hugging Face `githubStars`), when a feed says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stars: Option<u32>,
    /// arXiv categories, primary first (`cs.CV`, `cs.LG`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// Free keywords (Hugging Face `ai_keywords`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    pub source: Source,
    /// When this folio first imported the paper (set by the store, never by
    /// a feed): what `is:new` compares with the last time you looked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<chrono::DateTime<chrono::Utc>>,
    /// Code repository URL (http/https only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_url: Option<String>,
    /// Project page URL (http/https only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_url: Option<String>,
    /// Every other http(s) URL found in the abstract or given by the feed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_urls: Vec<String>,
    /// A machine-generated summary (Hugging Face `ai_summary`), labelled as such in the UI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated_summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journal_ref: Option<String>,
    /// The authors' comment on arXiv ("12 pages, 5 figures").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Position on the daily list it came from (0 = top), which orders papers of the same day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
}

impl Paper {
    /// A paper known by its arXiv id (without version), which is also its
    /// folio id, with the rest left empty: what every arXiv importer starts
    /// from.
    pub fn from_arxiv(arxiv_id: String, title: String) -> Paper {
        Paper {
            id: PaperId::new(arxiv_id.clone()),
            arxiv_id: Some(arxiv_id),
            title,
            ..Paper::default()
        }
    }

    /// The links a reader can open, derived from the stored facts.
    pub fn links(&self) -> Links {
        Links::for_paper(self)
    }

    /// The date a reader sorts and filters by: publication, else the day it was listed.
    pub fn date(&self) -> Option<NaiveDate> {
        self.published.or(self.listed)
    }

    /// The year of [`Paper::date`], when known.
    pub fn year(&self) -> Option<i32> {
        use chrono::Datelike;
        self.date().map(|d| d.year())
    }

    /// The stars beside the code link, compact: `★ 251`, `★ 1.2k`, `★ 3.4M`.
    pub fn stars_label(&self) -> Option<String> {
        self.stars.map(|n| format!("★ {}", compact_count(n)))
    }

    /// Folds a newer record of the same paper into this one: every field the
    /// newer record knows replaces the old value, fields it lacks keep theirs.
    pub fn merge_newer(&mut self, newer: Paper) {
        fn take<T>(slot: &mut Option<T>, newer: Option<T>) {
            if newer.is_some() {
                *slot = newer;
            }
        }
        fn take_vec<T>(slot: &mut Vec<T>, newer: Vec<T>) {
            if !newer.is_empty() {
                *slot = newer;
            }
        }
        fn take_text(slot: &mut String, newer: String) {
            if !newer.is_empty() {
                *slot = newer;
            }
        }
        // A listing entry only knows a slug; an arXiv-backed record brings the real id.
        if newer.arxiv_id.is_some() || self.arxiv_id.is_none() {
            self.id = newer.id;
        }
        take(&mut self.arxiv_id, newer.arxiv_id);
        take_text(&mut self.title, newer.title);
        take_vec(&mut self.authors, newer.authors);
        // The listing abstract and the API abstract are the same text; prefer the longer one.
        if newer.abstract_text.len() >= self.abstract_text.len() || self.abstract_text.is_empty() {
            take_text(&mut self.abstract_text, newer.abstract_text);
        }
        take(&mut self.published, newer.published);
        take(&mut self.updated, newer.updated);
        take(&mut self.listed, newer.listed);
        take(&mut self.upvotes, newer.upvotes);
        take(&mut self.comments, newer.comments);
        take(&mut self.stars, newer.stars);
        // The first sighting stays the first; a record that never had one
        // (from before folio kept it) takes the newer's.
        if self.first_seen.is_none() {
            self.first_seen = newer.first_seen;
        }
        take_vec(&mut self.categories, newer.categories);
        take_vec(&mut self.keywords, newer.keywords);
        self.source = newer.source;
        take(&mut self.code_url, newer.code_url);
        take(&mut self.project_url, newer.project_url);
        for url in newer.other_urls {
            if !self.other_urls.contains(&url) {
                self.other_urls.push(url);
            }
        }
        take(&mut self.generated_summary, newer.generated_summary);
        take(&mut self.organization, newer.organization);
        take(&mut self.doi, newer.doi);
        take(&mut self.journal_ref, newer.journal_ref);
        take(&mut self.comment, newer.comment);
        take(&mut self.position, newer.position);
    }
}

/// A count in at most four characters: `999`, `1.2k`, `12k`, `3.4M`, `4.2G`.
/// Rounded down, so a count never reads higher than it is.
pub fn compact_count(n: u32) -> String {
    const UNITS: [(u32, &str); 3] = [(1_000_000_000, "G"), (1_000_000, "M"), (1_000, "k")];
    for (size, unit) in UNITS {
        if n >= size {
            let whole = n / size;
            let tenth = n % size / (size / 10);
            return if whole < 10 && tenth > 0 {
                format!("{whole}.{tenth}{unit}")
            } else {
                format!("{whole}{unit}")
            };
        }
    }
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paper(id: &str) -> Paper {
        Paper {
            id: PaperId::new(id),
            title: "A title".into(),
            ..Paper::default()
        }
    }

    #[test]
    fn merge_keeps_fields_the_newer_record_lacks() {
        let mut old = paper("2401.00001");
        old.arxiv_id = Some("2401.00001".into());
        old.authors = vec!["Ada Lovelace".into()];
        old.upvotes = Some(3);
        old.stars = Some(12);
        let mut newer = paper("2401.00001");
        newer.arxiv_id = Some("2401.00001".into());
        newer.upvotes = Some(42);
        old.merge_newer(newer);
        assert_eq!(old.authors, vec!["Ada Lovelace".to_string()]);
        assert_eq!(old.upvotes, Some(42));
        assert_eq!(
            old.stars,
            Some(12),
            "a record without stars keeps the old count"
        );
        let mut newest = paper("2401.00001");
        newest.arxiv_id = Some("2401.00001".into());
        newest.stars = Some(30);
        old.merge_newer(newest);
        assert_eq!(old.stars, Some(30));
    }

    #[test]
    fn counts_are_compact_and_never_round_up() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1_000, "1k"),
            (1_234, "1.2k"),
            (1_999, "1.9k"),
            (9_999, "9.9k"),
            (12_345, "12k"),
            (999_999, "999k"),
            (3_400_000, "3.4M"),
            (u32::MAX, "4.2G"),
        ];
        for (n, want) in cases {
            assert_eq!(compact_count(n), want, "{n}");
        }
        let mut p = paper("x");
        assert_eq!(p.stars_label(), None);
        p.stars = Some(1_234);
        assert_eq!(p.stars_label().as_deref(), Some("★ 1.2k"));
    }

    #[test]
    fn a_journal_line_without_stars_still_reads() {
        let p: Paper =
            serde_json::from_str(r#"{"id":"2401.00001","title":"T","upvotes":3}"#).unwrap();
        assert_eq!((p.upvotes, p.stars), (Some(3), None));
        let line = serde_json::to_string(&p).unwrap();
        assert!(!line.contains("stars"), "{line}");
    }

    #[test]
    fn merge_keeps_arxiv_identity_over_a_slug() {
        let mut arxiv = paper("2401.00001");
        arxiv.arxiv_id = Some("2401.00001".into());
        let listing = paper("a-title");
        arxiv.merge_newer(listing);
        assert_eq!(arxiv.id.as_str(), "2401.00001");
    }
}
