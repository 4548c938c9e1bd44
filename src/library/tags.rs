//! One spelling per tag, so "Machine Learning", " machine learning " and
//! "machine-learning" never become three different tags.

/// Trims, lowercases and turns each run of whitespace into a single `-`.
/// Returns `None` for a tag that is empty after trimming.
pub fn normalize_tag(raw: &str) -> Option<String> {
    let words: Vec<String> = raw.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        None
    } else {
        Some(words.join("-"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_lowercases_and_hyphenates() {
        assert_eq!(
            normalize_tag("  Machine   Learning\t"),
            Some("machine-learning".to_string())
        );
        assert_eq!(normalize_tag("RLHF"), Some("rlhf".to_string()));
        assert_eq!(
            normalize_tag("already-fine"),
            Some("already-fine".to_string())
        );
        assert_eq!(
            normalize_tag("Ünïcode Tag"),
            Some("ünïcode-tag".to_string())
        );
    }

    #[test]
    fn blank_tags_are_rejected() {
        assert_eq!(normalize_tag(""), None);
        assert_eq!(normalize_tag("   \t\n"), None);
    }
}
