//! The reader's detail pane and `folio show` print one paper view: for the
//! same paper (bookmarked, tagged, with a note, found by a search that
//! marks words), the pane's cells and the command's plain output at the
//! same width hold the same lines (but for URLs, which the command prints
//! whole).

use std::process::Command;

use crate::tui_common::{AOT_GAN_ID, Harness, apply_library_op};
use folio::tui::ui::layout;
use folio::tui::update::LibraryOp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

/// Tall enough that the whole detail fits in the pane.
const SIZE: (u16, u16) = (120, 90);

/// The text of the pane's rows (no border), trailing spaces and trailing
/// blank rows dropped.
fn pane_lines(terminal: &Terminal<TestBackend>, inner: Rect) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    let mut lines: Vec<String> = (inner.y..inner.bottom())
        .map(|y| {
            (inner.x..inner.right())
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// `folio show ID` over the harness's data dir, `width` columns, piped
/// (so plain text).
fn show(h: &Harness, id: &str, width: u16) -> Vec<String> {
    let home = tempfile::tempdir().expect("a temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["show", id])
        .env("FOLIO_DATA_DIR", h.store.data_dir())
        .env("FOLIO_CONFIG", home.path().join("config.toml"))
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("xdg-config"))
        .env("XDG_DATA_HOME", home.path().join("xdg-data"))
        .env("COLUMNS", width.to_string())
        .env_remove("NO_COLOR")
        .output()
        .expect("folio runs");
    assert!(out.status.success(), "folio show failed: {out:?}");
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    assert!(!stdout.contains('\x1b'), "piped output has no colour");
    stdout.lines().map(|l| l.trim_end().to_string()).collect()
}

#[test]
fn the_detail_pane_and_folio_show_print_the_same_lines() {
    let mut h = Harness::new(SIZE.0, SIZE.1);
    let now = h.now;
    for op in [
        LibraryOp::SetBookmark(AOT_GAN_ID.into(), true),
        LibraryOp::SetTags(AOT_GAN_ID.into(), vec!["gan".into(), "inpainting".into()]),
        LibraryOp::SetNote(
            AOT_GAN_ID.into(),
            Some("Read the ablation first.\nThe mask-prediction discriminator is the part worth reusing in our own model".into()),
        ),
    ] {
        h.app.user = apply_library_op(&h.store, &op, now);
    }
    h.search_for("inpainting contextual");
    h.select_id(AOT_GAN_ID);
    let terminal = h.render();
    let inner = layout::areas(Rect::new(0, 0, SIZE.0, SIZE.1))
        .expect("the screen is large enough")
        .detail_inner;
    let pane = pane_lines(&terminal, inner);
    let printed = show(&h, AOT_GAN_ID, inner.width);

    // The one difference allowed: printed URLs stay whole (they are copied
    // from), the pane cuts them with `…` (it opens them by number).
    let width = usize::from(inner.width);
    for line in printed.iter().filter(|l| folio::text::width(l) > width) {
        assert!(line.contains(" https://"), "only links overflow: {line:?}");
    }
    let printed_cut: Vec<String> = printed.iter().map(|l| folio::text::cut(l, width)).collect();
    assert_eq!(pane, printed_cut);
    for expected in [
        "★ bookmarked · tags: gan, inpainting",
        "│ Read the ablation first.",
    ] {
        assert!(
            pane.iter().any(|l| l.starts_with(expected)),
            "no line starts with {expected:?} in {pane:#?}"
        );
    }
    // The note's long line wrapped within the pane, behind the bar.
    assert!(pane.iter().filter(|l| l.starts_with("│ ")).count() >= 3);
    // The search's words are marked in the pane (and only there).
    let buffer = terminal.backend().buffer();
    let marked = (inner.y..inner.bottom())
        .flat_map(|y| (inner.x..inner.right()).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let cell = &buffer[(x, y)];
            cell.fg == Color::Yellow && cell.modifier.contains(Modifier::BOLD)
        })
        .count();
    assert!(marked >= "inpainting".len(), "only {marked} marked cells");
}
