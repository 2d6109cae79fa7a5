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
use rayon::prelude::*;
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
    // Each k is fitted with its own seeded generator, so in parallel as in turn (and the
    // first k that fails, if any, is the one reported).
    let fits: Vec<_> = (2..=max_k)
        .into_par_iter()
        .map(|k| kmeans(z, k, seed))
        .collect::<Vec<_>>()
        .into_iter()
        .collect::<Result<_, _>>()?;
    let (mut labellings, mut centres): (Vec<_>, Vec<_>) = fits.into_iter().unzip();
    let tried: Vec<(usize, f64)> = (2..=max_k).zip(silhouettes(z, &labellings, seed)).collect();
    let mut best: Option<usize> = None;
    for (at, &(_, score)) in tried.iter().enumerate() {
        if best.is_none_or(|b| score > tried[b].1 + 1e-12) {
            best = Some(at);
        }
    }
    let best = best.ok_or_else(|| "fewer than two distinct frame profiles".to_string())?;
    let (k, silhouette) = tried[best];
    Ok(Clustering {
        k,
        labels: labellings.swap_remove(best).into_iter().collect(),
        silhouette,
        tried,
        centroids: centres.swap_remove(best),
    })
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

/// The mean silhouette of each labelling (0 for members of single-member clusters), on
/// a seeded sample of the rows past [`SILHOUETTE_SAMPLE`]. The labellings share one pass
/// over the pairs of rows: the distances, most of the work, do not depend on them.
fn silhouettes(z: &Array2<f64>, labellings: &[Vec<usize>], seed: u64) -> Vec<f64> {
    let n = z.nrows();
    let picked: Vec<usize> = if n > SILHOUETTE_SAMPLE {
        let mut rng = Xoshiro256Plus::seed_from_u64(seed);
        let mut s = sample(&mut rng, n, SILHOUETTE_SAMPLE).into_vec();
        s.sort_unstable();
        s
    } else {
        (0..n).collect()
    };
    let mut sums: Vec<ClusterDistances> = labellings
        .iter()
        .map(|labels| ClusterDistances::new(labels.iter().max().map_or(0, |m| m + 1)))
        .collect();
    let mut totals = vec![0.0; labellings.len()];
    for &i in &picked {
        sums.iter_mut().for_each(ClusterDistances::clear);
        for &j in picked.iter().filter(|&&j| j != i) {
            let d = distance(z.row(i), z.row(j));
            for (sum, labels) in sums.iter_mut().zip(labellings) {
                sum.add(labels[j], d);
            }
        }
        for ((total, sum), labels) in totals.iter_mut().zip(&sums).zip(labellings) {
            *total += sum.silhouette(labels[i]);
        }
    }
    totals
        .into_iter()
        .map(|total| total / picked.len() as f64)
        .collect()
}

/// One row's summed distances to the rows of each cluster, and their numbers.
struct ClusterDistances {
    sums: Vec<f64>,
    counts: Vec<usize>,
}

impl ClusterDistances {
    fn new(k: usize) -> ClusterDistances {
        ClusterDistances {
            sums: vec![0.0; k],
            counts: vec![0; k],
        }
    }

    fn clear(&mut self) {
        self.sums.fill(0.0);
        self.counts.fill(0);
    }

    fn add(&mut self, cluster: usize, distance: f64) {
        self.sums[cluster] += distance;
        self.counts[cluster] += 1;
    }

    /// The row's silhouette, were it in cluster `own`.
    fn silhouette(&self, own: usize) -> f64 {
        if self.counts[own] == 0 {
            return 0.0;
        }
        let mean = |c: usize| self.sums[c] / self.counts[c] as f64;
        let a = mean(own);
        let b = (0..self.sums.len())
            .filter(|&c| c != own && self.counts[c] > 0)
            .map(mean)
            .fold(f64::INFINITY, f64::min);
        if !b.is_finite() || a.max(b) == 0.0 {
            0.0
        } else {
            (b - a) / a.max(b)
        }
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
