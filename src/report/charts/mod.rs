//! PNG charts of a report: stance by document, frames by document, the map of framing,
//! stance by month and group, and mizan against a hand coding. Each chart turns the [`Report`] into a small plain data value (testable
//! without a corpus), names itself with a title and a one-line reading guide, and draws
//! that value in pixel coordinates on a white bitmap.
//!
//! All text, Arabic and Latin, is shaped and drawn by [`text`] with the embedded DejaVu
//! Sans; plotters only draws lines, boxes and dots. Past [`units::MAX_DOCUMENTS`]
//! documents the per-document charts pool documents by outlet or cluster, and the map
//! names clusters instead of documents.

mod canvas;
mod heatmap;
mod map;
mod palette;
mod place;
mod stance;
pub mod text;
mod timeline;
mod units;
mod validation;

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

/// Draws every chart the report supports into `dir`: `stance.png` and
/// `frames_heatmap.png` when there are documents, `map.png` when the analysis placed
/// them on a map (the report says why when it did not), `timeline.png` when the groups'
/// documents are dated over at least two months, and `validation.png` when at least two
/// documents were hand-coded.
pub fn render(report: &Report, dir: &Path) -> Result<Vec<Chart>> {
    let mut charts = Vec::new();
    if report.documents.is_empty() {
        return Ok(charts);
    }
    let stance = stance::data(report);
    charts.push(stance::describe(&stance));
    stance::write(&dir.join(stance::FILE), &charts[charts.len() - 1], &stance)?;
    if !report.lexicon.frames.is_empty() {
        let heatmap = heatmap::data(report);
        charts.push(heatmap::describe(&heatmap));
        heatmap::write(
            &dir.join(heatmap::FILE),
            &charts[charts.len() - 1],
            &heatmap,
        )?;
    }
    if let Some(map) = map::data(report) {
        charts.push(map::describe(&map));
        map::write(&dir.join(map::FILE), &charts[charts.len() - 1], &map)?;
    }
    if let Some(timeline) = timeline::data(report) {
        charts.push(timeline::describe(&timeline));
        timeline::write(
            &dir.join(timeline::FILE),
            &charts[charts.len() - 1],
            &timeline,
        )?;
    }
    if let Some(validation) = validation::data(report) {
        charts.push(validation::describe(&validation));
        validation::write(
            &dir.join(validation::FILE),
            &charts[charts.len() - 1],
            &validation,
        )?;
    }
    Ok(charts)
}
