//! The default bindings as data: for each command, the contexts it applies
//! in and its keys there. A command may have several entries when its keys
//! differ by context (`Down` moves in the search field, `j` types there).

use crossterm::event::KeyCode as K;

use super::context::Context::{
    self, Confirm, Detail, Editor, Help, Links, List, Query, Text, Watches,
};
use super::key::Key;
use crate::tui::command::Command as C;

/// One default: a command, where it applies, and its keys there.
pub struct DefaultBinding {
    pub command: C,
    pub contexts: &'static [Context],
    pub keys: Vec<Key>,
}

fn d(command: C, contexts: &'static [Context], keys: &[Key]) -> DefaultBinding {
    DefaultBinding {
        command,
        contexts,
        keys: keys.to_vec(),
    }
}

const NAV: &[Context] = &[List, Detail, Links, Help, Watches, Text];
const LISTS: &[Context] = &[List, Detail];
const FIELDS: &[Context] = &[Query, Editor];
const EVERYWHERE: &[Context] = &[
    List, Detail, Links, Help, Watches, Text, Query, Editor, Confirm,
];

/// The defaults, in the order their keys are shown.
pub fn defaults() -> Vec<DefaultBinding> {
    let k = Key::plain;
    vec![
        d(C::MoveDown, NAV, &[Key::ch('j'), k(K::Down)]),
        d(C::MoveDown, &[Query], &[k(K::Down)]),
        d(C::MoveUp, NAV, &[Key::ch('k'), k(K::Up)]),
        d(C::MoveUp, &[Query], &[k(K::Up)]),
        d(C::First, NAV, &[Key::ch('g'), k(K::Home)]),
        d(C::Last, NAV, &[Key::ch('G'), k(K::End)]),
        d(C::HalfPageDown, NAV, &[Key::ctrl('d')]),
        d(C::HalfPageUp, NAV, &[Key::ctrl('u')]),
        d(C::PageDown, NAV, &[k(K::PageDown)]),
        d(C::PageUp, NAV, &[k(K::PageUp)]),
        d(C::FocusDetail, &[List], &[k(K::Enter), k(K::Tab)]),
        // In the detail pane, Tab goes back to the list.
        d(C::Back, &[Detail], &[k(K::Tab), k(K::Esc)]),
        d(C::Back, &[List, Links, Help, Watches, Text], &[k(K::Esc)]),
        d(C::Search, &[List, Detail, Text], &[Key::ch('/')]),
        d(C::OpenPaper, &[List, Detail, Links], &[Key::ch('o')]),
        d(C::OpenPdf, &[List, Detail, Links], &[Key::ch('p')]),
        d(C::OpenCode, &[List, Detail, Links], &[Key::ch('c')]),
        d(C::OpenProject, &[List, Detail, Links], &[Key::ch('w')]),
        d(C::LinkPicker, &[List, Detail, Text], &[Key::ch('l')]),
        d(C::CopyLink, &[Links], &[Key::ch('y')]),
        d(C::ToggleBookmark, LISTS, &[Key::ch('b')]),
        d(C::EditTags, LISTS, &[Key::ch('t')]),
        d(C::EditNote, LISTS, &[Key::ch('n')]),
        d(C::EditNoteInEditor, LISTS, &[Key::ch('e')]),
        d(C::BookmarksView, LISTS, &[Key::ch('B')]),
        d(C::ToggleRead, LISTS, &[Key::ch('u')]),
        d(C::ToggleDismiss, LISTS, &[Key::ch('x')]),
        d(C::MarkAllRead, LISTS, &[Key::ch('A')]),
        d(C::UnreadView, LISTS, &[Key::ch('U')]),
        d(C::ForYouView, LISTS, &[Key::ch('F')]),
        d(C::CycleSort, LISTS, &[Key::ch('s')]),
        d(C::CycleDateView, LISTS, &[Key::ch('d')]),
        d(C::PreviousPeriod, LISTS, &[Key::ch('[')]),
        d(C::NextPeriod, LISTS, &[Key::ch(']')]),
        d(C::Similar, LISTS, &[Key::ch('m')]),
        d(C::ReadText, LISTS, &[Key::ch('r')]),
        d(C::TableOfContents, &[Text], &[Key::ch('T')]),
        d(C::NextSection, &[Text], &[Key::ch(']')]),
        d(C::PreviousSection, &[Text], &[Key::ch('[')]),
        d(C::NextMatch, &[Text], &[Key::ch('n')]),
        d(C::PreviousMatch, &[Text], &[Key::ch('N')]),
        d(C::FetchPdf, LISTS, &[Key::ch('P')]),
        d(C::WatchesView, &[List, Detail, Watches], &[Key::ch('W')]),
        d(C::Sync, &[List, Detail, Watches], &[Key::ch('S')]),
        d(
            C::Accept,
            &[Links, Watches, Text, Query, Editor],
            &[k(K::Enter)],
        ),
        d(
            C::Accept,
            &[Confirm],
            &[Key::ch('y'), Key::ch('Y'), k(K::Enter)],
        ),
        d(C::Cancel, FIELDS, &[k(K::Esc)]),
        d(
            C::Cancel,
            &[Confirm],
            &[Key::ch('n'), Key::ch('N'), Key::ch('q'), k(K::Esc)],
        ),
        d(C::CursorLeft, FIELDS, &[k(K::Left)]),
        d(C::CursorRight, FIELDS, &[k(K::Right)]),
        d(C::LineStart, FIELDS, &[k(K::Home), Key::ctrl('a')]),
        d(C::LineEnd, FIELDS, &[k(K::End), Key::ctrl('e')]),
        d(C::DeleteBefore, FIELDS, &[k(K::Backspace)]),
        d(C::DeleteAfter, FIELDS, &[k(K::Delete)]),
        d(C::DeleteWordBefore, FIELDS, &[Key::ctrl('w')]),
        d(C::ClearLine, FIELDS, &[Key::ctrl('u')]),
        d(C::HistoryPrevious, &[Query], &[Key::ctrl('p')]),
        d(C::HistoryNext, &[Query], &[Key::ctrl('n')]),
        d(C::Help, &[List, Detail, Links, Text], &[Key::ch('?')]),
        d(C::Quit, NAV, &[Key::ch('q')]),
        d(C::ForceQuit, EVERYWHERE, &[Key::ctrl('c')]),
    ]
}

/// The contexts `command` applies in, in [`Context::ALL`] order.
pub fn contexts_of(table: &[DefaultBinding], command: C) -> Vec<Context> {
    Context::ALL
        .into_iter()
        .filter(|ctx| {
            table
                .iter()
                .any(|d| d.command == command && d.contexts.contains(ctx))
        })
        .collect()
}
