//! Turns a parsed query into a tantivy query.
//!
//! Each word becomes a union over the fields in its scope: an exact match on the
//! stemmed field ranked by BM25 (title boosted over authors over abstract), plus
//! constant-score typo-tolerant and prefix clauses on the plain copy of the
//! text, scored low so exact matches always rank above fuzzy ones. Filters on
//! the user's library arrive as id sets, so bookmarking never touches the index.

use std::collections::{HashMap, HashSet};
use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::ast::{HasFlag, IsState, Node, Scope};
use crate::index::schema::{self, Fields, HAS_CODE, HAS_PROJECT};

/// Relative weight of a match in each field.
const TITLE_BOOST: f32 = 3.0;
const AUTHORS_BOOST: f32 = 2.0;
const ABSTRACT_BOOST: f32 = 1.0;
/// Constant score of a fuzzy or prefix match, as a fraction of the field boost;
/// small enough that a real BM25 match always wins.
const INEXACT_FACTOR: f32 = 0.25;
/// Words shorter than this must be typed exactly (a typo in `vit` is another word).
const MIN_FUZZY_CHARS: usize = 4;
/// A word found in no paper is probably a typo, so it is also matched within
/// one edit; a word the papers use is taken as typed (otherwise `godel` would
/// also find every paper about `model`). In a large corpus a typo shows up in
/// a few papers too, so the bar rises with the corpus: one paper in this many.
const TYPO_DOC_FREQ_RATIO: u64 = 20_000;
/// Prefixes shorter than this only expand over titles and authors: a one-letter
/// prefix over every abstract word would match nearly everything, slowly.
const MIN_ABSTRACT_PREFIX_CHARS: usize = 4;

/// Paper ids drawn from the user's library, for `is:` and `tag:` filters.
#[derive(Debug, Clone, Default)]
pub struct UserSets {
    pub bookmarked: Vec<String>,
    pub read: Vec<String>,
    /// Tag (lowercase) to the ids carrying it.
    pub tags: HashMap<String, Vec<String>>,
}

pub struct Compiler<'a> {
    fields: &'a Fields,
    user: &'a UserSets,
    searcher: Option<&'a Searcher>,
    /// The plain words that were expanded to their one-typo neighbours.
    pub fuzzy_words: HashSet<String>,
    stemmed: TextAnalyzer,
    plain: TextAnalyzer,
}

impl<'a> Compiler<'a> {
    /// With a searcher, typo expansion is limited to rare words (see
    /// [`TYPO_DOC_FREQ_RATIO`]); without one every long word is expanded.
    pub fn new(fields: &'a Fields, user: &'a UserSets, searcher: Option<&'a Searcher>) -> Self {
        Compiler {
            fields,
            user,
            searcher,
            fuzzy_words: HashSet::new(),
            stemmed: schema::stemmed_analyzer(),
            plain: schema::plain_analyzer(),
        }
    }

    /// Compiles a whole query; an empty query matches every paper.
    pub fn compile(&mut self, node: &Node) -> Box<dyn Query> {
        self.node(node).unwrap_or_else(|| Box::new(AllQuery))
    }

    /// `None` when the node carries nothing searchable (a lone `-` or `++`).
    fn node(&mut self, node: &Node) -> Option<Box<dyn Query>> {
        match node {
            Node::And(children) => self.and(children),
            Node::Or(children) => {
                let clauses: Vec<_> = children
                    .iter()
                    .filter_map(|c| self.node(c))
                    .map(|q| (Occur::Should, q))
                    .collect();
                (!clauses.is_empty())
                    .then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
            }
            Node::Not(inner) => self.node(inner).map(everything_but),
            Node::Word {
                scope,
                text,
                prefix,
            } => self.word(*scope, text, *prefix),
            Node::Phrase { scope, text } => self.phrase(*scope, text),
            Node::Category(cat) => Some(filter(self.category(cat))),
            Node::Years { from, to } => {
                let lower = from.map_or(1, |y| u64::from(y) * 10_000 + 101);
                let upper = to.map_or(u64::MAX, |y| u64::from(y) * 10_000 + 1231);
                Some(filter(self.date_keys(lower, upper)))
            }
            Node::Dates { from, to } => {
                let lower = from.map_or(1, crate::index::document::day_key);
                let upper = to.map_or(u64::MAX, crate::index::document::day_key);
                Some(filter(self.date_keys(lower, upper)))
            }
            Node::Has(flag) => {
                let value = match flag {
                    HasFlag::Code => HAS_CODE,
                    HasFlag::Project => HAS_PROJECT,
                };
                Some(filter(Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.has, value),
                    IndexRecordOption::Basic,
                ))))
            }
            Node::Is(IsState::Bookmarked) => Some(filter(self.id_set(&self.user.bookmarked))),
            Node::Is(IsState::Read) => Some(filter(self.id_set(&self.user.read))),
            Node::Is(IsState::Unread) => Some(filter(everything_but(self.id_set(&self.user.read)))),
            Node::Tag(tag) => {
                let ids = self
                    .user
                    .tags
                    .get(tag)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                Some(filter(self.id_set(ids)))
            }
        }
    }

    fn and(&mut self, children: &[Node]) -> Option<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut positive = false;
        for child in children {
            match child {
                Node::Not(inner) => {
                    if let Some(q) = self.node(inner) {
                        clauses.push((Occur::MustNot, q));
                    }
                }
                _ => {
                    if let Some(q) = self.node(child) {
                        clauses.push((Occur::Must, q));
                        positive = true;
                    }
                }
            }
        }
        if clauses.is_empty() {
            return None;
        }
        if !positive {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        if clauses.len() == 1 {
            return clauses.pop().map(|(_, q)| q);
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    fn word(&mut self, scope: Scope, text: &str, prefix: bool) -> Option<Box<dyn Query>> {
        let plain = schema::analyze(&mut self.plain, text);
        if plain.len() > 1 {
            // `AOT-GAN`, `3D-aware`: the parts must stand together.
            return self.phrase(scope, text);
        }
        let plain = plain.into_iter().next()?;
        let stem = schema::analyze(&mut self.stemmed, text)
            .into_iter()
            .next()
            .unwrap_or_else(|| plain.clone());
        // A word being typed that already starts real words is not a typo.
        let fuzzy = plain.chars().count() >= MIN_FUZZY_CHARS
            && self.is_rare(&stem, &plain)
            && !(prefix && self.starts_some_word(&plain));
        if fuzzy {
            self.fuzzy_words.insert(plain.clone());
        }
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut add = |exact: Term, plain_field: Field, boost: f32, allow_prefix: bool| {
            clauses.push((Occur::Should, boosted(term_query(exact), boost)));
            let plain_term = Term::from_field_text(plain_field, &plain);
            if fuzzy {
                let q = FuzzyTermQuery::new(plain_term.clone(), 1, true);
                clauses.push((Occur::Should, boosted(Box::new(q), boost * INEXACT_FACTOR)));
            }
            if prefix && allow_prefix {
                let q = FuzzyTermQuery::new_prefix(plain_term, 0, true);
                clauses.push((Occur::Should, boosted(Box::new(q), boost * INEXACT_FACTOR)));
            }
        };
        let long_prefix = plain.chars().count() >= MIN_ABSTRACT_PREFIX_CHARS;
        if matches!(scope, Scope::Any | Scope::Title) {
            add(
                Term::from_field_text(f.title, &stem),
                f.title_plain,
                TITLE_BOOST,
                true,
            );
        }
        if matches!(scope, Scope::Any | Scope::Authors) {
            add(
                Term::from_field_text(f.authors, &plain),
                f.authors,
                AUTHORS_BOOST,
                true,
            );
        }
        if matches!(scope, Scope::Any | Scope::Abstract) {
            let allow = long_prefix || scope == Scope::Abstract;
            add(
                Term::from_field_text(f.abstract_text, &stem),
                f.abstract_plain,
                ABSTRACT_BOOST,
                allow,
            );
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// True when the word, as typed, appears in few papers.
    fn is_rare(&self, stem: &str, plain: &str) -> bool {
        let Some(searcher) = self.searcher else {
            return true;
        };
        let f = self.fields;
        let terms = [
            Term::from_field_text(f.title, stem),
            Term::from_field_text(f.abstract_text, stem),
            Term::from_field_text(f.authors, plain),
        ];
        let threshold = (searcher.num_docs() / TYPO_DOC_FREQ_RATIO).max(1);
        let mut total = 0;
        for term in &terms {
            total += searcher.doc_freq(term).unwrap_or(0);
            if total >= threshold {
                return false;
            }
        }
        true
    }

    /// True when some indexed word (title, authors or abstract) starts with `prefix`.
    fn starts_some_word(&self, prefix: &str) -> bool {
        let Some(searcher) = self.searcher else {
            return false;
        };
        let f = self.fields;
        searcher.segment_readers().iter().any(|segment| {
            [f.title_plain, f.authors, f.abstract_plain]
                .into_iter()
                .any(|field| {
                    let Ok(inverted) = segment.inverted_index(field) else {
                        return false;
                    };
                    let Ok(mut stream) =
                        inverted.terms().range().ge(prefix.as_bytes()).into_stream()
                    else {
                        return false;
                    };
                    stream.advance() && stream.key().starts_with(prefix.as_bytes())
                })
        })
    }

    fn phrase(&mut self, scope: Scope, text: &str) -> Option<Box<dyn Query>> {
        let stems = schema::analyze(&mut self.stemmed, text);
        let plains = schema::analyze(&mut self.plain, text);
        if plains.is_empty() {
            return None;
        }
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut add = |field: Field, words: &[String], boost: f32| {
            let terms: Vec<Term> = words
                .iter()
                .map(|w| Term::from_field_text(field, w))
                .collect();
            let q: Box<dyn Query> = if terms.len() == 1 {
                term_query(terms.into_iter().next().expect("one term"))
            } else {
                Box::new(PhraseQuery::new(terms))
            };
            clauses.push((Occur::Should, boosted(q, boost)));
        };
        if matches!(scope, Scope::Any | Scope::Title) {
            add(f.title, &stems, TITLE_BOOST);
        }
        if matches!(scope, Scope::Any | Scope::Authors) {
            add(f.authors, &plains, AUTHORS_BOOST);
        }
        if matches!(scope, Scope::Any | Scope::Abstract) {
            add(f.abstract_text, &stems, ABSTRACT_BOOST);
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    fn category(&self, cat: &str) -> Box<dyn Query> {
        let exact = Term::from_field_text(self.fields.categories, cat);
        if cat.contains('.') {
            return Box::new(TermQuery::new(exact, IndexRecordOption::Basic));
        }
        // `cat:cs` is every `cs.*` category (and a keyword spelled `cs`).
        let archive = Term::from_field_text(self.fields.categories, &format!("{cat}."));
        Box::new(BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(TermQuery::new(exact, IndexRecordOption::Basic)),
            ),
            (
                Occur::Should,
                Box::new(FuzzyTermQuery::new_prefix(archive, 0, false)),
            ),
        ]))
    }

    /// Papers whose `yyyymmdd` date key is within the bounds (unknown dates never are).
    fn date_keys(&self, lower: u64, upper: u64) -> Box<dyn Query> {
        Box::new(RangeQuery::new(
            Bound::Included(Term::from_field_u64(self.fields.date, lower)),
            Bound::Included(Term::from_field_u64(self.fields.date, upper)),
        ))
    }

    fn id_set(&self, ids: &[String]) -> Box<dyn Query> {
        if ids.is_empty() {
            return Box::new(EmptyQuery);
        }
        Box::new(TermSetQuery::new(
            ids.iter()
                .map(|id| Term::from_field_text(self.fields.id, id)),
        ))
    }
}

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}

/// Filters select papers without changing how they rank.
fn filter(query: Box<dyn Query>) -> Box<dyn Query> {
    boosted(query, 0.0)
}

fn everything_but(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, boosted(Box::new(AllQuery), 0.0)),
        (Occur::MustNot, query),
    ]))
}
