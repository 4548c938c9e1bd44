//! The threads searches run their segments on, in two lanes. What someone
//! is waiting for (a `folio search`, the reader's first page after a key)
//! runs in the front lane; what can come a frame later (the reader's count
//! of every match and its whole list) runs in the back lane, whose threads
//! ask the system for a lower CPU priority. On two cores the back lane's
//! two threads would otherwise share them evenly with the reader drawing
//! the first page and with the terminal showing it: measured at 1M papers,
//! loading and drawing the rows of the first page took up to 6 ms instead
//! of 1 ms while the count ran beside it.
//!
//! Which lane a search takes is the calling thread's: [`in_back_lane`]
//! runs a closure whose searches all take the back lane.

use std::cell::Cell;
use std::sync::{Arc, OnceLock};

use tantivy::Executor;

/// Threads per lane: every core, up to four.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

thread_local! {
    /// True while this thread runs [`in_back_lane`]'s closure.
    static IN_BACK_LANE: Cell<bool> = const { Cell::new(false) };
}

/// Runs `work` with every search it starts in the back lane.
pub fn in_back_lane<T>(work: impl FnOnce() -> T) -> T {
    /// Puts the thread's lane back even if `work` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            IN_BACK_LANE.with(|lane| lane.set(self.0));
        }
    }
    let _restore = Restore(IN_BACK_LANE.with(|lane| lane.replace(true)));
    work()
}

/// The executor for a search started on this thread now.
pub(crate) fn executor() -> &'static Executor {
    if IN_BACK_LANE.with(Cell::get) {
        back_lane()
    } else {
        front_lane()
    }
}

fn front_lane() -> &'static Executor {
    static FRONT: OnceLock<Executor> = OnceLock::new();
    FRONT.get_or_init(|| match threads() {
        1 => Executor::single_thread(),
        threads => Executor::multi_thread(threads, "folio-search-")
            .unwrap_or_else(|_| Executor::single_thread()),
    })
}

fn back_lane() -> &'static Executor {
    static BACK: OnceLock<Executor> = OnceLock::new();
    BACK.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads())
            .thread_name(|n| format!("folio-background-{n}"))
            .start_handler(|_| lower_this_threads_priority())
            .build()
            .map(|pool| Executor::ThreadPool(Arc::new(pool)))
            // Without threads of its own the back lane shares the front's.
            .unwrap_or_else(|_| front_lane().clone())
    })
}

/// Asks for less CPU for the calling thread. Where that is refused or not
/// possible, the thread runs at the normal priority: slower to give way,
/// never wrong.
fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    {
        /// A nice value of 10 weighs about a tenth of a normal thread's
        /// when both want a core.
        const BACK_LANE_NICENESS: i32 = 10;
        // On Linux the nice value belongs to the thread, named by its id.
        let _ = rustix::process::setpriority_process(
            Some(rustix::thread::gettid()),
            BACK_LANE_NICENESS,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The name of the thread a one-task map over `executor` runs on.
    fn runs_on(executor: &Executor) -> String {
        let names = executor
            .map(
                |_| Ok(std::thread::current().name().unwrap_or("").to_string()),
                std::iter::once(()),
            )
            .unwrap();
        names.into_iter().next().unwrap()
    }

    #[test]
    fn searches_take_the_back_lane_only_inside_in_back_lane() {
        if threads() == 1 {
            eprintln!("one core: both lanes run on the calling thread, nothing to tell apart");
            return;
        }
        assert!(runs_on(executor()).starts_with("folio-search-"));
        let inside = in_back_lane(|| runs_on(executor()));
        assert!(inside.starts_with("folio-background-"), "{inside}");
        assert!(
            runs_on(executor()).starts_with("folio-search-"),
            "the lane is put back after the closure"
        );
    }

    #[cfg(target_os = "linux")]
    fn this_threads_niceness() -> i32 {
        rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap()
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_back_lane_asks_for_less_cpu() {
        if threads() == 1 {
            eprintln!("one core: no back-lane threads");
            return;
        }
        let niceness = back_lane()
            .map(|_| Ok(this_threads_niceness()), std::iter::once(()))
            .unwrap();
        let ours = this_threads_niceness();
        assert!(niceness[0] > ours, "{} vs {ours}", niceness[0]);
    }
}
