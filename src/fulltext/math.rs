//! A formula's LaTeX (LaTeXML's `alttext`) as readable Unicode text:
//! `\varphi_{T}` as `φ_T`, `\frac{a}{b}` as `a/b`. What cannot be turned
//! into text stays as compact LaTeX, never as MathML or HTML.

/// The readable text of the LaTeX formula `latex`.
pub fn latex_to_text(latex: &str) -> String {
    // Interim: the LaTeX itself with its whitespace collapsed (the full
    // converter replaces this).
    latex.split_whitespace().collect::<Vec<_>>().join(" ")
}
