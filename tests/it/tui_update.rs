//! The reader's behaviour without a terminal: keys, mouse and worker answers
//! go through the pure `update`, and the tests check the state it leaves and
//! the effects (searches, library writes, links to open) it asks for.

use crate::tui_common;

use crate::tui_common::{
    AOT_GAN_CODE, AOT_GAN_ID, DEMO_PAPERS, Harness, PATTERNNET_TITLE, row_text,
};
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEventKind};
use folio::config::Config;
use folio::index::Budget;
use folio::index::Sort;
use folio::store::ImportSummary;
use folio::sync::all::SourceProgress;
use folio::tui::event::{Event, SearchJob, SearchOutcome};
use folio::tui::keymap::Keymap;
use folio::tui::period::Period;
use folio::tui::search::{FIRST_PAGE, run_search, run_search_scored};
use folio::tui::state::{Mode, READ_ONLY_MESSAGE, Status, View};
use folio::tui::ui::{detail, layout};
use folio::tui::update::{Effect, LibraryOp, MAX_WORKER_RESTARTS};
use ratatui::layout::Rect;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// The searches among `effects`.
fn searches(effects: &[Effect]) -> Vec<SearchJob> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Search(job) => Some(job.clone()),
            _ => None,
        })
        .collect()
}

/// The one search among `effects`.
fn only_search(effects: &[Effect]) -> SearchJob {
    let jobs = searches(effects);
    assert_eq!(jobs.len(), 1, "expected one search in {effects:?}");
    jobs.into_iter().next().unwrap()
}

fn list_height(h: &Harness) -> usize {
    let (w, ht) = h.app.size;
    usize::from(layout::areas(Rect::new(0, 0, w, ht)).unwrap().list.height)
}

/// The selected row is on screen and the list is not scrolled past its end.
fn assert_visible(h: &Harness) {
    let height = list_height(h);
    let (selected, offset) = (h.app.selected, h.app.offset);
    assert!(
        offset <= selected && selected < offset + height,
        "selected {selected} off screen (offset {offset}, height {height})"
    );
    assert!(offset + height <= h.app.results.len().max(height));
}

fn error_status(h: &Harness) -> String {
    match &h.app.status {
        Some(Status { text, error: true }) => text.clone(),
        other => panic!("expected an error status, got {other:?}"),
    }
}

#[test]
fn moving_keeps_the_selection_on_screen() {
    let mut h = Harness::new(80, 24);
    let height = list_height(&h);
    assert!(height > 2 && height < DEMO_PAPERS);
    assert_eq!(h.app.results.len(), DEMO_PAPERS);

    h.ch('j');
    h.ch('j');
    assert_eq!((h.app.selected, h.app.offset), (2, 0));
    h.ch('k');
    assert_eq!(h.app.selected, 1);
    h.ch('k');
    h.ch('k');
    assert_eq!(h.app.selected, 0, "k stops at the top");

    h.ctrl('d');
    assert_eq!(h.app.selected, height / 2);
    assert_visible(&h);
    h.key(KeyCode::PageDown);
    assert_eq!(h.app.selected, height / 2 + height);
    assert_eq!(
        h.app.offset,
        h.app.selected + 1 - height,
        "scrolled just enough"
    );
    assert_visible(&h);

    h.ch('G');
    assert_eq!(h.app.selected, DEMO_PAPERS - 1);
    assert_eq!(h.app.offset, DEMO_PAPERS - height);
    h.ch('j');
    assert_eq!(h.app.selected, DEMO_PAPERS - 1, "j stops at the bottom");
    assert_visible(&h);

    h.ctrl('u');
    assert_eq!(h.app.selected, DEMO_PAPERS - 1 - height / 2);
    assert_visible(&h);
    h.key(KeyCode::PageUp);
    assert_visible(&h);
    h.ch('g');
    assert_eq!((h.app.selected, h.app.offset), (0, 0));

    // A smaller terminal scrolls the list to keep the selection visible.
    h.ch('G');
    h.send(Event::Resize(80, 40));
    assert_visible(&h);
    h.send(Event::Resize(80, 12));
    assert_visible(&h);
}

#[test]
fn typing_a_query_searches_as_you_type() {
    let mut h = Harness::new(120, 40);
    assert!(h.ch('/').is_empty());
    assert_eq!(h.app.mode, Mode::Query);
    let effects = h.type_text("brain");
    let jobs = searches(&effects);
    let queries: Vec<&str> = jobs.iter().map(|j| j.query.as_str()).collect();
    assert_eq!(queries, ["b", "br", "bra", "brai", "brain"]);
    assert!(jobs.windows(2).all(|w| w[0].seq < w[1].seq), "{jobs:?}");
    assert_eq!(h.app.results.seq, jobs[4].seq);
    assert!(h.app.results.total > 0 && h.app.results.total < DEMO_PAPERS);
    // Enter keeps the query and returns to the list.
    assert!(h.key(KeyCode::Enter).is_empty());
    assert_eq!(h.app.mode, Mode::List);
    assert_eq!(h.app.query.text(), "brain");
}

#[test]
fn answers_to_old_queries_are_dropped() {
    let mut h = Harness::new(120, 40);
    h.ch('/');
    let first = only_search(&h.update_only(key('z')));
    let second = only_search(&h.update_only(key('z')));
    assert!(second.seq > first.seq);
    let before = h.app.results.seq;

    let stale = run_search(&h.store, &first);
    let effects = h.update_only(Event::Results(SearchOutcome {
        seq: first.seq,
        keep_selection: false,
        result: stale,
    }));
    assert!(effects.is_empty());
    assert_eq!(h.app.results.seq, before, "the stale answer was dropped");
    assert_eq!(h.app.results.total, DEMO_PAPERS);
    assert!(h.app.searching, "still waiting for the newest answer");

    let fresh = run_search(&h.store, &second);
    h.update_only(Event::Results(SearchOutcome {
        seq: second.seq,
        keep_selection: false,
        result: fresh,
    }));
    assert_eq!(h.app.results.seq, second.seq);
    assert_eq!(h.app.results.total, 0);
    assert!(!h.app.searching);
}

#[test]
fn an_uncounted_first_page_shows_plus_until_its_count_comes() {
    let mut h = Harness::new(120, 40);
    h.ch('/');
    let job = only_search(&h.update_only(key('a')));
    let first = run_search_scored(
        &h.store,
        &job,
        Budget {
            max_hits: 2,
            count: false,
            cancel: None,
        },
        |_, _| None,
    );
    h.update_only(Event::Results(SearchOutcome {
        seq: job.seq,
        keep_selection: false,
        result: first,
    }));
    assert!(h.app.results.uncounted);
    let top = tui_common::row_text(&h.render(), 0);
    assert!(top.contains(" 2+ papers"), "{top}");
    // A count for an older search changes nothing.
    h.update_only(Event::Counted {
        seq: job.seq - 1,
        total: 99,
    });
    assert_eq!(h.app.results.total, 2);
    h.update_only(Event::Counted {
        seq: job.seq,
        total: 5,
    });
    assert!(!h.app.results.uncounted);
    let top = tui_common::row_text(&h.render(), 0);
    assert!(top.contains(" 5 papers"), "{top}");
}

#[test]
fn esc_in_query_clears_it_and_searches() {
    let mut h = Harness::new(120, 40);
    h.ch('/');
    h.type_text("brain");
    let job = only_search(&h.key(KeyCode::Esc));
    assert_eq!(job.query, "");
    assert_eq!(h.app.mode, Mode::List);
    assert_eq!(h.app.query.text(), "");
    assert_eq!(h.app.results.total, DEMO_PAPERS);
    // Esc on an empty query only leaves query mode.
    h.ch('/');
    assert!(h.key(KeyCode::Esc).is_empty());
    assert_eq!(h.app.mode, Mode::List);
}

#[test]
fn reading_a_paper_marks_it_read_once() {
    let mut h = Harness::new(120, 40);
    let id = h.selected_id();
    let effects = h.key(KeyCode::Enter);
    assert_eq!(h.app.mode, Mode::Detail);
    assert_eq!(
        effects,
        vec![Effect::Library(LibraryOp::SetRead(id.clone(), true), h.now)]
    );
    assert!(h.app.user.is_read(&id));
    assert!(h.store.library().load().unwrap().is_read(&id), "saved");

    h.ch('q');
    assert_eq!(h.app.mode, Mode::List, "q in the detail pane goes back");
    assert!(!h.app.quit);
    assert!(h.key(KeyCode::Enter).is_empty(), "already read: no write");
    assert_eq!(h.app.mode, Mode::Detail);
    assert_eq!(h.library_ops.len(), 1);
}

#[test]
fn q_goes_back_then_quits() {
    let mut h = Harness::new(120, 40);
    h.key(KeyCode::Enter);
    h.ch('q');
    assert_eq!(h.app.mode, Mode::List);
    assert!(!h.app.quit);
    h.ch('q');
    assert!(h.app.quit);
}

#[test]
fn ctrl_c_quits_while_typing() {
    let mut h = Harness::new(120, 40);
    h.ch('/');
    h.type_text("q");
    assert!(!h.app.quit, "q is text while typing a query");
    assert_eq!(h.app.query.text(), "q");
    h.ctrl('c');
    assert!(h.app.quit);
}

#[test]
fn library_changes_carry_the_time_update_was_given() {
    let mut h = Harness::new(120, 40);
    let then = chrono::DateTime::parse_from_rfc3339("2025-02-03T04:05:06Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    h.now = then;
    let id = h.selected_id();
    h.send(key('b'));
    h.send(key('u'));
    let entry = h.app.user.entry(&id).cloned().unwrap();
    assert_eq!(entry.bookmarked, Some(then), "shown with the event's time");
    assert_eq!(entry.read, Some(then));
    let saved = h.store.library().load().unwrap();
    let saved = saved.entry(&id).unwrap();
    assert_eq!(saved.bookmarked, Some(then), "saved with the event's time");
    assert_eq!(saved.read, Some(then));
}

#[test]
fn b_toggles_the_bookmark_at_once() {
    let mut h = Harness::new(120, 40);
    let id = h.selected_id();
    let effects = h.update_only(key('b'));
    assert_eq!(
        effects,
        vec![Effect::Library(
            LibraryOp::SetBookmark(id.clone(), true),
            h.now
        )]
    );
    assert!(
        h.app.user.is_bookmarked(&id),
        "shown before the write lands"
    );
    let effects = h.update_only(key('b'));
    assert_eq!(
        effects,
        vec![Effect::Library(
            LibraryOp::SetBookmark(id.clone(), false),
            h.now
        )]
    );
    assert!(!h.app.user.is_bookmarked(&id));
}

#[test]
fn open_code_without_a_code_link_says_so() {
    let mut h = Harness::new(120, 40);
    h.select_title(PATTERNNET_TITLE);
    let effects = h.ch('c');
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(error_status(&h), "this paper has no code link");
    assert!(h.opened.is_empty());
}

#[test]
fn open_code_opens_the_repository() {
    let mut h = Harness::new(120, 40);
    h.select_id(AOT_GAN_ID);
    assert_eq!(h.ch('c'), vec![Effect::Open(AOT_GAN_CODE.to_string())]);
    assert_eq!(h.opened, [AOT_GAN_CODE]);
}

#[test]
fn link_picker_digits_open_and_y_copies() {
    let mut h = Harness::new(120, 40);
    h.select_id(AOT_GAN_ID);
    let links = h.app.selected_row().unwrap().paper.links().numbered();
    assert_eq!(links.len(), 2, "{links:?}");
    assert_eq!(links[1].1, AOT_GAN_CODE);

    h.ch('l');
    assert!(matches!(h.app.mode, Mode::Links { selected: 0, .. }));
    assert_eq!(h.ch('2'), vec![Effect::Open(AOT_GAN_CODE.to_string())]);
    assert_eq!(h.ch('1'), vec![Effect::Open(links[0].1.clone())]);
    assert!(h.ch('9').is_empty());
    assert_eq!(error_status(&h), "this paper has no link 9");

    // y copies the selected link; j moves the selection.
    h.ch('g');
    assert_eq!(h.ch('y'), vec![Effect::Copy(links[0].1.clone())]);
    h.ch('j');
    assert_eq!(h.ch('y'), vec![Effect::Copy(AOT_GAN_CODE.to_string())]);
    assert_eq!(h.copied.len(), 2);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.mode, Mode::List);
}

#[test]
fn s_cycles_the_sort() {
    let mut h = Harness::new(120, 40);
    assert_eq!(h.app.effective_sort(), Sort::Date);
    let mut seen = Vec::new();
    for _ in 0..Sort::ALL.len() {
        let job = only_search(&h.ch('s'));
        assert_eq!(job.sort, h.app.sort);
        seen.push(job.sort.expect("an explicit sort"));
        assert_eq!(h.app.effective_sort(), seen[seen.len() - 1]);
    }
    assert_eq!(
        seen,
        [
            Sort::ForYou,
            Sort::Upvotes,
            Sort::Stars,
            Sort::Title,
            Sort::Relevance,
            Sort::Date
        ]
    );
}

#[test]
fn d_cycles_the_period_and_brackets_step_it() {
    let mut h = Harness::new(120, 40);
    assert_eq!(h.app.newest, Some(day(2026, 3, 14)));
    let expected = [
        Period::Day(day(2026, 3, 14)),
        Period::Week(day(2026, 3, 9)),
        Period::Month(day(2026, 3, 1)),
        Period::All,
    ];
    for period in expected {
        let job = only_search(&h.ch('d'));
        assert_eq!(job.period, period);
        assert_eq!(h.app.period, period);
        assert_eq!(h.app.results.total, DEMO_PAPERS, "every paper is of Mar 14");
    }

    // With all dates, [ and ] only explain themselves.
    assert!(h.ch('[').is_empty());
    assert_eq!(
        h.app.status.as_ref().map(|s| s.text.as_str()),
        Some("press d to pick a day, week or month first")
    );

    h.ch('d');
    let job = only_search(&h.ch('['));
    assert_eq!(job.period, Period::Day(day(2026, 3, 13)));
    assert_eq!(h.app.results.total, 0);
    let job = only_search(&h.ch(']'));
    assert_eq!(job.period, Period::Day(day(2026, 3, 14)));
    assert_eq!(h.app.results.total, DEMO_PAPERS);
    h.ch('d');
    let job = only_search(&h.ch(']'));
    assert_eq!(job.period, Period::Week(day(2026, 3, 16)));
    assert_eq!(h.app.results.total, 0);
}

#[test]
fn views_toggle() {
    let mut h = Harness::new(120, 40);
    let first = h.selected_id();
    h.ch('b');
    let job = only_search(&h.ch('B'));
    assert_eq!(job.view, View::Bookmarks);
    assert_eq!(h.app.view, View::Bookmarks);
    assert_eq!(h.app.results.total, 1);
    assert_eq!(h.selected_id(), first);
    let job = only_search(&h.ch('B'));
    assert_eq!(job.view, View::All);
    assert_eq!(h.app.results.total, DEMO_PAPERS);

    h.key(KeyCode::Enter); // marks the first paper read
    h.ch('q');
    let job = only_search(&h.ch('U'));
    assert_eq!(job.view, View::Unread);
    assert_eq!(h.app.results.total, DEMO_PAPERS - 1);
    assert_ne!(h.selected_id(), first);
    h.ch('U');
    assert_eq!(h.app.view, View::All);
    assert_eq!(h.app.results.total, DEMO_PAPERS);
}

#[test]
fn m_shows_similar_papers_and_q_returns() {
    let mut h = Harness::new(120, 40);
    h.select_id(AOT_GAN_ID);
    let job = only_search(&h.ch('m'));
    assert_eq!(job.similar.as_deref(), Some(AOT_GAN_ID));
    let similar = h.app.similar.clone().expect("similar is set");
    assert_eq!(similar.id, AOT_GAN_ID);
    assert!(similar.title.starts_with("Aggregated Contextual"));
    assert!(h.app.results.total > 0);
    assert_eq!(h.app.selected, 0);

    let job = only_search(&h.ch('q'));
    assert!(!h.app.quit, "q leaves the similar list first");
    assert_eq!(job.similar, None);
    assert_eq!(h.app.similar, None);
    assert_eq!(h.app.results.total, DEMO_PAPERS);
}

#[test]
fn a_query_error_keeps_the_results_and_the_query() {
    let mut h = Harness::new(120, 40);
    h.ch('/');
    h.type_text("title");
    let (seq, total) = (h.app.results.seq, h.app.results.total);
    h.ch(':');
    let message = error_status(&h);
    assert!(message.contains("`title:` needs a value"), "{message}");
    assert_eq!(h.app.query.text(), "title:");
    assert_eq!(h.app.mode, Mode::Query);
    assert_eq!((h.app.results.seq, h.app.results.total), (seq, total));
    assert!(!h.app.searching, "an error answers the search");
}

#[test]
fn clicking_a_row_selects_it_and_the_wheel_scrolls() {
    let mut h = Harness::new(120, 40);
    let areas = layout::areas(Rect::new(0, 0, 120, 40)).unwrap();
    let list = areas.list;
    let height = usize::from(list.height);
    assert!(h.click(list.x + 5, list.y + 3).is_empty());
    assert_eq!(h.app.selected, 3);

    h.mouse(MouseEventKind::ScrollDown, list.x + 5, list.y + 1);
    assert_eq!(h.app.offset, 3);
    assert_eq!(h.app.selected, 3);
    h.mouse(MouseEventKind::ScrollDown, list.x + 5, list.y + 1);
    assert_eq!(h.app.offset, 6);
    assert_eq!(h.app.selected, 6, "the selection stays on screen");
    for _ in 0..DEMO_PAPERS {
        h.mouse(MouseEventKind::ScrollDown, list.x + 5, list.y + 1);
    }
    assert_eq!(h.app.offset, DEMO_PAPERS - height, "stops at the end");
    h.mouse(MouseEventKind::ScrollUp, list.x + 5, list.y + 1);
    assert_eq!(h.app.offset, DEMO_PAPERS - height - 3);

    // A click under the last row selects nothing.
    let mut short = Harness::new(120, 40);
    short.search_for("brain decoding");
    let count = short.app.results.len();
    assert!(count < height);
    short.click(list.x + 5, list.y + count as u16 + 1);
    assert_eq!(short.app.selected, 0);
    short.click(list.x + 5, list.y + count as u16 - 1);
    assert_eq!(short.app.selected, count - 1);
}

#[test]
fn clicking_the_code_link_in_the_detail_pane_opens_it() {
    for (width, height) in [(120, 40), (80, 24)] {
        let mut h = Harness::new(width, height);
        h.select_id(AOT_GAN_ID);
        let inner = layout::areas(Rect::new(0, 0, width, height))
            .unwrap()
            .detail_inner;
        let row = h.app.selected_row().unwrap().clone();
        let text = detail::detail_text(
            &row,
            h.app.user.entry(AOT_GAN_ID),
            None,
            usize::from(inner.width),
        );
        let (line, _) = text
            .links
            .iter()
            .find(|(_, url)| url == AOT_GAN_CODE)
            .expect("the detail text has the code link");
        let y = inner.y + u16::try_from(*line).unwrap();
        assert!(y < inner.bottom(), "the code line is on screen");
        assert_eq!(
            h.click(inner.x + 3, y),
            vec![Effect::Open(AOT_GAN_CODE.to_string())]
        );
        // The line above the links is blank: clicking it opens nothing.
        let first_link = text.links[0].0;
        let blank = inner.y + u16::try_from(first_link - 1).unwrap();
        assert!(h.click(inner.x + 3, blank).is_empty());
        assert_eq!(h.opened, [AOT_GAN_CODE]);
    }
}

#[test]
fn t_edits_tags() {
    let mut h = Harness::new(120, 40);
    let id = h.selected_id();
    h.ch('t');
    assert!(matches!(h.app.mode, Mode::EditTags(_)));
    assert!(h.type_text("ml reading").is_empty(), "typing saves nothing");
    let effects = h.key(KeyCode::Enter);
    let tags = vec!["ml".to_string(), "reading".to_string()];
    assert_eq!(
        effects,
        vec![Effect::Library(
            LibraryOp::SetTags(id.clone(), tags.clone()),
            h.now
        )]
    );
    assert_eq!(h.app.mode, Mode::List);
    let saved: Vec<String> = h
        .store
        .library()
        .load()
        .unwrap()
        .entry(&id)
        .unwrap()
        .tags
        .iter()
        .cloned()
        .collect();
    assert_eq!(saved, tags);
    // Editing again starts from the saved tags.
    h.ch('t');
    match &h.app.mode {
        Mode::EditTags(input) => assert_eq!(input.text(), "ml reading"),
        other => panic!("{other:?}"),
    }
    assert!(h.key(KeyCode::Esc).is_empty(), "Esc cancels");
    assert_eq!(h.app.mode, Mode::List);
}

#[test]
fn n_edits_the_note() {
    let mut h = Harness::new(120, 40);
    let id = h.selected_id();
    h.ch('n');
    assert!(matches!(h.app.mode, Mode::EditNote(_)));
    h.type_text("read later");
    let effects = h.key(KeyCode::Enter);
    assert_eq!(
        effects,
        vec![Effect::Library(
            LibraryOp::SetNote(id.clone(), Some("read later".to_string())),
            h.now
        )]
    );
    assert_eq!(
        h.app
            .user
            .entry(&id)
            .and_then(|e| e.note.clone())
            .as_deref(),
        Some("read later")
    );
    // Clearing the text removes the note.
    h.ch('n');
    h.ctrl('u');
    let effects = h.key(KeyCode::Enter);
    assert_eq!(
        effects,
        vec![Effect::Library(LibraryOp::SetNote(id.clone(), None), h.now)]
    );
    assert_eq!(h.app.status.as_ref().unwrap().text, "note removed");
}

/// A reader at 120×40 with the `[keys]` tables of `config`.
fn with_keys(config: &str) -> Harness {
    let config = Config::parse(config).unwrap();
    Harness::with_keymap(Keymap::new(&config.keys).unwrap(), 120, 40)
}

#[test]
fn e_hands_the_note_to_the_editor_and_saves_what_it_left() {
    let mut h = Harness::new(120, 40);
    let id = h.selected_id();
    h.ch('e');
    assert_eq!(h.editor_requests, vec![(id.clone(), None)]);
    // The editor left two lines: both are kept, and the paper is bookmarked.
    let effects = h.send(Event::NoteEdited {
        id: id.clone(),
        old: None,
        result: Ok("first line\nsecond line  \n\n".into()),
    });
    let note = "first line\nsecond line".to_string();
    assert!(
        effects.contains(&Effect::Library(
            LibraryOp::SetNote(id.clone(), Some(note.clone())),
            h.now
        )),
        "{effects:?}"
    );
    assert_eq!(h.app.user.note_of(&id).as_deref(), Some(note.as_str()));
    assert!(h.app.user.is_bookmarked(&id));
    assert_eq!(
        h.app.status.as_ref().unwrap().text,
        format!("saved the note on {id} and bookmarked it")
    );
    assert_eq!(
        h.store.library().load().unwrap().note_of(&id).as_deref(),
        Some(note.as_str()),
        "saved in the library file"
    );

    // The next edit starts from the saved note.
    h.ch('e');
    assert_eq!(h.editor_requests[1], (id.clone(), Some(note.clone())));
    // `n`'s one-line field would join the lines: it points to `e` instead.
    h.ch('n');
    assert_eq!(h.app.mode, Mode::List);
    let status = h.app.status.clone().unwrap();
    assert!(status.text.contains("press e"), "{}", status.text);

    // An editor that failed changes nothing and says why.
    let effects = h.send(Event::NoteEdited {
        id: id.clone(),
        old: Some(note.clone()),
        result: Err("the editor `false` ended with exit status: 1".into()),
    });
    assert!(effects.is_empty(), "{effects:?}");
    let status = h.app.status.clone().unwrap();
    assert!(
        status.error && status.text.contains("unchanged"),
        "{status:?}"
    );

    // A file left as it was writes nothing; an emptied one removes the note.
    let effects = h.send(Event::NoteEdited {
        id: id.clone(),
        old: Some(note.clone()),
        result: Ok(format!("{note}\n")),
    });
    assert!(effects.is_empty(), "{effects:?}");
    let effects = h.send(Event::NoteEdited {
        id: id.clone(),
        old: Some(note),
        result: Ok(String::new()),
    });
    assert!(
        effects.contains(&Effect::Library(
            LibraryOp::SetNote(id.clone(), None),
            h.now
        )),
        "{effects:?}"
    );
    assert!(h.app.user.is_bookmarked(&id), "the bookmark stays");
}

#[test]
fn rebound_keys_run_their_command() {
    let mut h = with_keys("[keys]\nopen_code = \"x\"\n");
    h.select_id(AOT_GAN_ID);
    assert!(h.ch('c').is_empty(), "c is no longer open_code");
    assert_eq!(h.ch('x'), vec![Effect::Open(AOT_GAN_CODE.to_string())]);
}

#[test]
fn a_key_bound_to_a_links_command_still_opens_the_paper_in_the_list() {
    let mut h = with_keys("[keys]\ncopy_link = \"o\"\n");
    h.select_id(AOT_GAN_ID);
    let opened = h.ch('o');
    assert!(
        matches!(opened.as_slice(), [Effect::Open(url)] if url.contains("arxiv")),
        "{opened:?}"
    );
    // In the link picker, o copies the selected link.
    h.ch('l');
    let copied = h.ch('o');
    assert!(matches!(copied.as_slice(), [Effect::Copy(_)]), "{copied:?}");
}

#[test]
fn the_query_history_brings_back_kept_queries() {
    let mut h = Harness::new(120, 40);
    for query in ["hopfield", "diffusion"] {
        h.ch('/');
        h.type_text(query);
        h.key(KeyCode::Enter);
        h.key(KeyCode::Esc);
    }
    assert_eq!(h.app.query.text(), "");
    h.ch('/');
    h.type_text("dra");
    h.ctrl('p');
    assert_eq!(h.app.query.text(), "diffusion");
    h.ctrl('p');
    assert_eq!(h.app.query.text(), "hopfield");
    h.ctrl('n');
    h.ctrl('n');
    assert_eq!(h.app.query.text(), "dra");
    // Editing keys are commands too: Ctrl-w deletes the word, Home/End move.
    h.type_text(" net");
    h.ctrl('w');
    assert_eq!(h.app.query.text(), "dra ");
    h.key(KeyCode::Home);
    h.type_text("x");
    assert_eq!(h.app.query.text(), "xdra ");
}

#[test]
fn index_changes_refresh_and_keep_the_selection() {
    let mut h = Harness::new(120, 40);
    h.ch('j');
    h.ch('j');
    let job = only_search(&h.send(Event::IndexChanged));
    assert!(job.keep_selection);
    assert_eq!(h.app.selected, 2);
}

#[test]
fn a_typed_search_asks_first_for_a_screenful_and_a_refresh_for_several() {
    for rows in [24, 60] {
        let mut h = Harness::new(120, rows);
        let refresh = only_search(&h.send(Event::IndexChanged));
        assert_eq!(refresh.first_page, FIRST_PAGE);
        h.ch('/');
        let typed = only_search(&h.update_only(key('a')));
        assert!(
            (list_height(&h)..=usize::from(rows)).contains(&typed.first_page),
            "{} rows: a first page of {}",
            rows,
            typed.first_page
        );
    }
}

#[test]
fn capital_s_runs_one_sync_and_shows_each_source_in_the_footer() {
    let mut h = Harness::new(120, 40);
    let effects = h.ch('S');
    assert_eq!(effects, vec![Effect::Sync]);
    assert_eq!(h.syncs, 1);
    let footer = |h: &mut Harness| row_text(&h.render(), 39);
    assert!(
        footer(&mut h).contains("sync  starting…"),
        "{}",
        footer(&mut h)
    );
    // A second S while it runs starts nothing.
    assert_eq!(h.ch('S'), vec![]);
    assert!(
        h.app
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("already running")
    );
    h.ch('j'); // any key clears the status; the progress shows again
    for (label, progress) in [
        ("hf", SourceProgress::Waiting),
        ("arxiv `cat:cs.CV`", SourceProgress::Waiting),
        ("hf", SourceProgress::Fetching("page 1: 50 papers".into())),
        (
            "hf",
            SourceProgress::Saved(ImportSummary {
                new: 12,
                updated: 3,
                unchanged: 0,
            }),
        ),
        (
            "arxiv `cat:cs.CV`",
            SourceProgress::Failed("HTTP 503".into()),
        ),
    ] {
        h.send(Event::SyncProgress(label.into(), progress));
    }
    let line = footer(&mut h);
    assert!(
        line.contains("hf ✓ 12 new · arxiv `cat:cs.CV` failed: HTTP 503"),
        "{line}"
    );
    let ended = Status {
        text: "1 of 2 sources failed · synced in 1.0 s: hf: 12 new, 3 updated".into(),
        error: true,
    };
    h.send(Event::SyncEnded(ended.clone()));
    assert_eq!(h.app.sync, None);
    assert_eq!(h.app.status, Some(ended));
    assert!(footer(&mut h).contains("1 of 2 sources failed"));
}

#[test]
fn the_watches_view_counts_each_watch_and_enter_shows_its_papers_new_first() {
    let mut h = Harness::new(120, 40);
    // Everything folio had is seen; then two papers arrive, one of them
    // about neurons.
    h.store
        .library()
        .update(|s| s.touch_last_looked(chrono::Utc::now()))
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    h.store
        .import_text(
            &listing("Dec 1", &["Neurons That Quokka", "Wombat Planning"]),
            Some(folio::ingest::Format::Listing),
            "test",
        )
        .unwrap();
    h.add_watches(&[("neuro", "neural OR neurons"), ("wombat", "wombat")]);
    let expected = folio::watch_counts::count_watches(&h.store).unwrap().1;
    assert_eq!(h.app.watch_counts.as_ref(), Some(&expected));
    let neuro = &expected[0];
    assert_eq!(neuro.new, 1);
    assert!(neuro.total > 5, "{neuro:?}");

    h.ch('W');
    assert_eq!(h.app.mode, Mode::Watches { selected: 0 });
    let screen = tui_common::screen_rows(&h.render()).join("\n");
    assert!(
        screen.contains("watches · Enter shows its papers"),
        "{screen}"
    );
    let neuro_row = screen.lines().find(|l| l.contains(" neuro ")).unwrap();
    let cells = format!("{:>6} {:>7} {:>7}", neuro.new, neuro.unread, neuro.total);
    assert!(neuro_row.contains(&cells), "{neuro_row} lacks {cells}");
    assert!(neuro_row.contains("never"), "{neuro_row}");
    assert!(neuro_row.contains("neural OR neurons"), "{neuro_row}");

    // Enter: the watch's papers, the new one on top.
    h.key(KeyCode::Enter);
    assert_eq!(h.app.mode, Mode::List);
    assert_eq!(h.app.view, View::Watch("neuro".into()));
    assert_eq!(h.app.results.total, neuro.total);
    assert_eq!(
        h.app.selected_row().unwrap().paper.title,
        "Neurons That Quokka"
    );
    let top = row_text(&h.render(), 0);
    assert!(top.contains("watch neuro"), "{top}");
    let footer = row_text(&h.render(), 39);
    assert!(footer.starts_with(" Esc watches"), "{footer}");

    // Esc (or q) goes back to the watches, on the same watch; Esc again
    // closes them on the whole list.
    h.ch('W');
    h.ch('j');
    h.key(KeyCode::Enter);
    assert_eq!(h.app.view, View::Watch("wombat".into()));
    assert_eq!(h.app.results.total, 1);
    h.ch('q');
    assert!(!h.app.quit, "q in a watch returns, it does not quit");
    assert_eq!(h.app.mode, Mode::Watches { selected: 1 });
    assert_eq!(h.app.view, View::All);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.mode, Mode::List);
    assert_eq!(h.app.results.total, DEMO_PAPERS + 2);
}

#[test]
fn without_watches_w_says_how_to_add_one() {
    let mut h = Harness::new(120, 40);
    h.ch('W');
    assert_eq!(h.app.mode, Mode::List);
    let status = h.app.status.clone().unwrap();
    assert!(status.text.contains("folio watch add"), "{}", status.text);
}

#[test]
fn a_watch_removed_elsewhere_leaves_its_view() {
    let mut h = Harness::new(120, 40);
    h.add_watches(&[("neuro", "neural")]);
    h.ch('W');
    h.key(KeyCode::Enter);
    assert_eq!(h.app.view, View::Watch("neuro".into()));
    let state = h
        .store
        .library()
        .update(|s| {
            s.remove_watch("neuro").unwrap();
            s.clone()
        })
        .unwrap();
    h.send(Event::Library(state));
    assert_eq!(h.app.view, View::All);
    assert_eq!(h.app.results.total, DEMO_PAPERS);
    assert!(h.app.status.as_ref().unwrap().text.contains("was removed"));
}

/// A listing of `titles` dated `date`, as `folio import` reads it.
fn listing(date: &str, titles: &[&str]) -> String {
    let mut text = format!("new\n\nDaily Papers\n\n{date}\n\n");
    for title in titles {
        text.push_str(&format!("{title}\n\nAn abstract about {title}.\n\n"));
    }
    text
}

#[test]
fn an_index_change_keeps_the_selected_paper_not_its_row() {
    let mut h = Harness::new(120, 40);
    for _ in 0..5 {
        h.ch('j');
    }
    let id = h.selected_id();
    // Newer than every demo paper: lands on top of the date-sorted list.
    h.store
        .import_text(
            &listing("Nov 30, 2026", &["Axolotl Regeneration Atlas"]),
            Some(folio::ingest::Format::Listing),
            "another process",
        )
        .unwrap();
    let job = only_search(&h.send(Event::IndexChanged));
    assert!(job.keep_selection);
    assert_eq!(h.app.results.len(), DEMO_PAPERS + 1);
    assert_eq!(h.selected_id(), id, "the selection moved to another paper");
    assert_eq!(h.app.selected, 6);
    assert_visible(&h);
}

#[test]
fn a_refresh_without_the_selected_paper_keeps_the_row() {
    let mut h = Harness::new(120, 40);
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(h.selected_id());
        h.ch('b');
        h.ch('j');
    }
    h.ch('B');
    assert_eq!(h.app.results.len(), 3);
    h.ch('j');
    let gone = h.selected_id();
    // Another process removes that bookmark; the refresh no longer lists it.
    tui_common::apply_library_op(
        &h.store,
        &LibraryOp::SetBookmark(gone.clone(), false),
        h.now,
    );
    h.send(Event::IndexChanged);
    assert_eq!(h.app.results.len(), 2);
    assert_eq!(h.app.selected, 1, "the row that took its place");
    assert_ne!(h.selected_id(), gone);
}

#[test]
fn help_scroll_stops_at_its_last_line() {
    let mut h = Harness::new(80, 24);
    h.ch('?');
    let top = h.render();
    for _ in 0..200 {
        h.ch('j');
    }
    let bottom = tui_common::screen_rows(&h.render());
    assert!(h.app.help_scroll < 100, "scrolled to {}", h.app.help_scroll);
    // One key back up shows a different screen at once.
    h.ch('k');
    let up = tui_common::screen_rows(&h.render());
    assert_ne!(up, bottom, "k did nothing after scrolling past the end");
    assert_ne!(up, tui_common::screen_rows(&top));
    // Page keys stop at the same place.
    for _ in 0..20 {
        h.key(KeyCode::PageDown);
    }
    assert_eq!(tui_common::screen_rows(&h.render()), bottom);
}

#[test]
fn rows_that_cannot_be_read_show_the_error() {
    let mut h = Harness::new(120, 40);
    let journal = h.store.journal().dir().to_path_buf();
    for entry in std::fs::read_dir(&journal).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "fjz" || e == "jsonl") {
            let len = std::fs::metadata(&path).unwrap().len() as usize;
            std::fs::write(&path, " ".repeat(len)).unwrap();
        }
    }
    // A reader that has not read these papers yet (one that has keeps the
    // blocks it decompressed: segments never change).
    let paths = folio::config::Paths {
        data_dir: h.store.data_dir().to_path_buf(),
        config_file: h.store.data_dir().join("config.toml"),
    };
    h.store = folio::store::Store::open(&paths).unwrap();
    h.send(Event::IndexChanged);
    let screen = tui_common::screen_rows(&h.render()).join("\n");
    assert!(screen.contains("reindex"), "{screen}");
    assert!(error_status(&h).contains("folio reindex"));
}

#[test]
fn read_only_refuses_every_change_and_says_so() {
    let mut h = Harness::new(120, 40);
    h.app.read_only = true;
    let id = h.selected_id();
    for c in ['b', 't', 'n', 'u', 'x', 'S'] {
        let effects = h.ch(c);
        assert_eq!(effects, vec![], "`{c}` asked for a change");
        assert_eq!(h.app.mode, Mode::List, "`{c}` opened an editor");
        assert_eq!(error_status(&h), READ_ONLY_MESSAGE, "after `{c}`");
    }
    assert_eq!(h.library_ops, vec![]);
    assert_eq!(h.syncs, 0);
    assert!(!h.app.user.is_bookmarked(&id));
    // Reading still works, without the read mark it would save.
    h.key(KeyCode::Enter);
    assert_eq!(h.app.mode, Mode::Detail);
    assert_eq!(h.library_ops, vec![]);
    h.key(KeyCode::Tab);
    h.search_for("hopfield");
    assert_eq!(h.app.results.len(), 2);
}

#[test]
fn a_dead_worker_is_restarted_then_the_reader_gives_up() {
    let mut h = Harness::new(120, 40);
    h.ch('j');
    for restarts in 1..=MAX_WORKER_RESTARTS {
        let effects = h.send(Event::WorkerDied("index on fire".into()));
        assert_eq!(effects.first(), Some(&Effect::RestartWorker));
        assert!(
            only_search(&effects).keep_selection,
            "the list is asked again"
        );
        assert!(!h.app.quit);
        assert!(error_status(&h).contains("index on fire"));
        assert_eq!(h.worker_restarts, restarts as usize);
        assert_eq!(h.app.selected, 1);
    }
    let effects = h.send(Event::WorkerDied("index on fire".into()));
    assert_eq!(effects, vec![]);
    assert!(h.app.quit);
    let fatal = h
        .app
        .fatal
        .clone()
        .expect("a message to print after quitting");
    assert!(fatal.contains("index on fire"), "{fatal}");
}

#[test]
fn a_failed_search_is_a_status_and_the_reader_goes_on() {
    let mut h = Harness::new(120, 40);
    let job = only_search(&h.ch('s'));
    h.send(Event::Results(SearchOutcome {
        seq: job.seq,
        keep_selection: false,
        result: Err("the search failed (boom); try another query".into()),
    }));
    assert!(error_status(&h).contains("boom"));
    assert!(!h.app.quit);
    assert_eq!(h.app.results.len(), DEMO_PAPERS);
    h.ch('j');
    assert_eq!(h.app.selected, 1);
}

#[test]
fn capital_a_asks_then_marks_every_paper_of_the_list_read() {
    let mut h = Harness::new(120, 40);
    h.search_for("brain decoding");
    let listed = h.app.results.total;
    assert!(listed > 1 && listed < DEMO_PAPERS, "{listed}");
    let ids: Vec<String> = h
        .store
        .matching_papers("brain decoding")
        .unwrap()
        .iter()
        .map(|p| p.id.as_str().to_string())
        .collect();
    assert_eq!(ids.len(), listed);

    // Asking changes nothing, and saying no leaves everything unread.
    assert!(h.ch('A').is_empty());
    assert!(matches!(h.app.mode, Mode::ConfirmMarkAllRead { count, .. } if count == listed));
    let terminal = h.render();
    let footer = row_text(&terminal, 39);
    assert!(
        footer.contains(&format!("mark all {listed} papers of this list read?")),
        "{footer}"
    );
    assert!(h.ch('n').is_empty());
    assert_eq!(h.app.mode, Mode::List);
    assert!(ids.iter().all(|id| !h.app.user.is_read(id)));

    // Yes: every paper of the list is read, in one write, and no other.
    h.ch('A');
    let effects = h.ch('y');
    assert!(
        matches!(effects.as_slice(), [Effect::MarkAllRead(_, _)]),
        "{effects:?}"
    );
    h.run_effects(effects);
    let saved = h.store.library().load().unwrap();
    assert!(
        ids.iter()
            .all(|id| saved.is_read(id) && h.app.user.is_read(id))
    );
    assert_eq!(saved.read_ids().count(), listed, "only the list's papers");
}

#[test]
fn capital_a_on_an_empty_list_says_so() {
    let mut h = Harness::new(120, 40);
    h.search_for("zzzqqqnothing");
    assert_eq!(h.app.results.total, 0);
    assert!(h.ch('A').is_empty());
    assert_eq!(h.app.mode, Mode::List);
    let status = h
        .app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains("no papers"), "{status}");
}

fn status_text(h: &Harness) -> String {
    h.app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn x_dismisses_the_paper_and_the_next_one_takes_its_place() {
    let mut h = Harness::new(120, 40);
    h.ch('j');
    let dismissed = h.selected_id();
    h.ch('j');
    let next = h.selected_id();
    h.ch('k');

    let effects = h.ch('x');
    assert_eq!(
        effects.first(),
        Some(&Effect::Library(
            LibraryOp::SetDismissed(dismissed.clone(), true),
            h.now
        ))
    );
    let job = only_search(&effects);
    assert!(job.keep_selection, "the list is asked again in place");
    assert_eq!(h.app.results.len(), DEMO_PAPERS - 1, "it left the feed");
    assert_eq!(h.app.selected, 1);
    assert_eq!(h.selected_id(), next, "the next paper took its row");
    assert!(h.store.library().load().unwrap().is_dismissed(&dismissed));
    let status = status_text(&h);
    assert_eq!(
        status,
        "dismissed: hidden from your feed · x again in is:dismissed to undo"
    );

    // Nor is it waiting in the unread view.
    h.ch('U');
    assert_eq!(h.app.results.len(), DEMO_PAPERS - 1);
    h.ch('U');

    // `is:dismissed` shows it, marked, and `x` there takes it back.
    h.search_for("is:dismissed");
    assert_eq!(h.app.results.len(), 1);
    assert_eq!(h.selected_id(), dismissed);
    let terminal = h.render();
    let row = row_text(&terminal, 1);
    assert!(row.contains('✗'), "{row}");
    let effects = h.ch('x');
    assert_eq!(
        effects.first(),
        Some(&Effect::Library(
            LibraryOp::SetDismissed(dismissed.clone(), false),
            h.now
        ))
    );
    assert_eq!(h.app.results.len(), 0, "no longer dismissed");
    assert_eq!(status_text(&h), "dismissal undone: back in your feed");
    assert!(!h.store.library().load().unwrap().is_dismissed(&dismissed));
    h.key(KeyCode::Esc);
    assert_eq!(h.app.results.len(), DEMO_PAPERS, "back in the feed");
}

#[test]
fn x_on_a_bookmarked_paper_says_to_remove_the_bookmark_first() {
    let mut h = Harness::new(120, 40);
    let id = h.selected_id();
    h.ch('b');
    let effects = h.ch('x');
    assert_eq!(effects, vec![], "nothing to save, nothing to search");
    assert_eq!(
        error_status(&h),
        "bookmarked papers cannot be dismissed: b removes the bookmark first"
    );
    assert!(!h.app.user.is_dismissed(&id));
    assert!(h.app.user.is_bookmarked(&id));
    assert_eq!(h.app.results.len(), DEMO_PAPERS);
    // Removing the bookmark first, as told, lets it go.
    h.ch('b');
    h.ch('x');
    assert!(h.store.library().load().unwrap().is_dismissed(&id));
    assert_eq!(h.app.results.len(), DEMO_PAPERS - 1);
}

#[test]
fn a_watch_hides_dismissed_papers_unless_the_query_asks_for_them() {
    let mut h = Harness::new(120, 40);
    h.add_watches(&[("brains", "brain decoding")]);
    let brain = h.store.matching_papers("brain decoding").unwrap();
    let id = brain[0].id.as_str().to_string();
    tui_common::apply_library_op(&h.store, &LibraryOp::SetDismissed(id.clone(), true), h.now);
    let watch = |query: &str| SearchJob {
        seq: 1,
        query: query.into(),
        view: View::Watch("brains".into()),
        period: Period::All,
        sort: None,
        similar: None,
        keep_selection: false,
        keep_id: None,
        first_page: 40,
    };
    let shown = run_search(&h.store, &watch("")).unwrap();
    assert_eq!(shown.results.total(), brain.len() - 1);
    let asked = run_search(&h.store, &watch("is:dismissed")).unwrap();
    assert_eq!(asked.results.total(), 1);
}

/// Papers about attention and memory, kept to teach the model a taste.
const KEPT: [&str; 3] = [
    "hopfield-networks-is-all-you-need",
    "parallel-learning-by-multitasking-neural-networks",
    "interpreting-attention-layer-outputs-with-sparse-autoencoders",
];

/// Bookmarks `ids` as another process would, and tells the reader.
fn bookmark(h: &mut Harness, ids: &[&str]) {
    let mut state = None;
    for id in ids {
        state = Some(tui_common::apply_library_op(
            &h.store,
            &LibraryOp::SetBookmark(id.to_string(), true),
            h.now,
        ));
    }
    if let Some(state) = state {
        h.send(Event::Library(state));
    }
}

/// The ids the CLI's `folio recommend` ranks first.
fn recommended(h: &Harness, limit: usize) -> Vec<String> {
    let request = folio::recommend::Request {
        limit,
        ..Default::default()
    };
    folio::recommend::recommend(&h.store, &request)
        .expect("recommendations")
        .items
        .iter()
        .map(|r| r.paper.id.as_str().to_string())
        .collect()
}

/// The ids of the first `n` rows of the list.
fn listed(h: &mut Harness, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..n {
        h.app.selected = i;
        ids.push(h.selected_id());
    }
    h.app.selected = 0;
    ids
}

#[test]
fn f_shows_unread_unkept_papers_ranked_like_folio_recommend_and_esc_leaves() {
    let mut h = Harness::new(120, 40);
    bookmark(&mut h, &KEPT);
    h.ch('s'); // an explicit sort: the view still ranks by taste
    let effects = h.ch('F');
    let job = &searches(&effects)[0];
    assert_eq!(job.view, View::ForYou);
    assert_eq!(h.app.view.label(), "for you");
    assert_eq!(h.app.effective_sort(), Sort::ForYou);
    // No model yet: the list comes at once (by date) and a training is asked for.
    assert_eq!(h.app.results.total, DEMO_PAPERS - KEPT.len());
    assert!(h.wanted_training.is_some(), "a training is asked for");

    assert!(h.learn_taste());
    let best = recommended(&h, 5);
    assert_eq!(listed(&mut h, 5), best);
    assert!(!h.app.results.is_empty());
    let top = row_text(&h.render(), 0);
    assert!(top.contains("by your taste · for you"), "{top}");

    h.key(KeyCode::Esc);
    assert_eq!(h.app.view, View::All);
    h.ch('F');
    h.ch('F');
    assert_eq!(h.app.view, View::All, "F again leaves the view too");
}

#[test]
fn the_sort_cycle_reaches_for_you_in_every_view() {
    let mut h = Harness::new(120, 40);
    bookmark(&mut h, &KEPT);
    h.add_watches(&[("attention", "attention")]);
    let views = [
        View::All,
        View::Unread,
        View::Bookmarks,
        View::Watch("attention".into()),
    ];
    for view in views {
        h.app.view = view.clone();
        h.app.sort = None;
        let mut seen = Vec::new();
        for _ in 0..Sort::ALL.len() {
            h.ch('s');
            seen.push(h.app.effective_sort());
            if h.app.effective_sort() == Sort::ForYou {
                break;
            }
        }
        assert_eq!(seen.last(), Some(&Sort::ForYou), "{view:?}: {seen:?}");
        assert_eq!(h.app.view, view);
        assert!(h.app.results.total > 0, "{view:?}");
        let top = row_text(&h.render(), 0);
        assert!(top.contains("by your taste"), "{view:?}: {top}");
    }
    // The all-papers view by taste: the model's order once it is learnt
    // (the kept papers, which fit the taste best, come first).
    h.app.view = View::All;
    h.app.sort = None;
    h.ch('s');
    while h.app.effective_sort() != Sort::ForYou {
        h.ch('s');
    }
    assert!(h.learn_taste());
    let first = h.selected_id();
    assert_ne!(first, AOT_GAN_ID, "the model's order, not the date's");
    assert!(KEPT.contains(&first.as_str()), "{first}");
}

#[test]
fn a_learned_taste_searches_again_keeping_the_selected_paper() {
    let mut h = Harness::new(120, 40);
    bookmark(&mut h, &KEPT);
    h.ch('F');
    // On the first row, the list jumps to the best pick.
    let effects = {
        let news = {
            let request = h.wanted_training.take().expect("a training");
            h.taste.train(&h.store, request)
        };
        h.send(Event::TasteLearned(news))
    };
    let job = &searches(&effects)[0];
    assert!(!job.keep_selection);
    assert_eq!(h.app.selected, 0);
    assert_eq!(h.selected_id(), recommended(&h, 1)[0]);

    // Elsewhere, the selection follows its paper through a new ranking.
    h.ch('j');
    h.ch('j');
    h.ch('j');
    let chosen = h.selected_id();
    let news = folio::tui::event::TasteNews {
        seq: h.app.for_you.seq,
        learned: Ok(KEPT.len()),
        notes: Vec::new(),
    };
    let effects = h.send(Event::TasteLearned(news));
    let job = &searches(&effects)[0];
    assert!(job.keep_selection);
    assert_eq!(job.keep_id.as_deref(), Some(chosen.as_str()));
    assert_eq!(h.selected_id(), chosen);
}

#[test]
fn the_detail_pane_says_why_a_paper_is_picked() {
    let mut h = Harness::new(120, 40);
    bookmark(&mut h, &KEPT);
    h.ch('F');
    h.learn_taste();
    let id = h.selected_id();
    assert!(h.explained.contains(&id), "{:?}", h.explained);
    let screen = tui_common::screen_rows(&h.render()).join("\n");
    assert!(screen.contains("why: because you kept"), "{screen}");
    // Moving on asks for the next paper's reason, once.
    h.ch('j');
    let next = h.selected_id();
    h.ch('k');
    h.ch('j');
    assert_eq!(h.explained.iter().filter(|e| **e == next).count(), 1);
    // Out of the ranking, no reason is asked for or shown.
    h.key(KeyCode::Esc);
    let asked = h.explained.len();
    h.ch('j');
    assert_eq!(h.explained.len(), asked);
    let screen = tui_common::screen_rows(&h.render()).join("\n");
    assert!(!screen.contains("why: "), "{screen}");
}

#[test]
fn one_bookmark_ranks_anyway_and_the_footer_asks_for_more() {
    let mut h = Harness::new(120, 40);
    bookmark(&mut h, &KEPT[..1]);
    h.ch('F');
    h.learn_taste();
    assert!(h.app.results.total > 0);
    let terminal = h.render();
    let footer = row_text(&terminal, 39);
    assert!(
        footer.contains(
            "for you: learning from 1 bookmark; 3 or more give better picks (b to bookmark, x to dismiss)"
        ),
        "{footer}"
    );
}

#[test]
fn f_without_bookmarks_says_how_to_start() {
    let mut h = Harness::new(120, 40);
    h.ch('F');
    assert_eq!(h.app.view, View::ForYou);
    assert_eq!(h.app.results.total, 0);
    let screen = tui_common::screen_rows(&h.render()).join("\n");
    assert!(
        screen.contains("folio learns your taste from your bookmarks."),
        "{screen}"
    );
    // Bookmarking elsewhere fills the view.
    bookmark(&mut h, &KEPT);
    assert!(h.app.results.total > 0);
}

#[test]
fn x_in_the_for_you_view_takes_the_paper_out_of_it() {
    let mut h = Harness::new(120, 40);
    bookmark(&mut h, &KEPT);
    h.ch('F');
    h.learn_taste();
    let first = h.selected_id();
    let total = h.app.results.total;
    h.ch('x');
    assert_eq!(h.app.results.total, total - 1);
    assert_ne!(h.selected_id(), first);
    assert!(h.app.user.is_dismissed(&first));
    // The dismissal changed the taste: a training is asked for.
    assert!(h.wanted_training.is_some());
}
