//! A paper's text built by hand for the reader's tests (the HTML converter
//! is tested on its own): numbered sections with a subsection, a theorem
//! and its proof, a numbered equation, a figure, citations, a link, a
//! footnote and a bibliography, long enough to scroll.

use folio::fulltext::document::{BibEntry, Footnote, TextTable};
use folio::fulltext::{Block, DOCUMENT_FORMAT, Document, Inline, Section};

fn text(t: &str) -> Inline {
    Inline::Text { text: t.into() }
}

fn cite(n: &str) -> Inline {
    Inline::Citation {
        label: n.into(),
        targets: vec![format!("bib.bib{n}")],
    }
}

fn para(inlines: Vec<Inline>) -> Block {
    Block::Paragraph { inlines }
}

/// Filler prose: `n` sentences about quokkas.
fn prose(n: usize) -> Inline {
    text(
        &(0..n)
            .map(|i| format!("Sentence {i} tells how quokkas hop across the island."))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn section(number: &str, title: &str, blocks: Vec<Block>, children: Vec<Section>) -> Section {
    Section {
        level: number.matches('.').count() as u8 + 1,
        number: Some(number.into()),
        title: title.into(),
        anchor: Some(format!("S{}", number.replace('.', ".SS"))),
        blocks,
        children,
        ..Section::default()
    }
}

/// The paper the text view's tests read.
pub fn quokka_paper() -> Document {
    Document {
        format: DOCUMENT_FORMAT,
        source_url: Some("https://arxiv.org/html/2501.11120".into()),
        title: "Quokka Locomotion Priors for Legged Robots".into(),
        authors: vec!["Ada Hopper".into(), "Bo Marsupial".into()],
        abstract_blocks: vec![para(vec![text(
            "We learn hopping priors from quokkas and transfer them to legged robots.",
        )])],
        sections: vec![
            section(
                "1",
                "Introduction",
                vec![
                    para(vec![
                        text("Legged robots stumble "),
                        cite("1"),
                        text(", while quokkas hop with ease "),
                        cite("2"),
                        text(". Our code is at "),
                        Inline::Link {
                            text: "the project page".into(),
                            url: "https://example.org/quokka".into(),
                        },
                        text("."),
                        Inline::FootnoteRef { number: "1".into() },
                    ]),
                    para(vec![prose(40)]),
                ],
                vec![],
            ),
            section(
                "2",
                "Method",
                vec![
                    para(vec![text("The hop energy is")]),
                    Block::Equation {
                        text: "E = ½ m v² + m g h".into(),
                        number: Some("(1)".into()),
                    },
                    Block::Theorem {
                        kind: "lemma".into(),
                        label: "Lemma 2.1 (Stability)".into(),
                        blocks: vec![para(vec![
                            text("A quokka with "),
                            Inline::Math {
                                text: "h > 0".into(),
                            },
                            text(" never falls over."),
                        ])],
                    },
                    Block::Proof {
                        blocks: vec![para(vec![text("By inspection of quokkas.")])],
                    },
                    para(vec![prose(40)]),
                ],
                vec![section(
                    "2.1",
                    "Priors",
                    vec![
                        Block::List {
                            ordered: false,
                            items: vec![
                                vec![para(vec![text("hop length")])],
                                vec![para(vec![text("hop height, measured in quokkas")])],
                            ],
                        },
                        para(vec![prose(40)]),
                    ],
                    vec![],
                )],
            ),
            section(
                "3",
                "Experiments",
                vec![
                    Block::Figure {
                        label: Some("Figure 1".into()),
                        caption: vec![text("A quokka mid-hop.")],
                        images: vec!["https://arxiv.org/html/2501.11120/x1.png".into()],
                        table: None,
                        is_table: false,
                    },
                    Block::Figure {
                        label: Some("Table 1".into()),
                        caption: vec![text("Hops per minute.")],
                        images: vec![],
                        table: Some(TextTable {
                            rows: vec![
                                vec!["robot".into(), "hops".into()],
                                vec!["ours".into(), "42".into()],
                            ],
                        }),
                        is_table: true,
                    },
                    para(vec![
                        prose(40),
                        text(" Quokka results beat "),
                        cite("1"),
                        text("."),
                    ]),
                ],
                vec![],
            ),
        ],
        footnotes: vec![Footnote {
            number: "1".into(),
            inlines: vec![text("Quokkas were not harmed.")],
        }],
        bibliography: vec![
            BibEntry {
                id: "bib.bib1".into(),
                label: "1".into(),
                text: "R. Walker. Falling robots. 2020.".into(),
                links: vec!["https://doi.org/10.1000/fall".into()],
            },
            BibEntry {
                id: "bib.bib2".into(),
                label: "2".into(),
                text: "Q. Kangaroo. Marsupial gaits. 2021.".into(),
                links: vec![],
            },
        ],
    }
}
