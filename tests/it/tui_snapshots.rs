//! What the reader draws, pinned as text snapshots of a test terminal: the
//! screens a user sees most (list, detail, search, help, links, empty and
//! too-small states), so a layout change shows up as a reviewable diff, plus
//! a sweep of terminal sizes that must all draw without panicking.

use crate::tui_common;

use crate::tui_common::document::quokka_paper;
use crate::tui_common::{AOT_GAN_ID, Harness, screen_rows};
use crossterm::event::KeyCode;
use folio::tui::state::{Mode, READ_ONLY_MESSAGE};
use folio::tui::ui::layout;
use folio::tui::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

/// The column where `word` starts in screen row `y`, searching columns `xs`.
fn find_word(
    terminal: &Terminal<TestBackend>,
    y: u16,
    xs: std::ops::Range<u16>,
    word: &str,
) -> Option<u16> {
    let buffer = terminal.backend().buffer();
    let chars: Vec<char> = word.chars().collect();
    let len = chars.len() as u16;
    xs.clone().filter(|x| x + len <= xs.end).find(|&x| {
        chars
            .iter()
            .enumerate()
            .all(|(i, c)| buffer[(x + i as u16, y)].symbol() == c.to_string())
    })
}

/// Asserts that every cell of `word` at (`x`, `y`) is drawn in the mark style.
fn assert_marked(terminal: &Terminal<TestBackend>, x: u16, y: u16, word: &str) {
    let buffer = terminal.backend().buffer();
    for i in 0..word.chars().count() as u16 {
        let cell = &buffer[(x + i, y)];
        assert_eq!(cell.fg, Color::Yellow, "cell {} of `{word}` at row {y}", i);
        assert!(
            cell.modifier.contains(Modifier::BOLD),
            "cell {i} of `{word}` at row {y} is not bold"
        );
    }
}

#[test]
fn main_screen_wide() {
    let mut h = Harness::new(120, 40);
    let terminal = h.render();
    insta::assert_snapshot!("main_120x40", terminal.backend());
}

#[test]
fn main_screen_narrow() {
    let mut h = Harness::new(80, 24);
    let terminal = h.render();
    insta::assert_snapshot!("main_80x24", terminal.backend());
}

#[test]
fn detail_focused() {
    let mut h = Harness::new(120, 40);
    h.key(KeyCode::Enter);
    assert_eq!(h.app.mode, Mode::Detail);
    let terminal = h.render();
    insta::assert_snapshot!("detail_focused_120x40", terminal.backend());
}

#[test]
fn search_highlights_matched_words() {
    let mut h = Harness::new(120, 40);
    h.search_for("brain decoding");
    let terminal = h.render();
    insta::assert_snapshot!("search_brain_decoding_120x40", terminal.backend());

    let areas = layout::areas(Rect::new(0, 0, 120, 40)).unwrap();
    let list = areas.list;
    // Some listed title shows both words, and both are drawn marked.
    let mut checked = 0;
    for y in list.y..list.bottom() {
        let xs = list.x..list.right();
        if let (Some(bx), Some(dx)) = (
            find_word(&terminal, y, xs.clone(), "Brain"),
            find_word(&terminal, y, xs, "decoding"),
        ) {
            assert_marked(&terminal, bx, y, "Brain");
            assert_marked(&terminal, dx, y, "decoding");
            // The mark stops at the word: the `:` or space after it is plain.
            let after = &terminal.backend().buffer()[(dx + 8, y)];
            assert_ne!(
                after.fg,
                Color::Yellow,
                "the cell after `decoding` at row {y}"
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "no listed title shows `Brain … decoding`");
    // Words the query does not match are plain, in the top hit's title too.
    let top_title = h.app.selected_row().unwrap().paper.title.clone();
    let other = top_title
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| {
            let w = w.to_lowercase();
            w.len() > 3 && !w.starts_with("brain") && !w.starts_with("decod")
        })
        .expect("the top title has a word the query does not match");
    let x = find_word(&terminal, list.y, list.x..list.right(), other)
        .unwrap_or_else(|| panic!("`{other}` on the top row"));
    assert_ne!(terminal.backend().buffer()[(x, list.y)].fg, Color::Yellow);
    // The detail pane marks the title of the selected paper too.
    let inner = areas.detail_inner;
    let title = h.app.selected_row().unwrap().paper.title.clone();
    let first_word = title.split_whitespace().next().unwrap();
    let marked_word = ["Brain", "brain", "Decoding", "decoding"]
        .into_iter()
        .find(|w| title.contains(w))
        .expect("the top hit's title has a query word");
    let x = find_word(&terminal, inner.y, inner.x..inner.right(), marked_word);
    let x =
        x.unwrap_or_else(|| panic!("`{marked_word}` on the detail's first line ({first_word}…)"));
    assert_marked(&terminal, x, inner.y, marked_word);
}

#[test]
fn help_overlay() {
    let mut h = Harness::new(120, 40);
    h.ch('?');
    assert!(matches!(h.app.mode, Mode::Help { .. }));
    let terminal = h.render();
    insta::assert_snapshot!("help_120x40", terminal.backend());
}

#[test]
fn link_picker() {
    let mut h = Harness::new(120, 40);
    h.select_id(AOT_GAN_ID);
    h.ch('l');
    assert!(matches!(h.app.mode, Mode::Links { .. }));
    let terminal = h.render();
    let rows = screen_rows(&terminal);
    assert!(
        rows.iter()
            .any(|r| r.contains("code") && r.contains("github.com/researchmm")),
        "the picker lists the code link"
    );
    insta::assert_snapshot!("links_aot_gan_120x40", terminal.backend());
}

#[test]
fn empty_result() {
    let mut h = Harness::new(80, 24);
    h.search_for("zzzzqqq");
    assert_eq!(h.app.results.total, 0);
    let terminal = h.render();
    insta::assert_snapshot!("empty_result_80x24", terminal.backend());
}

#[test]
fn too_small_terminal() {
    let mut h = Harness::new(30, 8);
    let terminal = h.render();
    insta::assert_snapshot!("too_small_30x8", terminal.backend());
}

#[test]
fn degenerate_sizes_draw() {
    let mut h = Harness::new(1, 1);
    let terminal = h.render();
    assert_eq!(terminal.backend().buffer().area, Rect::new(0, 0, 1, 1));
    for (w, height) in [(80, 0), (0, 24), (0, 0), (1, 1)] {
        let terminal = h.render_at(w, height);
        assert_eq!(
            terminal.backend().buffer().area.area(),
            u32::from(w) * u32::from(height)
        );
    }
}

/// Puts the reader into mode `mode` (1 to 9): the detail pane, help, the
/// link picker, typing a query, the watches, a paper's text searched and
/// scrolled, its contents, its links, or the tag editor with a long tag.
fn enter_mode(h: &mut Harness, mode: usize) {
    match mode {
        6..=8 => {
            let id = h.selected_id();
            h.keep_document(&id, &quokka_paper());
            h.ch('r');
            h.ch('/');
            h.type_text("quokka");
            h.key(KeyCode::Enter);
            h.ch('n');
            match mode {
                7 => h.ch('T'),
                8 => h.ch('l'),
                _ => Vec::new(),
            };
        }
        1 => {
            h.key(KeyCode::Enter);
        }
        2 => {
            h.ch('?');
        }
        3 => {
            h.ch('l');
        }
        4 => {
            h.search_for("brain decoding");
            h.ch('/');
        }
        5 => {
            h.add_watches(&[("neuro", "neural"), ("brain", "brain -survey")]);
            h.ch('W');
            h.ch('S');
        }
        _ => {
            h.ch('t');
            h.type_text("a-very-long-tag-that-does-not-fit-the-editor-window-at-all");
        }
    }
}

/// Widths and heights around every layout threshold (too small, side by
/// side, the date column) and the extremes.
const EDGE_WIDTHS: [u16; 12] = [1, 2, 20, 39, 40, 41, 59, 60, 99, 100, 101, 130];
const EDGE_HEIGHTS: [u16; 9] = [1, 2, 5, 9, 10, 11, 24, 40, 45];

fn assert_draws(h: &mut Harness, width: u16, height: u16) {
    let terminal = h.render_at(width, height);
    let area = terminal.backend().buffer().area;
    assert_eq!((area.width, area.height), (width, height));
}

/// The list, on a grid over every size from 1×1 to 130×45 (a debug-build
/// test terminal is slow, so in steps), then the sizes around the edges.
#[test]
fn every_size_draws() {
    let mut h = Harness::new(120, 40);
    h.ch('G');
    for width in (1..=130).step_by(3) {
        for height in (1..=45).step_by(4) {
            assert_draws(&mut h, width, height);
        }
    }
    for width in EDGE_WIDTHS {
        for height in EDGE_HEIGHTS {
            assert_draws(&mut h, width, height);
        }
    }
}

/// Every overlay and pane at the sizes around the edges.
#[test]
fn every_mode_draws_at_edge_sizes() {
    for mode in 1..10 {
        let mut h = Harness::new(120, 40);
        h.ch('G');
        enter_mode(&mut h, mode);
        for width in EDGE_WIDTHS {
            for height in EDGE_HEIGHTS {
                assert_draws(&mut h, width, height);
            }
        }
    }
}

#[test]
fn the_editor_cursor_follows_wide_characters() {
    let mut h = Harness::new(120, 40);
    h.ch('t');
    h.ctrl('u');
    // Wider than the editor: it scrolls, and every character takes two columns.
    let tags = format!("{}🧠🦀", "深層学習 ".repeat(12));
    h.type_text(&tags);
    let mut terminal = h.render();
    let at = terminal.get_cursor_position().unwrap();
    let buffer = terminal.backend().buffer().clone();
    assert_eq!(
        buffer[(at.x - 2, at.y)].symbol(),
        "🦀",
        "the cursor is not right after the last character"
    );
    assert_eq!(buffer[(at.x, at.y)].symbol(), " ");
    // Back over the crab: the cursor sits on it.
    h.key(KeyCode::Left);
    let mut terminal = h.render();
    let at = terminal.get_cursor_position().unwrap();
    assert_eq!(terminal.backend().buffer()[(at.x, at.y)].symbol(), "🦀");
    assert_eq!(terminal.backend().buffer()[(at.x - 2, at.y)].symbol(), "🧠");
}

#[test]
fn read_only_says_so_and_hides_the_editing_keys() {
    let mut h = Harness::new(120, 40);
    h.app.read_only = true;
    let terminal = h.render();
    insta::assert_snapshot!("read_only_120x40", terminal.backend());
    let rows = screen_rows(&terminal);
    assert!(rows[0].contains("read-only"), "{}", rows[0]);
    let footer = &rows[39];
    assert!(footer.contains(READ_ONLY_MESSAGE), "{footer}");
    for hidden in ["b bookmark", "S sync"] {
        assert!(!footer.contains(hidden), "{footer}");
    }
    assert!(footer.contains("/ search"), "{footer}");
    // A refused key leaves the notice in the top bar.
    h.ch('b');
    let rows = screen_rows(&h.render());
    assert!(rows[39].contains(READ_ONLY_MESSAGE));
    assert!(rows[0].contains("read-only"));
    h.ch('?');
    // Every writing command, including those scrolled below the screen.
    let help: String = folio::tui::ui::help::help_lines(&h.app, 100)
        .iter()
        .map(|l| l.to_string() + "\n")
        .collect();
    assert_eq!(help.matches("(off: read-only)").count(), 9, "{help}");
}

#[test]
fn a_long_query_keeps_the_cursor_after_its_last_character() {
    let mut h = Harness::new(80, 24);
    h.ch('/');
    h.type_text(&"brain decoding ".repeat(6));
    h.type_text("脳");
    let mut terminal = h.render();
    let at = terminal.get_cursor_position().unwrap();
    assert_eq!(at.y, 0);
    let buffer = terminal.backend().buffer();
    assert_eq!(
        buffer[(at.x - 2, 0)].symbol(),
        "脳",
        "{}",
        screen_rows(&terminal)[0]
    );
    assert_eq!(buffer[(at.x, 0)].symbol(), " ");
}

/// Three Hugging Face papers with 12,345, 40 and no GitHub stars.
const STARRED_HF: &str = r#"[
{"paper":{"id":"2606.00001","title":"Forty Stars","summary":"A repository with a few stars.","authors":[{"name":"Ada Lovelace"}],"publishedAt":"2026-06-10T00:00:00.000Z","upvotes":3,"githubRepo":"https://github.com/o/forty","githubStars":40}},
{"paper":{"id":"2606.00002","title":"No Stars","summary":"No repository at all.","authors":[{"name":"Ada Lovelace"}],"publishedAt":"2026-06-11T00:00:00.000Z","upvotes":9}},
{"paper":{"id":"2606.00003","title":"Many Stars","summary":"A famous repository.","authors":[{"name":"Grace Hopper"}],"publishedAt":"2026-06-09T00:00:00.000Z","upvotes":1,"githubRepo":"https://github.com/o/many","githubStars":12345}}
]"#;

#[test]
fn sorted_by_stars() {
    let mut h = Harness::new(120, 40);
    h.store
        .import_text(STARRED_HF, Some(folio::ingest::Format::Hf), "stars.json")
        .expect("the starred papers import");
    while h.app.effective_sort() != folio::index::Sort::Stars {
        h.ch('s');
    }
    assert_eq!(h.selected_id(), "2606.00003", "most stars on top");
    let terminal = h.render();
    let rows = screen_rows(&terminal);
    assert!(rows[0].contains("by stars"), "top bar: {:?}", rows[0]);
    // The list shows stars where the votes are; the detail pane beside the code link.
    assert!(
        rows.iter()
            .any(|r| r.contains("Many Stars") && r.contains("★12k"))
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("https://github.com/o/many  ★ 12k")),
        "{rows:#?}"
    );
    insta::assert_snapshot!("sorted_by_stars_120x40", terminal.backend());
}

#[test]
fn new_papers_have_their_own_dot_until_the_user_has_looked() {
    let mut h = Harness::new(120, 40);
    let areas = layout::areas(Rect::new(0, 0, 120, 40)).unwrap();
    // The unread dot is the second cell of a list row.
    let dot = |terminal: &Terminal<TestBackend>| {
        let cell = &terminal.backend().buffer()[(areas.list.x + 1, areas.list.y)];
        (cell.symbol().to_string(), cell.fg)
    };
    // A fresh data dir: nothing was looked at yet, every paper is new.
    assert_eq!(dot(&h.render()), ("●".to_string(), Color::Yellow));
    let looked = h
        .store
        .library()
        .update(|s| {
            s.touch_last_looked(chrono::Utc::now());
            s.clone()
        })
        .unwrap();
    h.send(folio::tui::event::Event::Library(looked));
    assert_eq!(
        dot(&h.render()),
        ("●".to_string(), Color::Cyan),
        "seen, still unread"
    );
}

#[test]
fn watches_view() {
    let mut h = Harness::new(120, 40);
    h.store
        .library()
        .update(|s| s.touch_last_looked(chrono::Utc::now()))
        .unwrap();
    h.add_watches(&[
        ("neuro", "neural OR neurons"),
        ("brain", "brain -survey"),
        ("nothing-yet", "quokka"),
    ]);
    h.ch('W');
    h.ch('j');
    let terminal = h.render();
    insta::assert_snapshot!("watches_120x40", terminal.backend());
}

#[test]
fn sync_progress_in_the_footer() {
    use folio::sync::all::SourceProgress;
    use folio::tui::event::Event;
    let mut h = Harness::new(120, 40);
    h.ch('S');
    for (label, progress) in [
        ("hf", SourceProgress::Fetching("page 1: 100 papers".into())),
        ("hf-trending", SourceProgress::Importing),
        (
            "arxiv `cat:cs.CV AND abs:diffusion`",
            SourceProgress::Waiting,
        ),
        (
            "arxiv-new cs.CV+cs.LG",
            SourceProgress::Failed("HTTP 503".into()),
        ),
    ] {
        h.send(Event::SyncProgress(label.into(), progress));
    }
    let terminal = h.render();
    insta::assert_snapshot!("sync_progress_120x40", terminal.backend());
}

/// A reader at `width`×`height` reading the hand-built quokka paper.
fn reading(width: u16, height: u16) -> Harness {
    let mut h = Harness::new(width, height);
    let id = h.selected_id();
    h.keep_document(&id, &quokka_paper());
    h.ch('r');
    assert_eq!(h.app.mode, Mode::Text);
    h
}

#[test]
fn text_view() {
    for (width, height) in [(120, 40), (80, 24)] {
        let mut h = reading(width, height);
        let terminal = h.render();
        insta::assert_snapshot!(format!("text_top_{width}x{height}"), terminal.backend());
        // The method: a theorem, its proof and a numbered equation.
        h.ch(']');
        h.ch(']');
        let terminal = h.render();
        let rows = screen_rows(&terminal);
        assert!(rows[0].contains("§ 2 Method"), "{}", rows[0]);
        let equation = rows
            .iter()
            .find(|r| r.contains("E = ½ m v²"))
            .expect("the equation");
        assert!(equation.trim_end().ends_with("(1)"), "{equation}");
        insta::assert_snapshot!(format!("text_method_{width}x{height}"), terminal.backend());
    }
}

#[test]
fn text_view_marks_the_matches_of_its_search() {
    let mut h = reading(120, 40);
    h.ch('/');
    h.type_text("STUMBLE");
    h.key(KeyCode::Enter);
    let terminal = h.render();
    let rows = screen_rows(&terminal);
    let y = rows
        .iter()
        .position(|r| r.contains("stumble"))
        .expect("the match on screen") as u16;
    let x = find_word(&terminal, y, 0..120, "stumble").unwrap();
    let cell = &terminal.backend().buffer()[(x, y)];
    assert_eq!(cell.bg, Color::Yellow, "the current match");
    assert!(rows[39].contains("match 1 of 1"), "{}", rows[39]);
}

#[test]
fn text_contents_popup() {
    for (width, height) in [(120, 40), (80, 24)] {
        let mut h = reading(width, height);
        h.ch('T');
        h.ch('j');
        let terminal = h.render();
        insta::assert_snapshot!(format!("text_toc_{width}x{height}"), terminal.backend());
    }
}

#[test]
fn text_links_popup() {
    let mut h = reading(120, 40);
    h.ch('l');
    let terminal = h.render();
    insta::assert_snapshot!("text_links_120x40", terminal.backend());
}

/// Bookmarks `ids` as another process would, and tells the reader.
fn bookmark(h: &mut Harness, ids: &[&str]) {
    for id in ids {
        let state = tui_common::apply_library_op(
            &h.store,
            &folio::tui::update::LibraryOp::SetBookmark(id.to_string(), true),
            h.now,
        );
        h.send(folio::tui::event::Event::Library(state));
    }
}

#[test]
fn for_you_view_with_why() {
    let mut h = Harness::new(120, 40);
    bookmark(
        &mut h,
        &[
            "hopfield-networks-is-all-you-need",
            "parallel-learning-by-multitasking-neural-networks",
            "interpreting-attention-layer-outputs-with-sparse-autoencoders",
        ],
    );
    h.ch('F');
    assert!(h.learn_taste());
    let terminal = h.render();
    let screen = screen_rows(&terminal).join("\n");
    assert!(screen.contains("why: because you kept"), "{screen}");
    insta::assert_snapshot!("for_you_120x40", terminal.backend());
}

#[test]
fn for_you_without_bookmarks() {
    let mut h = Harness::new(80, 24);
    h.ch('F');
    let terminal = h.render();
    insta::assert_snapshot!("for_you_no_bookmarks_80x24", terminal.backend());
}

/// `NO_COLOR`: the main list searched, drawn with no colour at all, still
/// shows which paper is selected (reversed) and which words matched (bold or
/// underlined).
#[test]
fn no_color_theme_marks_selection_and_matches_without_colour() {
    let mut h = Harness::new(120, 40);
    h.app.theme = Theme::no_color();
    h.search_for("brain decoding");
    let terminal = h.render();
    let buffer = terminal.backend().buffer();
    for (i, cell) in buffer.content().iter().enumerate() {
        assert_eq!(
            cell.fg,
            Color::Reset,
            "fg of cell {i} ({:?})",
            cell.symbol()
        );
        assert_eq!(
            cell.bg,
            Color::Reset,
            "bg of cell {i} ({:?})",
            cell.symbol()
        );
    }
    let list = layout::areas(Rect::new(0, 0, 120, 40)).unwrap().list;
    let reversed = (list.x..list.right())
        .filter(|&x| buffer[(x, list.y)].modifier.contains(Modifier::REVERSED))
        .count();
    assert!(
        reversed as u16 >= list.width / 2,
        "only {reversed} cells of the selected row are reversed"
    );
    let below = list.y + 2;
    assert!(
        (list.x..list.right()).all(|x| !buffer[(x, below)].modifier.contains(Modifier::REVERSED)),
        "row {below} is not selected yet drawn reversed"
    );
    let mut checked = 0;
    for y in list.y..list.bottom() {
        let xs = list.x..list.right();
        if let (Some(bx), Some(dx)) = (
            find_word(&terminal, y, xs.clone(), "Brain"),
            find_word(&terminal, y, xs, "decoding"),
        ) {
            for (x, word) in [(bx, "Brain"), (dx, "decoding")] {
                for i in 0..word.len() as u16 {
                    let modifier = buffer[(x + i, y)].modifier;
                    assert!(
                        modifier.intersects(Modifier::BOLD | Modifier::UNDERLINED),
                        "cell {i} of `{word}` at row {y}: {modifier:?}"
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "no listed title shows `Brain … decoding`");
}

/// The light palette draws with the 16 named colours only.
#[test]
fn light_theme_draws_with_named_colours_only() {
    let mut h = Harness::new(120, 40);
    h.app.theme = Theme::light();
    h.search_for("brain decoding");
    let terminal = h.render();
    for cell in terminal.backend().buffer().content() {
        for color in [cell.fg, cell.bg] {
            assert!(
                !matches!(color, Color::Rgb(..) | Color::Indexed(_)),
                "{color:?}"
            );
        }
    }
}
