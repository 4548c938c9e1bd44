//! One page of arXiv's OAI-PMH `ListRecords` answer (metadataPrefix
//! `arXiv`), the interface for harvesting all of arXiv and then only what
//! changed. A page is more than papers: it names records deleted since,
//! the resumption token that asks for the next page, the date the server
//! answered (the next harvest's `from`), or an OAI error instead of records.
//! Records missing an id or a title are skipped and counted, so one bad
//! record never stops a harvest of millions.

use chrono::NaiveDate;
use quick_xml::events::BytesStart;

use super::xml_feed::{self, FeedReader};
use super::{IngestError, latex};
use crate::model::{Paper, Source, fill_links_from_text, parse_arxiv_id, sanitize};

/// What one `ListRecords` page said.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct OaiPage {
    /// `<responseDate>` as sent, e.g. `2017-12-14T12:56:31Z`.
    pub response_date: Option<String>,
    /// The papers of the page's live records, in order.
    pub papers: Vec<Paper>,
    /// arXiv ids (without version) of records whose header says `deleted`.
    pub deleted: Vec<String>,
    /// Why each skipped record could not become a paper (`origin:line: …`).
    pub skipped: Vec<String>,
    /// The `<resumptionToken>`, when the page has one.
    pub token: Option<ResumptionToken>,
    /// The first `<error>` the server sent instead of records.
    pub error: Option<OaiError>,
    /// The latest header `<datestamp>` on the page: how far the harvest got.
    pub latest_datestamp: Option<NaiveDate>,
}

impl OaiPage {
    /// Records on the page: papers, deletions and skipped ones.
    pub fn records(&self) -> usize {
        self.papers.len() + self.deleted.len() + self.skipped.len()
    }

    /// The token to ask for the next page with; `None` on the last page
    /// (no token element, or an empty one).
    pub fn next_token(&self) -> Option<&str> {
        self.token
            .as_ref()
            .map(|t| t.token.as_str())
            .filter(|t| !t.is_empty())
    }

    /// The day of `<responseDate>`, in the server's time (UTC for arXiv).
    pub fn response_day(&self) -> Option<NaiveDate> {
        day_of(self.response_date.as_deref()?)
    }
}

/// `<resumptionToken completeListSize="…" cursor="…">TOKEN</resumptionToken>`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ResumptionToken {
    /// Empty on the last page of a list.
    pub token: String,
    pub complete_list_size: Option<u64>,
    pub cursor: Option<u64>,
}

/// `<error code="badResumptionToken">message</error>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OaiError {
    pub code: String,
    pub message: String,
}

/// Parses one `ListRecords` page. Text that is not XML, not an OAI-PMH
/// answer, or cut short fails as a whole; single records never do.
pub fn parse_page(text: &str, origin: &str) -> Result<OaiPage, IngestError> {
    let mut reader = OaiReader {
        origin,
        ..OaiReader::default()
    };
    xml_feed::read(text, origin, "OAI-PMH page", &mut reader)?;
    Ok(reader.page)
}

/// Where the text being read goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    ResponseDate,
    Error,
    Token,
    Identifier,
    Datestamp,
    Id,
    Created,
    Updated,
    Keyname,
    Forenames,
    Suffix,
    Title,
    Categories,
    Comments,
    JournalRef,
    Doi,
    Abstract,
}

/// One `<record>` as read, before it becomes a paper.
#[derive(Default)]
struct Record {
    line: usize,
    deleted: bool,
    identifier: String,
    datestamp: String,
    id: String,
    created: String,
    updated: String,
    authors: Vec<String>,
    title: String,
    categories: String,
    comments: String,
    journal_ref: String,
    doi: String,
    abstract_text: String,
}

/// The author being read: `<keyname>`, `<forenames>`, `<suffix>`.
#[derive(Default)]
struct Author {
    keyname: String,
    forenames: String,
    suffix: String,
}

#[derive(Default)]
struct OaiReader<'o> {
    origin: &'o str,
    page: OaiPage,
    record: Option<Record>,
    author: Option<Author>,
    /// The code of the `<error>` being read.
    error_code: Option<String>,
    saw_root: bool,
    closed_root: bool,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

impl OaiReader<'_> {
    fn open(&mut self, e: &BytesStart<'_>, line: usize) -> Option<Slot> {
        let local = e.local_name();
        match local.as_ref() {
            b"OAI-PMH" => self.saw_root = true,
            b"responseDate" => return Some(Slot::ResponseDate),
            b"error" => {
                self.error_code = Some(attr(e, "code").unwrap_or_default());
                return Some(Slot::Error);
            }
            b"resumptionToken" => {
                self.page.token = Some(ResumptionToken {
                    token: String::new(),
                    complete_list_size: attr(e, "completeListSize").and_then(|s| s.parse().ok()),
                    cursor: attr(e, "cursor").and_then(|s| s.parse().ok()),
                });
                return Some(Slot::Token);
            }
            b"record" => {
                self.record = Some(Record {
                    line,
                    ..Record::default()
                });
            }
            b"header" => {
                if let Some(record) = self.record.as_mut() {
                    record.deleted = attr(e, "status").as_deref() == Some("deleted");
                }
            }
            b"author" if self.record.is_some() => self.author = Some(Author::default()),
            _ => {}
        }
        self.record.as_ref()?;
        if self.author.is_some() {
            return match local.as_ref() {
                b"keyname" => Some(Slot::Keyname),
                b"forenames" => Some(Slot::Forenames),
                b"suffix" => Some(Slot::Suffix),
                _ => None,
            };
        }
        Some(match local.as_ref() {
            b"identifier" => Slot::Identifier,
            b"datestamp" => Slot::Datestamp,
            b"id" => Slot::Id,
            b"created" => Slot::Created,
            b"updated" => Slot::Updated,
            b"title" => Slot::Title,
            b"categories" => Slot::Categories,
            b"comments" => Slot::Comments,
            b"journal-ref" => Slot::JournalRef,
            b"doi" => Slot::Doi,
            b"abstract" => Slot::Abstract,
            _ => return None,
        })
    }

    fn finish_record(&mut self, record: Record) {
        if let Some(day) = day_of(&record.datestamp)
            && self.page.latest_datestamp.is_none_or(|d| d < day)
        {
            self.page.latest_datestamp = Some(day);
        }
        let (origin, line) = (self.origin, record.line);
        let skip = |page: &mut OaiPage, message: String| {
            page.skipped.push(format!("{origin}:{line}: {message}"));
        };
        if record.deleted {
            match id_of_identifier(&record.identifier) {
                Some(id) => self.page.deleted.push(id),
                None => skip(
                    &mut self.page,
                    format!(
                        "a deleted record's identifier {:?} names no arXiv paper; skipped",
                        sanitize::clean_text(&record.identifier)
                    ),
                ),
            }
            return;
        }
        match to_paper(record) {
            Ok(paper) => self.page.papers.push(paper),
            Err(message) => skip(&mut self.page, message),
        }
    }
}

impl FeedReader for OaiReader<'_> {
    type Slot = Slot;

    fn start(&mut self, e: &BytesStart<'_>, line: usize) -> Option<Slot> {
        self.open(e, line)
    }

    fn empty(&mut self, e: &BytesStart<'_>, line: usize) {
        // `<resumptionToken cursor="…"/>` ends a list; `<error code="…"/>`
        // may come without words; a `<record/>` has nothing to read.
        let local = e.local_name();
        match local.as_ref() {
            b"resumptionToken" | b"error" => {
                if let Some(slot) = self.open(e, line) {
                    self.text(slot, String::new());
                }
            }
            b"OAI-PMH" => {
                self.saw_root = true;
                self.closed_root = true;
            }
            _ => {}
        }
    }

    fn text(&mut self, slot: Slot, text: String) {
        match slot {
            Slot::ResponseDate => self.page.response_date = Some(text.trim().to_string()),
            Slot::Error => {
                let code = self.error_code.take().unwrap_or_default();
                if self.page.error.is_none() {
                    self.page.error = Some(OaiError {
                        code: sanitize::clean_text(&code),
                        message: sanitize::clean_text(&text),
                    });
                }
            }
            Slot::Token => {
                if let Some(token) = self.page.token.as_mut() {
                    token.token = text.trim().to_string();
                }
            }
            Slot::Keyname | Slot::Forenames | Slot::Suffix => {
                if let Some(author) = self.author.as_mut() {
                    match slot {
                        Slot::Keyname => author.keyname = text,
                        Slot::Forenames => author.forenames = text,
                        _ => author.suffix = text,
                    }
                }
            }
            _ => {
                let Some(record) = self.record.as_mut() else {
                    return;
                };
                let field = match slot {
                    Slot::Identifier => &mut record.identifier,
                    Slot::Datestamp => &mut record.datestamp,
                    Slot::Id => &mut record.id,
                    Slot::Created => &mut record.created,
                    Slot::Updated => &mut record.updated,
                    Slot::Title => &mut record.title,
                    Slot::Categories => &mut record.categories,
                    Slot::Comments => &mut record.comments,
                    Slot::JournalRef => &mut record.journal_ref,
                    Slot::Doi => &mut record.doi,
                    _ => &mut record.abstract_text,
                };
                *field = text;
            }
        }
    }

    fn end(&mut self, local_name: &[u8]) {
        match local_name {
            b"author" => {
                if let (Some(author), Some(record)) = (self.author.take(), self.record.as_mut()) {
                    let name = author_name(&author);
                    if !name.is_empty() {
                        record.authors.push(name);
                    }
                }
            }
            b"record" => {
                self.author = None;
                if let Some(record) = self.record.take() {
                    self.finish_record(record);
                }
            }
            b"OAI-PMH" => self.closed_root = true,
            _ => {}
        }
    }

    fn not_this_format(&self) -> Option<&'static str> {
        (!self.saw_root).then_some(
            "this XML has no <OAI-PMH> element; pass an OAI-PMH answer such as https://oaipmh.arxiv.org/oai?verb=ListRecords&metadataPrefix=arXiv",
        )
    }

    fn unclosed(&self) -> Option<&'static str> {
        if self.record.is_some() {
            Some("the last <record> is never closed")
        } else if !self.closed_root {
            Some("the page ends before </OAI-PMH>")
        } else {
            None
        }
    }
}

/// `oai:arXiv.org:hep-th/9901001` → `hep-th/9901001`.
fn id_of_identifier(identifier: &str) -> Option<String> {
    let identifier = identifier.trim();
    let local = match identifier.strip_prefix("oai:") {
        Some(rest) => rest.split_once(':').map_or(rest, |(_, id)| id),
        None => identifier,
    };
    parse_arxiv_id(local)
}

/// "Forenames Keyname Suffix", LaTeX accents turned into letters as the
/// snapshot importer does.
fn author_name(author: &Author) -> String {
    let mut name = String::new();
    for part in [&author.forenames, &author.keyname, &author.suffix] {
        let part = sanitize::clean_text(&latex::to_unicode(part));
        if !part.is_empty() {
            if !name.is_empty() {
                name.push(' ');
            }
            name.push_str(&part);
        }
    }
    name
}

/// A live record's paper, or why it was skipped.
fn to_paper(record: Record) -> Result<Paper, String> {
    let raw_id = if record.id.trim().is_empty() {
        record.identifier.as_str()
    } else {
        record.id.as_str()
    };
    let arxiv_id = if record.id.trim().is_empty() {
        id_of_identifier(raw_id)
    } else {
        parse_arxiv_id(raw_id)
    }
    .ok_or_else(|| {
        format!(
            "record without an arXiv id ({:?}); skipped",
            sanitize::clean_text(raw_id)
        )
    })?;
    let title = sanitize::clean_text(&record.title);
    if title.is_empty() {
        return Err(format!("record {arxiv_id} has no title; skipped"));
    }
    let mut categories: Vec<String> = Vec::new();
    for c in record.categories.split_whitespace() {
        let c = sanitize::clean_text(c);
        if !c.is_empty() && !categories.contains(&c) {
            categories.push(c);
        }
    }
    let mut paper = Paper {
        authors: record.authors,
        abstract_text: sanitize::clean_text(&record.abstract_text),
        published: day_of(&record.created),
        updated: day_of(&record.updated),
        categories,
        comment: sanitize::clean_optional(&record.comments),
        journal_ref: sanitize::clean_optional(&record.journal_ref),
        doi: sanitize::clean_optional(&record.doi),
        source: Source::ArxivOai,
        ..Paper::from_arxiv(arxiv_id, title)
    };
    fill_links_from_text(&mut paper);
    Ok(paper)
}

/// The day of `2017-12-14` or `2017-12-14T12:56:31Z`.
fn day_of(text: &str) -> Option<NaiveDate> {
    text.trim().get(..10)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(records: &str, tail: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">\n\
             <responseDate>2026-12-01T10:00:00Z</responseDate>\n\
             <request verb=\"ListRecords\" metadataPrefix=\"arXiv\">http://x/oai</request>\n\
             <ListRecords>\n{records}{tail}</ListRecords>\n</OAI-PMH>\n"
        )
    }

    fn record(id: &str, title: &str) -> String {
        format!(
            "<record><header><identifier>oai:arXiv.org:{id}</identifier>\
             <datestamp>2026-11-30</datestamp><setSpec>cs</setSpec></header>\
             <metadata><arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\"><id>{id}</id>\
             <created>2026-11-01</created><authors><author><keyname>Lovelace</keyname>\
             <forenames>Ada</forenames></author></authors><title>{title}</title>\
             <categories>cs.LG cs.AI</categories><abstract>About {title}.</abstract>\
             </arXiv></metadata></record>\n"
        )
    }

    #[test]
    fn the_recorded_page() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures/arxiv-oai-listrecords.xml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            println!("skipped: {} is not here", path.display());
            return;
        };
        let page = parse_page(&text, "oai.xml").unwrap();
        let ids: Vec<&str> = page.papers.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["1412.8323", "1507.07790", "1607.01710"]);
        assert_eq!(page.response_date.as_deref(), Some("2017-12-14T12:56:31Z"));
        assert_eq!(page.response_day(), NaiveDate::from_ymd_opt(2017, 12, 14));
        assert_eq!(page.latest_datestamp, NaiveDate::from_ymd_opt(2017, 12, 14));
        assert!(page.deleted.is_empty() && page.skipped.is_empty());
        assert_eq!(page.token, None);
        assert_eq!(page.next_token(), None);
        assert_eq!(page.error, None);
        let first = &page.papers[0];
        assert_eq!(
            first.title,
            "Toolbox for reconstructing quantum theory from rules on information acquisition"
        );
        assert_eq!(first.authors, ["Philipp A Hoehn"]);
        assert_eq!(first.published, NaiveDate::from_ymd_opt(2014, 12, 29));
        assert_eq!(first.updated, NaiveDate::from_ymd_opt(2017, 12, 13));
        assert_eq!(
            first.categories,
            [
                "quant-ph",
                "gr-qc",
                "hep-th",
                "math-ph",
                "math.MP",
                "physics.hist-ph"
            ]
        );
        assert!(first.abstract_text.starts_with("We develop an operational"));
        assert!(first.comment.as_deref().unwrap().starts_with("78 pages"));
        assert_eq!(first.source, Source::ArxivOai);
        let last = &page.papers[2];
        assert_eq!(last.authors.len(), 5);
        assert_eq!(last.authors[3], "A. de Souza Dutra");
        assert_eq!(last.doi.as_deref(), Some("10.1002/andp.201700188"));
    }

    #[test]
    fn a_token_with_its_counts() {
        let text = page(
            &record("2611.00001v2", "One"),
            "<resumptionToken cursor=\"0\" completeListSize=\"2500\">6131|1001</resumptionToken>\n",
        );
        let page = parse_page(&text, "p").unwrap();
        assert_eq!(page.papers[0].id.as_str(), "2611.00001");
        assert_eq!(page.papers[0].authors, ["Ada Lovelace"]);
        assert_eq!(page.papers[0].categories, ["cs.LG", "cs.AI"]);
        assert_eq!(
            page.token,
            Some(ResumptionToken {
                token: "6131|1001".into(),
                complete_list_size: Some(2500),
                cursor: Some(0),
            })
        );
        assert_eq!(page.next_token(), Some("6131|1001"));
        assert_eq!(page.records(), 1);
    }

    #[test]
    fn an_empty_token_ends_the_list() {
        for tail in [
            "<resumptionToken cursor=\"1000\" completeListSize=\"1001\"/>\n",
            "<resumptionToken cursor=\"1000\" completeListSize=\"1001\"></resumptionToken>\n",
            "<resumptionToken cursor=\"1000\" completeListSize=\"1001\">  </resumptionToken>\n",
        ] {
            let page = parse_page(&page(&record("2611.00001", "One"), tail), "p").unwrap();
            let token = page.token.as_ref().unwrap();
            assert_eq!(token.token, "", "{tail}");
            assert_eq!(token.cursor, Some(1000));
            assert_eq!(page.next_token(), None, "{tail}");
        }
    }

    #[test]
    fn deleted_records_are_named_by_their_identifier() {
        let deleted = "<record><header status=\"deleted\">\
            <identifier>oai:arXiv.org:hep-th/9901001</identifier>\
            <datestamp>2026-12-01</datestamp></header></record>\n";
        let text = page(&format!("{}{deleted}", record("2611.00002", "Two")), "");
        let page = parse_page(&text, "p").unwrap();
        assert_eq!(page.deleted, ["hep-th/9901001"]);
        assert_eq!(page.papers.len(), 1);
        assert_eq!(page.latest_datestamp, NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(page.records(), 2);
    }

    #[test]
    fn the_error_element_is_read_not_failed() {
        let text = "<?xml version=\"1.0\"?><OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">\
            <responseDate>2026-12-01T10:00:00Z</responseDate>\
            <request verb=\"ListRecords\">http://x/oai</request>\
            <error code=\"badResumptionToken\">The value of the resumptionToken argument is invalid or expired.</error>\
            </OAI-PMH>";
        let page = parse_page(text, "p").unwrap();
        assert_eq!(
            page.error,
            Some(OaiError {
                code: "badResumptionToken".into(),
                message: "The value of the resumptionToken argument is invalid or expired.".into(),
            })
        );
        assert_eq!(page.records(), 0);
        let bare = "<OAI-PMH><error code=\"noRecordsMatch\"/></OAI-PMH>";
        let page = parse_page(bare, "p").unwrap();
        assert_eq!(page.error.unwrap().code, "noRecordsMatch");
    }

    #[test]
    fn records_without_id_or_title_are_skipped_and_counted() {
        let no_title = record("2611.00003", "");
        let no_id = record("2611.00004", "Four")
            .replace("<id>2611.00004</id>", "")
            .replace("oai:arXiv.org:2611.00004", "oai:arXiv.org:nonsense");
        let id_from_header = record("2611.00005", "Five").replace("<id>2611.00005</id>", "");
        let text = page(
            &format!(
                "{no_title}{no_id}{id_from_header}{}",
                record("2611.00006", "Six")
            ),
            "",
        );
        let page = parse_page(&text, "p.xml").unwrap();
        let ids: Vec<&str> = page.papers.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["2611.00005", "2611.00006"]);
        assert_eq!(page.skipped.len(), 2, "{:?}", page.skipped);
        assert!(page.skipped[0].starts_with("p.xml:6: record 2611.00003 has no title"));
        assert!(page.skipped[1].contains("without an arXiv id"));
        assert_eq!(page.records(), 4);
    }

    #[test]
    fn broken_pages_fail_whole() {
        let whole = page(&record("2611.00001", "One"), "");
        let cut = &whole[..whole.find("<categories>").unwrap()];
        let err = parse_page(cut, "p").unwrap_err().to_string();
        assert!(err.contains("never closed"), "{err}");
        let cut = &whole[..whole.find("</ListRecords>").unwrap()];
        let err = parse_page(cut, "p").unwrap_err().to_string();
        assert!(err.contains("before </OAI-PMH>"), "{err}");
        let err = parse_page("<feed></feed>", "p").unwrap_err().to_string();
        assert!(err.contains("no <OAI-PMH>"), "{err}");
        let err = parse_page("<OAI-PMH><a></b></OAI-PMH>", "p")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not well-formed"), "{err}");
    }

    #[test]
    fn hostile_text_is_sanitized() {
        let text = page(
            &record("2611.00007", "Evil \u{1b}]52;c;eA==\u{7} title"),
            "",
        );
        let page = parse_page(&text, "p").unwrap();
        assert!(!page.papers[0].title.chars().any(char::is_control));
    }
}
