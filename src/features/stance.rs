//! The stance of a document toward Turkey's role, with an interval (issue 4).
//!
//! Each match contributes valence x side x weight x voice weight and brings evidence mass
//! weight x |voice weight|. The score is the contributions over the mass plus `prior`
//! neutral pseudo-matches: a document with little evidence stays near 0. The interval
//! comes from a seeded bootstrap over sentences; each resample then draws from the Beta
//! distribution its evidence implies (positive and negative mass, neutral mass split
//! evenly, `prior`/2 on each side), so thin evidence gives a wide interval.
//!
//! The bootstrap runs for every document, so its draws are made cheap without changing
//! the model they sample: a Poisson(1) draw inverts one 64-bit uniform, mostly by a
//! table lookup on its top bits ([`poisson_one`]), and a Beta draw is a ratio of two gamma
//! draws ([`beta`]). Intervals are the same Monte-Carlo estimates as with the earlier draws
//! (inversion on a 53-bit uniform, Cheng's Beta sampler), though not the same numbers.

use rand::{Rng, SeedableRng};
use rand_distr::{Beta, Distribution, Gamma};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Serialize;

use crate::fingerprint::fnv1a;

/// Checked stance parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StanceParams {
    prior: f64,
    resamples: usize,
    seed: u64,
}

impl StanceParams {
    /// `prior` > 0 neutral pseudo-matches, `resamples` >= 100 bootstrap draws.
    pub fn new(prior: f64, resamples: usize, seed: u64) -> Result<StanceParams, String> {
        if !(prior.is_finite() && prior > 0.0) {
            return Err(format!(
                "the prior must be a positive number of pseudo-matches, found {prior}"
            ));
        }
        if resamples < 100 {
            return Err(format!(
                "the bootstrap needs at least 100 resamples, found {resamples}"
            ));
        }
        Ok(StanceParams {
            prior,
            resamples,
            seed,
        })
    }

    pub fn prior(&self) -> f64 {
        self.prior
    }
}

impl Default for StanceParams {
    fn default() -> Self {
        StanceParams {
            prior: 4.0,
            resamples: 1000,
            seed: 20200104,
        }
    }
}

/// A stance score in [-1, 1] with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Stance {
    pub score: f64,
    pub low: f64,
    pub high: f64,
}

/// The evidence of one sentence: positive and negative contributions, and total mass.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SentenceEvidence {
    pub positive: f64,
    pub negative: f64,
    pub mass: f64,
}

impl SentenceEvidence {
    pub fn add(&mut self, contribution: f64, mass: f64) {
        if contribution > 0.0 {
            self.positive += contribution;
        } else {
            self.negative -= contribution;
        }
        self.mass += mass;
    }

    /// Mass for and against, with the neutral rest split evenly.
    fn split(&self) -> (f64, f64) {
        let neutral = (self.mass - self.positive - self.negative).max(0.0) / 2.0;
        (self.positive + neutral, self.negative + neutral)
    }
}

/// Scores a document from the evidence of its sentences that have matches. `key` seeds
/// the bootstrap (the document id).
pub fn stance(params: &StanceParams, evidence: &[SentenceEvidence], key: &str) -> Stance {
    let total = evidence
        .iter()
        .fold(SentenceEvidence::default(), |a, e| SentenceEvidence {
            positive: a.positive + e.positive,
            negative: a.negative + e.negative,
            mass: a.mass + e.mass,
        });
    let score = (total.positive - total.negative) / (total.mass + params.prior);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed ^ fnv1a(key));
    let splits: Vec<(f64, f64)> = evidence.iter().map(SentenceEvidence::split).collect();
    let half = params.prior / 2.0;
    let mut draws: Vec<f64> = (0..params.resamples)
        .map(|_| {
            let (p, q) = resample(&mut rng, &splits);
            2.0 * beta(&mut rng, half + p, half + q) - 1.0
        })
        .collect();
    let (low, high) = quantiles(&mut draws, 0.025, 0.975);
    Stance {
        score,
        low: low.min(score),
        high: high.max(score),
    }
}

/// The `low` and `high` quantiles of `draws` (low < high), as they would stand in sorted
/// order; selecting them costs a fraction of sorting 1,000 draws for every document.
fn quantiles(draws: &mut [f64], low: f64, high: f64) -> (f64, f64) {
    let at = |q: f64| ((q * draws.len() as f64) as usize).min(draws.len() - 1);
    let (low, high) = (at(low), at(high));
    let (_, &mut high_value, _) = draws.select_nth_unstable_by(high, f64::total_cmp);
    let (_, &mut low_value, _) = draws[..high].select_nth_unstable_by(low, f64::total_cmp);
    (low_value, high_value)
}

/// One bootstrap resample of the sentences (their mass for and against, `splits`): the
/// mass for and against it holds. A Poisson bootstrap: each sentence is drawn Poisson(1)
/// times, the large-sample equivalent of drawing `n` of `n` sentences with replacement
/// (Hanley & MacGibbon 2006); sentences without matches add nothing, so only those with
/// evidence need a draw.
fn resample(rng: &mut impl Rng, splits: &[(f64, f64)]) -> (f64, f64) {
    let (mut p, mut q) = (0.0, 0.0);
    for (for_, against) in splits {
        let times = f64::from(poisson_one(rng));
        p += times * for_;
        q += times * against;
    }
    (p, q)
}

/// A Beta(`a`, `b`) draw, as X / (X + Y) for independent X ~ Gamma(`a`) and
/// Y ~ Gamma(`b`), an exact identity. The gamma sampler (Marsaglia and Tsang's) rarely
/// needs a logarithm, where `rand_distr::Beta` (Cheng's algorithm) takes a logarithm and
/// an exponential on every try. Below a shape of 1 both gamma draws can underflow to 0
/// together, so such shapes (a prior under 2) are left to `rand_distr::Beta`.
fn beta(rng: &mut impl Rng, a: f64, b: f64) -> f64 {
    if a < 1.0 || b < 1.0 {
        return Beta::new(a, b)
            .expect("Beta parameters are positive")
            .sample(rng);
    }
    let gamma = |shape| Gamma::new(shape, 1.0).expect("gamma shapes are positive");
    let x = gamma(a).sample(rng);
    let y = gamma(b).sample(rng);
    x / (x + y)
}

/// Most draws a Poisson(1) draw can give.
const POISSON_MAX: usize = 20;

/// P(X <= k) for X ~ Poisson(1), k < POISSON_MAX, summed term by term as e^-1 / k!, as a
/// fraction of 2^64 (1 saturates to `u64::MAX`, which no draw exceeds).
const POISSON_CDF: [u64; POISSON_MAX] = {
    const E_INVERSE: f64 = 0.367_879_441_171_442_3;
    const TWO_TO_64: f64 = 18_446_744_073_709_551_616.0;
    let mut cdf = [0; POISSON_MAX];
    let (mut term, mut sum) = (E_INVERSE, E_INVERSE);
    cdf[0] = (sum * TWO_TO_64) as u64;
    let mut k = 1;
    while k < POISSON_MAX {
        term /= k as f64;
        sum += term;
        cdf[k] = (sum * TWO_TO_64) as u64;
        k += 1;
    }
    cdf
};

/// Bits of the uniform that index [`POISSON_GUIDE`].
const GUIDE_BITS: u32 = 8;

/// Where to start counting, by the top [`GUIDE_BITS`] of the uniform: the draw of the
/// smallest uniform with those bits. All but a few of the ranges hold no cumulative
/// probability, so the count stops after one comparison.
const POISSON_GUIDE: [u8; 1 << GUIDE_BITS] = {
    let mut guide = [0; 1 << GUIDE_BITS];
    let mut i = 0;
    while i < guide.len() {
        guide[i] = poisson_one_of((i as u64) << (64 - GUIDE_BITS), 0);
        i += 1;
    }
    guide
};

/// A Poisson(1) draw by inversion: how many cumulative probabilities a uniform draw
/// exceeds, counted from where [`POISSON_GUIDE`] says.
fn poisson_one(rng: &mut impl Rng) -> u32 {
    let u = rng.next_u64();
    u32::from(poisson_one_of(
        u,
        POISSON_GUIDE[(u >> (64 - GUIDE_BITS)) as usize],
    ))
}

/// The Poisson(1) draw of uniform `u` (a fraction of 2^64), counting up from `at_least`.
const fn poisson_one_of(u: u64, at_least: u8) -> u8 {
    let mut draw = at_least;
    while (draw as usize) < POISSON_MAX && u > POISSON_CDF[draw as usize] {
        draw += 1;
    }
    draw
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hostile(n: usize) -> Vec<SentenceEvidence> {
        (0..n)
            .map(|_| SentenceEvidence {
                positive: 0.0,
                negative: 1.0,
                mass: 1.0,
            })
            .collect()
    }

    #[test]
    fn no_evidence_gives_zero_with_a_wide_interval() {
        let s = stance(&StanceParams::default(), &[], "doc");
        assert_eq!(s.score, 0.0);
        assert!(s.low < -0.5 && s.high > 0.5, "{s:?}");
    }

    #[test]
    fn more_evidence_moves_the_score_and_narrows_the_interval() {
        let params = StanceParams::default();
        let thin = stance(&params, &hostile(1), "a");
        let thick = stance(&params, &hostile(30), "a");
        assert!(
            thick.score < thin.score && thick.score < -0.8,
            "{thin:?} {thick:?}"
        );
        assert!(thick.high - thick.low < thin.high - thin.low);
        assert!(thick.low <= thick.score && thick.score <= thick.high);
    }

    /// The mean and variance of `n` draws.
    fn moments(n: usize, mut draw: impl FnMut() -> f64) -> (f64, f64) {
        let draws: Vec<f64> = (0..n).map(|_| draw()).collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let variance = draws.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / n as f64;
        (mean, variance)
    }

    #[test]
    fn the_guide_never_skips_a_poisson_draw() {
        let edges = POISSON_CDF
            .iter()
            .flat_map(|&c| [c - 1, c, c.saturating_add(1)]);
        let buckets = (0..1u64 << GUIDE_BITS).map(|i| i << (64 - GUIDE_BITS));
        for u in edges.chain(buckets).chain([u64::MAX]) {
            let guide = POISSON_GUIDE[(u >> (64 - GUIDE_BITS)) as usize];
            assert_eq!(poisson_one_of(u, guide), poisson_one_of(u, 0), "{u}");
        }
    }

    #[test]
    fn poisson_draws_have_the_poisson_one_distribution() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let n = 400_000;
        let draws: Vec<u32> = (0..n).map(|_| poisson_one(&mut rng)).collect();
        let share = |k| draws.iter().filter(|&&d| d == k).count() as f64 / n as f64;
        let e_inverse = (-1.0f64).exp();
        for (k, p) in [
            (0, e_inverse),
            (1, e_inverse),
            (2, e_inverse / 2.0),
            (3, e_inverse / 6.0),
        ] {
            assert!((share(k) - p).abs() < 0.003, "P({k}) {} vs {p}", share(k));
        }
        let mut draws = draws.into_iter();
        let (mean, variance) = moments(n, || f64::from(draws.next().unwrap()));
        assert!(
            (mean - 1.0).abs() < 0.01 && (variance - 1.0).abs() < 0.02,
            "{mean} {variance}"
        );
    }

    #[test]
    fn beta_draws_have_the_beta_mean_and_variance() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(2);
        for (a, b) in [(2.0, 2.0), (2.5, 40.0), (31.0, 3.5), (1.0, 7.0), (0.3, 5.0)] {
            let (mean, variance) = moments(200_000, || beta(&mut rng, a, b));
            let want_mean = a / (a + b);
            let want_variance = a * b / ((a + b) * (a + b) * (a + b + 1.0));
            assert!(
                (mean - want_mean).abs() < 0.003,
                "Beta({a}, {b}) mean {mean}"
            );
            assert!(
                (variance / want_variance - 1.0).abs() < 0.03,
                "Beta({a}, {b}) variance {variance} vs {want_variance}"
            );
        }
    }

    #[test]
    fn the_same_key_gives_the_same_interval() {
        let params = StanceParams::default();
        assert_eq!(
            stance(&params, &hostile(2), "x"),
            stance(&params, &hostile(2), "x")
        );
    }
}
