//! What each control word does beyond being a symbol: fractions, roots,
//! fonts, text, operators named by the author, stacked symbols, negation,
//! environments, and unknown commands kept as LaTeX. The dispatch is one
//! `match` on the name, so a command's whole behaviour is in one arm.

use super::alphabets::{Style, style_text};
use super::compose::{accented, attach, is_relation, negated, parenthesised, root};
use super::convert::{Converted, Converter, Mode, Stop};
use super::lexer::Token;
use super::symbols::{self, Kind};

impl<'a> Converter<'_, 'a> {
    /// The control word or symbol `name` (already consumed) and its
    /// arguments.
    pub(super) fn command(&mut self, name: &'a str, mode: Mode) -> Converted<(String, Kind)> {
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
                if let Some(vulgar) = vulgar_fraction(numerator.trim(), denominator.trim()) {
                    return ord(vulgar.to_string());
                }
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
}

/// `½`, `⅔`, `¾`…: the fractions Unicode has one character for, which
/// also keep `\frac{1}{2}mv^2` from reading as `1/2mv²`.
fn vulgar_fraction(numerator: &str, denominator: &str) -> Option<char> {
    Some(match (numerator, denominator) {
        ("1", "2") => '½',
        ("1", "3") => '⅓',
        ("2", "3") => '⅔',
        ("1", "4") => '¼',
        ("3", "4") => '¾',
        ("1", "5") => '⅕',
        ("2", "5") => '⅖',
        ("3", "5") => '⅗',
        ("4", "5") => '⅘',
        ("1", "6") => '⅙',
        ("5", "6") => '⅚',
        ("1", "7") => '⅐',
        ("1", "8") => '⅛',
        ("3", "8") => '⅜',
        ("5", "8") => '⅝',
        ("7", "8") => '⅞',
        ("1", "9") => '⅑',
        ("1", "10") => '⅒',
        _ => return None,
    })
}
