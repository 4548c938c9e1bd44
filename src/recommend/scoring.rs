//! Scoring every paper of the index with a trained model, straight from the
//! postings: for each weighted term, walk the papers that hold it and add
//! the term's weight times its BM25 value there. No paper is read, so all
//! of arXiv scores in a few passes over its postings lists.

use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Searcher, TERMINATED, Term};

use super::RecommendError;
use super::features::{K1, Part, part_slot};
use super::model::Model;
use crate::index::{DocScores, Fields};

impl Model {
    /// Every paper's score in `searcher`'s view (higher: more to your taste).
    pub fn score_all(
        &self,
        searcher: &Searcher,
        fields: &Fields,
    ) -> Result<DocScores, RecommendError> {
        let mut scores = DocScores::zeros(searcher);
        let tables: Vec<[f32; 256]> = Part::ALL
            .iter()
            .map(|p| self.weighting.length_table(*p))
            .collect();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let Some(out) = scores.segment_mut(ord) else {
                continue;
            };
            for part in Part::ALL {
                let field = part.field(fields);
                let inverted = reader.inverted_index(field)?;
                let norms = reader.get_fieldnorms_reader(field)?;
                let table = &tables[part_slot(part)];
                let binary = part == Part::Category;
                for (d, feature) in self.features.iter().enumerate() {
                    let weight = self.weights[d];
                    if feature.part != part || weight == 0.0 {
                        continue;
                    }
                    let coefficient = weight * part.weight() * self.idf[d] * self.scale;
                    let term = Term::from_field_text(field, &feature.term);
                    let Some(mut postings) =
                        inverted.read_postings(&term, IndexRecordOption::WithFreqs)?
                    else {
                        continue;
                    };
                    let mut doc = postings.doc();
                    while doc != TERMINATED {
                        let value = if binary {
                            1.0
                        } else {
                            let tf = postings.term_freq() as f32;
                            let norm = table[norms.fieldnorm_id(doc) as usize];
                            tf * (K1 + 1.0) / (tf + norm)
                        };
                        if let Some(slot) = out.get_mut(doc as usize) {
                            *slot += coefficient * value;
                        }
                        doc = postings.advance();
                    }
                }
            }
        }
        Ok(scores)
    }
}
