//! `folio sync` against a scripted local server: paging, retries, timeouts
//! and bad bodies, and the promise that a failed sync changes nothing. All
//! traffic goes to 127.0.0.1; no test needs the network.

use crate::http_server;

use std::time::{Duration, Instant};

use crate::common::*;
use crate::http_server::{Reply, ScriptedServer};
use folio::sync::{HfPeriod, HttpClient, HttpSettings, RetryPolicy, SyncError, fetch_hf};
use serde_json::json;

const DAY: &str = "2026-11-27";

/// One daily-papers item shaped like the real API's.
fn hf_item(n: usize, upvotes: u32) -> serde_json::Value {
    let id = format!("2611.{n:05}");
    let title = format!("Zebra Stripes Number {n} Considered Harmful");
    let summary = format!("We study zebra number {n}. Code: https://github.com/example/zebra-{n}.");
    json!({
        "paper": {
            "id": id,
            "authors": [
                {"_id": format!("a{n}"), "name": "Ada Lovelace", "hidden": false},
                {"_id": format!("b{n}"), "name": "Alan Turing", "hidden": false}
            ],
            "publishedAt": "2026-11-25T00:00:00.000Z",
            "submittedOnDailyAt": "2026-11-27T00:00:00.000Z",
            "title": title,
            "summary": summary,
            "upvotes": upvotes,
            "discussionId": format!("d{n}")
        },
        "publishedAt": "2026-11-27T08:00:00.000Z",
        "title": title,
        "summary": summary,
        "thumbnail": format!("https://example.org/{id}.png"),
        "numComments": 1,
        "submittedBy": {"_id": "s", "name": "ak", "fullname": "AK", "avatarUrl": "https://example.org/a.png"},
        "isAuthorParticipating": false
    })
}

fn hf_page(numbers: std::ops::Range<usize>, upvotes: u32) -> String {
    let items: Vec<_> = numbers.map(|n| hf_item(n, upvotes)).collect();
    serde_json::to_string(&items).expect("JSON")
}

fn hf_target(period: &str, page: usize) -> String {
    format!("/api/daily_papers?{period}&p={page}&limit=100")
}

fn atom_feed(total: usize, numbers: std::ops::Range<usize>) -> String {
    let entries: String = numbers
        .map(|n| {
            format!(
                "<entry>\n<id>http://arxiv.org/abs/2611.{n:05}v1</id>\n\
                 <updated>2026-11-26T10:00:00Z</updated>\n<published>2026-11-25T10:00:00Z</published>\n\
                 <title>Diffusion of Giraffe Number {n}</title>\n\
                 <summary>  We diffuse giraffe {n}\n  across many images.\n</summary>\n\
                 <author><name>Grace Hopper</name></author>\n\
                 <link href=\"http://arxiv.org/abs/2611.{n:05}v1\" rel=\"alternate\" type=\"text/html\"/>\n\
                 <link title=\"pdf\" href=\"http://arxiv.org/pdf/2611.{n:05}v1\" rel=\"related\" type=\"application/pdf\"/>\n\
                 <arxiv:primary_category xmlns:arxiv=\"http://arxiv.org/schemas/atom\" term=\"cs.CV\" scheme=\"http://arxiv.org/schemas/atom\"/>\n\
                 <category term=\"cs.CV\" scheme=\"http://arxiv.org/schemas/atom\"/>\n</entry>\n"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <title type=\"html\">ArXiv Query</title>\n\
         <id>http://arxiv.org/api/x</id>\n<updated>2026-11-27T00:00:00-05:00</updated>\n\
         <opensearch:totalResults xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">{total}</opensearch:totalResults>\n\
         <opensearch:startIndex xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">0</opensearch:startIndex>\n\
         {entries}</feed>\n"
    )
}

fn sync_hf(folio: &Folio, server: &ScriptedServer, extra: &[&str]) -> Run {
    let url = server.url();
    let mut args = vec!["sync", "hf", "--base-url", url.as_str()];
    args.extend_from_slice(extra);
    folio.run(&args)
}

/// A data dir that exists (with the demo corpus) before the sync under test.
fn ready_folio() -> Folio {
    let folio = Folio::new();
    assert_eq!(folio.paper_count(), DEMO_PAPERS);
    folio
}

fn gap(seen: &[http_server::Seen], i: usize) -> Duration {
    seen[i + 1].at - seen[i].at
}

#[test]
fn hf_pages_until_a_short_page_and_imports_everything() {
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![
        Reply::ok(hf_page(0..100, 3)),
        Reply::ok(hf_page(100..200, 3)),
        Reply::ok(hf_page(200..230, 3)),
    ]);
    let run = sync_hf(&folio, &server, &["--date", DAY]);
    assert!(run.success(), "{run:?}");
    let expected = format!(
        "synced 230 papers (230 new, 0 updated) from {} daily papers {DAY} in ",
        server.url().trim_start_matches("http://")
    );
    assert!(run.stderr.starts_with(&expected), "{run:?}");
    assert!(
        !run.stderr.contains("page 1:"),
        "progress only on a terminal: {run:?}"
    );
    let date = format!("date={DAY}");
    assert_eq!(
        server.targets(),
        (0..3).map(|p| hf_target(&date, p)).collect::<Vec<_>>()
    );
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 230);
    let paper = folio.show("2611.00229");
    assert_eq!(
        paper["title"],
        "Zebra Stripes Number 229 Considered Harmful"
    );
    assert_eq!(paper["upvotes"], 3);
}

#[test]
fn hf_limit_stops_paging() {
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![
        Reply::ok(hf_page(0..100, 1)),
        Reply::ok(hf_page(100..200, 1)),
        Reply::ok(hf_page(200..300, 1)),
    ]);
    let run = sync_hf(&folio, &server, &["--week", "2026-W48", "--limit", "150"]);
    assert!(run.success(), "{run:?}");
    assert!(
        run.stderr
            .contains("synced 150 papers (150 new, 0 updated)"),
        "{run:?}"
    );
    assert!(run.stderr.contains("daily papers 2026-W48"), "{run:?}");
    assert_eq!(
        server.targets(),
        [hf_target("week=2026-W48", 0), hf_target("week=2026-W48", 1)]
    );
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 150);
}

#[test]
fn resync_updates_upvotes_without_duplicates() {
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![
        Reply::ok(hf_page(0..3, 1)),
        Reply::ok(hf_page(0..3, 9)),
    ]);
    let first = sync_hf(&folio, &server, &["--date", DAY]);
    assert!(first.stderr.contains("(3 new, 0 updated)"), "{first:?}");
    let again = sync_hf(&folio, &server, &["--date", DAY]);
    assert!(again.success(), "{again:?}");
    assert!(
        again.stderr.contains("synced 3 papers (0 new, 3 updated)"),
        "{again:?}"
    );
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 3);
    assert_eq!(folio.show("2611.00002")["upvotes"], 9);
    assert_eq!(folio.search_ids("\"zebra number 1\"").len(), 1);
}

#[test]
fn a_failure_on_a_later_page_imports_nothing() {
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![
        Reply::ok(hf_page(0..100, 1)),
        Reply::ok("<!DOCTYPE html><html><body>Sign in</body></html>"),
    ]);
    let run = sync_hf(&folio, &server, &["--date", DAY]);
    assert!(!run.success(), "{run:?}");
    assert!(
        run.stderr.contains("p=1&limit=100 did not return"),
        "{run:?}"
    );
    assert_eq!(folio.paper_count(), DEMO_PAPERS);
}

#[test]
fn the_recorded_hf_body_syncs() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/fixtures/hf-daily-papers.json"
    );
    let Ok(body) = std::fs::read(fixture) else {
        eprintln!("skipped: {fixture} is absent");
        return;
    };
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![Reply::ok(body)]);
    let run = sync_hf(&folio, &server, &[]);
    assert!(run.success(), "{run:?}");
    assert!(
        run.stderr.contains("synced 30 papers (30 new, 0 updated)"),
        "{run:?}"
    );
    assert_eq!(server.targets().len(), 1, "30 items is a short page");
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 30);
    assert_eq!(
        folio.show("2606.00467")["title"],
        "On the Limits of LLM Adaptability: Impact of Model-Internalized Priors on Annotation Task Performance"
    );
}

#[test]
fn an_empty_day_is_zero_papers_and_folio_says_who_it_is() {
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![Reply::ok("[]")]);
    let run = sync_hf(&folio, &server, &["--date", "2026-11-28"]);
    assert!(run.success(), "{run:?}");
    assert!(
        run.stderr
            .starts_with("synced 0 papers (0 new, 0 updated) from 127.0.0.1:"),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("listed no papers for 2026-11-28; weekend days are often empty"),
        "{run:?}"
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].target, hf_target("date=2026-11-28", 0));
    let agent = seen[0].user_agent.as_deref().unwrap_or_default();
    assert_eq!(agent, format!("folio/{}", env!("CARGO_PKG_VERSION")));
    assert_eq!(folio.paper_count(), DEMO_PAPERS);
}

#[test]
fn without_a_date_today_utc_is_asked_for() {
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![Reply::ok("[]")]);
    let before = chrono::Utc::now().date_naive();
    let run = sync_hf(&folio, &server, &[]);
    let after = chrono::Utc::now().date_naive();
    assert!(run.success(), "{run:?}");
    let target = &server.targets()[0];
    assert!(
        [before, after]
            .iter()
            .any(|d| *target == hf_target(&format!("date={d}"), 0)),
        "{target}"
    );
}

#[test]
fn the_config_base_url_is_used_and_the_flag_wins() {
    let folio = ready_folio();
    let configured = ScriptedServer::start(vec![Reply::ok("[]")]);
    folio.write_config(&format!(
        "[sources.hf]\nbase_url = \"{}/\"\n",
        configured.url()
    ));
    let run = folio.run(&["sync", "hf", "--month", "2026-11"]);
    assert!(run.success(), "{run:?}");
    assert_eq!(configured.targets(), [hf_target("month=2026-11", 0)]);

    let flagged = ScriptedServer::start(vec![Reply::ok("[]")]);
    let run = sync_hf(&folio, &flagged, &["--month", "2026-11"]);
    assert!(run.success(), "{run:?}");
    assert_eq!(flagged.targets().len(), 1);
    assert_eq!(configured.targets().len(), 1);
}

#[test]
fn a_rate_limit_is_retried_after_the_wait_the_server_asks() {
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![
        Reply::new(429, "slow down").header("Retry-After", "1"),
        Reply::ok("[]"),
    ]);
    let run = sync_hf(&folio, &server, &["--date", DAY]);
    assert!(run.success(), "{run:?}");
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].target, seen[1].target);
    assert!(
        gap(&seen, 0) >= Duration::from_millis(950),
        "{:?}",
        gap(&seen, 0)
    );
}

#[test]
fn a_server_error_is_retried() {
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![Reply::new(500, "oops"), Reply::ok("[]")]);
    let run = sync_hf(&folio, &server, &["--date", DAY]);
    assert!(run.success(), "{run:?}");
    assert_eq!(server.targets().len(), 2);
}

#[test]
fn a_persistent_server_error_fails_and_changes_nothing() {
    let folio = ready_folio();
    let failing = || Reply::new(503, "upstream\n  down").header("Retry-After", "0");
    let server = ScriptedServer::start(vec![failing(), failing(), failing(), failing()]);
    let run = sync_hf(&folio, &server, &["--date", DAY]);
    assert!(!run.success(), "{run:?}");
    let url = format!("{}{}", server.url(), hf_target(&format!("date={DAY}"), 0));
    let expected = format!("{url} answered HTTP 503 (after 4 attempts): upstream down; ");
    assert!(run.stderr.contains(&expected), "{run:?}");
    assert!(run.stderr.contains("try again later"), "{run:?}");
    assert_eq!(server.targets().len(), 4);
    assert_eq!(folio.paper_count(), DEMO_PAPERS);
}

#[test]
fn a_client_error_is_not_retried() {
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![
        Reply::new(400, "{\"error\":\"Invalid date\"}"),
        Reply::ok("[]"),
    ]);
    let run = sync_hf(&folio, &server, &["--date", "2099-01-01"]);
    assert!(!run.success(), "{run:?}");
    assert!(
        run.stderr
            .contains("answered HTTP 400: {\"error\":\"Invalid date\"}"),
        "{run:?}"
    );
    assert_eq!(server.targets().len(), 1);
}

#[test]
fn a_silent_server_times_out_and_changes_nothing() {
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![Reply::ok("[]").after(Duration::from_secs(20))]);
    let started = Instant::now();
    let run = sync_hf(&folio, &server, &["--date", DAY, "--timeout", "0.3"]);
    assert!(!run.success(), "{run:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(
        run.stderr.contains("did not answer within 0.3 s"),
        "{run:?}"
    );
    assert!(run.stderr.contains(&server.url()), "{run:?}");
    assert_eq!(folio.paper_count(), DEMO_PAPERS);
}

#[test]
fn bodies_that_are_not_daily_papers_fail_clearly_and_change_nothing() {
    let folio = ready_folio();
    let cases = [
        (
            "<!DOCTYPE html>\n<html><body>Sign in</body></html>",
            "sent an HTML or XML page instead of JSON",
        ),
        (
            "[{\"paper\": {\"id\": \"2611.00001\", \"title\": \"Cut",
            "the JSON ends early",
        ),
        (
            "{\"error\": \"Invalid date\"}",
            "a JSON object instead of a list of papers",
        ),
    ];
    for (body, problem) in cases {
        let server = ScriptedServer::start(vec![Reply::ok(body)]);
        let run = sync_hf(&folio, &server, &["--date", DAY]);
        assert!(!run.success(), "{body}: {run:?}");
        assert!(
            run.stderr
                .contains("did not return the Hugging Face daily papers JSON"),
            "{run:?}"
        );
        assert!(run.stderr.contains(problem), "{body}: {run:?}");
        assert!(run.stderr.contains("check that the base URL"), "{run:?}");
        assert_eq!(folio.paper_count(), DEMO_PAPERS);
    }
}

#[test]
fn a_download_cut_short_fails_clearly() {
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![
        Reply::ok("[{\"paper\"").header("Content-Length", "5000"),
    ]);
    let run = sync_hf(&folio, &server, &["--date", DAY]);
    assert!(!run.success(), "{run:?}");
    assert!(run.stderr.contains(&server.url()), "{run:?}");
    assert!(
        run.stderr
            .contains("closed before the whole answer arrived"),
        "{run:?}"
    );
    assert_eq!(folio.paper_count(), DEMO_PAPERS);
}

#[test]
fn an_unreachable_server_is_named() {
    let folio = ready_folio();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("http://{}", closed.local_addr().expect("address"));
    drop(closed);
    let run = folio.run(&["sync", "hf", "--date", DAY, "--base-url", &url]);
    assert!(!run.success(), "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("could not reach {url}/api/daily_papers?")),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("check the network connection"),
        "{run:?}"
    );
}

#[test]
fn bad_periods_and_base_urls_are_refused_before_any_request() {
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![Reply::ok("[]")]);
    let cases: [(&[&str], &str); 4] = [
        (&["--date", "2026-13-01"], "expected YYYY-MM-DD"),
        (&["--week", "2026-48"], "expected YYYY-Www"),
        (&["--month", "11-2026"], "expected YYYY-MM"),
        (&["--timeout", "0"], "expected a positive number of seconds"),
    ];
    for (extra, problem) in cases {
        let run = sync_hf(&folio, &server, extra);
        assert!(!run.success(), "{extra:?}: {run:?}");
        assert!(run.stderr.contains(problem), "{extra:?}: {run:?}");
    }
    let run = folio.run(&["sync", "hf", "--base-url", "huggingface.co"]);
    assert!(
        run.stderr
            .contains("is not a base URL: it must start with http:// or https://"),
        "{run:?}"
    );
    let both = sync_hf(&folio, &server, &["--date", DAY, "--month", "2026-11"]);
    assert!(
        !both.success() && both.stderr.contains("cannot be used with"),
        "{both:?}"
    );
    assert!(server.targets().is_empty());
}

#[test]
fn arxiv_asks_for_the_encoded_query_newest_first() {
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![Reply::ok(atom_feed(0, 0..0))]);
    let url = server.url();
    let run = folio.run(&[
        "sync",
        "arxiv",
        "--query",
        "cat:cs.CV AND ti:diffusion",
        "--max",
        "450",
        "--base-url",
        &url,
    ]);
    assert!(run.success(), "{run:?}");
    assert_eq!(
        server.targets(),
        [
            "/api/query?search_query=cat%3Acs.CV%20AND%20ti%3Adiffusion&start=0&max_results=200&sortBy=submittedDate&sortOrder=descending"
        ]
    );
    assert!(
        run.stderr
            .contains("synced 0 papers (0 new, 0 updated) from 127.0.0.1:"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("query `cat:cs.CV AND ti:diffusion`"),
        "{run:?}"
    );
}

#[test]
fn arxiv_error_feeds_are_reported_as_a_bad_query() {
    let folio = ready_folio();
    let error_feed = "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\
        <opensearch:totalResults xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">1</opensearch:totalResults>\
        <entry><id>http://arxiv.org/api/errors#unknown_field</id><title>Error</title>\
        <summary>unknown search field zz</summary></entry></feed>\n";
    let server = ScriptedServer::start(vec![Reply::ok(error_feed)]);
    let url = server.url();
    let run = folio.run(&["sync", "arxiv", "--query", "zz:x", "--base-url", &url]);
    assert!(!run.success(), "{run:?}");
    assert!(run.stderr.contains("arXiv rejected the query"), "{run:?}");
    assert!(run.stderr.contains("unknown search field zz"), "{run:?}");
    assert_eq!(folio.paper_count(), DEMO_PAPERS);
}

#[test]
fn arxiv_pages_with_a_pause_until_total_results() {
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![
        Reply::ok(atom_feed(400, 0..200)),
        Reply::ok(atom_feed(400, 200..400)),
        Reply::ok(atom_feed(400, 0..0)),
    ]);
    let url = server.url();
    let run = folio.run(&[
        "sync",
        "arxiv",
        "--query",
        "ti:giraffe",
        "--max",
        "1000",
        "--delay",
        "0.05",
        "--base-url",
        &url,
    ]);
    assert!(run.success(), "{run:?}");
    assert!(
        run.stderr
            .contains("synced 400 papers (400 new, 0 updated)"),
        "{run:?}"
    );
    let seen = server.seen();
    let targets: Vec<&str> = seen.iter().map(|s| s.target.as_str()).collect();
    assert_eq!(
        targets.len(),
        2,
        "totalResults ends the paging: {targets:?}"
    );
    assert!(
        targets[0].contains("&start=0&max_results=200&"),
        "{targets:?}"
    );
    assert!(
        targets[1].contains("&start=200&max_results=200&"),
        "{targets:?}"
    );
    assert!(
        gap(&seen, 0) >= Duration::from_millis(50),
        "{:?}",
        gap(&seen, 0)
    );
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 400);
    assert_eq!(
        folio.show("2611.00399")["title"],
        "Diffusion of Giraffe Number 399"
    );
}

#[test]
fn arxiv_stops_at_the_maximum() {
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![
        Reply::ok(atom_feed(9999, 0..200)),
        Reply::ok(atom_feed(9999, 200..250)),
    ]);
    let url = server.url();
    let run = folio.run(&[
        "sync",
        "arxiv",
        "--query",
        "all:giraffe",
        "--max",
        "250",
        "--delay",
        "0",
        "--base-url",
        &url,
    ]);
    assert!(run.success(), "{run:?}");
    assert!(run.stderr.contains("synced 250 papers"), "{run:?}");
    let targets = server.targets();
    assert!(
        targets[1].contains("&start=200&max_results=50&"),
        "{targets:?}"
    );
}

/// The library path (what the TUI calls), with a fast retry policy so the
/// real backoff doubling can be measured.
#[test]
fn the_library_backs_off_exponentially_and_caps_retry_after() {
    let client = HttpClient::new(HttpSettings {
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_secs(2),
        retry: RetryPolicy {
            attempts: 3,
            first_backoff: Duration::from_millis(100),
            max_wait: Duration::from_millis(300),
        },
    });
    let server = ScriptedServer::start(vec![
        Reply::new(502, ""),
        Reply::new(502, ""),
        Reply::new(429, "").header("Retry-After", "3600"),
    ]);
    let period = HfPeriod::parse_day(DAY).expect("a day");
    let mut lines = Vec::new();
    let started = Instant::now();
    let result = fetch_hf(&client, &server.url(), &period, None, &mut |l| {
        lines.push(l.to_string())
    });
    assert!(
        matches!(
            result,
            Err(SyncError::Status {
                status: 429,
                attempts: 3,
                ..
            })
        ),
        "{result:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    let seen = server.seen();
    assert!(
        gap(&seen, 0) >= Duration::from_millis(100),
        "{:?}",
        gap(&seen, 0)
    );
    assert!(
        gap(&seen, 1) >= Duration::from_millis(200),
        "{:?}",
        gap(&seen, 1)
    );
    assert!(lines.is_empty());

    let capped = ScriptedServer::start(vec![
        Reply::new(429, "").header("Retry-After", "3600"),
        Reply::ok("[]"),
    ]);
    let started = Instant::now();
    let papers = fetch_hf(&client, &capped.url(), &period, None, &mut |l| {
        lines.push(l.to_string())
    });
    assert!(papers.expect("the retry succeeds").is_empty());
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(300) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
    assert_eq!(lines, ["page 1: 0 papers"]);
}

#[test]
fn trending_asks_for_the_trending_list_and_takes_its_first_page() {
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![
        Reply::ok(hf_page(0..100, 40)),
        Reply::ok(hf_page(100..200, 40)),
    ]);
    let run = sync_hf(&folio, &server, &["--trending"]);
    assert!(run.success(), "{run:?}");
    assert!(run.stderr.contains("daily papers trending"), "{run:?}");
    assert_eq!(server.targets(), [hf_target("sort=trending", 0)]);
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 100);

    let more = ScriptedServer::start(vec![
        Reply::ok(hf_page(0..100, 41)),
        Reply::ok(hf_page(100..150, 41)),
    ]);
    let run = sync_hf(&folio, &more, &["--trending", "--limit", "150"]);
    assert!(run.success(), "{run:?}");
    assert_eq!(
        more.targets(),
        [hf_target("sort=trending", 0), hf_target("sort=trending", 1)]
    );
    let both = folio.run(&["sync", "hf", "--trending", "--date", DAY]);
    assert_eq!(both.code, Some(2), "a usage error: {both:?}");
    assert!(both.stderr.contains("cannot be used with"), "{both:?}");
}

#[test]
fn sync_without_a_feed_fetches_every_watch_source_once_and_lands_what_succeeded() {
    let folio = ready_folio();
    let failing = || Reply::new(503, "down").header("Retry-After", "0");
    let hf = ScriptedServer::start(vec![failing(), failing(), failing(), failing()]);
    let arxiv = ScriptedServer::start(vec![Reply::ok(atom_feed(3, 0..3))]);
    folio.write_config(&format!(
        "[sources.hf]\nbase_url = \"{}\"\n[sources.arxiv]\nbase_url = \"{}\"\n",
        hf.url(),
        arxiv.url()
    ));
    folio.ok(&[
        "watch",
        "add",
        "giraffe",
        "--query",
        "giraffe",
        "--arxiv",
        "ti:giraffe",
    ]);
    folio.ok(&["watch", "add", "zebra", "--query", "zebra"]);

    let run = folio.run(&["sync", "--timeout", "5"]);
    assert_eq!(run.code, Some(1), "a failed source fails the sync: {run:?}");
    assert!(
        run.stderr.contains("arxiv `ti:giraffe`: 3 new, 0 updated"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("hf: failed (") && run.stderr.contains("503"),
        "{run:?}"
    );
    assert!(run.stderr.contains("1 of 2 sources failed"), "{run:?}");
    assert!(
        run.stderr.contains("watches: giraffe 3 new · zebra 0 new"),
        "{run:?}"
    );
    // The arXiv source landed whole, the failed one not at all.
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 3);
    assert_eq!(
        hf.targets().len(),
        4,
        "the HF source was asked (and retried)"
    );
    assert_eq!(arxiv.targets().len(), 1, "each source once");
    let watches = as_array(folio.json(&["watch", "list", "--json"]));
    let giraffe = watches.iter().find(|w| w["name"] == "giraffe").unwrap();
    let zebra = watches.iter().find(|w| w["name"] == "zebra").unwrap();
    assert!(giraffe["last_synced"].is_string(), "{giraffe}");
    assert!(zebra["last_synced"].is_null(), "its source failed: {zebra}");
    assert_eq!(
        giraffe["sources"],
        serde_json::json!(["arxiv `ti:giraffe`"])
    );

    // Again, with every source answering: nothing new, and a success.
    let hf = ScriptedServer::start(vec![Reply::ok("[]")]);
    let arxiv = ScriptedServer::start(vec![Reply::ok(atom_feed(3, 0..3))]);
    folio.write_config(&format!(
        "[sources.hf]\nbase_url = \"{}\"\n[sources.arxiv]\nbase_url = \"{}\"\n",
        hf.url(),
        arxiv.url()
    ));
    let run = folio.run(&["sync", "--timeout", "5"]);
    assert!(run.success(), "{run:?}");
    assert!(
        run.stderr
            .contains("arxiv `ti:giraffe`: 0 new, 0 updated, 3 unchanged"),
        "{run:?}"
    );
    assert!(run.stderr.contains("hf: 0 new, 0 updated"), "{run:?}");
    assert!(run.stderr.contains("giraffe 0 new"), "{run:?}");
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 3);
}

/// A config pointing both feeds at local servers, with `extra` lines.
fn feeds_config(folio: &Folio, hf: &ScriptedServer, arxiv: &ScriptedServer, extra: &str) {
    folio.write_config(&format!(
        "{extra}\n[sources.hf]\nbase_url = \"{}\"\n[sources.arxiv]\nbase_url = \"{}\"\n",
        hf.url(),
        arxiv.url()
    ));
}

#[test]
fn notify_command_hears_only_what_a_sync_brought_to_watches_that_synced_before() {
    let folio = ready_folio();
    let script = folio.path("notify.sh");
    let got = folio.path("notified.json");
    write_executable(&script, &format!("#!/bin/sh\ncat > '{}'\n", got.display()));
    let notify = format!("notify_command = [\"{}\"]", script.display());
    folio.ok(&[
        "watch",
        "add",
        "giraffe",
        "--query",
        "giraffe",
        "--arxiv",
        "ti:giraffe",
    ]);

    // The first sync of a new watch is backlog: no notification.
    let (hf, arxiv) = (
        ScriptedServer::start(vec![Reply::ok("[]")]),
        ScriptedServer::start(vec![Reply::ok(atom_feed(3, 0..3))]),
    );
    feeds_config(&folio, &hf, &arxiv, &notify);
    let run = folio.run(&["sync", "--timeout", "5"]);
    assert!(run.success(), "{run:?}");
    assert!(!got.exists(), "backlog is not news: {run:?}");

    // Two papers arrive: the command gets a digest of exactly them.
    let (hf, arxiv) = (
        ScriptedServer::start(vec![Reply::ok("[]")]),
        ScriptedServer::start(vec![Reply::ok(atom_feed(5, 0..5))]),
    );
    feeds_config(&folio, &hf, &arxiv, &notify);
    let run = folio.run(&["sync", "--timeout", "5"]);
    assert!(run.success(), "{run:?}");
    assert!(run.stderr.contains("notified"), "{run:?}");
    let digest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&got).expect("notified")).expect("JSON");
    let sections = as_array(digest["sections"].clone());
    assert_eq!(sections.len(), 1);
    assert_eq!(sections[0]["watch"], "giraffe");
    let mut ids = ids(&as_array(sections[0]["papers"].clone()));
    ids.sort();
    assert_eq!(ids, ["2611.00003", "2611.00004"]);

    // Nothing new: no call.
    std::fs::remove_file(&got).unwrap();
    let (hf, arxiv) = (
        ScriptedServer::start(vec![Reply::ok("[]")]),
        ScriptedServer::start(vec![Reply::ok(atom_feed(5, 0..5))]),
    );
    feeds_config(&folio, &hf, &arxiv, &notify);
    assert!(folio.run(&["sync", "--timeout", "5"]).success());
    assert!(!got.exists(), "nothing new, nothing said");
}

#[test]
fn digest_since_last_sync_lists_what_the_last_sync_brought() {
    let folio = ready_folio();
    let never = folio.fails(&["digest", "--since", "last-sync", "--format", "json"]);
    assert!(never.stderr.contains("no `folio sync`"), "{never:?}");
    folio.ok(&[
        "watch",
        "add",
        "giraffe",
        "--query",
        "giraffe",
        "--arxiv",
        "ti:giraffe",
    ]);
    let digest_ids = || {
        let digest = folio.json(&["digest", "--since", "last-sync", "--format", "json"]);
        let sections = as_array(digest["sections"].clone());
        assert_eq!(sections.len(), 1, "{digest}");
        let mut got = ids(&as_array(sections[0]["papers"].clone()));
        got.sort();
        got
    };
    for (total, expected) in [
        (3, vec!["2611.00000", "2611.00001", "2611.00002"]),
        (5, vec!["2611.00003", "2611.00004"]),
        (5, vec![]),
    ] {
        let (hf, arxiv) = (
            ScriptedServer::start(vec![Reply::ok("[]")]),
            ScriptedServer::start(vec![Reply::ok(atom_feed(total, 0..total))]),
        );
        feeds_config(&folio, &hf, &arxiv, "");
        let run = folio.run(&["sync", "--timeout", "5"]);
        assert!(run.success(), "{run:?}");
        assert_eq!(digest_ids(), expected, "after a sync of {total}");
    }
}

#[test]
fn a_hanging_notify_command_is_stopped_and_a_missing_one_stops_the_sync_first() {
    let folio = ready_folio();
    folio.ok(&[
        "watch",
        "add",
        "giraffe",
        "--query",
        "giraffe",
        "--arxiv",
        "ti:giraffe",
    ]);
    let (hf, arxiv) = (
        ScriptedServer::start(vec![Reply::ok("[]"), Reply::ok("[]")]),
        ScriptedServer::start(vec![
            Reply::ok(atom_feed(1, 0..1)),
            Reply::ok(atom_feed(2, 0..2)),
        ]),
    );
    let script = folio.path("hang.sh");
    write_executable(&script, "#!/bin/sh\nexec sleep 30\n");
    let hang = format!(
        "notify_command = [\"{}\"]\nnotify_timeout = 1",
        script.display()
    );
    feeds_config(&folio, &hf, &arxiv, &hang);
    assert!(
        folio.run(&["sync", "--timeout", "5"]).success(),
        "backlog sync"
    );
    let started = Instant::now();
    let run = folio.run(&["sync", "--timeout", "5"]);
    assert!(
        run.success(),
        "a failing notify does not fail the sync: {run:?}"
    );
    assert!(run.stderr.contains("was stopped"), "{run:?}");
    assert!(started.elapsed() < Duration::from_secs(20));

    let missing = ScriptedServer::start(vec![Reply::ok("[]")]);
    feeds_config(
        &folio,
        &missing,
        &missing,
        "notify_command = [\"folio-no-such-notifier\"]",
    );
    let run = folio.fails(&["sync", "--timeout", "5"]);
    assert!(
        run.stderr
            .contains("`folio-no-such-notifier` was not found"),
        "{run:?}"
    );
    assert!(run.stderr.contains("nothing was fetched"), "{run:?}");
    assert!(missing.targets().is_empty());
}

#[test]
fn a_watch_follows_arxiv_announcements_of_its_categories() {
    let folio = ready_folio();
    let feed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/arxiv-rss.xml"),
    )
    .expect("the RSS fixture");
    let quiet = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/arxiv-rss-empty.xml"),
    )
    .expect("the quiet-day fixture");
    let hf = ScriptedServer::start(vec![Reply::ok("[]"), Reply::ok("[]")]);
    let rss = ScriptedServer::start(vec![Reply::ok(feed), Reply::ok(quiet)]);
    folio.write_config(&format!(
        "[sources.hf]\nbase_url = \"{}\"\n[sources.arxiv_new]\nbase_url = \"{}\"\n",
        hf.url(),
        rss.url()
    ));
    let added = folio.ok(&[
        "watch",
        "add",
        "vision",
        "--query",
        "cat:cs.CV",
        "--arxiv-new",
        "cs.CV, cs.LG",
    ]);
    assert!(added.contains("arxiv-new cs.CV+cs.LG"), "{added}");

    let run = folio.run(&["sync", "--timeout", "5"]);
    assert!(run.success(), "{run:?}");
    assert_eq!(rss.targets(), ["/rss/cs.CV+cs.LG"]);
    let brought = folio.paper_count() - DEMO_PAPERS;
    assert!(brought > 0, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("arxiv-new cs.CV+cs.LG: {brought} new")),
        "{run:?}"
    );
    // A day without announcements is no error.
    let run = folio.run(&["sync", "--timeout", "5"]);
    assert!(run.success(), "{run:?}");
    assert!(
        run.stderr
            .contains("arxiv-new cs.CV+cs.LG: 0 new, 0 updated"),
        "{run:?}"
    );
    let bad = folio.fails(&["watch", "add", "x", "--query", "x", "--arxiv-new", "cs/CV"]);
    assert!(bad.stderr.contains("categories joined by +"), "{bad:?}");
}

/// A recorded feed from `../shared/fixtures`, or `None` with a notice.
fn shared_feed(name: &str) -> Option<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).ok();
    if text.is_none() {
        println!("NOTICE: skipped: {} is absent", path.display());
    }
    text
}

#[test]
fn three_watches_with_recorded_feeds_sync_once_and_count_what_search_finds() {
    let (Some(hf_json), Some(atom), Some(rss)) = (
        shared_feed("hf-daily-papers.json"),
        shared_feed("arxiv-atom.xml"),
        shared_feed("arxiv-rss-2026-09-24.xml"),
    ) else {
        return;
    };
    // The recorded Atom answer says more results exist; here it is the whole answer.
    let entries = atom.matches("<entry>").count();
    let atom = with_total_results(&atom, entries);
    let folio = ready_folio();
    let script = folio.path("notify.sh");
    let got = folio.path("notified.json");
    write_executable(&script, &format!("#!/bin/sh\ncat > '{}'\n", got.display()));
    let start = |hf_json: &str, atom: &str, rss: &str| {
        let hf = ScriptedServer::start(vec![Reply::ok(hf_json), Reply::ok(hf_json)]);
        let arxiv = ScriptedServer::start(vec![Reply::ok(atom)]);
        let news = ScriptedServer::start(vec![Reply::ok(rss)]);
        folio.write_config(&format!(
            "notify_command = [\"{}\"]\n[sources.hf]\nbase_url = \"{}\"\n[sources.arxiv]\nbase_url = \"{}\"\n[sources.arxiv_new]\nbase_url = \"{}\"\n",
            script.display(),
            hf.url(),
            arxiv.url(),
            news.url()
        ));
        (hf, arxiv, news)
    };
    folio.ok(&[
        "watch",
        "add",
        "trending",
        "--query",
        "model OR learning",
        "--hf-trending",
    ]);
    folio.ok(&[
        "watch",
        "add",
        "api",
        "--query",
        "the",
        "--arxiv",
        "all:electron",
    ]);
    folio.ok(&[
        "watch",
        "add",
        "news",
        "--query",
        "cat:cs",
        "--arxiv-new",
        "cs.CV+cs.LG",
    ]);

    let (hf, arxiv, news) = start(&hf_json, &atom, &rss);
    let run = folio.run(&["sync", "--timeout", "10"]);
    assert!(run.success(), "{run:?}");
    // Each source once: today's and the trending HF lists, one arXiv query, one feed.
    let mut hf_asked = hf.targets();
    hf_asked.sort();
    assert_eq!(hf_asked.len(), 2, "{hf_asked:?}");
    assert!(
        hf_asked.iter().any(|t| t.contains("sort=trending")),
        "{hf_asked:?}"
    );
    assert!(hf_asked.iter().any(|t| t.contains("date=")), "{hf_asked:?}");
    assert_eq!(arxiv.targets().len(), 1);
    assert_eq!(news.targets(), ["/rss/cs.CV+cs.LG"]);
    assert!(!got.exists(), "a new watch's first sync is backlog");

    let count =
        |query: &str| as_array(folio.json(&["search", query, "--limit", "100000", "--json"])).len();
    for watch in as_array(folio.json(&["watch", "list", "--json"])) {
        let name = watch["name"].as_str().unwrap().to_string();
        assert_eq!(watch["total"], count(&format!("watch:{name}")), "{name}");
        assert_eq!(
            watch["new"],
            count(&format!("watch:{name} is:new")),
            "{name}"
        );
        assert_eq!(
            watch["unread"],
            count(&format!("watch:{name} is:unread")),
            "{name}"
        );
        assert!(watch["last_synced"].is_string(), "{name}");
    }
    let papers = folio.paper_count();
    assert!(papers > DEMO_PAPERS + 30, "{papers}");

    // Right after: nothing new, no notification.
    let (_hf, _arxiv, _news) = start(&hf_json, &atom, &rss);
    let run = folio.run(&["sync", "--timeout", "10"]);
    assert!(run.success(), "{run:?}");
    assert!(
        run.stderr
            .contains("watches: api 0 new · news 0 new · trending 0 new"),
        "{run:?}"
    );
    assert_eq!(folio.paper_count(), papers);
    assert!(!got.exists(), "nothing new: no notify_command");
}

/// `atom` with its `totalResults` set to `total`.
fn with_total_results(atom: &str, total: usize) -> String {
    let open = "<opensearch:totalResults";
    let Some(start) = atom.find(open) else {
        return atom.to_string();
    };
    let value_start = start + atom[start..].find('>').expect("tag end") + 1;
    let value_end = value_start + atom[value_start..].find('<').expect("value end");
    format!("{}{total}{}", &atom[..value_start], &atom[value_end..])
}

#[test]
fn every_request_of_a_sync_and_its_retries_are_in_the_log_file() {
    let folio = ready_folio();
    let server = ScriptedServer::start(vec![
        Reply::new(503, "busy").header("Retry-After", "0"),
        Reply::ok(hf_page(0..100, 3)),
        Reply::ok(hf_page(100..120, 3)),
    ]);
    let run = sync_hf(&folio, &server, &["--date", DAY]);
    assert!(run.success(), "{run:?}");
    // The log sits in the platform's state dir (here under the test's HOME),
    // and `folio stats` says where.
    let log_file = folio.path(".local/state/folio/folio.log");
    assert_eq!(
        folio.json(&["stats", "--json"])["log_file"],
        log_file.display().to_string()
    );
    let log = std::fs::read_to_string(&log_file).expect("the sync wrote a log");
    let url = |target: &str| format!("{}{target}", server.url());
    let date = format!("date={DAY}");
    let first = url(&hf_target(&date, 0));
    let lines = |needle: &str, url: &str| {
        log.lines()
            .filter(|l| l.contains(needle) && l.contains(url))
            .count()
    };
    assert_eq!(lines("GET answered with an error", &first), 1, "{log}");
    assert_eq!(lines("retrying", &first), 1, "{log}");
    assert_eq!(lines("INFO GET url=", &first), 1, "{log}");
    assert_eq!(
        lines("INFO GET url=", &url(&hf_target(&date, 1))),
        1,
        "{log}"
    );
    assert!(
        log.lines()
            .any(|l| l.contains("imported") && l.contains("new=120")),
        "{log}"
    );
    // Nothing of it on the terminal.
    assert!(!run.stderr.contains("retrying"), "{run:?}");
}
