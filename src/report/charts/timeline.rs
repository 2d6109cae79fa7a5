//! `timeline.png`: each group's stance toward Turkey's role month by month, one line a
//! group (outlet by default), on the fixed -1..+1 scale of `stance.png` stood upright:
//! up is sympathetic, down hostile. Every month from the first dated document to the
//! last has its place on the x axis, so a break in a line is a month in which that group
//! published nothing, never a month the axis skipped. A dot's size tells how many
//! documents its mean rests on, as one article is a thin reading of a month.
//!
//! From [`PANELS_FROM`] groups on, lines on one plot tangle into a knot nobody can
//! follow, so each group gets its own panel (small multiples): its line in its colour,
//! the other groups' lines thin and grey behind it for comparison, one month axis under
//! all.
//!
//! The upright stance axis with its labelled ends, and the dashed line, are shared with
//! `validation.png`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::Result;
use plotters::prelude::*;

use super::canvas::{
    self, draw_header, header_size, write_image, Area, Rect, LABEL_PX, MARGIN, SMALL_PX,
};
use super::palette::{self, GRID, HOSTILE, INK, MUTED, SYMPATHETIC};
use super::text::{self, fit, HAlign, Label, VAlign};
use super::Chart;
use crate::analysis::Grouping;
use crate::report::Report;

pub const FILE: &str = "timeline.png";

/// Most groups drawn: past eight lines the colours can no longer be told apart.
pub const MAX_GROUPS: usize = 8;
const PLOT_WIDTH: i32 = 760;
const PLOT_HEIGHT: i32 = 400;
/// Groups from which each gets its own panel.
pub const PANELS_FROM: usize = 3;
const PANEL_HEIGHT: i32 = 136;
const PANEL_GAP: i32 = 12;
/// The other groups' lines behind a panel's own.
const CONTEXT: Style = Style {
    color: RGBColor(200, 200, 200),
    dashed: false,
};
/// Radius of the other groups' dots behind a panel's own.
const CONTEXT_RADIUS: i32 = 2;
/// The ticks of a panel's stance axis: a panel is too low for more.
const PANEL_TICKS: [f64; 3] = [-1.0, 0.0, 1.0];
/// Space inside a plot beyond -1 and +1, so that a dot at +1 is drawn whole.
pub const PAD: i32 = 14;
const LINE_WIDTH: u32 = 3;
/// Dot radius for a month of one document and for the busiest month.
const MIN_RADIUS: f64 = 3.5;
const MAX_RADIUS: f64 = 9.0;
/// Groups past the palette's six colours reuse them with dashed lines and hollow dots.
const SOLID_GROUPS: usize = 6;
const TICKS: [f64; 5] = [-1.0, -0.5, 0.0, 0.5, 1.0];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// Widest a group's name may be in the legend before it is cut.
const NAME_WIDTH: u32 = 220;
const LEGEND_ROW: i32 = 26;
/// Width of a line sample in the legend.
const SAMPLE: i32 = 28;

/// One group's line.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    /// The group's documents on the chart: those dated to a month.
    pub documents: usize,
    /// One a month of [`TimelineData::months`]: the mean stance and the number of
    /// documents it averages, `None` for a month without any.
    pub points: Vec<Option<(f64, usize)>>,
}

/// What the chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineData {
    /// What the groups are, e.g. "outlet".
    pub column: String,
    /// `YYYY-MM`, every month from the first to the last, in order.
    pub months: Vec<String>,
    /// The group with the most dated documents first, at most [`MAX_GROUPS`].
    pub series: Vec<Series>,
    /// Groups with dated documents that were left out, none with more than those shown.
    pub left_out: usize,
    /// Groups with dated documents, shown or not.
    pub dated_groups: usize,
    /// Documents dated to a month, in any group, shown or not.
    pub dated: usize,
    /// All the report's documents, dated or not.
    pub documents: usize,
}

/// The timeline of a report; `None` without a grouping or with fewer than two months
/// in it, where a line has nowhere to go.
pub fn data(report: &Report) -> Option<TimelineData> {
    build(report.grouping.as_ref()?)
}

fn build(grouping: &Grouping) -> Option<TimelineData> {
    let mut by_group: BTreeMap<usize, Vec<(i32, f64, usize)>> = BTreeMap::new();
    for p in &grouping.timeline {
        if let (Some(m), true) = (month_index(&p.month), p.group < grouping.groups.len()) {
            by_group
                .entry(p.group)
                .or_default()
                .push((m, p.mean, p.documents));
        }
    }
    // Only dated documents are drawn, so they are what a group's legend counts and ranks.
    let dated = |g: &usize| by_group[g].iter().map(|p| p.2).sum::<usize>();
    let size = |g: &usize| grouping.groups[*g].members.len();
    let mut shown: Vec<usize> = by_group.keys().copied().collect();
    shown.sort_by(|a, b| {
        (dated(b), size(b))
            .cmp(&(dated(a), size(a)))
            .then_with(|| grouping.groups[*a].name.cmp(&grouping.groups[*b].name))
    });
    let dated_groups = shown.len();
    shown.truncate(MAX_GROUPS);
    let months: BTreeSet<i32> = shown
        .iter()
        .flat_map(|g| by_group[g].iter().map(|p| p.0))
        .collect();
    let (&first, &last) = (months.first()?, months.last()?);
    if months.len() < 2 {
        return None;
    }
    let series = shown
        .iter()
        .map(|g| {
            let mut points = vec![None; (last - first + 1) as usize];
            for &(m, mean, documents) in &by_group[g] {
                points[(m - first) as usize] = Some((mean, documents));
            }
            Series {
                name: grouping.groups[*g].name.clone(),
                documents: dated(g),
                points,
            }
        })
        .collect();
    Some(TimelineData {
        column: grouping.column.clone(),
        months: (first..=last).map(month_text).collect(),
        series,
        left_out: dated_groups.saturating_sub(MAX_GROUPS),
        dated_groups,
        dated: by_group.keys().map(dated).sum(),
        documents: grouping.groups.iter().map(|g| g.members.len()).sum(),
    })
}

/// Months since year 0 of a `YYYY-MM` (a longer date is cut to its month); `None` when
/// it is not one, so that a malformed month is left out rather than misplaced.
fn month_index(month: &str) -> Option<i32> {
    let (y, m) = month.get(..7)?.split_once('-')?;
    let (y, m): (i32, i32) = (y.parse().ok()?, m.parse().ok()?);
    (y >= 0 && (1..=12).contains(&m)).then_some(y * 12 + m - 1)
}

fn month_text(index: i32) -> String {
    format!("{:04}-{:02}", index / 12, index % 12 + 1)
}

/// The title and reading guide.
pub fn describe(data: &TimelineData) -> Chart {
    let noun = &data.column;
    let cut = if data.left_out > 0 {
        format!(
            " Only the {} largest of {} {noun} groups are drawn.",
            data.series.len(),
            data.dated_groups
        )
    } else {
        String::new()
    };
    // Undated documents are nowhere on the chart; without this a reader takes it for all.
    let undated = if data.dated < data.documents {
        format!(
            " {} of {} documents {} a usable date (a month at least); the others are not drawn.",
            data.dated,
            data.documents,
            if data.dated == 1 { "has" } else { "have" }
        )
    } else {
        String::new()
    };
    Chart {
        file: FILE.to_string(),
        title: "Stance by month".to_string(),
        guide: format!(
            "{lines} a dot is the mean stance score of its documents dated that month, \
             bigger when it averages more documents; a break in a line is a month with none. \
             Up: sympathetic to Turkey's role; down: hostile. A line's colour names its \
             {noun}, not a side.{undated}{cut}",
            lines = if in_panels(data) {
                format!("One panel per {noun}, its line in colour, the others in grey behind it:")
            } else {
                format!("Each line is one {noun}:")
            }
        ),
    }
}

/// Whether each group gets its own panel.
fn in_panels(data: &TimelineData) -> bool {
    data.series.len() >= PANELS_FROM
}

/// Writes the chart to `path`.
pub fn write(path: &Path, chart: &Chart, data: &TimelineData) -> Result<()> {
    let layout = Layout::new(chart, data);
    write_image(path, layout.size, |area| draw(area, chart, data, &layout))
}

/// How a group's line looks: a palette colour, and past the sixth group, dashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Style {
    color: RGBColor,
    dashed: bool,
}

fn style(g: usize) -> Style {
    Style {
        color: palette::cluster(g),
        dashed: g >= SOLID_GROUPS,
    }
}

/// Where everything goes, in pixels.
struct Layout {
    size: (u32, u32),
    content_width: u32,
    /// One plot, or one panel a group, top to bottom; all as wide as the first.
    plots: Vec<Rect>,
    legend_x: i32,
    /// A month name under every `month_every`-th month (12: years only).
    month_every: usize,
    dots: DotScale,
}

impl Layout {
    fn new(chart: &Chart, data: &TimelineData) -> Layout {
        let plot_x = MARGIN + stance_axis_width();
        let legend_x = plot_x + PLOT_WIDTH + 36;
        let legend = legend(data);
        let legend_w = legend.iter().map(|r| r.width()).max().unwrap_or(0) as i32;
        let content_width = (legend_x + legend_w - MARGIN) as u32;
        let (header_w, header_h) = header_size(chart, content_width);
        let plot_y = MARGIN + header_h as i32 + 10;
        let plots: Vec<Rect> = if in_panels(data) {
            (0..data.series.len() as i32)
                .map(|k| {
                    let y = plot_y + k * (PANEL_HEIGHT + PANEL_GAP);
                    Rect::new(plot_x, y, plot_x + PLOT_WIDTH, y + PANEL_HEIGHT)
                })
                .collect()
        } else {
            vec![Rect::new(
                plot_x,
                plot_y,
                plot_x + PLOT_WIDTH,
                plot_y + PLOT_HEIGHT,
            )]
        };
        let bottom = plots[plots.len() - 1].y1;
        let legend_h = legend.iter().map(|r| r.height).sum::<i32>();
        let width = content_width.max(header_w) as i32 + 2 * MARGIN;
        let height = (bottom + 62).max(plot_y + legend_h) + MARGIN;
        let step = f64::from(PLOT_WIDTH) / data.months.len() as f64;
        Layout {
            size: (width as u32, height as u32),
            content_width,
            plots,
            legend_x,
            month_every: month_every(step),
            dots: DotScale {
                busiest: busiest(data),
                // Neighbouring months' dots may touch but not swallow each other.
                largest: (step * 0.7).clamp(MIN_RADIUS + 2.0, MAX_RADIUS),
            },
        }
    }

    /// The lowest plot, under which the months are named.
    fn bottom(&self) -> Rect {
        self.plots[self.plots.len() - 1]
    }

    /// The x of month `i`: months are evenly spaced, each in the middle of its slot.
    fn x(&self, i: usize, months: usize) -> i32 {
        let step = f64::from(PLOT_WIDTH) / months as f64;
        self.plots[0].x0 + ((i as f64 + 0.5) * step).round() as i32
    }
}

fn busiest(data: &TimelineData) -> usize {
    data.series
        .iter()
        .flat_map(|s| s.points.iter().flatten().map(|p| p.1))
        .max()
        .unwrap_or(1)
}

/// Dot sizes: a month of one document gets [`MIN_RADIUS`], the busiest month `largest`.
#[derive(Debug, Clone, Copy)]
struct DotScale {
    busiest: usize,
    largest: f64,
}

impl DotScale {
    /// The radius of a dot that averages `documents`: growing with the square root, so
    /// that a dot's area follows its documents.
    fn radius(&self, documents: usize) -> i32 {
        if self.busiest <= 1 {
            return 5;
        }
        let share =
            (documents.saturating_sub(1) as f64 / (self.busiest - 1) as f64).clamp(0.0, 1.0);
        (MIN_RADIUS + (self.largest - MIN_RADIUS) * share.sqrt()).round() as i32
    }
}

/// Every how many months a month name fits under the axis with room to spare: 1, 2,
/// 3 or 6 (names then fall on the same months every year); 12 when only years fit.
fn month_every(step: f64) -> usize {
    let widest = MONTH_NAMES
        .iter()
        .map(|m| text::width(m, SMALL_PX))
        .max()
        .unwrap_or(0);
    [1, 2, 3, 6]
        .into_iter()
        .find(|&k| step * k as f64 >= f64::from(widest + 10))
        .unwrap_or(12)
}

/// The y of a stance score on an upright axis filling `plot` (scores beyond the scale
/// are clamped).
pub fn stance_y(plot: Rect, score: f64) -> i32 {
    let inner = f64::from(plot.y1 - plot.y0 - 2 * PAD);
    plot.y0 + PAD + ((1.0 - score.clamp(-1.0, 1.0)) / 2.0 * inner).round() as i32
}

/// What each end of the stance axis means, English over Arabic, in the end's colour,
/// right-aligned: the top (sympathetic) or the bottom (hostile).
fn end_labels(top: bool) -> [Label; 2] {
    let (english, arabic, color) = if top {
        (
            "↑ sympathetic to Turkey's role",
            "متعاطف مع دور تركيا",
            SYMPATHETIC,
        )
    } else {
        ("↓ hostile to Turkey's role", "معارض لدور تركيا", HOSTILE)
    };
    [english, arabic].map(|t| {
        Label::new(t, LABEL_PX)
            .color(color)
            .anchor(HAlign::Right, VAlign::Top)
    })
}

fn tick_text(t: f64) -> String {
    if t > 0.0 {
        format!("+{t}")
    } else {
        format!("{t}").replace('-', "\u{2212}")
    }
}

/// Room left of the plot for the stance axis: what its ends mean, then the tick values.
pub fn stance_axis_width() -> i32 {
    let ends = [true, false]
        .iter()
        .flat_map(|&top| end_labels(top).map(|l| l.size().0))
        .max()
        .unwrap_or(0);
    ends as i32 + 16 + tick_values_width() + 8
}

fn tick_values_width() -> i32 {
    TICKS
        .iter()
        .map(|&t| text::width(&tick_text(t), SMALL_PX))
        .max()
        .unwrap_or(0) as i32
}

/// The upright stance axis of `plot`: grid lines at the ticks, the zero line, the tick
/// values, and what each end means, level with its end.
pub fn draw_stance_axis(area: &Area, plot: Rect) -> Result<()> {
    draw_axis(area, plot, &TICKS, true)
}

/// The stance axis with the given ticks, and what its ends mean when `ends`.
fn draw_axis(area: &Area, plot: Rect, ticks: &[f64], ends: bool) -> Result<()> {
    for &t in ticks {
        let y = stance_y(plot, t);
        let (color, width) = if t == 0.0 { (MUTED, 2) } else { (GRID, 1) };
        canvas::line(area, (plot.x0, y), (plot.x1, y), color, width)?;
        Label::new(&tick_text(t), SMALL_PX)
            .color(MUTED)
            .anchor(HAlign::Right, VAlign::Middle)
            .draw(area, (plot.x0 - 8, y))?;
    }
    if !ends {
        return Ok(());
    }
    let x = plot.x0 - 8 - tick_values_width() - 16;
    let [english, arabic] = end_labels(true);
    let e = english.draw(area, (x, stance_y(plot, 1.0) - 9))?;
    arabic.draw(area, (x, e.y1 + 3))?;
    let [english, arabic] = end_labels(false);
    let height = (english.size().1 + 3 + arabic.size().1) as i32;
    let e = english.draw(area, (x, stance_y(plot, -1.0) + 9 - height))?;
    arabic.draw(area, (x, e.y1 + 3))?;
    Ok(())
}

/// A dashed line: dashes of `dash` pixels, `gap` apart.
pub fn dashed(
    area: &Area,
    from: (i32, i32),
    to: (i32, i32),
    color: RGBColor,
    width: u32,
    (dash, gap): (f64, f64),
) -> Result<()> {
    let (dx, dy) = (f64::from(to.0 - from.0), f64::from(to.1 - from.1));
    let length = dx.hypot(dy);
    if length < 1.0 {
        return Ok(());
    }
    let at = |d: f64| {
        let t = d.min(length) / length;
        (
            from.0 + (dx * t).round() as i32,
            from.1 + (dy * t).round() as i32,
        )
    };
    let mut d = 0.0;
    while d < length {
        canvas::line(area, at(d), at(d + dash), color, width)?;
        d += dash + gap;
    }
    Ok(())
}

fn draw(area: &Area, chart: &Chart, data: &TimelineData, layout: &Layout) -> Result<()> {
    draw_header(area, chart, layout.content_width)?;
    draw_years(area, data, layout)?;
    if in_panels(data) {
        for (g, &panel) in layout.plots.iter().enumerate() {
            draw_axis(area, panel, &PANEL_TICKS, g == 0)?;
            canvas::frame(area, panel, GRID, 1)?;
            let others = data.series.iter().enumerate().filter(|(k, _)| *k != g);
            for (_, series) in others {
                draw_context(area, layout, panel, series)?;
            }
            draw_series(area, layout, panel, &data.series[g], style(g))?;
        }
    } else {
        let plot = layout.plots[0];
        draw_stance_axis(area, plot)?;
        // The largest group last, on top.
        for (g, series) in data.series.iter().enumerate().rev() {
            draw_line(area, layout, plot, series, style(g), LINE_WIDTH)?;
        }
        for (g, series) in data.series.iter().enumerate().rev() {
            draw_dots(area, layout, plot, series, style(g))?;
        }
    }
    draw_months(area, data, layout)?;
    draw_legend(area, data, layout)
}

/// A group's line and its dots on `plot`.
fn draw_series(
    area: &Area,
    layout: &Layout,
    plot: Rect,
    series: &Series,
    style: Style,
) -> Result<()> {
    draw_line(area, layout, plot, series, style, LINE_WIDTH)?;
    draw_dots(area, layout, plot, series, style)
}

/// Another group's line behind a panel's own, with small dots so that its months show
/// when none is next to another.
fn draw_context(area: &Area, layout: &Layout, plot: Rect, series: &Series) -> Result<()> {
    draw_line(area, layout, plot, series, CONTEXT, 1)?;
    for (i, point) in series.points.iter().enumerate() {
        if let Some((mean, _)) = *point {
            let at = point_at(layout, plot, series, i, mean);
            area.draw(&Circle::new(at, CONTEXT_RADIUS, CONTEXT.color.filled()))?;
        }
    }
    Ok(())
}

/// Where month `i`'s mean lands on `plot`.
fn point_at(layout: &Layout, plot: Rect, series: &Series, i: usize, mean: f64) -> (i32, i32) {
    (layout.x(i, series.points.len()), stance_y(plot, mean))
}

fn draw_line(
    area: &Area,
    layout: &Layout,
    plot: Rect,
    series: &Series,
    style: Style,
    width: u32,
) -> Result<()> {
    for (i, pair) in series.points.windows(2).enumerate() {
        if let [Some(a), Some(b)] = pair {
            let from = point_at(layout, plot, series, i, a.0);
            let to = point_at(layout, plot, series, i + 1, b.0);
            segment(area, from, to, style, width)?;
        }
    }
    Ok(())
}

fn draw_dots(
    area: &Area,
    layout: &Layout,
    plot: Rect,
    series: &Series,
    style: Style,
) -> Result<()> {
    for (i, point) in series.points.iter().enumerate() {
        if let Some((mean, documents)) = *point {
            let r = layout.dots.radius(documents);
            marker(area, point_at(layout, plot, series, i, mean), r, style)?;
        }
    }
    Ok(())
}

/// The legend: beside the plot, or with panels each group's row beside its panel and
/// what a dot's size means under them.
fn draw_legend(area: &Area, data: &TimelineData, layout: &Layout) -> Result<()> {
    let rows = legend(data);
    let mut y = layout.plots[0].y0;
    for (k, row) in rows.iter().enumerate() {
        // Row 0 is the heading; row g + 1 names group g, level with its panel.
        let panel = k.checked_sub(1).and_then(|g| layout.plots.get(g));
        if let Some(panel) = panel.filter(|_| in_panels(data)) {
            y = y.max(panel.y0 + (panel.y1 - panel.y0 - row.height) / 2);
        }
        row.draw(area, (layout.legend_x, y), layout.dots)?;
        y += row.height;
    }
    Ok(())
}

fn segment(area: &Area, from: (i32, i32), to: (i32, i32), style: Style, width: u32) -> Result<()> {
    if style.dashed {
        dashed(area, from, to, style.color, width, (9.0, 5.0))
    } else {
        canvas::line(area, from, to, style.color, width)
    }
}

/// A group's dot: filled, or for a dashed group a ring, so that it differs from the
/// solid group of the same colour even where lines are broken.
fn marker(area: &Area, at: (i32, i32), radius: i32, style: Style) -> Result<()> {
    if style.dashed {
        area.draw(&Circle::new(at, radius, palette::WHITE.filled()))?;
        area.draw(&Circle::new(at, radius, style.color.stroke_width(3)))?;
        Ok(())
    } else {
        canvas::dot(area, at, radius, style.color)
    }
}

/// Light lines between the years, and the years under the month names: centred under
/// each January, and under the first month when the next January leaves room for it.
/// Over decades only every second, fifth or tenth year is marked, so that years never
/// run into each other.
fn draw_years(area: &Area, data: &TimelineData, layout: &Layout) -> Result<()> {
    let n = data.months.len();
    let plot = layout.bottom();
    let step = f64::from(PLOT_WIDTH) / n as f64;
    let y = if layout.month_every == 12 {
        plot.y1 + 10
    } else {
        plot.y1 + 30
    };
    let every = year_every(step);
    for (i, month) in data.months.iter().enumerate() {
        let january = month.ends_with("-01");
        let number: i32 = month[..4].parse().unwrap_or(0);
        let marked = january && number % every == 0;
        if marked && i > 0 {
            let x = layout.x(i, n) - (step / 2.0).round() as i32;
            for p in &layout.plots {
                canvas::line(area, (x, p.y0), (x, p.y1), GRID, 1)?;
            }
        }
        let year = Label::new(&month[..4], SMALL_PX)
            .color(INK)
            .anchor(HAlign::Center, VAlign::Top);
        let room = data.months[i..]
            .iter()
            .skip(1)
            .position(|m| m.ends_with("-01"))
            .map_or(f64::INFINITY, |k| (k + 1) as f64 * step);
        let first_fits = i == 0 && every == 1 && room >= f64::from(year.size().0 + 12);
        if marked || first_fits {
            year.draw(area, (layout.x(i, n), y))?;
        }
    }
    Ok(())
}

/// Every how many years a year fits under the axis when a month is `step` pixels wide.
fn year_every(step: f64) -> i32 {
    let widest = text::width("2020", SMALL_PX);
    [1, 2, 5, 10, 20, 50]
        .into_iter()
        .find(|&k| step * 12.0 * f64::from(k) >= f64::from(widest + 12))
        .unwrap_or(100)
}

/// The month axis: a tick at every month, a month name where there is room.
fn draw_months(area: &Area, data: &TimelineData, layout: &Layout) -> Result<()> {
    let n = data.months.len();
    let plot = layout.bottom();
    let y = plot.y1;
    canvas::line(area, (plot.x0, y), (plot.x1, y), MUTED, 1)?;
    for (i, month) in data.months.iter().enumerate() {
        let x = layout.x(i, n);
        let m = month_index(month).map_or(0, |m| (m % 12) as usize);
        let named = layout.month_every < 12 && m % layout.month_every == 0;
        canvas::line(area, (x, y), (x, y + if named { 6 } else { 3 }), MUTED, 1)?;
        if named {
            Label::new(MONTH_NAMES[m], SMALL_PX)
                .color(MUTED)
                .anchor(HAlign::Center, VAlign::Top)
                .draw(area, (x, y + 8))?;
        }
    }
    Ok(())
}

/// What a legend row starts with.
enum Sample {
    None,
    Line(Style),
    Dot(usize),
}

/// One row of the legend: a sample, then one or two pieces of text side by side.
struct Row {
    sample: Sample,
    texts: Vec<Label>,
    height: i32,
}

impl Row {
    fn new(sample: Sample, texts: Vec<Label>, height: i32) -> Row {
        Row {
            sample,
            texts: texts
                .into_iter()
                .map(|l| l.anchor(HAlign::Left, VAlign::Middle))
                .collect(),
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
        let texts: u32 = self.texts.iter().map(|l| l.size().0 + 8).sum();
        self.indent() as u32 + texts
    }

    fn draw(&self, area: &Area, (x, y): (i32, i32), dots: DotScale) -> Result<()> {
        let mid = y + self.height / 2;
        match self.sample {
            Sample::None => {}
            Sample::Line(style) => {
                segment(area, (x, mid), (x + SAMPLE, mid), style, LINE_WIDTH)?;
                marker(area, (x + SAMPLE / 2, mid), 5, style)?;
            }
            Sample::Dot(documents) => {
                let r = dots.radius(documents);
                canvas::dot(area, (x + SAMPLE / 2, mid), r, MUTED)?;
            }
        }
        let mut text_x = x + self.indent();
        for label in &self.texts {
            text_x = label.draw(area, (text_x, mid))?.x1 + 8;
        }
        Ok(())
    }
}

/// The groups with their colours and sizes, then what a dot's size means.
fn legend(data: &TimelineData) -> Vec<Row> {
    let head = |t: &str| Label::new(t, SMALL_PX).color(MUTED);
    let mut rows = vec![Row::new(Sample::None, vec![head(&data.column)], 22)];
    for (g, s) in data.series.iter().enumerate() {
        let name = Label::new(&fit(&s.name, LABEL_PX, NAME_WIDTH), LABEL_PX).color(INK);
        let count = Label::new(&documents(s.documents), SMALL_PX).color(MUTED);
        rows.push(Row::new(
            Sample::Line(style(g)),
            vec![name, count],
            LEGEND_ROW,
        ));
    }
    if data.left_out > 0 {
        let more = match data.left_out {
            1 => format!("1 smaller {} not shown", data.column),
            n => format!("{n} smaller {} groups not shown", data.column),
        };
        rows.push(Row::new(Sample::None, vec![head(&more)], LEGEND_ROW));
    }
    rows.push(Row::new(
        Sample::None,
        vec![head("documents in a month")],
        22 + 18,
    ));
    let busiest = busiest(data);
    let mut sizes = vec![1, busiest.div_ceil(2), busiest];
    sizes.dedup();
    for n in sizes {
        let text = Label::new(&documents(n), SMALL_PX).color(INK);
        rows.push(Row::new(Sample::Dot(n), vec![text], LEGEND_ROW));
    }
    rows
}

fn documents(n: usize) -> String {
    match n {
        1 => "1 document".to_string(),
        n => format!("{n} documents"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::MonthPoint;
    use crate::report::charts::canvas::with_buffer;
    use crate::report::charts::fixture::group;

    fn grouping(sizes: &[usize], points: &[(usize, &str, f64, usize)]) -> Grouping {
        let group =
            |(g, &size): (usize, &usize)| group(&format!("outlet {g}"), (0..size).collect());
        Grouping {
            column: "outlet".to_string(),
            groups: sizes.iter().enumerate().map(group).collect(),
            timeline: points
                .iter()
                .map(|&(group, month, mean, documents)| MonthPoint {
                    group,
                    month: month.to_string(),
                    mean,
                    documents,
                })
                .collect(),
        }
    }

    #[test]
    fn months_are_filled_in_order_across_the_new_year_with_gaps() {
        let g = grouping(
            &[3, 2],
            &[
                (0, "2020-02", 0.5, 2),
                (0, "2019-11", -0.5, 1),
                (1, "2019-12", 0.1, 2),
            ],
        );
        let data = build(&g).unwrap();
        assert_eq!(data.months, ["2019-11", "2019-12", "2020-01", "2020-02"]);
        assert_eq!(
            data.series[0].points,
            [Some((-0.5, 1)), None, None, Some((0.5, 2))]
        );
        assert_eq!(data.series[1].points, [None, Some((0.1, 2)), None, None]);
    }

    #[test]
    fn one_month_or_none_makes_no_chart() {
        assert_eq!(build(&grouping(&[2], &[])), None);
        let one = grouping(&[2, 1], &[(0, "2020-03", 0.2, 2), (1, "2020-03", 0.1, 1)]);
        assert_eq!(build(&one), None);
        let bad = grouping(&[2], &[(0, "2020-03", 0.2, 1), (0, "2020-13", 0.1, 1)]);
        assert_eq!(build(&bad), None, "a month 13 is not a second month");
    }

    #[test]
    fn only_the_eight_largest_groups_are_drawn_largest_first() {
        let sizes: Vec<usize> = (1..=10).collect();
        let points: Vec<(usize, &str, f64, usize)> = (0..10)
            .flat_map(|g| [(g, "2021-01", 0.0, 1), (g, "2021-02", 0.0, 1)])
            .collect();
        let data = build(&grouping(&sizes, &points)).unwrap();
        let names: Vec<&str> = data.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names.len(), MAX_GROUPS);
        assert_eq!(names[0], "outlet 9");
        assert_eq!(names[7], "outlet 2");
        assert_eq!(data.left_out, 2);
        assert!(describe(&data).guide.contains("8 largest of 10"));
    }

    #[test]
    fn the_legend_counts_only_dated_documents_and_the_guide_says_how_many_are_not() {
        // Outlet 0 has 3 documents of which 1 is dated; outlet 1 has 2, both dated.
        let g = grouping(
            &[3, 2],
            &[
                (0, "2020-01", 0.1, 1),
                (1, "2020-01", 0.2, 1),
                (1, "2020-02", 0.3, 1),
            ],
        );
        let data = build(&g).unwrap();
        let counts: Vec<(&str, usize)> = data
            .series
            .iter()
            .map(|s| (s.name.as_str(), s.documents))
            .collect();
        assert_eq!(counts, [("outlet 1", 2), ("outlet 0", 1)]);
        let guide = describe(&data).guide;
        assert!(
            guide.contains("3 of 5 documents have a usable date"),
            "{guide}"
        );
        let all_dated = grouping(&[1, 1], &[(0, "2020-01", 0.1, 1), (1, "2020-02", 0.2, 1)]);
        let guide = describe(&build(&all_dated).unwrap()).guide;
        assert!(!guide.contains("usable date"), "{guide}");
    }

    #[test]
    fn month_names_thin_out_on_a_long_span() {
        assert_eq!(month_every(60.0), 1);
        assert_eq!(month_every(20.0), 2);
        assert!(month_every(3.0) == 12);
        assert_eq!(year_every(760.0 / 36.0), 1, "three years");
        assert_eq!(year_every(760.0 / 360.0), 2, "thirty years");
        assert_eq!(year_every(760.0 / 1200.0), 10, "a century");
    }

    #[test]
    fn dots_grow_with_their_documents() {
        let dots = DotScale {
            busiest: 9,
            largest: MAX_RADIUS,
        };
        assert_eq!(dots.radius(1), MIN_RADIUS.round() as i32);
        assert_eq!(dots.radius(9), MAX_RADIUS as i32);
        assert!(dots.radius(3) < dots.radius(5));
    }

    #[test]
    fn the_stance_axis_puts_sympathetic_up() {
        let plot = Rect::new(0, 100, 10, 300);
        assert_eq!(stance_y(plot, 1.0), 100 + PAD);
        assert_eq!(stance_y(plot, -1.0), 300 - PAD);
        assert_eq!(stance_y(plot, 0.0), 200);
        assert_eq!(stance_y(plot, 7.0), 100 + PAD, "clamped");
    }

    #[test]
    fn three_groups_get_a_panel_each_with_only_their_own_colour() {
        let points: Vec<(usize, &str, f64, usize)> = (0..3)
            .flat_map(|g| {
                [
                    (g, "2021-01", -0.5, 2),
                    (g, "2021-02", 0.3, 1),
                    (g, "2021-03", 0.0, 1),
                ]
            })
            .collect();
        let data = build(&grouping(&[5, 4, 3], &points)).unwrap();
        let chart = describe(&data);
        assert!(
            chart.guide.starts_with("One panel per outlet"),
            "{}",
            chart.guide
        );
        let layout = Layout::new(&chart, &data);
        assert_eq!(layout.plots.len(), 3);
        let pixels = with_buffer(layout.size, |area| draw(area, &chart, &data, &layout));
        for (g, panel) in layout.plots.iter().enumerate() {
            let inside = |p: &Rect, (x, y): (u32, u32)| {
                (p.x0..p.x1).contains(&(x as i32)) && (p.y0..p.y1).contains(&(y as i32))
            };
            let colour: Vec<_> = pixels.matching(palette::cluster(g), 10).collect();
            assert!(
                colour.iter().filter(|&&p| inside(panel, p)).count() > 50,
                "group {g}"
            );
            for (k, other) in layout.plots.iter().enumerate().filter(|(k, _)| *k != g) {
                assert_eq!(
                    colour.iter().filter(|&&p| inside(other, p)).count(),
                    0,
                    "group {g}'s colour in panel {k}"
                );
            }
        }
    }

    #[test]
    fn a_line_breaks_at_a_month_without_documents() {
        let g = grouping(
            &[4],
            &[
                (0, "2020-01", 0.4, 1),
                (0, "2020-02", 0.4, 1),
                (0, "2020-04", 0.4, 1),
                (0, "2020-05", 0.4, 1),
            ],
        );
        let data = build(&g).unwrap();
        let chart = describe(&data);
        let layout = Layout::new(&chart, &data);
        let pixels = with_buffer(layout.size, |area| draw(area, &chart, &data, &layout));
        let y = stance_y(layout.plots[0], 0.4) as u32;
        let green = |x0: i32, x1: i32| {
            pixels
                .matching(palette::cluster(0), 10)
                .filter(|&(x, py)| py.abs_diff(y) <= 1 && (x0..x1).contains(&(x as i32)))
                .count()
        };
        let (jan, feb, mar, apr) = (
            layout.x(0, 5),
            layout.x(1, 5),
            layout.x(2, 5),
            layout.x(3, 5),
        );
        assert!(
            green(jan + 12, feb - 12) > 20,
            "January and February are joined"
        );
        assert_eq!(green(feb + 12, mar - 12), 0, "no line into March");
        assert_eq!(green(mar + 12, apr - 12), 0, "no line out of March");
    }
}
