//! The text inside a paragraph, caption or heading as folio's inlines:
//! plain, emphasised, bold and code runs, formulas (from their LaTeX
//! `alttext`, never their MathML), citations tied to bibliography ids,
//! links out of the paper, and footnote marks (the note itself goes to the
//! document's footnotes). The walk is iterative, so markup nested a
//! hundred thousand levels deep cannot overflow the stack, and whitespace
//! is collapsed across the runs the way a browser shows it.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Node};

use super::Converter;
use super::dom::{DomNode, element, has_class, is_heading, is_ignored, tag};
use super::walk::Walk;
use crate::fulltext::document::{Footnote, Inline, inline_text};
use crate::fulltext::math::latex_to_text;
use crate::model::sanitize::clean_text;

/// Footnotes inside footnotes are converted this deep; deeper ones are
/// dropped (LaTeXML never nests them; a hostile page might, endlessly).
const MAX_NOTE_DEPTH: usize = 2;

/// What an inline walk keeps.
#[derive(Debug, Clone, Copy)]
pub struct InlineOptions {
    /// Footnotes become marks (and document footnotes); otherwise they are
    /// dropped with their marks, as in titles and headings.
    pub notes: bool,
    /// Citations and links become their own inlines; otherwise their text
    /// is plain text (for labels and bibliography entries).
    pub references: bool,
    /// LaTeXML's tags (`span.ltx_tag`: a heading's number, a caption's
    /// `Figure 3:`) are left out; the caller reads them separately.
    pub skip_tags: bool,
}

impl InlineOptions {
    /// A paragraph's text: everything.
    pub const PARAGRAPH: InlineOptions = InlineOptions {
        notes: true,
        references: true,
        skip_tags: false,
    };
    /// A heading or caption without its tag; footnote marks dropped.
    pub const HEADING: InlineOptions = InlineOptions {
        notes: false,
        references: true,
        skip_tags: true,
    };
    /// Plain text only.
    pub const PLAIN: InlineOptions = InlineOptions {
        notes: false,
        references: false,
        skip_tags: false,
    };
}

/// The emphasis a text run is shown with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Emphasis,
    Bold,
    Code,
}

/// How many open elements give each style; the strongest wins (code over
/// bold over emphasis).
#[derive(Debug, Default)]
struct StyleDepths {
    emphasis: usize,
    bold: usize,
    code: usize,
}

impl StyleDepths {
    fn current(&self) -> Style {
        if self.code > 0 {
            Style::Code
        } else if self.bold > 0 {
            Style::Bold
        } else if self.emphasis > 0 {
            Style::Emphasis
        } else {
            Style::Plain
        }
    }

    fn counter(&mut self, style: Style) -> Option<&mut usize> {
        match style {
            Style::Plain => None,
            Style::Emphasis => Some(&mut self.emphasis),
            Style::Bold => Some(&mut self.bold),
            Style::Code => Some(&mut self.code),
        }
    }
}

/// What to do with an element met in the walk.
enum Visit {
    /// Walk into it.
    Descend,
    /// Walk into it with this style.
    Styled(Style),
    /// It has been handled (or is dropped): skip what is inside.
    Skip,
}

/// The inlines being built: raw text of the current run, collapsed and
/// cleaned when the run ends.
#[derive(Debug, Default)]
struct InlineBuilder {
    out: Vec<Inline>,
    style: Option<Style>,
    raw: String,
    /// Whitespace was seen since the last visible text.
    pending_space: bool,
}

impl InlineBuilder {
    fn text(&mut self, style: Style, text: &str) {
        if self.style != Some(style) {
            self.end_run();
            self.style = Some(style);
        }
        self.raw.push_str(text);
    }

    /// A word boundary (a line break, the edge of a table cell).
    fn space(&mut self) {
        self.raw.push(' ');
    }

    /// An inline that is not a text run (formula, citation, link, mark).
    fn atom(&mut self, inline: Inline) {
        self.end_run();
        self.style = None;
        self.push(inline, false, false);
    }

    fn end_run(&mut self) {
        let Some(style) = self.style else {
            if !self.raw.is_empty() {
                self.pending_space = true;
                self.raw.clear();
            }
            return;
        };
        if self.raw.is_empty() {
            return;
        }
        let raw = std::mem::take(&mut self.raw);
        let lead = raw.starts_with(char::is_whitespace);
        let trail = raw.ends_with(char::is_whitespace);
        let text = clean_text(&raw);
        if text.is_empty() {
            self.pending_space |= lead || trail;
            return;
        }
        let inline = match style {
            Style::Plain => Inline::Text { text },
            Style::Emphasis => Inline::Emphasis { text },
            Style::Bold => Inline::Bold { text },
            Style::Code => Inline::Code { text },
        };
        self.push(inline, lead, trail);
    }

    /// Appends `inline`, with one space before it when whitespace separated
    /// it from what came before.
    fn push(&mut self, mut inline: Inline, lead: bool, trail: bool) {
        if (self.pending_space || lead) && !self.out.is_empty() {
            match (self.out.last_mut(), &mut inline) {
                (Some(Inline::Text { text }), _) => text.push(' '),
                (_, Inline::Text { text }) => text.insert(0, ' '),
                _ => self.out.push(Inline::Text { text: " ".into() }),
            }
        }
        self.pending_space = trail;
        match (self.out.last_mut(), inline) {
            (Some(Inline::Text { text }), Inline::Text { text: more }) => text.push_str(&more),
            (_, inline) => self.out.push(inline),
        }
    }

    fn finish(mut self) -> Vec<Inline> {
        self.end_run();
        self.out
    }
}

/// The style an element gives its text, by tag or LaTeXML class.
fn style_of(el: ElementRef<'_>) -> Option<Style> {
    let name = tag(el);
    let has = |class: &str| has_class(el, class);
    if matches!(name, "code" | "tt" | "kbd" | "samp")
        || has("ltx_font_typewriter")
        || has("ltx_verbatim")
    {
        Some(Style::Code)
    } else if matches!(name, "b" | "strong") || has("ltx_font_bold") {
        Some(Style::Bold)
    } else if matches!(name, "em" | "i") || has("ltx_emph") || has("ltx_font_italic") {
        Some(Style::Emphasis)
    } else {
        None
    }
}

/// Elements whose edges separate words even without whitespace.
fn separates_words(el: ElementRef<'_>) -> bool {
    matches!(
        tag(el),
        "p" | "div"
            | "td"
            | "th"
            | "tr"
            | "li"
            | "dt"
            | "dd"
            | "table"
            | "figcaption"
            | "figure"
            | "blockquote"
            | "section"
            | "ul"
            | "ol"
    ) || is_heading(el)
        || has_class(el, "ltx_p")
}

impl Converter {
    /// A formula's text: its LaTeX `alttext` through the formula renderer,
    /// or when there is none, the MathML's text content. Counted in
    /// [`Converter::formulas`].
    pub fn formula(&mut self, math: ElementRef<'_>) -> String {
        self.formulas += 1;
        match math.value().attr("alttext") {
            Some(latex) => clean_text(&latex_to_text(latex)),
            None => clean_text(&latex_to_text(&math.text().collect::<String>())),
        }
    }

    /// The inlines of `el`, itself included.
    pub fn inlines(&mut self, el: ElementRef<'_>, options: InlineOptions) -> Vec<Inline> {
        self.inlines_of([*el], options)
    }

    /// The plain text of `el`, one line, cleaned.
    pub fn plain_text(&mut self, el: ElementRef<'_>) -> String {
        inline_text(&self.inlines(el, InlineOptions::PLAIN))
    }

    /// The inlines of a run of sibling nodes (loose text between blocks).
    pub fn inlines_of<'a>(
        &mut self,
        roots: impl IntoIterator<Item = DomNode<'a>>,
        options: InlineOptions,
    ) -> Vec<Inline> {
        let mut builder = InlineBuilder::default();
        for root in roots {
            self.walk_inlines(root, options, &mut builder);
        }
        builder.finish()
    }

    fn walk_inlines(&mut self, root: DomNode<'_>, options: InlineOptions, out: &mut InlineBuilder) {
        let mut styles = StyleDepths::default();
        // The styled elements open now, innermost last.
        let mut open_styles = Vec::new();
        let mut walk = Walk::new(root);
        while let Some(edge) = walk.next() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Text(text) => out.text(styles.current(), text),
                    Node::Element(_) => {
                        let Some(el) = element(node) else { continue };
                        match self.visit(el, options, out) {
                            Visit::Descend => {}
                            Visit::Styled(style) => {
                                if let Some(depth) = styles.counter(style) {
                                    *depth += 1;
                                }
                                open_styles.push((node.id(), style));
                            }
                            Visit::Skip => walk.leave_out(node),
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    if let Some(&(id, style)) = open_styles.last()
                        && id == node.id()
                    {
                        open_styles.pop();
                        if let Some(depth) = styles.counter(style) {
                            *depth -= 1;
                        }
                    }
                    if let Some(el) = element(node)
                        && separates_words(el)
                    {
                        out.space();
                    }
                }
            }
        }
    }

    /// Handles an element met in an inline walk.
    fn visit(
        &mut self,
        el: ElementRef<'_>,
        options: InlineOptions,
        out: &mut InlineBuilder,
    ) -> Visit {
        if is_ignored(el) {
            return Visit::Skip;
        }
        let name = tag(el);
        match name {
            "math" => {
                let text = self.formula(el);
                if !text.is_empty() {
                    out.atom(Inline::Math { text });
                }
                return Visit::Skip;
            }
            "img" => return Visit::Skip,
            "br" => {
                out.space();
                return Visit::Skip;
            }
            _ => {}
        }
        if has_class(el, "ltx_note") {
            if options.notes
                && let Some(number) = self.footnote(el)
            {
                out.atom(Inline::FootnoteRef { number });
            }
            return Visit::Skip;
        }
        if options.skip_tags
            && (has_class(el, "ltx_tag")
                || has_class(el, "ltx_note_mark")
                || has_class(el, "ltx_note_type"))
        {
            return Visit::Skip;
        }
        if self.in_float && name == "table" && has_class(el, "ltx_tabular") {
            return Visit::Skip;
        }
        if options.references {
            if name == "cite"
                && let Some(citation) = self.citation(el)
            {
                out.atom(citation);
                return Visit::Skip;
            }
            if name == "a"
                && let Some(link) = self.link(el)
            {
                out.atom(link);
                return Visit::Skip;
            }
        }
        if separates_words(el) {
            out.space();
        }
        match style_of(el) {
            Some(style) => Visit::Styled(style),
            None => Visit::Descend,
        }
    }

    /// `cite.ltx_cite` as a citation of the bibliography entries its links
    /// point at; `None` when it points at none (then it is plain text).
    fn citation(&mut self, cite: ElementRef<'_>) -> Option<Inline> {
        let mut targets: Vec<String> = Vec::new();
        for a in cite.descendent_elements().filter(|e| tag(*e) == "a") {
            let Some(href) = a.value().attr("href") else {
                continue;
            };
            let Some((_, fragment)) = href.split_once('#') else {
                continue;
            };
            let id = clean_text(fragment);
            if id.starts_with("bib") && !targets.contains(&id) {
                targets.push(id);
            }
        }
        if targets.is_empty() {
            return None;
        }
        let shown = self.plain_text(cite);
        let label = strip_brackets(&shown).to_string();
        Some(Inline::Citation { label, targets })
    }

    /// `a href` out of the paper as a link; `None` for a reference inside
    /// the paper (`#S3`) or a link that is not http(s) (then its text is
    /// plain text).
    fn link(&mut self, a: ElementRef<'_>) -> Option<Inline> {
        let href = a.value().attr("href")?;
        if self.urls.is_internal(href) {
            return None;
        }
        let url = self.urls.resolve(href)?;
        let mut text = self.plain_text(a);
        if text.is_empty() {
            text = url.clone();
        }
        Some(Inline::Link { text, url })
    }

    /// Puts the footnote `note` (`span.ltx_note`) into the document's
    /// footnotes and returns its number; `None` when it is nested too deep.
    pub fn footnote(&mut self, note: ElementRef<'_>) -> Option<String> {
        if self.note_depth >= MAX_NOTE_DEPTH {
            return None;
        }
        let mark = note
            .descendent_elements()
            .find(|e| has_class(*e, "ltx_note_mark"))
            .map(|mark| clean_text(&mark.text().collect::<String>()))
            .filter(|mark| !mark.is_empty() && mark.chars().count() <= 8);
        let number = mark.unwrap_or_else(|| (self.footnotes.len() + 1).to_string());
        let content: Vec<DomNode<'_>> = match note
            .descendent_elements()
            .find(|e| has_class(*e, "ltx_note_content"))
        {
            Some(content) => vec![*content],
            None => note.children().collect(),
        };
        self.note_depth += 1;
        let options = InlineOptions {
            skip_tags: true,
            ..InlineOptions::PARAGRAPH
        };
        let inlines = self.inlines_of(content, options);
        self.note_depth -= 1;
        self.footnotes.push(Footnote {
            number: number.clone(),
            inlines,
        });
        Some(number)
    }
}

/// `(Smith et al., 2020)` or `[12]` as shown, without the outer brackets.
pub fn strip_brackets(s: &str) -> &str {
    let s = s.trim();
    for (open, close) in [('(', ')'), ('[', ']')] {
        if let Some(inner) = s.strip_prefix(open).and_then(|s| s.strip_suffix(close)) {
            return inner.trim();
        }
    }
    s
}
