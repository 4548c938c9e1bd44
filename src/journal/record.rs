//! One journal line: a paper's whole merged record, or the removal of an id,
//! and how a line is read back (or why it is not a record).

use crate::model::Paper;

/// One line of a segment: a paper (its whole merged record), or the removal of
/// an id (a listing entry that turned out to be an arXiv paper under another
/// id, or a paper arXiv withdrew from its harvest).
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Upsert(Box<Paper>),
    Delete(String),
}

#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct DeleteLine {
    pub delete: String,
}

const DELETE_PREFIX: &str = "{\"delete\":";

/// One journal line as a record, or why it is not one: a line must be JSON
/// of a paper with an id and a title, or of a deletion naming an id.
pub fn parse_record(line: &[u8]) -> Result<Record, String> {
    if line.starts_with(DELETE_PREFIX.as_bytes()) {
        let delete = serde_json::from_slice::<DeleteLine>(line).map_err(|e| e.to_string())?;
        if delete.delete.trim().is_empty() {
            return Err("a deletion that names no paper".into());
        }
        return Ok(Record::Delete(delete.delete));
    }
    let paper = serde_json::from_slice::<Paper>(line).map_err(|e| e.to_string())?;
    if paper.id.as_str().trim().is_empty() {
        return Err("not a paper: it has no id".into());
    }
    if paper.title.trim().is_empty() {
        return Err("not a paper: it has no title".into());
    }
    Ok(Record::Upsert(Box::new(paper)))
}
