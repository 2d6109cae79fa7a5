//! Clusters of similarly framed documents: KMeans (linfa) on the standardised profiles,
//! with k chosen by the mean silhouette over 2..=min(6, n-1), fixed seed.
//!
//! The silhouette is computed here rather than with linfa's, which gives single-member
//! clusters a score of 1 and so favours splitting off outliers; here they score 0, as in
//! Rousseeuw (1987). On large corpora it is computed on a seeded sample.

use linfa::prelude::*;
use linfa_clustering::KMeans;
use ndarray::{Array2, ArrayView1};
use rand::seq::index::sample;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use serde::Serialize;

/// Largest number of clusters tried.
pub const MAX_K: usize = 6;
/// Documents used for the silhouette beyond which a sample is drawn.
const SILHOUETTE_SAMPLE: usize = 2000;

/// The chosen clustering.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clustering {
    pub k: usize,
    /// Cluster of each document, from 0.
    pub labels: Labels,
    /// Mean silhouette of the chosen k.
    pub silhouette: f64,
    /// Every k tried, with its silhouette.
    pub tried: Vec<(usize, f64)>,
    /// Cluster centres in standardised units (k x frames).
    pub centroids: Vec<Vec<f64>>,
}

/// Clusters the rows of `z`; `distinct` is the number of distinct rows (>= 2).
pub fn cluster(z: &Array2<f64>, distinct: usize, seed: u64) -> Result<Clustering, String> {
    let n = z.nrows();
    let max_k = MAX_K.min(n - 1).min(distinct);
    let mut best: Option<Clustering> = None;
    let mut tried = Vec::new();
    for k in 2..=max_k {
        let (labels, centroids) = kmeans(z, k, seed)?;
        let score = silhouette(z, &labels, seed);
        tried.push((k, score));
        if best.as_ref().is_none_or(|b| score > b.silhouette + 1e-12) {
            best = Some(Clustering {
                k,
                labels: labels.into_iter().collect(),
                silhouette: score,
                tried: Vec::new(),
                centroids,
            });
        }
    }
    let mut best = best.ok_or_else(|| "fewer than two distinct frame profiles".to_string())?;
    best.tried = tried;
    Ok(best)
}

fn kmeans(z: &Array2<f64>, k: usize, seed: u64) -> Result<(Vec<usize>, Vec<Vec<f64>>), String> {
    let dataset = DatasetBase::from(z.clone());
    let rng = Xoshiro256Plus::seed_from_u64(seed);
    let model = KMeans::params_with_rng(k, rng)
        .n_runs(10)
        .max_n_iterations(300)
        .tolerance(1e-6)
        .fit(&dataset)
        .map_err(|e| format!("KMeans with k={k} failed: {e}"))?;
    let labels = model.predict(z).to_vec();
    let centroids = model
        .centroids()
        .rows()
        .into_iter()
        .map(|r| r.to_vec())
        .collect();
    Ok((labels, centroids))
}

/// Mean silhouette of a labelling (0 for members of single-member clusters).
pub fn silhouette(z: &Array2<f64>, labels: &[usize], seed: u64) -> f64 {
    let n = z.nrows();
    let picked: Vec<usize> = if n > SILHOUETTE_SAMPLE {
        let mut rng = Xoshiro256Plus::seed_from_u64(seed);
        let mut s = sample(&mut rng, n, SILHOUETTE_SAMPLE).into_vec();
        s.sort_unstable();
        s
    } else {
        (0..n).collect()
    };
    let k = labels.iter().max().map_or(0, |m| m + 1);
    let total: f64 = picked
        .iter()
        .map(|&i| point_silhouette(z, labels, &picked, i, k))
        .sum();
    total / picked.len() as f64
}

fn point_silhouette(z: &Array2<f64>, labels: &[usize], among: &[usize], i: usize, k: usize) -> f64 {
    let mut sums = vec![0.0; k];
    let mut counts = vec![0usize; k];
    for &j in among.iter().filter(|&&j| j != i) {
        sums[labels[j]] += distance(z.row(i), z.row(j));
        counts[labels[j]] += 1;
    }
    let own = labels[i];
    if counts[own] == 0 {
        return 0.0;
    }
    let a = sums[own] / counts[own] as f64;
    let b = (0..k)
        .filter(|&c| c != own && counts[c] > 0)
        .map(|c| sums[c] / counts[c] as f64)
        .fold(f64::INFINITY, f64::min);
    if !b.is_finite() || a.max(b) == 0.0 {
        0.0
    } else {
        (b - a) / a.max(b)
    }
}

/// Each document's cluster in a byte: a million documents' labels take 1 MB, not 8
/// (issue 6). [`MAX_K`] clusters fit in it with room to spare.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Labels(Vec<u8>);

impl Labels {
    /// The cluster of document `i`.
    pub fn get(&self, i: usize) -> usize {
        usize::from(self.0[i])
    }

    /// Every document's cluster, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.0.iter().map(|&l| usize::from(l))
    }

    /// Adds the next document's cluster; panics past 255, which no clustering reaches.
    fn push(&mut self, label: usize) {
        self.0
            .push(u8::try_from(label).expect("a cluster label fits in a byte (MAX_K is 6)"));
    }
}

impl FromIterator<usize> for Labels {
    fn from_iter<I: IntoIterator<Item = usize>>(labels: I) -> Labels {
        let mut out = Labels::default();
        labels.into_iter().for_each(|l| out.push(l));
        out
    }
}

impl Extend<usize> for Labels {
    fn extend<I: IntoIterator<Item = usize>>(&mut self, labels: I) {
        labels.into_iter().for_each(|l| self.push(l));
    }
}

/// The centre nearest to a standardised profile (the first of equally near ones).
pub fn nearest(centroids: &[Vec<f64>], profile: ArrayView1<f64>) -> usize {
    let squared = |c: &Vec<f64>| -> f64 {
        c.iter()
            .zip(profile.iter())
            .map(|(x, y)| (x - y).powi(2))
            .sum()
    };
    (0..centroids.len())
        .min_by(|&a, &b| squared(&centroids[a]).total_cmp(&squared(&centroids[b])))
        .unwrap_or(0)
}

fn distance(a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| (x - y).powi(2))
        .sum::<f64>()
        .sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_give_back_every_cluster_a_byte_holds() {
        let labels: Labels = [0, 5, 255, 1].into_iter().collect();
        assert_eq!(labels.iter().collect::<Vec<_>>(), [0, 5, 255, 1]);
        assert_eq!(labels.get(2), 255);
    }

    #[test]
    #[should_panic(expected = "fits in a byte")]
    fn a_label_past_a_byte_is_refused_rather_than_wrapped() {
        let mut labels = Labels::default();
        labels.extend([3, 256]);
    }
}
