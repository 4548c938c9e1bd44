//! The index worker: runs searches, library writes and browser launches off
//! the UI thread, and notices changes made by other folio processes. When
//! several searches queue up while the user types, only the newest runs,
//! and a search already running stops as soon as a newer one is sent (see
//! [`super::jobs::JobSender`]).
//!
//! A panic here must not take the reader down with a garbled screen: a
//! search that panics becomes an error answer, and a worker that dies says
//! so on the event channel so the reader can restore the terminal and
//! report it.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, SystemTime};

use super::event::{Event, Found, SearchJob, SearchOutcome};
use super::jobs::{Job, JobSender};
use super::search::mark_all_read;
use super::state::Status;
use super::taste_work::{TasteSlot, TasteTrainer, TrainRequest, search_with_taste};
use super::update::LibraryOp;
use crate::cancel::Cancel;
use crate::config::Config;
use crate::fulltext::fetch::FetchOptions;
use crate::index::{Budget, IndexGeneration, in_back_lane};
use crate::store::Store;
use crate::sync::HttpSettings;
use crate::sync::all::{SourceProgress, SyncAllOptions, SyncHooks, SyncReport, sync_all};

/// How often the worker looks for changes made by other processes.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Starts the worker. Its syncs report to `control`, which the reader keeps
/// (and hands to a worker started after this one died) to stop a sync in
/// progress when it quits. If the worker dies (a panic), it sends
/// [`Event::WorkerDied`] as it goes.
pub fn spawn(
    store: Arc<Store>,
    config: Config,
    events: Sender<Event>,
    control: Arc<SyncControl>,
) -> std::io::Result<JobSender> {
    let (tx, rx) = mpsc::channel();
    thread::Builder::new()
        .name("folio-worker".into())
        .spawn(move || {
            let died = events.clone();
            let ran = catch_unwind(AssertUnwindSafe(move || {
                Worker::new(store, config, events, control).run(rx)
            }));
            if let Err(panic) = ran {
                let _ = died.send(Event::WorkerDied(panic_message(panic.as_ref())));
            }
        })?;
    Ok(JobSender::new(tx))
}

/// The text of a panic payload (`panic!` with a message gives a `&str` or a
/// `String`).
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "an unknown error".to_string())
}

/// Where a sync is, as far as quitting cares: while it fetches nothing is
/// written and the process may simply leave; once it imports, the reader
/// waits for it (cancelled, it rolls back quickly; a commit runs to its end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum SyncPhase {
    #[default]
    Idle,
    Fetching,
    Importing,
    /// Saved; the notify command may still run (nothing to wait for).
    Notifying,
}

/// Shared between the sync thread and the reader's loop.
#[derive(Debug, Default)]
pub struct SyncControl {
    phase: Mutex<SyncPhase>,
    changed: Condvar,
}

impl SyncControl {
    fn phase(&self) -> std::sync::MutexGuard<'_, SyncPhase> {
        self.phase.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn set(&self, phase: SyncPhase) {
        *self.phase() = phase;
        self.changed.notify_all();
    }

    /// Claims the one sync slot; false when a sync is already running.
    fn begin_fetch(&self) -> bool {
        let mut phase = self.phase();
        if *phase != SyncPhase::Idle {
            return false;
        }
        *phase = SyncPhase::Fetching;
        true
    }

    /// Moves a sync from fetching to importing, unless quitting has already
    /// raised `store`'s cancel flag (then the papers are dropped unsaved).
    /// Under the same lock as [`SyncControl::stop`], so either the import
    /// never starts or the reader waits for it.
    fn begin_import(&self, store: &Store) -> bool {
        let mut phase = self.phase();
        if store.cancel().is_cancelled() {
            return false;
        }
        *phase = SyncPhase::Importing;
        true
    }

    /// Asks a sync in progress to stop (raising `store`'s cancel flag) and
    /// waits up to `patience` for one that is importing; true when nothing
    /// is left to wait for. A sync still fetching is abandoned: it has
    /// written nothing and will not start its import.
    pub fn stop(&self, store: &Store, patience: Duration) -> bool {
        let phase = self.phase();
        store.cancel().cancel();
        let (phase, _) = self
            .changed
            .wait_timeout_while(phase, patience, |p| *p == SyncPhase::Importing)
            .unwrap_or_else(|e| e.into_inner());
        *phase != SyncPhase::Importing
    }
}

/// Marks the sync finished when the sync thread ends, even by a panic.
struct SyncDone {
    control: Arc<SyncControl>,
}

impl Drop for SyncDone {
    fn drop(&mut self) {
        self.control.set(SyncPhase::Idle);
    }
}

/// The index generation the reader last refreshed for, shared by the poll
/// and the sync thread so one commit asks for one refresh, not one each.
#[derive(Debug, Default)]
struct SeenGeneration(Mutex<Option<IndexGeneration>>);

impl SeenGeneration {
    /// Records `store`'s current generation; true if it is new to us.
    fn update(&self, store: &Store) -> bool {
        let now = store.index().generation();
        let mut seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
        seen.replace(now) != Some(now)
    }
}

struct Worker {
    store: Arc<Store>,
    config: Config,
    /// Where the sync running on its own thread is (one at a time).
    control: Arc<SyncControl>,
    events: Sender<Event>,
    library_mtime: Option<SystemTime>,
    generation: Arc<SeenGeneration>,
    /// The last "for you" model, which searches rank by.
    taste: TasteSlot,
    /// The thread that trains it (started at the first search that needs it).
    trainer: Option<TasteTrainer>,
}

impl Worker {
    fn new(
        store: Arc<Store>,
        config: Config,
        events: Sender<Event>,
        control: Arc<SyncControl>,
    ) -> Worker {
        let generation = Arc::new(SeenGeneration::default());
        generation.update(&store);
        let library_mtime = mtime(&store);
        Worker {
            store,
            config,
            control,
            events,
            library_mtime,
            generation,
            taste: TasteSlot::default(),
            trainer: None,
        }
    }

    fn run(mut self, jobs: Receiver<Job>) {
        loop {
            let first = match jobs.recv_timeout(POLL_INTERVAL) {
                Ok(job) => job,
                Err(RecvTimeoutError::Timeout) => {
                    self.poll();
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return,
            };
            let mut batch = vec![first];
            batch.extend(jobs.try_iter());
            let newest_search = batch.iter().rposition(|j| matches!(j, Job::Search(..)));
            let last_count = batch.iter().rposition(|j| matches!(j, Job::CountWatches));
            // Moving through the list asks for each paper's reason; only the
            // paper the selection stopped on is worth explaining.
            let last_explain = batch.iter().rposition(|j| matches!(j, Job::Explain(_)));
            for (i, job) in batch.into_iter().enumerate() {
                match job {
                    Job::Search(s, cancel) if Some(i) == newest_search => self.search(s, &cancel),
                    Job::Search(..) => {}
                    Job::Library(op, at) => self.library(op, at),
                    Job::Open(url) => self.open(&url),
                    Job::Sync => self.sync(),
                    Job::MarkAllRead(job, at) => self.mark_all_read(&job, at),
                    Job::CountWatches if Some(i) == last_count => self.count_watches(),
                    Job::CountWatches => {}
                    Job::OpenText(id, width) => self.open_text(id, width),
                    Job::SavePosition(id, position) => {
                        if let Some(status) =
                            super::text_work::save_position(&self.store, &id, position)
                        {
                            self.send(Event::Status(status));
                        }
                    }
                    Job::FetchPdf(id) => self.fetch_pdf(id),
                    Job::Explain(_) if Some(i) != last_explain => {}
                    Job::Explain(id) => {
                        let reason = guarded(|| Ok(self.taste.explain(&self.store, &id)));
                        if let Ok(Some(reason)) = reason {
                            self.send(Event::TasteReason(reason));
                        }
                    }
                    #[cfg(test)]
                    Job::Panic => panic!("a test asked the worker to panic"),
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

    /// Answers in up to three steps: the first screenful uncounted (as soon
    /// as it is found), then the count of every match, then the whole list,
    /// those two on the search threads' back lane (`index::in_back_lane`).
    /// Once `cancel` is raised (the reader sent a newer search) the search
    /// stops where it is and sends nothing more: its answer is already stale.
    fn search(&mut self, job: SearchJob, cancel: &Cancel) {
        self.generation.update(&self.store);
        let budget = |max_hits, count| Budget {
            max_hits,
            count,
            cancel: Some(cancel),
        };
        let first = self.taste_search(&job, budget(job.first_page, false));
        if cancel.is_cancelled() {
            return;
        }
        let complete = first.as_ref().map_or(true, |f| f.results.is_complete());
        self.send(Event::Results(SearchOutcome {
            seq: job.seq,
            keep_selection: job.keep_selection,
            result: first,
        }));
        if complete {
            return;
        }
        // The rest can come a frame later: it gives the cores to drawing
        // the first page (and to the terminal showing it) while it runs.
        let counted = in_back_lane(|| self.taste_search(&job, budget(0, true)));
        if cancel.is_cancelled() {
            return;
        }
        match counted {
            Ok(found) => self.send(Event::Counted {
                seq: job.seq,
                total: found.results.total(),
            }),
            Err(e) => return self.status(e, true),
        }
        // Room for every paper: the list comes out complete, and counted.
        let everything = in_back_lane(|| self.taste_search(&job, budget(usize::MAX, false)));
        if cancel.is_cancelled() {
            return;
        }
        self.send(Event::Results(SearchOutcome {
            seq: job.seq,
            keep_selection: true,
            result: everything,
        }));
    }

    /// Runs a search with the model's scores, and asks for a training when
    /// they are not for this view of the index and this library.
    fn taste_search(&mut self, job: &SearchJob, budget: Budget<'_>) -> Result<Found, String> {
        let mut wanted = None;
        let found = guarded(|| {
            let (found, request) = search_with_taste(&self.store, job, budget, &self.taste);
            wanted = request;
            found
        });
        if let Some(request) = wanted {
            self.train(request);
        }
        found
    }

    /// Hands a training to the training thread, starting it if needed.
    fn train(&mut self, request: TrainRequest) {
        if self.trainer.is_none() {
            match TasteTrainer::spawn(self.store.clone(), self.taste.clone(), self.events.clone()) {
                Ok(trainer) => self.trainer = Some(trainer),
                Err(e) => {
                    self.status(format!("could not start the for-you training: {e}"), true);
                    return;
                }
            }
        }
        if let Some(trainer) = &mut self.trainer {
            trainer.ask(request);
        }
    }

    fn library(&mut self, op: LibraryOp, at: chrono::DateTime<chrono::Utc>) {
        let result = self.store.library().update(|state| {
            op.apply(state, at);
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

    fn mark_all_read(&mut self, job: &SearchJob, at: chrono::DateTime<chrono::Utc>) {
        match guarded(|| mark_all_read(&self.store, job, at)) {
            Ok((state, changed)) => {
                self.library_mtime = mtime(&self.store);
                self.send(Event::Library(state));
                self.status(format!("marked {changed} papers read"), false);
            }
            Err(e) => self.status(e, true),
        }
    }

    fn open(&self, url: &str) {
        match crate::browser::open_url(url, self.config.browser.as_deref()) {
            Ok(()) => self.status(format!("opened {url}"), false),
            Err(e) => self.status(e.to_string(), true),
        }
    }

    /// Counts every watch's papers for the watches view.
    fn count_watches(&self) {
        let counted = guarded(|| {
            crate::watch_counts::count_watches(&self.store)
                .map(|(_, counts)| counts)
                .map_err(|e| e.to_string())
        });
        self.send(Event::WatchCounts(counted));
    }

    /// Loads a paper's text on a thread of its own, so a download never
    /// holds up searches; its progress and its end come back as events.
    fn open_text(&self, id: String, width: u16) {
        let store = self.store.clone();
        let events = self.events.clone();
        let options = FetchOptions::from_sources(&self.config.sources);
        let spawned = thread::Builder::new()
            .name("folio-text".into())
            .spawn(move || {
                let progress_events = events.clone();
                let progress_id = id.clone();
                let mut progress = |text: &str| {
                    let _ = progress_events.send(Event::TextProgress {
                        id: progress_id.clone(),
                        text: format!("{text}…"),
                    });
                };
                let ran = catch_unwind(AssertUnwindSafe(|| {
                    super::text_work::load_text(&store, &options, &id, width, &mut progress)
                }));
                let answer = ran.unwrap_or_else(|panic| {
                    vec![Event::TextLoaded {
                        id: id.clone(),
                        result: Err(format!(
                            "could not open the text: {}",
                            panic_message(panic.as_ref())
                        )),
                        position: None,
                    }]
                });
                for event in answer {
                    let _ = events.send(event);
                }
            });
        if spawned.is_err() {
            self.status("could not start the text thread".into(), true);
        }
    }

    /// Downloads a paper's PDF on a thread of its own.
    fn fetch_pdf(&self, id: String) {
        let store = self.store.clone();
        let events = self.events.clone();
        let options = FetchOptions::from_sources(&self.config.sources);
        let spawned = thread::Builder::new()
            .name("folio-pdf".into())
            .spawn(move || {
                let progress_events = events.clone();
                let mut progress = |text: &str| {
                    let _ = progress_events.send(Event::Status(Status {
                        text: format!("{text}…"),
                        error: false,
                    }));
                };
                let ran = catch_unwind(AssertUnwindSafe(|| {
                    super::text_work::download_pdf(&store, &options, &id, &mut progress)
                }));
                let status = ran.unwrap_or_else(|panic| Status {
                    text: format!("could not fetch the PDF: {}", panic_message(panic.as_ref())),
                    error: true,
                });
                let _ = events.send(Event::Status(status));
            });
        if spawned.is_err() {
            self.status("could not start the PDF thread".into(), true);
        }
    }

    /// Runs the whole `folio sync` (today's HF papers and every watch's
    /// sources) on a thread of its own, so searches never wait behind the
    /// network; the new papers arrive through the index poll.
    fn sync(&self) {
        let options = SyncAllOptions {
            sources: self.config.sources.clone(),
            settings: HttpSettings::default(),
            notify: self.config.notify_command.clone().map(|command| {
                let timeout = self
                    .config
                    .notify_timeout
                    .map_or(crate::notify::DEFAULT_TIMEOUT, Duration::from_secs);
                (command, timeout)
            }),
        };
        self.start_sync(move |store, hooks| {
            sync_all(store, &options, hooks)
                .map(|report| report_status(&report))
                .map_err(|e| e.to_string())
        });
    }

    /// Runs a sync (`run`, which reports through the hooks it is given) on
    /// its own thread. Its progress and its end go to the reader as events;
    /// it imports nothing once the reader is quitting.
    fn start_sync<F>(&self, run: F)
    where
        F: FnOnce(&Store, &ReaderHooks) -> Result<Status, String> + Send + 'static,
    {
        if !self.control.begin_fetch() {
            self.send(Event::SyncEnded(Status {
                text: "a sync is already running".into(),
                error: false,
            }));
            return;
        }
        let done = SyncDone {
            control: self.control.clone(),
        };
        let store = self.store.clone();
        let events = self.events.clone();
        let generation = self.generation.clone();
        let spawned = thread::Builder::new()
            .name("folio-sync".into())
            .spawn(move || {
                let slot = done;
                let hooks = ReaderHooks {
                    events: events.clone(),
                    control: slot.control.clone(),
                    store: store.clone(),
                };
                let ran = catch_unwind(AssertUnwindSafe(|| run(&store, &hooks)));
                let status = match ran {
                    Ok(Ok(status)) => status,
                    Ok(Err(why)) => Status {
                        text: format!("sync failed: {why}"),
                        error: true,
                    },
                    Err(panic) => Status {
                        text: format!("sync failed: {}", panic_message(panic.as_ref())),
                        error: true,
                    },
                };
                if generation.update(&store) {
                    let _ = events.send(Event::IndexChanged);
                }
                // Free the sync slot before saying so, so an `S` pressed
                // right after the message starts a new sync.
                drop(slot);
                let _ = events.send(Event::SyncEnded(status));
            });
        if spawned.is_err() {
            self.send(Event::SyncEnded(Status {
                text: "could not start the sync thread".into(),
                error: true,
            }));
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
        // A rebuild in another process (`folio reindex`, `folio compact`)
        // swaps in a new index build; follow it.
        if let Err(e) = self.store.refresh() {
            self.status(format!("could not reopen the index: {e}"), true);
        }
        for notice in self.store.take_notices() {
            self.status(notice, false);
        }
        if self.generation.update(&self.store) {
            self.send(Event::IndexChanged);
        }
    }
}

/// How the reader hears a sync: each source's progress as an event, and
/// whether it may still import (not once the reader is quitting).
pub struct ReaderHooks {
    events: Sender<Event>,
    control: Arc<SyncControl>,
    store: Arc<Store>,
}

impl SyncHooks for ReaderHooks {
    fn progress(&self, label: &str, progress: SourceProgress) {
        let _ = self
            .events
            .send(Event::SyncProgress(label.to_string(), progress));
    }

    fn may_import(&self) -> bool {
        self.control.begin_import(&self.store)
    }

    fn saved(&self) {
        self.control.set(SyncPhase::Notifying);
    }
}

/// The status line a finished sync leaves: the summary of every source and
/// of the watches, an error when a source failed or the user stopped it.
fn report_status(report: &SyncReport) -> Status {
    let mut text = format!(
        "synced in {:.1} s: {}",
        report.elapsed.as_secs_f64(),
        report.summary()
    );
    if let Some(watches) = report.watch_summary() {
        text.push_str(&format!(" · watches: {watches}"));
    }
    if let Some(Err(why)) = &report.notified {
        text.push_str(&format!(" · {why}"));
    }
    let failed = report.failures().len();
    if report.cancelled {
        text = format!("sync interrupted; only the sources listed were saved: {text}");
    } else if failed > 0 {
        text = format!("{failed} of {} sources failed · {text}", report.planned);
    }
    Status {
        text,
        error: report.cancelled || failed > 0 || matches!(report.notified, Some(Err(_))),
    }
}

/// Runs a search, turning a panic in it into an error answer: one bad query
/// must not end the reader.
fn guarded<T>(search: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(search)).unwrap_or_else(|panic| {
        Err(format!(
            "the search failed ({}); try another query",
            panic_message(panic.as_ref())
        ))
    })
}

fn mtime(store: &Store) -> Option<SystemTime> {
    std::fs::metadata(store.library().path())
        .and_then(|m| m.modified())
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Paths;
    use crate::model::{Paper, PaperId};
    use crate::tui::search::FIRST_PAGE;

    fn store() -> (tempfile::TempDir, Arc<Store>) {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::in_dir(dir.path());
        let store = Store::open(&paths).unwrap();
        (dir, Arc::new(store))
    }

    fn quokka() -> Vec<Paper> {
        vec![Paper {
            id: PaperId::new("2611.00001"),
            arxiv_id: Some("2611.00001".into()),
            title: "Quokka Locomotion Priors".into(),
            abstract_text: "Quokkas hop.".into(),
            ..Paper::default()
        }]
    }

    /// A sync of `papers` that keeps to the protocol of the real one.
    fn fake_sync(store: &Store, hooks: &ReaderHooks, papers: Vec<Paper>) -> Result<Status, String> {
        if !hooks.may_import() {
            return Err("interrupted".into());
        }
        hooks.progress("test", SourceProgress::Importing);
        let summary = store
            .import(papers.into_iter().map(Ok))
            .map_err(|e| e.to_string())?;
        hooks.saved();
        Ok(Status {
            text: format!("synced {} papers", summary.total()),
            error: false,
        })
    }

    /// The events up to and including the end of a sync.
    fn until_ended(rx: &Receiver<Event>) -> Vec<Event> {
        let mut events = Vec::new();
        loop {
            let event = rx
                .recv_timeout(Duration::from_secs(10))
                .expect("the sync ends");
            let ended = matches!(event, Event::SyncEnded(_));
            events.push(event);
            if ended {
                return events;
            }
        }
    }

    #[test]
    fn a_sync_asks_for_one_refresh() {
        let (_dir, store) = store();
        let (tx, rx) = mpsc::channel();
        let control = Arc::new(SyncControl::default());
        let mut worker = Worker::new(store, Config::default(), tx, control.clone());
        worker.start_sync(|store, hooks| fake_sync(store, hooks, quokka()));
        let mut events = until_ended(&rx);
        // The poll that follows sees the same commit.
        worker.poll();
        events.extend(rx.try_iter());
        let statuses: Vec<String> = events
            .iter()
            .filter_map(|e| match e {
                Event::Status(s) => Some(s.text.clone()),
                _ => None,
            })
            .collect();
        let ended: Vec<&Status> = events
            .iter()
            .filter_map(|e| match e {
                Event::SyncEnded(s) => Some(s),
                _ => None,
            })
            .collect();
        assert_eq!(ended.len(), 1, "{statuses:?}");
        assert_eq!(ended[0].text, "synced 1 papers");
        let progress: Vec<&SourceProgress> = events
            .iter()
            .filter_map(|e| match e {
                Event::SyncProgress(label, p) if label == "test" => Some(p),
                _ => None,
            })
            .collect();
        assert_eq!(progress, [&SourceProgress::Importing]);
        let refreshes = events
            .iter()
            .filter(|e| matches!(e, Event::IndexChanged))
            .count();
        assert_eq!(refreshes, 1, "one commit, one refresh");
    }

    #[test]
    fn quitting_while_fetching_keeps_the_import_from_starting() {
        let (_dir, store) = store();
        let (tx, rx) = mpsc::channel();
        let control = Arc::new(SyncControl::default());
        let worker = Worker::new(store.clone(), Config::default(), tx, control.clone());
        let before = store.index().searcher().num_docs();
        let (release, fetching) = mpsc::channel::<()>();
        worker.start_sync(move |store, hooks| {
            let _ = fetching.recv();
            fake_sync(store, hooks, quokka())
        });
        // Still fetching: nothing to wait for.
        assert!(control.stop(&store, Duration::ZERO));
        release.send(()).unwrap();
        let events = until_ended(&rx);
        assert_eq!(store.index().searcher().num_docs(), before);
        let failed = events.into_iter().any(|e| {
            matches!(e, Event::SyncEnded(Status { text, error: true }) if text.contains("interrupted"))
        });
        assert!(failed, "the sync said it was stopped");
    }

    /// The next event that `pick` takes, skipping the others.
    fn next_of<T>(rx: &Receiver<Event>, pick: impl Fn(Event) -> Option<T>) -> T {
        loop {
            let event = rx
                .recv_timeout(Duration::from_secs(30))
                .expect("the event comes");
            if let Some(found) = pick(event) {
                return found;
            }
        }
    }

    #[test]
    fn a_search_by_taste_answers_at_once_and_ranks_again_once_trained() {
        let (_dir, store) = store();
        let ids = [
            "hopfield-networks-is-all-you-need",
            "parallel-learning-by-multitasking-neural-networks",
        ];
        store
            .library()
            .update(|s| {
                for id in &ids {
                    s.bookmark(id, chrono::Utc::now());
                }
            })
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let mut jobs = spawn(store, Config::default(), tx, Arc::default()).unwrap();
        let job = |seq| SearchJob {
            seq,
            query: String::new(),
            view: super::super::state::View::ForYou,
            period: super::super::period::Period::All,
            sort: None,
            similar: None,
            keep_selection: false,
            keep_id: None,
            first_page: FIRST_PAGE,
        };
        jobs.send(Job::search(job(1))).unwrap();
        let first = next_of(&rx, |e| match e {
            Event::Results(outcome) => Some(outcome),
            _ => None,
        });
        assert_eq!(first.seq, 1, "answered before any model");
        let news = next_of(&rx, |e| match e {
            Event::TasteLearned(news) => Some(news),
            _ => None,
        });
        assert_eq!(news.learned, Ok(ids.len()));
        // The selection's reason, from the model just trained.
        jobs.send(Job::Explain(
            "interpreting-attention-layer-outputs-with-sparse-autoencoders".into(),
        ))
        .unwrap();
        let reason = next_of(&rx, |e| match e {
            Event::TasteReason(reason) => Some(reason),
            _ => None,
        });
        assert_eq!(reason.seq, news.seq);
        let sentence = reason.sentence.unwrap();
        assert!(sentence.starts_with("because you kept"), "{sentence}");
        jobs.send(Job::search(job(2))).unwrap();
        let ranked = next_of(&rx, |e| match e {
            Event::Results(outcome) if outcome.seq == 2 => Some(outcome),
            _ => None,
        });
        assert!(ranked.result.is_ok());
    }

    fn search_job(seq: u64, query: &str) -> SearchJob {
        SearchJob {
            seq,
            query: query.into(),
            view: super::super::state::View::All,
            period: super::super::period::Period::All,
            sort: None,
            similar: None,
            keep_selection: false,
            keep_id: None,
            first_page: FIRST_PAGE,
        }
    }

    #[test]
    fn a_cancelled_search_answers_nothing() {
        let (_dir, store) = store();
        let (tx, rx) = mpsc::channel();
        let mut worker = Worker::new(store, Config::default(), tx, Arc::default());
        let cancel = Cancel::new();
        cancel.cancel();
        worker.search(search_job(1, ""), &cancel);
        worker.search(search_job(2, ""), &Cancel::new());
        let answered: Vec<u64> = rx
            .try_iter()
            .filter_map(|e| match e {
                Event::Results(outcome) => Some(outcome.seq),
                _ => None,
            })
            .collect();
        assert!(!answered.is_empty(), "the search that ran answered");
        assert!(answered.iter().all(|seq| *seq == 2), "{answered:?}");
    }

    #[test]
    fn a_long_list_comes_as_first_page_then_count_then_whole() {
        let (_dir, store) = store();
        store
            .import(crate::synthetic::papers(2 * FIRST_PAGE as u64).map(Ok))
            .unwrap();
        let papers = usize::try_from(store.index().searcher().num_docs()).unwrap();
        let (tx, rx) = mpsc::channel();
        let mut worker = Worker::new(store, Config::default(), tx, Arc::default());
        // A screenful first, as the reader asks while the user types.
        let job = SearchJob {
            first_page: 40,
            ..search_job(7, "")
        };
        worker.search(job, &Cancel::new());
        let steps: Vec<String> = rx
            .try_iter()
            .filter_map(|e| match e {
                Event::Results(outcome) => {
                    let set = outcome.result.unwrap().results;
                    let counted = if set.is_counted() { "" } else { "+" };
                    Some(format!("{} {}{counted}", outcome.seq, set.len()))
                }
                Event::Counted { seq, total } => Some(format!("{seq} count {total}")),
                _ => None,
            })
            .collect();
        assert_eq!(
            steps,
            [
                "7 40+".to_string(),
                format!("7 count {papers}"),
                format!("7 {papers}"),
            ]
        );
    }

    #[test]
    fn the_last_answer_is_the_newest_search() {
        let (_dir, store) = store();
        let (tx, rx) = mpsc::channel();
        let mut jobs = spawn(store, Config::default(), tx, Arc::default()).unwrap();
        let first = Cancel::new();
        jobs.send(Job::Search(search_job(1, ""), first.clone()))
            .unwrap();
        jobs.send(Job::search(search_job(2, "attention"))).unwrap();
        // The worker takes jobs in order: once the count is back, every
        // answer to the searches before it has been sent.
        jobs.send(Job::CountWatches).unwrap();
        let mut answered = Vec::new();
        loop {
            match rx.recv_timeout(Duration::from_secs(30)).unwrap() {
                Event::Results(outcome) => answered.push(outcome.seq),
                Event::WatchCounts(_) => break,
                _ => {}
            }
        }
        assert!(first.is_cancelled(), "sending search 2 cancelled search 1");
        assert_eq!(answered.last(), Some(&2), "{answered:?}");
    }

    #[test]
    fn a_panicking_search_is_an_error_answer() {
        let answer: Result<(), String> = guarded(|| panic!("parser blew up"));
        let message = answer.unwrap_err();
        assert!(message.contains("parser blew up"), "{message}");
    }

    #[test]
    fn a_dying_worker_says_so() {
        let (_dir, store) = store();
        let (tx, rx) = mpsc::channel();
        let mut jobs = spawn(store, Config::default(), tx, Arc::default()).unwrap();
        jobs.send(Job::Panic).unwrap();
        let said = loop {
            match rx.recv_timeout(Duration::from_secs(10)).unwrap() {
                Event::WorkerDied(message) => break message,
                _ => continue,
            }
        };
        assert!(said.contains("asked the worker to panic"), "{said}");
    }
}
