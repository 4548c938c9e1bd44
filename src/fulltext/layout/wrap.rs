//! Filling lines with styled words, measured in terminal columns: CJK takes
//! two columns, combining marks none and stay with their base character, and
//! a word longer than the line is broken between characters. Control
//! characters never get through.

use super::{Styled, TextLine, TextStyle};
pub use crate::text::{char_width, width as text_width};

/// `text` with control characters made harmless: tabs become four spaces,
/// line breaks a space, anything else is dropped.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str("    "),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `text` in `style` to `spans`, joining the last span when it has
/// the same style.
pub fn push_styled(spans: &mut Vec<Styled>, text: &str, style: TextStyle) {
    if text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.style == style => last.text.push_str(text),
        _ => spans.push(Styled {
            text: text.to_string(),
            style,
        }),
    }
}

/// Pieces of text with no space between them (`[12],` is one word in two
/// styles), and their width.
#[derive(Debug, Clone, Default)]
pub struct Word {
    pieces: Vec<Styled>,
    width: usize,
}

impl Word {
    /// Adds `text` (no whitespace or control characters in it).
    fn push_str(&mut self, text: &str, style: TextStyle) {
        push_styled(&mut self.pieces, text, style);
        self.width += text_width(text);
    }

    fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }
}

/// Splits styled runs into words at whitespace, a slice at a time.
pub fn words(runs: &[Styled]) -> Vec<Word> {
    let mut out = Vec::new();
    let mut word = Word::default();
    for run in runs {
        let text = run.text.as_str();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if c.is_whitespace() || c.is_control() {
                if start < i {
                    word.push_str(&text[start..i], run.style);
                }
                start = i + c.len_utf8();
                if c.is_whitespace() && !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
        }
        if start < text.len() {
            word.push_str(&text[start..], run.style);
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The margin to use on a line `width` wide: none when it would leave no
/// room for text.
fn fitting(margin: &[Styled], width: usize) -> (&[Styled], usize) {
    let w: usize = margin.iter().map(|s| text_width(&s.text)).sum();
    if w >= width { (&[], 0) } else { (margin, w) }
}

/// A line being filled.
struct Line {
    spans: Vec<Styled>,
    used: usize,
    has_word: bool,
}

impl Line {
    fn start(margin: &[Styled], width: usize) -> Line {
        let (margin, used) = fitting(margin, width);
        Line {
            spans: margin.to_vec(),
            used,
            has_word: false,
        }
    }
}

/// `words` filled greedily into lines at most `width` columns wide, the
/// first line behind `first` and the others behind `rest`.
pub fn fill(words: &[Word], first: &[Styled], rest: &[Styled], width: usize) -> Vec<TextLine> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = Line::start(first, width);
    for word in words {
        let space = usize::from(line.has_word);
        if line.used + space + word.width <= width {
            if line.has_word {
                push_styled(&mut line.spans, " ", TextStyle::Plain);
            }
            for piece in &word.pieces {
                push_styled(&mut line.spans, &piece.text, piece.style);
            }
            line.used += space + word.width;
            line.has_word = true;
            continue;
        }
        if line.has_word {
            lines.push(TextLine { spans: line.spans });
            line = Line::start(rest, width);
        }
        if line.used + word.width <= width {
            for piece in &word.pieces {
                push_styled(&mut line.spans, &piece.text, piece.style);
            }
            line.used += word.width;
            line.has_word = true;
            continue;
        }
        // Longer than a whole line: broken between characters.
        for piece in &word.pieces {
            for c in piece.text.chars() {
                let mut c = c;
                let room = width - fitting(rest, width).1;
                if char_width(c) > room {
                    c = '…';
                }
                if line.used + char_width(c) > width {
                    lines.push(TextLine { spans: line.spans });
                    line = Line::start(rest, width);
                }
                let mut buf = [0; 4];
                push_styled(&mut line.spans, c.encode_utf8(&mut buf), piece.style);
                line.used += char_width(c);
                line.has_word = true;
            }
        }
    }
    if line.has_word || lines.is_empty() {
        lines.push(TextLine { spans: line.spans });
    }
    lines
}

/// `text` cut to `max` columns, ending in `…` when something was cut.
pub fn clip(text: &str, max: usize) -> String {
    crate::text::cut(&clean(text), max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Vec<Styled> {
        vec![Styled {
            text: text.into(),
            style: TextStyle::Plain,
        }]
    }

    fn texts(lines: &[TextLine]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn fills_greedily_with_hanging_margins() {
        let lines = fill(
            &words(&plain("one two three four five")),
            &plain("• "),
            &plain("  "),
            11,
        );
        assert_eq!(texts(&lines), ["• one two", "  three", "  four five"]);
    }

    #[test]
    fn breaks_words_longer_than_the_line() {
        let lines = fill(&words(&plain("abcdefghij")), &[], &[], 4);
        assert_eq!(texts(&lines), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn wide_and_combining_characters_count_by_columns() {
        let lines = fill(
            &words(&plain("日本語のタイトル e\u{301}e\u{301}")),
            &[],
            &[],
            5,
        );
        for line in texts(&lines) {
            assert!(text_width(&line) <= 5, "{line}");
        }
        assert_eq!(texts(&lines)[0], "日本");
        assert_eq!(texts(&lines).last().unwrap(), "e\u{301}e\u{301}");
    }

    #[test]
    fn control_characters_are_dropped() {
        let lines = fill(&words(&plain("a\u{1b}[31mb\tc")), &[], &[], 20);
        assert_eq!(texts(&lines), ["a[31mb c"]);
        assert_eq!(clean("x\ty\u{7}"), "x    y");
    }
}
