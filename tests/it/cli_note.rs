//! `folio note ID` through the binary, with stand-in editors (shell scripts
//! named by `$EDITOR`/`$VISUAL`): what the editor leaves becomes the note,
//! an emptied file removes it, a failing editor changes nothing, and
//! `$VISUAL` wins over `$EDITOR`.

use std::path::PathBuf;

use crate::common::*;

/// A folio whose editor is a script with `body` (`$1` is the file to edit,
/// `$LOG` a log file in the test's dir); `$VISUAL` is blank so `$EDITOR` counts.
fn with_editor(body: &str) -> (Folio, PathBuf) {
    let mut folio = Folio::new();
    let script = folio.path("editor.sh");
    write_executable(&script, &format!("#!/bin/sh\n{body}\n"));
    let log = folio.path("editor.log");
    folio.set_env("LOG", &log);
    folio.set_env("VISUAL", "");
    folio.set_env("EDITOR", &script);
    (folio, log)
}

fn note(folio: &Folio) -> serde_json::Value {
    folio.show(HOPFIELD_ID)["note"].clone()
}

#[test]
fn the_editor_text_becomes_a_two_line_note_and_bookmarks_the_paper() {
    let (folio, log) = with_editor(
        "basename \"$1\" > \"$LOG\"; printf 'first line  \\nsecond line\\n\\n' > \"$1\"",
    );
    assert_eq!(folio.show(HOPFIELD_ID)["bookmarked"], false);
    let out = folio.ok(&["note", HOPFIELD_ID]);
    assert!(
        out.contains("saved the note") && out.contains("bookmarked"),
        "{out}"
    );
    assert_eq!(note(&folio), "first line\nsecond line");
    assert_eq!(folio.show(HOPFIELD_ID)["bookmarked"], true);
    let name = std::fs::read_to_string(&log).unwrap();
    assert_eq!(name.trim_end(), format!("folio-note-{HOPFIELD_ID}.md"));
}

#[test]
fn the_editor_starts_from_the_current_note_and_a_file_left_alone_writes_nothing() {
    let (folio, log) = with_editor("cat \"$1\" > \"$LOG\"");
    folio.ok(&["bookmark", "add", HOPFIELD_ID, "--note", "kept"]);
    let library = folio.data_dir().join("library.json");
    let before = std::fs::metadata(&library).unwrap().modified().unwrap();
    let out = folio.ok(&["note", HOPFIELD_ID]);
    assert!(out.contains("unchanged"), "{out}");
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "kept\n");
    assert_eq!(note(&folio), "kept");
    let after = std::fs::metadata(&library).unwrap().modified().unwrap();
    assert_eq!(before, after, "an unchanged note was written");
}

#[test]
fn an_emptied_file_removes_the_note_and_keeps_the_bookmark() {
    let (folio, _) = with_editor(": > \"$1\"");
    folio.ok(&["bookmark", "add", HOPFIELD_ID, "--note", "to go"]);
    let out = folio.ok(&["note", HOPFIELD_ID]);
    assert!(out.contains("removed the note"), "{out}");
    let shown = folio.show(HOPFIELD_ID);
    assert_eq!(shown["note"], serde_json::Value::Null);
    assert_eq!(shown["bookmarked"], true);
}

#[test]
fn a_failing_editor_keeps_the_old_note_and_says_so() {
    let (folio, _) = with_editor("printf 'half done\\n' > \"$1\"; exit 1");
    folio.ok(&["bookmark", "add", HOPFIELD_ID, "--note", "old"]);
    let run = folio.fails(&["note", HOPFIELD_ID]);
    assert!(run.stderr.contains("exit status: 1"), "{run:?}");
    assert!(run.stderr.contains("unchanged"), "{run:?}");
    assert_eq!(note(&folio), "old");
}

#[test]
fn visual_wins_over_editor_and_arguments_are_split() {
    let (mut folio, log) = with_editor("printf 'from EDITOR\\n' > \"$1\"");
    let visual = folio.path("visual.sh");
    write_executable(
        &visual,
        "#!/bin/sh\nprintf '%s\\n' \"$1\" > \"$LOG\"\nprintf 'from VISUAL\\n' > \"$2\"\n",
    );
    folio.set_env("VISUAL", format!("'{}' --wait", visual.display()));
    folio.ok(&["note", HOPFIELD_ID]);
    assert_eq!(note(&folio), "from VISUAL");
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "--wait\n");
}

#[test]
fn a_missing_editor_or_an_unknown_paper_is_explained() {
    let (mut folio, _) = with_editor("exit 0");
    folio.set_env("EDITOR", folio.path("no-such-editor"));
    let run = folio.fails(&["note", HOPFIELD_ID]);
    assert!(run.stderr.contains("could not start the editor"), "{run:?}");
    assert!(run.stderr.contains("export EDITOR="), "{run:?}");
    let run = folio.fails(&["note", "no-such-paper"]);
    assert!(
        run.stderr.contains("no paper with id `no-such-paper`"),
        "{run:?}"
    );
}
