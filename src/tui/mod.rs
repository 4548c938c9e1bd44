//! The interactive reader (`folio` with no command).
//!
//! One loop owns the [`state::App`]: it waits on one channel fed by the
//! terminal input thread and the index worker, applies each event with the
//! pure [`update::update`], hands the resulting effects to the worker, loads
//! the rows now on screen, and redraws once per batch of events. Nothing is
//! drawn when nothing happened.

pub mod command;
pub mod event;
pub mod for_you;
mod handlers;
pub mod input;
pub mod input_gate;
pub mod jobs;
pub mod keymap;
mod note_editor;
pub mod osc52;
pub mod period;
pub mod search;
pub mod state;
pub mod taste_work;
mod terminal;
pub mod text_keys;
pub mod text_view;
pub mod text_work;
pub mod ui;
pub mod update;
pub mod worker;

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use ratatui::layout::Rect;

use crate::config::Config;
use crate::store::Store;
use event::Event;
use jobs::{Job, JobSender};
use keymap::Keymap;
use state::App;
use update::Effect;
use worker::SyncControl;

/// The keymap from the config's `[keys]` tables; errors name the bad entry
/// and its place (`config.toml:LINE:COLUMN`).
pub fn keymap_from_config(config: &Config) -> Result<Keymap> {
    Keymap::new(&config.keys).map_err(|e| {
        anyhow::anyhow!(
            "invalid config file {}: {}\n\
             fix or delete that line (the default config lists every command, context and key)",
            config.origin.locate(e.span),
            e.message
        )
    })
}

/// Loads the rows the screen shows (and the selected one) into the cache.
/// A row that cannot be read says why in its place, and the first such
/// error goes to the status line unless another error is showing there.
pub fn load_visible_rows(app: &mut App) {
    let height = ui::layout::areas(Rect::new(0, 0, app.size.0, app.size.1))
        .map_or(1, |a| usize::from(a.list.height));
    let start = app.offset;
    let shown = app.results.load(start..start + height);
    let selected = app.selected;
    let error = shown.or(app.results.load(selected..selected + 1));
    if let Some(text) = error
        && !app.status.as_ref().is_some_and(|s| s.error)
    {
        app.status = Some(state::Status { text, error: true });
    }
}

/// The shortest time between two frames; also how long quitting waits for
/// a sync's import before it says so on screen.
const FRAME: Duration = Duration::from_millis(16);
/// Shown while quitting waits for a sync to stop.
const STOPPING_SYNC: &str = "stopping the sync…";

/// Runs the reader until the user quits. However it ends (quit, an error, a
/// dead worker), a sync in progress is stopped before its commit or waited
/// for if its commit has begun, and the terminal is given back before any
/// error is reported.
pub fn run(store: Store, config: &Config) -> Result<()> {
    let keymap = keymap_from_config(config)?;
    let theme = ui::theme::Theme::from_config(&config.theme, ui::theme::no_color_requested())
        .map_err(|message| anyhow::anyhow!("invalid [theme] in the config: {message}"))?;
    let user = store.library().load()?;
    let store = Arc::new(store);
    let mut guard = terminal::TerminalGuard::enter()
        .context("could not take over the terminal (is this an interactive terminal?)")?;
    let size = guard.terminal.size()?;
    let (tx, rx) = mpsc::channel();
    let input = input_gate::InputGate::default();
    event::spawn_input(tx.clone(), input.clone())
        .context("could not start the terminal input thread")?;
    let control = Arc::new(SyncControl::default());
    let jobs = worker::spawn(store.clone(), config.clone(), tx.clone(), control.clone())
        .context("could not start the index worker")?;
    let mut runtime = Runtime {
        store: store.clone(),
        config: config.clone(),
        events: tx.clone(),
        jobs,
        control,
        input,
    };
    let mut app = App::new(keymap, user, (size.width, size.height));
    app.read_only = store.is_read_only();
    app.theme = theme;
    let result = event_loop(&mut app, &mut runtime, &mut guard, &rx);
    stop_sync(&mut app, &runtime, &mut guard);
    drop(guard);
    if !app.read_only {
        let _ = store
            .library()
            .update(|s| s.touch_last_looked(chrono::Utc::now()));
    }
    drop(tx);
    result?;
    match app.fatal {
        Some(message) => Err(anyhow::anyhow!(message)),
        None => Ok(()),
    }
}

/// What carries out effects: the worker and what it takes to start another.
struct Runtime {
    store: Arc<Store>,
    config: Config,
    events: Sender<Event>,
    jobs: JobSender,
    control: Arc<SyncControl>,
    /// Paused while the terminal is lent to the user's editor.
    input: input_gate::InputGate,
}

fn event_loop(
    app: &mut App,
    runtime: &mut Runtime,
    guard: &mut terminal::TerminalGuard,
    rx: &Receiver<Event>,
) -> Result<()> {
    for effect in update::start(app) {
        dispatch(effect, runtime, guard);
    }
    loop {
        load_visible_rows(app);
        if let Some(effect) = for_you::ask_reason(app) {
            dispatch(effect, runtime, guard);
        }
        guard.terminal.draw(|frame| ui::draw(frame, app))?;
        let drawn = Instant::now();
        if app.quit {
            return Ok(());
        }
        let Ok(event) = rx.recv() else {
            return Ok(());
        };
        let mut paced = is_paced(&event);
        // What the event asks for goes out at once: a key's search starts
        // now, not after the frame waited out below.
        let first = update::update(app, event, chrono::Utc::now());
        let sent_fresh = first
            .iter()
            .any(|e| matches!(e, Effect::Search(job) if !job.keep_selection));
        for effect in first {
            dispatch(effect, runtime, guard);
        }
        // Apply everything already queued, and what follows within the
        // frame, before drawing again: at most one frame per FRAME, so a
        // paste of thousands of keys is drawn a few times, not per key,
        // and sends one more search, not one per key. An answer the user
        // waits for ends the wait: it is drawn as soon as the queue is empty.
        let mut effects = Vec::new();
        if !app.quit {
            loop {
                let next = match rx.try_recv() {
                    Ok(event) => Some(event),
                    Err(_) if paced => FRAME
                        .checked_sub(drawn.elapsed())
                        .and_then(|left| rx.recv_timeout(left).ok()),
                    Err(_) => None,
                };
                let Some(event) = next else {
                    break;
                };
                paced &= is_paced(&event);
                add_effects(&mut effects, update::update(app, event, chrono::Utc::now()));
                if app.quit {
                    break;
                }
            }
        }
        if sent_fresh {
            // A new query puts the selection back on top: a refresh after
            // it in the same batch replaces it as a new query too.
            for effect in &mut effects {
                if let Effect::Search(job) = effect {
                    job.keep_selection = false;
                    job.keep_id = None;
                }
            }
        }
        for effect in effects {
            dispatch(effect, runtime, guard);
        }
    }
}

/// True when `event` may wait out the frame before it is drawn (input and
/// progress can come in floods); an answer to a search ends the wait and
/// is drawn as soon as it comes, not up to a frame after the frame that
/// echoed the key.
fn is_paced(event: &Event) -> bool {
    !matches!(event, Event::Results(_) | Event::Counted { .. })
}

/// Adds a batch's `new` effects; a search replaces any search asked for
/// earlier in the batch (a newer query supersedes it), so a paste of
/// thousands of characters sends one search, not one per character.
/// A refresh that keeps the selection only stays one if every search it
/// replaces was one too (a new query puts the selection back on top).
fn add_effects(effects: &mut Vec<Effect>, mut new: Vec<Effect>) {
    let Some(Effect::Search(newest)) = new.iter_mut().rfind(|e| matches!(e, Effect::Search(_)))
    else {
        effects.extend(new);
        return;
    };
    let fresh = effects
        .iter()
        .any(|e| matches!(e, Effect::Search(job) if !job.keep_selection));
    if fresh {
        newest.keep_selection = false;
        newest.keep_id = None;
    }
    effects.retain(|e| !matches!(e, Effect::Search(_)));
    let last = new.iter().rposition(|e| matches!(e, Effect::Search(_)));
    let mut i = 0;
    new.retain(|e| {
        i += 1;
        !matches!(e, Effect::Search(_)) || Some(i - 1) == last
    });
    effects.extend(new);
}

/// Stops a sync in progress: abandoned while it fetches, waited for once
/// it imports (it sees the cancel flag and rolls back, or its commit ends),
/// saying so on screen when that takes longer than a frame.
fn stop_sync(app: &mut App, runtime: &Runtime, guard: &mut terminal::TerminalGuard) {
    if runtime.control.stop(&runtime.store, FRAME) {
        return;
    }
    app.status = Some(state::Status {
        text: STOPPING_SYNC.into(),
        error: false,
    });
    let _ = guard.terminal.draw(|frame| ui::draw(frame, app));
    while !runtime
        .control
        .stop(&runtime.store, Duration::from_millis(100))
    {}
}

fn dispatch(effect: Effect, runtime: &mut Runtime, guard: &mut terminal::TerminalGuard) {
    // A send fails only once the worker thread has ended, which it does only
    // by a panic, and then it reports its own death (Event::WorkerDied).
    let _ = match effect {
        Effect::Search(job) => runtime.jobs.send(Job::search(job)),
        Effect::Library(op, at) => runtime.jobs.send(Job::Library(op, at)),
        Effect::Open(url) => runtime.jobs.send(Job::Open(url)),
        Effect::Sync => runtime.jobs.send(Job::Sync),
        Effect::MarkAllRead(job, at) => runtime.jobs.send(Job::MarkAllRead(job, at)),
        Effect::CountWatches => runtime.jobs.send(Job::CountWatches),
        Effect::OpenText { id, width } => runtime.jobs.send(Job::OpenText(id, width)),
        Effect::SavePosition { id, position } => runtime.jobs.send(Job::SavePosition(id, position)),
        Effect::FetchPdf { id } => runtime.jobs.send(Job::FetchPdf(id)),
        Effect::Explain { id } => runtime.jobs.send(Job::Explain(id)),
        Effect::EditNoteInEditor { id, note } => {
            let edited = note_editor::edit(guard, &runtime.input, &id, note.as_deref());
            // The loop owns the receiving end: this send cannot fail.
            let _ = runtime.events.send(edited);
            Ok(())
        }
        Effect::Copy(text) => {
            let _ = guard.write_raw(&osc52::sequence(&text));
            Ok(())
        }
        Effect::RestartWorker => {
            match worker::spawn(
                runtime.store.clone(),
                runtime.config.clone(),
                runtime.events.clone(),
                runtime.control.clone(),
            ) {
                Ok(jobs) => runtime.jobs = jobs,
                Err(e) => {
                    let _ = runtime.events.send(Event::WorkerDied(format!(
                        "it could not be started again: {e}"
                    )));
                }
            }
            Ok(())
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::event::SearchJob;
    use crate::tui::period::Period;
    use crate::tui::state::View;

    fn job(seq: u64, keep_selection: bool) -> Effect {
        Effect::Search(SearchJob {
            seq,
            query: String::new(),
            view: View::All,
            period: Period::All,
            sort: None,
            similar: None,
            keep_selection,
            keep_id: keep_selection.then(|| "x".to_string()),
            first_page: 40,
        })
    }

    #[test]
    fn a_batch_sends_its_newest_search_only() {
        let mut effects = vec![job(1, false), Effect::Sync];
        add_effects(&mut effects, vec![job(2, true), Effect::Open("u".into())]);
        add_effects(&mut effects, vec![Effect::Sync]);
        // The refresh replaced a new query: it starts at the top.
        assert_eq!(
            effects,
            vec![
                Effect::Sync,
                job(2, false),
                Effect::Open("u".into()),
                Effect::Sync
            ]
        );
        let mut refreshes = vec![job(1, true)];
        add_effects(&mut refreshes, vec![job(2, true)]);
        assert_eq!(refreshes, vec![job(2, true)]);
    }

    #[test]
    fn keys_and_progress_wait_out_the_frame_and_search_answers_do_not() {
        use crossterm::event::{KeyCode, KeyEvent};
        assert!(is_paced(&Event::Key(KeyEvent::from(KeyCode::Char('a')))));
        assert!(is_paced(&Event::Resize(80, 24)));
        assert!(is_paced(&Event::Status(state::Status {
            text: "x".into(),
            error: false
        })));
        assert!(!is_paced(&Event::Counted { seq: 1, total: 9 }));
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&crate::config::Paths::in_dir(dir.path())).unwrap();
        let found = search::run_search_page(&store, &SearchJob::typed(1, ""), 5);
        let answer = Event::Results(event::SearchOutcome {
            seq: 1,
            keep_selection: false,
            result: found,
        });
        assert!(!is_paced(&answer));
    }
}
