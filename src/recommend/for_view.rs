//! The "for you" model as a front end uses it: trained for one
//! [`IndexView`] it holds, and asked why it recommends a paper, without the
//! front end handling the search engine's own types.

use super::features::Analyzers;
use super::taste::{Learned, learn};
use super::{RecommendError, TrainOptions};
use crate::index::IndexView;
use crate::library::UserState;
use crate::store::Store;

/// Trains (or takes from the data dir's cache) the model for every
/// bookmark of `state`, over the papers of `view`.
pub fn learn_for_view(
    store: &Store,
    view: &IndexView,
    state: &UserState,
    options: &TrainOptions,
) -> Result<Learned, RecommendError> {
    learn(store, &store.index(), view.searcher(), state, None, options)
}

/// Why `learned` recommends the paper `id`, as one sentence, read from the
/// index as it is now (`None`: the paper is no longer in the index).
pub fn explain_paper(
    store: &Store,
    learned: &mut Learned,
    id: &str,
) -> Result<Option<String>, RecommendError> {
    let index = store.index();
    let view = index.view();
    let Some(address) = index.address_of(view.searcher(), id)? else {
        return Ok(None);
    };
    let paper = index.paper_at(view.searcher(), address)?;
    let body = store.fulltext().index_extras(id).body;
    let because = learned.model.explain(
        view.searcher(),
        index.fields(),
        &mut Analyzers::default(),
        &paper,
        address,
        body.as_deref(),
    )?;
    Ok(Some(because.sentence()))
}
