//! How the converter looks at one element of the parsed page: its tag and
//! LaTeXML classes, and whether it is page furniture (navigation, scripts,
//! the table of contents, the footer) rather than paper text. Kept in one
//! place so every walker skips exactly the same things.

use ego_tree::NodeRef;
use scraper::{ElementRef, Node};

/// A node of the parsed page.
pub type DomNode<'a> = NodeRef<'a, Node>;

/// The element `node` is, if it is one.
pub fn element(node: DomNode<'_>) -> Option<ElementRef<'_>> {
    ElementRef::wrap(node)
}

/// Whether `el` carries the class `class` (LaTeXML's classes are
/// case-sensitive).
pub fn has_class(el: ElementRef<'_>, class: &str) -> bool {
    el.value().classes().any(|c| c == class)
}

/// The element's tag name, lowercase (html5ever lowercases HTML tags).
pub fn tag(el: ElementRef<'_>) -> &str {
    el.value().name()
}

/// Tags that never hold paper text.
const IGNORED_TAGS: &[&str] = &[
    "nav", "header", "footer", "script", "style", "iframe", "form", "button", "noscript",
    "template", "object", "embed", "input", "select", "textarea", "svg", "canvas", "head", "title",
    "meta", "link",
];

/// Classes of page furniture, LaTeXML's and arXiv's (banner, report-issue
/// widgets), and LaTeXML's markers of macros it could not expand.
const IGNORED_CLASSES: &[&str] = &[
    "ltx_page_navbar",
    "ltx_page_footer",
    "ltx_page_header",
    "ltx_TOC",
    "ltx_page_logo",
    "ltx_listing_data",
    "ltx_ERROR",
    "ltx_pagination",
    "ltx_role_newpage",
    "arxiv-banner",
    "html-header-message",
    "html-header-logo",
    "html-header-nav",
    "ar5iv-footer",
    "sr-only",
    "package-alerts",
    "ltx_LaTeXML_logo",
];

/// Whether `el` and everything inside it is not paper text.
pub fn is_ignored(el: ElementRef<'_>) -> bool {
    let name = tag(el);
    if IGNORED_TAGS.contains(&name) {
        return true;
    }
    if el.value().classes().any(|c| {
        IGNORED_CLASSES.contains(&c) || c.starts_with("ltx_report") || c.contains("report-issue")
    }) {
        return true;
    }
    matches!(el.value().attr("role"), Some("navigation" | "banner"))
        || el.value().attr("hidden").is_some()
}

/// Whether `el` is a heading element (`h1`..`h6`).
pub fn is_heading(el: ElementRef<'_>) -> bool {
    matches!(tag(el), "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}
