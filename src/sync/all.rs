//! One sync of everything, the same for `folio sync` and the reader's `S`:
//! today's Hugging Face papers and every source of every watch are fetched
//! side by side, then imported source by source so each lands whole or not
//! at all on its own. A source that fails is named in the report while the
//! others land. Afterwards the watches whose sources all landed are marked
//! synced, and the notify command hears what the sync brought.
//!
//! Whoever runs it hears each source's progress through [`SyncHooks`] and
//! gets a [`SyncReport`] to show; nothing here prints.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::HttpSettings;
use super::plan::{self, Planned};
use crate::config::Sources;
use crate::digest::{self, Since};
use crate::index::SearchRequest;
use crate::library::{LibraryError, UserState, WatchSource};
use crate::notify::NotifyError;
use crate::store::{ImportSummary, Store, StoreError};

/// What the sync needs besides the store.
#[derive(Debug, Clone)]
pub struct SyncAllOptions {
    pub sources: Sources,
    pub settings: HttpSettings,
    /// The program told about new papers, and how long it may take.
    pub notify: Option<(Vec<String>, Duration)>,
}

/// Where one source is, as a progress display shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceProgress {
    /// In the plan, not started (the arXiv API waits its turn).
    Waiting,
    /// A line from the fetch (`page 2: 200 papers`).
    Fetching(String),
    /// Fetched and parsed this many papers; waiting to be imported.
    Fetched(usize),
    Importing,
    Saved(ImportSummary),
    /// Why it failed (one line, sanitized).
    Failed(String),
}

/// What the runner of a sync hears and decides.
pub trait SyncHooks: Sync {
    /// `label` (a source, as [`Planned::label`] names it) moved on.
    fn progress(&self, label: &str, progress: SourceProgress);

    /// Asked once every fetch has ended and before anything is written;
    /// false drops what was fetched unsaved (the user is quitting).
    fn may_import(&self) -> bool {
        true
    }

    /// Everything fetched is saved (or failed); only the notify command,
    /// which writes nothing of folio's, is left to run.
    fn saved(&self) {}
}

/// How one source ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceOutcome {
    pub label: String,
    /// What the import did, or why the source failed (sanitized, may span
    /// lines).
    pub result: Result<ImportSummary, String>,
}

/// What a whole sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    pub started: DateTime<Utc>,
    pub elapsed: Duration,
    /// Every planned source, in plan order (a source never reached because
    /// the sync was cancelled is missing).
    pub sources: Vec<SourceOutcome>,
    /// How many papers this sync brought to each watch, by name.
    pub watch_news: Vec<(String, usize)>,
    /// `None`: no notify command ran; else how many papers it was told of,
    /// or why it failed (the sync itself succeeded all the same).
    pub notified: Option<Result<usize, String>>,
    /// The user stopped the sync; sources after the cancel were not saved.
    pub cancelled: bool,
    /// Sources planned, including those the cancel left out.
    pub planned: usize,
}

impl SyncReport {
    /// `hf: 3 new, 0 updated · arxiv `cat:cs.CV`: failed (HTTP 503)`.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self
            .sources
            .iter()
            .map(|s| match &s.result {
                Ok(summary) => format!("{}: {summary}", s.label),
                Err(why) => format!("{}: failed ({})", s.label, first_line(why, 80)),
            })
            .collect();
        parts.join(" · ")
    }

    /// `diffusion 12 new · robots 0 new`, or `None` without watches.
    pub fn watch_summary(&self) -> Option<String> {
        if self.watch_news.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .watch_news
            .iter()
            .map(|(name, new)| format!("{name} {new} new"))
            .collect();
        Some(parts.join(" · "))
    }

    /// The sources that failed, with why.
    pub fn failures(&self) -> Vec<&SourceOutcome> {
        self.sources.iter().filter(|s| s.result.is_err()).collect()
    }

    /// New papers over every source.
    pub fn new_papers(&self) -> usize {
        self.sources
            .iter()
            .filter_map(|s| s.result.as_ref().ok())
            .map(|s| s.new)
            .sum()
    }
}

/// Why a sync could not start (a source failing is not one of these: it is
/// in the report).
#[derive(Debug, thiserror::Error)]
pub enum SyncAllError {
    #[error("{0}; nothing was fetched")]
    Notify(#[from] NotifyError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Library(#[from] LibraryError),
}

/// The sources one sync fetches, labelled as the progress and report name
/// them (for a display to lay out before the first progress arrives).
pub fn planned_labels(store: &Store) -> Result<Vec<String>, StoreError> {
    let state = store.library().load()?;
    Ok(plan::plan(&state).iter().map(Planned::label).collect())
}

/// Fetches and imports every source; see the module doc.
pub fn sync_all(
    store: &Store,
    options: &SyncAllOptions,
    hooks: &dyn SyncHooks,
) -> Result<SyncReport, SyncAllError> {
    // A notify command that cannot run is said before anything is fetched.
    if let Some((command, _)) = &options.notify {
        crate::notify::check(command)?;
    }
    let before = store.library().load()?;
    let planned = plan::plan(&before);
    let clock = Instant::now();
    let started = Utc::now();
    for p in &planned {
        hooks.progress(&p.label(), SourceProgress::Waiting);
    }
    let answers = plan::fetch_all(
        &planned,
        &options.sources,
        options.settings,
        &|label, line| hooks.progress(label, SourceProgress::Fetching(line.to_string())),
    );
    let mut report = SyncReport {
        started,
        elapsed: Duration::ZERO,
        sources: Vec::new(),
        watch_news: Vec::new(),
        notified: None,
        cancelled: false,
        planned: planned.len(),
    };
    for (p, answer) in planned.iter().zip(&answers) {
        match answer {
            Ok(papers) => hooks.progress(&p.label(), SourceProgress::Fetched(papers.len())),
            Err(e) => hooks.progress(&p.label(), SourceProgress::Failed(one_line(e))),
        }
    }
    if !hooks.may_import() {
        report.cancelled = true;
        report.elapsed = clock.elapsed();
        return Ok(report);
    }
    let mut saved = Vec::new();
    for (p, answer) in planned.iter().zip(answers) {
        if store.cancel().is_cancelled() {
            report.cancelled = true;
            break;
        }
        let label = p.label();
        let result = match answer {
            Ok(papers) => {
                hooks.progress(&label, SourceProgress::Importing);
                store
                    .import(papers.into_iter().map(Ok))
                    .map_err(|e| clean(&e))
            }
            Err(e) => Err(clean(&e)),
        };
        match &result {
            Ok(summary) => {
                hooks.progress(&label, SourceProgress::Saved(summary.clone()));
                saved.push(p.source.clone());
            }
            Err(why) => hooks.progress(&label, SourceProgress::Failed(first_line(why, 200))),
        }
        report.sources.push(SourceOutcome { label, result });
    }
    report.cancelled |= store.cancel().is_cancelled();
    report.watch_news = news_per_watch(store, started)?;
    if !saved.is_empty() {
        let done = watches_done(&planned, &saved);
        store
            .library()
            .update(|state| state.record_sync(started, done.iter().map(String::as_str)))?;
    }
    hooks.saved();
    if let Some((command, timeout)) = &options.notify {
        report.notified = notify(store, &before, started, command, *timeout);
    }
    report.elapsed = clock.elapsed();
    Ok(report)
}

/// How many papers first imported since `since` each watch has.
fn news_per_watch(store: &Store, since: DateTime<Utc>) -> Result<Vec<(String, usize)>, StoreError> {
    let (state, mut sets) = store.user_sets()?;
    sets.new_since = u64::try_from(since.timestamp_millis() - 1).unwrap_or(0);
    let mut out = Vec::new();
    for name in state.watches.keys() {
        let mut request = SearchRequest::new(format!("watch:{name} is:new"));
        request.limit = 0;
        let total = store
            .with_index(|index| Ok(index.search(&request, &sets)?))?
            .total;
        out.push((name.clone(), total));
    }
    Ok(out)
}

/// The watches all of whose sources were fetched and saved.
fn watches_done(planned: &[Planned], saved: &[WatchSource]) -> Vec<String> {
    let mut done: Vec<String> = planned
        .iter()
        .flat_map(|p| p.watches.iter())
        .filter(|name| {
            planned
                .iter()
                .filter(|p| p.watches.contains(name))
                .all(|p| saved.contains(&p.source))
        })
        .cloned()
        .collect();
    done.sort();
    done.dedup();
    done
}

/// Runs the notify command with the digest of what this sync brought to
/// watches that had synced before (a new watch's first sync is backlog),
/// if anything. `None` when there was nothing to tell.
fn notify(
    store: &Store,
    before: &UserState,
    started: DateTime<Utc>,
    command: &[String],
    timeout: Duration,
) -> Option<Result<usize, String>> {
    let mut digest = match digest::build(store, Since::Instant(started), None) {
        Ok(digest) => digest,
        Err(e) => {
            return Some(Err(format!(
                "the digest for the notify command failed: {e}"
            )));
        }
    };
    digest.sections.retain(|section| {
        before
            .watches
            .get(&section.watch)
            .is_some_and(|w| w.last_synced.is_some())
            && !section.papers.is_empty()
    });
    let papers: usize = digest.sections.iter().map(|s| s.papers.len()).sum();
    if papers == 0 {
        return None;
    }
    let json = digest::to_json(&digest);
    Some(
        crate::notify::run(command, json.as_bytes(), timeout)
            .map(|()| papers)
            .map_err(|e| e.to_string()),
    )
}

/// An error as terminal-safe text.
fn clean(error: &dyn std::fmt::Display) -> String {
    crate::model::sanitize::clean_multiline(&error.to_string())
}

fn one_line(error: &dyn std::fmt::Display) -> String {
    first_line(&clean(error), 200)
}

/// The first line of `text`, at most `max` characters.
fn first_line(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or(text);
    if line.chars().count() <= max {
        return line.to_string();
    }
    let mut cut: String = line.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(source: WatchSource, watches: &[&str]) -> Planned {
        Planned {
            request: plan::request_for(&source),
            source,
            watches: watches.iter().map(|w| w.to_string()).collect(),
        }
    }

    #[test]
    fn a_watch_is_synced_only_when_every_source_of_it_landed() {
        let plan = vec![
            planned(WatchSource::Hf, &["a"]),
            planned(WatchSource::HfTrending, &["b", "c"]),
            planned(WatchSource::Arxiv("cat:cs.CV".into()), &["b"]),
        ];
        let done = watches_done(&plan, &[WatchSource::Hf, WatchSource::HfTrending]);
        assert_eq!(done, ["a", "c"]);
    }

    #[test]
    fn the_summary_names_every_source_and_cuts_long_errors() {
        let report = SyncReport {
            started: Utc::now(),
            elapsed: Duration::ZERO,
            sources: vec![
                SourceOutcome {
                    label: "hf".into(),
                    result: Ok(ImportSummary {
                        new: 3,
                        updated: 1,
                        unchanged: 0,
                    }),
                },
                SourceOutcome {
                    label: "hf-trending".into(),
                    result: Err(format!("HTTP 503 {}\nsecond line", "x".repeat(100))),
                },
            ],
            watch_news: vec![("diffusion".into(), 2)],
            notified: None,
            cancelled: false,
            planned: 2,
        };
        let summary = report.summary();
        assert!(summary.starts_with("hf: 3 new, 1 updated · hf-trending: failed (HTTP 503 x"));
        assert!(summary.ends_with("…)"), "{summary}");
        assert!(!summary.contains("second line"));
        assert_eq!(report.watch_summary().unwrap(), "diffusion 2 new");
        assert_eq!(report.failures().len(), 1);
        assert_eq!(report.new_papers(), 3);
    }
}
