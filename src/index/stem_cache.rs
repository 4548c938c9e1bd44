//! English stemming with a memory of the words it has seen. Papers repeat the
//! same few thousand words, and the Snowball stemmer was the largest single
//! cost of indexing and highlighting; a per-analyzer cache makes a repeated
//! word a hash lookup. Stems are exactly those of tantivy's own `Stemmer`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// A fast hash for short words (the default SipHash showed up in profiles).
/// Keys are the corpus's own words, so flooding resistance is not needed.
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// Words remembered per analyzer before the cache starts over.
const MAX_CACHED_WORDS: usize = 100_000;

/// A [`TokenFilter`] that replaces each (lowercased) token by its English stem.
#[derive(Clone, Copy, Default)]
pub struct CachedEnglishStemmer;

impl TokenFilter for CachedEnglishStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemFilter<T> {
        CachedStemFilter {
            inner: tokenizer,
            stems: StemCache::default(),
        }
    }
}

/// Word → stem, for one analyzer (each indexing thread has its own clone).
pub struct StemCache {
    stemmer: frostem::Stemmer,
    /// `None` when the word is its own stem (most words of a paper are), so
    /// the common case neither compares nor copies.
    cache: FastMap<String, Option<Box<str>>>,
}

/// Words this short are their own stem (Porter2 leaves them alone), and
/// they are the most frequent words of all: no lookup for them.
const MAX_UNSTEMMED_BYTES: usize = 2;

impl Default for StemCache {
    fn default() -> Self {
        StemCache {
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            cache: FastMap::default(),
        }
    }
}

impl Clone for StemCache {
    /// A clone starts with an empty cache: copying a large map for every
    /// indexing thread would cost more than refilling it.
    fn clone(&self) -> Self {
        StemCache::default()
    }
}

impl StemCache {
    /// The stem of a lowercased word.
    pub fn stem<'a>(&'a mut self, word: &'a str) -> &'a str {
        if word.len() <= MAX_UNSTEMMED_BYTES {
            return word;
        }
        if !self.cache.contains_key(word) {
            self.remember(word);
        }
        self.cache[word].as_deref().unwrap_or(word)
    }

    /// Replaces a lowercased word by its stem, with one hash lookup when the
    /// word was seen before (the indexing hot path).
    pub fn stem_in_place(&mut self, word: &mut String) {
        if word.len() <= MAX_UNSTEMMED_BYTES {
            return;
        }
        match self.cache.get(word.as_str()) {
            Some(None) => {}
            Some(Some(stem)) => {
                word.clear();
                word.push_str(stem);
            }
            None => {
                if let Some(stem) = self.remember(word) {
                    word.clear();
                    word.push_str(&stem);
                }
            }
        }
    }

    /// Stems `word` and caches the result; returns the stem when it differs.
    fn remember(&mut self, word: &str) -> Option<Box<str>> {
        if self.cache.len() >= MAX_CACHED_WORDS {
            self.cache.clear();
        }
        let stem = self.stemmer.stem(word);
        let changed = (stem != word).then(|| Box::<str>::from(stem.as_ref()));
        self.cache.insert(word.to_string(), changed.clone());
        changed
    }
}

#[derive(Clone)]
pub struct CachedStemFilter<T> {
    inner: T,
    stems: StemCache,
}

impl<T: Tokenizer> Tokenizer for CachedStemFilter<T> {
    type TokenStream<'a> = CachedStemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemStream {
            tail: self.inner.token_stream(text),
            stems: &mut self.stems,
        }
    }
}

pub struct CachedStemStream<'a, T> {
    tail: T,
    stems: &'a mut StemCache,
}

impl<T: TokenStream> TokenStream for CachedStemStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.stems.stem_in_place(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    use super::*;

    fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn stems_exactly_like_tantivys_stemmer() {
        let text = "Networks studies happily generalization transformers running ran easily \
                    classification connectivity the networks studies again is as us yes \
                    skies dying news ski";
        let mut ours = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedEnglishStemmer)
            .build();
        let mut theirs = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::default())
            .build();
        assert_eq!(terms(&mut ours, text), terms(&mut theirs, text));
        assert_eq!(terms(&mut ours, "networks"), vec!["network"]);
        // Every word of the demo corpus, twice (the second pass hits the cache).
        let demo = crate::store::DEMO_LISTING.repeat(2);
        assert_eq!(terms(&mut ours, &demo), terms(&mut theirs, &demo));
    }

    #[test]
    fn the_cache_starts_over_when_full() {
        let mut cache = StemCache::default();
        for i in 0..MAX_CACHED_WORDS + 10 {
            cache.stem(&format!("word{i}s"));
        }
        assert!(cache.cache.len() <= MAX_CACHED_WORDS);
        assert_eq!(cache.stem("networks"), "network");
    }
}
