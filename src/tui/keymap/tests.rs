//! The keymap's rules: defaults, plain and per-context rebinding, keys taken
//! only where the user's command applies, and the errors.

use crossterm::event::KeyCode;

use super::*;
use crate::config::Config;
use Command as C;
use Context::{Confirm, Detail, Editor, Links, List, Query, Text};

fn map(toml: &str) -> Result<Keymap, KeymapError> {
    Keymap::new(&Config::parse(toml).unwrap().keys)
}

#[test]
fn defaults_dispatch() {
    let map = Keymap::default();
    assert_eq!(map.command(List, Key::ch('j')), Some(C::MoveDown));
    assert_eq!(
        map.command(List, Key::plain(KeyCode::Tab)),
        Some(C::FocusDetail)
    );
    assert_eq!(map.command(Detail, Key::plain(KeyCode::Tab)), Some(C::Back));
    assert_eq!(map.command(Links, Key::ch('y')), Some(C::CopyLink));
    assert_eq!(map.command(List, Key::ch('y')), None);
    assert_eq!(map.command(List, Key::ch('x')), Some(C::ToggleDismiss));
    assert_eq!(map.command(Detail, Key::ch('x')), Some(C::ToggleDismiss));
    assert_eq!(
        map.command(Text, Key::ch('x')),
        None,
        "the text view keeps x free"
    );
    assert_eq!(map.command(Text, Key::ch('F')), None);
    assert_eq!(
        map.command(Query, Key::ch('j')),
        None,
        "j types in the search"
    );
    assert_eq!(
        map.command(Query, Key::plain(KeyCode::Down)),
        Some(C::MoveDown)
    );
    assert_eq!(
        map.command(Query, Key::ctrl('w')),
        Some(C::DeleteWordBefore)
    );
    assert_eq!(map.command(Editor, Key::ctrl('u')), Some(C::ClearLine));
    assert_eq!(map.command(List, Key::ctrl('u')), Some(C::HalfPageUp));
    assert_eq!(map.command(Confirm, Key::ch('Y')), Some(C::Accept));
    assert_eq!(map.command(Confirm, Key::ch('q')), Some(C::Cancel));
    for ctx in Context::ALL {
        assert_eq!(
            map.command(ctx, Key::ctrl('c')),
            Some(C::ForceQuit),
            "{ctx:?}"
        );
    }
}

#[test]
fn plain_keys_rebind_everywhere_and_take_the_key() {
    let map = map("[keys]\nopen_code = \"x\"\n").unwrap();
    assert_eq!(map.command(List, Key::ch('x')), Some(C::OpenCode));
    assert_eq!(map.command(Links, Key::ch('x')), Some(C::OpenCode));
    assert_eq!(map.command(List, Key::ch('c')), None);
    let map = super::tests::map("[keys]\nopen_code = \"j\"\n").unwrap();
    assert_eq!(map.command(List, Key::ch('j')), Some(C::OpenCode));
    assert_eq!(
        map.command(List, Key::plain(KeyCode::Down)),
        Some(C::MoveDown)
    );
    // j still moves in the text view, where open_code does not apply.
    assert_eq!(map.command(Text, Key::ch('j')), Some(C::MoveDown));
}

#[test]
fn a_key_is_taken_only_where_the_users_command_applies() {
    let map = map("[keys]\ncopy_link = \"o\"\n").unwrap();
    assert_eq!(map.command(Links, Key::ch('o')), Some(C::CopyLink));
    assert_eq!(map.command(List, Key::ch('o')), Some(C::OpenPaper));
    assert_eq!(map.command(Detail, Key::ch('o')), Some(C::OpenPaper));
}

#[test]
fn a_context_table_wins_over_the_plain_entry_there_only() {
    let map = map("[keys]\nopen_code = \"C\"\n[keys.detail]\nopen_code = \"alt-c\"\n").unwrap();
    assert_eq!(map.keys(List, C::OpenCode), vec![Key::ch('C')]);
    assert_eq!(map.keys(Detail, C::OpenCode), vec![Key::alt('c')]);
    assert_eq!(map.keys(Links, C::OpenCode), vec![Key::ch('C')]);
    assert_eq!(map.command(Detail, Key::ch('C')), None);
}

#[test]
fn plain_characters_keep_typing_in_text_fields() {
    let map =
        map("[keys]\nmove_down = \"x\"\n[keys.query]\nhistory_previous = \"alt-p\"\n").unwrap();
    assert_eq!(map.command(List, Key::ch('x')), Some(C::MoveDown));
    assert_eq!(map.command(Query, Key::ch('x')), None);
    assert_eq!(
        map.command(Query, Key::plain(KeyCode::Down)),
        Some(C::MoveDown)
    );
    assert_eq!(map.command(Query, Key::alt('p')), Some(C::HistoryPrevious));
    assert_eq!(map.command(Query, Key::ctrl('p')), None);
    // A context table may bind a character in a field on purpose.
    let map = super::tests::map("[keys.editor]\naccept = \"~\"\n").unwrap();
    assert_eq!(map.command(Editor, Key::ch('~')), Some(C::Accept));
}

#[test]
fn force_quit_is_rebindable_but_one_way_out_of_the_list_stays() {
    let map = map("[keys]\nforce_quit = \"ctrl-q\"\n").unwrap();
    assert_eq!(map.command(List, Key::ctrl('q')), Some(C::ForceQuit));
    assert_eq!(map.command(List, Key::ctrl('c')), None);
    let err = super::tests::map("[keys]\nforce_quit = []\nquit = []\n").unwrap_err();
    assert!(err.message.contains("no key quits from the list"), "{err}");
    let err = super::tests::map("[keys.list]\nforce_quit = []\nquit = []\n").unwrap_err();
    assert!(err.message.contains("no key quits"), "{err}");
    assert!(super::tests::map("[keys.detail]\nforce_quit = []\nquit = []\n").is_ok());
}

#[test]
fn bad_entries_are_named_at_their_place() {
    let text = "[keys]\nopen_kode = \"x\"\n";
    let err = map(text).unwrap_err();
    assert!(err.message.contains("unknown command `open_kode`"), "{err}");
    assert_eq!(err.span.map(|s| &text[s]), Some("open_kode"));
    let text = "[keys]\nopen_code = [\"x\", \"ctrl-\"]\n";
    let err = map(text).unwrap_err();
    assert!(err.message.contains("`open_code`") && err.message.contains("unknown key"));
    assert_eq!(err.span.map(|s| &text[s]), Some("\"ctrl-\""));
    let text = "[keys.lists]\nopen_code = \"x\"\n";
    let err = map(text).unwrap_err();
    assert!(
        err.message.contains("unknown key context `[keys.lists]`"),
        "{err}"
    );
    assert_eq!(err.span.map(|s| &text[s]), Some("lists"));
    let text = "[keys.text]\ncopy_link = \"y\"\n";
    let err = map(text).unwrap_err();
    assert!(err.message.contains("applies in: links"), "{err}");
}

#[test]
fn the_default_config_documents_every_command_and_context() {
    let text = Config::default_toml();
    for command in Command::ALL {
        assert!(text.contains(command.name()), "{}", command.name());
    }
    for ctx in Context::ALL {
        assert!(text.contains(ctx.name()), "{}", ctx.name());
    }
}

#[test]
fn the_documented_example_is_valid() {
    // The README's example, and the default config's, uncommented.
    let map = map(
        "[keys]\nopen_code = \"C\"\nopen_pdf = [\"P\", \"ctrl-p\"]\n\
                   force_quit = \"ctrl-q\"\n[keys.list]\ntoggle_read = \"space\"\n\
                   [keys.detail]\nback = [\"h\", \"esc\"]\n[keys.query]\n\
                   history_previous = \"up\"\nhistory_next = \"down\"\n",
    )
    .unwrap();
    assert_eq!(map.command(List, Key::ch(' ')), Some(C::ToggleRead));
    assert_eq!(map.command(Detail, Key::ch('h')), Some(C::Back));
    assert_eq!(map.command(Detail, Key::plain(KeyCode::Tab)), None);
    assert_eq!(
        map.command(Query, Key::plain(KeyCode::Up)),
        Some(C::HistoryPrevious)
    );
    assert_eq!(map.command(List, Key::ctrl('q')), Some(C::ForceQuit));
}
