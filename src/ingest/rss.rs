//! arXiv announces each day's papers in an RSS 2.0 feed
//! (`https://rss.arxiv.org/rss/cs.CV+cs.LG`): one `<item>` per paper that is
//! new, cross-listed or replaced that day. This reads it in one pass over
//! the text. An empty channel is an ordinary day without announcements
//! (weekends, holidays), not an error; a feed whose items point nowhere on
//! arXiv is someone else's feed and fails as a whole.

use chrono::{DateTime, NaiveDate};
use quick_xml::events::BytesStart;

use super::xml_feed::{self, FeedReader};
use super::{IngestError, PaperResult};
use crate::model::{Paper, Source, fill_links_from_text, parse_arxiv_id, sanitize};

/// What an `<item>` said, before it becomes a paper.
#[derive(Default)]
struct Item {
    /// The line the item starts on, for messages.
    line: usize,
    title: String,
    link: String,
    guid: String,
    description: String,
    categories: Vec<String>,
    pub_date: String,
    announce_type: String,
    /// `dc:creator` texts: arXiv writes one with every author, other feeds
    /// one per author.
    creators: Vec<String>,
    doi: String,
    journal_ref: String,
}

/// Where the text being read goes.
#[derive(Clone, Copy, PartialEq)]
enum Slot {
    Title,
    Link,
    Guid,
    Description,
    Category,
    PubDate,
    AnnounceType,
    Creator,
    Doi,
    JournalRef,
    ChannelLink,
    ChannelPubDate,
}

fn slot_of(local: &[u8], in_item: bool, in_channel: bool) -> Option<Slot> {
    if in_item {
        return Some(match local {
            b"title" => Slot::Title,
            b"link" => Slot::Link,
            b"guid" => Slot::Guid,
            b"description" => Slot::Description,
            b"category" => Slot::Category,
            b"pubDate" => Slot::PubDate,
            b"announce_type" => Slot::AnnounceType,
            b"creator" => Slot::Creator,
            b"DOI" | b"doi" => Slot::Doi,
            b"journal_reference" | b"journal_ref" => Slot::JournalRef,
            _ => return None,
        });
    }
    if !in_channel {
        return None;
    }
    match local {
        b"link" => Some(Slot::ChannelLink),
        b"pubDate" => Some(Slot::ChannelPubDate),
        _ => None,
    }
}

/// A whole feed read into its items and what its channel says.
#[derive(Default)]
struct Feed {
    items: Vec<Item>,
    /// A channel `<link>` points at arxiv.org.
    channel_is_arxiv: bool,
    /// The channel's `<pubDate>`: the announcement day.
    channel_date: String,
}

/// Parses an arXiv announcement feed. A text that is not RSS fails as a
/// whole, and so does an RSS feed none of whose items is an arXiv paper; an
/// item without a usable id or title yields an error in its place. An
/// announcement day without papers is `Ok` with nothing in it.
pub fn parse(text: &str, origin: &str) -> Result<Vec<PaperResult>, IngestError> {
    let feed = read_feed(text, origin)?;
    let channel_day = day_of(&feed.channel_date);
    let Some(first) = feed.items.first() else {
        if feed.channel_is_arxiv {
            return Ok(Vec::new());
        }
        return Err(IngestError::Unreadable {
            origin: origin.to_string(),
            message: "this RSS feed is not from arXiv: it has no items and its channel links to no arxiv.org page; pass an arXiv announcement feed (https://rss.arxiv.org/rss/cs.LG)".into(),
        });
    };
    if !feed.items.iter().any(|i| item_id(i).is_some()) {
        let said = [&first.link, &first.guid]
            .into_iter()
            .map(|s| sanitize::clean_text(s))
            .find(|s| !s.is_empty())
            .unwrap_or_default();
        return Err(IngestError::Parse {
            origin: origin.to_string(),
            line: first.line,
            message: format!(
                "this RSS feed is not from arXiv: none of its {} items names an arXiv paper (the first links to {}); pass an arXiv announcement feed (https://rss.arxiv.org/rss/cs.LG)",
                feed.items.len(),
                super::quoted(&format!("{said:?}"))
            ),
        });
    }
    Ok(feed
        .items
        .into_iter()
        .map(|i| to_paper(i, channel_day, origin))
        .collect())
}

fn read_feed(text: &str, origin: &str) -> Result<Feed, IngestError> {
    let mut reader = RssReader::default();
    xml_feed::read(text, origin, "RSS feed", &mut reader)?;
    Ok(reader.feed)
}

/// What the RSS elements mean, as [`xml_feed::read`] meets them.
#[derive(Default)]
struct RssReader {
    feed: Feed,
    /// The item being read.
    item: Option<Item>,
    in_channel: bool,
    saw_rss: bool,
    saw_channel: bool,
}

impl FeedReader for RssReader {
    type Slot = Slot;

    fn start(&mut self, e: &BytesStart<'_>, line: usize) -> Option<Slot> {
        let local = e.local_name();
        let local = local.as_ref();
        match local {
            b"rss" => self.saw_rss = true,
            b"channel" => {
                self.saw_channel = true;
                self.in_channel = true;
            }
            b"item" => {
                self.item = Some(Item {
                    line,
                    ..Item::default()
                });
            }
            _ => {}
        }
        slot_of(local, self.item.is_some(), self.in_channel)
    }

    fn empty(&mut self, e: &BytesStart<'_>, _line: usize) {
        match e.local_name().as_ref() {
            b"rss" => self.saw_rss = true,
            b"channel" => self.saw_channel = true,
            _ => {}
        }
    }

    fn text(&mut self, slot: Slot, text: String) {
        store(slot, text, self.item.as_mut(), &mut self.feed);
    }

    fn end(&mut self, local_name: &[u8]) {
        match local_name {
            b"item" => {
                if let Some(done) = self.item.take() {
                    self.feed.items.push(done);
                }
            }
            b"channel" => self.in_channel = false,
            _ => {}
        }
    }

    fn not_this_format(&self) -> Option<&'static str> {
        (!self.saw_rss || !self.saw_channel).then_some(
            "this XML is not an RSS feed (no <rss> with a <channel>); pass an arXiv announcement feed (https://rss.arxiv.org/rss/cs.LG)",
        )
    }

    /// A quiet day cut short must not pass for a whole one.
    fn unclosed(&self) -> Option<&'static str> {
        if self.item.is_some() {
            Some("the last <item> is never closed")
        } else if self.in_channel {
            Some("the <channel> is never closed")
        } else {
            None
        }
    }
}

fn store(slot: Slot, text: String, item: Option<&mut Item>, feed: &mut Feed) {
    match slot {
        Slot::ChannelLink => {
            if text.to_ascii_lowercase().contains("arxiv.org") {
                feed.channel_is_arxiv = true;
            }
            return;
        }
        Slot::ChannelPubDate => {
            feed.channel_date = text;
            return;
        }
        _ => {}
    }
    let Some(item) = item else { return };
    match slot {
        Slot::Title => item.title = text,
        Slot::Link => item.link = text,
        Slot::Guid => item.guid = text,
        Slot::Description => item.description = text,
        Slot::Category => item.categories.push(text),
        Slot::PubDate => item.pub_date = text,
        Slot::AnnounceType => item.announce_type = text,
        Slot::Creator => item.creators.push(text),
        Slot::Doi => item.doi = text,
        Slot::JournalRef => item.journal_ref = text,
        Slot::ChannelLink | Slot::ChannelPubDate => {}
    }
}

/// The parts of an arXiv item description,
/// `arXiv:2609.26811v1 Announce Type: new \nAbstract: ...`.
struct Description<'d> {
    /// The id as written, version included (`2609.26811v1`).
    id: Option<&'d str>,
    announce_type: Option<&'d str>,
    abstract_text: &'d str,
}

fn split_description(d: &str) -> Description<'_> {
    let whole = Description {
        id: None,
        announce_type: None,
        abstract_text: d,
    };
    let t = d.trim_start();
    let Some(rest) = t.get(..6).filter(|p| p.eq_ignore_ascii_case("arXiv:")) else {
        return whole;
    };
    let rest = &t[rest.len()..];
    let Some((head, abstract_text)) = rest.split_once("Abstract:") else {
        return whole;
    };
    let id = head.split_whitespace().next();
    if id.and_then(parse_arxiv_id).is_none() {
        return whole;
    }
    Description {
        id,
        announce_type: head.split_once("Announce Type:").map(|(_, k)| k.trim()),
        abstract_text,
    }
}

/// `oai:arXiv.org:2609.26811v1` → `2609.26811v1`.
fn strip_oai(guid: &str) -> &str {
    const OAI: &str = "oai:arxiv.org:";
    let guid = guid.trim();
    match guid.get(..OAI.len()) {
        Some(head) if head.eq_ignore_ascii_case(OAI) => &guid[OAI.len()..],
        _ => guid,
    }
}

/// The arXiv id (without version) of an item and its version when given,
/// from its `<link>`, its `<guid>` or the head of its description.
fn item_id(item: &Item) -> Option<(String, Option<u32>)> {
    let described = split_description(&item.description).id;
    let written = [
        Some(item.link.trim()),
        Some(strip_oai(&item.guid)),
        described,
    ];
    let id = written.iter().flatten().find_map(|s| parse_arxiv_id(s))?;
    let version = written.iter().flatten().find_map(|s| version_of(s));
    Some((id, version))
}

/// `2609.26811v3` → 3.
fn version_of(written: &str) -> Option<u32> {
    let (_, digits) = written.trim().rsplit_once('v')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn to_paper(item: Item, channel_day: Option<NaiveDate>, origin: &str) -> PaperResult {
    let error = |message: String| IngestError::Parse {
        origin: origin.to_string(),
        line: item.line,
        message,
    };
    let Some((arxiv_id, version)) = item_id(&item) else {
        return Err(error(format!(
            "the item links to {} and names no arXiv paper; expected a link like https://arxiv.org/abs/2609.26811",
            super::quoted(&format!("{:?}", sanitize::clean_text(&item.link)))
        )));
    };
    let title = sanitize::clean_text(&item.title);
    if title.is_empty() {
        return Err(error(format!("item {arxiv_id} has no title")));
    }
    let description = split_description(&item.description);
    let announce_type = Some(sanitize::clean_text(&item.announce_type))
        .filter(|t| !t.is_empty())
        .or_else(|| description.announce_type.map(sanitize::clean_text))
        .unwrap_or_default();
    // The announcement day is the first publication of a first version and
    // the last revision of a later one; a replacement must not move the
    // publication date of a paper already known.
    let day = day_of(&item.pub_date).or(channel_day);
    let (published, updated) = match version {
        Some(1) => (day, None),
        Some(_) => (None, day),
        None if announce_type == "new" => (day, None),
        None if announce_type.starts_with("replace") => (None, day),
        None => (None, None),
    };
    let mut categories: Vec<String> = Vec::new();
    for c in &item.categories {
        let c = sanitize::clean_text(c);
        if !c.is_empty() && !categories.contains(&c) {
            categories.push(c);
        }
    }
    let mut paper = Paper {
        authors: item
            .creators
            .iter()
            .flat_map(|c| split_authors(&sanitize::clean_text(c)))
            .collect(),
        abstract_text: sanitize::clean_text(description.abstract_text),
        published,
        updated,
        categories,
        journal_ref: sanitize::clean_optional(&item.journal_ref),
        doi: sanitize::clean_optional(&item.doi),
        source: Source::ArxivRss,
        ..Paper::from_arxiv(arxiv_id, title)
    };
    fill_links_from_text(&mut paper);
    Ok(paper)
}

/// `A, B, and C` or `A and B` → each name.
fn split_authors(creators: &str) -> Vec<String> {
    creators
        .split(',')
        .flat_map(|part| part.split(" and "))
        .map(|name| {
            let name = name.trim();
            name.strip_prefix("and ").unwrap_or(name).trim()
        })
        .filter(|name| !name.is_empty() && *name != "and")
        .map(str::to_string)
        .collect()
}

/// The day of an RSS date (`Thu, 24 Sep 2026 00:00:00 -0400`), in the
/// feed's own time zone: the day arXiv announced.
fn day_of(date: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc2822(date.trim())
        .ok()
        .map(|d| d.date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED: &str = include_str!("../../tests/fixtures/arxiv-rss.xml");
    const EMPTY_DAY: &str = include_str!("../../tests/fixtures/arxiv-rss-empty.xml");

    fn papers(text: &str) -> Vec<Paper> {
        parse(text, "f.xml")
            .unwrap()
            .into_iter()
            .map(Result::unwrap)
            .collect()
    }

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn a_new_paper() {
        let p = &papers(FEED)[0];
        assert_eq!(p.id.as_str(), "2610.01234");
        assert_eq!(p.arxiv_id.as_deref(), Some("2610.01234"));
        assert_eq!(p.title, "Seeing & Learning: Masked Tokens in Video");
        assert_eq!(
            p.abstract_text,
            "We mask <tokens> in videos. Code: https://github.com/example/masked-video."
        );
        assert_eq!(p.authors, ["Ada Lovelace", "Alan Turing", "Grace Hopper"]);
        assert_eq!(p.categories, ["cs.CV", "cs.LG"]);
        assert_eq!(p.published, day(2026, 10, 6));
        assert_eq!(p.updated, None);
        assert_eq!(p.source, Source::ArxivRss);
        assert_eq!(
            p.code_url.as_deref(),
            Some("https://github.com/example/masked-video")
        );
    }

    #[test]
    fn a_replacement_is_the_paper_revised_that_day() {
        let all = papers(FEED);
        let p = &all[1];
        assert_eq!(p.id.as_str(), "1901.00042");
        assert_eq!(p.authors, ["Emmy Noether", "Kurt Gödel"]);
        assert_eq!(p.abstract_text, "A longer proof.");
        // Version 4 announced today: a revision, not the first publication.
        assert_eq!(p.published, None);
        assert_eq!(p.updated, day(2026, 10, 6));
        assert_eq!(p.doi.as_deref(), Some("10.1000/example.42"));
        assert_eq!(p.journal_ref.as_deref(), Some("Ann. Stat. 50 (2022) 1-20"));
        let old = &all[2];
        assert_eq!(old.id.as_str(), "cs/9901001");
        assert_eq!(old.updated, day(2026, 10, 6));
        assert_eq!(all.len(), 3);
    }

    #[test]
    fn an_empty_day_has_no_papers() {
        assert!(parse(EMPTY_DAY, "sat.xml").unwrap().is_empty());
        let cut = &EMPTY_DAY[..EMPTY_DAY.find("</channel>").unwrap()];
        let err = parse(cut, "sat.xml").unwrap_err().to_string();
        assert!(err.contains("cut short"), "{err}");
        // Nor does someone else's empty feed pass for an arXiv day.
        let err = parse(
            "<rss><channel><link>https://blog.example.org/</link></channel></rss>",
            "b.xml",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("b.xml: this RSS feed is not from arXiv"),
            "{err}"
        );
    }

    #[test]
    fn the_header_of_a_description_is_left_out() {
        let d = split_description("arXiv:2609.26811v1 Announce Type: new \nAbstract: Text.");
        assert_eq!(d.id, Some("2609.26811v1"));
        assert_eq!(d.announce_type, Some("new"));
        assert_eq!(d.abstract_text, " Text.");
        // Without an arXiv id up front it is all abstract.
        let d = split_description("arXiv: nothing. Abstract: x");
        assert_eq!(d.abstract_text, "arXiv: nothing. Abstract: x");
        assert_eq!(version_of("2609.26811v12"), Some(12));
        assert_eq!(version_of("solv-int/9901001"), None);
        assert_eq!(strip_oai("oai:arXiv.org:2609.26811v1"), "2609.26811v1");
    }

    #[test]
    fn authors_in_one_string() {
        assert_eq!(split_authors("A B"), ["A B"]);
        assert_eq!(split_authors("A B and C D"), ["A B", "C D"]);
        assert_eq!(split_authors("A, B, and C"), ["A", "B", "C"]);
        assert_eq!(
            split_authors("Sandy Anderson, Brandon"),
            ["Sandy Anderson", "Brandon"]
        );
        assert!(split_authors(" , and ").is_empty());
    }

    #[test]
    fn broken_and_foreign_feeds() {
        let cut = &FEED[..FEED.find("<category>math.ST").unwrap()];
        let err = parse(cut, "a.xml").unwrap_err().to_string();
        assert!(err.starts_with("a.xml:"), "{err}");
        assert!(err.contains("cut short"), "{err}");
        let mismatched = FEED.replace("</guid>", "</gui>");
        let err = parse(&mismatched, "a.xml").unwrap_err().to_string();
        let line = FEED[..FEED.find("</guid>").unwrap()].lines().count();
        assert!(
            err.starts_with(&format!(
                "a.xml:{line}: this RSS feed is not well-formed XML"
            )),
            "{err}"
        );
        let err = parse("<feed/>", "f.xml").unwrap_err().to_string();
        assert!(err.contains("not an RSS feed"), "{err}");
        let blog = "<rss><channel><link>https://blog.example.org/</link>\n<item><title>Hello</title><link>https://blog.example.org/hello</link></item></channel></rss>";
        let err = parse(blog, "b.xml").unwrap_err().to_string();
        assert_eq!(
            err,
            "b.xml:2: this RSS feed is not from arXiv: none of its 1 items names an arXiv paper (the first links to \"https://blog.example.org/hello\"); pass an arXiv announcement feed (https://rss.arxiv.org/rss/cs.LG)"
        );
        // One bad item among arXiv papers is an error in its place.
        let bad = FEED.replacen(
            "<title>An Old Result, Revised</title>",
            "<title> </title>",
            1,
        );
        let results = parse(&bad, "a.xml").unwrap();
        let err = results[1].as_ref().unwrap_err().to_string();
        let line = FEED[..FEED.find("<title>An Old").unwrap()].lines().count() - 1;
        assert_eq!(err, format!("a.xml:{line}: item 1901.00042 has no title"));
        // Messages quoting the input carry no escape sequences.
        let hostile = "<rss><channel><item><link>\x1b]52;c;x\x07</link></item></channel></rss>";
        let err = parse(hostile, "h.xml").unwrap_err().to_string();
        assert!(!err.chars().any(char::is_control), "{err:?}");
    }

    #[test]
    fn the_recorded_feed() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures/arxiv-rss-2026-09-24.xml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            println!("skipped: {} is not here", path.display());
            return;
        };
        let all = papers(&text);
        let ids: Vec<&str> = all.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            ["2609.26811", "2609.26820", "2205.06398", "2009.13987"]
        );
        assert_eq!(all[0].authors, ["Fabien Polly"]);
        assert_eq!(
            all[1].authors,
            ["Naser Mansour", "Sidahmed Benabderrahmane", "Ameer Rahwan"]
        );
        assert_eq!(all[1].categories, ["cs.LG", "cs.AI"]);
        assert_eq!(all[2].categories, ["stat.ME", "stat.AP", "stat.ML"]);
        assert_eq!(
            all[2].doi.as_deref(),
            Some("10.1093/bioinformatics/btac431")
        );
        assert!(all[0].abstract_text.starts_with("Local learning trains"));
        assert!(
            all.iter()
                .all(|p| !p.abstract_text.contains("Announce Type"))
        );
        assert_eq!(all[0].published, day(2026, 9, 24));
        assert_eq!(all[1].published, day(2026, 9, 24));
        // The cross-list and the replacement are later versions.
        assert_eq!((all[2].published, all[2].updated), (None, day(2026, 9, 24)));
        assert_eq!((all[3].published, all[3].updated), (None, day(2026, 9, 24)));
    }
}
