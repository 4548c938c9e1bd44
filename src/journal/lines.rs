//! Reading a whole segment in order, record by record, with where each line
//! is: plain `.jsonl` segments line by line, compressed ones block by block.
//! A damaged line or block is reported in its place and reading goes on.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use super::blocks::{self, BlockDecoder, BlockTable};
use super::record::parse_record;
use super::{Entry, JournalError, Locator, io};

/// The records of one segment, in order.
pub(super) enum SegmentEntries {
    Plain(PlainEntries),
    Blocks(BlockEntries),
}

impl SegmentEntries {
    pub(super) fn open(seq: u64, path: &Path) -> Result<SegmentEntries, JournalError> {
        let file = File::open(path).map_err(io("open", path))?;
        if blocks::has_magic(&file) {
            let len = file.metadata().map_err(io("read", path))?.len();
            let table = blocks::read_table(&file, len);
            let decoder = BlockDecoder::new(&table.dictionary)
                .map_err(|e| io("read", path)(std::io::Error::other(e.to_string())))?;
            return Ok(SegmentEntries::Blocks(BlockEntries {
                stream: BufReader::with_capacity(1 << 20, file),
                position: None,
                len,
                decoder,
                table,
                next_block: 0,
                tail_told: false,
                lines: LineCursor::new(path, seq),
                open: None,
            }));
        }
        Ok(SegmentEntries::Plain(PlainEntries {
            reader: BufReader::with_capacity(1 << 20, file),
            cursor: LineCursor::new(path, seq),
            line: Vec::new(),
        }))
    }
}

impl Iterator for SegmentEntries {
    type Item = Result<Entry, JournalError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            SegmentEntries::Plain(plain) => plain.next(),
            SegmentEntries::Blocks(blocks) => blocks.next(),
        }
    }
}

/// Where reading is: the segment, the byte offset (plain segments) and the
/// line number.
struct LineCursor {
    path: PathBuf,
    seq: u64,
    offset: u64,
    line_number: usize,
}

impl LineCursor {
    fn new(path: &Path, seq: u64) -> LineCursor {
        LineCursor {
            path: path.to_path_buf(),
            seq,
            offset: 0,
            line_number: 0,
        }
    }

    fn corrupt(&self, message: String) -> JournalError {
        JournalError::Corrupt {
            path: self.path.clone(),
            line: self.line_number,
            message,
        }
    }

    /// The record on one line (`ended`: it had its newline) found at
    /// `offset` and `inner` (see [`Locator`]); `None` for a blank line.
    fn entry(
        &self,
        line: &[u8],
        offset: u64,
        inner: u32,
        ended: bool,
    ) -> Option<Result<Entry, JournalError>> {
        if line.trim_ascii().is_empty() {
            return None;
        }
        let Ok(len) = u32::try_from(line.len()) else {
            return Some(Err(self.corrupt("a line longer than 4 GB".into())));
        };
        let at = Locator {
            seq: self.seq,
            offset,
            inner,
            len,
        };
        Some(match parse_record(line) {
            Ok(record) => Ok(Entry { record, at }),
            Err(_) if !ended => {
                Err(self.corrupt("the line is cut short: the file ends inside it".into()))
            }
            Err(message) => Err(self.corrupt(message)),
        })
    }
}

/// A plain segment (written before the journal was compressed), line by line.
pub(super) struct PlainEntries {
    reader: BufReader<File>,
    cursor: LineCursor,
    line: Vec<u8>,
}

impl Iterator for PlainEntries {
    type Item = Result<Entry, JournalError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.line.clear();
            let read = match self.reader.read_until(b'\n', &mut self.line) {
                Ok(0) => return None,
                Ok(n) => n,
                Err(e) => return Some(Err(io("read", &self.cursor.path)(e))),
            };
            let offset = self.cursor.offset;
            self.cursor.offset += read as u64;
            self.cursor.line_number += 1;
            let ended = self.line.last() == Some(&b'\n');
            if ended {
                self.line.pop();
            }
            if let Some(entry) = self.cursor.entry(&self.line, offset, 0, ended) {
                return Some(entry);
            }
        }
    }
}

/// A compressed segment, one block at a time.
pub(super) struct BlockEntries {
    /// The file, read in order (blocks follow each other).
    stream: BufReader<File>,
    /// Where `stream` is, when known.
    position: Option<u64>,
    len: u64,
    decoder: BlockDecoder,
    table: BlockTable,
    next_block: usize,
    tail_told: bool,
    lines: LineCursor,
    open: Option<OpenBlock>,
}

/// The lines of the block being read.
struct OpenBlock {
    raw: Vec<u8>,
    at: usize,
    file_offset: u64,
}

impl BlockEntries {
    /// The raw lines of the block at `at`, read through the stream.
    fn read_block(&mut self, at: u64) -> Result<Vec<u8>, blocks::BlockFault> {
        use std::io::{Read, Seek, SeekFrom};
        let io = |e: std::io::Error| blocks::BlockFault::Io(e.to_string());
        // Unknown until this block is read whole.
        if self.position.take() != Some(at) {
            self.stream.seek(SeekFrom::Start(at)).map_err(io)?;
        }
        let mut head = [0u8; blocks::HEADER_LEN as usize];
        self.stream.read_exact(&mut head).map_err(io)?;
        let header = blocks::parse_header(&head)
            .filter(|h| h.usable(at, self.len))
            .ok_or(blocks::BlockFault::Header)?;
        let mut stored = vec![0u8; header.stored_len as usize];
        self.stream.read_exact(&mut stored).map_err(io)?;
        self.position = Some(header.end(at));
        self.decoder.decode(&stored, &header)
    }

    fn damaged(&self, index: usize, fault: &blocks::BlockFault) -> JournalError {
        let block = &self.table.blocks[index];
        let next_line = self.table.blocks.get(index + 1).map_or(0, |b| b.first_line);
        JournalError::DamagedBlock {
            path: self.lines.path.clone(),
            block: index + 1,
            at: block.file_offset,
            lines: lines_between(block.first_line, next_line),
            places: block.file_offset..block.file_offset + 1,
            fault: fault.to_string(),
        }
    }
}

/// ` (lines 12-340)` for a block whose first line is `first` and whose
/// next block's is `next` (0: unknown), or nothing when they are unknown.
pub(super) fn lines_between(first: u32, next: u32) -> String {
    if first == 0 || next <= first {
        String::new()
    } else if next == first + 1 {
        format!(" (line {first})")
    } else {
        format!(" (lines {first}-{})", next - 1)
    }
}

impl Iterator for BlockEntries {
    type Item = Result<Entry, JournalError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            // Lines left in the block being read.
            if let Some(block) = self.open.as_mut() {
                while block.at < block.raw.len() {
                    let rest = &block.raw[block.at..];
                    let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                    let ended = end < rest.len();
                    let inner = u32::try_from(block.at).unwrap_or(u32::MAX);
                    let step = end + usize::from(ended);
                    self.lines.line_number += 1;
                    let entry = self
                        .lines
                        .entry(&rest[..end], block.file_offset, inner, ended);
                    block.at += step;
                    if entry.is_some() {
                        return entry;
                    }
                }
                self.open = None;
            }
            let index = self.next_block;
            let Some(block) = self.table.blocks.get(index).copied() else {
                if let Some(at) = self.table.unreadable_from.filter(|_| !self.tail_told) {
                    self.tail_told = true;
                    return Some(Err(JournalError::DamagedTail {
                        path: self.lines.path.clone(),
                        at,
                    }));
                }
                return None;
            };
            self.next_block += 1;
            if block.first_line > 0 {
                self.lines.line_number = block.first_line as usize - 1;
            }
            match self.read_block(block.file_offset) {
                Ok(raw) => {
                    self.open = Some(OpenBlock {
                        raw,
                        at: 0,
                        file_offset: block.file_offset,
                    })
                }
                Err(fault) => {
                    // The lines inside are not known; number on from the next block.
                    return Some(Err(self.damaged(index, &fault)));
                }
            }
        }
    }
}
