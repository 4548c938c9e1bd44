//! How `folio search` reads its command line: options may stand before,
//! among or after the query words, `--` ends the options, and a word that
//! starts with `-` is an exclusion, not an option.

use crate::common::*;

#[test]
fn options_among_and_after_the_words_are_options() {
    let folio = Folio::new();
    let expected = folio.search_ids("brain decoding");
    assert!(expected.len() > 2, "{expected:?}");
    for args in [
        vec!["search", "brain", "--json", "decoding", "--limit", "100"],
        vec!["search", "--limit=100", "brain", "decoding", "--json"],
        vec!["search", "brain", "--limit", "100", "--json", "decoding"],
    ] {
        assert_eq!(ids(&as_array(folio.json(&args))), expected, "{args:?}");
    }
    let two = as_array(folio.json(&["search", "brain", "--limit", "2", "decoding", "--json"]));
    assert_eq!(ids(&two), expected[..2]);
}

#[test]
fn options_after_the_words_take_their_values() {
    let folio = Folio::new();
    let by_title = titles(&as_array(folio.json(&[
        "search",
        "is:unread",
        "--sort",
        "title",
        "--json",
        "--limit",
        "100",
    ])));
    let mut sorted = by_title.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(by_title, sorted);
    let run = folio.run(&["search", "brain", "--sort", "sideways"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("sideways"), "{run:?}");
}

#[test]
fn a_double_dash_ends_the_options() {
    let folio = Folio::new();
    // After `--`, `--json` is a word of the query: the output is text, and
    // the word finds nothing.
    let run = folio.run(&["search", "brain", "--", "--json"]);
    assert!(run.success(), "{run:?}");
    assert!(serde_json::from_str::<serde_json::Value>(&run.stdout).is_err());
    // Options before `--` still count.
    let before = as_array(folio.json(&["search", "--json", "--limit", "1", "--", "brain"]));
    assert_eq!(before.len(), 1);
}

#[test]
fn a_word_starting_with_a_dash_after_the_double_dash_excludes() {
    let folio = Folio::new();
    let quoted = folio.search_ids("attention -transformer");
    let dashed = as_array(folio.json(&[
        "search",
        "--json",
        "--limit",
        "100",
        "--",
        "attention",
        "-transformer",
    ]));
    assert_eq!(ids(&dashed), quoted);
    // `-v` is the verbose flag before `--` and an exclusion after it.
    let all = as_array(folio.json(&["search", "--json", "--limit", "100", "--", "-v"]));
    assert_eq!(all.len(), 73 - folio.search_ids("v").len());
}

#[test]
fn a_mistyped_option_is_an_error_not_a_word() {
    let folio = Folio::new();
    let run = folio.run(&["search", "brain", "--jsn"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("--jsn"), "{run:?}");
    assert_eq!(run.stdout, "");
}

#[test]
fn a_reader_that_closes_the_pipe_at_once_ends_search_quietly() {
    let folio = Folio::new();
    folio.ok(&["stats"]);
    // Every paper as JSON is more than a pipe holds, so whenever the reader
    // closes, folio's write meets the closed pipe (`folio search … | head -0`).
    let args = ["search", "--json", "--limit", "100", "--", "-zzzz"];
    assert!(folio.ok(&args).len() > 70_000);
    let mut child = folio.spawn(&args);
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn any_other_write_error_is_a_message_and_exit_1() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: no /dev/full here");
        return;
    };
    let folio = Folio::new();
    folio.ok(&["stats"]);
    let mut cmd = folio.command(&["search", "brain"]);
    cmd.stdout(full);
    let output = spawn(&mut cmd).wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.matches("could not write the output").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.starts_with("folio: error: "), "{stderr}");
}
