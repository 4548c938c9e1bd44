//! The "for you" ranking as the reader shows it: what the last training
//! learnt from (for the notes that say what to do when it is too little),
//! the reasons given for papers, and when to ask for one. Pure: the worker
//! trains and explains ([`super::taste_work`]); this only keeps the answers.

use std::collections::HashMap;

use super::command::Command;
use super::event::{TasteNews, TasteReason};
use super::keymap::Context;
use super::state::{App, Mode, View};
use super::update::{Effect, search};
use crate::index::Sort;
use crate::model::sanitize;
use crate::recommend::FEW_BOOKMARKS;

/// What the reader knows of the model.
#[derive(Debug, Clone, Default)]
pub struct ForYouState {
    /// The training the answers below come from.
    pub seq: u64,
    /// How many bookmarks the model learnt from, or why it could not learn
    /// (`None`: no training has answered yet).
    pub learned: Option<Result<usize, String>>,
    /// The model's notes (papers missing from the index…).
    pub notes: Vec<String>,
    /// Why each paper is recommended, by id, for the model of `seq`.
    reasons: HashMap<String, Result<String, String>>,
    /// The paper whose reason was asked for last.
    asked: Option<String>,
}

/// Whether the list is ranked by taste: the "for you" view, or the sort.
pub fn is_active(app: &App) -> bool {
    app.similar.is_none() && (app.view == View::ForYou || app.effective_sort() == Sort::ForYou)
}

/// A training answered: the reasons of the old model go, and a list ranked
/// by taste is searched again. The selection stays on its paper, unless it
/// is on the first row of the list (not being read): then it stays on the
/// first row, the best pick.
pub fn on_news(app: &mut App, news: TasteNews) -> Vec<Effect> {
    let state = &mut app.for_you;
    state.seq = news.seq;
    state.learned = Some(news.learned);
    state.notes = news.notes;
    state.reasons.clear();
    state.asked = None;
    if is_active(app) {
        let keep_selection = app.selected != 0 || app.mode != Mode::List;
        vec![search(app, keep_selection)]
    } else {
        Vec::new()
    }
}

/// A reason arrived; one from a model since replaced is dropped.
pub fn on_reason(app: &mut App, reason: TasteReason) {
    if reason.seq == app.for_you.seq {
        app.for_you.reasons.insert(reason.id, reason.sentence);
    }
}

/// Asks the worker why the selected paper is recommended, once per paper
/// and model, while the list is ranked by taste and a model is there.
pub fn ask_reason(app: &mut App) -> Option<Effect> {
    if !is_active(app) || !matches!(app.for_you.learned, Some(Ok(_))) {
        return None;
    }
    let id = app.selected_row()?.paper.id.as_str().to_string();
    let state = &mut app.for_you;
    if state.reasons.contains_key(&id) || state.asked.as_deref() == Some(id.as_str()) {
        return None;
    }
    state.asked = Some(id.clone());
    Some(Effect::Explain { id })
}

/// Why paper `id` is recommended, when the list is ranked by taste and the
/// reason has arrived (`Err`: why it could not be said).
pub fn reason_for<'a>(app: &'a App, id: &str) -> Option<&'a Result<String, String>> {
    if !is_active(app) {
        return None;
    }
    app.for_you.reasons.get(id)
}

/// The first key of `command` in the list, for hints.
fn key(app: &App, command: Command) -> String {
    app.keymap
        .keys(Context::List, command)
        .first()
        .map_or_else(|| command.name().to_string(), ToString::to_string)
}

/// What a user without bookmarks reads where the recommendations would be.
pub fn no_bookmarks_note(app: &App) -> String {
    format!(
        "folio learns your taste from your bookmarks. Bookmark papers you like ({}), dismiss those you don't ({}); {FEW_BOOKMARKS} or more make a start.",
        key(app, Command::ToggleBookmark),
        key(app, Command::ToggleDismiss)
    )
}

/// Why the "for you" view is empty, and what to do.
pub fn empty_note(app: &App) -> String {
    if app.user.bookmarked_ids().is_empty() {
        return no_bookmarks_note(app);
    }
    if let Some(Err(why)) = &app.for_you.learned {
        return format!("for you: {}", sanitize::clean_text(why));
    }
    let within = if app.period.range().is_some() {
        " of this period"
    } else {
        ""
    };
    format!(
        "nothing left to recommend: every paper{within} is bookmarked, dismissed or read · {} syncs more papers · {} returns",
        key(app, Command::Sync),
        key(app, Command::Back)
    )
}

/// The standing note of a list ranked by taste (`true`: it is an error):
/// too few bookmarks, none, or why the model could not learn.
pub fn footer_note(app: &App) -> Option<(String, bool)> {
    if !is_active(app) {
        return None;
    }
    if app.user.bookmarked_ids().is_empty() {
        // The "for you" view says it in the list already.
        return (app.view != View::ForYou).then(|| (no_bookmarks_note(app), false));
    }
    let positives = match app.for_you.learned.as_ref()? {
        Ok(n) => *n,
        Err(why) => return Some((format!("for you: {why}"), true)),
    };
    let mut parts = Vec::new();
    if positives < FEW_BOOKMARKS {
        parts.push(format!(
            "for you: learning from {positives} bookmark{}; {FEW_BOOKMARKS} or more give better picks ({} to bookmark, {} to dismiss)",
            if positives == 1 { "" } else { "s" },
            key(app, Command::ToggleBookmark),
            key(app, Command::ToggleDismiss)
        ));
    }
    // The model's own few-bookmarks note says the same in the CLI's words.
    parts.extend(
        app.for_you
            .notes
            .iter()
            .filter(|n| !n.starts_with("learning from only"))
            .cloned(),
    );
    (!parts.is_empty()).then(|| (parts.join(" · "), false))
}
