//! Whether an open index keeps up with commits made while it is open. A
//! reader that stays open (the TUI) must see what another process imports;
//! a command that searches once and exits never will, and following costs
//! it two threads and a watch on `meta.json` at every start.

use tantivy::ReloadPolicy;

/// How an opened index learns of new commits by other processes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Follow {
    /// A watcher thread reloads the index shortly after every commit.
    #[default]
    Commits,
    /// The index stays as it was opened (and as this process's own writes
    /// leave it: a write reloads it explicitly). For commands that read once.
    Once,
}

impl Follow {
    pub(super) fn reload_policy(self) -> ReloadPolicy {
        match self {
            Follow::Commits => ReloadPolicy::OnCommitWithDelay,
            Follow::Once => ReloadPolicy::Manual,
        }
    }
}
