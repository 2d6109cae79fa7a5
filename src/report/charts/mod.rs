//! PNG charts of a report. (Being written.)

use std::path::Path;

use anyhow::Result;

use super::model::Report;

/// A chart written to the charts folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// File name inside the charts folder, e.g. `stance.png`.
    pub file: String,
    pub title: String,
    /// One line telling a reader how to read the chart.
    pub guide: String,
}

/// Draws every chart the report supports into `dir`.
pub fn render(_report: &Report, _dir: &Path) -> Result<Vec<Chart>> {
    Ok(Vec::new())
}
