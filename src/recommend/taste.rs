//! From the user's library to a ranking: which papers teach the model (all
//! bookmarks or one tag's, and the dismissed ones), training or taking the
//! cached model, and the recommendations themselves: unread papers that are
//! neither kept nor dismissed, best first, each with why. The CLI and the
//! reader both come through here.

use std::sync::Arc;

use chrono::NaiveDate;
use tantivy::Searcher;

use super::RecommendError;
use super::cache::{ModelCache, key_of};
use super::explain::Because;
use super::features::Analyzers;
use super::model::{Model, Taste, TrainOptions, TrainedOn};
use crate::index::query::{IsState, Node, ParseOptions, parse};
use crate::index::{DocScores, PaperIndex, Sort};
use crate::library::{UserState, normalize_tag};
use crate::model::Paper;
use crate::store::Store;

/// What to recommend.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Learn from the bookmarks with this tag only.
    pub tag: Option<String>,
    pub limit: usize,
    /// Only papers dated on or after this day.
    pub since: Option<NaiveDate>,
    /// Read papers too (by default only unread ones are recommended).
    pub include_read: bool,
    /// Only papers this query matches.
    pub query: Option<String>,
    /// Say why for each paper.
    pub explain: bool,
    /// How the model is trained (folio's defaults unless measuring).
    pub training: TrainOptions,
}

/// One recommended paper.
#[derive(Debug, Clone)]
pub struct Recommendation {
    pub paper: Paper,
    pub score: f32,
    pub because: Option<Because>,
}

/// A ranking, with what it learnt from and anything worth telling the user.
#[derive(Debug, Clone)]
pub struct Recommendations {
    pub items: Vec<Recommendation>,
    /// Papers that could have been recommended.
    pub candidates: usize,
    pub trained_on: TrainedOn,
    /// Short notes for the user (too few bookmarks, some missing...).
    pub notes: Vec<String>,
}

/// A model ready to rank one view of the index.
pub struct Learned {
    pub model: Model,
    pub scores: Arc<DocScores>,
    pub tag: Option<String>,
    pub notes: Vec<String>,
}

/// The taste of `state`: its bookmarks (with `tag`, if given) and its
/// dismissed papers. Fails with a message when there is nothing to learn from.
pub fn taste_of(state: &UserState, tag: Option<&str>) -> Result<Taste, RecommendError> {
    let tag = tag.map(tag_key);
    let positives: Vec<String> = state
        .papers
        .iter()
        .filter(|(_, e)| e.bookmarked.is_some())
        .filter(|(_, e)| tag.as_ref().is_none_or(|t| e.tags.contains(t)))
        .map(|(id, _)| id.clone())
        .collect();
    if positives.is_empty() {
        return Err(match tag {
            None => RecommendError::NoBookmarks,
            Some(tag) => RecommendError::EmptyTag {
                tag,
                in_use: state.all_tags().into_keys().collect(),
            },
        });
    }
    let negatives = state.dismissed_ids().map(str::to_string).collect();
    Ok(Taste {
        positives,
        negatives,
    })
}

/// Trains (or takes from the cache) the model of `tag` for `searcher`'s
/// view, and scores every paper of it.
pub fn learn(
    store: &Store,
    index: &PaperIndex,
    searcher: &Searcher,
    state: &UserState,
    tag: Option<&str>,
    options: &TrainOptions,
) -> Result<Learned, RecommendError> {
    let taste = taste_of(state, tag)?;
    let cache = ModelCache::new(store.data_dir());
    let key = key_of(&taste, options, searcher);
    let model = match cache.load(tag, &key) {
        Some(model) => model,
        None => {
            let body_of = |id: &str| store.fulltext().index_extras(id).body;
            let started = std::time::Instant::now();
            let model = Model::train(index, searcher, &taste, options, &body_of)?;
            tracing::info!(
                tag = tag.unwrap_or("(all)"),
                kept = model.trained_on.positives,
                dismissed = model.trained_on.negatives,
                background = model.trained_on.background,
                features = model.features.len(),
                ms = started.elapsed().as_millis() as u64,
                "trained the for-you model"
            );
            if !store.is_read_only() {
                // A model that could not be kept is trained again next time.
                let _ = cache.store(tag, &key, &model);
            }
            model
        }
    };
    let trained = &model.trained_on;
    if trained.positives == 0 {
        return Err(RecommendError::AllMissing {
            count: taste.positives.len(),
            tag: tag.map(tag_key),
        });
    }
    let mut notes = Vec::new();
    if trained.positives < super::FEW_BOOKMARKS {
        notes.push(format!(
            "learning from only {} bookmark{}: recommendations get better with {} or more (bookmark papers you like, dismiss those you don't)",
            trained.positives,
            if trained.positives == 1 { "" } else { "s" },
            super::FEW_BOOKMARKS
        ));
    }
    let missing = trained.missing.len();
    if missing > 0 {
        notes.push(format!(
            "{missing} bookmarked or dismissed paper{} not in the index and left out",
            if missing == 1 { " is" } else { "s are" }
        ));
    }
    let scores = Arc::new(model.score_all(searcher, index.fields())?);
    Ok(Learned {
        model,
        scores,
        tag: tag.map(tag_key),
        notes,
    })
}

/// A tag as the library stores it (a tag that cannot be stored matches nothing).
fn tag_key(tag: &str) -> String {
    normalize_tag(tag).unwrap_or_else(|| tag.trim().to_lowercase())
}

/// The request's own limits: its query and its first day.
fn limits_query(request: &Request) -> Result<Vec<Node>, RecommendError> {
    let mut clauses = Vec::new();
    if let Some(query) = &request.query {
        clauses.push(parse(query, ParseOptions::default())?);
    }
    if let Some(since) = request.since {
        clauses.push(Node::Dates {
            from: Some(since),
            to: None,
        });
    }
    Ok(clauses)
}

/// The query of what may be recommended: not kept, not dismissed, unread
/// unless asked, within the request's limits.
pub fn candidates_query(request: &Request) -> Result<Node, RecommendError> {
    let mut clauses = limits_query(request)?;
    clauses.push(Node::Not(Box::new(Node::Is(IsState::Bookmarked))));
    clauses.push(Node::Not(Box::new(Node::Is(IsState::Dismissed))));
    if !request.include_read {
        clauses.push(Node::Is(IsState::Unread));
    }
    Ok(Node::And(clauses))
}

/// Every paper's score by the user's taste (all bookmarks), for
/// [`Sort::ForYou`] in a search of `store`'s live index, with the notes
/// worth telling the user.
pub fn taste_scores(store: &Store) -> Result<(Arc<DocScores>, Vec<String>), RecommendError> {
    let state = store.library().load()?;
    let index = store.index();
    let searcher = index.searcher();
    let learned = learn(
        store,
        &index,
        &searcher,
        &state,
        None,
        &TrainOptions::default(),
    )?;
    Ok((learned.scores, learned.notes))
}

/// Recommends papers to the user of `store`.
pub fn recommend(store: &Store, request: &Request) -> Result<Recommendations, RecommendError> {
    let (state, sets) = store.user_sets()?;
    let index = store.index();
    let searcher = index.searcher();
    let mut learned = learn(
        store,
        &index,
        &searcher,
        &state,
        request.tag.as_deref(),
        &request.training,
    )?;
    let node = candidates_query(request)?;
    if let Some(query) = &request.query {
        crate::index::query::check_watches(&node, query, &sets)?;
    }
    let prepared = index
        .prepare_node(&searcher, node, Some(Sort::ForYou), &sets)
        .with_scores(learned.scores.clone());
    let (candidates, ranked) = index.ranked(&searcher, &prepared, 0, request.limit)?;
    let mut analyzers = Analyzers::default();
    let mut items = Vec::with_capacity(ranked.len());
    for (score, address) in ranked {
        let paper = index.paper_at(&searcher, address)?;
        let because = if request.explain {
            let body = store.fulltext().index_extras(paper.id.as_str()).body;
            Some(learned.model.explain(
                &searcher,
                index.fields(),
                &mut analyzers,
                &paper,
                address,
                body.as_deref(),
            )?)
        } else {
            None
        };
        items.push(Recommendation {
            paper,
            score,
            because,
        });
    }
    let mut notes = learned.notes;
    if candidates == 0 {
        let limits = Node::And(limits_query(request)?);
        let prepared = index.prepare_node(&searcher, limits, None, &sets);
        let (matching, _) = index.ranked(&searcher, &prepared, 0, 0)?;
        notes.push(nothing_left_note(request, matching));
    }
    Ok(Recommendations {
        items,
        candidates,
        trained_on: learned.model.trained_on.clone(),
        notes,
    })
}

/// Why a ranking is empty, and what to do: `matching` is how many papers
/// the request's own limits (query, day) match before leaving out the kept,
/// dismissed and read ones.
fn nothing_left_note(request: &Request, matching: usize) -> String {
    let mut limits = Vec::new();
    if request.query.is_some() {
        limits.push("matches the query".to_string());
    }
    if let Some(since) = request.since {
        limits.push(format!("is dated {since} or later"));
    }
    let within = if limits.is_empty() {
        String::new()
    } else {
        format!(" that {}", limits.join(" and "))
    };
    if matching == 0 {
        return format!(
            "no paper {}: try an earlier day or another query",
            limits.join(" and ")
        );
    }
    let read = if request.include_read {
        ""
    } else {
        " (add --include-read to see read papers too)"
    };
    format!(
        "nothing left to recommend: every paper{within} is bookmarked, dismissed or read{read}; import or sync more papers (`folio sync`)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library() -> UserState {
        let now = chrono::Utc::now();
        let mut state = UserState::default();
        state.bookmark("a", now);
        state.bookmark("b", now);
        state.add_tags("b", ["Theory".to_string()], now);
        state.dismiss("x", now).unwrap();
        state.mark_read("r", now);
        state
    }

    #[test]
    fn the_taste_is_the_bookmarks_and_the_dismissed_papers() {
        let taste = taste_of(&library(), None).unwrap();
        assert_eq!(taste.positives, ["a", "b"]);
        assert_eq!(taste.negatives, ["x"]);
        let tagged = taste_of(&library(), Some("theory")).unwrap();
        assert_eq!(tagged.positives, ["b"]);
    }

    #[test]
    fn nothing_to_learn_from_says_what_to_do() {
        let empty = taste_of(&UserState::default(), None).unwrap_err();
        assert!(matches!(empty, RecommendError::NoBookmarks));
        assert!(empty.to_string().contains("bookmark a few papers"));
        let untagged = taste_of(&library(), Some("robots")).unwrap_err();
        let message = untagged.to_string();
        assert!(
            message.contains("no bookmark has the tag `robots`"),
            "{message}"
        );
        assert!(message.contains("tags in use: theory"), "{message}");
    }

    #[test]
    fn candidates_leave_out_kept_dismissed_and_read_papers_unless_asked() {
        let request = Request {
            since: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
            ..Request::default()
        };
        let Node::And(clauses) = candidates_query(&request).unwrap() else {
            panic!("an And");
        };
        assert!(clauses.contains(&Node::Is(IsState::Unread)));
        assert!(clauses.contains(&Node::Not(Box::new(Node::Is(IsState::Dismissed)))));
        assert!(clauses.contains(&Node::Not(Box::new(Node::Is(IsState::Bookmarked)))));
        assert!(clauses.iter().any(|c| matches!(c, Node::Dates { .. })));
        let with_read = Request {
            include_read: true,
            ..Request::default()
        };
        let Node::And(clauses) = candidates_query(&with_read).unwrap() else {
            panic!("an And");
        };
        assert!(!clauses.contains(&Node::Is(IsState::Unread)));
    }

    #[test]
    fn an_empty_ranking_says_why() {
        let request = Request {
            since: chrono::NaiveDate::from_ymd_opt(2030, 1, 1),
            ..Request::default()
        };
        assert_eq!(
            nothing_left_note(&request, 0),
            "no paper is dated 2030-01-01 or later: try an earlier day or another query"
        );
        assert!(nothing_left_note(&Request::default(), 5).contains("--include-read"));
    }
}
