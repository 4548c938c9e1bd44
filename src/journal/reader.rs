//! Reading papers back from where the index says their lines are. Segments
//! never change once written, so open files and block tables are kept and
//! shared between threads, and the blocks read last are kept decompressed:
//! a page of results often finds several of its papers in one block.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::blocks::{self, BlockInfo};
use super::record::{Record, parse_record};
use super::{Journal, JournalError, Locator, io, line_number_at, read_exact_at};
use crate::model::Paper;

/// Decompressed blocks kept: 32 blocks of about 64 KB.
const CACHED_BLOCKS: usize = 32;

/// Reads papers back from the lines the index points to.
#[derive(Debug, Clone)]
pub struct RecordReader {
    dir: PathBuf,
    segments: Arc<Mutex<HashMap<u64, Arc<OpenSegment>>>>,
    cache: Arc<Mutex<BlockCache>>,
}

/// One segment's file and, when it is compressed, its blocks.
#[derive(Debug)]
struct OpenSegment {
    path: PathBuf,
    file: File,
    blocks: Option<Vec<BlockInfo>>,
}

/// A block by its segment and its place in it.
type BlockKey = (u64, usize);

/// The blocks read last, newest at the end.
#[derive(Debug, Default)]
struct BlockCache {
    entries: Vec<(BlockKey, Arc<Vec<u8>>)>,
}

impl BlockCache {
    fn get(&mut self, key: BlockKey) -> Option<Arc<Vec<u8>>> {
        let i = self.entries.iter().position(|(k, _)| *k == key)?;
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
        let Some(blocks) = &segment.blocks else {
            let mut line = vec![0; at.len as usize];
            read_exact_at(&segment.file, &mut line, at.offset).map_err(|e| match e.kind() {
                std::io::ErrorKind::UnexpectedEof => missing(),
                _ => io("read", &segment.path)(e),
            })?;
            return Ok(line);
        };
        let index = blocks::block_holding(blocks, at.offset).ok_or_else(missing)?;
        let raw = self.block(at.seq, &segment, index)?;
        let start = (at.offset - blocks[index].raw_start) as usize;
        raw.get(start..start + at.len as usize)
            .map(<[u8]>::to_vec)
            .ok_or_else(missing)
    }

    /// Block `index` of `segment`, decompressed (from the cache when it was
    /// read lately).
    fn block(
        &self,
        seq: u64,
        segment: &OpenSegment,
        index: usize,
    ) -> Result<Arc<Vec<u8>>, JournalError> {
        let key = (seq, index);
        if let Some(raw) = self
            .cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
        {
            return Ok(raw);
        }
        let blocks = segment.blocks.as_deref().unwrap_or_default();
        let block = &blocks[index];
        let raw = blocks::read_block(&segment.file, block).map_err(|fault| {
            let next = blocks.get(index + 1).map_or(0, |b| b.first_line);
            let lines = if block.first_line > 0 && next > block.first_line {
                format!(" (lines {}-{})", block.first_line, next - 1)
            } else {
                String::new()
            };
            JournalError::DamagedBlock {
                path: segment.path.clone(),
                block: index + 1,
                at: block.file_offset,
                lines,
                raw: block.raw_range(),
                fault: fault.to_string(),
            }
        })?;
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
                |_| Journal::plain_path(&self.dir, at.seq),
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

    /// The 1-based line `at` is on (for messages; 0 when unknown).
    fn line_number(&self, at: Locator) -> usize {
        let Ok(segment) = self.segment(at.seq) else {
            return 0;
        };
        let Some(blocks) = &segment.blocks else {
            return line_number_at(&segment.file, at.offset);
        };
        let Some(index) = blocks::block_holding(blocks, at.offset) else {
            return 0;
        };
        let first = blocks[index].first_line as usize;
        match self.block(at.seq, &segment, index) {
            Ok(raw) if first > 0 => {
                let within = (at.offset - blocks[index].raw_start) as usize;
                first
                    + raw[..within.min(raw.len())]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count()
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
        let blocks = if blocks::has_magic(&file) {
            let len = file.metadata().map_err(io("read", &path))?.len();
            Some(blocks::read_table(&file, len).blocks)
        } else {
            None
        };
        let segment = Arc::new(OpenSegment { path, file, blocks });
        segments.insert(seq, Arc::clone(&segment));
        Ok(segment)
    }
}
