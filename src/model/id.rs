//! Paper identity. The same paper reaches folio through several feeds that name
//! it differently (an arXiv URL, `arXiv:2401.12345v2`, a bare id, or only a
//! title in the listing), so this file decides what counts as "the same paper":
//! the version-less arXiv id when there is one, else a stable slug of the title.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The stable key of a paper: an arXiv id without version, or a title slug.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PaperId(String);

impl PaperId {
    pub fn new(id: impl Into<String>) -> Self {
        PaperId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PaperId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for PaperId {
    fn from(id: &str) -> Self {
        PaperId::new(id)
    }
}

impl From<String> for PaperId {
    fn from(id: String) -> Self {
        PaperId(id)
    }
}

/// Hosts whose `/abs/` and `/pdf/` pages name an arXiv paper.
const ARXIV_HOSTS: [&str; 3] = ["arxiv.org", "www.arxiv.org", "export.arxiv.org"];

/// Extracts the version-less arXiv id from a bare id, an `arXiv:` reference or
/// an arXiv abs/pdf URL. Returns `None` for anything that is not clearly one.
pub fn parse_arxiv_id(s: &str) -> Option<String> {
    let s = s.trim();
    let candidate = match strip_url_prefix(s) {
        Some(rest) => rest,
        None => strip_prefix_ci(s, "arxiv:").unwrap_or(s),
    };
    let id = strip_version(candidate);
    (is_new_style_id(id) || is_old_style_id(id)).then(|| id.to_string())
}

/// For an arXiv abs/pdf URL, the part after `/abs/` or `/pdf/` with any
/// query, fragment, trailing slash and `.pdf` suffix removed.
fn strip_url_prefix(s: &str) -> Option<&str> {
    let rest = strip_prefix_ci(s, "https://").or_else(|| strip_prefix_ci(s, "http://"))?;
    let (host, path) = rest.split_once('/')?;
    if !ARXIV_HOSTS.iter().any(|h| host.eq_ignore_ascii_case(h)) {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = path.strip_suffix('/').unwrap_or(path);
    if let Some(id) = path.strip_prefix("abs/") {
        Some(id)
    } else {
        let id = path.strip_prefix("pdf/")?;
        Some(id.strip_suffix(".pdf").unwrap_or(id))
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Removes a trailing `vN` version marker, if present.
fn strip_version(id: &str) -> &str {
    let digits = id.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return id;
    }
    let head = &id[..id.len() - digits];
    match head.strip_suffix('v') {
        // `v` must follow the id itself, which always ends in a digit.
        Some(base) if base.ends_with(|c: char| c.is_ascii_digit()) => base,
        _ => id,
    }
}

/// `YYMM.NNNN` (until 2014) or `YYMM.NNNNN` (since 2015).
fn is_new_style_id(id: &str) -> bool {
    let Some((yymm, number)) = id.split_once('.') else {
        return false;
    };
    yymm.len() == 4
        && all_digits(yymm)
        && (number.len() == 4 || number.len() == 5)
        && all_digits(number)
}

/// `archive[.SC]/YYMMNNN`, e.g. `hep-th/9901001` or `math.GT/0309136`.
fn is_old_style_id(id: &str) -> bool {
    let Some((archive, number)) = id.split_once('/') else {
        return false;
    };
    let (name, subject) = match archive.split_once('.') {
        Some((name, subject)) => (name, Some(subject)),
        None => (archive, None),
    };
    let name_ok = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
    let subject_ok =
        subject.is_none_or(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphabetic()));
    name_ok && subject_ok && number.len() == 7 && all_digits(number)
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The longest slug [`slug_from_title`] produces.
const MAX_SLUG_LEN: usize = 80;

/// A readable, stable id for a paper known only by its title:
/// `"Hopfield Networks is All You Need"` → `hopfield-networks-is-all-you-need`.
pub fn slug_from_title(title: &str) -> String {
    let words = folded_words(title);
    let mut slug = String::new();
    for word in &words {
        let extra = if slug.is_empty() {
            word.len()
        } else {
            word.len() + 1
        };
        if slug.len() + extra > MAX_SLUG_LEN {
            if slug.is_empty() {
                // A single over-long word: cut it (it is ASCII, so any byte is a boundary).
                slug.push_str(&word[..MAX_SLUG_LEN]);
            }
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    if slug.is_empty() {
        slug.push_str("untitled");
    }
    slug
}

/// The key under which titles from different feeds match: lowercase,
/// ASCII-folded words joined by single spaces.
pub fn normalized_title(title: &str) -> String {
    // `folded_words(title).join(" ")`, without a String per word: this runs
    // for every paper of an import.
    let mut out = String::with_capacity(title.len());
    let mut gap = false;
    let push = |out: &mut String, gap: &mut bool, piece: &str| {
        if *gap && !out.is_empty() {
            out.push(' ');
        }
        *gap = false;
        out.push_str(piece);
    };
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            push(
                &mut out,
                &mut gap,
                c.to_ascii_lowercase().encode_utf8(&mut [0; 4]),
            );
        } else if let Some(folded) = fold_to_ascii(c) {
            push(&mut out, &mut gap, folded);
        } else if !is_combining_mark(c) {
            gap = true;
        }
    }
    out
}

/// Splits text into lowercase ASCII alphanumeric words, folding accented
/// Latin letters to their base letters. Other non-ASCII letters separate words.
fn folded_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if let Some(folded) = fold_to_ascii(c) {
            word.push_str(folded);
        } else if is_combining_mark(c) {
            // A decomposed accent (e + U+0301): the base letter is already in the word.
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// The lowercase ASCII spelling of an accented Latin letter (Latin-1
/// Supplement, Latin Extended-A and the Romanian comma letters).
fn fold_to_ascii(c: char) -> Option<&'static str> {
    let folded = match c {
        'À'..='Å' | 'à'..='å' | 'Ā'..='ą' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć'..='č' => "c",
        'Ð' | 'ð' | 'Ď'..='đ' => "d",
        'È'..='Ë' | 'è'..='ë' | 'Ē'..='ě' => "e",
        'Ĝ'..='ģ' => "g",
        'Ĥ'..='ħ' => "h",
        'Ì'..='Ï' | 'ì'..='ï' | 'Ĩ'..='ı' => "i",
        'Ĳ' | 'ĳ' => "ij",
        'Ĵ' | 'ĵ' => "j",
        'Ķ'..='ĸ' => "k",
        'Ĺ'..='ł' => "l",
        'Ñ' | 'ñ' | 'Ń'..='ŋ' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō'..='ő' => "o",
        'Œ' | 'œ' => "oe",
        'Ŕ'..='ř' => "r",
        'ß' => "ss",
        'Ś'..='š' | 'ſ' | 'Ș' | 'ș' => "s",
        'Ţ'..='ŧ' | 'Ț' | 'ț' => "t",
        'Þ' | 'þ' => "th",
        'Ù'..='Ü' | 'ù'..='ü' | 'Ũ'..='ų' => "u",
        'Ŵ' | 'ŵ' => "w",
        'Ý' | 'ý' | 'ÿ' | 'Ŷ'..='Ÿ' => "y",
        'Ź'..='ž' => "z",
        _ => return None,
    };
    Some(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_id_round_trips_as_a_plain_string() {
        let id = PaperId::from("2401.12345");
        assert_eq!(id.as_str(), "2401.12345");
        assert_eq!(id.to_string(), "2401.12345");
        assert_eq!(PaperId::from(String::from("x")), PaperId::new("x"));
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"2401.12345\"");
        let back: PaperId = serde_json::from_str(&json).unwrap();
        assert_eq!(back, id);
    }

    #[test]
    fn parses_new_style_ids_with_and_without_version() {
        assert_eq!(parse_arxiv_id("2401.12345").as_deref(), Some("2401.12345"));
        assert_eq!(parse_arxiv_id("0704.0001").as_deref(), Some("0704.0001"));
        assert_eq!(
            parse_arxiv_id("2401.12345v3").as_deref(),
            Some("2401.12345")
        );
        assert_eq!(
            parse_arxiv_id("  2401.12345v12\n").as_deref(),
            Some("2401.12345")
        );
    }

    #[test]
    fn parses_old_style_ids() {
        assert_eq!(
            parse_arxiv_id("hep-th/9901001").as_deref(),
            Some("hep-th/9901001")
        );
        assert_eq!(
            parse_arxiv_id("math.GT/0309136").as_deref(),
            Some("math.GT/0309136")
        );
        assert_eq!(
            parse_arxiv_id("cond-mat/0412498v1").as_deref(),
            Some("cond-mat/0412498")
        );
    }

    #[test]
    fn parses_prefixes_and_urls() {
        let cases = [
            "arXiv:2401.12345",
            "arxiv:2401.12345v2",
            "http://arxiv.org/abs/2401.12345v2",
            "https://arxiv.org/abs/2401.12345",
            "https://arxiv.org/pdf/2401.12345",
            "https://arxiv.org/pdf/2401.12345v1.pdf",
            "https://export.arxiv.org/abs/2401.12345",
            "https://www.arxiv.org/abs/2401.12345/",
            "HTTPS://ArXiv.org/abs/2401.12345?context=cs",
        ];
        for case in cases {
            assert_eq!(
                parse_arxiv_id(case).as_deref(),
                Some("2401.12345"),
                "{case}"
            );
        }
        assert_eq!(
            parse_arxiv_id("http://arxiv.org/abs/hep-th/9901001v1").as_deref(),
            Some("hep-th/9901001")
        );
    }

    #[test]
    fn rejects_anything_else() {
        let cases = [
            "",
            "Hopfield Networks is All You Need",
            "garbage",
            "1234.5",
            "2401.123456",
            "2401.1234a",
            "v2",
            "2401.12345v",
            "24011.2345",
            "hep-th/990100",
            "hep-th/99010012",
            "/9901001",
            "math./0309136",
            "https://example.com/abs/2401.12345",
            "https://arxiv.org/list/2401.12345",
            "arXiv:",
        ];
        for case in cases {
            assert_eq!(parse_arxiv_id(case), None, "{case:?}");
        }
    }

    #[test]
    fn slugs_are_readable_and_stable() {
        assert_eq!(
            slug_from_title("Hopfield Networks is All You Need"),
            "hopfield-networks-is-all-you-need"
        );
        assert_eq!(
            slug_from_title("  --Über: Straße & Æther! "),
            "uber-strasse-aether"
        );
        assert_eq!(
            slug_from_title("Łódź, Škoda, façade, naïve"),
            "lodz-skoda-facade-naive"
        );
        assert_eq!(slug_from_title("e\u{301}cole"), "ecole");
        assert_eq!(slug_from_title("GPT-4 (2023)"), "gpt-4-2023");
        assert_eq!(slug_from_title("日本語 model"), "model");
    }

    #[test]
    fn empty_slugs_become_untitled() {
        assert_eq!(slug_from_title(""), "untitled");
        assert_eq!(slug_from_title("!!! ??? 日本語"), "untitled");
    }

    #[test]
    fn long_slugs_are_cut_at_a_word_boundary() {
        let title = "word ".repeat(40);
        let slug = slug_from_title(&title);
        assert!(slug.len() <= 80, "{slug}");
        assert!(!slug.ends_with('-'));
        assert!(slug.split('-').all(|w| w == "word"));
        assert_eq!(slug.len(), 79); // 16 words of 4 plus 15 dashes

        let long_word = "a".repeat(200);
        assert_eq!(slug_from_title(&long_word), "a".repeat(80));
    }

    #[test]
    fn normalized_titles_ignore_case_punctuation_and_accents() {
        assert_eq!(
            normalized_title("Hopfield  Networks is\nAll You Need."),
            "hopfield networks is all you need"
        );
        assert_eq!(
            normalized_title("hopfield networks: is all-you need"),
            "hopfield networks is all you need"
        );
        assert_eq!(normalized_title("Café Über"), normalized_title("cafe uber"));
        assert_eq!(normalized_title(" ... "), "");
        for title in [
            "Café Über",
            "a\u{301}b  c",
            "—x—",
            "Ωmega 3D-aware",
            "ÆON  ǅ",
        ] {
            assert_eq!(
                normalized_title(title),
                folded_words(title).join(" "),
                "{title}"
            );
        }
    }
}
