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

/// Number of distinct rows (profiles), values compared at 1e-9 (rounded, then hashed:
/// linear in the number of documents, where comparing every pair was quadratic).
pub fn distinct_rows(m: &Array2<f64>) -> usize {
    let key = |row: ndarray::ArrayView1<f64>| -> Vec<i64> {
        row.iter().map(|x| (x * 1e9).round() as i64).collect()
    };
    m.rows()
        .into_iter()
        .map(key)
        .collect::<std::collections::HashSet<_>>()
        .len()
}
