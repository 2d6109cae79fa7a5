//! `frames_heatmap.png`: how much each document uses each frame, as weighted matches per
//! 1000 tokens, with the value written in every cell that has one.
//!
//! Rows are frames, grouped by the stance they usually express (hostile to Turkey's role,
//! sympathetic, descriptive) under a heading each; columns are documents in the stance
//! chart's order, most hostile first. A cell's hue is its frame's usual stance on the one
//! stance scale and its depth the rate, so a column's colours tell at a glance which
//! kind of framing a document leans on. On a large corpus the columns are groups of
//! documents and a cell is the group's pooled rate (all its matches over all its tokens).

use std::path::Path;

use anyhow::Result;
use plotters::style::RGBColor;

use super::canvas::{
    self, column_heads, draw_header, header_size, write_image, Area, Rect, LABEL_PX, MARGIN,
    SMALL_PX,
};
use super::palette::{self, GRID, HOSTILE, INK, MUTED, NEUTRAL, SYMPATHETIC, WHITE};
use super::text::{isolate, Direction, HAlign, Label, VAlign};
use super::units::{pooled_rate, units, Pooling};
use super::Chart;
use crate::report::Report;

pub const FILE: &str = "frames_heatmap.png";

const CELL_HEIGHT: i32 = 30;
const MIN_CELL_WIDTH: i32 = 62;
const HEADING_HEIGHT: i32 = 30;
/// The lightest tint a non-zero cell gets, so that a small rate is still visible.
const MIN_TINT: f64 = 0.12;

/// A frame as the chart shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameRow {
    pub label: String,
    pub label_ar: String,
    /// The stance the frame usually expresses (-1 ..= 1).
    pub typical: f64,
    /// Rate per column.
    pub values: Vec<f64>,
}

/// What the chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatmapData {
    /// Frames in display order: hostile, then sympathetic, then descriptive.
    pub frames: Vec<FrameRow>,
    pub columns: Vec<String>,
    pub grouped_by: Option<Pooling>,
}

/// The three kinds of frame, in the order the chart lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Hostile,
    Sympathetic,
    Descriptive,
}

impl Kind {
    fn of(typical: f64) -> Kind {
        if typical < 0.0 {
            Kind::Hostile
        } else if typical > 0.0 {
            Kind::Sympathetic
        } else {
            Kind::Descriptive
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Kind::Hostile => "frames hostile to Turkey's role",
            Kind::Sympathetic => "frames sympathetic to Turkey's role",
            Kind::Descriptive => "descriptive frames",
        }
    }
}

/// The table of rates from a report.
pub fn data(report: &Report) -> HeatmapData {
    let units = units(report);
    let mut frames: Vec<FrameRow> = report
        .lexicon
        .frames
        .iter()
        .enumerate()
        .map(|(j, f)| FrameRow {
            label: f.label.clone(),
            label_ar: f.label_ar.clone(),
            typical: f.typical_stance(),
            values: units
                .units
                .iter()
                .map(|u| pooled_rate(report, j, &u.members))
                .collect(),
        })
        .collect();
    // Stable: frames of one kind and strength keep the lexicon's order.
    frames.sort_by(|a, b| {
        Kind::of(a.typical)
            .cmp(&Kind::of(b.typical))
            .then(b.typical.abs().total_cmp(&a.typical.abs()))
    });
    let columns = units.units.iter().map(|u| u.name.clone()).collect();
    HeatmapData {
        frames,
        columns,
        grouped_by: units.grouped_by,
    }
}

/// The title and reading guide.
pub fn describe(data: &HeatmapData) -> Chart {
    let (title, unit) = match &data.grouped_by {
        None => ("Which frames each document uses".to_string(), "document"),
        Some(pooling) => (
            format!(
                "Which frames each group uses, {} (documents pooled)",
                pooling.by()
            ),
            "group",
        ),
    };
    Chart {
        file: FILE.to_string(),
        title,
        guide: format!(
            "Each cell: weighted matches of a frame per 1000 words; the deeper the colour, the more. \
             Hue: the frame's usual stance. Columns run from the most hostile {unit} (left) to the most \
             sympathetic."
        ),
    }
}

/// Writes the chart to `path`.
pub fn write(path: &Path, chart: &Chart, data: &HeatmapData) -> Result<()> {
    let layout = Layout::new(chart, data);
    write_image(path, layout.size, |area| draw(area, chart, data, &layout))
}

/// One line of the table: a kind's heading or a frame.
enum Line {
    Heading(Kind),
    Frame(usize),
}

/// Where everything goes, in pixels.
struct Layout {
    size: (u32, u32),
    content_width: u32,
    lines: Vec<(Line, i32)>,
    labels: Vec<Label>,
    heads: Vec<Label>,
    grid_x: i32,
    grid_y: i32,
    cell_width: i32,
    max: f64,
}

impl Layout {
    fn new(chart: &Chart, data: &HeatmapData) -> Layout {
        let labels: Vec<Label> = data.frames.iter().map(frame_label).collect();
        let heads = column_heads(&data.columns, MIN_CELL_WIDTH);
        let cell_width = heads
            .iter()
            .map(|h| h.size().0 as i32 + 14)
            .max()
            .unwrap_or(0)
            .max(MIN_CELL_WIDTH);
        let heads_height = heads.iter().map(|h| h.size().1 as i32).max().unwrap_or(0);
        let label_width = labels
            .iter()
            .map(|l| l.size().0 as i32)
            .max()
            .unwrap_or(0)
            .max(160);
        let grid_x = MARGIN + 22 + label_width + 14;
        let content_width = (grid_x + cell_width * data.columns.len() as i32 - MARGIN) as u32;
        let (header_w, header_h) = header_size(chart, content_width);
        let grid_y = MARGIN + header_h as i32 + heads_height + 10;
        let (lines, grid_end) = lines(data, grid_y);
        let width = content_width.max(header_w) as i32 + 2 * MARGIN;
        let height = grid_end + 84 + MARGIN;
        let max = data
            .frames
            .iter()
            .flat_map(|f| f.values.iter().copied())
            .fold(0.0, f64::max);
        let size = (width as u32, height as u32);
        Layout {
            size,
            content_width,
            lines,
            labels,
            heads,
            grid_x,
            grid_y,
            cell_width,
            max,
        }
    }

    fn cell(&self, column: usize, y: i32) -> Rect {
        let x = self.grid_x + column as i32 * self.cell_width;
        Rect::new(x, y, x + self.cell_width, y + CELL_HEIGHT)
    }
}

/// The headings and frames with the y each starts at, and the y after the last.
fn lines(data: &HeatmapData, mut y: i32) -> (Vec<(Line, i32)>, i32) {
    let mut lines = Vec::new();
    let mut kind = None;
    for (i, frame) in data.frames.iter().enumerate() {
        let k = Kind::of(frame.typical);
        if kind != Some(k) {
            lines.push((Line::Heading(k), y));
            y += HEADING_HEIGHT;
            kind = Some(k);
        }
        lines.push((Line::Frame(i), y));
        y += CELL_HEIGHT;
    }
    (lines, y)
}

/// "Invasion · غزو", the Arabic isolated so that it reads right to left after the English.
fn frame_label(frame: &FrameRow) -> Label {
    let text = if frame.label_ar.is_empty() {
        frame.label.clone()
    } else {
        format!("{} · {}", frame.label, isolate(&frame.label_ar))
    };
    Label::with_direction(&text, LABEL_PX, Direction::Ltr)
        .color(INK)
        .anchor(HAlign::Left, VAlign::Middle)
}

/// The fill of a cell: white when empty, else the frame's stance hue, deeper with the rate.
fn cell_color(value: f64, max: f64, typical: f64) -> RGBColor {
    if value <= 0.0 || max <= 0.0 {
        return WHITE;
    }
    let depth = MIN_TINT + (1.0 - MIN_TINT) * (value / max);
    palette::mix(WHITE, hue(typical), depth)
}

/// A frame's hue: the stance colour of its kind, at full strength.
fn hue(typical: f64) -> RGBColor {
    match Kind::of(typical) {
        Kind::Hostile => HOSTILE,
        Kind::Sympathetic => SYMPATHETIC,
        Kind::Descriptive => NEUTRAL,
    }
}

fn format_rate(v: f64) -> String {
    if v >= 99.95 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn draw(area: &Area, chart: &Chart, data: &HeatmapData, layout: &Layout) -> Result<()> {
    draw_header(area, chart, layout.content_width)?;
    for (c, head) in layout.heads.iter().enumerate() {
        let cell = layout.cell(c, layout.grid_y);
        head.draw(area, ((cell.x0 + cell.x1) / 2, layout.grid_y - 6))?;
    }
    for (line, y) in &layout.lines {
        match line {
            Line::Heading(kind) => draw_heading(area, *kind, *y, layout)?,
            Line::Frame(i) => draw_frame(area, data, *i, *y, layout)?,
        }
    }
    let bottom = layout
        .lines
        .last()
        .map_or(layout.grid_y, |(_, y)| y + CELL_HEIGHT);
    draw_legend(area, layout, bottom + 24)
}

fn draw_heading(area: &Area, kind: Kind, y: i32, layout: &Layout) -> Result<()> {
    let color = if kind == Kind::Descriptive {
        MUTED
    } else {
        hue(if kind == Kind::Hostile { -1.0 } else { 1.0 })
    };
    let label = Label::new(kind.heading(), SMALL_PX)
        .color(color)
        .anchor(HAlign::Left, VAlign::Bottom);
    label.draw(area, (MARGIN, y + HEADING_HEIGHT - 5))?;
    let right = layout.size.0 as i32 - MARGIN;
    canvas::line(
        area,
        (MARGIN, y + HEADING_HEIGHT - 1),
        (right, y + HEADING_HEIGHT - 1),
        GRID,
        1,
    )
}

fn draw_frame(area: &Area, data: &HeatmapData, i: usize, y: i32, layout: &Layout) -> Result<()> {
    let frame = &data.frames[i];
    let mid = y + CELL_HEIGHT / 2;
    canvas::fill(
        area,
        Rect::new(MARGIN, mid - 6, MARGIN + 12, mid + 6),
        palette::stance(frame.typical),
    )?;
    layout.labels[i].draw(area, (MARGIN + 22, mid))?;
    for (c, &value) in frame.values.iter().enumerate() {
        let cell = layout.cell(c, y);
        let fill = cell_color(value, layout.max, frame.typical);
        canvas::fill(
            area,
            Rect::new(cell.x0 + 1, cell.y0 + 1, cell.x1 - 1, cell.y1 - 1),
            fill,
        )?;
        if value > 0.0 {
            let text = Label::new(&format_rate(value), SMALL_PX).color(palette::text_on(fill));
            text.anchor(HAlign::Center, VAlign::Middle)
                .draw(area, ((cell.x0 + cell.x1) / 2, mid))?;
        }
    }
    Ok(())
}

/// Three ramps, one a kind of frame, from the lightest non-zero cell to the deepest.
fn draw_legend(area: &Area, layout: &Layout, y: i32) -> Result<()> {
    if layout.max <= 0.0 {
        let none = Label::new("No document matched any frame of the lexicons.", SMALL_PX);
        none.color(MUTED).draw(area, (MARGIN, y))?;
        return Ok(());
    }
    let mut x = MARGIN;
    for kind in [Kind::Hostile, Kind::Sympathetic, Kind::Descriptive] {
        x = draw_ramp(area, kind, layout.max, (x, y))? + 28;
    }
    let scale = format!(
        "from just above 0 to {} weighted matches per 1000 words; blank = none",
        format_rate(layout.max)
    );
    Label::new(&scale, SMALL_PX)
        .color(MUTED)
        .draw(area, (MARGIN, y + 26))?;
    Ok(())
}

/// A kind's colours from the lightest cell to the deepest, and its name; returns the x
/// where it ends.
fn draw_ramp(area: &Area, kind: Kind, max: f64, (x, y): (i32, i32)) -> Result<i32> {
    let typical = match kind {
        Kind::Hostile => -1.0,
        Kind::Sympathetic => 1.0,
        Kind::Descriptive => 0.0,
    };
    for step in 0..50 {
        let color = cell_color(max * (f64::from(step) + 1.0) / 50.0, max, typical);
        let x = x + 2 * step;
        canvas::fill(area, Rect::new(x, y, x + 2, y + 14), color)?;
    }
    let name = match kind {
        Kind::Hostile => "hostile",
        Kind::Sympathetic => "sympathetic",
        Kind::Descriptive => "descriptive",
    };
    let label = Label::new(name, SMALL_PX)
        .color(MUTED)
        .anchor(HAlign::Left, VAlign::Middle);
    Ok(label.draw(area, (x + 108, y + 7))?.x1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::canvas::with_buffer;

    fn sample(columns: usize) -> HeatmapData {
        let frame = |label: &str, ar: &str, typical: f64, v: f64| FrameRow {
            label: label.into(),
            label_ar: ar.into(),
            typical,
            values: (0..columns).map(|c| if c == 0 { v } else { 0.0 }).collect(),
        };
        HeatmapData {
            frames: vec![
                frame("Invasion", "غزو", -1.0, 12.5),
                frame("Legitimacy", "شرعية", 1.0, 0.0),
                frame("Interests", "مصالح", 0.0, 3.0),
            ],
            columns: (0..columns).map(|c| format!("{c:03}")).collect(),
            grouped_by: None,
        }
    }

    #[test]
    fn kinds_order_hostile_then_sympathetic_then_descriptive() {
        assert!(Kind::of(-0.5) < Kind::of(1.0));
        assert!(Kind::of(1.0) < Kind::of(0.0));
    }

    #[test]
    fn a_heavy_cell_is_deep_and_an_empty_one_white() {
        assert_eq!(cell_color(0.0, 10.0, -1.0), WHITE);
        assert_eq!(cell_color(10.0, 10.0, -1.0), HOSTILE);
        let light = cell_color(1.0, 10.0, 1.0);
        assert!(
            light.0 > 200 && light.2 > 200,
            "a small rate is a light tint: {light:?}"
        );
    }

    #[test]
    fn the_busiest_cell_is_filled_with_its_frames_hue() {
        let data = sample(5);
        let chart = describe(&data);
        let layout = Layout::new(&chart, &data);
        let pixels = with_buffer(layout.size, |area| draw(area, &chart, &data, &layout));
        let (_, y) = layout
            .lines
            .iter()
            .find(|(l, _)| matches!(l, Line::Frame(0)))
            .unwrap();
        let cell = layout.cell(0, *y);
        let (x, y) = (cell.x0 as u32 + 4, cell.y0 as u32 + 4);
        assert_eq!(pixels.at(x, y), (HOSTILE.0, HOSTILE.1, HOSTILE.2));
        let empty = layout.cell(1, cell.y0);
        assert_eq!(
            pixels.at(empty.x0 as u32 + 4, empty.y0 as u32 + 4),
            (255, 255, 255)
        );
    }

    #[test]
    fn each_kind_gets_one_heading() {
        let data = sample(5);
        let (lines, end) = lines(&data, 0);
        assert_eq!(
            lines
                .iter()
                .filter(|(l, _)| matches!(l, Line::Heading(_)))
                .count(),
            3
        );
        assert_eq!(end, 3 * HEADING_HEIGHT + 3 * CELL_HEIGHT);
    }
}
