//! A formula's LaTeX (LaTeXML's `alttext`) as readable Unicode text:
//! `\varphi_{T}` as `φ_T`, `\frac{a}{b}` as `a/b`. What cannot be turned
//! into text stays as compact LaTeX, never as MathML or HTML.
//!
//! The source is tokenized (`lexer`) and converted by a small
//! recursive-descent converter (`convert`, with each command's behaviour
//! in `commands`, the notation it builds in `compose` and the spacing
//! in `out`) that looks symbols up in `symbols`, letters of math
//! alphabets in `alphabets` and script characters in `scripts`. The
//! rules it follows:
//!
//! - **Scripts**: a subscript or superscript is written in Unicode script
//!   characters when every one of its characters has one (`x^{2}` → `x²`,
//!   `_{n=1}` → `ₙ₌₁`, `^{N}` → `ᴺ`, primes stay primes: `T_{1}^{\prime}` →
//!   `T₁′`). Otherwise a script of one character is written `_T` / `^*`
//!   and a longer one braced, `_{max}`-style: `\varphi_{T}` → `φ_T`,
//!   `x_{ij,k}` → `x_{ij,k}`. The subscript comes before the superscript,
//!   and relations inside scripts get no spaces (`_{i∈S}`).
//! - **Fractions**: `\frac{a}{b}` → `a/b`; a numerator or denominator with
//!   an operator, relation, comma or space outside brackets is
//!   parenthesised: `\frac{a+b}{c}` → `(a+b)/c`. `\dfrac`, `\tfrac` alike.
//! - **Binomials**: `\binom{n}{k}` → `(n choose k)`.
//! - **Roots**: `√x`, `√(x+1)`; `∛x`, `∜x`, else a raised index (`⁵√x`).
//! - **Big operators and limits**: `\sum_{i=1}^{n}` → `∑ᵢ₌₁ⁿ`,
//!   `\lim_{x\to0}` → `lim_{x→0}`: limits follow the script rule above;
//!   named functions and big operators are set off from a following letter
//!   by a space (`log x`, `∑ᵢ xᵢ`).
//! - **Spacing**: relations and arrows get one space on each side
//!   (`a = b`); binary operators are written tight (`a+b`); the source's
//!   own spaces are ignored in math, kept in `\text{…}`; spacing commands
//!   are one space.
//! - **Environments**: rows (`\\`) are separated by `; `; cells (`&`) by a
//!   space in alignments and by `, ` in matrices and cases: `pmatrix` →
//!   `(a, b; c, d)`, `cases` → `{1, x > 0; 0, otherwise`.
//! - **Unknown commands** stay LaTeX with their braced arguments converted
//!   (`\foo{x}` → `\foo{x}`).
//! - **Robustness**: a formula nested deeper than `convert::MAX_DEPTH`
//!   is shown as its raw source; the output goes through
//!   [`clean_text`], so it never holds control characters.

mod alphabets;
mod commands;
mod compose;
mod convert;
mod lexer;
mod out;
mod scripts;
mod symbols;
#[cfg(test)]
mod tests;

use crate::model::sanitize::clean_text;

/// The readable text of the LaTeX formula `latex`.
pub fn latex_to_text(latex: &str) -> String {
    let tokens = lexer::tokenize(latex);
    match convert::convert(&tokens) {
        Ok(text) => clean_text(&text),
        // Too deep to be a real formula: its source, cleaned, is the best
        // text there is.
        Err(convert::TooDeep) => clean_text(latex),
    }
}
