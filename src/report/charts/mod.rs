//! The charts of a report (PNG, and SVG with `--svg`): stance by document, frames by document, the heaviest terms,
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
pub(crate) mod fixture;
mod heatmap;
mod map;
mod palette;
mod place;
mod similarity;
mod stance;
mod surface;
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

impl Chart {
    /// The chart's file name as SVG (`--svg`), e.g. `stance.svg`.
    pub fn svg_file(&self) -> String {
        Path::new(&self.file)
            .with_extension("svg")
            .display()
            .to_string()
    }
}

/// Draws every chart the report supports into `dir` as PNG, and as SVG too when `svg`:
/// `stance.png` and `frames_heatmap.png` when there are documents, `terms.png` and
/// `dispersion.png` when terms matched (the report has the matches, not only feature
/// rows), `map.png` when the analysis placed the documents on a map (the report says why
/// when it did not), `similarity.png` when at least two documents (or groups) matched a
/// term, `timeline.png` when the groups' documents are dated over at least two months,
/// and `validation.png` when at least two documents were hand-coded.
pub fn render(report: &Report, dir: &Path, svg: bool) -> Result<Vec<Chart>> {
    let mut charts = Charts {
        dir,
        svg,
        written: Vec::new(),
    };
    if report.documents.is_empty() {
        return Ok(charts.written);
    }
    let stance = stance::data(report)?;
    charts.add(stance::describe(&stance), |p, c| {
        stance::write(p, c, &stance)
    })?;
    if !report.lexicon.frames.is_empty() {
        let heatmap = heatmap::data(report);
        charts.add(heatmap::describe(&heatmap), |p, c| {
            heatmap::write(p, c, &heatmap)
        })?;
    }
    if let Some(terms) = terms::data(report)? {
        charts.add(terms::describe(&terms), |p, c| terms::write(p, c, &terms))?;
    }
    if let Some(dispersion) = dispersion::data(report)? {
        charts.add(dispersion::describe(&dispersion), |p, c| {
            dispersion::write(p, c, &dispersion)
        })?;
    }
    if let Some(map) = map::data(report) {
        charts.add(map::describe(&map), |p, c| map::write(p, c, &map))?;
    }
    if let Some(similarity) = similarity::data(report) {
        charts.add(similarity::describe(&similarity), |p, c| {
            similarity::write(p, c, &similarity)
        })?;
    }
    if let Some(timeline) = timeline::data(report) {
        charts.add(timeline::describe(&timeline), |p, c| {
            timeline::write(p, c, &timeline)
        })?;
    }
    if let Some(validation) = validation::data(report)? {
        charts.add(validation::describe(&validation), |p, c| {
            validation::write(p, c, &validation)
        })?;
    }
    Ok(charts.written)
}

/// The charts folder being filled.
struct Charts<'a> {
    dir: &'a Path,
    svg: bool,
    written: Vec<Chart>,
}

impl Charts<'_> {
    /// Writes `chart` with `write` (given the file to write and the chart), as PNG and,
    /// when asked, as SVG.
    fn add(&mut self, chart: Chart, write: impl Fn(&Path, &Chart) -> Result<()>) -> Result<()> {
        write(&self.dir.join(&chart.file), &chart)?;
        if self.svg {
            write(&self.dir.join(chart.svg_file()), &chart)?;
        }
        self.written.push(chart);
        Ok(())
    }
}
