//! Ctrl-C and `kill` during a write: the first SIGINT or SIGTERM asks the
//! store's write in progress to stop before it commits (so nothing of it
//! lands), and the command then exits with a message; a second one ends the
//! process at once, which the store survives as it survives SIGKILL.

use anyhow::{Context, Result};
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::flag;

use crate::store::Store;

/// Exit status of a process ended by a second signal: 128 + SIGINT, as
/// shells report a process Ctrl-C ended.
const SECOND_SIGNAL_EXIT: i32 = 130;

/// Routes SIGINT and SIGTERM to the store's cancel flag for the rest of the
/// process.
pub fn cancel_on_signal(store: &Store) -> Result<()> {
    let cancel = store.cancel().flag();
    for signal in [SIGINT, SIGTERM] {
        // Registered first, so it sees the flag as it was before this signal.
        flag::register_conditional_shutdown(signal, SECOND_SIGNAL_EXIT, cancel.clone())
            .context("could not set up the Ctrl-C handler")?;
        flag::register(signal, cancel.clone()).context("could not set up the Ctrl-C handler")?;
    }
    Ok(())
}
