//! "More like this": the papers whose titles and abstracts share the most
//! distinctive words with a given paper.

use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, OwnedValue};

use super::{Hit, IndexError, PaperIndex};
use crate::index::query::{Node, ParseOptions, parse};

/// Common English words that say nothing about a paper's topic.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "has", "have", "in",
    "is", "it", "its", "of", "on", "or", "our", "that", "the", "their", "this", "to", "we",
    "which", "with", "these", "such", "also", "than", "both", "into", "more", "not", "new", "show",
    "use", "using", "based", "propose", "proposed", "paper", "method", "results",
];

impl PaperIndex {
    /// Up to `limit` papers most like the paper `id`, best first, without the paper itself.
    /// `Ok(None)` when there is no paper with that id.
    pub fn similar(&self, id: &str, limit: usize) -> Result<Option<Vec<Hit>>, IndexError> {
        self.similar_in(&self.searcher(), id, limit)
    }

    /// [`PaperIndex::similar`] within a given searcher's view (so the hits'
    /// addresses belong to it).
    pub fn similar_in(
        &self,
        searcher: &tantivy::Searcher,
        id: &str,
        limit: usize,
    ) -> Result<Option<Vec<Hit>>, IndexError> {
        let searcher = searcher.clone();
        let Some(address) = self.address_of(&searcher, id)? else {
            return Ok(None);
        };
        let paper = self.paper_at(&searcher, address)?;
        let f = self.fields();
        let mlt = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_max_doc_frequency(searcher.num_docs().max(2) / 2 + 1)
            .with_min_term_frequency(1)
            .with_min_word_length(3)
            .with_max_query_terms(30)
            .with_stop_words(STOP_WORDS.iter().map(|s| s.to_string()).collect())
            .with_document_fields(vec![
                (f.title, vec![OwnedValue::Str(paper.title.clone())]),
                (
                    f.abstract_text,
                    vec![OwnedValue::Str(paper.abstract_text.clone())],
                ),
            ]);
        let query = BooleanQuery::new(vec![
            (Occur::Must, Box::new(mlt) as Box<dyn Query>),
            (
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.id, id),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        let ranked = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        // Highlight the words the two papers share in the title.
        let shared = parse(&paper.title, ParseOptions::default()).unwrap_or(Node::And(Vec::new()));
        let mut highlighter = crate::index::Highlighter::new(&shared, &Default::default());
        ranked
            .into_iter()
            .map(|(score, addr)| self.hit(&searcher, &mut highlighter, addr, score, 200))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}
