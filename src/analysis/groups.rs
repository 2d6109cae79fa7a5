//! Comparison of groups of documents (`--group-by outlet` by default): each group's mean
//! stance with an interval of the mean (Student's t for small groups, a bootstrap, a normal
//! one for large groups), its mean
//! frame profile, its cluster composition, and its stance month by month when the
//! documents are dated.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Serialize;
use unicode_normalization::{is_nfkc, UnicodeNormalization};

use super::Rates;
use crate::fingerprint::fnv1a;
use crate::text::{is_format_char, TATWEEL};

/// Bootstrap resamples for the interval of a group's mean.
const RESAMPLES: usize = 1000;
/// The name of the group of documents without a value in the grouping column.
pub const NO_VALUE: &str = "(none)";

/// One group of documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub name: String,
    /// Document indices.
    pub members: Vec<usize>,
    /// Mean stance and the 95% bootstrap interval of the mean.
    pub mean: f64,
    pub low: f64,
    pub high: f64,
    /// Mean weighted matches per 1000 words, per frame.
    pub profile: Vec<f64>,
    /// Documents in each cluster (empty when clustering was skipped).
    pub clusters: Vec<usize>,
}

/// One point of the timeline: a group's mean stance in a month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthPoint {
    pub group: usize,
    /// `YYYY-MM`.
    pub month: String,
    pub mean: f64,
    pub documents: usize,
}

/// Groups of a corpus by one metadata column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grouping {
    pub column: String,
    pub groups: Vec<Group>,
    pub timeline: Vec<MonthPoint>,
}

/// What grouping needs to know of each document.
#[derive(Debug, Clone, Copy)]
pub struct GroupInput<'a> {
    /// The document's value in the grouping column.
    pub key: &'a str,
    /// `YYYY-MM`, when dated.
    pub month: Option<&'a str>,
    pub stance: f64,
    pub cluster: Option<usize>,
}

/// The documents to group, each read when needed: a corpus of a million documents
/// should not be copied into a list first.
pub trait GroupInputs {
    /// The number of documents.
    fn documents(&self) -> usize;
    fn input(&self, i: usize) -> GroupInput<'_>;
    /// Document `i`'s own 95% stance interval, asked for the members of small groups only.
    fn interval(&self, i: usize) -> (f64, f64);
}

impl GroupInputs for [GroupInput<'_>] {
    fn documents(&self) -> usize {
        self.len()
    }

    fn input(&self, i: usize) -> GroupInput<'_> {
        self[i]
    }

    fn interval(&self, i: usize) -> (f64, f64) {
        (self[i].stance, self[i].stance)
    }
}

/// Groups documents by `column`, largest group first (then by name); `rates` are their
/// weighted matches per 1000 words, per frame.
pub fn group(
    column: &str,
    docs: &(impl GroupInputs + ?Sized),
    rates: &impl Rates,
    k: usize,
    seed: u64,
) -> Grouping {
    // None, the documents without a value, sorts before every value.
    let key = |i: usize| group_key(docs.input(i).key);
    // Counted first, so that each group's list of members is allocated once at its size
    // rather than doubled as it fills (a million documents' members take 8 MB: issue 6).
    let mut sizes: BTreeMap<Option<Cow<str>>, usize> = BTreeMap::new();
    for i in 0..docs.documents() {
        *sizes.entry(key(i)).or_default() += 1;
    }
    let mut by_key: BTreeMap<Option<Cow<str>>, Vec<usize>> = sizes
        .into_iter()
        .map(|(key, size)| (key, Vec::with_capacity(size)))
        .collect();
    for i in 0..docs.documents() {
        by_key.get_mut(&key(i)).expect("counted above").push(i);
    }
    let mut groups: Vec<Group> = by_key
        .into_iter()
        .map(|(key, members)| summarise(&group_name(key.as_deref()), members, docs, rates, k, seed))
        .collect();
    groups.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then(a.name.cmp(&b.name))
    });
    let timeline = timeline(&groups, docs);
    Grouping {
        column: column.to_string(),
        groups,
        timeline,
    }
}

/// The value a document is grouped by, None when it has none. Values that print alike
/// are one group: a direction mark copied from a web page, a tatweel or Arabic
/// presentation forms (ﺍﻟﺠﺰﻳﺮﺓ from a PDF) must not split an outlet into groups that look
/// the same in every table.
fn group_key(value: &str) -> Option<Cow<'_, str>> {
    let value = value.trim();
    let is_noise = |c: char| is_format_char(c) || c == TATWEEL;
    let key = match value.chars().any(is_noise) || !is_nfkc(value) {
        false => Cow::Borrowed(value),
        true => Cow::Owned(
            value
                .nfkc()
                .filter(|&c| !is_noise(c))
                .collect::<String>()
                .trim()
                .to_string(),
        ),
    };
    Some(key).filter(|key| !key.is_empty())
}

/// A group's name: its value, or [`NO_VALUE`] for the documents without one. A value
/// that is literally `(none)` is shown in quotes, so that it is not taken for them.
fn group_name(key: Option<&str>) -> String {
    match key {
        None => NO_VALUE.to_string(),
        Some(NO_VALUE) => format!("\"{NO_VALUE}\""),
        Some(value) => value.to_string(),
    }
}

fn summarise(
    name: &str,
    members: Vec<usize>,
    docs: &(impl GroupInputs + ?Sized),
    rates: &impl Rates,
    k: usize,
    seed: u64,
) -> Group {
    let stances: Vec<f64> = members.iter().map(|&i| docs.input(i).stance).collect();
    let mean = stances.iter().sum::<f64>() / stances.len() as f64;
    let (low, high) = if members.len() < T_INTERVAL_BELOW {
        let own: Vec<(f64, f64)> = members.iter().map(|&i| docs.interval(i)).collect();
        small_group_interval(&stances, &own)
    } else {
        mean_interval(&stances, seed ^ fnv1a(name))
    };
    let profile = (0..rates.frames())
        .map(|j| members.iter().map(|&i| rates.rate(i, j)).sum::<f64>() / members.len() as f64)
        .collect();
    let mut clusters = vec![0; k];
    for &i in &members {
        if let Some(c) = docs.input(i).cluster {
            clusters[c] += 1;
        }
    }
    Group {
        name: name.to_string(),
        members,
        mean,
        low,
        high,
        profile,
        clusters,
    }
}

/// Groups larger than this get the normal interval of the mean instead of a bootstrap:
/// the bootstrap costs 1,000 draws a document (13 s for a million), and by then the
/// distribution of the mean is normal to within a thousandth of the interval.
pub const BOOTSTRAP_UP_TO: usize = 10_000;

/// Groups smaller than this get Student's t interval of the mean: the percentile
/// bootstrap of a few documents is too narrow (of two, it is the range of their scores).
pub const T_INTERVAL_BELOW: usize = 30;

/// The 0.975 quantile of Student's t distribution for 1 to 29 degrees of freedom.
const T_975: [f64; T_INTERVAL_BELOW - 1] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045,
];

/// 95% interval of the mean of a group under [`T_INTERVAL_BELOW`] documents, with their
/// scores `values` and their `own` intervals: Student's t interval, within the stance's
/// range [-1, 1], whose variance adds each document's own uncertainty (its interval as
/// ±1.96 standard errors) to the spread of the scores, so that a few documents scored
/// alike do not make a certain mean. A single document has none.
fn small_group_interval(values: &[f64], own: &[(f64, f64)]) -> (f64, f64) {
    let n = values.len();
    if n < 2 {
        return (values[0], values[0]);
    }
    let (mean, spread) = mean_and_variance(values);
    let measured = own
        .iter()
        .map(|(low, high)| ((high - low) / (2.0 * 1.96)).powi(2))
        .sum::<f64>()
        / n as f64;
    let half = T_975[n - 2] * ((spread + measured) / n as f64).sqrt();
    ((mean - half).max(-1.0), (mean + half).min(1.0))
}

/// 95% interval of the mean of a larger group: the percentile bootstrap up to
/// [`BOOTSTRAP_UP_TO`] values, and past it the normal interval (mean ± 1.96 standard
/// errors) the bootstrap converges to.
fn mean_interval(values: &[f64], seed: u64) -> (f64, f64) {
    if values.len() > BOOTSTRAP_UP_TO {
        return spread_interval(values);
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let n = values.len();
    let mut means: Vec<f64> = (0..RESAMPLES)
        .map(|_| (0..n).map(|_| values[rng.gen_range(0..n)]).sum::<f64>() / n as f64)
        .collect();
    let mut at = |k: usize| *means.select_nth_unstable_by(k, f64::total_cmp).1;
    (at(RESAMPLES * 25 / 1000), at(RESAMPLES * 975 / 1000 - 1))
}

/// mean ± 1.96 standard errors (sample standard deviation over the square root of n).
fn spread_interval(values: &[f64]) -> (f64, f64) {
    let (mean, variance) = mean_and_variance(values);
    let half = 1.96 * (variance / values.len() as f64).sqrt();
    (mean - half, mean + half)
}

/// The mean of at least two `values` and their sample variance.
fn mean_and_variance(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, variance)
}

fn timeline(groups: &[Group], docs: &(impl GroupInputs + ?Sized)) -> Vec<MonthPoint> {
    let mut points = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        let mut months: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        for &i in &group.members {
            let doc = docs.input(i);
            if let Some(month) = doc.month {
                months.entry(month).or_default().push(doc.stance);
            }
        }
        points.extend(months.into_iter().map(|(month, s)| MonthPoint {
            group: g,
            month: month.to_string(),
            mean: s.iter().sum::<f64>() / s.len() as f64,
            documents: s.len(),
        }));
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(key: &str, stance: f64) -> GroupInput<'_> {
        GroupInput {
            key,
            month: Some("2020-05"),
            stance,
            cluster: Some(0),
        }
    }

    #[test]
    fn groups_hold_their_members_mean_and_an_interval_around_it() {
        let docs = [doc("a", -0.8), doc("a", -0.6), doc("b", 0.5), doc("", 0.0)];
        let rates = ndarray::Array2::from_shape_fn((4, 2), |(_, j)| 1.0 - j as f64);
        let g = group("outlet", &docs[..], &rates, 1, 7);
        let a = g.groups.iter().find(|g| g.name == "a").unwrap();
        assert_eq!(a.members, vec![0, 1]);
        assert!((a.mean + 0.7).abs() < 1e-12);
        // Two documents: Student's t interval, far wider than their two scores apart.
        let sd = 0.02f64.sqrt();
        let high = -0.7 + 12.706 * sd / 2f64.sqrt();
        assert!(a.low == -1.0 && (a.high - high).abs() < 1e-9, "{a:?}");
        assert!(g.groups.iter().any(|g| g.name == NO_VALUE));
        assert_eq!(g.timeline.len(), 3);
    }

    #[test]
    fn an_outlet_named_none_is_not_merged_with_documents_without_an_outlet() {
        let docs = [doc("(none)", -0.8), doc("", 0.5), doc(" ", 0.4)];
        let rates = ndarray::Array2::from_shape_fn((3, 2), |(_, j)| 1.0 - j as f64);
        let g = group("outlet", &docs[..], &rates, 1, 7);
        let members = |name: &str| &g.groups.iter().find(|g| g.name == name).unwrap().members;
        assert_eq!(members(NO_VALUE), &vec![1, 2]);
        assert_eq!(members("\"(none)\""), &vec![0]);
    }

    #[test]
    fn outlets_that_print_alike_are_one_group() {
        let docs = [
            doc("الجزيرة", -0.8),
            doc("الجزيرة\u{200F}", 0.5),
            doc("الــجزيرة", 0.4),
            doc(
                "\u{FE8D}\u{FEDF}\u{FEA0}\u{FEB0}\u{FEF3}\u{FEAE}\u{FE93}",
                0.1,
            ),
            doc("العربية", 0.0),
        ];
        let rates = ndarray::Array2::from_shape_fn((5, 2), |(_, j)| 1.0 - j as f64);
        let g = group("outlet", &docs[..], &rates, 1, 7);
        let names: Vec<&str> = g.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["الجزيرة", "العربية"]);
        assert_eq!(g.groups[0].members, vec![0, 1, 2, 3]);
    }

    #[test]
    fn a_small_group_gets_student_s_t_interval() {
        let values = [0.1, 0.3, 0.2, 0.4, 0.0];
        let exact: Vec<(f64, f64)> = values.iter().map(|&v| (v, v)).collect();
        let (low, high) = small_group_interval(&values, &exact);
        // mean 0.2, standard deviation 0.158, t(4) = 2.776.
        let half = 2.776 * 0.025f64.sqrt() / 5f64.sqrt();
        assert!((low - (0.2 - half)).abs() < 1e-12 && (high - (0.2 + half)).abs() < 1e-12);
    }

    #[test]
    fn documents_scored_alike_still_leave_a_small_group_uncertain() {
        let values = [-0.2, -0.2, -0.2];
        let own = [(-0.2 - 0.392, -0.2 + 0.392); 3];
        let (low, high) = small_group_interval(&values, &own);
        // Each document's standard error is 0.2; t(2) = 4.303; the mean's is 0.2 / √3.
        let half = 4.303 * 0.2 / 3f64.sqrt();
        assert!((low - (-0.2 - half)).abs() < 1e-9 && (high - (-0.2 + half)).abs() < 1e-9);
    }

    #[test]
    fn a_large_group_gets_the_interval_its_bootstrap_would_give() {
        let n = BOOTSTRAP_UP_TO + 1;
        let values: Vec<f64> = (0..n)
            .map(|i| ((i * 7919) % 201) as f64 / 100.0 - 1.0)
            .collect();
        let (low, high) = mean_interval(&values, 3);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let mut means: Vec<f64> = (0..RESAMPLES)
            .map(|_| (0..n).map(|_| values[rng.gen_range(0..n)]).sum::<f64>() / n as f64)
            .collect();
        means.sort_by(f64::total_cmp);
        let (boot_low, boot_high) = (means[25], means[974]);
        let width = boot_high - boot_low;
        assert!((low - boot_low).abs() < 0.1 * width, "{low} vs {boot_low}");
        assert!(
            (high - boot_high).abs() < 0.1 * width,
            "{high} vs {boot_high}"
        );
    }
}
