//! Everything a key can do in the reader. This one enum drives key dispatch,
//! the help overlay, the footer hints and the `[keys]` tables of
//! `config.toml` (each command's snake_case name is its config key). The enum,
//! its list, its names, help lines and hint labels all come from the one
//! table in the `commands!` call below, so they cannot drift apart.

/// Declares [`Command`] from one list of
/// `Variant "config_name" "hint" => "help line",` and derives from it
/// [`Command::ALL`], [`Command::name`], [`Command::hint`],
/// [`Command::description`] and [`Command::from_name`].
macro_rules! commands {
    ($($variant:ident $name:literal $hint:literal => $help:literal,)+) => {
        /// A user-bindable command. To add one, add a line to the
        /// `commands!` table (variant, config name, hint, help line), give
        /// it default keys in `keymap::defaults`, and handle it in `handlers`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Command {
            $(
                #[doc = $help]
                $variant,
            )+
        }

        impl Command {
            /// How many commands there are.
            pub const COUNT: usize = [$($name),+].len();

            /// Every command, in the order of the table (the help's order).
            pub const ALL: [Command; Command::COUNT] = [$(Command::$variant),+];

            /// The name used in `config.toml` (`[keys] open_code = "x"`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Command::$variant => $name,)+
                }
            }

            /// The variant's name as written in the code (`OpenCode`), from
            /// which the config name is derived.
            pub fn variant_name(self) -> &'static str {
                match self {
                    $(Command::$variant => stringify!($variant),)+
                }
            }

            /// What the command does, for the help overlay.
            pub fn description(self) -> &'static str {
                match self {
                    $(Command::$variant => $help,)+
                }
            }

            /// A short label for the footer hints.
            pub fn hint(self) -> &'static str {
                match self {
                    $(Command::$variant => $hint,)+
                }
            }
        }
    };
}

commands! {
    MoveDown "move_down" "scroll" => "next paper (in the detail pane: scroll down)",
    MoveUp "move_up" "up" => "previous paper (in the detail pane: scroll up)",
    First "first" "first" => "first paper",
    Last "last" "last" => "last paper",
    HalfPageDown "half_page_down" "page down" => "half a page down",
    HalfPageUp "half_page_up" "page up" => "half a page up",
    PageDown "page_down" "page down" => "a page down",
    PageUp "page_up" "page up" => "a page up",
    FocusDetail "focus_detail" "read" => "read the selected paper (focus the detail pane)",
    Back "back" "back" => "back to the list; clear the search",
    Search "search" "search" => "search (results follow as you type; in the text: find)",
    OpenPaper "open_paper" "open" => "open the paper page",
    OpenPdf "open_pdf" "pdf" => "open the PDF",
    OpenCode "open_code" "code" => "open the code repository",
    OpenProject "open_project" "project" => "open the project page",
    LinkPicker "link_picker" "links" => "all links (1-9 opens one; in the text: the paper's)",
    CopyLink "copy_link" "copy" => "copy the selected link (OSC 52)",
    ToggleBookmark "toggle_bookmark" "bookmark" => "bookmark / unbookmark",
    EditTags "edit_tags" "tags" => "edit tags",
    EditNote "edit_note" "note" => "edit the note",
    EditNoteInEditor "edit_note_in_editor" "edit note" => "edit the note in $VISUAL or $EDITOR (several lines)",
    BookmarksView "bookmarks_view" "bookmarks" => "bookmarks view",
    ToggleRead "toggle_read" "read/unread" => "mark read / unread",
    ToggleDismiss "toggle_dismiss" "dismiss" => "not interested (dismiss) / undo",
    MarkAllRead "mark_all_read" "all read" => "mark every paper of this list read (asks first)",
    UnreadView "unread_view" "unread" => "unread view",
    ForYouView "for_you_view" "for you" => "papers for you (ranked by your taste)",
    CycleSort "cycle_sort" "sort" => "sort: relevance, date, for you, upvotes, stars, title",
    CycleDateView "cycle_date_view" "dates" => "dates: all, day, week, month",
    PreviousPeriod "previous_period" "previous period" => "previous day / week / month",
    NextPeriod "next_period" "next period" => "next day / week / month",
    Similar "similar" "similar" => "papers similar to this one",
    ReadText "read_text" "text" => "read the paper's full text (fetched first when needed)",
    TableOfContents "table_of_contents" "contents" => "the text's contents (Enter jumps to a section)",
    NextSection "next_section" "next §" => "in the text: the next section",
    PreviousSection "previous_section" "previous §" => "in the text: the previous section",
    NextMatch "next_match" "next match" => "in the text: the next match of the search",
    PreviousMatch "previous_match" "previous match" => "in the text: the previous match of the search",
    FetchPdf "fetch_pdf" "get pdf" => "download the PDF into the data dir",
    WatchesView "watches_view" "watches" => "your watches with new and unread counts (Enter opens one)",
    Sync "sync" "sync" => "sync HF papers and all watch sources",
    Accept "accept" "ok" => "in a field, popup or question: keep, save, jump, open or yes",
    Cancel "cancel" "cancel" => "in a field or question: cancel (in the search: clear it)",
    CursorLeft "cursor_left" "left" => "in a text field: the cursor one character left",
    CursorRight "cursor_right" "right" => "in a text field: the cursor one character right",
    LineStart "line_start" "start" => "in a text field: the cursor to the start",
    LineEnd "line_end" "end" => "in a text field: the cursor to the end",
    DeleteBefore "delete_before" "delete" => "in a text field: delete the character before the cursor",
    DeleteAfter "delete_after" "delete after" => "in a text field: delete the character under the cursor",
    DeleteWordBefore "delete_word_before" "delete word" => "in a text field: delete the word before the cursor",
    ClearLine "clear_line" "clear" => "in a text field: delete everything before the cursor",
    HistoryPrevious "history_previous" "older" => "in the search: the previous query you kept",
    HistoryNext "history_next" "newer" => "in the search: the next query you kept",
    Help "help" "help" => "this help",
    Quit "quit" "quit" => "back, or quit from the main list",
    ForceQuit "force_quit" "quit" => "quit",
}

impl Command {
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

    /// The command a config name stands for.
    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Every config name, comma separated (for error messages).
    pub fn names() -> String {
        Command::ALL.map(Command::name).join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `OpenCode` → `open_code`.
    fn snake_case(variant: &str) -> String {
        let mut out = String::new();
        for c in variant.chars() {
            if c.is_ascii_uppercase() && !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    #[test]
    fn names_are_the_variants_in_snake_case_and_round_trip() {
        let mut names: Vec<_> = Command::ALL.iter().map(|c| c.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Command::ALL.len());
        for c in Command::ALL {
            assert_eq!(c.name(), snake_case(c.variant_name()));
            assert_eq!(Command::from_name(c.name()), Some(c));
            assert!(!c.description().is_empty());
            assert!(!c.hint().is_empty());
        }
        assert_eq!(Command::from_name("open_kode"), None);
    }
}
