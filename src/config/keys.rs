//! The `[keys]` tables of `config.toml`, read with where each name and key
//! was written, so that a bad command or key is reported at its line and
//! column. Plain entries (`open_code = "x"`) rebind a command everywhere it
//! applies; a `[keys.CONTEXT]` table rebinds in that context only. Which
//! names are valid is the reader's business (`tui::keymap`), not this file's.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

/// The keys bound to one command: `"x"` or `["x", "ctrl-o"]`. Two lists
/// are equal when their keys are (wherever they were written).
#[derive(Debug, Clone)]
pub struct KeyList {
    /// Each key, with its place in the file when it was written in a list
    /// (a single key's place is that of the whole value).
    keys: Vec<(String, Option<Range<usize>>)>,
}

impl PartialEq for KeyList {
    fn eq(&self, other: &KeyList) -> bool {
        self.keys() == other.keys()
    }
}

impl Eq for KeyList {}

impl KeyList {
    /// A list of keys, without places (for tests and the defaults).
    pub fn new(keys: &[&str]) -> KeyList {
        KeyList {
            keys: keys.iter().map(|k| (k.to_string(), None)).collect(),
        }
    }

    pub fn keys(&self) -> Vec<String> {
        self.keys.iter().map(|(k, _)| k.clone()).collect()
    }

    /// Each key with its place, `whole` (the value's place) for a key
    /// written alone.
    pub fn located(&self, whole: &Range<usize>) -> Vec<(String, Range<usize>)> {
        self.keys
            .iter()
            .map(|(k, at)| (k.clone(), at.clone().unwrap_or_else(|| whole.clone())))
            .collect()
    }

    /// The value as TOML: a string for one key, else an array.
    pub fn to_toml(&self) -> toml::Value {
        match self.keys.as_slice() {
            [(one, _)] => toml::Value::from(one.as_str()),
            _ => toml::Value::from(self.keys()),
        }
    }
}

/// A command's bindings in one table: command name → keys.
pub type Bindings = BTreeMap<Spanned<String>, Spanned<KeyList>>;

/// One entry of `[keys]`: a command's keys, or a `[keys.CONTEXT]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeysEntry {
    Keys(KeyList),
    Context(Bindings),
}

/// Everything under `[keys]`, by name, each name and value with its place.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(transparent)]
pub struct KeysConfig {
    pub entries: BTreeMap<Spanned<String>, Spanned<KeysEntry>>,
}

impl KeysConfig {
    /// The plain `command = keys` entries.
    pub fn plain(&self) -> impl Iterator<Item = (&Spanned<String>, &KeyList, Range<usize>)> {
        self.entries
            .iter()
            .filter_map(|(name, value)| match value.get_ref() {
                KeysEntry::Keys(keys) => Some((name, keys, value.span())),
                KeysEntry::Context(_) => None,
            })
    }

    /// The `[keys.CONTEXT]` tables.
    pub fn contexts(&self) -> impl Iterator<Item = (&Spanned<String>, &Bindings)> {
        self.entries
            .iter()
            .filter_map(|(name, value)| match value.get_ref() {
                KeysEntry::Context(table) => Some((name, table)),
                KeysEntry::Keys(_) => None,
            })
    }

    /// Whether nothing is rebound.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The tables as TOML, as the user wrote them (for `folio config show`).
    pub fn to_table(&self) -> toml::Table {
        self.entries
            .iter()
            .map(|(name, value)| {
                let value = match value.get_ref() {
                    KeysEntry::Keys(keys) => keys.to_toml(),
                    KeysEntry::Context(table) => toml::Value::Table(
                        table
                            .iter()
                            .map(|(c, k)| (c.get_ref().clone(), k.get_ref().to_toml()))
                            .collect(),
                    ),
                };
                (name.get_ref().clone(), value)
            })
            .collect()
    }
}

const EXPECTED_KEYS: &str = "a key (\"x\") or a list of keys ([\"x\", \"ctrl-o\"])";

/// Reads the keys of a list, each with its place.
fn read_list<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<KeyList, A::Error> {
    let mut keys = Vec::new();
    while let Some(key) = seq.next_element::<Spanned<String>>()? {
        let at = key.span();
        keys.push((key.into_inner(), Some(at)));
    }
    Ok(KeyList { keys })
}

struct KeyListVisitor;

impl<'de> Visitor<'de> for KeyListVisitor {
    type Value = KeyList;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(EXPECTED_KEYS)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyList, E> {
        Ok(KeyList {
            keys: vec![(v.to_string(), None)],
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<KeyList, A::Error> {
        read_list(seq)
    }
}

impl<'de> Deserialize<'de> for KeyList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<KeyList, D::Error> {
        deserializer.deserialize_any(KeyListVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = KeysEntry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{EXPECTED_KEYS}, or a [keys.CONTEXT] table")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<KeysEntry, E> {
        KeyListVisitor.visit_str(v).map(KeysEntry::Keys)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<KeysEntry, A::Error> {
        read_list(seq).map(KeysEntry::Keys)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeysEntry, A::Error> {
        let mut table = Bindings::new();
        while let Some(command) = map.next_key::<Spanned<String>>()? {
            let keys = map.next_value::<Spanned<KeyList>>()?;
            table.insert(command, keys);
        }
        Ok(KeysEntry::Context(table))
    }
}

impl<'de> Deserialize<'de> for KeysEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<KeysEntry, D::Error> {
        deserializer.deserialize_any(EntryVisitor)
    }
}
