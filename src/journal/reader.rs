//! Reading papers back from where the index says their lines are. Segments
//! never change once written, so open files, dictionaries and decompression
//! contexts are kept and shared between threads, and the blocks read last
//! are kept decompressed (the reader's list reads neighbours in turn).
//! Reading a paper needs no block table: its locator names its block.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::blocks::{self, BlockDecoder};
use super::lines::lines_between;
use super::record::{Record, parse_record};
use super::{Journal, JournalError, Locator, io, line_number_at, read_exact_at};
use crate::model::Paper;

/// Decompressed blocks kept: 64 blocks of about 4 KB.
const CACHED_BLOCKS: usize = 64;

/// Reads papers back from the lines the index points to.
#[derive(Clone)]
pub struct RecordReader {
    dir: PathBuf,
    segments: Arc<Mutex<HashMap<u64, Arc<OpenSegment>>>>,
    cache: Arc<Mutex<BlockCache>>,
}

impl std::fmt::Debug for RecordReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordReader")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// One segment's file and, when it is compressed, its decoder.
struct OpenSegment {
    path: PathBuf,
    file: File,
    len: u64,
    /// `None` for a plain segment.
    decoder: Option<Mutex<BlockDecoder>>,
}

/// A block by its segment and file offset.
type BlockKey = (u64, u64);

/// The blocks read last, newest at the end.
#[derive(Debug, Default)]
struct BlockCache {
    entries: Vec<(BlockKey, Arc<Vec<u8>>)>,
}

impl BlockCache {
    fn get(&mut self, key: BlockKey) -> Option<Arc<Vec<u8>>> {
        let i = self.entries.iter().rposition(|(k, _)| *k == key)?;
        let entry = self.entries.remove(i);
        let raw = Arc::clone(&entry.1);
        self.entries.push(entry);
        Some(raw)
    }

    fn put(&mut self, key: BlockKey, raw: Arc<Vec<u8>>) {
        if self.entries.len() >= CACHED_BLOCKS {
            self.entries.remove(0);
        }
        self.entries.push((key, raw));
    }
}

impl RecordReader {
    pub(super) fn new(dir: &Path) -> RecordReader {
        RecordReader {
            dir: dir.to_path_buf(),
            segments: Arc::default(),
            cache: Arc::default(),
        }
    }

    /// The paper whose line is at `at`.
    pub fn paper(&self, at: Locator) -> Result<Paper, JournalError> {
        let line = self.raw_line(at)?;
        self.parse_line(at, &line)
    }

    /// The line the index points to, as it is in the journal (what
    /// compaction copies without serializing it again).
    pub fn raw_line(&self, at: Locator) -> Result<Vec<u8>, JournalError> {
        let segment = self.segment(at.seq)?;
        let missing = || JournalError::Missing {
            path: segment.path.clone(),
        };
        if segment.decoder.is_none() {
            let mut line = vec![0; at.len as usize];
            read_exact_at(&segment.file, &mut line, at.offset).map_err(|e| match e.kind() {
                std::io::ErrorKind::UnexpectedEof => missing(),
                _ => io("read", &segment.path)(e),
            })?;
            return Ok(line);
        }
        let raw = self.block(at.seq, &segment, at.offset, at.len as usize)?;
        let start = at.inner as usize;
        raw.get(start..start + at.len as usize)
            .map(<[u8]>::to_vec)
            .ok_or_else(missing)
    }

    /// The block at file offset `offset` of `segment`, decompressed (from
    /// the cache when it was read lately).
    fn block(
        &self,
        seq: u64,
        segment: &OpenSegment,
        offset: u64,
        raw_hint: usize,
    ) -> Result<Arc<Vec<u8>>, JournalError> {
        let key = (seq, offset);
        if let Some(raw) = self
            .cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
        {
            return Ok(raw);
        }
        let decoder = segment
            .decoder
            .as_ref()
            .ok_or_else(|| JournalError::Missing {
                path: segment.path.clone(),
            })?;
        let raw = decoder
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .read(&segment.file, offset, segment.len, raw_hint)
            .map_err(|fault| damaged_block(segment, offset, &fault))?;
        let raw = Arc::new(raw);
        self.cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .put(key, Arc::clone(&raw));
        Ok(raw)
    }

    /// The paper in `line`, read from `at`; a damaged record is named by its
    /// segment and line.
    pub fn parse_line(&self, at: Locator, line: &[u8]) -> Result<Paper, JournalError> {
        let bad = |message: String| JournalError::BadRecord {
            path: self.segment(at.seq).map_or_else(
                |_| Journal::segment_path(&self.dir, at.seq),
                |s| s.path.clone(),
            ),
            line: self.line_number(at),
            message,
        };
        match parse_record(line) {
            Ok(Record::Upsert(paper)) => Ok(*paper),
            Ok(Record::Delete(_)) => Err(bad("a deletion where a paper should be".into())),
            Err(message) => Err(bad(message)),
        }
    }

    /// The 1-based line `at` is on (for messages; 0 when unknown). Reads
    /// the block table: only damage asks.
    fn line_number(&self, at: Locator) -> usize {
        let Ok(segment) = self.segment(at.seq) else {
            return 0;
        };
        if segment.decoder.is_none() {
            return line_number_at(&segment.file, at.offset);
        }
        let table = blocks::read_table(&segment.file, segment.len);
        let first = table
            .blocks
            .iter()
            .find(|b| b.file_offset == at.offset)
            .map_or(0, |b| b.first_line as usize);
        match self.block(at.seq, &segment, at.offset, at.len as usize) {
            Ok(raw) if first > 0 => {
                let within = (at.inner as usize).min(raw.len());
                first + raw[..within].iter().filter(|&&b| b == b'\n').count()
            }
            _ => 0,
        }
    }

    fn segment(&self, seq: u64) -> Result<Arc<OpenSegment>, JournalError> {
        let mut segments = self.segments.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(segment) = segments.get(&seq) {
            return Ok(Arc::clone(segment));
        }
        let path = Journal::segment_path(&self.dir, seq);
        let file = File::open(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => JournalError::Missing { path: path.clone() },
            _ => io("open", &path)(e),
        })?;
        let len = file.metadata().map_err(io("read", &path))?.len();
        let decoder = if blocks::has_magic(&file) {
            // A damaged dictionary fails only the blocks that need it.
            let dictionary = blocks::read_dictionary(&file, len).unwrap_or_default();
            let decoder = BlockDecoder::new(&dictionary)
                .or_else(|_| BlockDecoder::new(&[]))
                .map_err(|e| io("read", &path)(std::io::Error::other(e.to_string())))?;
            Some(Mutex::new(decoder))
        } else {
            None
        };
        let segment = Arc::new(OpenSegment {
            path,
            file,
            len,
            decoder,
        });
        segments.insert(seq, Arc::clone(&segment));
        Ok(segment)
    }
}

/// The error for the block at `offset` of `segment`, with its number and
/// lines from the block table (read only now: damage is rare).
fn damaged_block(segment: &OpenSegment, offset: u64, fault: &blocks::BlockFault) -> JournalError {
    let table = blocks::read_table(&segment.file, segment.len);
    let index = table.blocks.iter().position(|b| b.file_offset == offset);
    let lines = index.map_or(String::new(), |i| {
        let next = table.blocks.get(i + 1).map_or(0, |b| b.first_line);
        lines_between(table.blocks[i].first_line, next)
    });
    JournalError::DamagedBlock {
        path: segment.path.clone(),
        block: index.map_or(0, |i| i + 1),
        at: offset,
        lines,
        places: offset..offset + 1,
        fault: fault.to_string(),
    }
}
