//! The detail pane: the selected paper in full, drawn from the
//! [`crate::paper_view`] that `folio show` prints too. The text is built by
//! one function so drawing, scrolling limits and link clicks agree on every
//! line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::text::wrap_marked;
use super::theme;
use crate::library::Entry;
use crate::paper_view::{self, Highlights, LinkFit, Role, ViewLine};
use crate::tui::for_you;
use crate::tui::state::{App, Mode, Row};

/// The detail text and the line of each numbered link.
pub struct DetailText {
    pub lines: Vec<Line<'static>>,
    /// `(line index, url)` for every link line.
    pub links: Vec<(usize, String)>,
}

/// Builds the detail text of a row for a pane `width` columns wide.
/// `why` is the "for you" model's reason for the paper, when the list is
/// ranked by taste (`Err`: why it could not be said).
pub fn detail_text(
    row: &Row,
    entry: Option<&Entry>,
    why: Option<&Result<String, String>>,
    width: usize,
) -> DetailText {
    let highlights = Highlights {
        title: row.title_marks.clone(),
        authors: Vec::new(),
        abstract_text: row.abstract_marks.clone(),
    };
    let view = paper_view::build(&row.paper, entry, &highlights, why);
    let text = paper_view::lines(&view, width, LinkFit::Cut);
    DetailText {
        lines: text.lines.iter().map(styled).collect(),
        links: text.links,
    }
}

/// A view line in the theme's styles.
fn styled(line: &ViewLine) -> Line<'static> {
    Line::from(
        line.spans
            .iter()
            .map(|span| {
                let base = role_style(span.role);
                let style = if span.marked {
                    base.patch(theme::mark())
                } else {
                    base
                };
                Span::styled(span.text.clone(), style)
            })
            .collect::<Vec<_>>(),
    )
}

fn role_style(role: Role) -> Style {
    match role {
        Role::Title => theme::title(),
        Role::Plain => Style::new(),
        Role::Dim | Role::NoteBar | Role::WhyFailed => theme::dim(),
        Role::Topic | Role::Why => theme::accent(),
        Role::Library => theme::star(),
        Role::LinkKey => theme::key(),
        Role::Url => theme::link(),
    }
}

/// Draws the detail pane of the selected paper.
pub fn draw(frame: &mut Frame, app: &App, area: Rect, inner: Rect, side_by_side: bool) {
    let focused = matches!(app.mode, Mode::Detail);
    let border_style = if focused {
        theme::accent()
    } else {
        theme::border()
    };
    let block = if side_by_side {
        Block::new()
            .borders(Borders::LEFT)
            .border_style(border_style)
    } else {
        Block::new()
            .borders(Borders::TOP)
            .border_style(border_style)
    };
    frame.render_widget(block, area);
    let Some(row) = app.selected_row() else {
        if let Some(error) = app.results.error(app.selected) {
            let lines = wrap_marked(
                &format!("This paper could not be read: {error}"),
                &[],
                usize::from(inner.width),
                theme::error(),
                theme::error(),
            );
            frame.render_widget(Paragraph::new(lines), inner);
            return;
        }
        let message = if app.results.is_empty() && !app.searching {
            ""
        } else {
            "loading…"
        };
        frame.render_widget(Paragraph::new(message).style(theme::dim()), inner);
        return;
    };
    let text = detail_text(
        row,
        app.user.entry(row.paper.id.as_str()),
        for_you::reason_for(app, row.paper.id.as_str()),
        usize::from(inner.width),
    );
    let scroll = app.detail_scroll.min(text.lines.len().saturating_sub(1));
    let visible: Vec<Line> = text
        .lines
        .into_iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .collect();
    frame.render_widget(Paragraph::new(visible), inner);
}
