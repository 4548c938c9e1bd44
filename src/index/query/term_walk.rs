//! One word's BM25 postings in one field of one segment, walked block by
//! block, with what each block of 128 postings can score at most.
//!
//! tantivy scores a term with its own scorer, but keeps it private, and
//! with it the block maxima its postings store; a first page that must
//! score every title holding `learning` (a third of a million per segment
//! at 3,000,000 papers) needs them. [`TermWalk`] reads the same postings
//! through tantivy's public block cursor and scores each document exactly
//! as tantivy's term scorer does (the same [`Bm25Weight`], the same field
//! length and frequency), so pages ranked through it are the same pages.
//!
//! A block's stored maximum is the (field length, frequency) pair that
//! scores best under the *segment's* average field length, while scores
//! use the *index's*. When the two averages differ another document of the
//! block may score a little more; [`TermWalk::block_bound`] widens the
//! stored maximum by just enough that no document of the block passes it
//! (tantivy's own pruning does not, and folio's page must be the one a
//! walk over every match finds).

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::BlockSegmentPostings;
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight, Scorer};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

/// Postings a block holds (tantivy's compression block).
const BLOCK: usize = 128;
/// Slack on a widened block maximum for the rounding of `f32` scores.
const BLOCK_SLACK: f64 = 1e-4;

/// A BM25 clause of a query, as every segment's walk needs it.
#[derive(Clone)]
pub struct TermClause {
    pub term: Term,
    /// The clause's weight: the term's BM25 weight over the whole index,
    /// boosted by the clause's boost (what tantivy's scorer scores with).
    pub weight: Bm25Weight,
    /// The index's average length of the term's field (what `weight` was
    /// worked out with).
    pub average_length: Score,
}

impl TermClause {
    /// The clause of `term` boosted by `boost`: the weight tantivy's term
    /// scorer gets from a `BoostQuery` around a `TermQuery`.
    pub fn new(
        statistics: &dyn Bm25StatisticsProvider,
        term: &Term,
        boost: Score,
    ) -> tantivy::Result<TermClause> {
        let weight = Bm25Weight::for_terms(statistics, std::slice::from_ref(term))?.boost_by(boost);
        // As `Bm25Weight::for_terms` works the average out.
        let tokens = statistics.total_num_tokens(term.field())?;
        let docs = statistics.total_num_docs()?;
        Ok(TermClause {
            term: term.clone(),
            weight,
            average_length: tokens as Score / docs as Score,
        })
    }
}

/// A term's postings in one segment, scored as tantivy scores them.
pub struct TermWalk {
    postings: BlockSegmentPostings,
    fieldnorms: FieldNormReader,
    weight: Bm25Weight,
    /// Position in the loaded block.
    cursor: usize,
    /// `min(q, 1/q)`, `q` the segment's average field length over the
    /// index's (see the module's doc).
    agreement: f64,
    /// The loaded block's widened maximum, once asked for.
    block_bound: Option<f64>,
    doc_freq: u32,
}

impl TermWalk {
    /// The clause's walk in `reader`'s segment, on its first document;
    /// `None` when the segment has no such term.
    pub fn open(reader: &SegmentReader, clause: &TermClause) -> tantivy::Result<Option<TermWalk>> {
        let field: Field = clause.term.field();
        let inverted = reader.inverted_index(field)?;
        let Some(postings) =
            inverted.read_block_postings(&clause.term, IndexRecordOption::WithFreqs)?
        else {
            return Ok(None);
        };
        // As tantivy's postings serializer works the segment's average out.
        let segment_length = inverted.total_num_tokens() as Score / reader.max_doc() as Score;
        let q = f64::from(segment_length) / f64::from(clause.average_length);
        let agreement = if q.is_finite() && q > 0.0 {
            q.min(1.0 / q)
        } else {
            0.0
        };
        let doc_freq = postings.doc_freq();
        Ok(Some(TermWalk {
            postings,
            fieldnorms: reader.get_fieldnorms_reader(field)?,
            weight: clause.weight.clone(),
            cursor: 0,
            agreement,
            block_bound: None,
            doc_freq,
        }))
    }

    /// No document of the loaded block scores more than this.
    pub fn block_bound(&mut self) -> f64 {
        if let Some(bound) = self.block_bound {
            return bound;
        }
        let stored = self
            .postings
            .block_max_score(&self.fieldnorms, &self.weight);
        let bound = widen(stored, self.weight.max_score(), self.agreement);
        self.block_bound = Some(bound);
        bound
    }

    /// The last document of the loaded block (`TERMINATED` past the end).
    pub fn block_end(&self) -> DocId {
        self.postings.docs().last().copied().unwrap_or(TERMINATED)
    }

    fn next_block(&mut self) {
        self.postings.advance();
        self.cursor = 0;
        self.block_bound = None;
    }
}

/// A block maximum stored under another average field length, widened to
/// hold under the index's: with `G` the stored pair's share of the clause's
/// weight `w` (its score over `w`) and `m` the agreement of the averages,
/// BM25's length factor under one average is within a factor `m` of the
/// other's, on the same side for every length, so no document of the block
/// scores more than `w G / (G + m (1 - G))`.
fn widen(stored: Score, weight: Score, agreement: f64) -> f64 {
    let weight = f64::from(weight);
    if !weight.is_finite() || weight <= 0.0 || agreement <= 0.0 {
        return weight.max(0.0);
    }
    let share = (f64::from(stored) / weight).clamp(0.0, 1.0);
    let bound = weight * share / (share + agreement * (1.0 - share)) * (1.0 + BLOCK_SLACK);
    bound.min(weight * (1.0 + BLOCK_SLACK))
}

impl DocSet for TermWalk {
    #[inline]
    fn advance(&mut self) -> DocId {
        if self.cursor == BLOCK - 1 {
            self.next_block();
        } else {
            self.cursor += 1;
        }
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc() >= target {
            return self.doc();
        }
        let docs = self.postings.docs();
        if docs.last().is_some_and(|&last| last >= target) {
            // In this block, and mostly the next document or close to it.
            let rest = &docs[self.cursor + 1..];
            let ahead = match rest.iter().take(4).position(|&doc| doc >= target) {
                Some(step) => step,
                None => rest.partition_point(|&doc| doc < target),
            };
            self.cursor += 1 + ahead;
            return self.doc();
        }
        self.block_bound = None;
        self.cursor = self.postings.seek(target);
        self.doc()
    }

    #[inline]
    fn doc(&self) -> DocId {
        self.postings.doc(self.cursor)
    }

    fn size_hint(&self) -> u32 {
        self.doc_freq
    }
}

impl Scorer for TermWalk {
    #[inline]
    fn score(&mut self) -> Score {
        let doc = self.doc();
        let length = self.fieldnorms.fieldnorm_id(doc);
        self.weight.score(length, self.postings.freq(self.cursor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_widened_bound_is_the_stored_one_when_the_averages_agree() {
        let bound = widen(3.0, 10.0, 1.0);
        assert!((bound - 3.0 * (1.0 + BLOCK_SLACK)).abs() < 1e-9, "{bound}");
    }

    #[test]
    fn a_widened_bound_grows_as_the_averages_part_and_never_passes_the_weight() {
        let near = widen(3.0, 10.0, 0.9);
        let far = widen(3.0, 10.0, 0.5);
        assert!(3.0 < near && near < far, "{near} {far}");
        assert!(widen(9.9, 10.0, 0.01) <= 10.0 * (1.0 + BLOCK_SLACK));
        assert_eq!(widen(3.0, 10.0, 0.0), 10.0);
    }
}
