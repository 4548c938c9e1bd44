//! The interactive reader (`folio` with no command).
//!
//! One loop owns the [`state::App`]: it waits on one channel fed by the
//! terminal input thread and the index worker, applies each event with the
//! pure [`update::update`], hands the resulting effects to the worker, loads
//! the rows now on screen, and redraws once per batch of events. Nothing is
//! drawn when nothing happened.

pub mod command;
pub mod event;
pub mod input;
pub mod keymap;
pub mod osc52;
pub mod period;
pub mod search;
pub mod state;
mod terminal;
pub mod ui;
pub mod update;
mod worker;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::mpsc::{self, Sender};

use anyhow::{Context as _, Result};
use ratatui::layout::Rect;

use crate::config::Config;
use crate::store::Store;
use keymap::Keymap;
use state::App;
use update::Effect;
use worker::Job;

/// The keymap from the config's `[keys]` table; errors name the bad entry.
pub fn keymap_from_config(config: &Config) -> Result<Keymap> {
    let overrides: BTreeMap<String, Vec<String>> = config
        .keys
        .iter()
        .map(|(k, v)| (k.clone(), v.keys()))
        .collect();
    Ok(Keymap::new(&overrides)?)
}

/// Loads the rows the screen shows (and the selected one) into the cache.
pub fn load_visible_rows(app: &mut App, store: &Store) {
    let height = ui::layout::areas(Rect::new(0, 0, app.size.0, app.size.1))
        .map_or(1, |a| usize::from(a.list.height));
    let start = app.offset;
    app.results.load(&store.index(), start..start + height);
    let selected = app.selected;
    app.results.load(&store.index(), selected..selected + 1);
}

/// Runs the reader until the user quits.
pub fn run(store: Store, config: &Config) -> Result<()> {
    let keymap = keymap_from_config(config)?;
    let user = store.library().load()?;
    let store = Arc::new(store);
    let mut guard = terminal::TerminalGuard::enter()
        .context("could not take over the terminal (is this an interactive terminal?)")?;
    let size = guard.terminal.size()?;
    let (tx, rx) = mpsc::channel();
    event::spawn_input(tx.clone());
    let jobs = worker::spawn(store.clone(), config.clone(), tx.clone());
    let mut app = App::new(keymap, user, (size.width, size.height));
    let first = update::search(&mut app, false);
    dispatch(first, &jobs, &mut guard);
    loop {
        load_visible_rows(&mut app, &store);
        guard.terminal.draw(|frame| ui::draw(frame, &app))?;
        if app.quit {
            break;
        }
        let Ok(event) = rx.recv() else {
            break;
        };
        let mut effects = update::update(&mut app, event);
        // Apply everything already queued before drawing again.
        while let Ok(event) = rx.try_recv() {
            effects.extend(update::update(&mut app, event));
        }
        for effect in effects {
            dispatch(effect, &jobs, &mut guard);
        }
    }
    drop(guard);
    let _ = store
        .library()
        .update(|s| s.touch_last_looked(chrono::Utc::now()));
    drop(tx);
    Ok(())
}

fn dispatch(effect: Effect, jobs: &Sender<Job>, guard: &mut terminal::TerminalGuard) {
    let _ = match effect {
        Effect::Search(job) => jobs.send(Job::Search(job)),
        Effect::Library(op) => jobs.send(Job::Library(op)),
        Effect::Open(url) => jobs.send(Job::Open(url)),
        Effect::Sync => jobs.send(Job::Sync),
        Effect::Copy(text) => {
            let _ = guard.write_raw(&osc52::sequence(&text));
            Ok(())
        }
    };
}
