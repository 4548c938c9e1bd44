//! A real terminal for the end-to-end tests of the reader: a tmux server
//! running the folio binary in its one pane, driven by keystrokes and read
//! back by capturing the pane; plus the small readers of a captured screen
//! (top bar, first row, footer, detail title) the tests judge by.
//!
//! Each test runs its own tmux server (`tmux -L <unique name>`), killed by a
//! guard even when the test fails. Without tmux a test passes with a notice.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::common::*;

/// How long a screen or a file may take to show what a test waits for.
pub const PATIENCE: Duration = Duration::from_secs(10);
/// How often the screen is captured while waiting.
pub const POLL: Duration = Duration::from_millis(30);
/// Printed by the pane's shell once folio has exited, with its exit code.
pub const EXIT_MARKER: &str = "FOLIO-EXITED:";
pub const FIRST_TITLE: &str = "Aggregated Contextual Transformations";
pub const SECOND_TITLE: &str = "PatternNet: Visual Pattern Mining";
pub const CODE_HELP: &str = "open the code repository";
pub const HELP_TITLE: &str = "help · Esc closes";

/// Distinguishes the tmux servers of the tests of this process.
static SERVERS: AtomicUsize = AtomicUsize::new(0);

/// A tmux server running folio in its one pane; killed (and its socket file
/// removed, which tmux itself leaves behind) when dropped.
pub struct Term {
    socket: String,
    socket_file: Option<PathBuf>,
}

impl Term {
    /// Starts folio in a `width`×`height` terminal with the environment of
    /// `folio`. When folio exits the pane's shell prints [`EXIT_MARKER`] and
    /// the exit code, then stays as an interactive shell. `None` (after a
    /// notice) when tmux is not installed.
    pub fn start(folio: &Folio, test: &str, width: u16, height: u16) -> Option<Term> {
        let installed = Command::new("tmux")
            .arg("-V")
            .locked_output()
            .is_ok_and(|o| o.status.success());
        if !installed {
            eprintln!("tmux is not installed: skipping the terminal test `{test}`");
            return None;
        }
        let n = SERVERS.fetch_add(1, Ordering::Relaxed);
        let mut term = Term {
            socket: format!("folio-e2e-{}-{n}-{test}", std::process::id()),
            socket_file: None,
        };
        let script = format!(
            "{}; echo {EXIT_MARKER}$?; exec /bin/sh",
            shell_quote(env!("CARGO_BIN_EXE_folio"))
        );
        let mut cmd = term.command();
        folio.isolate(&mut cmd);
        // The server inherits this environment and hands it to the pane.
        cmd.env("SHELL", "/bin/sh")
            .env("PS1", "$ ")
            .env_remove("TMUX")
            .args(["new-session", "-d", "-s", "folio", "-x"])
            .arg(width.to_string())
            .arg("-y")
            .arg(height.to_string())
            .arg(script);
        check(&cmd.locked_output().expect("tmux runs"), "new-session");
        let socket_file = term.tmux(&["display-message", "-p", "#{socket_path}"]);
        term.socket_file = Some(PathBuf::from(socket_file.trim_end()));
        Some(term)
    }

    /// `tmux` talking to this test's server, ignoring any user tmux config.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.args(["-L", &self.socket, "-f", "/dev/null"]);
        cmd
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let out = self
            .command()
            .args(args)
            .locked_output()
            .expect("tmux runs");
        check(&out, &args.join(" "));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The visible screen, one line per row.
    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "folio"])
    }

    /// The visible screen with its colours, as SGR escape sequences.
    pub fn screen_with_colors(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-e", "-t", "folio"])
    }

    /// Sends tmux key names (`Enter`, `Escape`, `C-c`, `j`).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "folio"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Types `text` literally.
    pub fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "folio", "-l", text]);
    }

    /// Pastes `text` as a terminal paste does (through a tmux buffer, so a
    /// text of any length arrives in one go).
    pub fn paste(&self, folio: &Folio, text: &str) {
        let file = folio.path("paste.txt");
        std::fs::write(&file, text).expect("the paste file is written");
        let file = file.to_string_lossy().into_owned();
        self.tmux(&["load-buffer", "-b", "paste", &file]);
        self.tmux(&["paste-buffer", "-d", "-b", "paste", "-t", "folio"]);
    }

    pub fn resize(&self, width: u16, height: u16) {
        let (w, h) = (width.to_string(), height.to_string());
        self.tmux(&["resize-window", "-t", "folio", "-x", &w, "-y", &h]);
    }

    /// Polls the screen until `done` holds; returns that screen, or fails
    /// naming `what` and showing the last screen seen.
    pub fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; the screen was:\n{screen}");
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until the screen shows `text` somewhere.
    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Waits for the first drawn list (the demo corpus, newest first).
    pub fn wait_ready(&self) -> String {
        self.wait_for("the first list", |s| {
            top_bar(s).contains(&format!("{DEMO_PAPERS} papers")) && s.contains(FIRST_TITLE)
        })
    }

    /// Waits for folio to exit; returns its exit code.
    pub fn wait_exit(&self) -> i32 {
        let screen = self.wait_for("folio to exit", |s| exit_code(s).is_some());
        exit_code(&screen).expect("an exit code")
    }

    /// Proves the shell after folio is usable: cooked mode, echo, Enter runs
    /// the line (in raw mode Enter is a bare CR and the shell never runs it).
    pub fn assert_shell_works(&self) {
        // Typed before the shell prints its prompt, the line is echoed by
        // the terminal ahead of the prompt and the answer lands after it.
        self.wait_for("the shell's prompt after folio", |s| {
            s.lines()
                .skip_while(|l| !l.contains(EXIT_MARKER))
                .any(|l| l.trim() == "$")
        });
        self.type_text("echo ok-$((1+1))");
        self.keys(&["Enter"]);
        self.wait_for("the shell to run a command", |s| {
            s.lines().any(|l| l.trim() == "ok-2")
        });
    }

    /// Searches `hopfield` and waits until it is the first row.
    pub fn search_hopfield(&self) {
        self.keys(&["/"]);
        self.type_text("hopfield");
        self.keys(&["Enter"]);
        self.wait_for("Hopfield on the first row", |s| {
            first_row(s).contains(HOPFIELD_TITLE) && top_bar(s).contains("2 papers")
        });
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = self.command().arg("kill-server").locked_output();
        if let Some(file) = &self.socket_file {
            let _ = std::fs::remove_file(file);
        }
    }
}

pub fn check(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "tmux {what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `text` as one single-quoted shell word.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

pub fn line(screen: &str, row: usize) -> &str {
    screen.lines().nth(row).unwrap_or("")
}

pub fn top_bar(screen: &str) -> &str {
    line(screen, 0)
}

/// The first list row, right under the top bar.
pub fn first_row(screen: &str) -> &str {
    line(screen, 1)
}

/// The footer: key hints, or the status message.
pub fn footer(screen: &str) -> &str {
    screen.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("")
}

/// The first line of the detail pane when it stands right of the list.
pub fn detail_title(screen: &str) -> &str {
    first_row(screen)
        .split_once('│')
        .map_or("", |(_, detail)| detail.trim())
}

/// The keys the help overlay lists for the command described as `description`.
pub fn help_keys(screen: &str, description: &str) -> Option<String> {
    screen
        .lines()
        .flat_map(|l| l.split('│'))
        .find_map(|cell| cell.split_once(description))
        .map(|(keys, _)| keys.trim().to_string())
}

pub fn exit_code(screen: &str) -> Option<i32> {
    screen
        .lines()
        .find_map(|l| l.trim().strip_prefix(EXIT_MARKER))
        .and_then(|code| code.trim().parse().ok())
}

/// Runs `probe` until it returns `Some`, for at most [`PATIENCE`].
pub fn poll<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(found) = probe() {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(POLL);
    }
}

pub fn opened_lines(log: &Path) -> String {
    std::fs::read_to_string(log).unwrap_or_default()
}
