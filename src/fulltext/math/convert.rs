//! The recursive-descent converter from tokens to text. Every nested
//! construct (a brace group, a command's argument, an environment) goes
//! through [`Converter::enter`], which refuses to go deeper than
//! [`MAX_DEPTH`]: a formula nested deeper than any real one makes the whole
//! conversion fail, and the caller shows the raw LaTeX instead. Each token
//! is consumed once and each level copies its own text once, so the time
//! is linear in the input times that small depth. What each command does
//! is in `commands.rs`; how pieces are joined, in `out.rs`.

use super::compose::attach;
use super::lexer::Token;
use super::out::Out;
use super::symbols::Kind;

/// The deepest nesting of groups and arguments converted.
pub const MAX_DEPTH: usize = 48;

/// The formula is nested deeper than [`MAX_DEPTH`].
#[derive(Debug)]
pub struct TooDeep;

pub(super) type Converted<T> = Result<T, TooDeep>;

/// What ends a sequence of atoms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    /// The end of the input.
    End,
    /// The `}` of a group.
    Brace,
    /// The `]` of an optional argument.
    Bracket,
    /// The `\end` of an environment.
    Env,
}

/// How the atoms of a sequence are read and joined.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mode {
    /// Inside `\text{…}`: spaces kept, `^` and `_` are characters.
    pub text: bool,
    /// Inside a script: no spaces around relations (`ᵢ₌₁`, `_{i∈S}`).
    pub compact: bool,
}

const MATH: Mode = Mode {
    text: false,
    compact: false,
};

/// The text of `tokens`, or [`TooDeep`].
pub fn convert(tokens: &[Token<'_>]) -> Converted<String> {
    let mut converter = Converter {
        tokens,
        pos: 0,
        depth: 0,
        open_braces: 0,
        open_envs: 0,
        cell_separator: " ",
    };
    converter.sequence(MATH, Stop::End)
}

pub(super) struct Converter<'t, 'a> {
    pub(super) tokens: &'t [Token<'a>],
    pub(super) pos: usize,
    pub(super) depth: usize,
    /// Groups being read: a `}` ends the innermost one, never a sequence
    /// outside all groups (where a stray `}` is dropped).
    pub(super) open_braces: usize,
    /// Environments being read, likewise for `\end`.
    pub(super) open_envs: usize,
    /// What `&` becomes in the innermost environment.
    pub(super) cell_separator: &'static str,
}

impl<'a> Converter<'_, 'a> {
    pub(super) fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.pos).copied()
    }

    pub(super) fn skip_spaces(&mut self) {
        while self.peek() == Some(Token::Space) {
            self.pos += 1;
        }
    }

    /// One level deeper, or [`TooDeep`].
    pub(super) fn enter(&mut self) -> Converted<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(TooDeep);
        }
        Ok(())
    }

    pub(super) fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Atoms up to `stop`, joined.
    pub(super) fn sequence(&mut self, mode: Mode, stop: Stop) -> Converted<String> {
        self.enter()?;
        match stop {
            Stop::Brace => self.open_braces += 1,
            Stop::Env => self.open_envs += 1,
            Stop::End | Stop::Bracket => {}
        }
        let result = self.sequence_body(mode, stop);
        match stop {
            Stop::Brace => self.open_braces -= 1,
            Stop::Env => self.open_envs -= 1,
            Stop::End | Stop::Bracket => {}
        }
        self.leave();
        result
    }

    fn sequence_body(&mut self, mode: Mode, stop: Stop) -> Converted<String> {
        let mut out = Out::new(mode.compact);
        while let Some(token) = self.peek() {
            match token {
                Token::Close => {
                    if stop == Stop::Brace {
                        self.pos += 1;
                        break;
                    }
                    if self.open_braces > 0 {
                        break;
                    }
                    self.pos += 1;
                }
                Token::Char(']') if stop == Stop::Bracket => {
                    self.pos += 1;
                    break;
                }
                Token::Command("end") => {
                    if stop == Stop::Env || self.open_envs > 0 {
                        break;
                    }
                    // A stray `\end{…}`.
                    self.pos += 1;
                    self.raw_group();
                }
                Token::Command("\\") | Token::Command("cr") => {
                    self.pos += 1;
                    // `\\[2pt]`: the spacing is no text.
                    if self.peek() == Some(Token::Char('[')) {
                        self.skip_until_bracket();
                    }
                    out.row();
                }
                Token::Amp => {
                    self.pos += 1;
                    out.cell(self.cell_separator);
                }
                Token::Space => {
                    self.pos += 1;
                    if mode.text {
                        // Kept even first or last: `\text{ if }`.
                        out.space();
                    }
                }
                Token::Sup | Token::Sub if !mode.text => {
                    let text = self.scripts(String::new())?;
                    out.push(&text, Kind::Ord);
                }
                _ => {
                    self.pos += 1;
                    let (text, kind) = self.atom(token, mode)?;
                    if mode.text || kind == Kind::Space {
                        out.push(&text, kind);
                    } else {
                        let text = self.scripts(text)?;
                        out.push(&text, kind);
                    }
                }
            }
        }
        Ok(out.text)
    }

    /// The atom starting with `token` (already consumed).
    pub(super) fn atom(&mut self, token: Token<'a>, mode: Mode) -> Converted<(String, Kind)> {
        Ok(match token {
            Token::Char(c) => char_atom(c, mode),
            Token::Open => (self.sequence(mode, Stop::Brace)?, Kind::Ord),
            Token::Command(name) => self.command(name, mode)?,
            Token::Sup => ("^".into(), Kind::Ord),
            Token::Sub => ("_".into(), Kind::Ord),
            Token::Amp => ("&".into(), Kind::Ord),
            Token::Space => (" ".into(), Kind::Space),
            Token::Close => (String::new(), Kind::Ord),
        })
    }

    /// A command's argument: a group, a command or a single character;
    /// nothing when the input ends or a `}`, `&` or script marker follows.
    pub(super) fn argument(&mut self, mode: Mode) -> Converted<String> {
        self.skip_spaces();
        let Some(token) = self.peek() else {
            return Ok(String::new());
        };
        match token {
            Token::Open => {
                self.pos += 1;
                self.sequence(mode, Stop::Brace)
            }
            Token::Char(c) => {
                self.pos += 1;
                Ok(char_atom(c, mode).0)
            }
            Token::Command("end" | "\\" | "cr") => Ok(String::new()),
            Token::Command(name) => {
                self.pos += 1;
                self.enter()?;
                let result = self.command(name, mode);
                self.leave();
                Ok(result?.0)
            }
            Token::Close | Token::Amp | Token::Sup | Token::Sub | Token::Space => Ok(String::new()),
        }
    }

    /// The scripts after `base`, attached to it.
    pub(super) fn scripts(&mut self, mut base: String) -> Converted<String> {
        let script_mode = Mode {
            text: false,
            compact: true,
        };
        let mut sub: Option<String> = None;
        let mut sup: Option<String> = None;
        while let Some(token) = self.peek() {
            match token {
                Token::Sup => {
                    self.pos += 1;
                    let script = self.argument(script_mode)?;
                    sup.get_or_insert_with(String::new).push_str(&script);
                }
                Token::Sub => {
                    self.pos += 1;
                    let script = self.argument(script_mode)?;
                    sub.get_or_insert_with(String::new).push_str(&script);
                }
                Token::Char('\'') => {
                    self.pos += 1;
                    match (&sub, &mut sup) {
                        (None, None) => base.push('′'),
                        (_, sup) => sup.get_or_insert_with(String::new).push('′'),
                    }
                }
                Token::Space | Token::Command("limits" | "nolimits" | "displaylimits") => {
                    self.pos += 1;
                }
                _ => break,
            }
        }
        Ok(attach(base, sub.as_deref(), sup.as_deref()))
    }

    /// The characters of a `{…}` group read as plain text (an
    /// environment's name, a column spec, a label), without converting it
    /// and without recursion; empty when no group follows.
    pub(super) fn raw_group(&mut self) -> String {
        self.skip_spaces();
        if self.peek() != Some(Token::Open) {
            return String::new();
        }
        self.pos += 1;
        let mut depth = 1usize;
        let mut text = String::new();
        while let Some(token) = self.peek() {
            self.pos += 1;
            match token {
                Token::Open => depth += 1,
                Token::Close => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Token::Char(c) => text.push(c),
                Token::Command(_) | Token::Sup | Token::Sub | Token::Amp | Token::Space => {}
            }
        }
        text
    }

    /// Skips `[…]` (the `[` not yet consumed), up to the input's end.
    pub(super) fn skip_until_bracket(&mut self) {
        self.pos += 1;
        while let Some(token) = self.peek() {
            self.pos += 1;
            if token == Token::Char(']') {
                break;
            }
        }
    }
}

/// A plain character in math or text mode.
fn char_atom(c: char, mode: Mode) -> (String, Kind) {
    if mode.text {
        return match c {
            '~' => (" ".into(), Kind::Space),
            '$' => (String::new(), Kind::Ord),
            _ => (c.to_string(), Kind::Ord),
        };
    }
    match c {
        '=' | '<' | '>' | ':' => (c.to_string(), Kind::Rel),
        '\'' => ("′".into(), Kind::Ord),
        '~' => (" ".into(), Kind::Space),
        '$' => (String::new(), Kind::Ord),
        _ => (c.to_string(), Kind::Ord),
    }
}
