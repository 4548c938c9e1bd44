//! folio's query language, shared by the command line and the TUI: parse the
//! text into a tree ([`parser`]), then compile the tree into a tantivy query
//! ([`compile`]). The tree also drives highlighting.

pub mod any_of;
pub mod ast;
pub mod compile;
pub mod parser;
mod prefix_docs;
pub mod ranked_words;
pub(crate) mod term_walk;

pub use ast::{HasFlag, IsState, Node, Scope};
pub use compile::{Compiler, UserSets, check_watches};
pub use parser::{ParseOptions, QueryError, parse};
