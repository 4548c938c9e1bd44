//! The built-in palettes: `dark` (the default), `light` and `no_color`.
//! Only the 16 named ANSI colours are used, never RGB or indexed colours.

use ratatui::style::{Color, Modifier, Style};

use super::Theme;

const BOLD: Modifier = Modifier::BOLD;

impl Theme {
    /// Light text on a dark background: the reader's original colours.
    pub fn dark() -> Theme {
        Theme {
            title: Style::new().add_modifier(BOLD),
            mark: Style::new().fg(Color::Yellow).add_modifier(BOLD),
            dim: Style::new().fg(Color::DarkGray),
            accent: Style::new().fg(Color::Cyan),
            selected: Style::new().bg(Color::Blue).fg(Color::White),
            selected_unfocused: Style::new().bg(Color::DarkGray).fg(Color::White),
            error: Style::new().fg(Color::Red).add_modifier(BOLD),
            bar: Style::new().bg(Color::Black).fg(Color::White),
            key: Style::new().fg(Color::Cyan).add_modifier(BOLD),
            badge: Style::new().fg(Color::Green),
            star: Style::new().fg(Color::Yellow),
            unread: Style::new().fg(Color::Cyan),
            new_paper: Style::new().fg(Color::Yellow).add_modifier(BOLD),
            border: Style::new().fg(Color::DarkGray),
            link: Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            heading1: Style::new().fg(Color::Cyan).add_modifier(BOLD),
            heading2: Style::new().fg(Color::Cyan),
            code: Style::new().fg(Color::Green),
            math: Style::new().fg(Color::Magenta),
            text_match: Style::new().fg(Color::Yellow).add_modifier(BOLD),
            current_match: Style::new().bg(Color::Yellow).fg(Color::Black),
        }
    }

    /// Dark text on a white background: blues and magentas instead of the
    /// dark palette's yellows and cyans, and no white text on a light colour.
    pub fn light() -> Theme {
        Theme {
            title: Style::new().add_modifier(BOLD),
            mark: Style::new().fg(Color::Magenta).add_modifier(BOLD),
            dim: Style::new().fg(Color::DarkGray),
            accent: Style::new().fg(Color::Blue),
            selected: Style::new().bg(Color::Blue).fg(Color::White),
            selected_unfocused: Style::new().bg(Color::Gray).fg(Color::Black),
            error: Style::new().fg(Color::Red).add_modifier(BOLD),
            bar: Style::new().bg(Color::Gray).fg(Color::Black),
            key: Style::new().fg(Color::Blue).add_modifier(BOLD),
            badge: Style::new().fg(Color::Green),
            star: Style::new().fg(Color::Magenta),
            unread: Style::new().fg(Color::Blue),
            new_paper: Style::new().fg(Color::Magenta).add_modifier(BOLD),
            border: Style::new().fg(Color::DarkGray),
            link: Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            heading1: Style::new().fg(Color::Blue).add_modifier(BOLD),
            heading2: Style::new().fg(Color::Blue),
            code: Style::new().fg(Color::Green),
            math: Style::new().fg(Color::Magenta),
            text_match: Style::new().fg(Color::Magenta).add_modifier(BOLD),
            current_match: Style::new().bg(Color::Magenta).fg(Color::White),
        }
    }

    /// For `NO_COLOR`: no colour at all, only text attributes. The selection
    /// is reversed, matches are bold and underlined (the current one also
    /// reversed), links underlined, headings bold.
    pub fn no_color() -> Theme {
        let plain = Style::new();
        let matched = Style::new().add_modifier(BOLD | Modifier::UNDERLINED);
        Theme {
            title: plain.add_modifier(BOLD),
            mark: matched,
            dim: plain.add_modifier(Modifier::DIM),
            accent: plain,
            selected: plain.add_modifier(Modifier::REVERSED | BOLD),
            selected_unfocused: plain.add_modifier(Modifier::REVERSED),
            error: plain.add_modifier(BOLD),
            bar: plain,
            key: plain.add_modifier(BOLD),
            badge: plain,
            star: plain,
            unread: plain,
            new_paper: plain.add_modifier(BOLD),
            border: plain,
            link: plain.add_modifier(Modifier::UNDERLINED),
            heading1: plain.add_modifier(BOLD),
            heading2: plain.add_modifier(BOLD),
            code: plain,
            math: plain,
            text_match: matched,
            current_match: matched.add_modifier(Modifier::REVERSED),
        }
    }
}
