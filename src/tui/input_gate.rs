//! Lets the reader lend its terminal to another program (the user's editor)
//! without the input thread stealing that program's keys: the reader asks
//! the thread to pause, waits until it has stopped reading, runs the
//! program, then lets the thread read again.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// What the input thread may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Read the terminal.
    Reading,
    /// Stop reading as soon as it can, and say so.
    PauseAsked,
    /// Not reading until told to.
    Paused,
}

/// Shared by the reader's loop and the input thread; cheap to clone.
#[derive(Debug, Clone)]
pub struct InputGate {
    shared: Arc<(Mutex<Phase>, Condvar)>,
}

/// How long pausing waits for the input thread (it checks at least this
/// often); past it the thread is taken to be gone.
const PAUSE_WAIT: Duration = Duration::from_secs(1);

impl Default for InputGate {
    fn default() -> Self {
        InputGate {
            shared: Arc::new((Mutex::new(Phase::Reading), Condvar::new())),
        }
    }
}

impl InputGate {
    fn phase(&self) -> MutexGuard<'_, Phase> {
        // A poisoned lock only means a thread panicked holding it; the
        // phase itself is always a valid value.
        self.shared.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Asks the input thread to stop reading and waits until it has (or
    /// until it is clearly not answering: it may have ended).
    pub fn pause(&self) {
        let mut phase = self.phase();
        *phase = Phase::PauseAsked;
        let (_, changed) = &*self.shared;
        let _ = changed.wait_timeout_while(phase, PAUSE_WAIT, |p| *p == Phase::PauseAsked);
    }

    /// Lets the input thread read again.
    pub fn resume(&self) {
        *self.phase() = Phase::Reading;
        self.shared.1.notify_all();
    }

    /// For the input thread: whether a pause was asked for (then it must not
    /// start a read).
    pub fn pause_asked(&self) -> bool {
        *self.phase() != Phase::Reading
    }

    /// For the input thread, between reads: when a pause was asked for, say
    /// it is paused and block until reading may go on.
    pub fn wait_while_paused(&self) {
        let (_, changed) = &*self.shared;
        let mut phase = self.phase();
        loop {
            match *phase {
                Phase::Reading => return,
                // Asked (again, if a resume and a new pause both came while
                // it slept): say it is paused.
                Phase::PauseAsked => {
                    *phase = Phase::Paused;
                    changed.notify_all();
                }
                Phase::Paused => {}
            }
            phase = changed.wait(phase).unwrap_or_else(|e| e.into_inner());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn pause_returns_once_the_reader_thread_stopped_and_resume_frees_it() {
        let gate = InputGate::default();
        let reading = Arc::new(AtomicBool::new(true));
        let stop = Arc::new(AtomicBool::new(false));
        let (thread_gate, flag, stopped) = (gate.clone(), reading.clone(), stop.clone());
        // Reads as the real thread does (a poll with a timeout stands for
        // a read), until told to stop.
        let thread = std::thread::spawn(move || {
            while !stopped.load(Ordering::SeqCst) {
                if thread_gate.pause_asked() {
                    flag.store(false, Ordering::SeqCst);
                    thread_gate.wait_while_paused();
                    flag.store(true, Ordering::SeqCst);
                }
                std::thread::yield_now();
            }
        });
        for _ in 0..100 {
            gate.pause();
            assert!(!reading.load(Ordering::SeqCst), "paused means not reading");
            assert_eq!(*gate.phase(), Phase::Paused, "the thread said so");
            gate.resume();
        }
        stop.store(true, Ordering::SeqCst);
        thread.join().expect("the input thread ends");
        assert!(reading.load(Ordering::SeqCst));
    }

    #[test]
    fn pausing_a_gate_nobody_reads_gives_up_instead_of_hanging() {
        let gate = InputGate::default();
        gate.pause();
        assert!(gate.pause_asked());
        gate.resume();
        assert!(!gate.pause_asked());
    }
}
