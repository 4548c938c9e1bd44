//! Everything a key can do in the reader. This one enum drives key dispatch,
//! the help overlay, the footer hints and the `[keys]` table of `config.toml`
//! (each command's snake_case name is its config key).

/// A user-bindable command. Its config name and help text come from
/// [`Command::name`] and [`Command::description`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Command {
    MoveDown,
    MoveUp,
    First,
    Last,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    FocusDetail,
    Back,
    Search,
    OpenPaper,
    OpenPdf,
    OpenCode,
    OpenProject,
    LinkPicker,
    CopyLink,
    ToggleBookmark,
    EditTags,
    EditNote,
    EditNoteInEditor,
    BookmarksView,
    ToggleRead,
    ToggleDismiss,
    MarkAllRead,
    UnreadView,
    ForYouView,
    CycleSort,
    CycleDateView,
    PreviousPeriod,
    NextPeriod,
    Similar,
    ReadText,
    TableOfContents,
    NextSection,
    PreviousSection,
    NextMatch,
    PreviousMatch,
    FetchPdf,
    WatchesView,
    Sync,
    Help,
    Quit,
    ForceQuit,
}

impl Command {
    pub const ALL: [Command; 44] = [
        Command::MoveDown,
        Command::MoveUp,
        Command::First,
        Command::Last,
        Command::HalfPageDown,
        Command::HalfPageUp,
        Command::PageDown,
        Command::PageUp,
        Command::FocusDetail,
        Command::Back,
        Command::Search,
        Command::OpenPaper,
        Command::OpenPdf,
        Command::OpenCode,
        Command::OpenProject,
        Command::LinkPicker,
        Command::CopyLink,
        Command::ToggleBookmark,
        Command::EditTags,
        Command::EditNote,
        Command::EditNoteInEditor,
        Command::BookmarksView,
        Command::ToggleRead,
        Command::ToggleDismiss,
        Command::MarkAllRead,
        Command::UnreadView,
        Command::ForYouView,
        Command::CycleSort,
        Command::CycleDateView,
        Command::PreviousPeriod,
        Command::NextPeriod,
        Command::Similar,
        Command::ReadText,
        Command::TableOfContents,
        Command::NextSection,
        Command::PreviousSection,
        Command::NextMatch,
        Command::PreviousMatch,
        Command::FetchPdf,
        Command::WatchesView,
        Command::Sync,
        Command::Help,
        Command::Quit,
        Command::ForceQuit,
    ];

    /// The name used in `config.toml` (`[keys] open_code = "x"`).
    pub fn name(self) -> &'static str {
        match self {
            Command::MoveDown => "move_down",
            Command::MoveUp => "move_up",
            Command::First => "first",
            Command::Last => "last",
            Command::HalfPageDown => "half_page_down",
            Command::HalfPageUp => "half_page_up",
            Command::PageDown => "page_down",
            Command::PageUp => "page_up",
            Command::FocusDetail => "focus_detail",
            Command::Back => "back",
            Command::Search => "search",
            Command::OpenPaper => "open_paper",
            Command::OpenPdf => "open_pdf",
            Command::OpenCode => "open_code",
            Command::OpenProject => "open_project",
            Command::LinkPicker => "link_picker",
            Command::CopyLink => "copy_link",
            Command::ToggleBookmark => "toggle_bookmark",
            Command::EditTags => "edit_tags",
            Command::EditNote => "edit_note",
            Command::EditNoteInEditor => "edit_note_in_editor",
            Command::BookmarksView => "bookmarks_view",
            Command::ToggleRead => "toggle_read",
            Command::ToggleDismiss => "toggle_dismiss",
            Command::MarkAllRead => "mark_all_read",
            Command::UnreadView => "unread_view",
            Command::ForYouView => "for_you_view",
            Command::CycleSort => "cycle_sort",
            Command::CycleDateView => "cycle_date_view",
            Command::PreviousPeriod => "previous_period",
            Command::NextPeriod => "next_period",
            Command::Similar => "similar",
            Command::ReadText => "read_text",
            Command::TableOfContents => "table_of_contents",
            Command::NextSection => "next_section",
            Command::PreviousSection => "previous_section",
            Command::NextMatch => "next_match",
            Command::PreviousMatch => "previous_match",
            Command::FetchPdf => "fetch_pdf",
            Command::WatchesView => "watches_view",
            Command::Sync => "sync",
            Command::Help => "help",
            Command::Quit => "quit",
            Command::ForceQuit => "force_quit",
        }
    }

    /// What the command does, for the help overlay.
    pub fn description(self) -> &'static str {
        match self {
            Command::MoveDown => "next paper (in the detail pane: scroll down)",
            Command::MoveUp => "previous paper (in the detail pane: scroll up)",
            Command::First => "first paper",
            Command::Last => "last paper",
            Command::HalfPageDown => "half a page down",
            Command::HalfPageUp => "half a page up",
            Command::PageDown => "a page down",
            Command::PageUp => "a page up",
            Command::FocusDetail => "read the selected paper (focus the detail pane)",
            Command::Back => "back to the list; clear the search",
            Command::Search => "search (results follow as you type; in the text: find)",
            Command::OpenPaper => "open the paper page",
            Command::OpenPdf => "open the PDF",
            Command::OpenCode => "open the code repository",
            Command::OpenProject => "open the project page",
            Command::LinkPicker => "all links (1-9 opens one; in the text: the paper's)",
            Command::CopyLink => "copy the selected link (OSC 52)",
            Command::ToggleBookmark => "bookmark / unbookmark",
            Command::EditTags => "edit tags",
            Command::EditNote => "edit the note",
            Command::EditNoteInEditor => "edit the note in $VISUAL or $EDITOR (several lines)",
            Command::BookmarksView => "bookmarks view",
            Command::ToggleRead => "mark read / unread",
            Command::ToggleDismiss => "not interested (dismiss) / undo",
            Command::MarkAllRead => "mark every paper of this list read (asks first)",
            Command::UnreadView => "unread view",
            Command::ForYouView => "papers for you (ranked by your taste)",
            Command::CycleSort => "sort: relevance, date, for you, upvotes, stars, title",
            Command::CycleDateView => "dates: all, day, week, month",
            Command::PreviousPeriod => "previous day / week / month",
            Command::NextPeriod => "next day / week / month",
            Command::Similar => "papers similar to this one",
            Command::ReadText => "read the paper's full text (fetched first when needed)",
            Command::TableOfContents => "the text's contents (Enter jumps to a section)",
            Command::NextSection => "in the text: the next section",
            Command::PreviousSection => "in the text: the previous section",
            Command::NextMatch => "in the text: the next match of the search",
            Command::PreviousMatch => "in the text: the previous match of the search",
            Command::FetchPdf => "download the PDF into the data dir",
            Command::WatchesView => "your watches with new and unread counts (Enter opens one)",
            Command::Sync => "sync HF papers and all watch sources",
            Command::Help => "this help",
            Command::Quit => "back, or quit from the main list",
            Command::ForceQuit => "quit",
        }
    }

    /// A one-word label for the footer hints.
    pub fn hint(self) -> &'static str {
        match self {
            Command::Search => "search",
            Command::FocusDetail => "read",
            Command::OpenPaper => "open",
            Command::OpenCode => "code",
            Command::OpenPdf => "pdf",
            Command::OpenProject => "project",
            Command::EditTags => "tags",
            Command::EditNote => "note",
            Command::EditNoteInEditor => "edit note",
            Command::ToggleRead => "read/unread",
            Command::ToggleDismiss => "dismiss",
            Command::MarkAllRead => "all read",
            Command::BookmarksView => "bookmarks",
            Command::UnreadView => "unread",
            Command::ForYouView => "for you",
            Command::LinkPicker => "links",
            Command::ToggleBookmark => "bookmark",
            Command::CycleSort => "sort",
            Command::CycleDateView => "dates",
            Command::Similar => "similar",
            Command::ReadText => "text",
            Command::TableOfContents => "contents",
            Command::NextSection => "next §",
            Command::PreviousSection => "previous §",
            Command::NextMatch => "next match",
            Command::PreviousMatch => "previous match",
            Command::FetchPdf => "get pdf",
            Command::WatchesView => "watches",
            Command::Sync => "sync",
            Command::Help => "help",
            Command::Quit => "quit",
            Command::Back => "back",
            Command::MoveDown => "scroll",
            Command::CopyLink => "copy",
            Command::MoveUp => "up",
            Command::First => "first",
            Command::Last => "last",
            Command::HalfPageDown | Command::PageDown => "page down",
            Command::HalfPageUp | Command::PageUp => "page up",
            Command::PreviousPeriod => "previous period",
            Command::NextPeriod => "next period",
            Command::ForceQuit => "quit",
        }
    }

    /// Whether the command saves something (the library, or synced papers
    /// in the index): such commands are off when the data dir is read-only.
    pub fn writes(self) -> bool {
        matches!(
            self,
            Command::ToggleBookmark
                | Command::EditTags
                | Command::EditNote
                | Command::EditNoteInEditor
                | Command::ToggleRead
                | Command::ToggleDismiss
                | Command::MarkAllRead
                | Command::Sync
                | Command::FetchPdf
        )
    }

    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        let mut names: Vec<_> = Command::ALL.iter().map(|c| c.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Command::ALL.len());
        for c in Command::ALL {
            assert_eq!(Command::from_name(c.name()), Some(c));
            assert!(!c.description().is_empty());
        }
    }
}
