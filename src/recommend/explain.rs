//! Why a paper is recommended: the kept papers closest to it (cosine of the
//! model's vectors) and the terms that add most to its score, quoted as the
//! paper spells them.

use serde::Serialize;
use tantivy::{DocAddress, Searcher};

use super::RecommendError;
use super::features::{Analyzers, Feature, Part, length_codes, part_slot, term_value};
use super::model::Model;
use crate::index::Fields;
use crate::model::Paper;

/// Kept papers named in an explanation.
const CLOSEST_KEPT: usize = 3;
/// A kept paper is named beside the closest only when it is at least this
/// similar relative to it.
const ALSO_CLOSE: f32 = 0.5;
/// Terms named in an explanation.
const STRONGEST_TERMS: usize = 4;

/// A kept paper an explanation points at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeptLike {
    pub id: String,
    pub title: String,
    /// Cosine similarity to the recommended paper, 0 to 1.
    pub similarity: f32,
}

/// Why one paper is recommended.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Because {
    /// The closest kept papers, closest first.
    pub kept: Vec<KeptLike>,
    /// The terms that add most to the score, strongest first (words as the
    /// paper writes them, categories as `cat:NAME`, authors as written).
    pub terms: Vec<String>,
}

impl Because {
    /// One line: `because you kept "A" and "B" · hopfield, energy`.
    pub fn sentence(&self) -> String {
        let mut out = String::new();
        if !self.kept.is_empty() {
            let titles: Vec<String> = self
                .kept
                .iter()
                .map(|k| format!("\"{}\"", k.title))
                .collect();
            out.push_str("because you kept ");
            out.push_str(&join_and(&titles));
        }
        if !self.terms.is_empty() {
            if !out.is_empty() {
                out.push_str(" · ");
            }
            out.push_str(&self.terms.join(", "));
        }
        out
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl Model {
    /// Explains the score of `paper`, found at `address` in `searcher`'s view.
    pub fn explain(
        &mut self,
        searcher: &Searcher,
        fields: &Fields,
        analyzers: &mut Analyzers,
        paper: &Paper,
        address: DocAddress,
        body: Option<&str>,
    ) -> Result<Because, RecommendError> {
        let lengths = length_codes(searcher, fields, address)?;
        let tables: Vec<[f32; 256]> = Part::ALL
            .iter()
            .map(|p| self.weighting.length_table(*p))
            .collect();
        let mut vector = Vec::new();
        for (part, term, n) in analyzers.term_counts(paper, body) {
            let feature = Feature { part, term };
            let Some(d) = self.dimension(&feature) else {
                continue;
            };
            let slot = part_slot(part);
            let norm = tables[slot][lengths[slot] as usize];
            vector.push((
                d,
                self.scale * term_value(part, self.idf[d as usize], n, norm),
            ));
        }
        vector.sort_by_key(|(d, _)| *d);

        let mut kept: Vec<KeptLike> = self
            .kept
            .iter()
            .filter(|k| k.id != paper.id.as_str())
            .map(|k| KeptLike {
                id: k.id.clone(),
                title: k.title.clone(),
                similarity: cosine(&vector, &k.vector),
            })
            .filter(|k| k.similarity > 0.0)
            .collect();
        kept.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
        kept.truncate(CLOSEST_KEPT);
        // A kept paper much further than the closest explains nothing.
        let closest = kept.first().map_or(0.0, |k| k.similarity);
        kept.retain(|k| k.similarity >= closest * ALSO_CLOSE);

        // Terms that push the score up, and that the closest kept papers share.
        let shared: std::collections::HashSet<u32> = self
            .kept
            .iter()
            .filter(|k| kept.iter().any(|c| c.id == k.id))
            .flat_map(|k| k.vector.iter().map(|(d, _)| *d))
            .collect();
        let mut strongest: Vec<(f32, u32)> = vector
            .iter()
            .map(|&(d, v)| (self.weights[d as usize] * v, d))
            .filter(|(c, d)| *c > 0.0 && (shared.is_empty() || shared.contains(d)))
            .collect();
        strongest.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut surface =
            analyzers.surface_words(&format!("{} {}", paper.title, paper.abstract_text));
        let mut terms: Vec<String> = Vec::new();
        for (_, d) in strongest {
            let feature = &self.features[d as usize];
            let shown = match feature.part {
                Part::Category => format!("cat:{}", feature.term),
                Part::Authors => display_author_word(paper, &feature.term),
                _ => surface
                    .remove(&feature.term)
                    .unwrap_or_else(|| feature.term.clone()),
            };
            if !terms.contains(&shown) {
                terms.push(shown);
            }
            if terms.len() == STRONGEST_TERMS {
                break;
            }
        }
        Ok(Because { kept, terms })
    }
}

/// An author name word as the paper writes the author: the whole name.
fn display_author_word(paper: &Paper, word: &str) -> String {
    paper
        .authors
        .iter()
        .find(|a| {
            crate::model::normalized_title(a)
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == word)
        })
        .cloned()
        .unwrap_or_else(|| word.to_string())
}

/// Cosine similarity of two vectors sorted by dimension.
pub fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let norm = |v: &[(u32, f32)]| v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot / (na * nb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_of_sparse_vectors() {
        let a = [(0, 1.0), (2, 1.0)];
        let b = [(0, 1.0), (2, 1.0)];
        assert!((cosine(&a, &b) - 1.0).abs() < 1e-6);
        let c = [(1, 3.0)];
        assert_eq!(cosine(&a, &c), 0.0);
        let d = [(0, 1.0), (1, 1.0)];
        assert!((cosine(&a, &d) - 0.5).abs() < 1e-6);
        assert_eq!(cosine(&[], &a), 0.0);
    }

    #[test]
    fn sentence_names_kept_papers_and_terms() {
        let because = Because {
            kept: vec![
                KeptLike {
                    id: "1".into(),
                    title: "Hopfield Networks is All You Need".into(),
                    similarity: 0.4,
                },
                KeptLike {
                    id: "2".into(),
                    title: "Energy Transformers".into(),
                    similarity: 0.3,
                },
            ],
            terms: vec!["hopfield".into(), "energy".into(), "attention".into()],
        };
        assert_eq!(
            because.sentence(),
            "because you kept \"Hopfield Networks is All You Need\" and \"Energy Transformers\" · hopfield, energy, attention"
        );
        assert_eq!(Because::default().sentence(), "");
    }
}
