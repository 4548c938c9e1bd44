//! A one-line text field with a cursor, for the query, tags and notes.
//! Editing keys follow readline habits (Ctrl-u, Ctrl-w, Home, End).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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

    /// Applies an editing key; returns true when the text changed.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => {
                let at = self.cursor;
                self.text.drain(..at);
                self.cursor = 0;
                at > 0
            }
            KeyCode::Char('w') if ctrl => {
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
            KeyCode::Char('a') if ctrl => {
                self.cursor = 0;
                false
            }
            KeyCode::Char('e') if ctrl => {
                self.cursor = self.text.len();
                false
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
                true
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= self.before_len();
                self.text.remove(self.cursor);
                true
            }
            KeyCode::Delete if self.cursor < self.text.len() => {
                self.text.remove(self.cursor);
                true
            }
            KeyCode::Left => {
                self.cursor -= self.before_len();
                false
            }
            KeyCode::Right => {
                self.cursor += self.after_len();
                false
            }
            KeyCode::Home => {
                self.cursor = 0;
                false
            }
            KeyCode::End => {
                self.cursor = self.text.len();
                false
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn types_and_edits_multibyte_text() {
        let mut input = TextInput::default();
        for c in "hopf€ld".chars() {
            input.handle(&key(KeyCode::Char(c)));
        }
        input.handle(&key(KeyCode::Left));
        input.handle(&key(KeyCode::Left));
        input.handle(&key(KeyCode::Backspace));
        input.handle(&key(KeyCode::Char('i')));
        input.handle(&key(KeyCode::Char('e')));
        assert_eq!(input.text(), "hopfield");
        assert_eq!(input.cursor_column(), 6);
    }

    #[test]
    fn readline_keys() {
        let mut input = TextInput::new("brain decoding");
        assert!(input.handle(&ctrl('w')));
        assert_eq!(input.text(), "brain ");
        assert!(input.handle(&ctrl('u')));
        assert_eq!(input.text(), "");
        assert!(!input.handle(&key(KeyCode::Backspace)));
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
        assert!(input.handle(&ctrl('w')));
        assert_eq!(input.text(), "深層\u{3000}");
        input.handle(&key(KeyCode::Left));
        input.handle(&key(KeyCode::Char('x')));
        assert_eq!(input.text(), "深層x\u{3000}");
        assert_eq!(input.cursor_column(), 5);
    }
}
