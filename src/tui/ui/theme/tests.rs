//! The palettes: dark is the original colours, light differs and both use
//! only the 16 named colours, `no_color` has none, and config overrides apply.

use ratatui::style::{Color, Modifier, Style};

use super::{Theme, named_color, with_theme};
use crate::config::{THEME_COLORS, THEME_STYLES, ThemeConfig};

fn is_named(color: Option<Color>) -> bool {
    !matches!(color, Some(Color::Rgb(..) | Color::Indexed(_)))
}

fn colors(style: Style) -> [Option<Color>; 2] {
    [style.fg, style.bg]
}

#[test]
fn light_differs_from_dark_and_both_use_only_named_colors() {
    let (dark, light) = (Theme::dark(), Theme::light());
    assert_ne!(dark, light);
    for style in dark.styles().into_iter().chain(light.styles()) {
        assert!(colors(style).into_iter().all(is_named), "{style:?}");
    }
    // No yellow or white text in the light palette except on a dark background.
    for style in light.styles() {
        if style.bg.is_none() {
            assert!(
                !matches!(
                    style.fg,
                    Some(Color::Yellow | Color::White | Color::LightYellow)
                ),
                "{style:?}"
            );
        }
    }
}

#[test]
fn no_color_has_no_colors_and_marks_by_attributes() {
    let theme = Theme::no_color();
    for style in theme.styles() {
        assert_eq!(colors(style), [None, None], "{style:?}");
    }
    assert!(theme.selected.add_modifier.contains(Modifier::REVERSED));
    for matched in [theme.mark, theme.text_match, theme.current_match] {
        assert!(
            matched
                .add_modifier
                .contains(Modifier::BOLD | Modifier::UNDERLINED)
        );
    }
    assert!(theme.link.add_modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn no_color_wins_over_the_config() {
    let config = ThemeConfig {
        base: Some("light".into()),
        colors: [("selected_bg".to_string(), "red".to_string())].into(),
    };
    assert_eq!(Theme::from_config(&config, true), Ok(Theme::no_color()));
}

#[test]
fn config_picks_the_base_and_applies_overrides() {
    assert_eq!(
        Theme::from_config(&ThemeConfig::default(), false),
        Ok(Theme::dark())
    );
    let config = ThemeConfig {
        base: Some("light".into()),
        colors: [
            ("selected_bg".to_string(), "magenta".to_string()),
            ("mark_fg".to_string(), "LightRed".to_string()),
        ]
        .into(),
    };
    let theme = Theme::from_config(&config, false).unwrap();
    assert_eq!(theme.selected.bg, Some(Color::Magenta));
    assert_eq!(theme.selected.fg, Theme::light().selected.fg);
    assert_eq!(theme.mark.fg, Some(Color::LightRed));
    assert!(theme.mark.add_modifier.contains(Modifier::BOLD));
}

#[test]
fn every_configurable_name_is_known_to_the_reader() {
    let mut theme = Theme::dark();
    for style in THEME_STYLES {
        assert!(theme.style_mut(style).is_some(), "{style}");
    }
    assert_eq!(THEME_STYLES.len(), theme.styles().len());
    for color in THEME_COLORS {
        assert!(named_color(color).is_some(), "{color}");
    }
}

#[test]
fn the_style_functions_read_the_theme_being_drawn() {
    assert_eq!(super::selected(), Theme::dark().selected);
    let inside = with_theme(&Theme::no_color(), super::selected);
    assert_eq!(inside, Theme::no_color().selected);
    assert_eq!(super::selected(), Theme::dark().selected);
}
