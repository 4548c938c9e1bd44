//! Measuring and fitting text into cells: display width (CJK and emoji take
//! two columns), cutting with `…` and word-wrapping with highlighted ranges,
//! never splitting a character.

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub use crate::display_width::cut;

/// Spans for `text` with `marks` (byte ranges) in `mark_style`, cut to `max` columns.
pub fn marked_spans(
    text: &str,
    marks: &[Range<usize>],
    max: usize,
    base: Style,
    mark: Style,
) -> Vec<Span<'static>> {
    let shown = cut(text, max);
    let visible = shown.strip_suffix('…').map_or(shown.len(), str::len);
    let mut spans = Vec::new();
    let mut at = 0;
    for m in marks {
        if m.start < at
            || m.end > visible
            || !text.is_char_boundary(m.start)
            || !text.is_char_boundary(m.end)
        {
            continue;
        }
        if m.start > at {
            spans.push(Span::styled(text[at..m.start].to_string(), base));
        }
        spans.push(Span::styled(text[m.clone()].to_string(), mark));
        at = m.end;
    }
    if at < shown.len() {
        spans.push(Span::styled(shown[at..].to_string(), base));
    }
    spans
}

/// Word-wraps `text` to `width` columns, styling the byte ranges `marks`.
pub fn wrap_marked(
    text: &str,
    marks: &[Range<usize>],
    width: usize,
    base: Style,
    mark: Style,
) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    // (start, end) byte ranges of the pieces of each line
    let mut current: Vec<Range<usize>> = Vec::new();
    let mut used = 0;
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                words.push(s..i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push(s..text.len());
    }
    for word in words {
        for piece in split_long(text, word, width) {
            let w = text[piece.clone()].width();
            let needed = if current.is_empty() { w } else { used + 1 + w };
            if needed > width && !current.is_empty() {
                lines.push(build_line(text, &current, marks, base, mark));
                current.clear();
                used = 0;
            }
            used = if current.is_empty() { w } else { used + 1 + w };
            current.push(piece);
        }
    }
    if !current.is_empty() {
        lines.push(build_line(text, &current, marks, base, mark));
    }
    lines
}

/// Splits a word wider than the line into line-sized pieces.
fn split_long(text: &str, word: Range<usize>, width: usize) -> Vec<Range<usize>> {
    if text[word.clone()].width() <= width {
        return vec![word];
    }
    let mut pieces = Vec::new();
    let mut start = word.start;
    let mut used = 0;
    for (i, c) in text[word.clone()].char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width && used > 0 {
            pieces.push(start..word.start + i);
            start = word.start + i;
            used = 0;
        }
        used += w;
    }
    pieces.push(start..word.end);
    pieces
}

fn build_line(
    text: &str,
    pieces: &[Range<usize>],
    marks: &[Range<usize>],
    base: Style,
    mark: Style,
) -> Line<'static> {
    let mut spans = Vec::new();
    for (n, piece) in pieces.iter().enumerate() {
        if n > 0 {
            spans.push(Span::styled(" ", base));
        }
        let mut at = piece.start;
        for m in marks {
            let s = m.start.max(piece.start);
            let e = m.end.min(piece.end);
            if s >= e || s < at || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            if s > at {
                spans.push(Span::styled(text[at..s].to_string(), base));
            }
            spans.push(Span::styled(text[s..e].to_string(), mark));
            at = e;
        }
        if at < piece.end {
            spans.push(Span::styled(text[at..piece.end].to_string(), base));
        }
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn wraps_and_keeps_marks() {
        let text = "Modern Hopfield networks store patterns";
        let lines = wrap_marked(
            text,
            std::slice::from_ref(&(7..15)),
            16,
            Style::new(),
            Style::new().bold(),
        );
        let texts: Vec<String> = lines.iter().map(plain).collect();
        assert_eq!(texts, vec!["Modern Hopfield", "networks store", "patterns"]);
        let marked: Vec<&str> = lines[0]
            .spans
            .iter()
            .filter(|s| s.style == Style::new().bold())
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(marked, vec!["Hopfield"]);
    }

    #[test]
    fn splits_words_longer_than_the_line() {
        let lines = wrap_marked("aaaaaaaaaa", &[], 4, Style::new(), Style::new());
        let texts: Vec<String> = lines.iter().map(plain).collect();
        assert_eq!(texts, vec!["aaaa", "aaaa", "aa"]);
    }

    #[test]
    fn marked_spans_respect_the_cut() {
        let spans = marked_spans(
            "Hopfield Networks",
            std::slice::from_ref(&(9..17)),
            10,
            Style::new(),
            Style::new().bold(),
        );
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "Hopfield …");
    }

    #[test]
    fn wrapping_with_marks_loses_no_text() {
        let text = "Neural fields, mapping low-dimensional input coordinates to corresponding signals, have shown promising results in representing various signals. In this work, we propose a novel way for exploiting both MLPs and grid representations in neural fields. Unlike the prevalent methods that combine them sequentially (extract features from the grids first and feed them to the MLP), we inject spectral bias-free grid representations into the intermediate features in the MLP.";
        let marks: Vec<_> = text
            .match_indices("eural")
            .map(|(i, _)| (i - 1)..(i + 5))
            .collect();
        let lines = wrap_marked(text, &marks, 40, Style::new(), Style::new().bold());
        let joined: Vec<String> = lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        assert_eq!(joined.join(" "), text);
    }
}
