//! A 2-D map of the documents: PCA (linfa) of the standardised profiles, with each frame's
//! loading on the two axes and the share of the total variance each axis really explains.
//!
//! linfa's own explained-variance ratio is relative to the kept components only (it always
//! sums to 1), so the shares are computed here: the variance of each projected axis over
//! the total variance of the profiles the PCA was fitted on.

use linfa::prelude::*;
use linfa_reduction::Pca;
use ndarray::{Array2, Axis};
use serde::Serialize;

/// The documents placed on two axes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Map2d {
    /// Coordinates of each document.
    pub points: Vec<[f64; 2]>,
    /// Loading of each frame on the two axes (zeros for frames that do not vary).
    pub loadings: Vec<[f64; 2]>,
    /// Share of the total variance on each axis, in [0, 1].
    pub explained: [f64; 2],
}

/// A PCA fitted on some profiles, ready to place any others.
pub struct Projection {
    live: Vec<usize>,
    model: Pca<f64>,
    map: Map2d,
}

impl Projection {
    /// Fits the PCA on the rows of `z` (standardised, only `varies` columns carry
    /// information); the map holds the fitted rows' points.
    pub fn fit(z: &Array2<f64>, varies: &[bool]) -> Result<Projection, String> {
        let live: Vec<usize> = (0..varies.len()).filter(|&j| varies[j]).collect();
        if live.len() < 2 {
            return Err(format!(
                "only {} frame(s) vary across the documents; a 2-D map needs at least two",
                live.len()
            ));
        }
        let x = z.select(Axis(1), &live);
        let model = Pca::params(2)
            .fit(&DatasetBase::from(x.clone()))
            .map_err(|e| format!("PCA failed: {e}"))?;
        let projected = two_axes(model.predict(&x));
        let total: f64 = x
            .axis_iter(Axis(1))
            .map(|c| variance(c.iter().copied()))
            .sum();
        let share = |axis: usize| variance(projected.column(axis).iter().copied()) / total;
        let mut loadings = vec![[0.0; 2]; varies.len()];
        for (component, row) in model.components().rows().into_iter().enumerate().take(2) {
            for (&j, &value) in live.iter().zip(row.iter()) {
                loadings[j][component] = value;
            }
        }
        let map = Map2d {
            points: points(&projected),
            loadings,
            explained: [share(0), share(1)],
        };
        Ok(Projection { live, model, map })
    }

    /// The points of the rows of `z` (standardised like the fitted profiles).
    pub fn place(&self, z: &Array2<f64>) -> Vec<[f64; 2]> {
        points(&two_axes(
            self.model.predict(&z.select(Axis(1), &self.live)),
        ))
    }

    /// The map of the fitted rows.
    pub fn into_map(self) -> Map2d {
        self.map
    }
}

/// `projected` with two columns: linfa keeps fewer components than asked when the profiles
/// lie on a line (one article on the topic among off-topic ones, whose profiles are all
/// zeros), and the missing axis is then zero for every document.
fn two_axes(projected: Array2<f64>) -> Array2<f64> {
    if projected.ncols() >= 2 {
        return projected;
    }
    let mut both = Array2::zeros((projected.nrows(), 2));
    for (j, column) in projected.columns().into_iter().enumerate() {
        both.column_mut(j).assign(&column);
    }
    both
}

fn points(projected: &Array2<f64>) -> Vec<[f64; 2]> {
    projected.rows().into_iter().map(|r| [r[0], r[1]]).collect()
}

fn variance(values: impl Iterator<Item = f64> + Clone) -> f64 {
    let n = values.clone().count();
    if n < 2 {
        return 0.0;
    }
    let mean = values.clone().sum::<f64>() / n as f64;
    values.map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64
}
