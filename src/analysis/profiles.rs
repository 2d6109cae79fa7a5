//! Frame profiles standardised for comparison: each frame's rate per 1000 tokens as a
//! z-score across documents, so that a frequent frame does not drown a rare one.

use ndarray::{Array2, Axis};

/// Standardises the columns of `rates` (documents x frames). Columns that do not vary
/// become zeros. Returns the matrix and which columns vary.
pub fn standardise(rates: &Array2<f64>) -> (Array2<f64>, Vec<bool>) {
    let mut z = rates.clone();
    let n = rates.nrows();
    let mut varies = Vec::with_capacity(rates.ncols());
    for mut column in z.axis_iter_mut(Axis(1)) {
        let mean = column.sum() / n.max(1) as f64;
        let var = column.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n.max(2) - 1) as f64;
        let sd = var.sqrt();
        let live = sd > 1e-12;
        column.mapv_inplace(|x| if live { (x - mean) / sd } else { 0.0 });
        varies.push(live);
    }
    (z, varies)
}

/// Number of distinct rows (profiles), up to a tolerance.
pub fn distinct_rows(m: &Array2<f64>) -> usize {
    let rows: Vec<_> = m.rows().into_iter().collect();
    (0..rows.len())
        .filter(|&i| {
            !(0..i).any(|j| {
                rows[i]
                    .iter()
                    .zip(rows[j].iter())
                    .all(|(a, b)| (a - b).abs() < 1e-9)
            })
        })
        .count()
}
