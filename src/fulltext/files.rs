//! Where a paper's full text lives in the data dir, and reading it back:
//! `fulltext/<id>/page.html` (the page as fetched, kept so a better
//! converter can convert it again), `document.json` (the converted
//! [`Document`]) and `paper.pdf`. Every file is written atomically (temp
//! file, fsync, rename); a paper id becomes a directory name with its `/`
//! (old-style ids such as `hep-th/9901001`) written `%2F`.

use std::path::{Path, PathBuf};

use super::Document;
use super::convert::{ConvertError, convert};

/// The full texts of one data dir.
#[derive(Debug, Clone)]
pub struct FullTextFiles {
    dir: PathBuf,
}

/// Why a full text could not be read or kept.
#[derive(Debug, thiserror::Error)]
pub enum FullTextError {
    #[error("could not {what} {path}: {source}; check the data dir is readable and writable")]
    Io {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Convert(#[from] ConvertError),
}

impl FullTextFiles {
    pub fn new(data_dir: &Path) -> FullTextFiles {
        FullTextFiles {
            dir: data_dir.join("fulltext"),
        }
    }

    /// The directory of paper `id`.
    pub fn paper_dir(&self, id: &str) -> PathBuf {
        self.dir.join(id.replace('%', "%25").replace('/', "%2F"))
    }

    /// The saved PDF of paper `id`, if there is one.
    pub fn pdf_path(&self, id: &str) -> Option<PathBuf> {
        let path = self.paper_dir(id).join("paper.pdf");
        path.is_file().then_some(path)
    }

    /// Whether paper `id`'s text has been fetched.
    pub fn has_document(&self, id: &str) -> bool {
        self.paper_dir(id).join("page.html").is_file()
    }

    /// The converted text of paper `id`, or `None` when it was never
    /// fetched. A document of an older format is converted again from the
    /// kept page.
    pub fn document(&self, id: &str) -> Result<Option<Document>, FullTextError> {
        let dir = self.paper_dir(id);
        let json = dir.join("document.json");
        if let Ok(bytes) = std::fs::read(&json)
            && let Ok(document) = serde_json::from_slice::<Document>(&bytes)
            && document.format == super::DOCUMENT_FORMAT
        {
            return Ok(Some(document));
        }
        let page = dir.join("page.html");
        let html = match std::fs::read(&page) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(FullTextError::Io {
                    what: "read",
                    path: page,
                    source,
                });
            }
        };
        let url = std::fs::read_to_string(dir.join("url")).unwrap_or_default();
        let document = convert(&html, url.trim())?;
        // Kept converted for next time; a failure here only costs time.
        let _ = self.write(&json, &serde_json::to_vec(&document).unwrap_or_default());
        Ok(Some(document))
    }

    /// Converts `html` (fetched from `url`) and keeps both the page and
    /// the document; nothing is written when the page does not convert.
    pub fn keep(&self, id: &str, html: &str, url: &str) -> Result<Document, FullTextError> {
        let document = convert(html, url)?;
        let dir = self.paper_dir(id);
        let json = serde_json::to_vec(&document).expect("a document always serializes");
        // The document first: a kept page without it is converted again.
        self.write(&dir.join("page.html"), html.as_bytes())?;
        self.write(&dir.join("url"), url.as_bytes())?;
        self.write(&dir.join("document.json"), &json)?;
        Ok(document)
    }

    /// Papers whose kept files changed but may not be indexed yet (a write
    /// killed between keeping the files and indexing them): the next write
    /// to the data dir indexes them.
    pub fn pending(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.join("pending"))
            .map(|text| text.lines().map(str::to_string).collect())
            .unwrap_or_default()
    }

    /// Records the papers [`FullTextFiles::pending`] lists (none: removes
    /// the record).
    pub fn set_pending(&self, ids: &[String]) -> Result<(), FullTextError> {
        let path = self.dir.join("pending");
        if ids.is_empty() {
            return match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(FullTextError::Io {
                    what: "remove",
                    path,
                    source: e,
                }),
                _ => Ok(()),
            };
        }
        let mut text = ids.join("\n");
        text.push('\n');
        self.write(&path, text.as_bytes())
    }

    /// Keeps a downloaded PDF (the caller has checked it is one).
    pub fn keep_pdf(&self, id: &str, bytes: &[u8]) -> Result<PathBuf, FullTextError> {
        let path = self.paper_dir(id).join("paper.pdf");
        self.write(&path, bytes)?;
        Ok(path)
    }

    /// The ids of every paper with a fetched text.
    pub fn fetched_ids(&self) -> Vec<String> {
        self.ids_where(|dir| dir.join("page.html").is_file())
    }

    /// The ids of every paper with a fetched text or PDF: the papers whose
    /// index documents need [`FullTextFiles::index_extras`].
    pub fn kept_ids(&self) -> std::collections::HashSet<String> {
        self.ids_where(|dir| dir.join("page.html").is_file() || dir.join("paper.pdf").is_file())
            .into_iter()
            .collect()
    }

    /// What the index holds of paper `id`'s kept files: its text, section
    /// by section, and whether its PDF is here. A text that cannot be read
    /// is left out (the paper stays findable by its abstract).
    pub fn index_extras(&self, id: &str) -> crate::index::DocExtras {
        let body = self.document(id).ok().flatten().map(|document| {
            document
                .section_texts()
                .into_iter()
                .map(|(heading, text)| format!("{heading}\n{text}"))
                .collect::<Vec<_>>()
                .join("\n\n")
        });
        crate::index::DocExtras {
            body,
            has_pdf: self.pdf_path(id).is_some(),
        }
    }

    fn ids_where(&self, keep: impl Fn(&Path) -> bool) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        entries
            .filter_map(|e| e.ok())
            .filter(|e| keep(&e.path()))
            .map(|e| {
                e.file_name()
                    .to_string_lossy()
                    .replace("%2F", "/")
                    .replace("%25", "%")
            })
            .collect()
    }

    fn write(&self, path: &Path, bytes: &[u8]) -> Result<(), FullTextError> {
        crate::fsutil::write_atomically(path, bytes).map_err(|source| FullTextError::Io {
            what: "write",
            path: path.to_path_buf(),
            source,
        })
    }
}
