//! Writing one journal segment: lines gathered into blocks, each compressed
//! as it fills (with a dictionary trained on the segment's first lines once
//! there are enough), into a temp file that is fsynced and renamed into
//! place by [`SegmentWriter::finish`], so a segment is either whole or absent.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::blocks::{self, BlockInfo};
use super::record::DeleteLine;
use super::{JournalError, Locator, OFFSET_BITS, io};
use crate::model::Paper;

/// A segment being written; dropped without `finish`, it leaves no trace.
pub struct SegmentWriter {
    out: Option<BufWriter<File>>,
    compressor: zstd::bulk::Compressor<'static>,
    /// The first lines, kept to train the dictionary on; `None` once it
    /// was trained (or could not be).
    samples: Option<Vec<u8>>,
    /// Raw bytes of lines written before the dictionary was trained.
    before_dictionary: usize,
    dictionary: Vec<u8>,
    tmp: PathBuf,
    target: PathBuf,
    dir: PathBuf,
    seq: u64,
    records: u64,
    /// Raw bytes of lines written so far (where the next line starts).
    written: u64,
    /// Lines written so far.
    lines: u32,
    /// Lines of the block being filled, not yet compressed.
    block: Vec<u8>,
    /// The last block as written (kept for its allocation).
    stored: Vec<u8>,
    block_first_line: u32,
    /// Bytes in the file so far.
    file_len: u64,
    /// The block table so far, as it will be written.
    table: Vec<u8>,
}

impl SegmentWriter {
    pub(super) fn create(
        dir: &Path,
        seq: u64,
        tmp: PathBuf,
        target: PathBuf,
    ) -> Result<SegmentWriter, JournalError> {
        let file = File::create(&tmp).map_err(io("create", &tmp))?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        out.write_all(blocks::MAGIC).map_err(io("write", &tmp))?;
        let compressor =
            zstd::bulk::Compressor::new(blocks::LEVEL).map_err(io("compress", &tmp))?;
        Ok(SegmentWriter {
            out: Some(out),
            compressor,
            samples: Some(Vec::new()),
            before_dictionary: 0,
            dictionary: Vec::new(),
            tmp,
            target,
            dir: dir.to_path_buf(),
            seq,
            records: 0,
            written: 0,
            lines: 0,
            block: Vec::with_capacity(blocks::PLAIN_BLOCK_TARGET * 2),
            stored: Vec::new(),
            block_first_line: 1,
            file_len: blocks::MAGIC.len() as u64,
            table: Vec::new(),
        })
    }

    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// Where the segment will be once finished.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Appends a paper; returns where its line is.
    pub fn append(&mut self, paper: &Paper) -> Result<Locator, JournalError> {
        let json = serde_json::to_string(paper).expect("a Paper always serializes");
        self.append_json(&json)
    }

    /// Appends a paper already serialized as one line of JSON; returns where
    /// the line is.
    pub fn append_json(&mut self, json: &str) -> Result<Locator, JournalError> {
        self.make_room(json.len())?;
        if self.file_len >> OFFSET_BITS != 0 || self.seq >> (64 - OFFSET_BITS) != 0 {
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
        // The block being filled is written where the file ends now.
        let at = Locator {
            seq: self.seq,
            offset: self.file_len,
            inner: u32::try_from(self.block.len()).unwrap_or(u32::MAX),
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

    /// Copies one line as it is (upgrading a plain segment: blank and
    /// damaged lines too, so every line keeps its place).
    pub(super) fn copy_line(&mut self, line: &[u8]) -> Result<(), JournalError> {
        self.write_line(line)
    }

    /// A block must stay under 2 GB (and a line's place in it under 4
    /// GB): closes the block being filled before a huge line joins it.
    fn make_room(&mut self, line_len: usize) -> Result<(), JournalError> {
        if !self.block.is_empty() && self.block.len() + line_len >= 1 << 30 {
            self.flush_block()?;
        }
        Ok(())
    }

    fn write_line(&mut self, line: &[u8]) -> Result<(), JournalError> {
        self.make_room(line.len())?;
        if let Some(samples) = self.samples.as_mut() {
            if samples.len() < blocks::DICTIONARY_SAMPLES {
                samples.extend_from_slice(line);
                samples.push(b'\n');
            }
            self.before_dictionary += line.len() + 1;
            if self.before_dictionary >= blocks::DICTIONARY_AFTER {
                self.train()?;
            }
        }
        self.block.extend_from_slice(line);
        self.block.push(b'\n');
        self.written += line.len() as u64 + 1;
        self.lines = self.lines.saturating_add(1);
        let target = if self.dictionary.is_empty() {
            blocks::PLAIN_BLOCK_TARGET
        } else {
            blocks::BLOCK_TARGET
        };
        if self.block.len() >= target {
            self.flush_block()?;
        }
        Ok(())
    }

    /// Trains the dictionary on the lines so far; the blocks from the next
    /// one on use it. A segment zstd finds nothing to train on does without.
    fn train(&mut self) -> Result<(), JournalError> {
        let Some(samples) = self.samples.take() else {
            return Ok(());
        };
        if let Some(dictionary) = blocks::train_dictionary(&samples) {
            let mut compressor =
                zstd::bulk::Compressor::with_dictionary(blocks::LEVEL, &dictionary)
                    .map_err(io("compress", &self.tmp))?;
            // The block's flag says which dictionary: 4 bytes a block saved.
            compressor
                .set_parameter(zstd::zstd_safe::CParameter::DictIdFlag(false))
                .map_err(io("compress", &self.tmp))?;
            self.compressor = compressor;
            self.dictionary = dictionary;
        }
        Ok(())
    }

    /// Compresses the block being filled and writes it out.
    fn flush_block(&mut self) -> Result<(), JournalError> {
        if self.block.is_empty() {
            return Ok(());
        }
        let flags = if self.dictionary.is_empty() {
            0
        } else {
            blocks::FLAG_DICTIONARY
        };
        let mut stored = std::mem::take(&mut self.stored);
        blocks::encode_block(&mut self.compressor, &self.block, flags, &mut stored)
            .map_err(io("compress", &self.tmp))?;
        let entry = BlockInfo {
            file_offset: self.file_len,
            raw_start: self.written - self.block.len() as u64,
            first_line: self.block_first_line,
        };
        blocks::push_table_entry(&mut self.table, &entry);
        let out = self.out.as_mut().expect("open until finish");
        out.write_all(&stored).map_err(io("write", &self.tmp))?;
        self.file_len += stored.len() as u64;
        self.stored = stored;
        self.block.clear();
        self.block_first_line = self.lines.saturating_add(1);
        Ok(())
    }

    /// Papers written so far (deletions are not counted).
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Makes the segment durable and visible; returns its sequence number.
    pub fn finish(mut self) -> Result<u64, JournalError> {
        self.flush_block()?;
        let footer = blocks::encode_footer(&self.dictionary, &self.table, self.file_len);
        let mut out = self.out.take().expect("open until finish");
        for part in [&self.dictionary, &self.table, &footer] {
            out.write_all(part).map_err(io("write", &self.tmp))?;
        }
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
