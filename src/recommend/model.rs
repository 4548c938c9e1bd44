//! Training the "for you" model from the index: the kept papers are the
//! positives, the dismissed ones and a sample of the rest of the library the
//! negatives. The model remembers each term's idf and each kept paper's
//! vector, so it can score postings and explain itself without training again.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, TERMINATED, Term};

use super::RecommendError;
use super::features::{
    Analyzers, Feature, Part, SparseVector, Weighting, doc_freq, length_codes, part_slot,
    term_value,
};
use super::svm::{self, Example, Settings};
use crate::index::PaperIndex;
use crate::index::schema::{HAS_FULLTEXT, RECORD_AT_FIELD, RECORD_LEN_FIELD};
use crate::index::stem_cache::FastMap;
use crate::model::Paper;
use crate::rng::Rng;

/// Bumped when features or training change: a cached model of another
/// version is trained again.
pub const MODEL_VERSION: u32 = 1;

/// What to learn from: paper ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Taste {
    /// Papers the user kept (bookmarks, or those of one tag).
    pub positives: Vec<String>,
    /// Papers the user dismissed.
    pub negatives: Vec<String>,
}

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// The parts of a paper the model looks at.
    pub parts: Vec<Part>,
    /// Background papers (neither kept nor dismissed) sampled as negatives:
    /// this many per kept paper, within the bounds below.
    pub background_per_positive: usize,
    pub min_background: usize,
    pub max_background: usize,
    pub svm: Settings,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            parts: Part::ALL.to_vec(),
            background_per_positive: 20,
            min_background: 1_000,
            max_background: 4_000,
            svm: Settings::default(),
        }
    }
}

/// A kept paper, remembered to explain recommendations.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeptPaper {
    pub id: String,
    pub title: String,
    pub vector: SparseVector,
}

/// What a model was trained on.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct TrainedOn {
    pub positives: usize,
    pub negatives: usize,
    pub background: usize,
    /// Kept or dismissed ids the index no longer has.
    pub missing: Vec<String>,
}

/// A trained model: a weight per feature.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    pub version: u32,
    pub weighting: Weighting,
    /// Dimension `d` is `features[d]`, with `idf[d]` and `weights[d]`.
    pub features: Vec<Feature>,
    pub idf: Vec<f32>,
    /// Every term value is multiplied by this (see `average_norm`).
    pub scale: f32,
    pub weights: Vec<f32>,
    pub bias: f32,
    pub kept: Vec<KeptPaper>,
    pub trained_on: TrainedOn,
    #[serde(skip)]
    dimensions: FastMap<Feature, u32>,
}

/// A training paper before weighting: its term counts by dimension and
/// its lengths.
struct Counted {
    counts: Vec<(u32, u32)>,
    lengths: [u8; 5],
}

impl Model {
    /// Trains on `taste` against the papers of `searcher`. `body_of` gives a
    /// paper's fetched full text (asked only for papers that have one).
    pub fn train(
        index: &PaperIndex,
        searcher: &Searcher,
        taste: &Taste,
        options: &TrainOptions,
        body_of: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Model, RecommendError> {
        let fields = index.fields();
        let mut missing = Vec::new();
        let mut locate = |ids: &[String]| -> Result<Vec<(String, DocAddress)>, RecommendError> {
            let mut found = Vec::new();
            for id in ids {
                match index.address_of(searcher, id)? {
                    Some(address) => found.push((id.clone(), address)),
                    None => missing.push(id.clone()),
                }
            }
            Ok(found)
        };
        let positives = locate(&taste.positives)?;
        let negatives = locate(&taste.negatives)?;
        let labelled: HashSet<DocAddress> = positives
            .iter()
            .chain(&negatives)
            .map(|(_, a)| *a)
            .collect();
        let wanted = (positives.len() * options.background_per_positive)
            .clamp(options.min_background, options.max_background);
        let seed = seed_of(taste);
        let background = sample_background(searcher, &labelled, wanted, seed)?;
        let with_body = fulltext_docs(searcher, index)?;

        // Read and analyse every training paper (most of the training time)
        // on several threads, then number the features in training order on
        // this one: the model is the same whatever the number of threads.
        let order: Vec<DocAddress> = positives
            .iter()
            .chain(&negatives)
            .map(|(_, a)| *a)
            .chain(background.iter().copied())
            .collect();
        let mut read = read_papers(index, searcher, &order, &with_body)?;
        // The sample in id order: where the journal put each paper (which
        // depends on when it was imported) must not change the model.
        read[positives.len() + negatives.len()..].sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let mut analyzers = Analyzers::default();
        for paper in &mut read {
            // Full texts come from a callback that need not be thread-safe.
            if let Some(whole) = paper.needs_body.take() {
                let body = body_of(whole.id.as_str());
                paper.terms = analyzers.term_counts(&whole, body.as_deref());
            }
        }
        let mut dimensions: FastMap<Feature, u32> = FastMap::default();
        // Dimension `d` is `features[d]`, numbered as first met.
        let mut features: Vec<Feature> = Vec::new();
        let parts: HashSet<Part> = options.parts.iter().copied().collect();
        let mut kept_titles = Vec::new();
        let mut counted = Vec::with_capacity(read.len());
        for (i, paper) in read.into_iter().enumerate() {
            let mut counts = Vec::with_capacity(paper.terms.len());
            for (part, term, n) in paper.terms {
                if !parts.contains(&part) {
                    continue;
                }
                let feature = Feature { part, term };
                let d = match dimensions.get(&feature) {
                    Some(d) => *d,
                    None => {
                        let d = features.len() as u32;
                        features.push(feature.clone());
                        dimensions.insert(feature, d);
                        d
                    }
                };
                counts.push((d, n));
            }
            let positive = i < positives.len();
            if positive {
                kept_titles.push((paper.id, paper.title));
            }
            counted.push((
                Counted {
                    counts,
                    lengths: paper.lengths,
                },
                positive,
            ));
        }

        let weighting = Weighting::of(searcher, fields)?;
        let idf = features
            .iter()
            .map(|f| Ok(weighting.idf(doc_freq(searcher, fields, f)?)))
            .collect::<Result<Vec<f32>, tantivy::TantivyError>>()?;
        let tables: Vec<[f32; 256]> = Part::ALL
            .iter()
            .map(|p| weighting.length_table(*p))
            .collect();
        let vectorize = |c: &Counted| -> SparseVector {
            let mut vector: SparseVector = c
                .counts
                .iter()
                .map(|&(d, n)| {
                    let part = features[d as usize].part;
                    let slot = part_slot(part);
                    let norm = tables[slot][c.lengths[slot] as usize];
                    (d, term_value(part, idf[d as usize], n, norm))
                })
                .collect();
            vector.sort_by_key(|(d, _)| *d);
            vector
        };
        let mut vectors: Vec<(SparseVector, bool)> = counted
            .iter()
            .map(|(c, positive)| (vectorize(c), *positive))
            .collect();
        // One scale for every paper, so that an average paper has length 1
        // and the regularisation means the same whatever the corpus.
        let scale = average_norm(vectors.iter().map(|(v, _)| v.as_slice())).recip();
        for (vector, _) in &mut vectors {
            for (_, value) in vector.iter_mut() {
                *value *= scale;
            }
        }
        let examples: Vec<Example> = vectors
            .iter()
            .map(|(v, positive)| Example {
                vector: v,
                positive: *positive,
            })
            .collect();
        let mut settings = options.svm;
        settings.seed ^= seed;
        let linear = svm::train(&examples, features.len(), settings);
        let kept = kept_titles
            .into_iter()
            .zip(&vectors)
            .map(|((id, title), (vector, _))| KeptPaper {
                id,
                title,
                vector: vector.clone(),
            })
            .collect();
        Ok(Model {
            version: MODEL_VERSION,
            weighting,
            features,
            idf,
            scale,
            weights: linear.weights,
            bias: linear.bias,
            kept,
            trained_on: TrainedOn {
                positives: positives.len(),
                negatives: negatives.len(),
                background: background.len(),
                missing,
            },
            dimensions,
        })
    }

    /// The dimension of a feature, if the model has it.
    pub fn dimension(&mut self, feature: &Feature) -> Option<u32> {
        if self.dimensions.is_empty() && !self.features.is_empty() {
            self.dimensions = self
                .features
                .iter()
                .enumerate()
                .map(|(d, f)| (f.clone(), d as u32))
                .collect();
        }
        self.dimensions.get(feature).copied()
    }
}

/// The average Euclidean length of some vectors (1 when there are none).
fn average_norm<'a>(vectors: impl Iterator<Item = &'a [(u32, f32)]>) -> f32 {
    let (mut sum, mut count) = (0.0f64, 0usize);
    for vector in vectors {
        sum += f64::from(vector.iter().map(|(_, x)| x * x).sum::<f32>().sqrt());
        count += 1;
    }
    if count == 0 || sum == 0.0 {
        1.0
    } else {
        (sum / count as f64) as f32
    }
}

/// A seed that depends only on what is learnt from, so the same library
/// and index give the same model.
fn seed_of(taste: &Taste) -> u64 {
    let mut ids: Vec<&str> = taste.positives.iter().map(String::as_str).collect();
    ids.sort_unstable();
    crate::stable_hash::fnv1a(ids.iter().flat_map(|id| id.bytes().chain([0])))
}

/// Up to `wanted` live papers, not among `labelled`, drawn at random: the
/// ones whose journal place (block and place inside it), mixed with `seed`,
/// hashes lowest. The journal place is the paper's, not the index's, so the
/// same data dir makes the same sample however an import spread its papers
/// over index segments (the trainer then puts the sample in id order).
fn sample_background(
    searcher: &Searcher,
    labelled: &HashSet<DocAddress>,
    wanted: usize,
    seed: u64,
) -> Result<Vec<DocAddress>, RecommendError> {
    let mut keyed: Vec<(u64, DocAddress)> = Vec::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let fast = reader.fast_fields();
        let (positions, lens) = (fast.u64(RECORD_AT_FIELD)?, fast.u64(RECORD_LEN_FIELD)?);
        for doc in 0..reader.max_doc() {
            let address = DocAddress::new(ord as u32, doc);
            if reader.is_deleted(doc) || labelled.contains(&address) {
                continue;
            }
            // Papers compressed together share a block (the position); the
            // place inside it (in the length column) tells them apart.
            let position = positions.first(doc).unwrap_or(u64::from(doc));
            let place = lens.first(doc).unwrap_or(0);
            let key = Rng::new(seed ^ position).next_u64() ^ Rng::new(!place).next_u64();
            keyed.push((key, address));
        }
    }
    if keyed.len() > wanted {
        keyed.select_nth_unstable(wanted);
        keyed.truncate(wanted);
    }
    keyed.sort_unstable();
    Ok(keyed.into_iter().map(|(_, address)| address).collect())
}

/// A training paper as read from the index: its terms (counted without a
/// full text), lengths, id and title.
struct ReadPaper {
    id: String,
    title: String,
    terms: Vec<(Part, String, u32)>,
    lengths: [u8; 5],
    /// A paper with a full text, whose terms are counted afterwards.
    needs_body: Option<Paper>,
}

/// Training papers read from the index fewer than this each are not worth a thread.
const PAPERS_PER_THREAD: usize = 256;

/// Reads and analyses the papers at `order` (in that order), on as many
/// threads as there are cores, up to eight.
fn read_papers(
    index: &PaperIndex,
    searcher: &Searcher,
    order: &[DocAddress],
    with_body: &HashSet<DocAddress>,
) -> Result<Vec<ReadPaper>, RecommendError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
        .min(order.len().div_ceil(PAPERS_PER_THREAD))
        .max(1);
    if threads == 1 {
        return read_chunk(index, searcher, order, with_body);
    }
    let chunk = order.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = order
            .chunks(chunk)
            .map(|addresses| scope.spawn(move || read_chunk(index, searcher, addresses, with_body)))
            .collect();
        let mut read = Vec::with_capacity(order.len());
        for worker in workers {
            let chunk = worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            read.extend(chunk);
        }
        Ok(read)
    })
}

fn read_chunk(
    index: &PaperIndex,
    searcher: &Searcher,
    addresses: &[DocAddress],
    with_body: &HashSet<DocAddress>,
) -> Result<Vec<ReadPaper>, RecommendError> {
    let mut analyzers = Analyzers::default();
    addresses
        .iter()
        .map(|&address| {
            let paper = index.paper_at(searcher, address)?;
            let lengths = length_codes(searcher, index.fields(), address)?;
            let id = paper.id.as_str().to_string();
            if with_body.contains(&address) {
                return Ok(ReadPaper {
                    id,
                    title: paper.title.clone(),
                    terms: Vec::new(),
                    lengths,
                    needs_body: Some(paper),
                });
            }
            let terms = analyzers.term_counts(&paper, None);
            Ok(ReadPaper {
                id,
                title: paper.title,
                terms,
                lengths,
                needs_body: None,
            })
        })
        .collect()
}

/// The papers whose full text is in the index.
fn fulltext_docs(
    searcher: &Searcher,
    index: &PaperIndex,
) -> Result<HashSet<DocAddress>, RecommendError> {
    let term = Term::from_field_text(index.fields().has, HAS_FULLTEXT);
    let mut docs = HashSet::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let postings = reader
            .inverted_index(term.field())?
            .read_postings(&term, IndexRecordOption::Basic)?;
        if let Some(mut postings) = postings {
            let mut doc = postings.doc();
            while doc != TERMINATED {
                docs.insert(DocAddress::new(ord as u32, doc));
                doc = postings.advance();
            }
        }
    }
    Ok(docs)
}

#[cfg(test)]
mod tests;
