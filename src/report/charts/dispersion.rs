//! `dispersion.png`: the lexical "x-ray": where in each document its loaded terms fall.
//! One strip a document, running from its first word at the right (Arabic is read right
//! to left) to its last at the left; a tick at every match, vermillion when it counts as
//! hostile to Turkey's role, blue when sympathetic, deeper the more it weighs, and a
//! short grey tick for a descriptive term. A reader sees whether the loaded language sits
//! in the headline and lead, is spread through the piece, or comes in one passage.
//!
//! Positions are word (token) positions over the document's length, never character
//! offsets, so the chart does not need the texts. On a large corpus a strip is a group
//! of documents: the weight of its hostile terms (above the line) and sympathetic terms
//! (below) in each twentieth of the documents' length, per document of the group.

use std::path::Path;

use anyhow::{Context, Result};
use plotters::style::RGBColor;

use super::canvas::{
    self, draw_header, header_size, write_image, Area, Rect, HOSTILE_KEY, LABEL_PX, MARGIN,
    SMALL_PX, SYMPATHETIC_KEY,
};
use super::palette::{self, BAND, GRID, HOSTILE, MUTED, NEUTRAL, SYMPATHETIC};
use super::text::{HAlign, Label, VAlign};
use super::units::{name_label, units, Pooling, Unit};
use super::Chart;
use crate::report::documents::READ_BACK;
use crate::report::Report;

pub const FILE: &str = "dispersion.png";

const STRIP_WIDTH: i32 = 640;
const DOCUMENT_ROW: i32 = 30;
const GROUP_ROW: i32 = 48;
const DETAIL_WIDTH: u32 = 260;
/// Slices of a document's length a group's strip is cut into.
const BINS: usize = 20;

/// A match: how far into its document (0 = first word, towards 1 = last) and what it
/// added to the stance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    pub at: f64,
    pub contribution: f64,
}

/// What one strip shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Strip {
    /// Every match of one document.
    Marks(Vec<Mark>),
    /// The hostile and the sympathetic weight (both positive) in each slice of the
    /// documents' length, per document.
    Density {
        hostile: Vec<f64>,
        sympathetic: Vec<f64>,
    },
}

/// One strip and whose it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub name: String,
    pub detail: String,
    pub strip: Strip,
}

/// What the chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct DispersionData {
    pub rows: Vec<Row>,
    pub grouped_by: Option<Pooling>,
}

/// The strips of a report, in the stance chart's order, or `None` when nothing matched;
/// an error is one reading the matches back from their temporary file.
pub fn data(report: &Report) -> Result<Option<DispersionData>> {
    let units = units(report);
    let matched = |u: &Unit| {
        u.members
            .iter()
            .any(|&i| report.documents.get(i).mark_count() > 0)
    };
    if !units.units.iter().any(matched) {
        return Ok(None);
    }
    let grouped = units.grouped_by.is_some();
    let rows = units
        .units
        .iter()
        .map(|u| {
            Ok(Row {
                name: u.name.clone(),
                detail: u.detail.clone(),
                strip: if grouped {
                    density(report, u)?
                } else {
                    Strip::Marks(marks(report, u.members[0])?)
                },
            })
        })
        .collect::<Result<_>>()?;
    Ok(Some(DispersionData {
        rows,
        grouped_by: units.grouped_by,
    }))
}

/// The matches of document `i` as marks.
fn marks(report: &Report, i: usize) -> Result<Vec<Mark>> {
    let doc = report.documents.get(i);
    let length = doc.tokens().max(1) as f64;
    let marks = doc.marks().context(READ_BACK)?;
    Ok(marks
        .iter()
        .map(|m| Mark {
            at: (f64::from(m.token) / length).clamp(0.0, 1.0),
            contribution: m.contribution,
        })
        .collect())
}

fn density(report: &Report, unit: &Unit) -> Result<Strip> {
    let mut hostile = vec![0.0; BINS];
    let mut sympathetic = vec![0.0; BINS];
    let per = unit.members.len().max(1) as f64;
    for &i in unit.members.iter() {
        for mark in marks(report, i)? {
            let bin = ((mark.at * BINS as f64) as usize).min(BINS - 1);
            if mark.contribution < 0.0 {
                hostile[bin] -= mark.contribution / per;
            } else {
                sympathetic[bin] += mark.contribution / per;
            }
        }
    }
    Ok(Strip::Density {
        hostile,
        sympathetic,
    })
}

/// The title and reading guide.
pub fn describe(data: &DispersionData) -> Chart {
    let (title, guide) = match &data.grouped_by {
        None => (
            "Where in each document the loaded terms fall".to_string(),
            "Each strip is a document, read like Arabic from its first word at the right to its last \
             at the left; a tick is a match of a lexicon term: vermillion = counted as hostile to \
             Turkey's role, blue = sympathetic (deeper = weighs more), short grey = descriptive."
                .to_string(),
        ),
        Some(pooling) => (
            format!("Where in the documents the loaded terms fall, {}", pooling.by()),
            format!(
                "Each strip is one {}'s documents, read like Arabic from their first word at the right \
                 to their last at the left: above the line, the weight of the terms counted as hostile to \
                 Turkey's role in each twentieth of the text; below, of the sympathetic ones (per document).",
                pooling.noun()
            ),
        ),
    };
    Chart {
        file: FILE.to_string(),
        title,
        guide,
    }
}

/// Writes the chart to `path`.
pub fn write(path: &Path, chart: &Chart, data: &DispersionData) -> Result<()> {
    let layout = Layout::new(chart, data);
    write_image(path, layout.size, |area| draw(area, chart, data, &layout))
}

/// Where everything goes, in pixels.
struct Layout {
    size: (u32, u32),
    content_width: u32,
    labels: Vec<Label>,
    strip_x: i32,
    rows_y: i32,
    row_height: i32,
    /// The heaviest slice of any group, for the densities' scale.
    max_density: f64,
}

impl Layout {
    fn new(chart: &Chart, data: &DispersionData) -> Layout {
        let grouped = data.grouped_by.is_some();
        let labels: Vec<Label> = data
            .rows
            .iter()
            .map(|r| name_label(&r.name, Some(&r.detail), DETAIL_WIDTH))
            .collect();
        let label_width = labels.iter().map(|l| l.size().0 as i32).max().unwrap_or(0);
        let strip_x = MARGIN + label_width.max(120) + 24;
        let content_width = (strip_x + STRIP_WIDTH - MARGIN) as u32;
        let (header_w, header_h) = header_size(chart, content_width);
        let rows_y = MARGIN + header_h as i32 + 44;
        let row_height = if grouped { GROUP_ROW } else { DOCUMENT_ROW };
        let height = rows_y + data.rows.len() as i32 * row_height + 72 + MARGIN;
        let max_density = data
            .rows
            .iter()
            .flat_map(|r| match &r.strip {
                Strip::Density {
                    hostile,
                    sympathetic,
                } => hostile.iter().chain(sympathetic).copied().collect(),
                Strip::Marks(_) => Vec::new(),
            })
            .fold(0.0, f64::max);
        Layout {
            size: (
                (content_width.max(header_w) as i32 + 2 * MARGIN) as u32,
                height as u32,
            ),
            content_width,
            labels,
            strip_x,
            rows_y,
            row_height,
            max_density,
        }
    }

    /// The x of a place in a document: its start at the right.
    fn x(&self, at: f64) -> i32 {
        self.strip_x + STRIP_WIDTH - (at.clamp(0.0, 1.0) * f64::from(STRIP_WIDTH)).round() as i32
    }

    fn middle(&self, row: usize) -> i32 {
        self.rows_y + row as i32 * self.row_height + self.row_height / 2
    }

    fn rows_end(&self, n: usize) -> i32 {
        self.rows_y + n as i32 * self.row_height
    }
}

fn draw(area: &Area, chart: &Chart, data: &DispersionData, layout: &Layout) -> Result<()> {
    draw_header(area, chart, layout.content_width)?;
    draw_ends(area, layout, layout.rows_y - 8)?;
    let right = layout.size.0 as i32 - MARGIN;
    for (i, row) in data.rows.iter().enumerate() {
        let middle = layout.middle(i);
        let half = layout.row_height / 2;
        if i % 2 == 1 {
            canvas::fill(
                area,
                Rect::new(MARGIN - 8, middle - half, right + 8, middle + half),
                BAND,
            )?;
        }
        layout.labels[i].draw(area, (MARGIN, middle))?;
        canvas::line(
            area,
            (layout.x(1.0), middle),
            (layout.x(0.0), middle),
            GRID,
            1,
        )?;
        match &row.strip {
            Strip::Marks(marks) => draw_marks(area, marks, middle, layout)?,
            Strip::Density {
                hostile,
                sympathetic,
            } => draw_density(area, hostile, sympathetic, middle, layout)?,
        }
    }
    let bottom = layout.rows_end(data.rows.len());
    draw_scale(area, layout, bottom)?;
    draw_key(area, data.grouped_by.is_some(), (MARGIN, bottom + 46))
}

/// Descriptive matches first, so that a loaded tick is never hidden under a grey one.
fn draw_marks(area: &Area, marks: &[Mark], middle: i32, layout: &Layout) -> Result<()> {
    let reach = layout.row_height / 2 - 4;
    let (descriptive, loaded): (Vec<&Mark>, Vec<&Mark>) =
        marks.iter().partition(|m| m.contribution == 0.0);
    for m in descriptive {
        let x = layout.x(m.at);
        canvas::line(
            area,
            (x, middle - reach / 2),
            (x, middle + reach / 2),
            DESCRIPTIVE_TICK,
            2,
        )?;
    }
    for m in loaded {
        let x = layout.x(m.at);
        canvas::line(
            area,
            (x, middle - reach),
            (x, middle + reach),
            tick_color(m),
            3,
        )?;
    }
    Ok(())
}

/// A descriptive term's tick: lighter than any loaded one.
const DESCRIPTIVE_TICK: RGBColor = RGBColor(0xB8, 0xB8, 0xB8);

/// Vermillion or blue, from a light tint for a small contribution to the full colour for
/// one of weight 1 or more.
fn tick_color(mark: &Mark) -> RGBColor {
    let full = if mark.contribution < 0.0 {
        HOSTILE
    } else {
        SYMPATHETIC
    };
    palette::mix(
        NEUTRAL,
        full,
        0.35 + 0.65 * mark.contribution.abs().min(1.0),
    )
}

/// Hostile weight as bars above the line, sympathetic below, one a slice.
fn draw_density(
    area: &Area,
    hostile: &[f64],
    sympathetic: &[f64],
    middle: i32,
    layout: &Layout,
) -> Result<()> {
    if layout.max_density <= 0.0 {
        return Ok(());
    }
    let reach = f64::from(layout.row_height / 2 - 3);
    let height = |v: f64| (v / layout.max_density * reach).round() as i32;
    for (bin, (&h, &s)) in hostile.iter().zip(sympathetic).enumerate() {
        let from = layout.x(bin as f64 / BINS as f64);
        let to = layout.x((bin + 1) as f64 / BINS as f64);
        let (x0, x1) = (to + 1, from - 1);
        if h > 0.0 {
            let top = middle - height(h).max(1);
            canvas::fill(area, Rect::new(x0, top, x1, middle), HOSTILE)?;
        }
        if s > 0.0 {
            let bottom = middle + height(s).max(1);
            canvas::fill(area, Rect::new(x0, middle + 1, x1, bottom + 1), SYMPATHETIC)?;
        }
    }
    Ok(())
}

/// Which end of the strips is the start of a document, in English and Arabic.
fn draw_ends(area: &Area, layout: &Layout, y: i32) -> Result<()> {
    let end = |text: &str, x: i32, align: HAlign| {
        Label::new(text, LABEL_PX)
            .color(MUTED)
            .anchor(align, VAlign::Bottom)
            .draw(area, (x, y))
    };
    end("first word · بداية النص", layout.x(0.0), HAlign::Right)?;
    end("نهاية النص · last word", layout.x(1.0), HAlign::Left)?;
    end("← reading direction", layout.x(0.5), HAlign::Center)?;
    Ok(())
}

/// How far into the documents, under the strips.
fn draw_scale(area: &Area, layout: &Layout, y: i32) -> Result<()> {
    canvas::line(area, (layout.x(1.0), y), (layout.x(0.0), y), MUTED, 1)?;
    for (at, text) in [
        (0.0, "0%"),
        (0.25, "25%"),
        (0.5, "50%"),
        (0.75, "75%"),
        (1.0, "100%"),
    ] {
        let x = layout.x(at);
        canvas::line(area, (x, y), (x, y + 5), MUTED, 1)?;
        Label::new(text, SMALL_PX)
            .color(MUTED)
            .anchor(HAlign::Center, VAlign::Top)
            .draw(area, (x, y + 7))?;
    }
    Label::new("of the way through the text", SMALL_PX)
        .color(MUTED)
        .anchor(HAlign::Center, VAlign::Top)
        .draw(area, (layout.x(0.5), y + 24))?;
    Ok(())
}

/// What the colours mean.
fn draw_key(area: &Area, grouped: bool, at: (i32, i32)) -> Result<()> {
    let mut entries = vec![(HOSTILE, HOSTILE_KEY), (SYMPATHETIC, SYMPATHETIC_KEY)];
    if !grouped {
        entries.push((DESCRIPTIVE_TICK, "descriptive · وصفي"));
    }
    canvas::key(area, at, 4, &entries)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::canvas::with_buffer;
    use crate::report::charts::fixture;

    #[test]
    fn a_documents_matches_are_placed_by_their_word_position() {
        let report = fixture::report(&fixture::corpus(3), false);
        let data = data(&report).unwrap().unwrap();
        let row = data.rows.iter().find(|r| r.name == "000").unwrap();
        let Strip::Marks(marks) = &row.strip else {
            panic!("a document gets marks");
        };
        assert_eq!(marks.len(), report.matches_of(0).len());
        assert!(marks.iter().all(|m| (0.0..1.0).contains(&m.at)));
        // The hostile text's first sentence carries "مرتزقة": a hostile mark in its first half.
        assert!(marks.iter().any(|m| m.contribution < 0.0 && m.at < 0.5));
    }

    #[test]
    fn a_group_adds_up_its_documents_per_document() {
        let texts = fixture::corpus(45);
        let report = fixture::report(&texts, true);
        let data = data(&report).unwrap().unwrap();
        let Strip::Density {
            hostile,
            sympathetic,
        } = &data.rows[0].strip
        else {
            panic!("a group gets a density");
        };
        assert_eq!(hostile.len(), BINS);
        let unit = units(&report).units.remove(0);
        let per = unit.members.len() as f64;
        let total = |sign: f64| -> f64 {
            let all = unit
                .members
                .iter()
                .flat_map(|&i| marks(&report, i).unwrap());
            all.map(|m| m.contribution * sign)
                .filter(|c| *c > 0.0)
                .sum::<f64>()
                / per
        };
        assert!((hostile.iter().sum::<f64>() - total(-1.0)).abs() < 1e-9);
        assert!((sympathetic.iter().sum::<f64>() - total(1.0)).abs() < 1e-9);
    }

    #[test]
    fn the_start_of_a_document_is_at_the_right() {
        let data = DispersionData {
            rows: vec![Row {
                name: "000".into(),
                detail: String::new(),
                strip: Strip::Marks(vec![Mark {
                    at: 0.05,
                    contribution: -1.0,
                }]),
            }],
            grouped_by: None,
        };
        let chart = describe(&data);
        let layout = Layout::new(&chart, &data);
        let pixels = with_buffer(layout.size, |area| draw(area, &chart, &data, &layout));
        let middle = layout.middle(0) as u32;
        let hostile: Vec<u32> = pixels
            .matching(HOSTILE, 4)
            .filter(|&(_, y)| y == middle)
            .map(|(x, _)| x)
            .collect();
        assert!(!hostile.is_empty());
        let centre = layout.x(0.5) as u32;
        assert!(hostile.iter().all(|&x| x > centre), "{hostile:?}");
    }

    #[test]
    fn no_chart_when_nothing_matched() {
        let texts = vec![("a".to_string(), String::new(), fixture::PLAIN)];
        assert!(data(&fixture::report(&texts, false)).unwrap().is_none());
    }
}
