//! The user's own data about papers: bookmarks (with tags and a note), read
//! marks, dismissals ("not interested"), and when they last looked at the
//! feed.
//!
//! Unlike the search index, which can always be rebuilt from the feeds, this
//! cannot be recreated, so it lives in its own small JSON file that is only
//! ever replaced atomically, under a lock, with a backup of the previous
//! version kept beside it, and never silently replaced by an empty one (see
//! `store.rs` for the rules).

mod dismiss;
mod entry;
mod error;
mod format;
mod state;
mod store;
mod tags;
mod watch;

pub use dismiss::DismissError;
pub use entry::Entry;
pub use error::LibraryError;
pub use state::{FORMAT_VERSION, UserState};
pub use store::{BACKUP_COUNT, Library, Recovered};
pub use tags::normalize_tag;
pub use watch::{MAX_WATCH_NAME, Watch, WatchError, WatchSource, normalize_watch_name};
