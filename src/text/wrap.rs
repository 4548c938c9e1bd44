//! Word-wrapping to a display width in one pass: words are measured once,
//! a word wider than the line is split between characters (a combining
//! mark stays with its base character), and wrapped lines keep the marks
//! of the text they came from. Whitespace between words becomes one space.

use std::ops::Range;

use super::marks::{Painter, Run, plain_text, push};
use super::width::{char_width, width as text_width};

/// `text` wrapped to lines of at most `width` columns.
///
/// A character wider than the whole line (a CJK character when `width` is
/// 1) gets a line of its own; from two columns on, every line fits.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_marked(text, &[], width)
        .iter()
        .map(|runs| plain_text(runs))
        .collect()
}

/// [`wrap`], each line as runs with the byte ranges `marks` of `text`
/// marked. The space between two words is plain.
pub fn wrap_marked(text: &str, marks: &[Range<usize>], width: usize) -> Vec<Vec<Run>> {
    let mut painter = Painter::new(text, marks);
    lines_of(text, width)
        .into_iter()
        .map(|pieces| {
            let mut runs = Vec::new();
            for (n, piece) in pieces.into_iter().enumerate() {
                if n > 0 {
                    push(&mut runs, " ", false);
                }
                painter.paint(piece, &mut runs);
            }
            runs
        })
        .collect()
}

/// The byte ranges of the pieces (words or parts of a long word) on each
/// line, in order.
fn lines_of(text: &str, width: usize) -> Vec<Vec<Range<usize>>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line: Vec<Range<usize>> = Vec::new();
    let mut used = 0;
    for word in words(text) {
        let w = text_width(&text[word.clone()]);
        let needed = if line.is_empty() { w } else { used + 1 + w };
        if needed <= width {
            used = needed;
            line.push(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if w <= width {
            used = w;
            line.push(word);
            continue;
        }
        // Wider than a whole line: split between characters.
        let mut start = word.start;
        for (i, c) in text[word.clone()].char_indices() {
            let cw = char_width(c);
            if used + cw > width && used > 0 {
                let piece = start..word.start + i;
                lines.push(vec![piece]);
                start = word.start + i;
                used = 0;
            }
            used += cw;
        }
        line.push(start..word.end);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The byte ranges of the words of `text` (runs between whitespace).
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = None;
    text.char_indices()
        .map(Some)
        .chain(std::iter::once(None))
        .filter_map(move |item| match item {
            Some((i, c)) if c.is_whitespace() => start.take().map(|s| s..i),
            Some((i, _)) => {
                start.get_or_insert(i);
                None
            }
            None => start.take().map(|s| s..text.len()),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words() {
        assert_eq!(wrap("a bb ccc dddd", 6), vec!["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("  spaced \n out\t", 20), vec!["spaced out"]);
        assert!(wrap("   ", 5).is_empty());
    }

    #[test]
    fn splits_words_longer_than_the_line() {
        assert_eq!(wrap("aaaaaaaaaa", 4), vec!["aaaa", "aaaa", "aa"]);
        assert_eq!(wrap("xy aaaaaaaaaa", 4), vec!["xy", "aaaa", "aaaa", "aa"]);
    }

    #[test]
    fn counts_wide_and_combining_characters_by_columns() {
        assert_eq!(
            wrap("日本語のタイトル", 5),
            vec!["日本", "語の", "タイ", "トル"]
        );
        assert_eq!(
            wrap("e\u{301}e\u{301}e\u{301}", 2),
            vec!["e\u{301}e\u{301}", "e\u{301}"]
        );
        assert_eq!(wrap("日本", 1), vec!["日", "本"]);
    }

    #[test]
    fn wrapped_lines_keep_their_marks() {
        let text = "Modern Hopfield networks store patterns";
        let lines = wrap_marked(text, std::slice::from_ref(&(7..24)), 16);
        let texts: Vec<String> = lines.iter().map(|l| plain_text(l)).collect();
        assert_eq!(texts, vec!["Modern Hopfield", "networks store", "patterns"]);
        let marked: Vec<&str> = lines
            .iter()
            .flatten()
            .filter(|r| r.marked)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(marked, vec!["Hopfield", "networks"]);
    }

    /// A small generator (xorshift) so the property runs on many strings
    /// without a dependency, the same strings every run.
    struct Gen(u64);

    impl Gen {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn pick<T: Copy>(&mut self, from: &[T]) -> T {
            from[(self.next() % from.len() as u64) as usize]
        }
    }

    #[test]
    fn every_line_fits_and_the_words_come_back() {
        const PIECES: &[&str] = &[
            "a",
            "bc",
            "word",
            "Hopfield",
            "日本",
            "語",
            "e\u{301}",
            "🧠",
            " ",
            " ",
            "  ",
            "\n",
            "\t",
            "supercalifragilistic",
            "x",
        ];
        let mut g = Gen(0x9e37_79b9_7f4a_7c15);
        for _ in 0..2000 {
            let text: String = (0..g.next() % 40).map(|_| g.pick(PIECES)).collect();
            let width = 2 + (g.next() % 30) as usize;
            let marks: Vec<Range<usize>> = (0..g.next() % 4)
                .map(|_| {
                    let a = (g.next() % (text.len() as u64 + 1)) as usize;
                    let b = (g.next() % (text.len() as u64 + 1)) as usize;
                    a.min(b)..a.max(b)
                })
                .collect();
            let lines = wrap_marked(&text, &marks, width);
            let texts: Vec<String> = lines.iter().map(|l| plain_text(l)).collect();
            assert_eq!(texts, wrap(&text, width), "{text:?} at {width}");
            for line in &texts {
                assert!(text_width(line) <= width, "{line:?} wider than {width}");
                assert!(!line.is_empty());
            }
            let words_in: String = text.split_whitespace().collect();
            let words_out: String = texts.iter().flat_map(|l| l.split_whitespace()).collect();
            assert_eq!(words_in, words_out, "{text:?} at {width}");
            // Every marked character of the output was marked in the input.
            let marked_out: usize = lines
                .iter()
                .flatten()
                .filter(|r| r.marked)
                .map(|r| r.text.len())
                .sum();
            let marked_in: usize = super::super::marks::normalize(&text, &marks)
                .iter()
                .map(|m| {
                    text[m.clone()]
                        .split_whitespace()
                        .map(str::len)
                        .sum::<usize>()
                })
                .sum();
            assert_eq!(marked_out, marked_in, "{text:?} {marks:?} at {width}");
        }
    }
}
