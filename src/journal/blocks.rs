//! The compressed segment format: journal lines packed into small,
//! independently readable zstd blocks, so reading one paper reads and
//! decompresses little more than itself, and a damaged block costs only the
//! records inside it.
//!
//! ```text
//! "FOLIOJZ2"                                                         8 bytes
//! block*   stored len u32 | raw len u32 | crc32 of stored u32 | flags u32 | zstd frame
//! dict     the segment's zstd dictionary (may be empty)
//! table    per block: file offset u64 | raw start u64 | first line u32
//! footer   dict offset u64 | dict len u32 | table offset u64 | block count u32
//!          | crc32 of dict u32 | crc32 of table u32 | "FOLIOJZE"        40 bytes
//! ```
//!
//! All numbers are little-endian. A block holds whole lines only. A line's
//! [`super::Locator`] names the file offset of its block and the line's
//! offset inside it, so reading a paper needs neither the table nor a
//! search: one read of the block, one decompression. A segment of more than
//! eight megabytes carries a dictionary trained on its first lines
//! (flag bit 0: this block uses it), which lets each paper be a block of its
//! own and still compress about threefold; without one, blocks are 16 KB.
//! The table serves reading a whole segment in order and naming lines in
//! messages; when it is damaged, the block headers alone still lead from
//! one block to the next.

use std::fs::File;

/// What a compressed segment starts with.
pub const MAGIC: &[u8; 8] = b"FOLIOJZ2";
/// What a complete compressed segment ends with.
pub const END_MAGIC: &[u8; 8] = b"FOLIOJZE";
/// With a dictionary, a block is closed at the first line end past this
/// many raw bytes: one paper a block, so a paper's read decompresses
/// nothing but itself (the dictionary gives small blocks the ratio of
/// large ones).
pub const BLOCK_TARGET: usize = 1;
/// Without one (a small segment, or the first lines of a large one), blocks
/// are larger, or they would hardly compress.
pub const PLAIN_BLOCK_TARGET: usize = 16 * 1024;
/// zstd's level: its default, several hundred megabytes a second.
pub const LEVEL: i32 = 3;
/// Raw bytes of lines after which a segment trains its dictionary;
/// smaller segments (an OAI page, a day's sync) do without one, since
/// training takes a few hundred milliseconds.
pub const DICTIONARY_AFTER: usize = 8 << 20;
/// The dictionary is trained on a segment's first lines, up to this many
/// bytes of them.
pub const DICTIONARY_SAMPLES: usize = 2 << 20;
/// The largest dictionary trained.
pub const DICTIONARY_SIZE: usize = 64 * 1024;
/// Flag: the block was compressed with the segment's dictionary.
pub const FLAG_DICTIONARY: u32 = 1;

pub const HEADER_LEN: u64 = 16;
const TABLE_ENTRY_LEN: usize = 20;
pub const FOOTER_LEN: u64 = 40;
/// No block folio writes comes near this; a header claiming more is damage.
const MAX_BLOCK: u32 = 1 << 31;

/// Where one block is and which lines it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockInfo {
    /// Byte offset of the block's header in the file.
    pub file_offset: u64,
    /// Offset of the block's first line among the raw lines.
    pub raw_start: u64,
    /// 1-based number of the block's first line (0: unknown).
    pub first_line: u32,
}

/// A block's header: its lengths, checksum and flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub stored_len: u32,
    pub raw_len: u32,
    pub crc: u32,
    pub flags: u32,
}

impl Header {
    pub fn usable(&self, at: u64, file_len: u64) -> bool {
        self.stored_len < MAX_BLOCK
            && self.raw_len < MAX_BLOCK
            && at + HEADER_LEN + u64::from(self.stored_len) <= file_len
    }

    /// Where the next block starts.
    pub fn end(&self, at: u64) -> u64 {
        at + HEADER_LEN + u64::from(self.stored_len)
    }
}

/// A block's stored bytes, ready to be written: header and zstd frame,
/// into `out` (cleared first; kept by the caller, so a segment of a million
/// blocks allocates once).
pub fn encode_block(
    compressor: &mut zstd::bulk::Compressor<'_>,
    raw: &[u8],
    flags: u32,
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    let header = HEADER_LEN as usize;
    out.clear();
    out.resize(header, 0);
    out.reserve(zstd::zstd_safe::compress_bound(raw.len()));
    // The frame goes after the header, into the capacity reserved above.
    let mut frame = std::io::Cursor::new(&mut *out);
    frame.set_position(header as u64);
    let written = compressor.compress_to_buffer(raw, &mut frame)?;
    if out.len() != header + written {
        return Err(std::io::Error::other(
            "zstd wrote a frame of another length than it said",
        ));
    }
    let crc = crc32fast::hash(&out[header..]);
    out[0..4].copy_from_slice(&len_u32(written)?.to_le_bytes());
    out[4..8].copy_from_slice(&len_u32(raw.len())?.to_le_bytes());
    out[8..12].copy_from_slice(&crc.to_le_bytes());
    out[12..16].copy_from_slice(&flags.to_le_bytes());
    Ok(())
}

fn len_u32(len: usize) -> std::io::Result<u32> {
    u32::try_from(len).map_err(|_| std::io::Error::other("a journal block over 4 GB"))
}

/// Appends one block's table entry to `table` (a segment of millions of
/// blocks keeps its table as these bytes, 20 a block, not as structs).
pub fn push_table_entry(table: &mut Vec<u8>, block: &BlockInfo) {
    table.extend_from_slice(&block.file_offset.to_le_bytes());
    table.extend_from_slice(&block.raw_start.to_le_bytes());
    table.extend_from_slice(&block.first_line.to_le_bytes());
}

/// The footer that ends a segment whose blocks end at `at`, followed by
/// `dictionary` and `table` (entries from [`push_table_entry`]).
pub fn encode_footer(dictionary: &[u8], table: &[u8], at: u64) -> Vec<u8> {
    let dict_len = u32::try_from(dictionary.len()).unwrap_or(u32::MAX);
    let count = u32::try_from(table.len() / TABLE_ENTRY_LEN).unwrap_or(u32::MAX);
    let mut footer = Vec::with_capacity(FOOTER_LEN as usize);
    footer.extend_from_slice(&at.to_le_bytes());
    footer.extend_from_slice(&dict_len.to_le_bytes());
    footer.extend_from_slice(&(at + dictionary.len() as u64).to_le_bytes());
    footer.extend_from_slice(&count.to_le_bytes());
    footer.extend_from_slice(&crc32fast::hash(dictionary).to_le_bytes());
    footer.extend_from_slice(&crc32fast::hash(table).to_le_bytes());
    footer.extend_from_slice(END_MAGIC);
    footer
}

/// Whether a file starts like a compressed segment.
pub fn has_magic(file: &File) -> bool {
    let mut head = [0u8; 8];
    super::read_exact_at(file, &mut head, 0).is_ok() && &head == MAGIC
}

/// What a segment's footer says.
#[derive(Debug, Clone)]
struct Footer {
    dict_at: u64,
    dict_len: u64,
    table_at: u64,
    count: usize,
    dict_crc: u32,
    table_crc: u32,
}

fn read_footer(file: &File, len: u64) -> Option<Footer> {
    if len < MAGIC.len() as u64 + FOOTER_LEN {
        return None;
    }
    let mut footer = [0u8; FOOTER_LEN as usize];
    super::read_exact_at(file, &mut footer, len - FOOTER_LEN).ok()?;
    if &footer[32..40] != END_MAGIC {
        return None;
    }
    let u64_at = |i: usize| u64::from_le_bytes(footer[i..i + 8].try_into().expect("8 bytes"));
    let u32_at = |i: usize| u32::from_le_bytes(footer[i..i + 4].try_into().expect("4 bytes"));
    let found = Footer {
        dict_at: u64_at(0),
        dict_len: u64::from(u32_at(8)),
        table_at: u64_at(12),
        count: u32_at(20) as usize,
        dict_crc: u32_at(24),
        table_crc: u32_at(28),
    };
    let table_len = (found.count as u64).checked_mul(TABLE_ENTRY_LEN as u64)?;
    let consistent = found.dict_at.checked_add(found.dict_len)? == found.table_at
        && found.table_at.checked_add(table_len)? == len - FOOTER_LEN
        && found.dict_at >= MAGIC.len() as u64;
    consistent.then_some(found)
}

fn read_checked(file: &File, at: u64, len: u64, crc: u32) -> Option<Vec<u8>> {
    let mut bytes = vec![0u8; usize::try_from(len).ok()?];
    super::read_exact_at(file, &mut bytes, at).ok()?;
    (crc32fast::hash(&bytes) == crc).then_some(bytes)
}

/// A compressed segment's dictionary (empty: it has none), read without
/// its table; `None` when the end or the dictionary is damaged (blocks
/// compressed with it cannot be read).
pub fn read_dictionary(file: &File, len: u64) -> Option<Vec<u8>> {
    let footer = read_footer(file, len)?;
    read_checked(file, footer.dict_at, footer.dict_len, footer.dict_crc)
}

/// The blocks of a compressed segment, and whether its end was found whole.
#[derive(Debug, Clone, Default)]
pub struct BlockTable {
    pub blocks: Vec<BlockInfo>,
    /// The dictionary (empty: none, or the end could not be read).
    pub dictionary: Vec<u8>,
    /// False when the footer, dictionary or table was missing or damaged
    /// and the blocks were found by walking their headers.
    pub complete: bool,
    /// Where the walk stopped on a header it could not use (the bytes from
    /// there on cannot be read), if it did.
    pub unreadable_from: Option<u64>,
}

impl BlockTable {
    /// Where the raw lines of the blocks found end.
    pub fn raw_end(&self, file: &File) -> u64 {
        self.blocks.last().map_or(0, |last| {
            last.raw_start + read_header(file, last.file_offset).map_or(0, |h| u64::from(h.raw_len))
        })
    }
}

/// Reads the block table of the segment in `file` (`len` bytes long): from
/// its end when that is whole, else by walking the block headers.
pub fn read_table(file: &File, len: u64) -> BlockTable {
    let from_end = || -> Option<BlockTable> {
        let footer = read_footer(file, len)?;
        let table_len = footer.count as u64 * TABLE_ENTRY_LEN as u64;
        let table = read_checked(file, footer.table_at, table_len, footer.table_crc)?;
        let dictionary = read_checked(file, footer.dict_at, footer.dict_len, footer.dict_crc)?;
        let blocks = table
            .chunks_exact(TABLE_ENTRY_LEN)
            .map(|entry| BlockInfo {
                file_offset: u64::from_le_bytes(entry[0..8].try_into().expect("8 bytes")),
                raw_start: u64::from_le_bytes(entry[8..16].try_into().expect("8 bytes")),
                first_line: u32::from_le_bytes(entry[16..20].try_into().expect("4 bytes")),
            })
            .collect();
        Some(BlockTable {
            blocks,
            dictionary,
            complete: true,
            unreadable_from: None,
        })
    };
    from_end().unwrap_or_else(|| {
        let mut table = walk_headers(file, len);
        // A damaged table can leave the dictionary readable.
        table.dictionary = read_dictionary(file, len).unwrap_or_default();
        table
    })
}

/// The header of the block at `at`.
pub fn read_header(file: &File, at: u64) -> Option<Header> {
    let mut header = [0u8; HEADER_LEN as usize];
    super::read_exact_at(file, &mut header, at).ok()?;
    parse_header(&header)
}

/// A header from the first bytes of a block.
pub fn parse_header(bytes: &[u8]) -> Option<Header> {
    let word = |i: usize| -> Option<u32> {
        Some(u32::from_le_bytes(bytes.get(i..i + 4)?.try_into().ok()?))
    };
    Some(Header {
        stored_len: word(0)?,
        raw_len: word(4)?,
        crc: word(8)?,
        flags: word(12)?,
    })
}

/// Finds the blocks of a segment whose end is missing or damaged by
/// following the headers from the start; line numbers are unknown.
fn walk_headers(file: &File, len: u64) -> BlockTable {
    let mut table = BlockTable::default();
    let mut at = MAGIC.len() as u64;
    let mut raw_start = 0;
    // Where the blocks end, when the footer says (a damaged table).
    let blocks_end = read_footer(file, len).map(|f| f.dict_at);
    while at < len && Some(at) != blocks_end {
        let Some(header) = read_header(file, at).filter(|h| h.usable(at, len)) else {
            table.unreadable_from = Some(at);
            break;
        };
        table.blocks.push(BlockInfo {
            file_offset: at,
            raw_start,
            first_line: 0,
        });
        raw_start += u64::from(header.raw_len);
        at = header.end(at);
    }
    if blocks_end.is_none() && table.unreadable_from.is_none() {
        // Every block read, but the end is gone: the file was cut there.
        table.unreadable_from = Some(at);
    }
    table
}

/// The raw size of a compressed segment (its lines uncompressed), from its
/// footer, table and last block in a few small reads; the block walk when
/// the end is damaged.
pub fn raw_len(file: &File, len: u64) -> u64 {
    let from_footer = || -> Option<u64> {
        let footer = read_footer(file, len)?;
        if footer.count == 0 {
            return Some(0);
        }
        let mut entry = [0u8; TABLE_ENTRY_LEN];
        let last_at = footer.table_at + (footer.count as u64 - 1) * TABLE_ENTRY_LEN as u64;
        super::read_exact_at(file, &mut entry, last_at).ok()?;
        let file_offset = u64::from_le_bytes(entry[0..8].try_into().ok()?);
        let raw_start = u64::from_le_bytes(entry[8..16].try_into().ok()?);
        let header = read_header(file, file_offset)?;
        raw_start.checked_add(u64::from(header.raw_len))
    };
    from_footer().unwrap_or_else(|| walk_headers(file, len).raw_end(file))
}

/// Why a block could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockFault {
    Io(String),
    Header,
    Checksum,
    NoDictionary,
    Decompress(String),
    Length { expected: u32, found: usize },
}

impl std::fmt::Display for BlockFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BlockFault::Io(e) => write!(f, "it could not be read: {e}"),
            BlockFault::Header => write!(f, "its header is damaged"),
            BlockFault::Checksum => write!(f, "its checksum does not match"),
            BlockFault::NoDictionary => {
                write!(f, "the segment's dictionary, needed to read it, is damaged")
            }
            BlockFault::Decompress(e) => write!(f, "it does not decompress: {e}"),
            BlockFault::Length { expected, found } => {
                write!(f, "it holds {found} bytes where its header says {expected}")
            }
        }
    }
}

/// Decompresses blocks: one context for blocks without the dictionary and
/// one for those with it, kept and reused (making a context costs more
/// than decompressing a small block).
pub struct BlockDecoder {
    plain: zstd::bulk::Decompressor<'static>,
    with_dictionary: Option<zstd::bulk::Decompressor<'static>>,
}

impl BlockDecoder {
    /// A decoder for a segment with `dictionary` (empty: none, or one that
    /// could not be read: its blocks then fail with
    /// [`BlockFault::NoDictionary`]).
    pub fn new(dictionary: &[u8]) -> Result<BlockDecoder, BlockFault> {
        let fault = |e: std::io::Error| BlockFault::Decompress(e.to_string());
        let with_dictionary = if dictionary.is_empty() {
            None
        } else {
            Some(zstd::bulk::Decompressor::with_dictionary(dictionary).map_err(fault)?)
        };
        Ok(BlockDecoder {
            plain: zstd::bulk::Decompressor::new().map_err(fault)?,
            with_dictionary,
        })
    }

    /// The raw lines of the block at `at`, checked against its checksum
    /// and length. `raw_hint` is about how many raw bytes the block holds
    /// (a record's length): header and frame usually come in one read.
    pub fn read(
        &mut self,
        file: &File,
        at: u64,
        file_len: u64,
        raw_hint: usize,
    ) -> Result<Vec<u8>, BlockFault> {
        let guess = HEADER_LEN as usize + zstd::zstd_safe::compress_bound(raw_hint + 1);
        let available = usize::try_from(file_len.saturating_sub(at)).unwrap_or(usize::MAX);
        let mut bytes = vec![0u8; guess.min(available)];
        super::read_exact_at(file, &mut bytes, at).map_err(|e| BlockFault::Io(e.to_string()))?;
        let header = parse_header(&bytes)
            .filter(|h| h.usable(at, file_len))
            .ok_or(BlockFault::Header)?;
        let end = HEADER_LEN as usize + header.stored_len as usize;
        if end > bytes.len() {
            let start = bytes.len();
            bytes.resize(end, 0);
            super::read_exact_at(file, &mut bytes[start..], at + start as u64)
                .map_err(|e| BlockFault::Io(e.to_string()))?;
        }
        self.decode(&bytes[HEADER_LEN as usize..end], &header)
    }

    /// A block's raw bytes from its stored bytes, checked.
    pub fn decode(&mut self, stored: &[u8], header: &Header) -> Result<Vec<u8>, BlockFault> {
        if crc32fast::hash(stored) != header.crc {
            return Err(BlockFault::Checksum);
        }
        let decompressor = if header.flags & FLAG_DICTIONARY != 0 {
            self.with_dictionary
                .as_mut()
                .ok_or(BlockFault::NoDictionary)?
        } else {
            &mut self.plain
        };
        // The frame says how much it holds; a header claiming more than a
        // frame can give is damage, and memory follows the frame, not it.
        let capacity = zstd::zstd_safe::get_frame_content_size(stored)
            .ok()
            .flatten()
            .unwrap_or(u64::MAX);
        if capacity != u64::from(header.raw_len) {
            return Err(BlockFault::Length {
                expected: header.raw_len,
                found: usize::try_from(capacity).unwrap_or(usize::MAX),
            });
        }
        let raw = decompressor
            .decompress(stored, header.raw_len as usize)
            .map_err(|e| BlockFault::Decompress(e.to_string()))?;
        if raw.len() != header.raw_len as usize {
            return Err(BlockFault::Length {
                expected: header.raw_len,
                found: raw.len(),
            });
        }
        Ok(raw)
    }
}

/// Trains a dictionary on `lines` (raw lines, each ending in a newline);
/// `None` when zstd finds nothing worth one.
pub fn train_dictionary(lines: &[u8]) -> Option<Vec<u8>> {
    let sizes: Vec<usize> = lines
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::len)
        .collect();
    if sizes.len() < 64 {
        return None;
    }
    zstd::dict::from_continuous(lines, &sizes, DICTIONARY_SIZE).ok()
}
