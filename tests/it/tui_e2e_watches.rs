//! Keeping current in the reader, end to end: the watches view (`W`), a
//! watch's papers with the new ones marked, and `S` running the whole
//! `folio sync` against local servers (today's HF papers, an arXiv API
//! query and an arXiv announcement feed) with each source's progress in the
//! footer, its counts landing in the watches view as it ends.

use std::time::Duration;

use crate::common::*;
use crate::http_server::{Reply, ScriptedServer};
use crate::tmux::*;

/// Today's HF daily papers: two about quokkas.
fn hf_day() -> String {
    let item = |id: &str, title: &str| {
        format!(
            r#"{{"paper": {{"id": "{id}", "title": "{title}", "summary": "An abstract about {title}.", "authors": [{{"name": "Ada Lovelace"}}], "publishedAt": "2026-11-26T00:00:00.000Z", "upvotes": 3}}, "publishedAt": "2026-11-27T00:00:00.000Z", "title": "{title}", "numComments": 0}}"#
        )
    };
    format!(
        "[{}, {}]",
        item("2611.00001", "Quokka Locomotion Priors"),
        item("2611.00002", "Quokka Social Graphs")
    )
}

/// An arXiv API answer with one paper about wombats.
fn arxiv_answer() -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
     <feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
     <title type=\"html\">ArXiv Query</title>\n\
     <id>http://arxiv.org/api/x</id>\n<updated>2026-11-27T00:00:00-05:00</updated>\n\
     <opensearch:totalResults xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">1</opensearch:totalResults>\n\
     <entry>\n<id>http://arxiv.org/abs/2611.09001v1</id>\n\
     <updated>2026-11-26T10:00:00Z</updated>\n<published>2026-11-25T10:00:00Z</published>\n\
     <title>Wombat Burrow Mapping</title>\n<summary>Wombats dig.</summary>\n\
     <author><name>Grace Hopper</name></author>\n\
     <category term=\"cs.CV\" scheme=\"http://arxiv.org/schemas/atom\"/>\n</entry>\n</feed>\n"
        .to_string()
}

fn rss_fixture() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/arxiv-rss.xml"),
    )
    .expect("the RSS fixture")
}

/// The row of the watches view that names `watch`.
fn watch_row<'s>(screen: &'s str, watch: &str) -> Option<&'s str> {
    let name = format!(" {watch} ");
    screen
        .lines()
        .find(|l| l.contains(&name) && (l.contains("never") || l.contains("20")))
}

/// `new unread papers` as the watches view right-aligns them.
fn counts_cells(watch: &serde_json::Value) -> String {
    format!(
        "{:>6} {:>7} {:>7}",
        watch["new"].as_u64().unwrap(),
        watch["unread"].as_u64().unwrap(),
        watch["total"].as_u64().unwrap()
    )
}

#[test]
fn s_syncs_every_watch_source_once_and_w_shows_what_arrived() {
    let hf = ScriptedServer::start(vec![Reply::ok(hf_day())]);
    // The arXiv API answers slowly, so its progress shows on screen.
    let arxiv = ScriptedServer::start(vec![
        Reply::ok(arxiv_answer()).after(Duration::from_millis(1500)),
    ]);
    let rss = ScriptedServer::start(vec![Reply::ok(rss_fixture())]);
    let folio = Folio::new();
    folio.write_config(&format!(
        "[sources.hf]\nbase_url = \"{}\"\n[sources.arxiv]\nbase_url = \"{}\"\n\
         [sources.arxiv_new]\nbase_url = \"{}\"\n",
        hf.url(),
        arxiv.url(),
        rss.url()
    ));
    folio.ok(&["watch", "add", "quokka", "--query", "quokka"]);
    folio.ok(&[
        "watch",
        "add",
        "wombat",
        "--query",
        "wombat",
        "--arxiv",
        "ti:wombat",
    ]);
    folio.ok(&[
        "watch",
        "add",
        "announced",
        "--query",
        "cat:cs.CV",
        "--arxiv-new",
        "cs.CV+cs.LG",
    ]);
    folio.ok(&["seen"]);
    let Some(term) = Term::start(&folio, "watches", 120, 40) else {
        return;
    };
    term.wait_ready();

    // W: one row per watch, nothing synced yet.
    term.keys(&["W"]);
    term.wait_for("the watches view", |s| {
        s.contains("watches · Enter shows its papers")
            && ["announced", "quokka", "wombat"]
                .iter()
                .all(|w| watch_row(s, w).is_some_and(|r| r.contains("never")))
    });

    // S: each source's progress in the footer while the arXiv API is slow.
    term.keys(&["S"]);
    term.wait_for("per-source progress", |s| {
        let f = footer(s);
        f.contains("sync") && f.contains("arxiv `ti:wombat` fetching…") && f.contains("hf page 1")
    });
    let done = term.wait_for("the sync summary", |s| {
        let f = footer(s);
        f.contains("synced in") && f.contains("hf: 2 new") && f.contains("arxiv `ti:wombat`: 1 new")
    });
    assert!(
        footer(&done).contains("arxiv-new cs.CV+cs.LG: 3 new"),
        "{done}"
    );
    for server in [&hf, &arxiv, &rss] {
        assert_eq!(server.targets().len(), 1, "{:?}", server.targets());
    }
    assert!(rss.targets()[0].starts_with("/rss/cs.CV+cs.LG"));

    // The counts in the view are the CLI's, and every watch has synced.
    let listed = as_array(folio.json(&["watch", "list", "--json"]));
    let quokka = listed.iter().find(|w| w["name"] == "quokka").unwrap();
    assert_eq!(quokka["new"], 2, "{quokka}");
    term.wait_for("the counts of every watch", |s| {
        listed.iter().all(|w| {
            watch_row(s, w["name"].as_str().unwrap())
                .is_some_and(|r| r.contains(&counts_cells(w)) && !r.contains("never"))
        })
    });

    // Enter on quokka: its papers, the two new ones first and marked.
    term.keys(&["j", "Enter"]);
    let list = term.wait_for("the watch's papers", |s| {
        top_bar(s).contains("watch quokka") && top_bar(s).contains("2 papers")
    });
    assert!(first_row(&list).contains("Quokka"), "{list}");
    let colored = term.screen_with_colors();
    // List rows: the dot, then the title (the detail pane repeats titles).
    let quokka_rows: Vec<&str> = colored
        .lines()
        .filter(|l| matches!((l.find('●'), l.find("Quokka")), (Some(d), Some(q)) if d < q))
        .collect();
    assert_eq!(quokka_rows.len(), 2, "{colored}");
    for row in quokka_rows {
        assert!(dot_is_yellow(row), "not marked new: {row:?}");
    }

    // Esc returns to the watches, Esc again to the whole list.
    term.keys(&["Escape"]);
    term.wait_for("the watches again", |s| {
        s.contains("watches · Enter shows its papers")
    });
    term.keys(&["Escape"]);
    // 2 from HF, 1 from the API, 3 announced.
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 6);
    term.wait_for("the whole list", |s| {
        top_bar(s).contains(&format!("{} papers", DEMO_PAPERS + 6))
            && top_bar(s).contains("all papers")
    });
    // Papers folio had before are not new.
    let colored = term.screen_with_colors();
    let old_row = colored.lines().find(|l| l.contains("PatternNet")).unwrap();
    assert!(!dot_is_yellow(old_row), "{old_row:?}");
    term.keys(&["q"]);
    assert_eq!(term.wait_exit(), 0);
}

/// Whether the unread dot of a captured row is drawn yellow, the colour of
/// new papers (tmux writes it as SGR `38;5;3` or `33`).
fn dot_is_yellow(row: &str) -> bool {
    let Some(dot) = row.find('●') else {
        return false;
    };
    let before = &row[..dot];
    let last_color = before
        .rmatch_indices("\u{1b}[")
        .map(|(i, _)| &before[i..])
        .find(|sgr| sgr.starts_with("\u{1b}[38;5;") || sgr.starts_with("\u{1b}[3"));
    last_color.is_some_and(|sgr| sgr.starts_with("\u{1b}[38;5;3m") || sgr.starts_with("\u{1b}[33m"))
}

#[test]
fn a_failing_source_is_named_in_the_footer_and_the_others_land() {
    let hf = ScriptedServer::start(vec![Reply::ok(hf_day())]);
    let arxiv = ScriptedServer::start(vec![Reply::new(400, "bad query")]);
    let folio = Folio::new();
    folio.write_config(&format!(
        "[sources.hf]\nbase_url = \"{}\"\n[sources.arxiv]\nbase_url = \"{}\"\n",
        hf.url(),
        arxiv.url()
    ));
    folio.ok(&[
        "watch",
        "add",
        "wombat",
        "--query",
        "wombat",
        "--arxiv",
        "ti:wombat",
    ]);
    let Some(term) = Term::start(&folio, "watchfail", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.keys(&["S"]);
    term.wait_for("the failure and the landed source", |s| {
        let f = footer(s);
        f.contains("1 of 2 sources failed")
            && f.contains("hf: 2 new")
            && f.contains("arxiv `ti:wombat`: failed")
            && top_bar(s).contains(&format!("{} papers", DEMO_PAPERS + 2))
    });
    // The watch did not sync: its sources did not all land.
    let listed = as_array(folio.json(&["watch", "list", "--json"]));
    assert_eq!(listed[0]["last_synced"], serde_json::Value::Null);
}
