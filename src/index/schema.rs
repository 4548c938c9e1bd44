//! The tantivy schema and text analyzers behind folio's search.
//!
//! Titles are indexed twice: stemmed (for ranking exact words, so `networks`
//! finds `network`) and plain (lowercased, ASCII-folded, not stemmed) for
//! typo-tolerant and prefix matching, because a typo or a prefix of the surface
//! word may be far from the stem (see `shared/docs/TANTIVY.md`). Abstracts hold
//! nine words in ten of a paper; a plain copy of them cost a fifth of every
//! import, so they are indexed stemmed only, without stop words, and the query
//! compiler bridges the gap between a typed word and the stems (see
//! `query::compile`).
//! Papers are not stored here: each document keeps where its paper's line is
//! in the journal (two fast fields), so the JSON is written once, to the
//! journal, and the index holds nothing that cannot be rebuilt from it.

use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{LowerCaser, RawTokenizer, TextAnalyzer};

use super::stem_cache::CachedEnglishStemmer;
use super::stop_words::StopWords;
use super::words::WordTokenizer;

/// Bumped whenever the schema or analyzers change; an index built by another
/// version is rebuilt from the journal instead of being misread.
pub const SCHEMA_VERSION: u32 = 10;

/// Analyzer names registered on every index folio opens.
pub const STEMMED: &str = "folio_stemmed";
/// Stemmed, without stop words: for abstracts.
pub const PROSE: &str = "folio_prose";
pub const PLAIN: &str = "folio_plain";
pub const KEYWORD: &str = "folio_keyword";

/// Longest token kept: longer "words" are base64 blobs or URLs, not language.
const MAX_TOKEN_BYTES: usize = 40;

/// Handles to every field, resolved once.
#[derive(Debug, Clone)]
pub struct Fields {
    pub id: Field,
    pub title: Field,
    pub title_plain: Field,
    pub authors: Field,
    pub abstract_text: Field,
    /// The fetched full text (section by section), stemmed like abstracts.
    pub body: Field,
    pub categories: Field,
    pub has: Field,
    pub date: Field,
    pub date_rank: Field,
    pub upvotes: Field,
    pub stars: Field,
    pub first_seen: Field,
    pub title_sort: Field,
    pub title_key: Field,
    pub record_at: Field,
    pub record_len: Field,
}

/// Values of the `has` field, for `has:code` and `has:project`.
pub const HAS_CODE: &str = "code";
pub const HAS_PROJECT: &str = "project";
/// `has:fulltext`: the paper's text was fetched.
pub const HAS_FULLTEXT: &str = "fulltext";
/// `has:pdf`: the paper's PDF is in the data dir.
pub const HAS_PDF: &str = "pdf";

/// Fast-field names used for sorting.
pub const DATE_FIELD: &str = "date";
/// Date, then position on that day's list: the "newest first" order.
pub const DATE_RANK_FIELD: &str = "date_rank";
pub const UPVOTES_FIELD: &str = "upvotes";
/// GitHub stars of the code repository (0 when unknown), then date and
/// list position to break ties: see `document::stars_rank`.
pub const STARS_FIELD: &str = "stars";
pub const TITLE_SORT_FIELD: &str = "title_sort";
/// Where the paper's line is in the journal: segment and offset packed, and length.
pub const RECORD_AT_FIELD: &str = "record_at";
pub const RECORD_LEN_FIELD: &str = "record_len";

pub fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = |analyzer: &str, record: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(record),
        )
    };
    let positions = IndexRecordOption::WithFreqsAndPositions;
    let fields = Fields {
        id: builder.add_text_field("id", STRING),
        title: builder.add_text_field("title", text(STEMMED, positions)),
        title_plain: builder.add_text_field("title_plain", text(PLAIN, IndexRecordOption::Basic)),
        authors: builder.add_text_field("authors", text(PLAIN, positions)),
        abstract_text: builder.add_text_field("abstract", text(PROSE, positions)),
        body: builder.add_text_field("body", text(PROSE, positions)),
        categories: builder.add_text_field("categories", text(KEYWORD, IndexRecordOption::Basic)),
        has: builder.add_text_field("has", STRING),
        date: builder.add_u64_field(DATE_FIELD, INDEXED | FAST),
        date_rank: builder.add_u64_field(DATE_RANK_FIELD, FAST),
        upvotes: builder.add_u64_field(UPVOTES_FIELD, FAST),
        stars: builder.add_u64_field(STARS_FIELD, FAST),
        // Unix milliseconds of the first import (0 when unknown), for `is:new`.
        first_seen: builder.add_u64_field("first_seen", INDEXED),
        // Sorting only: a term per title in the dictionary cost imports a tenth.
        title_sort: builder.add_text_field(TITLE_SORT_FIELD, FAST),
        // Finding a paper by its title (to merge sources) uses a hash instead.
        title_key: builder.add_u64_field("title_key", INDEXED),
        // The paper itself is read from the journal: copying its JSON into a
        // compressed doc store here cost a fifth of every import.
        record_at: builder.add_u64_field(RECORD_AT_FIELD, FAST),
        record_len: builder.add_u64_field(RECORD_LEN_FIELD, FAST),
    };
    (builder.build(), fields)
}

/// The analyzer for stemmed fields and for the words of a query that target them.
pub fn stemmed_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::new(MAX_TOKEN_BYTES))
        .filter(CachedEnglishStemmer)
        .build()
}

/// The analyzer for abstracts and for the words of a query that target them:
/// stemmed, and without the stop words (see `super::stop_words`).
pub fn prose_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::new(MAX_TOKEN_BYTES))
        .filter(StopWords)
        .filter(CachedEnglishStemmer)
        .build()
}

/// The analyzer for plain fields: the surface words, lowercased and folded.
pub fn plain_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(WordTokenizer::new(MAX_TOKEN_BYTES))
}

/// The analyzer for categories and keywords: one lowercased term per value.
pub fn keyword_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .build()
}

/// Registers folio's analyzers on an index (needed after every open).
pub fn register_analyzers(index: &Index) {
    let manager = index.tokenizers();
    manager.register(STEMMED, stemmed_analyzer());
    manager.register(PROSE, prose_analyzer());
    manager.register(PLAIN, plain_analyzer());
    manager.register(KEYWORD, keyword_analyzer());
}

/// Runs an analyzer over `text` and returns its terms with their positions.
pub fn analyze_with_positions(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        let token = stream.token();
        terms.push((token.position, token.text.clone()));
    }
    terms
}

/// Runs an analyzer over `text` and returns its terms.
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        terms.push(stream.token().text.clone());
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stemming_folds_plurals_and_accents() {
        assert_eq!(
            analyze(&mut stemmed_analyzer(), "Networks"),
            vec!["network"]
        );
        assert_eq!(
            analyze(&mut plain_analyzer(), "Schrödinger's"),
            vec!["schrodinger", "s"]
        );
    }

    #[test]
    fn prose_drops_stop_words_and_stems() {
        assert_eq!(
            analyze(&mut prose_analyzer(), "We decode the Networks of a brain"),
            vec!["decod", "network", "brain"]
        );
    }

    #[test]
    fn keywords_stay_whole() {
        assert_eq!(analyze(&mut keyword_analyzer(), "cs.CV"), vec!["cs.cv"]);
    }
}
