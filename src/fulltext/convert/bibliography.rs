//! The reference list: `section.ltx_bibliography li.ltx_bibitem`, each
//! entry with the id citations point at (`bib.bib12`), its label as the
//! paper shows it (`12`, `Smith et al. (2020)`), its text and its links.

use scraper::ElementRef;

use super::Converter;
use super::dom::{has_class, tag};
use super::inlines::{InlineOptions, strip_brackets};
use crate::fulltext::document::{BibEntry, inline_text};
use crate::model::sanitize::clean_text;

impl Converter {
    /// The entries of a bibliography section, in order.
    pub fn bibliography_entries(&mut self, section: ElementRef<'_>) -> Vec<BibEntry> {
        let items: Vec<ElementRef<'_>> = section
            .descendent_elements()
            .filter(|e| tag(*e) == "li" && has_class(*e, "ltx_bibitem"))
            .collect();
        items.into_iter().map(|item| self.bib_entry(item)).collect()
    }

    fn bib_entry(&mut self, item: ElementRef<'_>) -> BibEntry {
        let id = item.value().id().map(clean_text).unwrap_or_default();
        let label = item
            .descendent_elements()
            .find(|e| has_class(*e, "ltx_tag_bibitem") || has_class(*e, "ltx_tag"))
            .map(|tag_el| strip_brackets(&self.plain_text(tag_el)).to_string())
            .unwrap_or_default();
        let blocks: Vec<ElementRef<'_>> = item
            .descendent_elements()
            .filter(|e| has_class(*e, "ltx_bibblock"))
            .collect();
        let text = if blocks.is_empty() {
            let options = InlineOptions {
                skip_tags: true,
                ..InlineOptions::PLAIN
            };
            inline_text(&self.inlines(item, options))
        } else {
            let parts: Vec<String> = blocks
                .into_iter()
                .map(|block| self.plain_text(block))
                .filter(|text| !text.is_empty())
                .collect();
            parts.join(" ")
        };
        let mut links: Vec<String> = Vec::new();
        for a in item.descendent_elements().filter(|e| tag(*e) == "a") {
            if let Some(url) = a
                .value()
                .attr("href")
                .and_then(|href| self.urls.resolve(href))
                && !self.urls.is_internal(&url)
                && !links.contains(&url)
            {
                links.push(url);
            }
        }
        BibEntry {
            id,
            label,
            text,
            links,
        }
    }
}
