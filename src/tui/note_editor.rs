//! The reader's `e`: a paper's note in the user's own editor. The terminal
//! is lent to the editor (the input thread paused, raw mode and the
//! alternate screen left) and taken back however the editor ends; what it
//! left goes back to `update` as an [`Event::NoteEdited`], which saves it.

use super::event::Event;
use super::input_gate::InputGate;
use super::terminal::TerminalGuard;
use crate::editor::{self, EditorCommand, EditorError};

/// Runs the editor on `note` (the note of paper `id`) with the terminal,
/// and says what came of it. Blocks the reader's loop meanwhile: the
/// editor owns the screen, so there is nothing to draw.
pub fn edit(guard: &mut TerminalGuard, input: &InputGate, id: &str, note: Option<&str>) -> Event {
    let result = EditorCommand::from_env()
        .map_err(|e| e.to_string())
        .and_then(|command| lend_terminal(guard, input, &command, id, note));
    Event::NoteEdited {
        id: id.to_string(),
        old: note.map(str::to_string),
        result,
    }
}

fn lend_terminal(
    guard: &mut TerminalGuard,
    input: &InputGate,
    command: &EditorCommand,
    id: &str,
    note: Option<&str>,
) -> Result<String, String> {
    input.pause();
    guard.suspend();
    let initial = editor::note::initial_text(note);
    let edited = editor::edit_text(command, &editor::note_file_name(id), &initial);
    let resumed = guard.resume();
    input.resume();
    if let Err(e) = resumed {
        return Err(format!(
            "could not take the terminal back from the editor: {e}"
        ));
    }
    edited.map_err(|e| match e {
        EditorError::Failed { .. } => {
            format!("{e} (save and quit normally to keep an edit)")
        }
        other => other.to_string(),
    })
}
