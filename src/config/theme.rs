//! The `[theme]` table of `config.toml`: which built-in palette the reader
//! starts from (`base = "dark" | "light"`) and per-style colour overrides
//! (`[theme.colors] selected_bg = "blue"`). Only names are checked here; the
//! reader turns them into terminal styles, so this stays free of terminal code.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The built-in palettes `base` may name.
pub const THEME_BASES: &[&str] = &["dark", "light"];

/// The styles a `[theme.colors]` key may name, each as `<style>_fg` or `<style>_bg`.
pub const THEME_STYLES: &[&str] = &[
    "title",
    "mark",
    "dim",
    "accent",
    "selected",
    "selected_unfocused",
    "error",
    "bar",
    "key",
    "badge",
    "star",
    "unread",
    "new_paper",
    "border",
    "link",
    "heading1",
    "heading2",
    "code",
    "math",
    "text_match",
    "current_match",
];

/// The 16 ANSI colour names a `[theme.colors]` value may be.
pub const THEME_COLORS: &[&str] = &[
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "darkgray",
    "lightred",
    "lightgreen",
    "lightyellow",
    "lightblue",
    "lightmagenta",
    "lightcyan",
    "white",
];

/// `[theme]`: a base palette and colour overrides, all optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ThemeConfig {
    /// `"dark"` (the default) or `"light"`.
    pub base: Option<String>,
    /// `<style>_fg` / `<style>_bg` → one of [`THEME_COLORS`].
    pub colors: BTreeMap<String, String>,
}

/// Which side of a style an override colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorSide {
    Fg,
    Bg,
}

impl ThemeConfig {
    /// Checks every name; the error names the bad key and the valid values.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(base) = &self.base
            && !THEME_BASES.contains(&base.as_str())
        {
            return Err(format!(
                "[theme] base = \"{base}\" is not a theme; valid values: {}",
                THEME_BASES.join(", ")
            ));
        }
        for (key, value) in &self.colors {
            if split_color_key(key).is_none() {
                return Err(format!(
                    "[theme.colors] {key} is not a style key; keys are <style>_fg or \
                     <style>_bg with <style> one of: {}",
                    THEME_STYLES.join(", ")
                ));
            }
            if !THEME_COLORS.contains(&value.to_ascii_lowercase().as_str()) {
                return Err(format!(
                    "[theme.colors] {key} = \"{value}\" is not a colour; valid values: {}",
                    THEME_COLORS.join(", ")
                ));
            }
        }
        Ok(())
    }
}

/// `selected_bg` → (`selected`, background); `None` for an unknown key.
pub fn split_color_key(key: &str) -> Option<(&str, ColorSide)> {
    let (style, side) = if let Some(style) = key.strip_suffix("_fg") {
        (style, ColorSide::Fg)
    } else {
        (key.strip_suffix("_bg")?, ColorSide::Bg)
    };
    THEME_STYLES.contains(&style).then_some((style, side))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn color_keys_split_into_style_and_side() {
        assert_eq!(
            split_color_key("selected_bg"),
            Some(("selected", ColorSide::Bg))
        );
        assert_eq!(
            split_color_key("selected_unfocused_fg"),
            Some(("selected_unfocused", ColorSide::Fg))
        );
        assert_eq!(split_color_key("selected"), None);
        assert_eq!(split_color_key("nope_fg"), None);
    }
}

#[cfg(test)]
mod parse_tests {
    use super::super::Config;

    #[test]
    fn shipped_example_lists_every_style_and_colour() {
        let text = Config::default_toml();
        for name in super::THEME_STYLES.iter().chain(super::THEME_COLORS) {
            assert!(text.contains(name), "default config does not list {name}");
        }
    }

    #[test]
    fn theme_base_light_is_read() {
        let config = Config::parse("[theme]\nbase = \"light\"\n").unwrap();
        assert_eq!(config.theme.base.as_deref(), Some("light"));
        assert!(config.theme.colors.is_empty());
    }

    #[test]
    fn theme_color_overrides_are_read() {
        let text = "[theme]\nbase = \"dark\"\n[theme.colors]\nselected_bg = \"magenta\"\n\
                    mark_fg = \"LightRed\"\n";
        let config = Config::parse(text).unwrap();
        assert_eq!(
            config.theme.colors.get("selected_bg").map(String::as_str),
            Some("magenta")
        );
        assert_eq!(
            config.theme.colors.get("mark_fg").map(String::as_str),
            Some("LightRed")
        );
    }

    #[test]
    fn unknown_theme_base_names_the_valid_values() {
        let err = Config::parse("[theme]\nbase = \"solarized\"\n").unwrap_err();
        assert!(err.contains("base") && err.contains("solarized"), "{err}");
        assert!(err.contains("dark, light"), "{err}");
    }

    #[test]
    fn unknown_theme_color_key_is_named_with_the_valid_styles() {
        let err = Config::parse("[theme.colors]\nselection_bg = \"blue\"\n").unwrap_err();
        assert!(err.contains("selection_bg"), "{err}");
        assert!(err.contains("selected_unfocused"), "{err}");
    }

    #[test]
    fn unknown_theme_color_value_is_named_with_the_valid_colors() {
        let err = Config::parse("[theme.colors]\nselected_bg = \"#336699\"\n").unwrap_err();
        assert!(
            err.contains("selected_bg") && err.contains("#336699"),
            "{err}"
        );
        assert!(err.contains("lightmagenta"), "{err}");
    }

    #[test]
    fn unknown_key_in_theme_table_is_rejected() {
        let err = Config::parse("[theme]\nname = \"light\"\n").unwrap_err();
        assert!(err.contains("name"), "{err}");
    }

    #[test]
    fn the_load_error_goes_through_the_config_error_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[theme]\nbase = \"neon\"\n").unwrap();
        let err = Config::load(&path).unwrap_err().to_string();
        assert!(
            err.contains("invalid config file") && err.contains("neon"),
            "{err}"
        );
    }
}
