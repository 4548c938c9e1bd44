//! A flag that asks a long write (an import, a sync, a rebuild) to stop
//! before it commits anything, shared between the code doing the work and
//! whoever may stop it: a SIGINT/SIGTERM handler, or the reader quitting.
//! The reader's searches carry one too, raised when a newer search
//! replaces them (a search has nothing to commit; it just stops).
//!
//! Cancelling never interrupts a commit half-way: the work checks the flag
//! between papers and once more just before it commits, and a commit that
//! has started runs to its end, so either all of an import lands or none.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Cheap to clone; every clone sees the same flag.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// A flag nobody has raised yet.
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Asks the work to stop at its next check.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// The shared flag itself, for signal handlers that set it directly.
    pub fn flag(&self) -> &Arc<AtomicBool> {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_one_flag() {
        let a = Cancel::new();
        let b = a.clone();
        assert!(!b.is_cancelled());
        a.cancel();
        assert!(b.is_cancelled());
    }
}
