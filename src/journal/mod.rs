//! The paper journal: the source of truth for paper metadata.
//!
//! Every successful import appends one segment (`00000042.fjz`: one merged
//! paper per line, the lines packed into compressed blocks, see [`blocks`]),
//! written to a temp file, fsynced and renamed into place, so a segment is
//! either whole or absent, and never changes afterwards. Replaying the
//! segments in order rebuilds the index from nothing (`folio reindex`); the
//! index records the last segment it holds, so one that fell behind after a
//! crash catches up. The index keeps no copy of a paper, only its
//! [`Locator`] here: where its line is, read back by a [`RecordReader`].
//!
//! Segments written before the journal was compressed (`00000042.jsonl`,
//! plain lines) still read; [`Journal::upgrade_plain`] rewrites them
//! compressed (the index is rebuilt after, its locators change).

pub mod blocks;
mod lines;
mod reader;
mod record;
#[cfg(test)]
mod tests;
mod writer;

use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::ops::Range;
use std::path::{Path, PathBuf};

use thiserror::Error;

pub use reader::RecordReader;
pub use record::{Record, parse_record};
pub use writer::SegmentWriter;

/// Where one paper's line is. In a compressed segment: the file offset of
/// its block (`offset`), where the line starts inside the block once
/// decompressed (`inner`) and its length without the newline. In a plain
/// segment (from before compression): its byte offset, `inner` 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locator {
    pub seq: u64,
    pub offset: u64,
    pub inner: u32,
    pub len: u32,
}

/// Bits of a packed locator that hold the offset: segments up to a terabyte.
const OFFSET_BITS: u32 = 40;

impl Locator {
    /// The segment and offset in one number, for an index field; segment
    /// numbers fit in the remaining 24 bits.
    pub fn packed_position(&self) -> u64 {
        (self.seq << OFFSET_BITS) | self.offset
    }

    /// The offset inside the block and the length in one number, for an
    /// index field.
    pub fn packed_len(&self) -> u64 {
        (u64::from(self.inner) << 32) | u64::from(self.len)
    }

    pub fn from_packed(position: u64, len: u64) -> Locator {
        Locator {
            seq: position >> OFFSET_BITS,
            offset: position & ((1 << OFFSET_BITS) - 1),
            inner: (len >> 32) as u32,
            len: len as u32,
        }
    }
}

/// One record of a segment and where its line is.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub record: Record,
    pub at: Locator,
}

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
        "{}: block {block} (at byte {at}) is damaged: {fault}; the records in it{lines} cannot be read, every other block still reads; `folio reindex` rebuilds the index without them and names the papers lost",
        path.display()
    )]
    DamagedBlock {
        path: PathBuf,
        /// 1-based.
        block: usize,
        at: u64,
        /// ` (lines 12-340)` when known.
        lines: String,
        /// The locator offsets the block held (its file offset): papers
        /// whose locators fall here are lost.
        places: Range<u64>,
        fault: String,
    },
    #[error(
        "{}: from byte {at} on, this journal segment cannot be read (cut short or damaged); the records before it are kept; `folio compact` rewrites the journal without the damage",
        path.display()
    )]
    DamagedTail { path: PathBuf, at: u64 },
    #[error(
        "the paper journal in {} was written by a newer folio (journal format {found}; this folio reads formats up to {FORMAT}): install the newer folio to open it; nothing was changed",
        dir.display()
    )]
    TooNew { dir: PathBuf, found: u32 },
    #[error(
        "{path}: one paper's record would be {len} bytes, more than the 4 GB a journal line can hold; leave that record out of the import"
    )]
    RecordTooLarge { path: PathBuf, len: usize },
}

impl JournalError {
    /// The locator offsets of a segment whose records this damage made
    /// unreadable (a damaged block, or everything past a damaged tail).
    pub fn unreadable_places(&self) -> Option<Range<u64>> {
        match self {
            JournalError::DamagedBlock { places, .. } => Some(places.clone()),
            JournalError::DamagedTail { at, .. } => Some(*at..u64::MAX),
            _ => None,
        }
    }
}

pub(crate) fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> JournalError {
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

/// Compressed segments (see [`blocks`]).
const SEGMENT_EXT: &str = "fjz";
/// Plain segments written by earlier versions.
const PLAIN_EXT: &str = "jsonl";

/// A segment's sequence number when `path` names one, and whether it is
/// compressed.
fn segment_name(path: &Path) -> Option<(u64, bool)> {
    let compressed = match path.extension().and_then(|e| e.to_str()) {
        Some(SEGMENT_EXT) => true,
        Some(PLAIN_EXT) => false,
        _ => return None,
    };
    let seq = path.file_stem()?.to_str()?.parse::<u64>().ok()?;
    Some((seq, compressed))
}

/// The journal's format: 1 was plain `.jsonl` segments, 2 adds compressed
/// ones (with locators naming blocks). Kept in `journal/FORMAT` so that a later format, which this folio
/// could misread, is refused with a message instead of being written over.
pub const FORMAT: u32 = 2;
const FORMAT_FILE: &str = "FORMAT";

impl Journal {
    /// Opens (creating) the journal in `dir`; refuses one a newer folio
    /// wrote in a format this one does not know.
    pub fn open(dir: &Path) -> Result<Journal, JournalError> {
        fs::create_dir_all(dir).map_err(io("create", dir))?;
        let marker = dir.join(FORMAT_FILE);
        match fs::read_to_string(&marker) {
            Ok(text) => {
                let found = text
                    .split_whitespace()
                    .last()
                    .and_then(|n| n.parse::<u32>().ok())
                    .unwrap_or(u32::MAX);
                if found > FORMAT {
                    return Err(JournalError::TooNew {
                        dir: dir.to_path_buf(),
                        found,
                    });
                }
            }
            // Best effort: a read-only journal is read as it is.
            Err(_) => {
                let _ = crate::fsutil::write_atomically(
                    &marker,
                    format!("folio-journal {FORMAT}\n").as_bytes(),
                );
            }
        }
        Ok(Journal {
            dir: dir.to_path_buf(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Segments in order: `(sequence number, path)`. When an upgrade was
    /// stopped between writing a compressed copy and removing the plain
    /// segment, the (complete) compressed one is listed.
    pub fn segments(&self) -> Result<Vec<(u64, PathBuf)>, JournalError> {
        let mut out: Vec<(u64, bool, PathBuf)> = Vec::new();
        for entry in fs::read_dir(&self.dir).map_err(io("list", &self.dir))? {
            let path = entry.map_err(io("list", &self.dir))?.path();
            if let Some((seq, compressed)) = segment_name(&path) {
                out.push((seq, !compressed, path));
            }
        }
        // Compressed first within a sequence number, then keep one each.
        out.sort();
        out.dedup_by_key(|(seq, _, _)| *seq);
        Ok(out.into_iter().map(|(seq, _, path)| (seq, path)).collect())
    }

    /// Plain segments (from before the journal was compressed), with
    /// whether a compressed copy of each is already there.
    pub fn plain_segments(&self) -> Result<Vec<(u64, PathBuf, bool)>, JournalError> {
        let mut plain = Vec::new();
        for entry in fs::read_dir(&self.dir).map_err(io("list", &self.dir))? {
            let path = entry.map_err(io("list", &self.dir))?.path();
            if let Some((seq, false)) = segment_name(&path) {
                let copied = Self::compressed_path(&self.dir, seq).exists();
                plain.push((seq, path, copied));
            }
        }
        plain.sort();
        Ok(plain)
    }

    /// Rewrites plain segment `seq` compressed, every line kept (blank and
    /// damaged ones too, so messages name the same lines), then removes the
    /// plain one. Locators into it change: rebuild the index after. Killed
    /// at any point, the journal reads the same: the compressed copy
    /// appears whole by rename, and a plain segment with a compressed twin
    /// is only a leftover. Returns the sizes before and after. Call under
    /// the data dir's write lock.
    pub fn upgrade_plain(&self, seq: u64) -> Result<(u64, u64), JournalError> {
        let plain = Self::plain_path(&self.dir, seq);
        let before = fs::metadata(&plain).map_err(io("read", &plain))?.len();
        let target = Self::compressed_path(&self.dir, seq);
        if !target.exists() {
            let mut writer = self.begin_at(seq)?;
            let file = File::open(&plain).map_err(io("open", &plain))?;
            let mut reader = BufReader::with_capacity(1 << 20, file);
            let mut line = Vec::new();
            loop {
                line.clear();
                if reader
                    .read_until(b'\n', &mut line)
                    .map_err(io("read", &plain))?
                    == 0
                {
                    break;
                }
                if line.last() == Some(&b'\n') {
                    line.pop();
                }
                writer.copy_line(&line)?;
            }
            writer.finish()?;
        }
        let after = fs::metadata(&target).map_err(io("read", &target))?.len();
        fs::remove_file(&plain).map_err(io("remove", &plain))?;
        self.sync();
        Ok((before, after))
    }

    pub fn last_seq(&self) -> Result<u64, JournalError> {
        Ok(self.segments()?.last().map_or(0, |(seq, _)| *seq))
    }

    /// Segments whose end is missing (folio ends every line and every
    /// compressed segment it writes, so only damage does this): one read of
    /// the last bytes of each segment, cheap enough for every start.
    pub fn cut_short_segments(&self) -> Result<Vec<JournalError>, JournalError> {
        let mut found = Vec::new();
        for (_, path) in self.segments()? {
            let file = File::open(&path).map_err(io("open", &path))?;
            let len = file.metadata().map_err(io("read", &path))?.len();
            if len == 0 {
                continue;
            }
            if blocks::has_magic(&file) {
                let mut end = [0u8; 8];
                let whole = len >= 8
                    && read_exact_at(&file, &mut end, len - 8).is_ok()
                    && &end == blocks::END_MAGIC;
                if !whole {
                    let table = blocks::read_table(&file, len);
                    let at = table.unreadable_from.unwrap_or(len);
                    found.push(JournalError::DamagedTail { path, at });
                }
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

    /// Bytes in all segments (on disk, compressed).
    pub fn total_bytes(&self) -> Result<u64, JournalError> {
        let mut total = 0;
        for (_, path) in self.segments()? {
            total += fs::metadata(&path).map_err(io("read", &path))?.len();
        }
        Ok(total)
    }

    /// Each segment's raw size (its lines uncompressed) and its size on
    /// disk, by sequence number: what compaction weighs against the
    /// records the index still points to.
    pub fn segment_sizes(&self) -> Result<Vec<SegmentSize>, JournalError> {
        let mut sizes = Vec::new();
        for (seq, path) in self.segments()? {
            let file = File::open(&path).map_err(io("open", &path))?;
            let on_disk = file.metadata().map_err(io("read", &path))?.len();
            let raw = if blocks::has_magic(&file) {
                blocks::raw_len(&file, on_disk)
            } else {
                on_disk
            };
            sizes.push(SegmentSize { seq, raw, on_disk });
        }
        Ok(sizes)
    }

    /// Removes the segments a killed import was writing (`.N.PID.pending`).
    /// Call only under the data dir's write lock: every live writer holds it.
    pub fn remove_pending(&self) -> Result<Vec<PathBuf>, JournalError> {
        let _ = crate::fsutil::remove_stale_temp_files(&self.dir, FORMAT_FILE);
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
        for path in [
            Self::compressed_path(&self.dir, seq),
            Self::plain_path(&self.dir, seq),
        ] {
            match fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(io("remove", &path)(e));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Makes removals and renames in the journal directory durable.
    pub fn sync(&self) {
        if let Ok(dir) = File::open(&self.dir) {
            let _ = dir.sync_all();
        }
    }

    /// Starts a new segment; nothing is visible until [`SegmentWriter::finish`].
    pub fn begin(&self) -> Result<SegmentWriter, JournalError> {
        self.begin_at(self.last_seq()? + 1)
    }

    fn begin_at(&self, seq: u64) -> Result<SegmentWriter, JournalError> {
        let tmp = self
            .dir
            .join(format!(".{seq:08}.{}.pending", std::process::id()));
        SegmentWriter::create(&self.dir, seq, tmp, Self::compressed_path(&self.dir, seq))
    }

    /// A reader for the lines the index points to.
    pub fn reader(&self) -> RecordReader {
        RecordReader::new(&self.dir)
    }

    /// Where segment `seq` is: compressed, or plain when only that is there.
    pub fn segment_path(dir: &Path, seq: u64) -> PathBuf {
        let compressed = Self::compressed_path(dir, seq);
        let plain = Self::plain_path(dir, seq);
        if !compressed.exists() && plain.exists() {
            plain
        } else {
            compressed
        }
    }

    fn compressed_path(dir: &Path, seq: u64) -> PathBuf {
        dir.join(format!("{seq:08}.{SEGMENT_EXT}"))
    }

    fn plain_path(dir: &Path, seq: u64) -> PathBuf {
        dir.join(format!("{seq:08}.{PLAIN_EXT}"))
    }

    /// Reads every record of segment `seq` at `path`, in order, with where
    /// each line is. A damaged line or block is an `Err` in its place, and
    /// reading goes on after it.
    pub fn read_segment(
        seq: u64,
        path: &Path,
    ) -> Result<impl Iterator<Item = Result<Entry, JournalError>> + use<>, JournalError> {
        lines::SegmentEntries::open(seq, path)
    }
}

/// One segment's sizes (see [`Journal::segment_sizes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentSize {
    pub seq: u64,
    /// Bytes of its lines, uncompressed.
    pub raw: u64,
    pub on_disk: u64,
}

/// The 1-based line that starts at byte `offset` of a segment (for messages
/// only; 0 when the file cannot be read).
pub(crate) fn line_number_at(file: &File, offset: u64) -> usize {
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
pub(crate) fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
pub(crate) fn read_exact_at(
    file: &File,
    mut buf: &mut [u8],
    mut offset: u64,
) -> std::io::Result<()> {
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
