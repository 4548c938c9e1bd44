//! What the "for you" model sees of a paper: a sparse vector of BM25-weighted
//! terms of its title, abstract and fetched full text, its author name words
//! and its categories. The terms are the index's own (same analyzers), and a
//! paper's length comes from the index's field norms, so the vector built
//! here from a paper's text equals the one scoring rebuilds from postings.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Searcher, Term};

use crate::index::Fields;
use crate::index::schema::{
    analyze, keyword_analyzer, plain_analyzer, prose_analyzer, stemmed_analyzer,
};
use crate::model::Paper;

/// BM25's term-frequency saturation and length normalisation (tantivy's values).
pub const K1: f32 = 1.2;
pub const B: f32 = 0.75;

/// Which part of a paper a term comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Title,
    Abstract,
    /// The fetched full text.
    Body,
    Authors,
    Category,
}

impl Part {
    pub const ALL: [Part; 5] = [
        Part::Title,
        Part::Abstract,
        Part::Body,
        Part::Authors,
        Part::Category,
    ];

    /// The index field holding this part.
    pub fn field(self, fields: &Fields) -> Field {
        match self {
            Part::Title => fields.title,
            Part::Abstract => fields.abstract_text,
            Part::Body => fields.body,
            Part::Authors => fields.authors,
            Part::Category => fields.categories,
        }
    }

    /// How much a term of this part counts against one of another: the
    /// full text has many more words than an abstract, so each counts less.
    pub fn weight(self) -> f32 {
        match self {
            Part::Title => 1.0,
            Part::Abstract => 1.0,
            Part::Body => 0.4,
            Part::Authors => 0.6,
            // A category says more about a paper's topic than any one word
            // (BENCHMARKS.md: 0.70 precision at 10 with weight 1, 0.90 with 2,
            // 0.97 with 3, where more drowns the words out).
            Part::Category => 2.0,
        }
    }

    /// True for parts made of prose words (what an explanation quotes).
    pub fn is_words(self) -> bool {
        matches!(self, Part::Title | Part::Abstract | Part::Body)
    }

    /// Categories are one term per value, counted once, without length.
    fn is_binary(self) -> bool {
        self == Part::Category
    }
}

/// A term of one part: one dimension of the model.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Feature {
    pub part: Part,
    pub term: String,
}

/// `(dimension, value)` pairs sorted by dimension.
pub type SparseVector = Vec<(u32, f32)>;

/// The analyzers of each part, as the index uses them.
pub struct Analyzers {
    stemmed: TextAnalyzer,
    prose: TextAnalyzer,
    plain: TextAnalyzer,
    keyword: TextAnalyzer,
}

impl Default for Analyzers {
    fn default() -> Self {
        Analyzers {
            stemmed: stemmed_analyzer(),
            prose: prose_analyzer(),
            plain: plain_analyzer(),
            keyword: keyword_analyzer(),
        }
    }
}

impl Analyzers {
    /// Each part's terms with how often they occur, as the index counted
    /// them; `body` is the fetched full text, if any.
    ///
    /// Sorted by part (in [`Part::ALL`] order) then term. Each part's terms
    /// are sorted and counted on their own, with no hash map: this runs for
    /// every paper a model trains on, and hashing was most of its cost.
    pub fn term_counts(&mut self, paper: &Paper, body: Option<&str>) -> Vec<(Part, String, u32)> {
        let mut counts = Vec::new();
        let mut add = |part: Part, mut terms: Vec<String>| {
            terms.sort_unstable();
            let mut terms = terms.into_iter().peekable();
            while let Some(term) = terms.next() {
                let mut n = 1;
                while terms.next_if_eq(&term).is_some() {
                    n += 1;
                }
                counts.push((part, term, n));
            }
        };
        add(Part::Title, analyze(&mut self.stemmed, &paper.title));
        add(
            Part::Abstract,
            analyze(&mut self.prose, &paper.abstract_text),
        );
        if let Some(body) = body {
            add(Part::Body, analyze(&mut self.prose, body));
        }
        let mut words = Vec::new();
        for author in &paper.authors {
            words.extend(analyze(&mut self.plain, author));
        }
        add(Part::Authors, words);
        let mut words = Vec::new();
        for category in paper.categories.iter().chain(&paper.keywords) {
            words.extend(analyze(&mut self.keyword, category));
        }
        add(Part::Category, words);
        counts
    }

    /// The surface words of `text` by the stem the prose analyzers give
    /// them (first spelling wins), to quote terms as a reader wrote them.
    pub fn surface_words(&mut self, text: &str) -> HashMap<String, String> {
        let mut words = HashMap::new();
        for word in analyze(&mut self.plain, text) {
            if let Some(stem) = analyze(&mut self.stemmed, &word).into_iter().next() {
                words.entry(stem).or_insert(word);
            }
        }
        words
    }
}

/// The index-wide numbers BM25 needs: how many papers, each part's average
/// length, and the length normalisation for each field-norm code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Weighting {
    pub papers: u64,
    /// Average field norm of each part, in [`Part::ALL`] order.
    pub average_length: [f32; 5],
}

impl Weighting {
    pub fn of(searcher: &Searcher, fields: &Fields) -> tantivy::Result<Weighting> {
        let papers = searcher.num_docs().max(1);
        let mut average_length = [1.0; 5];
        for (slot, part) in average_length.iter_mut().zip(Part::ALL) {
            let field = part.field(fields);
            let mut tokens = 0u64;
            for reader in searcher.segment_readers() {
                tokens += reader.inverted_index(field)?.total_num_tokens();
            }
            *slot = (tokens as f32 / papers as f32).max(1.0);
        }
        Ok(Weighting {
            papers,
            average_length,
        })
    }

    /// BM25's inverse document frequency for a term in `df` papers.
    pub fn idf(&self, df: u64) -> f32 {
        let n = self.papers as f32;
        let df = (df as f32).min(n);
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The length normalisation of each field-norm code for `part`:
    /// `tf / (tf + table[code])` is the saturated term frequency.
    pub fn length_table(&self, part: Part) -> [f32; 256] {
        let average = self.average_length[part_slot(part)];
        let mut table = [0.0; 256];
        for (code, slot) in table.iter_mut().enumerate() {
            let length = tantivy::fieldnorm::FieldNormReader::id_to_fieldnorm(code as u8) as f32;
            *slot = K1 * (1.0 - B + B * length / average);
        }
        table
    }
}

/// The value of a term in a paper, before the model's weight: the part's
/// weight times idf times the saturated term frequency.
pub fn term_value(part: Part, idf: f32, count: u32, length_norm: f32) -> f32 {
    let saturated = if part.is_binary() {
        1.0
    } else {
        let tf = count as f32;
        tf * (K1 + 1.0) / (tf + length_norm)
    };
    part.weight() * idf * saturated
}

/// The field-norm code of each part of the paper at `address`, in
/// [`Part::ALL`] order (what scoring sees as its length).
pub fn length_codes(
    searcher: &Searcher,
    fields: &Fields,
    address: DocAddress,
) -> tantivy::Result<[u8; 5]> {
    let reader = searcher.segment_reader(address.segment_ord);
    let mut codes = [0u8; 5];
    for (slot, part) in codes.iter_mut().zip(Part::ALL) {
        *slot = reader
            .get_fieldnorms_reader(part.field(fields))?
            .fieldnorm_id(address.doc_id);
    }
    Ok(codes)
}

/// How many papers hold `term` in `part` (across the searcher's segments).
pub fn doc_freq(searcher: &Searcher, fields: &Fields, feature: &Feature) -> tantivy::Result<u64> {
    let term = Term::from_field_text(feature.part.field(fields), &feature.term);
    searcher.doc_freq(&term)
}

/// Index of a part in [`Part::ALL`].
pub fn part_slot(part: Part) -> usize {
    match part {
        Part::Title => 0,
        Part::Abstract => 1,
        Part::Body => 2,
        Part::Authors => 3,
        Part::Category => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `term_counts` gave before it stopped hashing: every term of
    /// every part counted in a map, then sorted.
    fn counted_in_a_map(paper: &Paper, body: Option<&str>) -> Vec<(Part, String, u32)> {
        let mut analyzers = Analyzers::default();
        let mut counts: HashMap<(Part, String), u32> = HashMap::new();
        let mut add = |part: Part, terms: Vec<String>| {
            for term in terms {
                *counts.entry((part, term)).or_insert(0) += 1;
            }
        };
        add(Part::Title, analyze(&mut analyzers.stemmed, &paper.title));
        add(
            Part::Abstract,
            analyze(&mut analyzers.prose, &paper.abstract_text),
        );
        if let Some(body) = body {
            add(Part::Body, analyze(&mut analyzers.prose, body));
        }
        for author in &paper.authors {
            add(Part::Authors, analyze(&mut analyzers.plain, author));
        }
        for category in paper.categories.iter().chain(&paper.keywords) {
            add(Part::Category, analyze(&mut analyzers.keyword, category));
        }
        let mut counts: Vec<_> = counts
            .into_iter()
            .map(|((part, term), n)| (part, term, n))
            .collect();
        counts.sort();
        counts
    }

    #[test]
    fn term_counts_are_sorted_by_part_then_term_and_counted() {
        let mut analyzers = Analyzers::default();
        for i in 0..50 {
            let mut paper = crate::synthetic::paper(i);
            // Repeated words and authors sharing a name word.
            paper.title = format!("{0} networks of {0} networks", paper.title);
            paper.authors.push("Ada Lovelace".into());
            paper.authors.push("Ada Byron".into());
            let body = (i % 2 == 0).then(|| format!("{} {}", paper.abstract_text, paper.title));
            let got = analyzers.term_counts(&paper, body.as_deref());
            assert_eq!(got, counted_in_a_map(&paper, body.as_deref()), "paper {i}");
        }
    }
}
