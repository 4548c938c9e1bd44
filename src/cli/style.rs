//! Human-readable output: colour only on a terminal (and never with
//! `NO_COLOR`), text measured by display width and cut with `…` so rows stay
//! aligned whatever the script (CJK, emoji, accents).

use std::io::IsTerminal;
use std::ops::Range;

/// Width used when stdout is not a terminal and `COLUMNS` is not set.
const DEFAULT_WIDTH: usize = 100;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Style {
    pub fn detect() -> Style {
        let tty = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let width = tty
            .then(|| {
                crossterm::terminal::size()
                    .ok()
                    .map(|(w, _)| usize::from(w))
            })
            .flatten()
            .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()))
            .unwrap_or(DEFAULT_WIDTH)
            .max(20);
        Style {
            color: tty && !no_color,
            width,
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    pub fn accent(&self, text: &str) -> String {
        self.paint("36", text)
    }

    pub fn error(&self, text: &str) -> String {
        self.paint("31", text)
    }

    /// `text` with the byte ranges `marks` emphasised, cut to `max_width` columns.
    pub fn highlighted(
        &self,
        text: &str,
        marks: &[Range<usize>],
        max_width: usize,
        base: &str,
    ) -> String {
        let cut = cut_to_width(text, max_width);
        let visible = cut.strip_suffix('…').map_or(cut.len(), str::len);
        let mut out = String::new();
        let mut at = 0;
        for m in marks {
            if m.end > visible || m.start < at {
                continue;
            }
            out.push_str(&self.paint(base, &text[at..m.start]));
            out.push_str(&self.paint("1;33", &text[m.clone()]));
            at = m.end;
        }
        out.push_str(&self.paint(base, &cut[at..]));
        out
    }
}

pub use crate::display_width::{cut as cut_to_width, width};

/// Pads `text` with spaces to `cols` display columns.
pub fn pad(text: &str, cols: usize) -> String {
    let w = width(text);
    format!("{text}{}", " ".repeat(cols.saturating_sub(w)))
}

/// Word-wraps `text` to `cols` columns.
pub fn wrap(text: &str, cols: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = if line.is_empty() {
            width(word)
        } else {
            width(&line) + 1 + width(word)
        };
        if needed > cols && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_without_colour_are_plain_text() {
        let s = Style {
            color: false,
            width: 80,
        };
        assert_eq!(
            s.highlighted("Hopfield Networks", std::slice::from_ref(&(0..8)), 80, "1"),
            "Hopfield Networks"
        );
    }

    #[test]
    fn highlights_with_colour_wrap_the_marks() {
        let s = Style {
            color: true,
            width: 80,
        };
        let out = s.highlighted("Hopfield Networks", std::slice::from_ref(&(0..8)), 80, "1");
        assert!(out.contains("\x1b[1;33mHopfield\x1b[0m"), "{out:?}");
    }

    #[test]
    fn wraps_words() {
        assert_eq!(wrap("a bb ccc dddd", 6), vec!["a bb", "ccc", "dddd"]);
    }
}
