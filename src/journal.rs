//! The paper journal: the source of truth for paper metadata.
//!
//! Every successful import appends one segment (`00000042.jsonl`, one merged
//! paper per line), written to a temp file, fsynced and renamed into place, so
//! a segment is either whole or absent, and never changes afterwards. Replaying
//! the segments in order rebuilds the index from nothing (`folio reindex`); the
//! index records the last segment it holds, so one that fell behind after a
//! crash catches up. The index keeps no copy of a paper, only its
//! [`Locator`] here: where its line is, read back by a [`RecordReader`].

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use thiserror::Error;

use crate::model::Paper;

/// One line of a segment: a paper (its whole merged record), or the removal of
/// an id (a listing entry that turned out to be an arXiv paper under another id).
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Upsert(Box<Paper>),
    Delete(String),
}

/// Where one paper's line is: the segment, the byte offset of the line in it
/// and its length (without the newline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locator {
    pub seq: u64,
    pub offset: u64,
    pub len: u32,
}

/// Bits of a packed locator that hold the offset: segments up to a terabyte.
const OFFSET_BITS: u32 = 40;

impl Locator {
    /// The segment and offset in one number (the length is kept apart), for
    /// an index field; segment numbers fit in the remaining 24 bits.
    pub fn packed_position(&self) -> u64 {
        (self.seq << OFFSET_BITS) | self.offset
    }

    pub fn from_packed(position: u64, len: u64) -> Locator {
        Locator {
            seq: position >> OFFSET_BITS,
            offset: position & ((1 << OFFSET_BITS) - 1),
            len: u32::try_from(len).unwrap_or(u32::MAX),
        }
    }
}

/// One record of a segment and where its line is.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub record: Record,
    pub at: Locator,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct DeleteLine {
    delete: String,
}

const DELETE_PREFIX: &str = "{\"delete\":";

#[derive(Debug, Error)]
pub enum JournalError {
    #[error("could not {action} {path}: {source}; check that the data dir is writable")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the paper journal segment {path} is gone, but the index still points into it; run `folio reindex` to rebuild the index from the journal that is left"
    )]
    Missing { path: PathBuf },
    #[error(
        "{path}: a journal segment cannot pass 1 TB, nor the journal 16 million segments; split the import into smaller files"
    )]
    TooLarge { path: PathBuf },
    #[error(
        "{}:{line}: this paper's journal record is damaged ({message}); `folio reindex` rebuilds the index without it, keeping every other paper",
        path.display()
    )]
    BadRecord {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error(
        "{}:{line}: a damaged journal record was skipped ({message}); every other paper was kept",
        path.display()
    )]
    Corrupt {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error(
        "{}:{line}: the journal's last line is cut short (the file ends inside it); folio skips that record and keeps every other paper; `folio compact` rewrites the journal without it",
        path.display()
    )]
    CutShort { path: PathBuf, line: usize },
    #[error(
        "{path}: one paper's record would be {len} bytes, more than the 4 GB a journal line can hold; leave that record out of the import"
    )]
    RecordTooLarge { path: PathBuf, len: usize },
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> JournalError {
    let path = path.to_path_buf();
    move |source| JournalError::Io {
        action,
        path,
        source,
    }
}

#[derive(Debug, Clone)]
pub struct Journal {
    dir: PathBuf,
}

const SEGMENT_EXT: &str = "jsonl";

impl Journal {
    pub fn open(dir: &Path) -> Result<Journal, JournalError> {
        fs::create_dir_all(dir).map_err(io("create", dir))?;
        Ok(Journal {
            dir: dir.to_path_buf(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Segments in order: `(sequence number, path)`.
    pub fn segments(&self) -> Result<Vec<(u64, PathBuf)>, JournalError> {
        let mut out = Vec::new();
        for entry in fs::read_dir(&self.dir).map_err(io("list", &self.dir))? {
            let path = entry.map_err(io("list", &self.dir))?.path();
            if path.extension().and_then(|e| e.to_str()) != Some(SEGMENT_EXT) {
                continue;
            }
            if let Some(seq) = path
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| s.parse::<u64>().ok())
            {
                out.push((seq, path));
            }
        }
        out.sort();
        Ok(out)
    }

    pub fn last_seq(&self) -> Result<u64, JournalError> {
        Ok(self.segments()?.last().map_or(0, |(seq, _)| *seq))
    }

    /// Segments whose last line is cut short (folio ends every line it
    /// writes, so only damage does this): one read of the last byte of each
    /// segment, cheap enough for every start.
    pub fn cut_short_segments(&self) -> Result<Vec<JournalError>, JournalError> {
        let mut found = Vec::new();
        for (_, path) in self.segments()? {
            let file = File::open(&path).map_err(io("open", &path))?;
            let len = file.metadata().map_err(io("read", &path))?.len();
            if len == 0 {
                continue;
            }
            let mut last = [0u8];
            read_exact_at(&file, &mut last, len - 1).map_err(io("read", &path))?;
            if last[0] != b'\n' {
                let line = line_number_at(&file, len - 1);
                found.push(JournalError::CutShort { path, line });
            }
        }
        Ok(found)
    }

    /// Bytes in all segments.
    pub fn total_bytes(&self) -> Result<u64, JournalError> {
        let mut total = 0;
        for (_, path) in self.segments()? {
            total += fs::metadata(&path).map_err(io("read", &path))?.len();
        }
        Ok(total)
    }

    /// Removes the segments a killed import was writing (`.N.PID.pending`).
    /// Call only under the data dir's write lock: every live writer holds it.
    pub fn remove_pending(&self) -> Result<Vec<PathBuf>, JournalError> {
        let mut removed = Vec::new();
        for entry in fs::read_dir(&self.dir).map_err(io("list", &self.dir))? {
            let path = entry.map_err(io("list", &self.dir))?.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            if name.is_some_and(|n| n.starts_with('.') && n.ends_with(".pending")) {
                fs::remove_file(&path).map_err(io("remove", &path))?;
                removed.push(path);
            }
        }
        Ok(removed)
    }

    /// Deletes segment `seq` (compaction, once a later segment holds all of
    /// its papers that still count).
    pub fn remove_segment(&self, seq: u64) -> Result<(), JournalError> {
        let path = Self::segment_path(&self.dir, seq);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io("remove", &path)(e)),
            _ => Ok(()),
        }
    }

    /// Makes removals and renames in the journal directory durable.
    pub fn sync(&self) {
        if let Ok(dir) = File::open(&self.dir) {
            let _ = dir.sync_all();
        }
    }

    /// Starts a new segment; nothing is visible until [`SegmentWriter::finish`].
    pub fn begin(&self) -> Result<SegmentWriter, JournalError> {
        let seq = self.last_seq()? + 1;
        let tmp = self
            .dir
            .join(format!(".{seq:08}.{}.pending", std::process::id()));
        let file = File::create(&tmp).map_err(io("create", &tmp))?;
        Ok(SegmentWriter {
            out: Some(BufWriter::with_capacity(1 << 20, file)),
            tmp,
            target: Self::segment_path(&self.dir, seq),
            dir: self.dir.clone(),
            seq,
            records: 0,
            written: 0,
        })
    }

    /// A reader for the lines the index points to.
    pub fn reader(&self) -> RecordReader {
        RecordReader {
            dir: self.dir.clone(),
            files: Arc::default(),
        }
    }

    fn segment_path(dir: &Path, seq: u64) -> PathBuf {
        dir.join(format!("{seq:08}.{SEGMENT_EXT}"))
    }

    /// Reads every record of segment `seq` at `path`, in order, with where
    /// each line is.
    pub fn read_segment(
        seq: u64,
        path: &Path,
    ) -> Result<impl Iterator<Item = Result<Entry, JournalError>> + use<>, JournalError> {
        let file = File::open(path).map_err(io("open", path))?;
        Ok(SegmentEntries {
            reader: BufReader::with_capacity(1 << 20, file),
            path: path.to_path_buf(),
            seq,
            offset: 0,
            line_number: 0,
            line: Vec::new(),
        })
    }
}

/// The records of one segment, line by line.
struct SegmentEntries {
    reader: BufReader<File>,
    path: PathBuf,
    seq: u64,
    offset: u64,
    line_number: usize,
    line: Vec<u8>,
}

impl SegmentEntries {
    fn corrupt(&self, message: String) -> JournalError {
        JournalError::Corrupt {
            path: self.path.clone(),
            line: self.line_number,
            message,
        }
    }
}

impl Iterator for SegmentEntries {
    type Item = Result<Entry, JournalError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.line.clear();
            let read = match self.reader.read_until(b'\n', &mut self.line) {
                Ok(0) => return None,
                Ok(n) => n,
                Err(e) => return Some(Err(io("read", &self.path)(e))),
            };
            let offset = self.offset;
            self.offset += read as u64;
            self.line_number += 1;
            if self.line.last() == Some(&b'\n') {
                self.line.pop();
            }
            if self.line.trim_ascii().is_empty() {
                continue;
            }
            let Ok(len) = u32::try_from(self.line.len()) else {
                return Some(Err(self.corrupt("a line longer than 4 GB".into())));
            };
            let at = Locator {
                seq: self.seq,
                offset,
                len,
            };
            let ended = read > self.line.len();
            return Some(match parse_record(&self.line) {
                Ok(record) => Ok(Entry { record, at }),
                Err(_) if !ended => {
                    Err(self.corrupt("the line is cut short: the file ends inside it".into()))
                }
                Err(message) => Err(self.corrupt(message)),
            });
        }
    }
}

/// One journal line as a record, or why it is not one: a line must be JSON
/// of a paper with an id and a title, or of a deletion naming an id.
fn parse_record(line: &[u8]) -> Result<Record, String> {
    if line.starts_with(DELETE_PREFIX.as_bytes()) {
        let delete = serde_json::from_slice::<DeleteLine>(line).map_err(|e| e.to_string())?;
        if delete.delete.trim().is_empty() {
            return Err("a deletion that names no paper".into());
        }
        return Ok(Record::Delete(delete.delete));
    }
    let paper = serde_json::from_slice::<Paper>(line).map_err(|e| e.to_string())?;
    if paper.id.as_str().trim().is_empty() {
        return Err("not a paper: it has no id".into());
    }
    if paper.title.trim().is_empty() {
        return Err("not a paper: it has no title".into());
    }
    Ok(Record::Upsert(Box::new(paper)))
}

/// Reads papers back from the lines the index points to. Segments never
/// change once written, so open files are kept and shared between threads.
#[derive(Debug, Clone)]
pub struct RecordReader {
    dir: PathBuf,
    files: Arc<Mutex<HashMap<u64, Arc<File>>>>,
}

impl RecordReader {
    /// The paper whose line is at `at`.
    pub fn paper(&self, at: Locator) -> Result<Paper, JournalError> {
        let line = self.raw_line(at)?;
        self.parse_line(at, &line)
    }

    /// The line the index points to, as it is in the journal (what
    /// compaction copies without serializing it again).
    pub fn raw_line(&self, at: Locator) -> Result<Vec<u8>, JournalError> {
        let path = || Journal::segment_path(&self.dir, at.seq);
        let file = self.file(at.seq)?;
        let mut line = vec![0; at.len as usize];
        read_exact_at(&file, &mut line, at.offset).map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => JournalError::Missing { path: path() },
            _ => io("read", &path())(e),
        })?;
        Ok(line)
    }

    /// The paper in `line`, read from `at`; a damaged record is named by its
    /// segment and line.
    pub fn parse_line(&self, at: Locator, line: &[u8]) -> Result<Paper, JournalError> {
        let bad = |message: String| JournalError::BadRecord {
            path: Journal::segment_path(&self.dir, at.seq),
            line: self
                .file(at.seq)
                .map_or(0, |file| line_number_at(&file, at.offset)),
            message,
        };
        match parse_record(line) {
            Ok(Record::Upsert(paper)) => Ok(*paper),
            Ok(Record::Delete(_)) => Err(bad("a deletion where a paper should be".into())),
            Err(message) => Err(bad(message)),
        }
    }

    fn file(&self, seq: u64) -> Result<Arc<File>, JournalError> {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(file) = files.get(&seq) {
            return Ok(Arc::clone(file));
        }
        let path = Journal::segment_path(&self.dir, seq);
        let file = File::open(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => JournalError::Missing { path: path.clone() },
            _ => io("open", &path)(e),
        })?;
        let file = Arc::new(file);
        files.insert(seq, Arc::clone(&file));
        Ok(file)
    }
}

/// The 1-based line that starts at byte `offset` of a segment (for messages
/// only; 0 when the file cannot be read).
fn line_number_at(file: &File, offset: u64) -> usize {
    let mut newlines = 0;
    let mut left = offset;
    let mut buf = [0u8; 64 * 1024];
    while left > 0 {
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let start = offset - left;
        if read_exact_at(file, &mut buf[..want], start).is_err() {
            return 0;
        }
        newlines += buf[..want].iter().filter(|&&b| b == b'\n').count();
        left -= want as u64;
    }
    newlines + 1
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// A segment being written; dropped without `finish`, it leaves no trace.
pub struct SegmentWriter {
    out: Option<BufWriter<File>>,
    tmp: PathBuf,
    target: PathBuf,
    dir: PathBuf,
    seq: u64,
    records: u64,
    written: u64,
}

impl SegmentWriter {
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// Appends a paper; returns where its line is.
    pub fn append(&mut self, paper: &Paper) -> Result<Locator, JournalError> {
        let json = serde_json::to_string(paper).expect("a Paper always serializes");
        self.append_json(&json)
    }

    /// Appends a paper already serialized as one line of JSON; returns where
    /// the line is.
    pub fn append_json(&mut self, json: &str) -> Result<Locator, JournalError> {
        if self.written >> OFFSET_BITS != 0 || self.seq >> (64 - OFFSET_BITS) != 0 {
            // A locator could not say where this line is.
            return Err(JournalError::TooLarge {
                path: self.target.clone(),
            });
        }
        let Ok(len) = u32::try_from(json.len()) else {
            return Err(JournalError::RecordTooLarge {
                path: self.target.clone(),
                len: json.len(),
            });
        };
        let at = Locator {
            seq: self.seq,
            offset: self.written,
            len,
        };
        self.write_line(json.as_bytes())?;
        self.records += 1;
        Ok(at)
    }

    /// Appends a line copied from another segment (compaction); returns
    /// where it now is.
    pub fn append_raw(&mut self, line: &[u8]) -> Result<Locator, JournalError> {
        let json = std::str::from_utf8(line).map_err(|e| JournalError::BadRecord {
            path: self.target.clone(),
            line: 0,
            message: e.to_string(),
        })?;
        self.append_json(json)
    }

    /// Records that the paper `id` no longer exists under that id.
    pub fn append_delete(&mut self, id: &str) -> Result<(), JournalError> {
        let line = DeleteLine {
            delete: id.to_string(),
        };
        let json = serde_json::to_vec(&line).expect("a delete line always serializes");
        self.write_line(&json)
    }

    fn write_line(&mut self, line: &[u8]) -> Result<(), JournalError> {
        let out = self.out.as_mut().expect("open until finish");
        let write = |out: &mut BufWriter<File>| -> std::io::Result<()> {
            out.write_all(line)?;
            out.write_all(b"\n")
        };
        write(out).map_err(io("write", &self.tmp))?;
        self.written += line.len() as u64 + 1;
        Ok(())
    }

    /// Papers written so far (deletions are not counted).
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Makes the segment durable and visible; returns its sequence number.
    pub fn finish(mut self) -> Result<u64, JournalError> {
        let out = self.out.take().expect("open until finish");
        let file = out
            .into_inner()
            .map_err(|e| io("write", &self.tmp)(e.into_error()))?;
        file.sync_all().map_err(io("sync", &self.tmp))?;
        drop(file);
        fs::rename(&self.tmp, &self.target).map_err(io("rename", &self.tmp))?;
        if let Ok(dir) = File::open(&self.dir) {
            let _ = dir.sync_all();
        }
        Ok(self.seq)
    }
}

impl Drop for SegmentWriter {
    fn drop(&mut self) {
        if self.out.is_some() {
            self.out = None;
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PaperId;

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
            fs::read_dir(dir.path()).unwrap().count(),
            1,
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
            let packed = Locator::from_packed(at.packed_position(), u64::from(at.len));
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
        assert!(err.contains("00000001.jsonl"), "{err}");
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
}
