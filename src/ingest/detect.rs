//! Guesses the format of an input from its first bytes, and rejects inputs
//! that are not feeds at all (binary files, HTML error pages, empty files)
//! with a message that says what the file actually looks like.

use super::{Format, IngestError};

/// How much of the input is looked at.
const SNIFF_BYTES: usize = 64 * 1024;

/// Keys only an arXiv snapshot record has (as `"key":`, so a quoted word in
/// a value, whose quotes are escaped, cannot match; the HF API says
/// `summary`, never `abstract`). The snapshot writes `submitter`,
/// `journal-ref`, `report-no` and `license` before the abstract and sorted
/// re-encodings start with `abstract`, so a first record longer than the
/// sniffed bytes (an abstract of 100 KB) is still recognised.
const SNAPSHOT_KEYS: [&str; 9] = [
    "\"abstract\":",
    "\"submitter\":",
    "\"journal-ref\":",
    "\"report-no\":",
    "\"license\":",
    "\"comments\":",
    "\"authors_parsed\":",
    "\"versions\":",
    "\"update_date\":",
];

pub fn detect_format(bytes: &[u8], origin: &str) -> Result<Format, IngestError> {
    let unreadable = |message: &str| IngestError::Unreadable {
        origin: origin.to_string(),
        message: message.to_string(),
    };
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        return Err(unreadable(
            "this is a binary file, not a feed; pass a listing text file, an HF JSON response, an arXiv Atom or RSS feed or arXiv JSON Lines",
        ));
    }
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        // A multi-byte character cut by the sniff window is fine.
        Err(e) if e.valid_up_to() + 4 >= head.len() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or("")
        }
        Err(e) => return Err(super::not_utf8(origin, head, e, 0, 1)),
    };
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(unreadable(
            "the file is empty: there are no papers to import",
        ));
    }
    let lower: String = trimmed.chars().take(512).collect::<String>().to_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<body")
    {
        return Err(unreadable(
            "this is an HTML page (an error page or a saved web page?), not a feed; download the API response instead",
        ));
    }
    if lower.starts_with('<') {
        if lower.contains("<rss") {
            // The root is in the first bytes; the channel's arxiv.org link
            // follows the namespace declarations, further on.
            if text.to_ascii_lowercase().contains("arxiv.org") {
                return Ok(Format::ArxivRss);
            }
            return Err(unreadable(
                "this RSS feed is not from arXiv (it never mentions arxiv.org); `folio import` reads arXiv announcement feeds (https://rss.arxiv.org/rss/cs.LG)",
            ));
        }
        if lower.contains("<feed") {
            return Ok(Format::ArxivAtom);
        }
        return Err(unreadable(
            "this XML is neither an Atom nor an RSS feed; `folio import` reads arXiv API Atom responses and arXiv announcement RSS feeds",
        ));
    }
    if trimmed.starts_with('[') {
        return Ok(Format::Hf);
    }
    if trimmed.starts_with('{') {
        let first_line = trimmed.lines().next().unwrap_or("");
        if SNAPSHOT_KEYS.iter().any(|k| first_line.contains(k)) {
            return Ok(Format::ArxivJsonl);
        }
        return Ok(Format::Hf);
    }
    Ok(Format::Listing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(s: &str) -> Result<Format, IngestError> {
        detect_format(s.as_bytes(), "f")
    }

    #[test]
    fn recognises_each_format() {
        assert_eq!(
            detect("new\n\nMar 14\n\nTitle\n\nAbstract").unwrap(),
            Format::Listing
        );
        assert_eq!(detect("  [{\"paper\": {}}]").unwrap(), Format::Hf);
        assert_eq!(
            detect("{\"id\":\"2401.1\",\"title\":\"x\"}").unwrap(),
            Format::Hf
        );
        assert_eq!(
            detect("{\"id\":\"0704.0001\",\"versions\":[],\"authors_parsed\":[]}\n").unwrap(),
            Format::ArxivJsonl
        );
        assert_eq!(
            detect("<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">")
                .unwrap(),
            Format::ArxivAtom
        );
        assert_eq!(
            detect("<?xml version='1.0'?>\n<rss version=\"2.0\"><channel><link>http://rss.arxiv.org/rss/cs.LG</link>")
                .unwrap(),
            Format::ArxivRss
        );
    }

    #[test]
    fn a_first_record_longer_than_the_sniffed_bytes_is_json_lines() {
        let abstract_text = "word ".repeat(40_000);
        let line = format!(
            r#"{{"id":"0704.0001","submitter":"A","authors":"A","title":"T","comments":null,"journal-ref":null,"doi":null,"report-no":null,"categories":"cs.LG","license":null,"abstract":"{abstract_text}","versions":[],"update_date":"2008-11-26","authors_parsed":[]}}"#
        );
        assert!(line.len() > 2 * SNIFF_BYTES);
        let text = format!("{line}\n{line}\n");
        // `open_input` hands over only the first 64 KB.
        let head = &text.as_bytes()[..SNIFF_BYTES];
        assert_eq!(detect_format(head, "f").unwrap(), Format::ArxivJsonl);
        // A quoted key inside a value is not a key.
        assert_eq!(
            detect(r#"{"id":"2401.1","title":"the \"license\": MIT","summary":"s"}"#).unwrap(),
            Format::Hf
        );
    }

    #[test]
    fn rejects_what_is_not_a_feed() {
        let msg = |s: &[u8]| detect_format(s, "f").unwrap_err().to_string();
        assert!(msg(b"").contains("empty"));
        assert!(msg(b"  \n\n ").contains("empty"));
        assert!(msg(b"\x00\x01\x02PK").contains("binary"));
        assert!(msg(b"\xff\xfe\xfa bad").contains("UTF-8"));
        assert_eq!(
            msg(b"new\n\nMar 14\n\nCaf\xe9 title\n"),
            "f:5: invalid UTF-8 at byte offset 16 (byte 4 of the line) (0xE9); feeds are UTF-8 text, re-save or re-download the file as UTF-8"
        );
        assert!(msg(b"<!DOCTYPE html><html><body>502</body></html>").contains("HTML"));
        assert!(
            msg(b"<rss version=\"2.0\"><channel><link>https://blog.example.org/</link>")
                .contains("not from arXiv")
        );
    }
}
