//! The reader's `e` in a real terminal: the note opens in the user's editor
//! (a stand-in script named by `$EDITOR` that reads a line from the
//! terminal, so it only passes if folio really lent it the terminal and its
//! own input thread kept off the keys), the reader comes back whole, and the
//! multi-line note the editor left is saved in the library.

use crate::common::*;
use crate::tmux::*;

/// Shown by the stand-in editor while it waits for a line.
const EDITOR_PROMPT: &str = "FAKE-EDITOR editing";

/// A folio whose `$EDITOR` prints [`EDITOR_PROMPT`] and the file's name,
/// reads one line from the terminal and appends it and `second line` to
/// the file.
fn with_line_reading_editor() -> Folio {
    let mut folio = Folio::new();
    let script = folio.path("editor.sh");
    write_executable(
        &script,
        &format!(
            "#!/bin/sh\n\
             printf '{EDITOR_PROMPT} %s\\n' \"$(basename \"$1\")\"\n\
             IFS= read -r line\n\
             {{ cat \"$1\"; printf '%s\\nsecond line\\n' \"$line\"; }} > \"$1.new\" && mv \"$1.new\" \"$1\"\n"
        ),
    );
    folio.set_env("VISUAL", "");
    folio.set_env("EDITOR", &script);
    folio
}

#[test]
fn e_edits_the_note_in_the_editor_and_the_reader_comes_back() {
    let folio = with_line_reading_editor();
    let Some(term) = Term::start(&folio, "editor", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.search_hopfield();
    term.keys(&["e"]);
    term.wait_for("the editor on the note's file", |s| {
        s.contains(&format!(
            "{EDITOR_PROMPT} {}",
            folio::editor::note_file_name(HOPFIELD_ID)
        ))
    });
    // Letters that are reader commands (t tags, q quit) must reach the editor.
    term.type_text("typed to the editor, then quit");
    term.keys(&["Enter"]);
    let screen = term.wait_for("the reader back with the note saved", |s| {
        first_row(s).contains(HOPFIELD_TITLE)
            && s.contains(&format!(
                "saved the note on {HOPFIELD_ID} and bookmarked it"
            ))
    });
    assert!(
        !screen.contains(EDITOR_PROMPT),
        "the screen is redrawn:\n{screen}"
    );
    assert_eq!(
        folio.show(HOPFIELD_ID)["note"],
        "typed to the editor, then quit\nsecond line"
    );
    assert_eq!(folio.show(HOPFIELD_ID)["bookmarked"], true);

    // The reader still reads its keys; the second edit starts from the note.
    term.keys(&["e"]);
    term.wait_for("the editor again", |s| s.contains(EDITOR_PROMPT));
    term.type_text("third");
    term.keys(&["Enter"]);
    term.wait_for("the second save", |s| {
        s.contains(&format!("saved the note on {HOPFIELD_ID}")) && !s.contains(EDITOR_PROMPT)
    });
    assert_eq!(
        folio.show(HOPFIELD_ID)["note"],
        "typed to the editor, then quit\nsecond line\nthird\nsecond line"
    );
    term.keys(&["q"]);
    assert_eq!(term.wait_exit(), 0);
    term.assert_shell_works();
}

#[test]
fn an_editor_that_cannot_start_leaves_the_note_and_says_how_to_fix_it() {
    let mut folio = Folio::new();
    folio.set_env("VISUAL", "");
    folio.set_env("EDITOR", folio.path("no-such-editor"));
    let Some(term) = Term::start(&folio, "editor-missing", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.search_hopfield();
    term.keys(&["e"]);
    term.wait_for("the reason on the status line", |s| {
        s.contains("could not start the editor") && first_row(s).contains(HOPFIELD_TITLE)
    });
    assert_eq!(folio.show(HOPFIELD_ID)["note"], serde_json::Value::Null);
    term.keys(&["q"]);
    assert_eq!(term.wait_exit(), 0);
}
