//! A linear support vector machine, trained by dual coordinate descent
//! (Hsieh et al., "A Dual Coordinate Descent Method for Large-scale Linear
//! SVM", ICML 2008: the method of LIBLINEAR), with the squared hinge loss and
//! classes weighted by their size, as arxiv-sanity trains its per-user
//! model. Pure: sparse vectors in, a weight per dimension out.

use crate::rng::Rng;

/// One training example.
pub struct Example<'a> {
    pub vector: &'a [(u32, f32)],
    pub positive: bool,
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Inverse regularisation strength: small values trust the examples
    /// less and keep the model close to "what the positives share".
    pub c: f32,
    /// Stops when the projected gradient spans less than this.
    pub tolerance: f32,
    pub max_passes: usize,
    /// Seeds the order examples are visited in (training is deterministic).
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            c: 0.01,
            tolerance: 0.01,
            max_passes: 200,
            seed: 0x5eed,
        }
    }
}

/// A trained linear model: `score(x) = weights · x + bias`.
#[derive(Debug, Clone, PartialEq)]
pub struct Linear {
    pub weights: Vec<f32>,
    pub bias: f32,
    /// Passes over the examples it took.
    pub passes: usize,
}

/// The bias is learnt as the weight of a constant feature of this value.
const BIAS_FEATURE: f32 = 1.0;

/// Trains on `examples` over `dimensions` dimensions. With no example of
/// one class the model is all zeros (nothing to tell apart).
pub fn train(examples: &[Example<'_>], dimensions: usize, settings: Settings) -> Linear {
    let mut weights = vec![0.0f32; dimensions];
    let mut bias = 0.0f32;
    let positives = examples.iter().filter(|e| e.positive).count();
    let negatives = examples.len() - positives;
    if positives == 0 || negatives == 0 {
        return Linear {
            weights,
            bias,
            passes: 0,
        };
    }
    // Balanced classes: each class weighs as much in the loss as the other.
    let total = examples.len() as f32;
    let c_of = |positive: bool| {
        let size = if positive { positives } else { negatives } as f32;
        settings.c * total / (2.0 * size)
    };
    // Squared hinge: the dual gets a diagonal term 1/(2C) and no upper bound.
    let diagonal: Vec<f32> = examples.iter().map(|e| 0.5 / c_of(e.positive)).collect();
    let q: Vec<f32> = examples
        .iter()
        .zip(&diagonal)
        .map(|(e, d)| {
            e.vector.iter().map(|(_, v)| v * v).sum::<f32>() + BIAS_FEATURE * BIAS_FEATURE + d
        })
        .collect();
    let mut alpha = vec![0.0f32; examples.len()];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(settings.seed);
    let mut passes = 0;
    while passes < settings.max_passes {
        passes += 1;
        shuffle(&mut order, &mut rng);
        let (mut max_pg, mut min_pg) = (f32::NEG_INFINITY, f32::INFINITY);
        for &i in &order {
            let example = &examples[i];
            let y = if example.positive { 1.0 } else { -1.0 };
            let margin = example
                .vector
                .iter()
                .map(|&(d, v)| weights[d as usize] * v)
                .sum::<f32>()
                + bias * BIAS_FEATURE;
            let gradient = y * margin - 1.0 + diagonal[i] * alpha[i];
            let projected = if alpha[i] == 0.0 {
                gradient.min(0.0)
            } else {
                gradient
            };
            max_pg = max_pg.max(projected);
            min_pg = min_pg.min(projected);
            if projected.abs() > 1e-12 {
                let old = alpha[i];
                alpha[i] = (old - gradient / q[i]).max(0.0);
                let step = (alpha[i] - old) * y;
                for &(d, v) in example.vector {
                    weights[d as usize] += step * v;
                }
                bias += step * BIAS_FEATURE;
            }
        }
        if max_pg - min_pg < settings.tolerance {
            break;
        }
    }
    Linear {
        weights,
        bias,
        passes,
    }
}

/// Fisher-Yates with the given generator.
fn shuffle(items: &mut [usize], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(model: &Linear, x: &[(u32, f32)]) -> f32 {
        x.iter()
            .map(|&(d, v)| model.weights[d as usize] * v)
            .sum::<f32>()
            + model.bias
    }

    #[test]
    fn separates_two_topics_and_ranks_unseen_examples() {
        // Dimension 0-1: topic A words, 2-3: topic B words, 4: a shared word.
        let a1 = [(0, 1.0), (1, 0.5), (4, 1.0)];
        let a2 = [(0, 0.8), (4, 0.7)];
        let b1 = [(2, 1.0), (3, 1.0), (4, 1.0)];
        let b2 = [(2, 0.6), (4, 0.9)];
        let b3 = [(3, 1.2)];
        let examples = [
            Example {
                vector: &a1,
                positive: true,
            },
            Example {
                vector: &a2,
                positive: true,
            },
            Example {
                vector: &b1,
                positive: false,
            },
            Example {
                vector: &b2,
                positive: false,
            },
            Example {
                vector: &b3,
                positive: false,
            },
        ];
        let model = train(
            &examples,
            5,
            Settings {
                c: 1.0,
                ..Settings::default()
            },
        );
        assert!(model.passes > 0);
        assert!(model.weights[0] > 0.0 && model.weights[1] > 0.0);
        assert!(model.weights[2] < 0.0 && model.weights[3] < 0.0);
        let unseen_a = [(1, 1.0), (4, 0.5)];
        let unseen_b = [(3, 0.5), (4, 0.5)];
        assert!(score(&model, &unseen_a) > score(&model, &unseen_b));
    }

    #[test]
    fn one_class_only_learns_nothing() {
        let a = [(0, 1.0)];
        let examples = [Example {
            vector: &a,
            positive: true,
        }];
        let model = train(&examples, 1, Settings::default());
        assert_eq!(model.weights, vec![0.0]);
        assert_eq!(model.passes, 0);
    }

    #[test]
    fn training_is_deterministic() {
        let vectors: Vec<Vec<(u32, f32)>> = (0..40u32)
            .map(|i| vec![(i % 7, 1.0), ((i * 3) % 11, 0.5)])
            .collect();
        let examples: Vec<Example> = vectors
            .iter()
            .enumerate()
            .map(|(i, v)| Example {
                vector: v,
                positive: i % 5 == 0,
            })
            .collect();
        let one = train(&examples, 11, Settings::default());
        let two = train(&examples, 11, Settings::default());
        assert_eq!(one, two);
    }
}
