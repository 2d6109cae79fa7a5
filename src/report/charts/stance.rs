//! `stance.png`: each document's stance toward Turkey's role as a dot on a fixed axis
//! from -1 (hostile) to +1 (sympathetic), with its 95% interval as a bar, documents
//! sorted by score. On a large corpus each row is a group of documents instead: the dot
//! is their mean score and the bar spans the middle half of them.

use std::path::Path;

use anyhow::{Context, Result};

use super::canvas::{
    self, draw_header, header_size, signed, write_image, Area, Rect, LABEL_PX, MARGIN, SMALL_PX,
};
use super::palette::{self, BAND, GRID, HOSTILE, MUTED, SYMPATHETIC};
use super::text::{HAlign, Label, VAlign};
use super::units::{mean_score, name_label, units, Pooling, Unit};
use super::Chart;
use crate::report::documents::READ_BACK;
use crate::report::Report;

pub const FILE: &str = "stance.png";

/// Width of the -1..+1 axis.
const PLOT_WIDTH: i32 = 560;
const ROW_HEIGHT: i32 = 32;
/// Widest a document's title may be on its label before it is cut.
const DETAIL_WIDTH: u32 = 320;
const GAP: i32 = 24;
const TICKS: [f64; 5] = [-1.0, -0.5, 0.0, 0.5, 1.0];

/// One row: a document, or a group of documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub name: String,
    pub detail: String,
    pub score: f64,
    pub low: f64,
    pub high: f64,
}

/// What the chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct StanceData {
    /// Sorted from most hostile to most sympathetic.
    pub rows: Vec<Row>,
    /// `None` when each row is a document, else what documents were grouped by.
    pub grouped_by: Option<Pooling>,
}

/// The rows of the chart from a report.
pub fn data(report: &Report) -> Result<StanceData> {
    let units = units(report);
    let grouped = units.grouped_by.is_some();
    let rows: Vec<Row> = units
        .units
        .iter()
        .map(|u| row(report, u, grouped))
        .collect::<Result<_>>()?;
    Ok(StanceData {
        rows,
        grouped_by: units.grouped_by,
    })
}

fn row(report: &Report, unit: &Unit, grouped: bool) -> Result<Row> {
    let scores: Vec<f64> = unit
        .members
        .iter()
        .map(|&i| report.documents.get(i).score())
        .collect();
    let (score, low, high) = if grouped {
        let mut sorted = scores;
        // Equal under total_cmp is the same bits: an unstable sort gives one order, and
        // needs no buffer the size of a group (issue 6).
        sorted.sort_unstable_by(f64::total_cmp);
        (
            mean_score(report, &unit.members),
            quantile(&sorted, 0.25),
            quantile(&sorted, 0.75),
        )
    } else {
        let s = report
            .documents
            .get(unit.members[0])
            .stance()
            .context(READ_BACK)?;
        (s.score, s.low, s.high)
    };
    Ok(Row {
        name: unit.name.clone(),
        detail: unit.detail.clone(),
        score,
        low,
        high,
    })
}

/// The `q` quantile of sorted values, interpolated (0 for none).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => 0.0,
        n => {
            let at = q * (n - 1) as f64;
            let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
            sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo as f64)
        }
    }
}

/// The title and reading guide.
pub fn describe(data: &StanceData) -> Chart {
    let (title, guide) = match &data.grouped_by {
        None => (
            "Stance toward Turkey's role in Libya, by document".to_string(),
            "Each dot is a document's stance score, the bar its 95% interval (wide bar = thin evidence). \
             Left, vermillion: hostile to Turkey's role; right, blue: sympathetic."
                .to_string(),
        ),
        Some(pooling) => (
            format!("Stance toward Turkey's role in Libya, {}", pooling.by()),
            format!(
                "Each dot is the mean stance score of one {}'s documents; the bar spans the middle half of them \
                 (a wide bar = documents that disagree). Left, vermillion: hostile to Turkey's role; \
                 right, blue: sympathetic.",
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
pub fn write(path: &Path, chart: &Chart, data: &StanceData) -> Result<()> {
    let layout = Layout::new(chart, data);
    write_image(path, layout.size, |area| draw(area, chart, data, &layout))
}

/// Where everything goes, in pixels.
struct Layout {
    size: (u32, u32),
    content_width: u32,
    labels: Vec<Label>,
    values: Vec<Label>,
    /// Left of the axis, and where the rows start.
    plot_x: i32,
    values_x: i32,
    rows_y: i32,
}

impl Layout {
    fn new(chart: &Chart, data: &StanceData) -> Layout {
        let grouped = data.grouped_by.is_some();
        let labels: Vec<Label> = data.rows.iter().map(|r| row_label(r, grouped)).collect();
        let values: Vec<Label> = data.rows.iter().map(|r| value_label(r, grouped)).collect();
        let widest = |ls: &[Label], min: u32| {
            ls.iter().map(|l| l.size().0).max().unwrap_or(0).max(min) as i32
        };
        let plot_x = MARGIN + widest(&labels, 120) + GAP;
        let values_x = plot_x + PLOT_WIDTH + GAP;
        let content_width = (values_x + widest(&values, 150) - MARGIN) as u32;
        let (header_w, header_h) = header_size(chart, content_width);
        let rows_y = MARGIN + header_h as i32 + 26;
        let width = content_width.max(header_w) as i32 + 2 * MARGIN;
        let height = rows_y + data.rows.len() as i32 * ROW_HEIGHT + 84 + MARGIN;
        Layout {
            size: (width as u32, height as u32),
            content_width,
            labels,
            values,
            plot_x,
            values_x,
            rows_y,
        }
    }

    /// The x of a score.
    fn x(&self, score: f64) -> i32 {
        self.plot_x + ((score.clamp(-1.0, 1.0) + 1.0) / 2.0 * f64::from(PLOT_WIDTH)).round() as i32
    }

    /// The vertical middle of row `i`.
    fn y(&self, i: usize) -> i32 {
        self.rows_y + i as i32 * ROW_HEIGHT + ROW_HEIGHT / 2
    }

    fn rows_end(&self, n: usize) -> i32 {
        self.rows_y + n as i32 * ROW_HEIGHT
    }
}

/// A group's size is in its value column instead of its label.
fn row_label(row: &Row, grouped: bool) -> Label {
    let detail = (!grouped).then_some(row.detail.as_str());
    name_label(&row.name, detail, DETAIL_WIDTH)
}

fn value_label(row: &Row, grouped: bool) -> Label {
    let text = if grouped {
        format!("{}   ({})", signed(row.score), row.detail)
    } else {
        format!(
            "{}   [{}, {}]",
            signed(row.score),
            signed(row.low),
            signed(row.high)
        )
    };
    Label::new(&text, SMALL_PX)
        .color(MUTED)
        .anchor(HAlign::Left, VAlign::Middle)
}

fn draw(area: &Area, chart: &Chart, data: &StanceData, layout: &Layout) -> Result<()> {
    draw_header(area, chart, layout.content_width)?;
    draw_column_heads(area, data, layout)?;
    draw_grid(area, data, layout)?;
    for (i, row) in data.rows.iter().enumerate() {
        layout.labels[i].draw(area, (MARGIN, layout.y(i)))?;
        draw_row(area, row, layout, layout.y(i))?;
        layout.values[i].draw(area, (layout.values_x, layout.y(i)))?;
    }
    draw_axis(area, layout, layout.rows_end(data.rows.len()))
}

fn draw_column_heads(area: &Area, data: &StanceData, layout: &Layout) -> Result<()> {
    let head = |text: &str| {
        Label::new(text, SMALL_PX)
            .color(MUTED)
            .anchor(HAlign::Left, VAlign::Bottom)
    };
    let y = layout.rows_y - 6;
    let unit = data.grouped_by.as_ref().map_or("document", Pooling::noun);
    head(unit).draw(area, (MARGIN, y))?;
    let value_head = if data.grouped_by.is_some() {
        "mean score"
    } else {
        "score [95% interval]"
    };
    head(value_head).draw(area, (layout.values_x, y))?;
    Ok(())
}

/// Row bands, the tick lines and the zero line.
fn draw_grid(area: &Area, data: &StanceData, layout: &Layout) -> Result<()> {
    let right = layout.size.0 as i32 - MARGIN;
    for i in (1..data.rows.len()).step_by(2) {
        let y = layout.rows_y + i as i32 * ROW_HEIGHT;
        canvas::fill(
            area,
            Rect::new(MARGIN - 8, y, right + 8, y + ROW_HEIGHT),
            BAND,
        )?;
    }
    let (top, bottom) = (layout.rows_y, layout.rows_end(data.rows.len()));
    for t in TICKS {
        let (color, width) = if t == 0.0 { (MUTED, 2) } else { (GRID, 1) };
        canvas::line(
            area,
            (layout.x(t), top),
            (layout.x(t), bottom),
            color,
            width,
        )?;
    }
    Ok(())
}

fn draw_row(area: &Area, row: &Row, layout: &Layout, y: i32) -> Result<()> {
    let color = palette::stance(row.score);
    let (x0, x1) = (layout.x(row.low), layout.x(row.high));
    canvas::line(
        area,
        (x0, y),
        (x1, y),
        palette::mix(color, palette::WHITE, 0.25),
        4,
    )?;
    for x in [x0, x1] {
        canvas::line(area, (x, y - 6), (x, y + 6), color, 2)?;
    }
    canvas::dot(area, (layout.x(row.score), y), 7, color)
}

/// Ticks and their values under the rows, then what each end of the axis means, in
/// English and Arabic.
fn draw_axis(area: &Area, layout: &Layout, y: i32) -> Result<()> {
    canvas::line(area, (layout.x(-1.0), y), (layout.x(1.0), y), MUTED, 1)?;
    for t in TICKS {
        canvas::line(area, (layout.x(t), y), (layout.x(t), y + 6), MUTED, 1)?;
        let text = if t > 0.0 {
            format!("+{t}")
        } else {
            format!("{t}").replace('-', "\u{2212}")
        };
        Label::new(&text, SMALL_PX)
            .color(MUTED)
            .anchor(HAlign::Center, VAlign::Top)
            .draw(area, (layout.x(t), y + 9))?;
    }
    let ends = [
        (
            -1.0,
            HAlign::Left,
            "← hostile to Turkey's role",
            "معارض لدور تركيا",
            HOSTILE,
        ),
        (
            1.0,
            HAlign::Right,
            "sympathetic to Turkey's role →",
            "متعاطف مع دور تركيا",
            SYMPATHETIC,
        ),
    ];
    for (at, align, english, arabic, color) in ends {
        let x = layout.x(at);
        let e = Label::new(english, LABEL_PX)
            .color(color)
            .anchor(align, VAlign::Top)
            .draw(area, (x, y + 34))?;
        Label::new(arabic, LABEL_PX)
            .color(color)
            .anchor(align, VAlign::Top)
            .draw(area, (x, e.y1 + 4))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::canvas::with_buffer;

    fn sample(n: usize) -> StanceData {
        let rows = (0..n)
            .map(|i| {
                let score = -0.8 + 1.6 * i as f64 / n.max(2).saturating_sub(1) as f64;
                Row {
                    name: format!("{i:03}"),
                    detail: "التحالف التركي الروسي.. هل يتكرّر المشهد السوري في ليبيا؟".to_string(),
                    score,
                    low: score - 0.2,
                    high: score + 0.15,
                }
            })
            .collect();
        StanceData {
            rows,
            grouped_by: None,
        }
    }

    #[test]
    fn the_chart_grows_with_the_rows() {
        let (five, forty) = (sample(5), sample(40));
        let a = Layout::new(&describe(&five), &five).size;
        let b = Layout::new(&describe(&forty), &forty).size;
        assert_eq!(b.1 - a.1, 35 * ROW_HEIGHT as u32);
        assert!(a.0 >= PLOT_WIDTH as u32 + 200);
    }

    #[test]
    fn a_hostile_document_is_a_vermillion_dot_left_of_zero() {
        let data = StanceData {
            rows: vec![Row {
                name: "a".into(),
                detail: String::new(),
                score: -1.0,
                low: -1.0,
                high: -0.9,
            }],
            grouped_by: None,
        };
        let chart = describe(&data);
        let layout = Layout::new(&chart, &data);
        let pixels = with_buffer(layout.size, |area| draw(area, &chart, &data, &layout));
        let dot: Vec<(u32, u32)> = pixels
            .matching(HOSTILE, 8)
            .filter(|&(_, y)| (y as i32 - layout.y(0)).abs() <= 7)
            .collect();
        assert!(
            dot.len() > 60,
            "no vermillion dot on the row: {}",
            dot.len()
        );
        assert!(
            dot.iter().all(|&(x, _)| (x as i32) < layout.x(0.0)),
            "the dot must be left of zero"
        );
    }

    #[test]
    fn groups_show_the_mean_and_middle_half() {
        let sorted = [-1.0, -0.5, 0.0, 0.5, 1.0];
        assert_eq!(quantile(&sorted, 0.25), -0.5);
        assert_eq!(quantile(&sorted, 0.5), 0.0);
        assert!((quantile(&[-0.2, 0.2], 0.75) - 0.1).abs() < 1e-12);
    }
}
