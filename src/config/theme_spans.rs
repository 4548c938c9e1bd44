//! Where a bad `[theme]` setting was written. The theme is checked after
//! parsing (its names are not types toml knows), so its errors carry no
//! place; this reads the theme again with each name's place and finds the
//! first entry the same check refuses, so the error names its line and
//! column like every other config error.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::theme::{ThemeConfig, split_color_key};

#[derive(Deserialize)]
struct File {
    theme: Option<Theme>,
}

#[derive(Deserialize)]
struct Theme {
    base: Option<Spanned<String>>,
    #[serde(default)]
    colors: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// The place of the first `[theme]` entry [`ThemeConfig::validate`]
/// refuses in `text`, if it can be found.
pub fn bad_theme_entry(text: &str) -> Option<Range<usize>> {
    let file: File = toml::from_str(text).ok()?;
    let theme = file.theme?;
    if let Some(base) = theme.base {
        let alone = ThemeConfig {
            base: Some(base.get_ref().clone()),
            colors: BTreeMap::new(),
        };
        if alone.validate().is_err() {
            return Some(base.span());
        }
    }
    theme.colors.into_iter().find_map(|(key, value)| {
        let alone = ThemeConfig {
            base: None,
            colors: BTreeMap::from([(key.get_ref().clone(), value.get_ref().clone())]),
        };
        alone.validate().err()?;
        Some(if split_color_key(key.get_ref()).is_none() {
            key.span()
        } else {
            value.span()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_refused_entry() {
        let text = "[theme]\nbase = \"dark\"\n[theme.colors]\nmark_fg = \"red\"\nselection_bg = \"blue\"\n";
        assert_eq!(
            bad_theme_entry(text).map(|s| &text[s]),
            Some("selection_bg")
        );
        let text = "[theme.colors]\nmark_fg = \"#123456\"\n";
        assert_eq!(bad_theme_entry(text).map(|s| &text[s]), Some("\"#123456\""));
        let text = "[theme]\nbase = \"solarized\"\n";
        assert_eq!(
            bad_theme_entry(text).map(|s| &text[s]),
            Some("\"solarized\"")
        );
        assert_eq!(bad_theme_entry("[theme]\nbase = \"light\"\n"), None);
    }
}
