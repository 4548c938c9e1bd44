//! Drawing the reader: a pure function of [`App`] onto a frame. Nothing here
//! changes state or does I/O.

pub mod bars;
pub mod detail;
pub mod help;
pub mod layout;
pub mod list;
pub mod paper_popups;
pub mod paper_text;
pub mod popup;
pub mod text;
pub mod theme;
pub mod watches;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::state::{App, Mode};

/// Draws `app` in its theme (see [`theme::with_theme`]).
pub fn draw(frame: &mut Frame, app: &App) {
    theme::with_theme(&app.theme, || draw_themed(frame, app));
}

fn draw_themed(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if let Some(view) = &app.text {
        paper_text::draw(frame, app, view, area);
        match &app.mode {
            Mode::Help { .. } => help::draw(frame, app, area),
            Mode::TextToc { selected } => paper_popups::draw_toc(frame, app, view, area, *selected),
            Mode::TextLinks { selected } => {
                paper_popups::draw_links(frame, app, view, area, *selected)
            }
            _ => {}
        }
        return;
    }
    let Some(areas) = layout::areas(area) else {
        draw_too_small(frame, area);
        return;
    };
    bars::draw_top(frame, app, areas.top);
    list::draw(frame, app, areas.list);
    detail::draw(
        frame,
        app,
        areas.detail,
        areas.detail_inner,
        areas.side_by_side,
    );
    bars::draw_footer(frame, app, areas.footer);
    match &app.mode {
        Mode::Help { .. } => help::draw(frame, app, area),
        Mode::Links { selected, .. } => popup::draw_links(frame, app, area, *selected),
        Mode::EditTags(input) => {
            popup::draw_editor(frame, app, area, "tags (space separated)", input)
        }
        Mode::EditNote(input) => popup::draw_editor(frame, app, area, "note", input),
        Mode::Watches { selected } => watches::draw(frame, app, area, *selected),
        // The question is asked in the footer; the text modes are drawn above.
        Mode::List
        | Mode::Detail
        | Mode::Query
        | Mode::ConfirmMarkAllRead { .. }
        | Mode::Text
        | Mode::TextToc { .. }
        | Mode::TextLinks { .. }
        | Mode::TextSearch(_) => {}
    }
}

fn draw_too_small(frame: &mut Frame, area: Rect) {
    let message = format!(
        "terminal too small ({}×{}): folio needs {}×{}",
        area.width,
        area.height,
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT
    );
    frame.render_widget(
        Paragraph::new(message).wrap(ratatui::widgets::Wrap { trim: true }),
        area,
    );
}
