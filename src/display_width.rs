//! Measuring text in terminal columns and cutting it to fit, shared by the
//! command line and the reader: CJK and most emoji take two columns,
//! combining marks none, and a cut never splits a character.

use unicode_width::UnicodeWidthChar;

/// Display width of a string in terminal columns.
pub fn width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Cuts `text` to at most `max` columns, ending in `…` when something was cut.
pub fn cut(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
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
}
