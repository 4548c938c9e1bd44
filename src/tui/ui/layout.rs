//! Where each part of the screen goes, as a pure function of the terminal
//! size, shared by drawing and by mouse handling so clicks land where things
//! are drawn.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the reader shows "terminal too small" instead.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// From this width the list and the detail pane stand side by side.
pub const SIDE_BY_SIDE_WIDTH: u16 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub top: Rect,
    pub list: Rect,
    /// The detail pane including its border.
    pub detail: Rect,
    /// The detail text inside the border.
    pub detail_inner: Rect,
    pub footer: Rect,
    pub side_by_side: bool,
}

/// The screen split for a terminal of `area`; `None` when it is too small.
pub fn areas(area: Rect) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [top, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let side_by_side = area.width >= SIDE_BY_SIDE_WIDTH;
    let (list, detail, detail_inner) = if side_by_side {
        let [list, detail] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(body);
        let inner = Rect {
            x: detail.x + 2,
            width: detail.width.saturating_sub(3),
            ..detail
        };
        (list, detail, inner)
    } else {
        let [list, detail] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
        let inner = Rect {
            x: detail.x + 1,
            y: detail.y + 1,
            width: detail.width.saturating_sub(2),
            height: detail.height.saturating_sub(1),
        };
        (list, detail, inner)
    };
    Some(Areas {
        top,
        list,
        detail,
        detail_inner,
        footer,
        side_by_side,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adapts_to_the_width() {
        let wide = areas(Rect::new(0, 0, 120, 40)).unwrap();
        assert!(wide.side_by_side);
        assert_eq!(wide.list.height, 38);
        let narrow = areas(Rect::new(0, 0, 80, 24)).unwrap();
        assert!(!narrow.side_by_side);
        assert!(narrow.list.height + narrow.detail.height == 22);
        assert!(areas(Rect::new(0, 0, 39, 24)).is_none());
        assert!(areas(Rect::new(0, 0, 80, 9)).is_none());
    }

    #[test]
    fn every_size_has_sane_rects() {
        for w in 0..130 {
            for h in 0..45 {
                if let Some(a) = areas(Rect::new(0, 0, w, h)) {
                    assert!(a.list.right() <= w && a.detail.bottom() <= h);
                    assert!(a.detail_inner.width <= a.detail.width);
                }
            }
        }
    }
}
