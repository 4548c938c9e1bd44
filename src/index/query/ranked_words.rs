//! A query of typed words, ranked so that a first page need not score
//! every match.
//!
//! Each word of a query is a union of boosted clauses over the fields (see
//! `compile`), and the words are all required. At a million papers a
//! typed query matches most of them, and tantivy's boolean query scores
//! every match to find the best few: its pruning needs plain term queries,
//! and folio's prefix and typo clauses are not.
//!
//! [`RankedWords`] scores a document as the sum, clause after clause in a
//! fixed order, of the clauses it matches, and knows a bound of each
//! clause's score: BM25 never passes its weight, a typo or prefix clause
//! scores a constant. Its top-k ([`Weight::for_each_pruning`], which
//! tantivy's `TopDocs` by score calls) is *MaxScore*: once the k-th best
//! score is known, the clauses whose bounds add up to no more than it are
//! "weak" (a document matching only those cannot enter the page), and
//! only documents matching one of the other clauses are looked at. The
//! weak clauses are then only moved to those documents. The page is the
//! same as the one a walk over every match finds, including its order
//! among equal scores (the lower address first).
//!
//! On the generated arXiv corpus a title clause bounds its score at 4 to
//! 20, an abstract clause at 0 to 3, and the first page scores above 14:
//! the abstracts, which nearly every paper matches, stop being walked.
//! Once the threshold is so high that a clause's absence alone rules a
//! document out, that clause is *required*: the candidates are where all
//! required clauses meet, not where any essential one is.

use std::fmt;

use tantivy::query::{BooleanQuery, EnableScoring, Explanation, Occur, Query, Scorer, Weight};

use super::any_of::{AnyOf, reach};
use super::term_walk::{TermClause, TermWalk};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// What a clause's score can reach.
#[derive(Debug, Clone)]
pub enum LeafBound {
    /// A boosted BM25 term query: never more than its weight.
    Bm25 { term: Term, boost: Score },
    /// A clause that scores this constant (typo and prefix clauses).
    Constant(Score),
    /// Unknown (a phrase): the clause is never taken as weak.
    Unknown,
}

/// One clause of a word: a boosted query and what bounds its score.
pub struct Leaf {
    pub query: Box<dyn Query>,
    pub bound: LeafBound,
}

impl Clone for Leaf {
    fn clone(&self) -> Self {
        Leaf {
            query: self.query.box_clone(),
            bound: self.bound.clone(),
        }
    }
}

impl fmt::Debug for Leaf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} ({:?})", self.query, self.bound)
    }
}

/// Words that must all match (each through any of its clauses), words
/// that only add to the score when they match (stop words beside other
/// words), filters that must match and add nothing, and exclusions.
#[derive(Debug, Default)]
pub struct RankedWords {
    pub required: Vec<Vec<Leaf>>,
    pub optional: Vec<Vec<Leaf>>,
    pub filters: Vec<Box<dyn Query>>,
    pub excluded: Vec<Box<dyn Query>>,
}

impl Clone for RankedWords {
    fn clone(&self) -> Self {
        RankedWords {
            required: self.required.clone(),
            optional: self.optional.clone(),
            filters: self.filters.iter().map(|q| q.box_clone()).collect(),
            excluded: self.excluded.iter().map(|q| q.box_clone()).collect(),
        }
    }
}

impl RankedWords {
    /// One required word.
    pub fn word(leaves: Vec<Leaf>) -> RankedWords {
        RankedWords {
            required: vec![leaves],
            ..RankedWords::default()
        }
    }
}

impl RankedWords {
    /// A query matching the same documents, built the way tantivy walks
    /// and counts fastest (its scores are not these): for counting and
    /// for orders other than relevance.
    pub fn matching(&self) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in &self.required {
            let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for leaf in word {
                match leaf.query.downcast_ref::<AnyOf>() {
                    Some(inexact) => any.extend(inexact.forms.iter().map(|form| {
                        (
                            Occur::Should,
                            Box::new(form.query.clone()) as Box<dyn Query>,
                        )
                    })),
                    None => any.push((Occur::Should, leaf.query.box_clone())),
                }
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        clauses.extend(self.filters.iter().map(|q| (Occur::Must, q.box_clone())));
        clauses.extend(
            self.excluded
                .iter()
                .map(|q| (Occur::MustNot, q.box_clone())),
        );
        Box::new(BooleanQuery::new(clauses))
    }
}

/// The same searcher with scoring off: for filters and exclusions, whose
/// matches count, not their scores.
fn matching_only(scoring: EnableScoring<'_>) -> EnableScoring<'_> {
    match scoring {
        EnableScoring::Enabled { searcher, .. } => EnableScoring::disabled_from_searcher(searcher),
        disabled => disabled,
    }
}

impl Query for RankedWords {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let matching_only = matching_only(scoring);
        let mut leaves = Vec::new();
        let mut words = Vec::new();
        for word in self.required.iter().chain(&self.optional) {
            let start = leaves.len();
            for leaf in word {
                let clause = term_clause(&leaf.bound, scoring)?;
                leaves.push(LeafWeight {
                    weight: leaf.query.weight(scoring)?,
                    bound: match scoring {
                        EnableScoring::Enabled { .. } => bound_of(&leaf.bound, clause.as_ref()),
                        EnableScoring::Disabled { .. } => Score::INFINITY,
                    },
                    clause,
                });
            }
            words.push(start..leaves.len());
        }
        let weights = |queries: &[Box<dyn Query>]| {
            queries
                .iter()
                .map(|q| q.weight(matching_only))
                .collect::<tantivy::Result<Vec<_>>>()
        };
        Ok(Box::new(RankedWordsWeight {
            leaves,
            words,
            required: self.required.len(),
            filters: weights(&self.filters)?,
            excluded: weights(&self.excluded)?,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for leaf in self.required.iter().chain(&self.optional).flatten() {
            leaf.query.query_terms(visitor);
        }
    }
}

/// The highest score `bound` lets its clause reach (`clause`: the BM25
/// clause worked out from it); infinite when unknown or when nothing is
/// scored.
fn bound_of(bound: &LeafBound, clause: Option<&TermClause>) -> Score {
    match (bound, clause) {
        // A score is the clause's weight times a factor below 1, which a
        // term frequency far above any field's length on the shortest
        // field rounds to exactly 1.
        (LeafBound::Bm25 { .. }, Some(clause)) => clause.weight.score(0, u32::MAX),
        (LeafBound::Constant(score), _) => *score,
        _ => Score::INFINITY,
    }
}

/// A BM25 clause as folio walks it (see `term_walk`); `None` for other
/// clauses and when nothing is scored.
fn term_clause(
    bound: &LeafBound,
    scoring: EnableScoring<'_>,
) -> tantivy::Result<Option<TermClause>> {
    let (
        LeafBound::Bm25 { term, boost },
        EnableScoring::Enabled {
            statistics_provider,
            ..
        },
    ) = (bound, scoring)
    else {
        return Ok(None);
    };
    TermClause::new(statistics_provider, term, *boost).map(Some)
}

struct LeafWeight {
    weight: Box<dyn Weight>,
    bound: Score,
    clause: Option<TermClause>,
}

struct RankedWordsWeight {
    /// Every clause, word after word: the order scores are summed in.
    leaves: Vec<LeafWeight>,
    /// Each word's clauses; the first `required` words are required.
    words: Vec<std::ops::Range<usize>>,
    required: usize,
    filters: Vec<Box<dyn Weight>>,
    excluded: Vec<Box<dyn Weight>>,
}

impl RankedWordsWeight {
    /// The segment's clauses, each on its first document (none aligned
    /// yet); clauses with no document here are left out.
    fn segment(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<SegmentWords> {
        let scorers = |weights: &[Box<dyn Weight>]| {
            weights
                .iter()
                .map(|w| w.scorer(reader, 1.0))
                .collect::<tantivy::Result<Vec<_>>>()
        };
        let mut leaves = Vec::with_capacity(self.leaves.len());
        let mut words = Vec::with_capacity(self.words.len());
        for range in &self.words {
            let start = leaves.len();
            for leaf in &self.leaves[range.clone()] {
                // A BM25 clause is walked by folio when the boost is 1
                // (the only one the top-k uses), so that its blocks'
                // maxima can be read; its scores are tantivy's.
                let docs = match &leaf.clause {
                    Some(clause) if boost == 1.0 => {
                        TermWalk::open(reader, clause)?.map(|walk| LeafDocs::Walk(Box::new(walk)))
                    }
                    _ => Some(LeafDocs::Scorer(leaf.weight.scorer(reader, boost)?)),
                };
                if let Some(docs) = docs.filter(|docs| docs.doc() != TERMINATED) {
                    leaves.push(LeafScorer {
                        docs,
                        bound: leaf.bound,
                    });
                }
            }
            words.push(start..leaves.len());
        }
        Ok(SegmentWords {
            leaves,
            words,
            required: self.required,
            filters: scorers(&self.filters)?,
            excluded: scorers(&self.excluded)?,
            doc: 0,
        })
    }
}

impl Weight for RankedWordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut words = self.segment(reader, boost)?;
        words.doc = words.next_match(0);
        Ok(Box::new(words))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut words = self.segment(reader, 1.0)?;
        if words.next_match(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new(
            "sum of the matching clauses of every word",
            words.score_at(doc),
        ))
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        self.segment(reader, 1.0)?.max_score(threshold, callback);
        Ok(())
    }
}

/// A clause's documents in one segment: folio's walk of a BM25 term, or
/// the scorer of any other clause.
enum LeafDocs {
    Walk(Box<TermWalk>),
    Scorer(Box<dyn Scorer>),
}

impl LeafDocs {
    #[inline]
    fn doc(&self) -> DocId {
        match self {
            LeafDocs::Walk(walk) => walk.doc(),
            LeafDocs::Scorer(scorer) => scorer.doc(),
        }
    }
}

struct LeafScorer {
    docs: LeafDocs,
    bound: Score,
}

impl LeafScorer {
    /// Moves to the first document at or after `target` (never back).
    #[inline]
    fn reach(&mut self, target: DocId) -> DocId {
        match &mut self.docs {
            LeafDocs::Walk(walk) => reach(walk.as_mut(), target),
            LeafDocs::Scorer(scorer) => reach(scorer.as_mut(), target),
        }
    }

    #[inline]
    fn doc(&self) -> DocId {
        self.docs.doc()
    }

    #[inline]
    fn score(&mut self) -> Score {
        match &mut self.docs {
            LeafDocs::Walk(walk) => walk.score(),
            LeafDocs::Scorer(scorer) => scorer.score(),
        }
    }

    fn size_hint(&self) -> u32 {
        match &self.docs {
            LeafDocs::Walk(walk) => walk.size_hint(),
            LeafDocs::Scorer(scorer) => scorer.size_hint(),
        }
    }

    /// What the clause scores at most from its document to the end of its
    /// block of postings, and that end: for a clause without blocks, its
    /// bound for every document left.
    fn block(&mut self) -> (f64, DocId) {
        match &mut self.docs {
            LeafDocs::Walk(walk) if walk.doc() != TERMINATED => {
                (walk.block_bound(), walk.block_end())
            }
            _ => (f64::from(self.bound), TERMINATED),
        }
    }
}

/// One segment's clauses, and the match they stand on.
struct SegmentWords {
    leaves: Vec<LeafScorer>,
    words: Vec<std::ops::Range<usize>>,
    required: usize,
    filters: Vec<Box<dyn Scorer>>,
    excluded: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl SegmentWords {
    /// Moves a word's clauses to `target` or after; its first document there.
    fn reach_word(&mut self, word: usize, target: DocId) -> DocId {
        let range = self.words[word].clone();
        self.leaves[range]
            .iter_mut()
            .map(|leaf| leaf.reach(target))
            .min()
            .unwrap_or(TERMINATED)
    }

    /// The first match at or after `target`: every required word meets
    /// there (each skipping to the furthest), then the filters (which may
    /// skip further) and no exclusion.
    fn next_match(&mut self, mut target: DocId) -> DocId {
        if self.required == 0 {
            return TERMINATED;
        }
        'candidates: loop {
            let required = self.required;
            target = agree(required, target, |word, at| self.reach_word(word, at));
            if target == TERMINATED {
                return TERMINATED;
            }
            for filter in &mut self.filters {
                let doc = reach(filter.as_mut(), target);
                if doc == TERMINATED {
                    return TERMINATED;
                }
                if doc > target {
                    target = doc;
                    continue 'candidates;
                }
            }
            if self
                .excluded
                .iter_mut()
                .any(|e| reach(e.as_mut(), target) == target)
            {
                target += 1;
                continue;
            }
            return target;
        }
    }

    /// The score of a match: its clauses' scores added in their order.
    fn score_at(&mut self, doc: DocId) -> Score {
        let mut score: Score = 0.0;
        for leaf in &mut self.leaves {
            if leaf.reach(doc) == doc {
                score += leaf.score();
            }
        }
        score
    }

    /// MaxScore (see the module's doc): calls `callback` with each match
    /// scoring above the threshold it last returned, skipping documents
    /// whose clauses cannot add up to more. An infinite threshold ends it.
    fn max_score(mut self, threshold: Score, callback: &mut dyn FnMut(DocId, Score) -> Score) {
        let n = self.leaves.len();
        // Clauses by bound, smallest first: the weak ones are a prefix.
        let mut by_bound: Vec<usize> = (0..n).collect();
        by_bound.sort_by(|&a, &b| self.leaves[a].bound.total_cmp(&self.leaves[b].bound));
        // weak_bound[p]: the most the first `p` of them add up to, summed
        // in the scores' own order (rounding never makes a smaller sum
        // larger, so no match of only those clauses scores more).
        let mut weak = vec![false; n];
        let mut weak_bound = Vec::with_capacity(n + 1);
        weak_bound.push(0.0);
        for &leaf in &by_bound {
            weak[leaf] = true;
            let sum = (0..n)
                .filter(|&i| weak[i])
                .fold(0.0 as Score, |sum, i| sum + self.leaves[i].bound);
            weak_bound.push(sum);
        }
        weak.fill(false);
        let mut weak_count = 0;
        // The weak clauses, strongest first, and all they could add (f64).
        let mut weak_desc: Vec<usize> = Vec::new();
        let mut weak_sum = 0.0f64;
        let mut theta = threshold;
        let mut essential: Vec<usize> = by_bound.clone();
        // All the clauses could add (f64), and the clauses every document
        // that can still win must match, rarest first (see
        // `required_clauses`); worked out again when the threshold moves.
        let all_sum: f64 = self.leaves.iter().map(|l| f64::from(l.bound)).sum();
        let mut required: Vec<usize> = Vec::new();
        let mut required_for = Score::NAN;
        // The essential clause that cannot win alone without some weak
        // ones, and those (see `lonely_clause`); worked out with `required`.
        let mut lonely: Option<(usize, Vec<usize>)> = None;
        // Scores worked out for the candidate at hand (NaN: not yet).
        let mut known = vec![Score::NAN; n];
        let mut on: Vec<usize> = Vec::with_capacity(n);
        let mut target: DocId = 0;
        // The required clauses' blocks last found to allow a winner: up to
        // which document, for which threshold and weak clauses.
        let mut stretch: Option<(DocId, u32, usize)> = None;
        let mut in_order: Vec<usize> = Vec::with_capacity(n);
        loop {
            let before = weak_count;
            while weak_count < n && weak_bound[weak_count + 1] <= theta {
                weak[by_bound[weak_count]] = true;
                weak_count += 1;
            }
            if weak_count != before {
                essential = by_bound[weak_count..].to_vec();
                weak_desc = by_bound[..weak_count].iter().rev().copied().collect();
                weak_sum = weak_desc
                    .iter()
                    .map(|&i| f64::from(self.leaves[i].bound))
                    .sum();
            }
            if weak_count == n {
                return;
            }
            // Rounding may make a sum in `f32` a little larger than in `f64`.
            let enough = f64::from(theta) * (1.0 - 1e-5);
            if theta.to_bits() != required_for.to_bits() || weak_count != before {
                required_for = theta;
                required = self.required_clauses(all_sum, enough);
                lonely = self.lonely_clause(&essential, &weak_desc, weak_sum, enough);
            }
            // The next document an essential clause is on, or, when some
            // are required, the next one all of those are on.
            let candidate = if !required.is_empty() {
                self.leapfrog(&required, target)
            } else if let Some((alone, needs)) = &lonely {
                let others = essential
                    .iter()
                    .filter(|&&i| i != *alone)
                    .map(|&i| self.leaves[i].reach(target))
                    .min()
                    .unwrap_or(TERMINATED);
                let candidate = self.lonely_next(*alone, needs, (target, others), weak_sum, enough);
                self.leaves[*alone].reach(candidate);
                candidate
            } else {
                essential
                    .iter()
                    .map(|&i| self.leaves[i].reach(target))
                    .min()
                    .unwrap_or(TERMINATED)
            };
            if candidate == TERMINATED {
                return;
            }
            // What the clauses' blocks of postings allow: documents that
            // cannot win are passed over a stretch at a time.
            if required.is_empty() {
                let next = self.pivot(&essential, &mut in_order, weak_sum, enough);
                if next != candidate {
                    if next == TERMINATED {
                        return;
                    }
                    target = next;
                    continue;
                }
            } else {
                // Every winner from here stands on all the required
                // clauses, so up to the first end of their blocks it
                // scores no more than their maxima and the others' bounds.
                // A stretch found enough stays so until the threshold moves.
                let stretch_holds = stretch.is_some_and(|(end, theta_then, weak_then)| {
                    candidate <= end && theta_then == theta.to_bits() && weak_then == weak_count
                });
                if !stretch_holds {
                    let others: f64 = all_sum
                        - required
                            .iter()
                            .map(|&i| f64::from(self.leaves[i].bound))
                            .sum::<f64>();
                    let (most, end) = self.blocks_allow(&required, others);
                    if end != TERMINATED {
                        if most <= enough {
                            target = end.saturating_add(1);
                            continue;
                        }
                        stretch = Some((end, theta.to_bits(), weak_count));
                    }
                }
            }
            if !required.is_empty() {
                for &i in &essential {
                    self.leaves[i].reach(candidate);
                }
            }
            target = candidate + 1;
            // The most the document can score: first by the clauses' bounds,
            // then with what the essential clauses there really score, then
            // with each weak clause's real score, the strongest first. Skip
            // as soon as it cannot win.
            on.clear();
            for &i in &essential {
                if self.leaves[i].doc() == candidate {
                    on.push(i);
                }
            }
            let bounds: f64 = on.iter().map(|&i| self.leaves[i].block().0).sum();
            if bounds + weak_sum <= enough {
                continue;
            }
            let mut most = weak_sum;
            for &i in &on {
                let score = self.leaves[i].score();
                known[i] = score;
                most += f64::from(score);
            }
            for &i in &weak_desc {
                if most <= enough {
                    break;
                }
                let leaf = &mut self.leaves[i];
                most -= f64::from(leaf.bound);
                if leaf.reach(candidate) == candidate {
                    let score = leaf.score();
                    known[i] = score;
                    on.push(i);
                    most += f64::from(score);
                }
            }
            if most > enough {
                // Not a match: go on from the next one (the words skip
                // together far more cheaply than document by document).
                let next = self.next_match(candidate);
                if next == candidate {
                    let score = self.score_known(candidate, &known);
                    if score > theta {
                        theta = callback(candidate, score);
                    }
                } else if next == TERMINATED {
                    return;
                } else {
                    target = next;
                }
            }
            for &i in &on {
                known[i] = Score::NAN;
            }
        }
    }

    /// The clauses a document must match to score above `enough`: those
    /// without which all the others' bounds add up to no more. Rarest
    /// first, so that walking them together ([`SegmentWords::leapfrog`])
    /// moves the rarest along and seeks the rest. Two common words whose
    /// titles alone can reach the page are then walked where both titles
    /// have them, not where either has (a quarter of the documents for
    /// `neural network` at 3,000,000 papers).
    fn required_clauses(&self, all_sum: f64, enough: f64) -> Vec<usize> {
        let mut required: Vec<usize> = (0..self.leaves.len())
            .filter(|&i| all_sum - f64::from(self.leaves[i].bound) <= enough)
            .collect();
        required.sort_by_key(|&i| self.leaves[i].size_hint());
        required
    }

    /// The essential clause whose documents, when it is the only essential
    /// clause on them, cannot win without some weak clauses, and those
    /// weak clauses, rarest first: the most common such clause, and `None`
    /// when there is none (or only one essential clause, when `required`
    /// says as much). `graph neural n` at 1,000,000 papers: titles with
    /// `graph` are essential (with the rare title word `n`), but one
    /// without `neural` in its title cannot reach the page, so the titles
    /// with `graph` are walked together with those with `neural`
    /// ([`SegmentWords::lonely_next`]) instead of one by one.
    fn lonely_clause(
        &self,
        essential: &[usize],
        weak_desc: &[usize],
        weak_sum: f64,
        enough: f64,
    ) -> Option<(usize, Vec<usize>)> {
        if essential.len() < 2 {
            return None;
        }
        let mut by_size = essential.to_vec();
        by_size.sort_by_key(|&i| std::cmp::Reverse(self.leaves[i].size_hint()));
        by_size.into_iter().find_map(|alone| {
            let most = f64::from(self.leaves[alone].bound) + weak_sum;
            let mut needs: Vec<usize> = weak_desc
                .iter()
                .copied()
                .filter(|&w| most - f64::from(self.leaves[w].bound) <= enough)
                .collect();
            needs.sort_by_key(|&w| self.leaves[w].size_hint());
            (!needs.is_empty()).then_some((alone, needs))
        })
    }

    /// The first document from `target` up to `limit` (where the next of
    /// the other essential clauses is) that `alone` and all of `needs`
    /// stand on and that its block of postings lets score more than
    /// `enough` (with `weak` for all the weak clauses); `limit` when there
    /// is none. No clause is moved to a target at or past `limit`, so none
    /// passes over a document from there on, and the documents passed over
    /// before it hold `alone` without one of its needs or in a block that
    /// cannot win (either way `alone` is their only essential clause), or
    /// no essential clause at all.
    fn lonely_next(
        &mut self,
        alone: usize,
        needs: &[usize],
        (mut target, limit): (DocId, DocId),
        weak: f64,
        enough: f64,
    ) -> DocId {
        'candidates: loop {
            if target >= limit {
                return limit;
            }
            target = self.leaves[alone].reach(target);
            if target >= limit {
                return limit;
            }
            let (bound, end) = self.leaves[alone].block();
            if bound + weak <= enough {
                target = end.saturating_add(1);
                continue;
            }
            for &need in needs {
                let doc = self.leaves[need].reach(target);
                if doc != target {
                    target = doc;
                    continue 'candidates;
                }
            }
            return target;
        }
    }

    /// Block-max pivoting over the essential clauses, none required: the
    /// first document at or after where they stand that could score more
    /// than `enough`, going by the maxima of the blocks they stand in and
    /// `weak` for all the weak clauses. Taken in the order of their
    /// documents, the clauses' maxima add up; a document before the one
    /// where the sum first passes `enough` can only match clauses already
    /// counted, as long as it lies within all of their blocks (past the
    /// first of those ends, nothing is known, and the search resumes
    /// there). `TERMINATED` when no document can.
    fn pivot(
        &mut self,
        essential: &[usize],
        in_order: &mut Vec<usize>,
        weak: f64,
        enough: f64,
    ) -> DocId {
        in_order.clear();
        in_order.extend_from_slice(essential);
        if let [a, b] = in_order[..] {
            // The common case, without a sort.
            if self.leaves[b].doc() < self.leaves[a].doc() {
                in_order.swap(0, 1);
            }
        } else {
            in_order.sort_unstable_by_key(|&i| self.leaves[i].doc());
        }
        let mut most = weak;
        let mut known_until = TERMINATED;
        for &i in in_order.iter() {
            let doc = self.leaves[i].doc();
            if doc >= known_until {
                return known_until;
            }
            if doc == TERMINATED {
                break;
            }
            let (bound, end) = self.leaves[i].block();
            most += bound;
            known_until = known_until.min(end.saturating_add(1));
            if most > enough {
                return doc;
            }
        }
        known_until
    }

    /// What a document can score, from the least document `clauses` stand
    /// on to the first end of their blocks of postings, when it matches
    /// no clause but `clauses` at more than `rest`: `rest` and each
    /// clause's block maximum added up, and that end (`TERMINATED` when no
    /// clause has blocks). A clause standing past a document does not
    /// match it; one that has run out adds nothing.
    fn blocks_allow(&mut self, clauses: &[usize], rest: f64) -> (f64, DocId) {
        let mut most = rest;
        let mut end = TERMINATED;
        for &i in clauses {
            let leaf = &mut self.leaves[i];
            if leaf.doc() == TERMINATED {
                continue;
            }
            let (bound, last) = leaf.block();
            most += bound;
            end = end.min(last);
        }
        (most, end)
    }

    /// The first document at or after `target` every clause of `clauses`
    /// is on (they skip to the furthest in turn).
    fn leapfrog(&mut self, clauses: &[usize], target: DocId) -> DocId {
        agree(clauses.len(), target, |i, at| {
            self.leaves[clauses[i]].reach(at)
        })
    }

    /// [`SegmentWords::score_at`], taking the scores in `known` as given.
    fn score_known(&mut self, doc: DocId, known: &[Score]) -> Score {
        let mut score: Score = 0.0;
        for (leaf, &known) in self.leaves.iter_mut().zip(known) {
            if !known.is_nan() {
                score += known;
            } else if leaf.reach(doc) == doc {
                score += leaf.score();
            }
        }
        score
    }
}

/// The first document at or after `target` that all `count` parts stand on:
/// `reach(part, doc)` moves a part to `doc` or after and says where it is;
/// the parts are moved in turn, each to the furthest so far, until `count`
/// of them in a row agree.
fn agree(count: usize, mut target: DocId, mut reach: impl FnMut(usize, DocId) -> DocId) -> DocId {
    let mut agreed = 0;
    let mut part = 0;
    while agreed < count {
        let doc = reach(part, target);
        if doc == TERMINATED {
            return TERMINATED;
        }
        if doc == target {
            agreed += 1;
        } else {
            target = doc;
            agreed = 1;
        }
        part = (part + 1) % count;
    }
    target
}

impl DocSet for SegmentWords {
    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            self.doc = self.next_match(self.doc + 1);
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc < target {
            self.doc = self.next_match(target);
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        (0..self.required)
            .map(|word| {
                self.leaves[self.words[word].clone()]
                    .iter()
                    .map(|leaf| leaf.size_hint())
                    .fold(0u32, u32::saturating_add)
            })
            .min()
            .unwrap_or(0)
    }
}

impl Scorer for SegmentWords {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        self.score_at(doc)
    }
}
