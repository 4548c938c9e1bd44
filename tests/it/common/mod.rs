//! The harness every end-to-end test shares: it runs the real `folio` binary
//! in a throwaway data dir, with a config path of its own and a clean
//! environment, so no test sees another test's state, the user's home or the
//! user's browser settings.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::RwLock;
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

pub mod read_only;

/// The Hopfield paper of the demo corpus: a title match, with a code link.
pub const HOPFIELD_ID: &str = "hopfield-networks-is-all-you-need";
pub const HOPFIELD_TITLE: &str = "Hopfield Networks is All You Need";
pub const HOPFIELD_CODE: &str = "https://github.com/ml-jku/hopfield-layers";
/// Papers in the demo corpus every fresh data dir starts with.
pub const DEMO_PAPERS: u64 = 73;

/// Writers of executables take this exclusively and every spawn takes it
/// shared: a child forked while a script is still open for writing would make
/// executing that script fail with ETXTBSY ("text file busy").
static SPAWN_LOCK: RwLock<()> = RwLock::new(());

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }
}

/// One isolated folio installation: `data/` is the data dir, `config.toml`
/// the config file (absent until a test writes it).
pub struct Folio {
    dir: TempDir,
    env: Vec<(String, OsString)>,
}

impl Folio {
    pub fn new() -> Folio {
        Folio {
            dir: tempfile::tempdir().expect("a temp dir"),
            env: Vec::new(),
        }
    }

    /// A path inside this test's temp dir.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn data_dir(&self) -> PathBuf {
        self.path("data")
    }

    pub fn config_file(&self) -> PathBuf {
        self.path("config.toml")
    }

    pub fn write_config(&self, text: &str) {
        std::fs::write(self.config_file(), text).expect("config written");
    }

    /// Sets an extra environment variable for every later run.
    pub fn set_env(&mut self, key: &str, value: impl Into<OsString>) {
        self.env.push((key.to_string(), value.into()));
    }

    /// The command, not yet started, with the isolated environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_folio"));
        cmd.args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        self.isolate(&mut cmd);
        cmd
    }

    /// Gives any command (folio itself, or a terminal that will run folio)
    /// this installation's environment: its data dir, config path and home,
    /// no `$BROWSER`, plus every variable set with [`Folio::set_env`].
    pub fn isolate<'c>(&self, cmd: &'c mut Command) -> &'c mut Command {
        cmd.env("FOLIO_DATA_DIR", self.data_dir())
            .env("FOLIO_CONFIG", self.config_file())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.path("xdg-config"))
            .env("XDG_DATA_HOME", self.path("xdg-data"))
            .env_remove("BROWSER")
            .env_remove("NO_COLOR")
            .env_remove("COLUMNS");
        for (key, value) in &self.env {
            cmd.env(key, value);
        }
        cmd
    }

    /// Puts a stand-in `xdg-open` first on PATH that appends each URL it is
    /// given to a log file, so "which link was opened" can be asserted
    /// without a browser. Returns the log file (absent until something opens).
    pub fn fake_xdg_open(&mut self) -> PathBuf {
        let bin = self.path("fake-bin");
        std::fs::create_dir_all(&bin).expect("fake bin dir created");
        write_executable(
            &bin.join("xdg-open"),
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> \"$FOLIO_TEST_OPEN_LOG\"\n",
        );
        let mut path = OsString::from(&bin);
        if let Some(system) = std::env::var_os("PATH") {
            path.push(":");
            path.push(system);
        }
        self.set_env("PATH", path);
        let log = self.path("opened.log");
        self.set_env("FOLIO_TEST_OPEN_LOG", &log);
        log
    }

    /// Starts the binary without waiting for it.
    pub fn spawn(&self, args: &[&str]) -> Child {
        spawn(&mut self.command(args))
    }

    pub fn run(&self, args: &[&str]) -> Run {
        finish(self.spawn(args))
    }

    /// Runs with `input` as standard input.
    pub fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        let mut cmd = self.command(args);
        cmd.stdin(Stdio::piped());
        let mut child = spawn(&mut cmd);
        let mut stdin = child.stdin.take().expect("stdin is piped");
        stdin.write_all(input).expect("stdin written");
        drop(stdin);
        finish(child)
    }

    /// Runs and asserts success; returns standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert!(run.success(), "folio {args:?} failed: {run:?}");
        run.stdout
    }

    /// Runs and asserts failure with nothing on stdout and a message on stderr.
    pub fn fails(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert!(
            !run.success() && run.code.is_some(),
            "folio {args:?} should fail: {run:?}"
        );
        assert_eq!(run.stdout, "", "folio {args:?} printed to stdout");
        assert!(
            run.stderr.starts_with("folio: error: "),
            "folio {args:?} gave no error message: {run:?}"
        );
        run
    }

    /// Runs `args` (which should include `--json`) and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("folio {args:?} printed invalid JSON ({e}): {out}"))
    }

    /// `folio search QUERY --limit 100 --json` plus `extra` flags.
    pub fn search(&self, query: &str, extra: &[&str]) -> Vec<Value> {
        let mut args = vec!["search", query, "--limit", "100", "--json"];
        args.extend_from_slice(extra);
        as_array(self.json(&args))
    }

    pub fn search_ids(&self, query: &str) -> Vec<String> {
        ids(&self.search(query, &[]))
    }

    pub fn show(&self, id: &str) -> Value {
        self.json(&["show", id, "--json"])
    }

    pub fn paper_count(&self) -> u64 {
        self.json(&["stats", "--json"])["papers"]
            .as_u64()
            .expect("stats has a paper count")
    }

    /// Every stored paper (with its abstract), by id.
    pub fn all_papers(&self) -> HashMap<String, Value> {
        let all = as_array(self.json(&["export", "--query", "", "--format", "json"]));
        all.into_iter().map(|p| (str_field(&p, "id"), p)).collect()
    }

    /// The id of the only paper with exactly this title.
    pub fn id_of(&self, title: &str) -> String {
        let all = as_array(self.json(&["list", "--limit", "0", "--json"]));
        let found: Vec<String> = all
            .iter()
            .filter(|p| p["title"] == title)
            .map(|p| str_field(p, "id"))
            .collect();
        assert_eq!(found.len(), 1, "papers titled {title:?}: {found:?}");
        found[0].clone()
    }

    /// Writes `text` to a file in the temp dir and imports it.
    pub fn import_file(&self, name: &str, text: impl AsRef<[u8]>) -> Run {
        let file = self.path(name);
        std::fs::write(&file, text).expect("import file written");
        self.run(&["import", file.to_str().expect("UTF-8 temp path")])
    }
}

/// Starts any command (safely against ETXTBSY, see [`SPAWN_LOCK`]).
pub fn spawn(cmd: &mut Command) -> Child {
    let _shared = SPAWN_LOCK.read().unwrap_or_else(|e| e.into_inner());
    cmd.spawn().expect("the folio binary starts")
}

/// `Command::output`/`status`, safely against ETXTBSY: every module of the
/// test binary starts its tools (tmux, shells, kill, mount) through these,
/// so none forks while another writes a script.
pub trait SpawnLocked {
    fn locked_output(&mut self) -> std::io::Result<std::process::Output>;
    fn locked_status(&mut self) -> std::io::Result<std::process::ExitStatus>;
}

impl SpawnLocked for Command {
    fn locked_output(&mut self) -> std::io::Result<std::process::Output> {
        let _shared = SPAWN_LOCK.read().unwrap_or_else(|e| e.into_inner());
        self.output()
    }

    fn locked_status(&mut self) -> std::io::Result<std::process::ExitStatus> {
        let _shared = SPAWN_LOCK.read().unwrap_or_else(|e| e.into_inner());
        self.status()
    }
}

/// Waits for a started command and collects what it did.
pub fn finish(child: Child) -> Run {
    let output = child.wait_with_output().expect("folio ran");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Writes a shell script and makes it executable, safely against ETXTBSY.
pub fn write_executable(path: &Path, script: &str) {
    let _exclusive = SPAWN_LOCK.write().unwrap_or_else(|e| e.into_inner());
    std::fs::write(path, script).expect("script written");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .expect("script made executable");
}

/// Polls `path` (up to 10 s, every 25 ms) until its text satisfies `done`;
/// returns the text, or whatever it holds at the deadline.
pub fn wait_for_file(path: &Path, done: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if done(&text) || Instant::now() > deadline {
            return text;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// A listing file as copied from the HF papers page: header, date line, then
/// a title line and an abstract line per paper.
pub fn listing(date: &str, papers: &[(&str, &str)]) -> String {
    let mut text = String::from("new\n\nDaily Papers\n\n");
    text.push_str(date);
    text.push_str("\n\n");
    for (title, abstract_text) in papers {
        text.push_str(&format!("{title}\n\n{abstract_text}\n\n"));
    }
    text
}

pub fn as_array(value: Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items,
        other => panic!("expected a JSON array, got {other}"),
    }
}

pub fn str_field(value: &Value, key: &str) -> String {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {value}"))
        .to_string()
}

pub fn ids(hits: &[Value]) -> Vec<String> {
    hits.iter().map(|h| str_field(h, "id")).collect()
}

pub fn titles(hits: &[Value]) -> Vec<String> {
    hits.iter().map(|h| str_field(h, "title")).collect()
}

/// Title and abstract, lowercased, of a paper from [`Folio::all_papers`].
pub fn text_of(paper: &Value) -> String {
    format!(
        "{}\n{}",
        str_field(paper, "title"),
        str_field(paper, "abstract")
    )
    .to_lowercase()
}
