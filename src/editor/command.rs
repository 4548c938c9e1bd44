//! Which editor to start: `$VISUAL`, else `$EDITOR`, else `vi`, split into a
//! program and its arguments the way a shell splits words (so
//! `EDITOR="code --wait"` works), and never run through a shell.

use std::ffi::OsString;

use super::EditorError;

/// The editor used when neither `$VISUAL` nor `$EDITOR` names one.
pub const FALLBACK: &str = "vi";

/// An editor to run: the program, the arguments before the file, and where
/// the command came from (for messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorCommand {
    pub program: String,
    pub args: Vec<String>,
    /// `$VISUAL`, `$EDITOR` or the fallback.
    pub source: &'static str,
}

impl EditorCommand {
    /// The editor the environment asks for.
    pub fn from_env() -> Result<EditorCommand, EditorError> {
        EditorCommand::choose(std::env::var_os("VISUAL"), std::env::var_os("EDITOR"))
    }

    /// `visual` wins over `editor`; an unset or blank variable does not count.
    /// The chosen value is split like shell words: whitespace separates,
    /// quotes and backslashes keep spaces in a word (`'/opt/My Editor/ed' -w`).
    pub fn choose(
        visual: Option<OsString>,
        editor: Option<OsString>,
    ) -> Result<EditorCommand, EditorError> {
        let set = |value: Option<OsString>, name: &'static str| {
            value
                .map(|v| v.to_string_lossy().into_owned())
                .filter(|v| !v.trim().is_empty())
                .map(|v| (v, name))
        };
        let (line, source) = set(visual, "$VISUAL")
            .or_else(|| set(editor, "$EDITOR"))
            .unwrap_or_else(|| (FALLBACK.to_string(), "the fallback editor"));
        let mut words = crate::browser::split_words(&line)
            .map_err(|why| EditorError::BadCommand {
                source_name: source,
                line: line.clone(),
                why: why.to_string(),
            })?
            .into_iter();
        let program = words.next().ok_or_else(|| EditorError::BadCommand {
            source_name: source,
            line: line.clone(),
            why: "it names no program".into(),
        })?;
        Ok(EditorCommand {
            program,
            args: words.collect(),
            source,
        })
    }

    /// The command as the user would write it, for messages.
    pub fn display(&self) -> String {
        std::iter::once(self.program.as_str())
            .chain(self.args.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choose(visual: Option<&str>, editor: Option<&str>) -> Result<EditorCommand, EditorError> {
        EditorCommand::choose(visual.map(OsString::from), editor.map(OsString::from))
    }

    #[test]
    fn visual_wins_over_editor_and_vi_is_the_fallback() {
        let cmd = choose(Some("nvim"), Some("nano")).unwrap();
        assert_eq!((cmd.program.as_str(), cmd.source), ("nvim", "$VISUAL"));
        let cmd = choose(None, Some("nano")).unwrap();
        assert_eq!((cmd.program.as_str(), cmd.source), ("nano", "$EDITOR"));
        let cmd = choose(None, None).unwrap();
        assert_eq!(cmd.program, FALLBACK);
        assert!(cmd.args.is_empty());
    }

    #[test]
    fn a_blank_variable_counts_as_unset() {
        let cmd = choose(Some("  "), Some("nano")).unwrap();
        assert_eq!(cmd.program, "nano");
        let cmd = choose(Some(""), Some("")).unwrap();
        assert_eq!(cmd.program, FALLBACK);
    }

    #[test]
    fn arguments_are_split_like_shell_words() {
        let cmd = choose(None, Some("code --wait")).unwrap();
        assert_eq!(cmd.program, "code");
        assert_eq!(cmd.args, ["--wait"]);
        let cmd = choose(Some("'/opt/My Editor/ed' -n  \"+set ft=md\""), None).unwrap();
        assert_eq!(cmd.program, "/opt/My Editor/ed");
        assert_eq!(cmd.args, ["-n", "+set ft=md"]);
        assert_eq!(cmd.display(), "/opt/My Editor/ed -n +set ft=md");
    }

    #[test]
    fn an_unclosed_quote_names_the_variable_and_the_fix() {
        let err = choose(None, Some("'vim")).unwrap_err().to_string();
        assert!(err.contains("$EDITOR"), "{err}");
        assert!(err.contains("quote"), "{err}");
        assert!(err.contains("export EDITOR="), "{err}");
    }
}
