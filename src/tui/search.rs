//! Running one reader search: the user's query plus the view (bookmarks,
//! unread, for you), the date period and the sort (by taste with the scores
//! the caller has), or the papers similar to one paper.
//! The worker calls this off the UI thread; tests and benchmarks call it directly.

use std::sync::Arc;

use super::event::{Found, SearchJob};
use super::state::View;
use crate::index::query::{IsState, Node, ParseOptions, parse};
use crate::index::{Budget, DocScores, IndexView, ResultSet, Sort};
use crate::library::UserState;
use crate::store::{Store, user_sets};

/// Matches sent with the first answer to a refresh, whose selection may lie
/// several screens down: several screens' worth.
pub const FIRST_PAGE: usize = 256;

/// Matches sent with the first answer to a typed search: what a terminal of
/// `rows` rows can show of the list. A first page of a million papers
/// costs about half as much at 40 hits as at 256 (the k-th best score,
/// which decides what can be skipped, is higher), and the rest of the list
/// follows within a few frames.
pub fn screenful(rows: u16) -> usize {
    usize::from(rows).clamp(1, FIRST_PAGE)
}
/// Similar papers shown for `m`.
const SIMILAR_LIMIT: usize = 100;

/// Marks every paper `job` finds read, in one library write; returns the
/// new library and how many papers were not read before.
pub fn mark_all_read(
    store: &Store,
    job: &SearchJob,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(UserState, usize), String> {
    let mut results = run_search(store, job)?.results;
    let ids = (0..results.len())
        .filter_map(|i| results.paper(i))
        .map(|paper| {
            paper
                .map(|paper| paper.id.as_str().to_string())
                .map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    store
        .library()
        .update(|state| {
            let changed = ids.iter().filter(|id| state.mark_read(id, now)).count();
            (state.clone(), changed)
        })
        .map_err(|e| format!("nothing was marked read: {e}"))
}

/// Finds every match of a job, in order (no paper is read yet).
pub fn run_search(store: &Store, job: &SearchJob) -> Result<Found, String> {
    run_search_page(store, job, usize::MAX)
}

/// Like [`run_search`], but keeps only the first `max_hits` matches (the
/// total still counts every match): a screenful comes back fast while the
/// user types, and the whole list follows.
pub fn run_search_page(store: &Store, job: &SearchJob, max_hits: usize) -> Result<Found, String> {
    run_search_scored(store, job, Budget::counted(max_hits), |_, _| None)
}

/// The sort a job runs with: its own, or its view's (the "for you" view
/// ranks by taste; the others leave it to the query).
pub fn sort_of(job: &SearchJob) -> Option<Sort> {
    job.sort
        .or((job.view == View::ForYou && job.similar.is_none()).then_some(Sort::ForYou))
}

/// Like [`run_search_page`], within `budget` (a search whose cancel flag is
/// raised ends early with an error nobody needs to read); a "for you" order
/// ranks by the scores `scores_for` gives for the index view and library of
/// the search (none: date order).
pub fn run_search_scored(
    store: &Store,
    job: &SearchJob,
    budget: Budget<'_>,
    scores_for: impl FnOnce(&IndexView, &UserState) -> Option<Arc<DocScores>>,
) -> Result<Found, String> {
    let index = store.index();
    let view = index.view();
    let state = store.library().load().map_err(|e| e.to_string())?;
    let sets = user_sets(&state);
    let newest = view.newest_date(&index).map_err(|e| e.to_string())?;
    if let Some(id) = &job.similar {
        let results = ResultSet::similar(index, view, id, SIMILAR_LIMIT.min(budget.max_hits))
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("paper {id} is no longer in the index"))?;
        return Ok(Found {
            kept_at: position_of(&results, job.keep_id.as_deref()),
            results,
            sort: Sort::Relevance,
            newest,
        });
    }
    let user_query =
        parse(&job.query, ParseOptions { prefix_last: true }).map_err(|e| e.to_string())?;
    crate::index::query::check_watches(&user_query, &job.query, &sets)
        .map_err(|e| e.to_string())?;
    // The feed leaves out what the user said they do not want, unless the
    // query asks about dismissed papers itself (`is:dismissed` shows them,
    // and is where `x` takes a dismissal back). Bookmarks are never dismissed.
    let hide_dismissed = !user_query.mentions_dismissed() || job.view == View::ForYou;
    let mut clauses = vec![user_query];
    match &job.view {
        View::All | View::Watch(_) => {}
        View::Bookmarks => clauses.push(Node::Is(IsState::Bookmarked)),
        View::Unread => clauses.push(Node::Is(IsState::Unread)),
        // What may be recommended: not kept, not dismissed, not read yet.
        View::ForYou => {
            clauses.push(Node::Not(Box::new(Node::Is(IsState::Bookmarked))));
            clauses.push(Node::Is(IsState::Unread));
        }
    }
    if hide_dismissed && job.view != View::Bookmarks {
        clauses.push(Node::Not(Box::new(Node::Is(IsState::Dismissed))));
    }
    if let Some((from, to)) = job.period.range() {
        clauses.push(Node::Dates {
            from: Some(from),
            to: Some(to),
        });
    }
    // A watch lists its new papers first, each part in the sort in force.
    let parts = match &job.view {
        View::Watch(name) => {
            clauses.push(Node::Watch(name.clone()));
            let new = Node::Is(IsState::New);
            vec![
                Node::And([clauses.clone(), vec![new.clone()]].concat()),
                Node::And([clauses, vec![Node::Not(Box::new(new))]].concat()),
            ]
        }
        _ => vec![Node::And(clauses)],
    };
    let sort = sort_of(job);
    // Nothing to learn from: the "for you" view has nothing to rank, and
    // says so instead of listing every paper by date.
    if job.view == View::ForYou && state.bookmarked_ids().is_empty() {
        return Ok(Found {
            results: ResultSet::empty(index, view),
            sort: Sort::ForYou,
            newest,
            kept_at: None,
        });
    }
    let scores = if sort == Some(Sort::ForYou) {
        scores_for(&view, &state)
    } else {
        None
    };
    let (results, sort) = ResultSet::ranked(index, view, parts, sort, &sets, scores, budget)
        .map_err(|e| e.to_string())?;
    Ok(Found {
        kept_at: position_of(&results, job.keep_id.as_deref()),
        results,
        sort,
        newest,
    })
}

/// Where the paper `id` is among the results (no paper is read).
fn position_of(results: &ResultSet, id: Option<&str>) -> Option<usize> {
    results.position_of(id?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Paths;

    fn every_paper() -> SearchJob {
        SearchJob::typed(1, "")
    }

    #[test]
    fn a_first_page_may_come_uncounted_and_the_count_follows() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&Paths::in_dir(dir.path())).unwrap();
        let job = every_paper();
        let mut all = run_search(&store, &job).unwrap().results;
        assert!(all.is_complete() && all.total() > 2, "the demo corpus");
        let uncounted = Budget {
            max_hits: 2,
            count: false,
            cancel: None,
        };
        let mut first = run_search_scored(&store, &job, uncounted, |_, _| None)
            .unwrap()
            .results;
        assert_eq!((first.len(), first.total()), (2, 2), "found so far");
        assert!(!first.is_counted() && !first.is_complete());
        let counted = run_search_page(&store, &job, 2).unwrap().results;
        assert_eq!((counted.len(), counted.total()), (2, all.total()));
        assert!(counted.is_counted());
        let (a, b) = (
            first.paper(1).unwrap().unwrap(),
            all.paper(1).unwrap().unwrap(),
        );
        assert_eq!(a.id, b.id, "the same order either way");
        // Room for more than there are: every match, so counted after all.
        let roomy = Budget {
            max_hits: all.total() + 1,
            ..uncounted
        };
        let whole = run_search_scored(&store, &job, roomy, |_, _| None)
            .unwrap()
            .results;
        assert!(whole.is_complete());
        assert_eq!(whole.total(), all.total());
    }
}
