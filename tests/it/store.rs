//! The data dir as a whole: first start, imports that are all or nothing,
//! merging the same paper from two feeds, and an index rebuilt from the
//! journal without losing the user's library.

use chrono::Utc;
use folio::config::Paths;
use folio::fsutil::sorted_entry_names;
use folio::index::SearchRequest;
use folio::ingest::IngestError;
use folio::model::{Paper, PaperId, fill_links_from_text};
use folio::store::{Store, StoreError};

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
    assert_eq!(
        sorted_entry_names(store.journal().dir()).unwrap(),
        ["00000001.fjz", "FORMAT"],
        "no pending segment left behind"
    );
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
    assert!(err.contains("00000002.fjz"), "{err}");
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
    // The new build replaced the old files: only it and its name are left.
    assert_eq!(
        sorted_entry_names(&index_dir).unwrap(),
        vec!["CURRENT", "gen-1"]
    );
}

#[test]
fn re_importing_an_unchanged_paper_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_first(dir.path());
    let segments = store.journal().segments().unwrap();
    let bytes = store.journal().total_bytes().unwrap();
    let again = store
        .import([Ok(arxiv_paper("2401.00001", "First"))])
        .unwrap();
    assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 1));
    assert_eq!(store.journal().segments().unwrap(), segments);
    assert_eq!(store.journal().total_bytes().unwrap(), bytes);
    // A field that changes makes it an update again.
    let mut newer = arxiv_paper("2401.00001", "First");
    newer.upvotes = Some(7);
    let changed = store.import([Ok(newer)]).unwrap();
    assert_eq!((changed.updated, changed.unchanged), (1, 0));
}

#[test]
fn compact_keeps_the_newest_of_every_paper_in_one_segment() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_first(dir.path());
    store
        .library()
        .update(|s| s.bookmark("2401.00001", Utc::now()))
        .unwrap();
    for votes in 10..14 {
        let mut newer = arxiv_paper("2401.00001", "First");
        newer.upvotes = Some(votes);
        store.import([Ok(newer)]).unwrap();
    }
    let before = store.journal().total_bytes().unwrap();
    let freeable = store.compactable_bytes().unwrap();
    assert!(freeable > 0 && freeable < before, "{freeable} of {before}");

    let (was, now) = store.compact().unwrap();
    assert_eq!(was, before);
    assert!(now < before, "{now} of {before}");
    assert_eq!(store.journal().segments().unwrap().len(), 1);
    assert_eq!(store.compactable_bytes().unwrap(), 0);
    assert_eq!(store.index().paper_count(), 74);
    assert_eq!(
        store.paper("2401.00001").unwrap().unwrap().upvotes,
        Some(13)
    );
    drop(store);
    // A fresh start and a rebuild see the same papers; the bookmark stays.
    let store = Store::open(&paths(dir.path())).unwrap();
    assert_eq!(store.reindex().unwrap(), 74);
    assert_eq!(
        store.paper("2401.00001").unwrap().unwrap().upvotes,
        Some(13)
    );
    assert!(store.library().load().unwrap().is_bookmarked("2401.00001"));
}

#[test]
fn a_cancelled_import_leaves_everything_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_first(dir.path());
    let segments = store.journal().segments().unwrap();
    store.cancel().cancel();
    let err = store
        .import([Ok(arxiv_paper("2401.00002", "Second"))])
        .unwrap_err();
    assert!(matches!(err, StoreError::Cancelled), "{err}");
    assert!(err.to_string().contains("interrupted"));
    assert_eq!(store.journal().segments().unwrap(), segments);
    assert_eq!(store.index().paper_count(), 74);
    assert!(store.paper("2401.00002").unwrap().is_none());
}

#[test]
fn what_a_killed_write_left_is_removed_by_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_first(dir.path());
    let live = store.index().dir().to_path_buf();
    // A rebuild killed before it was published, a pending journal segment,
    // and a file of an uncommitted commit inside the live build.
    let stray_build = dir.path().join("index/gen-9");
    std::fs::create_dir_all(&stray_build).unwrap();
    std::fs::write(stray_build.join("meta.json"), b"{}").unwrap();
    let pending = store.journal().dir().join(".00000003.4242.pending");
    std::fs::write(&pending, b"{\"id\":\"x\"}\n").unwrap();
    let stray_del = live.join("0123456789abcdef0123456789abcdef.7.del");
    std::fs::write(&stray_del, b"junk").unwrap();

    store
        .import([Ok(arxiv_paper("2401.00002", "Second"))])
        .unwrap();
    assert!(!stray_build.exists());
    assert!(!pending.exists());
    assert!(!stray_del.exists());
    assert_eq!(store.index().paper_count(), 75);
}

#[test]
fn a_rebuild_by_another_process_is_followed() {
    let dir = tempfile::tempdir().unwrap();
    let reader = store_with_first(dir.path());
    let first_build = reader.index().dir().to_path_buf();
    let generation = reader.index().generation();
    let writer = Store::open(&paths(dir.path())).unwrap();
    writer.reindex().unwrap();
    assert_ne!(writer.index().dir(), first_build);
    assert!(!first_build.exists(), "the old build is removed");
    // The reader still answers from what it has, then follows the swap.
    assert!(reader.paper("2401.00001").unwrap().is_some());
    assert!(reader.refresh().unwrap());
    assert_eq!(reader.index().dir(), writer.index().dir());
    assert_ne!(reader.index().generation(), generation);
    assert_eq!(reader.index().paper_count(), 74);
}

#[test]
fn damaged_journal_records_are_skipped_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_first(dir.path());
    store
        .import([Ok(arxiv_paper("2401.00002", "Second"))])
        .unwrap();
    let (seq, last) = store.journal().segments().unwrap().pop().unwrap();
    let good = segment_as_plain_text(seq, &last);
    drop(store);
    // The segment as an earlier folio wrote it (plain lines), damaged: not a
    // paper (no title), garbage, then a last line cut short. Opening
    // upgrades it to a compressed segment with the damage in its place.
    std::fs::remove_file(&last).unwrap();
    let plain = last.with_file_name(format!("{seq:08}.jsonl"));
    let damaged = format!("{{\"id\":\"2401.00003\"}}\nnot json\n{good}{{\"id\":\"2401.0");
    std::fs::write(&plain, damaged).unwrap();

    let store = Store::open(&paths(dir.path())).unwrap();
    let notices = store.take_notices().join("\n");
    assert!(notices.contains("upgraded the data dir"), "{notices}");
    // Named as the plain segment before the upgrade, the compressed one after.
    assert!(notices.contains(&format!("{seq:08}.jsonl:4")), "{notices}");
    assert!(notices.contains("cut short"), "{notices}");
    let name = format!("{seq:08}.fjz");
    assert_eq!(
        store.reindex().unwrap(),
        75,
        "the good paper of that segment is kept"
    );
    let notices = store.take_notices().join("\n");
    assert!(
        notices.contains(&format!("{name}:1")) && notices.contains("no title"),
        "{notices}"
    );
    assert!(notices.contains(&format!("{name}:2")), "{notices}");
    assert!(store.paper("2401.00003").unwrap().is_none());
    assert_eq!(store.paper("2401.00002").unwrap().unwrap().title, "Second");
}

#[test]
fn an_index_from_before_stars_is_rebuilt_and_sorts_by_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&paths(dir.path())).unwrap();
    let mut few = arxiv_paper("2401.00001", "Few stars");
    few.stars = Some(3);
    let mut many = arxiv_paper("2401.00002", "Many stars");
    many.stars = Some(900);
    store.import([Ok(few), Ok(many)]).unwrap();
    drop(store);

    // The live build as schema 6 wrote it: every field but `stars`, with
    // nothing indexed, committed at the journal's last segment.
    let index_dir = dir.path().join("index");
    let current = std::fs::read_to_string(index_dir.join("CURRENT")).unwrap();
    let live = index_dir.join(current.trim());
    let payload = tantivy::Index::open_in_dir(&live)
        .unwrap()
        .load_metas()
        .unwrap()
        .payload
        .unwrap();
    let info: serde_json::Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(
        info["schema"],
        folio::index::schema::SCHEMA_VERSION,
        "{payload}"
    );
    std::fs::remove_dir_all(&live).unwrap();
    std::fs::create_dir_all(&live).unwrap();
    let (schema, _) = folio::index::schema::build_schema();
    let mut builder = tantivy::schema::Schema::builder();
    for (_, entry) in schema.fields() {
        if entry.name() != "stars" {
            builder.add_field(entry.clone());
        }
    }
    let old = tantivy::Index::create_in_dir(&live, builder.build()).unwrap();
    let mut writer: tantivy::IndexWriter = old.writer(15_000_000).unwrap();
    let mut commit = writer.prepare_commit().unwrap();
    commit.set_payload(&format!(
        "{{\"schema\":6,\"journal_seq\":{}}}",
        info["journal_seq"]
    ));
    commit.commit().unwrap();
    drop(writer);

    let store = Store::open(&paths(dir.path())).unwrap();
    let mut request = SearchRequest::new("stars");
    request.sort = Some(folio::index::Sort::Stars);
    let (_, results) = store.search(&request).unwrap();
    let ids: Vec<&str> = results.hits.iter().map(|h| h.paper.id.as_str()).collect();
    // The old build held nothing: hits at all mean it was rebuilt.
    assert_eq!(ids[..2], ["2401.00002", "2401.00001"], "{ids:?}");
    assert_eq!(results.hits[0].paper.stars, Some(900));
}

/// A compressed segment's records as plain journal lines.
fn segment_as_plain_text(seq: u64, path: &std::path::Path) -> String {
    let mut text = String::new();
    for entry in folio::journal::Journal::read_segment(seq, path).unwrap() {
        if let folio::journal::Record::Upsert(paper) = entry.unwrap().record {
            text.push_str(&serde_json::to_string(&paper).unwrap());
            text.push('\n');
        }
    }
    text
}

fn numbered(n: usize, revision: usize) -> Paper {
    arxiv_paper(
        &format!("2402.{n:05}"),
        &format!("Paper {n} revision {revision}"),
    )
}

fn title_of(store: &Store, n: usize) -> Option<String> {
    store
        .paper(&format!("2402.{n:05}"))
        .unwrap()
        .map(|p| p.title)
}

#[test]
fn many_small_imports_are_merged_and_every_paper_stays() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&paths(dir.path())).unwrap();
    for n in 0..30 {
        store.import([Ok(numbered(n, 0))]).unwrap();
        let segments = store.journal().segments().unwrap().len();
        assert!(segments <= 8, "{segments} segments after {} imports", n + 1);
    }
    let check = |store: &Store| {
        assert_eq!(store.index().paper_count(), 73 + 30);
        for n in 0..30 {
            assert_eq!(title_of(store, n).unwrap(), format!("Paper {n} revision 0"));
        }
    };
    check(&store);
    drop(store);
    let store = Store::open(&paths(dir.path())).unwrap();
    check(&store);
    assert_eq!(store.reindex().unwrap(), 73 + 30);
    check(&store);
}

#[test]
fn a_mostly_superseded_segment_is_rewritten_with_only_what_counts() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&paths(dir.path())).unwrap();
    store.import((0..2000).map(|n| Ok(numbered(n, 0)))).unwrap();
    let big = store.journal().segments().unwrap().pop().unwrap().0;
    // Revising three papers in four supersedes most of that segment: the
    // write merges it away by itself.
    store.import((0..1500).map(|n| Ok(numbered(n, 1)))).unwrap();
    let segments: Vec<u64> = store
        .journal()
        .segments()
        .unwrap()
        .iter()
        .map(|s| s.0)
        .collect();
    assert!(!segments.contains(&big), "{segments:?}");
    assert_eq!(store.compactable_bytes().unwrap(), 0);
    for store in [store, Store::open(&paths(dir.path())).unwrap()] {
        assert_eq!(title_of(&store, 10).unwrap(), "Paper 10 revision 1");
        assert_eq!(title_of(&store, 1999).unwrap(), "Paper 1999 revision 0");
        assert_eq!(store.reindex().unwrap(), 73 + 2000);
        assert_eq!(title_of(&store, 1600).unwrap(), "Paper 1600 revision 0");
    }
}

#[test]
fn a_merge_keeps_deletions_that_still_count_and_drops_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&paths(dir.path())).unwrap();
    store.import((0..3).map(|n| Ok(numbered(n, 0)))).unwrap();
    // Paper 0 withdrawn, paper 1 withdrawn and then back again.
    let gone = |n: usize| vec![format!("2402.{n:05}")];
    store
        .import_and_remove(std::iter::empty(), &gone(0))
        .unwrap();
    store
        .import_and_remove(std::iter::empty(), &gone(1))
        .unwrap();
    store.import([Ok(numbered(1, 1))]).unwrap();
    let before = store.journal().segments().unwrap().len();
    // The two deletion-only segments, and the first import, of which only
    // paper 2 still counts, are mostly superseded.
    let merged = store.merge_segments().unwrap().expect("something to merge");
    assert_eq!((merged.segments, merged.records), (3, 1), "{merged:?}");
    assert_eq!(store.journal().segments().unwrap().len(), before - 2);
    assert_eq!(
        store.merge_segments().unwrap(),
        None,
        "nothing left to merge"
    );
    for store in [store, Store::open(&paths(dir.path())).unwrap()] {
        assert_eq!(store.reindex().unwrap(), 73 + 2);
        assert_eq!(title_of(&store, 0), None, "the deletion was carried");
        assert_eq!(title_of(&store, 1).unwrap(), "Paper 1 revision 1");
        assert_eq!(title_of(&store, 2).unwrap(), "Paper 2 revision 0");
    }
}

#[test]
fn a_journal_from_a_newer_folio_is_refused_not_written_over() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with_first(dir.path()));
    let marker = dir.path().join("journal/FORMAT");
    assert_eq!(
        std::fs::read_to_string(&marker).unwrap().trim(),
        format!("folio-journal {}", folio::journal::FORMAT)
    );
    std::fs::write(&marker, "folio-journal 99\n").unwrap();
    let before = sorted_entry_names(&dir.path().join("journal")).unwrap();
    let err = Store::open(&paths(dir.path()))
        .err()
        .expect("refused")
        .to_string();
    assert!(
        err.contains("newer folio") && err.contains("format 99"),
        "{err}"
    );
    assert_eq!(
        sorted_entry_names(&dir.path().join("journal")).unwrap(),
        before
    );
}

#[test]
fn a_data_dir_from_before_the_compressed_journal_is_upgraded_with_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_first(dir.path());
    store
        .import([Ok(arxiv_paper("2401.00002", "Second"))])
        .unwrap();
    store
        .library()
        .update(|s| s.bookmark("2401.00002", Utc::now()))
        .unwrap();
    let segments = store.journal().segments().unwrap();
    drop(store);
    // Every segment as an earlier folio wrote it: plain JSON lines.
    for (seq, path) in &segments {
        let text = segment_as_plain_text(*seq, path);
        std::fs::remove_file(path).unwrap();
        std::fs::write(path.with_file_name(format!("{seq:08}.jsonl")), text).unwrap();
    }
    std::fs::remove_file(dir.path().join("journal/FORMAT")).unwrap();

    let store = Store::open(&paths(dir.path())).unwrap();
    let notices = store.take_notices().join("\n");
    assert!(notices.contains("upgraded the data dir"), "{notices}");
    let names = sorted_entry_names(store.journal().dir()).unwrap();
    assert!(names.iter().all(|n| !n.ends_with(".jsonl")), "{names:?}");
    assert_eq!(store.index().paper_count(), 75);
    assert_eq!(store.paper("2401.00001").unwrap().unwrap().title, "First");
    assert_eq!(store.paper("2401.00002").unwrap().unwrap().title, "Second");
    let (state, _) = store.user_sets().unwrap();
    assert!(state.bookmarked_ids().contains(&"2401.00002"));
    // Opening again finds nothing left to upgrade.
    drop(store);
    let store = Store::open(&paths(dir.path())).unwrap();
    assert!(store.take_notices().is_empty());
    assert_eq!(store.index().paper_count(), 75);
}
