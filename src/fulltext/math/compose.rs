//! How converted pieces become notation: scripts attached to their base,
//! accents as combining marks, fractions with the parentheses they need,
//! roots and negated relations. Pure functions on text, kept apart from
//! the parser so each rule of the module doc has one place.

use super::scripts;

/// `base` with its subscript, then its superscript: in Unicode script
/// characters when every character has one, else `_x` for a single
/// character and `_{…}` for more.
pub fn attach(mut base: String, sub: Option<&str>, sup: Option<&str>) -> String {
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
pub fn is_single(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| !is_mark(c)) && chars.all(is_mark)
}

/// `body` under the accent `mark`: on its one letter, or as a continuous
/// line under or over several plain characters, or `\name{body}`.
pub fn accented(name: &str, body: &str, mark: char) -> String {
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

pub fn parenthesised(part: &str) -> String {
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
pub fn root(index: &str, body: &str) -> String {
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
pub fn negated(text: &str) -> String {
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
pub fn is_relation(text: &str) -> bool {
    let text = text.trim();
    is_single(text) && "=<>:≤≥≠≈∼≃≅≡≔→←↔⇒⇐⇔⟹⟸⟺↦∈∋⊂⊆⊃⊇≺≻≪≫∝".contains(text)
}
