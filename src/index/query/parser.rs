//! Parses the query language typed in the CLI and the TUI into a [`Node`] tree.
//!
//! Grammar (whitespace separates clauses, all of which must match):
//! ```text
//! query   := clause*
//! clause  := unary ("OR" unary)*
//! unary   := "-" unary | primary
//! primary := "(" query ")" | FIELD ":" (WORD | PHRASE) | WORD | PHRASE
//! ```
//! Anything that cannot be understood is an error that names the column, never
//! a silent empty result.

use std::fmt;

use super::ast::{HasFlag, IsState, Node, Scope};

/// A query that could not be parsed, with the (1-based, in characters) column
/// of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub column: usize,
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "query error at column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for QueryError {}

impl QueryError {
    /// The query with a caret under the problem, for terminals:
    /// ```text
    ///   brain "decoding
    ///         ^
    /// ```
    /// The query (or, when long, the part of it around the column, cut
    /// with `…`) and a caret under the column.
    pub fn pointer(&self, query: &str) -> String {
        const SHOWN: usize = 60;
        let chars: Vec<char> = query.chars().collect();
        let at = self.column.saturating_sub(1).min(chars.len());
        let start = at.saturating_sub(SHOWN / 2);
        let end = (start + SHOWN).min(chars.len());
        let mut before: String = chars[start..at].iter().collect();
        let mut shown: String = chars[start..end].iter().collect();
        if start > 0 {
            before.insert(0, '…');
            shown.insert(0, '…');
        }
        if end < chars.len() {
            shown.push('…');
        }
        let pad = unicode_width::UnicodeWidthStr::width(before.as_str());
        format!("  {shown}\n  {}^", " ".repeat(pad))
    }
}

/// Options that change how the words are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions {
    /// Treat the last word as a prefix (type-ahead), unless the query ends in a space.
    pub prefix_last: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum TokenKind {
    Word(String),
    Phrase(String),
    Field(String, FieldValue),
    Minus,
    Or,
    Open,
    Close,
}

#[derive(Debug, Clone, PartialEq)]
enum FieldValue {
    Word(String),
    Phrase(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Token {
    kind: TokenKind,
    /// Character offset (0-based) where the token starts.
    at: usize,
}

/// How deep parentheses may nest. Real queries use two or three levels; the
/// limit keeps the recursive parser (and everything that walks the tree it
/// builds) far from the end of the stack, whatever is pasted in.
pub const MAX_DEPTH: usize = 32;

/// The longest query accepted, in characters: a generous page of text, far
/// past any query a person types or pastes on purpose.
pub const MAX_QUERY_CHARS: usize = 4096;

const FILTERS: &str = "title: author: abstract: body: cat: year: date: has: is: tag: watch:";

fn is_field_name(name: &str) -> bool {
    matches!(
        name,
        "title"
            | "ti"
            | "author"
            | "au"
            | "authors"
            | "abstract"
            | "abs"
            | "body"
            | "cat"
            | "year"
            | "date"
            | "has"
            | "is"
            | "tag"
            | "watch"
    )
}

fn error(at: usize, message: impl Into<String>) -> QueryError {
    QueryError {
        column: at + 1,
        message: message.into(),
    }
}

/// Splits the query into tokens, reporting unclosed quotes and empty filters.
fn tokenize(query: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = query.chars().collect();
    if chars.len() > MAX_QUERY_CHARS {
        return Err(error(
            MAX_QUERY_CHARS,
            format!(
                "this query is {} characters long; queries are at most {MAX_QUERY_CHARS} characters, shorten it",
                chars.len()
            ),
        ));
    }
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let at = i;
        match c {
            '(' => {
                tokens.push(Token {
                    kind: TokenKind::Open,
                    at,
                });
                i += 1;
            }
            ')' => {
                tokens.push(Token {
                    kind: TokenKind::Close,
                    at,
                });
                i += 1;
            }
            '"' => {
                let (text, next) = read_phrase(&chars, i)?;
                tokens.push(Token {
                    kind: TokenKind::Phrase(text),
                    at,
                });
                i = next;
            }
            '-' if chars
                .get(i + 1)
                .is_some_and(|n| !n.is_whitespace() && *n != '-') =>
            {
                tokens.push(Token {
                    kind: TokenKind::Minus,
                    at,
                });
                i += 1;
            }
            _ => {
                let start = i;
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && !matches!(chars[i], '(' | ')' | '"')
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if word == "OR" {
                    tokens.push(Token {
                        kind: TokenKind::Or,
                        at,
                    });
                    continue;
                }
                if let Some((name, value)) = word.split_once(':') {
                    let lower = name.to_lowercase();
                    if is_field_name(&lower) {
                        let kind = if !value.is_empty() {
                            TokenKind::Field(lower, FieldValue::Word(value.to_string()))
                        } else if chars.get(i) == Some(&'"') {
                            let (text, next) = read_phrase(&chars, i)?;
                            i = next;
                            TokenKind::Field(lower, FieldValue::Phrase(text))
                        } else {
                            return Err(error(
                                at,
                                format!("`{name}:` needs a value, e.g. {}", example_for(&lower)),
                            ));
                        };
                        tokens.push(Token { kind, at });
                        continue;
                    }
                }
                tokens.push(Token {
                    kind: TokenKind::Word(word),
                    at,
                });
            }
        }
    }
    Ok(tokens)
}

fn example_for(field: &str) -> &'static str {
    match field {
        "title" | "ti" => "title:transformer",
        "author" | "au" | "authors" => "author:hinton or author:\"Geoffrey Hinton\"",
        "abstract" | "abs" => "abstract:diffusion",
        "body" => "body:backdoor",
        "cat" => "cat:cs.CV",
        "year" => "year:2023 or year:2020..2023",
        "date" => "date:2024-03-14 or date:2024-03-01..2024-03-31",
        "has" => "has:code, has:project, has:fulltext or has:pdf",
        "is" => "is:bookmarked, is:read, is:unread, is:new or is:dismissed",
        "watch" => "watch:diffusion (see `folio watch list`)",
        _ => "tag:to-read",
    }
}

/// Reads a quoted phrase starting at the `"` at `start`; returns the text and
/// the index after the closing quote.
fn read_phrase(chars: &[char], start: usize) -> Result<(String, usize), QueryError> {
    let mut i = start + 1;
    while i < chars.len() && chars[i] != '"' {
        i += 1;
    }
    if i >= chars.len() {
        return Err(error(start, "this quote is never closed: add a closing \""));
    }
    Ok((chars[start + 1..i].iter().collect(), i + 1))
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    end: usize,
    /// Parentheses open around the token being read.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&TokenKind> {
        self.tokens.get(self.pos).map(|t| &t.kind)
    }

    fn at(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |t| t.at)
    }

    fn query(&mut self, nested: bool) -> Result<Vec<Node>, QueryError> {
        let mut clauses = Vec::new();
        loop {
            match self.peek() {
                None => {
                    if nested {
                        return Err(error(
                            self.end,
                            "missing `)`: close the group opened earlier",
                        ));
                    }
                    break;
                }
                Some(TokenKind::Close) => {
                    if nested {
                        break;
                    }
                    return Err(error(self.at(), "this `)` has no matching `(`"));
                }
                Some(_) => clauses.push(self.clause()?),
            }
        }
        Ok(clauses)
    }

    fn clause(&mut self) -> Result<Node, QueryError> {
        if self.peek() == Some(&TokenKind::Or) {
            return Err(error(
                self.at(),
                "`OR` needs a term before it, as in `gan OR diffusion`",
            ));
        }
        let mut alternatives = vec![self.unary()?];
        while self.peek() == Some(&TokenKind::Or) {
            let or_at = self.at();
            self.pos += 1;
            match self.peek() {
                None | Some(TokenKind::Close) | Some(TokenKind::Or) => {
                    return Err(error(
                        or_at,
                        "`OR` needs a term after it, as in `gan OR diffusion`",
                    ));
                }
                _ => alternatives.push(self.unary()?),
            }
        }
        Ok(if alternatives.len() == 1 {
            alternatives.pop().expect("one alternative")
        } else {
            Node::Or(alternatives)
        })
    }

    fn unary(&mut self) -> Result<Node, QueryError> {
        let token = self.tokens[self.pos].clone();
        self.pos += 1;
        match token.kind {
            TokenKind::Minus => {
                if matches!(
                    self.peek(),
                    None | Some(TokenKind::Or) | Some(TokenKind::Close)
                ) {
                    return Err(error(
                        token.at,
                        "`-` must be followed by what to exclude, as in `-survey`",
                    ));
                }
                Ok(Node::Not(Box::new(self.unary()?)))
            }
            TokenKind::Open => {
                if self.depth >= MAX_DEPTH {
                    return Err(error(
                        token.at,
                        format!(
                            "queries nest at most {MAX_DEPTH} parentheses deep; remove some `(` and `)`"
                        ),
                    ));
                }
                self.depth += 1;
                let inner = self.query(true)?;
                self.depth -= 1;
                self.pos += 1; // the `)`
                if inner.is_empty() {
                    return Err(error(
                        token.at,
                        "empty parentheses: put terms inside or remove them",
                    ));
                }
                Ok(and_of(inner))
            }
            TokenKind::Word(text) => Ok(Node::Word {
                scope: Scope::Any,
                text,
                prefix: false,
            }),
            TokenKind::Phrase(text) => Ok(Node::Phrase {
                scope: Scope::Any,
                text,
            }),
            TokenKind::Field(name, value) => field_node(&name, value, token.at),
            TokenKind::Or | TokenKind::Close => unreachable!("handled by the callers"),
        }
    }
}

fn and_of(mut nodes: Vec<Node>) -> Node {
    if nodes.len() == 1 {
        nodes.pop().expect("one node")
    } else {
        Node::And(nodes)
    }
}

fn field_node(name: &str, value: FieldValue, at: usize) -> Result<Node, QueryError> {
    let scope = match name {
        "title" | "ti" => Some(Scope::Title),
        "author" | "au" | "authors" => Some(Scope::Authors),
        "abstract" | "abs" => Some(Scope::Abstract),
        "body" => Some(Scope::Body),
        _ => None,
    };
    if let Some(scope) = scope {
        return Ok(match value {
            FieldValue::Word(text) => Node::Word {
                scope,
                text,
                prefix: false,
            },
            FieldValue::Phrase(text) => Node::Phrase { scope, text },
        });
    }
    let text = match value {
        FieldValue::Word(t) | FieldValue::Phrase(t) => t.trim().to_string(),
    };
    if text.is_empty() {
        return Err(error(
            at,
            format!("`{name}:` needs a value, e.g. {}", example_for(name)),
        ));
    }
    match name {
        "cat" => Ok(Node::Category(text.to_lowercase())),
        "tag" => Ok(Node::Tag(text.to_lowercase())),
        "watch" => Ok(Node::Watch(text.to_lowercase())),
        "year" => parse_years(&text).ok_or_else(|| {
            error(at, format!("`year:{text}` is not a year or range: use year:2023, year:2020..2023, year:2020.. or year:..2023"))
        }),
        "date" => parse_dates(&text).ok_or_else(|| {
            error(at, format!("`date:{text}` is not a day or range: use date:2024-03-14 or date:2024-03-01..2024-03-31"))
        }),
        "has" => match text.to_lowercase().as_str() {
            "code" | "repo" | "github" => Ok(Node::Has(HasFlag::Code)),
            "project" | "page" => Ok(Node::Has(HasFlag::Project)),
            "fulltext" | "text" | "body" => Ok(Node::Has(HasFlag::FullText)),
            "pdf" => Ok(Node::Has(HasFlag::Pdf)),
            _ => Err(error(at, format!("`has:{text}` is unknown: use has:code, has:project, has:fulltext or has:pdf"))),
        },
        "is" => match text.to_lowercase().as_str() {
            "bookmarked" | "bookmark" | "starred" | "saved" => Ok(Node::Is(IsState::Bookmarked)),
            "read" => Ok(Node::Is(IsState::Read)),
            "unread" => Ok(Node::Is(IsState::Unread)),
            "new" => Ok(Node::Is(IsState::New)),
            "dismissed" => Ok(Node::Is(IsState::Dismissed)),
            _ => Err(error(at, format!("`is:{text}` is unknown: use is:bookmarked, is:read, is:unread, is:new or is:dismissed"))),
        },
        _ => Err(error(at, format!("unknown filter `{name}:`; filters are {FILTERS}"))),
    }
}

fn parse_years(text: &str) -> Option<Node> {
    let year = |s: &str| -> Option<Option<u16>> {
        if s.is_empty() {
            return Some(None);
        }
        let y: u16 = s.parse().ok()?;
        (1000..=9999).contains(&y).then_some(Some(y))
    };
    let (from, to) = match text.split_once("..") {
        Some((a, b)) => (year(a)?, year(b)?),
        None => {
            let y = year(text)?;
            y?;
            (y, y)
        }
    };
    if from.is_none() && to.is_none() {
        return None;
    }
    if let (Some(a), Some(b)) = (from, to)
        && a > b
    {
        return None;
    }
    Some(Node::Years { from, to })
}

fn parse_dates(text: &str) -> Option<Node> {
    let day = |s: &str| -> Option<Option<chrono::NaiveDate>> {
        if s.is_empty() {
            return Some(None);
        }
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(Some)
    };
    let (from, to) = match text.split_once("..") {
        Some((a, b)) => (day(a)?, day(b)?),
        None => {
            let d = day(text)??;
            (Some(d), Some(d))
        }
    };
    if from.is_none() && to.is_none() {
        return None;
    }
    if let (Some(a), Some(b)) = (from, to)
        && a > b
    {
        return None;
    }
    Some(Node::Dates { from, to })
}

/// Marks the last word of the query as a prefix when the user is still typing it.
fn mark_last_prefix(node: &mut Node) -> bool {
    match node {
        Node::And(children) | Node::Or(children) => {
            children.last_mut().is_some_and(mark_last_prefix)
        }
        Node::Word { prefix, .. } => {
            *prefix = true;
            true
        }
        _ => false,
    }
}

/// Parses a query. An empty query is `Node::And(vec![])`, which matches every paper.
pub fn parse(query: &str, options: ParseOptions) -> Result<Node, QueryError> {
    let tokens = tokenize(query)?;
    let end = query.chars().count();
    let mut parser = Parser {
        tokens,
        pos: 0,
        end,
        depth: 0,
    };
    let clauses = parser.query(false)?;
    let mut node = Node::And(clauses);
    let last_token_is_word = matches!(
        parser.tokens.last().map(|t| &t.kind),
        Some(TokenKind::Word(_)) | Some(TokenKind::Field(_, FieldValue::Word(_)))
    );
    let still_typing = !query.ends_with(char::is_whitespace);
    if options.prefix_last && still_typing && last_token_is_word {
        mark_last_prefix(&mut node);
    }
    Ok(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(q: &str) -> Node {
        parse(q, ParseOptions::default()).unwrap_or_else(|e| panic!("{q}: {e}"))
    }

    fn word(text: &str) -> Node {
        Node::Word {
            scope: Scope::Any,
            text: text.into(),
            prefix: false,
        }
    }

    fn err(q: &str) -> QueryError {
        parse(q, ParseOptions::default()).expect_err(q)
    }

    #[test]
    fn words_are_all_required() {
        assert_eq!(
            p("brain decoding"),
            Node::And(vec![word("brain"), word("decoding")])
        );
        assert_eq!(p(""), Node::And(vec![]));
        assert_eq!(p("   "), Node::And(vec![]));
    }

    #[test]
    fn or_binds_tighter_than_and() {
        assert_eq!(
            p("gan OR diffusion inpainting"),
            Node::And(vec![
                Node::Or(vec![word("gan"), word("diffusion")]),
                word("inpainting")
            ])
        );
    }

    #[test]
    fn minus_excludes_and_hyphenated_words_stay_words() {
        assert_eq!(
            p("-survey"),
            Node::And(vec![Node::Not(Box::new(word("survey")))])
        );
        assert_eq!(p("AOT-GAN"), Node::And(vec![word("AOT-GAN")]));
        assert_eq!(p("a - b"), Node::And(vec![word("a"), word("-"), word("b")]));
    }

    #[test]
    fn phrases_and_scoped_fields() {
        assert_eq!(
            p("\"neural fields\" title:\"brain decoding\" author:hinton"),
            Node::And(vec![
                Node::Phrase {
                    scope: Scope::Any,
                    text: "neural fields".into()
                },
                Node::Phrase {
                    scope: Scope::Title,
                    text: "brain decoding".into()
                },
                Node::Word {
                    scope: Scope::Authors,
                    text: "hinton".into(),
                    prefix: false
                },
            ])
        );
    }

    #[test]
    fn filters_parse() {
        assert_eq!(
            p("cat:cs.CV"),
            Node::And(vec![Node::Category("cs.cv".into())])
        );
        assert_eq!(
            p("year:2023"),
            Node::And(vec![Node::Years {
                from: Some(2023),
                to: Some(2023)
            }])
        );
        assert_eq!(
            p("year:2020..2023"),
            Node::And(vec![Node::Years {
                from: Some(2020),
                to: Some(2023)
            }])
        );
        assert_eq!(
            p("year:..2019"),
            Node::And(vec![Node::Years {
                from: None,
                to: Some(2019)
            }])
        );
        assert_eq!(p("has:code"), Node::And(vec![Node::Has(HasFlag::Code)]));
        let d = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(
            p("date:2026-03-14"),
            Node::And(vec![Node::Dates {
                from: d("2026-03-14"),
                to: d("2026-03-14")
            }])
        );
        assert_eq!(
            p("date:2026-03-01.."),
            Node::And(vec![Node::Dates {
                from: d("2026-03-01"),
                to: None
            }])
        );
        assert!(err("date:2026-13-01").message.contains("date:2024-03-14"));
        assert_eq!(p("is:unread"), Node::And(vec![Node::Is(IsState::Unread)]));
        assert_eq!(
            p("is:Dismissed"),
            Node::And(vec![Node::Is(IsState::Dismissed)])
        );
        assert_eq!(
            p("tag:To-Read"),
            Node::And(vec![Node::Tag("to-read".into())])
        );
        assert_eq!(
            p("watch:Diffusion"),
            Node::And(vec![Node::Watch("diffusion".into())])
        );
    }

    #[test]
    fn mentions_dismissed_looks_through_the_whole_tree() {
        assert!(p("is:dismissed").mentions_dismissed());
        assert!(p("gan -is:dismissed").mentions_dismissed());
        assert!(p("(a OR (b is:dismissed))").mentions_dismissed());
        assert!(!p("is:unread gan").mentions_dismissed());
        assert!(!p("dismissed").mentions_dismissed(), "a plain word");
        assert!(!p("").mentions_dismissed());
    }

    #[test]
    fn unknown_prefixes_are_plain_words() {
        assert_eq!(
            p("MindBridge: brains"),
            Node::And(vec![word("MindBridge:"), word("brains")])
        );
        assert_eq!(p("re:invent"), Node::And(vec![word("re:invent")]));
    }

    #[test]
    fn parentheses_group() {
        assert_eq!(
            p("(gan OR vae) -survey"),
            Node::And(vec![
                Node::Or(vec![word("gan"), word("vae")]),
                Node::Not(Box::new(word("survey"))),
            ])
        );
    }

    #[test]
    fn prefix_marks_only_the_word_being_typed() {
        let opts = ParseOptions { prefix_last: true };
        assert_eq!(
            parse("neural hopf", opts).unwrap(),
            Node::And(vec![
                word("neural"),
                Node::Word {
                    scope: Scope::Any,
                    text: "hopf".into(),
                    prefix: true
                }
            ])
        );
        assert_eq!(parse("hopf ", opts).unwrap(), Node::And(vec![word("hopf")]));
        assert_eq!(
            parse("title:hopf", opts).unwrap(),
            Node::And(vec![Node::Word {
                scope: Scope::Title,
                text: "hopf".into(),
                prefix: true
            }])
        );
        assert_eq!(
            parse("\"hopf\"", opts).unwrap(),
            Node::And(vec![Node::Phrase {
                scope: Scope::Any,
                text: "hopf".into()
            }])
        );
    }

    #[test]
    fn errors_point_at_the_problem() {
        assert_eq!(err("title:").column, 1);
        assert!(err("title:").message.contains("needs a value"));
        let e = err("brain \"decoding");
        assert_eq!(e.column, 7);
        assert!(e.message.contains("never closed"));
        assert_eq!(err("a OR").column, 3);
        assert_eq!(err("OR b").column, 1);
        assert!(err("(a b").message.contains("missing `)`"));
        assert_eq!(err("a b)").column, 4);
        assert!(err("year:20x").message.contains("year:2023"));
        assert!(err("year:2023..2020").message.contains("not a year"));
        assert!(err("has:slides").message.contains("has:fulltext"));
        assert!(err("is:happy").message.contains("is:bookmarked"));
        assert!(err("is:happy").message.contains("is:dismissed"));
        assert!(err("cat:").message.contains("cat:cs.CV"));
        assert!(err("(a -)").message.contains("what to exclude"));
        assert_eq!(p("a -"), Node::And(vec![word("a"), word("-")]));
    }

    #[test]
    fn pointer_marks_the_column() {
        let q = "brain \"decoding";
        assert_eq!(err(q).pointer(q), "  brain \"decoding\n        ^");
    }

    #[test]
    fn pointer_shows_only_the_part_of_a_long_query_around_the_column() {
        let q = format!("{}\"open", "word ".repeat(500));
        let pointer = err(&q).pointer(&q);
        let (line, caret) = pointer.split_once('\n').unwrap();
        assert!(line.chars().count() < 70, "{line}");
        assert!(line.starts_with("  …") && line.ends_with("open"), "{line}");
        let column = caret.chars().count() - 1;
        assert_eq!(line.chars().nth(column), Some('"'), "{pointer}");
    }

    #[test]
    fn nesting_is_limited_with_a_clear_error() {
        let nested = |n: usize| format!("{}a{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(p(&nested(MAX_DEPTH)), Node::And(vec![word("a")]));
        let e = err(&nested(MAX_DEPTH + 1));
        assert_eq!(e.column, MAX_DEPTH + 1, "the first `(` too deep");
        assert!(e.message.contains("at most 32 parentheses deep"), "{e}");
        // Unclosed and excluded groups count the same way.
        let e = err(&"(".repeat(4000));
        assert!(e.message.contains("parentheses deep"), "{e}");
        let e = err(&"-(".repeat(1000));
        assert!(e.message.contains("parentheses deep"), "{e}");
        // Siblings are not nesting.
        let wide = "(a) ".repeat(500);
        assert!(parse(&wide, ParseOptions::default()).is_ok());
    }

    #[test]
    fn long_queries_are_refused_before_any_work() {
        let at_limit = "a".repeat(MAX_QUERY_CHARS);
        assert!(parse(&at_limit, ParseOptions::default()).is_ok());
        let e = err(&"(".repeat(20_000));
        assert_eq!(e.column, MAX_QUERY_CHARS + 1);
        assert!(
            e.message
                .contains("20000 characters long; queries are at most 4096"),
            "{e}"
        );
        // Characters, not bytes: 4096 two-byte letters are fine.
        assert!(parse(&"é".repeat(MAX_QUERY_CHARS), ParseOptions::default()).is_ok());
    }

    #[test]
    fn the_deepest_tree_can_be_walked_and_dropped() {
        let deep = format!(
            "{}-a b{}",
            "(x OR -(".repeat(MAX_DEPTH / 2),
            "))".repeat(MAX_DEPTH / 2)
        );
        let node = parse(&deep, ParseOptions { prefix_last: true }).unwrap();
        assert!(node.has_text());
        assert!(!node.positive_terms().is_empty());
    }

    /// Text built from the pieces of the query language, so generated
    /// queries reach deep into the grammar instead of being plain words.
    fn query_like() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::string::string_regex(
            r#"((title|ti|author|abstract|cat|year|date|has|is|tag|watch|re):|OR|-|\(|\)|"|\.\.|[a-zé0-9]{1,4}|20[0-9]{2}(-[01][0-9]-[0-3][0-9])?| |\t){0,60}"#,
        )
        .expect("a valid pattern")
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(768))]

        /// Any text parses or fails with a column inside the query, or just
        /// past its end (where a missing `)` or quote belongs).
        #[test]
        fn any_text_parses_or_points_inside_it(
            q in proptest::prop_oneof![
                proptest::arbitrary::any::<String>(),
                query_like(),
                "[(]{0,80}[a -]{0,4}[)]{0,80}",
            ]
        ) {
            let length = q.chars().count();
            for prefix_last in [false, true] {
                match parse(&q, ParseOptions { prefix_last }) {
                    Ok(node) => {
                        let _ = node.positive_terms();
                        let _ = node.has_text();
                    }
                    Err(e) => {
                        proptest::prop_assert!(
                            (1..=length + 1).contains(&e.column),
                            "column {} in {q:?} ({length} chars): {e}", e.column
                        );
                        proptest::prop_assert!(!e.message.is_empty());
                        let _ = e.pointer(&q);
                    }
                }
            }
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(err("ünïcödé \"x").column, 9);
    }
}
