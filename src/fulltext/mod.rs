//! A paper's full text: arXiv's HTML (LaTeXML) turned into folio's own
//! document model, kept in the data dir beside the journal, indexed with
//! the abstracts and shown by the reader and `folio text`.
//!
//! - [`document`]: the model (sections, paragraphs, theorems, equations,
//!   figures, citations, bibliography) and its versioned file format.
//! - [`convert`]: HTML to a [`Document`], with a real HTML5 parser.
//! - [`math`]: a formula's LaTeX (`alttext`) as readable Unicode text.
//! - [`fetch`]: downloading a paper's page or PDF and keeping it.
//! - [`files`]: where the page, the document and the PDF are kept.
//! - [`layout`]: a document wrapped to a width as styled lines, with the
//!   table of contents and where each section starts.
//! - [`positions`]: where the reader left each paper's text.

pub mod convert;
pub mod document;
pub mod fetch;
pub mod files;
pub mod layout;
pub mod math;
pub mod positions;

pub use document::{BibEntry, Block, DOCUMENT_FORMAT, Document, Inline, Section};
