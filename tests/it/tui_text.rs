//! The text view through the pure update: opening a paper's text (kept, or
//! fetched and failing, or abandoned with Esc), scrolling, the contents
//! popup, section jumps, the search with n/N, the links popup, leaving, and
//! the reading position kept across visits and width changes.

use crate::tui_common::Harness;
use crate::tui_common::document::quokka_paper;
use crossterm::event::{KeyCode, MouseEventKind};
use folio::fulltext::positions::READING_FILE;
use folio::tui::state::Mode;
use folio::tui::update::Effect;

/// A reader at 120×40 with the selected paper's text kept; returns its id.
fn reader_with_text() -> (Harness, String) {
    let mut h = Harness::new(120, 40);
    let id = h.selected_id();
    h.keep_document(&id, &quokka_paper());
    (h, id)
}

fn status(h: &Harness) -> String {
    h.app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn top(h: &Harness) -> usize {
    h.app.text.as_ref().expect("the text is open").top
}

fn toc_line(h: &Harness, i: usize) -> usize {
    h.app.text.as_ref().unwrap().layout.toc[i].line
}

#[test]
fn r_opens_the_text_and_the_keys_scroll_it() {
    let (mut h, id) = reader_with_text();
    let effects = h.ch('r');
    assert_eq!(
        effects,
        [Effect::OpenText {
            id: id.clone(),
            width: folio::tui::text_view::column_width(h.app.size)
        }]
    );
    assert_eq!(h.app.mode, Mode::Text);
    assert_eq!(top(&h), 0);
    h.ch('j');
    h.key(KeyCode::Down);
    assert_eq!(top(&h), 2);
    h.ch('k');
    assert_eq!(top(&h), 1);
    h.ctrl('d');
    assert_eq!(top(&h), 1 + 19, "half of the 38 rows of text");
    h.ctrl('u');
    assert_eq!(top(&h), 1);
    h.key(KeyCode::PageDown);
    assert_eq!(top(&h), 39);
    h.ch('G');
    let lines = h.app.text.as_ref().unwrap().layout.lines.len();
    assert_eq!(top(&h), lines - 38, "the end of the text at the bottom");
    h.ch('j');
    assert_eq!(top(&h), lines - 38, "not past the end");
    h.ch('g');
    h.mouse(MouseEventKind::ScrollDown, 10, 10);
    assert_eq!(top(&h), 3);
    h.mouse(MouseEventKind::ScrollUp, 10, 10);
    assert_eq!(top(&h), 0);
}

#[test]
fn esc_goes_back_to_the_list_with_the_selection_unchanged() {
    let mut h = Harness::new(120, 40);
    h.ch('j');
    h.ch('j');
    let id = h.selected_id();
    h.keep_document(&id, &quokka_paper());
    h.ch('r');
    h.ch('j');
    let effects = h.key(KeyCode::Esc);
    assert_eq!(h.app.mode, Mode::List);
    assert!(h.app.text.is_none());
    assert_eq!(h.app.selected, 2);
    assert!(matches!(&effects[..], [Effect::SavePosition { id: saved, .. }] if *saved == id));
    // q leaves too, from the detail pane back to it.
    h.key(KeyCode::Enter);
    h.ch('r');
    assert_eq!(h.app.mode, Mode::Text);
    h.ch('q');
    assert_eq!(h.app.mode, Mode::Detail);
    assert!(!h.app.quit);
}

#[test]
fn t_lists_the_sections_and_enter_jumps() {
    let (mut h, _) = reader_with_text();
    h.ch('r');
    h.ch('T');
    assert_eq!(h.app.mode, Mode::TextToc { selected: 0 });
    h.ch('j');
    h.ch('j');
    h.ch('k');
    h.ch('j');
    assert_eq!(h.app.mode, Mode::TextToc { selected: 2 });
    h.key(KeyCode::Enter);
    assert_eq!(h.app.mode, Mode::Text);
    assert_eq!(top(&h), toc_line(&h, 2));
    let view = h.app.text.as_ref().unwrap();
    assert_eq!(view.layout.toc[2].heading, "§2.1 Priors");
    // It opens on the current section; Esc closes it without moving.
    h.ch('T');
    assert_eq!(h.app.mode, Mode::TextToc { selected: 2 });
    h.ch('j');
    h.key(KeyCode::Esc);
    assert_eq!(h.app.mode, Mode::Text);
    assert_eq!(top(&h), toc_line(&h, 2));
}

#[test]
fn brackets_step_through_the_sections() {
    let (mut h, _) = reader_with_text();
    h.ch('r');
    h.ch(']');
    assert_eq!(top(&h), toc_line(&h, 0));
    h.ch(']');
    assert_eq!(top(&h), toc_line(&h, 1));
    h.ch('j');
    h.ch('[');
    assert_eq!(
        top(&h),
        toc_line(&h, 1),
        "back to the start of this section"
    );
    h.ch('[');
    assert_eq!(top(&h), toc_line(&h, 0));
    h.ch('[');
    assert_eq!(top(&h), 0, "then the top");
    h.ch('[');
    assert_eq!(status(&h), "this is the top");
    let sections = h.app.text.as_ref().unwrap().layout.toc.len();
    for _ in 0..sections {
        h.ch(']');
    }
    assert_eq!(top(&h), toc_line(&h, sections - 1));
    h.ch(']');
    assert_eq!(status(&h), "this is the last section");
}

#[test]
fn slash_searches_the_text_and_n_steps_through_the_matches() {
    let (mut h, _) = reader_with_text();
    h.ch('r');
    h.ch('/');
    assert!(matches!(h.app.mode, Mode::TextSearch(_)));
    h.type_text("QUOKKAS HOP");
    let hits = h.app.text.as_ref().unwrap().search.hits.len();
    assert!(hits > 10, "{hits} matches, case ignored");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.mode, Mode::Text);
    assert_eq!(status(&h), format!("match 1 of {hits}"));
    h.ch('n');
    assert_eq!(status(&h), format!("match 2 of {hits}"));
    h.ch('N');
    h.ch('N');
    assert_eq!(
        status(&h),
        format!("match {hits} of {hits}"),
        "wraps around"
    );
    let view = h.app.text.as_ref().unwrap();
    let last = view.search.hits.last().unwrap().line;
    assert!(
        view.top <= last && last < view.top + 38,
        "the match is on screen"
    );
    // Esc while typing drops the search.
    h.ch('/');
    h.key(KeyCode::Esc);
    assert!(h.app.text.as_ref().unwrap().search.hits.is_empty());
    h.ch('n');
    assert_eq!(status(&h), "no search yet: / searches the text");
    h.ch('/');
    h.type_text("wombat");
    h.key(KeyCode::Enter);
    assert_eq!(status(&h), "no match for wombat");
}

#[test]
fn l_lists_the_papers_links_and_a_number_opens_one() {
    let (mut h, _) = reader_with_text();
    h.ch('r');
    h.ch('l');
    assert_eq!(h.app.mode, Mode::TextLinks { selected: 0 });
    let links = h.app.text.as_ref().unwrap().layout.links.clone();
    assert_eq!(
        links.iter().map(|(_, u)| u.as_str()).collect::<Vec<_>>(),
        [
            "https://doi.org/10.1000/fall",
            "https://example.org/quokka",
            "https://arxiv.org/html/2501.11120/x1.png"
        ]
    );
    h.ch('2');
    assert_eq!(h.opened, ["https://example.org/quokka"]);
    h.ch('j');
    h.key(KeyCode::Enter);
    assert_eq!(
        h.opened.last().unwrap(),
        "https://arxiv.org/html/2501.11120/x1.png"
    );
    h.ch('9');
    assert_eq!(status(&h), "this text has no link 9");
    h.key(KeyCode::Esc);
    assert_eq!(h.app.mode, Mode::Text);
}

#[test]
fn the_position_is_kept_and_restored_even_at_another_width() {
    let (mut h, id) = reader_with_text();
    h.ch('r');
    h.ch(']');
    h.ch(']');
    h.ch(']');
    h.ch('j');
    let section = h.app.text.as_ref().unwrap().current_section();
    assert_eq!(section, Some(2));
    h.key(KeyCode::Esc);
    assert_eq!(h.saved_positions.len(), 1);
    assert_eq!(h.saved_positions[0].0, id);
    let kept = std::fs::read_to_string(h.store.data_dir().join(READING_FILE)).unwrap();
    assert!(kept.contains(&id), "{kept}");
    h.ch('r');
    assert_eq!(top(&h), toc_line(&h, 2) + 1);
    // Narrower: laid out again, still in the same section.
    h.render_at(70, 30);
    let view = h.app.text.as_ref().unwrap();
    assert_eq!(view.layout.width, 68);
    assert_eq!(view.current_section(), Some(2));
    h.key(KeyCode::Esc);
    h.render_at(120, 40);
    h.ch('r');
    assert_eq!(h.app.text.as_ref().unwrap().current_section(), Some(2));
}

#[test]
fn a_damaged_positions_file_only_costs_the_position() {
    let (mut h, _) = reader_with_text();
    std::fs::write(h.store.data_dir().join(READING_FILE), "{oops").unwrap();
    h.ch('r');
    assert_eq!(h.app.mode, Mode::Text);
    assert_eq!(top(&h), 0);
    assert!(status(&h).contains("damaged"), "{}", status(&h));
    h.ch('j');
    h.key(KeyCode::Esc);
    h.ch('r');
    assert_eq!(top(&h), 1, "saved over the damaged file");
}

#[test]
fn a_text_that_cannot_be_fetched_says_why_and_stays_on_the_list() {
    let mut h = Harness::new(120, 40);
    h.ch('j');
    h.ch('r');
    assert_eq!(h.app.mode, Mode::List);
    assert!(h.app.text.is_none());
    let why = h.app.status.clone().expect("a status");
    assert!(why.error, "{why:?}");
    assert_eq!(h.app.selected, 1);
}

#[test]
fn esc_while_fetching_stops_waiting_and_the_late_text_is_dropped() {
    let (mut h, _) = reader_with_text();
    h.hold_texts = true;
    h.ch('r');
    assert!(
        status(&h).starts_with("fetching the text of "),
        "{}",
        status(&h)
    );
    assert_eq!(h.app.mode, Mode::List);
    h.key(KeyCode::Esc);
    assert_eq!(status(&h), "stopped waiting for the text");
    h.answer_held_texts();
    assert_eq!(h.app.mode, Mode::List);
    assert!(h.app.text.is_none());
    // Asked again, it opens.
    h.hold_texts = false;
    h.ch('r');
    assert_eq!(h.app.mode, Mode::Text);
}

#[test]
fn p_downloads_the_pdf_unless_read_only() {
    let mut h = Harness::new(120, 40);
    let id = h.selected_id();
    let effects = h.ch('P');
    assert_eq!(effects, [Effect::FetchPdf { id: id.clone() }]);
    assert!(status(&h).starts_with("downloading the PDF of "));
    h.app.read_only = true;
    assert!(h.ch('P').is_empty());
    assert_eq!(h.pdf_fetches, [id]);
}

#[test]
fn help_from_the_text_returns_to_it() {
    let (mut h, _) = reader_with_text();
    h.ch('r');
    h.ch('?');
    assert!(matches!(h.app.mode, Mode::Help { .. }));
    h.key(KeyCode::Esc);
    assert_eq!(h.app.mode, Mode::Text);
}

#[test]
fn a_text_arriving_while_the_user_edits_does_not_take_the_screen() {
    let (mut h, _) = reader_with_text();
    h.hold_texts = true;
    h.ch('r');
    h.ch('t');
    assert!(matches!(h.app.mode, Mode::EditTags(_)));
    h.answer_held_texts();
    assert!(matches!(h.app.mode, Mode::EditTags(_)), "still editing");
    assert!(h.app.text.is_none());
    assert_eq!(status(&h), "the text is ready: press r to read it");
}
