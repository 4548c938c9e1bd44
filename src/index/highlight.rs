//! Finds the words of a query inside a paper's title and abstract, so the
//! CLI and the TUI can show *why* a paper matched.
//!
//! It mirrors the query compiler: a word matches by stem (what BM25 ranked),
//! by prefix (the word being typed) or, for words the compiler expanded, within
//! one typo. Matching runs over the same analyzers as the index, so the marks
//! agree with the hits.

use std::collections::HashSet;
use std::ops::Range;

use serde::Serialize;
use tantivy::tokenizer::TextAnalyzer;

use crate::index::query::{Node, Scope};
use crate::index::schema;
use crate::index::stem_cache::StemCache;
use crate::index::stop_words::is_stop_word;

/// A fragment of text with the byte ranges to highlight inside it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
}

#[derive(Debug, Clone)]
struct Wanted {
    scope: Scope,
    stem: String,
    plain: String,
    prefix: bool,
    fuzzy: bool,
}

/// What to look for, built once per query and reused for every hit.
pub struct Highlighter {
    wanted: Vec<Wanted>,
    plain: TextAnalyzer,
    /// Stems of the words met so far in the hits (the same words recur).
    stems: StemCache,
}

/// Characters of context kept before the first match in a snippet.
const LEAD_CHARS: usize = 40;

impl Highlighter {
    /// `fuzzy_words` are the plain words the compiler expanded to typos.
    pub fn new(query: &Node, fuzzy_words: &HashSet<String>) -> Self {
        let mut stemmed = schema::stemmed_analyzer();
        let mut plain = schema::plain_analyzer();
        let mut wanted = Vec::new();
        for (scope, text, prefix) in query.positive_terms() {
            let stems = schema::analyze(&mut stemmed, text);
            let plains = schema::analyze(&mut plain, text);
            let last = plains.len().saturating_sub(1);
            for (i, (stem, plain)) in stems.into_iter().zip(plains).enumerate() {
                wanted.push(Wanted {
                    scope,
                    fuzzy: fuzzy_words.contains(&plain),
                    prefix: prefix && i == last,
                    stem,
                    plain,
                });
            }
        }
        Highlighter {
            wanted,
            plain,
            stems: StemCache::default(),
        }
    }

    /// Byte ranges of the query's words in a title.
    pub fn title(&mut self, title: &str) -> Vec<Range<usize>> {
        self.find(title, Scope::Title)
    }

    /// Byte ranges of the query's words in an author list.
    pub fn authors(&mut self, authors: &str) -> Vec<Range<usize>> {
        self.find(authors, Scope::Authors)
    }

    /// Byte ranges of the query's words anywhere in an abstract.
    pub fn abstract_text(&mut self, text: &str) -> Vec<Range<usize>> {
        self.find(text, Scope::Abstract)
    }

    /// A snippet from a paper's full text, given section by section as
    /// `(heading, text)`: the first section the query's words are in, its
    /// heading before the fragment (`§3.2 Awareness of backdoors: …`).
    /// `None` when no section has them.
    pub fn body_snippet(
        &mut self,
        sections: &[(String, String)],
        max_chars: usize,
    ) -> Option<Snippet> {
        sections.iter().find_map(|(heading, text)| {
            let marks = self.find(text, Scope::Body);
            if marks.is_empty() {
                return None;
            }
            let found = make_snippet(text, &marks, max_chars);
            let prefix = format!("{heading}: ");
            let shift = prefix.len();
            Some(Snippet {
                text: prefix + &found.text,
                highlights: found
                    .highlights
                    .into_iter()
                    .map(|r| r.start + shift..r.end + shift)
                    .collect(),
            })
        })
    }

    /// A fragment of at most about `max_chars` characters around the densest
    /// run of matches (the start of the abstract when nothing matches).
    pub fn snippet(&mut self, text: &str, max_chars: usize) -> Snippet {
        let marks = self.abstract_text(text);
        make_snippet(text, &marks, max_chars)
    }

    fn find(&mut self, text: &str, field: Scope) -> Vec<Range<usize>> {
        let wanted: Vec<&Wanted> = self
            .wanted
            .iter()
            .filter(|w| w.scope == Scope::Any || w.scope == field)
            // Abstracts are searched without stop words, so none is marked there.
            .filter(|w| !matches!(field, Scope::Abstract | Scope::Body) || !is_stop_word(&w.plain))
            .collect();
        if wanted.is_empty() || text.is_empty() {
            return Vec::new();
        }
        let mut marks = Vec::new();
        let stems = &mut self.stems;
        let mut stem = String::new();
        let mut plains = self.plain.token_stream(text);
        while plains.advance() {
            let token = plains.token();
            let plain = token.text.as_str();
            let hit = wanted.iter().any(|w| {
                (w.prefix && plain.starts_with(&w.plain))
                    || (w.fuzzy && within_one_edit(plain, &w.plain))
                    // Stemming only rewrites endings: a word that does not start
                    // like the stem cannot have it, and needs no stemming.
                    || (plain.as_bytes().starts_with(&w.stem.as_bytes()[..w.stem.len().min(2)])
                        && {
                            stem.clear();
                            stem.push_str(plain);
                            stems.stem_in_place(&mut stem);
                            stem == w.stem
                        })
            });
            if hit {
                marks.push(token.offset_from..token.offset_to);
            }
        }
        marks
    }
}

/// True when `a` and `b` differ by at most one insertion, deletion,
/// substitution or swap of neighbours (what the index's fuzzy query accepts).
pub fn within_one_edit(a: &str, b: &str) -> bool {
    if a.len().abs_diff(b.len()) > 4 {
        return false; // more than one character apart, whatever their width
    }
    if a.is_ascii() && b.is_ascii() {
        // The plain analyzer folds to ASCII, so this is the usual case: no allocation.
        return one_edit(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    one_edit(&a, &b)
}

fn one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if prefix == a.len() && prefix == b.len() {
        return true;
    }
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    if ra.len() == rb.len() {
        // substitution, or transposition of two neighbours
        ra[1..] == rb[1..]
            || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
    } else if ra.len() > rb.len() {
        ra[1..] == *rb
    } else {
        rb[1..] == *ra
    }
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Cuts a window of about `max_chars` characters around the best run of marks.
fn make_snippet(text: &str, marks: &[Range<usize>], max_chars: usize) -> Snippet {
    // Approximate characters by bytes for the window, then snap to boundaries.
    let budget = max_chars.max(20);
    let anchor = best_anchor(marks, budget);
    let mut start = 0;
    if let Some(anchor) = anchor {
        start = floor_boundary(text, anchor.saturating_sub(LEAD_CHARS));
        // Start at the beginning of a word when one begins before the anchor.
        if start > 0
            && let Some(space) = text[start..anchor].find(' ')
        {
            start += space + 1;
        }
    }
    let mut end = floor_boundary(text, start + budget);
    if end < text.len()
        && let Some(space) = text[start..end].rfind(' ')
        && space > budget / 2
    {
        end = start + space;
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let shift = out.len();
    out.push_str(text[start..end].trim_end());
    let body_end = start + (out.len() - shift);
    if end < text.len() {
        out.push('…');
    }
    let highlights = marks
        .iter()
        .filter(|m| m.start >= start && m.end <= body_end)
        .map(|m| (m.start - start + shift)..(m.end - start + shift))
        .collect();
    Snippet {
        text: out,
        highlights,
    }
}

/// The start of the mark that opens the window holding the most distinct marks.
fn best_anchor(marks: &[Range<usize>], budget: usize) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, first) in marks.iter().enumerate() {
        let window_end = first.start + budget.saturating_sub(LEAD_CHARS);
        let count = marks[i..]
            .iter()
            .take_while(|m| m.end <= window_end)
            .count();
        if best.is_none_or(|(_, c)| count > c) {
            best = Some((first.start, count));
        }
    }
    best.map(|(start, _)| start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::query::{ParseOptions, parse};

    fn highlighter(q: &str, fuzzy: &[&str]) -> Highlighter {
        let node = parse(q, ParseOptions { prefix_last: true }).unwrap();
        let fuzzy = fuzzy.iter().map(|s| s.to_string()).collect();
        Highlighter::new(&node, &fuzzy)
    }

    fn marked<'a>(text: &'a str, marks: &[Range<usize>]) -> Vec<&'a str> {
        marks.iter().map(|m| &text[m.clone()]).collect()
    }

    #[test]
    fn stems_prefixes_and_typos_are_marked() {
        let title = "Hopfield Networks is All You Need";
        let mut h = highlighter("network hopf", &[]);
        assert_eq!(marked(title, &h.title(title)), vec!["Hopfield", "Networks"]);
        let mut h = highlighter("transfomer ", &["transfomer"]);
        let t = "Vision Transformers and a transformer";
        assert_eq!(marked(t, &h.title(t)), vec!["transformer"]);
    }

    #[test]
    fn stop_words_are_marked_in_titles_only() {
        let mut h = highlighter("the brain ", &[]);
        let text = "The brain of the mouse";
        assert_eq!(marked(text, &h.title(text)), vec!["The", "brain", "the"]);
        assert_eq!(marked(text, &h.abstract_text(text)), vec!["brain"]);
    }

    #[test]
    fn scoped_words_only_mark_their_field() {
        let mut h = highlighter("title:brain ", &[]);
        assert_eq!(h.abstract_text("the brain").len(), 0);
        assert_eq!(h.title("the brain").len(), 1);
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit("transformer", "transfomer"));
        assert!(within_one_edit("hopfield", "hopfeild"));
        assert!(within_one_edit("brain", "brains"));
        assert!(within_one_edit("same", "same"));
        assert!(!within_one_edit("hopfield", "hpofeild"));
        assert!(!within_one_edit("cat", "dog"));
    }

    #[test]
    fn snippet_centres_on_matches_and_keeps_offsets_right() {
        let text = format!(
            "{} the hopfield layer stores patterns. {}",
            "filler ".repeat(60),
            "tail ".repeat(60)
        );
        let mut h = highlighter("hopfield patterns ", &[]);
        let s = h.snippet(&text, 120);
        assert!(
            s.text.starts_with('…') && s.text.ends_with('…'),
            "{}",
            s.text
        );
        assert_eq!(marked(&s.text, &s.highlights), vec!["hopfield", "patterns"]);
        assert!(s.text.chars().count() <= 125);
    }

    #[test]
    fn snippet_without_matches_is_the_opening() {
        let mut h = highlighter("zebra ", &[]);
        let s = h.snippet("Short abstract.", 100);
        assert_eq!(s.text, "Short abstract.");
        assert!(s.highlights.is_empty());
    }

    #[test]
    fn snippets_never_split_characters() {
        let text = "ü".repeat(300) + " brain " + &"é".repeat(300);
        let mut h = highlighter("brain ", &[]);
        let s = h.snippet(&text, 100);
        assert_eq!(marked(&s.text, &s.highlights), vec!["brain"]);
    }
}
