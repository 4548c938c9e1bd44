//! Setting each kind of block as lines: paragraphs wrapped, lists with
//! hanging bullets, theorems behind a bar, proofs ending in `∎`, display
//! equations centred with their number at the right edge, figure captions,
//! tables as aligned columns and code verbatim (clipped, never wrapped).
//! Containers nest by stacking margins.

use super::wrap::{clean, clip, fill, push_styled, text_width, words};
use super::{Styled, TextLine, TextStyle, TocEntry};
use crate::fulltext::document::{Block, Inline, TextTable};

/// What goes before a block's lines: `first` on its first line, `rest` on
/// the others (`• ` then `  ` for a list item).
#[derive(Debug, Clone, Default)]
pub struct Margin {
    pub first: Vec<Styled>,
    pub rest: Vec<Styled>,
}

fn styled(text: &str, style: TextStyle) -> Styled {
    Styled {
        text: text.to_string(),
        style,
    }
}

impl Margin {
    /// This margin with `first` / `rest` added inside it.
    fn then(&self, first: Styled, rest: Styled) -> Margin {
        let mut m = self.clone();
        m.first.push(first);
        m.rest.push(rest);
        m
    }

    /// The margin of the lines after the first.
    fn rest_only(&self) -> Margin {
        Margin {
            first: self.rest.clone(),
            rest: self.rest.clone(),
        }
    }

    fn width(&self) -> usize {
        self.rest.iter().map(|s| text_width(&s.text)).sum()
    }
}

/// Lines being written, and what was found on the way.
#[derive(Debug, Default)]
pub struct Writer {
    pub width: usize,
    pub lines: Vec<TextLine>,
    pub toc: Vec<TocEntry>,
    pub inline_links: Vec<(String, String)>,
    pub images: Vec<(String, String)>,
    last_blank: bool,
}

impl Writer {
    pub fn new(width: usize) -> Writer {
        Writer {
            width: width.max(1),
            ..Writer::default()
        }
    }

    fn push(&mut self, lines: Vec<TextLine>) {
        if !lines.is_empty() {
            self.last_blank = false;
        }
        self.lines.extend(lines);
    }

    /// Fills `runs` behind `margin`.
    pub fn text(&mut self, runs: &[Styled], margin: &Margin) {
        let filled = fill(&words(runs), &margin.first, &margin.rest, self.width);
        self.push(filled);
    }

    /// One line, clipped to the width (margin included).
    fn clipped(&mut self, margin: &[Styled], text: &str, style: TextStyle) {
        let mut spans = Vec::new();
        let mut used = 0;
        for s in margin {
            used += text_width(&s.text);
            push_styled(&mut spans, &s.text, s.style);
        }
        if used >= self.width {
            spans.clear();
            used = 0;
        }
        push_styled(&mut spans, &clip(text, self.width - used), style);
        self.push(vec![TextLine { spans }]);
    }

    /// A blank line (only the margin's bars), never two in a row and never
    /// at the very top.
    pub fn blank(&mut self, margin: &Margin) {
        if self.last_blank || self.lines.is_empty() {
            return;
        }
        let mut spans = Vec::new();
        for s in &margin.rest {
            let kept = s.text.trim_end();
            push_styled(&mut spans, kept, s.style);
        }
        let fits = spans.iter().map(|s| text_width(&s.text)).sum::<usize>() <= self.width;
        self.lines.push(TextLine {
            spans: if fits { spans } else { Vec::new() },
        });
        self.last_blank = true;
    }

    /// A heading: its lines, and its place in the table of contents.
    pub fn heading(&mut self, level: u8, shown: &str, toc_heading: String) {
        self.blank(&Margin::default());
        self.toc.push(TocEntry {
            level,
            heading: toc_heading,
            line: self.lines.len(),
        });
        self.text(
            &[styled(&clean(shown), TextStyle::Heading(level))],
            &Margin::default(),
        );
        self.blank(&Margin::default());
    }

    /// Blocks one after the other, a blank line between them.
    pub fn blocks(&mut self, blocks: &[Block], margin: &Margin) {
        for (i, block) in blocks.iter().enumerate() {
            if i == 0 {
                self.block(block, margin);
            } else {
                let rest = margin.rest_only();
                self.blank(&rest);
                self.block(block, &rest);
            }
        }
    }

    fn block(&mut self, block: &Block, margin: &Margin) {
        match block {
            Block::Paragraph { inlines } => {
                let runs = self.runs(inlines, TextStyle::Plain);
                self.text(&runs, margin);
            }
            Block::List { ordered, items } => self.list(*ordered, items, margin),
            Block::Theorem { label, blocks, .. } => {
                let label = format!("{}.", clean(label).trim_end_matches('.'));
                self.text(&[styled(&label, TextStyle::TheoremLabel)], margin);
                let bar = styled("│ ", TextStyle::Dim);
                let body = margin.rest_only().then(bar.clone(), bar);
                self.blocks(blocks, &body);
            }
            Block::Proof { blocks } => self.proof(blocks, margin),
            Block::Equation { text, number } => self.equation(text, number.as_deref(), margin),
            Block::Figure {
                label,
                caption,
                images,
                table,
                is_table,
            } => {
                if *is_table {
                    self.caption(label.as_deref(), caption, margin);
                    if let Some(table) = table {
                        self.table(table, &margin.rest_only());
                    }
                    self.images(label.as_deref(), images, &margin.rest_only());
                } else {
                    self.images(label.as_deref(), images, margin);
                    if let Some(table) = table {
                        self.table(table, &margin.rest_only());
                    }
                    let m = if images.is_empty() && table.is_none() {
                        margin.clone()
                    } else {
                        margin.rest_only()
                    };
                    self.caption(label.as_deref(), caption, &m);
                }
            }
            Block::Table { table } => self.table(table, margin),
            Block::Code { text } => {
                let indent = margin.then(
                    styled("  ", TextStyle::Plain),
                    styled("  ", TextStyle::Plain),
                );
                for (i, line) in text.lines().enumerate() {
                    let m = if i == 0 { &indent.first } else { &indent.rest };
                    self.clipped(m, line, TextStyle::Code);
                }
            }
            Block::Quote { blocks } => {
                let indent = styled("  ", TextStyle::Plain);
                self.blocks(blocks, &margin.then(indent.clone(), indent));
            }
        }
    }

    /// A paragraph's inlines as styled runs; `plain` is the style of plain
    /// text (captions set theirs apart). Links are collected on the way.
    pub fn runs(&mut self, inlines: &[Inline], plain: TextStyle) -> Vec<Styled> {
        let mut runs = Vec::with_capacity(inlines.len());
        for inline in inlines {
            let style = match inline {
                Inline::Text { .. } => plain,
                Inline::Emphasis { .. } => TextStyle::Emphasis,
                Inline::Bold { .. } => TextStyle::Bold,
                Inline::Code { .. } => TextStyle::Code,
                Inline::Math { .. } => TextStyle::Math,
                Inline::Citation { .. } => TextStyle::Citation,
                Inline::Link { text, url } => {
                    self.inline_links.push((clip(text, 40), url.clone()));
                    TextStyle::Link
                }
                Inline::FootnoteRef { .. } => TextStyle::Dim,
            };
            runs.push(Styled {
                text: inline.text(),
                style,
            });
        }
        runs
    }

    fn list(&mut self, ordered: bool, items: &[Vec<Block>], margin: &Margin) {
        let digits = items.len().to_string().len();
        for (i, item) in items.iter().enumerate() {
            let base = if i == 0 {
                margin.clone()
            } else {
                margin.rest_only()
            };
            let bullet = if ordered {
                format!("{:>digits$}. ", i + 1)
            } else {
                "• ".to_string()
            };
            let hang = " ".repeat(text_width(&bullet));
            let m = base.then(
                styled(&bullet, TextStyle::Plain),
                styled(&hang, TextStyle::Plain),
            );
            if item.is_empty() {
                self.text(&[], &m);
            } else {
                self.blocks(item, &m);
            }
        }
    }

    /// `Proof.` leading its first paragraph and `∎` ending its last.
    fn proof(&mut self, blocks: &[Block], margin: &Margin) {
        let label = styled("Proof.", TextStyle::TheoremLabel);
        let end = styled(" ∎", TextStyle::TheoremLabel);
        let starts_with_text = matches!(blocks.first(), Some(Block::Paragraph { .. }));
        let ends_with_text = matches!(blocks.last(), Some(Block::Paragraph { .. }));
        let mut m = margin.clone();
        if !starts_with_text {
            self.text(std::slice::from_ref(&label), &m);
            m = m.rest_only();
        }
        let last = blocks.len().saturating_sub(1);
        for (i, block) in blocks.iter().enumerate() {
            if i > 0 || !starts_with_text {
                m = m.rest_only();
                if i > 0 {
                    self.blank(&m);
                }
            }
            match block {
                Block::Paragraph { inlines } => {
                    let mut runs = Vec::new();
                    if i == 0 {
                        runs.push(label.clone());
                        runs.push(styled(" ", TextStyle::Plain));
                    }
                    runs.extend(self.runs(inlines, TextStyle::Plain));
                    if i == last {
                        runs.push(end.clone());
                    }
                    self.text(&runs, &m);
                }
                other => self.block(other, &m),
            }
        }
        if !ends_with_text {
            self.text(&[styled("∎", TextStyle::TheoremLabel)], &m.rest_only());
        }
    }

    /// The equation centred in the column, its number at the right edge;
    /// too wide for one line, it is wrapped and the number goes below.
    fn equation(&mut self, text: &str, number: Option<&str>, margin: &Margin) {
        let text = clean(text).trim().to_string();
        let number = number.map(|n| clean(n).trim().to_string());
        let room = self.width.saturating_sub(margin.width());
        let text_w = text_width(&text);
        let number_w = number.as_deref().map_or(0, |n| text_width(n) + 2);
        if text_w + number_w <= room && room > 0 {
            let free = room - text_w - number_w;
            let left = ((room - text_w) / 2).min(free);
            let mut spans = margin.first.clone();
            push_styled(&mut spans, &" ".repeat(left), TextStyle::Plain);
            push_styled(&mut spans, &text, TextStyle::Math);
            if let Some(n) = &number {
                let gap = room - left - text_w - text_width(n);
                push_styled(&mut spans, &" ".repeat(gap), TextStyle::Plain);
                push_styled(&mut spans, n, TextStyle::EquationNumber);
            }
            self.push(vec![TextLine { spans }]);
            return;
        }
        let indent = styled("  ", TextStyle::Plain);
        self.text(
            &[styled(&text, TextStyle::Math)],
            &margin.then(indent.clone(), indent),
        );
        if let Some(n) = number {
            let rest = margin.rest_only();
            let n_w = text_width(&n);
            if n_w + margin.width() <= self.width {
                let mut spans = rest.first.clone();
                push_styled(
                    &mut spans,
                    &" ".repeat(self.width - margin.width() - n_w),
                    TextStyle::Plain,
                );
                push_styled(&mut spans, &n, TextStyle::EquationNumber);
                self.push(vec![TextLine { spans }]);
            } else {
                self.clipped(&[], &n, TextStyle::EquationNumber);
            }
        }
    }

    fn caption(&mut self, label: Option<&str>, caption: &[Inline], margin: &Margin) {
        let mut runs = Vec::new();
        if let Some(label) = label {
            runs.push(styled(&format!("{}:", clean(label)), TextStyle::Caption));
            runs.push(styled(" ", TextStyle::Plain));
        }
        runs.extend(self.runs(caption, TextStyle::Caption));
        if !words(&runs).is_empty() {
            self.text(&runs, margin);
        }
    }

    fn images(&mut self, label: Option<&str>, images: &[String], margin: &Margin) {
        for (i, url) in images.iter().enumerate() {
            let m = if i == 0 { &margin.first } else { &margin.rest };
            self.clipped(m, &format!("[image: {url}]"), TextStyle::Dim);
            let what = label.map_or_else(|| "image".to_string(), clean);
            self.images.push((what, url.clone()));
        }
    }

    /// Rows as columns padded to their widest cell, each line clipped.
    fn table(&mut self, table: &TextTable, margin: &Margin) {
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0; columns];
        for row in &table.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(text_width(&clean(cell)).min(MAX_CELL));
            }
        }
        for (r, row) in table.rows.iter().enumerate() {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                let cell = clip(cell, MAX_CELL);
                line.push_str(&cell);
                if i + 1 < row.len() {
                    line.push_str(&" ".repeat(widths[i] - text_width(&cell) + 2));
                }
            }
            let m = if r == 0 { &margin.first } else { &margin.rest };
            self.clipped(m, line.trim_end(), TextStyle::Plain);
        }
    }
}

/// The widest a table cell is shown.
const MAX_CELL: usize = 40;
