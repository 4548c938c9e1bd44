//! The data dir as a whole: first start, imports that are all or nothing,
//! merging the same paper from two feeds, and an index rebuilt from the
//! journal without losing the user's library.

use chrono::Utc;
use folio::config::Paths;
use folio::index::SearchRequest;
use folio::ingest::IngestError;
use folio::model::{Paper, PaperId, fill_links_from_text};
use folio::store::Store;

fn paths(dir: &std::path::Path) -> Paths {
    Paths {
        data_dir: dir.to_path_buf(),
        config_file: dir.join("config.toml"),
    }
}

fn arxiv_paper(id: &str, title: &str) -> Paper {
    let mut p = Paper {
        id: PaperId::new(id),
        arxiv_id: Some(id.into()),
        title: title.into(),
        authors: vec!["Ada Lovelace".into()],
        abstract_text: format!("{title}. Code at https://github.com/example/{id}."),
        upvotes: Some(3),
        ..Paper::default()
    };
    fill_links_from_text(&mut p);
    p
}

/// A data dir with the demo corpus and one imported paper, `2401.00001` "First".
fn store_with_first(dir: &std::path::Path) -> Store {
    let store = Store::open(&paths(dir)).unwrap();
    store
        .import([Ok(arxiv_paper("2401.00001", "First"))])
        .unwrap();
    store
}

#[test]
fn first_start_imports_the_demo_corpus_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&paths(dir.path())).unwrap();
    assert_eq!(store.index().paper_count(), 73);
    drop(store);
    let store = Store::open(&paths(dir.path())).unwrap();
    assert_eq!(store.index().paper_count(), 73);
    assert_eq!(store.journal().segments().unwrap().len(), 1);
}

#[test]
fn a_failing_import_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&paths(dir.path())).unwrap();
    let papers = vec![
        Ok(arxiv_paper("2401.00001", "First")),
        Err(IngestError::Parse {
            origin: "f".into(),
            line: 2,
            message: "broken".into(),
        }),
    ];
    let err = store.import(papers).unwrap_err();
    assert_eq!(err.to_string(), "f:2: broken");
    assert_eq!(store.index().paper_count(), 73);
    assert!(store.paper("2401.00001").unwrap().is_none());
    assert_eq!(store.journal().segments().unwrap().len(), 1);
    let leftovers: Vec<_> = std::fs::read_dir(store.journal().dir()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no pending segment left behind");
}

#[test]
fn importing_twice_updates_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&paths(dir.path())).unwrap();
    let first = store
        .import([Ok(arxiv_paper("2401.00001", "First"))])
        .unwrap();
    assert_eq!((first.new, first.updated), (1, 0));
    let mut newer = arxiv_paper("2401.00001", "First");
    newer.upvotes = Some(99);
    newer.authors.clear();
    let second = store.import([Ok(newer)]).unwrap();
    assert_eq!((second.new, second.updated), (0, 1));
    assert_eq!(store.index().paper_count(), 74);
    let stored = store.paper("2401.00001").unwrap().unwrap();
    assert_eq!(stored.upvotes, Some(99));
    assert_eq!(
        stored.authors,
        vec!["Ada Lovelace".to_string()],
        "fields the newer record lacks are kept"
    );
}

#[test]
fn a_listing_paper_merges_into_its_arxiv_record_and_keeps_its_bookmark() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&paths(dir.path())).unwrap();
    let slug = "hopfield-networks-is-all-you-need";
    store
        .library()
        .update(|s| {
            s.bookmark(slug, Utc::now());
            s.add_tags(slug, ["memory".to_string()], Utc::now());
        })
        .unwrap();
    let arxiv = Paper {
        id: PaperId::new("2008.02217"),
        arxiv_id: Some("2008.02217".into()),
        title: "Hopfield Networks is All You Need".into(),
        authors: vec!["Hubert Ramsauer".into()],
        ..Paper::default()
    };
    let summary = store.import([Ok(arxiv)]).unwrap();
    assert_eq!((summary.new, summary.updated), (0, 1));
    assert_eq!(store.index().paper_count(), 73);
    assert!(store.paper(slug).unwrap().is_none());
    let merged = store.paper("2008.02217").unwrap().unwrap();
    assert_eq!(
        merged.links().code.as_deref(),
        Some("https://github.com/ml-jku/hopfield-layers")
    );
    assert_eq!(merged.authors, vec!["Hubert Ramsauer".to_string()]);
    let state = store.library().load().unwrap();
    assert!(state.is_bookmarked("2008.02217"));
    assert!(state.entry("2008.02217").unwrap().tags.contains("memory"));
    assert!(state.entry(slug).is_none());
    // The journal replays to the same result.
    store.reindex().unwrap();
    assert_eq!(store.index().paper_count(), 73);
    assert!(store.paper(slug).unwrap().is_none());
}

#[test]
fn deleting_the_index_loses_no_paper_and_no_user_state() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = store_with_first(dir.path());
        store
            .library()
            .update(|s| {
                s.bookmark("2401.00001", Utc::now());
                s.set_note("2401.00001", Some("keep me".into()), Utc::now());
                s.mark_read("pointer-networks", Utc::now());
            })
            .unwrap();
    }
    std::fs::remove_dir_all(dir.path().join("index")).unwrap();
    let store = Store::open(&paths(dir.path())).unwrap();
    assert_eq!(
        store.index().paper_count(),
        74,
        "rebuilt from the journal on open"
    );
    let state = store.library().load().unwrap();
    assert_eq!(
        state.entry("2401.00001").unwrap().note.as_deref(),
        Some("keep me")
    );
    assert!(state.is_read("pointer-networks"));
    let mut request = SearchRequest::new("is:bookmarked");
    request.limit = 10;
    let (_, results) = store.search(&request).unwrap();
    assert_eq!(results.hits.len(), 1);
}

#[test]
fn an_index_behind_the_journal_catches_up() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with_first(dir.path()));
    // Simulate a crash after the journal segment landed but before the index
    // commit: add a segment by hand.
    let journal = folio::journal::Journal::open(&dir.path().join("journal")).unwrap();
    let mut segment = journal.begin().unwrap();
    segment
        .append(&arxiv_paper("2401.00002", "Second"))
        .unwrap();
    segment.finish().unwrap();
    let store = Store::open(&paths(dir.path())).unwrap();
    assert_eq!(store.index().paper_count(), 75);
    assert!(store.paper("2401.00002").unwrap().is_some());
}

#[test]
fn a_second_store_sees_imports_after_reload() {
    let dir = tempfile::tempdir().unwrap();
    let reader = Store::open(&paths(dir.path())).unwrap();
    let writer = Store::open(&paths(dir.path())).unwrap();
    writer
        .import([Ok(arxiv_paper("2401.00001", "First"))])
        .unwrap();
    reader.index().reload().unwrap();
    assert_eq!(reader.index().paper_count(), 74);
}

#[test]
fn a_lost_journal_segment_is_named_and_reindex_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&paths(dir.path())).unwrap();
    for (id, title) in [("2401.00001", "First"), ("2401.00002", "Second")] {
        store.import([Ok(arxiv_paper(id, title))]).unwrap();
    }
    let segments = store.journal().segments().unwrap();
    assert_eq!(segments.len(), 3, "demo corpus, then one per import");
    // The index keeps only where each paper's line is: with the middle
    // segment gone, that paper cannot be read, and the error says what to do.
    std::fs::remove_file(&segments[1].1).unwrap();
    let store = Store::open(&paths(dir.path())).unwrap();
    let err = store.paper("2401.00001").unwrap_err().to_string();
    assert!(err.contains("00000002.jsonl"), "{err}");
    assert!(err.contains("folio reindex"), "{err}");
    assert_eq!(store.paper("2401.00002").unwrap().unwrap().title, "Second");
    assert_eq!(store.reindex().unwrap(), 74);
    assert!(store.paper("2401.00001").unwrap().is_none());
    assert_eq!(store.paper("2401.00002").unwrap().unwrap().title, "Second");
}

#[test]
fn a_lost_last_segment_is_noticed_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_first(dir.path());
    let last = store.journal().segments().unwrap().pop().unwrap().1;
    drop(store);
    std::fs::remove_file(last).unwrap();
    // The index is ahead of the journal: it is rebuilt from what is left.
    let store = Store::open(&paths(dir.path())).unwrap();
    assert_eq!(store.index().paper_count(), 73);
    assert!(store.paper("2401.00001").unwrap().is_none());
}

#[test]
fn an_index_from_an_older_folio_is_rebuilt_from_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_first(dir.path());
    drop(store);
    // An index as folio 4 wrote it: another schema (papers stored in it as
    // JSON), committed at the journal's last segment.
    let index_dir = dir.path().join("index");
    std::fs::remove_dir_all(&index_dir).unwrap();
    std::fs::create_dir_all(&index_dir).unwrap();
    let mut builder = tantivy::schema::Schema::builder();
    let doc = builder.add_text_field("doc", tantivy::schema::STORED);
    let old = tantivy::Index::create_in_dir(&index_dir, builder.build()).unwrap();
    let mut writer: tantivy::IndexWriter = old.writer(15_000_000).unwrap();
    writer
        .add_document(tantivy::doc!(doc => "{\"id\":\"2401.00001\"}"))
        .unwrap();
    let mut commit = writer.prepare_commit().unwrap();
    commit.set_payload("{\"schema\":4,\"journal_seq\":2}");
    commit.commit().unwrap();
    drop(writer);

    let store = Store::open(&paths(dir.path())).unwrap();
    assert_eq!(store.index().paper_count(), 74);
    assert_eq!(store.paper("2401.00001").unwrap().unwrap().title, "First");
    let (_, results) = store.search(&SearchRequest::new("first")).unwrap();
    assert_eq!(results.hits[0].paper.id.as_str(), "2401.00001");
}
