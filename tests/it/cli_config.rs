//! `folio config path|show|edit` through the binary: the path in force and
//! whether it exists, the settings in force (the user's values over the
//! defaults), and editing with a stand-in editor that creates, changes or
//! breaks the file.

use crate::common::*;

/// A folio whose `$EDITOR` is a script with `body` (`$1` is the config file).
fn with_editor(body: &str) -> Folio {
    let mut folio = Folio::new();
    let script = folio.path("editor.sh");
    write_executable(&script, &format!("#!/bin/sh\n{body}\n"));
    folio.set_env("VISUAL", "");
    folio.set_env("EDITOR", &script);
    folio
}

#[test]
fn path_prints_the_file_in_force_and_says_whether_it_exists() {
    let folio = Folio::new();
    let run = folio.run(&["config", "path"]);
    assert!(run.success(), "{run:?}");
    assert_eq!(run.stdout, format!("{}\n", folio.config_file().display()));
    assert!(run.stderr.contains("does not exist"), "{run:?}");

    folio.write_config("browser = \"firefox %s\"\n");
    let run = folio.run(&["config", "path"]);
    assert_eq!(run.stdout, format!("{}\n", folio.config_file().display()));
    assert!(
        run.stderr.contains("exists") && !run.stderr.contains("not"),
        "{run:?}"
    );

    let other = folio.path("other.toml");
    let out = folio.ok(&["--config", other.to_str().unwrap(), "config", "path"]);
    assert_eq!(out, format!("{}\n", other.display()));
}

#[test]
fn show_puts_the_users_values_over_the_defaults() {
    let folio = Folio::new();
    let defaults = folio.json(&["config", "show", "--json"]);
    assert_eq!(defaults["notify_timeout"], 60);
    assert_eq!(defaults["theme"]["base"], "dark");
    assert!(defaults.get("browser").is_none(), "{defaults}");

    folio.write_config(
        "browser = \"firefox %s\"\n[theme]\nbase = \"light\"\n[keys]\nopen_code = \"x\"\n",
    );
    let shown = folio.json(&["config", "show", "--json"]);
    assert_eq!(shown["browser"], "firefox %s");
    assert_eq!(shown["theme"]["base"], "light");
    assert_eq!(shown["keys"]["open_code"], "x");
    assert_eq!(
        shown["notify_timeout"], 60,
        "a default the file leaves alone"
    );

    let toml = folio.ok(&["config", "show"]);
    assert!(toml.starts_with("# The settings in force"), "{toml}");
    assert!(toml.contains("browser = \"firefox %s\""), "{toml}");
    assert!(toml.contains("notify_timeout = 60"), "{toml}");
    assert!(toml.contains("base = \"light\""), "{toml}");
}

#[test]
fn show_reports_a_broken_file() {
    let folio = Folio::new();
    folio.write_config("colour = 1\n");
    let run = folio.fails(&["config", "show"]);
    assert!(run.stderr.contains("colour"), "{run:?}");
}

#[test]
fn edit_creates_the_file_from_the_example_and_the_change_is_in_force() {
    let folio = with_editor(
        "sed 's/^# notify_timeout = 60$/notify_timeout = 5/' \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\"",
    );
    assert!(!folio.config_file().exists());
    let run = folio.run(&["config", "edit"]);
    assert!(run.success(), "{run:?}");
    assert!(run.stderr.contains("created"), "{run:?}");
    assert!(run.stdout.contains("is valid"), "{run:?}");
    let text = std::fs::read_to_string(folio.config_file()).unwrap();
    assert!(text.starts_with("# folio configuration."), "{text}");
    assert_eq!(
        folio.json(&["config", "show", "--json"])["notify_timeout"],
        5
    );
}

#[test]
fn edit_that_breaks_the_file_reports_the_error_and_the_fix() {
    let folio = with_editor("printf 'notify_timeout = \"soon\"\\n' > \"$1\"");
    folio.write_config("notify_timeout = 5\n");
    let run = folio.fails(&["config", "edit"]);
    assert!(run.stderr.contains("notify_timeout"), "{run:?}");
    assert!(run.stderr.contains("config.toml:1:18: "), "{run:?}");
    assert!(
        run.stderr.contains("run `folio config edit` again"),
        "{run:?}"
    );
}

#[test]
fn edit_that_binds_an_unknown_command_reports_it() {
    let folio = with_editor("printf '[keys]\\nopen_kode = \"x\"\\n' > \"$1\"");
    folio.write_config("# mine\n");
    let run = folio.fails(&["config", "edit"]);
    assert!(
        run.stderr
            .contains("config.toml:2:1: unknown command `open_kode`"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("run `folio config edit` again"),
        "{run:?}"
    );
}
