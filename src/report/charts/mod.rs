//! PNG charts of a report: stance by document, frames by document, the heaviest terms,
//! where in the texts they fall, the map of framing, how alike documents are, stance by
//! month and group, and mizan against a hand coding. Each chart turns the [`Report`] into
//! a small plain data value (testable without a corpus), names itself with a title and a
//! one-line reading guide, and draws that value in pixel coordinates on a white bitmap.
//!
//! All text, Arabic and Latin, is shaped and drawn by [`text`] with the embedded DejaVu
//! Sans; plotters only draws lines, boxes and dots. Past [`units::MAX_DOCUMENTS`]
//! documents the per-document charts pool documents by outlet or cluster, and the map
//! names clusters instead of documents.

mod canvas;
mod dispersion;
#[cfg(test)]
mod fixture;
mod heatmap;
mod map;
mod palette;
mod place;
mod similarity;
mod stance;
mod terms;
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
/// `frames_heatmap.png` when there are documents, `terms.png` and `dispersion.png` when
/// terms matched (the report has the matches, not only feature rows), `map.png` when the
/// analysis placed the documents on a map (the report says why when it did not),
/// `similarity.png` when at least two documents (or groups) matched a term,
/// `timeline.png` when the groups' documents are dated over at least two months, and
/// `validation.png` when at least two documents were hand-coded.
pub fn render(report: &Report, dir: &Path) -> Result<Vec<Chart>> {
    let mut charts = Vec::new();
    if report.documents.is_empty() {
        return Ok(charts);
    }
    let mut add = |chart: Chart, write: &dyn Fn(&Path, &Chart) -> Result<()>| {
        write(&dir.join(&chart.file), &chart)?;
        charts.push(chart);
        anyhow::Ok(())
    };
    let stance = stance::data(report);
    add(stance::describe(&stance), &|p, c| {
        stance::write(p, c, &stance)
    })?;
    if !report.lexicon.frames.is_empty() {
        let heatmap = heatmap::data(report);
        add(heatmap::describe(&heatmap), &|p, c| {
            heatmap::write(p, c, &heatmap)
        })?;
    }
    if let Some(terms) = terms::data(report) {
        add(terms::describe(&terms), &|p, c| terms::write(p, c, &terms))?;
    }
    if let Some(dispersion) = dispersion::data(report) {
        add(dispersion::describe(&dispersion), &|p, c| {
            dispersion::write(p, c, &dispersion)
        })?;
    }
    if let Some(map) = map::data(report) {
        add(map::describe(&map), &|p, c| map::write(p, c, &map))?;
    }
    if let Some(similarity) = similarity::data(report) {
        add(similarity::describe(&similarity), &|p, c| {
            similarity::write(p, c, &similarity)
        })?;
    }
    if let Some(timeline) = timeline::data(report) {
        add(timeline::describe(&timeline), &|p, c| {
            timeline::write(p, c, &timeline)
        })?;
    }
    if let Some(validation) = validation::data(report) {
        add(validation::describe(&validation), &|p, c| {
            validation::write(p, c, &validation)
        })?;
    }
    Ok(charts)
}
