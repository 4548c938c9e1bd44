//! The converter's behaviour on a table of formulas, on every formula of a
//! real arXiv page, and on arbitrary input.

use super::latex_to_text;

/// Input LaTeX and the exact text expected for it.
const CASES: &[(&str, &str)] = &[
    // The acceptance examples.
    (r"\varphi_{T}", "φ_T"),
    (r"D=\{d^{n}\}_{n=1}^{N}", "D = {dⁿ}ₙ₌₁ᴺ"),
    // Greek.
    (r"\alpha+\beta\gamma", "α+βγ"),
    (r"\varepsilon\epsilon\vartheta\theta\varphi\phi", "εϵϑθφϕ"),
    (r"\Gamma\Delta\Omega\Sigma", "ΓΔΩΣ"),
    // Scripts.
    (r"x^{2}", "x²"),
    (r"x^2y", "x²y"),
    (r"d^{n}", "dⁿ"),
    (r"x_{i}", "xᵢ"),
    (r"x_i^2", "xᵢ²"),
    (r"x^{-1}", "x⁻¹"),
    (r"A^{T}", "Aᵀ"),
    (r"x_{ij,k}", "x_{ij,k}"),
    (r"\varphi_{T}(z)", "φ_T(z)"),
    (r"T_{1}^{\prime},\dots,T_{7}^{\prime}", "T₁′,…,T₇′"),
    (r"f'(x)", "f′(x)"),
    (r"x_{\max}", "xₘₐₓ"),
    (r"W_{q}", "W_q"),
    (r"e^{i\pi}", "e^{iπ}"),
    (r"x_{i \in S}", "x_{i∈S}"),
    (r"2^{10}", "2¹⁰"),
    // Relations, operators, arrows, sets, logic.
    (r"a=b", "a = b"),
    (r"a\leq b\geq c\neq d", "a ≤ b ≥ c ≠ d"),
    (r"x\approx y\sim z\equiv w", "x ≈ y ∼ z ≡ w"),
    (r"a\times b\cdot c\pm d", "a×b·c±d"),
    (r"x\in A\notin B", "x ∈ A ∉ B"),
    (r"A\subset B\subseteq C", "A ⊂ B ⊆ C"),
    (r"A\cup B\cap\emptyset", "A∪B∩∅"),
    (r"\forall x\exists y\neg p\land q\lor r", "∀x∃y¬p∧q∨r"),
    (r"f\colon X\to Y", "f : X → Y"),
    (r"x\rightarrow y\leftarrow z", "x → y ← z"),
    (r"p\Rightarrow q\Leftrightarrow r", "p ⇒ q ⇔ r"),
    (r"x\mapsto x^2", "x ↦ x²"),
    (r"\infty\partial\nabla", "∞∂∇"),
    (r"1,\ldots,n,\cdots", "1,…,n,⋯"),
    (r"\langle x,y\rangle", "⟨x,y⟩"),
    (r"\|x\|", "‖x‖"),
    (r"x:=y", "x := y"),
    (r"Q=\{q:q\sim\varphi_{E}(z)\}", "Q = {q : q ∼ φ_E(z)}"),
    (r"a\not= b", "a ≠ b"),
    (r"10\%", "10%"),
    // Fonts.
    (r"\mathbb{R}^{n}", "ℝⁿ"),
    (r"\mathbb{NZQC}", "ℕℤℚℂ"),
    (r"\mathcal{L}", "ℒ"),
    (r"\mathcal{O}(n)", "𝒪(n)"),
    (r"\mathbf{x}", "𝐱"),
    (r"\boldsymbol{\alpha}", "𝛂"),
    (r"\bm{W}", "𝐖"),
    (r"\boldsymbol{\nabla}", "∇"),
    (r"\mathfrak{g}", "𝔤"),
    (r"\mathrm{d}x", "dx"),
    (r"\operatorname{softmax}(x)", "softmax(x)"),
    (r"\operatorname*{arg\,max}_{x} f", "arg maxₓ f"),
    (r"f(\text{codeword})", "f(codeword)"),
    (r"\{\text{code\_template}\}", "{code_template}"),
    (r"x \text{ if } y", "x if y"),
    (r"\textrm{loss}", "loss"),
    (r"\mathit{KL}", "KL"),
    // Fractions, binomials, roots.
    (r"\frac{a}{b}", "a/b"),
    (r"\frac{a+b}{c}", "(a+b)/c"),
    (r"\dfrac{1}{n-1}", "1/(n-1)"),
    (r"\tfrac12", "½"),
    (r"E=\frac{1}{2}mv^{2}", "E = ½mv²"),
    (r"\frac{3}{4}", "¾"),
    (r"\frac{1}{11}", "1/11"),
    (r"\frac{\frac{a}{b}}{c}", "(a/b)/c"),
    (r"\frac{x^2}{2\sigma^2}", "x²/2σ²"),
    (r"y=\frac{f(x)}{g(x)}", "y = f(x)/g(x)"),
    (r"\binom{n}{k}", "(n choose k)"),
    (r"\sqrt{x}", "√x"),
    (r"\sqrt{x+1}", "√(x+1)"),
    (r"\sqrt[3]{x}", "∛x"),
    (r"\sqrt[n]{2}", "ⁿ√2"),
    (r"\sqrt{2}", "√2"),
    // Big operators and named functions.
    (r"\sum_{i=1}^{n} x_i", "∑ᵢ₌₁ⁿ xᵢ"),
    (r"\prod_{k} a_k", "∏ₖ aₖ"),
    (r"\int_a^b f(x)\,dx", "∫ₐᵇ f(x) dx"),
    (r"\int_{0}^{\infty}", "∫₀^∞"),
    (r"\lim_{x\to0} f(x)", "lim_{x→0} f(x)"),
    (r"\max_{i}x_i", "maxᵢ xᵢ"),
    (r"\min(a,b)", "min(a,b)"),
    (r"\log x+\exp y", "log x+exp y"),
    (r"\sin\theta\cos^2\phi", "sin θ cos² ϕ"),
    (r"\sum\limits_{j}", "∑ⱼ"),
    (r"\bigcup_{n} A_n", "⋃ₙ Aₙ"),
    // Accents.
    (r"\hat{x}", "x̂"),
    (r"\tilde{y}", "y\u{303}"),
    (r"\bar{z}", "z̄"),
    (r"\overline{AB}", "A̅B̅"),
    (r"\vec{v}", "v⃗"),
    (r"\dot{x}+\ddot{x}", "x\u{307}+x\u{308}"),
    (r"\hat{\theta}_{n}", "θ̂ₙ"),
    (r"\widehat{xy}", r"\widehat{xy}"),
    // Delimiters, sizing and spacing.
    (r"\left( a \right)", "(a)"),
    (r"\left\{ x \right.", "{x"),
    (r"\big( a \Bigr]", "(a]"),
    (r"a\,b\;c\quad d\qquad e\!f~g", "a b c d ef g"),
    (r"\displaystyle\sum_{i}", "∑ᵢ"),
    (r"x=1\label{eq:one}\nonumber", "x = 1"),
    (r"\left\langle u,v\right\rangle", "⟨u,v⟩"),
    // Environments.
    (
        r"\begin{aligned} a &= b \\ &= c \end{aligned}",
        "a = b; = c",
    ),
    (
        r"|x|=\begin{cases} x & x\geq 0\\ -x & \text{otherwise}\end{cases}",
        "|x| = {x, x ≥ 0; -x, otherwise",
    ),
    (
        r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}",
        "(a, b; c, d)",
    ),
    (r"\begin{bmatrix}1&0\\0&1\end{bmatrix}", "[1, 0; 0, 1]"),
    (r"\begin{array}{cc} x & y \end{array}", "x, y"),
    (r"a \\ b", "a; b"),
    // Unknown commands and broken input.
    (r"\foo{x}", r"\foo{x}"),
    (r"\foo x", r"\foo x"),
    (r"\foo{x}{y+z}", r"\foo{x}{y+z}"),
    (r"x^", "x"),
    (r"\frac{a", "a/"),
    (r"a}b", "ab"),
    (r"{{a}", "a"),
    ("a\\", "a\\"),
    (r"\end{cases} x", "x"),
    (r"\not", "¬"),
    (r"x^{}", "x"),
    ("a\u{1b}[31mb", "ab"),
    ("a <b", "a < b"),
];

#[test]
fn the_table_of_formulas() {
    let mut failures = Vec::new();
    for (latex, expected) in CASES {
        let got = latex_to_text(latex);
        if got != *expected {
            failures.push(format!("{latex:?}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_table_covers_enough_formulas() {
    assert!(CASES.len() >= 60, "{} cases", CASES.len());
}

/// True when `text` holds a control or invisible character.
fn has_control(text: &str) -> bool {
    !crate::ingest::fuzzing::is_terminal_safe(text, false)
}

/// Every `alttext` value of an HTML page, entities decoded.
fn alttexts(html: &str) -> Vec<String> {
    const KEY: &str = "alttext=\"";
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(KEY) {
        rest = &rest[start + KEY.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        let raw = &rest[..end];
        let value =
            quick_xml::escape::unescape(raw).map_or_else(|_| raw.to_string(), |v| v.into_owned());
        found.push(value);
        rest = &rest[end..];
    }
    found
}

#[test]
fn every_formula_of_the_shared_arxiv_page() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/arxiv-html-2501.11120v1.html");
    let Ok(html) = std::fs::read_to_string(&path) else {
        println!(
            "{} is absent: the page's formulas are not checked",
            path.display()
        );
        return;
    };
    let formulas = alttexts(&html);
    assert_eq!(formulas.len(), 187, "the page's formula count");
    let mut with_backslash = Vec::new();
    for latex in &formulas {
        let text = latex_to_text(latex);
        assert!(!text.is_empty(), "{latex:?} gave nothing");
        assert!(!text.contains('<'), "{latex:?} -> {text:?}");
        assert!(!has_control(&text), "{latex:?} -> {text:?}");
        if text.contains('\\') {
            with_backslash.push(format!("{latex:?} -> {text:?}"));
        }
    }
    println!(
        "{} of {} formulas keep a backslash",
        with_backslash.len(),
        formulas.len()
    );
    for line in &with_backslash {
        println!("  {line}");
    }
    assert!(with_backslash.is_empty(), "{with_backslash:#?}");
}

#[test]
fn deep_nesting_falls_back_to_the_source() {
    let deep = format!("{}x{}", "{".repeat(10_000), "}".repeat(10_000));
    assert_eq!(latex_to_text(&deep), deep);
    let fracs = r"\frac".repeat(10_000);
    assert_eq!(latex_to_text(&fracs), fracs);
    let scripts = "x^".repeat(10_000);
    assert!(!latex_to_text(&scripts).is_empty());
    let unclosed = "{".repeat(10_000);
    assert_eq!(latex_to_text(&unclosed), unclosed);
    // Just under the limit still converts.
    let shallow = format!("{}x^{{2}}{}", "{".repeat(20), "}".repeat(20));
    assert_eq!(latex_to_text(&shallow), "x²");
}

#[test]
fn a_megabyte_formula_converts_quickly() {
    let unit = r"\sum_{i=1}^{n} \frac{\alpha_i + \mathbb{R}}{\sqrt{x}} \left( \hat{y} \right) \\ ";
    let big = unit.repeat(1_000_000 / unit.len() + 1);
    let started = std::time::Instant::now();
    let text = latex_to_text(&big);
    assert!(
        text.starts_with("∑ᵢ₌₁ⁿ (αᵢ+ℝ)/√x(y\u{302}); ∑ᵢ₌₁ⁿ"),
        "{}",
        text.chars().take(40).collect::<String>()
    );
    let soup = "{\\}^_&".repeat(200_000);
    let _ = latex_to_text(&soup);
    let closes = "}".repeat(1_000_000);
    assert_eq!(latex_to_text(&closes), "");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

/// Brace, backslash and script soups, with a few commands in them.
fn soup() -> impl proptest::strategy::Strategy<Value = String> {
    proptest::string::string_regex(
        r"([{}\\^_&\[\] ]|\\(frac|sqrt|left|right|begin|end|text|mathbb|hat|overline|not|sum|alpha|foo|\\)|\{(cases|pmatrix|aligned)\}|[a-z0-9=+'~%.]){0,80}",
    )
    .expect("a valid pattern")
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(1024))]

    /// Nothing panics, nothing unsafe comes out, and the text stays within
    /// a small multiple of the source (math-alphabet letters are 4 bytes
    /// for a 1-byte letter, plus marks and relation spaces).
    #[test]
    fn any_input_converts_to_safe_bounded_text(
        latex in proptest::prop_oneof![proptest::arbitrary::any::<String>(), soup()]
    ) {
        let text = latex_to_text(&latex);
        proptest::prop_assert!(!has_control(&text), "{:?} -> {:?}", latex, text);
        proptest::prop_assert!(
            text.len() <= 8 * latex.len() + 16,
            "{:?} ({} bytes) -> {:?} ({} bytes)", latex, latex.len(), text, text.len()
        );
    }
}
