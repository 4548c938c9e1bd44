//! Which key runs which [`Command`] in which part of the screen: the
//! defaults as data (`defaults`), with the user's `[keys]` tables from
//! `config.toml` layered on top. A plain `[keys]` entry rebinds a command in
//! every context it applies in; a `[keys.CONTEXT]` entry rebinds it there
//! and wins over the plain one. A key the user binds is taken away from the
//! commands that had it by default, but only in the contexts where the
//! user's command applies. Bad names are rejected at start with a message
//! that names them and where they were written.

mod context;
mod defaults;
mod key;

use std::collections::BTreeMap;
use std::ops::Range;

use super::command::Command;
use crate::config::{KeyList, KeysConfig};
pub use context::Context;
use defaults::{DefaultBinding, contexts_of, defaults};
pub use key::Key;

/// A problem in the `[keys]` tables, with where it was written when known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct KeymapError {
    pub message: String,
    /// Byte range in the config text.
    pub span: Option<Range<usize>>,
}

impl KeymapError {
    fn at(span: Range<usize>, message: String) -> KeymapError {
        KeymapError {
            message,
            span: Some(span),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    /// Per context, the bindings; the first binding of a key wins.
    bindings: BTreeMap<Context, Vec<(Key, Command)>>,
}

/// A user's binding of a command in a context, already checked.
struct UserBinding {
    ctx: Context,
    command: Command,
    keys: Vec<Key>,
    /// From a `[keys.CONTEXT]` table (wins over a plain entry).
    specific: bool,
}

/// Parses the keys of one entry, each error at the key's place.
fn parse_keys(
    command: Command,
    keys: &KeyList,
    whole: &Range<usize>,
) -> Result<Vec<Key>, KeymapError> {
    keys.located(whole)
        .into_iter()
        .map(|(text, at)| {
            Key::parse(&text).map_err(|e| KeymapError::at(at, format!("`{}`: {e}", command.name())))
        })
        .collect()
}

/// The command a config name stands for, or an error at the name.
fn command_named(name: &toml::Spanned<String>) -> Result<Command, KeymapError> {
    Command::from_name(name.get_ref()).ok_or_else(|| {
        KeymapError::at(
            name.span(),
            format!(
                "unknown command `{}`; commands are: {}",
                name.get_ref(),
                Command::names()
            ),
        )
    })
}

/// Every user binding, checked: names, keys, and contexts that exist and
/// where the command applies.
fn user_bindings(
    config: &KeysConfig,
    table: &[DefaultBinding],
) -> Result<Vec<UserBinding>, KeymapError> {
    let mut out = Vec::new();
    for (name, keys, whole) in config.plain() {
        let command = command_named(name)?;
        let parsed = parse_keys(command, keys, &whole)?;
        for ctx in contexts_of(table, command) {
            // In a text field a character types: a plain entry leaves it
            // there ([keys.query] / [keys.editor] can bind one).
            let keys: Vec<Key> = parsed
                .iter()
                .copied()
                .filter(|k| !(ctx.types_text() && k.typed().is_some() && !k.alt))
                .collect();
            if ctx.types_text() && keys.is_empty() && !parsed.is_empty() {
                continue;
            }
            out.push(UserBinding {
                ctx,
                command,
                keys,
                specific: false,
            });
        }
    }
    for (ctx_name, entries) in config.contexts() {
        let ctx = Context::from_name(ctx_name.get_ref()).ok_or_else(|| {
            KeymapError::at(
                ctx_name.span(),
                format!(
                    "unknown key context `[keys.{}]`; contexts are: {}",
                    ctx_name.get_ref(),
                    Context::names()
                ),
            )
        })?;
        for (name, keys) in entries {
            let command = command_named(name)?;
            let applies = contexts_of(table, command);
            if !applies.contains(&ctx) {
                let names: Vec<&str> = applies.iter().map(|c| c.name()).collect();
                return Err(KeymapError::at(
                    name.span(),
                    format!(
                        "`{}` does nothing in [keys.{}]; it applies in: {}",
                        command.name(),
                        ctx.name(),
                        names.join(", ")
                    ),
                ));
            }
            out.push(UserBinding {
                ctx,
                command,
                keys: parse_keys(command, keys.get_ref(), &keys.span())?,
                specific: true,
            });
        }
    }
    Ok(out)
}

impl Keymap {
    /// The default bindings with the user's `[keys]` tables over them.
    pub fn new(config: &KeysConfig) -> Result<Keymap, KeymapError> {
        let table = defaults();
        let user = user_bindings(config, &table)?;
        let mut bindings: BTreeMap<Context, Vec<(Key, Command)>> = BTreeMap::new();
        for ctx in Context::ALL {
            // The keys of each command here: a [keys.CONTEXT] entry, else a
            // plain one, else the defaults.
            let chosen = |command: Command| {
                user.iter()
                    .filter(|u| u.ctx == ctx && u.command == command)
                    .max_by_key(|u| u.specific)
            };
            let mut here: Vec<(Key, Command)> = Vec::new();
            // User keys first, [keys.CONTEXT] before plain: the first binding
            // of a key wins, so they beat the defaults that had the key.
            for specific in [true, false] {
                for u in user
                    .iter()
                    .filter(|u| u.ctx == ctx && u.specific == specific)
                {
                    if chosen(u.command).is_some_and(|c| std::ptr::eq(c, u)) {
                        here.extend(u.keys.iter().map(|k| (*k, u.command)));
                    }
                }
            }
            for d in table.iter().filter(|d| d.contexts.contains(&ctx)) {
                if chosen(d.command).is_some() {
                    continue;
                }
                here.extend(d.keys.iter().map(|k| (*k, d.command)));
            }
            // A key taken by the user leaves the command that had it.
            let mut seen = Vec::new();
            here.retain(|(k, _)| {
                let first = !seen.contains(k);
                seen.push(*k);
                first
            });
            bindings.insert(ctx, here);
        }
        let map = Keymap { bindings };
        let quits = [Command::Quit, Command::ForceQuit]
            .into_iter()
            .any(|c| !map.keys(Context::List, c).is_empty());
        if !quits {
            return Err(KeymapError {
                message: "no key quits from the list: bind `quit` or `force_quit` \
                          in [keys] or [keys.list]"
                    .into(),
                span: None,
            });
        }
        Ok(map)
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

    /// The first key of a command in a context as the hints show it, or
    /// the command's config name when it has no key there.
    pub fn label(&self, ctx: Context, command: Command) -> String {
        self.keys(ctx, command)
            .first()
            .map_or_else(|| command.name().to_string(), ToString::to_string)
    }

    /// Every command of a context with its keys, in declaration order.
    pub fn commands(&self, ctx: Context) -> Vec<(Command, Vec<Key>)> {
        Command::ALL
            .into_iter()
            .map(|c| (c, self.keys(ctx, c)))
            .filter(|(_, keys)| !keys.is_empty())
            .collect()
    }

    /// The contexts a command applies in (whether or not it has keys there).
    pub fn contexts_of(command: Command) -> Vec<Context> {
        contexts_of(&defaults(), command)
    }
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::new(&KeysConfig::default()).expect("the defaults are valid")
    }
}

#[cfg(test)]
mod tests;
