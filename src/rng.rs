//! A small deterministic random number generator. The recommender needs
//! reproducible randomness (the SVM shuffles its examples, the model samples
//! negatives) and the corpus generator (`synthetic`, for benchmarks and
//! tests) makes papers from it; a generator of a few lines keeps both free
//! of a dependency and the same on every platform and release.

/// A small, fast, deterministic random number generator (splitmix64).
/// For reproducible shuffles, samples and made-up data, never for secrets.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform integer in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A uniform integer in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A rank in `0..n` with probability proportional to `1 / (rank + 1)`:
    /// Zipf's law, the shape of word frequencies in real text.
    pub fn zipf(&mut self, n: usize) -> usize {
        let rank = ((n as f64 + 1.0).powf(self.unit()) - 1.0) as usize;
        rank.min(n - 1)
    }

    /// A uniformly chosen item of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}
