//! Turns a parsed query into a tantivy query.
//!
//! Each word becomes a union over the fields in its scope: an exact match on the
//! stemmed field ranked by BM25 (title boosted over authors over abstract), plus
//! constant-score typo-tolerant and prefix clauses, scored low so exact matches
//! always rank above fuzzy ones. Titles have a plain copy for those clauses;
//! abstracts, by far the bulk of the text, are indexed once, stemmed, and the
//! inexact clauses run over their stems (see `Compiler::stem_inexact`).
//! Abstracts are indexed without stop words, so a stop word in a query only
//! ranks (a title with it first) unless the query has nothing else, and a
//! phrase keeps the gaps those words leave. Filters on
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

use super::any_of::{AnyOf, Inexact};
use super::ast::{HasFlag, IsState, Node, Scope};
use super::parser::QueryError;
use super::ranked_words::{Leaf, LeafBound, RankedWords};
use crate::index::schema::{self, Fields, HAS_CODE, HAS_FULLTEXT, HAS_PDF, HAS_PROJECT};
use crate::index::stop_words::is_stop_word;

/// Relative weight of a match in each field.
const TITLE_BOOST: f32 = 3.0;
const AUTHORS_BOOST: f32 = 2.0;
const ABSTRACT_BOOST: f32 = 1.0;
/// Full text counts, but below every title, author and abstract match.
const BODY_BOOST: f32 = 0.3;
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
/// How much of a misspelt word's end may hide a suffix the stemmer would have
/// removed (`learnign` is `learn` plus a garbled `ing`).
const MAX_HIDDEN_ENDING_CHARS: usize = 3;
/// A stem shorter than this never stands for a longer typed word.
const MIN_ROOT_CHARS: usize = 4;
/// Letters at the start of a word that its stem always keeps.
const SAME_START_CHARS: usize = 2;

/// What the user's library brings to a query: paper ids for `is:` and
/// `tag:` filters, and the parsed queries of `watch:` filters.
#[derive(Debug, Clone, Default)]
pub struct UserSets {
    pub bookmarked: Vec<String>,
    pub read: Vec<String>,
    /// Papers the user is not interested in: `is:dismissed`, and left out
    /// of `is:unread`.
    pub dismissed: Vec<String>,
    /// Tag (lowercase) to the ids carrying it.
    pub tags: HashMap<String, Vec<String>>,
    /// Watch name (lowercase) to its parsed query.
    pub watches: HashMap<String, Node>,
    /// Watches whose query, edited by hand, no longer parses: name to why.
    /// They match nothing, and naming one in a query says why.
    pub broken_watches: HashMap<String, String>,
    /// Unix milliseconds of the user's last look: `is:new` is what was first
    /// imported after it (0: never looked, every paper folio dated is new).
    pub new_since: u64,
}

/// Refuses a query that names a watch the user does not have, pointing at
/// it in `text` (the query as typed).
pub fn check_watches(node: &Node, text: &str, user: &UserSets) -> Result<(), QueryError> {
    let Some(unknown) = node
        .watch_names()
        .into_iter()
        .find(|name| !user.watches.contains_key(*name))
    else {
        return Ok(());
    };
    let lower = text.to_lowercase();
    let at = lower
        .find(&format!("watch:{unknown}"))
        .map_or(0, |byte| lower[..byte].chars().count());
    let message = match user.broken_watches.get(unknown) {
        Some(why) => format!(
            "the query of the watch `{unknown}` no longer parses ({why}); \
             replace it with `folio watch rm {unknown}` and `folio watch add {unknown} --query '…'`"
        ),
        None => {
            format!("there is no watch named `{unknown}`; see your watches with `folio watch list`")
        }
    };
    Err(QueryError {
        column: at + 1,
        message,
    })
}

pub struct Compiler<'a> {
    fields: &'a Fields,
    user: &'a UserSets,
    searcher: Option<&'a Searcher>,
    /// The plain words that were expanded to their one-typo neighbours.
    pub fuzzy_words: HashSet<String>,
    stemmed: TextAnalyzer,
    prose: TextAnalyzer,
    plain: TextAnalyzer,
    /// Set while a watch's query compiles: watches do not nest, so a
    /// `watch:` met there (a hand-edited library) matches nothing.
    in_watch: bool,
}

impl<'a> Compiler<'a> {
    /// With a searcher, typo expansion is limited to rare words (see
    /// `TYPO_DOC_FREQ_RATIO`); without one every long word is expanded.
    pub fn new(fields: &'a Fields, user: &'a UserSets, searcher: Option<&'a Searcher>) -> Self {
        Compiler {
            fields,
            user,
            searcher,
            fuzzy_words: HashSet::new(),
            stemmed: schema::stemmed_analyzer(),
            prose: schema::prose_analyzer(),
            plain: schema::plain_analyzer(),
            in_watch: false,
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
            } => self.word(*scope, text, *prefix).map(ranked_word),
            Node::Phrase { scope, text } => self.phrase(*scope, text).map(ranked_word),
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
                    HasFlag::FullText => HAS_FULLTEXT,
                    HasFlag::Pdf => HAS_PDF,
                };
                Some(filter(Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.has, value),
                    IndexRecordOption::Basic,
                ))))
            }
            Node::Is(IsState::Bookmarked) => Some(filter(self.id_set(&self.user.bookmarked))),
            Node::Is(IsState::Read) => Some(filter(self.id_set(&self.user.read))),
            Node::Is(IsState::Unread) => {
                let read_or_dismissed = [self.user.read.as_slice(), &self.user.dismissed].concat();
                Some(filter(everything_but(self.id_set(&read_or_dismissed))))
            }
            Node::Is(IsState::Dismissed) => Some(filter(self.id_set(&self.user.dismissed))),
            Node::Is(IsState::New) => Some(filter(Box::new(RangeQuery::new(
                Bound::Excluded(Term::from_field_u64(
                    self.fields.first_seen,
                    self.user.new_since,
                )),
                Bound::Unbounded,
            )))),
            Node::Tag(tag) => {
                let ids = self
                    .user
                    .tags
                    .get(tag)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                Some(filter(self.id_set(ids)))
            }
            Node::Watch(name) => {
                let watched = match self.user.watches.get(name) {
                    Some(query) if !self.in_watch => {
                        self.in_watch = true;
                        let compiled = self.node(query);
                        self.in_watch = false;
                        compiled.unwrap_or_else(|| Box::new(AllQuery))
                    }
                    _ => self.id_set(&[]),
                };
                Some(filter(watched))
            }
        }
    }

    fn and(&mut self, children: &[Node]) -> Option<Box<dyn Query>> {
        if let Some(ranked) = self.ranked_and(children) {
            return Some(ranked);
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut positive = false;
        let mut stop_words = Vec::new();
        for child in children {
            match child {
                Node::Not(inner) => {
                    if let Some(q) = self.node(inner) {
                        clauses.push((Occur::MustNot, q));
                    }
                }
                _ => {
                    if let Some(q) = self.node(child) {
                        if self.is_stop_word(child) {
                            stop_words.push(clauses.len());
                        }
                        clauses.push((Occur::Must, q));
                        positive = true;
                    }
                }
            }
        }
        if clauses.is_empty() {
            return None;
        }
        let required = clauses
            .iter()
            .enumerate()
            .filter(|(i, (occur, _))| *occur == Occur::Must && !stop_words.contains(i))
            .count();
        if required > 0 {
            // Abstracts do not index them: `attention is all you need` must
            // not ask for a title with `is`, `all` and `you`.
            for i in stop_words {
                clauses[i].0 = Occur::Should;
            }
        }
        if !positive {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        if clauses.len() == 1 {
            return clauses.pop().map(|(_, q)| q);
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// Words and phrases with filters and exclusions, as one [`RankedWords`]
    /// (whose first page need not score every match); `None` when a child
    /// is anything else (an `OR`) or no child is a word.
    fn ranked_and(&mut self, children: &[Node]) -> Option<Box<dyn Query>> {
        let plain_child = |child: &Node| match child {
            Node::Not(_)
            | Node::Word { .. }
            | Node::Phrase { .. }
            | Node::Category(_)
            | Node::Years { .. }
            | Node::Dates { .. }
            | Node::Has(_)
            | Node::Is(_)
            | Node::Tag(_)
            | Node::Watch(_) => true,
            Node::And(_) | Node::Or(_) => false,
        };
        // `a AND (b AND c)` is `a AND b AND c` (the reader puts the user's
        // query inside its own filters).
        let mut flat = Vec::new();
        flatten_and(children, &mut flat);
        if !flat.iter().all(|child| plain_child(child)) {
            return None;
        }
        let mut words = Vec::new();
        let mut stop_words = Vec::new();
        let mut ranked = RankedWords::default();
        for child in flat {
            match child {
                Node::Not(inner) => ranked.excluded.extend(self.node(inner)),
                Node::Word {
                    scope,
                    text,
                    prefix,
                } => {
                    let stop = self.is_stop_word(child);
                    if let Some(leaves) = self.word(*scope, text, *prefix) {
                        if stop {
                            stop_words.push(leaves);
                        } else {
                            words.push(leaves);
                        }
                    }
                }
                Node::Phrase { scope, text } => words.extend(self.phrase(*scope, text)),
                filter => ranked.filters.extend(self.node(filter)),
            }
        }
        // Abstracts do not index stop words: `attention is all you need`
        // must not ask for a title with `is`, `all` and `you`; a query of
        // only stop words asks for them all.
        if words.is_empty() {
            if !ranked.filters.is_empty() {
                // Beside a filter, stop words only rank (`the cat:cs.LG`
                // is every cs.LG paper): the general path says so.
                return None;
            }
            words = std::mem::take(&mut stop_words);
        }
        if words.is_empty() {
            return None;
        }
        ranked.required = words;
        ranked.optional = stop_words;
        Some(Box::new(ranked))
    }

    /// A lone stop word searched in every field (`title:the` asks for it).
    fn is_stop_word(&mut self, node: &Node) -> bool {
        let Node::Word { scope, text, .. } = node else {
            return false;
        };
        if *scope != Scope::Any {
            return false;
        }
        let plain = schema::analyze(&mut self.plain, text);
        plain.len() == 1 && is_stop_word(&plain[0])
    }

    /// A word's clauses over the fields of its scope (`None`: nothing to search).
    fn word(&mut self, scope: Scope, text: &str, prefix: bool) -> Option<Vec<Leaf>> {
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
        let long_prefix = plain.chars().count() >= MIN_ABSTRACT_PREFIX_CHARS;
        let mut clauses: Vec<Leaf> = Vec::new();
        let mut add = |exact: Term, inexact: Vec<Inexact>, boost: f32| {
            clauses.push(bm25_leaf(exact, boost));
            if !inexact.is_empty() {
                // However many ways the word matches inexactly, it counts
                // once: the most any of them scores, a constant.
                let score = boost * INEXACT_FACTOR;
                clauses.push(Leaf {
                    query: Box::new(AnyOf {
                        forms: inexact,
                        score,
                    }),
                    bound: LeafBound::Constant(score),
                });
            }
        };
        if matches!(scope, Scope::Any | Scope::Title) {
            let mut inexact = surface_inexact(f.title_plain, &plain, fuzzy, prefix);
            // Stemming changes a word's ending, never its first two
            // letters: so short a prefix finds the same titles over the
            // plain words, and over the stems would read them all again.
            let stem_prefix = prefix && plain.chars().count() > SAME_START_CHARS;
            inexact.extend(self.stem_inexact(f.title, &stem, &plain, fuzzy, stem_prefix));
            add(Term::from_field_text(f.title, &stem), inexact, TITLE_BOOST);
        }
        if matches!(scope, Scope::Any | Scope::Authors) {
            add(
                Term::from_field_text(f.authors, &plain),
                surface_inexact(f.authors, &plain, fuzzy, prefix),
                AUTHORS_BOOST,
            );
        }
        // Abstracts are indexed without stop words.
        if matches!(scope, Scope::Any | Scope::Abstract) && !is_stop_word(&plain) {
            let prefix = prefix && (long_prefix || scope == Scope::Abstract);
            add(
                Term::from_field_text(f.abstract_text, &stem),
                self.stem_inexact(f.abstract_text, &stem, &plain, fuzzy, prefix),
                ABSTRACT_BOOST,
            );
        }
        // Full texts: the exact stem for a plain word (typo and prefix
        // clauses over every word of every fetched paper would cost every
        // search), and the inexact ones too when `body:` asks for them.
        if matches!(scope, Scope::Any | Scope::Body) && !is_stop_word(&plain) {
            let inexact = if scope == Scope::Body {
                self.stem_inexact(f.body, &stem, &plain, fuzzy, prefix)
            } else {
                Vec::new()
            };
            add(Term::from_field_text(f.body, &stem), inexact, BODY_BOOST);
        }
        (!clauses.is_empty()).then_some(clauses)
    }

    /// Typo and prefix clauses over a stemmed field (the abstract has no
    /// plain copy; for titles this also catches other forms of the word,
    /// `transfomer` finding `Transformers`). A typo or a prefix
    /// is tried both as typed and stemmed (`transfomer` is one edit from
    /// `transformer` and its stem `transfom` one edit from `transform`), and
    /// the longest stem the word begins with stands for an ending the typo or
    /// the unfinished word hides (`learnign`, `learni`: `learn`).
    fn stem_inexact(
        &self,
        field: Field,
        stem: &str,
        plain: &str,
        fuzzy: bool,
        prefix: bool,
    ) -> Vec<Inexact> {
        let mut out = Vec::new();
        if !fuzzy && !prefix {
            return out;
        }
        let forms = if stem == plain {
            vec![plain]
        } else {
            vec![plain, stem]
        };
        for form in forms {
            out.extend(surface_inexact(field, form, fuzzy, prefix));
        }
        let chars = plain.chars().count();
        let shortest_root = if prefix {
            MIN_ROOT_CHARS
        } else {
            MIN_ROOT_CHARS.max(chars.saturating_sub(MAX_HIDDEN_ENDING_CHARS))
        };
        if let Some(root) = self.longest_indexed_root(field, plain, shortest_root) {
            // Distance 0: an exact match, but scored like the other inexact ones.
            out.push(Inexact::near(field, root, 0));
        }
        out
    }

    /// The longest proper prefix of `word`, at least `shortest` characters
    /// long, that is an indexed term of `field`.
    fn longest_indexed_root<'w>(
        &self,
        field: Field,
        word: &'w str,
        shortest: usize,
    ) -> Option<&'w str> {
        let searcher = self.searcher?;
        let ends: Vec<usize> = word.char_indices().map(|(i, _)| i).skip(shortest).collect();
        ends.into_iter().rev().map(|end| &word[..end]).find(|root| {
            searcher
                .doc_freq(&Term::from_field_text(field, root))
                .is_ok_and(|n| n > 0)
        })
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

    /// True when some indexed word (title, authors or abstract stem) starts with `prefix`.
    fn starts_some_word(&self, prefix: &str) -> bool {
        let Some(searcher) = self.searcher else {
            return false;
        };
        let f = self.fields;
        searcher.segment_readers().iter().any(|segment| {
            [f.title_plain, f.authors, f.abstract_text]
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

    /// A phrase's clauses over the fields of its scope (`None`: no words).
    fn phrase(&mut self, scope: Scope, text: &str) -> Option<Vec<Leaf>> {
        let stems = schema::analyze(&mut self.stemmed, text);
        let plains = schema::analyze(&mut self.plain, text);
        if plains.is_empty() {
            return None;
        }
        let f = self.fields;
        let mut clauses: Vec<Leaf> = Vec::new();
        let mut add = |field: Field, words: &[String], boost: f32| {
            let mut terms: Vec<Term> = words
                .iter()
                .map(|w| Term::from_field_text(field, w))
                .collect();
            clauses.push(match terms.len() {
                1 => bm25_leaf(terms.remove(0), boost),
                _ => phrase_leaf(Box::new(PhraseQuery::new(terms)), boost),
            });
        };
        if matches!(scope, Scope::Any | Scope::Title) {
            add(f.title, &stems, TITLE_BOOST);
        }
        if matches!(scope, Scope::Any | Scope::Authors) {
            add(f.authors, &plains, AUTHORS_BOOST);
        }
        // Abstracts and full texts: without their stop words, but with the
        // gaps they leave.
        let prose_fields = [
            (Scope::Abstract, f.abstract_text, ABSTRACT_BOOST),
            (Scope::Body, f.body, BODY_BOOST),
        ];
        for (field_scope, field, boost) in prose_fields {
            if !matches!(scope, Scope::Any) && scope != field_scope {
                continue;
            }
            let words = schema::analyze_with_positions(&mut self.prose, text);
            let first = words.first().map_or(0, |(position, _)| *position);
            let mut terms: Vec<(usize, Term)> = words
                .into_iter()
                .map(|(position, w)| (position - first, Term::from_field_text(field, &w)))
                .collect();
            let leaf = match terms.len() {
                0 => None,
                1 => terms.pop().map(|(_, term)| bm25_leaf(term, boost)),
                _ => Some(phrase_leaf(
                    Box::new(PhraseQuery::new_with_offset(terms)),
                    boost,
                )),
            };
            clauses.extend(leaf);
        }
        (!clauses.is_empty()).then_some(clauses)
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

/// Typo and prefix clauses for one form of a word over `field`.
fn surface_inexact(field: Field, plain: &str, fuzzy: bool, prefix: bool) -> Vec<Inexact> {
    let mut out = Vec::new();
    if fuzzy {
        out.push(Inexact::near(field, plain, 1));
    }
    if prefix {
        out.push(Inexact::prefix(field, plain));
    }
    out
}

/// The children of nested `And`s, in order, as one list.
fn flatten_and<'n>(children: &'n [Node], out: &mut Vec<&'n Node>) {
    for child in children {
        match child {
            Node::And(inner) => flatten_and(inner, out),
            other => out.push(other),
        }
    }
}

/// A word or phrase on its own: a [`RankedWords`] of one word.
fn ranked_word(leaves: Vec<Leaf>) -> Box<dyn Query> {
    Box::new(RankedWords::word(leaves))
}

/// An exact word in a field, ranked by BM25 times `boost`.
fn bm25_leaf(term: Term, boost: f32) -> Leaf {
    Leaf {
        query: boosted(term_query(term.clone()), boost),
        bound: LeafBound::Bm25 { term, boost },
    }
}

/// A phrase, ranked by BM25 times `boost` (its bound is not worked out).
fn phrase_leaf(phrase: Box<dyn Query>, boost: f32) -> Leaf {
    Leaf {
        query: boosted(phrase, boost),
        bound: LeafBound::Unknown,
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
