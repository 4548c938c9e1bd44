//! The arXiv metadata snapshot: one JSON object per line, 2.8 million lines,
//! 4.5 GB. It is read a line at a time into a reused buffer and each line is
//! deserialized into borrowed fields, so memory stays flat and a bad line is
//! reported with its own line number instead of failing the whole file.

use std::borrow::Cow;
use std::io::BufRead;

use chrono::NaiveDate;
use serde::Deserialize;

use super::{IngestError, PaperResult, latex};
use crate::model::{Paper, Source, fill_links_from_text, parse_arxiv_id, sanitize};

/// Text borrowed from the line when it has no JSON escapes, owned otherwise.
#[derive(Deserialize)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

#[derive(Deserialize)]
struct Version<'a> {
    #[serde(borrow)]
    created: Option<Text<'a>>,
}

/// The fields of a snapshot line folio uses; the others are skipped.
#[derive(Deserialize)]
struct Line<'a> {
    #[serde(borrow)]
    id: Option<Text<'a>>,
    #[serde(borrow)]
    title: Option<Text<'a>>,
    #[serde(borrow, rename = "abstract")]
    abstract_text: Option<Text<'a>>,
    #[serde(borrow)]
    authors: Option<Text<'a>>,
    #[serde(borrow)]
    authors_parsed: Option<Vec<Vec<Text<'a>>>>,
    #[serde(borrow)]
    versions: Option<Vec<Version<'a>>>,
    #[serde(borrow)]
    update_date: Option<Text<'a>>,
    #[serde(borrow)]
    categories: Option<Text<'a>>,
    #[serde(borrow)]
    doi: Option<Text<'a>>,
    #[serde(borrow, rename = "journal-ref")]
    journal_ref: Option<Text<'a>>,
    #[serde(borrow)]
    comments: Option<Text<'a>>,
}

fn text<'s>(field: &'s Option<Text<'_>>) -> Option<&'s str> {
    field.as_ref().map(|t| t.0.as_ref())
}

/// A cleaned optional field; empty means absent.
fn optional(field: &Option<Text<'_>>) -> Option<String> {
    text(field).map(clean).filter(|s| !s.is_empty())
}

/// [`sanitize::clean_text`], with a fast path for the common case of plain
/// ASCII text whose only control characters are whitespace: then cleaning
/// is just collapsing the whitespace. This keeps a multi-gigabyte snapshot
/// import from spending most of its time character by character.
fn clean(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let space_from = at;
        while bytes
            .get(at)
            .is_some_and(|&b| matches!(b, b' ' | b'\t'..=b'\r'))
        {
            at += 1;
        }
        if at == bytes.len() {
            break;
        }
        if at > space_from && !out.is_empty() {
            out.push(b' ');
        }
        let word_from = at;
        while bytes.get(at).is_some_and(|&b| matches!(b, b'!'..=b'~')) {
            at += 1;
        }
        if at == word_from {
            // Neither space nor printable ASCII: a control character or
            // non-ASCII text, for the full sanitizer.
            return sanitize::clean_text(s);
        }
        out.extend_from_slice(&bytes[word_from..at]);
    }
    // Only printable ASCII was copied, so this never fails.
    String::from_utf8(out).unwrap_or_else(|_| sanitize::clean_text(s))
}

/// Finds links in the abstract and comment, skipping the scan when neither
/// can hold a URL (most snapshot abstracts have none).
fn fill_links(paper: &mut Paper) {
    let may_link = |s: &str| s.contains("://");
    if may_link(&paper.abstract_text) || paper.comment.as_deref().is_some_and(may_link) {
        fill_links_from_text(paper);
    }
}

/// Parses one snapshot line (`line_no` counts from 1, for messages).
pub fn parse_line(line: &str, origin: &str, line_no: usize) -> PaperResult {
    parse_bytes(line.as_bytes(), origin, line_no)
}

/// [`parse_line`] on raw bytes: UTF-8 is checked only where the text is used.
fn parse_bytes(line: &[u8], origin: &str, line_no: usize) -> PaperResult {
    let error = |message: String| IngestError::Parse {
        origin: origin.to_string(),
        line: line_no,
        message,
    };
    let record: Line<'_> = serde_json::from_slice(line).map_err(|e| error(json_problem(&e)))?;
    let raw_id = text(&record.id).ok_or_else(|| {
        error(
            "missing \"id\"; every snapshot line needs the paper's arXiv id (is this the arXiv metadata snapshot?)"
                .into(),
        )
    })?;
    let arxiv_id = parse_arxiv_id(raw_id).ok_or_else(|| {
        error(format!(
            "\"id\" is not an arXiv id ({:?}); expected one like 2401.12345 or hep-th/9901001",
            sanitize::clean_text(raw_id)
        ))
    })?;
    let title = text(&record.title).map(clean).unwrap_or_default();
    if title.is_empty() {
        return Err(error(format!(
            "paper {arxiv_id} has no \"title\"; every snapshot line needs one"
        )));
    }
    let mut paper = Paper {
        authors: authors(&record),
        abstract_text: text(&record.abstract_text).map(clean).unwrap_or_default(),
        published: record
            .versions
            .as_ref()
            .and_then(|v| v.first())
            .and_then(|v| text(&v.created))
            .and_then(rfc2822_date),
        updated: text(&record.update_date).and_then(|d| d.trim().parse::<NaiveDate>().ok()),
        categories: categories(text(&record.categories).unwrap_or("")),
        doi: optional(&record.doi),
        journal_ref: optional(&record.journal_ref),
        comment: optional(&record.comments),
        source: Source::ArxivJsonl,
        ..Paper::from_arxiv(arxiv_id, title)
    };
    fill_links(&mut paper);
    Ok(paper)
}

/// The message for a line serde_json could not read, without its own
/// "at line 1 column N" suffix (the file line is reported separately).
fn json_problem(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let what = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(what, _)| what);
    // serde quotes the offending value, which is untrusted text.
    let what = super::quoted(what);
    match e.classify() {
        serde_json::error::Category::Data => format!(
            "unexpected JSON at column {} ({what}); each line must be one arXiv metadata object",
            e.column()
        ),
        serde_json::error::Category::Eof => format!(
            "invalid JSON at column {}: the line ends early ({what}); the file may be cut short, download it again",
            e.column()
        ),
        _ => format!(
            "invalid JSON at column {} ({what}); each line must be one complete JSON object",
            e.column()
        ),
    }
}

/// Author names from `authors_parsed` (`[last, first, suffix, ...]` →
/// "First Last Suffix"), or, when that is missing, from the `authors` string.
fn authors(record: &Line<'_>) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(parsed) = &record.authors_parsed {
        for parts in parsed {
            let part = |i: usize| parts.get(i).map_or("", |t| t.0.as_ref());
            let mut name = String::new();
            for piece in [part(1), part(0), part(2)] {
                let piece = latex::to_unicode(piece);
                let piece = piece.trim();
                if !piece.is_empty() {
                    if !name.is_empty() {
                        name.push(' ');
                    }
                    name.push_str(piece);
                }
            }
            push_name(&mut names, &name);
        }
    }
    if names.is_empty()
        && let Some(list) = text(&record.authors)
    {
        let list = latex::to_unicode(list);
        for name in split_author_list(&list) {
            push_name(&mut names, name);
        }
    }
    names
}

fn push_name(names: &mut Vec<String>, name: &str) {
    let name = clean(name);
    if !name.is_empty() {
        names.push(name);
    }
}

/// Splits "A. One, B. Two and C. Three (Some University)" into names,
/// leaving out parenthesized affiliations.
fn split_author_list(list: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let bytes = list.as_bytes();
    let mut i = 0;
    fn cut<'s>(names: &mut Vec<&'s str>, list: &'s str, from: usize, to: usize) {
        let name = list[from..to].trim();
        if !name.is_empty() {
            names.push(name);
        }
    }
    while i < bytes.len() {
        match bytes[i] {
            b'(' => {
                if depth == 0 {
                    cut(&mut names, list, start, i);
                }
                depth += 1;
            }
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    start = i + 1;
                }
            }
            b',' if depth == 0 => {
                cut(&mut names, list, start, i);
                start = i + 1;
            }
            b' ' if depth == 0 && list[i..].starts_with(" and ") => {
                cut(&mut names, list, start, i);
                i += " and ".len();
                start = i;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if depth == 0 {
        cut(&mut names, list, start, list.len());
    }
    names
}

/// `Mon, 2 Apr 2007 19:18:42 GMT` → 2007-04-02.
fn rfc2822_date(s: &str) -> Option<NaiveDate> {
    let mut parts = s.split_whitespace();
    let first = parts.next()?;
    let day = if first.ends_with(',') {
        parts.next()?
    } else {
        first
    };
    let month = parts.next()?;
    let year = parts.next()?;
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))?;
    NaiveDate::from_ymd_opt(year.parse().ok()?, month as u32 + 1, day.parse().ok()?)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Space-separated categories, primary first, without repeats.
fn categories(list: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in list.split_whitespace() {
        let c = clean(c);
        if !c.is_empty() && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Papers read lazily from a JSON Lines stream, one line at a time.
pub struct JsonlPapers {
    reader: Box<dyn BufRead + Send>,
    origin: String,
    buf: Vec<u8>,
    line_no: usize,
    /// Byte offset in the input where the current line starts.
    offset: u64,
    done: bool,
}

/// A line buffer grown past this by a huge line is given back afterwards.
const KEEP_BUFFER_BYTES: usize = 1 << 20;

impl JsonlPapers {
    pub fn new(reader: Box<dyn BufRead + Send>, origin: &str) -> JsonlPapers {
        JsonlPapers {
            reader,
            origin: origin.to_string(),
            buf: Vec::with_capacity(8 * 1024),
            line_no: 0,
            offset: 0,
            done: false,
        }
    }
}

impl Iterator for JsonlPapers {
    type Item = PaperResult;

    fn next(&mut self) -> Option<PaperResult> {
        while !self.done {
            if self.buf.capacity() > KEEP_BUFFER_BYTES {
                self.buf = Vec::with_capacity(8 * 1024);
            }
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(read) => {
                    self.line_no += 1;
                    let mut line = self.buf.as_slice();
                    let mut offset = self.offset;
                    self.offset += read as u64;
                    if self.line_no == 1
                        && let Some(rest) = line.strip_prefix(b"\xEF\xBB\xBF")
                    {
                        line = rest;
                        offset += 3;
                    }
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let parsed = parse_bytes(line, &self.origin, self.line_no);
                    // serde_json reports bad UTF-8 as bad JSON at a column:
                    // name the byte instead, which is what the user must fix.
                    if parsed.is_err()
                        && let Err(e) = std::str::from_utf8(line)
                    {
                        return Some(Err(super::not_utf8(
                            &self.origin,
                            line,
                            e,
                            offset,
                            self.line_no,
                        )));
                    }
                    return Some(parsed);
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(IngestError::Unreadable {
                        origin: self.origin.clone(),
                        message: format!(
                            "reading stopped after line {} ({e}); check the file or download it again",
                            self.line_no
                        ),
                    }));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"{"id":"0704.0062","submitter":"X","authors":"Rastislav \\v{S}r\\'amek, Bro\\v{n}a Brejov\\'a","title":"On-line Viterbi\n  Algorithm","comments":"See http://example.org/viterbi for code","journal-ref":"J. Test 1 (2007)","doi":"10.1/abc","report-no":null,"categories":"cs.DS cs.LG cs.DS","license":null,"abstract":"  Line one\nline two.\n","versions":[{"version":"v1","created":"Mon, 2 Apr 2007 19:18:42 GMT"},{"version":"v2","created":"Tue, 24 Jul 2007 20:10:27 GMT"}],"update_date":"2008-11-26","authors_parsed":[["\\v{S}r\\'amek","Rastislav",""],["Brejov\\'a","Bro\\v{n}a","Jr."]]}"#;

    #[test]
    fn the_fast_cleaner_agrees_with_the_sanitizer() {
        for text in [
            "  Line one\nline two.\n",
            "tabs\tand\r\nfeeds\x0cend",
            "vertical\x0btab",
            "trailing space \n",
            "caf\u{e9} au lait",
            "del\x7fete",
            "bell\x07 and \x1b[31mred\x1b[0m",
            "Schr\u{f6}dinger  \u{2028} equation",
            "",
            "   ",
        ] {
            assert_eq!(clean(text), sanitize::clean_text(text), "{text:?}");
        }
    }

    #[test]
    fn a_snapshot_line() {
        let p = parse_line(LINE, "s.jsonl", 1).unwrap();
        assert_eq!(p.id.as_str(), "0704.0062");
        assert_eq!(p.arxiv_id.as_deref(), Some("0704.0062"));
        assert_eq!(p.title, "On-line Viterbi Algorithm");
        assert_eq!(p.abstract_text, "Line one line two.");
        assert_eq!(p.authors, ["Rastislav Šrámek", "Broňa Brejová Jr."]);
        assert_eq!(p.published, NaiveDate::from_ymd_opt(2007, 4, 2));
        assert_eq!(p.updated, NaiveDate::from_ymd_opt(2008, 11, 26));
        assert_eq!(p.categories, ["cs.DS", "cs.LG"]);
        assert_eq!(p.doi.as_deref(), Some("10.1/abc"));
        assert_eq!(p.journal_ref.as_deref(), Some("J. Test 1 (2007)"));
        assert_eq!(
            p.comment.as_deref(),
            Some("See http://example.org/viterbi for code")
        );
        assert_eq!(p.project_url.as_deref(), Some("http://example.org/viterbi"));
        assert_eq!(p.source, Source::ArxivJsonl);
    }

    #[test]
    fn the_author_string_is_the_fallback() {
        let line = r#"{"id":"hep-th/9901001v2","title":"T","authors":"A. G\\\"odel, B. Two and C. Three (Some Univ., Wien)"}"#;
        let p = parse_line(line, "s", 1).unwrap();
        assert_eq!(p.id.as_str(), "hep-th/9901001");
        assert_eq!(p.authors, ["A. Gödel", "B. Two", "C. Three"]);
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        let msg = |line: &str| parse_line(line, "f.jsonl", 7).unwrap_err().to_string();
        assert!(
            msg(r#"{"id":"0704.0001","title":"#)
                .starts_with("f.jsonl:7: invalid JSON at column 26"),
            "{}",
            msg(r#"{"id":"0704.0001","title":"#)
        );
        assert!(msg("{oops}").starts_with("f.jsonl:7: invalid JSON at column 2"));
        assert!(msg(r#"{"title":"T"}"#).starts_with("f.jsonl:7: missing \"id\""));
        assert!(
            msg(r#"{"id":"nope","title":"T"}"#)
                .starts_with("f.jsonl:7: \"id\" is not an arXiv id (\"nope\")")
        );
        assert!(msg(r#"{"id":"0704.0001"}"#).contains("has no \"title\""));
        assert!(msg("[1,2]").contains("unexpected JSON at column"));
    }

    #[test]
    fn the_fast_clean_is_clean_text() {
        let samples = [
            "  A  title\n  over lines \t\r\n",
            "plain",
            "",
            " \x0b\x0c ",
            "esc \x1b[31mred\x1b[0m bel\x07",
            "Gödel  \u{202e}x\u{85}y",
            "del\x7f char",
            "$\\ell$-pebble {x}",
        ];
        for s in samples {
            assert_eq!(clean(s), sanitize::clean_text(s), "{s:?}");
        }
    }

    #[test]
    fn a_line_that_is_not_utf8() {
        let bad = b"{\"id\":\"0704.0001\",\"title\":\"\xff\"}";
        let err = parse_bytes(bad, "f", 3).unwrap_err().to_string();
        assert!(
            err.starts_with("f:3: invalid JSON at column 28 (invalid unicode"),
            "{err}"
        );
        // Read from a stream, the message names the line and the byte.
        let mut text = format!("{LINE}\n\n").into_bytes();
        let offset = text.len() + 27;
        text.extend_from_slice(bad);
        text.push(b'\n');
        let reader: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(text));
        let results: Vec<PaperResult> = JsonlPapers::new(reader, "s.jsonl").collect();
        let err = results[1].as_ref().unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "s.jsonl:3: invalid UTF-8 at byte offset {offset} (byte 28 of the line) (0xFF); feeds are UTF-8 text, re-save or re-download the file as UTF-8"
            )
        );
    }

    #[test]
    fn dates() {
        assert_eq!(
            rfc2822_date("Sat, 31 Mar 2007 02:26:18 GMT"),
            NaiveDate::from_ymd_opt(2007, 3, 31)
        );
        assert_eq!(
            rfc2822_date("31 Mar 2007"),
            NaiveDate::from_ymd_opt(2007, 3, 31)
        );
        assert_eq!(rfc2822_date("Sat, 31 Foo 2007"), None);
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let line: Line<'_> = serde_json::from_str(r#"{"id":"0704.0001","title":"a\nb"}"#).unwrap();
        assert!(matches!(line.id.unwrap().0, Cow::Borrowed(_)));
        assert!(matches!(line.title.unwrap().0, Cow::Owned(_)));
    }

    #[test]
    fn the_stream_counts_lines_and_skips_blank_ones() {
        let text = format!("{LINE}\n\n{{broken\n{LINE}\r\n");
        let reader: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(text.into_bytes()));
        let results: Vec<PaperResult> = JsonlPapers::new(reader, "s.jsonl").collect();
        assert_eq!(results.len(), 3);
        assert!(results[0].is_ok());
        assert!(
            results[1]
                .as_ref()
                .unwrap_err()
                .to_string()
                .starts_with("s.jsonl:3: ")
        );
        assert!(results[2].is_ok());
    }
}
