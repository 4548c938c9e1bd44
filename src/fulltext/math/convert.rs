//! The recursive-descent converter from tokens to text. Every nested
//! construct (a brace group, a command's argument, an environment) goes
//! through [`Converter::enter`], which refuses to go deeper than
//! [`MAX_DEPTH`]: a formula nested deeper than any real one makes the whole
//! conversion fail, and the caller shows the raw LaTeX instead. Each token
//! is consumed once and each level copies its own text once, so the time
//! is linear in the input times that small depth.

use super::alphabets::{Style, style_text};
use super::lexer::Token;
use super::scripts;
use super::symbols::{self, Kind};

/// The deepest nesting of groups and arguments converted.
pub const MAX_DEPTH: usize = 48;

/// The formula is nested deeper than [`MAX_DEPTH`].
#[derive(Debug)]
pub struct TooDeep;

type Converted<T> = Result<T, TooDeep>;

/// What ends a sequence of atoms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
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
struct Mode {
    /// Inside `\text{…}`: spaces kept, `^` and `_` are characters.
    text: bool,
    /// Inside a script: no spaces around relations (`ᵢ₌₁`, `_{i∈S}`).
    compact: bool,
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

struct Converter<'t, 'a> {
    tokens: &'t [Token<'a>],
    pos: usize,
    depth: usize,
    /// Groups being read: a `}` ends the innermost one, never a sequence
    /// outside all groups (where a stray `}` is dropped).
    open_braces: usize,
    /// Environments being read, likewise for `\end`.
    open_envs: usize,
    /// What `&` becomes in the innermost environment.
    cell_separator: &'static str,
}

/// The text built for one sequence, with the spacing rules of the module
/// doc: spaces around relations, a space after a named function before a
/// letter, at most one space anywhere.
struct Out {
    text: String,
    compact: bool,
    after_relation: bool,
    after_word: bool,
    /// After a big operator, whatever its body starts with is set off.
    after_big_operator: bool,
    row_pending: bool,
}

impl Out {
    fn new(compact: bool) -> Self {
        Out {
            text: String::new(),
            compact,
            after_relation: false,
            after_word: false,
            after_big_operator: false,
            row_pending: false,
        }
    }

    fn push(&mut self, piece: &str, kind: Kind) {
        if kind == Kind::Space {
            if !self.text.is_empty() && !self.text.ends_with(' ') {
                self.text.push(' ');
            }
            self.after_word = false;
            self.after_big_operator = false;
            return;
        }
        if piece.is_empty() {
            return;
        }
        self.flush_row();
        match kind {
            Kind::Rel if !self.compact => {
                self.trim_end();
                if !self.after_relation && !self.text.is_empty() {
                    self.text.push(' ');
                }
                self.text.push_str(piece.trim());
                self.text.push(' ');
                self.after_relation = true;
                self.after_word = false;
                self.after_big_operator = false;
                return;
            }
            Kind::Word | Kind::BigOp => {
                if self
                    .text
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                {
                    self.text.push(' ');
                }
                self.text.push_str(piece);
                self.after_relation = false;
                self.after_word = true;
                self.after_big_operator = kind == Kind::BigOp;
                return;
            }
            _ => {
                let first = piece.chars().next().unwrap_or(' ');
                let set_off = if self.after_big_operator {
                    !matches!(first, ' ' | ')' | ']' | ',' | ';' | '.')
                } else {
                    self.after_word && first.is_alphanumeric()
                };
                if set_off {
                    self.text.push(' ');
                }
                self.text.push_str(piece);
            }
        }
        self.after_relation = false;
        self.after_word = false;
        self.after_big_operator = false;
    }

    /// A space that text mode keeps even at the start of its group.
    fn space(&mut self) {
        if !self.text.ends_with(' ') {
            self.text.push(' ');
        }
        self.after_word = false;
        self.after_big_operator = false;
    }

    /// `\\`: the next row starts after a `; ` (none after the last row).
    fn row(&mut self) {
        self.trim_end();
        self.row_pending = !self.text.is_empty();
        self.after_relation = false;
        self.after_word = false;
        self.after_big_operator = false;
    }

    /// `&`: the environment's cell separator.
    fn cell(&mut self, separator: &str) {
        self.flush_row();
        if separator == " " {
            self.push(" ", Kind::Space);
        } else {
            self.trim_end();
            self.text.push_str(separator);
        }
        self.after_relation = false;
        self.after_word = false;
        self.after_big_operator = false;
    }

    fn flush_row(&mut self) {
        if self.row_pending {
            self.text.push_str("; ");
            self.row_pending = false;
        }
    }

    fn trim_end(&mut self) {
        let kept = self.text.trim_end_matches(' ').len();
        self.text.truncate(kept);
    }
}

impl<'a> Converter<'_, 'a> {
    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.pos).copied()
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(Token::Space) {
            self.pos += 1;
        }
    }

    /// One level deeper, or [`TooDeep`].
    fn enter(&mut self) -> Converted<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(TooDeep);
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Atoms up to `stop`, joined.
    fn sequence(&mut self, mode: Mode, stop: Stop) -> Converted<String> {
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
    fn atom(&mut self, token: Token<'a>, mode: Mode) -> Converted<(String, Kind)> {
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
    fn argument(&mut self, mode: Mode) -> Converted<String> {
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
    fn scripts(&mut self, mut base: String) -> Converted<String> {
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

    /// The control word or symbol `name` (already consumed) and its
    /// arguments.
    fn command(&mut self, name: &'a str, mode: Mode) -> Converted<(String, Kind)> {
        if let Some((text, kind)) = symbols::symbol(name) {
            let kind = if mode.text { Kind::Ord } else { kind };
            return Ok((text.to_string(), kind));
        }
        if symbols::is_space(name) {
            return Ok((" ".into(), Kind::Space));
        }
        if symbols::is_ignored(name) {
            return Ok((String::new(), Kind::Ord));
        }
        if symbols::is_sizing(name) {
            // The delimiter after it stays; `.` is "no delimiter".
            self.skip_spaces();
            if self.peek() == Some(Token::Char('.')) {
                self.pos += 1;
            }
            return Ok((String::new(), Kind::Ord));
        }
        if symbols::drops_argument(name) {
            self.raw_group();
            return Ok((String::new(), Kind::Ord));
        }
        if let Some(mark) = symbols::accent(name) {
            let body = self.argument(mode)?;
            return Ok((accented(name, &body, mark), Kind::Ord));
        }
        let text_mode = Mode {
            text: true,
            compact: mode.compact,
        };
        let ord = |text: String| -> Converted<(String, Kind)> { Ok((text, Kind::Ord)) };
        match name {
            "frac" | "dfrac" | "tfrac" | "cfrac" | "nicefrac" | "sfrac" => {
                let numerator = self.argument(mode)?;
                let denominator = self.argument(mode)?;
                ord(format!(
                    "{}/{}",
                    parenthesised(&numerator),
                    parenthesised(&denominator)
                ))
            }
            "binom" | "dbinom" | "tbinom" => {
                let n = self.argument(mode)?;
                let k = self.argument(mode)?;
                ord(format!("({} choose {})", n.trim(), k.trim()))
            }
            "sqrt" => {
                self.skip_spaces();
                let index = if self.peek() == Some(Token::Char('[')) {
                    self.pos += 1;
                    self.sequence(
                        Mode {
                            text: false,
                            compact: true,
                        },
                        Stop::Bracket,
                    )?
                } else {
                    String::new()
                };
                let body = self.argument(mode)?;
                ord(root(index.trim(), body.trim()))
            }
            "mathbb" => self.styled(mode, Style::DoubleStruck),
            "mathcal" | "mathscr" => self.styled(mode, Style::Script),
            "mathfrak" => self.styled(mode, Style::Fraktur),
            "mathbf" | "boldsymbol" | "bm" | "mathbfit" | "pmb" | "bold" => {
                self.styled(mode, Style::Bold)
            }
            "textbf" => {
                let body = self.argument(text_mode)?;
                ord(style_text(&body, Style::Bold))
            }
            "mathrm" | "mathit" | "mathsf" | "mathtt" | "mathnormal" | "mathup" | "ensuremath"
            | "boxed" | "overbrace" | "underbrace" | "mathord" | "mathpunct" | "mathopen"
            | "mathclose" | "mathinner" | "mathbin" | "cancel" | "bcancel" | "xcancel" => {
                let body = self.argument(mode)?;
                ord(body)
            }
            "text" | "textrm" | "textit" | "textsf" | "texttt" | "textnormal" | "textup"
            | "textmd" | "textsl" | "textsc" | "emph" | "mbox" | "hbox" | "fbox" => {
                let body = self.argument(text_mode)?;
                ord(body)
            }
            "operatorname" | "mathop" => {
                if self.peek() == Some(Token::Char('*')) {
                    self.pos += 1;
                }
                let body = self.argument(mode)?;
                Ok((body.trim().to_string(), Kind::Word))
            }
            "mathrel" => {
                let body = self.argument(mode)?;
                Ok((body, Kind::Rel))
            }
            "overset" | "stackrel" | "underset" => {
                let script_mode = Mode {
                    text: false,
                    compact: true,
                };
                let over = self.argument(script_mode)?;
                let base = self.argument(mode)?;
                let kind = if is_relation(&base) {
                    Kind::Rel
                } else {
                    Kind::Ord
                };
                let text = if name == "underset" {
                    attach(base.trim().to_string(), Some(&over), None)
                } else {
                    attach(base.trim().to_string(), None, Some(&over))
                };
                Ok((text, kind))
            }
            "xrightarrow" | "xleftarrow" => {
                self.skip_spaces();
                if self.peek() == Some(Token::Char('[')) {
                    self.skip_until_bracket();
                }
                let over = self.argument(Mode {
                    text: false,
                    compact: true,
                })?;
                let arrow = if name == "xrightarrow" { "→" } else { "←" };
                Ok((attach(arrow.into(), None, Some(&over)), Kind::Rel))
            }
            "not" => {
                self.skip_spaces();
                let Some(token) = self.peek() else {
                    return ord("¬".into());
                };
                self.pos += 1;
                let (text, kind) = self.atom(token, mode)?;
                Ok((negated(&text), kind))
            }
            "pmod" => {
                let body = self.argument(mode)?;
                ord(format!(" (mod {})", body.trim()))
            }
            "pod" => {
                let body = self.argument(mode)?;
                ord(format!(" ({})", body.trim()))
            }
            "tag" => {
                if self.peek() == Some(Token::Char('*')) {
                    self.pos += 1;
                }
                let body = self.argument(text_mode)?;
                ord(format!(" ({})", body.trim()))
            }
            "hspace" | "hskip" => {
                if self.peek() == Some(Token::Char('*')) {
                    self.pos += 1;
                }
                self.raw_group();
                Ok((" ".into(), Kind::Space))
            }
            "textcolor" | "colorbox" => {
                self.raw_group();
                let body = self.argument(mode)?;
                ord(body)
            }
            "substack" => {
                let body = self.argument(mode)?;
                ord(body)
            }
            "begin" => self.environment(mode),
            _ => self.unknown(name, mode),
        }
    }

    /// A font command's argument in `style`.
    fn styled(&mut self, mode: Mode, style: Style) -> Converted<(String, Kind)> {
        let body = self.argument(mode)?;
        Ok((style_text(&body, style), Kind::Ord))
    }

    /// An unknown command stays LaTeX, with its braced arguments converted.
    fn unknown(&mut self, name: &str, mode: Mode) -> Converted<(String, Kind)> {
        let mut text = format!("\\{name}");
        let mut braced = false;
        while self.peek() == Some(Token::Open) {
            self.pos += 1;
            let body = self.sequence(mode, Stop::Brace)?;
            text.push('{');
            text.push_str(body.trim());
            text.push('}');
            braced = true;
        }
        // `\foo x`: a space keeps the name apart from a following letter.
        let letters = name.chars().all(|c| c.is_ascii_alphabetic());
        let kind = if letters && !braced && !mode.text {
            Kind::Word
        } else {
            Kind::Ord
        };
        Ok((text, kind))
    }

    /// `\begin{name}` (consumed up to the name) through `\end{name}`.
    fn environment(&mut self, mode: Mode) -> Converted<(String, Kind)> {
        let name = self.raw_group();
        let bare = name.trim_end_matches('*');
        match bare {
            "array" | "tabular" | "subarray" => {
                self.skip_spaces();
                if self.peek() == Some(Token::Char('[')) {
                    self.skip_until_bracket();
                }
                self.raw_group();
            }
            "alignat" | "alignedat" => {
                self.raw_group();
            }
            _ => {}
        }
        let (open, close, separator) = match bare {
            "pmatrix" => ("(", ")", ", "),
            "bmatrix" => ("[", "]", ", "),
            "Bmatrix" => ("{", "}", ", "),
            "vmatrix" => ("|", "|", ", "),
            "Vmatrix" => ("‖", "‖", ", "),
            "matrix" | "smallmatrix" | "array" | "subarray" | "tabular" => ("", "", ", "),
            "cases" | "dcases" => ("{", "", ", "),
            "rcases" => ("", "}", ", "),
            _ => ("", "", " "),
        };
        let outer = std::mem::replace(&mut self.cell_separator, separator);
        let body = self.sequence(mode, Stop::Env);
        self.cell_separator = outer;
        let body = body?;
        if self.peek() == Some(Token::Command("end")) {
            self.pos += 1;
            self.raw_group();
        }
        Ok((format!("{open}{}{close}", body.trim()), Kind::Ord))
    }

    /// The characters of a `{…}` group read as plain text (an
    /// environment's name, a column spec, a label), without converting it
    /// and without recursion; empty when no group follows.
    fn raw_group(&mut self) -> String {
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
    fn skip_until_bracket(&mut self) {
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

/// `base` with its subscript, then its superscript: in Unicode script
/// characters when every character has one, else `_x` for a single
/// character and `_{…}` for more.
fn attach(mut base: String, sub: Option<&str>, sup: Option<&str>) -> String {
    for (script, raise, marker) in [
        (sub, scripts::subscript as fn(char) -> Option<char>, '_'),
        (sup, scripts::superscript, '^'),
    ] {
        let Some(script) = script.map(str::trim) else {
            continue;
        };
        if script.is_empty() {
            continue;
        }
        if let Some(raised) = scripts::convert(script, raise) {
            base.push_str(&raised);
        } else if is_single(script) {
            base.push(marker);
            base.push_str(script);
        } else {
            base.push(marker);
            base.push('{');
            base.push_str(script);
            base.push('}');
        }
    }
    base
}

/// A combining mark (accents, overlines): part of the character before it.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{20D0}'..='\u{20FF}')
}

/// One character, with any marks on it.
fn is_single(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| !is_mark(c)) && chars.all(is_mark)
}

/// `body` under the accent `mark`: on its one letter, or as a continuous
/// line under or over several plain characters, or `\name{body}`.
fn accented(name: &str, body: &str, mark: char) -> String {
    let body = body.trim();
    if body.is_empty() {
        return String::new();
    }
    if is_single(body) {
        let mut text = body.to_string();
        text.push(mark);
        return text;
    }
    let line = match mark {
        '\u{0304}' | '\u{0305}' => Some('\u{0305}'),
        '\u{0332}' => Some('\u{0332}'),
        _ => None,
    };
    match line {
        Some(line) if !body.chars().any(|c| is_mark(c) || c == ' ') => {
            body.chars().flat_map(|c| [c, line]).collect()
        }
        _ => format!("\\{name}{{{body}}}"),
    }
}

/// Characters that, outside brackets, make a fraction's part need
/// parentheses: `(a+b)/c`, but `x²/2`.
const BREAKS: &str = "+-−±∓×·/÷=<>≤≥≠≈∼≡∈∉⊂⊆∪∩∧∨→←⇒⇔↦,;:|∣∗∘⊕⊗ ";

fn parenthesised(part: &str) -> String {
    let part = part.trim();
    let mut depth = 0i32;
    let mut needed = false;
    for c in part.chars() {
        match c {
            '(' | '[' | '{' | '⟨' => depth += 1,
            ')' | ']' | '}' | '⟩' => depth -= 1,
            _ if depth <= 0 && BREAKS.contains(c) => {
                needed = true;
                break;
            }
            _ => {}
        }
    }
    if needed {
        format!("({part})")
    } else {
        part.to_string()
    }
}

/// `√x`, `√(x+1)`, `∛x`, `⁵√x`.
fn root(index: &str, body: &str) -> String {
    let radical = match index {
        "" | "2" => "√".to_string(),
        "3" => "∛".to_string(),
        "4" => "∜".to_string(),
        _ => match scripts::convert(index, scripts::superscript) {
            Some(raised) => format!("{raised}√"),
            None => format!("√[{index}]"),
        },
    };
    let plain = is_single(body)
        || (!body.is_empty() && body.chars().all(|c| c.is_ascii_digit() || c == '.'));
    if plain {
        format!("{radical}{body}")
    } else {
        format!("{radical}({body})")
    }
}

/// `\not` before a relation: its crossed-out character where Unicode has
/// one, else the relation with a combining long solidus.
fn negated(text: &str) -> String {
    let crossed = match text.trim() {
        "=" => "≠",
        "∈" => "∉",
        "≡" => "≢",
        "⊂" => "⊄",
        "⊆" => "⊈",
        "∼" => "≁",
        "≈" => "≉",
        "<" => "≮",
        ">" => "≯",
        "≤" => "≰",
        "≥" => "≱",
        "∃" => "∄",
        "∣" => "∤",
        "" => return "¬".into(),
        other => return format!("{other}\u{0338}"),
    };
    crossed.to_string()
}

/// Text that is one relation symbol (`\stackrel{def}{=}` is a relation).
fn is_relation(text: &str) -> bool {
    let text = text.trim();
    is_single(text) && "=<>:≤≥≠≈∼≃≅≡≔→←↔⇒⇐⇔⟹⟸⟺↦∈∋⊂⊆⊃⊇≺≻≪≫∝".contains(text)
}
