//! The index worker's mailbox: the jobs the reader hands it, and the
//! sending end, which cancels the search in progress whenever a newer one
//! is sent. A key typed during a long search (a broad query over a million
//! papers) is then answered as soon as the worker sees the flag, within a
//! millisecond or so, instead of after the stale search has run to its end.

use std::sync::mpsc::Sender;

use super::event::SearchJob;
use super::update::LibraryOp;
use crate::cancel::Cancel;
use crate::fulltext::positions::ReadingPosition;

pub enum Job {
    /// A search, and the flag that says a newer search replaced it.
    Search(SearchJob, Cancel),
    Library(LibraryOp, chrono::DateTime<chrono::Utc>),
    Open(String),
    Sync,
    MarkAllRead(SearchJob, chrono::DateTime<chrono::Utc>),
    CountWatches,
    /// Load (or fetch) a paper's text, laid out this many columns wide, on
    /// a thread of its own.
    OpenText(String, u16),
    /// Keep where the reader left a paper's text.
    SavePosition(String, ReadingPosition),
    /// Download a paper's PDF, on a thread of its own.
    FetchPdf(String),
    /// Say why the "for you" model recommends a paper.
    Explain(String),
    /// Panics on the worker thread, to test that the reader survives it.
    #[cfg(test)]
    Panic,
}

impl Job {
    /// A search with a flag of its own, not raised yet.
    pub fn search(job: SearchJob) -> Job {
        Job::Search(job, Cancel::new())
    }
}

/// The reader's end of the worker's channel. Sending a search raises the
/// flag of the search sent before it: only the newest search is wanted, and
/// the worker, which checks the flag while it collects, drops the old one.
pub struct JobSender {
    jobs: Sender<Job>,
    /// The flag of the last search sent.
    last_search: Cancel,
}

impl JobSender {
    pub fn new(jobs: Sender<Job>) -> JobSender {
        JobSender {
            jobs,
            last_search: Cancel::new(),
        }
    }

    /// Sends `job`; a search cancels the search sent before it. Fails only
    /// once the worker has ended.
    pub fn send(&mut self, job: Job) -> Result<(), WorkerGone> {
        if let Job::Search(_, cancel) = &job {
            self.last_search.cancel();
            self.last_search = cancel.clone();
        }
        self.jobs.send(job).map_err(|_| WorkerGone)
    }
}

/// The worker thread has ended (it says why on the event channel).
#[derive(Debug, thiserror::Error)]
#[error("the index worker has stopped; restart folio")]
pub struct WorkerGone;

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;

    fn job(seq: u64) -> SearchJob {
        SearchJob::typed(seq, "neural")
    }

    fn flag(job: &Job) -> &Cancel {
        match job {
            Job::Search(_, cancel) => cancel,
            _ => unreachable!("only searches are sent here"),
        }
    }

    #[test]
    fn a_newer_search_cancels_the_one_before_only() {
        let (tx, rx) = mpsc::channel();
        let mut sender = JobSender::new(tx);
        sender.send(Job::search(job(1))).unwrap();
        sender.send(Job::Sync).unwrap();
        let first = rx.recv().unwrap();
        let _sync = rx.recv().unwrap();
        assert!(!flag(&first).is_cancelled(), "nothing newer yet");
        sender.send(Job::search(job(2))).unwrap();
        let second = rx.recv().unwrap();
        assert!(flag(&first).is_cancelled());
        assert!(!flag(&second).is_cancelled(), "the newest search runs");
    }
}
