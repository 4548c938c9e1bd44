//! The "for you" model as the reader keeps it: the last trained model and
//! its scores (shared by the index worker, which ranks and explains with
//! them, and the training thread, which replaces them), and that thread.
//! Training never holds up a search: a search takes whatever scores there
//! are, and asks for a training when they were made for another view of the
//! index or another taste; the answer arrives as [`Event::TasteLearned`].

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;

use tantivy::Searcher;
use tantivy::index::SegmentId;

use super::event::{Event, Found, SearchJob, TasteNews, TasteReason};
use super::search::run_search_scored;
use crate::index::DocScores;
use crate::library::UserState;
use crate::recommend::features::Analyzers;
use crate::recommend::taste::taste_of;
use crate::recommend::{Learned, Taste, TrainOptions, learn};
use crate::store::Store;

/// What a model was trained for: one view of the index (its segments, with
/// their documents and deletions, so a reload that changed nothing keeps the
/// model) and one taste (or none, when the library had nothing to learn from).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TasteKey {
    segments: Vec<(SegmentId, u32, u32)>,
    taste: Option<Taste>,
}

impl TasteKey {
    pub fn of(searcher: &Searcher, state: &UserState) -> TasteKey {
        TasteKey {
            segments: searcher
                .segment_readers()
                .iter()
                .map(|r| (r.segment_id(), r.max_doc(), r.num_deleted_docs()))
                .collect(),
            taste: taste_of(state, None).ok(),
        }
    }
}

/// A training to run: the view of the index and the library to learn from.
pub struct TrainRequest {
    pub key: TasteKey,
    pub searcher: Searcher,
    pub state: UserState,
}

/// The last training's outcome.
struct Taught {
    seq: u64,
    key: TasteKey,
    learned: Result<Learned, String>,
}

/// Trainings so far, in this process: a worker started again after a
/// panic goes on counting, so its reasons are never taken for older ones.
static TRAININGS: AtomicU64 = AtomicU64::new(0);

/// The last model, shared between the worker and the training thread.
#[derive(Clone, Default)]
pub struct TasteSlot {
    taught: Arc<Mutex<Option<Taught>>>,
}

impl TasteSlot {
    fn lock(&self) -> MutexGuard<'_, Option<Taught>> {
        self.taught.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The scores to rank `searcher`'s view by for `state`'s taste (the last
    /// ones there are, even when made for another view: they rank nothing
    /// then), and the training to ask for when they are not the right ones.
    pub fn scores_for(
        &self,
        searcher: &Searcher,
        state: &UserState,
    ) -> (Option<Arc<DocScores>>, Option<TrainRequest>) {
        let key = TasteKey::of(searcher, state);
        let taught = self.lock();
        let scores = taught
            .as_ref()
            .and_then(|t| t.learned.as_ref().ok())
            .map(|l| l.scores.clone());
        let fresh = taught.as_ref().is_some_and(|t| t.key == key)
            && scores.as_ref().is_none_or(|s| s.fits(searcher));
        let request = (!fresh).then(|| TrainRequest {
            key,
            searcher: searcher.clone(),
            state: state.clone(),
        });
        (scores, request)
    }

    /// Trains (or takes from the data dir's cache) the model `request`
    /// asks for, keeps it, and says what came of it. A panic in training is
    /// an error answer, not a dead reader.
    pub fn train(&self, store: &Store, request: TrainRequest) -> TasteNews {
        let seq = TRAININGS.fetch_add(1, Ordering::Relaxed) + 1;
        let ran = catch_unwind(AssertUnwindSafe(|| {
            learn(
                store,
                &store.index(),
                &request.searcher,
                &request.state,
                None,
                &TrainOptions::default(),
            )
            .map_err(|e| e.to_string())
        }));
        let learned = ran.unwrap_or_else(|panic| {
            Err(format!(
                "the model could not be trained ({})",
                super::worker::panic_message(panic.as_ref())
            ))
        });
        let news = TasteNews {
            seq,
            learned: learned
                .as_ref()
                .map(|l| l.model.trained_on.positives)
                .map_err(Clone::clone),
            notes: learned
                .as_ref()
                .map(|l| l.notes.clone())
                .unwrap_or_default(),
        };
        *self.lock() = Some(Taught {
            seq,
            key: request.key,
            learned,
        });
        news
    }

    /// Why the last model recommends paper `id` (`None` when there is no model).
    pub fn explain(&self, store: &Store, id: &str) -> Option<TasteReason> {
        let mut taught = self.lock();
        let taught = taught.as_mut()?;
        let seq = taught.seq;
        let learned = taught.learned.as_mut().ok()?;
        let index = store.index();
        let searcher = index.searcher();
        let sentence = (|| {
            let address = index
                .address_of(&searcher, id)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("paper {id} is no longer in the index"))?;
            let paper = index
                .paper_at(&searcher, address)
                .map_err(|e| e.to_string())?;
            let body = store.fulltext().index_extras(id).body;
            learned
                .model
                .explain(
                    &searcher,
                    index.fields(),
                    &mut Analyzers::default(),
                    &paper,
                    address,
                    body.as_deref(),
                )
                .map(|because| because.sentence())
                .map_err(|e| e.to_string())
        })();
        Some(TasteReason {
            seq,
            id: id.to_string(),
            sentence,
        })
    }
}

/// Runs a reader search with the slot's scores for a "for you" order; also
/// returns the training to ask for, if the scores are not the right ones.
pub fn search_with_taste(
    store: &Store,
    job: &SearchJob,
    max_hits: usize,
    slot: &TasteSlot,
) -> (Result<Found, String>, Option<TrainRequest>) {
    let mut request = None;
    let found = run_search_scored(store, job, max_hits, |searcher, state| {
        let (scores, wanted) = slot.scores_for(searcher, state);
        request = wanted;
        scores
    });
    (found, request)
}

/// The training thread: one training at a time, and when several requests
/// queue up meanwhile only the newest runs. It ends with the worker (when
/// the trainer is dropped).
pub struct TasteTrainer {
    requests: Sender<TrainRequest>,
    /// The last training asked for, so a search does not ask twice.
    asked: Option<TasteKey>,
}

impl TasteTrainer {
    pub fn spawn(
        store: Arc<Store>,
        slot: TasteSlot,
        events: Sender<Event>,
    ) -> std::io::Result<TasteTrainer> {
        let (requests, incoming) = mpsc::channel::<TrainRequest>();
        thread::Builder::new()
            .name("folio-taste".into())
            .spawn(move || {
                while let Ok(first) = incoming.recv() {
                    let newest = incoming.try_iter().last().unwrap_or(first);
                    let news = slot.train(&store, newest);
                    if events.send(Event::TasteLearned(news)).is_err() {
                        return;
                    }
                }
            })?;
        Ok(TasteTrainer {
            requests,
            asked: None,
        })
    }

    /// Asks for a training, unless the same one was asked for last.
    pub fn ask(&mut self, request: TrainRequest) {
        if self.asked.as_ref() == Some(&request.key) {
            return;
        }
        self.asked = Some(request.key.clone());
        let _ = self.requests.send(request);
    }
}
