//! How alike documents (or groups of documents) frame the story: the cosine similarity of
//! their frame profiles, and an agglomerative clustering of them (average linkage on
//! 1 − cosine) whose tree orders them so that similar ones sit side by side.
//!
//! The tree comes from kodama, the engine behind linfa-hierarchical: linfa-hierarchical
//! only returns flat cluster labels, and a dendrogram needs every merge and its height.

use kodama::{linkage, Method};
use serde::Serialize;

/// One step of the tree: two clusters joined at a distance. A cluster id below the
/// number of rows is a row; `rows + s` is the cluster made at step `s`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Merge {
    pub a: usize,
    pub b: usize,
    /// 1 − the mean cosine similarity between the two clusters' members.
    pub distance: f64,
}

/// The pairwise similarities and the tree over them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Similarity {
    /// Cosine similarity of each pair of rows, in [0, 1] for non-negative profiles; 0
    /// against a profile with no match at all, 1 on the diagonal.
    pub matrix: Vec<Vec<f64>>,
    /// The rows in the tree's leaf order.
    pub order: Vec<usize>,
    /// The `rows − 1` merges, lowest first.
    pub merges: Vec<Merge>,
}

/// Compares the frame profiles `profiles` (one row each, e.g. matches per 1000 words).
pub fn similarity(profiles: &[Vec<f64>]) -> Similarity {
    let n = profiles.len();
    let matrix: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    if i == j {
                        1.0
                    } else {
                        cosine(&profiles[i], &profiles[j])
                    }
                })
                .collect()
        })
        .collect();
    let merges = tree(&matrix);
    let order = leaf_order(n, &merges);
    Similarity {
        matrix,
        order,
        merges,
    }
}

/// Cosine of two vectors; 0 when either is all zeros.
fn cosine(a: &[f64], b: &[f64]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>().sqrt();
    let denominator = norm(a) * norm(b);
    if denominator > 0.0 {
        (dot / denominator).clamp(-1.0, 1.0)
    } else {
        0.0
    }
}

/// Average-linkage merges on the distance 1 − similarity.
fn tree(matrix: &[Vec<f64>]) -> Vec<Merge> {
    let n = matrix.len();
    if n < 2 {
        return Vec::new();
    }
    let mut condensed: Vec<f64> = (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .map(|(i, j)| 1.0 - matrix[i][j])
        .collect();
    linkage(&mut condensed, n, Method::Average)
        .steps()
        .iter()
        .map(|s| Merge {
            a: s.cluster1,
            b: s.cluster2,
            distance: s.dissimilarity,
        })
        .collect()
}

/// The rows from the tree's root down, first branch first.
fn leaf_order(n: usize, merges: &[Merge]) -> Vec<usize> {
    let Some(root) = (n + merges.len()).checked_sub(1) else {
        return Vec::new();
    };
    let mut order = Vec::with_capacity(n);
    let mut pending = vec![root];
    while let Some(id) = pending.pop() {
        if id < n {
            order.push(id);
        } else {
            let m = merges[id - n];
            pending.push(m.b);
            pending.push(m.a);
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alike_profiles_sit_together_and_join_first() {
        // Two kinds of profile, interleaved: the order must bring each kind together.
        let profiles = vec![
            vec![5.0, 0.0, 1.0],
            vec![0.0, 4.0, 0.0],
            vec![6.0, 0.5, 1.0],
            vec![0.2, 5.0, 0.1],
        ];
        let s = similarity(&profiles);
        let position = |row: usize| s.order.iter().position(|&r| r == row).unwrap();
        assert_eq!(position(0).abs_diff(position(2)), 1, "{:?}", s.order);
        assert_eq!(position(1).abs_diff(position(3)), 1, "{:?}", s.order);
        assert_eq!(s.merges.len(), 3);
        assert!(s.merges[2].distance > s.merges[0].distance);
        assert!(s.matrix[0][2] > 0.95 && s.matrix[0][1] < 0.1);
    }

    #[test]
    fn a_profile_without_matches_is_like_nothing_but_itself() {
        let s = similarity(&[vec![0.0, 0.0], vec![1.0, 2.0]]);
        assert_eq!(s.matrix[0][1], 0.0);
        assert_eq!(s.matrix[0][0], 1.0);
        assert_eq!(s.order.len(), 2);
    }

    #[test]
    fn one_or_no_row_gives_no_tree() {
        assert_eq!(similarity(&[vec![1.0]]).order, vec![0]);
        assert!(similarity(&[]).order.is_empty());
    }
}
