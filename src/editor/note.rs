//! What an edited note file means for the library: the text the editor left
//! becomes the note (cleaned, trailing whitespace dropped, lines kept), an
//! empty file removes it, and a file left as it was changes nothing.

use crate::model::sanitize;

/// What saving an edited note should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteChange {
    /// The text is the note already (or there was none and is none): no write.
    Unchanged,
    /// The new note, cleaned; may span several lines.
    Set(String),
    /// The file was emptied: the note goes.
    Removed,
}

/// The text the editor starts with: the note and a final newline (editors
/// expect one), or nothing.
pub fn initial_text(note: Option<&str>) -> String {
    match note {
        Some(note) if !note.trim().is_empty() => format!("{}\n", note.trim_end()),
        _ => String::new(),
    }
}

/// Compares the file the editor left with the note it started from. Escape
/// sequences and control characters are removed (`clean_multiline`), runs
/// of blank lines become one, and trailing whitespace goes.
pub fn change(old: Option<&str>, edited: &str) -> NoteChange {
    let old = old.filter(|n| !n.trim().is_empty());
    if edited.trim_end() == initial_text(old).trim_end() {
        return NoteChange::Unchanged;
    }
    let new = sanitize::clean_multiline(edited).trim_end().to_string();
    match (old, new.is_empty()) {
        (None, true) => NoteChange::Unchanged,
        (Some(_), true) => NoteChange::Removed,
        (Some(old), false) if sanitize::clean_multiline(old).trim_end() == new => {
            NoteChange::Unchanged
        }
        (_, false) => NoteChange::Set(new),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_starts_with_the_note_and_a_newline() {
        assert_eq!(initial_text(Some("a\nb")), "a\nb\n");
        assert_eq!(initial_text(Some("a  \n")), "a\n");
        assert_eq!(initial_text(None), "");
        assert_eq!(initial_text(Some(" \n")), "");
    }

    #[test]
    fn a_file_left_alone_changes_nothing() {
        assert_eq!(change(Some("a\nb"), "a\nb\n"), NoteChange::Unchanged);
        assert_eq!(change(Some("a\nb"), "a\nb   \n\n"), NoteChange::Unchanged);
        assert_eq!(change(None, ""), NoteChange::Unchanged);
        assert_eq!(change(None, "  \n\n"), NoteChange::Unchanged);
    }

    #[test]
    fn several_lines_are_kept_and_trailing_whitespace_goes() {
        assert_eq!(
            change(None, "first line\nsecond line  \n\n"),
            NoteChange::Set("first line\nsecond line".into())
        );
        assert_eq!(
            change(Some("old"), "old\nand more\n"),
            NoteChange::Set("old\nand more".into())
        );
    }

    #[test]
    fn an_emptied_file_removes_the_note() {
        assert_eq!(change(Some("old"), ""), NoteChange::Removed);
        assert_eq!(change(Some("old"), " \n \n"), NoteChange::Removed);
    }

    #[test]
    fn escapes_are_cleaned_and_blank_runs_shrink() {
        assert_eq!(
            change(None, "red \u{1b}[31mtext\u{1b}[0m\n\n\n\nend\n"),
            NoteChange::Set("red text\n\nend".into())
        );
    }

    #[test]
    fn only_cleaning_differences_count_as_unchanged() {
        // The stored note had a blank run; the file shows it the same way
        // once cleaned, so nothing is written.
        assert_eq!(
            change(Some("a\n\n\n\nb"), "a\n\nb\n"),
            NoteChange::Unchanged
        );
    }
}
