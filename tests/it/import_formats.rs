//! The real feeds folio reads (Hugging Face API JSON, arXiv Atom, the arXiv
//! metadata snapshot, the arXiv announcement RSS): small hand-written fixtures for each quirk, recorded
//! answers from the services for conformance, and the files that are not
//! feeds at all, through the library and through the `folio` binary.

use crate::common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use folio::ingest::{self, Format, IngestError};
use folio::model::Paper;

use crate::common::{DEMO_PAPERS, Folio, ids};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).expect("a valid date")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A recorded answer from `../shared/fixtures`, or `None` (with a notice)
/// when that folder is not there.
fn shared(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "skipping: {} is absent (the recorded feeds live outside the repository)",
            path.display()
        );
        None
    }
}

/// Opens, detects and reads a file the way `folio import` does.
fn import(path: &Path) -> Result<Vec<Paper>, IngestError> {
    let input = ingest::open_input(path)?;
    let format = ingest::detect_format(&input.head, &input.origin)?;
    ingest::read(format, input.reader, &input.origin, today())?.collect()
}

fn detected(path: &Path) -> Format {
    let input = ingest::open_input(path).expect("the file opens");
    ingest::detect_format(&input.head, &input.origin).expect("a known format")
}

fn by_id<'p>(papers: &'p [Paper], id: &str) -> &'p Paper {
    papers
        .iter()
        .find(|p| p.id.as_str() == id)
        .unwrap_or_else(|| panic!("no paper {id}"))
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn an_old_hf_answer_with_hard_line_breaks() {
    let path = fixture("hf-2024-old.json");
    assert_eq!(detected(&path), Format::Hf);
    let papers = import(&path).unwrap();
    assert_eq!(papers.len(), 2);
    let sd3 = &papers[0];
    assert_eq!(sd3.id.as_str(), "2403.03206");
    assert_eq!(sd3.arxiv_id.as_deref(), Some("2403.03206"));
    assert_eq!(
        sd3.title,
        "Scaling Rectified Flow Transformers for High-Resolution Image Synthesis"
    );
    assert!(sd3.abstract_text.starts_with(
        "Diffusion models create data from noise by inverting the forward paths of data towards noise. We improve"
    ));
    assert_eq!(sd3.authors, ["Ada Lovelace", "Charles Babbage"]);
    assert_eq!(sd3.published, day(2024, 3, 5));
    assert_eq!(sd3.listed, day(2024, 3, 6));
    assert_eq!((sd3.upvotes, sd3.comments), (Some(54), Some(3)));
    assert_eq!(
        sd3.code_url.as_deref(),
        Some("https://huggingface.co/spaces/demo/sd3")
    );
    assert!(sd3.keywords.is_empty() && sd3.generated_summary.is_none());
    assert_eq!(sd3.position, Some(0));
    let speech = &papers[1];
    assert_eq!(
        speech.title,
        "NaturalSpeech 3: Zero-Shot Speech Synthesis with Factorized Codec"
    );
    assert_eq!(
        speech.project_url.as_deref(),
        Some("https://speechresearch.github.io/naturalspeech3")
    );
    assert_eq!((speech.comments, speech.position), (Some(0), Some(1)));
    assert!(papers.iter().all(|p| p.source == folio::model::Source::Hf));
}

#[test]
fn a_single_hf_paper_object() {
    let path = fixture("hf-paper.json");
    assert_eq!(detected(&path), Format::Hf);
    let papers = import(&path).unwrap();
    assert_eq!(papers.len(), 1);
    let p = &papers[0];
    assert_eq!(p.id.as_str(), "2502.13923");
    assert_eq!(p.authors, ["Shuai Bai", "Keqin Chen"]);
    assert_eq!(
        (p.published, p.listed),
        (day(2025, 2, 19), day(2025, 2, 20))
    );
    assert_eq!(p.upvotes, Some(187));
    assert_eq!(p.comments, None);
    assert_eq!(
        p.code_url.as_deref(),
        Some("https://github.com/QwenLM/Qwen2.5-VL"),
        "a repository given as project page is the code link"
    );
    assert_eq!(p.project_url, None);
    assert_eq!(p.keywords, ["vision-language model", "document parsing"]);
    assert_eq!(
        p.generated_summary.as_deref(),
        Some("Qwen2.5-VL improves visual recognition and document parsing.")
    );
    assert_eq!(p.organization.as_deref(), Some("Qwen"));
    assert_eq!(p.position, None);
}

#[test]
fn atom_entries_with_doi_journal_ref_and_an_old_style_id() {
    let path = fixture("arxiv-entries.xml");
    assert_eq!(detected(&path), Format::ArxivAtom);
    let papers = import(&path).unwrap();
    assert_eq!(papers.len(), 2);
    let knots = &papers[0];
    assert_eq!(knots.id.as_str(), "math.GT/0309136");
    assert_eq!(knots.arxiv_id.as_deref(), Some("math.GT/0309136"));
    assert_eq!(knots.title, "Knots, Links and Their Invariants");
    assert_eq!(
        knots.abstract_text,
        "We study invariants of knots in the three-sphere & beyond."
    );
    assert_eq!(knots.authors, ["Emmy Noether"]);
    assert_eq!(
        (knots.published, knots.updated),
        (day(2003, 9, 8), day(2004, 5, 10))
    );
    assert_eq!(knots.categories, ["math.GT", "math.AT"]);
    assert_eq!(knots.doi.as_deref(), Some("10.1000/knots.2004"));
    assert_eq!(
        knots.journal_ref.as_deref(),
        Some("Ann. Knots 12 (2004) 1-30")
    );
    assert_eq!(knots.comment.as_deref(), Some("30 pages, 4 figures"));
    assert_eq!(
        knots.links().pdf.as_deref(),
        Some("https://arxiv.org/pdf/math.GT/0309136")
    );
    let note = &papers[1];
    assert_eq!(
        note.doi.as_deref(),
        Some("10.1000/note.2015"),
        "the DOI link stands in for a missing arxiv:doi"
    );
    assert_eq!(
        (note.comment.as_deref(), note.journal_ref.as_deref()),
        (None, None)
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(ingest::atom::total_results(&text), Some(2));
}

#[test]
fn snapshot_lines_with_latex_accents() {
    let path = fixture("snapshot-latex.jsonl");
    assert_eq!(detected(&path), Format::ArxivJsonl);
    let papers = import(&path).unwrap();
    let ids: Vec<&str> = papers.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["0801.0001", "math/0211159", "0801.0003"]);
    let godel = &papers[0];
    assert_eq!(godel.authors, ["Kurt Gödel", "François Viète", "José Peña"]);
    assert_eq!(godel.title, "On Formally Undecidable Propositions");
    assert_eq!(
        godel.abstract_text,
        "We show that some propositions are undecidable."
    );
    assert_eq!(
        (godel.published, godel.updated),
        (day(2008, 1, 1), day(2008, 1, 2))
    );
    assert_eq!(godel.categories, ["math.LO", "cs.LO"]);
    assert_eq!(godel.doi.as_deref(), Some("10.1007/BF01700692"));
    assert_eq!(
        godel.journal_ref.as_deref(),
        Some("Monatsh. Math. 38 (1931) 173")
    );
    assert_eq!(godel.comment.as_deref(), Some("10 pages"));
    assert_eq!(papers[1].published, day(2002, 11, 11));
    assert_eq!(papers[2].authors, ["P. Erdős", "Søren Straße", "Š. Dvořák"]);
}

#[test]
fn a_bad_snapshot_line_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.jsonl");
    let good = std::fs::read_to_string(fixture("snapshot-latex.jsonl")).unwrap();
    let first = good.lines().next().unwrap();
    std::fs::write(
        &path,
        format!("{first}\n{{\"id\":\"0801.0002\",\"title\":\"T\",,}}\n{{\"title\":\"x\"}}\n{{\"id\":\"nope\",\"title\":\"T\"}}\n"),
    )
    .unwrap();
    let input = ingest::open_input(&path).unwrap();
    let results: Vec<_> = ingest::read(Format::ArxivJsonl, input.reader, &input.origin, today())
        .unwrap()
        .collect();
    let origin = path.display().to_string();
    assert!(results[0].is_ok());
    let messages: Vec<String> = results[1..]
        .iter()
        .map(|r| r.as_ref().unwrap_err().to_string())
        .collect();
    assert!(
        messages[0].starts_with(&format!("{origin}:2: invalid JSON at column 31")),
        "{}",
        messages[0]
    );
    assert!(messages[1].starts_with(&format!("{origin}:3: missing \"id\"")));
    assert!(messages[2].starts_with(&format!("{origin}:4: \"id\" is not an arXiv id")));
}

#[test]
fn files_that_are_not_feeds() {
    let refusal = |name: &str| {
        let input = ingest::open_input(&fixture(name)).unwrap();
        ingest::detect_format(&input.head, &input.origin)
            .unwrap_err()
            .to_string()
    };
    assert!(refusal("html-error.json").contains("HTML page"));
    assert!(refusal("empty.json").contains("empty"));
    assert!(refusal("binary.bin").contains("binary"));
    let truncated = fixture("truncated.json");
    assert_eq!(detected(&truncated), Format::Hf);
    let err = import(&truncated).unwrap_err().to_string();
    assert!(err.starts_with(&truncated.display().to_string()), "{err}");
    assert!(err.contains("cut short"), "{err}");
}

#[test]
fn jsonl_is_streamed_not_read_whole() {
    // A reader that fails after the first line: a streaming parser has
    // already produced that paper; one that reads everything first has not.
    struct FirstLineThenError {
        line: Vec<u8>,
        pos: usize,
    }
    impl std::io::Read for FirstLineThenError {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            if self.pos >= self.line.len() {
                return Err(std::io::Error::other("disk on fire"));
            }
            let n = out.len().min(self.line.len() - self.pos);
            out[..n].copy_from_slice(&self.line[self.pos..self.pos + n]);
            self.pos += n;
            Ok(n)
        }
    }
    let text = std::fs::read_to_string(fixture("snapshot-latex.jsonl")).unwrap();
    let first = format!("{}\n", text.lines().next().unwrap());
    let reader = std::io::BufReader::new(FirstLineThenError {
        line: first.into_bytes(),
        pos: 0,
    });
    let mut papers = ingest::read(Format::ArxivJsonl, Box::new(reader), "pipe", today()).unwrap();
    assert_eq!(papers.next().unwrap().unwrap().id.as_str(), "0801.0001");
    let err = papers.next().unwrap().unwrap_err().to_string();
    assert!(
        err.starts_with("pipe: reading stopped after line 1"),
        "{err}"
    );
    assert!(papers.next().is_none());
}

#[test]
fn the_recorded_hf_daily_papers() {
    let Some(path) = shared("hf-daily-papers.json") else {
        return;
    };
    assert_eq!(detected(&path), Format::Hf);
    let papers = import(&path).unwrap();
    assert_eq!(papers.len(), 30);
    let positions: Vec<u32> = papers.iter().filter_map(|p| p.position).collect();
    assert_eq!(positions, (0..30).collect::<Vec<_>>());
    assert!(papers.iter().all(|p| p.listed == day(2026, 6, 12)));
    assert!(
        papers
            .iter()
            .all(|p| p.upvotes.is_some() && p.comments.is_some())
    );
    assert!(
        papers
            .iter()
            .all(|p| !p.authors.is_empty() && p.published.is_some())
    );
    let code = papers.iter().filter(|p| p.code_url.is_some()).count();
    let project = papers.iter().filter(|p| p.project_url.is_some()).count();
    assert_eq!((code, project), (17, 15));
    // The one code link no `githubRepo` gave: only the abstract names it.
    let from_abstract = by_id(&papers, "2606.12488");
    assert_eq!(
        from_abstract.code_url.as_deref(),
        Some("https://github.com/miccunifi/iamcl2r")
    );
    assert_eq!(
        from_abstract.project_url.as_deref(),
        Some("https://niccobiondi.github.io/projects/stationary-tpami/")
    );
    let msa = by_id(&papers, "2606.13392");
    assert_eq!((msa.upvotes, msa.comments), (Some(103), Some(4)));
    assert_eq!(
        msa.code_url.as_deref(),
        Some("https://github.com/MiniMax-AI/MSA")
    );
    assert_eq!(msa.organization.as_deref(), Some("MiniMax"));
    let first = &papers[0];
    assert_eq!(first.id.as_str(), "2606.00467");
    assert_eq!(first.published, day(2026, 5, 30));
    assert_eq!(
        first.authors,
        ["Etienne Casanova", "Rafal Kocielnik", "R. Michael Alvarez"]
    );
    assert_eq!(
        first.organization.as_deref(),
        Some("California institute of technology")
    );
    assert!(first.keywords.contains(&"decision stickiness".to_string()));
    assert!(
        first
            .generated_summary
            .as_deref()
            .unwrap()
            .starts_with("Large language models")
    );
}

#[test]
fn the_recorded_arxiv_atom_feed() {
    let Some(path) = shared("arxiv-atom.xml") else {
        return;
    };
    assert_eq!(detected(&path), Format::ArxivAtom);
    let papers = import(&path).unwrap();
    assert_eq!(papers.len(), 5);
    assert_eq!(papers.iter().filter(|p| p.comment.is_some()).count(), 2);
    assert!(
        papers
            .iter()
            .all(|p| p.doi.is_none() && p.journal_ref.is_none())
    );
    let mana = by_id(&papers, "2606.13677");
    assert_eq!(
        mana.title,
        "Mana: Dexterous Manipulation of Articulated Tools"
    );
    assert_eq!(mana.categories, ["cs.RO", "cs.AI", "cs.CV", "cs.LG"]);
    assert_eq!(
        mana.authors,
        [
            "Zhao-Heng Yin",
            "Guanya Shi",
            "Pieter Abbeel",
            "C. Karen Liu"
        ]
    );
    assert_eq!(mana.published, day(2026, 6, 11));
    assert_eq!(
        mana.project_url.as_deref(),
        Some("https://zhaohengyin.github.io/mana"),
        "the comment's project page"
    );
    assert!(mana.abstract_text.contains("(<1 minute per tool)"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(ingest::atom::total_results(&text), Some(28946));
}

#[test]
fn the_recorded_2016_atom_feed() {
    let Some(path) = shared("arxiv-atom-2016.xml") else {
        return;
    };
    let papers = import(&path).unwrap();
    assert_eq!(papers.len(), 10);
    assert!(
        papers
            .iter()
            .all(|p| p.doi.is_some() && p.journal_ref.is_some() && p.comment.is_some())
    );
    let old_style: Vec<&str> = papers
        .iter()
        .map(|p| p.id.as_str())
        .filter(|id| id.contains('/'))
        .collect();
    assert_eq!(old_style.len(), 4, "{old_style:?}");
    assert!(old_style.contains(&"cond-mat/0412498"));
    let helium = by_id(&papers, "1201.4869");
    assert_eq!(helium.doi.as_deref(), Some("10.1142/S021797921244002X"));
    assert_eq!(
        helium.journal_ref.as_deref(),
        Some("Int. J. Mod. Phys. B, 26, 1244002 (2012)")
    );
    assert_eq!(helium.categories, ["cond-mat.mes-hall", "cond-mat.other"]);
    assert!(helium.abstract_text.starts_with("As helium-4 is cooled below 2.17 K it undergoes a phase transition to a fundamentally new state"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(ingest::atom::total_results(&text), Some(31));
}

#[test]
fn the_recorded_2026_atom_feed_with_dois() {
    let Some(path) = shared("arxiv-atom-2026-doi.xml") else {
        return;
    };
    let papers = import(&path).unwrap();
    assert_eq!(papers.len(), 10);
    let count = |has: fn(&Paper) -> bool| papers.iter().filter(|p| has(p)).count();
    assert_eq!(count(|p| p.doi.is_some()), 6);
    assert_eq!(count(|p| p.journal_ref.is_some()), 6);
    assert_eq!(count(|p| p.doi.is_some() && p.journal_ref.is_some()), 5);
    let doi_only = by_id(&papers, "1205.1866");
    assert_eq!(doi_only.doi.as_deref(), Some("10.5121/vlsic.2012.3205"));
    assert_eq!(doi_only.journal_ref, None);
    let first = by_id(&papers, "2202.12139");
    assert_eq!(first.doi.as_deref(), Some("10.1109/ICSTW55395.2022.00035"));
    assert_eq!(first.categories, ["cs.SE", "cs.LG"]);
    assert_eq!(
        first.authors,
        ["Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker"]
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(ingest::atom::total_results(&text), Some(214881));
}

#[test]
fn the_recorded_snapshot_head() {
    let Some(path) = shared("arxiv-snapshot-head.jsonl") else {
        return;
    };
    assert_eq!(detected(&path), Format::ArxivJsonl);
    let papers = import(&path).unwrap();
    assert_eq!(papers.len(), 200);
    let ids: Vec<String> = papers.iter().map(|p| p.id.to_string()).collect();
    let expected: Vec<String> = (1..=200).map(|n| format!("0704.{n:04}")).collect();
    assert_eq!(ids, expected);
    let first = &papers[0];
    assert_eq!(
        first.authors,
        ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"]
    );
    assert_eq!(
        first.title,
        "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    );
    assert_eq!(
        (first.published, first.updated),
        (day(2007, 4, 2), day(2008, 11, 26))
    );
    assert_eq!(first.doi.as_deref(), Some("10.1103/PhysRevD.76.013009"));
    assert_eq!(first.categories, ["hep-ph"]);
    assert_eq!(
        by_id(&papers, "0704.0062").authors,
        ["Rastislav Šrámek", "Broňa Brejová", "Tomáš Vinař"]
    );
    assert_eq!(by_id(&papers, "0704.0049").authors, ["Mikkel Øbro"]);
    assert_eq!(by_id(&papers, "0704.0002").categories, ["math.CO", "cs.CG"]);
    assert!(
        papers
            .iter()
            .all(|p| !p.authors.is_empty() && p.published.is_some() && p.updated.is_some())
    );
}

#[test]
fn latex_in_the_recorded_author_strings_matches_the_parsed_names() {
    // The snapshot gives each author list twice: as typed (TeX accents) and
    // parsed (Unicode). Converting the typed one must give the same letters.
    let Some(path) = shared("arxiv-snapshot-head.jsonl") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let papers = ingest::parse(Format::ArxivJsonl, &text, "head", today()).unwrap();
    let mut checked = 0;
    for (line, paper) in text.lines().zip(&papers) {
        let raw: serde_json::Value = serde_json::from_str(line).unwrap();
        let typed = raw["authors"].as_str().unwrap();
        if !typed.contains('\\') {
            continue;
        }
        let converted = ingest::latex::to_unicode(typed);
        let converted = folio::model::sanitize::clean_text(&converted);
        for name in &paper.authors {
            let last = name.rsplit(' ').next().unwrap();
            assert!(converted.contains(last), "{last} not in {converted}");
        }
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} lines had TeX accents");
}

/// Imports a file with the real binary and returns its summary line.
fn import_with_binary(folio: &Folio, path: &Path, extra: &[&str]) -> String {
    let mut args = vec!["import"];
    args.extend_from_slice(extra);
    args.push(path.to_str().expect("UTF-8 path"));
    let run = folio.run(&args);
    assert!(run.success(), "folio {args:?} failed: {run:?}");
    run.stderr
}

#[test]
fn the_binary_imports_each_feed_and_shows_its_fields() {
    let folio = Folio::new();
    for name in [
        "hf-2024-old.json",
        "hf-paper.json",
        "arxiv-entries.xml",
        "snapshot-latex.jsonl",
    ] {
        import_with_binary(&folio, &fixture(name), &[]);
    }
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 2 + 1 + 2 + 3);
    let sd3 = folio.show("2403.03206");
    assert_eq!(
        sd3["title"],
        "Scaling Rectified Flow Transformers for High-Resolution Image Synthesis"
    );
    assert_eq!(
        (sd3["upvotes"].as_u64(), sd3["comments"].as_u64()),
        (Some(54), Some(3))
    );
    assert_eq!(sd3["listed"], "2024-03-06");
    assert_eq!(sd3["source"], "hf");
    let knots = folio.show("math.GT/0309136");
    assert_eq!(knots["doi"], "10.1000/knots.2004");
    assert_eq!(knots["journal_ref"], "Ann. Knots 12 (2004) 1-30");
    assert_eq!(
        knots["links"]["pdf"],
        "https://arxiv.org/pdf/math.GT/0309136"
    );
    let godel = folio.show("0801.0001");
    assert_eq!(godel["authors"][0], "Kurt Gödel");
    assert_eq!(godel["source"], "arxiv-jsonl");
    assert_eq!(ids(&folio.search("Gödel", &[]))[0], "0801.0001");
    assert_eq!(ids(&folio.search("undecidable", &[])), ["0801.0001"]);
}

#[test]
fn the_binary_refuses_files_that_are_not_feeds() {
    let folio = Folio::new();
    for (name, says) in [
        ("html-error.json", "HTML page"),
        ("empty.json", "empty"),
        ("binary.bin", "binary"),
        ("truncated.json", "cut short"),
    ] {
        let path = fixture(name);
        let run = folio.fails(&["import", path.to_str().unwrap()]);
        assert!(run.stderr.contains(says), "{name}: {run:?}");
        assert!(run.stderr.contains(name), "{name} is named: {run:?}");
    }
    assert_eq!(folio.paper_count(), DEMO_PAPERS);
}

#[test]
fn the_binary_imports_the_recorded_feeds() {
    let (Some(hf), Some(atom), Some(head)) = (
        shared("hf-daily-papers.json"),
        shared("arxiv-atom-2016.xml"),
        shared("arxiv-snapshot-head.jsonl"),
    ) else {
        return;
    };
    let folio = Folio::new();
    import_with_binary(&folio, &hf, &["--format", "hf"]);
    import_with_binary(&folio, &atom, &[]);
    import_with_binary(&folio, &head, &[]);
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 30 + 10 + 200);
    let msa = folio.show("2606.13392");
    assert_eq!(msa["links"]["code"], "https://github.com/MiniMax-AI/MSA");
    assert_eq!(msa["upvotes"], 103);
    assert_eq!(msa["organization"], "MiniMax");
    let brejova = folio.show("0704.0062");
    assert_eq!(brejova["authors"][1], "Broňa Brejová");
    assert_eq!(folio.show("cond-mat/0412498")["source"], "arxiv-atom");
}

#[test]
fn a_snapshot_whose_first_record_outgrows_the_sniff_is_still_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long-first.jsonl");
    let text = std::fs::read_to_string(fixture("snapshot-latex.jsonl")).unwrap();
    let mut record: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    let long = "a very long abstract ".repeat(5_000);
    record["abstract"] = serde_json::Value::String(long);
    let first = serde_json::to_string(&record).unwrap();
    assert!(first.len() > 64 * 1024);
    std::fs::write(&path, format!("{first}\n{text}")).unwrap();
    assert_eq!(detected(&path), Format::ArxivJsonl);
    let papers = import(&path).unwrap();
    assert_eq!(papers.len(), 1 + text.lines().count());
    assert!(papers[0].abstract_text.len() > 64 * 1024);
}

#[test]
fn invalid_utf8_names_its_line_and_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("snapshot-latex.jsonl")).unwrap();
    let first = text.lines().next().unwrap();
    // In a JSON Lines file, past the sniffed bytes: found while streaming.
    let jsonl = dir.path().join("bad.jsonl");
    let mut bytes = format!("{first}\n").repeat(200).into_bytes();
    let line_start = bytes.len();
    bytes.extend_from_slice(b"{\"id\":\"0801.0009\",\"title\":\"Caf\xe9\"}\n");
    std::fs::write(&jsonl, &bytes).unwrap();
    let results: Vec<_> = {
        let input = ingest::open_input(&jsonl).unwrap();
        ingest::read(Format::ArxivJsonl, input.reader, &input.origin, today())
            .unwrap()
            .collect()
    };
    let err = results.last().unwrap().as_ref().unwrap_err().to_string();
    let expected = format!(
        "{}:201: invalid UTF-8 at byte offset {} (byte 31 of the line) (0xE9)",
        jsonl.display(),
        line_start + 30
    );
    assert!(err.starts_with(&expected), "{err}\nexpected {expected}");
    // In a document read whole (an Atom feed), past the sniffed bytes.
    let atom = dir.path().join("bad.xml");
    let mut bytes = b"<feed>\n".to_vec();
    bytes.extend(std::iter::repeat_n(b"<!-- padding -->\n".as_slice(), 5_000).flatten());
    let offset = bytes.len() + 7;
    bytes.extend_from_slice(b"<entry>\xff</entry></feed>\n");
    std::fs::write(&atom, &bytes).unwrap();
    let err = import(&atom).unwrap_err().to_string();
    let expected = format!(
        "{}:5002: invalid UTF-8 at byte offset {offset} (byte 8 of the line) (0xFF)",
        atom.display()
    );
    assert!(err.starts_with(&expected), "{err}\nexpected {expected}");
}

/// One `daily_papers` item for [`github_stars_are_shown_and_sorted_by`].
fn hf_item(id: &str, title: &str, repo: &str, stars: &str) -> String {
    format!(
        r#"{{"paper":{{"id":"{id}","title":"{title}","summary":"Wombat burrows, measured.","authors":[{{"name":"Ada Lovelace"}}],"publishedAt":"2026-06-10T00:00:00.000Z","upvotes":1{repo}{stars}}}}}"#
    )
}

#[test]
fn github_stars_are_shown_and_sorted_by() {
    let folio = Folio::new();
    let code = r#","githubRepo":"https://github.com/o/many""#;
    let items = [
        hf_item(
            "2606.00001",
            "Few Stars",
            r#","githubRepo":"https://github.com/o/few""#,
            r#","githubStars":9"#,
        ),
        hf_item("2606.00002", "No Stars", "", ""),
        hf_item("2606.00003", "Many Stars", code, r#","githubStars":1234"#),
        hf_item("2606.00004", "Null Stars", "", r#","githubStars":null"#),
        hf_item("2606.00005", "Some Stars", "", r#","githubStars":40"#),
    ];
    let run = folio.import_file("stars.json", format!("[{}]", items.join(",")));
    assert!(run.success(), "{run:?}");

    let many = folio.show("2606.00003");
    assert_eq!(many["stars"], 1234);
    assert_eq!(folio.show("2606.00002")["stars"], serde_json::Value::Null);
    assert_eq!(folio.show("2606.00004")["stars"], serde_json::Value::Null);

    let sorted = ids(&folio.search("wombat", &["--sort", "stars"]));
    assert_eq!(
        sorted[..3],
        ["2606.00003", "2606.00005", "2606.00001"],
        "most stars first: {sorted:?}"
    );
    assert_eq!(
        sorted.len(),
        5,
        "papers without stars still listed: {sorted:?}"
    );
    let hits = folio.search("wombat", &["--sort=stars"]);
    assert_eq!(hits[0]["stars"], 1234, "search hits carry stars");
    let exported = folio.all_papers();
    assert_eq!(
        exported["2606.00005"]["stars"], 40,
        "the JSON export carries stars"
    );
    let listed = common::as_array(folio.json(&["list", "--sort", "stars", "--json"]));
    assert_eq!(ids(&listed)[..3], sorted[..3], "list sorts the same way");

    let human = folio.ok(&["show", "2606.00003"]);
    let code_line = human
        .lines()
        .find(|l| l.contains("https://github.com/o/many"))
        .unwrap_or_else(|| panic!("no code line in {human}"));
    assert!(code_line.trim_end().ends_with("★ 1.2k"), "{code_line:?}");
    let found = folio.ok(&["search", "wombat", "--sort", "stars"]);
    assert!(
        found.contains("code ★ 1.2k"),
        "search lines name the stars: {found}"
    );
    let without = folio.ok(&["show", "2606.00002"]);
    assert!(!without.contains("★"), "{without}");

    // clap's usage error (exit 2), wherever `--sort` stands.
    let err = folio.run(&["search", "wombat", "--sort", "starz"]);
    assert_eq!(err.code, Some(2), "{err:?}");
    assert!(err.stderr.contains("'stars'"), "{err:?}");
}

/// Every file under `dir` with its size and modification time.
fn files_under(dir: &Path) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::metadata(&path).unwrap();
            if meta.is_dir() {
                todo.push(path);
            } else {
                found.push((path, meta.len(), meta.modified().unwrap()));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn arxiv_rss_items_with_authors_categories_and_versions() {
    let path = fixture("arxiv-rss.xml");
    assert_eq!(detected(&path), Format::ArxivRss);
    let papers = import(&path).unwrap();
    let ids: Vec<&str> = papers.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["2610.01234", "1901.00042", "cs/9901001"]);
    assert_eq!(
        papers[0].authors,
        ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    );
    assert_eq!(papers[1].categories, ["math.ST", "cs.LG"]);
    assert_eq!(papers[1].updated, day(2026, 10, 6));
    assert!(
        papers
            .iter()
            .all(|p| p.source == folio::model::Source::ArxivRss)
    );
    let empty = fixture("arxiv-rss-empty.xml");
    assert_eq!(detected(&empty), Format::ArxivRss);
    assert!(import(&empty).unwrap().is_empty());
}

#[test]
fn the_binary_imports_the_recorded_arxiv_rss_feed() {
    let Some(path) = shared("arxiv-rss-2026-09-24.xml") else {
        return;
    };
    let folio = Folio::new();
    let said = import_with_binary(&folio, &path, &[]);
    assert!(said.contains("imported 4 papers"), "{said}");
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 4);
    let drift = folio.show("2609.26811");
    assert_eq!(
        drift["title"],
        "The Drift Contract: Spectral Updates for Depth-Robust Local Learning"
    );
    assert_eq!(drift["authors"], serde_json::json!(["Fabien Polly"]));
    assert_eq!(drift["categories"], serde_json::json!(["cs.LG"]));
    assert_eq!(drift["published"], "2026-09-24");
    assert_eq!(drift["source"], "arxiv-rss");
    let text = drift["abstract"].as_str().unwrap();
    assert!(
        text.starts_with("Local learning trains each layer"),
        "{text}"
    );
    let odin = folio.show("2205.06398");
    assert_eq!(
        odin["authors"],
        serde_json::json!(["Pritam Dey", "Zhengwu Zhang", "David B. Dunson"])
    );
    assert_eq!(
        odin["categories"],
        serde_json::json!(["stat.ME", "stat.AP", "stat.ML"])
    );
    assert_eq!(odin["doi"], "10.1093/bioinformatics/btac431");
    // A replacement is the paper, revised on the announcement day.
    let polytopes = folio.show("2009.13987");
    assert_eq!(polytopes["title"], "Random Polytope Descriptors");
    assert_eq!(polytopes["updated"], "2026-09-24");
    assert_eq!(
        polytopes["authors"],
        serde_json::json!(["Michael Joswig", "Marek Kaluba", "Lukas Ruff"])
    );
    // Imported again with the format forced: the same four papers.
    import_with_binary(&folio, &path, &["--format", "arxiv-rss"]);
    assert_eq!(folio.paper_count(), DEMO_PAPERS + 4);
}

#[test]
fn the_binary_imports_nothing_from_a_day_without_announcements() {
    let folio = Folio::new();
    let path = fixture("arxiv-rss-empty.xml");
    assert_eq!(folio.paper_count(), DEMO_PAPERS);
    let before = files_under(&folio.data_dir());
    let run = folio.run(&["import", path.to_str().unwrap()]);
    assert!(run.success(), "{run:?}");
    assert!(
        run.stderr.contains("no announcements in this feed")
            && run.stderr.contains("Saturdays")
            && run.stderr.contains("arxiv-rss-empty.xml"),
        "{run:?}"
    );
    assert!(!run.stderr.contains("imported"), "{run:?}");
    assert_eq!(files_under(&folio.data_dir()), before, "nothing is written");
    assert_eq!(folio.paper_count(), DEMO_PAPERS);
    // Beside a feed with papers, the quiet day is noted and the rest imported.
    let run = folio.run(&[
        "import",
        path.to_str().unwrap(),
        fixture("arxiv-rss.xml").to_str().unwrap(),
    ]);
    assert!(run.success(), "{run:?}");
    assert!(run.stderr.contains("no announcements"), "{run:?}");
    assert!(run.stderr.contains("imported 3 papers"), "{run:?}");
    assert_eq!(folio.show("1901.00042")["source"], "arxiv-rss");
}

#[test]
fn the_binary_refuses_rss_feeds_of_other_sites() {
    let folio = Folio::new();
    let run = folio.import_file(
        "blog.xml",
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><link>https://blog.example.org/</link>\n<item><title>Hello</title><link>https://blog.example.org/hello</link></item></channel></rss>\n",
    );
    assert!(!run.success(), "{run:?}");
    assert!(run.stderr.contains("not from arXiv"), "{run:?}");
    let forced = folio.path("blog.xml");
    let run = folio.fails(&["import", "--format", "arxiv-rss", forced.to_str().unwrap()]);
    assert!(
        run.stderr
            .contains("blog.xml:3: this RSS feed is not from arXiv"),
        "{run:?}"
    );
    assert_eq!(folio.paper_count(), DEMO_PAPERS);
}
