//! The short English words that glue abstracts together ("the", "of", "we").
//!
//! They are a third of an abstract's words and say nothing about its topic,
//! so abstracts are indexed without them: a third less work per import and a
//! smaller index. Their positions stay counted, so a phrase such as
//! `"decoding of neural"` still matches only those words in that order. The
//! query compiler treats them as optional for the same reason (see
//! `query::compile`), and titles keep them, so `"attention is all you need"`
//! still finds its title.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Lowercased, ASCII: what the word tokenizer gives. Sorted by packed value
/// at compile time, so the list here can stay in reading order.
const WORDS: [&str; 44] = [
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "for", "from", "has",
    "have", "if", "in", "into", "is", "it", "its", "no", "not", "of", "on", "or", "our", "such",
    "than", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "we",
    "were", "which", "will", "with",
];

/// The longest word of [`WORDS`], in bytes: longer tokens skip the lookup.
const MAX_BYTES: usize = 5;

/// A word of at most 8 bytes as one number (zero-padded; tokens hold no NUL).
const fn pack(word: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < word.len() {
        key = (key << 8) | word[i] as u64;
        i += 1;
    }
    key
}

const fn sorted_keys() -> [u64; WORDS.len()] {
    let mut keys = [0u64; WORDS.len()];
    let mut i = 0;
    while i < WORDS.len() {
        keys[i] = pack(WORDS[i].as_bytes());
        i += 1;
    }
    // Insertion sort: 44 numbers, once, at compile time.
    let mut i = 1;
    while i < keys.len() {
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let swap = keys[j - 1];
            keys[j - 1] = keys[j];
            keys[j] = swap;
            j -= 1;
        }
        i += 1;
    }
    keys
}

static KEYS: [u64; WORDS.len()] = sorted_keys();

/// Is this lowercased word a stop word?
pub fn is_stop_word(word: &str) -> bool {
    word.len() <= MAX_BYTES && KEYS.binary_search(&pack(word.as_bytes())).is_ok()
}

/// A [`TokenFilter`] that drops stop words and leaves every other token, and
/// every position, as it was.
#[derive(Clone, Copy, Default)]
pub struct StopWords;

impl TokenFilter for StopWords {
    type Tokenizer<T: Tokenizer> = StopWordTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StopWordTokenizer<T> {
        StopWordTokenizer(tokenizer)
    }
}

#[derive(Clone)]
pub struct StopWordTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for StopWordTokenizer<T> {
    type TokenStream<'a> = StopWordStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StopWordStream(self.0.token_stream(text))
    }
}

pub struct StopWordStream<S>(S);

impl<S: TokenStream> TokenStream for StopWordStream<S> {
    fn advance(&mut self) -> bool {
        while self.0.advance() {
            if !is_stop_word(&self.0.token().text) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::words::WordTokenizer;
    use tantivy::tokenizer::TextAnalyzer;

    #[test]
    fn every_listed_word_and_nothing_else_is_a_stop_word() {
        for word in WORDS {
            assert!(is_stop_word(word), "{word}");
            assert!(word.len() <= MAX_BYTES, "{word}");
        }
        let unique: std::collections::HashSet<_> = WORDS.iter().collect();
        assert_eq!(unique.len(), WORDS.len(), "no word listed twice");
        for word in [
            "",
            "th",
            "thee",
            "theory",
            "them",
            "i",
            "ab",
            "ann",
            "attention",
            "model",
            "ofa",
            "whichever",
            "wer",
            "x",
        ] {
            assert!(!is_stop_word(word), "{word}");
        }
    }

    #[test]
    fn dropped_words_keep_their_positions_counted() {
        let mut analyzer = TextAnalyzer::builder(WordTokenizer::new(40))
            .filter(StopWords)
            .build();
        let mut stream = analyzer.token_stream("The decoding of neural activity, and THE brain");
        let mut kept = Vec::new();
        while stream.advance() {
            let t = stream.token();
            kept.push((t.text.clone(), t.position));
        }
        assert_eq!(
            kept,
            vec![
                ("decoding".to_string(), 1),
                ("neural".to_string(), 3),
                ("activity".to_string(), 4),
                ("brain".to_string(), 7),
            ]
        );
    }
}
