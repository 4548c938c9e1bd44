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

use super::event::{Event, Found, SearchJob, TasteNews, TasteReason};
use super::search::run_search_scored;
use crate::index::{Budget, DocScores, IndexView, SegmentsKey};
use crate::library::UserState;
use crate::recommend::for_view::{explain_paper, learn_for_view};
use crate::recommend::taste::taste_of;
use crate::recommend::{Learned, Taste, TrainOptions};
use crate::store::Store;

/// What a model was trained for: one view of the index (its segments, with
/// their documents and deletions, so a reload that changed nothing keeps the
/// model) and one taste (or none, when the library had nothing to learn from).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TasteKey {
    segments: SegmentsKey,
    taste: Option<Taste>,
}

impl TasteKey {
    pub fn of(view: &IndexView, state: &UserState) -> TasteKey {
        TasteKey {
            segments: view.segments_key(),
            taste: taste_of(state, None).ok(),
        }
    }
}

/// A training to run: the view of the index and the library to learn from.
pub struct TrainRequest {
    pub key: TasteKey,
    pub view: IndexView,
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

    /// The scores to rank `view` by for `state`'s taste (the last
    /// ones there are, even when made for another view: they rank nothing
    /// then), and the training to ask for when they are not the right ones.
    pub fn scores_for(
        &self,
        view: &IndexView,
        state: &UserState,
    ) -> (Option<Arc<DocScores>>, Option<TrainRequest>) {
        let key = TasteKey::of(view, state);
        let taught = self.lock();
        let scores = taught
            .as_ref()
            .and_then(|t| t.learned.as_ref().ok())
            .map(|l| l.scores.clone());
        let fresh = taught.as_ref().is_some_and(|t| t.key == key)
            && scores.as_ref().is_none_or(|s| view.fits(s));
        let request = (!fresh).then(|| TrainRequest {
            key,
            view: view.clone(),
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
            learn_for_view(
                store,
                &request.view,
                &request.state,
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
        let sentence = match explain_paper(store, learned, id) {
            Ok(Some(sentence)) => Ok(sentence),
            Ok(None) => Err(format!("paper {id} is no longer in the index")),
            Err(e) => Err(e.to_string()),
        };
        Some(TasteReason {
            seq,
            id: id.to_string(),
            sentence,
        })
    }
}

/// Runs a reader search within `budget` with the slot's scores for a "for
/// you" order; also returns the training to ask for, if the scores are not
/// the right ones.
pub fn search_with_taste(
    store: &Store,
    job: &SearchJob,
    budget: Budget<'_>,
    slot: &TasteSlot,
) -> (Result<Found, String>, Option<TrainRequest>) {
    let mut request = None;
    let found = run_search_scored(store, job, budget, |view, state| {
        let (scores, wanted) = slot.scores_for(view, state);
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
