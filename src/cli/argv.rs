//! `folio search attention -transformer --limit 5`: query words may start
//! with `-` (an exclusion) and options may come after them. clap cannot tell
//! such a word from an option on its own, so before it parses the command
//! line, the search options found among the query words are moved in front
//! of them and a `--` is put before the words. Which tokens are options, and
//! which of those take a value, is read from clap's own definition of the
//! command: a new search option needs no edit here.
//!
//! The rule users see: in `folio search`, a token is an option wherever it
//! stands if clap knows it (`--json`, `--limit 5`, `--sort=date`, `-v`),
//! an unknown `--long` token is an error, and every other token is a query
//! word; after `--` every token is a query word.

use std::ffi::{OsStr, OsString};

use clap::{Arg, Command, CommandFactory};

/// The subcommand whose trailing tokens are query words.
const SEARCH: &str = "search";
/// The token that ends options.
const END_OF_OPTIONS: &str = "--";

/// The command line `argv` (program name first) with the options of
/// `folio search` moved in front of its query words; any other command line
/// comes back unchanged.
pub fn reorder<T: Into<OsString>>(argv: impl IntoIterator<Item = T>) -> Vec<OsString> {
    let argv: Vec<OsString> = argv.into_iter().map(Into::into).collect();
    let mut cli = super::Cli::command();
    // Building propagates the global options and adds `--help` to every
    // subcommand, so they are known below like any other option.
    cli.build();
    let Some(at) = subcommand_at(&cli, &argv) else {
        return argv;
    };
    let Some(search) = argv[at]
        .to_str()
        .and_then(|name| cli.find_subcommand(name))
        .filter(|sub| sub.get_name() == SEARCH)
    else {
        return argv;
    };
    let (head, rest) = argv.split_at(at + 1);
    let mut reordered = head.to_vec();
    reordered.extend(options_first(search, rest));
    reordered
}

/// Where the subcommand's name stands: the first token after the program
/// name that is neither a top-level option nor an option's value.
fn subcommand_at(cli: &Command, argv: &[OsString]) -> Option<usize> {
    let mut at = 1;
    while let Some(token) = argv.get(at) {
        if token == END_OF_OPTIONS {
            return None;
        }
        match option(cli, token) {
            Some(option) => at += 1 + usize::from(option.value_follows),
            None if token.to_str().is_some_and(|t| t.starts_with('-')) => return None,
            None => return Some(at),
        }
    }
    None
}

/// The subcommand's tokens as clap can parse them: its options (each with
/// its value), then `--` and the query words in their order.
fn options_first(search: &Command, tokens: &[OsString]) -> Vec<OsString> {
    let mut options = Vec::new();
    let mut words = Vec::new();
    let mut iter = tokens.iter();
    while let Some(token) = iter.next() {
        if token == END_OF_OPTIONS {
            words.extend(iter.by_ref().cloned());
            break;
        }
        match option(search, token) {
            Some(option) => {
                options.push(token.clone());
                if option.value_follows {
                    options.extend(iter.next().cloned());
                }
            }
            // An unknown `--long` is a mistyped option: clap says so.
            None if token.to_str().is_some_and(|t| t.starts_with("--")) => {
                options.push(token.clone());
            }
            None => words.push(token.clone()),
        }
    }
    if !words.is_empty() {
        options.push(END_OF_OPTIONS.into());
        options.extend(words);
    }
    options
}

/// What clap's definition says about a token that names an option.
struct OptionToken {
    /// The option's value is the next token (`--limit 5`, not `--limit=5`).
    value_follows: bool,
}

/// The option `token` names in `command`: `--long`, `--long=value`, `-s`,
/// or a cluster of short flags (`-vv`); `None` when it names none.
fn option(command: &Command, token: &OsStr) -> Option<OptionToken> {
    let token = token.to_str()?;
    if let Some(long) = token.strip_prefix("--") {
        let (name, inline) = match long.split_once('=') {
            Some((name, _)) => (name, true),
            None => (long, false),
        };
        let arg = command.get_arguments().find(|arg| {
            arg.get_long_and_visible_aliases()
                .is_some_and(|l| l.contains(&name))
        })?;
        return Some(OptionToken {
            value_follows: takes_value(arg) && !inline,
        });
    }
    let shorts = token.strip_prefix('-').filter(|s| !s.is_empty())?;
    let mut value_follows = false;
    for (i, c) in shorts.char_indices() {
        let arg = command.get_arguments().find(|arg| {
            arg.get_short_and_visible_aliases()
                .is_some_and(|s| s.contains(&c))
        })?;
        if takes_value(arg) {
            // `-o FILE` or `-oFILE`: the rest of the token is the value.
            value_follows = i + c.len_utf8() == shorts.len();
            break;
        }
    }
    Some(OptionToken { value_follows })
}

/// Whether the option takes a value (`--limit 5`) or is a flag (`--json`).
fn takes_value(arg: &Arg) -> bool {
    arg.get_action().takes_values()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn reordered(args: &[&str]) -> Vec<String> {
        let argv = std::iter::once("folio").chain(args.iter().copied());
        reorder(argv)
            .into_iter()
            .skip(1)
            .map(|t| t.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn options_after_the_words_move_in_front_of_them() {
        assert_eq!(
            reordered(&[
                "search",
                "attention",
                "-transformer",
                "--limit",
                "5",
                "--json"
            ]),
            [
                "search",
                "--limit",
                "5",
                "--json",
                "--",
                "attention",
                "-transformer"
            ]
        );
    }

    #[test]
    fn options_among_the_words_move_and_the_words_keep_their_order() {
        assert_eq!(
            reordered(&["search", "a", "--sort=date", "b", "--prefix", "-c"]),
            ["search", "--sort=date", "--prefix", "--", "a", "b", "-c"]
        );
    }

    #[test]
    fn global_options_count_as_options_too() {
        assert_eq!(
            reordered(&["--data-dir", "d", "search", "x", "-vv", "--config", "c"]),
            [
                "--data-dir",
                "d",
                "search",
                "-vv",
                "--config",
                "c",
                "--",
                "x"
            ]
        );
    }

    #[test]
    fn after_a_double_dash_every_token_is_a_word() {
        assert_eq!(
            reordered(&["search", "--json", "--", "-has:code", "--limit", "3"]),
            ["search", "--json", "--", "-has:code", "--limit", "3"]
        );
    }

    #[test]
    fn a_word_that_starts_like_a_short_flag_stays_a_word() {
        // `-h` is help, but `-has:code` is no cluster of known flags.
        assert_eq!(
            reordered(&["search", "-has:code", "--json"]),
            ["search", "--json", "--", "-has:code"]
        );
    }

    fn parsed_search(args: &[&str]) -> Result<crate::cli::args::SearchArgs, clap::Error> {
        let argv = std::iter::once("folio").chain(args.iter().copied());
        match crate::cli::Cli::try_parse_from(reorder(argv))?.command {
            Some(crate::cli::Command::Search(search)) => Ok(search),
            other => Err(clap::Error::raw(
                clap::error::ErrorKind::InvalidSubcommand,
                format!("not a search: {other:?}"),
            )),
        }
    }

    #[test]
    fn clap_parses_the_reordered_line_into_options_and_words() {
        let search = parsed_search(&[
            "search", "a", "--limit", "7", "-b", "--sort", "date", "--json",
        ])
        .unwrap();
        assert_eq!(search.query, ["a", "-b"]);
        assert_eq!(search.limit, 7);
        assert!(search.json && !search.prefix);
        assert!(matches!(search.sort, Some(crate::cli::args::SortArg::Date)));
        let search = parsed_search(&["search", "--prefix", "--", "--json", "-x"]).unwrap();
        assert_eq!(search.query, ["--json", "-x"]);
        assert!(search.prefix && !search.json);
        let search = parsed_search(&["search", "--limit", "3", "a", "--limit", "9"]).unwrap();
        assert_eq!(search.limit, 9);
    }

    #[test]
    fn clap_still_rejects_what_is_wrong() {
        for args in [
            vec!["search", "a", "--jsn"],
            vec!["search", "a", "--limit", "many"],
            vec!["search", "a", "--sort", "sideways"],
            vec!["search", "--json"],
            vec!["search", "a", "--limit"],
        ] {
            assert!(parsed_search(&args).is_err(), "{args:?}");
        }
    }

    #[test]
    fn other_commands_are_left_alone() {
        let args = ["list", "--limit", "3", "--json"];
        assert_eq!(reordered(&args), args);
        let args = ["bookmark", "add", "x", "--tag", "t"];
        assert_eq!(reordered(&args), args);
        assert_eq!(reordered(&["--version"]), ["--version"]);
    }
}
