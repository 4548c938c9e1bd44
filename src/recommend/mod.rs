//! Recommending papers from the user's library ("for you"), and measuring
//! how good the recommendations are.

pub mod quality;
pub mod topical_corpus;
