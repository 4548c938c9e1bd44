//! The arXiv API answers in Atom XML. Its shape drifted over the years (in
//! 2016 every `arxiv:` element declared its own namespace and the DOI came as
//! a `link title="doi"` too; in 2026 the prefixes are declared once), so
//! elements are matched by local name, and arXiv's error feed, an entry
//! titled "Error", becomes an error instead of a paper.

use chrono::NaiveDate;
use quick_xml::events::BytesStart;

use super::xml_feed::{self, FeedReader};
use super::{IngestError, PaperResult};
use crate::model::{Paper, Source, fill_links_from_text, parse_arxiv_id, sanitize};

/// What an `<entry>` said, before it becomes a paper.
#[derive(Default)]
struct Entry {
    /// The line the entry starts on, for messages.
    line: usize,
    id: String,
    title: String,
    summary: String,
    published: String,
    updated: String,
    authors: Vec<String>,
    primary_category: Option<String>,
    categories: Vec<String>,
    comment: String,
    journal_ref: String,
    doi: String,
    doi_link: Option<String>,
}

/// Where the text being read goes.
#[derive(Clone, Copy, PartialEq)]
enum Slot {
    Id,
    Title,
    Summary,
    Published,
    Updated,
    AuthorName,
    Comment,
    JournalRef,
    Doi,
    TotalResults,
}

fn slot_of(local: &[u8], in_entry: bool, in_author: bool) -> Option<Slot> {
    if !in_entry {
        return (local == b"totalResults").then_some(Slot::TotalResults);
    }
    Some(match local {
        b"name" if in_author => Slot::AuthorName,
        _ if in_author => return None,
        b"id" => Slot::Id,
        b"title" => Slot::Title,
        b"summary" => Slot::Summary,
        b"published" => Slot::Published,
        b"updated" => Slot::Updated,
        b"comment" => Slot::Comment,
        b"journal_ref" => Slot::JournalRef,
        b"doi" => Slot::Doi,
        _ => return None,
    })
}

/// A whole feed read into its entries and `opensearch:totalResults`.
#[derive(Default)]
struct Feed {
    entries: Vec<Entry>,
    total_results: Option<u64>,
}

/// Parses an arXiv API answer. A feed that is not XML, or arXiv's error
/// feed, fails as a whole; an entry without a usable id yields an error in
/// its place.
pub fn parse(text: &str, origin: &str) -> Result<Vec<PaperResult>, IngestError> {
    let feed = read_feed(text, origin)?;
    if let Some(error) = feed
        .entries
        .iter()
        .find(|e| sanitize::clean_text(&e.title) == "Error")
    {
        let said = sanitize::clean_text(&error.summary);
        return Err(IngestError::Unreadable {
            origin: origin.to_string(),
            message: format!("arXiv answered with an error: {said}; fix the query and ask again"),
        });
    }
    Ok(feed
        .entries
        .into_iter()
        .map(|e| to_paper(e, origin))
        .collect())
}

/// The `opensearch:totalResults` of a feed: how many papers match the query
/// across all pages. `None` when the text is not a feed or lacks the count.
pub fn total_results(text: &str) -> Option<u64> {
    read_feed(text, "").ok()?.total_results
}

fn read_feed(text: &str, origin: &str) -> Result<Feed, IngestError> {
    let mut reader = AtomReader::default();
    xml_feed::read(text, origin, "Atom feed", &mut reader)?;
    Ok(reader.feed)
}

/// What the Atom elements mean, as [`xml_feed::read`] meets them.
#[derive(Default)]
struct AtomReader {
    feed: Feed,
    /// The entry being read.
    entry: Option<Entry>,
    in_author: bool,
    saw_feed: bool,
}

impl FeedReader for AtomReader {
    type Slot = Slot;

    fn start(&mut self, e: &BytesStart<'_>, line: usize) -> Option<Slot> {
        let local = e.local_name();
        let local = local.as_ref();
        match local {
            b"feed" => self.saw_feed = true,
            b"entry" => {
                self.entry = Some(Entry {
                    line,
                    ..Entry::default()
                });
            }
            b"author" if self.entry.is_some() => self.in_author = true,
            _ => {
                if let Some(entry) = self.entry.as_mut() {
                    empty_element(e, entry);
                }
            }
        }
        slot_of(local, self.entry.is_some(), self.in_author)
    }

    fn empty(&mut self, e: &BytesStart<'_>, _line: usize) {
        if e.local_name().as_ref() == b"feed" {
            self.saw_feed = true;
        }
        if let Some(entry) = self.entry.as_mut() {
            empty_element(e, entry);
        }
    }

    fn text(&mut self, slot: Slot, text: String) {
        store(slot, text, self.entry.as_mut(), &mut self.feed);
    }

    fn end(&mut self, local_name: &[u8]) {
        match local_name {
            b"entry" => {
                if let Some(done) = self.entry.take() {
                    self.feed.entries.push(done);
                }
                self.in_author = false;
            }
            b"author" => self.in_author = false,
            _ => {}
        }
    }

    fn not_this_format(&self) -> Option<&'static str> {
        (!self.saw_feed).then_some(
            "this XML has no Atom <feed>; pass an arXiv API answer (export.arxiv.org/api/query)",
        )
    }

    fn unclosed(&self) -> Option<&'static str> {
        self.entry
            .is_some()
            .then_some("the last <entry> is never closed")
    }
}

fn store(slot: Slot, text: String, entry: Option<&mut Entry>, feed: &mut Feed) {
    if slot == Slot::TotalResults {
        feed.total_results = text.trim().parse().ok();
        return;
    }
    let Some(entry) = entry else { return };
    match slot {
        Slot::Id => entry.id = text,
        Slot::Title => entry.title = text,
        Slot::Summary => entry.summary = text,
        Slot::Published => entry.published = text,
        Slot::Updated => entry.updated = text,
        Slot::AuthorName => entry.authors.push(text),
        Slot::Comment => entry.comment = text,
        Slot::JournalRef => entry.journal_ref = text,
        Slot::Doi => entry.doi = text,
        Slot::TotalResults => {}
    }
}

/// Elements whose facts are in attributes: categories and links.
fn empty_element(e: &BytesStart<'_>, entry: &mut Entry) {
    let attr = |name: &str| -> Option<String> {
        e.try_get_attribute(name)
            .ok()
            .flatten()
            .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
    };
    match e.local_name().as_ref() {
        b"primary_category" => entry.primary_category = attr("term"),
        b"category" => {
            if let Some(term) = attr("term") {
                entry.categories.push(term);
            }
        }
        b"link" if attr("title").as_deref() == Some("doi") => entry.doi_link = attr("href"),
        _ => {}
    }
}

fn to_paper(e: Entry, origin: &str) -> PaperResult {
    let error = |message: String| IngestError::Parse {
        origin: origin.to_string(),
        line: e.line,
        message,
    };
    let arxiv_id = parse_arxiv_id(&e.id).ok_or_else(|| {
        error(format!(
            "the entry id {:?} is not an arXiv paper URL; expected one like http://arxiv.org/abs/2401.12345v2",
            sanitize::clean_text(&e.id)
        ))
    })?;
    let title = sanitize::clean_text(&e.title);
    if title.is_empty() {
        return Err(error(format!("entry {arxiv_id} has no title")));
    }
    let mut categories: Vec<String> = Vec::new();
    for c in e.primary_category.iter().chain(&e.categories) {
        let c = sanitize::clean_text(c);
        if !c.is_empty() && !categories.contains(&c) {
            categories.push(c);
        }
    }
    let doi =
        sanitize::clean_optional(&e.doi).or_else(|| e.doi_link.as_deref().and_then(doi_from_link));
    let mut paper = Paper {
        authors: e
            .authors
            .iter()
            .map(|a| sanitize::clean_text(a))
            .filter(|a| !a.is_empty())
            .collect(),
        abstract_text: sanitize::clean_text(&e.summary),
        published: day_of(&e.published),
        updated: day_of(&e.updated),
        categories,
        comment: sanitize::clean_optional(&e.comment),
        journal_ref: sanitize::clean_optional(&e.journal_ref),
        doi,
        source: Source::ArxivAtom,
        ..Paper::from_arxiv(arxiv_id, title)
    };
    fill_links_from_text(&mut paper);
    Ok(paper)
}

/// `http://dx.doi.org/10.1142/S02` → `10.1142/S02`.
fn doi_from_link(href: &str) -> Option<String> {
    let rest = href.split_once("doi.org/")?.1;
    sanitize::clean_optional(rest)
}

/// The day of an Atom timestamp (`2012-01-23T21:15:02Z`).
fn day_of(timestamp: &str) -> Option<NaiveDate> {
    timestamp.trim().get(..10)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">31</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/hep-th/9901001v3</id>
    <published>1999-01-04T10:00:00Z</published>
    <updated>2001-02-05T11:00:00-05:00</updated>
    <title>Strings &amp; Things:
  a   Review</title>
    <summary>  Wrapped
abstract &lt;x&gt; &#233;.
</summary>
    <author><name>Ada Lovelace</name><arxiv:affiliation xmlns:arxiv="http://arxiv.org/schemas/atom">Somewhere</arxiv:affiliation></author>
    <author><name>Alan Turing</name></author>
    <link title="doi" href="http://dx.doi.org/10.1000/xyz" rel="related"/>
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">12 pages; code at https://github.com/o/r</arxiv:comment>
    <arxiv:journal_ref xmlns:arxiv="http://arxiv.org/schemas/atom">Phys. Rev. D 1 (1999)</arxiv:journal_ref>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="hep-th"/>
    <category term="gr-qc"/>
    <category term="hep-th"></category>
  </entry>
</feed>"#;

    #[test]
    fn an_old_flavour_entry() {
        let results = parse(FEED, "a.xml").unwrap();
        let p = results[0].as_ref().unwrap();
        assert_eq!(p.id.as_str(), "hep-th/9901001");
        assert_eq!(p.title, "Strings & Things: a Review");
        assert_eq!(p.abstract_text, "Wrapped abstract <x> é.");
        assert_eq!(p.authors, ["Ada Lovelace", "Alan Turing"]);
        assert_eq!(p.published, NaiveDate::from_ymd_opt(1999, 1, 4));
        assert_eq!(p.updated, NaiveDate::from_ymd_opt(2001, 2, 5));
        assert_eq!(p.categories, ["hep-th", "gr-qc"]);
        assert_eq!(p.doi.as_deref(), Some("10.1000/xyz"));
        assert_eq!(p.journal_ref.as_deref(), Some("Phys. Rev. D 1 (1999)"));
        assert_eq!(p.code_url.as_deref(), Some("https://github.com/o/r"));
        assert_eq!(total_results(FEED), Some(31));
    }

    #[test]
    fn the_error_feed_is_an_error() {
        let text = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults><entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id><title>Error</title><summary>incorrect id format for 1234</summary></entry></feed>"#;
        let err = parse(text, "q.xml").unwrap_err().to_string();
        assert_eq!(
            err,
            "q.xml: arXiv answered with an error: incorrect id format for 1234; fix the query and ask again"
        );
    }

    #[test]
    fn broken_feeds() {
        let cut = &FEED[..FEED.find("<category").unwrap()];
        let err = parse(cut, "a.xml").unwrap_err().to_string();
        assert!(err.starts_with("a.xml:"), "{err}");
        assert!(err.contains("cut short"), "{err}");
        let err = parse("<rss><channel/></rss>", "r.xml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("no Atom <feed>"), "{err}");
        assert_eq!(total_results("not xml"), None);
        // The parser's message quotes the input: it must not carry escapes.
        let hostile = "<feed><entry><id>x</id>\n</\x1b]52;c;ZXZp\x07\nevil></entry></feed>";
        let err = parse(hostile, "a.xml").unwrap_err().to_string();
        assert!(err.contains("not well-formed XML"), "{err}");
        assert!(!err.chars().any(char::is_control), "{err:?}");
        let bad_id = FEED.replace("hep-th/9901001v3", "nothing");
        let results = parse(&bad_id, "a.xml").unwrap();
        assert!(
            results[0]
                .as_ref()
                .unwrap_err()
                .to_string()
                .starts_with("a.xml:4: the entry id")
        );
    }
}
