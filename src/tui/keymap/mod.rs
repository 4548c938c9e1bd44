//! Which key runs which [`Command`] in which part of the screen: the defaults
//! as data, with the user's `[keys]` table from `config.toml` layered on top.
//! Bad names are rejected at start with a message that names them.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::command::Command;

/// Where the keyboard focus is; each has its own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    List,
    Detail,
    Links,
    Help,
    /// The watches view.
    Watches,
    /// A paper's full text.
    Text,
}

/// A key with its modifiers, as written in the config (`ctrl-d`, `G`, `pagedown`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// The key a terminal event stands for (shift is carried by the character).
    pub fn from_event(event: &KeyEvent) -> Key {
        let code = match event.code {
            KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            KeyCode::BackTab => KeyCode::BackTab,
            other => other,
        };
        Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Parses `j`, `G`, `?`, `ctrl-d`, `alt-x`, `enter`, `pagedown`, `f5`, `space`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut rest = text;
        let mut key = Key::plain(KeyCode::Null);
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower
                .strip_prefix("ctrl-")
                .or_else(|| lower.strip_prefix("c-"))
            {
                key.ctrl = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower
                .strip_prefix("alt-")
                .or_else(|| lower.strip_prefix("m-"))
            {
                key.alt = true;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        key.code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if key.ctrl { c.to_ascii_lowercase() } else { c }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" | "shift-tab" => KeyCode::BackTab,
                "space" => KeyCode::Char(' '),
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" => KeyCode::Insert,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                f if f.starts_with('f')
                    && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
                {
                    KeyCode::F(f[1..].parse().expect("checked above"))
                }
                _ => {
                    return Err(format!(
                        "unknown key `{text}`: use a character (`x`, `G`, `?`), a name (enter, esc, tab, space, up, down, left, right, home, end, pageup, pagedown, backspace, delete, f1-f12) with optional ctrl- or alt-"
                    ));
                }
            },
        };
        Ok(key)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("S-Tab"),
            KeyCode::Backspace => f.write_str("Bksp"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// A problem in the `[keys]` table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("config [keys]: {0}")]
pub struct KeymapError(pub String);

#[derive(Debug, Clone)]
pub struct Keymap {
    /// Per context, the bindings in display order.
    bindings: BTreeMap<Context, Vec<(Key, Command)>>,
}

use Command as C;
use Context::{Detail, Help, Links, List, Text, Watches};

/// The contexts a command applies in, and its default keys.
fn defaults() -> Vec<(Command, &'static [Context], Vec<Key>)> {
    use KeyCode as K;
    let nav: &'static [Context] = &[List, Detail, Links, Help, Watches, Text];
    let lists: &'static [Context] = &[List, Detail];
    vec![
        (C::MoveDown, nav, vec![Key::ch('j'), Key::plain(K::Down)]),
        (C::MoveUp, nav, vec![Key::ch('k'), Key::plain(K::Up)]),
        (C::First, nav, vec![Key::ch('g'), Key::plain(K::Home)]),
        (C::Last, nav, vec![Key::ch('G'), Key::plain(K::End)]),
        (C::HalfPageDown, nav, vec![Key::ctrl('d')]),
        (C::HalfPageUp, nav, vec![Key::ctrl('u')]),
        (C::PageDown, nav, vec![Key::plain(K::PageDown)]),
        (C::PageUp, nav, vec![Key::plain(K::PageUp)]),
        (
            C::FocusDetail,
            &[List],
            vec![Key::plain(K::Enter), Key::plain(K::Tab)],
        ),
        (
            C::Back,
            &[List, Detail, Links, Help, Watches, Text],
            vec![Key::plain(K::Esc)],
        ),
        (C::Search, &[List, Detail, Text], vec![Key::ch('/')]),
        (C::OpenPaper, &[List, Detail, Links], vec![Key::ch('o')]),
        (C::OpenPdf, &[List, Detail, Links], vec![Key::ch('p')]),
        (C::OpenCode, &[List, Detail, Links], vec![Key::ch('c')]),
        (C::OpenProject, &[List, Detail, Links], vec![Key::ch('w')]),
        (C::LinkPicker, &[List, Detail, Text], vec![Key::ch('l')]),
        (C::CopyLink, &[Links], vec![Key::ch('y')]),
        (C::ToggleBookmark, lists, vec![Key::ch('b')]),
        (C::EditTags, lists, vec![Key::ch('t')]),
        (C::EditNote, lists, vec![Key::ch('n')]),
        (C::BookmarksView, lists, vec![Key::ch('B')]),
        (C::ToggleRead, lists, vec![Key::ch('u')]),
        (C::ToggleDismiss, lists, vec![Key::ch('x')]),
        (C::MarkAllRead, lists, vec![Key::ch('A')]),
        (C::UnreadView, lists, vec![Key::ch('U')]),
        (C::ForYouView, lists, vec![Key::ch('F')]),
        (C::CycleSort, lists, vec![Key::ch('s')]),
        (C::CycleDateView, lists, vec![Key::ch('d')]),
        (C::PreviousPeriod, lists, vec![Key::ch('[')]),
        (C::NextPeriod, lists, vec![Key::ch(']')]),
        (C::Similar, lists, vec![Key::ch('m')]),
        (C::ReadText, lists, vec![Key::ch('r')]),
        (C::TableOfContents, &[Text], vec![Key::ch('T')]),
        (C::NextSection, &[Text], vec![Key::ch(']')]),
        (C::PreviousSection, &[Text], vec![Key::ch('[')]),
        (C::NextMatch, &[Text], vec![Key::ch('n')]),
        (C::PreviousMatch, &[Text], vec![Key::ch('N')]),
        (C::FetchPdf, lists, vec![Key::ch('P')]),
        (C::WatchesView, &[List, Detail, Watches], vec![Key::ch('W')]),
        (C::Sync, &[List, Detail, Watches], vec![Key::ch('S')]),
        (C::Help, &[List, Detail, Links, Text], vec![Key::ch('?')]),
        (
            C::Quit,
            &[List, Detail, Links, Help, Watches, Text],
            vec![Key::ch('q')],
        ),
        (
            C::ForceQuit,
            &[List, Detail, Links, Help, Watches, Text],
            vec![Key::ctrl('c')],
        ),
    ]
}

/// In the detail pane, Tab goes back to the list.
const DETAIL_BACK: Key = Key::plain(KeyCode::Tab);

impl Keymap {
    /// The default bindings with the user's overrides (`command = "key"` or
    /// `command = ["key", "key"]`, already flattened to strings by the config).
    pub fn new(overrides: &BTreeMap<String, Vec<String>>) -> Result<Keymap, KeymapError> {
        let mut table = defaults();
        for (name, keys) in overrides {
            let command = Command::from_name(name).ok_or_else(|| {
                KeymapError(format!(
                    "unknown command `{name}`; commands are: {}",
                    Command::names()
                ))
            })?;
            if command == Command::ForceQuit {
                return Err(KeymapError(
                    "`force_quit` (Ctrl-c) cannot be rebound".into(),
                ));
            }
            let parsed = keys
                .iter()
                .map(|k| Key::parse(k).map_err(|e| KeymapError(format!("`{name}`: {e}"))))
                .collect::<Result<Vec<_>, _>>()?;
            let entry = table
                .iter_mut()
                .find(|(c, _, _)| *c == command)
                .expect("every command has defaults");
            entry.2 = parsed;
        }
        let mut bindings: BTreeMap<Context, Vec<(Key, Command)>> = BTreeMap::new();
        // User-bound keys win: a rebound key leaves the command that had it by default.
        let user_keys: Vec<(Key, Command)> = overrides
            .keys()
            .filter_map(|n| Command::from_name(n))
            .flat_map(|c| {
                table
                    .iter()
                    .find(|(cc, _, _)| *cc == c)
                    .map(|(_, _, ks)| ks.iter().map(move |k| (*k, c)).collect::<Vec<_>>())
                    .unwrap_or_default()
            })
            .collect();
        for (command, contexts, keys) in &table {
            for ctx in *contexts {
                for key in keys {
                    let taken_by_user = user_keys.iter().any(|(k, c)| k == key && c != command);
                    if !taken_by_user {
                        bindings.entry(*ctx).or_default().push((*key, *command));
                    }
                }
            }
        }
        if !user_keys.iter().any(|(k, _)| *k == DETAIL_BACK) {
            bindings
                .entry(Detail)
                .or_default()
                .insert(0, (DETAIL_BACK, Command::Back));
        }
        Ok(Keymap { bindings })
    }

    /// The command bound to a key in a context.
    pub fn command(&self, ctx: Context, key: Key) -> Option<Command> {
        self.bindings
            .get(&ctx)?
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, c)| *c)
    }

    /// The keys of a command in a context, in display order.
    pub fn keys(&self, ctx: Context, command: Command) -> Vec<Key> {
        self.bindings
            .get(&ctx)
            .map(|b| {
                b.iter()
                    .filter(|(_, c)| *c == command)
                    .map(|(k, _)| *k)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every command of a context with its keys, in declaration order.
    pub fn commands(&self, ctx: Context) -> Vec<(Command, Vec<Key>)> {
        Command::ALL
            .into_iter()
            .map(|c| (c, self.keys(ctx, c)))
            .filter(|(_, keys)| !keys.is_empty())
            .collect()
    }
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::new(&BTreeMap::new()).expect("the defaults are valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overrides(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(c, k)| (c.to_string(), vec![k.to_string()]))
            .collect()
    }

    #[test]
    fn parses_key_names() {
        assert_eq!(Key::parse("j").unwrap(), Key::ch('j'));
        assert_eq!(Key::parse("G").unwrap(), Key::ch('G'));
        assert_eq!(Key::parse("ctrl-d").unwrap(), Key::ctrl('d'));
        assert_eq!(Key::parse("C-D").unwrap(), Key::ctrl('d'));
        assert_eq!(
            Key::parse("pagedown").unwrap(),
            Key::plain(KeyCode::PageDown)
        );
        assert_eq!(Key::parse("f5").unwrap(), Key::plain(KeyCode::F(5)));
        assert_eq!(Key::parse("space").unwrap(), Key::ch(' '));
        assert!(
            Key::parse("hyper-x")
                .unwrap_err()
                .contains("unknown key `hyper-x`")
        );
        assert!(Key::parse("f13").is_err());
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
        assert_eq!(map.command(List, Key::ch('F')), Some(C::ForYouView));
        assert_eq!(map.command(Detail, Key::ch('F')), Some(C::ForYouView));
        assert_eq!(map.command(Text, Key::ch('F')), None);
    }

    #[test]
    fn overrides_rebind_and_steal_keys() {
        let map = Keymap::new(&overrides(&[("open_code", "x")])).unwrap();
        assert_eq!(map.command(List, Key::ch('x')), Some(C::OpenCode));
        assert_eq!(map.command(List, Key::ch('c')), None);
        let map = Keymap::new(&overrides(&[("open_code", "j")])).unwrap();
        assert_eq!(map.command(List, Key::ch('j')), Some(C::OpenCode));
        assert_eq!(
            map.command(List, Key::plain(KeyCode::Down)),
            Some(C::MoveDown)
        );
    }

    #[test]
    fn bad_overrides_are_named() {
        let err = Keymap::new(&overrides(&[("open_kode", "x")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown command `open_kode`"), "{err}");
        let err = Keymap::new(&overrides(&[("open_code", "ctrl-")]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("`open_code`") && err.contains("unknown key"),
            "{err}"
        );
    }

    #[test]
    fn ctrl_keys_match_events() {
        let event = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(Key::from_event(&event), Key::ctrl('d'));
        let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&event), Key::ch('G'));
    }
}
