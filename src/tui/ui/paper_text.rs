//! The text view, full screen: a top bar (title, current section, how far
//! down), the laid-out text in a centred column with the search's matches
//! marked, and the footer (hints from the keymap, the status, or the search
//! being typed).

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::text::cut;
use super::{bars, theme};
use crate::fulltext::layout::TextLine;
use crate::tui::state::{App, Mode};
use crate::tui::text_view::{TextView, body_height};

const SEARCH_PROMPT: &str = " / ";

pub fn draw(frame: &mut Frame, app: &App, view: &TextView, area: Rect) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let top = Rect { height: 1, ..area };
    draw_top(frame, app, view, top);
    if area.height < 2 {
        return;
    }
    let footer = Rect {
        y: area.y + area.height - 1,
        height: 1,
        ..area
    };
    let body = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(2),
        ..area
    };
    draw_body(frame, view, body);
    match &app.mode {
        Mode::TextSearch(input) => {
            let width = usize::from(footer.width);
            let room = width.saturating_sub(SEARCH_PROMPT.len());
            let (shown, column) = input.view(room);
            let line = Line::from(vec![
                Span::styled(SEARCH_PROMPT, theme::key()),
                Span::raw(cut(shown, room)),
            ]);
            frame.render_widget(Paragraph::new(line).style(theme::bar()), footer);
            let x = (SEARCH_PROMPT.len() + column).min(width.saturating_sub(1));
            frame.set_cursor_position(Position::new(footer.x + x as u16, footer.y));
        }
        _ => bars::draw_footer(frame, app, footer),
    }
}

/// ` Title …   § 3.2 Method · 42% `.
fn draw_top(frame: &mut Frame, app: &App, view: &TextView, area: Rect) {
    let width = usize::from(area.width);
    let section = view
        .current_section()
        .and_then(|i| view.layout.toc.get(i))
        .map(|e| {
            let heading = e.heading.trim_start_matches('§');
            format!("§ {} · ", cut(heading, 40))
        })
        .unwrap_or_default();
    let right = format!("{section}{}% ", view.percent(body_height(app.size)));
    let right = cut(&right, width);
    let room = width.saturating_sub(right.width() + 2);
    let title = cut(&view.document.title, room);
    let pad = width.saturating_sub(1 + title.width() + right.width());
    let line = Line::from(vec![
        Span::raw(" "),
        Span::styled(title, theme::title()),
        Span::raw(" ".repeat(pad)),
        Span::styled(right, theme::accent()),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme::bar()), area);
}

fn draw_body(frame: &mut Frame, view: &TextView, area: Rect) {
    let column = view.layout.width.min(area.width);
    let area = Rect {
        x: area.x + (area.width - column) / 2,
        width: column,
        ..area
    };
    let lines: Vec<Line> = view
        .layout
        .lines
        .iter()
        .enumerate()
        .skip(view.top)
        .take(usize::from(area.height))
        .map(|(i, line)| {
            let hits: Vec<(Range<usize>, bool)> = view
                .search
                .hits_on(i)
                .map(|(h, current)| (h.range.clone(), current))
                .collect();
            styled_line(line, &hits)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// A laid-out line in the theme's styles, the matches (byte ranges of its
/// text, with whether each is the current one) marked across span
/// boundaries.
pub fn styled_line(line: &TextLine, hits: &[(Range<usize>, bool)]) -> Line<'static> {
    let mut spans = Vec::with_capacity(line.spans.len());
    let mut at = 0;
    for span in &line.spans {
        let base = theme::text(span.style);
        let end = at + span.text.len();
        let mut cuts = vec![at, end];
        for (range, _) in hits {
            for edge in [range.start, range.end] {
                if edge > at && edge < end && span.text.is_char_boundary(edge - at) {
                    cuts.push(edge);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for pair in cuts.windows(2) {
            let (from, to) = (pair[0], pair[1]);
            let style = hits
                .iter()
                .find(|(r, _)| r.start <= from && to <= r.end)
                .map_or(base, |(_, current)| {
                    if *current {
                        theme::current_match()
                    } else {
                        base.patch(theme::text_match())
                    }
                });
            spans.push(Span::styled(
                span.text[from - at..to - at].to_string(),
                style,
            ));
        }
        at = end;
    }
    Line::from(spans)
}
