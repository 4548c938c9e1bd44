//! Colours and text styles of the reader, in one place.

use ratatui::style::{Color, Modifier, Style};

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn mark() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn accent() -> Style {
    Style::new().fg(Color::Cyan)
}

pub fn selected() -> Style {
    Style::new().bg(Color::Blue).fg(Color::White)
}

pub fn selected_unfocused() -> Style {
    Style::new().bg(Color::DarkGray).fg(Color::White)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn bar() -> Style {
    Style::new().bg(Color::Black).fg(Color::White)
}

pub fn key() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

pub fn badge() -> Style {
    Style::new().fg(Color::Green)
}

pub fn star() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn unread() -> Style {
    Style::new().fg(Color::Cyan)
}

/// The unread dot of a paper first seen since the user last looked.
pub fn new_paper() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

pub fn border() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn link() -> Style {
    Style::new()
        .fg(Color::Blue)
        .add_modifier(Modifier::UNDERLINED)
}

/// How each style of a paper's laid-out text is shown.
pub fn text(style: crate::fulltext::layout::TextStyle) -> Style {
    use crate::fulltext::layout::TextStyle as T;
    match style {
        T::Plain => Style::new(),
        T::Heading(1) => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        T::Heading(2) => Style::new().fg(Color::Cyan),
        T::Heading(_) | T::Bold | T::TheoremLabel => Style::new().add_modifier(Modifier::BOLD),
        T::Emphasis | T::Caption => Style::new().add_modifier(Modifier::ITALIC),
        T::Code => Style::new().fg(Color::Green),
        T::Math => Style::new().fg(Color::Magenta),
        T::Citation => accent(),
        T::Link => link(),
        T::EquationNumber | T::Dim => dim(),
    }
}

/// A match of the search in the text.
pub fn text_match() -> Style {
    mark()
}

/// The match jumped to last.
pub fn current_match() -> Style {
    Style::new().bg(Color::Yellow).fg(Color::Black)
}
