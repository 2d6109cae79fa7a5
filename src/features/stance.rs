//! The stance of a document toward Turkey's role, with an interval (issue 4).
//!
//! Each match contributes valence x side x weight x voice weight and brings evidence mass
//! weight x |voice weight|. The score is the contributions over the mass plus `prior`
//! neutral pseudo-matches: a document with little evidence stays near 0. The interval
//! comes from a bootstrap over sentences; each resample then draws from the Beta
//! distribution its evidence implies (positive and negative mass, neutral mass split
//! evenly, `prior`/2 on each side), so thin evidence gives a wide interval. The bootstrap
//! is seeded by the evidence itself, so documents with the same evidence get the same
//! interval, and each worker bootstraps a given evidence once ([`Intervals`]).
//!
//! The bootstrap runs for every document, so its draws are made cheap without changing
//! the model they sample. Sentences go one group at a time over all resamples
//! ([`resample`]): sentences with the same evidence share one Poisson draw, and a Poisson
//! draw inverts half a 64-bit uniform, mostly by one table lookup and one comparison
//! ([`PoissonTable`]). A Beta draw is a ratio of two gamma draws ([`beta_draws`]), whose
//! first tries are made in one loop without calls ([`settled`], [`Ziggurat`]). Intervals are
//! the same Monte-Carlo estimates as those of a plain bootstrap (resample by resample,
//! with `rand_distr`'s samplers; see the test `intervals_agree_with_the_plain_bootstrap`),
//! though not the same numbers.

use std::cell::RefCell;
use std::sync::LazyLock;

use rand::{Rng, SeedableRng};
use rand_distr::{Beta, Distribution, Open01};
use rand_xoshiro::Xoshiro256PlusPlus;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::fingerprint::fnv1a;

/// Resamples beyond which the intervals would not move but every document would take
/// seconds.
const MAX_RESAMPLES: usize = 100_000;

/// Checked stance parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StanceParams {
    prior: f64,
    resamples: usize,
    seed: u64,
}

impl StanceParams {
    /// `prior` > 0 neutral pseudo-matches, 100 to [`MAX_RESAMPLES`] bootstrap draws.
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
        if resamples > MAX_RESAMPLES {
            return Err(format!(
                "the bootstrap takes at most {MAX_RESAMPLES} resamples (every document draws \
                 them all), found {resamples}"
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

    /// The same parameters with another (checked) prior.
    pub fn with_prior(self, prior: f64) -> Result<StanceParams, String> {
        StanceParams::new(prior, self.resamples, self.seed)
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
    fn split(&self) -> [f64; 2] {
        let neutral = (self.mass - self.positive - self.negative).max(0.0) / 2.0;
        [self.positive + neutral, self.negative + neutral]
    }
}

/// Scores a document from the evidence of its sentences that have matches.
pub fn stance(params: &StanceParams, evidence: &[SentenceEvidence]) -> Stance {
    let total = evidence
        .iter()
        .fold(SentenceEvidence::default(), |a, e| SentenceEvidence {
            positive: a.positive + e.positive,
            negative: a.negative + e.negative,
            mass: a.mass + e.mass,
        });
    let score = (total.positive - total.negative) / (total.mass + params.prior);
    let splits = grouped_splits(evidence);
    let (low, high) = INTERVALS.with(|intervals| intervals.borrow_mut().of(params, splits));
    Stance {
        score,
        low: low.min(score),
        high: high.max(score),
    }
}

/// Intervals this worker has bootstrapped, by the evidence they came from. An interval
/// depends on its evidence alone (the bootstrap is seeded by it), and evidence repeats:
/// a third of the benchmark's short documents have none, and one hostile sentence is the
/// next most common. On a million of them the bootstrap was a third of the scoring time.
#[derive(Default)]
struct Intervals {
    params: Option<StanceParams>,
    known: FxHashMap<Box<[GroupedSplit]>, (f64, f64)>,
    masses: Vec<[f64; 2]>,
    draws: Vec<f64>,
}

/// Distinct evidence whose intervals a worker keeps before it starts afresh.
const INTERVALS_LIMIT: usize = 16_384;

/// Evidence of more distinct splits than this seldom repeats (it comes from long
/// documents), so its interval is not kept: at most about 4 MB are kept a worker.
const KEPT_SPLITS: usize = 8;

thread_local! {
    static INTERVALS: RefCell<Intervals> = RefCell::new(Intervals::default());
}

impl Intervals {
    /// The interval for sentences with the grouped `splits`, bootstrapped unless known.
    fn of(&mut self, params: &StanceParams, splits: Vec<GroupedSplit>) -> (f64, f64) {
        if self.params != Some(*params) || self.known.len() >= INTERVALS_LIMIT {
            self.params = Some(*params);
            self.known.clear();
        }
        if let Some(&interval) = self.known.get(splits.as_slice()) {
            return interval;
        }
        let interval = self.bootstrap(params, &splits);
        if splits.len() <= KEPT_SPLITS {
            self.known.insert(splits.into(), interval);
        }
        interval
    }

    /// The 95% interval of the bootstrap, seeded by `params` and the evidence, so that the
    /// same evidence always gives the same interval, in any document, run or worker.
    fn bootstrap(&mut self, params: &StanceParams, splits: &[GroupedSplit]) -> (f64, f64) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed ^ fingerprint(splits));
        self.masses.clear();
        self.masses.resize(params.resamples, [0.0; 2]);
        for &(split, sentences) in splits {
            for start in (0..sentences).step_by(GROUP_MAX) {
                let group = (sentences - start).min(GROUP_MAX);
                resample(&mut rng, split.map(f64::from_bits), group, &mut self.masses);
            }
        }
        self.draws.resize(params.resamples, 0.0);
        beta_draws(
            &mut rng,
            params.prior / 2.0,
            &mut self.masses,
            &mut self.draws,
        );
        let (low, high) = quantiles(&mut self.draws, 0.025, 0.975);
        (2.0 * low - 1.0, 2.0 * high - 1.0)
    }
}

/// A stable hash of grouped splits, to seed their bootstrap.
fn fingerprint(splits: &[GroupedSplit]) -> u64 {
    let bytes: Vec<u8> = splits
        .iter()
        .flat_map(|(split, sentences)| {
            [split[0], split[1], *sentences as u64].map(u64::to_le_bytes)
        })
        .flatten()
        .collect();
    fnv1a(bytes)
}

/// The `low` and `high` quantiles of `draws` (low < high), as they would stand in sorted
/// order; selecting them costs a fraction of sorting 1,000 draws for every document.
/// The draws are Beta draws, in [0, 1], where the bits of a float order as the float
/// does, so they are compared as integers (and mapped to [-1, 1] after, which keeps
/// their order).
fn quantiles(draws: &mut [f64], low: f64, high: f64) -> (f64, f64) {
    let at = |q: f64| ((q * draws.len() as f64) as usize).min(draws.len() - 1);
    let (low, high) = (at(low), at(high));
    let (_, &mut high_value, _) = draws.select_nth_unstable_by_key(high, |d| d.to_bits());
    let (_, &mut low_value, _) = draws[..high].select_nth_unstable_by_key(low, |d| d.to_bits());
    (low_value, high_value)
}

/// The mass for and against of some sentences ([`SentenceEvidence::split`]), as the bits
/// of the two numbers (to be hashed and compared exactly), and how many sentences have it.
type GroupedSplit = ([u64; 2], usize);

/// The sentences' splits, each with how many sentences have it, in a fixed order.
fn grouped_splits(evidence: &[SentenceEvidence]) -> Vec<GroupedSplit> {
    let mut splits: Vec<[f64; 2]> = evidence.iter().map(SentenceEvidence::split).collect();
    splits.sort_unstable_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    splits
        .chunk_by(|a, b| a == b)
        .map(|same| (same[0].map(f64::to_bits), same.len()))
        .collect()
}

/// Adds `sentences` (at most [`GROUP_MAX`]) sentences with the same mass for and against
/// (`split`) to every resample's mass for and against (`masses`). A Poisson bootstrap:
/// each sentence is drawn Poisson(1) times in each resample, the large-sample equivalent
/// of drawing `n` of `n` sentences with replacement (Hanley & MacGibbon 2006); sentences
/// without matches add nothing, so only those with evidence need draws, and sentences
/// that add the same masses need one draw together, as the sum of `m` independent
/// Poisson(1) draws is a Poisson(`m`) draw (31% fewer draws on a news corpus). A group
/// goes over all resamples at once, so their sums are independent work rather than one
/// chain of additions; two draws share a 64-bit uniform.
fn resample(rng: &mut impl Rng, split: [f64; 2], sentences: usize, masses: &mut [[f64; 2]]) {
    let table = &POISSON_TABLES[sentences - 1];
    let [for_, against] = split;
    let steps: [[f64; 2]; POISSON_LEN] =
        std::array::from_fn(|times| [times as f64 * for_, times as f64 * against]);
    let add = |mass: &mut [f64; 2], times: usize| {
        mass[0] += steps[times][0];
        mass[1] += steps[times][1];
    };
    let mut pairs = masses.chunks_exact_mut(2);
    for pair in &mut pairs {
        let u = rng.next_u64();
        add(&mut pair[0], table.draw(u as u32));
        add(&mut pair[1], table.draw((u >> 32) as u32));
    }
    if let [last] = pairs.into_remainder() {
        add(last, table.draw(rng.next_u32()));
    }
}

/// One Beta(`half` + p, `half` + q) draw into `draws` for each resample's masses [p, q]
/// in `masses` (which it overwrites). A Beta draw is X / (X + Y) for independent
/// X ~ Gamma(`half` + p) and Y ~ Gamma(`half` + q), an exact identity; the gamma draws
/// take Marsaglia and Tsang's method (2000), the one `rand_distr::Gamma` uses, where
/// `rand_distr::Beta` (Cheng's algorithm) takes a logarithm and an exponential on every
/// try. Every gamma draw makes its first try in one loop without calls, and the few that
/// need more (about 3 in 100) finish after it. Below a shape of 1 both gamma draws can
/// underflow to 0 together, so such shapes (a prior under 2) are left to
/// `rand_distr::Beta`.
fn beta_draws(rng: &mut impl Rng, half: f64, masses: &mut [[f64; 2]], draws: &mut [f64]) {
    if half < 1.0 {
        for (draw, &[p, q]) in draws.iter_mut().zip(&*masses) {
            *draw = Beta::new(half + p, half + q)
                .expect("Beta parameters are positive")
                .sample(rng);
        }
        return;
    }
    let gammas = masses.as_flattened_mut();
    // Each shape's d = shape - 1/3 (in place) and c = 1 / sqrt(9 d), in a loop the
    // compiler vectorises.
    let mut scales = vec![0.0; gammas.len()];
    for (d, c) in gammas.iter_mut().zip(&mut scales) {
        *d += half - 1.0 / 3.0;
        *c = 1.0 / (9.0 * *d).sqrt();
    }
    let normal = &*ZIGGURAT;
    let mut pending = Vec::with_capacity(gammas.len() / 16);
    for (i, (gamma, &c)) in gammas.iter_mut().zip(&scales).enumerate() {
        let (bits, u) = (rng.next_u64(), rng.sample(Open01));
        match settled(normal, *gamma, c, bits, u) {
            Some(draw) => *gamma = draw,
            None => pending.push((i, bits, u)),
        }
    }
    for (i, bits, u) in pending {
        gammas[i] = finish(rng, normal, gammas[i], scales[i], bits, u);
    }
    for (draw, &[x, y]) in draws.iter_mut().zip(&*masses) {
        *draw = x / (x + y);
    }
}

/// A Gamma(d + 1/3, 1) draw (d + 1/3 >= 1) by Marsaglia and Tsang's method, if its first
/// try needs no rare step: a standard normal draw x (from 64 random `bits`, inside the
/// ziggurat's rectangles) and a uniform `u` give d (1 + c x)^3, c = 1 / sqrt(9 d), kept
/// as `u` passes the squeeze of [`squeezed`].
#[inline(always)]
fn settled(normal: &Ziggurat, d: f64, c: f64, bits: u64, u: f64) -> Option<f64> {
    let x = normal.inner(bits)?;
    let y = c * x;
    squeezed(x, y, u).then(|| {
        let v = 1.0 + y;
        d * v * v * v
    })
}

/// Whether (x, y = c x, u) passes a test without logarithms that implies the full one.
/// Marsaglia and Tsang accept when ln u < h = x^2/2 + d (1 - v + ln v), v = (1 + y)^3.
/// As d (9/2) y^2 = x^2/2 and d y^4 = x^4 / (81 d), h = d g(y) - x^4 / (108 d) with
/// g(y) = 1 - (1 + y)^3 + 3 ln(1 + y) + (9/2) y^2 + (3/4) y^4, and g'(y) = 3 y^4 / (1 + y).
/// So g is at least 0 for y >= 0, and at least -(3/5) |y|^5 / (1 + y), so at least
/// -(6/5) |y|^5, for -1/2 <= y < 0: d g(y) is at least -(4/5) x^4 / (108 d). Hence for
/// y >= -1/2, h is at least -x^4 / (60 d) = -0.15 y^2 x^2, and as e^h is at least
/// 1 + h, u < 1 - 0.15 y^2 x^2 passes. About 3 / (60 d) of tries fail this test, where
/// Marsaglia and Tsang's own (u < 1 - 0.0331 x^4, made for any d from 2/3) fails 1 in 10.
#[inline(always)]
fn squeezed(x: f64, y: f64, u: f64) -> bool {
    (y >= -0.5) & (u < 1.0 - 0.15 * y * y * x * x)
}

/// The Gamma(d + 1/3, 1) draw from a first try (`bits`, `u`) that [`settled`] could not
/// settle: its normal draw finished, Marsaglia and Tsang's full test, and fresh tries
/// until one passes.
fn finish(rng: &mut impl Rng, normal: &Ziggurat, d: f64, c: f64, mut bits: u64, mut u: f64) -> f64 {
    loop {
        let x = normal.finish(rng, bits);
        let y = c * x;
        if y > -1.0 {
            let v = (1.0 + y) * (1.0 + y) * (1.0 + y);
            if squeezed(x, y, u) || u.ln() < 0.5 * x * x + d * (1.0 - v + v.ln()) {
                return d * v;
            }
        }
        bits = rng.next_u64();
        u = rng.sample(Open01);
    }
}

/// Standard normal draws by the ziggurat method (Marsaglia and Tsang 2000) with 256
/// layers, as `rand_distr::StandardNormal` draws them (its tables and steps, draw for
/// draw), split so that the common case can stay inside the gamma loop
/// ([`Ziggurat::inner`]); the library's sampler is a call for every draw.
struct Ziggurat {
    /// The layers' right edges, from the base layer's (as wide as its area over its
    /// height, `x[0]`, then `R`) up to the top's (0).
    x: [f64; 257],
    /// The density, exp(-x^2 / 2), at each edge.
    f: [f64; 257],
}

static ZIGGURAT: LazyLock<Ziggurat> = LazyLock::new(Ziggurat::new);

impl Ziggurat {
    /// The base layer's right edge, where the tail begins.
    const R: f64 = 3.654_152_885_361_009;
    /// The area of each layer.
    const V: f64 = 0.004_928_673_233_99;

    /// The layers, each edge from the one below, as `rand_distr`'s tables were made
    /// (Doornik 2005).
    fn new() -> Ziggurat {
        let density = |x: f64| (-0.5 * x * x).exp();
        let mut x = [0.0; 257];
        x[0] = Self::V / density(Self::R);
        x[1] = Self::R;
        for i in 2..256 {
            x[i] = (-2.0 * (Self::V / x[i - 1] + density(x[i - 1])).ln()).sqrt();
        }
        Ziggurat {
            x,
            f: x.map(density),
        }
    }

    /// The draw of 64 random bits if it lies inside the ziggurat's rectangles (99% of
    /// them).
    #[inline(always)]
    fn inner(&self, bits: u64) -> Option<f64> {
        let (layer, _, x) = self.point(bits);
        (x.abs() < self.x[layer + 1]).then_some(x)
    }

    /// The layer (the low 8 bits), the point across it in [-1, 1) (the top 52) and the
    /// draw that 64 random bits point to.
    #[inline(always)]
    fn point(&self, bits: u64) -> (usize, f64, f64) {
        let layer = (bits & 0xff) as usize;
        let across = f64::from_bits(0x4000_0000_0000_0000 | bits >> 12) - 3.0;
        (layer, across, across * self.x[layer])
    }

    /// A draw, starting from 64 random bits: kept inside the rectangles, drawn from the
    /// tail in the base layer, kept under the density in a layer's wedge, else redrawn.
    fn finish(&self, rng: &mut impl Rng, mut bits: u64) -> f64 {
        loop {
            let (layer, across, x) = self.point(bits);
            if x.abs() < self.x[layer + 1] {
                return x;
            }
            if layer == 0 {
                return Self::tail(rng, across);
            }
            let height = self.f[layer + 1] + (self.f[layer] - self.f[layer + 1]) * rng.gen::<f64>();
            if height < (-0.5 * x * x).exp() {
                return x;
            }
            bits = rng.next_u64();
        }
    }

    /// A draw beyond `R`, on the side of `across`'s sign (Marsaglia 1964).
    fn tail(rng: &mut impl Rng, across: f64) -> f64 {
        loop {
            let x = rng.sample::<f64, _>(Open01).ln() / Self::R;
            let y = rng.sample::<f64, _>(Open01).ln();
            if -2.0 * y >= x * x {
                return if across < 0.0 {
                    x - Self::R
                } else {
                    Self::R - x
                };
            }
        }
    }
}

/// Most sentences with the same split that one Poisson draw stands for; larger groups
/// (1 in 100 in a news corpus) take several draws.
const GROUP_MAX: usize = 8;

/// Draws a [`PoissonTable`] can give, 0 to 63: P(X > 32) is 3e-11 for X ~ Poisson(8),
/// below the 2^-32 steps of a 32-bit uniform, and a power of two lets a mask stand for
/// a bounds check where draws index a table.
const POISSON_LEN: usize = 64;

/// Bits of the uniform that index [`PoissonTable::guide`].
const GUIDE_BITS: u32 = 8;

/// Marks a [`PoissonTable::guide`] entry whose range of uniforms holds more than one
/// cumulative probability.
const COUNT_ON: u8 = 0x80;

/// Poisson(m) draws by inversion of a 32-bit uniform.
struct PoissonTable {
    /// P(X <= k) for X ~ Poisson(m), summed term by term as e^-m m^k / k!, as fractions
    /// of 2^32 rounded down; the last is 1 (`u32::MAX`, which no uniform exceeds). The
    /// rounding moves each P(X = k) by under 2^-32 (2.3e-10), so a draw differs from an
    /// exact Poisson draw with probability under 2e-8, and all of a document's 10^4 or so
    /// draws match exact ones but for a chance under 2e-4: far below the Monte-Carlo
    /// noise of an interval.
    cdf: [u32; POISSON_LEN],
    /// Where to look, by the top [`GUIDE_BITS`] of the uniform. The ranges are 1/256 wide,
    /// so all but a few hold at most one cumulative probability.
    guide: [Guide; 1 << GUIDE_BITS],
}

/// The draws of a range of uniforms.
#[derive(Clone, Copy)]
struct Guide {
    /// The draw of the range's smallest uniform, plus [`COUNT_ON`] if the range holds more
    /// than one cumulative probability.
    start: u8,
    /// The cumulative probability in the range (`u32::MAX` if none): uniforms above it
    /// draw one more.
    step: u32,
}

/// The Poisson(m) tables for m = 1 to [`GROUP_MAX`].
static POISSON_TABLES: [PoissonTable; GROUP_MAX] = {
    let mut tables = [const {
        PoissonTable {
            cdf: [0; POISSON_LEN],
            guide: [Guide { start: 0, step: 0 }; 1 << GUIDE_BITS],
        }
    }; GROUP_MAX];
    let mut m = 1;
    while m <= GROUP_MAX {
        tables[m - 1] = PoissonTable::new(m);
        m += 1;
    }
    tables
};

impl PoissonTable {
    const fn new(mean: usize) -> PoissonTable {
        const E_INVERSE: f64 = 0.367_879_441_171_442_3;
        const TWO_TO_32: f64 = 4_294_967_296.0;
        let mut term = 1.0;
        let mut k = 0;
        while k < mean {
            term *= E_INVERSE;
            k += 1;
        }
        let mut cdf = [0; POISSON_LEN];
        let mut sum = term;
        cdf[0] = (sum * TWO_TO_32) as u32;
        let mut k = 1;
        while k < POISSON_LEN {
            term *= mean as f64 / k as f64;
            sum += term;
            cdf[k] = (sum * TWO_TO_32) as u32;
            k += 1;
        }
        cdf[POISSON_LEN - 1] = u32::MAX;
        let mut guide = [Guide { start: 0, step: 0 }; 1 << GUIDE_BITS];
        let mut i = 0;
        while i < guide.len() {
            let first = (i as u32) << (32 - GUIDE_BITS);
            let last = first | (u32::MAX >> GUIDE_BITS);
            let start = count_from(&cdf, first, 0);
            guide[i] = match count_from(&cdf, last, start) - start {
                0 => Guide {
                    start,
                    step: u32::MAX,
                },
                1 => Guide {
                    start,
                    step: cdf[start as usize],
                },
                _ => Guide {
                    start: start | COUNT_ON,
                    step: u32::MAX,
                },
            };
            i += 1;
        }
        PoissonTable { cdf, guide }
    }

    /// The draw of a 32-bit uniform `u`: how many cumulative probabilities it exceeds,
    /// decided by one comparison without a branch where the guide allows.
    fn draw(&self, u: u32) -> usize {
        let guide = self.guide[(u >> (32 - GUIDE_BITS)) as usize];
        let draw = if guide.start < COUNT_ON {
            guide.start + u8::from(u > guide.step)
        } else {
            count_from(&self.cdf, u, guide.start - COUNT_ON)
        };
        usize::from(draw) & (POISSON_LEN - 1)
    }
}

/// How many of the cumulative probabilities `cdf` uniform `u` exceeds, counting up from
/// `at_least`.
const fn count_from(cdf: &[u32; POISSON_LEN], u: u32, at_least: u8) -> u8 {
    let mut draw = at_least;
    while u > cdf[draw as usize] {
        draw += 1;
    }
    draw
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngCore;

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
        let s = stance(&StanceParams::default(), &[]);
        assert_eq!(s.score, 0.0);
        assert!(s.low < -0.5 && s.high > 0.5, "{s:?}");
    }

    #[test]
    fn more_evidence_moves_the_score_and_narrows_the_interval() {
        let params = StanceParams::default();
        let thin = stance(&params, &hostile(1));
        let thick = stance(&params, &hostile(30));
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
    fn the_guides_never_skip_a_poisson_draw() {
        for table in &POISSON_TABLES {
            let edges = table
                .cdf
                .iter()
                .flat_map(|&c| [c.saturating_sub(1), c, c.saturating_add(1)]);
            let ranges = (0..1u32 << GUIDE_BITS).flat_map(|i| {
                let first = i << (32 - GUIDE_BITS);
                [first, first | (u32::MAX >> GUIDE_BITS)]
            });
            for u in edges.chain(ranges) {
                let counted = usize::from(count_from(&table.cdf, u, 0));
                assert_eq!(table.draw(u), counted, "{u}");
            }
        }
    }

    #[test]
    fn poisson_draws_have_the_poisson_distribution() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let n = 400_000;
        for m in [1, 3, 8] {
            let table = &POISSON_TABLES[m - 1];
            let draws: Vec<usize> = (0..n).map(|_| table.draw(rng.gen())).collect();
            let share = |k| draws.iter().filter(|&&d| d == k).count() as f64 / n as f64;
            let mean = m as f64;
            let mut p = (-mean).exp();
            for k in 0..=(m + 3) {
                assert!(
                    (share(k) - p).abs() < 0.003,
                    "Poisson({m}): P({k}) {} vs {p}",
                    share(k)
                );
                p *= mean / (k + 1) as f64;
            }
            let mut draws = draws.into_iter();
            let (mean_drawn, variance) = moments(n, || draws.next().unwrap() as f64);
            assert!(
                (mean_drawn / mean - 1.0).abs() < 0.01 && (variance / mean - 1.0).abs() < 0.02,
                "Poisson({m}): {mean_drawn} {variance}"
            );
        }
    }

    #[test]
    fn identical_splits_are_counted_together() {
        let e = |positive, negative, mass| SentenceEvidence {
            positive,
            negative,
            mass,
        };
        let evidence = [e(0.0, 1.0, 1.0), e(0.5, 0.0, 1.0), e(0.0, 1.0, 1.0)];
        assert_eq!(
            grouped_splits(&evidence),
            vec![
                ([0.0, 1.0].map(f64::to_bits), 2),
                ([0.75, 0.25].map(f64::to_bits), 1)
            ]
        );
    }

    #[test]
    fn beta_draws_have_the_beta_mean_and_variance() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(2);
        let n = 200_000;
        for (a, b) in [(2.0, 2.0), (2.5, 40.0), (31.0, 3.5), (1.0, 7.0), (0.3, 5.0)] {
            // Shapes `half` + p and `half` + q, with `half` the smaller one.
            let half = f64::min(a, b);
            let mut masses = vec![[a - half, b - half]; n];
            let mut draws = vec![0.0; n];
            beta_draws(&mut rng, half, &mut masses, &mut draws);
            let mut draws = draws.into_iter();
            let (mean, variance) = moments(n, || draws.next().unwrap());
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
    fn the_ziggurat_draws_as_rand_distr_does() {
        let mut ours = Xoshiro256PlusPlus::seed_from_u64(3);
        let mut theirs = ours.clone();
        for _ in 0..200_000 {
            let bits = ours.next_u64();
            let draw = ZIGGURAT.finish(&mut ours, bits);
            let want: f64 = theirs.sample(rand_distr::StandardNormal);
            assert_eq!(draw, want);
            if let Some(inner) = ZIGGURAT.inner(bits) {
                assert_eq!(inner, draw);
            }
        }
    }

    #[test]
    fn the_squeeze_implies_the_full_test() {
        for shape in [1.0, 1.5, 2.0, 2.75, 6.0, 40.0, 1e4] {
            let d: f64 = shape - 1.0 / 3.0;
            let c = 1.0 / (9.0 * d).sqrt();
            for i in 0..=40_000 {
                let y = -0.5 + f64::from(i) * 1e-4;
                let x = y / c;
                let v = (1.0 + y).powi(3);
                let h = 0.5 * x * x + d * (1.0 - v + v.ln());
                let squeeze = 1.0 - 0.15 * y * y * x * x;
                assert!(squeeze <= h.exp() * (1.0 + 1e-12), "shape {shape}, x {x}");
                assert!(squeezed(x, y, squeeze - 1e-9) || squeeze <= 0.0);
            }
            assert!(!squeezed(-0.51 / c, -0.51, 0.0));
        }
    }

    #[test]
    fn gamma_draws_have_the_gamma_mean_and_variance() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
        let n = 200_000;
        for shape in [1.0, 2.0, 5.5, 40.0] {
            let d: f64 = shape - 1.0 / 3.0;
            let c = 1.0 / (9.0 * d).sqrt();
            let (mean, variance) = moments(n, || {
                let (bits, u) = (rng.next_u64(), rng.sample(Open01));
                settled(&ZIGGURAT, d, c, bits, u)
                    .unwrap_or_else(|| finish(&mut rng, &ZIGGURAT, d, c, bits, u))
            });
            assert!(
                (mean / shape - 1.0).abs() < 0.01 && (variance / shape - 1.0).abs() < 0.03,
                "Gamma({shape}): mean {mean}, variance {variance}"
            );
        }
    }

    #[test]
    fn the_same_evidence_gives_the_same_interval_in_any_order() {
        let params = StanceParams::default();
        let mut mixed = hostile(3);
        mixed.insert(
            1,
            SentenceEvidence {
                positive: 0.5,
                negative: 0.0,
                mass: 1.0,
            },
        );
        let reversed: Vec<SentenceEvidence> = mixed.iter().rev().copied().collect();
        let fresh = std::thread::spawn(move || stance(&params, &reversed))
            .join()
            .unwrap();
        assert_eq!(
            stance(&params, &mixed),
            fresh,
            "another worker, another order"
        );
        let other_seed = StanceParams::new(params.prior, params.resamples, 1).unwrap();
        assert_ne!(stance(&params, &mixed), stance(&other_seed, &mixed));
    }

    /// The bootstrap as first written, for comparison: resample by resample, a Poisson(1)
    /// draw for every sentence by inversion of a 53-bit uniform, `rand_distr::Beta`, and
    /// the quantiles of the sorted draws.
    fn plain_stance(params: &StanceParams, evidence: &[SentenceEvidence]) -> Stance {
        let score = stance(params, evidence).score;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed ^ 1);
        let splits: Vec<[f64; 2]> = evidence.iter().map(SentenceEvidence::split).collect();
        let half = params.prior / 2.0;
        let mut poisson = || {
            let u: f64 = rng.gen();
            let (mut k, mut term) = (0, (-1.0f64).exp());
            let mut cdf = term;
            while u > cdf {
                k += 1;
                term /= f64::from(k);
                cdf += term;
            }
            f64::from(k)
        };
        let mut resamples = Vec::new();
        for _ in 0..params.resamples {
            let (mut p, mut q) = (0.0, 0.0);
            for [for_, against] in &splits {
                let times = poisson();
                p += times * for_;
                q += times * against;
            }
            resamples.push((p, q));
        }
        let mut draws: Vec<f64> = resamples
            .into_iter()
            .map(|(p, q)| 2.0 * Beta::new(half + p, half + q).unwrap().sample(&mut rng) - 1.0)
            .collect();
        draws.sort_by(f64::total_cmp);
        let at = |q: f64| draws[(q * draws.len() as f64) as usize];
        Stance {
            score,
            low: at(0.025).min(score),
            high: at(0.975).max(score),
        }
    }

    #[test]
    fn intervals_agree_with_the_plain_bootstrap() {
        let e = |positive, negative, mass| SentenceEvidence {
            positive,
            negative,
            mass,
        };
        let five = [
            e(0.0, 1.0, 1.0),
            e(0.0, 1.0, 1.0),
            e(0.0, 1.0, 1.0),
            e(0.6, 0.0, 1.2),
            e(0.0, 0.3, 0.3),
        ];
        let forty: Vec<SentenceEvidence> = (0..40)
            .map(|i| match i % 4 {
                0 | 1 => e(0.0, 1.0, 1.0),
                2 => e(0.0, 0.0, 0.5),
                _ => e(0.1 * f64::from(i % 7), 0.0, 1.0),
            })
            .collect();
        let seeds: Vec<StanceParams> = (0..32)
            .map(|seed| StanceParams::new(4.0, 1000, seed).unwrap())
            .collect();
        for evidence in [&[][..], &hostile(1), &five, &forty] {
            let mean = |f: &dyn Fn(&StanceParams) -> Stance| {
                let (low, high) = seeds.iter().fold((0.0, 0.0), |(low, high), params| {
                    let s = f(params);
                    (low + s.low, high + s.high)
                });
                (low / seeds.len() as f64, high / seeds.len() as f64)
            };
            let (low, high) = mean(&|params| stance(params, evidence));
            let (plain_low, plain_high) = mean(&|params| plain_stance(params, evidence));
            // A quantile of 1,000 draws varies by about 2% of the interval's width; the
            // means over 32 seeds by about 0.4%.
            let tolerance = 0.03 * (plain_high - plain_low);
            assert!(
                (low - plain_low).abs() < tolerance && (high - plain_high).abs() < tolerance,
                "{} sentences: [{low}, {high}] vs [{plain_low}, {plain_high}]",
                evidence.len()
            );
        }
    }

    #[test]
    fn odd_resample_counts_and_small_priors_give_intervals() {
        for params in [
            StanceParams::new(4.0, 101, 7).unwrap(),
            StanceParams::new(1.0, 1000, 7).unwrap(),
        ] {
            let s = stance(&params, &hostile(5));
            assert!(
                s.low.is_finite() && s.low < s.high && s.low <= s.score && s.score <= s.high,
                "{params:?} {s:?}"
            );
        }
    }
}
