//! `folio dismiss ID...` and `folio undismiss ID...`: "not interested". A
//! dismissed paper is hidden from the reader's feed, from `is:unread` and
//! from recommendations, and counts as a paper the user did not want. Every
//! id is handled on its own, in one library write: one unknown or bookmarked
//! id does not stop the others, but it is reported and the command fails.

use anyhow::{Result, bail};
use chrono::Utc;

use super::Ctx;
use super::output::outln;
use super::style::cut_to_width;
use crate::library::{DismissError, UserState};
use crate::model::sanitize;
use crate::store::NotFound;

/// What happened to one id.
enum Outcome {
    Changed,
    Unchanged,
    Refused(DismissError),
}

/// A paper named on the command line: its id in the library, and its title
/// when the index has it.
struct Named {
    id: String,
    title: Option<String>,
}

/// `folio dismiss` (`dismiss: true`) or `folio undismiss` of every id.
pub fn run(ctx: &Ctx, ids: &[String], dismiss: bool) -> Result<()> {
    let store = ctx.open_store()?;
    let state = store.library().load()?;
    let mut problems = Vec::new();
    let mut named: Vec<Named> = Vec::new();
    for id in ids {
        match store.paper(id)? {
            Some(paper) => named.push(Named {
                id: paper.id.as_str().to_string(),
                title: Some(paper.title),
            }),
            // A paper gone from the index can still have its dismissal taken back.
            None if !dismiss && state.is_dismissed(id) => named.push(Named {
                id: id.clone(),
                title: None,
            }),
            None => problems.push(NotFound(id.clone()).to_string()),
        }
    }
    // An id given twice (or as two spellings of one paper) is handled once.
    let mut seen = std::collections::HashSet::new();
    named.retain(|paper| seen.insert(paper.id.clone()));
    let now = Utc::now();
    let outcomes: Vec<Outcome> = store.library().update(|state| {
        named
            .iter()
            .map(|paper| apply(state, &paper.id, dismiss, now))
            .collect()
    })?;
    for (paper, outcome) in named.iter().zip(outcomes) {
        let verb = match (outcome, dismiss) {
            (Outcome::Refused(refused), _) => {
                problems.push(refused.to_string());
                continue;
            }
            (Outcome::Changed, true) => "dismissed",
            (Outcome::Unchanged, true) => "already dismissed",
            (Outcome::Changed, false) => "undismissed",
            (Outcome::Unchanged, false) => "not dismissed",
        };
        outln!("{}", confirmation(ctx, verb, paper));
    }
    match problems.len() {
        0 => Ok(()),
        1 => bail!("{}", problems[0]),
        n => bail!("{n} of the ids were not changed:\n{}", problems.join("\n")),
    }
}

fn apply(state: &mut UserState, id: &str, dismiss: bool, now: chrono::DateTime<Utc>) -> Outcome {
    let changed = if dismiss {
        match state.dismiss(id, now) {
            Ok(changed) => changed,
            Err(refused) => return Outcome::Refused(refused),
        }
    } else {
        state.undismiss(id)
    };
    if changed {
        Outcome::Changed
    } else {
        Outcome::Unchanged
    }
}

/// `dismissed 2501.12345  Title…`, one terminal line, safe to print.
fn confirmation(ctx: &Ctx, verb: &str, paper: &Named) -> String {
    let head = format!("{verb} {}", sanitize::clean_text(&paper.id));
    let Some(title) = &paper.title else {
        return format!("{head}  (no longer in the index)");
    };
    let room = ctx
        .style
        .width
        .saturating_sub(super::style::width(&head) + 2);
    format!(
        "{head}  {}",
        cut_to_width(&sanitize::clean_text(title), room)
    )
}
