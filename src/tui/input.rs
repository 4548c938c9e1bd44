//! A one-line text field with a cursor, for the query, tags and notes, and
//! the history of kept queries. Editing is done by commands (the keymap's
//! defaults follow readline habits: Ctrl-u, Ctrl-w, Home, End).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::command::Command;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Cursor position as a byte offset, always on a character boundary:
    /// each key costs the same however long the text (a paste of thousands
    /// of characters stays quick).
    cursor: usize,
}

impl TextInput {
    pub fn new(text: &str) -> TextInput {
        TextInput {
            text: text.to_string(),
            cursor: text.len(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// Display columns before the cursor, for placing the terminal cursor.
    pub fn cursor_column(&self) -> usize {
        self.text[..self.cursor].width()
    }

    /// The part of the text a field `width` columns wide shows, and the
    /// column of the cursor in it. Long text scrolls by whole characters,
    /// measured in display columns (CJK and emoji take two), so the cursor
    /// stays in the field and lands right after the character before it.
    pub fn view(&self, width: usize) -> (&str, usize) {
        let mut column = self.cursor_column();
        // The last cell is kept for the cursor at the end of the text.
        let room = width.saturating_sub(1);
        let mut start = 0;
        for (i, c) in self.text.char_indices() {
            if column <= room {
                break;
            }
            column -= c.width().unwrap_or(0).min(column);
            start = i + c.len_utf8();
        }
        (&self.text[start..], column)
    }

    /// Bytes of the character before the cursor (0 at the start).
    fn before_len(&self) -> usize {
        self.text[..self.cursor]
            .chars()
            .next_back()
            .map_or(0, char::len_utf8)
    }

    /// Bytes of the character after the cursor (0 at the end).
    fn after_len(&self) -> usize {
        self.text[self.cursor..]
            .chars()
            .next()
            .map_or(0, char::len_utf8)
    }

    /// Types a character at the cursor.
    pub fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    /// Replaces the text, the cursor at its end.
    pub fn set(&mut self, text: &str) {
        *self = TextInput::new(text);
    }

    /// Applies a text-editing command; returns true when the text changed.
    /// Commands that do not edit text do nothing.
    pub fn edit(&mut self, command: Command) -> bool {
        match command {
            Command::ClearLine => {
                let at = self.cursor;
                self.text.drain(..at);
                self.cursor = 0;
                at > 0
            }
            Command::DeleteWordBefore => {
                let end = self.cursor;
                let trimmed = self.text[..end].trim_end();
                let start = trimmed
                    .char_indices()
                    .rfind(|(_, c)| c.is_whitespace())
                    .map_or(0, |(i, c)| i + c.len_utf8());
                self.text.drain(start..end);
                self.cursor = start;
                end > start
            }
            Command::LineStart => {
                self.cursor = 0;
                false
            }
            Command::LineEnd => {
                self.cursor = self.text.len();
                false
            }
            Command::DeleteBefore if self.cursor > 0 => {
                self.cursor -= self.before_len();
                self.text.remove(self.cursor);
                true
            }
            Command::DeleteAfter if self.cursor < self.text.len() => {
                self.text.remove(self.cursor);
                true
            }
            Command::CursorLeft => {
                self.cursor -= self.before_len();
                false
            }
            Command::CursorRight => {
                self.cursor += self.after_len();
                false
            }
            _ => false,
        }
    }
}

/// The queries the user kept (Enter), oldest first, and where
/// `history_previous` / `history_next` are in them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    entries: Vec<String>,
    /// The entry shown, `None` while editing a new query.
    at: Option<usize>,
    /// The new query being typed before going back in the history.
    draft: String,
}

/// Queries kept at most.
const HISTORY_LIMIT: usize = 100;

impl History {
    /// Keeps a query (not an empty one, nor the last one again).
    pub fn keep(&mut self, query: &str) {
        self.at = None;
        if query.trim().is_empty() || self.entries.last().is_some_and(|q| q == query) {
            return;
        }
        self.entries.push(query.to_string());
        if self.entries.len() > HISTORY_LIMIT {
            self.entries.remove(0);
        }
    }

    /// The query before the one shown (`current` is what is typed now);
    /// `None` when there is none.
    pub fn older(&mut self, current: &str) -> Option<&str> {
        let at = match self.at {
            Some(0) => return None,
            Some(i) => i - 1,
            None => {
                self.draft = current.to_string();
                self.entries.len().checked_sub(1)?
            }
        };
        self.at = Some(at);
        self.entries.get(at).map(String::as_str)
    }

    /// The query after the one shown, or the draft after the newest;
    /// `None` when not in the history.
    pub fn newer(&mut self) -> Option<&str> {
        let at = self.at? + 1;
        if at < self.entries.len() {
            self.at = Some(at);
            self.entries.get(at).map(String::as_str)
        } else {
            self.at = None;
            Some(&self.draft)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(input: &mut TextInput, text: &str) {
        text.chars().for_each(|c| input.insert(c));
    }

    #[test]
    fn types_and_edits_multibyte_text() {
        let mut input = TextInput::default();
        typed(&mut input, "hopf€ld");
        input.edit(Command::CursorLeft);
        input.edit(Command::CursorLeft);
        input.edit(Command::DeleteBefore);
        typed(&mut input, "ie");
        assert_eq!(input.text(), "hopfield");
        assert_eq!(input.cursor_column(), 6);
        input.edit(Command::LineStart);
        assert!(input.edit(Command::DeleteAfter));
        input.edit(Command::LineEnd);
        input.insert('s');
        assert_eq!(input.text(), "opfields");
    }

    #[test]
    fn readline_commands() {
        let mut input = TextInput::new("brain decoding");
        assert!(input.edit(Command::DeleteWordBefore));
        assert_eq!(input.text(), "brain ");
        assert!(input.edit(Command::ClearLine));
        assert_eq!(input.text(), "");
        assert!(!input.edit(Command::DeleteBefore));
        assert!(!input.edit(Command::MoveDown));
    }

    #[test]
    fn the_view_scrolls_by_display_width() {
        let input = TextInput::new("深層学習");
        assert_eq!(input.view(20), ("深層学習", 8));
        // Too long for 6 columns: whole characters scroll off the front.
        assert_eq!(input.view(6), ("学習", 4));
    }

    #[test]
    fn ctrl_w_after_a_wide_space_keeps_the_text_valid() {
        let mut input = TextInput::new("深層\u{3000}学習");
        assert!(input.edit(Command::DeleteWordBefore));
        assert_eq!(input.text(), "深層\u{3000}");
        input.edit(Command::CursorLeft);
        input.insert('x');
        assert_eq!(input.text(), "深層x\u{3000}");
        assert_eq!(input.cursor_column(), 5);
    }

    #[test]
    fn history_walks_back_and_returns_to_the_draft() {
        let mut history = History::default();
        assert_eq!(history.older("x"), None);
        history.keep("hopfield");
        history.keep("");
        history.keep("diffusion");
        history.keep("diffusion");
        assert_eq!(history.older("dra"), Some("diffusion"));
        assert_eq!(history.older("diffusion"), Some("hopfield"));
        assert_eq!(history.older("hopfield"), None);
        assert_eq!(history.newer(), Some("diffusion"));
        assert_eq!(history.newer(), Some("dra"));
        assert_eq!(history.newer(), None);
    }
}
