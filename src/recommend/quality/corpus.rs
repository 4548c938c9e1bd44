//! The corpora recommendations are measured on: real arXiv papers, and a
//! generated corpus large enough to matter, both with known categories.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::ingest::{self, Format};
use crate::model::Paper;
use crate::recommend::topical_corpus;

/// Papers whose arXiv categories say what they are about.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// How the corpus is named in the reports.
    pub name: String,
    pub papers: Vec<Paper>,
}

impl Corpus {
    /// Where the real sample is: the first 200 lines of the arXiv metadata
    /// snapshot, kept beside the project (not in it) in `../shared/fixtures`.
    pub fn snapshot_sample_path() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("shared")
            .join("fixtures")
            .join("arxiv-snapshot-head.jsonl")
    }

    /// The real sample, read by folio's own JSON Lines importer; `Ok(None)`
    /// when the file is not there (callers skip it and say so).
    pub fn snapshot_sample() -> Result<Option<Corpus>, String> {
        let path = Corpus::snapshot_sample_path();
        if !path.exists() {
            return Ok(None);
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("could not read {}: {e}", path.display()))?;
        let origin = path.display().to_string();
        let papers = ingest::parse(Format::ArxivJsonl, &text, &origin, crate::store::today())
            .map_err(|e| e.to_string())?;
        Ok(Some(Corpus {
            name: format!("arXiv snapshot head ({} real papers)", papers.len()),
            papers,
        }))
    }

    /// `count` generated papers over 12 topics ([`topical_corpus`]).
    pub fn generated(count: usize, seed: u64) -> Corpus {
        Corpus {
            name: format!("generated, {count} papers over 12 topics (seed {seed})"),
            papers: topical_corpus::papers(count, seed),
        }
    }

    /// The categories listed by at least `min` papers, with how many list
    /// each, most listed first (ties by name).
    pub fn categories_with_at_least(&self, min: usize) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for paper in &self.papers {
            for category in &paper.categories {
                *counts.entry(category.as_str()).or_default() += 1;
            }
        }
        let mut listed: Vec<(String, usize)> = counts
            .into_iter()
            .filter(|&(_, n)| n >= min)
            .map(|(c, n)| (c.to_string(), n))
            .collect();
        listed.sort_by(|(a, an), (b, bn)| bn.cmp(an).then_with(|| a.cmp(b)));
        listed
    }
}
