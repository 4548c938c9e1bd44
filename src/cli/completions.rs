//! `folio completions SHELL` and `folio man`: what users expect of a Rust
//! terminal tool besides `--help`. Both are generated from the clap
//! declaration in [`args`](super::args), so they never drift from the real
//! command line.

use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;
use super::output;

/// Prints the completion script for `shell` to stdout.
pub fn completions(shell: Shell) -> Result<()> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "folio", &mut script);
    let script = String::from_utf8(script).context("the completion script is not UTF-8")?;
    output::emit(&script)?;
    Ok(())
}

/// Prints the man page to stdout, or with `dir` writes `folio.1` and one
/// `folio-COMMAND.1` page per subcommand into that directory.
pub fn man(dir: Option<&Path>) -> Result<()> {
    let cmd = Cli::command();
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("could not create {}", dir.display()))?;
        return clap_mangen::generate_to(cmd, dir)
            .with_context(|| format!("could not write the man pages into {}", dir.display()));
    }
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut page)
        .context("could not render the man page")?;
    let page = String::from_utf8(page).context("the man page is not UTF-8")?;
    output::emit(&page)?;
    Ok(())
}
