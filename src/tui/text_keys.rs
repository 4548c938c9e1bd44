//! What keys and worker answers do to the text view: opening a paper's
//! text (and stopping the wait), scrolling, the contents and links popups,
//! section jumps, the search in the text, and leaving with the reading
//! position saved. Pure, like [`super::update`], which hands these over.

use super::command::Command;
use super::event::LoadedText;
use super::keymap::Context;
use super::state::{App, Mode, Status};
use super::text_view::{TextView, body_height};
use super::update::Effect;
use crate::fulltext::positions::ReadingPosition;

/// Lines the mouse wheel scrolls the text.
pub const WHEEL_LINES: isize = 3;

fn say(app: &mut App, text: impl Into<String>, error: bool) {
    app.status = Some(Status {
        text: text.into(),
        error,
    });
}

/// `r`: asks the worker for the selected paper's text.
pub fn open(app: &mut App, ctx: Context, effects: &mut Vec<Effect>) {
    let Some(row) = app.selected_row() else {
        return;
    };
    let id = row.paper.id.as_str().to_string();
    let shown = row.paper.arxiv_id.clone().unwrap_or_else(|| id.clone());
    if app.opening_text.as_deref() == Some(id.as_str()) {
        return;
    }
    app.opening_text = Some(id.clone());
    app.text_from_detail = ctx == Context::Detail;
    say(app, format!("fetching the text of {shown}…"), false);
    let width = super::text_view::column_width(app.size);
    effects.push(Effect::OpenText { id, width });
}

/// `P`: asks the worker to download the selected paper's PDF.
pub fn fetch_pdf(app: &mut App, effects: &mut Vec<Effect>) {
    let Some(row) = app.selected_row() else {
        return;
    };
    let id = row.paper.id.as_str().to_string();
    let shown = row.paper.arxiv_id.clone().unwrap_or_else(|| id.clone());
    say(app, format!("downloading the PDF of {shown}…"), false);
    effects.push(Effect::FetchPdf { id });
}

/// Esc while a text is being fetched: stop waiting for it (its answer
/// will be dropped). True when there was something to stop.
pub fn stop_waiting(app: &mut App) -> bool {
    match app.opening_text.take() {
        Some(_) => {
            say(app, "stopped waiting for the text", false);
            true
        }
        None => false,
    }
}

/// The worker's answer to [`Effect::OpenText`].
pub fn on_loaded(
    app: &mut App,
    id: String,
    result: Result<LoadedText, String>,
    position: Option<ReadingPosition>,
) {
    if app.opening_text.as_deref() != Some(id.as_str()) {
        return; // the user stopped waiting, or asked for another paper
    }
    app.opening_text = None;
    match result {
        // The user went on to something else (an editor, the help) while
        // waiting: the text is kept, and opens at once when asked again.
        Ok(_) if !matches!(app.mode, Mode::List | Mode::Detail) => {
            let key = app.keymap.label(Context::List, Command::ReadText);
            say(
                app,
                format!("the text is ready: press {key} to read it"),
                false,
            )
        }
        Ok(loaded) => {
            let from_detail = app.text_from_detail;
            app.text = Some(TextView::open(id, loaded, position, app.size, from_detail));
            app.mode = Mode::Text;
            app.status = None;
        }
        Err(why) => say(app, why, true),
    }
}

/// Progress of a fetch, shown while the user still waits for it.
pub fn on_progress(app: &mut App, id: &str, text: String) {
    if app.opening_text.as_deref() == Some(id) {
        say(app, text, false);
    }
}

/// A command in the search field of the text: Enter goes to the first
/// match, Esc drops the search, the rest edits the field.
pub fn search_field(app: &mut App, command: Command) {
    let height = body_height(app.size);
    let Mode::TextSearch(input) = &mut app.mode else {
        return;
    };
    match command {
        Command::Accept => {
            app.mode = Mode::Text;
            if let Some(view) = app.text.as_mut() {
                view.search.current = None;
                report_match(app, true, height);
            }
        }
        Command::Cancel => {
            app.mode = Mode::Text;
            if let Some(view) = app.text.as_mut() {
                view.set_query("");
            }
        }
        other => {
            if input.edit(other) {
                let query = input.text().to_string();
                if let Some(view) = app.text.as_mut() {
                    view.set_query(&query);
                }
            }
        }
    }
}

/// A character typed in the search field of the text.
pub fn type_in_search(app: &mut App, c: char) {
    if let Mode::TextSearch(input) = &mut app.mode {
        input.insert(c);
        let query = input.text().to_string();
        if let Some(view) = app.text.as_mut() {
            view.set_query(&query);
        }
    }
}

/// Opens the text's `n`th link (from 0).
pub fn open_link(app: &mut App, n: usize, effects: &mut Vec<Effect>) {
    let Some(view) = &app.text else {
        return;
    };
    match view.layout.links.get(n) {
        Some((_, url)) if url.starts_with("https://") || url.starts_with("http://") => {
            effects.push(Effect::Open(url.clone()));
            app.mode = Mode::TextLinks { selected: n };
        }
        Some((_, url)) => say(app, format!("not a web link: {url}"), true),
        None => say(app, format!("this text has no link {}", n + 1), true),
    }
}

/// Jumps to the next (or previous) match and says which it is.
fn report_match(app: &mut App, forward: bool, height: usize) {
    let Some(view) = app.text.as_mut() else {
        return;
    };
    if view.search.query.is_empty() {
        let key = app.keymap.label(Context::Text, Command::Search);
        say(
            app,
            format!("no search yet: {key} searches the text"),
            false,
        );
        return;
    }
    let query = view.search.query.clone();
    match view.jump_match(forward, height) {
        Some((i, count)) => say(app, format!("match {} of {count}", i + 1), false),
        None => say(app, format!("no match for {query}"), true),
    }
}

/// A command of the text view (the keymap's [`Context::Text`]).
pub fn run(app: &mut App, command: Command, effects: &mut Vec<Effect>) {
    let height = body_height(app.size);
    let page = height as isize;
    match (&mut app.mode, command) {
        (Mode::TextToc { selected }, Command::Accept) => {
            let i = *selected;
            app.mode = Mode::Text;
            if let Some(view) = app.text.as_mut()
                && let Some(entry) = view.layout.toc.get(i)
            {
                let line = entry.line;
                view.jump_to(line);
            }
            return;
        }
        (Mode::TextLinks { selected }, Command::Accept) => {
            let n = *selected;
            open_link(app, n, effects);
            return;
        }
        (Mode::TextToc { selected }, _) => {
            let count = app.text.as_ref().map_or(0, |v| v.layout.toc.len());
            match move_in(*selected, count, command, page) {
                Some(to) => *selected = to,
                None if matches!(
                    command,
                    Command::Back | Command::Quit | Command::TableOfContents
                ) =>
                {
                    app.mode = Mode::Text
                }
                None => {}
            }
            return;
        }
        (Mode::TextLinks { selected }, _) => {
            let count = app.text.as_ref().map_or(0, |v| v.layout.links.len());
            match move_in(*selected, count, command, page) {
                Some(to) => *selected = to,
                None if matches!(command, Command::Back | Command::Quit | Command::LinkPicker) => {
                    app.mode = Mode::Text
                }
                None => {}
            }
            return;
        }
        _ => {}
    }
    let Some(view) = app.text.as_mut() else {
        app.mode = Mode::List;
        return;
    };
    match command {
        Command::MoveDown => view.scroll(1, height),
        Command::MoveUp => view.scroll(-1, height),
        Command::HalfPageDown => view.scroll(page / 2, height),
        Command::HalfPageUp => view.scroll(-page / 2, height),
        Command::PageDown => view.scroll(page, height),
        Command::PageUp => view.scroll(-page, height),
        Command::First => view.top = 0,
        Command::Last => view.top = view.max_top(height),
        Command::NextSection | Command::PreviousSection => {
            let forward = command == Command::NextSection;
            if !view.step_section(forward) {
                let text = if forward {
                    "this is the last section"
                } else {
                    "this is the top"
                };
                say(app, text, false);
            }
        }
        Command::TableOfContents => {
            if view.layout.toc.is_empty() {
                say(app, "this text has no sections", false);
            } else {
                let selected = view.current_section().unwrap_or(0);
                app.mode = Mode::TextToc { selected };
            }
        }
        Command::LinkPicker => {
            if view.layout.links.is_empty() {
                say(app, "this text has no links", false);
            } else {
                app.mode = Mode::TextLinks { selected: 0 };
            }
        }
        Command::Search => {
            let query = view.search.query.clone();
            app.mode = Mode::TextSearch(super::input::TextInput::new(&query));
        }
        Command::NextMatch => report_match(app, true, height),
        Command::PreviousMatch => report_match(app, false, height),
        Command::Help => {
            app.help_scroll = 0;
            app.mode = Mode::Help { from_detail: false };
        }
        Command::Back | Command::Quit => leave(app, effects),
        Command::ForceQuit => app.quit = true,
        _ => {}
    }
}

/// Where a popup's selection goes for a movement command (`None`: not one).
fn move_in(selected: usize, count: usize, command: Command, page: isize) -> Option<usize> {
    let last = count.saturating_sub(1) as isize;
    let delta = match command {
        Command::MoveDown => 1,
        Command::MoveUp => -1,
        Command::First => -last - 1,
        Command::Last => last + 1,
        Command::HalfPageDown => page / 2,
        Command::HalfPageUp => -page / 2,
        Command::PageDown => page,
        Command::PageUp => -page,
        _ => return None,
    };
    Some((selected as isize + delta).clamp(0, last.max(0)) as usize)
}

/// Back to the list (or the detail pane), the reading position saved by
/// the worker; the selection is as it was.
pub fn leave(app: &mut App, effects: &mut Vec<Effect>) {
    let Some(view) = app.text.take() else {
        app.mode = Mode::List;
        return;
    };
    app.mode = if view.from_detail {
        Mode::Detail
    } else {
        Mode::List
    };
    if !app.read_only {
        effects.push(Effect::SavePosition {
            id: view.id.clone(),
            position: view.position(),
        });
    }
}

/// The mouse wheel over the text.
pub fn wheel(app: &mut App, down: bool) {
    let height = body_height(app.size);
    if let (Mode::Text, Some(view)) = (&app.mode, app.text.as_mut()) {
        view.scroll(if down { WHEEL_LINES } else { -WHEEL_LINES }, height);
    }
}
