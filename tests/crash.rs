//! Issue 9, "folio never locks you out", proven end to end on the real
//! binary: imports killed (SIGKILL, SIGINT, SIGTERM) at many points, including
//! inside the index commit; index, journal and library files damaged one at a
//! time; a read-only data dir; a query deep enough to overflow a recursive
//! parser; a full disk. After each, folio must answer with the data the user
//! had, repair itself, or name the one file at fault — never leave the user
//! with a message whose advice then fails.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{DEMO_PAPERS, Folio, HOPFIELD_ID, Run, as_array, str_field};
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
    files_under(&folio.data_dir().join("journal"))
        .into_iter()
        .filter(|p| {
            let name = file_name(p);
            name.ends_with(".jsonl") && name.starts_with(|c: char| c.is_ascii_digit())
        })
        .collect()
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
    let status = Command::new("kill")
        .arg(name)
        .arg(child.id().to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("kill(1) runs");
    // A child that exited just before is fine: the caller sees its status.
    let _ = status;
}

/// When to stop the import.
#[derive(Debug, Clone, Copy)]
enum When {
    /// This long after it started.
    After(Duration),
    /// The moment a `.del` file appears that was not there before: tantivy
    /// writes them before `meta.json`, so this is inside the commit.
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
            When::NewDel => del_files(&data).iter().any(|d| !dels_before.contains(d)),
        };
        if fire {
            send(&mut child, signal);
            signalled = true;
            break;
        }
        match when {
            When::After(_) => std::thread::sleep(Duration::from_millis(1)),
            When::NewDel => std::thread::yield_now(),
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

const CRASH_INITIAL: usize = 3000;
const CRASH_NEW: usize = 600;
const DELAY_KILLS: usize = 14;
const DEL_KILLS: usize = 6;

#[test]
fn an_import_killed_anywhere_leaves_every_paper_and_bookmark_usable() {
    let started = Instant::now();
    let folio = Folio::new();
    let marks = corpus(&folio, CRASH_INITIAL);
    let before = DEMO_PAPERS + CRASH_INITIAL as u64;
    assert_usable(&folio, &[before], &marks, "after the initial import");
    let update = write_input(
        &folio,
        "update.jsonl",
        &snapshot(0..CRASH_INITIAL + CRASH_NEW, 1),
    );
    let after = before + CRASH_NEW as u64;
    let (full, measured) = measure_import(&folio, &update);
    assert_eq!(measured, after, "an uninterrupted update import");
    println!(
        "setup {:.1} s; an uninterrupted update import takes {} ms",
        started.elapsed().as_secs_f64(),
        full.as_millis()
    );

    // Stratified over the run (one random point in each of DELAY_KILLS equal
    // slices), with a kill inside the commit after every few of them.
    let mut rng = Lcg(0x9_f0_11_0);
    let mut plan = Vec::new();
    for slice in 0..DELAY_KILLS {
        let fraction = (slice as f64 + 0.1 + 0.8 * rng.unit()) / DELAY_KILLS as f64;
        plan.push(When::After(full.mul_f64(fraction)));
        if slice % 2 == 1 && plan.len() < DELAY_KILLS + DEL_KILLS {
            plan.push(When::NewDel);
        }
    }
    while plan.iter().filter(|w| matches!(w, When::NewDel)).count() < DEL_KILLS {
        plan.push(When::NewDel);
    }

    let mut killed = 0;
    let mut killed_in_commit = 0;
    for (point, when) in plan.iter().enumerate() {
        let stopped = import_and_stop(&folio, &update, Signal::Kill, *when);
        let what = format!("kill point {point} ({when:?}, at {} ms)", stopped.at_ms);
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
        killed >= DELAY_KILLS + DEL_KILLS - 3,
        "only {killed} of {} kill points hit a running import",
        plan.len()
    );
    assert!(
        killed_in_commit >= DEL_KILLS / 2,
        "only {killed_in_commit} kills happened inside the index commit"
    );

    let rerun = ok_run(&folio, &["import", &update], "the clean re-run");
    println!("clean re-run: {}", rerun.stdout.trim());
    assert_usable(&folio, &[after], &marks, "after the clean re-run");
    let first = folio.show(&arxiv_id(0));
    assert!(
        str_field(&first, "title").ends_with("revision 1"),
        "the update is visible: {first}"
    );
    assert_no_strays(&folio);
    let total = started.elapsed();
    println!(
        "crash test: {} kills ({killed_in_commit} inside the commit) in {:.1} s",
        killed,
        total.as_secs_f64()
    );
    assert!(
        total < Duration::from_secs(170),
        "the crash test took {total:?}"
    );
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
            run.stderr.contains("interrupted"),
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
    let (full, _) = measure_import(&folio, &update);
    let segments = journal_segments(&folio);
    for signal in [Signal::Int, Signal::Term] {
        let stopped = import_and_stop(&folio, &update, signal, When::After(full.mul_f64(0.4)));
        let what = format!(
            "{signal:?} at {} ms of {} ms",
            stopped.at_ms,
            full.as_millis()
        );
        assert!(
            stopped.signalled,
            "{what}: the import ended before the signal"
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
    let update = write_input(&folio, "update.jsonl", &snapshot(0..initial + 300, 1));
    let after = before + 300;
    let mut signalled = 0;
    for round in 0..10 {
        let signal = if round % 2 == 0 {
            Signal::Int
        } else {
            Signal::Term
        };
        let stopped = import_and_stop(&folio, &update, signal, When::NewDel);
        let what = format!("round {round}: {signal:?} at a new .del file");
        signalled += usize::from(stopped.signalled);
        assert_interrupted_cleanly(&folio, &stopped, before, after, true, &marks, &what);
    }
    assert!(signalled >= 5, "only {signalled} rounds saw a .del file");
    ok_run(&folio, &["import", &update], "the clean re-run");
    assert_usable(&folio, &[after], &marks, "after the clean re-run");
    assert_no_strays(&folio);
}
