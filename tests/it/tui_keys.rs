//! Every command is rebindable in every context it applies in: bound to a
//! key nothing else uses (`[keys.CONTEXT] command = "f12"`), that key does
//! what the command's default key does there (through `update`), the help
//! overlay lists it, and where the footer hints the command, it names it.

use crate::tui_common::Harness;
use crate::tui_common::document::quokka_paper;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use folio::config::Config;
use folio::library::UserState;
use folio::tui::command::Command;
use folio::tui::event::Event;
use folio::tui::input::{History, TextInput};
use folio::tui::keymap::{Context, Key, Keymap};
use folio::tui::period::Period;
use folio::tui::state::{Mode, View};
use folio::tui::text_view::TextView;
use folio::tui::ui::{bars, help};

/// A key no default binds, anywhere.
const FREE: &str = "f12";
const FREE_SHOWN: &str = "F12";

/// A reader in every state a context needs: watches, a text to read, a
/// kept query, and the question of marking all read (kept to restore).
struct Bench {
    h: Harness,
    user: UserState,
    text: TextView,
    confirm: Mode,
}

impl Bench {
    fn new() -> Bench {
        let mut h = Harness::new(200, 40);
        h.add_watches(&[("gans", "gan"), ("vision", "vision")]);
        let id = h.selected_id();
        h.keep_document(&id, &quokka_paper());
        h.ch('r');
        let text = h.app.text.clone().expect("the text opens");
        h.key(KeyCode::Esc);
        h.ch('A');
        let confirm = h.app.mode.clone();
        assert!(matches!(confirm, Mode::ConfirmMarkAllRead { .. }));
        h.key(KeyCode::Esc);
        let user = h.app.user.clone();
        Bench {
            h,
            user,
            text,
            confirm,
        }
    }

    /// Puts the reader in `ctx`, always in the same state, with `keymap`.
    fn prepare(&mut self, ctx: Context, keymap: &Keymap) {
        let app = &mut self.h.app;
        app.keymap = keymap.clone();
        app.mode = match ctx {
            Context::List => Mode::List,
            Context::Detail => Mode::Detail,
            Context::Links => Mode::Links {
                selected: 1,
                from_detail: false,
            },
            Context::Help => Mode::Help { from_detail: false },
            Context::Watches => Mode::Watches { selected: 1 },
            Context::Text => Mode::Text,
            Context::Query => Mode::Query,
            Context::Editor => Mode::EditTags(TextInput::new("gan vision")),
            Context::Confirm => self.confirm.clone(),
        };
        app.text = (ctx == Context::Text).then(|| self.text.clone());
        app.user = self.user.clone();
        app.status = None;
        app.quit = false;
        app.selected = 3;
        app.offset = 0;
        app.detail_scroll = 2;
        app.help_scroll = 2;
        app.query = TextInput::new("gan net");
        app.history = History::default();
        app.history.keep("older query");
        app.view = View::All;
        app.period = Period::All;
        app.sort = None;
        app.similar = None;
        app.sync = None;
        app.opening_text = None;
        app.search_seq = 0;
    }

    /// What a key does from the prepared state: the state it leaves and
    /// the effects it asks for.
    fn press(&mut self, key: KeyEvent) -> String {
        let effects = self.h.update_only(Event::Key(key));
        let app = &self.h.app;
        let text = app
            .text
            .as_ref()
            .map(|t| (t.top, t.search.query.clone(), t.search.current));
        format!(
            "{:?}",
            (
                &app.mode,
                &app.status,
                app.quit,
                (app.selected, app.offset, app.detail_scroll, app.help_scroll),
                (&app.view, app.period, app.sort, &app.similar, &app.sync),
                app.query.text(),
                text,
                &app.user,
                effects,
            )
        )
    }
}

/// The terminal event for a key as the keymap writes it.
fn event(key: Key) -> KeyEvent {
    let mut modifiers = KeyModifiers::NONE;
    if key.ctrl {
        modifiers |= KeyModifiers::CONTROL;
    }
    if key.alt {
        modifiers |= KeyModifiers::ALT;
    }
    if matches!(key.code, KeyCode::Char(c) if c.is_ascii_uppercase()) {
        modifiers |= KeyModifiers::SHIFT;
    }
    KeyEvent::new(key.code, modifiers)
}

/// The keys the help lists for `command` (its line is the keys, then the
/// description).
fn help_line(bench: &Bench, command: Command) -> String {
    help::help_lines(&bench.h.app, 300)
        .iter()
        .find(|line| {
            line.spans
                .get(1)
                .is_some_and(|s| s.content == command.description())
        })
        .map(|line| line.spans[0].content.to_string())
        .unwrap_or_default()
}

#[test]
fn every_command_is_rebindable_in_every_context_it_applies_in() {
    let mut bench = Bench::new();
    let defaults = Keymap::default();
    let mut checked = 0;
    let mut hinted = 0;
    // Bindings whose key changed something (from the prepared state some
    // commands have nothing to do, like moving up from the top).
    let mut acted = 0;
    for command in Command::ALL {
        let contexts = Keymap::contexts_of(command);
        assert!(!contexts.is_empty(), "{command:?} applies nowhere");
        for ctx in contexts {
            let config = format!("[keys.{}]\n{} = \"{FREE}\"\n", ctx.name(), command.name());
            let keymap = Keymap::new(&Config::parse(&config).unwrap().keys)
                .unwrap_or_else(|e| panic!("{config}: {e}"));
            let free = Key::parse(FREE).unwrap();
            let what = format!("{} in {}", command.name(), ctx.name());
            assert_eq!(keymap.command(ctx, free), Some(command), "{what}");

            // The new key does what the default key does.
            let default_key = defaults.keys(ctx, command)[0];
            bench.prepare(ctx, &defaults);
            let by_default = bench.press(event(default_key));
            bench.prepare(ctx, &keymap);
            let rebound = bench.press(event(free));
            // (Messages that name the command's key name the new one.)
            let rebound = rebound.replace(FREE_SHOWN, &default_key.to_string());
            assert_eq!(rebound, by_default, "{what}");
            bench.prepare(ctx, &defaults);
            if bench.press(event(Key::plain(KeyCode::F(11)))) != by_default {
                acted += 1;
            }
            // And the old key no longer does it there.
            assert_ne!(keymap.command(ctx, default_key), Some(command), "{what}");

            // The help lists it.
            bench.prepare(ctx, &keymap);
            assert!(
                help_line(&bench, command).contains(FREE_SHOWN),
                "{what}: {}",
                help_line(&bench, command)
            );

            // Where the footer hints the command, it names the new key.
            bench.prepare(ctx, &defaults);
            let before = bars::hints(&bench.h.app);
            bench.prepare(ctx, &keymap);
            let after = bars::hints(&bench.h.app);
            if before.iter().any(|h| h.command == Some(command)) {
                let hint = after.iter().find(|h| h.command == Some(command));
                assert!(
                    hint.is_some_and(|h| h.key.contains(FREE_SHOWN)),
                    "{what}: {after:?}"
                );
                hinted += 1;
            }
            checked += 1;
        }
    }
    assert!(checked > Command::ALL.len(), "{checked} bindings checked");
    assert!(hinted > 20, "{hinted} hints checked");
    assert!(acted * 10 > checked * 8, "{acted} of {checked} acted");
}

#[test]
fn the_footer_and_the_popups_name_rebound_keys() {
    let config = Config::parse(
        "[keys.editor]\naccept = \"ctrl-s\"\n[keys.confirm]\naccept = \"j\"\ncancel = \"k\"\n",
    )
    .unwrap();
    let keymap = Keymap::new(&config.keys).unwrap();
    let mut h = Harness::with_keymap(keymap, 120, 40);
    h.ch('t');
    let screen = crate::tui_common::screen_rows(&h.render()).join("\n");
    assert!(screen.contains("Ctrl-s saves · Esc cancels"), "{screen}");
    assert!(screen.contains("Ctrl-s save tags"), "{screen}");
    h.key(KeyCode::Esc);
    h.ch('A');
    let screen = crate::tui_common::screen_rows(&h.render()).join("\n");
    assert!(screen.contains("j yes · k no"), "{screen}");
    h.ch('k');
    assert_eq!(h.app.mode, Mode::List);
}
