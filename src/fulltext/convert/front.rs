//! The front matter: the title, the authors' names and the abstract.
//! LaTeXML puts names, affiliations, e-mail addresses and footnotes in one
//! `div.ltx_authors`, often in a single `span.ltx_personname` with the
//! names in bold and the affiliations after a line break; only the names
//! are kept.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Node};

use super::dom::{element, has_class, is_heading, is_ignored, tag};
use super::walk::Walk;
use super::{Body, Converter};
use crate::fulltext::document::Block;
use crate::model::sanitize::clean_text;

/// Separates two names in the text gathered from the name markup.
const NAME_BREAK: char = '\n';

/// Classes of author markup that are not names.
const NOT_NAMES: &[&str] = &[
    "ltx_role_affiliation",
    "ltx_role_address",
    "ltx_contact",
    "ltx_role_email",
    "ltx_role_homepage",
    "ltx_author_notes",
    "ltx_note",
    "ltx_author_before",
    "ltx_author_after",
    "ltx_role_orcid",
    "ltx_sup",
];

impl Converter {
    /// The authors' names in `div.ltx_authors`.
    pub fn author_names(&mut self, authors: ElementRef<'_>) -> Vec<String> {
        let mut holders: Vec<ElementRef<'_>> = authors
            .descendent_elements()
            .filter(|e| has_class(*e, "ltx_personname"))
            .collect();
        if holders.is_empty() {
            holders = authors
                .descendent_elements()
                .filter(|e| has_class(*e, "ltx_creator"))
                .collect();
        }
        if holders.is_empty() {
            holders.push(authors);
        }
        let mut names: Vec<String> = Vec::new();
        for holder in holders {
            for name in split_names(&name_text(holder)) {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
    }

    /// The abstract's blocks, without its "Abstract" heading.
    pub fn abstract_text(&mut self, el: ElementRef<'_>, depth: usize) -> Vec<Block> {
        let mut body = Body::default();
        let rest = el.children().filter(|node| {
            element(*node).is_none_or(|child| !is_heading(child) && !has_class(child, "ltx_title"))
        });
        self.walk_nodes(rest, depth + 1, &mut body);
        body.blocks
    }
}

/// The text of the names in `holder`: what comes before its first line
/// break at the top level (after it come affiliations), with superscript
/// marks, e-mails, notes and italic affiliations left out, and a
/// [`NAME_BREAK`] where one name may end (a line break, a mark, a gap of
/// two spaces between the names' spans).
fn name_text(holder: ElementRef<'_>) -> String {
    let mut out = String::new();
    let mut walk = Walk::new(*holder);
    while let Some(edge) = walk.next() {
        let Edge::Open(node) = edge else { continue };
        match node.value() {
            Node::Text(text) => {
                let text: &str = text;
                if text.contains("  ") {
                    out.push(NAME_BREAK);
                }
                out.push_str(text);
            }
            Node::Element(_) => {
                let Some(el) = element(node) else { continue };
                let name = tag(el);
                if name == "br" {
                    if node.parent().map(|p| p.id()) == Some(holder.id()) {
                        // The names end at the first line break
                        // outside the names' own markup.
                        return out;
                    }
                    out.push(NAME_BREAK);
                } else if is_ignored(el)
                    || matches!(name, "sup" | "em" | "i" | "a" | "math")
                    || NOT_NAMES.iter().any(|class| has_class(el, class))
                {
                    out.push(NAME_BREAK);
                    walk.leave_out(node);
                }
            }
            _ => {}
        }
    }
    out
}

/// Splits gathered name text into names: at breaks, commas, semicolons,
/// `&` and the word `and`; pieces that cannot be names (no letter, an
/// e-mail address, a long phrase) are dropped.
fn split_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for piece in text.split([NAME_BREAK, ',', ';', '&', '·', '•']) {
        for part in split_on_and(piece) {
            let name = clean_text(part);
            let name = name.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != ')');
            let words = name.split_whitespace().count();
            if name.chars().any(char::is_alphabetic)
                && !name.contains('@')
                && !name.contains("://")
                && (1..=6).contains(&words)
                && name.chars().count() <= 60
            {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// `A and B` as `A`, `B`.
fn split_on_and(piece: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = piece;
    while let Some(at) = rest.find(" and ") {
        parts.push(&rest[..at]);
        rest = &rest[at + 5..];
    }
    parts.push(rest);
    parts
}

#[cfg(test)]
mod tests {
    use super::split_names;

    #[test]
    fn names_split_at_breaks_commas_and_and() {
        assert_eq!(
            split_names("Ada Lovelace, Alan Turing and Grace Hopper\nKurt Gödel*"),
            ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Kurt Gödel"]
        );
        assert!(split_names("ada@example.org\n 1,2 \n†").is_empty());
    }
}
