//! The index worker: runs searches, library writes and browser launches off
//! the UI thread, and notices changes made by other folio processes. When
//! several searches queue up while the user types, only the newest runs.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, SystemTime};

use super::event::{Event, SearchJob, SearchOutcome};
use super::search::{FIRST_PAGE, run_search, run_search_page};
use super::state::Status;
use super::update::LibraryOp;
use crate::config::Config;
use crate::store::Store;
use crate::sync;

/// How often the worker looks for changes made by other processes.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

pub enum Job {
    Search(SearchJob),
    Library(LibraryOp),
    Open(String),
    Sync,
}

pub fn spawn(store: Arc<Store>, config: Config, events: Sender<Event>) -> Sender<Job> {
    let (tx, rx) = mpsc::channel();
    thread::Builder::new()
        .name("folio-worker".into())
        .spawn(move || Worker::new(store, config, events).run(rx))
        .expect("the worker thread starts");
    tx
}

struct Worker {
    store: Arc<Store>,
    config: Config,
    /// Set while a sync runs on its own thread (one at a time).
    syncing: Arc<AtomicBool>,
    events: Sender<Event>,
    library_mtime: Option<SystemTime>,
    generation: u64,
}

impl Worker {
    fn new(store: Arc<Store>, config: Config, events: Sender<Event>) -> Worker {
        let generation = store.index().searcher().generation().generation_id();
        let library_mtime = mtime(&store);
        Worker {
            store,
            config,
            syncing: Arc::new(AtomicBool::new(false)),
            events,
            library_mtime,
            generation,
        }
    }

    fn run(mut self, jobs: Receiver<Job>) {
        let mut backlog: VecDeque<Job> = VecDeque::new();
        loop {
            let first = match backlog.pop_front() {
                Some(job) => job,
                None => match jobs.recv_timeout(POLL_INTERVAL) {
                    Ok(job) => job,
                    Err(RecvTimeoutError::Timeout) => {
                        self.poll();
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                },
            };
            let mut batch = vec![first];
            batch.extend(backlog.drain(..));
            batch.extend(jobs.try_iter());
            let newest_search = batch.iter().rposition(|j| matches!(j, Job::Search(_)));
            for (i, job) in batch.into_iter().enumerate() {
                match job {
                    Job::Search(s) if Some(i) == newest_search => {
                        self.search(s, &jobs, &mut backlog)
                    }
                    Job::Search(_) => {}
                    Job::Library(op) => self.library(op),
                    Job::Open(url) => self.open(&url),
                    Job::Sync => self.sync(),
                }
            }
        }
    }

    fn send(&self, event: Event) {
        let _ = self.events.send(event);
    }

    fn status(&self, text: String, error: bool) {
        self.send(Event::Status(Status { text, error }));
    }

    /// Answers with the first screenful at once, then with the whole list,
    /// unless the user has typed on meanwhile (then the newer query wins).
    fn search(&mut self, job: SearchJob, jobs: &Receiver<Job>, backlog: &mut VecDeque<Job>) {
        self.generation = self.store.index().searcher().generation().generation_id();
        let first = run_search_page(&self.store, &job, FIRST_PAGE);
        let complete = first.as_ref().map_or(true, |f| f.hits.len() >= f.total);
        self.send(Event::Results(SearchOutcome {
            seq: job.seq,
            keep_selection: job.keep_selection,
            result: first,
        }));
        if complete {
            return;
        }
        backlog.extend(jobs.try_iter());
        if backlog.iter().any(|j| matches!(j, Job::Search(_))) {
            return;
        }
        let result = run_search(&self.store, &job);
        self.send(Event::Results(SearchOutcome {
            seq: job.seq,
            keep_selection: true,
            result,
        }));
    }

    fn library(&mut self, op: LibraryOp) {
        let now = chrono::Utc::now();
        let result = self.store.library().update(|state| {
            op.apply(state, now);
            state.clone()
        });
        match result {
            Ok(state) => {
                self.library_mtime = mtime(&self.store);
                self.send(Event::Library(state));
            }
            Err(e) => {
                self.status(format!("not saved: {e}"), true);
                if let Ok(state) = self.store.library().load() {
                    self.send(Event::Library(state));
                }
            }
        }
    }

    fn open(&self, url: &str) {
        match crate::browser::open_url(url, self.config.browser.as_deref()) {
            Ok(()) => self.status(format!("opened {url}"), false),
            Err(e) => self.status(e.to_string(), true),
        }
    }

    /// Syncs today's HF papers on a thread of its own, so searches never wait
    /// behind the network; the new papers arrive through the index poll.
    fn sync(&self) {
        if self.syncing.swap(true, Ordering::SeqCst) {
            self.status("a sync is already running".into(), false);
            return;
        }
        let store = self.store.clone();
        let events = self.events.clone();
        let syncing = self.syncing.clone();
        let request = sync::SyncRequest::hf_today();
        let base = request.base_url(&self.config.sources, None).to_string();
        let spawned = thread::Builder::new()
            .name("folio-sync".into())
            .spawn(move || {
                let status = |text: String, error: bool| {
                    let _ = events.send(Event::Status(Status { text, error }));
                };
                let client = sync::HttpClient::default();
                let mut progress = |line: &str| status(format!("syncing: {line}"), false);
                match sync::sync_into(&store, &client, &base, &request, &mut progress) {
                    Ok(summary) => {
                        let s = &summary.imported;
                        status(
                            format!(
                                "synced {} papers ({} new, {} updated) from {}",
                                s.total(),
                                s.new,
                                s.updated,
                                summary.source
                            ),
                            false,
                        );
                        let _ = events.send(Event::IndexChanged);
                    }
                    Err(e) => status(format!("sync failed: {e}"), true),
                }
                syncing.store(false, Ordering::SeqCst);
            });
        if spawned.is_err() {
            self.syncing.store(false, Ordering::SeqCst);
            self.status("could not start the sync thread".into(), true);
        }
    }

    /// Picks up bookmarks made by `folio bookmark` and papers imported by
    /// `folio import` while the reader runs.
    fn poll(&mut self) {
        let now = mtime(&self.store);
        if now != self.library_mtime {
            self.library_mtime = now;
            if let Ok(state) = self.store.library().load() {
                self.send(Event::Library(state));
            }
        }
        let generation = self.store.index().searcher().generation().generation_id();
        if generation != self.generation {
            self.generation = generation;
            self.send(Event::IndexChanged);
        }
    }
}

fn mtime(store: &Store) -> Option<SystemTime> {
    std::fs::metadata(store.library().path())
        .and_then(|m| m.modified())
        .ok()
}
