//! The interactive reader as a user meets it: the real binary in a real
//! terminal (tmux), driven by keystrokes and judged by what the screen shows,
//! what the stand-in browser was handed, and what other folio processes see
//! in the same data dir. Unit tests of `update` cannot catch a terminal left
//! in raw mode, a resize that is never redrawn or a write that never lands.
//!
//! The terminal itself (tmux) is driven through `tests/it/tmux`.

use std::path::Path;

use crate::common::*;
use crate::tmux::*;

// Screens are captured while folio may still be drawing a frame, so every
// expectation about a changing screen lives inside the `wait_for` predicate:
// a half-drawn frame then only means one more poll, never a false failure.

#[test]
fn shows_the_demo_corpus_in_a_wide_terminal() {
    let folio = Folio::new();
    let Some(term) = Term::start(&folio, "wide", 120, 40) else {
        return;
    };
    term.wait_for("the list beside the first paper's detail", |s| {
        top_bar(s).contains(&format!("{DEMO_PAPERS} papers"))
            && first_row(s).contains(FIRST_TITLE)
            && detail_title(s).starts_with(FIRST_TITLE)
            && s.contains(SECOND_TITLE)
            && footer(s).contains("? help")
    });
}

#[test]
fn shows_the_demo_corpus_in_a_small_terminal() {
    let folio = Folio::new();
    let Some(term) = Term::start(&folio, "small", 80, 24) else {
        return;
    };
    let screen = term.wait_for("the list above the detail", |s| {
        top_bar(s).contains(&format!("{DEMO_PAPERS} papers"))
            && first_row(s).contains(FIRST_TITLE)
            && s.contains(SECOND_TITLE)
            && footer(s).contains("/ search")
    });
    assert_eq!(screen.lines().count(), 24, "{screen}");
    assert!(
        screen.lines().all(|l| l.chars().count() <= 80),
        "a line is wider than the terminal:\n{screen}"
    );
}

#[test]
fn search_puts_the_match_on_the_first_row() {
    let folio = Folio::new();
    let Some(term) = Term::start(&folio, "search", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.keys(&["/"]);
    term.wait_for("the query input", |s| {
        !top_bar(s).contains("type / to search") && footer(s).contains("Enter keep")
    });
    term.type_text("hopfield");
    term.wait_for("the typed query", |s| top_bar(s).contains("/ hopfield"));
    term.keys(&["Enter"]);
    term.wait_for("Hopfield first, out of the input", |s| {
        first_row(s).contains(HOPFIELD_TITLE)
            && detail_title(s).starts_with(HOPFIELD_TITLE)
            && top_bar(s).contains("2 papers")
            && footer(s).contains("? help")
    });
}

#[test]
fn c_opens_the_code_repository() {
    let mut folio = Folio::new();
    let log = folio.fake_xdg_open();
    let Some(term) = Term::start(&folio, "open-code", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.search_hopfield();
    term.keys(&["c"]);
    let opened = wait_for_file(&log, |text| text.ends_with('\n'));
    assert_eq!(opened, format!("{HOPFIELD_CODE}\n"));
    term.wait_for("the opened status", |s| {
        footer(s).contains(&format!("opened {HOPFIELD_CODE}"))
    });
}

#[test]
fn b_bookmarks_for_every_other_folio_process() {
    let folio = Folio::new();
    let Some(term) = Term::start(&folio, "bookmark", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.search_hopfield();
    term.keys(&["b"]);
    term.wait_for("the bookmarked status", |s| {
        footer(s).contains("bookmarked")
    });
    let ids = poll("the bookmark in `folio bookmark list`", || {
        let ids = ids(&as_array(folio.json(&["bookmark", "list", "--json"])));
        (!ids.is_empty()).then_some(ids)
    });
    assert_eq!(ids, [HOPFIELD_ID]);
    // The reader is still running and still answers keys.
    term.keys(&["j"]);
    term.wait_for("the selection to move", |s| {
        detail_title(s).starts_with("Parallel Learning")
    });
}

#[test]
fn question_mark_opens_the_help_and_escape_closes_it() {
    let folio = Folio::new();
    let Some(term) = Term::start(&folio, "help", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.keys(&["?"]);
    term.wait_for("the help listing `c`", |s| {
        s.contains(HELP_TITLE)
            && help_keys(s, CODE_HELP).as_deref() == Some("c")
            && footer(s).contains("Esc back")
    });
    term.keys(&["Escape"]);
    term.wait_for("the help to close", |s| {
        !s.contains(HELP_TITLE)
            && !s.contains(CODE_HELP)
            && first_row(s).contains(FIRST_TITLE)
            && footer(s).contains("? help")
    });
}

#[test]
fn a_tiny_terminal_says_so_and_recovers_when_it_grows() {
    let folio = Folio::new();
    let Some(term) = Term::start(&folio, "resize", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.resize(20, 5);
    term.wait_text("too small");
    term.resize(100, 30);
    let screen = term.wait_for("the list again", |s| {
        !s.contains("too small")
            && first_row(s).contains(FIRST_TITLE)
            && detail_title(s).starts_with(FIRST_TITLE)
    });
    assert_eq!(screen.lines().count(), 30, "{screen}");
    term.keys(&["j"]);
    term.wait_for("the detail pane to show the second paper", |s| {
        detail_title(s).starts_with(SECOND_TITLE)
    });
}

#[test]
fn q_quits_and_gives_the_terminal_back() {
    let folio = Folio::new();
    let Some(term) = Term::start(&folio, "quit", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.keys(&["q"]);
    assert_eq!(term.wait_exit(), 0);
    // The marker is printed after folio exited, so this screen is final.
    let screen = term.screen();
    assert!(
        !screen.contains(FIRST_TITLE),
        "the alternate screen was not left:\n{screen}"
    );
    term.assert_shell_works();
}

#[test]
fn a_rebound_key_opens_the_code_and_shows_in_the_help() {
    let mut folio = Folio::new();
    let log = folio.fake_xdg_open();
    folio.write_config("[keys]\nopen_code = \"x\"\n");
    let Some(term) = Term::start(&folio, "rebind", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.search_hopfield();
    // `c` lost its binding to `x`: only the `x` press may open anything.
    term.keys(&["c"]);
    term.keys(&["x"]);
    let opened = wait_for_file(&log, |text| text.ends_with('\n'));
    assert_eq!(opened, format!("{HOPFIELD_CODE}\n"));
    term.wait_for("the opened status", |s| {
        footer(s).contains(&format!("opened {HOPFIELD_CODE}"))
    });
    term.keys(&["?"]);
    term.wait_for("the help listing `x`", |s| {
        s.contains(HELP_TITLE) && help_keys(s, CODE_HELP).as_deref() == Some("x")
    });
    assert_eq!(opened_lines(&log), format!("{HOPFIELD_CODE}\n"));
}

#[test]
fn a_bad_keys_table_stops_folio_before_it_takes_the_terminal() {
    for (config, named) in [
        ("[keys]\nopen_kode = \"x\"\n", ["open_kode", "open_kode"]),
        (
            "[keys]\nopen_code = \"hyper-q\"\n",
            ["open_code", "hyper-q"],
        ),
    ] {
        let folio = Folio::new();
        folio.write_config(config);
        let Some(term) = Term::start(&folio, "bad-keys", 120, 40) else {
            return;
        };
        let code = term.wait_exit();
        let screen = term.screen();
        assert_ne!(code, 0, "{screen}");
        assert!(screen.contains("folio: error:"), "{screen}");
        for name in named {
            assert!(screen.contains(name), "{name} not named:\n{screen}");
        }
        assert!(
            !screen.contains(FIRST_TITLE),
            "the list was drawn:\n{screen}"
        );
        term.assert_shell_works();
    }
}

#[test]
fn reading_a_paper_marks_it_read_and_tab_goes_back() {
    let folio = Folio::new();
    let Some(term) = Term::start(&folio, "detail", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.search_hopfield();
    assert_eq!(folio.show(HOPFIELD_ID)["read"], false);
    term.keys(&["Enter"]);
    term.wait_for("the detail pane's keys", |s| {
        footer(s).contains("Tab back") && !footer(s).contains("Enter read")
    });
    poll("`folio show` to report the paper read", || {
        (folio.show(HOPFIELD_ID)["read"] == true).then_some(())
    });
    term.keys(&["Tab"]);
    term.wait_for("the list's keys", |s| {
        footer(s).contains("Enter read") && first_row(s).contains(HOPFIELD_TITLE)
    });
}

#[test]
fn papers_imported_meanwhile_appear_in_the_running_reader() {
    let folio = Folio::new();
    let Some(term) = Term::start(&folio, "import", 120, 40) else {
        return;
    };
    term.wait_ready();
    let text = listing(
        "Jan 5",
        &[
            (
                "Zebrafish Navigation Circuits",
                "Larval zebrafish steer toward light with a small circuit.",
            ),
            (
                "Zebrafish Hunting Sequences",
                "Prey capture in zebrafish is a chain of discrete bouts.",
            ),
        ],
    );
    let run = folio.import_file("zebrafish.txt", text);
    assert!(run.success(), "{run:?}");
    term.wait_for("the imported papers to be counted", |s| {
        top_bar(s).contains(&format!("{} papers", DEMO_PAPERS + 2))
    });
    term.keys(&["/"]);
    term.type_text("zebrafish");
    term.keys(&["Enter"]);
    term.wait_for("the imported papers to be found", |s| {
        top_bar(s).contains("2 papers")
            && first_row(s).contains("Zebrafish")
            && s.contains("Zebrafish Navigation Circuits")
            && footer(s).contains("? help")
    });
}

#[test]
fn ctrl_c_quits_from_the_query_input() {
    let folio = Folio::new();
    let Some(term) = Term::start(&folio, "ctrl-c", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.keys(&["/"]);
    term.type_text("hop");
    term.wait_for("the typed query", |s| top_bar(s).contains("/ hop"));
    term.keys(&["C-c"]);
    assert_eq!(term.wait_exit(), 0);
    term.assert_shell_works();
}

use crate::http_server;

/// Today's HF daily papers, as the API would answer: one short page.
fn hf_page() -> String {
    let item = |id: &str, title: &str, upvotes: u32| {
        format!(
            r#"{{"paper": {{"id": "{id}", "title": "{title}", "summary": "An abstract about {title}.", "authors": [{{"name": "Ada Lovelace"}}], "publishedAt": "2026-11-26T00:00:00.000Z", "upvotes": {upvotes}}}, "publishedAt": "2026-11-27T00:00:00.000Z", "title": "{title}", "numComments": 1}}"#
        )
    };
    format!(
        "[{}, {}]",
        item("2611.00001", "Quokka Locomotion Priors", 12),
        item("2611.00002", "Quokka Social Graphs", 5)
    )
}

#[test]
fn capital_s_syncs_todays_papers_in_the_background() {
    let server = http_server::ScriptedServer::start(vec![http_server::Reply::ok(hf_page())]);
    let folio = Folio::new();
    folio.write_config(&format!("[sources.hf]\nbase_url = \"{}\"\n", server.url()));
    let Some(term) = Term::start(&folio, "sync", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.keys(&["S"]);
    term.wait_for("the sync summary and the new papers", |s| {
        footer(s).contains("synced in")
            && footer(s).contains("hf: 2 new, 0 updated")
            && top_bar(s).contains(&format!("{} papers", DEMO_PAPERS + 2))
    });
    let targets = server.targets();
    assert_eq!(targets.len(), 1, "{targets:?}");
    assert!(
        targets[0].starts_with("/api/daily_papers?date="),
        "{targets:?}"
    );
    term.keys(&["/"]);
    term.type_text("quokka");
    term.keys(&["Enter"]);
    term.wait_for("the synced papers to be found", |s| {
        top_bar(s).contains("2 papers") && first_row(s).contains("Quokka")
    });
}

#[test]
fn a_failed_sync_is_a_status_message() {
    let server = http_server::ScriptedServer::start(vec![http_server::Reply::ok(
        "<!DOCTYPE html><html>oops</html>",
    )]);
    let folio = Folio::new();
    folio.write_config(&format!("[sources.hf]\nbase_url = \"{}\"\n", server.url()));
    let Some(term) = Term::start(&folio, "syncfail", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.keys(&["S"]);
    term.wait_for("the failure message", |s| {
        footer(s).contains("1 of 1 sources failed") && footer(s).contains("hf: failed")
    });
    term.keys(&["j"]);
    term.wait_for("the reader to keep working", |s| {
        top_bar(s).contains(&format!("{DEMO_PAPERS} papers"))
            && detail_title(s).contains("PatternNet")
    });
}

/// A day of `count` HF daily papers on one page: enough that importing them
/// takes a while, so a quit can land in the middle of it.
fn big_hf_page(count: usize) -> String {
    let items: Vec<String> = (0..count)
        .map(|i| {
            format!(
                r#"{{"paper": {{"id": "2611.{i:05}", "title": "Wombat Burrow Study {i}", "summary": "Wombat {i} digs a burrow.", "authors": [{{"name": "Ada Lovelace"}}], "publishedAt": "2026-11-26T00:00:00.000Z", "upvotes": 1}}, "publishedAt": "2026-11-27T00:00:00.000Z", "title": "Wombat Burrow Study {i}", "numComments": 0}}"#
            )
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// Files an import leaves behind when the process dies half-way through it.
fn stray_files(data_dir: &Path) -> Vec<String> {
    std::fs::read_dir(data_dir.join("journal"))
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".pending"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn quitting_during_a_sync_import_leaves_no_half_written_files() {
    const SYNCED: u64 = 20_000;
    let server = http_server::ScriptedServer::start(vec![
        http_server::Reply::ok(big_hf_page(SYNCED as usize)),
        http_server::Reply::ok("[]"),
    ]);
    let folio = Folio::new();
    folio.write_config(&format!("[sources.hf]\nbase_url = \"{}\"\n", server.url()));
    let Some(term) = Term::start(&folio, "quit-sync", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.keys(&["S"]);
    // The last page is in: the import starts now.
    term.wait_for("the fetch to end", |s| {
        footer(s).contains("fetched") || footer(s).contains("saving…")
    });
    term.keys(&["q"]);
    assert_eq!(term.wait_exit(), 0, "{}", term.screen());
    term.assert_shell_works();
    assert_eq!(stray_files(&folio.data_dir()), Vec::<String>::new());
    // All of the sync or none of it, and the data dir still opens.
    let count = folio.paper_count();
    assert!(
        count == DEMO_PAPERS || count == DEMO_PAPERS + SYNCED,
        "{count} papers: the sync was half saved"
    );
}

#[test]
fn quitting_while_a_sync_waits_on_the_network_is_immediate() {
    let server = http_server::ScriptedServer::start(vec![
        http_server::Reply::ok(hf_page()).after(PATIENCE * 3),
    ]);
    let folio = Folio::new();
    folio.write_config(&format!("[sources.hf]\nbase_url = \"{}\"\n", server.url()));
    let Some(term) = Term::start(&folio, "quit-fetch", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.keys(&["S"]);
    term.wait_for("the sync to start", |s| footer(s).contains("hf fetching…"));
    poll("the request to reach the server", || {
        (!server.targets().is_empty()).then_some(())
    });
    term.keys(&["q"]);
    // Well before the server answers.
    assert_eq!(term.wait_exit(), 0);
    term.assert_shell_works();
    assert_eq!(folio.paper_count(), DEMO_PAPERS);
    assert_eq!(stray_files(&folio.data_dir()), Vec::<String>::new());
}

#[test]
fn a_pasted_wall_of_parentheses_leaves_the_reader_running() {
    let folio = Folio::new();
    let Some(term) = Term::start(&folio, "parens", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.keys(&["/"]);
    term.paste(&folio, &"(".repeat(20_000));
    term.wait_for("the query error", |s| {
        exit_code(s).is_none()
            && (footer(s).contains("parentheses") || footer(s).contains("characters long"))
    });
    // The error shows while the paste still streams in, and an Escape
    // right before a `(` reads as alt-(: press it until it clears the query.
    poll("Escape to bring the whole list back", || {
        term.keys(&["Escape"]);
        let s = term.screen();
        assert!(exit_code(&s).is_none(), "folio exited:\n{s}");
        (top_bar(&s).contains("type / to search")
            && top_bar(&s).contains(&format!("{DEMO_PAPERS} papers"))
            && first_row(&s).contains(FIRST_TITLE)
            && footer(&s).contains("? help"))
        .then_some(())
    });
    term.keys(&["q"]);
    assert_eq!(term.wait_exit(), 0);
    term.assert_shell_works();
}

#[test]
fn capital_a_marks_the_whole_list_read_after_asking() {
    let folio = Folio::new();
    let Some(term) = Term::start(&folio, "allread", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.search_hopfield();
    let listed = folio.search_ids("hopfield");
    term.keys(&["A"]);
    term.wait_for("the question", |s| {
        footer(s).contains(&format!("mark all {} ", listed.len())) && footer(s).contains("y yes")
    });
    term.keys(&["n"]);
    term.wait_for("the answer to no", |s| {
        footer(s).contains("nothing was marked read")
    });
    assert!(folio.search_ids("is:read").is_empty());
    term.keys(&["A"]);
    term.wait_for("the question again", |s| footer(s).contains("y yes"));
    term.keys(&["y"]);
    term.wait_for("the papers marked read", |s| {
        footer(s).contains(&format!("marked {} papers read", listed.len()))
    });
    let mut read = folio.search_ids("is:read");
    read.sort();
    let mut expected = listed.clone();
    expected.sort();
    assert_eq!(read, expected, "exactly the list's papers are read");
}
