//! A word's inexact matches (its typo and prefix forms in one field) as
//! one clause that scores a constant when any of them matches.
//!
//! Tantivy's disjunction buffers its matches a window of 4,096 documents
//! at a time and scores each: right for walking every match, slow for the
//! first page of a [`RankedWords`](super::ranked_words::RankedWords) query,
//! which jumps from one promising document to the next. [`AnyOf`] moves
//! its parts to each document asked for and nothing more. A typo or prefix
//! form that stands for a few indexed words reads their postings as they
//! are asked for; tantivy's own (an [`AutomatonWeight`]) reads every
//! posting of every such word into a bit set first, which for `network` as
//! a prefix over a million abstracts was a seventh of the first page. A
//! prefix of many words (one or two letters over titles) is gathered into
//! a bit set once per segment and kept for later searches (`prefix_docs`).

use super::prefix_docs::{keep_prefix_docs, kept_prefix_docs};
use tantivy::InvertedIndexReader;
use tantivy::postings::TermInfo;
use tantivy::query::{
    AutomatonWeight, BitSetDocSet, DfaWrapper, EnableScoring, Explanation, FuzzyTermQuery, Query,
    Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// Up to this many indexed words, a form's postings are read as they are
/// asked for; more (a one-letter prefix over titles) are gathered in a bit
/// set, one pass over their postings, which many lists to move would cost
/// more than.
const LAZY_WORDS: usize = 16;

/// One typo or prefix form of a word, over the field it searches.
#[derive(Debug, Clone)]
pub struct Inexact {
    pub field: Field,
    /// The form as tantivy's query (what a plain walk or count runs).
    pub query: FuzzyTermQuery,
    /// For a prefix without typos: the words it stands for are one range
    /// of the term dictionary, read without running an automaton over it.
    starts_with: Option<Vec<u8>>,
}

impl Inexact {
    /// Words within `distance` edits of `text` (0: the word itself).
    pub fn near(field: Field, text: &str, distance: u8) -> Inexact {
        Inexact {
            field,
            query: FuzzyTermQuery::new(Term::from_field_text(field, text), distance, true),
            starts_with: None,
        }
    }

    /// Words that start with `text`.
    pub fn prefix(field: Field, text: &str) -> Inexact {
        Inexact {
            field,
            query: FuzzyTermQuery::new_prefix(Term::from_field_text(field, text), 0, true),
            starts_with: Some(text.as_bytes().to_vec()),
        }
    }
}

/// How [`AnyOf`] finds the indexed words of one form.
enum FormWords {
    Automaton(AutomatonWeight<DfaWrapper>),
    StartingWith(Vec<u8>),
}

impl FormWords {
    fn in_segment(&self, reader: &SegmentReader, field: Field) -> tantivy::Result<Vec<TermInfo>> {
        match self {
            FormWords::Automaton(automaton) => automaton.get_match_term_infos(reader),
            FormWords::StartingWith(prefix) => {
                let inverted = reader.inverted_index(field)?;
                let mut range = inverted.terms().range().ge(prefix);
                if let Some(end) = first_after_prefix(prefix) {
                    range = range.lt(end);
                }
                let mut words = range.into_stream()?;
                let mut infos = Vec::new();
                while words.advance() {
                    infos.push(words.value().clone());
                }
                Ok(infos)
            }
        }
    }
}

/// The smallest byte string after every string that starts with `prefix`
/// (`None`: there is none, every string from `prefix` on starts with it).
fn first_after_prefix(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

/// Matches what any of `forms` matches, scoring `score`.
#[derive(Debug, Clone)]
pub struct AnyOf {
    pub forms: Vec<Inexact>,
    pub score: Score,
}

impl Query for AnyOf {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let forms = self
            .forms
            .iter()
            .map(|form| {
                let words = match &form.starts_with {
                    Some(prefix) => FormWords::StartingWith(prefix.clone()),
                    None => FormWords::Automaton(AutomatonWeight::new(
                        form.field,
                        form.query.automaton()?,
                    )),
                };
                Ok((form.field, words))
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AnyOfWeight {
            forms,
            score: self.score,
        }))
    }
}

/// Moves `docs` to its first document at or after `target` (never back).
pub(crate) fn reach<D: DocSet + ?Sized>(docs: &mut D, target: DocId) -> DocId {
    let doc = docs.doc();
    if doc < target { docs.seek(target) } else { doc }
}

struct AnyOfWeight {
    forms: Vec<(Field, FormWords)>,
    score: Score,
}

impl Weight for AnyOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        // A posting list per word of the forms with few words; one bit set
        // for the words of all the others.
        // A prefix of many words gathers its set once per segment (see
        // `prefix_docs`); typo forms of many words share one set.
        let mut parts: Vec<Box<dyn DocSet>> = Vec::new();
        let mut many: Option<BitSet> = None;
        for (field, form) in &self.forms {
            let key = match form {
                FormWords::StartingWith(prefix) => {
                    let key = (reader.segment_id(), *field, prefix.clone());
                    if let Some(docs) = kept_prefix_docs(&key) {
                        parts.push(Box::new(BitSetDocSet::from((*docs).clone())));
                        continue;
                    }
                    Some(key)
                }
                FormWords::Automaton(_) => None,
            };
            let words = form.in_segment(reader, *field)?;
            if words.is_empty() {
                continue;
            }
            let inverted = reader.inverted_index(*field)?;
            if words.len() <= LAZY_WORDS {
                for word in &words {
                    let postings =
                        inverted.read_postings_from_terminfo(word, IndexRecordOption::Basic)?;
                    if postings.doc() != TERMINATED {
                        parts.push(Box::new(postings));
                    }
                }
                continue;
            }
            match key {
                Some(key) => {
                    let mut docs = BitSet::with_max_value(reader.max_doc());
                    gather(&inverted, &words, &mut docs)?;
                    let docs = keep_prefix_docs(key, docs);
                    parts.push(Box::new(BitSetDocSet::from((*docs).clone())));
                }
                None => {
                    let docs = many.get_or_insert_with(|| BitSet::with_max_value(reader.max_doc()));
                    gather(&inverted, &words, docs)?;
                }
            }
        }
        if let Some(docs) = many {
            parts.push(Box::new(BitSetDocSet::from(docs)));
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

/// The documents of `words` into `docs`, one pass over each posting list.
fn gather(
    inverted: &InvertedIndexReader,
    words: &[TermInfo],
    docs: &mut BitSet,
) -> tantivy::Result<()> {
    for word in words {
        let mut blocks =
            inverted.read_block_postings_from_terminfo(word, IndexRecordOption::Basic)?;
        while !blocks.docs().is_empty() {
            for &doc in blocks.docs() {
                docs.insert(doc);
            }
            blocks.advance();
        }
    }
    Ok(())
}

struct AnyOfScorer {
    parts: Vec<Box<dyn DocSet>>,
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

#[cfg(test)]
mod tests {
    use tantivy::collector::DocSetCollector;
    use tantivy::schema::{STRING, Schema};
    use tantivy::{DocAddress, Index, doc};

    use super::*;

    /// An index of one word per document: `a0`..`a29` (more words than are
    /// read lazily) and `b0`..`b2` (fewer), each word in several documents.
    fn index() -> (Index, Field) {
        let mut schema = Schema::builder();
        let word = schema.add_text_field("word", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for copy in 0..4 {
            for n in 0..30 {
                writer.add_document(doc!(word => format!("a{n}"))).unwrap();
                if n < 3 && copy % 2 == 0 {
                    writer.add_document(doc!(word => format!("b{n}"))).unwrap();
                }
            }
        }
        writer.add_document(doc!(word => "c")).unwrap();
        writer.commit().unwrap();
        (index, word)
    }

    fn matches(index: &Index, query: &dyn Query) -> Vec<DocAddress> {
        let searcher = index.reader().unwrap().searcher();
        let mut found: Vec<_> = searcher
            .search(query, &DocSetCollector)
            .unwrap()
            .into_iter()
            .collect();
        found.sort();
        found
    }

    #[test]
    fn matches_what_its_forms_match_whether_read_lazily_or_as_a_bit_set() {
        let (index, field) = index();
        let prefix = |text: &str| Inexact::prefix(field, text);
        for forms in [
            vec![prefix("a")],
            vec![prefix("b")],
            vec![prefix("a"), prefix("b")],
        ] {
            let mut expected: Vec<DocAddress> = forms
                .iter()
                .flat_map(|form| matches(&index, &form.query))
                .collect();
            expected.sort();
            expected.dedup();
            assert!(!expected.is_empty());
            let any = AnyOf { forms, score: 0.5 };
            assert_eq!(matches(&index, &any), expected);
        }
        let none = AnyOf {
            forms: vec![prefix("z")],
            score: 0.5,
        };
        assert!(matches(&index, &none).is_empty());
        // The many words of `a` were gathered once and kept (the later
        // queries above read them from there); the few of `b` were not.
        let segment = index
            .reader()
            .unwrap()
            .searcher()
            .segment_reader(0)
            .segment_id();
        assert!(kept_prefix_docs(&(segment, field, b"a".to_vec())).is_some());
        assert!(kept_prefix_docs(&(segment, field, b"b".to_vec())).is_none());
    }

    #[test]
    fn moves_only_forward_and_scores_its_constant() {
        let (index, field) = index();
        let any = AnyOf {
            forms: vec![Inexact::prefix(field, "b")],
            score: 0.5,
        };
        let expected: Vec<DocId> = matches(&index, &any).iter().map(|a| a.doc_id).collect();
        let searcher = index.reader().unwrap().searcher();
        let weight = any
            .weight(EnableScoring::disabled_from_searcher(&searcher))
            .unwrap();
        let mut scorer = weight.scorer(searcher.segment_reader(0), 2.0).unwrap();
        assert_eq!(scorer.doc(), expected[0]);
        assert_eq!(scorer.score(), 1.0, "the constant, boosted");
        // Seeking past a match lands on the next; seeking back stays.
        assert_eq!(scorer.seek(expected[1] + 1), expected[2]);
        assert_eq!(scorer.seek(0), expected[2]);
        assert_eq!(scorer.advance(), expected[3]);
        let rest: Vec<DocId> = std::iter::from_fn(|| {
            let doc = scorer.advance();
            (doc != TERMINATED).then_some(doc)
        })
        .collect();
        assert_eq!(rest, expected[4..]);
        assert_eq!(scorer.advance(), TERMINATED, "and stays at the end");
    }
}
