//! BibTeX export, so a reading list drops straight into a LaTeX paper or a
//! reference manager. Values are escaped so that titles full of `&`, `%`, `_`
//! or stray braces neither break the `.bib` parser nor the LaTeX run.

use std::collections::HashSet;
use std::fmt::Write as _;

use chrono::Datelike;

use super::ExportItem;
use crate::model::{Paper, parse_arxiv_id, sanitize};

/// Renders one entry per item: `@article` when the paper has a journal
/// reference, else `@misc`. Cite keys are unique within the output.
pub fn to_bibtex(items: &[ExportItem]) -> String {
    let mut used_keys = HashSet::new();
    let mut out = String::new();
    for item in items {
        let key = match item.paper {
            Some(paper) => cite_key(paper),
            None => id_key(item.id),
        };
        let key = unique_key(key, &mut used_keys);
        if !out.is_empty() {
            out.push('\n');
        }
        match item.paper {
            Some(paper) => write_entry(&mut out, &key, paper, item),
            None => write_missing(&mut out, &key, item),
        }
    }
    out
}

/// A bookmark whose paper is not in the index: a `%` line (outside any
/// entry, so BibTeX ignores it) says so, and the entry carries only what is
/// known: the note, the tags, and the arXiv id when the id is one.
fn write_missing(out: &mut String, key: &str, item: &ExportItem) {
    // Outside an entry BibTeX ignores everything but `@`, which would
    // start a bogus entry.
    let id = sanitize::clean_text(item.id).replace('@', "(at)");
    let _ = writeln!(out, "% {id}: {}", super::MISSING_PAPER);
    let _ = writeln!(out, "@misc{{{key},");
    if let Some(arxiv) = parse_arxiv_id(item.id) {
        let _ = writeln!(out, "  eprint = {},", braced(&verbatim(&arxiv)));
        let _ = writeln!(out, "  archivePrefix = {{arXiv}},");
    }
    if let Some(note) = item.note.as_deref().filter(|n| !n.trim().is_empty()) {
        let _ = writeln!(out, "  note = {},", braced(&escape(note)));
    }
    if !item.tags.is_empty() {
        let _ = writeln!(
            out,
            "  keywords = {},",
            braced(&escape(&item.tags.join(", ")))
        );
    }
    out.push_str("}\n");
}

fn write_entry(out: &mut String, key: &str, paper: &Paper, item: &ExportItem) {
    let kind = if paper.journal_ref.is_some() {
        "article"
    } else {
        "misc"
    };
    let mut fields: Vec<(&str, String)> = Vec::new();
    if !paper.title.trim().is_empty() {
        fields.push(("title", format!("{{{{{}}}}}", escape(&paper.title))));
    }
    if !paper.authors.is_empty() {
        let names: Vec<String> = paper.authors.iter().map(|a| author(a)).collect();
        fields.push(("author", braced(&names.join(" and "))));
    }
    if let Some(journal) = &paper.journal_ref {
        fields.push(("journal", braced(&escape(journal))));
    }
    if let Some(date) = paper.published {
        fields.push(("year", braced(&date.year().to_string())));
        // BibTeX's predefined month macros are written without braces.
        fields.push(("month", MONTHS[date.month0() as usize].to_string()));
    }
    if let Some(arxiv) = &paper.arxiv_id {
        fields.push(("eprint", braced(&verbatim(arxiv))));
        fields.push(("archivePrefix", braced("arXiv")));
        if let Some(primary) = paper.categories.first() {
            fields.push(("primaryClass", braced(&verbatim(primary))));
        }
    }
    if let Some(doi) = &paper.doi {
        fields.push(("doi", braced(&verbatim(doi))));
    }
    fields.push(("url", braced(&verbatim(&paper.links().paper))));
    if let Some(note) = item.note.as_deref().filter(|n| !n.trim().is_empty()) {
        fields.push(("note", braced(&escape(note))));
    }
    if !item.tags.is_empty() {
        fields.push(("keywords", braced(&escape(&item.tags.join(", ")))));
    }

    let _ = writeln!(out, "@{kind}{{{key},");
    for (name, value) in fields {
        let _ = writeln!(out, "  {name} = {value},");
    }
    out.push_str("}\n");
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn braced(value: &str) -> String {
    format!("{{{value}}}")
}

/// One author for the `and`-separated list; a name that itself contains the
/// word "and" (a consortium) is braced so BibTeX does not split it.
fn author(name: &str) -> String {
    let escaped = escape(name);
    if name
        .split_whitespace()
        .any(|w| w.eq_ignore_ascii_case("and"))
    {
        braced(&escaped)
    } else {
        escaped
    }
}

/// Escapes text for a LaTeX-interpreted field and collapses whitespace
/// (a blank line inside a value would end the paragraph in LaTeX).
/// Non-ASCII is kept as UTF-8; biber and modern LaTeX read it directly.
fn escape(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // BibTeX counts `\{` as a brace too, so `\{`/`\}` are only safe when the
    // braces pair up; otherwise use the brace-free text commands.
    let (open, close) = if braces_pair_up(&text) {
        (r"\{", r"\}")
    } else {
        (r"\textbraceleft{}", r"\textbraceright{}")
    };
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str(r"\textbackslash{}"),
            '{' => out.push_str(open),
            '}' => out.push_str(close),
            '~' => out.push_str(r"\textasciitilde{}"),
            '^' => out.push_str(r"\textasciicircum{}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether every `}` closes an earlier `{` and none stays open.
fn braces_pair_up(text: &str) -> bool {
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            _ => {}
        }
    }
    depth == 0
}

/// Values biblatex reads verbatim (url, doi, eprint): no LaTeX escaping, but
/// braces and whitespace are percent-encoded so the entry stays well-formed.
fn verbatim(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.trim().chars() {
        match c {
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            c if c.is_whitespace() => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

/// `{lastname}{year}{firstword}` in lowercase ASCII, e.g. `vaswani2017attention`;
/// the paper id (non-alphanumerics as `_`) when there is no author to name it by.
fn cite_key(paper: &Paper) -> String {
    let last_name = paper.authors.first().map(|a| ascii_word(last_name(a)));
    let Some(last_name) = last_name.filter(|n| !n.is_empty()) else {
        return id_key(paper.id.as_str());
    };
    let year = paper.year().map(|y| y.to_string()).unwrap_or_default();
    let word = paper
        .title
        .split_whitespace()
        .map(ascii_word)
        .find(|w| !w.is_empty() && !matches!(w.as_str(), "a" | "an" | "the"))
        .unwrap_or_default();
    format!("{last_name}{year}{word}")
}

fn id_key(id: &str) -> String {
    let key: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if key.is_empty() {
        "paper".to_string()
    } else {
        key
    }
}

/// The family name: before the comma in "Last, First", else the last word.
fn last_name(name: &str) -> &str {
    match name.split_once(',') {
        Some((last, _)) => last,
        None => name.split_whitespace().last().unwrap_or_default(),
    }
}

/// Lowercase ASCII letters and digits of `word`, with common accented Latin
/// letters folded (`Müller` → `muller`) and everything else dropped.
fn ascii_word(word: &str) -> String {
    let mut out = String::new();
    for c in word.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some(folded) = fold_latin(c) {
            out.push_str(folded);
        }
    }
    out
}

fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ß' => "ss",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// `key`, or `key` + `a`, `b`, … `z`, `aa`, … when an earlier entry took it.
fn unique_key(key: String, used: &mut HashSet<String>) -> String {
    let mut candidate = key.clone();
    let mut n = 0usize;
    while used.contains(&candidate) {
        candidate = format!("{key}{}", letters(n));
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

/// 0 → `a`, 25 → `z`, 26 → `aa`, …
fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PaperId;
    use chrono::NaiveDate;

    fn arxiv_paper() -> Paper {
        Paper {
            id: PaperId::new("1706.03762"),
            arxiv_id: Some("1706.03762".into()),
            title: "Attention Is All You Need".into(),
            authors: vec!["Ashish Vaswani".into(), "Noam Shazeer".into()],
            published: NaiveDate::from_ymd_opt(2017, 6, 12),
            categories: vec!["cs.CL".into(), "cs.LG".into()],
            ..Paper::default()
        }
    }

    fn item(paper: &Paper) -> ExportItem<'_> {
        ExportItem {
            id: paper.id.as_str(),
            paper: Some(paper),
            tags: Vec::new(),
            note: None,
        }
    }

    /// Checks what a BibTeX parser needs: every entry starts with `@type{key,`
    /// and its braces (counted the way BibTeX counts them, ignoring
    /// backslashes) never close more than they opened and balance at the end.
    fn assert_parsable(bib: &str) {
        // Text outside entries is ignored by BibTeX; an `@` in it would not be.
        let comments = bib.lines().filter(|l| l.starts_with('%'));
        for comment in comments {
            assert!(!comment.contains('@'), "{comment}");
        }
        let bib: String = bib
            .lines()
            .filter(|l| !l.starts_with('%'))
            .map(|l| format!("{l}\n"))
            .collect();
        let mut entries = 0;
        for entry in bib.split("\n@").map(|e| e.trim_start_matches('@')) {
            entries += 1;
            let header = entry.lines().next().unwrap();
            let (kind, key) = header.split_once('{').expect("entry has a `{`");
            assert!(kind == "misc" || kind == "article", "bad type in {header}");
            assert!(key.ends_with(','), "bad key line {header}");
            let key = key.trim_end_matches(',');
            assert!(
                !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "bad key {key}"
            );
            let mut depth = 0i64;
            let mut closed_at = None;
            for (i, c) in entry.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                assert!(depth >= 0, "brace closes too early in:\n{entry}");
                if depth == 0 && i > kind.len() {
                    closed_at = Some(i);
                    break;
                }
            }
            let closed_at = closed_at.unwrap_or_else(|| panic!("entry never closes:\n{entry}"));
            assert_eq!(
                entry[closed_at..].trim(),
                "}",
                "text after the entry:\n{entry}"
            );
            for line in entry.lines().skip(1).filter(|l| l.starts_with("  ")) {
                let (name, _) = line.trim().split_once(" = ").expect("field line");
                assert!(name.chars().all(|c| c.is_ascii_alphabetic()), "{line}");
                assert!(line.ends_with(','), "{line}");
            }
        }
        assert!(entries > 0);
    }

    #[test]
    fn arxiv_paper_gets_a_misc_entry_with_eprint_fields() {
        let paper = arxiv_paper();
        let bib = to_bibtex(&[item(&paper)]);
        let url = paper.links().paper;
        assert_eq!(
            bib,
            format!(
                "@misc{{vaswani2017attention,\n\
             \x20 title = {{{{Attention Is All You Need}}}},\n\
             \x20 author = {{Ashish Vaswani and Noam Shazeer}},\n\
             \x20 year = {{2017}},\n\
             \x20 month = jun,\n\
             \x20 eprint = {{1706.03762}},\n\
             \x20 archivePrefix = {{arXiv}},\n\
             \x20 primaryClass = {{cs.CL}},\n\
             \x20 url = {{{url}}},\n\
             }}\n"
            )
        );
        assert_parsable(&bib);
    }

    #[test]
    fn eprint_fields_only_with_an_arxiv_id() {
        let paper = Paper {
            id: PaperId::new("some-listing-slug"),
            title: "Untitled Work".into(),
            authors: vec!["Grace Hopper".into()],
            categories: vec!["cs.PL".into()],
            ..Paper::default()
        };
        let bib = to_bibtex(&[item(&paper)]);
        assert!(!bib.contains("eprint"), "{bib}");
        assert!(!bib.contains("archivePrefix"), "{bib}");
        assert!(!bib.contains("primaryClass"), "{bib}");
        assert!(bib.starts_with("@misc{hopperuntitled,"), "{bib}");
        assert_parsable(&bib);
    }

    #[test]
    fn journal_ref_makes_an_article_with_doi_note_and_keywords() {
        let mut paper = arxiv_paper();
        paper.journal_ref = Some("NeurIPS 30 (2017) 5998-6008".into());
        paper.doi = Some("10.5555/3295222.3295349".into());
        let bib = to_bibtex(&[ExportItem {
            id: paper.id.as_str(),
            paper: Some(&paper),
            tags: vec!["transformers".into(), "to_read".into()],
            note: Some("Read section 3\n\nfirst & foremost".into()),
        }]);
        assert!(bib.starts_with("@article{vaswani2017attention,"), "{bib}");
        assert!(
            bib.contains("  journal = {NeurIPS 30 (2017) 5998-6008},\n"),
            "{bib}"
        );
        assert!(
            bib.contains("  doi = {10.5555/3295222.3295349},\n"),
            "{bib}"
        );
        assert!(
            bib.contains("  note = {Read section 3 first \\& foremost},\n"),
            "{bib}"
        );
        assert!(
            bib.contains("  keywords = {transformers, to\\_read},\n"),
            "{bib}"
        );
        assert_parsable(&bib);
    }

    #[test]
    fn a_bookmark_missing_from_the_index_is_an_honest_entry() {
        let paper = arxiv_paper();
        let bib = to_bibtex(&[
            item(&paper),
            ExportItem {
                id: "2501.00042",
                paper: None,
                tags: vec!["to_read".into()],
                note: Some("the 50% one".into()),
            },
            ExportItem {
                id: "some@listing-slug\u{1b}[31m",
                paper: None,
                tags: Vec::new(),
                note: None,
            },
        ]);
        assert!(
            bib.contains("% 2501.00042: bookmarked, but the paper is not in the folio index"),
            "{bib}"
        );
        assert!(
            bib.contains(
                "@misc{2501_00042,\n  eprint = {2501.00042},\n  archivePrefix = {arXiv},\n  note = {the 50\\% one},\n  keywords = {to\\_read},\n}\n"
            ),
            "{bib}"
        );
        assert!(bib.contains("% some(at)listing-slug: bookmarked"), "{bib}");
        assert!(bib.contains("@misc{some_listing_slug__31m,\n}\n"), "{bib}");
        assert!(!bib.contains('\u{1b}'), "{bib}");
        assert!(!bib.contains("title = {{some"), "{bib}");
        assert_parsable(&bib);
    }

    #[test]
    fn escapes_latex_specials() {
        assert_eq!(
            escape(r"50% of R&D costs $5 #1 a_b ~x^2 C:\path"),
            r"50\% of R\&D costs \$5 \#1 a\_b \textasciitilde{}x\textasciicircum{}2 C:\textbackslash{}path"
        );
        assert_eq!(escape("set {x}"), r"set \{x\}");
        assert_eq!(escape("Schrödinger 東京 café"), "Schrödinger 東京 café");
    }

    #[test]
    fn unbalanced_braces_do_not_break_the_entry() {
        assert_eq!(escape("a } b {"), r"a \textbraceright{} b \textbraceleft{}");
        let mut paper = arxiv_paper();
        paper.title = "Closing } before { opening and {{ more".into();
        paper.authors = vec!["O'Brien {Jr.".into()];
        let bib = to_bibtex(&[ExportItem {
            id: paper.id.as_str(),
            paper: Some(&paper),
            tags: vec!["}".into()],
            note: Some("100% {sure".into()),
        }]);
        assert_parsable(&bib);
    }

    #[test]
    fn authors_named_with_and_are_kept_together() {
        let mut paper = arxiv_paper();
        paper.authors = vec![
            "Ada Lovelace".into(),
            "Research and Development Team".into(),
        ];
        let bib = to_bibtex(&[item(&paper)]);
        assert!(
            bib.contains("author = {Ada Lovelace and {Research and Development Team}},"),
            "{bib}"
        );
    }

    #[test]
    fn cite_keys_fold_accents_and_skip_articles() {
        let paper = Paper {
            id: PaperId::new("2401.00001"),
            title: "The Über-Model: scaling".into(),
            authors: vec!["Jürgen Müller-Ñúñez".into()],
            published: NaiveDate::from_ymd_opt(2024, 1, 2),
            ..Paper::default()
        };
        assert_eq!(cite_key(&paper), "mullernunez2024ubermodel");
        let comma = Paper {
            authors: vec!["Lovelace, Ada".into()],
            ..paper.clone()
        };
        assert_eq!(cite_key(&comma), "lovelace2024ubermodel");
    }

    #[test]
    fn cite_key_falls_back_to_the_id() {
        let paper = Paper {
            id: PaperId::new("hep-th/9901001"),
            title: "東京".into(),
            authors: vec!["東京".into()],
            ..Paper::default()
        };
        assert_eq!(cite_key(&paper), "hep_th_9901001");
        let nobody = Paper {
            id: PaperId::new("2401.12345"),
            ..Paper::default()
        };
        assert_eq!(cite_key(&nobody), "2401_12345");
    }

    #[test]
    fn colliding_cite_keys_get_letter_suffixes() {
        let first = arxiv_paper();
        let mut second = arxiv_paper();
        second.arxiv_id = Some("1706.99999".into());
        let third = second.clone();
        let bib = to_bibtex(&[item(&first), item(&second), item(&third)]);
        let keys: Vec<&str> = bib
            .lines()
            .filter(|l| l.starts_with('@'))
            .map(|l| l.trim_start_matches("@misc{").trim_end_matches(','))
            .collect();
        assert_eq!(
            keys,
            [
                "vaswani2017attention",
                "vaswani2017attentiona",
                "vaswani2017attentionb"
            ]
        );
        assert_parsable(&bib);
    }

    #[test]
    fn suffix_letters_continue_past_z() {
        assert_eq!(letters(0), "a");
        assert_eq!(letters(25), "z");
        assert_eq!(letters(26), "aa");
        assert_eq!(letters(27), "ab");
        assert_eq!(letters(26 + 26 * 26), "aaa");
    }

    #[test]
    fn verbatim_fields_keep_url_characters_but_not_braces() {
        assert_eq!(verbatim("https://x.org/a_b%20c"), "https://x.org/a_b%20c");
        assert_eq!(verbatim("10.1000/{weird}"), "10.1000/%7Bweird%7D");
    }

    #[test]
    fn empty_selection_is_empty_output() {
        assert_eq!(to_bibtex(&[]), "");
    }
}
