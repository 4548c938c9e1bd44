//! Why a paper could not be dismissed ("not interested"). A bookmark says the
//! user wants the paper, a dismissal says they do not; folio refuses to hold
//! both rather than guess which one the user meant.

/// A dismissal that was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DismissError {
    /// The paper is bookmarked: the bookmark has to go first.
    #[error(
        "`{id}` is bookmarked, and a bookmarked paper cannot be dismissed; remove the bookmark first with `folio bookmark rm {id}` (it takes the paper's tags and note with it), then dismiss it"
    )]
    Bookmarked { id: String },
}
