//! Stage 5: analysis across documents. Standardised frame profiles, clusters of similar
//! framing (KMeans, k by silhouette), a 2-D map (PCA) and a similarity tree (average
//! linkage). Degenerate corpora (too few documents, no matches, identical profiles) are
//! not errors: the result says why a step was skipped, and never holds a NaN.

mod cluster;
mod groups;
mod keyness;
mod map;
mod profiles;
mod similarity;
mod validation;

use rand::seq::index::sample;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use serde::Serialize;

pub use cluster::{Clustering, Labels};
pub use groups::{
    group, Group, GroupInput, GroupInputs, Grouping, MonthPoint, BOOTSTRAP_UP_TO, NO_VALUE,
    T_INTERVAL_BELOW,
};
pub use keyness::{
    is_stop_word, keyness, suggest, Candidate, Keyness, KeynessParams, KeynessResult,
};
pub use map::Map2d;
pub use profiles::Rates;
pub use similarity::{similarity, Merge, Similarity};
pub use validation::{
    one_sided_note, pearson, ranks, read_gold, unknown_ids_note, validate, Validation,
};

use map::Projection;
use profiles::Standardiser;

/// Documents a clustering needs at the least.
const MIN_DOCUMENTS: usize = 3;

/// Documents beyond which KMeans and PCA are fitted on a seeded sample of this many, and
/// every document is then assigned to its nearest centre and placed on the map: fitting
/// on all of a million documents took minutes and several copies of the profiles.
pub const FIT_SAMPLE: usize = 10_000;

/// Documents standardised at a time when assigning a large corpus.
const CHUNK: usize = 8192;

/// What the corpus-level analysis found, or why it was skipped.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub clustering: Result<Clustering, String>,
    pub map: Result<Map2d, String>,
    /// The size of the sample KMeans and PCA were fitted on, when it was not the corpus.
    pub fitted_on: Option<usize>,
}

/// Analyses a corpus from its frame rates per 1000 tokens (documents x frames).
pub fn analyse(rates: &impl Rates, seed: u64) -> Analysis {
    analyse_fitting_at_most(rates, seed, FIT_SAMPLE)
}

/// [`analyse`], fitting KMeans and PCA on at most `fit_sample` documents.
fn analyse_fitting_at_most(rates: &impl Rates, seed: u64, fit_sample: usize) -> Analysis {
    let n = rates.documents();
    let distinct = profiles::distinct_rows(rates, cluster::MAX_K + 1);
    let all_zero = || (0..rates.frames()).all(|j| rates.rate(0, j) == 0.0);
    let skip = if n < MIN_DOCUMENTS {
        Some(format!(
            "the corpus has {n} document(s); clustering needs at least {MIN_DOCUMENTS}"
        ))
    } else if distinct < 2 && all_zero() {
        Some(
            "no document matched any lexicon term, so there are no profiles to compare".to_string(),
        )
    } else if distinct < 2 {
        Some("every document has the same frame profile".to_string())
    } else {
        None
    };
    if let Some(why) = skip {
        return Analysis {
            clustering: Err(why.clone()),
            map: Err(why),
            fitted_on: None,
        };
    }
    let standardiser = Standardiser::of(rates);
    let varies = standardiser.varies();
    let fit_rows = fit_rows(n, fit_sample, seed);
    let z = standardiser.profiles(rates, &fit_rows);
    let clustering = cluster::cluster(&z, distinct, seed);
    let projection = Projection::fit(&z, &varies);
    if fit_rows.len() == n {
        return Analysis {
            clustering,
            map: projection.map(Projection::into_map),
            fitted_on: None,
        };
    }
    let (clustering, map) = place_all(rates, &standardiser, clustering, projection);
    Analysis {
        clustering,
        map,
        fitted_on: Some(fit_rows.len()),
    }
}

/// The documents KMeans and PCA are fitted on: all, or a seeded sample in corpus order.
fn fit_rows(n: usize, fit_sample: usize, seed: u64) -> Vec<usize> {
    if n <= fit_sample {
        return (0..n).collect();
    }
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let mut rows = sample(&mut rng, n, fit_sample).into_vec();
    rows.sort_unstable();
    rows
}

/// Assigns every document to its nearest centre and places it on the map, a chunk of
/// standardised profiles at a time.
fn place_all(
    rates: &impl Rates,
    standardiser: &Standardiser,
    mut clustering: Result<Clustering, String>,
    projection: Result<Projection, String>,
) -> (Result<Clustering, String>, Result<Map2d, String>) {
    let n = rates.documents();
    let mut labels = Labels::default();
    let mut points = Vec::with_capacity(n);
    for start in (0..n).step_by(CHUNK) {
        let rows: Vec<usize> = (start..n.min(start + CHUNK)).collect();
        let z = standardiser.profiles(rates, &rows);
        if let Ok(c) = &clustering {
            labels.extend(
                z.rows()
                    .into_iter()
                    .map(|r| cluster::nearest(&c.centroids, r)),
            );
        }
        if let Ok(p) = &projection {
            points.extend(p.place(&z));
        }
    }
    if let Ok(c) = &mut clustering {
        c.labels = labels;
    }
    let map = projection.map(|p| {
        let mut map = p.into_map();
        map.points = points;
        map
    });
    (clustering, map)
}

#[cfg(test)]
mod tests {
    use ndarray::Array2;

    use super::*;

    #[test]
    fn a_corpus_larger_than_the_sample_is_fitted_on_it_and_every_document_placed() {
        let (n, fit_sample) = (900, 300);
        // Two kinds of document: even ones use frame 0, odd ones frame 1.
        let rates = Array2::from_shape_fn((n, 3), |(i, j)| {
            if (i % 2 == 0) == (j == 0) {
                10.0 + (i % 7) as f64
            } else {
                0.0
            }
        });
        let analysis = analyse_fitting_at_most(&rates, 7, fit_sample);
        assert_eq!(analysis.fitted_on, Some(fit_sample));
        let clustering = analysis.clustering.unwrap();
        assert_eq!(clustering.labels.iter().len(), n);
        for c in 0..clustering.k {
            let kinds: Vec<usize> = (0..n)
                .filter(|&i| clustering.labels.get(i) == c)
                .map(|i| i % 2)
                .collect();
            assert!(
                kinds.iter().all(|&k| k == kinds[0]),
                "cluster {c} mixes the two kinds"
            );
        }
        assert_eq!(analysis.map.unwrap().points.len(), n);
    }

    #[test]
    fn profiles_on_a_line_get_a_map_on_one_axis() {
        // One article on the topic, using three frames, and two off-topic ones.
        let rates =
            Array2::from_shape_fn(
                (3, 4),
                |(i, j)| {
                    if i == 0 && j < 3 {
                        1.0 + j as f64
                    } else {
                        0.0
                    }
                },
            );
        let map = analyse(&rates, 7).map.expect("a map");
        assert_eq!(map.points.len(), 3);
        assert!(map.points.iter().all(|p| p[1] == 0.0), "{:?}", map.points);
        assert_ne!(map.points[0][0], map.points[1][0]);
        assert_eq!(map.explained[1], 0.0);
    }

    #[test]
    fn a_corpus_within_the_sample_is_fitted_whole() {
        let rates = Array2::from_shape_fn((50, 2), |(i, j)| ((i + j) % 3) as f64);
        assert_eq!(analyse(&rates, 7).fitted_on, None);
    }
}
