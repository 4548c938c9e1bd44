//! Generated full texts: paper-sized documents of prose drawn from the
//! generator's vocabulary, for measuring what indexing and searching full
//! texts costs without downloading any.

use super::{Rng, vocabulary};
use crate::fulltext::document::{Block, DOCUMENT_FORMAT, Document, Inline, Section};

/// The shape of a generated document: sections, paragraphs in each, words
/// in each paragraph.
const SHAPE: (usize, usize, usize) = (8, 6, 120);
/// How many words a generated document has.
pub const DOCUMENT_WORDS: usize = SHAPE.0 * SHAPE.1 * SHAPE.2;

/// One word, drawn with the vocabulary's skewed (Zipf) frequencies.
pub fn word(rng: &mut Rng) -> String {
    let words = vocabulary();
    words[rng.zipf(words.len())].clone()
}

/// A paper-sized document of generated prose: 8 numbered sections of 6
/// paragraphs of 120 words, about 6,000 words as an arXiv paper has.
pub fn document(rng: &mut Rng) -> Document {
    let (section_count, paragraphs, words) = SHAPE;
    let sections = (0..section_count)
        .map(|s| Section {
            level: 1,
            number: Some((s + 1).to_string()),
            title: format!("{} {}", word(rng), word(rng)),
            blocks: (0..paragraphs)
                .map(|_| Block::Paragraph {
                    inlines: vec![Inline::Text {
                        text: (0..words).map(|_| word(rng)).collect::<Vec<_>>().join(" "),
                    }],
                })
                .collect(),
            ..Section::default()
        })
        .collect();
    Document {
        format: DOCUMENT_FORMAT,
        title: word(rng),
        sections,
        ..Document::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_has_about_six_thousand_words_and_is_the_same_for_a_seed() {
        let one = document(&mut Rng::new(3));
        assert_eq!(one.sections.len(), 8);
        let words: usize = one
            .sections
            .iter()
            .flat_map(|s| &s.blocks)
            .map(|b| match b {
                Block::Paragraph { inlines } => inlines
                    .iter()
                    .map(|i| match i {
                        Inline::Text { text } => text.split(' ').count(),
                        _ => 0,
                    })
                    .sum(),
                _ => 0,
            })
            .sum();
        assert_eq!(words, DOCUMENT_WORDS);
        assert_eq!(DOCUMENT_WORDS, 5_760);
        assert_eq!(one, document(&mut Rng::new(3)));
    }
}
