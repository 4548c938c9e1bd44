//! The journal's own tests: segments written, read back, found by their
//! locators, and damage named where it is.

use super::*;
use crate::model::{Paper, PaperId};

fn paper(id: &str) -> Paper {
    Paper {
        id: PaperId::new(id),
        title: format!("Paper {id}"),
        ..Paper::default()
    }
}

fn records(seq: u64, path: &Path) -> Vec<Record> {
    Journal::read_segment(seq, path)
        .unwrap()
        .map(|e| e.unwrap().record)
        .collect()
}

#[test]
fn a_record_over_4_gib_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    let mut w = journal.begin().unwrap();
    // Zeroed memory is mapped lazily: this costs address space, not RAM.
    let huge = vec![0u8; u32::MAX as usize + 1];
    let line = std::str::from_utf8(&huge).unwrap();
    let err = w.append_json(line).unwrap_err();
    assert!(matches!(err, JournalError::RecordTooLarge { .. }), "{err}");
    assert!(err.to_string().contains("4 GB"), "{err}");
    // The segment is still usable for the records that fit.
    w.append(&paper("a")).unwrap();
    assert_eq!(w.finish().unwrap(), 1);
}

#[test]
fn segments_appear_only_when_finished() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    let mut w = journal.begin().unwrap();
    w.append(&paper("a")).unwrap();
    assert_eq!(journal.segments().unwrap().len(), 0);
    assert_eq!(w.finish().unwrap(), 1);
    let mut w = journal.begin().unwrap();
    w.append(&paper("b")).unwrap();
    w.append_delete("a").unwrap();
    drop(w);
    let segs = journal.segments().unwrap();
    assert_eq!(segs.len(), 1);
    assert_eq!(
        crate::fsutil::sorted_entry_names(dir.path()).unwrap(),
        vec!["00000001.fjz".to_string(), "FORMAT".to_string()],
        "no temp file left"
    );
    assert_eq!(
        records(1, &segs[0].1),
        vec![Record::Upsert(Box::new(paper("a")))]
    );
}

#[test]
fn deletions_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    let mut w = journal.begin().unwrap();
    w.append(&paper("a")).unwrap();
    w.append_delete("a").unwrap();
    w.finish().unwrap();
    let path = &journal.segments().unwrap()[0].1;
    assert_eq!(
        records(1, path),
        vec![
            Record::Upsert(Box::new(paper("a"))),
            Record::Delete("a".into())
        ]
    );
}

#[test]
fn locators_lead_back_to_their_paper() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    let mut written = Vec::new();
    for seq in 1..=2 {
        let mut w = journal.begin().unwrap();
        for i in 0..3 {
            let mut p = paper(&format!("{seq}-{i}"));
            p.abstract_text = "ü\nand a line break".repeat(i);
            written.push((w.append(&p).unwrap(), p));
            w.append_delete("gone").unwrap();
        }
        assert_eq!(w.finish().unwrap(), seq);
    }
    let reader = journal.reader();
    for (at, p) in &written {
        assert_eq!(&reader.paper(*at).unwrap(), p);
        let packed = Locator::from_packed(at.packed_position(), at.packed_len());
        assert_eq!(&packed, at);
    }
    // Reading a segment back gives the same locators the writer gave.
    let replayed: Vec<Locator> = journal
        .segments()
        .unwrap()
        .iter()
        .flat_map(|(seq, path)| Journal::read_segment(*seq, path).unwrap())
        .map(Result::unwrap)
        .filter(|e| matches!(e.record, Record::Upsert(_)))
        .map(|e| e.at)
        .collect();
    let expected: Vec<Locator> = written.iter().map(|(at, _)| *at).collect();
    assert_eq!(replayed, expected);
}

#[test]
fn a_segment_a_locator_cannot_address_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(format!("{}.jsonl", 1u64 << 24)), "").unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    let mut w = journal.begin().unwrap();
    let err = w.append(&paper("a")).unwrap_err().to_string();
    assert!(err.contains("smaller files"), "{err}");
}

#[test]
fn a_missing_segment_says_to_reindex() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    let mut w = journal.begin().unwrap();
    let at = w.append(&paper("a")).unwrap();
    w.finish().unwrap();
    fs::remove_file(&journal.segments().unwrap()[0].1).unwrap();
    let err = journal.reader().paper(at).unwrap_err().to_string();
    assert!(err.contains("00000001.fjz"), "{err}");
    assert!(err.contains("folio reindex"), "{err}");
}

#[test]
fn a_corrupt_line_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("00000001.jsonl");
    fs::write(&path, "{\"id\":\"a\",\"title\":\"x\"}\n\nnot json\n").unwrap();
    let results: Vec<_> = Journal::read_segment(1, &path).unwrap().collect();
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    let err = results[1].as_ref().unwrap_err().to_string();
    assert!(err.contains("00000001.jsonl:3"), "{err}");
}

/// A paper whose record is about `size` bytes of varied text.
fn sized_paper(id: &str, size: usize) -> Paper {
    let mut p = paper(id);
    let words = [
        "graph", "neural", "sparse", "theorem", "quantum", "lattice", "prior",
    ];
    let mut text = String::new();
    let mut i = id.len();
    while text.len() < size {
        text.push_str(words[i % words.len()]);
        text.push_str(&format!(" {i} "));
        i = i.wrapping_mul(31).wrapping_add(7) % 1009;
    }
    p.abstract_text = text;
    p
}

/// A segment of `count` papers spread over several blocks; returns the
/// journal, its one segment's path and each paper with its locator.
fn several_blocks(dir: &Path, count: usize) -> (Journal, PathBuf, Vec<(Locator, Paper)>) {
    let journal = Journal::open(dir).unwrap();
    let mut w = journal.begin().unwrap();
    let mut written = Vec::new();
    for i in 0..count {
        let p = sized_paper(&format!("p{i}"), 900);
        written.push((w.append(&p).unwrap(), p));
        if i % 7 == 0 {
            w.append_delete(&format!("gone{i}")).unwrap();
        }
    }
    w.finish().unwrap();
    let path = journal.segments().unwrap()[0].1.clone();
    (journal, path, written)
}

fn block_table(path: &Path) -> blocks::BlockTable {
    let file = File::open(path).unwrap();
    let len = file.metadata().unwrap().len();
    blocks::read_table(&file, len)
}

#[test]
fn a_segment_is_compressed_in_blocks_and_every_locator_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let (journal, path, written) = several_blocks(dir.path(), 400);
    assert_eq!(path.extension().unwrap(), "fjz");
    let table = block_table(&path);
    assert!(table.complete);
    assert!(table.blocks.len() >= 5, "{} blocks", table.blocks.len());
    let raw: u64 = written.iter().map(|(at, _)| u64::from(at.len) + 1).sum();
    let on_disk = fs::metadata(&path).unwrap().len();
    assert!(on_disk * 2 < raw, "{on_disk} bytes on disk for {raw} raw");
    let reader = journal.reader();
    for (at, p) in &written {
        assert_eq!(&reader.paper(*at).unwrap(), p);
    }
    let replayed: Vec<Locator> = Journal::read_segment(1, &path)
        .unwrap()
        .map(Result::unwrap)
        .filter(|e| matches!(e.record, Record::Upsert(_)))
        .map(|e| e.at)
        .collect();
    let expected: Vec<Locator> = written.iter().map(|(at, _)| *at).collect();
    assert_eq!(replayed, expected);
    assert!(journal.cut_short_segments().unwrap().is_empty());
    let sizes = journal.segment_sizes().unwrap();
    assert_eq!(sizes[0].on_disk, on_disk);
    assert!(sizes[0].raw > raw, "deletions are lines too");
    assert!(
        table.dictionary.is_empty(),
        "a small segment has no dictionary"
    );
}

#[test]
fn a_large_segment_trains_a_dictionary_and_still_reads_every_line() {
    let dir = tempfile::tempdir().unwrap();
    let (journal, path, written) = several_blocks(dir.path(), 10_000);
    let table = block_table(&path);
    assert!(table.complete);
    assert!(
        !table.dictionary.is_empty(),
        "past {} bytes",
        blocks::DICTIONARY_AFTER
    );
    let flags: Vec<u32> = table
        .blocks
        .iter()
        .map(|b| {
            blocks::read_header(&File::open(&path).unwrap(), b.file_offset)
                .unwrap()
                .flags
        })
        .collect();
    assert_eq!(
        flags.first(),
        Some(&0),
        "the first blocks come before the dictionary"
    );
    assert_eq!(flags.last(), Some(&blocks::FLAG_DICTIONARY));
    let reader = journal.reader();
    for (at, p) in written.iter().step_by(7) {
        assert_eq!(&reader.paper(*at).unwrap(), p);
    }
    let read = Journal::read_segment(1, &path)
        .unwrap()
        .filter(|e| matches!(e.as_ref().unwrap().record, Record::Upsert(_)))
        .count();
    assert_eq!(read, written.len());
}

#[test]
fn a_damaged_block_costs_its_records_only_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (journal, path, written) = several_blocks(dir.path(), 400);
    let table = block_table(&path);
    let victim = table.blocks[2];
    let next = table.blocks[3];
    let mut bytes = fs::read(&path).unwrap();
    bytes[victim.file_offset as usize + 40] ^= 0x5a;
    fs::write(&path, &bytes).unwrap();

    let results: Vec<_> = Journal::read_segment(1, &path).unwrap().collect();
    let errors: Vec<String> = results
        .iter()
        .filter_map(|r| r.as_ref().err().map(ToString::to_string))
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("block 3"), "{}", errors[0]);
    assert!(errors[0].contains("checksum"), "{}", errors[0]);
    assert!(errors[0].contains("00000001.fjz"), "{}", errors[0]);
    let lines = if next.first_line == victim.first_line + 1 {
        format!("(line {})", victim.first_line)
    } else {
        format!("(lines {}-{})", victim.first_line, next.first_line - 1)
    };
    assert!(errors[0].contains(&lines), "{}", errors[0]);
    let read: Vec<Locator> = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .filter(|e| matches!(e.record, Record::Upsert(_)))
        .map(|e| e.at)
        .collect();
    let in_victim = |at: &Locator| at.offset == victim.file_offset;
    let expected: Vec<Locator> = written
        .iter()
        .map(|(at, _)| *at)
        .filter(|at| !in_victim(at))
        .collect();
    assert_eq!(read, expected, "every record outside the block still reads");
    assert!(expected.len() < written.len());

    let reader = journal.reader();
    for (at, p) in &written {
        match reader.paper(*at) {
            Ok(found) => {
                assert!(!in_victim(at));
                assert_eq!(&found, p);
            }
            Err(e) => {
                assert!(in_victim(at), "{e}");
                assert!(
                    matches!(e, JournalError::DamagedBlock { block: 3, .. }),
                    "{e}"
                );
            }
        }
    }
}

#[test]
fn a_lost_table_is_found_again_from_the_block_headers() {
    let dir = tempfile::tempdir().unwrap();
    let (journal, path, written) = several_blocks(dir.path(), 200);
    let len = fs::metadata(&path).unwrap().len();
    // The footer's last bytes are gone: the table cannot be trusted.
    let file = fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(len - 3).unwrap();
    let table = block_table(&path);
    assert!(!table.complete);
    let reader = journal.reader();
    for (at, p) in &written {
        assert_eq!(&reader.paper(*at).unwrap(), p);
    }
    let told = journal.cut_short_segments().unwrap();
    assert_eq!(told.len(), 1);
    assert!(
        matches!(told[0], JournalError::DamagedTail { .. }),
        "{}",
        told[0]
    );
}

#[test]
fn a_segment_cut_inside_a_block_keeps_the_blocks_before() {
    let dir = tempfile::tempdir().unwrap();
    let (_, path, written) = several_blocks(dir.path(), 400);
    let table = block_table(&path);
    let cut = table.blocks[3].file_offset + 100;
    let file = fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(cut).unwrap();
    let results: Vec<_> = Journal::read_segment(1, &path).unwrap().collect();
    let last = results.last().unwrap().as_ref().unwrap_err();
    assert!(
        matches!(last, JournalError::DamagedTail { at, .. } if *at == table.blocks[3].file_offset),
        "{last}"
    );
    let read = results.iter().filter(|r| r.is_ok()).count();
    let before = written
        .iter()
        .filter(|(at, _)| at.offset < table.blocks[3].file_offset)
        .count();
    let deletes = (0..400).filter(|i| i % 7 == 0).count();
    assert!(
        read >= before && read <= before + deletes,
        "{read} of {before}"
    );
}

#[test]
fn a_plain_segment_is_upgraded_with_every_line_kept() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    let plain = dir.path().join("00000001.jsonl");
    let mut text = String::new();
    let mut papers = Vec::new();
    for i in 0..300 {
        let p = sized_paper(&format!("old{i}"), 500);
        let line = serde_json::to_string(&p).unwrap();
        let at = Locator {
            seq: 1,
            offset: text.len() as u64,
            inner: 0,
            len: line.len() as u32,
        };
        text.push_str(&line);
        text.push('\n');
        if i == 10 {
            text.push_str("\nnot json\n");
        }
        papers.push((at, p));
    }
    fs::write(&plain, &text).unwrap();
    // Records and errors, without where they are (places change).
    let described = |path: &Path| -> Vec<String> {
        Journal::read_segment(1, path)
            .unwrap()
            .map(|r| match r {
                Ok(entry) => format!("{:?}", entry.record),
                Err(e) => e
                    .to_string()
                    .replace(&path.display().to_string(), "SEGMENT"),
            })
            .collect()
    };
    let before = described(&plain);
    // A reader opened on the plain segment keeps working through the upgrade.
    let early = journal.reader();
    assert_eq!(early.paper(papers[0].0).unwrap(), papers[0].1);

    let (was, is) = journal.upgrade_plain(1).unwrap();
    assert_eq!(was, text.len() as u64);
    assert!(is * 2 < was, "{is} of {was}");
    assert!(!plain.exists());
    let segments = journal.segments().unwrap();
    assert_eq!(segments.len(), 1);
    assert_eq!(
        before,
        described(&segments[0].1),
        "the same records and errors, line for line"
    );
    for (at, p) in &papers {
        assert_eq!(&early.paper(*at).unwrap(), p);
    }
    let reader = journal.reader();
    for entry in Journal::read_segment(1, &segments[0].1).unwrap().flatten() {
        if let Record::Upsert(p) = entry.record {
            assert_eq!(reader.paper(entry.at).unwrap(), *p);
        }
    }
}

#[test]
fn an_upgrade_stopped_after_its_copy_lists_the_copy_and_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    let line = serde_json::to_string(&paper("a")).unwrap();
    fs::write(dir.path().join("00000001.jsonl"), format!("{line}\n")).unwrap();
    journal.upgrade_plain(1).unwrap();
    // As if killed between the rename and the removal.
    fs::write(dir.path().join("00000001.jsonl"), format!("{line}\n")).unwrap();
    let segments = journal.segments().unwrap();
    assert_eq!(segments.len(), 1);
    assert_eq!(segments[0].1.extension().unwrap(), "fjz");
    assert_eq!(
        journal.plain_segments().unwrap(),
        vec![(1, dir.path().join("00000001.jsonl"), true)]
    );
    journal.upgrade_plain(1).unwrap();
    assert!(journal.plain_segments().unwrap().is_empty());
    assert_eq!(
        records(1, &journal.segments().unwrap()[0].1),
        vec![Record::Upsert(Box::new(paper("a")))]
    );
}

#[test]
fn garbage_that_starts_like_a_segment_reads_as_damage_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("00000001.fjz");
    let mut bytes = blocks::MAGIC.to_vec();
    bytes.extend_from_slice(&[0xff; 40]);
    fs::write(&path, &bytes).unwrap();
    let results: Vec<_> = Journal::read_segment(1, &path).unwrap().collect();
    assert_eq!(results.len(), 1);
    assert!(matches!(
        results[0],
        Err(JournalError::DamagedTail { at: 8, .. })
    ));
    let journal = Journal::open(dir.path()).unwrap();
    let err = journal
        .reader()
        .paper(Locator {
            seq: 1,
            offset: 8,
            inner: 0,
            len: 10,
        })
        .unwrap_err();
    assert!(matches!(err, JournalError::DamagedBlock { .. }), "{err}");
}

#[test]
fn a_record_from_a_newer_folio_with_an_unknown_source_still_reads() {
    let line = br#"{"id":"2501.00001","title":"From the future","source":"arxiv-quantum-feed","new_field":[1,2]}"#;
    let Record::Upsert(paper) = parse_record(line).unwrap() else {
        panic!("not a paper");
    };
    assert_eq!(paper.title, "From the future");
    assert_eq!(paper.source, crate::model::Source::Other);
}
