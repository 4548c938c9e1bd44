//! The parsed form of a folio query, independent of tantivy so the CLI, the
//! TUI and the highlighter all agree on what the user asked for.

/// Which text a word or phrase is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Title, authors and abstract (a bare word).
    Any,
    Title,
    Authors,
    Abstract,
    /// A paper's full text (`body:`), when it was fetched.
    Body,
}

/// `has:` flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HasFlag {
    Code,
    Project,
    /// The full text was fetched (`has:fulltext`).
    FullText,
    /// The PDF was downloaded (`has:pdf`).
    Pdf,
}

/// `is:` states, resolved against the user's library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsState {
    Bookmarked,
    Read,
    /// Neither read nor dismissed.
    Unread,
    /// First imported since the user last looked.
    New,
    /// The user said they are not interested ("not interested" / dismiss).
    Dismissed,
}

/// One node of a query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Every child must match (words separated by spaces).
    And(Vec<Node>),
    /// At least one child must match (`a OR b`).
    Or(Vec<Node>),
    /// The child must not match (`-word`).
    Not(Box<Node>),
    /// A single word; `prefix` when it is the word being typed.
    Word {
        scope: Scope,
        text: String,
        prefix: bool,
    },
    /// `"an exact phrase"`.
    Phrase {
        scope: Scope,
        text: String,
    },
    /// `cat:cs.CV` (also matches keywords; `cat:cs` matches every `cs.*`).
    Category(String),
    /// `year:2023`, `year:2020..2023`, `year:2020..`, `year:..2023`.
    Years {
        from: Option<u16>,
        to: Option<u16>,
    },
    /// `date:2026-03-14`, `date:2026-03-01..2026-03-31` (both days included).
    Dates {
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
    },
    Has(HasFlag),
    Is(IsState),
    Tag(String),
    /// `watch:NAME`: the papers the user's watch of that name matches.
    Watch(String),
}

impl Node {
    /// True when the node ranks papers by text (so relevance is the natural sort).
    pub fn has_text(&self) -> bool {
        match self {
            Node::And(children) | Node::Or(children) => children.iter().any(Node::has_text),
            Node::Not(_) => false,
            Node::Word { .. } | Node::Phrase { .. } => true,
            _ => false,
        }
    }

    /// The names of the watches the query uses (`watch:NAME`).
    pub fn watch_names(&self) -> Vec<&str> {
        let mut out = Vec::new();
        // The parser bounds the depth, so this walk is bounded too.
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            match node {
                Node::And(children) | Node::Or(children) => stack.extend(children),
                Node::Not(inner) => stack.push(inner),
                Node::Watch(name) => out.push(name.as_str()),
                _ => {}
            }
        }
        out
    }

    /// Whether the query says anything about dismissed papers (`is:dismissed`,
    /// also under `-` or `OR`): then the reader's feed views leave them in.
    pub fn mentions_dismissed(&self) -> bool {
        // The parser bounds the depth, so this walk is bounded too.
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            match node {
                Node::And(children) | Node::Or(children) => stack.extend(children),
                Node::Not(inner) => stack.push(inner),
                Node::Is(IsState::Dismissed) => return true,
                _ => {}
            }
        }
        false
    }

    /// Every word and phrase the user wants to see (not the excluded ones),
    /// with its scope: what the highlighter marks.
    pub fn positive_terms(&self) -> Vec<(Scope, &str, bool)> {
        let mut out = Vec::new();
        self.collect_positive(&mut out);
        out
    }

    fn collect_positive<'a>(&'a self, out: &mut Vec<(Scope, &'a str, bool)>) {
        match self {
            Node::And(children) | Node::Or(children) => {
                children.iter().for_each(|c| c.collect_positive(out))
            }
            Node::Word {
                scope,
                text,
                prefix,
            } => out.push((*scope, text, *prefix)),
            Node::Phrase { scope, text } => out.push((*scope, text, false)),
            _ => {}
        }
    }
}
