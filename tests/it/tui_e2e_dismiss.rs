//! "Not interested", end to end in a real terminal: `x` takes the first
//! paper out of the reader's feed, the command line (another process) sees
//! the dismissal, and a later reader finds the paper with `is:dismissed`,
//! where `x` takes the dismissal back.

use crate::common::*;
use crate::tmux::*;

/// The id of the paper the reader lists first (the CLI lists in the same
/// order: newest first).
fn first_listed_id(folio: &Folio) -> String {
    let listed = as_array(folio.json(&["list", "--limit", "2", "--json"]));
    assert!(
        str_field(&listed[0], "title").starts_with(FIRST_TITLE),
        "{listed:?}"
    );
    assert!(
        str_field(&listed[1], "title").starts_with(SECOND_TITLE),
        "{listed:?}"
    );
    str_field(&listed[0], "id")
}

/// Whether the CLI says `id` is dismissed.
fn dismissed_per_cli(folio: &Folio, id: &str) -> bool {
    folio.show(id)["dismissed"] == true
}

#[test]
fn x_dismisses_the_first_paper_for_every_folio_and_x_in_is_dismissed_undoes_it() {
    let folio = Folio::new();
    let id = first_listed_id(&folio);
    let Some(term) = Term::start(&folio, "dismiss", 120, 40) else {
        return;
    };
    term.wait_ready();

    // x: the paper leaves the list and the next one is first.
    term.keys(&["x"]);
    let screen = term.wait_for("the first paper to leave the list", |s| {
        first_row(s).contains(SECOND_TITLE)
            && top_bar(s).contains(&format!("{} papers", DEMO_PAPERS - 1))
    });
    assert!(!screen.contains(FIRST_TITLE), "{screen}");
    term.wait_for("the dismissed status", |s| {
        footer(s).contains("dismissed: hidden from your feed · x again in is:dismissed to undo")
    });
    term.keys(&["q"]);
    assert_eq!(term.wait_exit(), 0);
    drop(term);

    // Another process sees it.
    assert!(dismissed_per_cli(&folio, &id));
    assert_eq!(folio.search_ids("is:dismissed"), [id.as_str()]);
    assert!(!folio.search_ids("is:unread").contains(&id));

    // A new reader: still gone from the feed; is:dismissed lists it, marked.
    let Some(term) = Term::start(&folio, "undismiss", 120, 40) else {
        return;
    };
    term.wait_for("the feed without the dismissed paper", |s| {
        first_row(s).contains(SECOND_TITLE)
            && top_bar(s).contains(&format!("{} papers", DEMO_PAPERS - 1))
    });
    term.keys(&["/"]);
    term.type_text("is:dismissed");
    term.keys(&["Enter"]);
    let screen = term.wait_for("the dismissed paper alone", |s| {
        first_row(s).contains(FIRST_TITLE) && top_bar(s).contains("1 paper ")
    });
    assert!(first_row(&screen).contains('✗'), "{screen}");

    // x again: the dismissal is taken back, for every process.
    term.keys(&["x"]);
    term.wait_for("the undone status", |s| {
        footer(s).contains("dismissal undone: back in your feed")
    });
    poll("the CLI to see the paper undismissed", || {
        (!dismissed_per_cli(&folio, &id)).then_some(())
    });
    assert!(folio.search_ids("is:dismissed").is_empty());
    term.keys(&["Escape"]);
    term.wait_for("the whole feed again", |s| {
        first_row(s).contains(FIRST_TITLE) && top_bar(s).contains(&format!("{DEMO_PAPERS} papers"))
    });
    term.keys(&["q"]);
    assert_eq!(term.wait_exit(), 0);
}
