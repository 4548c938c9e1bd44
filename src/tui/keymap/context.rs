//! Where the keyboard focus is. Each context has its own bindings, and its
//! name is the `[keys.NAME]` table of `config.toml` that rebinds keys there.

/// A part of the reader with its own keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// The paper list.
    List,
    /// The detail pane, focused.
    Detail,
    /// The link picker over the list.
    Links,
    /// The help overlay.
    Help,
    /// The watches view.
    Watches,
    /// A paper's full text, with its contents and links popups.
    Text,
    /// Typing a search: the query, or a search in the text.
    Query,
    /// The tag and note editors (single-line text fields).
    Editor,
    /// A yes/no question (marking every paper of a list read).
    Confirm,
}

impl Context {
    pub const ALL: [Context; 9] = [
        Context::List,
        Context::Detail,
        Context::Links,
        Context::Help,
        Context::Watches,
        Context::Text,
        Context::Query,
        Context::Editor,
        Context::Confirm,
    ];

    /// The name of its `[keys.NAME]` table.
    pub fn name(self) -> &'static str {
        match self {
            Context::List => "list",
            Context::Detail => "detail",
            Context::Links => "links",
            Context::Help => "help",
            Context::Watches => "watches",
            Context::Text => "text",
            Context::Query => "query",
            Context::Editor => "editor",
            Context::Confirm => "confirm",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Whether keys type text here: a character a plain `[keys]` entry
    /// binds is left to typing (`[keys.query]` or `[keys.editor]` can still
    /// bind one).
    pub fn types_text(self) -> bool {
        matches!(self, Context::Query | Context::Editor)
    }

    /// Every context name, comma separated (for error messages).
    pub fn names() -> String {
        Context::ALL.map(Context::name).join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Context::ALL {
            assert_eq!(Context::from_name(c.name()), Some(c));
        }
        assert_eq!(Context::from_name("lists"), None);
    }
}
