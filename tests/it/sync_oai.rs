//! `folio sync arxiv-oai` against a scripted OAI-PMH server on 127.0.0.1:
//! a harvest over several pages, one cut off and resumed at its saved
//! token, a later run that asks only for changes, a 503 waited out,
//! deletions, and an expired token. No test needs the network.

use std::time::Duration;

use crate::common::*;
use crate::http_server::{Reply, ScriptedServer};

const FIRST: &str = "/oai?verb=ListRecords&metadataPrefix=arXiv";

/// One generated record, shaped like arXiv's `arXiv` metadata format.
fn record(n: usize) -> String {
    format!(
        "<record>\n<header>\n <identifier>oai:arXiv.org:2611.{n:05}</identifier>\n\
         <datestamp>2026-11-{:02}</datestamp>\n <setSpec>cs</setSpec>\n</header>\n<metadata>\n\
         <arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\"><id>2611.{n:05}</id><created>2026-11-02</created>\
         <authors><author><keyname>Hopper</keyname><forenames>Grace</forenames></author></authors>\
         <title>Harvested Okapi Number {n}</title><categories>cs.LG</categories>\
         <abstract>  We harvest okapi {n}.\n</abstract></arXiv>\n</metadata>\n</record>\n",
        1 + n % 28
    )
}

fn deleted(n: usize) -> String {
    format!(
        "<record>\n<header status=\"deleted\">\n <identifier>oai:arXiv.org:2611.{n:05}</identifier>\n\
         <datestamp>2026-12-01</datestamp>\n</header>\n</record>\n"
    )
}

/// A `ListRecords` page answered on `day`; `token` `""` ends the list.
fn page(day: &str, records: &str, token: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">\n\
         <responseDate>{day}T10:00:00Z</responseDate>\n\
         <request verb=\"ListRecords\" metadataPrefix=\"arXiv\">http://export.arxiv.org/oai2</request>\n\
         <ListRecords>\n{records}<resumptionToken cursor=\"0\" completeListSize=\"15\">{token}</resumptionToken>\n\
         </ListRecords>\n</OAI-PMH>\n"
    )
}

fn records(numbers: std::ops::Range<usize>) -> String {
    numbers.map(record).collect()
}

fn oai_error(code: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">\n\
         <responseDate>2026-12-02T10:00:00Z</responseDate>\n\
         <request verb=\"ListRecords\">http://export.arxiv.org/oai2</request>\n\
         <error code=\"{code}\">scripted {code}</error>\n</OAI-PMH>\n"
    )
}

fn token(t: &str) -> String {
    format!("/oai?verb=ListRecords&resumptionToken={t}")
}

/// Three pages of five records, 2611.00000 to 2611.00014.
fn three_pages() -> Vec<Reply> {
    vec![
        Reply::ok(page("2026-11-30", &records(0..5), "t1")),
        Reply::ok(page("2026-11-30", &records(5..10), "t2")),
        Reply::ok(page("2026-11-30", &records(10..15), "")),
    ]
}

/// A page whose connection closes before the promised body arrived.
fn cut_off() -> Reply {
    Reply::ok(page("2026-11-30", &records(10..15), "")).header("Content-Length", "100000")
}

fn harvest(folio: &Folio, server: &ScriptedServer, extra: &[&str]) -> Run {
    let url = format!("{}/oai", server.url());
    let mut args = vec![
        "sync",
        "arxiv-oai",
        "--base-url",
        url.as_str(),
        "--delay",
        "0",
        "--timeout",
        "10",
    ];
    args.extend_from_slice(extra);
    folio.run(&args)
}

/// Every harvested okapi, each once.
fn okapis(folio: &Folio) -> Vec<String> {
    let mut ids: Vec<String> = folio
        .all_papers()
        .into_keys()
        .filter(|id| id.starts_with("2611."))
        .collect();
    ids.sort();
    ids
}

fn okapi_ids(numbers: std::ops::Range<usize>) -> Vec<String> {
    numbers.map(|n| format!("2611.{n:05}")).collect()
}

#[test]
fn several_pages_complete_with_every_record_once() {
    let folio = Folio::new();
    let server = ScriptedServer::start(three_pages());
    let run = harvest(&folio, &server, &[]);
    assert!(run.success(), "{run:?}");
    assert_eq!(
        server.targets(),
        [FIRST.to_string(), token("t1"), token("t2")]
    );
    assert_eq!(okapis(&folio), okapi_ids(0..15));
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 15);
    assert!(
        run.stderr.contains(
            "harvested 15 records in 3 pages (15 new, 0 updated, 0 removed) from 127.0.0.1:"
        ),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("10 of 15 records harvested (10 new, 0 updated, 0 removed), "),
        "progress: {run:?}"
    );
    assert!(run.stderr.contains("records/s"), "{run:?}");
    assert!(run.stderr.contains("reached 2026-11-15"), "{run:?}");
    assert!(run.stderr.contains("changes since 2026-11-30"), "{run:?}");
    let paper = folio.show("2611.00007");
    assert_eq!(paper["title"], "Harvested Okapi Number 7");
    assert_eq!(paper["authors"][0], "Grace Hopper");
    assert_eq!(paper["source"], "arxiv-oai");
}

#[test]
fn a_harvest_cut_at_page_three_resumes_at_the_saved_token() {
    let folio = Folio::new();
    let mut script = three_pages();
    script[2] = cut_off();
    let server = ScriptedServer::start(script);
    let run = harvest(&folio, &server, &[]);
    assert!(!run.success(), "{run:?}");
    assert!(run.stderr.contains(&token("t2")), "names the URL: {run:?}");
    assert!(
        run.stderr.contains(
            "the 10 records harvested before are saved, run the same command again to resume"
        ),
        "{run:?}"
    );
    assert_eq!(okapis(&folio), okapi_ids(0..10), "pages 1 and 2 are in");

    let again = ScriptedServer::start(vec![Reply::ok(page("2026-11-30", &records(10..15), ""))]);
    let run = harvest(&folio, &again, &[]);
    assert!(run.success(), "{run:?}");
    assert_eq!(again.targets(), [token("t2")], "no fresh start");
    assert!(run.stderr.contains("resuming the harvest"), "{run:?}");
    assert_eq!(okapis(&folio), okapi_ids(0..15));
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 15);
}

#[test]
fn a_killed_harvest_resumes_at_the_saved_token() {
    let folio = Folio::new();
    let mut script = three_pages();
    // Page 3 never comes while folio runs: it is killed waiting for it.
    script[2] = script[2].clone().after(Duration::from_secs(60));
    let server = ScriptedServer::start(script);
    let url = format!("{}/oai", server.url());
    let mut child = folio.spawn(&[
        "sync",
        "arxiv-oai",
        "--base-url",
        url.as_str(),
        "--delay",
        "0",
    ]);
    let state = folio.data_dir().join("oai-harvest.json");
    let saved = wait_for_file(&state, |text| text.contains("\"token\": \"t2\""));
    assert!(saved.contains("\"records\": 10"), "{saved}");
    child.kill().unwrap();
    child.wait().unwrap();
    drop(server);
    assert_eq!(okapis(&folio), okapi_ids(0..10));

    let again = ScriptedServer::start(vec![Reply::ok(page("2026-11-30", &records(10..15), ""))]);
    let run = harvest(&folio, &again, &[]);
    assert!(run.success(), "{run:?}");
    assert_eq!(again.targets(), [token("t2")]);
    assert_eq!(okapis(&folio), okapi_ids(0..15));
}

#[test]
fn ctrl_c_stops_between_pages_and_the_next_run_resumes() {
    let folio = Folio::new();
    let mut script = three_pages();
    // Page 2 comes late enough for Ctrl-C to arrive while folio waits for it.
    script[1] = script[1].clone().after(Duration::from_secs(4));
    let server = ScriptedServer::start(script);
    let url = format!("{}/oai", server.url());
    let child = folio.spawn(&[
        "sync",
        "arxiv-oai",
        "--base-url",
        url.as_str(),
        "--delay",
        "0",
    ]);
    let state = folio.data_dir().join("oai-harvest.json");
    let saved = wait_for_file(&state, |text| text.contains("\"token\": \"t1\""));
    assert!(saved.contains("\"records\": 5"), "{saved}");
    let sent = std::process::Command::new("kill")
        .arg("-INT")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(sent.success());
    let run = finish(child);
    assert!(!run.success() && run.code.is_some(), "{run:?}");
    assert!(run.stderr.contains("interrupted"), "{run:?}");
    assert_eq!(okapis(&folio), okapi_ids(0..5), "page 2 was not kept");
    drop(server);

    let again = ScriptedServer::start(vec![
        Reply::ok(page("2026-11-30", &records(5..10), "t2")),
        Reply::ok(page("2026-11-30", &records(10..15), "")),
    ]);
    let run = harvest(&folio, &again, &[]);
    assert!(run.success(), "{run:?}");
    assert_eq!(again.targets(), [token("t1"), token("t2")]);
    assert_eq!(okapis(&folio), okapi_ids(0..15));
}

#[test]
fn a_run_after_a_complete_harvest_asks_only_for_changes() {
    let folio = Folio::new();
    let server = ScriptedServer::start(three_pages());
    assert!(harvest(&folio, &server, &[]).success());

    let later = ScriptedServer::start(vec![Reply::ok(oai_error("noRecordsMatch"))]);
    let run = harvest(&folio, &later, &[]);
    assert!(run.success(), "{run:?}");
    assert_eq!(later.targets(), [format!("{FIRST}&from=2026-11-30")]);
    assert!(
        run.stderr
            .contains("harvested 0 records in 1 page (0 new, 0 updated, 0 removed)"),
        "{run:?}"
    );
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 15);
}

#[test]
fn a_503_with_retry_after_is_waited_out() {
    let folio = Folio::new();
    let server = ScriptedServer::start(vec![
        Reply::ok(page("2026-11-30", &records(0..5), "t1")),
        Reply::new(503, "busy").header("Retry-After", "1"),
        Reply::ok(page("2026-11-30", &records(5..10), "")),
    ]);
    let run = harvest(&folio, &server, &["--set", "cs"]);
    assert!(run.success(), "{run:?}");
    let seen = server.seen();
    let targets: Vec<&str> = seen.iter().map(|s| s.target.as_str()).collect();
    let t1 = token("t1");
    assert_eq!(
        targets,
        [&format!("{FIRST}&set=cs"), t1.as_str(), t1.as_str()]
    );
    assert!(seen[2].at - seen[1].at >= Duration::from_secs(1));
    assert_eq!(okapis(&folio), okapi_ids(0..10));
}

#[test]
fn deleted_records_remove_papers_but_keep_bookmarks_as_missing() {
    let folio = Folio::new();
    let server = ScriptedServer::start(vec![Reply::ok(page("2026-11-30", &records(0..3), ""))]);
    assert!(harvest(&folio, &server, &[]).success());
    folio.ok(&["bookmark", "add", "2611.00002"]);

    let gone = format!("{}{}", deleted(1), deleted(2));
    let later = ScriptedServer::start(vec![Reply::ok(page("2026-12-01", &gone, ""))]);
    let run = harvest(&folio, &later, &[]);
    assert!(run.success(), "{run:?}");
    assert!(run.stderr.contains("2 removed"), "{run:?}");
    assert_eq!(okapis(&folio), okapi_ids(0..1));
    let list = as_array(folio.json(&["bookmark", "list", "--json"]));
    let bookmark = list
        .iter()
        .find(|b| b["id"] == "2611.00002")
        .expect("the bookmark stays");
    assert_eq!(bookmark["missing"], true, "{bookmark}");
    let run = folio.run(&["show", "2611.00001", "--json"]);
    assert!(!run.success(), "{run:?}");
    // The deletions are in the journal: a rebuilt index agrees.
    folio.ok(&["reindex"]);
    assert_eq!(okapis(&folio), okapi_ids(0..1));
}

#[test]
fn an_expired_token_restarts_from_the_saved_date() {
    let folio = Folio::new();
    let server = ScriptedServer::start(vec![
        Reply::ok(page("2026-11-30", &records(0..5), "t1")),
        cut_off(),
    ]);
    assert!(!harvest(&folio, &server, &["--from", "2026-11-01"]).success());

    let again = ScriptedServer::start(vec![
        Reply::ok(oai_error("badResumptionToken")),
        Reply::ok(page("2026-12-01", &records(0..5), "u1")),
        Reply::ok(page("2026-12-01", &records(5..10), "")),
    ]);
    let run = harvest(&folio, &again, &[]);
    assert!(run.success(), "{run:?}");
    assert_eq!(
        again.targets(),
        [token("t1"), format!("{FIRST}&from=2026-11-01"), token("u1")]
    );
    assert!(
        run.stderr
            .contains("starting the harvest again from 2026-11-01"),
        "{run:?}"
    );
    assert_eq!(okapis(&folio), okapi_ids(0..10));
    assert!(
        run.stderr.contains("changes since 2026-11-30"),
        "the first start day is kept: {run:?}"
    );
}

#[test]
fn records_without_a_title_are_skipped_and_counted() {
    let folio = Folio::new();
    let untitled = record(3).replace("<title>Harvested Okapi Number 3</title>", "");
    let body = format!("{}{untitled}", records(0..3));
    let server = ScriptedServer::start(vec![Reply::ok(page("2026-11-30", &body, ""))]);
    let run = harvest(&folio, &server, &[]);
    assert!(run.success(), "{run:?}");
    assert!(
        run.stderr
            .contains("harvested 4 records in 1 page (3 new, 0 updated, 0 removed, 1 skipped)"),
        "{run:?}"
    );
    assert_eq!(okapis(&folio), okapi_ids(0..3));
}

#[test]
fn the_config_names_the_endpoint() {
    let folio = Folio::new();
    let server = ScriptedServer::start(vec![Reply::ok(page("2026-11-30", &records(0..2), ""))]);
    folio.write_config(&format!(
        "[sources.arxiv_oai]\nbase_url = \"{}/oai\"\n",
        server.url()
    ));
    let run = folio.run(&["sync", "arxiv-oai", "--delay", "0", "--timeout", "10"]);
    assert!(run.success(), "{run:?}");
    assert_eq!(server.targets(), [FIRST]);
    assert_eq!(okapis(&folio), okapi_ids(0..2));
}

#[test]
fn oai_errors_and_bad_dates_are_named() {
    let folio = Folio::new();
    let server = ScriptedServer::start(vec![Reply::ok(oai_error("badArgument"))]);
    let run = harvest(&folio, &server, &[]);
    assert!(!run.success(), "{run:?}");
    assert!(
        run.stderr.contains(
            "answered with the OAI-PMH error badArgument (scripted badArgument); check --from"
        ),
        "{run:?}"
    );
    let run = folio.fails(&["sync", "arxiv-oai", "--from", "yesterday"]);
    assert!(
        run.stderr.contains("invalid --from date `yesterday`"),
        "{run:?}"
    );
}
