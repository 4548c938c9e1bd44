//! Reading a paper's full text in the real binary, in tmux: `r` opens a
//! kept text full screen, `T` and `]` move by section, `/` and `n` find
//! words, Esc goes back to the list, and reopening returns to the place
//! left, kept in `reading.json` by the worker.
//!
//! The text is kept in the data dir beforehand (as `folio fetch` leaves
//! it), so no converter or server is needed; downloading and converting a
//! page is tested with the converter.

mod common;
#[path = "tui_common/document.rs"]
mod document;
mod tmux;

use common::*;
use folio::fulltext::files::FullTextFiles;
use tmux::*;

const ARXIV_ID: &str = "2611.04242";
const TITLE: &str = "Quokka Locomotion Priors for Legged Robots";

/// An arXiv snapshot record of the quokka paper, newer than the demo's.
fn quokka_record() -> String {
    format!(
        r#"{{"id":"{ARXIV_ID}","submitter":"A","authors":"Ada Hopper","title":"{TITLE}","comments":null,"journal-ref":null,"doi":null,"report-no":null,"categories":"cs.RO","license":null,"abstract":"Quokkas hop.","versions":[{{"version":"v1","created":"Tue, 24 Nov 2026 10:00:00 GMT"}}],"update_date":"2026-11-24","authors_parsed":[["Hopper","Ada",""]]}}"#
    ) + "\n"
}

#[test]
fn r_reads_the_text_and_reopening_returns_to_the_place_left() {
    let folio = Folio::new();
    assert!(folio.import_file("quokka.jsonl", quokka_record()).success());
    let dir = FullTextFiles::new(&folio.data_dir()).paper_dir(ARXIV_ID);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("document.json"),
        serde_json::to_vec(&document::quokka_paper()).unwrap(),
    )
    .unwrap();
    let Some(term) = Term::start(&folio, "text", 120, 40) else {
        return;
    };
    term.wait_for("the quokka paper on top", |s| first_row(s).contains(TITLE));

    term.keys(&["r"]);
    term.wait_for("the text, full screen", |s| {
        top_bar(s).contains(TITLE)
            && top_bar(s).contains("0%")
            && s.contains("1 Introduction")
            && footer(s).contains("T contents")
    });

    term.keys(&["T"]);
    term.wait_for("the contents", |s| {
        s.contains("contents · Enter jumps") && s.contains("§2.1 Priors")
    });
    term.keys(&["j", "Enter"]);
    term.wait_for("the method section on top", |s| {
        top_bar(s).contains("§ 2 Method") && !s.contains("contents · Enter jumps")
    });
    term.keys(&["]"]);
    term.wait_for("the next section", |s| top_bar(s).contains("§ 2.1 Priors"));

    term.keys(&["/"]);
    term.type_text("marsupial");
    term.keys(&["Enter"]);
    // The first match after the place: the bibliography's.
    term.wait_for("the match", |s| {
        footer(s).contains("match 2 of 2") && s.contains("Q. Kangaroo. Marsupial gaits.")
    });
    term.keys(&["n"]);
    term.wait_for("the first match, wrapping around", |s| {
        footer(s).contains("match 1 of 2") && s.contains("Ada Hopper, Bo Marsupial")
    });
    term.keys(&["]", "]"]);
    term.wait_for("two sections on", |s| top_bar(s).contains("§ 2 Method"));

    term.keys(&["Escape"]);
    term.wait_for("the list again", |s| {
        first_row(s).contains(TITLE) && footer(s).contains("? help")
    });
    let kept = poll("the reading position saved", || {
        std::fs::read_to_string(folio.data_dir().join("reading.json"))
            .ok()
            .filter(|k| k.contains(ARXIV_ID))
    });
    assert!(kept.contains("section"), "{kept}");

    term.keys(&["r"]);
    term.wait_for("the place left", |s| {
        top_bar(s).contains("§ 2 Method") && s.contains("E = ½ m v² + m g h")
    });
    term.keys(&["q"]);
    term.wait_for("the list again", |s| first_row(s).contains(TITLE));
}
