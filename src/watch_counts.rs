//! How many papers each watch follows, how many of them are unread and how
//! many are new since the user last looked: what `folio watch list`, the
//! library export and the reader's watches view all show. One library read
//! and one counting pass per watch; no paper is loaded.

use crate::index::query::{Node, UserSets};
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
/// counted against: one pass over each watch's matches.
pub fn count_watches(store: &Store) -> Result<(UserState, Vec<WatchCount>), StoreError> {
    let (state, sets) = store.user_sets()?;
    let names: Vec<String> = state.watches.keys().cloned().collect();
    let counts = count_named(store, &sets, &names)?;
    Ok((state, counts))
}

/// The counts of the watch `name`.
pub fn count_watch(store: &Store, name: &str) -> Result<WatchCount, StoreError> {
    let (_, sets) = store.user_sets()?;
    let mut counts = count_named(store, &sets, &[name.to_string()])?;
    Ok(counts.pop().expect("one count per name"))
}

/// A watch whose query no longer parses (edited by hand) is not in `sets`
/// and matches nothing, so it counts zero without stopping the others.
fn count_named(
    store: &Store,
    sets: &UserSets,
    names: &[String],
) -> Result<Vec<WatchCount>, StoreError> {
    let queries: Vec<Node> = names.iter().map(|n| Node::Watch(n.clone())).collect();
    let counted = store
        .with_index(|index| Ok(index.count_read_and_new(&index.searcher(), &queries, sets)?))?;
    Ok(names
        .iter()
        .zip(counted)
        .map(|(name, c)| WatchCount {
            name: name.clone(),
            total: c.total,
            unread: c.total - c.read,
            new: c.new,
        })
        .collect())
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

    /// What a search counts for `query`.
    fn searched(store: &Store, query: String) -> usize {
        let mut request = crate::index::SearchRequest::new(query);
        request.limit = 0;
        store.search(&request).unwrap().1.total
    }

    #[test]
    fn one_pass_counts_equal_three_searches_over_several_segments() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&Paths::in_dir(dir.path())).unwrap();
        let now = chrono::Utc::now();
        store
            .library()
            .update(|s| {
                s.add_watch("neural", "neural OR brain", Vec::new(), now)
                    .unwrap();
                s.add_watch("vision", "vision -transformer", Vec::new(), now)
                    .unwrap();
                s.touch_last_looked(now);
            })
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
        // Two more imports (two more segments), then read marks spread
        // over all of them.
        for batch in 0..2 {
            let papers: Vec<Paper> = (0..30)
                .map(|i| {
                    paper(
                        &format!("2612.{batch}{i:04}"),
                        &format!("Neural vision study {i}"),
                    )
                })
                .collect();
            store.import(papers.into_iter().map(Ok)).unwrap();
        }
        let ids: Vec<String> = store
            .matching_papers("neural OR vision")
            .unwrap()
            .into_iter()
            .map(|p| p.id.as_str().to_string())
            .collect();
        store
            .library()
            .update(|s| {
                for id in ids.iter().step_by(3) {
                    s.mark_read(id, now);
                }
            })
            .unwrap();
        let (_, counts) = count_watches(&store).unwrap();
        for c in &counts {
            let name = &c.name;
            assert_eq!(c.total, searched(&store, format!("watch:{name}")), "{c:?}");
            assert_eq!(
                c.unread,
                searched(&store, format!("watch:{name} is:unread")),
                "{c:?}"
            );
            assert_eq!(
                c.new,
                searched(&store, format!("watch:{name} is:new")),
                "{c:?}"
            );
            assert!(c.new > 0 && c.unread < c.total, "{c:?}");
        }
    }

    #[test]
    fn counts_follow_the_query_the_read_marks_and_the_last_look() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&Paths::in_dir(dir.path())).unwrap();
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
