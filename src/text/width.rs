//! Measuring text in terminal columns: CJK and most emoji take two columns,
//! combining marks and control characters none.

use unicode_width::UnicodeWidthChar;

/// Columns one character takes.
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Display width of a string in terminal columns.
pub fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_columns_not_characters() {
        assert_eq!(width("Hopfield"), 8);
        assert_eq!(width("日本語"), 6);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("🧠"), 2);
        assert_eq!(width("a\u{7}b"), 2);
        assert_eq!(width(""), 0);
    }
}
