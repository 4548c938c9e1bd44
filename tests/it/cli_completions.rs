//! Acceptance of `folio completions SHELL` and `folio man`: the scripts are
//! not just printed but loaded by the real shells (bash always; zsh and
//! `man` when installed, which `.ci/run` makes sure of), so a completion
//! that only looks right fails here.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::*;

/// Writes `folio completions SHELL` into the test's temp dir.
fn script(folio: &Folio, shell: &str) -> std::path::PathBuf {
    let text = folio.ok(&["completions", shell]);
    assert!(!text.trim().is_empty(), "an empty {shell} script");
    let file = folio.path(&format!("folio.{shell}"));
    std::fs::write(&file, text).expect("script written");
    file
}

fn on_path(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .locked_status()
        .is_ok_and(|status| status.success())
}

/// Runs `shell` with `args` and stdin closed; returns (success, stdout, stderr).
fn run_shell(program: &str, args: &[&str]) -> (bool, String, String) {
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .locked_output()
        .unwrap_or_else(|e| panic!("{program} could not start: {e}"));
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Sources the bash script and calls the function it registers for `folio`
/// the way bash's completion does, for the command line `words` with the
/// cursor at the end of the last word; returns the words offered.
fn bash_complete(file: &Path, function: &str, words: &[&str]) -> Vec<String> {
    let cword = words.len() - 1;
    let line = words.join(" ");
    let prev = if cword > 0 { words[cword - 1] } else { "" };
    let program = format!(
        r#"source "$1" || exit 3
COMP_WORDS=({words})
COMP_CWORD={cword}
COMP_LINE='{line}'
COMP_POINT={point}
{function} folio '{cur}' '{prev}'
printf '%s\n' "${{COMPREPLY[@]}}""#,
        words = words
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" "),
        point = line.len(),
        cur = words[cword],
    );
    let file = file.to_str().expect("a UTF-8 temp path");
    let (ok, stdout, stderr) = run_shell(
        "bash",
        &["--norc", "--noprofile", "-c", &program, "bash", file],
    );
    assert!(ok, "bash completion of {words:?} failed: {stderr}");
    assert_eq!(stderr, "", "bash complained completing {words:?}");
    stdout.lines().map(str::to_string).collect()
}

#[test]
fn bash_completion_offers_subcommands_and_options() {
    let folio = Folio::new();
    let file = script(&folio, "bash");
    let text = std::fs::read_to_string(&file).expect("script read");
    // The function clap_complete registers: `complete -F NAME ... folio`.
    let function = text
        .lines()
        .find_map(|line| {
            let rest = line.trim().strip_prefix("complete -F ")?;
            line.trim_end()
                .ends_with(" folio")
                .then(|| rest.split_whitespace().next())
                .flatten()
        })
        .unwrap_or_else(|| panic!("no `complete -F FUNCTION ... folio` in:\n{text}"))
        .to_string();

    let offered = bash_complete(&file, &function, &["folio", "se"]);
    assert!(offered.contains(&"search".to_string()), "{offered:?}");
    assert!(offered.contains(&"seen".to_string()), "{offered:?}");
    assert!(
        offered.iter().all(|word| word.starts_with("se")),
        "{offered:?}"
    );

    let offered = bash_complete(&file, &function, &["folio", "recommend", "--"]);
    assert!(offered.contains(&"--tag".to_string()), "{offered:?}");
    assert!(offered.contains(&"--limit".to_string()), "{offered:?}");
}

#[test]
fn every_shell_gets_a_script_and_a_bad_shell_is_refused() {
    let folio = Folio::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let text = folio.ok(&["completions", shell]);
        assert!(text.contains("folio"), "{shell}: {text}");
        assert!(text.contains("recommend"), "{shell} names the subcommands");
    }
    let run = folio.run(&["completions", "tcsh"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("possible values"), "{run:?}");
}

#[test]
fn completions_and_man_need_no_data_dir() {
    // They describe the command line only: nothing is created or opened.
    let folio = Folio::new();
    folio.ok(&["completions", "bash"]);
    folio.ok(&["man"]);
    assert!(!folio.data_dir().exists(), "the data dir was created");
}

#[test]
fn zsh_completion_loads() {
    if !on_path("zsh") {
        println!("NOTICE: skipped: zsh not installed");
        return;
    }
    let folio = Folio::new();
    let file = script(&folio, "zsh");
    let file = file.to_str().expect("a UTF-8 temp path");

    let (ok, _, stderr) = run_shell("zsh", &["-n", file]);
    assert!(ok, "zsh -n rejects the script: {stderr}");

    let home = folio.path("zsh-home");
    std::fs::create_dir_all(&home).expect("zsh home created");
    let program = format!(
        r#"autoload -U compinit && compinit -u -d "{dump}" && source "$1" || exit 3
(( $+functions[_folio] )) || {{ print -u2 '_folio is not defined'; exit 4; }}
print ok"#,
        dump = home.join("zcompdump").display()
    );
    let output = Command::new("zsh")
        .args(["-f", "-c", &program, "zsh", file])
        .env("ZDOTDIR", &home)
        .env("HOME", &home)
        .stdin(Stdio::null())
        .locked_output()
        .expect("zsh started");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.trim() == "ok",
        "zsh could not load the script: {stdout}{stderr}"
    );
    assert_eq!(stderr, "", "zsh complained loading the script");
}

#[test]
fn man_page_is_roff_naming_every_subcommand() {
    let folio = Folio::new();
    let page = folio.ok(&["man"]);
    // clap_mangen opens with two `.ie`/`.el` string definitions, then the title.
    let first_macro = page
        .lines()
        .find(|line| !line.starts_with(".ie") && !line.starts_with(".el"))
        .unwrap_or_default();
    assert!(first_macro.starts_with(".TH folio 1"), "{first_macro}");
    assert!(page.starts_with('.'), "not roff: {page}");
    for command in ["search", "recommend", "seen", "completions", "man", "sync"] {
        assert!(
            page.contains(&format!("folio\\-{command}(1)")),
            "the page does not name {command}: {page}"
        );
    }
}

#[test]
fn man_renders_with_man() {
    if !on_path("man") {
        println!("NOTICE: skipped: man not installed");
        return;
    }
    let folio = Folio::new();
    let file = folio.path("folio.1");
    std::fs::write(&file, folio.ok(&["man"])).expect("page written");
    let output = Command::new("man")
        .arg("-l")
        .arg(&file)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .stdin(Stdio::null())
        .locked_output()
        .expect("man started");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "man -l failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(text.contains("folio"), "{text}");
    assert!(text.contains("recommend"), "{text}");
}

#[test]
fn man_dir_writes_one_page_per_subcommand() {
    let folio = Folio::new();
    let dir = folio.path("man1");
    let out = folio.ok(&["man", "--dir", dir.to_str().expect("UTF-8")]);
    assert_eq!(out, "");
    for page in [
        "folio.1",
        "folio-search.1",
        "folio-recommend.1",
        "folio-bookmark-add.1",
    ] {
        let text = std::fs::read_to_string(dir.join(page))
            .unwrap_or_else(|e| panic!("{page} not written: {e}"));
        assert!(text.contains(".TH"), "{page}: {text}");
    }

    // A path that cannot be a directory is an error, not a panic.
    let blocker = folio.path("a-file");
    std::fs::write(&blocker, "").expect("file written");
    folio.fails(&["man", "--dir", blocker.join("sub").to_str().expect("UTF-8")]);
}
