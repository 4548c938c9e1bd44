//! arXiv's HTML (LaTeXML) to a [`Document`], with a real HTML5 parser
//! (html5ever, through `scraper`). This file checks the input, finds the
//! paper in the page and hands its parts to the walkers beside it:
//!
//! - `dom`: which elements are page furniture, class tests.
//! - `urls`: links and images as absolute http(s) URLs.
//! - `inlines`: a paragraph's text, formulas, citations, footnote marks.
//! - `blocks`: paragraphs, lists, theorems, proofs, quotes, code.
//! - `equations`: display equations, one per row, with their numbers.
//! - `floats`: figures and tables with captions, images, text tables.
//! - `sections`: the nested sections and appendices.
//! - `front`: title, authors, abstract.
//! - `nesting`: refuses pages nested too deep for the parser's time.
//! - `bibliography`: the reference list.
//!
//! Nothing here recurses without a bound: block nesting is capped (what is
//! deeper is kept as flattened text) and inline text is walked iteratively.

mod bibliography;
mod blocks;
mod dom;
mod equations;
mod floats;
mod front;
mod inlines;
mod nesting;
mod sections;
mod urls;
mod walk;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_page;

use scraper::{ElementRef, Html, Selector};

use super::document::{BibEntry, Block, DOCUMENT_FORMAT, Footnote};
use super::{Document, Section};
use crate::model::sanitize::clean_text;
use urls::UrlResolver;

/// Pages larger than this are refused before parsing (the largest arXiv
/// pages are a few megabytes; the shared example is 0.7 MB).
pub const MAX_PAGE_BYTES: usize = 50 * 1024 * 1024;

/// Why a page could not be converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    #[error("the page is empty")]
    Empty,
    #[error("the page is not an arXiv paper in HTML (LaTeXML): {0}")]
    NotLatexml(String),
    #[error("the page is {bytes} bytes, over the {limit}-byte limit for a paper's HTML")]
    TooLarge { bytes: usize, limit: usize },
    #[error(
        "the page nests its markup more than {limit} levels deep; a paper's HTML nests a few dozen"
    )]
    TooDeep { limit: usize },
}

/// Converts the page `html`, fetched from `page_url` (for relative links
/// when the page has no `<base href>`).
pub fn convert(html: &str, page_url: &str) -> Result<Document, ConvertError> {
    convert_counting_formulas(html, page_url).map(|(document, _)| document)
}

/// [`convert`], also saying how many formulas it rendered (in text, table
/// cells, headings and references alike), for the tests.
pub(crate) fn convert_counting_formulas(
    html: &str,
    page_url: &str,
) -> Result<(Document, usize), ConvertError> {
    if html.len() > MAX_PAGE_BYTES {
        return Err(ConvertError::TooLarge {
            bytes: html.len(),
            limit: MAX_PAGE_BYTES,
        });
    }
    let text = html.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if text.is_empty() {
        return Err(ConvertError::Empty);
    }
    if text.starts_with(['{', '[']) && !text.contains("<article") {
        return Err(ConvertError::NotLatexml(
            "it looks like JSON, not HTML".into(),
        ));
    }
    if !text.contains('<') {
        return Err(ConvertError::NotLatexml("it holds no HTML markup".into()));
    }
    if nesting::block_nesting(html, nesting::MAX_BLOCK_NESTING) > nesting::MAX_BLOCK_NESTING {
        return Err(ConvertError::TooDeep {
            limit: nesting::MAX_BLOCK_NESTING,
        });
    }
    let page = Html::parse_document(html);
    let Some(article) = find_article(&page) else {
        return Err(ConvertError::NotLatexml(missing_article_reason(&page)));
    };
    let base_href = first(&page, "base[href]").and_then(|base| base.value().attr("href"));
    let mut converter = Converter::new(UrlResolver::new(page_url, base_href));
    let mut document = converter.document(article);
    if document.title.is_empty()
        && let Some(title) = first(&page, "title")
    {
        document.title = clean_text(&title.text().collect::<String>());
    }
    document.source_url = converter
        .urls
        .resolve(page_url)
        .filter(|_| !page_url.trim().is_empty());
    Ok((document, converter.formulas))
}

/// The first element matching `css`, one of this module's constant
/// selectors (a selector that did not parse would match nothing; the
/// converter tests use every one of them).
fn first<'a>(page: &'a Html, css: &str) -> Option<ElementRef<'a>> {
    let selector = Selector::parse(css).ok()?;
    page.select(&selector).next()
}

/// The paper: `article.ltx_document`, or LaTeXML's main column when the
/// article element is missing.
fn find_article(page: &Html) -> Option<ElementRef<'_>> {
    first(page, "article.ltx_document")
        .or_else(|| first(page, ".ltx_page_main .ltx_document"))
        .or_else(|| first(page, ".ltx_page_main"))
        .or_else(|| first(page, ".ltx_document"))
}

/// Says what the page is instead, with its title when it has one (an
/// error page or a login form names itself there).
fn missing_article_reason(page: &Html) -> String {
    let title = first(page, "title")
        .map(|t| clean_text(&t.text().collect::<String>()))
        .unwrap_or_default();
    let title: String = title.chars().take(80).collect();
    if title.is_empty() {
        "it has no LaTeXML article (article.ltx_document)".into()
    } else {
        format!("it has no LaTeXML article (article.ltx_document); its title is \"{title}\"")
    }
}

/// The state of one conversion.
pub(crate) struct Converter {
    urls: UrlResolver,
    footnotes: Vec<Footnote>,
    /// How many footnotes deep the current inline walk is.
    note_depth: usize,
    /// Walking a float's text: its captions and tabulars are the float's
    /// own (caption, [`TextTable`](super::document::TextTable)) and must not
    /// be repeated as text, and a subfigure is part of it.
    in_float: bool,
    /// Formulas rendered so far.
    formulas: usize,
    title: String,
    authors: Vec<String>,
    abstract_blocks: Vec<Block>,
    bibliography: Vec<BibEntry>,
}

/// What a container holds: blocks, and sections that start inside it.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub blocks: Vec<Block>,
    pub sections: Vec<Section>,
}

impl Converter {
    fn new(urls: UrlResolver) -> Converter {
        Converter {
            urls,
            footnotes: Vec::new(),
            note_depth: 0,
            in_float: false,
            formulas: 0,
            title: String::new(),
            authors: Vec::new(),
            abstract_blocks: Vec::new(),
            bibliography: Vec::new(),
        }
    }

    fn document(&mut self, article: ElementRef<'_>) -> Document {
        let mut body = Body::default();
        self.walk_children(article, 0, &mut body);
        let mut sections = body.sections;
        // A paper without sections (or text before the first one) keeps
        // that text in an untitled section, first.
        if !body.blocks.is_empty() {
            sections.insert(
                0,
                Section {
                    level: 1,
                    blocks: body.blocks,
                    ..Section::default()
                },
            );
        }
        Document {
            format: DOCUMENT_FORMAT,
            source_url: None,
            title: std::mem::take(&mut self.title),
            authors: std::mem::take(&mut self.authors),
            abstract_blocks: std::mem::take(&mut self.abstract_blocks),
            sections,
            footnotes: std::mem::take(&mut self.footnotes),
            bibliography: std::mem::take(&mut self.bibliography),
        }
    }
}
