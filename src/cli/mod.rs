//! The non-interactive command line: every subcommand is a thin function over
//! `Store`, printing aligned text for people or a
//! stable JSON shape for scripts (`--json`). Errors go to stderr with exit 1.

mod args;
mod argv;
mod bookmark;
mod bulk;
mod completions;
mod config;
mod digest;
mod dismiss;
mod export;
mod export_library;
mod fetch;
mod import;
mod json;
pub mod logging;
mod note;
mod open;
mod output;
mod papers;
mod recommend;
mod signals;
mod stats;
pub mod style;
mod sync;
mod sync_all;
mod sync_oai;
mod text;
mod tidy;
mod watch;

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

pub use args::{Cli, Command};

use crate::config::{Config, Paths};
use crate::store::Store;
use style::Style;

/// What every command needs: where things are, the settings, how to print.
pub struct Ctx {
    pub paths: Paths,
    pub config_result: Result<Config, crate::config::ConfigError>,
    pub style: Style,
}

impl Ctx {
    /// Opens the data dir, telling on stderr what had to be repaired.
    pub fn open_store(&self) -> Result<Store> {
        let store = self.open_store_quietly()?;
        print_notices(&store);
        Ok(store)
    }

    /// Opens the data dir for a command that reads once and exits (`search`,
    /// `list`, `show`, `similar`): as [`Ctx::open_store`], but the index does
    /// not watch for commits other processes make meanwhile.
    pub fn open_store_to_read_once(&self) -> Result<Store> {
        let store = Store::open_once(&self.paths).with_context(|| self.open_failed())?;
        print_notices(&store);
        Ok(store)
    }

    fn open_failed(&self) -> String {
        format!(
            "could not open the folio data dir {}",
            self.paths.data_dir.display()
        )
    }

    /// Opens the data dir, keeping what was repaired for the caller to show
    /// (the reader shows it in its status line).
    pub fn open_store_quietly(&self) -> Result<Store> {
        Store::open(&self.paths).with_context(|| self.open_failed())
    }

    /// Opens the data dir for a command that writes papers: Ctrl-C or
    /// SIGTERM then stops the write cleanly (see `signals`).
    pub fn open_store_for_writing(&self) -> Result<Store> {
        let store = self.open_store()?;
        signals::cancel_on_signal(&store)?;
        Ok(store)
    }

    /// The config, or the error explaining what is wrong with the file.
    pub fn config(&self) -> Result<&Config> {
        self.config_result
            .as_ref()
            .map_err(|e| anyhow::anyhow!("{e}"))
    }
}

/// Entry point of the `folio` binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse_from(argv::reorder(std::env::args_os()));
    let style = Style::detect();
    match run(cli, style) {
        Ok(()) => ExitCode::SUCCESS,
        // The output's reader went away (`folio list | head`): it has all it
        // wanted, so this is a success, and a quiet one.
        Err(err) if output::OutputError::is_closed_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // The chain can quote the user's own arguments and file contents:
            // strip escapes so an error can never drive the terminal.
            let message = crate::model::sanitize::clean_multiline(&format!("{err:#}"));
            eprintln!("{} {message}", style_stderr().error("folio: error:"));
            ExitCode::FAILURE
        }
    }
}

/// `read`/`unread` of one paper, or of every paper a query matches.
fn mark(ctx: &Ctx, args: args::MarkArgs, read: bool) -> Result<()> {
    match (args.id, args.query) {
        (_, Some(query)) => {
            let change = if read {
                bulk::BulkChange::Read
            } else {
                bulk::BulkChange::Unread
            };
            bulk::apply(ctx, &query, change, args.dry_run)
        }
        (Some(_), None) if args.dry_run => {
            anyhow::bail!(
                "--dry-run goes with --query: it says how many papers a query would change"
            )
        }
        (Some(id), None) => bookmark::set_read(ctx, &id, read),
        (None, None) => anyhow::bail!("name a paper id or pass --query QUERY"),
    }
}

/// Tells on stderr what the store repaired or skipped, one line each.
pub fn print_notices(store: &Store) {
    const SHOWN: usize = 5;
    let notices = store.take_notices();
    for notice in &notices {
        tracing::info!(notice = %crate::model::sanitize::clean_text(notice), "repaired or noted");
    }
    for notice in notices.iter().take(SHOWN) {
        eprintln!(
            "{} {}",
            style_stderr().accent("folio: note:"),
            crate::model::sanitize::clean_multiline(notice)
        );
    }
    if notices.len() > SHOWN {
        eprintln!(
            "{} … and {} more like it",
            style_stderr().accent("folio: note:"),
            notices.len() - SHOWN
        );
    }
}

pub(crate) fn style_stderr() -> Style {
    use std::io::IsTerminal;
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    Style { color, width: 80 }
}

fn run(cli: Cli, style: Style) -> Result<()> {
    // These describe the command line only: they work whatever state the
    // config file and the data dir are in, so they come before both.
    match cli.command {
        Some(Command::Completions { shell }) => return completions::completions(shell),
        Some(Command::Man { dir }) => return completions::man(dir.as_deref()),
        _ => {}
    }
    // Without a log folio still works; `folio stats` says why there is none.
    let _ = logging::start(cli.verbose);
    let paths = Paths::resolve(cli.data_dir, cli.config)?;
    let config_result = Config::load(&paths.config_file);
    let ctx = Ctx {
        paths,
        config_result,
        style,
    };
    match cli.command {
        None => {
            use std::io::IsTerminal;
            // A bad `[keys]` table is reported however folio was started.
            crate::tui::keymap_from_config(ctx.config()?)?;
            if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
                // Not interactive (piped or redirected): print the list instead.
                return papers::list(&ctx, None, 50, false);
            }
            let config = ctx.config()?.clone();
            crate::tui::run(ctx.open_store_quietly()?, &config)
        }
        Some(Command::Search(args)) => papers::search(&ctx, args),
        Some(Command::Show { id, json }) => papers::show(&ctx, &id, json),
        Some(Command::Similar { id, limit, json }) => papers::similar(&ctx, &id, limit, json),
        Some(Command::List { sort, limit, json }) => {
            papers::list(&ctx, sort.map(Into::into), limit, json)
        }
        Some(Command::Open { id, target }) => open::open(&ctx, &id, target),
        Some(Command::Bookmark(cmd)) => bookmark::run(&ctx, cmd),
        Some(Command::Note { id }) => note::run(&ctx, &id),
        Some(Command::Config(cmd)) => config::run(&ctx, cmd),
        Some(Command::Read(args)) => mark(&ctx, args, true),
        Some(Command::Unread(args)) => mark(&ctx, args, false),
        Some(Command::Watch(cmd)) => watch::run(&ctx, cmd),
        Some(Command::Dismiss(args)) => dismiss::run(&ctx, &args.ids, true),
        Some(Command::Undismiss(args)) => dismiss::run(&ctx, &args.ids, false),
        Some(Command::Recommend(args)) => recommend::run(&ctx, &args),
        Some(Command::Seen) => watch::seen(&ctx),
        Some(Command::Digest(args)) => digest::run(&ctx, &args),
        Some(Command::Export(args)) => export::run(&ctx, &args),
        Some(Command::Import {
            files,
            format,
            skip_bad,
        }) => import::run(&ctx, &files, format.format(), skip_bad),
        Some(Command::Sync(cmd)) => sync::run(&ctx, cmd),
        Some(Command::Fetch(args)) => fetch::run(&ctx, args),
        Some(Command::Text { id, width, json }) => text::run(&ctx, &id, width, json),
        Some(Command::Reindex) => stats::reindex(&ctx),
        Some(Command::Compact) => stats::compact(&ctx),
        Some(Command::Stats { json }) => stats::stats(&ctx, json),
        // Answered above, before the paths are resolved; kept here so the
        // match stays exhaustive without a panic.
        Some(Command::Completions { shell }) => completions::completions(shell),
        Some(Command::Man { dir }) => completions::man(dir.as_deref()),
    }
}
