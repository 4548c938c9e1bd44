//! The reader's side of [`crate::text`]: cut and wrapped text with its
//! marked runs turned into ratatui spans in the theme's styles.

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

pub use crate::text::cut;
use crate::text::{self, Run};

/// Spans for `text` with `marks` (byte ranges) in `mark` style, cut to `max` columns.
pub fn marked_spans(
    text: &str,
    marks: &[Range<usize>],
    max: usize,
    base: Style,
    mark: Style,
) -> Vec<Span<'static>> {
    spans(text::cut_marked(text, marks, max), base, mark)
}

/// Word-wraps `text` to `width` columns, styling the byte ranges `marks`.
pub fn wrap_marked(
    text: &str,
    marks: &[Range<usize>],
    width: usize,
    base: Style,
    mark: Style,
) -> Vec<Line<'static>> {
    text::wrap_marked(text, marks, width)
        .into_iter()
        .map(|runs| Line::from(spans(runs, base, mark)))
        .collect()
}

fn spans(runs: Vec<Run>, base: Style, mark: Style) -> Vec<Span<'static>> {
    runs.into_iter()
        .map(|r| Span::styled(r.text, if r.marked { mark } else { base }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_runs_get_the_mark_style() {
        let bold = Style::new().bold();
        let lines = wrap_marked(
            "Modern Hopfield networks",
            std::slice::from_ref(&(7..15)),
            16,
            Style::new(),
            bold,
        );
        let marked: Vec<&str> = lines
            .iter()
            .flat_map(|l| &l.spans)
            .filter(|s| s.style == bold)
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(marked, vec!["Hopfield"]);
        let spans = marked_spans(
            "Hopfield Networks",
            std::slice::from_ref(&(9..17)),
            10,
            Style::new(),
            bold,
        );
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "Hopfield …");
    }
}
