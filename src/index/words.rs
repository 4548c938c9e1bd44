//! The word tokenizer behind every searchable text field, in one pass.
//!
//! It gives exactly the tokens of tantivy's chain `SimpleTokenizer` →
//! `RemoveLongFilter` → `LowerCaser` → `AsciiFoldingFilter` (same text,
//! offsets and positions, a removed long word still taking its position), but
//! reads each byte once and copies each word once. Abstracts are nine tenths
//! of what an import tokenizes, and the four stages cost twice this one.
//! Words with non-ASCII letters, a few in a hundred, go through tantivy's own
//! filters so folding stays exactly tantivy's.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Splits on anything not alphanumeric; drops words of `max_bytes` or more;
/// lowercases and folds to ASCII.
#[derive(Clone)]
pub struct WordTokenizer {
    max_bytes: usize,
    token: Token,
    /// Lowercases and folds one non-ASCII word.
    fold: TextAnalyzer,
}

impl WordTokenizer {
    /// Words of `max_bytes` bytes or more (as written) are left out, like
    /// `RemoveLongFilter::limit(max_bytes)`.
    pub fn new(max_bytes: usize) -> Self {
        WordTokenizer {
            max_bytes,
            token: Token::default(),
            fold: TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        }
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            at: 0,
            max_bytes: self.max_bytes,
            token: &mut self.token,
            fold: &mut self.fold,
        }
    }
}

pub struct WordStream<'a> {
    text: &'a str,
    /// Byte offset where the search for the next word starts.
    at: usize,
    max_bytes: usize,
    token: &'a mut Token,
    fold: &'a mut TextAnalyzer,
}

/// The character starting at byte `at` of `text` (a char boundary).
fn char_at(text: &str, at: usize) -> char {
    text[at..].chars().next().unwrap_or('\0')
}

impl WordStream<'_> {
    /// The next word as a byte range, and whether it is all ASCII.
    fn next_word(&mut self) -> Option<(usize, usize, bool)> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        let start = loop {
            let &b = bytes.get(i)?;
            if b.is_ascii() {
                if b.is_ascii_alphanumeric() {
                    break i;
                }
                i += 1;
            } else {
                let c = char_at(self.text, i);
                if c.is_alphanumeric() {
                    break i;
                }
                i += c.len_utf8();
            }
        };
        let mut ascii = true;
        let mut end = start;
        while let Some(&b) = bytes.get(end) {
            if b.is_ascii() {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                end += 1;
            } else {
                let c = char_at(self.text, end);
                if !c.is_alphanumeric() {
                    break;
                }
                ascii = false;
                end += c.len_utf8();
            }
        }
        self.at = end;
        Some((start, end, ascii))
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some((start, end, ascii)) = self.next_word() else {
                return false;
            };
            // Every word takes a position, even one removed for its length.
            self.token.position = self.token.position.wrapping_add(1);
            if end - start >= self.max_bytes {
                continue;
            }
            let word = &self.text[start..end];
            self.token.offset_from = start;
            self.token.offset_to = end;
            self.token.position_length = 1;
            self.token.text.clear();
            if ascii {
                self.token.text.push_str(word);
                self.token.text.make_ascii_lowercase();
            } else {
                let mut folded = self.fold.token_stream(word);
                if folded.advance() {
                    self.token.text.push_str(&folded.token().text);
                }
            }
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{RemoveLongFilter, SimpleTokenizer};

    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    #[test]
    fn gives_exactly_the_tokens_of_tantivys_chain() {
        let mut ours = TextAnalyzer::from(WordTokenizer::new(40));
        let mut theirs = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        let long = "x".repeat(39) + " " + &"y".repeat(40) + " après";
        let samples = [
            "Hopfield Networks is All You Need",
            "Schrödinger's CAFÉ, naïve façade — Ærøskøbing 3D-aware ViT-B/16!",
            "ΣΊΣΥΦΟΣ Straße İstanbul ǅemal ﬁne ① ²",
            "中文 字符 mixed日本語text 🤖 emoji👍ok",
            "e\u{301}cole combining\u{300}marks",
            "tabs\tnew\nlines\r\nand\u{a0}nbsp",
            &long,
            "",
            "   ...   ",
            crate::store::DEMO_LISTING,
        ];
        for text in samples {
            assert_eq!(tokens(&mut ours, text), tokens(&mut theirs, text), "{text}");
        }
    }

    #[test]
    fn a_stream_can_be_reused() {
        let mut analyzer = TextAnalyzer::from(WordTokenizer::new(40));
        assert_eq!(tokens(&mut analyzer, "A b").len(), 2);
        assert_eq!(
            tokens(&mut analyzer, "Networks"),
            vec![("networks".to_string(), 0, 8, 0)]
        );
    }
}
