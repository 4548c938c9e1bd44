//! A word's inexact matches (its typo and prefix forms in one field) as
//! one clause that scores a constant when any of them matches.
//!
//! Tantivy's disjunction buffers its matches a window of 4,096 documents
//! at a time and scores each: right for walking every match, slow for the
//! first page of a [`RankedWords`](super::ranked_words::RankedWords) query,
//! which jumps from one promising document to the next. [`AnyOf`] moves
//! its parts to each document asked for and nothing more.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// Matches what any of `queries` matches, scoring `score`.
#[derive(Debug)]
pub struct AnyOf {
    pub queries: Vec<Box<dyn Query>>,
    pub score: Score,
}

impl Clone for AnyOf {
    fn clone(&self) -> Self {
        AnyOf {
            queries: self.queries.iter().map(|q| q.box_clone()).collect(),
            score: self.score,
        }
    }
}

impl Query for AnyOf {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let matching_only = matching_only(scoring);
        Ok(Box::new(AnyOfWeight {
            parts: self
                .queries
                .iter()
                .map(|q| q.weight(matching_only))
                .collect::<tantivy::Result<_>>()?,
            score: self.score,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for query in &self.queries {
            query.query_terms(visitor);
        }
    }
}

/// The same searcher with scoring off: for parts whose matches count, not
/// their scores.
pub(crate) fn matching_only(scoring: EnableScoring<'_>) -> EnableScoring<'_> {
    match scoring {
        EnableScoring::Enabled { searcher, .. } => EnableScoring::disabled_from_searcher(searcher),
        disabled => disabled,
    }
}

/// Moves `scorer` to its first document at or after `target` (never back).
pub(crate) fn reach(scorer: &mut dyn Scorer, target: DocId) -> DocId {
    let doc = scorer.doc();
    if doc < target {
        scorer.seek(target)
    } else {
        doc
    }
}

struct AnyOfWeight {
    parts: Vec<Box<dyn Weight>>,
    score: Score,
}

impl Weight for AnyOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut parts = Vec::with_capacity(self.parts.len());
        for part in &self.parts {
            let scorer = part.scorer(reader, 1.0)?;
            if scorer.doc() != TERMINATED {
                parts.push(scorer);
            }
        }
        let doc = parts.iter().map(|p| p.doc()).min().unwrap_or(TERMINATED);
        Ok(Box::new(AnyOfScorer {
            parts,
            doc,
            score: self.score * boost,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("an inexact form matches", scorer.score()))
    }
}

struct AnyOfScorer {
    parts: Vec<Box<dyn Scorer>>,
    doc: DocId,
    score: Score,
}

impl AnyOfScorer {
    /// Moves every part before `target` to it or after; the first document.
    fn reach(&mut self, target: DocId) -> DocId {
        self.doc = self
            .parts
            .iter_mut()
            .map(|part| reach(part.as_mut(), target))
            .min()
            .unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for AnyOfScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.reach(self.doc + 1)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.reach(target)
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.parts
            .iter()
            .map(|p| p.size_hint())
            .fold(0u32, u32::saturating_add)
    }
}

impl Scorer for AnyOfScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}
