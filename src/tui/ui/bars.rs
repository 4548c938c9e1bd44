//! The top bar (query, count, sort, view) and the footer (status message, or
//! key hints). Every hint, in every mode (the fields, the question and the
//! pickers included), names the key the keymap in force binds, so a rebound
//! key shows as rebound.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::text::cut;
use super::theme;
use crate::model::sanitize;
use crate::sync::all::SourceProgress;
use crate::tui::command::Command;
use crate::tui::for_you;
use crate::tui::keymap::Context;
use crate::tui::state::{App, Mode, READ_ONLY_MESSAGE, SyncSources, View};

const QUERY_PROMPT: &str = " / ";

pub fn draw_top(frame: &mut Frame, app: &App, area: Rect) {
    let mut right = Vec::new();
    // While a search runs the count of the last one would be wrong: "…"
    // until the answer, "256+" until every match is counted.
    let count = if app.searching {
        "…".to_string()
    } else {
        let total = app.results.total;
        let more = if app.results.uncounted { "+" } else { "" };
        format!("{total}{more} paper{}", if total == 1 { "" } else { "s" })
    };
    right.push(count);
    right.push(format!("by {}", app.effective_sort().label()));
    match &app.similar {
        Some(s) => right.push(format!("like: {}", cut(&s.title, 30))),
        None => {
            right.push(app.view.label());
            right.push(app.period.label());
        }
    }
    if app.read_only {
        right.push("read-only".to_string());
    }
    let right = format!(" {} ", right.join(" · "));
    let right_width = right.width();
    let room = usize::from(area.width).saturating_sub(right_width + QUERY_PROMPT.len() + 1);
    let editing = matches!(app.mode, Mode::Query);
    let query = app.query.text();
    // While typing, a query longer than the bar scrolls to keep the cursor
    // in view; otherwise its start shows.
    let (visible, cursor) = if editing {
        app.query.view(room)
    } else {
        (query, 0)
    };
    let shown = if query.is_empty() && !editing {
        Span::styled(cut("type / to search", room), theme::dim())
    } else {
        Span::raw(cut(visible, room))
    };
    let pad = room.saturating_sub(shown.content.width());
    let line = Line::from(vec![
        Span::styled(
            QUERY_PROMPT,
            if editing { theme::key() } else { theme::dim() },
        ),
        shown,
        Span::raw(" ".repeat(pad + 1)),
        Span::styled(right, theme::accent()),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme::bar()), area);
    if editing {
        let column = (QUERY_PROMPT.len() + cursor).min(usize::from(area.width.saturating_sub(1)));
        frame.set_cursor_position(Position::new(area.x + column as u16, area.y));
    }
}

/// The commands worth a hint in each context, most useful first.
fn hinted(ctx: Context) -> &'static [Command] {
    match ctx {
        Context::List => &[
            Command::Search,
            Command::FocusDetail,
            Command::OpenPaper,
            Command::OpenCode,
            Command::LinkPicker,
            Command::ToggleBookmark,
            Command::CycleSort,
            Command::CycleDateView,
            Command::Similar,
            Command::Sync,
            Command::Help,
            Command::Quit,
        ],
        Context::Detail => &[
            Command::MoveDown,
            Command::Back,
            Command::ReadText,
            Command::OpenPaper,
            Command::OpenPdf,
            Command::OpenCode,
            Command::LinkPicker,
            Command::ToggleBookmark,
            Command::EditTags,
            Command::EditNote,
            Command::Help,
        ],
        Context::Links => &[Command::CopyLink, Command::Back, Command::Help],
        Context::Watches => &[Command::Back, Command::Sync],
        Context::Help => &[Command::Back],
        // Their hints are in the footer arms of their modes.
        Context::Query | Context::Editor | Context::Confirm => &[],
        Context::Text => &[
            Command::MoveDown,
            Command::TableOfContents,
            Command::NextSection,
            Command::PreviousSection,
            Command::Search,
            Command::NextMatch,
            Command::LinkPicker,
            Command::Back,
            Command::Help,
        ],
    }
}

pub fn draw_footer(frame: &mut Frame, app: &App, area: Rect) {
    let width = usize::from(area.width);
    let line = if let Some(status) = &app.status {
        let style = if status.error {
            theme::error()
        } else {
            theme::accent()
        };
        Line::styled(cut(&format!(" {}", status.text), width), style)
    } else if let Some(sources) = &app.sync {
        sync_line(sources, width)
    } else {
        mode_hints(app, width)
    };
    frame.render_widget(Paragraph::new(line).style(theme::bar()), area);
}

/// One footer hint: the key (the first the keymap in force binds), what it
/// does, and the command it runs (`None` for the link numbers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub command: Option<Command>,
    pub key: String,
    pub label: &'static str,
}

/// Hints for the first keys of `commands` in `ctx`, each with its label;
/// commands without a key there are left out.
fn pairs(app: &App, ctx: Context, commands: &[(Command, &'static str)]) -> Vec<Hint> {
    commands
        .iter()
        .filter_map(|(c, label)| {
            app.keymap.keys(ctx, *c).first().map(|k| Hint {
                command: Some(*c),
                key: k.to_string(),
                label,
            })
        })
        .collect()
}

/// The hinted commands of `ctx` with their one-word hints.
fn hinted_pairs(app: &App, ctx: Context) -> Vec<Hint> {
    let commands: Vec<(Command, &'static str)> = hinted(ctx)
        .iter()
        .filter(|c| !(app.read_only && c.writes()))
        .map(|c| (*c, c.hint()))
        .collect();
    pairs(app, ctx, &commands)
}

/// `↑↓` (or `j/k` when the keys are letters): the first keys of moving up
/// and down in `ctx`, as one hint.
fn move_hint(app: &App, ctx: Context) -> Option<Hint> {
    let down = app.keymap.keys(ctx, Command::MoveDown).first()?.to_string();
    let up = app.keymap.keys(ctx, Command::MoveUp).first()?.to_string();
    let letters = [&down, &up]
        .iter()
        .all(|k| k.chars().count() == 1 && k.chars().all(char::is_alphanumeric));
    Some(Hint {
        command: Some(Command::MoveDown),
        key: if letters {
            format!("{down}/{up}")
        } else {
            format!("{up}{down}")
        },
        label: "move",
    })
}

/// The footer's hints in the current mode, all from the keymap in force.
pub fn hints(app: &App) -> Vec<Hint> {
    let ctx = app.context();
    let numbers = Hint {
        command: None,
        key: "1-9".into(),
        label: "open",
    };
    match &app.mode {
        Mode::Query | Mode::TextSearch(_) => {
            let mut hints = pairs(
                app,
                ctx,
                &[(Command::Accept, "keep"), (Command::Cancel, "clear")],
            );
            hints.extend(move_hint(app, ctx));
            hints
        }
        Mode::EditTags(_) => pairs(
            app,
            ctx,
            &[
                (Command::Accept, "save tags (space separated)"),
                (Command::Cancel, "cancel"),
            ],
        ),
        Mode::EditNote(_) => pairs(
            app,
            ctx,
            &[(Command::Accept, "save note"), (Command::Cancel, "cancel")],
        ),
        Mode::ConfirmMarkAllRead { .. } => pairs(
            app,
            ctx,
            &[(Command::Accept, "yes"), (Command::Cancel, "no")],
        ),
        Mode::Watches { .. } => {
            let mut hints = pairs(app, ctx, &[(Command::Accept, "papers")]);
            hints.extend(hinted_pairs(app, ctx));
            hints
        }
        Mode::TextToc { .. } => {
            let mut hints: Vec<Hint> = move_hint(app, ctx).into_iter().collect();
            hints.extend(pairs(
                app,
                ctx,
                &[(Command::Accept, "jump"), (Command::Back, "close")],
            ));
            hints
        }
        Mode::TextLinks { .. } | Mode::Links { .. } => {
            // Over the list a link can be copied; the text's links only open.
            let over_list = ctx == Context::Links;
            let commands: Vec<(Command, &str)> = [(Command::Accept, "open")]
                .into_iter()
                .chain(over_list.then_some((Command::CopyLink, "copy")))
                .chain([(Command::Back, if over_list { "back" } else { "close" })])
                .collect();
            let mut hints = vec![numbers];
            hints.extend(pairs(app, ctx, &commands));
            hints
        }
        Mode::List | Mode::Detail | Mode::Help { .. } | Mode::Text => {
            // In a watch's list, the way back to the watches comes first.
            let back_to_watches = if ctx == Context::List && matches!(app.view, View::Watch(_)) {
                pairs(app, ctx, &[(Command::Back, "watches")])
            } else {
                Vec::new()
            };
            back_to_watches
                .into_iter()
                .chain(hinted_pairs(app, ctx))
                .collect()
        }
    }
}

/// The footer line of the current mode: its hints, or its question.
fn mode_hints(app: &App, width: usize) -> Line<'static> {
    let hints = hints(app);
    let refs: Vec<(&str, &str)> = hints.iter().map(|h| (h.key.as_str(), h.label)).collect();
    match &app.mode {
        Mode::ConfirmMarkAllRead { count, .. } => {
            let answers: Vec<String> = hints
                .iter()
                .map(|h| format!("{} {}", h.key, h.label))
                .collect();
            Line::styled(
                cut(
                    &format!(
                        " mark all {count} {} of this list read?  {}",
                        if *count == 1 { "paper" } else { "papers" },
                        answers.join(" · ")
                    ),
                    width,
                ),
                theme::accent(),
            )
        }
        Mode::List | Mode::Detail | Mode::Help { .. } | Mode::Text => {
            if let Some((note, error)) = for_you::footer_note(app) {
                note_line(&note, error, &refs, width)
            } else if app.read_only {
                read_only_line(&refs, width)
            } else {
                hint_line(&refs, width)
            }
        }
        _ => hint_line(&refs, width),
    }
}

/// ` sync  hf ✓ 12 new · hf-trending page 1 · arxiv `cat:cs.CV` waiting`:
/// where each source of the running sync is.
fn sync_line(sources: &SyncSources, width: usize) -> Line<'static> {
    let mut spans = vec![Span::styled(" sync ", theme::key())];
    if sources.is_empty() {
        spans.push(Span::raw(" starting…"));
    }
    for (i, (label, progress)) in sources.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme::dim()));
        }
        let lead = if i == 0 { " " } else { "" };
        spans.push(Span::raw(format!("{lead}{} ", cut(label, 28))));
        let (text, style) = match progress {
            SourceProgress::Waiting => ("waiting".to_string(), theme::dim()),
            SourceProgress::Fetching(line) => (cut(line, 32), theme::accent()),
            SourceProgress::Fetched(n) => (format!("{n} fetched"), theme::accent()),
            SourceProgress::Importing => ("saving…".to_string(), theme::accent()),
            SourceProgress::Saved(s) => (format!("✓ {} new", s.new), theme::accent()),
            SourceProgress::Failed(why) => (format!("failed: {}", cut(why, 40)), theme::error()),
        };
        spans.push(Span::styled(text, style));
    }
    let mut line = Line::from(spans);
    // Too long for the footer: cut at the width, keeping the styles.
    let mut used = 0;
    line.spans.retain_mut(|span| {
        let room = width.saturating_sub(used);
        if room == 0 {
            return false;
        }
        let w = span.content.width();
        if w > room {
            span.content = cut(&span.content, room).into();
        }
        used += w.min(room);
        true
    });
    line
}

/// A standing note (the "for you" model's), then as many hints as fit after it.
fn note_line(note: &str, error: bool, pairs: &[(&str, &str)], width: usize) -> Line<'static> {
    let notice = format!(" {} ·", sanitize::clean_text(note));
    let style = if error {
        theme::error()
    } else {
        theme::accent()
    };
    let mut line = hint_line(pairs, width.saturating_sub(notice.width()));
    line.spans
        .insert(0, Span::styled(cut(&notice, width), style));
    line
}

/// The read-only notice, then as many hints as fit after it.
fn read_only_line(pairs: &[(&str, &str)], width: usize) -> Line<'static> {
    let notice = format!(" {READ_ONLY_MESSAGE} ·");
    let used = notice.width();
    let mut line = hint_line(pairs, width.saturating_sub(used));
    line.spans
        .insert(0, Span::styled(cut(&notice, width), theme::error()));
    line
}

/// ` / search  Enter read  …`, as many pairs as fit.
fn hint_line(pairs: &[(&str, &str)], width: usize) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (key, hint) in pairs {
        let w = key.width() + 1 + hint.width() + 2;
        if used + w > width {
            break;
        }
        spans.push(Span::styled(key.to_string(), theme::key()));
        spans.push(Span::raw(format!(" {hint}  ")));
        used += w;
    }
    Line::from(spans)
}
