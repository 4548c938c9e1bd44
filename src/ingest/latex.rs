//! arXiv metadata writes accented names the way authors typed them into TeX
//! (`G\"odel`, `{\o}ksendal`, `\v{S}r\'amek`). A reader searching for "Gödel"
//! must find them, so author names are turned into plain Unicode letters here.
//! The conversion is driven by tables so a missing letter is a one-line fix.

use std::borrow::Cow;

/// An accent command: its name (a symbol like `'` or a letter like `v`), the
/// combining mark used when no precomposed letter exists, and pairs of
/// (base letter, precomposed letter).
struct Accent {
    name: char,
    combining: char,
    pairs: &'static str,
}

const ACCENTS: &[Accent] = &[
    Accent {
        name: '\'',
        combining: '\u{301}',
        pairs: "aáeéiíıíoóuúyýAÁEÉIÍOÓUÚYÝcćCĆnńNŃsśSŚzźZŹrŕRŔlĺLĹgǵGǴwẃWẂ",
    },
    Accent {
        name: '`',
        combining: '\u{300}',
        pairs: "aàeèiìıìoòuùAÀEÈIÌOÒUÙnǹNǸwẁWẀyỳYỲ",
    },
    Accent {
        name: '^',
        combining: '\u{302}',
        pairs: "aâeêiîıîoôuûAÂEÊIÎOÔUÛcĉCĈgĝGĜhĥHĤjĵȷĵJĴsŝSŜwŵWŴyŷYŶ",
    },
    Accent {
        name: '"',
        combining: '\u{308}',
        pairs: "aäeëiïıïoöuüyÿAÄEËIÏOÖUÜYŸ",
    },
    Accent {
        name: '~',
        combining: '\u{303}',
        pairs: "aãnñoõiĩıĩuũAÃNÑOÕIĨUŨ",
    },
    Accent {
        name: '=',
        combining: '\u{304}',
        pairs: "aāeēiīıīoōuūAĀEĒIĪOŌUŪ",
    },
    Accent {
        name: '.',
        combining: '\u{307}',
        pairs: "zżZŻcċCĊeėEĖgġGĠIİ",
    },
    Accent {
        name: 'u',
        combining: '\u{306}',
        pairs: "aăAĂgğGĞuŭUŬeĕEĔiĭıĭIĬoŏOŎ",
    },
    Accent {
        name: 'v',
        combining: '\u{30C}',
        pairs: "sšSŠcčCČzžZŽrřRŘeěEĚnňNŇdďDĎtťTŤlľLĽ",
    },
    Accent {
        name: 'H',
        combining: '\u{30B}',
        pairs: "oőOŐuűUŰ",
    },
    Accent {
        name: 'c',
        combining: '\u{327}',
        pairs: "cçCÇsşSŞtţTŢgģGĢkķKĶlļLĻnņNŅrŗRŖeȩEȨ",
    },
    Accent {
        name: 'k',
        combining: '\u{328}',
        pairs: "aąAĄeęEĘiįIĮuųUŲ",
    },
    Accent {
        name: 'r',
        combining: '\u{30A}',
        pairs: "aåAÅuůUŮ",
    },
    Accent {
        name: 'd',
        combining: '\u{323}',
        pairs: "",
    },
    Accent {
        name: 'b',
        combining: '\u{331}',
        pairs: "",
    },
];

/// Commands that stand for a letter or sign on their own.
const LETTERS: &[(&str, &str)] = &[
    ("ss", "ß"),
    ("o", "ø"),
    ("O", "Ø"),
    ("aa", "å"),
    ("AA", "Å"),
    ("ae", "æ"),
    ("AE", "Æ"),
    ("oe", "œ"),
    ("OE", "Œ"),
    ("l", "ł"),
    ("L", "Ł"),
    ("i", "ı"),
    ("j", "ȷ"),
    ("dh", "ð"),
    ("DH", "Ð"),
    ("th", "þ"),
    ("TH", "Þ"),
    ("ng", "ŋ"),
    ("NG", "Ŋ"),
];

fn accent_named(name: char) -> Option<&'static Accent> {
    ACCENTS.iter().find(|a| a.name == name)
}

/// Is `c` an accent written as a control symbol (`\'`, `\"`, ...)?
fn is_symbol_accent(c: char) -> bool {
    matches!(c, '\'' | '`' | '^' | '"' | '~' | '=' | '.')
}

/// Puts `accent` on `base`: the precomposed letter when there is one, else
/// the base followed by the combining mark.
fn apply(accent: &Accent, base: &str, out: &mut String) {
    let mut chars = base.chars();
    let Some(first) = chars.next() else {
        // `\'{}` accents nothing: TeX prints the bare accent.
        out.push(accent.combining);
        return;
    };
    let mut pairs = accent.pairs.chars();
    let mut composed = None;
    while let (Some(from), Some(to)) = (pairs.next(), pairs.next()) {
        if from == first {
            composed = Some(to);
            break;
        }
    }
    match composed {
        Some(c) => out.push(c),
        None => {
            out.push(first);
            out.push(accent.combining);
        }
    }
    out.extend(chars);
}

/// Turns TeX accents and letter commands into Unicode and drops grouping
/// braces: `{\"o}` → `ö`, `\v{s}` → `š`, `\ss` → `ß`. Text without a
/// backslash or brace is returned as is, without allocating.
pub fn to_unicode(s: &str) -> Cow<'_, str> {
    if !s.contains(['\\', '{', '}']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    convert(&chars, &mut out);
    Cow::Owned(out)
}

fn convert(chars: &[char], out: &mut String) {
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '{' | '}' => i += 1,
            '\\' => i = command(chars, i + 1, out),
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
}

/// Converts the command whose name starts at `start` (just after the
/// backslash); returns where the text after it starts.
fn command(chars: &[char], start: usize, out: &mut String) -> usize {
    let Some(&first) = chars.get(start) else {
        out.push('\\');
        return start;
    };
    if is_symbol_accent(first) {
        let accent = accent_named(first).expect("every symbol accent has a table row");
        return argument(chars, start + 1, accent, out);
    }
    if !first.is_ascii_alphabetic() {
        // `\&`, `\%`, `\ `, `\\`: the character itself.
        out.push(first);
        return start + 1;
    }
    let end = start
        + chars[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
    let name: String = chars[start..end].iter().collect();
    if let Some((_, letter)) = LETTERS.iter().find(|(n, _)| *n == name) {
        out.push_str(letter);
        return skip_spaces(chars, end);
    }
    let mut name_chars = name.chars();
    if let (Some(letter), None) = (name_chars.next(), name_chars.next())
        && let Some(accent) = accent_named(letter)
    {
        return argument(chars, skip_spaces(chars, end), accent, out);
    }
    // An unknown command (math, a macro): keep it as written.
    out.push('\\');
    out.push_str(&name);
    end
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|c| *c == ' ') {
        i += 1;
    }
    i
}

/// Reads the argument of an accent at `i` (`{e}`, `\i`, or one character),
/// writes the accented result and returns where the text after it starts.
fn argument(chars: &[char], i: usize, accent: &Accent, out: &mut String) -> usize {
    let mut base = String::new();
    let next = match chars.get(i) {
        None => {
            out.push(accent.combining);
            return i;
        }
        Some('{') => {
            let mut depth = 0usize;
            let mut end = i;
            while end < chars.len() {
                match chars[end] {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                end += 1;
            }
            convert(&chars[i + 1..end.min(chars.len())], &mut base);
            end + 1
        }
        Some('\\') => command(chars, i + 1, &mut base),
        Some(&c) => {
            base.push(c);
            i + 1
        }
    };
    apply(accent, &base, out);
    next.min(chars.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_in_every_spelling() {
        let cases = [
            (r#"G{\"o}del"#, "Gödel"),
            (r#"G\"odel"#, "Gödel"),
            (r#"M\"{u}ller"#, "Müller"),
            (r"Bal\'azs", "Balázs"),
            (r"P\'{e}ter", "Péter"),
            (r"Fran\c{c}ois", "François"),
            (r"Fran\c cois", "François"),
            (r"Pe\~na", "Peña"),
            (r"C\^ote", "Côte"),
            (r"Tom\`as", "Tomàs"),
            (r"\v{S}r\'amek", "Šrámek"),
            (r"Vina\v{r}", "Vinař"),
            (r"Stra\ss e", "Straße"),
            (r"{\o}ksendal", "øksendal"),
            (r"Mikkel {\O}bro", "Mikkel Øbro"),
            (r#"\AA{}ngstr\"om"#, "Ångström"),
            (r"\aa se", "åse"),
            (r"\L{}ukasz Wa\l{}ach", "Łukasz Wałach"),
            (r"Erd\H{o}s", "Erdős"),
            (r"Ma\'{\i}ra", "Maíra"),
            (r"Ma\'\i ra", "Maíra"),
            (r"Dvo\v{r}\'ak", "Dvořák"),
            (r"Bu\k{a}", "Buą"),
            (r"{Smith}", "Smith"),
        ];
        for (tex, want) in cases {
            assert_eq!(to_unicode(tex), want, "{tex}");
        }
    }

    #[test]
    fn plain_text_is_not_copied() {
        assert!(matches!(to_unicode("Ada Lovelace"), Cow::Borrowed(_)));
        assert!(matches!(to_unicode("Péter"), Cow::Borrowed(_)));
    }

    #[test]
    fn unknown_letters_get_a_combining_mark() {
        assert_eq!(to_unicode(r"\v{x}"), "x\u{30C}");
        assert_eq!(to_unicode(r"\d{h}"), "h\u{323}");
    }

    #[test]
    fn what_is_not_an_accent_survives() {
        assert_eq!(to_unicode(r"\alpha-decay"), r"\alpha-decay");
        assert_eq!(to_unicode(r"A \& B"), "A & B");
        assert_eq!(to_unicode("trailing \\"), "trailing \\");
        assert_eq!(to_unicode(r"broken \'"), "broken \u{301}");
        assert_eq!(to_unicode(r"unclosed \'{e"), "unclosed é");
    }
}
