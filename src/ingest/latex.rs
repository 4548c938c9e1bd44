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

/// How many accent arguments may be open inside each other. Real names
/// nest one or two (`\'{\i}`); past this, an accent just adds its combining
/// mark and its argument is read as plain text, so hostile input can neither
/// grow the work per character nor the memory per level.
const MAX_NESTED_ARGUMENTS: usize = 16;

/// Turns TeX accents and letter commands into Unicode and drops grouping
/// braces: `{\"o}` → `ö`, `\v{s}` → `š`, `\ss` → `ß`. Text without a
/// backslash or brace is returned as is, without allocating.
///
/// The conversion is a single pass with an explicit stack of open accent
/// arguments (no recursion), so its time is linear in the input and its stack
/// use constant, however deeply the braces or accents nest.
pub fn to_unicode(s: &str) -> Cow<'_, str> {
    if !s.contains(['\\', '{', '}']) {
        return Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut conv = Converter {
        out: String::with_capacity(s.len()),
        open: Vec::new(),
    };
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '{' => {
                if let Some(Argument {
                    ends: Ends::AtBrace { depth },
                    ..
                }) = conv.open.last_mut()
                {
                    *depth += 1;
                }
                i += 1;
            }
            '}' => {
                match conv.open.last_mut() {
                    Some(Argument {
                        ends: Ends::AtBrace { depth },
                        ..
                    }) if *depth > 0 => *depth -= 1,
                    Some(Argument {
                        ends: Ends::AtBrace { .. },
                        ..
                    }) => conv.close_one(),
                    _ => {}
                }
                i += 1;
            }
            '\\' => i = conv.command(&chars, i + 1),
            c => {
                conv.sink().push(c);
                conv.unit_done();
                i += 1;
            }
        }
    }
    // Arguments left open by the end of the text end with it.
    while !conv.open.is_empty() {
        conv.close_one();
    }
    Cow::Owned(conv.out)
}

/// Where an accent's argument ends.
enum Ends {
    /// At the `}` matching its `{`; `depth` counts braces opened inside.
    AtBrace { depth: usize },
    /// After one command (`\'\i`).
    AfterCommand,
}

/// An accent whose argument is being read.
struct Argument {
    accent: &'static Accent,
    base: String,
    ends: Ends,
}

struct Converter {
    out: String,
    open: Vec<Argument>,
}

impl Converter {
    /// Where converted text goes: the innermost open argument, or the output.
    fn sink(&mut self) -> &mut String {
        match self.open.last_mut() {
            Some(arg) => &mut arg.base,
            None => &mut self.out,
        }
    }

    /// Closes the innermost argument, accenting its text into the enclosing
    /// one, then closes every enclosing argument that was one command long.
    fn close_one(&mut self) {
        let Some(done) = self.open.pop() else { return };
        apply(done.accent, &done.base, self.sink());
        self.unit_done();
    }

    /// A unit of text (a character, a command's output) was written: the
    /// arguments that were waiting for exactly one command end here.
    fn unit_done(&mut self) {
        while let Some(Argument {
            ends: Ends::AfterCommand,
            ..
        }) = self.open.last()
        {
            let Some(done) = self.open.pop() else { return };
            apply(done.accent, &done.base, self.sink());
        }
    }

    /// Converts the command whose name starts at `start` (just after the
    /// backslash); returns where the text after it starts. An accent whose
    /// argument is itself a command continues the loop with that command.
    fn command(&mut self, chars: &[char], mut start: usize) -> usize {
        loop {
            let Some(&first) = chars.get(start) else {
                self.sink().push('\\');
                self.unit_done();
                return start;
            };
            let (accent, arg_at) = if is_symbol_accent(first) {
                match accent_named(first) {
                    Some(accent) => (accent, start + 1),
                    None => {
                        self.sink().push(first);
                        self.unit_done();
                        return start + 1;
                    }
                }
            } else if !first.is_ascii_alphabetic() {
                // `\&`, `\%`, `\ `, `\\`: the character itself.
                self.sink().push(first);
                self.unit_done();
                return start + 1;
            } else {
                let end = start
                    + chars[start..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphabetic())
                        .count();
                let name: String = chars[start..end].iter().collect();
                if let Some((_, letter)) = LETTERS.iter().find(|(n, _)| *n == name) {
                    self.sink().push_str(letter);
                    self.unit_done();
                    return skip_spaces(chars, end);
                }
                let mut name_chars = name.chars();
                let accent = match (name_chars.next(), name_chars.next()) {
                    (Some(letter), None) => accent_named(letter),
                    _ => None,
                };
                let Some(accent) = accent else {
                    // An unknown command (math, a macro): keep it as written.
                    let sink = self.sink();
                    sink.push('\\');
                    sink.push_str(&name);
                    self.unit_done();
                    return end;
                };
                (accent, skip_spaces(chars, end))
            };
            // The accent's argument at `arg_at`: `{...}`, a command, or one character.
            let inside_braces = matches!(
                self.open.last(),
                Some(Argument {
                    ends: Ends::AtBrace { .. },
                    ..
                })
            );
            let nested = |kind: Ends| Argument {
                accent,
                base: String::new(),
                ends: kind,
            };
            match chars.get(arg_at) {
                // Nothing to accent (`\'` at the end, `{\'}`): the bare mark.
                None => {
                    apply(accent, "", self.sink());
                    self.unit_done();
                    return arg_at;
                }
                Some('}') if inside_braces => {
                    apply(accent, "", self.sink());
                    self.unit_done();
                    return arg_at;
                }
                Some('{' | '\\') if self.open.len() >= MAX_NESTED_ARGUMENTS => {
                    // Too deep: the mark alone; the argument is read as text.
                    self.sink().push(accent.combining);
                    return arg_at;
                }
                Some('{') => {
                    self.open.push(nested(Ends::AtBrace { depth: 0 }));
                    return arg_at + 1;
                }
                Some('\\') => {
                    self.open.push(nested(Ends::AfterCommand));
                    start = arg_at + 1;
                }
                Some(&c) => {
                    let mut buf = [0u8; 4];
                    apply(accent, c.encode_utf8(&mut buf), self.sink());
                    self.unit_done();
                    return arg_at + 1;
                }
            }
        }
    }
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|c| *c == ' ') {
        i += 1;
    }
    i
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
    fn deep_nesting_neither_overflows_nor_slows_down() {
        let n = 100_000;
        let braces = format!("{}x{}", "{".repeat(n), "}".repeat(n));
        assert_eq!(to_unicode(&braces), "x");
        assert_eq!(to_unicode(&"{".repeat(n)), "");
        for opener in [r"\'{", r"\v{", r"\'", r"\'\", r"\c "] {
            let hostile = format!("{}e{}", opener.repeat(n), "}".repeat(n));
            let out = to_unicode(&hostile);
            assert!(!out.is_empty(), "{opener}");
            assert!(out.chars().count() <= 2 * n + 2, "{opener}");
        }
        // Nesting within the limit still accents inside out.
        assert_eq!(to_unicode(r#"\'{\"{o}}"#), "ö\u{301}");
        assert_eq!(to_unicode(r"\'\i"), "í");
        assert_eq!(to_unicode(r"\'\'e"), "é\u{301}");
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
