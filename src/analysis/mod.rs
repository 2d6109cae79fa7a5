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

use ndarray::Array2;
use serde::Serialize;

pub use cluster::{silhouette, Clustering};
pub use groups::{group, Group, GroupInput, Grouping, MonthPoint, NO_VALUE};
pub use keyness::{
    is_stop_word, keyness, suggest, Candidate, Keyness, KeynessParams, KeynessResult,
};
pub use map::Map2d;
pub use similarity::{similarity, Merge, Similarity};
pub use validation::{pearson, ranks, read_gold, validate, Validation};

/// Documents a clustering needs at the least.
const MIN_DOCUMENTS: usize = 3;

/// What the corpus-level analysis found, or why it was skipped.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// The standardised profiles (documents x frames).
    #[serde(skip)]
    pub profiles: Array2<f64>,
    pub clustering: Result<Clustering, String>,
    pub map: Result<Map2d, String>,
}

/// Analyses a corpus from its frame rates per 1000 tokens (documents x frames).
pub fn analyse(rates: &Array2<f64>, seed: u64) -> Analysis {
    let (profiles, varies) = profiles::standardise(rates);
    let n = rates.nrows();
    let distinct = profiles::distinct_rows(rates);
    let skip = if n < MIN_DOCUMENTS {
        Some(format!(
            "the corpus has {n} document(s); clustering needs at least {MIN_DOCUMENTS}"
        ))
    } else if rates.iter().all(|x| *x == 0.0) {
        Some(
            "no document matched any lexicon term, so there are no profiles to compare".to_string(),
        )
    } else if distinct < 2 {
        Some("every document has the same frame profile".to_string())
    } else {
        None
    };
    let (clustering, map) = match skip {
        Some(why) => (Err(why.clone()), Err(why)),
        None => (
            cluster::cluster(&profiles, distinct, seed),
            map::map(&profiles, &varies),
        ),
    };
    Analysis {
        profiles,
        clustering,
        map,
    }
}
