//! `folio sync arxiv-oai`: harvesting arXiv's OAI-PMH interface, all of
//! arXiv the first time and only what changed afterwards. A full harvest is
//! thousands of pages and hours of arXiv's pace, so unlike the other feeds
//! it is not fetched whole and then imported: each page is imported on its
//! own, all or nothing, as it arrives, and the point reached is saved after
//! every page (see `state`), so a harvest cut short by a
//! network failure, Ctrl-C or a kill goes on from there on the next run.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use thiserror::Error;

mod state;

use self::state::{HarvestState, StateFile};
pub use self::state::{STATE_FILE, StateError};
use super::{HttpClient, SyncError};
use crate::ingest::oai::{OaiPage, parse_page};
use crate::store::{ImportSummary, Store, StoreError};

/// arXiv's OAI-PMH endpoint.
pub const DEFAULT_OAI_BASE: &str = "https://oaipmh.arxiv.org/oai";

/// What to harvest.
#[derive(Debug, Clone, PartialEq)]
pub struct OaiRequest {
    /// Only records changed on or after this day; `None`: the saved point
    /// (a harvest in progress, else the last harvest's day), else all.
    pub from: Option<NaiveDate>,
    /// An OAI set such as `cs` or `physics:hep-th`; `None`: all of arXiv.
    pub set: Option<String>,
    /// The pause between requests (arXiv asks for one).
    pub delay: Duration,
}

/// What a harvest run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HarvestSummary {
    pub imported: ImportSummary,
    /// Papers removed because arXiv deleted their records.
    pub removed: usize,
    /// Records that could not become papers (no id or title).
    pub skipped: usize,
    /// Records this run read (papers, deletions and skipped ones).
    pub records: u64,
    /// Pages fetched by this run.
    pub pages: usize,
    /// The latest datestamp seen: how far the harvest got.
    pub reached: Option<NaiveDate>,
    /// The day the next run will ask for (`from`), once the harvest is whole.
    pub next_from: Option<NaiveDate>,
}

/// Why a harvest stopped.
#[derive(Debug, Error)]
pub enum HarvestError {
    #[error(transparent)]
    Sync(#[from] SyncError),

    #[error("{url} answered with the OAI-PMH error {code}{said}; {help}", said = colon(.message), help = advice(.code))]
    Protocol {
        url: String,
        code: String,
        message: String,
    },

    #[error(transparent)]
    State(#[from] StateError),

    #[error(
        "another `folio sync arxiv-oai` is harvesting into this data dir ({path}); wait for it to finish"
    )]
    Busy { path: String },

    #[error(
        "{source}; the {records} records harvested before are saved, run the same command again to resume where it stopped"
    )]
    Stopped {
        #[source]
        source: Box<HarvestError>,
        records: u64,
    },
}

impl HarvestError {
    /// Did Ctrl-C (or SIGTERM) stop it?
    pub fn is_cancelled(&self) -> bool {
        match self {
            HarvestError::Sync(SyncError::Store(StoreError::Cancelled)) => true,
            HarvestError::Stopped { source, .. } => source.is_cancelled(),
            _ => false,
        }
    }
}

fn colon(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(" ({message})")
    }
}

fn advice(code: &str) -> &'static str {
    match code {
        "badArgument" | "badVerb" => "check --from (YYYY-MM-DD) and --set",
        "noSetHierarchy" | "badSet" => "check --set (e.g. cs, math, physics:hep-th)",
        "cannotDisseminateFormat" => "check that the base URL is arXiv's OAI-PMH endpoint",
        _ => "check the base URL, or try again later",
    }
}

/// The first request of a list.
pub fn list_url(base: &str, from: Option<NaiveDate>, set: Option<&str>) -> String {
    let mut url = format!("{base}?verb=ListRecords&metadataPrefix=arXiv");
    if let Some(day) = from {
        url.push_str(&format!("&from={day}"));
    }
    if let Some(set) = set {
        url.push_str(&format!("&set={}", super::http::percent_encode(set)));
    }
    url
}

/// Every later request: the token and nothing else, as OAI-PMH requires.
pub fn token_url(base: &str, token: &str) -> String {
    format!(
        "{base}?verb=ListRecords&resumptionToken={}",
        super::http::percent_encode(token)
    )
}

/// Where a run starts.
#[derive(Debug, Clone, PartialEq)]
enum Start {
    /// Goes on with a harvest in progress, at its saved token.
    Resume,
    /// A new harvest of what changed since `from` (`None`: everything).
    Fresh { from: Option<NaiveDate> },
}

/// A harvest in progress is resumed unless `--from` asks for another day;
/// otherwise a new one starts at `--from`, else the last harvest's day.
fn start_of(saved: &HarvestState, from_arg: Option<NaiveDate>) -> Start {
    if saved.token.is_some() && (from_arg.is_none() || from_arg == saved.from) {
        return Start::Resume;
    }
    Start::Fresh {
        from: from_arg.or(saved.last_harvest),
    }
}

/// Harvests `request` from the OAI-PMH endpoint `base` into `store`,
/// page by page; `progress` hears what happens, a line at a time.
pub fn harvest(
    store: &Store,
    client: &HttpClient,
    base: &str,
    request: &OaiRequest,
    progress: &mut dyn FnMut(&str),
) -> Result<HarvestSummary, HarvestError> {
    let base = endpoint(base)?;
    let states = StateFile::new(store.data_dir());
    let lock = states.lock().map_err(HarvestError::State)?;
    if lock.is_none() {
        return Err(HarvestError::Busy {
            path: states.lock_path().display().to_string(),
        });
    }
    let key = request.set.clone().unwrap_or_default();
    let mut state = states.load(&key)?;
    match start_of(&state, request.from) {
        Start::Resume => progress(&format!(
            "resuming the harvest where it stopped ({} records so far{})",
            state.records,
            state
                .from
                .map_or(String::new(), |d| format!(", changes since {d}"))
        )),
        Start::Fresh { from } => {
            if state.token.is_some() {
                progress("--from differs from the harvest in progress: starting a new one");
            }
            state = HarvestState {
                from,
                last_harvest: state.last_harvest,
                ..HarvestState::default()
            };
            progress(&match from {
                Some(day) => format!("harvesting the records changed since {day}"),
                None => match &request.set {
                    Some(set) => format!("harvesting every record of the set {set}"),
                    None => "harvesting every record (all of arXiv: this takes hours)".to_string(),
                },
            });
        }
    }
    let mut run = Run {
        store,
        states: &states,
        key: &key,
        request,
        base: &base,
        summary: HarvestSummary::default(),
        started: Instant::now(),
        harvest_records: state.records,
        list_size: None,
    };
    let result = run.pages(&mut state, &mut |url: &str| client.get_text(url), progress);
    match result {
        Ok(()) => Ok(run.summary),
        Err(error) if state.records > 0 || state.token.is_some() => Err(HarvestError::Stopped {
            source: Box::new(error),
            records: state.records,
        }),
        Err(error) => Err(error),
    }
}

/// One run of the paging loop.
struct Run<'r> {
    store: &'r Store,
    states: &'r StateFile,
    key: &'r str,
    request: &'r OaiRequest,
    base: &'r str,
    summary: HarvestSummary,
    started: Instant,
    /// Records of the whole harvest, earlier runs included.
    harvest_records: u64,
    /// The list's size, when the server says (`completeListSize`).
    list_size: Option<u64>,
}

impl Run<'_> {
    fn pages(
        &mut self,
        state: &mut HarvestState,
        get: &mut super::Get<'_>,
        progress: &mut dyn FnMut(&str),
    ) -> Result<(), HarvestError> {
        let mut last_call: Option<Instant> = None;
        let mut restarted = false;
        loop {
            if let Some(done) = last_call {
                std::thread::sleep(self.request.delay.saturating_sub(done.elapsed()));
            }
            // Ctrl-C between pages (or during the pause) ends the run here.
            if self.store.cancel().is_cancelled() {
                return Err(SyncError::Store(StoreError::Cancelled).into());
            }
            let url = match &state.token {
                Some(token) => token_url(self.base, token),
                None => list_url(self.base, state.from, self.request.set.as_deref()),
            };
            let text = get(&url);
            last_call = Some(Instant::now());
            let page = parse_page(&text?, &url).map_err(|source| SyncError::Parse {
                url: url.clone(),
                source,
            })?;
            self.summary.pages += 1;
            if let Some(error) = &page.error {
                match error.code.as_str() {
                    // An empty result, not a failure.
                    "noRecordsMatch" => {}
                    "badResumptionToken" if state.token.is_some() && !restarted => {
                        restarted = true;
                        progress(&format!(
                            "the server no longer knows the saved resumption token{} (tokens expire); starting the harvest again from {}",
                            colon(&error.message),
                            state
                                .from
                                .map_or("the beginning".to_string(), |d| d.to_string())
                        ));
                        state.token = None;
                        self.states.save(self.key, state)?;
                        continue;
                    }
                    _ => {
                        return Err(HarvestError::Protocol {
                            url,
                            code: error.code.clone(),
                            message: error.message.clone(),
                        });
                    }
                }
            }
            let done = self.import(state, page)?;
            tracing::info!(
                url = %url,
                records = self.harvest_records,
                token = state.token.as_deref().unwrap_or(""),
                "OAI-PMH page imported"
            );
            progress(&self.progress_line());
            if done {
                return Ok(());
            }
        }
    }

    /// Imports one page whole, then saves where the harvest got; true when
    /// it was the last page.
    fn import(&mut self, state: &mut HarvestState, page: OaiPage) -> Result<bool, HarvestError> {
        if state.started.is_none() {
            // The next harvest asks for what changed since this one began.
            state.started = Some(
                page.response_day()
                    .unwrap_or_else(|| chrono::Utc::now().date_naive()),
            );
        }
        let records = page.records() as u64;
        if let Some(size) = page.token.as_ref().and_then(|t| t.complete_list_size) {
            self.list_size = Some(size);
        }
        let next = page.next_token().map(str::to_string);
        for skipped in &page.skipped {
            tracing::warn!(record = %skipped, "OAI-PMH record skipped");
        }
        let (imported, removed) = self
            .store
            .import_and_remove(page.papers.into_iter().map(Ok), &page.deleted)
            .map_err(SyncError::Store)?;
        let summary = &mut self.summary;
        summary.imported.new += imported.new;
        summary.imported.updated += imported.updated;
        summary.imported.unchanged += imported.unchanged;
        summary.removed += removed;
        summary.skipped += page.skipped.len();
        summary.records += records;
        summary.reached = summary.reached.max(page.latest_datestamp);
        state.records += records;
        self.harvest_records = state.records;
        state.reached = state.reached.max(page.latest_datestamp);
        let done = next.is_none();
        if done {
            state.last_harvest = state.started;
            summary.next_from = state.started;
            state.token = None;
            state.started = None;
            state.records = 0;
        } else {
            state.token = next;
        }
        self.states.save(self.key, state)?;
        Ok(done)
    }

    fn progress_line(&self) -> String {
        let seconds = self.started.elapsed().as_secs_f64().max(0.001);
        let rate = self.summary.records as f64 / seconds;
        let total = match self.list_size {
            Some(size) => format!("{} of {size}", self.harvest_records),
            None => self.harvest_records.to_string(),
        };
        let reached = self
            .summary
            .reached
            .map_or(String::new(), |d| format!(", reached {d}"));
        format!(
            "{total} records harvested ({} new, {} updated, {} removed), {rate:.0} records/s{reached}",
            self.summary.imported.new, self.summary.imported.updated, self.summary.removed
        )
    }
}

/// The endpoint without a trailing slash, with a path (`/` at least) so
/// the query can follow it.
fn endpoint(base: &str) -> Result<String, SyncError> {
    let base = super::base_url(base)?;
    let after_scheme = base.split_once("://").map_or(base.as_str(), |(_, r)| r);
    if after_scheme.contains('/') {
        Ok(base)
    } else {
        Ok(format!("{base}/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_first_request_names_the_format_and_the_rest_only_the_token() {
        assert_eq!(
            list_url(
                "http://h/oai",
                Some(day("2026-11-30")),
                Some("physics:hep-th")
            ),
            "http://h/oai?verb=ListRecords&metadataPrefix=arXiv&from=2026-11-30&set=physics%3Ahep-th"
        );
        assert_eq!(
            list_url("http://h/oai", None, None),
            "http://h/oai?verb=ListRecords&metadataPrefix=arXiv"
        );
        assert_eq!(
            token_url("http://h/oai", "6131|1001 x"),
            "http://h/oai?verb=ListRecords&resumptionToken=6131%7C1001%20x"
        );
    }

    #[test]
    fn endpoints_get_a_path() {
        assert_eq!(
            endpoint("http://127.0.0.1:9").unwrap(),
            "http://127.0.0.1:9/"
        );
        assert_eq!(
            endpoint("https://oaipmh.arxiv.org/oai/").unwrap(),
            "https://oaipmh.arxiv.org/oai"
        );
        assert!(endpoint("oaipmh.arxiv.org").is_err());
    }

    #[test]
    fn a_harvest_in_progress_is_resumed_unless_another_from_is_asked() {
        let in_progress = HarvestState {
            from: Some(day("2026-01-01")),
            token: Some("t".into()),
            last_harvest: Some(day("2025-12-01")),
            ..HarvestState::default()
        };
        assert_eq!(start_of(&in_progress, None), Start::Resume);
        assert_eq!(
            start_of(&in_progress, Some(day("2026-01-01"))),
            Start::Resume
        );
        assert_eq!(
            start_of(&in_progress, Some(day("2026-02-01"))),
            Start::Fresh {
                from: Some(day("2026-02-01"))
            }
        );
        let finished = HarvestState {
            last_harvest: Some(day("2026-11-30")),
            ..HarvestState::default()
        };
        assert_eq!(
            start_of(&finished, None),
            Start::Fresh {
                from: Some(day("2026-11-30"))
            }
        );
        assert_eq!(
            start_of(&HarvestState::default(), None),
            Start::Fresh { from: None }
        );
    }

    #[test]
    fn protocol_errors_say_what_to_fix() {
        let err = HarvestError::Protocol {
            url: "http://h/oai?verb=ListRecords".into(),
            code: "badArgument".into(),
            message: "bad from".into(),
        };
        assert_eq!(
            err.to_string(),
            "http://h/oai?verb=ListRecords answered with the OAI-PMH error badArgument (bad from); check --from (YYYY-MM-DD) and --set"
        );
        let stopped = HarvestError::Stopped {
            source: Box::new(err),
            records: 2000,
        };
        assert!(stopped.to_string().ends_with(
            "the 2000 records harvested before are saved, run the same command again to resume where it stopped"
        ));
        assert!(!stopped.is_cancelled());
    }
}
