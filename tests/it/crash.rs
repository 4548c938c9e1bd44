//! Issue 9, "folio never locks you out", proven end to end on the real
//! binary: imports killed (SIGKILL, SIGINT, SIGTERM) at many points, including
//! inside the index commit; index, journal and library files damaged one at a
//! time; a read-only data dir; a query deep enough to overflow a recursive
//! parser; a full disk. After each, folio must answer with the data the user
//! had, repair itself, or name the one file at fault — never leave the user
//! with a message whose advice then fails.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::read_only::{ReadOnly, Unprivileged};
use crate::common::{DEMO_PAPERS, Folio, HOPFIELD_ID, Run, SpawnLocked, as_array, str_field};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// Generated papers
// ---------------------------------------------------------------------------

/// A small deterministic generator (64-bit LCG, Knuth's constants): the same
/// seed gives the same corpus and the same kill points on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    /// A number in `0.0..1.0`.
    fn unit(&mut self) -> f64 {
        (self.next() % 1_000_000) as f64 / 1_000_000.0
    }
}

const VOCABULARY: &[&str] = &[
    "sparse",
    "attention",
    "transformer",
    "graph",
    "diffusion",
    "kernel",
    "gradient",
    "bayesian",
    "contrastive",
    "retrieval",
    "benchmark",
    "robust",
    "latent",
    "protein",
    "quantum",
    "policy",
    "reward",
    "segmentation",
    "compression",
    "federated",
];

/// Every generated abstract contains this word, so a search for it always
/// has hits while the generated papers are there.
const COMMON_WORD: &str = "widgets";

/// The arXiv id of generated paper `n`.
fn arxiv_id(n: usize) -> String {
    format!("2401.{n:05}")
}

/// One line of the arXiv metadata snapshot for paper `n`; `revision` changes
/// its title and abstract, as a later snapshot would.
fn snapshot_line(n: usize, revision: u32) -> String {
    let mut rng = Lcg(n as u64 * 7919 + u64::from(revision) * 104_729 + 1);
    let mut words = Vec::new();
    for _ in 0..40 {
        words.push(VOCABULARY[rng.next() as usize % VOCABULARY.len()]);
    }
    let topic = VOCABULARY[n % VOCABULARY.len()];
    json!({
        "id": arxiv_id(n),
        "submitter": "Test Writer",
        "authors": "A. Author, B. Writer and C. Reviewer",
        "title": format!("On {topic} widgets, part {n}, revision {revision}"),
        "comments": "12 pages, 3 figures",
        "journal-ref": null,
        "doi": null,
        "report-no": null,
        "categories": "cs.LG stat.ML",
        "license": null,
        "abstract": format!(
            "  We study {COMMON_WORD} of kind {n} (revision {revision}).\n{}.\n",
            words.join(" ")
        ),
        "versions": [{"version": "v1", "created": "Mon, 2 Apr 2024 19:18:42 GMT"}],
        "update_date": "2024-04-02",
        "authors_parsed": [["Author", "A.", ""], ["Writer", "B.", ""], ["Reviewer", "C.", ""]],
    })
    .to_string()
}

/// A snapshot file with papers `range` at `revision`.
fn snapshot(range: std::ops::Range<usize>, revision: u32) -> String {
    let mut text = String::new();
    for n in range {
        text.push_str(&snapshot_line(n, revision));
        text.push('\n');
    }
    text
}

/// Writes a file into the test's temp dir and returns its path as a string.
fn write_input(folio: &Folio, name: &str, text: &str) -> String {
    let path = folio.path(name);
    std::fs::write(&path, text).expect("input file written");
    path.to_str().expect("UTF-8 temp path").to_string()
}

// ---------------------------------------------------------------------------
// Bookmarks and the checks that everything the user had is still there
// ---------------------------------------------------------------------------

/// A bookmark as the test made it.
#[derive(Debug, Clone)]
struct Mark {
    id: String,
    tags: Vec<String>,
    note: String,
}

fn bookmark(folio: &Folio, id: &str, tags: &[&str], note: &str) -> Mark {
    let mut args = vec!["bookmark", "add", id];
    for tag in tags {
        args.extend(["--tag", tag]);
    }
    args.extend(["--note", note]);
    folio.ok(&args);
    Mark {
        id: id.to_string(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        note: note.to_string(),
    }
}

/// Parses JSON output or fails with the context.
fn parse_json(run: &Run, what: &str) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{what}: invalid JSON ({e}): {run:?}"))
}

/// The bookmarks `bookmark list --json` printed include every mark with its
/// tags and note.
fn assert_marks_listed(run: &Run, marks: &[Mark], what: &str) {
    let listed = as_array(parse_json(run, what));
    for mark in marks {
        let entry = listed
            .iter()
            .find(|e| e["id"] == mark.id.as_str())
            .unwrap_or_else(|| panic!("{what}: bookmark {} is missing: {run:?}", mark.id));
        let tags: Vec<&str> = entry["tags"]
            .as_array()
            .map(|t| t.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for tag in &mark.tags {
            assert!(
                tags.contains(&tag.as_str()),
                "{what}: bookmark {} lost tag {tag}: {entry}",
                mark.id
            );
        }
        assert_eq!(
            entry["note"].as_str(),
            Some(mark.note.as_str()),
            "{what}: bookmark {} lost its note",
            mark.id
        );
    }
}

/// Runs and asserts success, with `what` in the failure message.
fn ok_run(folio: &Folio, args: &[&str], what: &str) -> Run {
    let run = folio.run(args);
    assert!(
        run.success(),
        "{what}: folio {args:?} failed (code {:?}):\n{}",
        run.code,
        run.stderr
    );
    run
}

/// The user can still work: `stats` reports one of `counts` papers and every
/// bookmark, a search has hits, and every bookmark is listed with its tags
/// and note. Returns the paper count.
fn assert_usable(folio: &Folio, counts: &[u64], marks: &[Mark], what: &str) -> u64 {
    let stats = parse_json(
        &ok_run(folio, &["stats", "--json"], what),
        &format!("{what}: stats"),
    );
    let papers = stats["papers"].as_u64().expect("stats has a paper count");
    assert!(
        counts.contains(&papers),
        "{what}: {papers} papers, expected one of {counts:?}"
    );
    assert_eq!(
        stats["bookmarks"].as_u64(),
        Some(marks.len() as u64),
        "{what}: bookmark count"
    );
    let search = ok_run(
        folio,
        &["search", COMMON_WORD, "--limit", "5", "--json"],
        what,
    );
    let hits = as_array(parse_json(&search, &format!("{what}: search")));
    assert!(
        !hits.is_empty(),
        "{what}: a search for {COMMON_WORD} found nothing"
    );
    let list = ok_run(folio, &["bookmark", "list", "--json"], what);
    assert_marks_listed(&list, marks, &format!("{what}: bookmark list"));
    papers
}

// ---------------------------------------------------------------------------
// Files on disk
// ---------------------------------------------------------------------------

/// Every file under `dir`, recursively. Files may vanish while a writer
/// runs, so unreadable entries are skipped rather than reported.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => todo.push(path),
                Ok(_) => out.push(path),
                Err(_) => {}
            }
        }
    }
    out.sort();
    out
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn del_files(dir: &Path) -> BTreeSet<PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|p| file_name(p).ends_with(".del"))
        .collect()
}

/// Every file's bytes, lock files left out (taking a lock may create one).
fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .filter(|p| !file_name(p).ends_with(".lock"))
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_default();
            (p, bytes)
        })
        .collect()
}

/// Asserts that no file (lock files aside) was added, removed or changed.
fn assert_same_files(before: &BTreeMap<PathBuf, Vec<u8>>, dir: &Path, what: &str) {
    let after = contents(dir);
    let changed: Vec<String> = before
        .keys()
        .chain(after.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|p| before.get(*p) != after.get(*p))
        .map(|p| {
            let state = match (before.get(p), after.get(p)) {
                (None, _) => "added",
                (_, None) => "removed",
                _ => "changed",
            };
            format!("{} {state}", p.display())
        })
        .collect();
    assert!(changed.is_empty(), "{what}: files changed: {changed:?}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("copy target created");
    for entry in std::fs::read_dir(from).expect("copy source listed") {
        let entry = entry.expect("copy source entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("file copied");
        }
    }
}

/// The index directory folio reports (it may move between versions).
fn index_dir(folio: &Folio) -> PathBuf {
    let stats = folio.json(&["stats", "--json"]);
    PathBuf::from(str_field(&stats, "index_dir"))
}

/// The journal segments, oldest first.
fn journal_segments(folio: &Folio) -> Vec<PathBuf> {
    let mut segments: Vec<PathBuf> = files_under(&folio.data_dir().join("journal"))
        .into_iter()
        .filter(|p| {
            let name = file_name(p);
            (name.ends_with(".fjz") || name.ends_with(".jsonl"))
                && name.starts_with(|c: char| c.is_ascii_digit())
        })
        .collect();
    segments.sort();
    segments
}

/// A tantivy segment file: 32 hex digits (the segment id) and an extension.
fn segment_of(name: &str) -> Option<&str> {
    let id = name.get(..32)?;
    (name.as_bytes().get(32) == Some(&b'.') && id.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some(id)
}

/// After a completed write nothing of the interrupted ones is left: no
/// journal `.pending` files, no `.tmp.` files, no index files (`.del` or
/// segment parts) that `meta.json` does not name, and no second index.
fn assert_no_strays(folio: &Folio) {
    let data = folio.data_dir();
    let index = index_dir(folio);
    let all = files_under(&data);
    let stray: Vec<&PathBuf> = all
        .iter()
        .filter(|p| {
            let name = file_name(p);
            name.ends_with(".pending") || name.contains(".tmp.")
        })
        .collect();
    assert!(
        stray.is_empty(),
        "temporary files were left behind: {stray:?}"
    );

    let meta_text = std::fs::read_to_string(index.join("meta.json")).expect("meta.json read");
    let meta: Value = serde_json::from_str(&meta_text).expect("meta.json is JSON");
    let mut live: BTreeMap<String, Option<u64>> = BTreeMap::new();
    for segment in meta["segments"]
        .as_array()
        .expect("meta.json lists segments")
    {
        let id = str_field(segment, "segment_id").replace('-', "");
        live.insert(id, segment["deletes"]["opstamp"].as_u64());
    }
    let mut unreferenced = Vec::new();
    for path in &all {
        let name = file_name(path);
        let Some(id) = segment_of(&name) else {
            continue;
        };
        if path.parent() != Some(index.as_path()) {
            unreferenced.push(format!("{} (outside the index dir)", path.display()));
            continue;
        }
        match live.get(id) {
            None => unreferenced.push(name.clone()),
            Some(opstamp) if name.ends_with(".del") => {
                let expected = opstamp.map(|o| format!("{id}.{o}.del"));
                if expected.as_deref() != Some(name.as_str()) {
                    unreferenced.push(name.clone());
                }
            }
            Some(_) => {}
        }
    }
    let other_metas: Vec<&PathBuf> = all
        .iter()
        .filter(|p| file_name(p) == "meta.json" && p.parent() != Some(index.as_path()))
        .collect();
    assert!(
        unreferenced.is_empty() && other_metas.is_empty(),
        "index files that meta.json does not name: {unreferenced:?}; other indexes: {other_metas:?}"
    );
    println!(
        "data dir: {} files, index dir: {} files, {} segments",
        all.len(),
        files_under(&index).len(),
        live.len()
    );
}

// ---------------------------------------------------------------------------
// Stopping a running import
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
enum Signal {
    Kill,
    Int,
    Term,
}

/// Sends `signal` to the child; SIGKILL through the standard library, the
/// others through `kill(1)`, so the tests need no FFI.
fn send(child: &mut Child, signal: Signal) {
    let name = match signal {
        Signal::Kill => {
            // Fails only if the child is already reaped, which it is not.
            let _ = child.kill();
            return;
        }
        Signal::Int => "-INT",
        Signal::Term => "-TERM",
    };
    // kill(1) fails only for a child that already exited, which is fine:
    // the caller sees how it ended.
    Command::new("kill")
        .arg(name)
        .arg(child.id().to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .locked_status()
        .expect("kill(1) runs");
}

/// When to stop the import.
#[derive(Debug, Clone, Copy)]
enum When {
    /// This long after it started.
    After(Duration),
    /// The moment the import writes its first new file (a journal segment
    /// in progress): it has started, and is far from its commit.
    Started,
    /// The moment a `.del` file appears that was not there before: tantivy
    /// writes them before `meta.json`, so this is inside the commit.
    NewDel,
    /// A second journal segment in progress (`.pending`) appears: the
    /// import's own is done and a merge of segments is being written.
    MergeWriting,
    /// Two new journal segments are in place: the merged one has landed,
    /// its index commit and the removal of the merged ones may be ahead.
    MergeLanded,
    /// A journal segment that was there before is gone: the merge is
    /// removing the segments it replaced.
    MergeRemoving,
}

/// A planned kill point: a fraction of the shortest import seen so far, or
/// inside the commit.
#[derive(Debug, Clone, Copy)]
enum Point {
    Fraction(f64),
    NewDel,
}

/// How a stopped import ended.
struct Stopped {
    run: Run,
    /// The signal was sent (the child had not finished before).
    signalled: bool,
    /// Milliseconds after the start when it was sent (or when it ended).
    at_ms: u128,
}

/// Runs `folio import FILE` and sends `signal` at `when`; polls instead of
/// sleeping so a `.del` file is caught within microseconds of appearing.
fn import_and_stop(folio: &Folio, file: &str, signal: Signal, when: When) -> Stopped {
    let data = folio.data_dir();
    let dels_before = del_files(&data);
    let files_before: BTreeSet<PathBuf> = files_under(&data).into_iter().collect();
    let segments_before: BTreeSet<PathBuf> = journal_segments(folio).into_iter().collect();
    let mut pending_seen = BTreeSet::new();
    let start = Instant::now();
    let deadline = start + Duration::from_secs(60);
    let mut child = folio.spawn(&["import", file]);
    let mut signalled = false;
    loop {
        if child.try_wait().expect("child polled").is_some() {
            break;
        }
        let now = Instant::now();
        assert!(now < deadline, "the import ran for over a minute");
        let fire = match when {
            When::After(delay) => now - start >= delay,
            When::MergeWriting => {
                for f in files_under(&data.join("journal")) {
                    if file_name(&f).ends_with(".pending") {
                        pending_seen.insert(f);
                    }
                }
                pending_seen.len() >= 2
            }
            When::MergeLanded => {
                let now: BTreeSet<PathBuf> = journal_segments(folio).into_iter().collect();
                now.difference(&segments_before).count() >= 2
            }
            When::MergeRemoving => {
                let now: BTreeSet<PathBuf> = journal_segments(folio).into_iter().collect();
                segments_before.iter().any(|s| !now.contains(s))
            }
            When::NewDel => del_files(&data).iter().any(|d| !dels_before.contains(d)),
            When::Started => files_under(&data)
                .iter()
                .any(|f| !files_before.contains(f) && !file_name(f).ends_with(".lock")),
        };
        if fire {
            send(&mut child, signal);
            signalled = true;
            break;
        }
        match when {
            When::After(_) => std::thread::sleep(Duration::from_millis(1)),
            _ => std::thread::yield_now(),
        }
    }
    let at_ms = start.elapsed().as_millis();
    Stopped {
        run: common::finish(child),
        signalled,
        at_ms,
    }
}

/// How long an uninterrupted run of `folio import FILE` takes on a copy of
/// `folio`'s data dir, and the paper count it ends with.
fn measure_import(folio: &Folio, file: &str) -> (Duration, u64) {
    let scratch = Folio::new();
    copy_dir(&folio.data_dir(), &scratch.data_dir());
    let started = Instant::now();
    scratch.ok(&["import", file]);
    let took = started.elapsed();
    (took, scratch.paper_count())
}

/// A data dir with the demo corpus, `initial` generated papers and a few
/// bookmarks (two on generated papers, one on a demo paper).
fn corpus(folio: &Folio, initial: usize) -> Vec<Mark> {
    let file = write_input(folio, "initial.jsonl", &snapshot(0..initial, 0));
    folio.ok(&["import", &file]);
    vec![
        bookmark(
            folio,
            HOPFIELD_ID,
            &["memory", "classic"],
            "read before the talk",
        ),
        bookmark(folio, &arxiv_id(1), &["widgets"], "the first one"),
        bookmark(
            folio,
            &arxiv_id(initial / 2),
            &["later", "widgets"],
            "compare with 1",
        ),
        bookmark(folio, &arxiv_id(initial - 1), &["last"], "ends the series"),
    ]
}

// ---------------------------------------------------------------------------
// Crash test
// ---------------------------------------------------------------------------

const CRASH_INITIAL: usize = 2500;
const CRASH_NEW: usize = 600;
const DELAY_KILLS: usize = 14;
const DEL_KILLS: usize = 6;
/// Imports that must really be killed.
const KILLS: usize = DELAY_KILLS + DEL_KILLS;

#[test]
fn an_import_killed_anywhere_leaves_every_paper_and_bookmark_usable() {
    let started = Instant::now();
    let folio = Folio::new();
    let marks = corpus(&folio, CRASH_INITIAL);
    let before = DEMO_PAPERS + CRASH_INITIAL as u64;
    assert_usable(&folio, &[before], &marks, "after the initial import");
    // Two revisions taken in turn, so every run really changes every paper
    // (and deletes its old version) even after an earlier run completed.
    let updates = [1, 2].map(|revision| {
        write_input(
            &folio,
            &format!("update{revision}.jsonl"),
            &snapshot(0..CRASH_INITIAL + CRASH_NEW, revision),
        )
    });
    let update = &updates[0];
    let after = before + CRASH_NEW as u64;
    let (full, measured) = measure_import(&folio, update);
    assert_eq!(measured, after, "an uninterrupted update import");
    println!(
        "setup {:.1} s; an uninterrupted update import takes {} ms",
        started.elapsed().as_secs_f64(),
        full.as_millis()
    );

    // Stratified over the run (one random point in each of DELAY_KILLS equal
    // slices), with a kill inside the commit after every few of them. Points
    // are fractions of the shortest import seen so far: on a loaded machine
    // the measured run may be slower than later ones, and a point past the
    // end would miss.
    let mut rng = Lcg(0x009f_0110);
    let mut plan = Vec::new();
    for slice in 0..DELAY_KILLS {
        let fraction = (slice as f64 + 0.1 + 0.8 * rng.unit()) / DELAY_KILLS as f64;
        plan.push(Point::Fraction(fraction));
        if slice % 2 == 1 && plan.len() < DELAY_KILLS + DEL_KILLS {
            plan.push(Point::NewDel);
        }
    }
    while plan.iter().filter(|w| matches!(w, Point::NewDel)).count() < DEL_KILLS {
        plan.push(Point::NewDel);
    }

    // A point where the import finished first is replaced by an earlier
    // one, until KILLS imports were really killed (or the cap is reached).
    let mut shortest = full;
    let mut killed = 0;
    let mut killed_in_commit = 0;
    let mut point = 0;
    while killed < KILLS && point < KILLS * 3 {
        let when = match plan.get(point) {
            Some(Point::Fraction(fraction)) => When::After(shortest.mul_f64(*fraction)),
            Some(Point::NewDel) => When::NewDel,
            None => When::After(shortest.mul_f64(0.1 + 0.6 * rng.unit())),
        };
        let stopped = import_and_stop(&folio, &updates[point % 2], Signal::Kill, when);
        let what = format!("kill point {point} ({when:?}, at {} ms)", stopped.at_ms);
        point += 1;
        if stopped.signalled {
            killed += 1;
            if matches!(when, When::NewDel) {
                killed_in_commit += 1;
            }
        } else {
            // The import ended on its own first: it must have succeeded.
            assert!(
                stopped.run.success(),
                "{what}: the import failed on its own:\n{}",
                stopped.run.stderr
            );
            if matches!(when, When::After(_)) {
                shortest = shortest.min(Duration::from_millis(stopped.at_ms as u64));
            }
        }
        let checked = Instant::now();
        let papers = assert_usable(&folio, &[before, after], &marks, &what);
        println!(
            "{what}: {}, {papers} papers, checked in {} ms",
            if stopped.signalled {
                "killed"
            } else {
                "finished first"
            },
            checked.elapsed().as_millis()
        );
    }
    assert!(
        killed >= KILLS,
        "only {killed} of {point} kill points hit a running import"
    );
    assert!(
        killed_in_commit >= DEL_KILLS / 2,
        "only {killed_in_commit} kills happened inside the index commit"
    );

    let rerun = ok_run(&folio, &["import", update], "the clean re-run");
    println!(
        "clean re-run: {}{}",
        rerun.stdout.trim(),
        rerun.stderr.trim()
    );
    assert_usable(&folio, &[after], &marks, "after the clean re-run");
    let first = folio.show(&arxiv_id(0));
    assert!(
        str_field(&first, "title").ends_with("revision 1"),
        "the update is visible: {first}"
    );
    assert_no_strays(&folio);
    println!(
        "crash test: {} kills ({killed_in_commit} inside the commit) in {:.1} s",
        killed,
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn a_merge_of_journal_segments_killed_anywhere_loses_nothing() {
    let folio = Folio::new();
    let marks = corpus(&folio, CRASH_INITIAL);
    // Import k revises every paper but quarter k, at revision k: the one
    // before it keeps a third of its papers (those of quarter k), so each
    // import merges it, copying those into a new segment.
    let total = CRASH_INITIAL + CRASH_NEW;
    let quarter = total / 4;
    let updates: Vec<String> = (0..4)
        .map(|k| {
            let mut text = snapshot(0..k * quarter, k as u32 + 1);
            text.push_str(&snapshot((k + 1) * quarter..total, k as u32 + 1));
            write_input(&folio, &format!("update{k}.jsonl"), &text)
        })
        .collect();
    folio.ok(&[
        "import",
        &write_input(&folio, "all.jsonl", &snapshot(0..total, 1)),
    ]);
    let papers = DEMO_PAPERS + total as u64;
    assert_usable(&folio, &[papers], &marks, "after the first update");
    // Up to two kills at each point, in turn; a round whose import ended
    // before the point was seen counts for nothing and goes again.
    let whens = [When::MergeWriting, When::MergeLanded, When::MergeRemoving];
    let mut killed = [0; 3];
    for round in 0..24 {
        let Some(kind) = (0..whens.len())
            .map(|k| (k + round) % whens.len())
            .find(|&k| killed[k] < 2)
        else {
            break;
        };
        let when = whens[kind];
        let file = &updates[round % updates.len()];
        let stopped = import_and_stop(&folio, file, Signal::Kill, when);
        let what = format!("round {round} ({when:?}, at {} ms)", stopped.at_ms);
        if stopped.signalled {
            killed[kind] += 1;
        } else {
            assert!(stopped.run.success(), "{what}: {}", stopped.run.stderr);
        }
        println!(
            "{what}: {}",
            if stopped.signalled {
                "killed"
            } else {
                "finished first"
            }
        );
        assert_usable(&folio, &[papers], &marks, &what);
    }
    // Writing a merge and the wait for its index commit are wide enough to
    // be caught every time; removing the merged segments takes a moment
    // only, so a kill there is tried, and checked when it lands.
    assert!(
        killed[0] >= 1 && killed[1] >= 1,
        "kills while writing, after landing, while removing: {killed:?}"
    );
    // What the killed merges left is merged away by the next writes that
    // finish: a few segments are left, not one a round.
    for update in &updates {
        folio.ok(&["import", update]);
    }
    let segments = journal_segments(&folio);
    assert!(segments.len() <= 4, "{segments:?}");
    // The journal alone gives every paper back, each at one revision.
    let reindex = folio.run(&["reindex"]);
    assert!(reindex.success(), "{reindex:?}");
    assert_usable(&folio, &[papers], &marks, "after reindex");
    let all = folio.all_papers();
    for n in 0..total {
        let title = str_field(&all[&arxiv_id(n)], "title");
        // The last four imports leave each quarter at the revision of the
        // last import that covered it.
        let expected = if n / quarter == 3 && n < 4 * quarter {
            3
        } else {
            4
        };
        assert!(
            title.ends_with(&format!("revision {expected}")),
            "paper {n}: {title}"
        );
    }
}

// ---------------------------------------------------------------------------
// SIGINT and SIGTERM
// ---------------------------------------------------------------------------

/// The process exited by itself (not killed by the signal) and, unless it
/// completed, said it was interrupted; the paper count is `before`, or
/// `after` when the signal may have come after the commit started.
fn assert_interrupted_cleanly(
    folio: &Folio,
    stopped: &Stopped,
    before: u64,
    after: u64,
    commit_started: bool,
    marks: &[Mark],
    what: &str,
) {
    let run = &stopped.run;
    if !stopped.signalled {
        assert!(
            run.success(),
            "{what}: the import failed on its own: {run:?}"
        );
    }
    assert!(
        run.code.is_some(),
        "{what}: folio was killed by the signal instead of stopping: {run:?}"
    );
    if run.success() {
        assert!(
            commit_started || !stopped.signalled,
            "{what}: the import ignored the signal and completed: {run:?}"
        );
    } else {
        assert!(
            run.stderr.to_lowercase().contains("interrupted"),
            "{what}: no \"interrupted\" message: {run:?}"
        );
    }
    let allowed: &[u64] = if commit_started || run.success() {
        &[before, after]
    } else {
        &[before]
    };
    assert_usable(folio, allowed, marks, what);
}

#[test]
fn sigint_and_sigterm_stop_an_import_with_nothing_of_it_kept() {
    let folio = Folio::new();
    let initial = 1500;
    let marks = corpus(&folio, initial);
    let before = DEMO_PAPERS + initial as u64;
    let update = write_input(&folio, "update.jsonl", &snapshot(0..initial + 300, 1));
    let after = before + 300;
    let segments = journal_segments(&folio);
    for signal in [Signal::Int, Signal::Term] {
        let stopped = import_and_stop(&folio, &update, signal, When::Started);
        let what = format!("{signal:?} at {} ms, as the import started", stopped.at_ms);
        assert!(
            stopped.signalled,
            "{what}: the import ended before the signal: {:?}",
            stopped.run
        );
        assert_interrupted_cleanly(&folio, &stopped, before, after, false, &marks, &what);
        assert!(
            !stopped.run.success(),
            "{what}: the import completed despite the signal"
        );
        assert_eq!(
            journal_segments(&folio),
            segments,
            "{what}: the interrupted import left a journal segment"
        );
        let pending: Vec<PathBuf> = files_under(&folio.data_dir())
            .into_iter()
            .filter(|p| file_name(p).ends_with(".pending"))
            .collect();
        assert!(pending.is_empty(), "{what}: left {pending:?}");
    }
}

#[test]
fn sigint_and_sigterm_inside_the_commit_ten_times_in_a_row() {
    let folio = Folio::new();
    let initial = 1500;
    let marks = corpus(&folio, initial);
    let before = DEMO_PAPERS + initial as u64;
    // Revisions in turn, so every round changes every paper.
    let updates = [1, 2].map(|revision| {
        write_input(
            &folio,
            &format!("update{revision}.jsonl"),
            &snapshot(0..initial + 300, revision),
        )
    });
    let after = before + 300;
    let mut signalled = 0;
    for round in 0..10 {
        let signal = if round % 2 == 0 {
            Signal::Int
        } else {
            Signal::Term
        };
        let stopped = import_and_stop(&folio, &updates[round % 2], signal, When::NewDel);
        let what = format!("round {round}: {signal:?} at a new .del file");
        signalled += usize::from(stopped.signalled);
        assert_interrupted_cleanly(&folio, &stopped, before, after, true, &marks, &what);
    }
    assert!(signalled >= 5, "only {signalled} rounds saw a .del file");
    ok_run(&folio, &["import", &updates[0]], "the clean re-run");
    assert_usable(&folio, &[after], &marks, "after the clean re-run");
    assert_no_strays(&folio);
}

// ---------------------------------------------------------------------------
// Damaged files
// ---------------------------------------------------------------------------

/// Papers in [`damage_template`]: the demo corpus, 20 generated papers, then
/// an import updating five of them (so the index has a `.del` file) and
/// adding two.
const DAMAGE_PAPERS: u64 = DEMO_PAPERS + 22;

/// A data dir to copy for each damage case, with its bookmarks.
fn damage_template() -> (Folio, Vec<Mark>) {
    let folio = Folio::new();
    let first = write_input(&folio, "first.jsonl", &snapshot(0..20, 0));
    folio.ok(&["import", &first]);
    let mut second = snapshot(0..5, 1);
    second.push_str(&snapshot(20..22, 0));
    let second = write_input(&folio, "second.jsonl", &second);
    folio.ok(&["import", &second]);
    let marks = vec![
        bookmark(
            &folio,
            HOPFIELD_ID,
            &["memory", "classic"],
            "read before the talk",
        ),
        bookmark(&folio, &arxiv_id(3), &["widgets"], "revised once"),
    ];
    assert_eq!(folio.paper_count(), DAMAGE_PAPERS);
    assert!(
        !del_files(&folio.data_dir()).is_empty(),
        "the update left a .del file"
    );
    assert_no_strays(&folio);
    (folio, marks)
}

/// A fresh installation holding a copy of `template`'s data dir.
fn copy_of(template: &Folio) -> Folio {
    let folio = Folio::new();
    copy_dir(&template.data_dir(), &folio.data_dir());
    folio
}

/// What a damaged data dir must still give, and which file was damaged.
struct Expect<'a> {
    counts: &'a [u64],
    marks: &'a [Mark],
    /// The name of the damaged file, which any failure must name.
    fault: &'a str,
    /// A paper that must survive the damage.
    show: &'a str,
    /// Whether succeeding without a word on stderr is a failure (damage
    /// that every command meets, such as a broken `meta.json`).
    needs_note: bool,
}

/// Asserts what one successful reading command printed.
fn assert_answer(args: &[&str], run: &Run, expect: &Expect, what: &str) {
    let value = parse_json(run, what);
    match args[0] {
        "stats" => {
            let papers = value["papers"].as_u64().expect("a paper count");
            assert!(
                expect.counts.contains(&papers),
                "{what}: {papers} papers, expected one of {:?}",
                expect.counts
            );
            assert_eq!(
                value["bookmarks"].as_u64(),
                Some(expect.marks.len() as u64),
                "{what}: bookmark count"
            );
        }
        "search" => assert!(!as_array(value).is_empty(), "{what}: no hits"),
        "show" => assert_eq!(value["id"], expect.show, "{what}"),
        "bookmark" => assert_marks_listed(run, expect.marks, what),
        "export" => {
            let ids: Vec<String> = as_array(value).iter().map(|p| str_field(p, "id")).collect();
            for mark in expect.marks {
                assert!(ids.contains(&mark.id), "{what}: {} not exported", mark.id);
            }
        }
        other => unreachable!("no check for {other}"),
    }
}

fn mentions_reindex(run: &Run) -> bool {
    run.stdout.contains("reindex") || run.stderr.contains("reindex")
}

/// Runs `folio reindex` because some message suggested it: it must work.
fn reindex_as_told(folio: &Folio, what: &str) -> Run {
    let run = folio.run(&["reindex"]);
    assert!(
        run.success(),
        "{what}: folio suggested `folio reindex`, which then failed: {run:?}"
    );
    run
}

/// The reading commands after damage: each either answers with the good
/// data, or fails naming the damaged file without changing any file. If any
/// message suggests `folio reindex`, it is run and must work, and then every
/// command must answer. Returns every run, for messages to look through.
fn check_damage(folio: &Folio, expect: &Expect, what: &str) -> Vec<Run> {
    let data = folio.data_dir();
    let commands: [&[&str]; 5] = [
        &["stats", "--json"],
        &["search", COMMON_WORD, "--limit", "5", "--json"],
        &["show", expect.show, "--json"],
        &["bookmark", "list", "--json"],
        &["export", "--bookmarks", "--format", "json"],
    ];
    let mut runs = Vec::new();
    let mut reindexed = false;
    loop {
        let mut suggested = false;
        let mut all_answered = true;
        for args in commands {
            let what = format!(
                "{what}: folio {args:?}{}",
                if reindexed { " after reindex" } else { "" }
            );
            let files = contents(&data);
            let run = folio.run(args);
            if run.success() {
                assert_answer(args, &run, expect, &what);
            } else {
                all_answered = false;
                assert!(
                    !reindexed,
                    "{what}: still fails after `folio reindex`: {run:?}"
                );
                assert!(run.code.is_some(), "{what}: killed by a signal: {run:?}");
                assert!(
                    run.stderr.contains(expect.fault),
                    "{what}: the message does not name the damaged file {}: {run:?}",
                    expect.fault
                );
                assert_same_files(&files, &data, &format!("{what}: failed, yet"));
            }
            suggested |= mentions_reindex(&run);
            runs.push(run);
        }
        if all_answered && !reindexed && expect.needs_note {
            assert!(
                runs.iter().any(|r| !r.stderr.is_empty()),
                "{what}: the damage was passed over without a word"
            );
        }
        if !suggested || reindexed {
            if all_answered {
                // Not locked out: a write works too (an update, so the
                // paper count stays what the caller expects).
                let file = write_input(folio, "one-more.jsonl", &snapshot(19..20, 2));
                let run = folio.run(&["import", &file]);
                if run.success() {
                    let title = str_field(&folio.show(&arxiv_id(19)), "title");
                    assert!(title.ends_with("revision 2"), "{what}: import after damage");
                } else {
                    assert!(
                        run.stderr.contains(expect.fault),
                        "{what}: an import fails without naming {}: {run:?}",
                        expect.fault
                    );
                    if mentions_reindex(&run) {
                        runs.push(reindex_as_told(folio, what));
                    }
                }
                runs.push(run);
            }
            return runs;
        }
        runs.push(reindex_as_told(folio, what));
        reindexed = true;
    }
}

/// Runs independent cases and reports every failure at the end, so one run
/// shows all the cases that fail, not only the first.
struct Cases {
    total: usize,
    failed: Vec<String>,
}

impl Cases {
    fn new() -> Cases {
        Cases {
            total: 0,
            failed: Vec::new(),
        }
    }

    fn run(&mut self, name: &str, case: impl FnOnce()) {
        self.total += 1;
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(case));
        if let Err(panic) = outcome {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            self.failed.push(format!("- {name}: {message}"));
        }
    }

    fn finish(self) {
        assert!(
            self.failed.is_empty(),
            "{} of {} cases failed:\n{}",
            self.failed.len(),
            self.total,
            self.failed.join("\n")
        );
    }
}

#[derive(Debug, Clone, Copy)]
enum Damage {
    Truncate,
    Delete,
    Garbage,
}

const GARBAGE: &[u8] = b"\x00\x01garbage \xff\xfe not what folio wrote {\"segments\": [\n";

fn damage(path: &Path, how: Damage) {
    match how {
        Damage::Truncate => {
            let len = std::fs::metadata(path).expect("file to damage").len();
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .expect("file opened");
            file.set_len(len / 2).expect("file truncated");
        }
        Damage::Delete => std::fs::remove_file(path).expect("file deleted"),
        Damage::Garbage => std::fs::write(path, GARBAGE).expect("file overwritten"),
    }
}

/// Each file of the index, damaged one at a time in a copy of the template.
fn damage_each_index_file(how: Damage) {
    let started = Instant::now();
    let (template, marks) = damage_template();
    let index = index_dir(&template);
    let relative = index
        .strip_prefix(template.data_dir())
        .expect("the index is inside the data dir")
        .to_path_buf();
    let files: Vec<String> = files_under(&index)
        .iter()
        .map(|p| file_name(p))
        .filter(|n| !n.ends_with(".lock"))
        .collect();
    let kinds: BTreeSet<String> = files
        .iter()
        .map(|n| n.rsplit('.').next().unwrap_or_default().to_string())
        .collect();
    assert!(
        kinds.contains("del") && kinds.contains("json") && kinds.contains("term"),
        "the template index has every kind of file: {files:?}"
    );
    let mut cases = Cases::new();
    for name in &files {
        let what = format!("{how:?} {name}");
        cases.run(&what, || {
            let folio = copy_of(&template);
            damage(&folio.data_dir().join(&relative).join(name), how);
            let expect = Expect {
                counts: &[DAMAGE_PAPERS],
                marks: &marks,
                fault: name,
                show: &arxiv_id(3),
                needs_note: name == "meta.json",
            };
            check_damage(&folio, &expect, &what);
        });
    }
    println!(
        "{how:?}: {} index files checked in {:.1} s",
        files.len(),
        started.elapsed().as_secs_f64()
    );
    cases.finish();
}

#[test]
fn a_truncated_index_file_is_rebuilt_or_named() {
    damage_each_index_file(Damage::Truncate);
}

#[test]
fn a_deleted_index_file_is_rebuilt_or_named() {
    damage_each_index_file(Damage::Delete);
}

#[test]
fn an_index_file_full_of_garbage_is_rebuilt_or_named() {
    damage_each_index_file(Damage::Garbage);
}

/// Puts the index dir into one broken state.
type DamageIndexDir = fn(&Path);

#[test]
fn reindex_works_whatever_the_index_dir_holds() {
    let (template, marks) = damage_template();
    let relative = index_dir(&template)
        .strip_prefix(template.data_dir())
        .expect("the index is inside the data dir")
        .to_path_buf();
    let states: [(&str, DamageIndexDir); 4] = [
        ("a plain file", |index| {
            std::fs::remove_dir_all(index).expect("index removed");
            std::fs::write(index, GARBAGE).expect("file written");
        }),
        ("garbage files", |index| {
            for file in files_under(index) {
                std::fs::write(&file, GARBAGE).expect("file overwritten");
            }
            for junk in [
                "junk.bin",
                "0123456789abcdef0123456789abcdef.term",
                "meta.json.tmp",
            ] {
                std::fs::write(index.join(junk), GARBAGE).expect("junk written");
            }
        }),
        ("an empty dir", |index| {
            std::fs::remove_dir_all(index).expect("index removed");
            std::fs::create_dir(index).expect("empty index dir");
        }),
        ("missing", |index| {
            std::fs::remove_dir_all(index).expect("index removed");
        }),
    ];
    let mut cases = Cases::new();
    for (state, make) in states {
        let what = format!("index dir {state}, then reindex");
        cases.run(&what, || {
            let folio = copy_of(&template);
            make(&folio.data_dir().join(&relative));
            let run = folio.run(&["reindex"]);
            assert!(run.success(), "{what}: folio reindex failed: {run:?}");
            assert_usable(&folio, &[DAMAGE_PAPERS], &marks, &what);
        });
        // And the same state met by an ordinary command first.
        let what = format!("index dir {state}, then stats");
        cases.run(&what, || {
            let folio = copy_of(&template);
            let index = folio.data_dir().join(&relative);
            make(&index);
            let expect = Expect {
                counts: &[DAMAGE_PAPERS],
                marks: &marks,
                fault: &file_name(&index),
                show: &arxiv_id(3),
                // An index that is simply not there may be built quietly.
                needs_note: !matches!(state, "missing" | "an empty dir"),
            };
            check_damage(&folio, &expect, &what);
        });
    }
    cases.finish();
}

/// Papers of the first import (`damage_template`) that the second did
/// not revise: the ones only the first import's segment holds.
const ONLY_IN_FIRST: std::ops::Range<usize> = 5..20;

/// After damage to the first import's segment and a reindex: every paper
/// outside it is there (the revised ones revised), and the ones gone are
/// papers only it held, which a message counted and named.
fn assert_lost_papers_named(folio: &Folio, runs: &[Run], marks: &[Mark]) {
    const TOLD: &str = " papers were lost with the damaged journal blocks: ";
    let told = runs.iter().flat_map(|r| r.stderr.lines()).find_map(|line| {
        let (count, rest) = line.split_once(TOLD)?;
        let count: usize = count.rsplit(' ').next()?.parse().ok()?;
        let named: Vec<String> = rest
            .split(" and ")
            .next()?
            .split(';')
            .next()?
            .split(", ")
            .map(str::to_string)
            .collect();
        Some((count, named))
    });
    let (count, named) =
        told.unwrap_or_else(|| panic!("no message names the lost papers: {runs:#?}"));
    assert!(count >= 1, "{count} lost");
    let papers = folio.all_papers();
    for n in 0..5 {
        let title = str_field(&papers[&arxiv_id(n)], "title");
        assert!(title.ends_with("revision 1"), "paper {n}: {title}");
    }
    assert!(papers.contains_key(&arxiv_id(20)) && papers.contains_key(&arxiv_id(21)));
    let first_only: Vec<String> = ONLY_IN_FIRST.map(arxiv_id).collect();
    for id in &named {
        assert!(
            first_only.contains(id),
            "{id} was named lost but was not only in the damaged segment"
        );
        // `check_damage` imports paper 19 again (revision 2) to show writes work.
        if *id != arxiv_id(19) {
            assert!(!papers.contains_key(id), "{id} was named lost but is there");
        }
    }
    let absent = first_only
        .iter()
        .filter(|id| !papers.contains_key(*id))
        .count();
    assert!(absent <= count, "{absent} papers gone, {count} told");
    assert_usable(
        folio,
        &[DAMAGE_PAPERS - absent as u64],
        marks,
        "after reindex",
    );
}

/// Where each block of a compressed journal segment starts: after the
/// 8-byte magic, each block is a 16-byte header (its stored length first)
/// and that many bytes.
fn block_offsets(segment: &[u8]) -> Vec<usize> {
    let mut offsets = Vec::new();
    let mut at = 8;
    while at + 16 <= segment.len() {
        let stored = u32::from_le_bytes(segment[at..at + 4].try_into().expect("4 bytes")) as usize;
        let raw = u32::from_le_bytes(segment[at + 4..at + 8].try_into().expect("4 bytes"));
        if raw == 0 || at + 16 + stored > segment.len() {
            break;
        }
        offsets.push(at);
        at += 16 + stored;
    }
    offsets
}

/// Every paper count a damage of the first import's segment can leave.
fn counts_after_first_segment_damage() -> Vec<u64> {
    (DAMAGE_PAPERS - ONLY_IN_FIRST.len() as u64..=DAMAGE_PAPERS).collect()
}

#[test]
fn a_journal_segment_cut_short_costs_what_it_held_past_the_cut() {
    let (template, marks) = damage_template();
    let folio = copy_of(&template);
    let segment = journal_segments(&folio)[1].clone();
    let name = file_name(&segment);
    let bytes = std::fs::read(&segment).expect("segment read");
    std::fs::write(&segment, &bytes[..bytes.len() / 2]).expect("segment cut");

    let expect = Expect {
        counts: &counts_after_first_segment_damage(),
        marks: &marks,
        fault: &name,
        show: &arxiv_id(20),
        needs_note: true,
    };
    let mut runs = check_damage(&folio, &expect, &format!("{name} cut in half"));
    let reindex = folio.run(&["reindex"]);
    assert!(reindex.success(), "reindex after a cut: {reindex:?}");
    assert!(reindex.stderr.contains(&name), "{reindex:?}");
    runs.push(reindex);
    assert_lost_papers_named(&folio, &runs, &marks);
}

#[test]
fn a_damaged_journal_block_is_named_and_reindex_names_what_was_lost() {
    let (template, marks) = damage_template();
    let folio = copy_of(&template);
    let segment = journal_segments(&folio)[1].clone();
    let name = file_name(&segment);
    let mut bytes = std::fs::read(&segment).expect("segment read");
    // Inside the compressed bytes of the first block (a small segment has
    // one of 16 KB: all 20 papers).
    let victim = block_offsets(&bytes)[0];
    bytes[victim + 16 + 5] ^= 0x21;
    std::fs::write(&segment, &bytes).expect("segment damaged");

    let expect = Expect {
        counts: &counts_after_first_segment_damage(),
        marks: &marks,
        fault: &name,
        show: &arxiv_id(20),
        needs_note: false,
    };
    let mut runs = check_damage(&folio, &expect, &format!("{name} block 1 damaged"));
    // What the first reading of the block said, wherever it was.
    let shown = folio.run(&["show", &arxiv_id(7), "--json"]);
    runs.push(shown);
    let reindex = folio.run(&["reindex"]);
    assert!(
        reindex.success(),
        "reindex after a damaged block: {reindex:?}"
    );
    runs.push(reindex);
    assert!(
        runs.iter()
            .any(|r| r.stderr.contains(&name) && r.stderr.contains("block 1")),
        "no message names {name} block 1: {runs:#?}"
    );
    assert_lost_papers_named(&folio, &runs, &marks);
}

// ---------------------------------------------------------------------------
// The library
// ---------------------------------------------------------------------------

/// The bookmarks a `library.json` (or its backup) holds.
fn marks_in(library: &Path) -> Vec<Mark> {
    let state: Value =
        serde_json::from_slice(&std::fs::read(library).expect("library read")).expect("JSON");
    let papers = state["papers"].as_object().expect("papers in the library");
    papers
        .iter()
        .filter(|(_, entry)| entry["bookmarked"].is_string())
        .map(|(id, entry)| Mark {
            id: id.clone(),
            tags: entry["tags"]
                .as_array()
                .map(|t| {
                    t.iter()
                        .filter_map(Value::as_str)
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default(),
            note: entry["note"].as_str().unwrap_or_default().to_string(),
        })
        .collect()
}

#[test]
fn a_deleted_library_is_restored_from_its_backup() {
    let (template, _) = damage_template();
    let folio = copy_of(&template);
    let library = folio.data_dir().join("library.json");
    let backup = folio.data_dir().join("library.json.bak");
    assert!(backup.exists(), "two bookmark writes leave a backup");
    let marks = marks_in(&backup);
    assert!(!marks.is_empty(), "the backup holds bookmarks");
    std::fs::remove_file(&library).expect("library deleted");

    let list = folio.run(&["bookmark", "list", "--json"]);
    assert!(
        list.success(),
        "bookmark list without library.json: {list:?}"
    );
    assert_marks_listed(&list, &marks, "restored from the backup");
    assert!(
        list.stderr.contains("library.json"),
        "no warning about the restored library: {list:?}"
    );
    let mut all = marks.clone();
    all.push(bookmark(
        &folio,
        &arxiv_id(7),
        &["new"],
        "after the restore",
    ));
    assert!(library.exists(), "library.json is back");
    assert_usable(&folio, &[DAMAGE_PAPERS], &all, "after the restore");
}

#[test]
fn an_unreadable_library_is_never_overwritten() {
    let (template, _) = damage_template();
    let mut cases = Cases::new();
    for (what, bytes) in [("[]", &b"[]"[..]), ("{}", &b"{}"[..]), ("garbage", GARBAGE)] {
        cases.run(&format!("library.json {what}"), || {
            let folio = copy_of(&template);
            let library = folio.data_dir().join("library.json");
            std::fs::write(&library, bytes).expect("library damaged");
            let add = folio.fails(&["bookmark", "add", &arxiv_id(7), "--tag", "x"]);
            assert!(
                add.stderr.contains("library.json") && add.stderr.contains("library.json.bak"),
                "library {what}: bookmark add names neither the file nor its backup: {add:?}"
            );
            assert_eq!(
                std::fs::read(&library).expect("library read"),
                bytes,
                "library {what}: bookmark add changed the file"
            );
            let list = folio.fails(&["bookmark", "list", "--json"]);
            let message = list.stderr.to_lowercase();
            assert!(
                message.contains("library")
                    && [
                        "could not be read",
                        "cannot be read",
                        "could not read",
                        "damaged"
                    ]
                    .iter()
                    .any(|m| message.contains(m)),
                "library {what}: bookmark list does not say the library could not be read: {list:?}"
            );
            assert_eq!(std::fs::read(&library).expect("library read"), bytes);
        });
    }
    cases.finish();
}

// ---------------------------------------------------------------------------
// A read-only data dir
// ---------------------------------------------------------------------------

/// The failure of a write in a read-only data dir.
fn assert_refused_read_only(run: &Run, what: &str) {
    assert!(
        !run.success() && run.code.is_some(),
        "{what} should fail: {run:?}"
    );
    assert!(run.stderr.contains("read-only"), "{what}: {run:?}");
}

#[test]
fn a_read_only_data_dir_answers_and_refuses_writes() {
    let (folio, marks) = damage_template();
    let Some(user) = Unprivileged::new(&folio) else {
        return;
    };
    let more = write_input(&folio, "more.jsonl", &snapshot(500..510, 0));
    let _read_only = ReadOnly::new(folio.data_dir(), &user);
    let ok = |args: &[&str]| {
        let run = user.run(&folio, args);
        assert!(run.success(), "read-only: folio {args:?} failed: {run:?}");
        run
    };
    // `folio reindex` cannot work in a read-only data dir.
    let no_reindex = |run: &Run, what: &str| {
        assert!(!mentions_reindex(run), "{what} suggests reindex: {run:?}");
    };
    let stats = parse_json(&ok(&["stats", "--json"]), "stats");
    assert_eq!(stats["papers"].as_u64(), Some(DAMAGE_PAPERS));
    assert_eq!(stats["bookmarks"].as_u64(), Some(marks.len() as u64));
    let hits = as_array(parse_json(
        &ok(&["search", COMMON_WORD, "--limit", "100", "--json"]),
        "search",
    ));
    assert_eq!(hits.len(), 22, "every generated paper is found");
    let shown = parse_json(&ok(&["show", &arxiv_id(3), "--json"]), "show");
    assert!(str_field(&shown, "title").ends_with("revision 1"));
    assert_marks_listed(
        &ok(&["bookmark", "list", "--json"]),
        &marks,
        "bookmark list",
    );
    let exported = as_array(parse_json(
        &ok(&["export", "--bookmarks", "--format", "json"]),
        "export",
    ));
    assert_eq!(exported.len(), marks.len(), "exported bookmarks");
    let library = parse_json(
        &ok(&["export", "--library", "--format", "json"]),
        "export --library",
    );
    assert_eq!(
        library["bookmarks"],
        serde_json::Value::Array(exported),
        "the library export's bookmarks"
    );

    let files = contents(&folio.data_dir());
    let add = user.run(&folio, &["bookmark", "add", &arxiv_id(9), "--tag", "x"]);
    assert_refused_read_only(&add, "bookmark add");
    no_reindex(&add, "bookmark add");
    let dismiss = user.run(&folio, &["dismiss", &arxiv_id(8)]);
    assert_refused_read_only(&dismiss, "dismiss");
    assert_eq!(dismiss.stdout, "", "nothing was dismissed: {dismiss:?}");
    let import = user.run(&folio, &["import", &more]);
    assert_refused_read_only(&import, "import");
    no_reindex(&import, "import");
    assert_same_files(&files, &folio.data_dir(), "a refused write");
}

#[test]
fn a_read_only_data_dir_with_a_stale_or_missing_index_still_answers() {
    for state in ["stale", "missing"] {
        let folio = Folio::new();
        let first = write_input(&folio, "first.jsonl", &snapshot(0..20, 0));
        folio.ok(&["import", &first]);
        let index = index_dir(&folio);
        let old = folio.path("old-index");
        copy_dir(&index, &old);
        let second = write_input(&folio, "second.jsonl", &snapshot(20..30, 0));
        folio.ok(&["import", &second]);
        let marks = vec![bookmark(&folio, &arxiv_id(2), &["t"], "n")];
        std::fs::remove_dir_all(&index).expect("index removed");
        if state == "stale" {
            copy_dir(&old, &index);
        }
        let Some(user) = Unprivileged::new(&folio) else {
            return;
        };
        let _read_only = ReadOnly::new(folio.data_dir(), &user);
        for args in [
            &["stats", "--json"][..],
            &["search", COMMON_WORD, "--json"],
            &["show", &arxiv_id(2), "--json"],
            &["bookmark", "list", "--json"],
        ] {
            let what = format!("read-only, {state} index: folio {args:?}");
            let run = user.run(&folio, args);
            assert!(
                !mentions_reindex(&run),
                "{what}: suggests reindex, which cannot work read-only: {run:?}"
            );
            if run.success() {
                let value = parse_json(&run, &what);
                if args[0] == "bookmark" {
                    assert_marks_listed(&run, &marks, &what);
                } else if args[0] == "show" {
                    assert_eq!(value["id"], arxiv_id(2), "{what}");
                }
            } else {
                assert!(run.code.is_some(), "{what}: killed: {run:?}");
                assert!(
                    run.stderr.contains("read-only") && !run.stderr.contains("lock"),
                    "{what}: fails without saying the data dir is read-only: {run:?}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// A query that nests too deep, and a full disk
// ---------------------------------------------------------------------------

#[test]
fn a_query_nested_twenty_thousand_deep_is_an_error_not_a_crash() {
    let folio = Folio::new();
    let query = "(".repeat(20_000);
    let run = folio.run(&["search", &query]);
    assert_eq!(run.code, Some(1), "folio search (x20000: {run:?}");
    assert!(
        run.stderr.starts_with("folio: error: ") && run.stderr.len() < 2000,
        "no clear error: {run:?}"
    );
}

/// A small tmpfs mounted over a path, unmounted on drop.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .locked_status();
    }
}

#[test]
fn a_full_disk_fails_an_import_and_changes_nothing() {
    let folio = Folio::new();
    let data = folio.data_dir();
    std::fs::create_dir_all(&data).expect("data dir created");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&data)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .locked_status()
        .is_ok_and(|s| s.success());
    if !mounted {
        println!("NOTICE: skipped: cannot mount a small tmpfs here (needs root)");
        return;
    }
    let _mount = Mount(data.clone());
    let first = write_input(&folio, "first.jsonl", &snapshot(0..20, 0));
    folio.ok(&["import", &first]);
    let marks = vec![bookmark(&folio, &arxiv_id(2), &["t"], "n")];
    let before = assert_usable(&folio, &[DEMO_PAPERS + 20], &marks, "before");
    // What the user has: the journal, the library and the index commit.
    // Files a failed commit leaves in the index dir must be gone after the
    // next write that completes (checked at the end).
    let index = index_dir(&folio);
    let durable = |mut files: BTreeMap<PathBuf, Vec<u8>>| {
        files.retain(|p, _| p.parent() != Some(index.as_path()) || file_name(p) == "meta.json");
        files
    };
    let files = durable(contents(&data));

    // About 6 MB of compressed journal for a 2 MB disk.
    let big = write_input(&folio, "big.jsonl", &snapshot(1000..30000, 0));
    let run = folio.run(&["import", &big]);
    assert!(!run.success() && run.code.is_some(), "a full disk: {run:?}");
    assert!(
        run.stderr
            .to_lowercase()
            .contains("no space left on device"),
        "the message does not say the disk is full: {run:?}"
    );
    let after = durable(contents(&data));
    let changed: Vec<&PathBuf> = files
        .keys()
        .chain(after.keys())
        .filter(|p| files.get(*p) != after.get(*p))
        .collect();
    assert!(
        changed.is_empty(),
        "a failed import on a full disk changed {changed:?}"
    );
    assert_usable(&folio, &[before], &marks, "after a full disk");
    let small = write_input(&folio, "small.jsonl", &snapshot(100..101, 0));
    folio.ok(&["import", &small]);
    assert_eq!(folio.paper_count(), before + 1, "an import that fits works");
    assert_no_strays(&folio);
}
