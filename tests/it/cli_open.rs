//! `folio open` with stand-in browsers: a fake `xdg-open` first on PATH, a
//! configured `browser`, `$BROWSER`, and the errors when a link or the browser
//! is missing. The stand-ins append their first argument to a log file.

use crate::common::*;

fn wait_for_line(log: &std::path::Path) -> String {
    wait_for_file(log, |text| text.ends_with('\n'))
}

#[test]
fn open_code_hands_xdg_open_exactly_the_code_url() {
    let mut folio = Folio::new();
    let log = folio.fake_xdg_open();
    let out = folio.ok(&["open", HOPFIELD_ID, "--target", "code"]);
    assert_eq!(out, format!("opened {HOPFIELD_CODE}\n"));
    assert_eq!(wait_for_line(&log), format!("{HOPFIELD_CODE}\n"));
}

#[test]
fn open_defaults_to_the_paper_link() {
    let mut folio = Folio::new();
    let log = folio.fake_xdg_open();
    let paper = folio.show(HOPFIELD_ID)["links"]["paper"].clone();
    let url = paper.as_str().expect("a paper link");
    assert!(url.starts_with("https://arxiv.org/"), "{url}");
    folio.ok(&["open", HOPFIELD_ID]);
    assert_eq!(wait_for_line(&log), format!("{url}\n"));
}

#[test]
fn a_missing_link_is_an_error_naming_the_fix() {
    let mut folio = Folio::new();
    let log = folio.fake_xdg_open();
    let run = folio.fails(&["open", HOPFIELD_ID, "--target", "pdf"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("has no PDF link"), "{run:?}");
    assert!(
        run.stderr.contains(&format!("folio show {HOPFIELD_ID}")),
        "{run:?}"
    );
    let run = folio.fails(&["open", HOPFIELD_ID, "--target", "project"]);
    assert!(run.stderr.contains("has no project page link"), "{run:?}");
    // folio has exited, so a browser it had started would have been started by now.
    assert!(!log.exists(), "nothing was opened");
}

#[test]
fn the_configured_browser_replaces_xdg_open() {
    let mut folio = Folio::new();
    let xdg_log = folio.fake_xdg_open();
    let script = folio.path("my browser");
    write_executable(
        &script,
        "#!/bin/sh\nprintf 'configured %s\\n' \"$2\" >> \"$FOLIO_TEST_OPEN_LOG\"\n",
    );
    folio.write_config(&format!(
        "browser = \"'{}' --new-tab %s\"\n",
        script.display()
    ));
    folio.ok(&["open", HOPFIELD_ID, "--target", "code"]);
    let logged = wait_for_line(&xdg_log);
    assert_eq!(logged, format!("configured {HOPFIELD_CODE}\n"));
}

#[test]
fn browser_env_is_used_without_a_config() {
    let mut folio = Folio::new();
    let log = folio.fake_xdg_open();
    let script = folio.path("env-browser");
    write_executable(
        &script,
        "#!/bin/sh\nprintf 'env %s\\n' \"$1\" >> \"$FOLIO_TEST_OPEN_LOG\"\n",
    );
    folio.set_env("BROWSER", &script);
    folio.ok(&["open", HOPFIELD_ID, "--target", "code"]);
    assert_eq!(wait_for_line(&log), format!("env {HOPFIELD_CODE}\n"));
}

#[test]
fn a_browser_that_does_not_exist_is_reported_with_the_fix() {
    let folio = Folio::new();
    folio.write_config("browser = \"/nonexistent/folio-browser %s\"\n");
    let run = folio.fails(&["open", HOPFIELD_ID, "--target", "code"]);
    assert!(
        run.stderr
            .contains("could not start `/nonexistent/folio-browser`"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("set `browser` in config.toml"),
        "{run:?}"
    );
}

#[test]
fn a_broken_config_is_reported_with_the_fix() {
    let folio = Folio::new();
    folio.write_config("browsr = \"firefox\"\n");
    let run = folio.fails(&["open", HOPFIELD_ID]);
    assert!(run.stderr.contains("unknown field `browsr`"), "{run:?}");
    assert!(run.stderr.contains("fix or delete that line"), "{run:?}");
}
