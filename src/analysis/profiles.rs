//! Frame profiles standardised for comparison: each frame's rate per 1000 tokens as a
//! z-score across documents, so that a frequent frame does not drown a rare one.
//!
//! The rates are read one document at a time through [`Rates`], so that a corpus of a
//! million documents never needs them (or their z-scores) as one matrix.

use ndarray::Array2;

/// Frame rates per 1000 tokens, documents x frames.
pub trait Rates: Sync {
    fn documents(&self) -> usize;
    fn frames(&self) -> usize;
    fn rate(&self, document: usize, frame: usize) -> f64;
}

impl Rates for Array2<f64> {
    fn documents(&self) -> usize {
        self.nrows()
    }

    fn frames(&self) -> usize {
        self.ncols()
    }

    fn rate(&self, document: usize, frame: usize) -> f64 {
        self[[document, frame]]
    }
}

/// Each frame's mean and standard deviation across all documents.
pub struct Standardiser {
    mean: Vec<f64>,
    sd: Vec<f64>,
}

impl Standardiser {
    /// The statistics of every column of `rates` (two passes, in document order).
    pub fn of(rates: &impl Rates) -> Standardiser {
        let n = rates.documents();
        let column = |j: usize| (0..n).map(move |i| rates.rate(i, j));
        let mean: Vec<f64> = (0..rates.frames())
            .map(|j| column(j).fold(0.0, |sum, x| sum + x) / n.max(1) as f64)
            .collect();
        let sd = mean
            .iter()
            .enumerate()
            .map(|(j, m)| {
                let var = column(j).map(|x| (x - m).powi(2)).sum::<f64>() / (n.max(2) - 1) as f64;
                var.sqrt()
            })
            .collect();
        Standardiser { mean, sd }
    }

    /// Which frames vary across the documents (the others standardise to zero).
    pub fn varies(&self) -> Vec<bool> {
        self.sd.iter().map(|&sd| sd > 1e-12).collect()
    }

    /// The standardised profiles of documents `rows`, in that order (rows x frames).
    pub fn profiles(&self, rates: &impl Rates, rows: &[usize]) -> Array2<f64> {
        Array2::from_shape_fn((rows.len(), self.mean.len()), |(r, j)| {
            let sd = self.sd[j];
            if sd > 1e-12 {
                (rates.rate(rows[r], j) - self.mean[j]) / sd
            } else {
                0.0
            }
        })
    }
}

/// Number of distinct rows (profiles), values compared at 1e-9, counted up to `cap`: a
/// clustering only needs to know whether there are enough to try each k, and a short
/// list scanned per document is linear in the corpus and takes no memory.
pub fn distinct_rows(rates: &impl Rates, cap: usize) -> usize {
    let key = |i: usize| -> Vec<i64> {
        (0..rates.frames())
            .map(|j| (rates.rate(i, j) * 1e9).round() as i64)
            .collect()
    };
    let mut seen: Vec<Vec<i64>> = Vec::new();
    for i in 0..rates.documents() {
        let row = key(i);
        if !seen.contains(&row) {
            seen.push(row);
            if seen.len() >= cap {
                break;
            }
        }
    }
    seen.len()
}
