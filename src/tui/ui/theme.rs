//! Colours and text styles of the reader, in one place.
//!
//! A [`Theme`] holds every style the reader draws with. The free functions
//! below (`title()`, `mark()`, …) read the theme of the frame being drawn:
//! [`crate::tui::ui::draw`] installs `app.theme` for the length of the draw
//! with [`with_theme`] (a thread-local, so tests drawing in parallel with
//! different themes never see each other's). Outside a draw they give the
//! dark palette.
//!
//! Every built-in palette uses only the 16 named ANSI colours (no RGB, no
//! 256-colour indices), so it looks the same on any colour terminal.

mod palettes;
#[cfg(test)]
mod tests;

use std::cell::RefCell;

use ratatui::style::{Color, Style};

use crate::config::{ColorSide, THEME_COLORS, ThemeConfig, split_color_key};

/// Every style the reader uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub title: Style,
    pub mark: Style,
    pub dim: Style,
    pub accent: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    pub error: Style,
    pub bar: Style,
    pub key: Style,
    pub badge: Style,
    pub star: Style,
    pub unread: Style,
    pub new_paper: Style,
    pub border: Style,
    pub link: Style,
    /// Laid-out text: level-1 and level-2 headings, code and maths.
    pub heading1: Style,
    pub heading2: Style,
    pub code: Style,
    pub math: Style,
    /// A match of the search in a paper's text.
    pub text_match: Style,
    /// The match jumped to last.
    pub current_match: Style,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::dark()
    }
}

impl Theme {
    /// The theme the reader starts with: `NO_COLOR` (set and non-empty) wins
    /// over the config; else the config's base palette with its overrides.
    /// The config was validated when it was read; a name that slipped through
    /// is an error, never a panic.
    pub fn from_config(config: &ThemeConfig, no_color: bool) -> Result<Theme, String> {
        config.validate()?;
        if no_color {
            return Ok(Theme::no_color());
        }
        let mut theme = match config.base.as_deref() {
            Some("light") => Theme::light(),
            _ => Theme::dark(),
        };
        for (key, value) in &config.colors {
            let (name, side) =
                split_color_key(key).ok_or_else(|| format!("[theme.colors] {key}: unknown key"))?;
            let color = named_color(value).ok_or_else(|| {
                format!(
                    "[theme.colors] {key} = \"{value}\": valid values: {}",
                    THEME_COLORS.join(", ")
                )
            })?;
            let style = theme
                .style_mut(name)
                .ok_or_else(|| format!("[theme.colors] {key}: unknown style"))?;
            *style = match side {
                ColorSide::Fg => style.fg(color),
                ColorSide::Bg => style.bg(color),
            };
        }
        Ok(theme)
    }

    /// The style a `[theme.colors]` key names (see [`crate::config::THEME_STYLES`]).
    pub fn style_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "title" => &mut self.title,
            "mark" => &mut self.mark,
            "dim" => &mut self.dim,
            "accent" => &mut self.accent,
            "selected" => &mut self.selected,
            "selected_unfocused" => &mut self.selected_unfocused,
            "error" => &mut self.error,
            "bar" => &mut self.bar,
            "key" => &mut self.key,
            "badge" => &mut self.badge,
            "star" => &mut self.star,
            "unread" => &mut self.unread,
            "new_paper" => &mut self.new_paper,
            "border" => &mut self.border,
            "link" => &mut self.link,
            "heading1" => &mut self.heading1,
            "heading2" => &mut self.heading2,
            "code" => &mut self.code,
            "math" => &mut self.math,
            "text_match" => &mut self.text_match,
            "current_match" => &mut self.current_match,
            _ => return None,
        })
    }

    /// Every style, for checks over the whole palette.
    pub fn styles(&self) -> Vec<Style> {
        vec![
            self.title,
            self.mark,
            self.dim,
            self.accent,
            self.selected,
            self.selected_unfocused,
            self.error,
            self.bar,
            self.key,
            self.badge,
            self.star,
            self.unread,
            self.new_paper,
            self.border,
            self.link,
            self.heading1,
            self.heading2,
            self.code,
            self.math,
            self.text_match,
            self.current_match,
        ]
    }
}

/// Whether `NO_COLOR` asks for no colour: set and non-empty (no-color.org).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// One of the 16 names of [`THEME_COLORS`] (any case) as a terminal colour.
pub fn named_color(name: &str) -> Option<Color> {
    Some(match name.to_ascii_lowercase().as_str() {
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" => Color::Gray,
        "darkgray" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        _ => return None,
    })
}

thread_local! {
    static CURRENT: RefCell<Theme> = RefCell::new(Theme::dark());
}

/// Runs `draw` with `theme` as the theme the style functions read, then
/// puts the previous one back (even if `draw` panics).
pub fn with_theme<R>(theme: &Theme, draw: impl FnOnce() -> R) -> R {
    struct Restore(Option<Theme>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(previous) = self.0.take() {
                CURRENT.with(|current| *current.borrow_mut() = previous);
            }
        }
    }
    let previous = CURRENT.with(|current| current.replace(theme.clone()));
    let _restore = Restore(Some(previous));
    draw()
}

fn current(pick: impl FnOnce(&Theme) -> Style) -> Style {
    CURRENT.with(|current| pick(&current.borrow()))
}

pub fn title() -> Style {
    current(|t| t.title)
}

pub fn mark() -> Style {
    current(|t| t.mark)
}

pub fn dim() -> Style {
    current(|t| t.dim)
}

pub fn accent() -> Style {
    current(|t| t.accent)
}

pub fn selected() -> Style {
    current(|t| t.selected)
}

pub fn selected_unfocused() -> Style {
    current(|t| t.selected_unfocused)
}

pub fn error() -> Style {
    current(|t| t.error)
}

pub fn bar() -> Style {
    current(|t| t.bar)
}

pub fn key() -> Style {
    current(|t| t.key)
}

pub fn badge() -> Style {
    current(|t| t.badge)
}

pub fn star() -> Style {
    current(|t| t.star)
}

pub fn unread() -> Style {
    current(|t| t.unread)
}

/// The unread dot of a paper first seen since the user last looked.
pub fn new_paper() -> Style {
    current(|t| t.new_paper)
}

pub fn border() -> Style {
    current(|t| t.border)
}

pub fn link() -> Style {
    current(|t| t.link)
}

/// How each style of a paper's laid-out text is shown.
pub fn text(style: crate::fulltext::layout::TextStyle) -> Style {
    use crate::fulltext::layout::TextStyle as T;
    use ratatui::style::Modifier;
    match style {
        T::Plain => Style::new(),
        T::Heading(1) => current(|t| t.heading1),
        T::Heading(2) => current(|t| t.heading2),
        T::Heading(_) | T::Bold | T::TheoremLabel => Style::new().add_modifier(Modifier::BOLD),
        T::Emphasis | T::Caption => Style::new().add_modifier(Modifier::ITALIC),
        T::Code => current(|t| t.code),
        T::Math => current(|t| t.math),
        T::Citation => accent(),
        T::Link => link(),
        T::EquationNumber | T::Dim => dim(),
    }
}

/// A match of the search in the text.
pub fn text_match() -> Style {
    current(|t| t.text_match)
}

/// The match jumped to last.
pub fn current_match() -> Style {
    current(|t| t.current_match)
}
