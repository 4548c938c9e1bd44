//! The "for you" model as a [`Ranker`], with all its features or with the
//! words alone, so the evaluation shows what the text itself teaches it
//! (the categories it is scored on are also among its features).

use super::Ranker;
use crate::recommend::features::Part;
use crate::recommend::{Request, TrainOptions, recommend};
use crate::store::Store;

/// Ranks with [`crate::recommend::recommend`], as `folio recommend` does.
#[derive(Debug, Clone)]
pub struct ForYouRanker {
    name: String,
    training: TrainOptions,
}

impl ForYouRanker {
    /// The model as folio ships it.
    pub fn shipped() -> ForYouRanker {
        ForYouRanker {
            name: "for you".to_string(),
            training: TrainOptions::default(),
        }
    }

    /// The model without categories and authors: titles, abstracts and
    /// full texts only.
    pub fn words_only() -> ForYouRanker {
        ForYouRanker {
            name: "for you, words only".to_string(),
            training: TrainOptions {
                parts: vec![Part::Title, Part::Abstract, Part::Body],
                ..TrainOptions::default()
            },
        }
    }
}

impl Ranker for ForYouRanker {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn rank(
        &self,
        store: &Store,
        _bookmarked: &[String],
        limit: usize,
    ) -> Result<Vec<String>, String> {
        let request = Request {
            limit,
            include_read: true,
            training: self.training.clone(),
            ..Request::default()
        };
        let ranked = recommend(store, &request).map_err(|e| e.to_string())?;
        Ok(ranked
            .items
            .into_iter()
            .map(|r| r.paper.id.as_str().to_string())
            .collect())
    }
}
