//! How deeply a page nests block elements, measured before parsing. The
//! HTML5 tree-building algorithm (html5ever follows it) looks through the
//! whole stack of open elements for a `p` "in button scope" at every block
//! start tag (`div`, `section`, `ul`, `figure`, …), so parsing costs the
//! square of the nesting depth: 10,000 nested `div`s take 11 s in a debug
//! build, 100,000 would take minutes. LaTeXML pages nest a few dozen levels;
//! a page nested deeper than [`MAX_BLOCK_NESTING`] is refused instead.
//!
//! This is a count of tag names, not a parser: it over-counts block tags
//! in comments or scripts and unclosed `p`/`li`, which can only make it
//! stricter on pages that are not LaTeXML output anyway. Inline elements
//! (`span`, `em`) do not cost the parser this way and are not counted.

/// Block elements nested deeper than this are refused.
pub const MAX_BLOCK_NESTING: usize = 2_000;

/// Start tags that make the tree builder look through the stack of open
/// elements (the spec's "close a p element" check) or push a block that
/// such a check walks past.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dd",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "ul",
    "li",
    "p",
    "section",
    "summary",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "listing",
    "form",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "blockquote",
    "search",
];

/// The deepest nesting of block elements in `html`, counted until it
/// passes `limit` (then `limit + 1`).
pub fn block_nesting(html: &str, limit: usize) -> usize {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(|&b| b == b'<') {
        let start = at + offset + 1;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = if closing { start + 1 } else { start };
        let name_end = bytes[name_start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |n| name_start + n);
        at = name_end.max(start);
        if name_end == name_start || name_end - name_start > 10 {
            continue;
        }
        let name = &html[name_start..name_end];
        if !BLOCK_TAGS.iter().any(|tag| tag.eq_ignore_ascii_case(name)) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
            if deepest > limit {
                break;
            }
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::block_nesting;

    #[test]
    fn counts_block_elements_only() {
        assert_eq!(block_nesting("<div><p>a</p><DIV><span><span>", 100), 2);
        assert_eq!(block_nesting("<div></div><div></div>", 100), 1);
        assert_eq!(block_nesting("x < y </ <!-- <div --> <divx>", 100), 1);
        assert_eq!(block_nesting(&"<div>".repeat(50), 10), 11);
        assert_eq!(block_nesting("<", 10), 0);
        assert_eq!(block_nesting("</", 10), 0);
    }
}
