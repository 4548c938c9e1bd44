//! Opens a paper's links in the user's browser without ever handing the URL
//! to a shell: only http(s) links are accepted, the browser command is split
//! here and spawned directly, detached so a long-running TUI never blocks on it.

use std::process::{Command, Stdio};

use crate::model::is_openable_url;

/// How many characters of a refused URL an error message shows.
const SHOWN_URL_CHARS: usize = 60;

/// Why a link could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("refusing to open `{0}`: only http and https links are opened")]
    NotOpenable(String),
    #[error(
        "the browser command `{command}` is malformed: {reason}; \
         fix `browser` in config.toml or $BROWSER"
    )]
    BadCommand { command: String, reason: String },
    #[error("could not start `{command}`: {source}; set `browser` in config.toml or $BROWSER")]
    Launch {
        command: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "refusing to open `{0}`: the only local files folio opens are the PDFs it keeps in its data dir"
    )]
    NotInDataDir(String),
    #[error(
        "no program to open links was found (tried xdg-open and the other system openers): \
         {source}; set `browser` in config.toml or $BROWSER"
    )]
    NoOpener {
        #[source]
        source: std::io::Error,
    },
}

/// Opens `url` with `browser` (the config's command), else `$BROWSER`, else the
/// system opener. Returns once the program has been started; it is never waited on.
pub fn open_url(url: &str, browser: Option<&str>) -> Result<(), OpenError> {
    if !is_openable_url(url) {
        return Err(OpenError::NotOpenable(shorten(url)));
    }
    match choose_command(browser, std::env::var("BROWSER").ok()) {
        Some(command) => launch(&command, url),
        None => open::that_detached(url).map_err(|source| OpenError::NoOpener { source }),
    }
}

/// Opens a file folio keeps (a downloaded PDF) with the same program as
/// links. Only a file inside `data_dir` is ever opened: this is the one
/// non-http target folio hands to another program.
pub fn open_kept_file(
    path: &std::path::Path,
    data_dir: &std::path::Path,
    browser: Option<&str>,
) -> Result<(), OpenError> {
    let refused = || OpenError::NotInDataDir(shorten(&path.display().to_string()));
    let file = path.canonicalize().map_err(|_| refused())?;
    let dir = data_dir.canonicalize().map_err(|_| refused())?;
    if !file.starts_with(&dir) || !file.is_file() {
        return Err(refused());
    }
    let shown = file.to_string_lossy().into_owned();
    match choose_command(browser, std::env::var("BROWSER").ok()) {
        Some(command) => launch(&command, &shown),
        None => open::that_detached(&file).map_err(|source| OpenError::NoOpener { source }),
    }
}

/// The browser command to use: the configured one, else the first entry of
/// `$BROWSER` (a `:`-separated list by convention). `None` means "system opener".
fn choose_command(configured: Option<&str>, env_browser: Option<String>) -> Option<String> {
    if let Some(command) = configured.filter(|c| !c.trim().is_empty()) {
        return Some(command.to_string());
    }
    let env_browser = env_browser?;
    let first = env_browser.split(':').next().unwrap_or_default().trim();
    (!first.is_empty()).then(|| first.to_string())
}

/// Starts `command` on `url` detached, reaping it on a background thread.
fn launch(command: &str, url: &str) -> Result<(), OpenError> {
    let argv = command_line(command, url)?;
    let (program, args) = argv.split_first().ok_or_else(|| OpenError::BadCommand {
        command: command.to_string(),
        reason: "it names no program".to_string(),
    })?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| OpenError::Launch {
            command: program.clone(),
            source,
        })?;
    // Waiting on a thread keeps finished browsers from lingering as zombies.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// The argument vector for `command` opening `url`: every `%s` is replaced by
/// the URL; without any `%s` the URL becomes the last argument.
fn command_line(command: &str, url: &str) -> Result<Vec<String>, OpenError> {
    let mut words = split_words(command).map_err(|reason| OpenError::BadCommand {
        command: command.to_string(),
        reason: reason.to_string(),
    })?;
    if words.iter().any(|w| w.contains("%s")) {
        for word in &mut words {
            *word = word.replace("%s", url);
        }
    } else {
        words.push(url.to_string());
    }
    Ok(words)
}

/// Splits a command line the way a POSIX shell would split words: whitespace
/// separates, single quotes are literal, double quotes allow `\"` `\\` `\$`
/// `` \` `` escapes, and a backslash outside quotes escapes the next character.
pub(crate) fn split_words(line: &str) -> Result<Vec<String>, &'static str> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("a single quote is not closed"),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("a double quote is not closed"),
                        },
                        Some(c) => word.push(c),
                        None => return Err("a double quote is not closed"),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some(c) => word.push(c),
                    None => return Err("it ends with a lone backslash"),
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// A refused URL as shown in an error: at most [`SHOWN_URL_CHARS`] characters,
/// control characters escaped so they cannot disturb the terminal.
fn shorten(url: &str) -> String {
    let mut shown: String = url
        .chars()
        .take(SHOWN_URL_CHARS)
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect();
    if url.chars().count() > SHOWN_URL_CHARS {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn words(line: &str) -> Vec<String> {
        split_words(line).unwrap()
    }

    #[test]
    fn refuses_links_that_are_not_http() {
        for url in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,<script>alert(1)</script>",
            "",
            "https://example.com/a b",
            "ftp://example.com/",
        ] {
            let err = open_url(url, Some("/nonexistent/browser")).unwrap_err();
            assert!(matches!(err, OpenError::NotOpenable(_)), "{url}: {err}");
        }
    }

    #[test]
    fn refusal_message_explains_and_truncates() {
        let url = format!("javascript:{}", "a".repeat(200));
        let message = open_url(&url, None).unwrap_err().to_string();
        assert!(
            message.starts_with("refusing to open `javascript:aaa"),
            "{message}"
        );
        assert!(message.contains("…`"), "{message}");
        assert!(message.ends_with("only http and https links are opened"));
        assert!(message.len() < 150, "{message}");
    }

    #[test]
    fn refusal_message_escapes_control_characters() {
        let message = shorten("javascript:\u{1b}[2J");
        assert_eq!(message, "javascript:\\u{1b}[2J");
    }

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(
            words("firefox --new-tab %s"),
            ["firefox", "--new-tab", "%s"]
        );
        assert_eq!(words("  a   b  "), ["a", "b"]);
        assert_eq!(
            words("'/opt/My Browser/run' -x"),
            ["/opt/My Browser/run", "-x"]
        );
        assert_eq!(words(r#""a \"b\" \n" c"#), [r#"a "b" \n"#, "c"]);
        assert_eq!(words(r"my\ browser"), ["my browser"]);
        assert_eq!(words(r#"pre'fix'"ed""#), ["prefixed"]);
        assert_eq!(words("x ''"), ["x", ""]);
        assert!(words("").is_empty());
    }

    #[test]
    fn rejects_unterminated_quotes() {
        assert!(split_words("'firefox").is_err());
        assert!(split_words("\"firefox").is_err());
        assert!(split_words("firefox \\").is_err());
        let err = command_line("'firefox", "https://x.org").unwrap_err();
        assert!(err.to_string().contains("fix `browser`"), "{err}");
    }

    #[test]
    fn substitutes_or_appends_the_url() {
        let url = "https://arxiv.org/abs/2401.00001";
        assert_eq!(
            command_line("firefox --new-tab %s", url).unwrap(),
            ["firefox", "--new-tab", url]
        );
        assert_eq!(command_line("firefox", url).unwrap(), ["firefox", url]);
        assert_eq!(
            command_line("b --url=%s", url).unwrap(),
            ["b", &format!("--url={url}")]
        );
    }

    #[test]
    fn command_choice_prefers_config_then_first_browser_entry() {
        let env = || Some("lynx:w3m".to_string());
        assert_eq!(
            choose_command(Some("firefox"), env()).as_deref(),
            Some("firefox")
        );
        assert_eq!(choose_command(None, env()).as_deref(), Some("lynx"));
        assert_eq!(choose_command(Some("  "), env()).as_deref(), Some("lynx"));
        assert_eq!(choose_command(None, Some(String::new())), None);
        assert_eq!(choose_command(None, None), None);
    }

    #[test]
    fn missing_browser_program_is_reported_with_the_fix() {
        let err = open_url("https://example.com", Some("/nonexistent/folio-browser %s"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("could not start `/nonexistent/folio-browser`"),
            "{err}"
        );
        assert!(
            err.contains("set `browser` in config.toml or $BROWSER"),
            "{err}"
        );
    }

    #[test]
    fn opens_the_url_with_the_configured_program_and_no_shell() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("opened.log");
        let script = dir.path().join("browser.sh");
        std::fs::write(
            &script,
            format!("#!/bin/sh\necho \"$1\" >> '{}'\n", log.display()),
        )
        .unwrap();
        // Shell metacharacters in the URL must arrive verbatim, not be interpreted.
        let url = "https://example.com/a?b=1&c=$HOME;d=1";
        // Running the script through `sh` avoids ETXTBSY races with other tests forking.
        let browser = format!("/bin/sh '{}' %s", script.display());
        open_url(url, Some(&browser)).unwrap();

        let deadline = Instant::now() + Duration::from_secs(5);
        let logged = loop {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            if text.ends_with('\n') || Instant::now() > deadline {
                break text;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(logged, format!("{url}\n"));
    }
}
