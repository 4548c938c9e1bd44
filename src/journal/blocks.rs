//! The compressed segment format: journal lines packed into independently
//! readable zstd blocks, so reading one paper decompresses about 64 KB, and
//! a damaged block costs only the records inside it.
//!
//! ```text
//! "FOLIOJZ1"                                   8 bytes
//! block*    stored len u32 | raw len u32 | crc32 of the stored bytes u32 | zstd frame
//! table     per block: file offset u64 | raw start u64 | first line u32
//! footer    table offset u64 | block count u32 | crc32 of the table u32 | "FOLIOJZE"
//! ```
//!
//! All numbers are little-endian. A block holds whole lines only; a line's
//! place in the segment ([`super::Locator`]) is its offset in the lines as if
//! they were not compressed, so locators do not depend on the packing. The
//! table at the end finds a block in one look-up; when it is damaged, the
//! block headers alone still lead from one block to the next.

use std::fs::File;
use std::io::Read;
use std::ops::Range;

/// What a compressed segment starts with.
pub const MAGIC: &[u8; 8] = b"FOLIOJZ1";
/// What a complete compressed segment ends with.
pub const END_MAGIC: &[u8; 8] = b"FOLIOJZE";
/// A block is closed at the first line end past this many raw bytes.
pub const BLOCK_TARGET: usize = 64 * 1024;
/// zstd's level: its default, about three times smaller for paper records
/// at several hundred megabytes a second.
pub const LEVEL: i32 = 3;

const HEADER_LEN: u64 = 12;
const TABLE_ENTRY_LEN: usize = 20;
pub const FOOTER_LEN: u64 = 24;
/// No block folio writes comes near this; a header claiming more is damage.
const MAX_BLOCK: u32 = 1 << 31;

/// Where one block is and which lines it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockInfo {
    /// Byte offset of the block's header in the file.
    pub file_offset: u64,
    /// Offset of the block's first line among the raw lines.
    pub raw_start: u64,
    /// Raw bytes in the block (0 when only the table was read).
    pub raw_len: u32,
    /// Stored (compressed) bytes after the header.
    pub stored_len: u32,
    /// 1-based number of the block's first line (0: unknown).
    pub first_line: u32,
}

impl BlockInfo {
    pub fn raw_range(&self) -> Range<u64> {
        self.raw_start..self.raw_start + u64::from(self.raw_len)
    }
}

/// A block's stored bytes, ready to be written: header and zstd frame.
pub fn encode_block(
    compressor: &mut zstd::bulk::Compressor<'_>,
    raw: &[u8],
) -> std::io::Result<Vec<u8>> {
    let frame = compressor.compress(raw)?;
    let mut out = Vec::with_capacity(frame.len() + HEADER_LEN as usize);
    out.extend_from_slice(&len_u32(frame.len())?.to_le_bytes());
    out.extend_from_slice(&len_u32(raw.len())?.to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&frame).to_le_bytes());
    out.extend_from_slice(&frame);
    Ok(out)
}

fn len_u32(len: usize) -> std::io::Result<u32> {
    u32::try_from(len).map_err(|_| std::io::Error::other("a journal block over 4 GB"))
}

/// The table and footer that end a segment of `blocks`, written at `at`.
pub fn encode_table(blocks: &[BlockInfo], at: u64) -> Vec<u8> {
    let mut table = Vec::with_capacity(blocks.len() * TABLE_ENTRY_LEN + FOOTER_LEN as usize);
    for block in blocks {
        table.extend_from_slice(&block.file_offset.to_le_bytes());
        table.extend_from_slice(&block.raw_start.to_le_bytes());
        table.extend_from_slice(&block.first_line.to_le_bytes());
    }
    let crc = crc32fast::hash(&table);
    table.extend_from_slice(&at.to_le_bytes());
    let count = u32::try_from(blocks.len()).unwrap_or(u32::MAX);
    table.extend_from_slice(&count.to_le_bytes());
    table.extend_from_slice(&crc.to_le_bytes());
    table.extend_from_slice(END_MAGIC);
    table
}

/// Whether a file starts like a compressed segment.
pub fn has_magic(file: &File) -> bool {
    let mut head = [0u8; 8];
    super::read_exact_at(file, &mut head, 0).is_ok() && &head == MAGIC
}

/// The blocks of a compressed segment, and whether its end was found whole.
#[derive(Debug, Clone, Default)]
pub struct BlockTable {
    pub blocks: Vec<BlockInfo>,
    /// False when the footer or table was missing or damaged and the blocks
    /// were found by walking their headers.
    pub complete: bool,
    /// Where the walk stopped on a header it could not use (the bytes from
    /// there on cannot be read), if it did.
    pub unreadable_from: Option<u64>,
}

/// Reads the block table of the segment in `file` (`len` bytes long): from
/// its footer when that is whole, else by walking the block headers.
pub fn read_table(file: &File, len: u64) -> BlockTable {
    if let Some(blocks) = table_from_footer(file, len) {
        return BlockTable {
            blocks,
            complete: true,
            unreadable_from: None,
        };
    }
    walk_headers(file, len)
}

fn table_from_footer(file: &File, len: u64) -> Option<Vec<BlockInfo>> {
    if len < MAGIC.len() as u64 + FOOTER_LEN {
        return None;
    }
    let mut footer = [0u8; FOOTER_LEN as usize];
    super::read_exact_at(file, &mut footer, len - FOOTER_LEN).ok()?;
    if &footer[16..24] != END_MAGIC {
        return None;
    }
    let table_at = u64::from_le_bytes(footer[0..8].try_into().ok()?);
    let count = u32::from_le_bytes(footer[8..12].try_into().ok()?) as usize;
    let crc = u32::from_le_bytes(footer[12..16].try_into().ok()?);
    let table_len = count.checked_mul(TABLE_ENTRY_LEN)? as u64;
    if table_at.checked_add(table_len)? != len - FOOTER_LEN {
        return None;
    }
    let mut table = vec![0u8; usize::try_from(table_len).ok()?];
    super::read_exact_at(file, &mut table, table_at).ok()?;
    if crc32fast::hash(&table) != crc {
        return None;
    }
    let mut blocks: Vec<BlockInfo> = table
        .chunks_exact(TABLE_ENTRY_LEN)
        .map(|entry| BlockInfo {
            file_offset: u64::from_le_bytes(entry[0..8].try_into().expect("8 bytes")),
            raw_start: u64::from_le_bytes(entry[8..16].try_into().expect("8 bytes")),
            raw_len: 0,
            stored_len: 0,
            first_line: u32::from_le_bytes(entry[16..20].try_into().expect("4 bytes")),
        })
        .collect();
    // Each block's lengths follow from where the next one starts.
    for i in 0..blocks.len() {
        let next_file = blocks.get(i + 1).map_or(table_at, |b| b.file_offset);
        let stored = next_file
            .checked_sub(blocks[i].file_offset)?
            .checked_sub(HEADER_LEN)?;
        blocks[i].stored_len = u32::try_from(stored).ok()?;
        if i + 1 < blocks.len() {
            let raw = blocks[i + 1].raw_start.checked_sub(blocks[i].raw_start)?;
            blocks[i].raw_len = u32::try_from(raw).ok()?;
        }
    }
    if let Some(last) = blocks.last_mut() {
        // The last block's raw length is only in its header.
        let header = read_header(file, last.file_offset)?;
        if header.stored_len != last.stored_len {
            return None;
        }
        last.raw_len = header.raw_len;
    }
    Some(blocks)
}

/// The raw size of a compressed segment (its lines uncompressed), from its
/// footer and last block in three small reads; the block walk when the
/// footer is damaged.
pub fn raw_len(file: &File, len: u64) -> u64 {
    let from_footer = || -> Option<u64> {
        let mut footer = [0u8; FOOTER_LEN as usize];
        super::read_exact_at(file, &mut footer, len.checked_sub(FOOTER_LEN)?).ok()?;
        if &footer[16..24] != END_MAGIC {
            return None;
        }
        let table_at = u64::from_le_bytes(footer[0..8].try_into().ok()?);
        let count = u64::from(u32::from_le_bytes(footer[8..12].try_into().ok()?));
        if count == 0 {
            return Some(0);
        }
        let mut entry = [0u8; TABLE_ENTRY_LEN];
        let last_at = table_at.checked_add((count - 1) * TABLE_ENTRY_LEN as u64)?;
        super::read_exact_at(file, &mut entry, last_at).ok()?;
        let file_offset = u64::from_le_bytes(entry[0..8].try_into().ok()?);
        let raw_start = u64::from_le_bytes(entry[8..16].try_into().ok()?);
        let header = read_header(file, file_offset)?;
        raw_start.checked_add(u64::from(header.raw_len))
    };
    from_footer().unwrap_or_else(|| {
        walk_headers(file, len)
            .blocks
            .last()
            .map_or(0, |b| b.raw_range().end)
    })
}

struct Header {
    stored_len: u32,
    raw_len: u32,
    crc: u32,
}

fn read_header(file: &File, at: u64) -> Option<Header> {
    let mut header = [0u8; HEADER_LEN as usize];
    super::read_exact_at(file, &mut header, at).ok()?;
    let word = |i: usize| u32::from_le_bytes(header[i..i + 4].try_into().expect("4 bytes"));
    Some(Header {
        stored_len: word(0),
        raw_len: word(4),
        crc: word(8),
    })
}

/// Finds the blocks of a segment whose table is missing or damaged by
/// following the headers from the start; line numbers are unknown.
fn walk_headers(file: &File, len: u64) -> BlockTable {
    let mut table = BlockTable::default();
    let mut at = MAGIC.len() as u64;
    let mut raw_start = 0;
    while at < len {
        let usable = read_header(file, at).filter(|h| {
            h.stored_len < MAX_BLOCK
                && h.raw_len < MAX_BLOCK
                && at + HEADER_LEN + u64::from(h.stored_len) <= len
        });
        let Some(header) = usable else {
            // A complete segment's table starts here; anything else is a
            // header damaged or cut short.
            if !looks_like_table_start(file, at, len) {
                table.unreadable_from = Some(at);
            }
            break;
        };
        table.blocks.push(BlockInfo {
            file_offset: at,
            raw_start,
            raw_len: header.raw_len,
            stored_len: header.stored_len,
            first_line: 0,
        });
        raw_start += u64::from(header.raw_len);
        at += HEADER_LEN + u64::from(header.stored_len);
    }
    table
}

/// Whether the bytes from `at` to the end are a table and footer (of any
/// state): the footer names `at` as where its table starts.
fn looks_like_table_start(file: &File, at: u64, len: u64) -> bool {
    if len < at + FOOTER_LEN {
        return false;
    }
    let mut footer = [0u8; FOOTER_LEN as usize];
    super::read_exact_at(file, &mut footer, len - FOOTER_LEN).is_ok()
        && &footer[16..24] == END_MAGIC
        && u64::from_le_bytes(footer[0..8].try_into().expect("8 bytes")) == at
}

/// Why a block could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockFault {
    Io(String),
    Checksum,
    Decompress(String),
    Length { expected: u32, found: usize },
}

impl std::fmt::Display for BlockFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BlockFault::Io(e) => write!(f, "it could not be read: {e}"),
            BlockFault::Checksum => write!(f, "its checksum does not match"),
            BlockFault::Decompress(e) => write!(f, "it does not decompress: {e}"),
            BlockFault::Length { expected, found } => {
                write!(f, "it holds {found} bytes where its header says {expected}")
            }
        }
    }
}

/// The raw lines of one block, checked against its checksum and length.
pub fn read_block(file: &File, block: &BlockInfo) -> Result<Vec<u8>, BlockFault> {
    let header =
        read_header(file, block.file_offset).ok_or_else(|| BlockFault::Io("header".into()))?;
    if header.stored_len != block.stored_len || header.raw_len >= MAX_BLOCK {
        return Err(BlockFault::Checksum);
    }
    let mut stored = vec![0u8; block.stored_len as usize];
    super::read_exact_at(file, &mut stored, block.file_offset + HEADER_LEN)
        .map_err(|e| BlockFault::Io(e.to_string()))?;
    decode_block(&stored, header.crc, header.raw_len)
}

/// A block's raw bytes from its stored bytes, checked.
pub fn decode_block(stored: &[u8], crc: u32, raw_len: u32) -> Result<Vec<u8>, BlockFault> {
    if crc32fast::hash(stored) != crc {
        return Err(BlockFault::Checksum);
    }
    // Read as a stream, so memory follows what the frame really holds, not
    // what a damaged header claims.
    let mut raw = Vec::with_capacity((raw_len as usize).min(4 * BLOCK_TARGET));
    zstd::stream::read::Decoder::with_buffer(stored)
        .map_err(|e| BlockFault::Decompress(e.to_string()))?
        .single_frame()
        .take(u64::from(raw_len) + 1)
        .read_to_end(&mut raw)
        .map_err(|e| BlockFault::Decompress(e.to_string()))?;
    if raw.len() != raw_len as usize {
        return Err(BlockFault::Length {
            expected: raw_len,
            found: raw.len(),
        });
    }
    Ok(raw)
}

/// The block holding raw offset `offset`, by binary search.
pub fn block_holding(blocks: &[BlockInfo], offset: u64) -> Option<usize> {
    let i = blocks
        .partition_point(|b| b.raw_start <= offset)
        .checked_sub(1)?;
    blocks[i].raw_range().contains(&offset).then_some(i)
}
