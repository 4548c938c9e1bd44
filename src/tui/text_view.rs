//! The text view's state: a paper's document, its layout for the current
//! width (laid out again only when the width changes), where the screen's
//! top is, and the search in the text with its matches. Everything here is
//! pure; [`super::text_keys`] maps keys onto it.

use std::ops::Range;
use std::sync::Arc;

use super::event::LoadedText;
use crate::fulltext::Document;
use crate::fulltext::layout::{Layout, layout};
use crate::fulltext::positions::ReadingPosition;

/// The widest the text column gets, for comfortable reading.
pub const MAX_COLUMN: u16 = 100;
/// Rows taken by the top bar and the footer.
const BARS: u16 = 2;

/// One match of the search: a line and the bytes of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub line: usize,
    pub range: Range<usize>,
}

/// The search in the text and where its matches are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextSearch {
    pub query: String,
    /// In reading order.
    pub hits: Vec<SearchHit>,
    /// The match jumped to last (an index into `hits`).
    pub current: Option<usize>,
}

impl TextSearch {
    /// The matches on line `line`, with whether each is the current one.
    pub fn hits_on(&self, line: usize) -> impl Iterator<Item = (&SearchHit, bool)> {
        let start = self.hits.partition_point(|h| h.line < line);
        self.hits[start..]
            .iter()
            .take_while(move |h| h.line == line)
            .enumerate()
            .map(move |(i, h)| (h, self.current == Some(start + i)))
    }
}

/// An open paper's text.
#[derive(Debug, Clone)]
pub struct TextView {
    /// The paper's id.
    pub id: String,
    pub document: Arc<Document>,
    /// The layout for the current column width.
    pub layout: Arc<Layout>,
    /// The first line on screen.
    pub top: usize,
    pub search: TextSearch,
    /// Whether the detail pane had focus when the view opened (Esc goes
    /// back there).
    pub from_detail: bool,
}

/// Columns of the text for a terminal `size` wide.
pub fn column_width(size: (u16, u16)) -> u16 {
    size.0.saturating_sub(2).clamp(1, MAX_COLUMN)
}

/// Rows of text for a terminal `size` high.
pub fn body_height(size: (u16, u16)) -> usize {
    usize::from(size.1.saturating_sub(BARS).max(1))
}

impl TextView {
    /// Shows `loaded` for `size`, at `position` when one was kept. Its
    /// layout is used as it is when it was made for this width (the worker
    /// lays the text out); only a terminal resized meanwhile lays it out
    /// again here.
    pub fn open(
        id: String,
        loaded: LoadedText,
        position: Option<ReadingPosition>,
        size: (u16, u16),
        from_detail: bool,
    ) -> TextView {
        let LoadedText {
            document,
            layout: ready,
        } = loaded;
        let width = column_width(size);
        let layout = if ready.width == width {
            ready
        } else {
            Arc::new(layout(&document, width))
        };
        let top = position.map_or(0, |p| p.line_in(&layout));
        let mut view = TextView {
            id,
            document,
            layout,
            top: 0,
            search: TextSearch::default(),
            from_detail,
        };
        view.top = top.min(view.last_line());
        view
    }

    /// Lays the text out again if the width changed, keeping the place.
    pub fn fit(&mut self, size: (u16, u16)) {
        let width = column_width(size);
        if self.layout.width == width {
            return;
        }
        let position = self.position();
        self.layout = Arc::new(layout(&self.document, width));
        self.top = position.line_in(&self.layout).min(self.last_line());
        let query = std::mem::take(&mut self.search.query);
        self.set_query(&query);
    }

    /// Where the top of the screen is, in a form that survives a width change.
    pub fn position(&self) -> ReadingPosition {
        ReadingPosition::of_line(&self.layout, self.top)
    }

    fn last_line(&self) -> usize {
        self.layout.lines.len().saturating_sub(1)
    }

    /// The top line that shows the end of the text at the bottom.
    pub fn max_top(&self, height: usize) -> usize {
        self.layout.lines.len().saturating_sub(height)
    }

    /// Scrolls by `delta` lines; never past the end (a jump may have left
    /// the top further down, and scrolling down does not pull it back).
    pub fn scroll(&mut self, delta: isize, height: usize) {
        let limit = self.max_top(height).max(self.top);
        self.top = self.top.saturating_add_signed(delta).min(limit);
    }

    /// Puts line `line` at the top (for jumps).
    pub fn jump_to(&mut self, line: usize) {
        self.top = line.min(self.last_line());
    }

    /// The toc entry of the section the top line is in.
    pub fn current_section(&self) -> Option<usize> {
        self.layout.section_at(self.top)
    }

    /// The start of the next section (`forward`) or the previous one; false
    /// when there is none that way.
    pub fn step_section(&mut self, forward: bool) -> bool {
        let toc = &self.layout.toc;
        let target = if forward {
            toc.iter().find(|e| e.line > self.top)
        } else {
            toc.iter().rev().find(|e| e.line < self.top)
        };
        match target.map(|e| e.line) {
            Some(line) => {
                self.jump_to(line);
                true
            }
            None if !forward && self.top > 0 => {
                self.top = 0;
                true
            }
            None => false,
        }
    }

    /// How far down the text the screen is, in percent.
    pub fn percent(&self, height: usize) -> usize {
        (self.top * 100)
            .checked_div(self.max_top(height))
            .map_or(100, |p| p.min(100))
    }

    /// Searches the text for `query` (case-insensitive); clears the matches
    /// when it is empty.
    pub fn set_query(&mut self, query: &str) {
        let needle = query.to_lowercase();
        let mut hits = Vec::new();
        if !needle.is_empty() {
            for (line, text) in self.layout.lines.iter().enumerate() {
                let text = text.text();
                for range in find_ignoring_case(&text, &needle) {
                    hits.push(SearchHit { line, range });
                }
            }
        }
        self.search = TextSearch {
            query: query.to_string(),
            hits,
            current: None,
        };
    }

    /// Jumps to the next match after the current one (`forward`) or the one
    /// before, wrapping around; with none current yet, the first at or after
    /// the top (or before it, backwards). Returns `(index, count)`.
    pub fn jump_match(&mut self, forward: bool, height: usize) -> Option<(usize, usize)> {
        let count = self.search.hits.len();
        if count == 0 {
            return None;
        }
        let next = match self.search.current {
            Some(i) if forward => (i + 1) % count,
            Some(i) => (i + count - 1) % count,
            None => {
                let at = self.search.hits.partition_point(|h| h.line < self.top);
                if forward {
                    at % count
                } else {
                    (at + count - 1) % count
                }
            }
        };
        self.search.current = Some(next);
        let line = self.search.hits[next].line;
        if line < self.top || line >= self.top + height {
            // A little context above the match.
            self.jump_to(line.saturating_sub(height / 3));
        }
        Some((next, count))
    }
}

/// Byte ranges of `text` where `needle` (already lowercase) occurs,
/// ignoring case.
pub fn find_ignoring_case(text: &str, needle: &str) -> Vec<Range<usize>> {
    if text.is_ascii() {
        let lower = text.to_ascii_lowercase();
        return lower
            .match_indices(needle)
            .map(|(at, m)| at..at + m.len())
            .collect();
    }
    // Lowercasing may change lengths: map each lowered byte back.
    let mut lower = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        for l in c.to_lowercase() {
            let before = lower.len();
            lower.push(l);
            origin.extend(std::iter::repeat_n(i, lower.len() - before));
        }
    }
    origin.push(text.len());
    lower
        .match_indices(needle)
        .map(|(at, m)| {
            let start = origin[at];
            let mut end = origin[at + m.len()];
            if end <= start {
                end = start + text[start..].chars().next().map_or(0, char::len_utf8);
            }
            start..end
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ignoring_case_across_lengths() {
        assert_eq!(
            find_ignoring_case("Hop hop HOP", "hop"),
            [0..3, 4..7, 8..11]
        );
        let text = "Straße İstanbul ÉTUDE";
        let hits = find_ignoring_case(text, "étude");
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].clone()], "ÉTUDE");
        assert_eq!(find_ignoring_case("İx", "x").len(), 1);
    }
}
