//! Figures and tables (`figure.ltx_figure`, `figure.ltx_table`): the
//! caption with its tag split off as the label (`Figure 3: ...` gives
//! `Figure 3`), the images as absolute URLs and a tabular as text cells.
//! Subfigures (a `figure` inside a `figure`) are merged into their parent:
//! their images and tables join the parent's, and their own captions
//! (`(a) ...`) follow the parent's caption, so one float is one block.
//! Text in a float that is neither (a prompt written as paragraphs, a
//! listing) follows the float as blocks of its own.

use ego_tree::iter::Edge;
use scraper::ElementRef;

use super::dom::{element, has_class, is_ignored, tag};
use super::equations::table_rows;
use super::inlines::InlineOptions;
use super::walk::Walk;
use super::{Body, Converter};
use crate::fulltext::document::{Block, Inline, TextTable, inline_text};

/// A tabular larger than this is cut (a float's table is for reading, not
/// for data).
const MAX_TABLE_ROWS: usize = 1000;
const MAX_TABLE_COLUMNS: usize = 64;

/// What a float's subtree holds, found in one pass.
#[derive(Default)]
struct FloatParts<'a> {
    own_caption: Option<ElementRef<'a>>,
    subfigure_captions: Vec<ElementRef<'a>>,
    images: Vec<String>,
    tabulars: Vec<ElementRef<'a>>,
}

impl Converter {
    /// The float `figure` as a [`Block::Figure`], followed by any text
    /// blocks it holds besides caption, images and tables.
    pub fn float(&mut self, figure: ElementRef<'_>, depth: usize) -> Vec<Block> {
        let parts = self.float_parts(figure);
        let (label, mut caption) = match parts.own_caption {
            Some(own) => self.caption(own),
            None => (None, Vec::new()),
        };
        for sub in &parts.subfigure_captions {
            let inlines = self.inlines(*sub, InlineOptions::PARAGRAPH);
            if inlines.is_empty() {
                continue;
            }
            if !caption.is_empty() {
                caption.push(Inline::Text { text: " ".into() });
            }
            caption.extend(inlines);
        }
        let mut rows = Vec::new();
        for tabular in &parts.tabulars {
            if let Some(table) = self.text_table(*tabular) {
                rows.extend(table.rows);
            }
        }
        rows.truncate(MAX_TABLE_ROWS);
        let table = (!rows.is_empty()).then_some(TextTable { rows });
        let mut blocks = vec![Block::Figure {
            label,
            caption,
            images: parts.images,
            table,
            is_table: has_class(figure, "ltx_table"),
        }];
        blocks.extend(self.float_text(figure, depth));
        blocks
    }

    /// Finds the float's captions, images and tabulars in one walk.
    fn float_parts<'a>(&mut self, figure: ElementRef<'a>) -> FloatParts<'a> {
        let mut parts = FloatParts::default();
        let mut figure_depth = 0usize;
        let mut walk = Walk::new(*figure);
        while let Some(edge) = walk.next() {
            match edge {
                Edge::Open(node) => {
                    let Some(el) = element(node) else { continue };
                    if is_ignored(el) {
                        walk.leave_out(node);
                        continue;
                    }
                    match tag(el) {
                        "figure" => figure_depth += 1,
                        "figcaption" => {
                            if figure_depth == 1 && parts.own_caption.is_none() {
                                parts.own_caption = Some(el);
                            } else {
                                parts.subfigure_captions.push(el);
                            }
                            walk.leave_out(node);
                        }
                        "img" => {
                            if let Some(url) = el
                                .value()
                                .attr("src")
                                .and_then(|src| self.urls.resolve(src))
                                && !parts.images.contains(&url)
                            {
                                parts.images.push(url);
                            }
                        }
                        "table" if has_class(el, "ltx_tabular") => {
                            parts.tabulars.push(el);
                            walk.leave_out(node);
                        }
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if element(node).is_some_and(|el| tag(el) == "figure") {
                        figure_depth = figure_depth.saturating_sub(1);
                    }
                }
            }
        }
        parts
    }

    /// A caption's label (its tag without the colon) and its text.
    fn caption(&mut self, caption: ElementRef<'_>) -> (Option<String>, Vec<Inline>) {
        let label = caption
            .descendent_elements()
            .find(|e| has_class(*e, "ltx_tag"))
            .map(|tag_el| {
                let text = self.plain_text(tag_el);
                text.trim_end_matches([':', '.', ' ']).to_string()
            })
            .filter(|label| !label.is_empty());
        let inlines = self.inlines(caption, InlineOptions::HEADING);
        (label, inlines)
    }

    /// The float's other text: its children walked as blocks, with
    /// captions, tabulars and subfigure wrappers taken out (see
    /// [`Converter::in_float`]).
    fn float_text(&mut self, figure: ElementRef<'_>, depth: usize) -> Vec<Block> {
        let was_in_float = self.in_float;
        self.in_float = true;
        let mut body = Body::default();
        self.walk_children(figure, depth + 1, &mut body);
        self.in_float = was_in_float;
        body.blocks
    }

    /// A table's rows as text cells; `None` when every cell is empty.
    pub fn text_table(&mut self, table: ElementRef<'_>) -> Option<TextTable> {
        let mut rows = Vec::new();
        for row in table_rows(table).take(MAX_TABLE_ROWS) {
            let cells: Vec<String> = row
                .child_elements()
                .filter(|cell| matches!(tag(*cell), "td" | "th"))
                .take(MAX_TABLE_COLUMNS)
                .map(|cell| inline_text(&self.inlines(cell, InlineOptions::PLAIN)))
                .collect();
            if cells.iter().any(|cell| !cell.is_empty()) {
                rows.push(cells);
            }
        }
        (!rows.is_empty()).then_some(TextTable { rows })
    }
}
