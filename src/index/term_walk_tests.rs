//! folio's own walk of a BM25 term (`query::term_walk`) checked against
//! tantivy's term scorer on real segments: the same documents in the same
//! order, the same scores to the bit, and block maxima that no document of
//! its block passes, in segments whose average field lengths differ from
//! the index's.

use tantivy::query::{EnableScoring, Query, Scorer, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Searcher, TERMINATED, Term};

use super::query::term_walk::{TermClause, TermWalk};
use super::tests::{index, index_of_two_segments, paper};

/// The clause for `term` boosted by `boost`, as the ranked query builds it.
fn clause(searcher: &Searcher, term: &Term, boost: f32) -> TermClause {
    TermClause::new(searcher, term, boost).unwrap()
}

/// Terms of `field` in the first segment, every `step`th: common and rare.
fn some_terms(searcher: &Searcher, field: Field, step: usize) -> Vec<Term> {
    let inverted = searcher.segment_reader(0).inverted_index(field).unwrap();
    let mut stream = inverted.terms().stream().unwrap();
    let mut terms = Vec::new();
    let mut n = 0;
    while stream.advance() {
        if n % step == 0 {
            terms.push(Term::from_field_bytes(field, stream.key()));
        }
        n += 1;
    }
    assert!(terms.len() > 20, "{} terms", terms.len());
    terms
}

/// tantivy's own scorer of the same boosted term, in one segment.
fn tantivys(searcher: &Searcher, term: &Term, boost: f32, segment: u32) -> Box<dyn Scorer> {
    let query = tantivy::query::BoostQuery::new(
        Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
        boost,
    );
    let weight = query
        .weight(EnableScoring::enabled_from_searcher(searcher))
        .unwrap();
    weight
        .scorer(searcher.segment_reader(segment), 1.0)
        .unwrap()
}

#[test]
fn a_term_walk_finds_and_scores_what_tantivys_term_scorer_does() {
    let (index, searcher) = index_of_two_segments();
    let fields = index.fields();
    let mut long_lists = 0;
    for (field, boost) in [(fields.title, 3.0), (fields.abstract_text, 1.0)] {
        for term in some_terms(&searcher, field, 7) {
            let clause = clause(&searcher, &term, boost);
            for segment in 0..searcher.segment_readers().len() as u32 {
                let reader = searcher.segment_reader(segment);
                let mut theirs = tantivys(&searcher, &term, boost, segment);
                let Some(mut ours) = TermWalk::open(reader, &clause).unwrap() else {
                    assert_eq!(theirs.doc(), TERMINATED, "{term:?}");
                    continue;
                };
                long_lists += usize::from(ours.size_hint() > 300);
                // Every document by advancing.
                loop {
                    assert_eq!(ours.doc(), theirs.doc(), "{term:?}");
                    if ours.doc() == TERMINATED {
                        break;
                    }
                    assert_eq!(ours.score().to_bits(), theirs.score().to_bits(), "{term:?}");
                    ours.advance();
                    theirs.advance();
                }
                // And by seeking ahead in steps of several sizes.
                let mut ours = TermWalk::open(reader, &clause).unwrap().unwrap();
                let mut theirs = tantivys(&searcher, &term, boost, segment);
                let mut target: DocId = 0;
                let mut step = 1;
                while ours.doc() != TERMINATED {
                    target += step;
                    step = step * 3 % 517 + 1;
                    let doc = super::query::any_of::reach(&mut ours, target);
                    assert_eq!(doc, super::query::any_of::reach(theirs.as_mut(), target));
                    if doc != TERMINATED {
                        assert_eq!(ours.score().to_bits(), theirs.score().to_bits());
                    }
                }
            }
        }
    }
    assert!(long_lists > 10, "terms of several blocks: {long_lists}");
}

/// Walks the clause through every segment, checking each document's score
/// against its block's maximum (and that maximum against the clause's);
/// the documents and blocks walked.
fn check_block_maxima(searcher: &Searcher, clause: &TermClause) -> (usize, usize) {
    let (mut docs, mut blocks) = (0, 0);
    for reader in searcher.segment_readers() {
        let Some(mut walk) = TermWalk::open(reader, clause).unwrap() else {
            continue;
        };
        let mut end = walk.block_end();
        let mut bound = walk.block_bound();
        blocks += 1;
        while walk.doc() != TERMINATED {
            if walk.doc() > end {
                end = walk.block_end();
                bound = walk.block_bound();
                blocks += 1;
            }
            let score = f64::from(walk.score());
            let term = &clause.term;
            assert!(score <= bound, "{term:?}: {score} over {bound}");
            assert!(bound <= f64::from(clause.weight.max_score()) * 1.001);
            docs += 1;
            walk.advance();
        }
    }
    (docs, blocks)
}

#[test]
fn no_document_scores_above_its_blocks_maximum() {
    let (index, searcher) = index_of_two_segments();
    let fields = index.fields();
    // The segments' average lengths differ from the index's (the hand-made
    // papers have other titles than the generated ones), so the stored
    // maxima must be widened.
    let averages: Vec<f32> = searcher
        .segment_readers()
        .iter()
        .map(|r| {
            r.inverted_index(fields.title).unwrap().total_num_tokens() as f32 / r.max_doc() as f32
        })
        .collect();
    assert!(
        averages.iter().any(|a| (a - averages[0]).abs() > 1e-3),
        "{averages:?}"
    );
    let mut blocks = 0;
    for (field, boost) in [(fields.title, 3.0), (fields.abstract_text, 1.0)] {
        for term in some_terms(&searcher, field, 3) {
            let clause = clause(&searcher, &term, boost);
            blocks += check_block_maxima(&searcher, &clause).1;
        }
    }
    assert!(blocks > 100, "{blocks} blocks");
}

/// Segments whose average title lengths are far apart: under the short
/// segment's average a block's best pair is a one-word title, under the
/// index's a long title repeating the word scores more. Unwidened, the
/// stored maximum would be passed.
#[test]
fn block_maxima_hold_where_the_averages_disagree_most() {
    let index = index();
    let mut short = Vec::new();
    for n in 0..400 {
        let title = if n % 50 == 7 {
            // Nine times in a title of sixteen words: under the short
            // average a one-word title scores more, under the index's less.
            format!(
                "{}beta gamma delta omega sigma kappa theta",
                "alpha ".repeat(9)
            )
        } else if n % 3 == 0 {
            "alpha".to_string()
        } else {
            "alpha beta".to_string()
        };
        short.push(paper(
            &format!("2301.{n:05}"),
            &title,
            &["Ann Lee"],
            "",
            2023,
            &[],
        ));
    }
    let long_title = "beta gamma delta omega sigma kappa theta iota lambda zeta eta rho mu nu xi pi tau phi chi psi";
    let long: Vec<_> = (0..400)
        .map(|n| {
            paper(
                &format!("2302.{n:05}"),
                &format!("{long_title} alpha"),
                &["Ann Lee"],
                "",
                2023,
                &[],
            )
        })
        .collect();
    index.add_with(&short, true);
    index.add_with(&long, true);
    let searcher = index.searcher();
    let term = Term::from_field_text(index.fields().title, "alpha");
    let clause = clause(&searcher, &term, 3.0);
    let (checked, _) = check_block_maxima(&searcher, &clause);
    assert!(checked >= 800, "{checked}");
}
