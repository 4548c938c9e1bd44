//! The layout's promises: no line wider than asked, the table of contents
//! pointing at the headings, equation numbers at the right edge, and no
//! panic at any width.

use proptest::prelude::*;

use super::*;
use crate::fulltext::document::{BibEntry, Block, Footnote, Inline, Section, TextTable};

fn text(t: &str) -> Inline {
    Inline::Text { text: t.into() }
}

fn para(inlines: Vec<Inline>) -> Block {
    Block::Paragraph { inlines }
}

fn sample() -> Document {
    Document {
        title: "Quokka Locomotion Priors for Legged Robots".into(),
        authors: vec!["A. Author".into(), "B. Writer".into()],
        abstract_blocks: vec![para(vec![text("We study hopping. ".repeat(8).as_str())])],
        sections: vec![Section {
            level: 1,
            number: Some("1".into()),
            title: "Introduction".into(),
            blocks: vec![
                para(vec![
                    text("Quokkas hop "),
                    Inline::Citation {
                        label: "12".into(),
                        targets: vec!["bib.bib12".into()],
                    },
                    text(", see "),
                    Inline::Link {
                        text: "the site".into(),
                        url: "https://example.org/q".into(),
                    },
                    text(". 日本語のテキストと e\u{301}tude."),
                ]),
                Block::Equation {
                    text: "E = mc²".into(),
                    number: Some("(1)".into()),
                },
                Block::Theorem {
                    kind: "lemma".into(),
                    label: "Lemma 1.1".into(),
                    blocks: vec![para(vec![text("Every quokka smiles.")])],
                },
                Block::Proof {
                    blocks: vec![para(vec![text("Obvious.")])],
                },
                Block::List {
                    ordered: true,
                    items: vec![
                        vec![para(vec![text("first item that is long enough to wrap")])],
                        vec![Block::List {
                            ordered: false,
                            items: vec![vec![para(vec![text("nested")])]],
                        }],
                    ],
                },
                Block::Figure {
                    label: Some("Figure 1".into()),
                    caption: vec![text("A quokka.")],
                    images: vec!["https://example.org/q.png".into()],
                    table: None,
                    is_table: false,
                },
                Block::Table {
                    table: TextTable {
                        rows: vec![
                            vec!["method".into(), "score".into()],
                            vec!["ours".into(), "99.9".into()],
                        ],
                    },
                },
                Block::Code {
                    text: "fn main() {\n\tprintln!(\"hop\");\n}".into(),
                },
            ],
            children: vec![Section {
                level: 2,
                number: Some("1.1".into()),
                title: "Background".into(),
                blocks: vec![para(vec![text("More.")])],
                ..Section::default()
            }],
            ..Section::default()
        }],
        footnotes: vec![Footnote {
            number: "1".into(),
            inlines: vec![text("A note.")],
        }],
        bibliography: vec![BibEntry {
            id: "bib.bib12".into(),
            label: "12".into(),
            text: "A. Author. Hopping. 2020.".into(),
            links: vec!["https://doi.org/10.1/x".into()],
        }],
        ..Document::default()
    }
}

fn texts(layout: &Layout) -> Vec<String> {
    layout.lines.iter().map(TextLine::text).collect()
}

#[test]
fn sections_are_in_the_toc_at_their_heading_lines() {
    let layout = layout(&sample(), 60);
    let lines = texts(&layout);
    let headings: Vec<_> = layout.toc.iter().map(|e| e.heading.as_str()).collect();
    assert_eq!(
        headings,
        ["§1 Introduction", "§1.1 Background", "Notes", "References"]
    );
    assert_eq!(lines[layout.toc[0].line], "1 Introduction");
    assert_eq!(lines[layout.toc[1].line], "1.1 Background");
    assert_eq!(
        layout.lines[layout.toc[1].line].spans[0].style,
        TextStyle::Heading(2)
    );
    assert_eq!(lines[layout.toc[3].line], "References");
    assert!(lines.contains(&"[12] A. Author. Hopping. 2020.".to_string()));
    assert_eq!(layout.section_at(0), None);
    assert_eq!(layout.section_at(layout.toc[1].line + 1), Some(1));
}

#[test]
fn equation_numbers_are_right_aligned() {
    for width in [30, 61, 120] {
        let layout = layout(&sample(), width);
        let line = layout
            .lines
            .iter()
            .find(|l| l.text().contains("E = mc²"))
            .expect("the equation");
        assert_eq!(line.width(), usize::from(width));
        let last = line.spans.last().unwrap();
        assert_eq!(last.text, "(1)");
        assert_eq!(last.style, TextStyle::EquationNumber);
    }
}

#[test]
fn blocks_are_set_as_readers_expect() {
    let lines = texts(&layout(&sample(), 60));
    assert!(lines.contains(&"Lemma 1.1.".to_string()), "{lines:#?}");
    assert!(lines.contains(&"│ Every quokka smiles.".to_string()));
    assert!(lines.contains(&"Proof. Obvious. ∎".to_string()));
    assert!(lines.contains(&"1. first item that is long enough to wrap".to_string()));
    assert!(lines.contains(&"2. • nested".to_string()));
    assert!(lines.contains(&"Figure 1: A quokka.".to_string()));
    assert!(lines.contains(&"[image: https://example.org/q.png]".to_string()));
    assert!(lines.contains(&"method  score".to_string()));
    assert!(lines.contains(&"      println!(\"hop\");".to_string()));
    let wrapped = texts(&layout(&sample(), 30));
    assert!(wrapped.contains(&"1. first item that is long".to_string()));
    assert!(wrapped.contains(&"   enough to wrap".to_string()));
}

#[test]
fn links_are_numbered_bibliography_first() {
    let layout = layout(&sample(), 80);
    assert_eq!(
        layout.links,
        [
            ("[12]".to_string(), "https://doi.org/10.1/x".to_string()),
            ("the site".to_string(), "https://example.org/q".to_string()),
            (
                "Figure 1".to_string(),
                "https://example.org/q.png".to_string()
            ),
        ]
    );
}

#[test]
fn a_word_longer_than_the_width_is_broken() {
    let mut doc = Document::default();
    doc.sections.push(Section {
        level: 1,
        title: "T".into(),
        blocks: vec![para(vec![text(&"x".repeat(25))])],
        ..Section::default()
    });
    let layout = layout(&doc, 10);
    let xs: Vec<_> = texts(&layout)
        .into_iter()
        .filter(|l| l.starts_with('x'))
        .collect();
    assert_eq!(xs, ["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
}

#[test]
fn tiny_widths_do_not_panic() {
    for width in 0..12 {
        let layout = layout(&sample(), width);
        for line in &layout.lines {
            assert!(
                line.width() <= usize::from(width.max(1)),
                "{width}: {line:?}"
            );
        }
    }
}

fn arb_inline() -> impl Strategy<Value = Inline> {
    let words = "[a-zé日本 ]{0,30}|[x]{0,250}|e\u{301}{1,5}";
    prop_oneof![
        words.prop_map(|t| Inline::Text { text: t }),
        words.prop_map(|t| Inline::Math { text: t }),
        "[0-9a-z ]{1,20}".prop_map(|l| Inline::Citation {
            label: l,
            targets: vec![]
        }),
        words.prop_map(|t| Inline::Link {
            text: t,
            url: "https://example.org".into()
        }),
    ]
}

fn arb_block() -> impl Strategy<Value = Block> {
    let leaf = prop_oneof![
        prop::collection::vec(arb_inline(), 0..6).prop_map(|inlines| Block::Paragraph { inlines }),
        ("[a-z=+ ]{0,150}", prop::option::of("\\([0-9]{1,3}\\)"))
            .prop_map(|(text, number)| Block::Equation { text, number }),
        "[a-z(){}\n\t ]{0,300}".prop_map(|text| Block::Code { text }),
        prop::collection::vec(prop::collection::vec("[a-z日 ]{0,60}", 0..5), 0..4).prop_map(
            |rows| Block::Table {
                table: TextTable { rows }
            }
        ),
    ];
    leaf.prop_recursive(3, 20, 4, |inner| {
        prop_oneof![
            (
                any::<bool>(),
                prop::collection::vec(prop::collection::vec(inner.clone(), 0..3), 0..4)
            )
                .prop_map(|(ordered, items)| Block::List { ordered, items }),
            (
                "[A-Za-z0-9. ]{0,80}",
                prop::collection::vec(inner.clone(), 0..3)
            )
                .prop_map(|(label, blocks)| Block::Theorem {
                    kind: "lemma".into(),
                    label,
                    blocks
                }),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|blocks| Block::Proof { blocks }),
            prop::collection::vec(inner, 0..3).prop_map(|blocks| Block::Quote { blocks }),
        ]
    })
}

fn arb_document() -> impl Strategy<Value = Document> {
    (
        "[A-Za-z日 ]{0,200}",
        prop::collection::vec(
            ("[A-Za-z ]{0,90}", prop::collection::vec(arb_block(), 0..5)),
            0..4,
        ),
    )
        .prop_map(|(title, sections)| Document {
            title,
            sections: sections
                .into_iter()
                .enumerate()
                .map(|(i, (title, blocks))| Section {
                    level: (i % 3 + 1) as u8,
                    number: Some(i.to_string()),
                    title,
                    blocks,
                    ..Section::default()
                })
                .collect(),
            ..Document::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn no_line_is_wider_than_the_width(doc in arb_document(), width in 10u16..200) {
        let layout = layout(&doc, width);
        for line in &layout.lines {
            prop_assert!(line.width() <= usize::from(width), "{line:?}");
            prop_assert!(!line.text().chars().any(char::is_control));
        }
        for entry in &layout.toc {
            prop_assert!(entry.line < layout.lines.len());
        }
    }
}
