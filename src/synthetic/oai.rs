//! Generated OAI-PMH `ListRecords` pages (metadataPrefix `arXiv`) of the
//! generator's papers, for measuring what importing one harvested page costs
//! without arXiv's servers.

use std::fmt::Write;
use std::ops::Range;

use super::paper;

/// `&`, `<`, `>` and `"` as XML entities.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One `<record>` for paper `i`, as arXiv's OAI interface writes it: the
/// authors split into key name and forenames, categories space-separated.
pub fn oai_record(i: u64) -> String {
    let p = paper(i);
    let id = p
        .arxiv_id
        .clone()
        .unwrap_or_else(|| p.id.as_str().to_string());
    let day = p
        .updated
        .or(p.published)
        .map(|d| d.to_string())
        .unwrap_or_default();
    let mut out = String::with_capacity(2_048);
    let _ = write!(
        out,
        "<record>\n<header>\n <identifier>oai:arXiv.org:{id}</identifier>\n \
         <datestamp>{day}</datestamp>\n <setSpec>cs</setSpec>\n</header>\n<metadata>\n\
         <arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\">\n<id>{id}</id><created>{day}</created>\n<authors>"
    );
    for author in &p.authors {
        let (forenames, keyname) = author.rsplit_once(' ').unwrap_or(("", author));
        let _ = write!(
            out,
            "<author><keyname>{}</keyname><forenames>{}</forenames></author>",
            escape(keyname),
            escape(forenames)
        );
    }
    let _ = write!(
        out,
        "</authors>\n<title>{}</title>\n<categories>{}</categories>\n<abstract>  {}\n</abstract>\n\
         </arXiv>\n</metadata>\n</record>\n",
        escape(&p.title),
        p.categories.join(" "),
        escape(&p.abstract_text)
    );
    out
}

/// A page of the records of papers `range`, answered on `day`
/// (`YYYY-MM-DD`), ending with `token` (`""`: the last page).
pub fn oai_page(range: Range<u64>, day: &str, token: &str) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">\n\
         <responseDate>{day}T10:00:00Z</responseDate>\n\
         <request verb=\"ListRecords\" metadataPrefix=\"arXiv\">http://export.arxiv.org/oai2</request>\n\
         <ListRecords>\n"
    );
    for i in range {
        out.push_str(&oai_record(i));
    }
    let _ = write!(
        out,
        "<resumptionToken>{}</resumptionToken>\n</ListRecords>\n</OAI-PMH>\n",
        escape(token)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::oai::parse_page;

    #[test]
    fn a_generated_page_reads_back_as_the_generated_papers() {
        let page = parse_page(&oai_page(0..50, "2026-12-02", "next"), "generated").unwrap();
        assert_eq!(page.papers.len(), 50, "{:?}", page.skipped);
        assert!(page.skipped.is_empty() && page.deleted.is_empty());
        assert_eq!(page.next_token(), Some("next"));
        for (i, read) in page.papers.iter().enumerate() {
            let made = paper(i as u64);
            assert_eq!(read.id, made.id);
            assert_eq!(read.title, made.title);
            assert_eq!(read.abstract_text, made.abstract_text);
            assert_eq!(read.authors, made.authors);
        }
    }
}
