//! Cutting text to a number of columns, ending in `…` when something was
//! cut, never splitting a character; marks are kept on what is left.

use std::ops::Range;

use super::marks::{Run, paint, push};
use super::width::{char_width, width};

/// Cuts `text` to at most `max` columns, ending in `…` when something was cut.
pub fn cut(text: &str, max: usize) -> String {
    let (kept, was_cut) = kept_bytes(text, max);
    if !was_cut {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    format!("{}…", &text[..kept])
}

/// [`cut`], with the byte ranges `marks` marked in what is left.
pub fn cut_marked(text: &str, marks: &[Range<usize>], max: usize) -> Vec<Run> {
    let (kept, was_cut) = kept_bytes(text, max);
    if !was_cut {
        return paint(text, marks);
    }
    if max == 0 {
        return Vec::new();
    }
    let mut runs = paint(&text[..kept], marks);
    push(&mut runs, "…", false);
    runs
}

/// How many bytes of `text` fit in `max` columns (with room for `…` when
/// not all of it does), and whether it had to be cut.
fn kept_bytes(text: &str, max: usize) -> (usize, bool) {
    if width(text) <= max {
        return (text.len(), false);
    }
    let mut used = 0;
    for (i, c) in text.char_indices() {
        let w = char_width(c);
        if used + w + 1 > max {
            return (i, true);
        }
        used += w;
    }
    (text.len(), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_by_display_width() {
        assert_eq!(cut("Hopfield", 20), "Hopfield");
        assert_eq!(cut("Hopfield Networks", 8), "Hopfiel…");
        assert_eq!(cut("日本語のタイトル", 7), "日本語…");
        assert!(width(&cut("日本語のタイトル", 7)) <= 7);
        assert_eq!(cut("Schrödinger", 6), "Schrö…");
        assert_eq!(cut("🧠🧠🧠", 4), "🧠…");
        assert_eq!(cut("abc", 0), "");
    }

    #[test]
    fn a_cut_keeps_the_marks_it_can() {
        let runs = cut_marked("Hopfield Networks", &[9..17, 0..8], 12);
        let shown: Vec<(&str, bool)> = runs.iter().map(|r| (r.text.as_str(), r.marked)).collect();
        assert_eq!(
            shown,
            vec![("Hopfield", true), (" ", false), ("Ne", true), ("…", false)]
        );
        assert!(cut_marked("abc", std::slice::from_ref(&(0..1)), 0).is_empty());
    }
}
