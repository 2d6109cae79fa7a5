//! `validation.png`: each hand-coded document as a dot, across at the coders' value (on
//! the gold file's own scale) and up at mizan's stance score with its 95% interval.
//!
//! A dashed line marks perfect agreement: the coding rescaled to -1..+1 around its
//! neutral value, by the largest distance from neutral among the coded documents (the
//! rescaling the report's list of disagreements uses), so that the line runs from
//! corner to corner of the plot. Coded values are often few and tied (-2..+2), so dots
//! on the same value are spread a little sideways, in document order, to stay visible.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use plotters::prelude::*;

use super::canvas::{
    self, draw_header, header_size, write_image, Area, Rect, LABEL_PX, MARGIN, SMALL_PX,
};
use super::palette::{self, BAND, GRID, HOSTILE, INK, MUTED, SYMPATHETIC};
use super::place::Placer;
use super::text::{HAlign, Label, VAlign};
use super::timeline::{dashed, draw_stance_axis, stance_axis_width, stance_y, PAD};
use super::units::MAX_DOCUMENTS;
use super::Chart;
use crate::analysis::Validation;
use crate::features::Stance;
use crate::report::documents::READ_BACK;
use crate::report::Report;

pub const FILE: &str = "validation.png";

/// Side of the square plot.
const PLOT: i32 = 520;
const DOT_RADIUS: i32 = 6;
/// Dots of a coding too large to name its documents: smaller, so that they overlap less.
const SMALL_DOT_RADIUS: i32 = 4;
/// How far tied dots spread to each side, as a share of the smallest step between two
/// coded values: more for more ties, yet well short of halfway, so that a dot is never
/// nearer the next value.
const MIN_SPREAD: f64 = 0.14;
const MAX_SPREAD: f64 = 0.35;
/// Most ticks on the coding's axis.
const MAX_TICKS: usize = 10;
const REFERENCE: RGBColor = RGBColor(0x80, 0x80, 0x80);
/// Dash and gap of the line of agreement, in pixels.
const DASH: (f64, f64) = (10.0, 6.0);

/// One hand-coded document.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub name: String,
    pub gold: f64,
    /// Where the dot goes across: the gold value, spread when tied.
    pub x: f64,
    pub score: f64,
    pub low: f64,
    pub high: f64,
}

/// What the chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationData {
    pub points: Vec<Point>,
    pub gold_neutral: f64,
    /// The largest distance of a coded value from neutral: the coding's ±1.
    pub gold_scale: f64,
    /// How far tied dots spread to each side, in the coding's units (0 without ties):
    /// the axis reaches that far past the coding's ends.
    pub spread: f64,
    /// |mizan score| below which mizan counts as neutral.
    pub neutral_band: f64,
    pub spearman: Option<f64>,
    pub pearson: Option<f64>,
    /// Documents whose direction agrees.
    pub agree: usize,
    /// Whether the points are named (up to [`MAX_DOCUMENTS`]).
    pub named: bool,
}

/// The comparison of a report with its hand coding; `None` without one or with fewer
/// than two coded documents, which make no scatter.
pub fn data(report: &Report) -> Result<Option<ValidationData>> {
    let Some(v) = report.validation.as_ref() else {
        return Ok(None);
    };
    let stances: BTreeMap<usize, Stance> = v
        .pairs
        .iter()
        .map(|&(i, _)| Ok((i, report.documents.get(i).stance().context(READ_BACK)?)))
        .collect::<Result<_>>()?;
    Ok(build(v, |i| (report.short_name(i), stances[&i])))
}

fn build(v: &Validation, document: impl Fn(usize) -> (String, Stance)) -> Option<ValidationData> {
    if v.pairs.len() < 2 {
        return None;
    }
    let golds: Vec<f64> = v.pairs.iter().map(|p| p.1).collect();
    let (xs, spread) = spread(&golds);
    let points = v
        .pairs
        .iter()
        .zip(xs)
        .map(|(&(i, gold), x)| {
            let (name, s) = document(i);
            Point {
                name,
                gold,
                x,
                score: s.score,
                low: s.low,
                high: s.high,
            }
        })
        .collect();
    let gold_scale = golds
        .iter()
        .map(|g| (g - v.gold_neutral).abs())
        .fold(0.0, f64::max);
    Some(ValidationData {
        points,
        gold_neutral: v.gold_neutral,
        gold_scale: if gold_scale > 0.0 { gold_scale } else { 1.0 },
        spread,
        neutral_band: v.neutral_band,
        spearman: v.spearman,
        pearson: v.pearson,
        agree: (v.direction_agreement * v.pairs.len() as f64).round() as usize,
        named: v.pairs.len() <= MAX_DOCUMENTS,
    })
}

/// Where each dot goes across: its value, or for values shared by several documents,
/// evenly spread around it in document order (order by score would draw a slope that
/// is not in the data); and how far the spread reaches to each side.
fn spread(golds: &[f64]) -> (Vec<f64>, f64) {
    let mut distinct: Vec<f64> = golds.to_vec();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    let step = distinct
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(f64::INFINITY, f64::min);
    let step = if step.is_finite() { step } else { 1.0 };
    let mut ties: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    for (i, g) in golds.iter().enumerate() {
        ties.entry(g.to_bits()).or_default().push(i);
    }
    let mut xs = golds.to_vec();
    let mut reach: f64 = 0.0;
    for members in ties.values().filter(|m| m.len() > 1) {
        let k = members.len() - 1;
        let half = step * spread_share(members.len());
        for (j, &i) in members.iter().enumerate() {
            xs[i] += half * (2.0 * j as f64 / k as f64 - 1.0);
        }
        reach = reach.max(half);
    }
    (xs, reach)
}

/// How far `ties` dots on one value spread to each side, as a share of the step between
/// values: two dots just clear each other, a crowd gets the most room.
fn spread_share(ties: usize) -> f64 {
    (MIN_SPREAD + 0.02 * ties.saturating_sub(2) as f64).min(MAX_SPREAD)
}

/// The title and reading guide.
pub fn describe(data: &ValidationData) -> Chart {
    let named = if data.named {
        " Names are document ids."
    } else {
        ""
    };
    Chart {
        file: FILE.to_string(),
        title: "mizan against the hand coding".to_string(),
        guide: format!(
            "Each dot is a hand-coded document: across, the coders' value; up, mizan's stance score, \
             the bar its 95% interval. On the dashed line the two agree exactly (the coding rescaled \
             to −1…+1 around its neutral value {}); above it mizan reads the document as more \
             sympathetic to Turkey's role than the coders did, below it as more hostile.{named}",
            number(data.gold_neutral)
        ),
    }
}

/// Writes the chart to `path`.
pub fn write(path: &Path, chart: &Chart, data: &ValidationData) -> Result<()> {
    let layout = Layout::new(chart, data);
    write_image(path, layout.size, |area| draw(area, chart, data, &layout))
}

/// Where everything goes, in pixels.
struct Layout {
    size: (u32, u32),
    content_width: u32,
    plot: Rect,
    panel_x: i32,
    /// The coding's values from one end to the other.
    gold_range: (f64, f64),
    /// How far the axis reaches past them, for tied dots spread sideways.
    spread: f64,
    /// Top-left corner of each point's name.
    names: Vec<(i32, i32)>,
}

impl Layout {
    fn new(chart: &Chart, data: &ValidationData) -> Layout {
        let plot_x = MARGIN + stance_axis_width();
        let panel_x = plot_x + PLOT + 36;
        let panel = panel(data);
        let panel_w = panel.iter().map(|r| r.width()).max().unwrap_or(0) as i32;
        let content_width = (panel_x + panel_w - MARGIN) as u32;
        let (header_w, header_h) = header_size(chart, content_width);
        let plot_y = MARGIN + header_h as i32 + 10;
        let plot = Rect::new(plot_x, plot_y, plot_x + PLOT, plot_y + PLOT);
        let width = content_width.max(header_w) as i32 + 2 * MARGIN;
        let panel_h: i32 = panel.iter().map(|r| r.height).sum();
        let height = (plot.y1 + 90).max(plot.y0 + panel_h) + MARGIN;
        let mut layout = Layout {
            size: (width as u32, height as u32),
            content_width,
            plot,
            panel_x,
            gold_range: (
                data.gold_neutral - data.gold_scale,
                data.gold_neutral + data.gold_scale,
            ),
            spread: data.spread,
            names: Vec::new(),
        };
        layout.names = place_names(data, &layout);
        layout
    }

    /// The x of a coded value.
    fn x(&self, gold: f64) -> i32 {
        let (lo, hi) = (
            self.gold_range.0 - self.spread,
            self.gold_range.1 + self.spread,
        );
        let inner = f64::from(self.plot.x1 - self.plot.x0 - 2 * PAD);
        self.plot.x0 + PAD + ((gold - lo) / (hi - lo) * inner).round() as i32
    }

    fn at(&self, p: &Point) -> (i32, i32) {
        (self.x(p.x), stance_y(self.plot, p.score))
    }

    /// The dashed line of perfect agreement: the coding's -1 (neutral minus its scale)
    /// at mizan's -1, its +1 at mizan's +1.
    fn reference(&self) -> ((i32, i32), (i32, i32)) {
        let (lo, hi) = self.gold_range;
        (
            (self.x(lo), stance_y(self.plot, -1.0)),
            (self.x(hi), stance_y(self.plot, 1.0)),
        )
    }
}

/// Each point's name beside its dot, clear of the dots, the bars, the line of agreement
/// and the names placed before.
fn place_names(data: &ValidationData, layout: &Layout) -> Vec<(i32, i32)> {
    if !data.named {
        return Vec::new();
    }
    let mut placer = Placer::new(layout.plot.grow(-2));
    let (from, to) = layout.reference();
    placer.take_segment(from, to);
    for p in &data.points {
        let (x, y) = layout.at(p);
        placer.take(Rect::new(
            x - DOT_RADIUS,
            y - DOT_RADIUS,
            x + DOT_RADIUS + 1,
            y + DOT_RADIUS + 1,
        ));
        placer.take_segment(
            (x, stance_y(layout.plot, p.high)),
            (x, stance_y(layout.plot, p.low)),
        );
    }
    data.points
        .iter()
        .map(|p| placer.place(name(p).size(), layout.at(p), DOT_RADIUS + 3, None))
        .collect()
}

/// The dots' radius: smaller when the documents are too many to name.
fn dot_radius(data: &ValidationData) -> i32 {
    if data.named {
        DOT_RADIUS
    } else {
        SMALL_DOT_RADIUS
    }
}

fn name(p: &Point) -> Label {
    Label::new(&p.name, SMALL_PX).color(INK)
}

/// A number as a coder wrote it: no trailing zeros, a true minus.
fn number(v: f64) -> String {
    let s = if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').to_string()
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s.replace('-', "\u{2212}")
    }
}

/// A correlation with its sign, or why there is none.
fn correlation(c: Option<f64>) -> String {
    match c {
        Some(c) => format!("{c:+.2}").replace('-', "\u{2212}"),
        None => "n/a (under 3 documents)".to_string(),
    }
}

/// Ticks on the coding's axis: whole numbers when every coded value is one and they
/// fit, else a round step (1, 2 or 5 times a power of ten) that gives at most
/// [`MAX_TICKS`].
fn gold_ticks((lo, hi): (f64, f64), whole: bool) -> Vec<f64> {
    let span = hi - lo;
    let mut step = 10f64.powf((span / MAX_TICKS as f64).log10().floor());
    for factor in [1.0, 2.0, 5.0, 10.0] {
        if span / (step * factor) <= MAX_TICKS as f64 {
            step *= factor;
            break;
        }
    }
    if whole {
        step = step.max(1.0).round();
    }
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

fn draw(area: &Area, chart: &Chart, data: &ValidationData, layout: &Layout) -> Result<()> {
    draw_header(area, chart, layout.content_width)?;
    let plot = layout.plot;
    let band = Rect::new(
        plot.x0,
        stance_y(plot, data.neutral_band),
        plot.x1,
        stance_y(plot, -data.neutral_band) + 1,
    );
    canvas::fill(area, band, BAND)?;
    draw_gold_axis(area, data, layout)?;
    draw_stance_axis(area, plot)?;
    let neutral = layout.x(data.gold_neutral);
    canvas::line(area, (neutral, plot.y0), (neutral, plot.y1), MUTED, 1)?;
    let (from, to) = layout.reference();
    dashed(area, from, to, REFERENCE, 2, DASH)?;
    area.draw(&Rectangle::new(
        [(plot.x0, plot.y0), (plot.x1, plot.y1)],
        MUTED.stroke_width(1),
    ))?;
    for p in &data.points {
        draw_interval(area, p, layout, data.named)?;
    }
    for p in &data.points {
        canvas::dot(
            area,
            layout.at(p),
            dot_radius(data),
            palette::stance(p.score),
        )?;
    }
    for (p, &at) in data.points.iter().zip(&layout.names) {
        let label = name(p);
        canvas::leader(
            area,
            layout.at(p),
            label.bounds(at),
            DOT_RADIUS,
            palette::MUTED,
        )?;
        label.draw(area, at)?;
    }
    let mut y = plot.y0;
    for row in panel(data) {
        row.draw(area, (layout.panel_x, y))?;
        y += row.height;
    }
    Ok(())
}

/// A document's 95% interval: a light bar with end caps, in its stance colour; for
/// many documents a hairline without caps, so that the bars do not wall off the dots.
fn draw_interval(area: &Area, p: &Point, layout: &Layout, few: bool) -> Result<()> {
    let color = palette::stance(p.score);
    let x = layout.x(p.x);
    let (y0, y1) = (stance_y(layout.plot, p.high), stance_y(layout.plot, p.low));
    if !few {
        let faint = palette::mix(color, palette::WHITE, 0.65);
        return canvas::line(area, (x, y0), (x, y1), faint, 1);
    }
    let light = palette::mix(color, palette::WHITE, 0.45);
    canvas::line(area, (x, y0), (x, y1), light, 3)?;
    for y in [y0, y1] {
        canvas::line(area, (x - 4, y), (x + 4, y), light, 2)?;
    }
    Ok(())
}

/// The coding's axis under the plot: grid lines and values at the ticks, its title,
/// and what each end means, in the stance colours.
fn draw_gold_axis(area: &Area, data: &ValidationData, layout: &Layout) -> Result<()> {
    let plot = layout.plot;
    let whole = data.points.iter().all(|p| p.gold.fract() == 0.0);
    for t in gold_ticks(layout.gold_range, whole) {
        let x = layout.x(t);
        canvas::line(area, (x, plot.y0), (x, plot.y1), GRID, 1)?;
        canvas::line(area, (x, plot.y1), (x, plot.y1 + 5), MUTED, 1)?;
        Label::new(&number(t), SMALL_PX)
            .color(MUTED)
            .anchor(HAlign::Center, VAlign::Top)
            .draw(area, (x, plot.y1 + 8))?;
    }
    let y = plot.y1 + 32;
    Label::new("hand coding", LABEL_PX)
        .color(INK)
        .anchor(HAlign::Center, VAlign::Top)
        .draw(area, ((plot.x0 + plot.x1) / 2, y))?;
    let ends = [
        (plot.x0, HAlign::Left, "← coded hostile", HOSTILE),
        (plot.x1, HAlign::Right, "coded sympathetic →", SYMPATHETIC),
    ];
    for (x, align, text, color) in ends {
        Label::new(text, LABEL_PX)
            .color(color)
            .anchor(align, VAlign::Top)
            .draw(area, (x, y))?;
    }
    Ok(())
}

/// What a panel row starts with.
enum Sample {
    None,
    Dashed,
    /// A dot and its interval bar, with caps (few documents) or as a hairline.
    Interval(bool),
    Band,
}

/// One row of the panel right of the plot: a sample, then a piece of text, and a
/// value right of it for the agreement figures.
struct Row {
    sample: Sample,
    text: Label,
    value: Option<Label>,
    height: i32,
}

/// Where the agreement figures' values start, right of their names.
const VALUE_X: i32 = 190;
const SAMPLE: i32 = 28;

impl Row {
    fn new(sample: Sample, text: Label, value: Option<Label>, height: i32) -> Row {
        Row {
            sample,
            text: text.anchor(HAlign::Left, VAlign::Middle),
            value: value.map(|v| v.anchor(HAlign::Left, VAlign::Middle)),
            height,
        }
    }

    fn indent(&self) -> i32 {
        match self.sample {
            Sample::None => 0,
            _ => SAMPLE + 10,
        }
    }

    fn width(&self) -> u32 {
        let text = self.indent() as u32 + self.text.size().0;
        match &self.value {
            Some(v) => text.max(VALUE_X as u32) + v.size().0,
            None => text,
        }
    }

    fn draw(&self, area: &Area, (x, y): (i32, i32)) -> Result<()> {
        let mid = y + self.height / 2;
        match self.sample {
            Sample::None => {}
            Sample::Dashed => {
                dashed(area, (x, mid), (x + SAMPLE, mid), REFERENCE, 2, DASH)?;
            }
            Sample::Interval(few) => {
                let x = x + SAMPLE / 2;
                if few {
                    let color = palette::mix(palette::NEUTRAL, palette::WHITE, 0.45);
                    canvas::line(area, (x, mid - 10), (x, mid + 10), color, 3)?;
                    for y in [mid - 10, mid + 10] {
                        canvas::line(area, (x - 4, y), (x + 4, y), color, 2)?;
                    }
                } else {
                    let color = palette::mix(palette::NEUTRAL, palette::WHITE, 0.65);
                    canvas::line(area, (x, mid - 12), (x, mid + 12), color, 1)?;
                }
                let r = if few { DOT_RADIUS } else { SMALL_DOT_RADIUS };
                canvas::dot(area, (x, mid), r, palette::NEUTRAL)?;
            }
            Sample::Band => {
                canvas::fill(area, Rect::new(x, mid - 8, x + SAMPLE, mid + 8), BAND)?;
                canvas::frame(area, Rect::new(x, mid - 8, x + SAMPLE, mid + 8), GRID, 1)?;
            }
        }
        self.text.draw(area, (x + self.indent(), mid))?;
        if let Some(value) = &self.value {
            value.draw(area, (x + VALUE_X, mid))?;
        }
        Ok(())
    }
}

/// The agreement figures, then what the line, the bars and the band mean.
fn panel(data: &ValidationData) -> Vec<Row> {
    let head = |t: &str| Label::new(t, SMALL_PX).color(MUTED);
    let text = |t: &str| Label::new(t, SMALL_PX).color(INK);
    let value = |t: &str| Some(Label::new(t, LABEL_PX).color(INK));
    let n = data.points.len();
    let agree = format!(
        "{} of {n} ({:.0}%)",
        data.agree,
        data.agree as f64 / n as f64 * 100.0
    );
    vec![
        Row::new(
            Sample::None,
            head(&format!("agreement, {n} coded documents")),
            None,
            22,
        ),
        Row::new(
            Sample::None,
            text("rank order (Spearman)"),
            value(&correlation(data.spearman)),
            26,
        ),
        Row::new(
            Sample::None,
            text("linear (Pearson)"),
            value(&correlation(data.pearson)),
            26,
        ),
        Row::new(Sample::None, text("same direction"), value(&agree), 26),
        Row::new(
            Sample::None,
            head("(hostile, neutral or sympathetic)"),
            None,
            22 + 24,
        ),
        Row::new(Sample::Dashed, text("perfect agreement"), None, 26),
        Row::new(
            Sample::None,
            head(&format!(
                "(coding {} and {} = mizan −1 and +1)",
                number(data.gold_neutral - data.gold_scale),
                number(data.gold_neutral + data.gold_scale)
            )),
            None,
            22 + 8,
        ),
        Row::new(
            Sample::Interval(data.named),
            text("mizan's score, 95% interval"),
            None,
            34,
        ),
        Row::new(
            Sample::Band,
            text(&format!(
                "mizan neutral (|score| < {})",
                number(data.neutral_band)
            )),
            None,
            26,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::canvas::with_buffer;

    fn validation(pairs: &[(usize, f64)], neutral: f64) -> Validation {
        Validation {
            pairs: pairs.to_vec(),
            unknown_ids: Vec::new(),
            spearman: Some(0.8),
            pearson: Some(0.7),
            direction_agreement: 0.6,
            gold_neutral: neutral,
            neutral_band: 0.1,
            disagreements: Vec::new(),
        }
    }

    fn stance(i: usize) -> (String, Stance) {
        let score = [-0.8, -0.1, 0.5, 0.9, -0.4][i % 5];
        let s = Stance {
            score,
            low: score - 0.2,
            high: score + 0.2,
        };
        (format!("{i:03}"), s)
    }

    #[test]
    fn no_chart_without_two_coded_documents() {
        assert_eq!(build(&validation(&[], 0.0), stance), None);
        assert_eq!(build(&validation(&[(0, 1.0)], 0.0), stance), None);
        assert!(build(&validation(&[(0, 1.0), (1, -1.0)], 0.0), stance).is_some());
    }

    #[test]
    fn the_reference_line_runs_corner_to_corner_on_any_scale() {
        // A 1..5 coding with 3 as neutral, of which only 2..5 were used: 5 is 2 from
        // neutral, so the coding's ends are 1 and 5.
        let v = validation(&[(0, 2.0), (1, 5.0), (2, 3.0)], 3.0);
        let data = build(&v, stance).unwrap();
        assert_eq!(data.gold_scale, 2.0);
        let chart = describe(&data);
        let layout = Layout::new(&chart, &data);
        let (from, to) = layout.reference();
        let inner = layout.plot.grow(-PAD);
        assert_eq!(from, (inner.x0, inner.y1), "bottom-left");
        assert_eq!(to, (inner.x1, inner.y0), "top-right");
        assert_eq!(
            layout.x(3.0),
            (inner.x0 + inner.x1) / 2,
            "neutral in the middle"
        );
    }

    #[test]
    fn with_ties_the_line_still_joins_the_codings_ends_and_dots_stay_inside() {
        let v = validation(&[(0, -2.0), (1, -2.0), (2, 0.0), (3, 1.0)], 0.0);
        let data = build(&v, stance).unwrap();
        assert!(data.spread > 0.0);
        let chart = describe(&data);
        let layout = Layout::new(&chart, &data);
        let (from, to) = layout.reference();
        assert_eq!(from, (layout.x(-2.0), stance_y(layout.plot, -1.0)));
        assert_eq!(to, (layout.x(2.0), stance_y(layout.plot, 1.0)));
        let middle = layout.x(0.0);
        assert!(
            ((from.0 + to.0) / 2 - middle).abs() <= 1,
            "through the neutral value"
        );
        let inner = layout.plot.grow(-PAD);
        for p in &data.points {
            let (x, _) = layout.at(p);
            assert!(
                (inner.x0..=inner.x1).contains(&x),
                "{} at {x} outside",
                p.name
            );
        }
    }

    #[test]
    fn tied_values_spread_evenly_and_others_stay() {
        let (xs, reach) = spread(&[-2.0, 0.0, -2.0, 1.0, -2.0]);
        let half = spread_share(3);
        assert_eq!(reach, half);
        assert_eq!(spread(&[-2.0, 0.0, 1.0]).1, 0.0, "no ties, no spread");
        assert!(spread_share(200) < 0.5, "a dot stays nearer its own value");
        assert_eq!(xs[3], 1.0);
        assert_eq!(xs[1], 0.0);
        assert!((xs[0] - (-2.0 - half)).abs() < 1e-12, "{xs:?}");
        assert!((xs[2] - -2.0).abs() < 1e-12, "{xs:?}");
        assert!((xs[4] - (-2.0 + half)).abs() < 1e-12, "{xs:?}");
    }

    #[test]
    fn whole_codings_get_whole_ticks() {
        assert_eq!(gold_ticks((-2.0, 2.0), true), [-2.0, -1.0, 0.0, 1.0, 2.0]);
        assert_eq!(gold_ticks((1.0, 5.0), true), [1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(gold_ticks((-1.0, 1.0), false).len(), 11);
        assert_eq!(gold_ticks((0.0, 100.0), true).len(), 11);
    }

    #[test]
    fn numbers_read_as_coded() {
        assert_eq!(number(-2.0), "\u{2212}2");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(-0.0), "0");
        assert_eq!(correlation(Some(-0.456)), "\u{2212}0.46");
        assert_eq!(correlation(Some(0.8)), "+0.80");
    }

    #[test]
    fn a_document_both_call_sympathetic_is_a_blue_dot_top_right() {
        let v = validation(&[(3, 2.0), (0, -2.0)], 0.0);
        let data = build(&v, stance).unwrap();
        let chart = describe(&data);
        let layout = Layout::new(&chart, &data);
        let pixels = with_buffer(layout.size, |area| draw(area, &chart, &data, &layout));
        let (cx, cy) = layout.at(&data.points[0]);
        let blue = palette::stance(0.9);
        let dot: Vec<(u32, u32)> = pixels
            .matching(blue, 6)
            .filter(|&(x, y)| {
                (x as i32 - cx).abs() <= DOT_RADIUS && (y as i32 - cy).abs() <= DOT_RADIUS
            })
            .collect();
        assert!(dot.len() > 40, "no blue dot at {cx},{cy}: {}", dot.len());
        let mid = (layout.plot.x0 + layout.plot.x1) / 2;
        assert!(cx > mid && cy < stance_y(layout.plot, 0.0));
    }
}
