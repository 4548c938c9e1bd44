//! How many papers each watch follows, how many of them are unread and how
//! many are new since the user last looked: what `folio watch list`, the
//! library export and the reader's watches view all show. One library read
//! and three counting searches per watch, no paper is loaded.

use crate::index::SearchRequest;
use crate::index::query::UserSets;
use crate::library::UserState;
use crate::store::{Store, StoreError};

/// One watch's counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchCount {
    pub name: String,
    /// Papers matching the watch's query.
    pub total: usize,
    /// Of those, not marked read.
    pub unread: usize,
    /// Of those, first imported since the user last looked (`is:new`).
    pub new: usize,
}

/// The counts of every watch, in name order, with the library they were
/// counted against.
pub fn count_watches(store: &Store) -> Result<(UserState, Vec<WatchCount>), StoreError> {
    let (state, sets) = store.user_sets()?;
    let mut counts = Vec::with_capacity(state.watches.len());
    for name in state.watches.keys() {
        counts.push(counts_of(store, &sets, name)?);
    }
    Ok((state, counts))
}

/// The counts of the watch `name` (a watch of the library `sets` came from).
pub fn count_watch(store: &Store, name: &str) -> Result<WatchCount, StoreError> {
    let (_, sets) = store.user_sets()?;
    counts_of(store, &sets, name)
}

fn counts_of(store: &Store, sets: &UserSets, name: &str) -> Result<WatchCount, StoreError> {
    // A query edited by hand into one that no longer parses matches nothing
    // (see `user_sets`); it must not stop the other watches being counted.
    if !sets.watches.contains_key(name) {
        return Ok(WatchCount {
            name: name.to_string(),
            total: 0,
            unread: 0,
            new: 0,
        });
    }
    Ok(WatchCount {
        name: name.to_string(),
        total: count(store, sets, format!("watch:{name}"))?,
        unread: count(store, sets, format!("watch:{name} is:unread"))?,
        new: count(store, sets, format!("watch:{name} is:new"))?,
    })
}

/// How many papers `query` matches.
fn count(store: &Store, sets: &UserSets, query: String) -> Result<usize, StoreError> {
    let mut request = SearchRequest::new(query);
    request.limit = 0;
    store.with_index(|index| Ok(index.search(&request, sets)?.total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Paths;
    use crate::model::{Paper, PaperId};

    fn paper(id: &str, title: &str) -> Paper {
        Paper {
            id: PaperId::new(id),
            arxiv_id: Some(id.into()),
            title: title.into(),
            abstract_text: "An abstract.".into(),
            ..Paper::default()
        }
    }

    #[test]
    fn counts_follow_the_query_the_read_marks_and_the_last_look() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&Paths {
            data_dir: dir.path().join("data"),
            config_file: dir.path().join("config.toml"),
        })
        .unwrap();
        let papers = vec![
            paper("2611.00001", "Zorblat for quokkas"),
            paper("2611.00002", "Zorblat for wombats"),
            paper("2611.00003", "Transformers for numbats"),
        ];
        store.import(papers.into_iter().map(Ok)).unwrap();
        let now = chrono::Utc::now();
        store
            .library()
            .update(|s| {
                s.add_watch("zorblat", "zorblat", Vec::new(), now).unwrap();
                s.add_watch("numbats", "numbats", Vec::new(), now).unwrap();
                s.mark_read("2611.00001", now);
            })
            .unwrap();
        let (_, counts) = count_watches(&store).unwrap();
        assert_eq!(
            counts,
            vec![
                WatchCount {
                    name: "numbats".into(),
                    total: 1,
                    unread: 1,
                    new: 1
                },
                WatchCount {
                    name: "zorblat".into(),
                    total: 2,
                    unread: 1,
                    new: 2
                },
            ]
        );
        store
            .library()
            .update(|s| s.touch_last_looked(chrono::Utc::now()))
            .unwrap();
        let (_, counts) = count_watches(&store).unwrap();
        assert!(counts.iter().all(|c| c.new == 0), "{counts:?}");
        // A query broken by hand counts nothing and stops nothing.
        store
            .library()
            .update(|s| s.watches.get_mut("numbats").unwrap().query = "title:".into())
            .unwrap();
        let (_, counts) = count_watches(&store).unwrap();
        assert_eq!((counts[0].total, counts[1].total), (0, 2), "{counts:?}");
    }
}
