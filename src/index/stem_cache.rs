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

/// Most words fit in 16 bytes: packed into a `u128` (zero-padded; tokens
/// never hold a NUL) they are hashed and compared in a few instructions,
/// with no pointer to follow.
fn pack(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    let mut packed = [0u8; 16];
    packed.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(u128::from_le_bytes(packed))
}

/// Hashes a packed word: a multiply mixes each half, a shift brings the well
/// mixed high bits down to where the table looks.
#[derive(Default, Clone, Copy)]
pub struct PackedHasher(u64);

impl Hasher for PackedHasher {
    fn write_u128(&mut self, value: u128) {
        let (low, high) = (value as u64, (value >> 64) as u64);
        let mixed = low.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ high.rotate_left(29).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
        self.0 = mixed ^ (mixed >> 32);
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut fallback = WordHasher(self.0);
        fallback.write(bytes);
        self.0 = fallback.finish();
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type PackedMap<V> = HashMap<u128, V, BuildHasherDefault<PackedHasher>>;

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
    /// Words of at most 16 bytes, packed, to the [`Edit`] that stems them.
    short: PackedMap<Edit>,
    /// Longer words.
    long: FastMap<String, Edit>,
}

/// How a word becomes its stem, in eight bytes: keep its first bytes, then
/// append a short ending. A stem is nearly always the word cut short
/// (`networks`, `network`) or with a letter or two changed (`happy`,
/// `happi`), so stemming a known word rarely copies anything.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Edit(u64);

/// Bytes an [`Edit`] can append.
const MAX_ENDING_BYTES: usize = 6;

impl Edit {
    /// The word is its own stem (most words of a paper are).
    const SAME: Edit = Edit(u64::MAX);

    /// The edit from `word` to `stem`, or `None` when the ending it would
    /// append is too long (the stem is then cached whole).
    fn between(word: &str, stem: &str) -> Option<Edit> {
        if word == stem {
            return Some(Edit::SAME);
        }
        let keep = word
            .char_indices()
            .zip(stem.chars())
            .find(|((_, a), b)| a != b)
            .map_or(word.len().min(stem.len()), |((i, _), _)| i);
        let ending = &stem.as_bytes()[keep..];
        if keep > usize::from(u8::MAX) || ending.len() > MAX_ENDING_BYTES {
            return None;
        }
        let mut packed = [0u8; 8];
        packed[0] = keep as u8;
        packed[1] = ending.len() as u8;
        packed[2..2 + ending.len()].copy_from_slice(ending);
        Some(Edit(u64::from_le_bytes(packed)))
    }

    fn apply(self, word: &mut String) {
        if self == Edit::SAME {
            return;
        }
        let packed = self.0.to_le_bytes();
        word.truncate(usize::from(packed[0]));
        let ending = &packed[2..2 + usize::from(packed[1])];
        // `between` cut the stem at a character boundary: the ending is whole characters.
        word.push_str(std::str::from_utf8(ending).expect("an ending is whole characters"));
    }
}

/// Words this short are their own stem (Porter2 leaves them alone), and
/// they are the most frequent words of all: no lookup for them.
const MAX_UNSTEMMED_BYTES: usize = 2;

impl Default for StemCache {
    fn default() -> Self {
        StemCache {
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            short: PackedMap::default(),
            long: FastMap::default(),
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
    /// Replaces a lowercased word by its stem, with one hash lookup when the
    /// word was seen before (the indexing hot path).
    pub fn stem_in_place(&mut self, word: &mut String) {
        if word.len() <= MAX_UNSTEMMED_BYTES {
            return;
        }
        let known = match pack(word) {
            Some(key) => self.short.get(&key),
            None => self.long.get(word.as_str()),
        };
        match known {
            Some(edit) => edit.apply(word),
            None => self.remember(word),
        }
    }

    /// Stems `word` in place and caches how (a stem whose ending does not
    /// fit an [`Edit`] is rare and not cached).
    fn remember(&mut self, word: &mut String) {
        if self.short.len() + self.long.len() >= MAX_CACHED_WORDS {
            self.short.clear();
            self.long.clear();
        }
        let stem = self.stemmer.stem(word).into_owned();
        if let Some(edit) = Edit::between(word, &stem) {
            match pack(word) {
                Some(key) => self.short.insert(key, edit),
                None => self.long.insert(word.clone(), edit),
            };
        }
        if *word != stem {
            *word = stem;
        }
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
    fn edits_rebuild_every_stem() {
        for (word, stem) in [
            ("networks", "network"),
            ("happy", "happi"),
            ("network", "network"),
            ("generalization", "general"),
            ("caf\u{e9}s", "caf\u{e9}"),
            ("\u{3b1}\u{3b2}", "\u{3b1}x"),
            ("ab", "abcdefgh"),
        ] {
            let mut rebuilt = word.to_string();
            match Edit::between(word, stem) {
                Some(edit) => edit.apply(&mut rebuilt),
                None => rebuilt = stem.to_string(),
            }
            assert_eq!(rebuilt, stem, "{word}");
        }
        assert_eq!(Edit::between("ab", "abcdefghi"), None, "ending too long");
        assert_eq!(Edit::between("same", "same"), Some(Edit::SAME));
    }

    #[test]
    fn the_cache_starts_over_when_full() {
        let mut cache = StemCache::default();
        for i in 0..MAX_CACHED_WORDS + 10 {
            cache.stem_in_place(&mut format!("word{i}s"));
        }
        assert!(cache.short.len() + cache.long.len() <= MAX_CACHED_WORDS);
        let long = "electroencephalographically";
        let mut word = long.to_string();
        cache.stem_in_place(&mut word);
        assert_eq!(word, "electroencephalograph");
        let mut word = "networks".to_string();
        cache.stem_in_place(&mut word);
        assert_eq!(word, "network");
    }
}
