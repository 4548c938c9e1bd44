//! A [`PaperView`] laid out at a width: wrapped lines of runs, each run in
//! a semantic role (title, dim, link…) and marked or not. A front end maps
//! roles to its styles and draws the lines as they are, so the reader and
//! the command line show the same lines at the same width.

use super::{Block, Link, Marked, PaperView, labels};
use crate::text::{self, Run};

/// What a run of text is, for the front end to style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Title,
    Plain,
    /// Secondary facts, the generated summary, extras.
    Dim,
    /// Categories and keywords.
    Topic,
    /// Bookmark, tags, read, dismissed.
    Library,
    /// The bar before each line of the note.
    NoteBar,
    /// The reason the "for you" model gives.
    Why,
    /// The reason could not be given.
    WhyFailed,
    /// A link's number and label.
    LinkKey,
    Url,
}

/// A piece of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewSpan {
    pub text: String,
    pub role: Role,
    /// A word the search matched.
    pub marked: bool,
}

/// One line of the laid-out view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewLine {
    pub spans: Vec<ViewSpan>,
}

impl ViewLine {
    /// The line's text, without styles.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    fn of(role: Role, runs: Vec<Run>) -> ViewLine {
        ViewLine {
            spans: runs
                .into_iter()
                .map(|r| ViewSpan {
                    text: r.text,
                    role,
                    marked: r.marked,
                })
                .collect(),
        }
    }

    fn plain(role: Role, text: String) -> ViewLine {
        ViewLine::of(role, vec![Run::plain(text)])
    }
}

/// How a URL longer than the line is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkFit {
    /// Cut with `…` (the reader opens links by number or click).
    Cut,
    /// Whole, running past the width (printed text is copied from).
    Whole,
}

/// The view's lines, and the line of each link.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewText {
    pub lines: Vec<ViewLine>,
    /// `(line index, url)` for every link line.
    pub links: Vec<(usize, String)>,
}

/// Narrowest width laid out; below it lines would be a character or two.
const MIN_WIDTH: usize = 10;

/// Lays `view` out in lines at most `width` columns wide (URLs aside with
/// [`LinkFit::Whole`]).
pub fn lines(view: &PaperView, width: usize, fit: LinkFit) -> ViewText {
    let width = width.max(MIN_WIDTH);
    let mut out = ViewText::default();
    let lines = &mut out.lines;
    for block in &view.blocks {
        match block {
            Block::Title(m) => wrapped(lines, Role::Title, m, width),
            Block::Authors(m) => wrapped(lines, Role::Plain, m, width),
            Block::Facts(facts) => {
                lines.push(ViewLine::plain(
                    Role::Dim,
                    text::cut(&facts.join(" · "), width),
                ));
            }
            Block::Topics(topics) => {
                wrapped(lines, Role::Topic, &unmarked(topics.join(", ")), width)
            }
            Block::Library(parts) => {
                lines.push(ViewLine::plain(
                    Role::Library,
                    text::cut(&parts.join(" · "), width),
                ));
            }
            Block::Note(note) => {
                for note_line in note {
                    for runs in text::wrap_marked(note_line, &[], width.saturating_sub(2)) {
                        let mut line = ViewLine::plain(Role::NoteBar, labels::NOTE_BAR.into());
                        line.spans.extend(ViewLine::of(Role::Plain, runs).spans);
                        lines.push(line);
                    }
                }
            }
            Block::Why(Ok(sentence)) => {
                let text = format!("{} {sentence}", labels::WHY);
                wrapped(lines, Role::Why, &unmarked(text), width);
            }
            Block::Why(Err(e)) => {
                let text = format!("{} ({e})", labels::WHY_FAILED);
                wrapped(lines, Role::WhyFailed, &unmarked(text), width);
            }
            Block::Links(links) => {
                lines.push(ViewLine::default());
                for link in links {
                    out.links.push((lines.len(), link.url.clone()));
                    lines.push(link_line(link, width, fit));
                }
            }
            Block::Summary(summary) => {
                lines.push(ViewLine::default());
                lines.push(ViewLine::plain(
                    Role::Dim,
                    text::cut(labels::SUMMARY, width),
                ));
                wrapped(lines, Role::Dim, &unmarked(summary.clone()), width);
            }
            Block::Abstract(m) => {
                lines.push(ViewLine::default());
                wrapped(lines, Role::Plain, m, width);
            }
            Block::Extras(extras) => {
                for (label, value) in extras {
                    lines.push(ViewLine::default());
                    wrapped(
                        lines,
                        Role::Dim,
                        &unmarked(format!("{label}: {value}")),
                        width,
                    );
                }
            }
        }
    }
    out
}

fn unmarked(text: String) -> Marked {
    Marked {
        text,
        marks: Vec::new(),
    }
}

fn wrapped(lines: &mut Vec<ViewLine>, role: Role, marked: &Marked, width: usize) {
    lines.extend(
        text::wrap_marked(&marked.text, &marked.marks, width)
            .into_iter()
            .map(|runs| ViewLine::of(role, runs)),
    );
}

/// ` 2 code         https://github.com/…  ★ 1.2k`: the URL gives way to
/// the stars when cut.
fn link_line(link: &Link, width: usize, fit: LinkFit) -> ViewLine {
    let key = format!("{:>2} {:<12} ", link.number, link.label);
    let stars = link.stars.as_ref().map(|s| format!("  {s}"));
    let stars_width = stars.as_deref().map_or(0, text::width);
    let url = match fit {
        LinkFit::Cut => {
            let room = width.saturating_sub(text::width(&key) + stars_width);
            text::cut(&link.url, room)
        }
        LinkFit::Whole => link.url.clone(),
    };
    let mut line = ViewLine::plain(Role::LinkKey, key);
    line.spans.push(ViewSpan {
        text: url,
        role: Role::Url,
        marked: false,
    });
    if let Some(stars) = stars {
        line.spans.push(ViewSpan {
            text: stars,
            role: Role::Dim,
            marked: false,
        });
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> PaperView {
        PaperView {
            blocks: vec![
                Block::Title(Marked {
                    text: "Modern Hopfield networks store patterns".into(),
                    marks: std::slice::from_ref(&(7..15)).to_vec(),
                }),
                Block::Library(vec!["★ bookmarked".into(), "tags: ml".into()]),
                Block::Note(vec!["a note long enough to wrap".into()]),
                Block::Links(vec![Link {
                    number: 1,
                    label: "code",
                    url: "https://github.com/some/long-repository-name".into(),
                    stars: Some("★ 12".into()),
                }]),
                Block::Summary("Short.".into()),
                Block::Abstract(Marked {
                    text: "Abstract.".into(),
                    marks: Vec::new(),
                }),
                Block::Extras(vec![("DOI", "10.1/x".into())]),
            ],
        }
    }

    fn texts(text: &ViewText) -> Vec<String> {
        text.lines.iter().map(ViewLine::text).collect()
    }

    #[test]
    fn lays_out_every_block_at_the_width() {
        let text = lines(&view(), 20, LinkFit::Cut);
        assert_eq!(
            texts(&text),
            [
                "Modern Hopfield",
                "networks store",
                "patterns",
                "★ bookmarked · tags…",
                "│ a note long enough",
                "│ to wrap",
                "",
                // No room left for the URL beside the stars.
                " 1 code           ★ 12",
                "",
                "Generated summary (…",
                "Short.",
                "",
                "Abstract.",
                "",
                "DOI: 10.1/x",
            ]
        );
        assert_eq!(
            text.links,
            vec![(
                7,
                "https://github.com/some/long-repository-name".to_string()
            )]
        );
        let marked: Vec<&ViewSpan> = text.lines[0].spans.iter().filter(|s| s.marked).collect();
        assert_eq!(marked.len(), 1);
        assert_eq!(
            (marked[0].text.as_str(), marked[0].role),
            ("Hopfield", Role::Title)
        );
    }

    #[test]
    fn cut_links_give_way_to_the_stars() {
        let text = lines(&view(), 32, LinkFit::Cut);
        let at = text.links[0].0;
        assert_eq!(text.lines[at].text(), " 1 code         https://g…  ★ 12");
    }

    #[test]
    fn whole_links_run_past_the_width() {
        let text = lines(&view(), 20, LinkFit::Whole);
        assert_eq!(
            text.lines[7].text(),
            " 1 code         https://github.com/some/long-repository-name  ★ 12"
        );
    }
}
