//! The paper list. Virtual: only the rows on screen are read from the result
//! set, so a million results draw as fast as seventy.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::text::{cut, marked_spans};
use super::theme;
use crate::index::Sort;
use crate::model::{Paper, compact_count};
use crate::tui::command::Command;
use crate::tui::keymap::Context;
use crate::tui::state::{App, Mode, Row, View};

/// Lists narrower than this leave out the date column.
const DATE_MIN_WIDTH: u16 = 60;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    if app.results.is_empty() {
        let message = if app.searching {
            "searching…".to_string()
        } else if app.results.set.is_none() {
            "loading…".to_string()
        } else {
            empty_message(app)
        };
        let inset = Rect {
            x: area.x.saturating_add(1).min(area.right()),
            width: area.width.saturating_sub(1),
            ..area
        };
        // Wrapped: the "for you" notes say what to do in a sentence or two.
        frame.render_widget(
            Paragraph::new(message)
                .style(theme::dim())
                .wrap(Wrap { trim: true }),
            inset,
        );
        return;
    }
    let height = usize::from(area.height);
    // The votes column only when some paper on screen has votes (listing
    // papers have none); sorted by stars, it shows the stars instead.
    let column = if app.effective_sort() == Sort::Stars {
        CountColumn::Stars
    } else {
        CountColumn::Votes
    };
    let show_votes = (app.offset..app.results.len())
        .take(height)
        .any(|i| {
            app.results
                .row(i)
                .is_some_and(|r| column.label(&r.paper).is_some())
        })
        .then_some(column);
    let list_focused = !matches!(app.mode, Mode::Detail);
    for (line_no, i) in (app.offset..app.results.len()).take(height).enumerate() {
        let row_area = Rect {
            y: area.y + line_no as u16,
            height: 1,
            ..area
        };
        let selected = i == app.selected;
        let line = match (app.results.row(i), app.results.error(i)) {
            (Some(row), _) => row_line(app, row, area.width, show_votes),
            (None, Some(error)) => Line::styled(
                cut(&format!("   ⚠ {error}"), usize::from(area.width)),
                theme::error(),
            ),
            (None, None) => Line::styled("…", theme::dim()),
        };
        let style = match (selected, list_focused) {
            (true, true) => theme::selected(),
            (true, false) => theme::selected_unfocused(),
            _ => Style::new(),
        };
        frame.render_widget(Paragraph::new(line).style(style), row_area);
    }
}

fn empty_message(app: &App) -> String {
    // The keys named are those of the keymap in force.
    let key = |c| app.keymap.label(Context::List, c);
    let back = key(Command::Back);
    if app.similar.is_some() {
        return format!("no similar papers found · {back} returns");
    }
    if !app.query.text().is_empty() {
        return format!(
            "no papers match `{}` · {back} clears the search",
            cut(app.query.text(), 40)
        );
    }
    match &app.view {
        View::Watch(name) => format!(
            "the watch {name} has no papers yet · {} syncs its sources · {back} returns",
            key(Command::Sync)
        ),
        View::Bookmarks => format!(
            "no bookmarks yet · {} bookmarks the selected paper · {} returns",
            key(Command::ToggleBookmark),
            key(Command::BookmarksView)
        ),
        View::Unread => format!("everything is read · {} returns", key(Command::UnreadView)),
        View::All => format!(
            "no papers in this period · {} changes the date view",
            key(Command::CycleDateView)
        ),
        View::ForYou => crate::tui::for_you::empty_note(app),
    }
}

/// What the count column beside the date shows.
#[derive(Clone, Copy)]
enum CountColumn {
    /// `▲42`: Hugging Face upvotes.
    Votes,
    /// `★1.2k`: GitHub stars, when the list is sorted by them.
    Stars,
}

impl CountColumn {
    fn label(self, paper: &Paper) -> Option<String> {
        match self {
            CountColumn::Votes => paper.upvotes.map(|up| format!("▲{up}")),
            CountColumn::Stars => paper.stars.map(|n| format!("★{}", compact_count(n))),
        }
    }
}

/// `★● Title …   2026-03-14 ▲  42 code` (the dot of a new paper in its own colour)
fn row_line(app: &App, row: &Row, width: u16, show_votes: Option<CountColumn>) -> Line<'static> {
    let paper = &row.paper;
    let id = paper.id.as_str();
    let star = if app.user.is_bookmarked(id) {
        "★"
    } else {
        " "
    };
    // A dismissed paper only shows when the query asks for `is:dismissed`.
    let dismissed = app.user.is_dismissed(id);
    let dot = if dismissed {
        "✗"
    } else if app.user.is_read(id) {
        " "
    } else {
        "●"
    };
    // Fixed-width columns so dates, votes and badges line up down the list.
    let mut right = Vec::new();
    if width >= DATE_MIN_WIDTH {
        let date = paper
            .date()
            .map_or_else(|| " ".repeat(10), |d| d.format("%Y-%m-%d").to_string());
        right.push(Span::styled(format!(" {date}"), theme::dim()));
    }
    if let Some(column) = show_votes {
        let votes = column.label(paper).unwrap_or_default();
        right.push(Span::styled(format!(" {votes:>5}"), theme::accent()));
    }
    let code = if paper.links().code.is_some() {
        " code"
    } else {
        "     "
    };
    right.push(Span::styled(code, theme::badge()));
    let right_width: usize = right.iter().map(|s| s.content.width()).sum();
    // One column of air before the pane's edge.
    let title_width = usize::from(width).saturating_sub(3 + right_width + 1);
    let mut spans = vec![
        Span::styled(star, theme::star()),
        Span::styled(
            dot,
            if dismissed {
                theme::dim()
            } else if app.user.is_new(paper.first_seen) {
                theme::new_paper()
            } else {
                theme::unread()
            },
        ),
        Span::raw(" "),
    ];
    let title = marked_spans(
        &paper.title,
        &row.title_marks,
        title_width,
        Style::new(),
        theme::mark(),
    );
    let title_cols: usize = title.iter().map(|s| s.content.width()).sum();
    spans.extend(title);
    spans.push(Span::raw(
        " ".repeat(title_width.saturating_sub(title_cols)),
    ));
    spans.extend(right);
    Line::from(spans)
}
