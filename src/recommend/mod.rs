//! "For you": folio learns what you read. A linear model (an SVM over the
//! BM25-weighted terms of titles, abstracts and fetched full texts, plus
//! authors and categories) is trained with your bookmarks as positives and
//! your dismissed papers and a sample of the rest of the library as
//! negatives, then scores every paper of the index from its postings.
//!
//! - [`features`]: what the model sees of a paper;
//! - [`svm`]: the training (pure);
//! - [`model`]: training from the index; [`scoring`]: every paper's score;
//! - [`explain`]: why a paper is recommended;
//! - [`cache`]: trained models kept in the data dir until the library or index changes;
//! - [`taste`]: from the library to a ranking (what the CLI and reader call);
//! - [`for_view`]: training and explaining for a front end's view of the index;
//! - with the `synthetic` feature (tests, benchmarks, examples): `quality`,
//!   how well the model ranks held-out bookmarks, and `topical_corpus`, the
//!   generated corpus with known topics it is measured on.

pub mod cache;
pub mod explain;
pub mod features;
pub mod for_view;
pub mod model;
// Measuring recommendation quality on generated corpora: for the
// `recommend_quality` example and tests, built with the `synthetic` feature.
#[cfg(feature = "synthetic")]
pub mod quality;
pub mod scoring;
pub mod svm;
pub mod taste;
#[cfg(feature = "synthetic")]
pub mod topical_corpus;

use thiserror::Error;

pub use explain::{Because, KeptLike};
pub use model::{Model, Taste, TrainOptions, TrainedOn};
pub use taste::{Learned, Recommendation, Recommendations, Request, learn, recommend};

/// Fewer bookmarks than this and the reader says the model has little to learn from.
pub const FEW_BOOKMARKS: usize = 3;

#[derive(Debug, Error)]
pub enum RecommendError {
    #[error(
        "you have no bookmarks yet, and folio learns your taste from them: bookmark a few papers you like (`b` in the reader, or `folio bookmark add ID`), then ask again"
    )]
    NoBookmarks,
    #[error(
        "no bookmark has the tag `{tag}`{}; tag a few papers with it (`t` in the reader, or `folio bookmark add ID --tag {tag}`), or leave out --tag to learn from every bookmark",
        if in_use.is_empty() { String::new() } else { format!(" (tags in use: {})", in_use.join(", ")) }
    )]
    EmptyTag { tag: String, in_use: Vec<String> },
    #[error(
        "none of your {count} bookmarks{} is in the index any more, so there is nothing to learn from: import or sync the papers again (`folio sync`), or run `folio reindex` if the index was rebuilt from an older journal",
        tag.as_ref().map(|t| format!(" tagged `{t}`")).unwrap_or_default()
    )]
    AllMissing { count: usize, tag: Option<String> },
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Query(#[from] crate::index::query::QueryError),
    #[error(transparent)]
    Library(#[from] crate::library::LibraryError),
}

impl From<tantivy::TantivyError> for RecommendError {
    fn from(e: tantivy::TantivyError) -> Self {
        RecommendError::Index(e.into())
    }
}

impl From<std::io::Error> for RecommendError {
    fn from(e: std::io::Error) -> Self {
        RecommendError::Index(tantivy::TantivyError::from(e).into())
    }
}
