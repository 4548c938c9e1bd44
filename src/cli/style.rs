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
        if self.color && !text.is_empty() && !code.is_empty() {
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

    /// Runs of text, the marked ones (matched words) bold yellow and the
    /// others in `base` (an SGR code; empty for none).
    pub fn runs(&self, runs: &[Run], base: &str) -> String {
        runs.iter()
            .map(|r| self.run(&r.text, r.marked, base))
            .collect()
    }

    /// `text` in `base`, or bold yellow when it is a matched word.
    pub fn run(&self, text: &str, marked: bool, base: &str) -> String {
        self.paint(if marked { MARK } else { base }, text)
    }

    /// `text` with the byte ranges `marks` emphasised, cut to `max_width` columns.
    pub fn highlighted(
        &self,
        text: &str,
        marks: &[Range<usize>],
        max_width: usize,
        base: &str,
    ) -> String {
        self.runs(&crate::text::cut_marked(text, marks, max_width), base)
    }
}

/// The style of a matched word.
const MARK: &str = "1;33";

pub use crate::text::{Run, cut as cut_to_width, width, wrap};

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
}
