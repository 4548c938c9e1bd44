//! Highlight painting: a text and the byte ranges a search matched in it,
//! split into plain and marked runs. The ranges come from the index and are
//! checked here (inside the text, on character boundaries, overlaps joined)
//! so no front end can slice a string in the middle of a character.

use std::ops::Range;

/// A piece of text, shown plain or marked (a matched word).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub marked: bool,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            marked: false,
        }
    }
}

/// `text` split into runs, the byte ranges `marks` marked.
pub fn paint(text: &str, marks: &[Range<usize>]) -> Vec<Run> {
    let mut out = Vec::new();
    Painter::new(text, marks).paint(0..text.len(), &mut out);
    out
}

/// The text of runs, joined.
pub fn plain_text(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

/// `marks` made safe to slice `text` with: clipped to the text, on
/// character boundaries, sorted, overlapping or touching ranges joined.
pub fn normalize(text: &str, marks: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut ok: Vec<Range<usize>> = marks
        .iter()
        .map(|m| m.start.min(text.len())..m.end.min(text.len()))
        .filter(|m| m.start < m.end)
        .filter(|m| text.is_char_boundary(m.start) && text.is_char_boundary(m.end))
        .collect();
    ok.sort_by_key(|m| m.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ok.len());
    for m in ok {
        match out.last_mut() {
            Some(last) if m.start <= last.end => last.end = last.end.max(m.end),
            _ => out.push(m),
        }
    }
    out
}

/// Paints successive byte ranges of one text, each starting at or after
/// the end of the one before, in time linear in the text and the marks.
pub struct Painter<'a> {
    text: &'a str,
    marks: Vec<Range<usize>>,
    next: usize,
}

impl<'a> Painter<'a> {
    pub fn new(text: &'a str, marks: &[Range<usize>]) -> Painter<'a> {
        Painter {
            text,
            marks: normalize(text, marks),
            next: 0,
        }
    }

    /// Appends the runs of `span` (a byte range on character boundaries)
    /// to `out`.
    pub fn paint(&mut self, span: Range<usize>, out: &mut Vec<Run>) {
        while self
            .marks
            .get(self.next)
            .is_some_and(|m| m.end <= span.start)
        {
            self.next += 1;
        }
        let mut at = span.start;
        while let Some(m) = self.marks.get(self.next) {
            if m.start >= span.end {
                break;
            }
            let from = m.start.max(at);
            let to = m.end.min(span.end);
            push(out, &self.text[at..from], false);
            push(out, &self.text[from..to], true);
            at = to;
            if m.end > span.end {
                break;
            }
            self.next += 1;
        }
        push(out, &self.text[at..span.end], false);
    }
}

/// Appends `text` to `out`, joining the last run when it is marked alike.
pub fn push(out: &mut Vec<Run>, text: &str, marked: bool) {
    if let Some(last) = out.last_mut().filter(|last| last.marked == marked) {
        last.text.push_str(text);
    } else if !text.is_empty() {
        out.push(Run {
            text: text.to_string(),
            marked,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(runs: &[Run]) -> String {
        runs.iter()
            .map(|r| {
                if r.marked {
                    format!("[{}]", r.text)
                } else {
                    r.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn marks_the_ranges() {
        let runs = paint("Modern Hopfield networks", std::slice::from_ref(&(7..15)));
        assert_eq!(shown(&runs), "Modern [Hopfield] networks");
        assert_eq!(plain_text(&runs), "Modern Hopfield networks");
    }

    #[test]
    fn bad_ranges_are_dropped_and_overlaps_joined() {
        // 1..2 is inside `é`; 40..50 is past the end; 0..3 and 2..5 overlap.
        let runs = paint("éabcdef", &[1..2, 40..50, 2..5, 0..3, 7..7]);
        assert_eq!(shown(&runs), "[éabc]def");
        assert_eq!(normalize("abc", std::slice::from_ref(&(2..9))), vec![2..3]);
    }

    #[test]
    fn painting_in_pieces_keeps_a_mark_across_them() {
        let text = "one two three";
        let mut painter = Painter::new(text, std::slice::from_ref(&(2..9)));
        let mut first = Vec::new();
        painter.paint(0..3, &mut first);
        let mut second = Vec::new();
        painter.paint(4..7, &mut second);
        let mut third = Vec::new();
        painter.paint(8..13, &mut third);
        assert_eq!(shown(&first), "on[e]");
        assert_eq!(shown(&second), "[two]");
        assert_eq!(shown(&third), "[t]hree");
    }
}
