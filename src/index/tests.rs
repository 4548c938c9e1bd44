//! Behaviour of the whole search path (parse, compile, rank, highlight) over a
//! small hand-made corpus where every expected answer is known.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::query::{IsState, Node, ParseOptions, UserSets, parse};
use super::{DocScores, Hit, IndexError, PaperIndex, SearchRequest, Sort};
use crate::journal::Journal;
use crate::model::{Paper, PaperId};

pub(super) fn paper(
    id: &str,
    title: &str,
    authors: &[&str],
    abstract_text: &str,
    year: i32,
    cats: &[&str],
) -> Paper {
    Paper {
        id: PaperId::new(id),
        arxiv_id: Some(id.to_string()),
        title: title.into(),
        authors: authors.iter().map(|a| a.to_string()).collect(),
        abstract_text: abstract_text.into(),
        published: NaiveDate::from_ymd_opt(year, 6, 1),
        categories: cats.iter().map(|c| c.to_string()).collect(),
        ..Paper::default()
    }
}

fn corpus() -> Vec<Paper> {
    let mut papers = vec![
        paper(
            "1001.00001",
            "Hopfield Networks is All You Need",
            &["Hubert Ramsauer", "Sepp Hochreiter"],
            "Modern Hopfield networks store exponentially many patterns.",
            2020,
            &["cs.LG"],
        ),
        paper(
            "1001.00002",
            "Attention in Transformers",
            &["Ashish Vaswani"],
            "We study attention. Transformer layers relate to Hopfield memories.",
            2017,
            &["cs.CL"],
        ),
        paper(
            "1001.00003",
            "Brain Decoding with Diffusion",
            &["Yu Takagi"],
            "We reconstruct images from fMRI with latent diffusion.",
            2023,
            &["q-bio.NC", "cs.CV"],
        ),
        paper(
            "1001.00004",
            "Decoding the Brain of a Mouse",
            &["Ana Müller"],
            "Calcium imaging of a behaving brain and the decoding of neural activity.",
            2021,
            &["q-bio.NC"],
        ),
        paper(
            "1001.00005",
            "A Survey of Diffusion Models",
            &["Lee Kim"],
            "A survey of generative diffusion for images and brain data.",
            2023,
            &["cs.CV"],
        ),
    ];
    papers[0].code_url = Some("https://github.com/ml-jku/hopfield-layers".into());
    papers[2].project_url = Some("https://example.github.io/braindiff".into());
    // Two papers of the same day: the brain-decoding one is higher on that
    // day's list, so "newest first" has one answer.
    papers[2].position = Some(0);
    papers[4].position = Some(1);
    papers[1].upvotes = Some(50);
    papers[4].upvotes = Some(7);
    papers[0].stars = Some(1_800);
    papers[3].stars = Some(40);
    papers[2].stars = Some(0);
    papers
}

/// An index over a journal in a temp dir, written the way the store writes.
pub(super) struct TestIndex {
    _dir: tempfile::TempDir,
    journal: Journal,
    index: PaperIndex,
}

impl TestIndex {
    /// Writes `papers` as one journal segment and one index commit.
    fn add(&self, papers: &[Paper]) {
        self.add_with(papers, false);
    }

    /// [`TestIndex::add`], leaving each index segment unmerged when
    /// `keep_segments` (as many segments as commits).
    pub(super) fn add_with(&self, papers: &[Paper], keep_segments: bool) {
        let mut segment = self.journal.begin().unwrap();
        let mut batch = self.index.batch().unwrap();
        if keep_segments {
            batch = batch.without_merges();
        }
        for p in papers {
            let at = segment.append(p).unwrap();
            batch.upsert(p, at, true, &Default::default()).unwrap();
        }
        let seq = segment.finish().unwrap();
        batch.commit(seq).unwrap();
    }
}

impl std::ops::Deref for TestIndex {
    type Target = PaperIndex;

    fn deref(&self) -> &PaperIndex {
        &self.index
    }
}

pub(super) fn index() -> TestIndex {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&dir.path().join("journal")).unwrap();
    let (index, _) =
        PaperIndex::open_or_create(&dir.path().join("index"), journal.reader()).unwrap();
    let index = TestIndex {
        _dir: dir,
        journal,
        index,
    };
    index.add(&corpus());
    index
}

fn ids_with(
    index: &PaperIndex,
    query: &str,
    user: &UserSets,
    prefix: bool,
    sort: Option<Sort>,
) -> Vec<String> {
    let mut request = SearchRequest::new(query);
    request.prefix = prefix;
    request.sort = sort;
    let results = index
        .search(&request, user)
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    assert_eq!(
        results.total,
        results.hits.len(),
        "{query}: limit not reached in this corpus"
    );
    results
        .hits
        .into_iter()
        .map(|h| h.paper.id.as_str().to_string())
        .collect()
}

fn ids(index: &PaperIndex, query: &str) -> Vec<String> {
    ids_with(index, query, &UserSets::default(), false, None)
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn title_matches_rank_above_abstract_matches() {
    let index = index();
    let hits = ids(&index, "hopfield");
    assert_eq!(hits, vec!["1001.00001", "1001.00002"]);
}

#[test]
fn all_words_must_match_and_stemming_applies() {
    let index = index();
    assert_eq!(
        sorted(ids(&index, "brain decoding")),
        vec!["1001.00003", "1001.00004"]
    );
    assert_eq!(ids(&index, "transformers attention"), vec!["1001.00002"]);
    assert_eq!(
        ids(&index, "memory"),
        vec!["1001.00002"],
        "memories stems to memori like memory"
    );
}

#[test]
fn stop_words_only_rank_unless_the_query_has_nothing_else() {
    let index = index();
    // No paper has "of" near these words, and abstracts do not index it.
    assert_eq!(ids(&index, "memories of hopfield"), vec!["1001.00002"]);
    let brain = ids(&index, "the brain");
    assert_eq!(
        sorted(brain.clone()),
        vec!["1001.00003", "1001.00004", "1001.00005"]
    );
    assert_eq!(brain[0], "1001.00004", "the title with `the` ranks first");
    // A query of stop words alone looks for them where they are indexed.
    assert_eq!(ids(&index, "the"), vec!["1001.00004"]);
    assert_eq!(
        sorted(ids(&index, "title:of")),
        vec!["1001.00004", "1001.00005"]
    );
}

#[test]
fn phrases_keep_the_gaps_of_stop_words() {
    let index = index();
    assert_eq!(ids(&index, "\"decoding of neural\""), vec!["1001.00004"]);
    assert_eq!(
        ids(&index, "\"the decoding of neural activity\""),
        vec!["1001.00004"]
    );
    assert!(ids(&index, "\"decoding neural\"").is_empty());
    // Which stop word fills the gap is not indexed (as in most search engines).
    assert_eq!(ids(&index, "\"decoding to neural\""), vec!["1001.00004"]);
    assert_eq!(ids(&index, "\"brain of a mouse\""), vec!["1001.00004"]);
}

#[test]
fn one_typo_is_forgiven_and_exact_ranks_first() {
    let index = index();
    assert_eq!(ids(&index, "hopfeild"), vec!["1001.00001", "1001.00002"]);
    assert_eq!(ids(&index, "transfomer"), vec!["1001.00002"]);
    assert!(ids(&index, "hpofeild").is_empty(), "two edits are too many");
}

#[test]
fn prefix_only_with_the_option() {
    let index = index();
    assert!(ids(&index, "hopf").is_empty());
    let user = UserSets::default();
    assert_eq!(
        ids_with(&index, "hopf", &user, true, None),
        vec!["1001.00001", "1001.00002"]
    );
    assert_eq!(
        ids_with(&index, "diffusion surv", &user, true, None),
        vec!["1001.00005"]
    );
}

#[test]
fn typos_and_prefixes_reach_abstract_words_through_their_stems() {
    let index = index();
    let user = UserSets::default();
    // `memories` is indexed as the stem `memori`; the typo's stem is one edit away.
    assert_eq!(ids(&index, "memries"), vec!["1001.00002"]);
    // A garbled ending hides the suffix the stemmer would remove: `reconstruct`.
    assert_eq!(ids(&index, "reconstructign"), vec!["1001.00003"]);
    // An unfinished word reaches past its stem (`behaving` is `behav`).
    assert_eq!(
        ids_with(&index, "behavi", &user, true, None),
        vec!["1001.00004"]
    );
    assert_eq!(
        ids_with(&index, "calci", &user, true, None),
        vec!["1001.00004"]
    );
    assert!(
        ids(&index, "calci").is_empty(),
        "no prefix without the option"
    );
}

#[test]
fn phrases_exclusions_and_or() {
    let index = index();
    assert_eq!(ids(&index, "\"brain decoding\""), vec!["1001.00003"]);
    assert_eq!(ids(&index, "diffusion -survey"), vec!["1001.00003"]);
    assert_eq!(
        sorted(ids(&index, "mouse OR transformer")),
        vec!["1001.00002", "1001.00004"]
    );
    assert_eq!(
        sorted(ids(&index, "-brain -hopfield")),
        vec![] as Vec<String>
    );
    assert_eq!(
        ids(&index, "(mouse OR survey) diffusion"),
        vec!["1001.00005"]
    );
}

#[test]
fn field_filters() {
    let index = index();
    assert_eq!(ids(&index, "title:diffusion").len(), 2);
    assert_eq!(ids(&index, "abstract:fmri"), vec!["1001.00003"]);
    assert_eq!(ids(&index, "author:hochreiter"), vec!["1001.00001"]);
    assert_eq!(
        ids(&index, "author:muller"),
        vec!["1001.00004"],
        "accents fold"
    );
    assert_eq!(
        ids(&index, "author:\"Sepp Hochreiter\""),
        vec!["1001.00001"]
    );
    assert_eq!(
        sorted(ids(&index, "cat:q-bio.NC")),
        vec!["1001.00003", "1001.00004"]
    );
    assert_eq!(sorted(ids(&index, "cat:cs")).len(), 4);
    assert_eq!(
        sorted(ids(&index, "year:2023")),
        vec!["1001.00003", "1001.00005"]
    );
    assert_eq!(
        sorted(ids(&index, "year:2017..2020")),
        vec!["1001.00001", "1001.00002"]
    );
    assert_eq!(sorted(ids(&index, "year:..2017")), vec!["1001.00002"]);
    assert_eq!(
        sorted(ids(&index, "date:2023-06-01")),
        vec!["1001.00003", "1001.00005"]
    );
    assert_eq!(
        sorted(ids(&index, "date:2020-01-01..2021-12-31")),
        vec!["1001.00001", "1001.00004"]
    );
    assert_eq!(ids(&index, "has:code"), vec!["1001.00001"]);
    assert_eq!(ids(&index, "has:project"), vec!["1001.00003"]);
}

#[test]
fn library_filters_use_the_id_sets() {
    let index = index();
    let user = UserSets {
        bookmarked: vec!["1001.00002".into(), "1001.00005".into()],
        read: vec!["1001.00001".into()],
        dismissed: vec!["1001.00003".into()],
        tags: HashMap::from([("to-read".to_string(), vec!["1001.00005".to_string()])]),
        new_since: 0,
        broken_watches: HashMap::new(),
        watches: HashMap::from([(
            "saved".to_string(),
            crate::index::query::parse("is:bookmarked -tag:to-read", Default::default()).unwrap(),
        )]),
    };
    let q = |s| sorted(ids_with(&index, s, &user, false, None));
    assert_eq!(q("watch:saved"), vec!["1001.00002"]);
    assert_eq!(
        q("watch:saved OR is:read"),
        vec!["1001.00001", "1001.00002"]
    );
    assert_eq!(q("is:bookmarked"), vec!["1001.00002", "1001.00005"]);
    assert_eq!(q("is:read"), vec!["1001.00001"]);
    // Neither read nor dismissed.
    assert_eq!(q("is:unread").len(), 3);
    assert!(!q("is:unread").contains(&"1001.00003".to_string()));
    assert_eq!(q("is:dismissed"), vec!["1001.00003"]);
    assert_eq!(q("-is:dismissed").len(), 4);
    assert_eq!(
        q("is:dismissed OR is:read"),
        vec!["1001.00001", "1001.00003"]
    );
    assert_eq!(q("tag:to-read"), vec!["1001.00005"]);
    assert_eq!(q("tag:missing"), Vec::<String>::new());
    assert_eq!(q("hopfield is:unread"), vec!["1001.00002"]);
}

#[test]
fn stars_sort_most_first_then_unknown_in_date_order() {
    let index = index();
    let user = UserSets::default();
    let by_date = ids_with(&index, "", &user, false, Some(Sort::Date));
    let ids = ids_with(&index, "", &user, false, Some(Sort::Stars));
    assert_eq!(ids[..2], ["1001.00001", "1001.00004"], "most stars first");
    // 0 and unknown counts tie last, as with upvotes, and keep the date order.
    let rest: Vec<&String> = by_date.iter().filter(|id| ids[2..].contains(id)).collect();
    assert_eq!(
        ids[2..].iter().collect::<Vec<_>>(),
        rest,
        "{ids:?} {by_date:?}"
    );
    assert_eq!("stars".parse::<Sort>(), Ok(Sort::Stars));
    assert_eq!(Sort::Upvotes.next(), Sort::Stars);
    assert_eq!(Sort::Stars.next(), Sort::Title);
}

#[test]
fn sorts() {
    let index = index();
    let user = UserSets::default();
    assert_eq!(
        ids_with(&index, "", &user, false, None)[0],
        "1001.00003",
        "newest first without words"
    );
    assert_eq!(
        ids_with(&index, "", &user, false, Some(Sort::Upvotes))[..2],
        ["1001.00002", "1001.00005"]
    );
    let stars = ids_with(&index, "", &user, false, Some(Sort::Stars));
    assert_eq!(stars.len(), 5);
    assert_eq!(stars[..2], ["1001.00001", "1001.00004"], "most stars first");
    assert_eq!(
        ids_with(&index, "brain", &user, false, Some(Sort::Stars))[0],
        "1001.00004",
        "a query sorted by stars keeps only its matches"
    );
    let titles = ids_with(&index, "", &user, false, Some(Sort::Title));
    assert_eq!(
        titles,
        vec![
            "1001.00005",
            "1001.00002",
            "1001.00003",
            "1001.00004",
            "1001.00001"
        ]
    );
}

#[test]
fn hits_carry_title_marks_and_snippets() {
    let index = index();
    let results = index
        .search(
            &SearchRequest::new("hopfield patterns"),
            &UserSets::default(),
        )
        .unwrap();
    let hit = &results.hits[0];
    let marked: Vec<&str> = hit
        .title_highlights
        .iter()
        .map(|r| &hit.paper.title[r.clone()])
        .collect();
    assert_eq!(marked, vec!["Hopfield"]);
    let snip: Vec<&str> = hit
        .snippet
        .highlights
        .iter()
        .map(|r| &hit.snippet.text[r.clone()])
        .collect();
    assert_eq!(snip, vec!["Hopfield", "patterns"]);
}

#[test]
fn hits_without_a_count_are_the_hits_of_a_counted_search() {
    let index = index();
    let user = UserSets::default();
    let sorts = [
        None,
        Some(Sort::Date),
        Some(Sort::Upvotes),
        Some(Sort::Stars),
        Some(Sort::Title),
    ];
    let queries = [
        "hopfield",
        "brain OR patterns",
        "hopfeld",
        "net",
        "",
        "-brain",
    ];
    for query in queries {
        for sort in sorts {
            for (offset, limit) in [(0, 20), (0, 1), (1, 2), (3, 20)] {
                let mut request = SearchRequest::new(query);
                request.prefix = query == "net";
                request.sort = sort;
                request.offset = offset;
                request.limit = limit;
                let counted = index.search(&request, &user).unwrap();
                let hits = index.hits_with_bodies(&request, &user, &|_| None).unwrap();
                let view = |hits: &[Hit]| -> Vec<_> {
                    hits.iter()
                        .map(|h| {
                            let id = h.paper.id.as_str().to_string();
                            (
                                id,
                                h.score,
                                h.title_highlights.clone(),
                                h.snippet.text.clone(),
                            )
                        })
                        .collect()
                };
                let case = format!("{query:?} {sort:?} {offset}+{limit}");
                assert_eq!(view(&hits), view(&counted.hits), "{case}");
                assert!(counted.total >= hits.len(), "{case}");
            }
        }
    }
    // Not a vacuous comparison: the cases above do find papers.
    let found = index
        .hits_with_bodies(&SearchRequest::new("hopfield"), &user, &|_| None)
        .unwrap();
    assert_eq!(found.len(), 2);
}

#[test]
fn upsert_replaces_by_id() {
    let index = index();
    let mut changed = corpus().remove(0);
    changed.title = "Hopfield Networks Revisited".into();
    index.add(&[changed]);
    assert_eq!(index.paper_count(), 5);
    assert_eq!(
        index.get("1001.00001").unwrap().unwrap().title,
        "Hopfield Networks Revisited"
    );
    assert_eq!(index.commit_info().unwrap().unwrap().journal_seq, 2);
}

#[test]
fn an_uncommitted_batch_changes_nothing() {
    let index = index();
    {
        let mut batch = index.batch().unwrap();
        batch.clear().unwrap();
    }
    index.reload().unwrap();
    assert_eq!(index.paper_count(), 5);
}

#[test]
fn similar_excludes_the_paper_itself() {
    let index = index();
    let hits = index.similar("1001.00003", 5).unwrap().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.paper.id.as_str() != "1001.00003"));
    assert!(index.similar("nope", 5).unwrap().is_none());
}

#[test]
fn a_search_with_a_flag_ranks_the_same_and_stops_once_it_is_raised() {
    let index = index();
    let user = UserSets::default();
    let searcher = index.searcher();
    let running = crate::cancel::Cancel::new();
    let raised = crate::cancel::Cancel::new();
    raised.cancel();
    for sort in Sort::ALL {
        for query in ["", "brain"] {
            let node = parse(query, ParseOptions::default()).unwrap();
            let prepared = index.prepare_node(&searcher, node, Some(sort), &user);
            let plain = index.ranked(&searcher, &prepared, 0, 10).unwrap();
            let watched = index
                .ranked_until(&searcher, &prepared, 0, 10, Some(&running))
                .unwrap();
            assert_eq!(plain, watched, "{sort:?} `{query}`");
            let stopped = index.ranked_until(&searcher, &prepared, 0, 10, Some(&raised));
            assert!(
                matches!(stopped, Err(IndexError::Cancelled)),
                "{sort:?} `{query}`"
            );
        }
    }
}

#[test]
fn an_index_opened_to_read_once_keeps_the_view_it_opened_with() {
    let index = index();
    let (once, _) = PaperIndex::open_following(
        &index._dir.path().join("index"),
        index.journal.reader(),
        false,
        super::Follow::Once,
    )
    .unwrap();
    assert_eq!(once.paper_count(), 5);
    let mut newer = corpus().remove(0);
    newer.id = PaperId::new("1001.00099");
    index.add(&[newer]);
    // Another writer's commit reaches it only when asked to look.
    assert_eq!(once.paper_count(), 5);
    once.reload().unwrap();
    assert_eq!(once.paper_count(), 6);
    assert!(once.get("1001.00099").unwrap().is_some());
}

#[test]
fn papers_of_several_segments_load_through_one_set_of_locator_columns() {
    let index = index();
    let mut newer = corpus().remove(1);
    newer.id = PaperId::new("1001.00098");
    newer.title = "A Paper of the Second Segment".into();
    index.add(&[newer]);
    let searcher = index.searcher();
    assert!(searcher.segment_readers().len() >= 2);
    let papers = index
        .matching_papers(&SearchRequest::new(""), &UserSets::default())
        .unwrap();
    let mut expected: HashMap<String, String> = corpus()
        .into_iter()
        .map(|p| (p.id.as_str().to_string(), p.title))
        .collect();
    expected.insert("1001.00098".into(), "A Paper of the Second Segment".into());
    let loaded: HashMap<String, String> = papers
        .into_iter()
        .map(|p| (p.id.as_str().to_string(), p.title))
        .collect();
    assert_eq!(loaded, expected);
    // An address from outside the view is an error, not a crash.
    let mut locators = super::Locators::new(&searcher);
    assert!(locators.at(tantivy::DocAddress::new(99, 0)).is_err());
}

/// 12,600 generated papers imported in two batches: at least two segments.
pub(super) fn index_of_two_segments() -> (TestIndex, tantivy::Searcher) {
    let index = index();
    let papers: Vec<Paper> = crate::synthetic::papers(12_600).collect();
    for batch in papers.chunks(6_300) {
        index.add(batch);
    }
    let searcher = index.searcher();
    assert!(searcher.segment_readers().len() >= 2, "several segments");
    (index, searcher)
}

/// A cancel flag still down and one already raised.
fn flags() -> (crate::cancel::Cancel, crate::cancel::Cancel) {
    let raised = crate::cancel::Cancel::new();
    raised.cancel();
    (crate::cancel::Cancel::new(), raised)
}

/// The reader's whole list of a broad query (gathered and sorted by
/// `EveryMatch`, which a newer search can stop anywhere) is exactly the
/// list tantivy's own top-k gives, ties included, over several segments.
#[test]
fn a_whole_list_with_a_flag_is_the_same_list_and_stops_once_it_is_raised() {
    let (index, searcher) = index_of_two_segments();
    let user = UserSets::default();
    let all = searcher.num_docs() as usize;
    let (running, raised) = flags();
    // Taste scores with many ties, which the journal place breaks.
    let mut scores = DocScores::zeros(&searcher);
    for ordinal in 0..searcher.segment_readers().len() {
        for (doc, score) in scores.segment_mut(ordinal).unwrap().iter_mut().enumerate() {
            *score = (doc % 7) as f32;
        }
    }
    let scores = std::sync::Arc::new(scores);
    for sort in [
        Sort::Relevance,
        Sort::Date,
        Sort::Upvotes,
        Sort::Stars,
        Sort::ForYou,
    ] {
        for query in ["", "network", "learning model"] {
            let node = parse(query, ParseOptions::default()).unwrap();
            let prepared = index
                .prepare_node(&searcher, node, Some(sort), &user)
                .with_scores(scores.clone());
            let plain = index.top_until(&searcher, &prepared, all, None).unwrap();
            assert!(
                plain.len() > 10_000 || !query.is_empty(),
                "{query}: {}",
                plain.len()
            );
            let watched = index
                .top_until(&searcher, &prepared, all, Some(&running))
                .unwrap();
            assert_eq!(plain, watched, "{sort:?} `{query}`");
            let first = index
                .top_until(&searcher, &prepared, 10_000, Some(&running))
                .unwrap();
            assert_eq!(first[..], plain[..first.len()], "{sort:?} `{query}`");
            let stopped = index.top_until(&searcher, &prepared, all, Some(&raised));
            assert!(
                matches!(stopped, Err(IndexError::Cancelled)),
                "{sort:?} `{query}`"
            );
        }
    }
}

/// Pruning on small random corpora whose few words make every clause
/// matter: titles of one to eight words (repeats included) and abstracts
/// of up to thirty over six words of different frequencies, in segments
/// of different average lengths. Whatever a clause's share of the bounds, a page that skips
/// (including the clauses it takes as required once the threshold is
/// high) must be the page a walk finds.
#[test]
fn pages_that_skip_are_walked_pages_on_random_corpora() {
    const WORDS: [&str; 6] = ["alpha", "beta", "gamma", "delta", "omega", "sigma"];
    let user = UserSets::default();
    let (running, _) = flags();
    let queries = [
        ("alpha", false),
        ("alpha beta", false),
        ("beta gamma delta", false),
        ("alpha omeg", true),
        ("alhpa sigma", false),
        ("gamma the alpha", false),
        // Typo clauses score their bounds exactly.
        ("alhpa btea", false),
        ("gamam detla omeg", true),
    ];
    for seed in 0..10 {
        let mut rng = crate::rng::Rng::new(seed);
        let index = index();
        for (segment, papers) in [(0, 300), (1, 120), (2, 500)] {
            let mut batch = Vec::new();
            for n in 0..papers {
                let mut words = |most: u64, least: u64| {
                    let count = rng.between(least, most);
                    (0..count)
                        // The first words more often than the last.
                        .map(|_| {
                            let upto = rng.below(WORDS.len() as u64) + 1;
                            WORDS[rng.below(upto) as usize]
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                // Longer titles in one segment than in the others.
                let title = words(if segment == 1 { 8 } else { 4 }, 1);
                let abstract_text = words(30, 0);
                let id = format!("2{seed}{segment}0.{n:05}");
                batch.push(paper(&id, &title, &["Ann Lee"], &abstract_text, 2024, &[]));
            }
            index.add(&batch);
        }
        let searcher = index.searcher();
        let all = searcher.num_docs() as usize;
        for (query, prefix) in queries {
            let options = ParseOptions {
                prefix_last: prefix,
            };
            let node = parse(query, options).unwrap();
            let prepared = index.prepare_node(&searcher, node, Some(Sort::Relevance), &user);
            assert!(prepared.prunes(), "`{query}`");
            let walked = index
                .top_until(&searcher, &prepared, all, Some(&running))
                .unwrap();
            assert!(walked.len() > 40, "seed {seed} `{query}`: {}", walked.len());
            for k in [1, 3, 10, 40] {
                let page = index.top_until(&searcher, &prepared, k, None).unwrap();
                assert_eq!(page, walked[..k], "seed {seed} `{query}`, first {k}");
            }
        }
    }
}

/// The first page by relevance skips the matches that cannot make it
/// (`query::ranked_words`, with a threshold the segments share): it must
/// be exactly the page a walk over every match finds, ties included, for
/// words, prefixes, typos, stop words, phrases, filters and exclusions.
#[test]
fn a_first_page_that_skips_matches_is_the_page_a_walk_finds() {
    let (index, searcher) = index_of_two_segments();
    let user = UserSets::default();
    let all = searcher.num_docs() as usize;
    let (running, raised) = flags();
    let queries = [
        ("network", true),
        ("learning model", true),
        ("graph neural n", true),
        ("l", true),
        ("transfomer", false),
        ("attention is all you need", false),
        ("learning -model", false),
        ("\"neural network\" learning", false),
        ("title:network learning", false),
        ("model year:2020..2026", false),
        ("quantum OR graph", false),
    ];
    let mut pruned = 0;
    // Each query as typed, and inside the reader's own filters.
    let cases = queries.iter().flat_map(|&(query, prefix)| {
        let options = ParseOptions {
            prefix_last: prefix,
        };
        let node = parse(query, options).unwrap();
        let hidden = Node::Not(Box::new(Node::Is(IsState::Dismissed)));
        [
            (query, node.clone()),
            (query, Node::And(vec![node, hidden])),
        ]
    });
    for (query, node) in cases {
        let prepared = index.prepare_node(&searcher, node, Some(Sort::Relevance), &user);
        pruned += usize::from(prepared.prunes());
        // The whole list: every match scored and sorted.
        let walked = index
            .top_until(&searcher, &prepared, all, Some(&running))
            .unwrap();
        for k in [1, 10, 256] {
            let expected = &walked[..k.min(walked.len())];
            let watched = index
                .top_until(&searcher, &prepared, k, Some(&running))
                .unwrap();
            assert_eq!(watched, expected, "`{query}`, first {k}");
            let plain = index.top_until(&searcher, &prepared, k, None).unwrap();
            assert_eq!(plain, expected, "`{query}`, first {k}, no flag");
        }
        let (total, page) = index.ranked(&searcher, &prepared, 5, 20).unwrap();
        assert_eq!(total, walked.len(), "`{query}`");
        let expected = &walked[5.min(walked.len())..25.min(walked.len())];
        assert_eq!(page, expected, "`{query}`, second page");
        let stopped = index.top_until(&searcher, &prepared, 10, Some(&raised));
        assert!(matches!(stopped, Err(IndexError::Cancelled)), "`{query}`");
    }
    assert_eq!(
        pruned,
        2 * (queries.len() - 1),
        "all but the OR query prune"
    );
}

/// The compiler leaves out the stemmed copy of a one- or two-letter title
/// prefix because the plain words find every title it would: stemming
/// changes only a word's ending. Checked over every such prefix of a
/// generated corpus, in both fields.
#[test]
fn a_short_prefix_over_plain_titles_finds_every_title_its_stems_would() {
    use tantivy::collector::DocSetCollector;
    use tantivy::query::FuzzyTermQuery;
    let (index, searcher) = index_of_two_segments();
    let fields = index.fields();
    let matches = |field, prefix: &str| {
        let query =
            FuzzyTermQuery::new_prefix(tantivy::Term::from_field_text(field, prefix), 0, true);
        searcher.search(&query, &DocSetCollector).unwrap()
    };
    let letters: Vec<char> = ('a'..='z').chain('0'..='9').collect();
    let mut prefixes: Vec<String> = letters.iter().map(|c| c.to_string()).collect();
    for a in &letters {
        prefixes.extend(letters.iter().map(|b| format!("{a}{b}")));
    }
    let mut checked = 0;
    for prefix in &prefixes {
        let stemmed = matches(fields.title, prefix);
        if stemmed.is_empty() {
            continue;
        }
        let plain = matches(fields.title_plain, prefix);
        assert!(stemmed.is_subset(&plain), "{prefix}");
        checked += 1;
    }
    assert!(checked > 100, "only {checked} prefixes start a title word");
}

/// The newest date is kept for the same documents, through a reload that
/// changed nothing, and worked out again once a newer paper is indexed.
#[test]
fn the_newest_date_follows_the_documents_not_the_reloads() {
    let index = index();
    let mut papers: Vec<Paper> = crate::synthetic::papers(40).collect();
    index.add(&papers);
    let newest = |index: &TestIndex| index.view().newest_date(index).unwrap();
    let first = newest(&index).expect("generated papers have dates");
    let generation = index.generation();
    index.reload().unwrap();
    assert_eq!(
        newest(&index),
        Some(first),
        "the same documents after a reload"
    );
    let later = first + chrono::Days::new(30);
    let mut fresh = papers.remove(0);
    fresh.id = PaperId::new("2901.00001");
    fresh.published = Some(later);
    fresh.listed = Some(later);
    index.add(&[fresh]);
    index.reload().unwrap();
    assert_ne!(index.generation(), generation);
    assert_eq!(newest(&index), Some(later));
}

/// A deleted paper's date is not the newest, though its segment still holds
/// it until a merge: the date comes from a paper that is still there.
#[test]
fn the_newest_date_is_a_living_papers() {
    let index = index();
    let newest = |index: &TestIndex| index.view().newest_date(index).unwrap();
    let mut papers: Vec<Paper> = crate::synthetic::papers(40).collect();
    let first = papers
        .iter()
        .filter_map(Paper::date)
        .chain(newest(&index))
        .max()
        .unwrap();
    let dated = |days, id: &str| {
        let mut paper = papers[0].clone();
        paper.id = PaperId::new(id);
        let day = first + chrono::Days::new(days);
        paper.published = Some(day);
        paper.listed = Some(day);
        paper
    };
    let (kept, gone) = (dated(10, "2901.00001"), dated(30, "2901.00002"));
    // In the middle of one commit, so that its segment keeps other papers
    // when it is deleted (a segment of deleted papers only is dropped).
    papers.insert(20, gone.clone());
    papers.insert(21, kept.clone());
    index.add_with(&papers, true);
    assert_eq!(newest(&index), gone.date());
    let mut batch = index.batch().unwrap().without_merges();
    batch.delete(gone.id.as_str());
    let seq = index.journal.begin().unwrap().finish().unwrap();
    batch.commit(seq).unwrap();
    assert!(
        index
            .searcher()
            .segment_readers()
            .iter()
            .any(|segment| segment.num_deleted_docs() > 0),
        "the deleted paper is still in its segment"
    );
    assert_eq!(newest(&index), kept.date());
}

/// The corpus, 60 papers in a segment, and nine single papers in nine
/// segments of their own: more than a tidy index has.
fn index_of_many_segments() -> (TestIndex, Vec<Paper>) {
    let index = index();
    let corpus_segments = index.searcher().segment_readers().len();
    let mut papers: Vec<Paper> = crate::synthetic::papers(69).collect();
    let singles = papers.split_off(60);
    index.add_with(&papers, true);
    for paper in &singles {
        index.add_with(std::slice::from_ref(paper), true);
    }
    let segments = index.searcher().segment_readers().len();
    // Two indexing threads may split a commit in two.
    assert!(segments >= corpus_segments + 10);
    assert!(segments > super::tidy::MOST_SEGMENTS);
    (index, singles)
}

#[test]
fn tidying_merges_the_small_segments_and_every_paper_reads_and_ranks_the_same() {
    let (index, singles) = index_of_many_segments();
    let segments = index.searcher().segment_readers().len();
    let queries = ["hopfield", "fmri diffusion", "takagi", "hopfeld"];
    let before: Vec<Vec<String>> = queries.iter().map(|q| ids(&index, q)).collect();
    assert!(before.iter().all(|found| !found.is_empty()), "{before:?}");
    let count = index.paper_count();
    let (now, planned) = index.tidy_needed().expect("too many segments");
    assert_eq!(now, segments);
    assert!(planned <= super::tidy::MOST_SEGMENTS, "{planned}");

    let mut told = Vec::new();
    let tidied = index
        .tidy(&crate::cancel::Cancel::new(), |done, of| {
            told.push((done, of))
        })
        .unwrap()
        .expect("the small segments are merged");
    assert_eq!(
        (tidied.segments_before, tidied.segments_after),
        (segments, planned)
    );
    let groups = told.len();
    assert!(groups >= 2);
    assert_eq!(
        told,
        (1..=groups).map(|done| (done, groups)).collect::<Vec<_>>()
    );
    assert_eq!(index.searcher().segment_readers().len(), planned);
    assert_eq!(index.paper_count(), count);
    let after: Vec<Vec<String>> = queries.iter().map(|q| ids(&index, q)).collect();
    assert_eq!(after, before);
    for paper in &singles {
        // Read back from the journal through the merged segment's locators.
        assert_eq!(index.get(paper.id.as_str()).unwrap().as_ref(), Some(paper));
    }
    assert_eq!(index.tidy_needed(), None, "a tidied index is tidy");
    assert!(
        index
            .tidy(&crate::cancel::Cancel::new(), |_, _| {})
            .unwrap()
            .is_none()
    );
}

#[test]
fn tidying_with_the_flag_raised_merges_nothing() {
    let (index, _) = index_of_many_segments();
    let segments = index.searcher().segment_readers().len();
    let (_, raised) = flags();
    assert!(index.tidy(&raised, |_, _| {}).unwrap().is_none());
    assert_eq!(index.searcher().segment_readers().len(), segments);
}
