//! The terminal-safety gate. Feed, network and file text is untrusted: a title
//! or abstract could carry escape sequences that recolour the screen, rewrite
//! the clipboard (OSC 52), set the window title, or bidi overrides that make
//! text read differently from what it is. Every such string passes through
//! here before it is stored, so nothing downstream has to think about it.

/// What one input character contributes to the cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Char(char),
    Space,
    LineBreak,
}

/// [`clean_text`] of an optional field: `None` when nothing is left.
pub fn clean_optional(s: &str) -> Option<String> {
    Some(clean_text(s)).filter(|s| !s.is_empty())
}

/// Cleans a single-line field (title, author, abstract): strips escape
/// sequences and control/invisible characters, turns every kind of whitespace
/// into a single space and trims the ends.
pub fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for piece in pieces(s) {
        match piece {
            Piece::Char(c) => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
            }
            Piece::Space | Piece::LineBreak => pending_space = true,
        }
    }
    out
}

/// Cleans multi-line text a user wrote (notes): like [`clean_text`] but keeps
/// line breaks (`\r\n` and `\r` become `\n`), keeps spacing inside a line,
/// drops trailing spaces on each line, allows at most one blank line in a row
/// and trims blank lines at both ends.
pub fn clean_multiline(s: &str) -> String {
    let mut lines: Vec<String> = vec![String::new()];
    for piece in pieces(s) {
        let line = lines.last_mut().expect("lines always holds a current line");
        match piece {
            Piece::Char(c) => line.push(c),
            Piece::Space => line.push(' '),
            Piece::LineBreak => lines.push(String::new()),
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut blank_run = 0;
    for line in &lines {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

const ESC: char = '\u{1b}';
const BEL: char = '\u{07}';
/// The 8-bit String Terminator.
const ST: char = '\u{9c}';

/// Walks the text, swallowing escape sequences and invisible characters, and
/// reports the visible characters, spaces and line breaks that remain.
fn pieces(s: &str) -> impl Iterator<Item = Piece> + '_ {
    let mut chars = s.chars().peekable();
    std::iter::from_fn(move || {
        loop {
            let c = chars.next()?;
            match c {
                ESC => skip_escape(&mut chars),
                // 8-bit CSI, then OSC / DCS / SOS / PM / APC with string payloads.
                '\u{9b}' => skip_csi_body(&mut chars),
                '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => {
                    skip_string_body(&mut chars)
                }
                '\r' => {
                    chars.next_if_eq(&'\n');
                    return Some(Piece::LineBreak);
                }
                '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => return Some(Piece::LineBreak),
                _ if c.is_whitespace() => return Some(Piece::Space),
                _ if c.is_control() || is_invisible_format(c) => {}
                _ => return Some(Piece::Char(c)),
            }
        }
    })
}

/// Bidi embeddings/overrides/isolates/marks and zero-width characters: they
/// change how text looks without being visible themselves.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
    )
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Skips what follows an ESC: a CSI, a string command (OSC, DCS, SOS, PM,
/// APC), or a short `ESC [intermediates] final` sequence. A lone ESC is dropped.
fn skip_escape(chars: &mut Chars<'_>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi_body(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string_body(chars);
        }
        Some(_) => {
            // nF escapes (`ESC ( B`): intermediates 0x20-0x2F, then one final 0x30-0x7E.
            while chars
                .next_if(|c| ('\u{20}'..='\u{2f}').contains(c))
                .is_some()
            {}
            chars.next_if(|c| ('\u{30}'..='\u{7e}').contains(c));
        }
        None => {}
    }
}

/// Skips CSI parameters and intermediates up to and including the final byte
/// (0x40-0x7E). Stops early, without consuming it, at anything that cannot be
/// part of a CSI, so a broken sequence cannot swallow the following text.
fn skip_csi_body(chars: &mut Chars<'_>) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{20}'..='\u{3f}' => {
                chars.next();
            }
            '\u{40}'..='\u{7e}' => {
                chars.next();
                return;
            }
            _ => return,
        }
    }
}

/// Skips a string command's payload up to its terminator: BEL, ST (8-bit) or
/// `ESC \`. Another ESC aborts the string, as terminals do, and is left to
/// start the next sequence. An unterminated string runs to the end of input.
fn skip_string_body(chars: &mut Chars<'_>) {
    while let Some(&c) = chars.peek() {
        match c {
            BEL | ST => {
                chars.next();
                return;
            }
            ESC => {
                let mut ahead = chars.clone();
                ahead.next();
                if ahead.peek() == Some(&'\\') {
                    chars.next();
                    chars.next();
                }
                return;
            }
            _ => {
                chars.next();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// True when the text has nothing a terminal would interpret.
    fn is_terminal_safe(s: &str) -> bool {
        s.chars()
            .all(|c| !c.is_control() && !is_invisible_format(c))
    }

    #[test]
    fn strips_colour_clipboard_and_bidi_attacks_from_an_abstract() {
        let abstract_text = "We show \x1b[31mred\x1b[0m text.\x1b]52;c;ZXZpbA==\x07 \
                             Then \u{9b}2Jclear and \u{202e}reversed.";
        let clean = clean_text(abstract_text);
        assert_eq!(clean, "We show red text. Then clear and reversed.");
        assert!(!clean.contains("ZXZpbA"));
        assert!(is_terminal_safe(&clean));
    }

    #[test]
    fn strips_every_escape_form() {
        assert_eq!(clean_text("a\x1b[1;32;48;5;200mb"), "ab");
        assert_eq!(clean_text("a\x1b[?25lb"), "ab");
        assert_eq!(clean_text("a\x1b]0;title\x1b\\b"), "ab");
        assert_eq!(
            clean_text("a\x1b]8;;http://evil\x07link\x1b]8;;\x07b"),
            "alinkb"
        );
        assert_eq!(clean_text("a\x1bPq#0;2;0;0;0\x1b\\b"), "ab");
        assert_eq!(
            clean_text("a\x1bXsos\x1b\\b\x1b^pm\x1b\\c\x1b_apc\x1b\\d"),
            "abcd"
        );
        assert_eq!(clean_text("a\x1b(Bb\x1b7c\x1bcd"), "abcd");
        assert_eq!(clean_text("a\u{9d}0;title\u{9c}b"), "ab");
        assert_eq!(clean_text("a\u{90}payload\u{9c}b"), "ab");
        assert_eq!(clean_text("a\u{9f}apc\x07b"), "ab");
        assert_eq!(clean_text("a\u{9b}31mb"), "ab");
    }

    #[test]
    fn a_lone_or_broken_escape_does_not_eat_text() {
        assert_eq!(clean_text("end\x1b"), "end");
        assert_eq!(clean_text("end\u{9b}"), "end");
        assert_eq!(clean_text("a\x1b[12\u{e9}t\u{e9}"), "a\u{e9}t\u{e9}");
        // An OSC aborted by a new escape: both are dropped, the text after survives.
        assert_eq!(clean_text("a\x1b]0;x\x1b[0mb"), "ab");
    }

    #[test]
    fn removes_controls_and_invisible_characters() {
        assert_eq!(clean_text("a\x00b\x07c\x7fd\u{85}e\u{9c}f"), "abcd ef");
        assert_eq!(
            clean_text("zero\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}width"),
            "zerowidth"
        );
        assert_eq!(
            clean_text("\u{202a}\u{202b}\u{202c}\u{202d}\u{2066}\u{2067}\u{2068}\u{2069}x"),
            "x"
        );
    }

    #[test]
    fn whitespace_collapses_to_single_spaces() {
        assert_eq!(
            clean_text("  Hopfield\n  Networks\tis\r\nAll\u{a0}You\u{2003}\u{3000}Need  "),
            "Hopfield Networks is All You Need"
        );
        assert_eq!(clean_text(" \n\t "), "");
        assert_eq!(clean_text(""), "");
    }

    #[test]
    fn multiline_keeps_paragraphs_for_notes() {
        let note = "  first line   \r\nsecond\rthird\n\n\n\n\nnext para \x1b[1mbold\x1b[0m\n\n";
        assert_eq!(
            clean_multiline(note),
            "  first line\nsecond\nthird\n\nnext para bold"
        );
        assert_eq!(clean_multiline("a\tb\u{202e}c\n\u{2028}d"), "a bc\n\nd");
        assert_eq!(clean_multiline("\n\n \n"), "");
    }

    const CSI: char = '\u{9b}';

    /// Text dense in the characters the scanner treats specially.
    fn hostile() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::string::string_regex(
            r"[\x1b\x07\x{9c}\[\]PX^_\\\x{9b}\x{9d}\x{90};1m( a\n\r\t\x00\x7f\x{85}\x{a0}\x{2028}\x{202e}\x{200b}\x{feff}é日]{0,80}",
        )
        .expect("a valid pattern")
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(768))]

        /// Whatever goes in, nothing a terminal interprets comes out, and
        /// cleaning what is already clean changes nothing.
        #[test]
        fn sanitized_text_is_safe_and_stays_put(
            s in proptest::prop_oneof![proptest::arbitrary::any::<String>(), hostile()]
        ) {
            let line = clean_text(&s);
            proptest::prop_assert!(is_terminal_safe(&line), "{s:?} -> {line:?}");
            proptest::prop_assert!(!line.contains(ESC) && !line.contains(CSI), "{s:?}");
            proptest::prop_assert_eq!(clean_text(&line), line.clone());
            let multi = clean_multiline(&s);
            proptest::prop_assert!(
                multi.chars().all(|c| c == '\n' || (!c.is_control() && !is_invisible_format(c))),
                "{s:?} -> {multi:?}"
            );
            proptest::prop_assert_eq!(clean_multiline(&multi), multi.clone());
        }
    }

    /// Strings built from the bytes that matter to the scanner, in every
    /// combination up to length 3, plus a pseudo-random sample of longer ones.
    #[test]
    fn never_panics_and_never_leaks_controls() {
        let alphabet = [
            ESC,
            BEL,
            ST,
            '[',
            ']',
            'P',
            'X',
            '^',
            '_',
            '\\',
            '\u{9b}',
            '\u{9d}',
            '\u{90}',
            ';',
            '1',
            'm',
            '(',
            'a',
            ' ',
            '\n',
            '\r',
            '\t',
            '\u{0}',
            '\u{7f}',
            '\u{85}',
            '\u{a0}',
            '\u{202e}',
            '\u{200b}',
            'é',
            '日',
            '\u{10FFFF}',
        ];
        let check = |s: &str| {
            let line = clean_text(s);
            assert!(is_terminal_safe(&line), "{s:?} -> {line:?}");
            assert_eq!(line, line.trim());
            assert!(!line.contains("  "));
            let multi = clean_multiline(s);
            assert!(
                multi
                    .chars()
                    .all(|c| c == '\n' || (!c.is_control() && !is_invisible_format(c))),
                "{s:?} -> {multi:?}"
            );
            assert!(!multi.contains("\n\n\n"));
        };
        let n = alphabet.len();
        for len in 0..=3u32 {
            for mut index in 0..n.pow(len) {
                let mut s = String::new();
                for _ in 0..len {
                    s.push(alphabet[index % n]);
                    index /= n;
                }
                check(&s);
            }
        }
        // Longer strings from a fixed-seed xorshift, including arbitrary code points.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 40) as usize;
            let s: String = (0..len)
                .map(|_| {
                    let r = next();
                    if r % 4 == 0 {
                        char::from_u32((r >> 8) as u32 % 0x11_0000).unwrap_or('\u{fffd}')
                    } else {
                        alphabet[(r >> 8) as usize % n]
                    }
                })
                .collect();
            check(&s);
        }
    }
}
