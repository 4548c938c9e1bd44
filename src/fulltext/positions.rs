//! Where the reader left each paper's text, kept in `data_dir/reading.json`
//! so reopening a paper goes back there. A position names the section (its
//! index in the table of contents) and how far into it, as a fraction of its
//! lines, so it survives a change of terminal width. The file is written
//! atomically; a damaged one is ignored (and replaced on the next save).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::layout::Layout;
use crate::fsutil::write_atomically;

/// The file's name in the data dir.
pub const READING_FILE: &str = "reading.json";

/// Where the top of the screen was in a paper's text.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReadingPosition {
    /// The section's index in the table of contents; `None` before the
    /// first section (title and abstract).
    pub section: Option<usize>,
    /// How far into that part the top line is, from 0 to 1.
    pub within: f64,
}

impl ReadingPosition {
    /// The position of line `top` of `layout`.
    pub fn of_line(layout: &Layout, top: usize) -> ReadingPosition {
        let section = layout.section_at(top);
        let (start, end) = span_of(layout, section);
        let within = if end > start {
            (top.saturating_sub(start)) as f64 / (end - start) as f64
        } else {
            0.0
        };
        ReadingPosition {
            section,
            within: within.clamp(0.0, 1.0),
        }
    }

    /// The line of `layout` this position points at.
    pub fn line_in(&self, layout: &Layout) -> usize {
        let section = self.section.filter(|&s| s < layout.toc.len());
        let (start, end) = span_of(layout, section);
        let within = if self.within.is_finite() {
            self.within.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let line = start + ((end - start) as f64 * within).round() as usize;
        line.min(layout.lines.len().saturating_sub(1))
    }
}

/// The lines `[start, end)` of a section (`None`: what comes before the first).
fn span_of(layout: &Layout, section: Option<usize>) -> (usize, usize) {
    let end_of = |i: usize| layout.toc.get(i).map_or(layout.lines.len(), |e| e.line);
    match section {
        None => (0, end_of(0)),
        Some(i) => (layout.toc[i].line, end_of(i + 1)),
    }
}

/// Why the positions could not be read or saved.
#[derive(Debug, thiserror::Error)]
pub enum PositionsError {
    #[error("could not read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is damaged ({source}); reading positions start afresh")]
    Damaged {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("could not save the reading position to {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Every paper's position, by paper id.
pub type Positions = BTreeMap<String, ReadingPosition>;

/// The positions file of a data dir.
#[derive(Debug, Clone)]
pub struct ReadingPositions {
    path: PathBuf,
}

impl ReadingPositions {
    pub fn in_data_dir(data_dir: &Path) -> ReadingPositions {
        ReadingPositions {
            path: data_dir.join(READING_FILE),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every position kept (none when the file does not exist yet).
    pub fn load(&self) -> Result<Positions, PositionsError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Positions::new()),
            Err(source) => {
                return Err(PositionsError::Read {
                    path: self.path.clone(),
                    source,
                });
            }
        };
        serde_json::from_slice(&bytes).map_err(|source| PositionsError::Damaged {
            path: self.path.clone(),
            source,
        })
    }

    /// The position of paper `id`, if one was kept.
    pub fn get(&self, id: &str) -> Result<Option<ReadingPosition>, PositionsError> {
        Ok(self.load()?.get(id).copied())
    }

    /// Keeps `position` for paper `id`. A damaged file is replaced; the
    /// notice saying so is returned.
    pub fn save(
        &self,
        id: &str,
        position: ReadingPosition,
    ) -> Result<Option<String>, PositionsError> {
        let (mut all, notice) = match self.load() {
            Ok(all) => (all, None),
            Err(e @ PositionsError::Damaged { .. }) => (Positions::new(), Some(e.to_string())),
            Err(e) => return Err(e),
        };
        all.insert(id.to_string(), position);
        let json = serde_json::to_vec_pretty(&all).expect("positions serialize");
        write_atomically(&self.path, &json).map_err(|source| PositionsError::Write {
            path: self.path.clone(),
            source,
        })?;
        Ok(notice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fulltext::document::{Block, Document, Inline, Section};
    use crate::fulltext::layout::layout;

    fn document() -> Document {
        let para = |n: usize| Block::Paragraph {
            inlines: vec![Inline::Text {
                text: format!("paragraph {n} ").repeat(20),
            }],
        };
        Document {
            title: "T".into(),
            sections: (1..=4)
                .map(|i| Section {
                    level: 1,
                    number: Some(i.to_string()),
                    title: format!("Section {i}"),
                    blocks: (0..5).map(para).collect(),
                    ..Section::default()
                })
                .collect(),
            ..Document::default()
        }
    }

    #[test]
    fn a_position_survives_a_change_of_width() {
        let wide = layout(&document(), 120);
        let narrow = layout(&document(), 50);
        let top = wide.toc[2].line + 3;
        let position = ReadingPosition::of_line(&wide, top);
        assert_eq!(position.section, Some(2));
        let line = position.line_in(&narrow);
        assert_eq!(narrow.section_at(line), Some(2));
        assert!(line > narrow.toc[2].line);
        assert_eq!(
            ReadingPosition::of_line(&wide, 0).line_in(&narrow),
            0,
            "the top stays the top"
        );
    }

    #[test]
    fn a_position_out_of_range_points_inside_the_text() {
        let l = layout(&document(), 80);
        let far = ReadingPosition {
            section: Some(99),
            within: f64::NAN,
        };
        assert!(far.line_in(&l) < l.lines.len());
    }

    #[test]
    fn saves_and_loads_by_paper() {
        let dir = tempfile::tempdir().unwrap();
        let positions = ReadingPositions::in_data_dir(dir.path());
        assert_eq!(positions.get("a").unwrap(), None);
        let p = ReadingPosition {
            section: Some(1),
            within: 0.5,
        };
        assert_eq!(positions.save("a", p).unwrap(), None);
        positions
            .save(
                "b",
                ReadingPosition {
                    section: None,
                    within: 0.0,
                },
            )
            .unwrap();
        assert_eq!(positions.get("a").unwrap(), Some(p));
        assert_eq!(positions.load().unwrap().len(), 2);
    }

    #[test]
    fn a_damaged_file_is_reported_and_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let positions = ReadingPositions::in_data_dir(dir.path());
        std::fs::write(positions.path(), b"{not json").unwrap();
        let err = positions.get("a").unwrap_err();
        assert!(matches!(err, PositionsError::Damaged { .. }), "{err}");
        let p = ReadingPosition {
            section: None,
            within: 0.25,
        };
        let notice = positions.save("a", p).unwrap();
        assert!(notice.unwrap().contains("damaged"));
        assert_eq!(positions.get("a").unwrap(), Some(p));
    }
}
