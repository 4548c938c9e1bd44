//! The paper journal: the source of truth for paper metadata.
//!
//! Every successful import appends one segment (`00000042.jsonl`, one merged
//! paper per line), written to a temp file, fsynced and renamed into place, so
//! a segment is either whole or absent. Replaying the segments in order
//! rebuilds the index from nothing (`folio reindex`); the index records the
//! last segment it holds, so one that fell behind after a crash catches up.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::Paper;

/// One line of a segment: a paper (its whole merged record), or the removal of
/// an id (a listing entry that turned out to be an arXiv paper under another id).
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Upsert(Box<Paper>),
    Delete(String),
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
        "{path}:{line}: the journal holds a record folio cannot read ({message}); move that file aside and run `folio reindex`"
    )]
    Corrupt {
        path: PathBuf,
        line: usize,
        message: String,
    },
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
            target: self.dir.join(format!("{seq:08}.{SEGMENT_EXT}")),
            dir: self.dir.clone(),
            seq,
            records: 0,
        })
    }

    /// Reads every record of one segment, in order.
    pub fn read_segment(
        path: &Path,
    ) -> Result<impl Iterator<Item = Result<Record, JournalError>> + use<>, JournalError> {
        let file = File::open(path).map_err(io("open", path))?;
        let path = path.to_path_buf();
        Ok(BufReader::new(file)
            .lines()
            .enumerate()
            .filter(|(_, line)| line.as_ref().map_or(true, |l| !l.trim().is_empty()))
            .map(move |(i, line)| {
                let line = line.map_err(io("read", &path))?;
                let parsed = if line.starts_with(DELETE_PREFIX) {
                    serde_json::from_str::<DeleteLine>(&line).map(|d| Record::Delete(d.delete))
                } else {
                    serde_json::from_str::<Paper>(&line).map(|p| Record::Upsert(Box::new(p)))
                };
                parsed.map_err(|e| JournalError::Corrupt {
                    path: path.clone(),
                    line: i + 1,
                    message: e.to_string(),
                })
            }))
    }

    /// Replaces every segment by one holding exactly `papers` (after a
    /// rebuild, so superseded versions stop taking space).
    pub fn compact(&self, papers: impl Iterator<Item = Paper>) -> Result<u64, JournalError> {
        let old = self.segments()?;
        let mut writer = self.begin()?;
        for paper in papers {
            writer.append(&paper)?;
        }
        let seq = writer.finish()?;
        for (s, path) in old {
            if s < seq {
                fs::remove_file(&path).map_err(io("remove", &path))?;
            }
        }
        Ok(seq)
    }
}

/// A segment being written; dropped without `finish`, it leaves no trace.
pub struct SegmentWriter {
    out: Option<BufWriter<File>>,
    tmp: PathBuf,
    target: PathBuf,
    dir: PathBuf,
    seq: u64,
    records: u64,
}

impl SegmentWriter {
    pub fn seq(&self) -> u64 {
        self.seq
    }

    pub fn append(&mut self, paper: &Paper) -> Result<(), JournalError> {
        let out = self.out.as_mut().expect("open until finish");
        let write = |out: &mut BufWriter<File>| -> std::io::Result<()> {
            serde_json::to_writer(&mut *out, paper)?;
            out.write_all(b"\n")
        };
        write(out).map_err(io("write", &self.tmp))?;
        self.records += 1;
        Ok(())
    }

    /// Appends a paper already serialized as one line of JSON.
    pub fn append_json(&mut self, json: &str) -> Result<(), JournalError> {
        let out = self.out.as_mut().expect("open until finish");
        let write = |out: &mut BufWriter<File>| -> std::io::Result<()> {
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")
        };
        write(out).map_err(io("write", &self.tmp))?;
        self.records += 1;
        Ok(())
    }

    /// Records that the paper `id` no longer exists under that id.
    pub fn append_delete(&mut self, id: &str) -> Result<(), JournalError> {
        let out = self.out.as_mut().expect("open until finish");
        let line = DeleteLine {
            delete: id.to_string(),
        };
        let write = |out: &mut BufWriter<File>| -> std::io::Result<()> {
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")
        };
        write(out).map_err(io("write", &self.tmp))?;
        Ok(())
    }

    /// Papers and deletions written so far.
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
        let read: Vec<Record> = Journal::read_segment(&segs[0].1)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(read, vec![Record::Upsert(Box::new(paper("a")))]);
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
        let read: Vec<Record> = Journal::read_segment(path)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            read,
            vec![
                Record::Upsert(Box::new(paper("a"))),
                Record::Delete("a".into())
            ]
        );
    }

    #[test]
    fn compaction_keeps_only_the_given_papers() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        for id in ["a", "b"] {
            let mut w = journal.begin().unwrap();
            w.append(&paper(id)).unwrap();
            w.finish().unwrap();
        }
        let seq = journal
            .compact([paper("a"), paper("b")].into_iter())
            .unwrap();
        let segs = journal.segments().unwrap();
        assert_eq!(segs.len(), 1);
        assert_eq!(segs[0].0, seq);
        assert_eq!(Journal::read_segment(&segs[0].1).unwrap().count(), 2);
    }

    #[test]
    fn a_corrupt_line_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("00000001.jsonl");
        fs::write(&path, "{\"id\":\"a\",\"title\":\"x\"}\nnot json\n").unwrap();
        let results: Vec<_> = Journal::read_segment(&path).unwrap().collect();
        assert!(results[0].is_ok());
        let err = results[1].as_ref().unwrap_err().to_string();
        assert!(err.contains("00000001.jsonl:2"), "{err}");
    }
}
