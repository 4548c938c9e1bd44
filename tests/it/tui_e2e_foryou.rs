//! "For you" end to end in a real terminal: with papers bookmarked from the
//! command line, `F` ranks the unread rest as `folio recommend` does and
//! says why; `x` takes a pick out for every folio; `s` ranks the whole
//! library by taste; and a reader without bookmarks is told how to start,
//! then ranks as soon as another process bookmarks something.

use crate::common::*;
use crate::tmux::*;

/// Papers about attention and memory, kept to teach the model a taste.
const KEPT: [&str; 3] = [
    "hopfield-networks-is-all-you-need",
    "parallel-learning-by-multitasking-neural-networks",
    "interpreting-attention-layer-outputs-with-sparse-autoencoders",
];

/// The start of a title, as a list row (cut to its column) still shows it.
fn head(title: &str) -> String {
    title.chars().take(28).collect()
}

/// The CLI's recommendations, best first: (id, title).
fn recommended(folio: &Folio) -> Vec<(String, String)> {
    as_array(folio.json(&["recommend", "--limit", "5", "--json"]))
        .iter()
        .map(|r| (str_field(r, "id"), str_field(r, "title")))
        .collect()
}

#[test]
fn f_ranks_like_folio_recommend_says_why_and_x_takes_a_pick_out() {
    let folio = Folio::new();
    let hopfield = ids(&folio.search("hopfield", &[]));
    assert_eq!(hopfield, KEPT[..2], "the demo corpus's Hopfield papers");
    for id in KEPT {
        folio.ok(&["bookmark", "add", id]);
    }
    let best = recommended(&folio);
    let (best_id, best_title) = best[0].clone();
    let Some(term) = Term::start(&folio, "foryou", 120, 40) else {
        return;
    };
    term.wait_ready();

    // F: the view, ranked by the model once it is trained, and why.
    term.keys(&["F"]);
    let screen = term.wait_for("the best pick on the first row", |s| {
        top_bar(s).contains("by your taste · for you")
            && first_row(s).contains(&head(&best_title))
            && s.contains("because you kept")
    });
    assert!(
        top_bar(&screen).contains(&format!("{} papers", DEMO_PAPERS - KEPT.len() as u64)),
        "{screen}"
    );

    // x: the pick leaves the view, and the command line sees the dismissal.
    term.keys(&["x"]);
    term.wait_for("the pick to leave the view", |s| {
        !first_row(s).contains(&head(&best_title))
            && top_bar(s).contains(&format!("{} papers", DEMO_PAPERS - KEPT.len() as u64 - 1))
    });
    poll("the CLI to see the dismissal", || {
        (folio.search_ids("is:dismissed") == [best_id.as_str()]).then_some(())
    });

    // Back in all papers, s reaches the taste's order: kept papers first.
    term.keys(&["Escape"]);
    term.wait_for("the all-papers view by date", |s| {
        top_bar(s).contains("all papers") && first_row(s).contains(FIRST_TITLE)
    });
    let kept_titles: Vec<String> = KEPT
        .iter()
        .map(|id| head(&str_field(&folio.show(id), "title")))
        .collect();
    // Date, then for you, in the cycle.
    term.keys(&["s"]);
    let screen = term.wait_for("a kept paper on top, as the model ranks it", |s| {
        top_bar(s).contains("by your taste · all papers")
            && kept_titles
                .iter()
                .any(|t| first_row(s).contains(t.as_str()))
    });
    assert!(!first_row(&screen).contains(FIRST_TITLE), "{screen}");
    term.keys(&["q"]);
    assert_eq!(term.wait_exit(), 0);
}

#[test]
fn f_without_bookmarks_says_how_to_start_then_ranks_what_the_cli_bookmarks() {
    let folio = Folio::new();
    let Some(term) = Term::start(&folio, "foryou-empty", 120, 40) else {
        return;
    };
    term.wait_ready();
    term.keys(&["F"]);
    term.wait_for("the note on how to start", |s| {
        s.contains("folio learns your taste from your bookmarks.")
            && top_bar(s).contains("0 papers")
    });

    // Another process bookmarks one paper: the reader ranks with it, and
    // asks for more.
    folio.ok(&["bookmark", "add", KEPT[0]]);
    let (_, best_title) = recommended(&folio)[0].clone();
    term.wait_for("the ranking from one bookmark", |s| {
        first_row(s).contains(&head(&best_title))
            && footer(s).contains("for you: learning from 1 bookmark; 3 or more give better picks")
    });
    term.keys(&["q"]);
    assert_eq!(term.wait_exit(), 0);
}
