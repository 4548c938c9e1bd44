//! The text of one sequence of atoms as it is built: the spacing rules
//! live here, apart from the parsing, because every construct (groups,
//! arguments, environments) joins its pieces the same way: one space on
//! each side of a relation, a space after a named function before a letter
//! and after a big operator, `; ` between rows, never two spaces in a row.

use super::symbols::Kind;

/// The text built for one sequence, with the spacing rules of the module
/// doc: spaces around relations, a space after a named function before a
/// letter, at most one space anywhere.
pub struct Out {
    pub text: String,
    compact: bool,
    after_relation: bool,
    after_word: bool,
    /// After a big operator, whatever its body starts with is set off.
    after_big_operator: bool,
    row_pending: bool,
}

impl Out {
    pub fn new(compact: bool) -> Self {
        Out {
            text: String::new(),
            compact,
            after_relation: false,
            after_word: false,
            after_big_operator: false,
            row_pending: false,
        }
    }

    pub fn push(&mut self, piece: &str, kind: Kind) {
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
    pub fn space(&mut self) {
        if !self.text.ends_with(' ') {
            self.text.push(' ');
        }
        self.after_word = false;
        self.after_big_operator = false;
    }

    /// `\\`: the next row starts after a `; ` (none after the last row).
    pub fn row(&mut self) {
        self.trim_end();
        self.row_pending = !self.text.is_empty();
        self.after_relation = false;
        self.after_word = false;
        self.after_big_operator = false;
    }

    /// `&`: the environment's cell separator.
    pub fn cell(&mut self, separator: &str) {
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
