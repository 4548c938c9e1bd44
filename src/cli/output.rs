//! Writing to standard output from commands. A closed pipe (`folio list |
//! head`) is not a failure: writing returns [`OutputError::ClosedPipe`], the
//! command stops there, and the binary's edge (`cli::main`) exits quietly
//! with success instead of panicking like `println!` does.

use std::io::Write;

use thiserror::Error;

/// Why the output could not be written.
#[derive(Debug, Error)]
pub enum OutputError {
    /// The reader went away (`| head`): nothing more needs writing.
    #[error("the output's reader closed the pipe")]
    ClosedPipe,
    #[error("could not write the output")]
    Write(#[source] std::io::Error),
}

impl OutputError {
    /// Whether `err` stopped a command because its output's reader went away.
    pub fn is_closed_pipe(err: &anyhow::Error) -> bool {
        err.chain()
            .any(|cause| matches!(cause.downcast_ref(), Some(OutputError::ClosedPipe)))
    }
}

/// Writes `text` to stdout.
pub fn emit(text: &str) -> Result<(), OutputError> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => OutputError::ClosedPipe,
            _ => OutputError::Write(e),
        })
}

/// `println!` that survives a closed pipe: on a write error it returns it
/// from the enclosing function (with `?`), which must return a `Result`.
macro_rules! outln {
    () => { $crate::cli::output::emit("\n")? };
    ($($arg:tt)*) => {{
        let mut line = format!($($arg)*);
        line.push('\n');
        $crate::cli::output::emit(&line)?;
    }};
}

/// `print!` that survives a closed pipe: on a write error it returns it from
/// the enclosing function (with `?`), which must return a `Result`.
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::output::emit(&format!($($arg)*))? };
}

pub(crate) use {out, outln};

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn a_closed_pipe_is_recognised_under_context_and_nothing_else_is() {
        let closed: anyhow::Result<()> = Err(OutputError::ClosedPipe.into());
        let wrapped = closed.context("printing the list").unwrap_err();
        assert!(OutputError::is_closed_pipe(&wrapped));
        let full = OutputError::Write(std::io::Error::other("disk full"));
        assert!(!OutputError::is_closed_pipe(&full.into()));
        assert!(!OutputError::is_closed_pipe(&anyhow::anyhow!(
            "closed pipe"
        )));
    }
}
