//! What a control word stands for when it is a single symbol: Greek
//! letters, operators, relations, arrows, delimiters, named functions and
//! big operators. The converter asks [`symbol`] first, so adding a command
//! that is "just a character" means adding one line here, nowhere else.
//! Code points are from the Unicode charts (Mathematical Operators, Arrows,
//! Greek and Coptic, Miscellaneous Technical).

/// How a symbol takes part in spacing and in what follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters, digits, binary operators, delimiters: written as they are.
    Ord,
    /// Relations and arrows: a space on each side (`a = b`).
    Rel,
    /// Named functions (`log`, `max`): a space before a following letter.
    Word,
    /// Big operators (`∑`, `∫`): like words, limits go in their scripts.
    BigOp,
    /// Spacing commands (`\quad`, `\,`): at most one space.
    Space,
}

/// The text and kind of the control word `name` (without its backslash),
/// when it is a plain symbol.
pub fn symbol(name: &str) -> Option<(&'static str, Kind)> {
    use Kind::*;
    let found = match name {
        // Greek, lower case (and the variant forms).
        "alpha" => ("α", Ord),
        "beta" => ("β", Ord),
        "gamma" => ("γ", Ord),
        "delta" => ("δ", Ord),
        "epsilon" => ("ϵ", Ord),
        "varepsilon" => ("ε", Ord),
        "zeta" => ("ζ", Ord),
        "eta" => ("η", Ord),
        "theta" => ("θ", Ord),
        "vartheta" => ("ϑ", Ord),
        "iota" => ("ι", Ord),
        "kappa" => ("κ", Ord),
        "varkappa" => ("ϰ", Ord),
        "lambda" => ("λ", Ord),
        "mu" => ("μ", Ord),
        "nu" => ("ν", Ord),
        "xi" => ("ξ", Ord),
        "omicron" => ("ο", Ord),
        "pi" => ("π", Ord),
        "varpi" => ("ϖ", Ord),
        "rho" => ("ρ", Ord),
        "varrho" => ("ϱ", Ord),
        "sigma" => ("σ", Ord),
        "varsigma" => ("ς", Ord),
        "tau" => ("τ", Ord),
        "upsilon" => ("υ", Ord),
        "phi" => ("ϕ", Ord),
        "varphi" => ("φ", Ord),
        "chi" => ("χ", Ord),
        "psi" => ("ψ", Ord),
        "omega" => ("ω", Ord),
        "digamma" => ("ϝ", Ord),
        // Greek, capitals (the `var` forms are italic capitals in LaTeX).
        "Gamma" | "varGamma" => ("Γ", Ord),
        "Delta" | "varDelta" => ("Δ", Ord),
        "Theta" | "varTheta" => ("Θ", Ord),
        "Lambda" | "varLambda" => ("Λ", Ord),
        "Xi" | "varXi" => ("Ξ", Ord),
        "Pi" | "varPi" => ("Π", Ord),
        "Sigma" | "varSigma" => ("Σ", Ord),
        "Upsilon" | "varUpsilon" => ("Υ", Ord),
        "Phi" | "varPhi" => ("Φ", Ord),
        "Psi" | "varPsi" => ("Ψ", Ord),
        "Omega" | "varOmega" => ("Ω", Ord),
        // Letter-like symbols.
        "infty" => ("∞", Ord),
        "partial" => ("∂", Ord),
        "nabla" => ("∇", Ord),
        "emptyset" | "varnothing" => ("∅", Ord),
        "forall" => ("∀", Ord),
        "exists" => ("∃", Ord),
        "nexists" => ("∄", Ord),
        "neg" | "lnot" => ("¬", Ord),
        "ell" => ("ℓ", Ord),
        "hbar" | "hslash" => ("ℏ", Ord),
        "aleph" => ("ℵ", Ord),
        "beth" => ("ℶ", Ord),
        "Re" => ("ℜ", Ord),
        "Im" => ("ℑ", Ord),
        "wp" => ("℘", Ord),
        "imath" => ("ı", Ord),
        "jmath" => ("ȷ", Ord),
        "top" => ("⊤", Ord),
        "bot" => ("⊥", Ord),
        "angle" => ("∠", Ord),
        "triangle" => ("△", Ord),
        "square" | "Box" => ("□", Ord),
        "blacksquare" | "qed" => ("∎", Ord),
        "Diamond" | "diamond" => ("⋄", Ord),
        "clubsuit" => ("♣", Ord),
        "prime" => ("′", Ord),
        "dagger" => ("†", Ord),
        "ddagger" => ("‡", Ord),
        "checkmark" => ("✓", Ord),
        "S" => ("§", Ord),
        "P" => ("¶", Ord),
        "dots" | "ldots" | "dotsc" | "dotso" | "mathellipsis" | "textellipsis" => ("…", Ord),
        "cdots" | "dotsb" | "dotsm" | "dotsi" => ("⋯", Ord),
        "vdots" => ("⋮", Ord),
        "ddots" => ("⋱", Ord),
        // Delimiters.
        "langle" => ("⟨", Ord),
        "rangle" => ("⟩", Ord),
        "lfloor" => ("⌊", Ord),
        "rfloor" => ("⌋", Ord),
        "lceil" => ("⌈", Ord),
        "rceil" => ("⌉", Ord),
        "|" | "Vert" | "lVert" | "rVert" => ("‖", Ord),
        "vert" | "lvert" | "rvert" => ("|", Ord),
        "{" | "lbrace" => ("{", Ord),
        "}" | "rbrace" => ("}", Ord),
        "lbrack" => ("[", Ord),
        "rbrack" => ("]", Ord),
        "backslash" => ("\\", Ord),
        // Escaped characters.
        "%" => ("%", Ord),
        "_" => ("_", Ord),
        "&" => ("&", Ord),
        "#" => ("#", Ord),
        "$" => ("$", Ord),
        "textbackslash" => ("\\", Ord),
        "textasciitilde" => ("~", Ord),
        "textunderscore" => ("_", Ord),
        // Binary operators: written without spaces of their own.
        "times" => ("×", Ord),
        "cdot" | "cdotp" => ("·", Ord),
        "pm" => ("±", Ord),
        "mp" => ("∓", Ord),
        "div" => ("÷", Ord),
        "ast" => ("∗", Ord),
        "star" => ("⋆", Ord),
        "circ" => ("∘", Ord),
        "bullet" => ("∙", Ord),
        "cup" => ("∪", Ord),
        "cap" => ("∩", Ord),
        "sqcup" => ("⊔", Ord),
        "sqcap" => ("⊓", Ord),
        "uplus" => ("⊎", Ord),
        "setminus" | "smallsetminus" => ("∖", Ord),
        "land" | "wedge" => ("∧", Ord),
        "lor" | "vee" => ("∨", Ord),
        "oplus" => ("⊕", Ord),
        "ominus" => ("⊖", Ord),
        "otimes" => ("⊗", Ord),
        "oslash" => ("⊘", Ord),
        "odot" => ("⊙", Ord),
        "wr" => ("≀", Ord),
        "amalg" => ("⨿", Ord),
        "dotplus" => ("∔", Ord),
        // Relations.
        "leq" | "le" => ("≤", Rel),
        "geq" | "ge" => ("≥", Rel),
        "leqslant" => ("⩽", Rel),
        "geqslant" => ("⩾", Rel),
        "neq" | "ne" => ("≠", Rel),
        "approx" => ("≈", Rel),
        "sim" => ("∼", Rel),
        "simeq" => ("≃", Rel),
        "cong" => ("≅", Rel),
        "equiv" => ("≡", Rel),
        "propto" | "varpropto" => ("∝", Rel),
        "asymp" => ("≍", Rel),
        "doteq" => ("≐", Rel),
        "triangleq" => ("≜", Rel),
        "coloneqq" | "coloneq" | "defeq" => ("≔", Rel),
        "ll" => ("≪", Rel),
        "gg" => ("≫", Rel),
        "lesssim" => ("≲", Rel),
        "gtrsim" => ("≳", Rel),
        "prec" => ("≺", Rel),
        "succ" => ("≻", Rel),
        "preceq" => ("⪯", Rel),
        "succeq" => ("⪰", Rel),
        "in" => ("∈", Rel),
        "notin" => ("∉", Rel),
        "ni" | "owns" => ("∋", Rel),
        "subset" => ("⊂", Rel),
        "supset" => ("⊃", Rel),
        "subseteq" => ("⊆", Rel),
        "supseteq" => ("⊇", Rel),
        "subsetneq" => ("⊊", Rel),
        "supsetneq" => ("⊋", Rel),
        "sqsubseteq" => ("⊑", Rel),
        "sqsupseteq" => ("⊒", Rel),
        "mid" => ("∣", Rel),
        "nmid" => ("∤", Rel),
        "parallel" => ("∥", Rel),
        "perp" => ("⟂", Rel),
        "models" => ("⊨", Rel),
        "vdash" => ("⊢", Rel),
        "dashv" => ("⊣", Rel),
        "colon" => (":", Rel),
        // Arrows.
        "to" | "rightarrow" => ("→", Rel),
        "gets" | "leftarrow" => ("←", Rel),
        "leftrightarrow" => ("↔", Rel),
        "Rightarrow" => ("⇒", Rel),
        "Leftarrow" => ("⇐", Rel),
        "Leftrightarrow" => ("⇔", Rel),
        "implies" | "Longrightarrow" => ("⟹", Rel),
        "impliedby" | "Longleftarrow" => ("⟸", Rel),
        "iff" | "Longleftrightarrow" => ("⟺", Rel),
        "longrightarrow" => ("⟶", Rel),
        "longleftarrow" => ("⟵", Rel),
        "longleftrightarrow" => ("⟷", Rel),
        "mapsto" => ("↦", Rel),
        "longmapsto" => ("⟼", Rel),
        "hookrightarrow" => ("↪", Rel),
        "hookleftarrow" => ("↩", Rel),
        "uparrow" => ("↑", Rel),
        "downarrow" => ("↓", Rel),
        "Uparrow" => ("⇑", Rel),
        "Downarrow" => ("⇓", Rel),
        "nearrow" => ("↗", Rel),
        "searrow" => ("↘", Rel),
        "rightharpoonup" => ("⇀", Rel),
        "rightleftharpoons" => ("⇌", Rel),
        "leadsto" | "rightsquigarrow" => ("⇝", Rel),
        "twoheadrightarrow" => ("↠", Rel),
        // Named functions.
        "log" => ("log", Word),
        "ln" => ("ln", Word),
        "lg" => ("lg", Word),
        "exp" => ("exp", Word),
        "sin" => ("sin", Word),
        "cos" => ("cos", Word),
        "tan" => ("tan", Word),
        "cot" => ("cot", Word),
        "sec" => ("sec", Word),
        "csc" => ("csc", Word),
        "arcsin" => ("arcsin", Word),
        "arccos" => ("arccos", Word),
        "arctan" => ("arctan", Word),
        "sinh" => ("sinh", Word),
        "cosh" => ("cosh", Word),
        "tanh" => ("tanh", Word),
        "coth" => ("coth", Word),
        "det" => ("det", Word),
        "dim" => ("dim", Word),
        "ker" => ("ker", Word),
        "deg" => ("deg", Word),
        "gcd" => ("gcd", Word),
        "hom" => ("hom", Word),
        "arg" => ("arg", Word),
        "Pr" => ("Pr", Word),
        "max" => ("max", Word),
        "min" => ("min", Word),
        "sup" => ("sup", Word),
        "inf" => ("inf", Word),
        "lim" => ("lim", Word),
        "liminf" => ("lim inf", Word),
        "limsup" => ("lim sup", Word),
        "argmax" => ("argmax", Word),
        "argmin" => ("argmin", Word),
        "bmod" | "mod" => ("mod", Word),
        // Big operators.
        "sum" => ("∑", BigOp),
        "prod" => ("∏", BigOp),
        "coprod" => ("∐", BigOp),
        "int" => ("∫", BigOp),
        "iint" => ("∬", BigOp),
        "iiint" => ("∭", BigOp),
        "oint" => ("∮", BigOp),
        "bigcup" => ("⋃", BigOp),
        "bigcap" => ("⋂", BigOp),
        "bigsqcup" => ("⨆", BigOp),
        "bigvee" => ("⋁", BigOp),
        "bigwedge" => ("⋀", BigOp),
        "bigoplus" => ("⨁", BigOp),
        "bigotimes" => ("⨂", BigOp),
        "bigodot" => ("⨀", BigOp),
        "biguplus" => ("⨄", BigOp),
        _ => return None,
    };
    Some(found)
}

/// The combining mark an accent command puts over (or under) a letter.
pub fn accent(name: &str) -> Option<char> {
    Some(match name {
        "hat" | "widehat" => '\u{0302}',
        "tilde" | "widetilde" => '\u{0303}',
        "bar" => '\u{0304}',
        "overline" => '\u{0305}',
        "breve" => '\u{0306}',
        "dot" => '\u{0307}',
        "ddot" => '\u{0308}',
        "mathring" => '\u{030A}',
        "check" | "widecheck" => '\u{030C}',
        "acute" => '\u{0301}',
        "grave" => '\u{0300}',
        "underline" => '\u{0332}',
        "vec" | "overrightarrow" => '\u{20D7}',
        "overleftarrow" => '\u{20D6}',
        _ => return None,
    })
}

/// Commands that only change size or style and are dropped, with the
/// delimiter after the sizing ones kept (`\left(` is `(`).
pub fn is_sizing(name: &str) -> bool {
    matches!(
        name,
        "left"
            | "right"
            | "middle"
            | "big"
            | "Big"
            | "bigg"
            | "Bigg"
            | "bigl"
            | "bigr"
            | "Bigl"
            | "Bigr"
            | "biggl"
            | "biggr"
            | "Biggl"
            | "Biggr"
            | "bigm"
            | "Bigm"
            | "biggm"
            | "Biggm"
    )
}

/// Commands without arguments that change nothing in plain text.
pub fn is_ignored(name: &str) -> bool {
    matches!(
        name,
        "displaystyle"
            | "textstyle"
            | "scriptstyle"
            | "scriptscriptstyle"
            | "limits"
            | "nolimits"
            | "nonumber"
            | "notag"
            | "hline"
            | "centering"
            | "mathstrut"
            | "strut"
            | "allowbreak"
            | "nobreak"
            | "relax"
            | "protect"
            | "!"
            | "/"
            | "noindent"
            | "rm"
            | "it"
            | "bf"
            | "cal"
            | "sf"
            | "tt"
            | "boldmath"
            | "unboldmath"
            | "normalsize"
            | "small"
            | "footnotesize"
            | "scriptsize"
            | "tiny"
            | "large"
            | "Large"
            | "displaylimits"
    )
}

/// Spacing commands, each one space in the text.
pub fn is_space(name: &str) -> bool {
    matches!(
        name,
        "," | ";"
            | ":"
            | ">"
            | " "
            | "quad"
            | "qquad"
            | "enspace"
            | "thinspace"
            | "medspace"
            | "thickspace"
    )
}

/// Commands whose one braced argument is dropped with them.
pub fn drops_argument(name: &str) -> bool {
    matches!(
        name,
        "label" | "vphantom" | "phantom" | "hphantom" | "vspace" | "color" | "nocite"
    )
}
