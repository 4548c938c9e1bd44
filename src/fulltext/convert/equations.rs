//! Display equations: `table.ltx_equation`, `ltx_equationgroup` and
//! `ltx_eqn_table`, one [`Block::Equation`] per row (an `align`
//! environment has one row per line), each with the number its row shows,
//! `(1)`. A group's number on a row of its own goes to the line before it.

use scraper::ElementRef;

use super::Converter;
use super::dom::{has_class, tag};
use super::inlines::InlineOptions;
use crate::fulltext::document::{Block, inline_text};
use crate::model::sanitize::clean_text;

impl Converter {
    /// The equations of an equation table, in row order.
    pub fn equations(&mut self, table: ElementRef<'_>) -> Vec<Block> {
        let mut equations: Vec<Block> = Vec::new();
        for row in table_rows(table) {
            let mut number = None;
            let mut parts = Vec::new();
            for cell in row.child_elements() {
                if let Some(tag_el) = cell
                    .descendent_elements()
                    .find(|e| has_class(*e, "ltx_tag_equation") || has_class(*e, "ltx_tag"))
                {
                    let shown = clean_text(&tag_el.text().collect::<String>());
                    if !shown.is_empty() {
                        number = Some(shown);
                    }
                    if has_class(cell, "ltx_eqn_eqno")
                        || cell.descendent_elements().all(|e| tag(e) != "math")
                    {
                        continue;
                    }
                }
                let options = InlineOptions {
                    skip_tags: true,
                    ..InlineOptions::PLAIN
                };
                let text = inline_text(&self.inlines(cell, options));
                if !text.is_empty() {
                    parts.push(text);
                }
            }
            let text = parts.join(" ");
            if text.is_empty() {
                // A group's number on a row of its own: it numbers the
                // line before when that line has none.
                if let (Some(n), Some(Block::Equation { number: last, .. })) =
                    (number, equations.last_mut())
                    && last.is_none()
                {
                    *last = Some(n);
                }
                continue;
            }
            equations.push(Block::Equation { text, number });
        }
        equations
    }
}

/// The rows of `table` itself (`tr` children of the table or of its
/// `thead`/`tbody`/`tfoot`), not those of tables nested in its cells.
pub fn table_rows<'a>(table: ElementRef<'a>) -> impl Iterator<Item = ElementRef<'a>> {
    table.child_elements().flat_map(|child| {
        let rows: Vec<ElementRef<'a>> = match tag(child) {
            "tr" => vec![child],
            "thead" | "tbody" | "tfoot" => {
                child.child_elements().filter(|e| tag(*e) == "tr").collect()
            }
            _ => Vec::new(),
        };
        rows
    })
}
