//! Reading a paper's full text in the real binary, in tmux: `r` opens a
//! kept text full screen, `T` and `]` move by section, `/` and `n` find
//! words, Esc goes back to the list, and reopening returns to the place
//! left, kept in `reading.json` by the worker.
//!
//! The first test keeps the text in the data dir beforehand (as `folio
//! fetch` leaves it); the second has `r` download and convert a LaTeXML
//! page from a local server.

use crate::http_server;
use crate::tui_common::document;

use crate::common::*;
use crate::tmux::*;
use folio::fulltext::files::FullTextFiles;

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

/// A small LaTeXML page of the quokka paper, as arxiv.org/html serves one.
fn quokka_page() -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><title>{TITLE}</title><base href="/html/{ARXIV_ID}v1/"/></head><body>
<nav class="ltx_page_navbar"><nav class="ltx_TOC"><ol><li>1 Introduction</li></ol></nav></nav>
<div class="ltx_page_main"><div class="ltx_page_content"><article class="ltx_document">
<h1 class="ltx_title ltx_title_document">{TITLE}</h1>
<div class="ltx_authors"><span class="ltx_creator ltx_role_author"><span class="ltx_personname">Ada Hopper</span></span></div>
<div class="ltx_abstract"><h6 class="ltx_title ltx_title_abstract">Abstract</h6><p class="ltx_p">Quokkas hop.</p></div>
<section class="ltx_section" id="S1"><h2 class="ltx_title ltx_title_section"><span class="ltx_tag ltx_tag_section">1 </span>Introduction</h2>
<div class="ltx_para"><p class="ltx_p">A wallaby-free gait with energy <math class="ltx_Math" alttext="E=\frac{{1}}{{2}}mv^{{2}}" display="inline"><mi>E</mi></math>.</p></div></section>
<section class="ltx_section" id="S2"><h2 class="ltx_title ltx_title_section"><span class="ltx_tag ltx_tag_section">2 </span>Method</h2>
<div class="ltx_para"><p class="ltx_p">We hop.</p></div></section>
</article></div><footer class="ltx_page_footer"><div class="ltx_page_logo">Generated by LaTeXML</div></footer></div></body></html>
"#
    )
}

#[test]
fn r_downloads_and_converts_a_text_it_does_not_have() {
    let server = http_server::ScriptedServer::start(vec![http_server::Reply::ok(quokka_page())]);
    let folio = Folio::new();
    folio.write_config(&format!(
        "[sources.arxiv_html]\nbase_url = \"{}\"\n",
        server.url()
    ));
    assert!(folio.import_file("quokka.jsonl", quokka_record()).success());
    let Some(term) = Term::start(&folio, "text-fetch", 120, 40) else {
        return;
    };
    term.wait_for("the quokka paper on top", |s| first_row(s).contains(TITLE));
    term.keys(&["r"]);
    term.wait_for("the downloaded text, full screen", |s| {
        top_bar(s).contains(TITLE)
            && s.contains("1 Introduction")
            && s.contains("E = ½mv²")
            && s.contains("2 Method")
    });
    assert_eq!(server.targets(), [format!("/html/{ARXIV_ID}")]);
    term.keys(&["Escape"]);
    term.wait_for("the list again", |s| first_row(s).contains(TITLE));
    // Kept and indexed: the next search finds it by its body.
    assert_eq!(folio.search_ids("body:wallaby"), [ARXIV_ID]);
    assert_eq!(folio.search_ids("has:fulltext"), [ARXIV_ID]);
}
