//! A generated corpus whose papers have known topics, for measuring how well
//! recommendations stay on a topic without downloading anything.
//!
//! [`crate::synthetic`] makes papers whose categories have nothing to do with
//! their words, so no recommender can find a topic in them. Here each of
//! [`TOPICS`] (named after real arXiv categories) owns a slice of 300 words
//! of the vocabulary; a paper's title and abstract mix a fifth of words from
//! its topics with generic Zipf-distributed words, as [`crate::synthetic`]
//! draws them. The task is kept from being trivial on purpose:
//!
//! - neighbouring topics (`cs.LG` and `stat.ML`, `hep-th` and `hep-ph`, ...)
//!   share a third of their word slices, a fifth of a paper's topic words
//!   come from a neighbouring topic it is not listed in, and topic words
//!   also turn up as generic words anywhere;
//! - about a third of the papers are cross-listed in a neighbouring topic
//!   (and some in a random one), and draw words from it too;
//! - topics differ in size (the first ones are the biggest);
//! - authors come from per-topic pools that overlap with the neighbours'.
//!
//! The same `(count, seed)` always gives the same papers.

use chrono::{Days, NaiveDate};

use crate::model::{Paper, PaperId, Source};
use crate::synthetic::{Rng, vocabulary};

/// The topics, ordered so that neighbours in the list are neighbouring
/// fields: their word slices and author pools overlap.
pub const TOPICS: [&str; 12] = [
    "cs.LG",
    "stat.ML",
    "cs.CV",
    "cs.CL",
    "quant-ph",
    "cond-mat.str-el",
    "cond-mat.mtrl-sci",
    "hep-ph",
    "hep-th",
    "gr-qc",
    "astro-ph.CO",
    "astro-ph.GA",
];

/// Where the topic words start in [`vocabulary`]: past its few hundred most
/// frequent (real) words, among the made-up ones that are rare as generic words.
const TOPIC_WORDS_START: usize = 500;
/// Each topic's own words; the next topic's slice starts this far on (a
/// field has hundreds of words of its own).
const TOPIC_STRIDE: usize = 200;
/// Words a topic draws from: its own and the first third of the next topic's.
const TOPIC_WIDTH: usize = 300;
// A topic's slice overlaps the next topic's, and only that one.
const _: () = assert!(TOPIC_WIDTH > TOPIC_STRIDE && TOPIC_WIDTH < 2 * TOPIC_STRIDE);
/// Share of a title's or abstract's content words taken from its topics.
const TOPIC_WORD_SHARE: f64 = 0.2;
/// Share of a paper's topic words taken from its cross-listed topic, if any.
const CROSS_LIST_WORD_SHARE: f64 = 0.3;
/// Share of a paper's topic words taken from a neighbouring topic it is
/// not listed in (a hep-th paper speaks some hep-ph).
const NEIGHBOUR_WORD_SHARE: f64 = 0.2;
/// How many papers are cross-listed in a neighbouring topic, and in a random one.
const NEIGHBOUR_CROSS_LIST: f64 = 0.3;
const RANDOM_CROSS_LIST: f64 = 0.1;

/// Authors: a pool of invented names; topic `k` draws from a window of it
/// that overlaps its neighbours' windows.
const FIRST_NAMES: [&str; 16] = [
    "Ada", "Wei", "María", "Jonas", "Priya", "Kofi", "Yuki", "Olga", "Luca", "Amira", "Tomás",
    "Ingrid", "Hao", "Sofia", "Ravi", "Elena",
];
const LAST_NAMES: [&str; 24] = [
    "Okafor",
    "Lindqvist",
    "Tanaka",
    "Moreau",
    "Kowalczyk",
    "Haddad",
    "Novak",
    "Ferreira",
    "Iyer",
    "Brennan",
    "Castillo",
    "Yamada",
    "Petrov",
    "Schultz",
    "Achebe",
    "Romano",
    "Zhou",
    "Dvořák",
    "Nakamura",
    "Oyelaran",
    "Kaur",
    "Lindgren",
    "Moretti",
    "Abara",
];
const AUTHOR_STRIDE: usize = 25;
const AUTHOR_WINDOW: usize = 35;

const GLUE: &[&str] = &["for", "of", "in", "with", "via", "on", "and", "from"];
const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "a", "to", "in", "we", "for", "is", "that", "with", "on", "this", "by",
    "as", "are", "from", "an", "our", "which", "be", "can", "these", "it",
];

/// The arXiv-style id of paper `i` (`1901.00001` on): a year no real feed
/// folio imports in tests uses, so the ids never meet the demo corpus's.
pub fn paper_id(i: usize) -> String {
    let month = i / 99_999;
    let number = i % 99_999 + 1;
    format!("{:02}{:02}.{number:05}", 19 + month / 12, month % 12 + 1)
}

/// `count` papers over [`TOPICS`], the same for the same `seed`.
pub fn papers(count: usize, seed: u64) -> Vec<Paper> {
    (0..count).map(|i| paper(i, seed)).collect()
}

/// Paper `i` of the corpus made with `seed`.
pub fn paper(i: usize, seed: u64) -> Paper {
    let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let primary = primary_topic(&mut rng);
    let cross_listed = cross_listing(&mut rng, primary);
    let mut categories = vec![TOPICS[primary].to_string()];
    categories.extend(cross_listed.iter().map(|&t| TOPICS[t].to_string()));
    let words = TopicWords {
        primary,
        secondary: cross_listed.first().copied(),
    };
    let published = NaiveDate::from_ymd_opt(2019, 1, 1)
        .and_then(|d| d.checked_add_days(Days::new(rng.below(2_000))));
    let id = paper_id(i);
    Paper {
        id: PaperId::new(id.clone()),
        arxiv_id: Some(id),
        title: title(&mut rng, &words),
        authors: authors(&mut rng, primary),
        abstract_text: abstract_text(&mut rng, &words),
        published,
        updated: published,
        categories,
        source: Source::ArxivJsonl,
        ..Paper::default()
    }
}

/// Topic sizes fall off like `1/sqrt(k+1)`: the first topic has about
/// 3.5 times the papers of the last.
fn primary_topic(rng: &mut Rng) -> usize {
    let weights: Vec<f64> = (0..TOPICS.len())
        .map(|k| 1.0 / ((k + 1) as f64).sqrt())
        .collect();
    let mut draw = rng.unit() * weights.iter().sum::<f64>();
    for (k, weight) in weights.iter().enumerate() {
        if draw < *weight {
            return k;
        }
        draw -= weight;
    }
    TOPICS.len() - 1
}

/// The topics a paper is cross-listed in besides its primary one (0 to 2).
fn cross_listing(rng: &mut Rng, primary: usize) -> Vec<usize> {
    let mut topics = Vec::new();
    if rng.chance(NEIGHBOUR_CROSS_LIST) {
        topics.push(neighbour(rng, primary));
    }
    if rng.chance(RANDOM_CROSS_LIST) {
        let other = rng.below(TOPICS.len() as u64) as usize;
        if other != primary && !topics.contains(&other) {
            topics.push(other);
        }
    }
    topics
}

/// The topic before or after `topic` in [`TOPICS`].
fn neighbour(rng: &mut Rng, topic: usize) -> usize {
    if topic == 0 || (topic + 1 < TOPICS.len() && rng.chance(0.5)) {
        topic + 1
    } else {
        topic - 1
    }
}

/// Which topics' words a paper's text is drawn from.
struct TopicWords {
    primary: usize,
    secondary: Option<usize>,
}

impl TopicWords {
    /// One word of the paper's topics: the primary topic's mostly, the
    /// cross-listed one's or a neighbour's sometimes; any word of a topic's
    /// slice as likely as another, so that two papers of a topic share only
    /// a few of them (as real papers of a field do).
    fn draw(&self, rng: &mut Rng) -> &'static str {
        let topic = match self.secondary {
            Some(secondary) if rng.chance(CROSS_LIST_WORD_SHARE) => secondary,
            _ if rng.chance(NEIGHBOUR_WORD_SHARE) => neighbour(rng, self.primary),
            _ => self.primary,
        };
        let start = TOPIC_WORDS_START + topic * TOPIC_STRIDE;
        &vocabulary()[start + rng.below(TOPIC_WIDTH as u64) as usize]
    }

    /// A content word: a topic word [`TOPIC_WORD_SHARE`] of the time, else a
    /// generic one.
    fn content_word(&self, rng: &mut Rng) -> &'static str {
        if rng.chance(TOPIC_WORD_SHARE) {
            self.draw(rng)
        } else {
            let words = vocabulary();
            &words[rng.zipf(words.len())]
        }
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Six to twelve title-cased words, some of them glue.
fn title(rng: &mut Rng, words: &TopicWords) -> String {
    let count = rng.between(6, 12) as usize;
    (0..count)
        .map(|k| {
            if k > 0 && k + 1 < count && rng.chance(0.2) {
                rng.pick(GLUE).to_string()
            } else {
                capitalized(words.content_word(rng))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sentences of 8 to 20 words, 80 to 160 words in all, a third of them
/// function words.
fn abstract_text(rng: &mut Rng, words: &TopicWords) -> String {
    let target = rng.between(80, 160) as usize;
    let mut sentences = Vec::new();
    let mut written = 0;
    while written < target {
        let length = (rng.between(8, 20) as usize).min(target - written).max(3);
        let sentence: Vec<&str> = (0..length)
            .map(|_| {
                if rng.chance(0.35) {
                    rng.pick(FUNCTION_WORDS)
                } else {
                    words.content_word(rng)
                }
            })
            .collect();
        sentences.push(format!("{}.", capitalized(&sentence.join(" "))));
        written += length;
    }
    sentences.join(" ")
}

/// One to six authors from the primary topic's window of the name pool.
fn authors(rng: &mut Rng, primary: usize) -> Vec<String> {
    let pool = FIRST_NAMES.len() * LAST_NAMES.len();
    let count = rng.between(1, 6) as usize;
    let mut names: Vec<String> = Vec::with_capacity(count);
    for _ in 0..count {
        let k = (primary * AUTHOR_STRIDE + rng.below(AUTHOR_WINDOW as u64) as usize) % pool;
        let name = format!(
            "{} {}",
            FIRST_NAMES[k % FIRST_NAMES.len()],
            LAST_NAMES[k / FIRST_NAMES.len()]
        );
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_same_seed_gives_the_same_papers() {
        assert_eq!(papers(50, 7), papers(50, 7));
        assert_ne!(papers(50, 7), papers(50, 8));
    }

    #[test]
    fn ids_are_unique_arxiv_ids() {
        let ids: HashSet<String> = (0..250_000).step_by(997).map(paper_id).collect();
        assert_eq!(ids.len(), (0..250_000).step_by(997).count());
        for id in &ids {
            assert_eq!(
                crate::model::parse_arxiv_id(id).as_deref(),
                Some(id.as_str())
            );
        }
    }

    #[test]
    fn papers_have_a_primary_topic_first_and_up_to_three_categories() {
        let papers = papers(2_000, 1);
        let mut cross_listed = 0;
        for p in &papers {
            assert!((1..=3).contains(&p.categories.len()), "{:?}", p.categories);
            assert!(TOPICS.contains(&p.categories[0].as_str()));
            let distinct: HashSet<_> = p.categories.iter().collect();
            assert_eq!(distinct.len(), p.categories.len());
            assert!(!p.authors.is_empty() && !p.title.is_empty());
            cross_listed += usize::from(p.categories.len() > 1);
        }
        assert!((500..=900).contains(&cross_listed), "{cross_listed}");
        for topic in TOPICS {
            let listing = papers.iter().filter(|p| p.categories[0] == topic).count();
            assert!(listing >= 60, "{topic}: {listing}");
        }
    }

    #[test]
    fn topic_slices_fit_in_the_vocabulary() {
        let end = TOPIC_WORDS_START + (TOPICS.len() - 1) * TOPIC_STRIDE + TOPIC_WIDTH;
        assert!(end <= vocabulary().len());
    }
}
