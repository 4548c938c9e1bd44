//! LaTeX source as a flat list of tokens, in one linear pass, so that the
//! converter never looks at raw characters and never rescans the input:
//! control words (`\alpha`), control symbols (`\{`, `\\`), braces, the
//! script markers `^` and `_`, `&`, whitespace runs and plain characters.
//! `%` comments are dropped here, as TeX drops them.

/// One token of a formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    /// A character with no special meaning to the tokenizer.
    Char(char),
    /// A control word or symbol, without its backslash (`alpha`, `{`, `\`).
    Command(&'a str),
    /// `{`
    Open,
    /// `}`
    Close,
    /// `^`
    Sup,
    /// `_`
    Sub,
    /// `&`
    Amp,
    /// A run of whitespace (or the whitespace ending a control word).
    Space,
}

/// The tokens of `latex`. A backslash at the very end stays a character.
pub fn tokenize(latex: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::with_capacity(latex.len() / 2 + 1);
    let mut chars = latex.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '\\' => match chars.peek().copied() {
                None => tokens.push(Token::Char('\\')),
                Some((start, next)) if next.is_ascii_alphabetic() => {
                    let mut end = start;
                    while let Some(&(i, l)) = chars.peek() {
                        if !l.is_ascii_alphabetic() {
                            break;
                        }
                        end = i + l.len_utf8();
                        chars.next();
                    }
                    tokens.push(Token::Command(&latex[start..end]));
                    // The spaces after a control word only end its name.
                    while chars.peek().is_some_and(|&(_, w)| w.is_whitespace()) {
                        chars.next();
                    }
                }
                Some((start, next)) => {
                    chars.next();
                    tokens.push(Token::Command(&latex[start..start + next.len_utf8()]));
                }
            },
            '{' => tokens.push(Token::Open),
            '}' => tokens.push(Token::Close),
            '^' => tokens.push(Token::Sup),
            '_' => tokens.push(Token::Sub),
            '&' => tokens.push(Token::Amp),
            '%' => {
                // A comment runs to the end of its line.
                for (_, skipped) in chars.by_ref() {
                    if skipped == '\n' {
                        break;
                    }
                }
            }
            w if w.is_whitespace() => {
                while chars.peek().is_some_and(|&(_, w)| w.is_whitespace()) {
                    chars.next();
                }
                tokens.push(Token::Space);
            }
            other => tokens.push(Token::Char(other)),
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::{Token::*, tokenize};

    #[test]
    fn words_symbols_and_specials() {
        assert_eq!(
            tokenize("\\alpha x_{1}\\\\ \\{%c\n^"),
            vec![
                Command("alpha"),
                Char('x'),
                Sub,
                Open,
                Char('1'),
                Close,
                Command("\\"),
                Space,
                Command("{"),
                Sup,
            ]
        );
        assert_eq!(tokenize("a\\"), vec![Char('a'), Char('\\')]);
        assert_eq!(tokenize("\\é"), vec![Command("é")]);
    }
}
