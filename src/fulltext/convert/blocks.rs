//! The blocks of a container (a section, a paragraph `div.ltx_para`, a
//! list item, a theorem): paragraphs, lists, theorem-like blocks, proofs,
//! quotes and code listings, with the other kinds handed to their own
//! files. Text that sits directly in a container, between blocks, becomes
//! a paragraph of its own. Nesting deeper than [`MAX_BLOCK_DEPTH`] is kept
//! as one flattened paragraph, so no page can exhaust the stack.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Node};

use super::dom::{DomNode, element, has_class, is_heading, is_ignored, tag};
use super::inlines::InlineOptions;
use super::walk::Walk;
use super::{Body, Converter};
use crate::fulltext::document::{Block, Inline, inline_text};
use crate::model::sanitize::{clean_multiline, clean_text};

/// How many containers deep blocks are told apart; what is deeper is one
/// paragraph of its text. LaTeXML pages nest about a dozen levels.
pub const MAX_BLOCK_DEPTH: usize = 40;

impl Converter {
    /// Walks `container`'s children into `body`.
    pub fn walk_children(&mut self, container: ElementRef<'_>, depth: usize, body: &mut Body) {
        self.walk_nodes(container.children(), depth, body);
    }

    /// Walks `nodes` (siblings) into `body`; loose inline content between
    /// blocks becomes paragraphs.
    pub fn walk_nodes<'a>(
        &mut self,
        nodes: impl IntoIterator<Item = DomNode<'a>>,
        depth: usize,
        body: &mut Body,
    ) {
        let mut loose: Vec<DomNode<'a>> = Vec::new();
        for node in nodes {
            match node.value() {
                Node::Text(_) => loose.push(node),
                Node::Element(_) => {
                    let Some(el) = element(node) else { continue };
                    if !self.block(el, depth, body, &mut loose) {
                        loose.push(node);
                    }
                }
                _ => {}
            }
        }
        self.flush_loose(&mut loose, body);
    }

    fn flush_loose(&mut self, loose: &mut Vec<DomNode<'_>>, body: &mut Body) {
        if loose.is_empty() {
            return;
        }
        let inlines = self.inlines_of(loose.drain(..), InlineOptions::PARAGRAPH);
        push_paragraph(&mut body.blocks, inlines);
    }

    /// Converts `el` when it is a block (after ending the paragraph of loose
    /// text before it); `false` when it is inline content.
    fn block<'a>(
        &mut self,
        el: ElementRef<'a>,
        depth: usize,
        body: &mut Body,
        loose: &mut Vec<DomNode<'a>>,
    ) -> bool {
        if is_ignored(el) {
            return true;
        }
        let name = tag(el);
        let has = |class: &str| has_class(el, class);
        if self.in_float {
            if name == "figcaption" || (name == "table" && has("ltx_tabular")) {
                self.flush_loose(loose, body);
                return true;
            }
            if name == "figure" && depth < MAX_BLOCK_DEPTH {
                self.flush_loose(loose, body);
                self.walk_children(el, depth + 1, body);
                return true;
            }
        }
        let is_block = name == "section"
            || is_heading(el)
            || matches!(
                name,
                "p" | "div"
                    | "ul"
                    | "ol"
                    | "dl"
                    | "table"
                    | "figure"
                    | "pre"
                    | "blockquote"
                    | "article"
                    | "main"
                    | "aside"
                    | "center"
                    | "address"
                    | "hr"
            )
            || has("ltx_authors")
            || has("ltx_role_footnotetext")
            || (name == "math" && el.value().attr("display") == Some("block"));
        if !is_block {
            return false;
        }
        self.flush_loose(loose, body);
        if depth >= MAX_BLOCK_DEPTH {
            let inlines = self.inlines(el, InlineOptions::PARAGRAPH);
            push_paragraph(&mut body.blocks, inlines);
            return true;
        }
        let blocks = &mut body.blocks;
        if has("ltx_title_document") {
            self.title = inline_text(&self.inlines(el, InlineOptions::HEADING));
        } else if has("ltx_authors") {
            self.authors = self.author_names(el);
        } else if has("ltx_abstract") {
            self.abstract_blocks = self.abstract_text(el, depth);
        } else if has("ltx_bibliography") {
            let entries = self.bibliography_entries(el);
            self.bibliography.extend(entries);
        } else if has("ltx_role_footnotetext") {
            self.footnote(el);
        } else if name == "section" {
            let section = self.section(el, depth);
            body.sections.push(section);
        } else if name == "p" {
            let inlines = self.inlines(el, InlineOptions::PARAGRAPH);
            push_paragraph(blocks, inlines);
        } else if matches!(name, "ul" | "ol" | "dl") {
            let list = self.list(el, depth);
            blocks.push(list);
        } else if has("ltx_theorem") {
            let theorem = self.theorem(el, depth);
            blocks.push(theorem);
        } else if has("ltx_proof") {
            let (_, inner) = self.titled_blocks(el, depth);
            blocks.push(Block::Proof { blocks: inner });
        } else if name == "table"
            && (has("ltx_equation") || has("ltx_equationgroup") || has("ltx_eqn_table"))
        {
            blocks.extend(self.equations(el));
        } else if name == "figure" {
            let float = self.float(el, depth);
            blocks.extend(float);
        } else if name == "table" {
            if let Some(table) = self.text_table(el) {
                blocks.push(Block::Table { table });
            }
        } else if has("ltx_listing") || has("ltx_verbatim") || name == "pre" {
            let text = self.code_text(el);
            if !text.is_empty() {
                blocks.push(Block::Code { text });
            }
        } else if name == "blockquote" || has("ltx_quote") {
            let mut inner = Body::default();
            self.walk_children(el, depth + 1, &mut inner);
            blocks.push(Block::Quote {
                blocks: inner.blocks,
            });
            body.sections.extend(inner.sections);
        } else if is_heading(el) {
            let text = inline_text(&self.inlines(el, InlineOptions::HEADING));
            if !text.is_empty() {
                blocks.push(Block::Paragraph {
                    inlines: vec![Inline::Bold { text }],
                });
            }
        } else if name == "math" {
            let text = self.formula(el);
            if !text.is_empty() {
                blocks.push(Block::Equation { text, number: None });
            }
        } else if name == "hr" {
        } else {
            self.walk_children(el, depth + 1, body);
        }
        true
    }

    /// A list's items, each its blocks (`dl`: a term and its description
    /// make one item, the term in bold).
    fn list(&mut self, list: ElementRef<'_>, depth: usize) -> Block {
        let ordered = tag(list) == "ol" || has_class(list, "ltx_enumerate");
        let mut items: Vec<Vec<Block>> = Vec::new();
        for child in list.child_elements() {
            match tag(child) {
                "li" => {
                    let mut item = Body::default();
                    let content = child
                        .children()
                        .filter(|n| element(*n).is_none_or(|e| !has_class(e, "ltx_tag")));
                    self.walk_nodes(content, depth + 1, &mut item);
                    items.push(item.blocks);
                }
                "dt" => {
                    let text = inline_text(&self.inlines(child, InlineOptions::PARAGRAPH));
                    let term = Block::Paragraph {
                        inlines: vec![Inline::Bold { text }],
                    };
                    items.push(vec![term]);
                }
                "dd" => {
                    let mut description = Body::default();
                    self.walk_children(child, depth + 1, &mut description);
                    match items.last_mut() {
                        Some(item) => item.extend(description.blocks),
                        None => items.push(description.blocks),
                    }
                }
                _ => {
                    let mut stray = Body::default();
                    self.walk_nodes([*child], depth + 1, &mut stray);
                    if !stray.blocks.is_empty() {
                        items.push(stray.blocks);
                    }
                }
            }
        }
        Block::List { ordered, items }
    }

    /// `div.ltx_theorem ltx_theorem_lemma` with its `h6` "Lemma 3.1".
    fn theorem(&mut self, el: ElementRef<'_>, depth: usize) -> Block {
        let kind_class = el
            .value()
            .classes()
            .find_map(|c| c.strip_prefix("ltx_theorem_"))
            .map(str::to_lowercase);
        let (label, blocks) = self.titled_blocks(el, depth);
        let kind = kind_class
            .or_else(|| {
                label
                    .split_whitespace()
                    .next()
                    .map(|word| word.to_lowercase())
            })
            .map(|kind| clean_text(&kind))
            .filter(|kind| !kind.is_empty())
            .unwrap_or_else(|| "theorem".into());
        Block::Theorem {
            kind,
            label,
            blocks,
        }
    }

    /// A block's title (its first heading, `Proof.`, `Lemma 3.1.`) without
    /// the final period, and the blocks after it.
    fn titled_blocks(&mut self, el: ElementRef<'_>, depth: usize) -> (String, Vec<Block>) {
        let title = el
            .child_elements()
            .find(|e| is_heading(*e) || has_class(*e, "ltx_title"));
        let label = match title {
            Some(title) => {
                let text = inline_text(&self.inlines(title, InlineOptions::PARAGRAPH));
                text.trim_end_matches(['.', ' ']).to_string()
            }
            None => String::new(),
        };
        let title_id = title.map(|t| t.id());
        let mut body = Body::default();
        let rest = el.children().filter(|n| Some(n.id()) != title_id);
        self.walk_nodes(rest, depth + 1, &mut body);
        (label, body.blocks)
    }
}

/// Appends a paragraph unless it holds nothing visible.
pub fn push_paragraph(blocks: &mut Vec<Block>, inlines: Vec<Inline>) {
    if inlines.iter().any(|i| !i.text().trim().is_empty()) {
        blocks.push(Block::Paragraph { inlines });
    }
}

impl Converter {
    /// A listing's text, one line per `ltx_listingline` (line numbers left
    /// out), or a verbatim block's text with its line breaks.
    fn code_text(&mut self, el: ElementRef<'_>) -> String {
        let lines: Vec<ElementRef<'_>> = el
            .descendent_elements()
            .filter(|e| has_class(*e, "ltx_listingline"))
            .collect();
        let raw = if lines.is_empty() {
            self.raw_text(el)
        } else {
            lines
                .iter()
                .map(|line| {
                    // Line breaks at a line's edges are the page source's
                    // formatting, not the code's.
                    let text = self.raw_text(*line);
                    text.trim_matches(['\n', '\r']).replace(['\n', '\r'], " ")
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        clean_multiline(&raw)
    }

    /// The text of `el` as written, `<br>` as a line break, formulas as text,
    /// tags (line numbers) and page furniture left out.
    fn raw_text(&mut self, el: ElementRef<'_>) -> String {
        let mut out = String::new();
        let mut walk = Walk::new(*el);
        while let Some(edge) = walk.next() {
            let Edge::Open(node) = edge else { continue };
            match node.value() {
                Node::Text(text) => out.push_str(text),
                Node::Element(_) => {
                    let Some(child) = element(node) else { continue };
                    if is_ignored(child) || has_class(child, "ltx_tag") {
                        walk.leave_out(node);
                    } else if tag(child) == "br" {
                        out.push('\n');
                    } else if tag(child) == "math" {
                        out.push_str(&self.formula(child));
                        walk.leave_out(node);
                    }
                }
                _ => {}
            }
        }
        out
    }
}
