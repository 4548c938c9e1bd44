//! Sections as LaTeXML nests them: `section.ltx_section` holding
//! `ltx_subsection`s holding `ltx_subsubsection`s and `ltx_paragraph`s,
//! and `ltx_appendix` beside the sections. Each starts with a heading
//! whose `span.ltx_tag` holds the number (`3.2`, `Appendix A`); the number
//! and the title are kept apart, and the section's `id` is its anchor.

use scraper::ElementRef;

use super::dom::{has_class, is_heading};
use super::inlines::InlineOptions;
use super::{Body, Converter};
use crate::fulltext::Section;
use crate::fulltext::document::inline_text;
use crate::model::sanitize::clean_text;

/// The level of a sectioning class; `None` for other classes.
fn level_of_class(class: &str) -> Option<u8> {
    match class {
        "ltx_part" | "ltx_chapter" | "ltx_section" | "ltx_appendix" | "ltx_index"
        | "ltx_glossary" => Some(1),
        "ltx_subsection" => Some(2),
        "ltx_subsubsection" => Some(3),
        "ltx_paragraph" => Some(4),
        "ltx_subparagraph" => Some(5),
        _ => None,
    }
}

/// `1 `, `3.2.`, `Appendix A ` as `1`, `3.2`, `A`.
fn section_number(tag_text: &str) -> Option<String> {
    let text = clean_text(tag_text);
    let text = text.trim_end_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation());
    let number = text.rsplit(' ').next().unwrap_or(text);
    (!number.is_empty()).then(|| number.to_string())
}

impl Converter {
    /// The section `el` with its blocks and subsections.
    pub fn section(&mut self, el: ElementRef<'_>, depth: usize) -> Section {
        let level = el.value().classes().find_map(level_of_class).unwrap_or(1);
        let heading = el
            .child_elements()
            .find(|e| is_heading(*e) || has_class(*e, "ltx_title"));
        let mut number = None;
        let mut title = String::new();
        if let Some(heading) = heading {
            number = heading
                .descendent_elements()
                .find(|e| has_class(*e, "ltx_tag"))
                .and_then(|tag_el| section_number(&tag_el.text().collect::<String>()));
            title = inline_text(&self.inlines(heading, InlineOptions::HEADING));
        }
        let heading_id = heading.map(|h| h.id());
        let mut body = Body::default();
        let rest = el.children().filter(|n| Some(n.id()) != heading_id);
        self.walk_nodes(rest, depth + 1, &mut body);
        Section {
            level,
            number,
            title,
            appendix: has_class(el, "ltx_appendix"),
            anchor: el.value().id().map(clean_text).filter(|id| !id.is_empty()),
            blocks: body.blocks,
            children: body.sections,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::section_number;

    #[test]
    fn numbers_lose_their_trailing_punctuation_and_words() {
        assert_eq!(section_number("1 ").as_deref(), Some("1"));
        assert_eq!(section_number("3.2.").as_deref(), Some("3.2"));
        assert_eq!(section_number("Appendix A ").as_deref(), Some("A"));
        assert_eq!(section_number(" "), None);
    }
}
