//! `map.png`: the documents on the two principal components of their frame profiles,
//! coloured by cluster, with arrows for the frames that pull documents apart.
//!
//! Both axes share one scale, so distances on the page are distances between profiles.
//! A frame's arrow is its loading on the two components, scaled to the cloud of points:
//! documents lie towards the frames they use more than the average document. Only the
//! longest arrows are drawn, so that the map stays readable with many frames. On a large
//! corpus documents are not named (a sample of them is drawn as small dots) and each
//! cluster is named at its centre instead.

use std::path::Path;

use anyhow::Result;
use plotters::prelude::*;

use super::canvas::{
    self, draw_header, header_size, write_png, Area, Rect, LABEL_PX, MARGIN, SMALL_PX,
};
use super::palette::{self, GRID, INK, MUTED};
use super::place::Placer;
use super::text::{HAlign, Label, VAlign};
use super::units::MAX_DOCUMENTS;
use super::Chart;
use crate::report::Report;

pub const FILE: &str = "map.png";

/// Frame names on the map: darker than the arrows, lighter than document names.
const FRAME_INK: RGBColor = RGBColor(0x44, 0x44, 0x44);
/// Side of the square plot.
const PLOT: i32 = 620;
const MAX_ARROWS: usize = 8;
/// Most dots drawn; beyond it an even sample of the documents.
const MAX_POINTS: usize = 20_000;
const DOT_RADIUS: i32 = 7;
/// Dots of a corpus too large to name its documents.
const SMALL_DOT_RADIUS: i32 = 3;
/// The longest arrow reaches this share of the farthest document.
const ARROW_REACH: f64 = 0.85;

/// A frame's pull on the map, named in English and Arabic (two lines at its tip).
#[derive(Debug, Clone, PartialEq)]
pub struct Arrow {
    pub label: String,
    pub label_ar: String,
    pub loading: [f64; 2],
}

/// What the chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct MapData {
    pub points: Vec<[f64; 2]>,
    /// One a point; empty when documents are too many to name.
    pub names: Vec<String>,
    pub clusters: Vec<Option<usize>>,
    /// Members and centre of each cluster, over all documents.
    pub cluster_sizes: Vec<usize>,
    pub cluster_centres: Vec<[f64; 2]>,
    /// The longest arrows, at most [`MAX_ARROWS`].
    pub arrows: Vec<Arrow>,
    /// Whether frames were left out of `arrows`.
    pub arrows_cut: bool,
    pub explained: [f64; 2],
}

/// The map of a report, or `None` when the analysis could not place the documents.
pub fn data(report: &Report) -> Option<MapData> {
    let map = report.analysis.map.as_ref().ok()?;
    let n = map.points.len();
    let (sizes, centres) = clusters(report, &map.points);
    let step = n.div_ceil(MAX_POINTS).max(1);
    let shown: Vec<usize> = (0..n).step_by(step).collect();
    let names = if n <= MAX_DOCUMENTS {
        shown.iter().map(|&i| report.short_name(i)).collect()
    } else {
        Vec::new()
    };
    let mut arrows: Vec<Arrow> = report
        .lexicon
        .frames
        .iter()
        .zip(&map.loadings)
        .filter(|(_, l)| norm(**l) > 1e-9)
        .map(|(f, l)| Arrow {
            label: f.label.clone(),
            label_ar: f.label_ar.clone(),
            loading: *l,
        })
        .collect();
    arrows.sort_by(|a, b| norm(b.loading).total_cmp(&norm(a.loading)));
    let arrows_cut = arrows.len() > MAX_ARROWS;
    arrows.truncate(MAX_ARROWS);
    Some(MapData {
        points: shown.iter().map(|&i| map.points[i]).collect(),
        names,
        clusters: shown.iter().map(|&i| report.cluster_of(i)).collect(),
        cluster_sizes: sizes,
        cluster_centres: centres,
        arrows,
        arrows_cut,
        explained: map.explained,
    })
}

/// Size and mean position of each cluster.
fn clusters(report: &Report, points: &[[f64; 2]]) -> (Vec<usize>, Vec<[f64; 2]>) {
    let Ok(clustering) = &report.analysis.clustering else {
        return (Vec::new(), Vec::new());
    };
    let mut sizes = vec![0; clustering.k];
    let mut sums = vec![[0.0; 2]; clustering.k];
    for (p, &c) in points.iter().zip(&clustering.labels) {
        sizes[c] += 1;
        sums[c][0] += p[0];
        sums[c][1] += p[1];
    }
    let centres = sums
        .iter()
        .zip(&sizes)
        .map(|(s, &m)| [s[0] / m.max(1) as f64, s[1] / m.max(1) as f64])
        .collect();
    (sizes, centres)
}

fn norm(v: [f64; 2]) -> f64 {
    v[0].hypot(v[1])
}

/// The title and reading guide.
pub fn describe(data: &MapData) -> Chart {
    let colours = if data.cluster_sizes.is_empty() {
        ""
    } else {
        " Colours are clusters of similar framing."
    };
    Chart {
        file: FILE.to_string(),
        title: "Map of framing: documents placed by the frames they use".to_string(),
        guide: format!(
            "Documents close together frame the story alike.{colours} \
             Arrows point towards documents that use a frame more than average."
        ),
    }
}

/// Writes the chart to `path`.
pub fn write(path: &Path, chart: &Chart, data: &MapData) -> Result<()> {
    let layout = Layout::new(chart, data);
    write_png(path, layout.size, |area| draw(area, chart, data, &layout))
}

/// From map units to pixels: one scale for both axes, centred on the content.
struct Projection {
    plot: Rect,
    centre: [f64; 2],
    half: f64,
    arrow_scale: f64,
}

impl Projection {
    fn new(data: &MapData, plot: Rect) -> Projection {
        let reach = data.points.iter().copied().map(norm).fold(0.0, f64::max);
        let longest = data
            .arrows
            .iter()
            .map(|a| norm(a.loading))
            .fold(0.0, f64::max);
        let arrow_scale = if longest > 0.0 && reach > 0.0 {
            ARROW_REACH * reach / longest
        } else {
            1.0
        };
        let tips = data
            .arrows
            .iter()
            .map(|a| [a.loading[0] * arrow_scale, a.loading[1] * arrow_scale]);
        let all: Vec<[f64; 2]> = data
            .points
            .iter()
            .copied()
            .chain(tips)
            .chain([[0.0, 0.0]])
            .collect();
        let (lo, hi) = all
            .iter()
            .fold(([f64::MAX; 2], [f64::MIN; 2]), |(lo, hi), p| {
                (
                    [lo[0].min(p[0]), lo[1].min(p[1])],
                    [hi[0].max(p[0]), hi[1].max(p[1])],
                )
            });
        let centre = [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0];
        // Room around the content for the labels.
        let half = ((hi[0] - lo[0]).max(hi[1] - lo[1]) / 2.0 * 1.25).max(1e-6);
        Projection {
            plot,
            centre,
            half,
            arrow_scale,
        }
    }

    fn px(&self, p: [f64; 2]) -> (i32, i32) {
        let side = f64::from(self.plot.x1 - self.plot.x0) / 2.0;
        let x = f64::from(self.plot.x0) + side + (p[0] - self.centre[0]) / self.half * side;
        let y = f64::from(self.plot.y0) + side - (p[1] - self.centre[1]) / self.half * side;
        (x.round() as i32, y.round() as i32)
    }

    fn tip(&self, arrow: &Arrow) -> (i32, i32) {
        self.px([
            arrow.loading[0] * self.arrow_scale,
            arrow.loading[1] * self.arrow_scale,
        ])
    }

    /// Tick values on an axis: a round step, about six of them.
    fn ticks(&self, axis: usize) -> (Vec<f64>, f64) {
        let step = nice_step(2.0 * self.half / 6.0);
        let (lo, hi) = (self.centre[axis] - self.half, self.centre[axis] + self.half);
        let first = (lo / step).ceil() as i64;
        let last = (hi / step).floor() as i64;
        ((first..=last).map(|k| k as f64 * step).collect(), step)
    }
}

/// 1, 2 or 5 times a power of ten, at least `raw`.
fn nice_step(raw: f64) -> f64 {
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude)
}

fn tick_text(value: f64, step: f64) -> String {
    let decimals = (-step.log10().floor()).max(0.0) as usize;
    let text = format!("{value:.decimals$}");
    let text = if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        "0".to_string()
    } else {
        text
    };
    text.replace('-', "\u{2212}")
}

/// Where everything goes, in pixels.
struct Layout {
    size: (u32, u32),
    content_width: u32,
    projection: Projection,
    legend_x: i32,
}

impl Layout {
    fn new(chart: &Chart, data: &MapData) -> Layout {
        let plot_x = MARGIN + 26 + 48;
        let legend_x = plot_x + PLOT + 32;
        let legend_w = legend_labels(data)
            .iter()
            .map(|l| l.size().0 as i32 + 30)
            .max()
            .unwrap_or(0);
        let content_width = (legend_x + legend_w - MARGIN) as u32;
        let (header_w, header_h) = header_size(chart, content_width);
        let plot_y = MARGIN + header_h as i32 + 6;
        let plot = Rect::new(plot_x, plot_y, plot_x + PLOT, plot_y + PLOT);
        let width = content_width.max(header_w) as i32 + 2 * MARGIN;
        let height = plot.y1 + 64 + MARGIN;
        let size = (width as u32, height as u32);
        Layout {
            size,
            content_width,
            projection: Projection::new(data, plot),
            legend_x,
        }
    }
}

fn draw(area: &Area, chart: &Chart, data: &MapData, layout: &Layout) -> Result<()> {
    draw_header(area, chart, layout.content_width)?;
    let p = &layout.projection;
    draw_axes(area, data, p)?;
    for arrow in &data.arrows {
        draw_arrow(area, p.px([0.0, 0.0]), p.tip(arrow))?;
    }
    let radius = if data.names.is_empty() {
        SMALL_DOT_RADIUS
    } else {
        DOT_RADIUS
    };
    let dots: Vec<(i32, i32)> = data.points.iter().map(|&pt| p.px(pt)).collect();
    for (at, cluster) in dots.iter().zip(&data.clusters) {
        canvas::dot(area, *at, radius, cluster.map_or(MUTED, palette::cluster))?;
    }
    let mut placer = Placer::new(p.plot.grow(-2));
    for at in &dots {
        placer.take(Rect::new(
            at.0 - radius,
            at.1 - radius,
            at.0 + radius + 1,
            at.1 + radius + 1,
        ));
    }
    for arrow in &data.arrows {
        placer.take_segment(p.px([0.0, 0.0]), p.tip(arrow));
    }
    if data.names.is_empty() {
        draw_cluster_names(area, data, p, &mut placer)?;
    }
    draw_arrow_labels(area, data, p, &mut placer)?;
    draw_names(area, data, &dots, &mut placer)?;
    draw_legend(area, data, layout)
}

/// The frame, the grid at round values, the lines through the origin and the axis titles.
fn draw_axes(area: &Area, data: &MapData, p: &Projection) -> Result<()> {
    let plot = p.plot;
    let (origin_x, origin_y) = p.px([0.0, 0.0]);
    for axis in 0..2 {
        let (values, step) = p.ticks(axis);
        for v in values {
            let text = Label::new(&tick_text(v, step), SMALL_PX).color(MUTED);
            if axis == 0 {
                let (x, _) = p.px([v, p.centre[1]]);
                canvas::line(area, (x, plot.y0), (x, plot.y1), GRID, 1)?;
                text.anchor(HAlign::Center, VAlign::Top)
                    .draw(area, (x, plot.y1 + 6))?;
            } else {
                let (_, y) = p.px([p.centre[0], v]);
                canvas::line(area, (plot.x0, y), (plot.x1, y), GRID, 1)?;
                text.anchor(HAlign::Right, VAlign::Middle)
                    .draw(area, (plot.x0 - 6, y))?;
            }
        }
    }
    let axis = palette::mix(MUTED, palette::WHITE, 0.35);
    canvas::line(area, (origin_x, plot.y0), (origin_x, plot.y1), axis, 1)?;
    canvas::line(area, (plot.x0, origin_y), (plot.x1, origin_y), axis, 1)?;
    area.draw(&Rectangle::new(
        [(plot.x0, plot.y0), (plot.x1, plot.y1)],
        MUTED.stroke_width(1),
    ))?;
    let title = |axis: usize| {
        format!(
            "component {} ({:.0}% of variance)",
            axis + 1,
            data.explained[axis] * 100.0
        )
    };
    let x_title = Label::new(&title(0), LABEL_PX)
        .color(INK)
        .anchor(HAlign::Center, VAlign::Top);
    x_title.draw(area, ((plot.x0 + plot.x1) / 2, plot.y1 + 30))?;
    let y_title = Label::new(&title(1), LABEL_PX)
        .color(INK)
        .anchor(HAlign::Left, VAlign::Middle)
        .turned();
    y_title.draw(area, (MARGIN, (plot.y0 + plot.y1) / 2))?;
    Ok(())
}

/// A grey arrow from the origin to `tip`, with a filled head.
fn draw_arrow(area: &Area, from: (i32, i32), tip: (i32, i32)) -> Result<()> {
    let color = RGBColor(0x80, 0x80, 0x80);
    canvas::line(area, from, tip, color, 2)?;
    let (dx, dy) = (f64::from(tip.0 - from.0), f64::from(tip.1 - from.1));
    let length = dx.hypot(dy);
    if length < 1.0 {
        return Ok(());
    }
    let (ux, uy) = (dx / length, dy / length);
    let corner = |side: f64| {
        let x = f64::from(tip.0) - 11.0 * ux + side * 5.0 * uy;
        let y = f64::from(tip.1) - 11.0 * uy - side * 5.0 * ux;
        (x.round() as i32, y.round() as i32)
    };
    area.draw(&Polygon::new(
        vec![tip, corner(1.0), corner(-1.0)],
        color.filled(),
    ))?;
    Ok(())
}

/// Frame names at the arrow tips, on the side the arrow points to when there is room.
fn draw_arrow_labels(
    area: &Area,
    data: &MapData,
    p: &Projection,
    placer: &mut Placer,
) -> Result<()> {
    let origin = p.px([0.0, 0.0]);
    for arrow in &data.arrows {
        let tip = p.tip(arrow);
        let lines: Vec<Label> = [&arrow.label, &arrow.label_ar]
            .iter()
            .filter(|t| !t.is_empty())
            .map(|t| {
                Label::new(t, SMALL_PX)
                    .color(FRAME_INK)
                    .anchor(HAlign::Center, VAlign::Top)
            })
            .collect();
        let width = lines.iter().map(|l| l.size().0).max().unwrap_or(0);
        let height = lines.iter().map(|l| l.size().1).sum();
        let outward = (f64::from(tip.0 - origin.0), f64::from(tip.1 - origin.1));
        let (x, mut y) = placer.place((width, height), tip, 6, Some(outward));
        leader(
            area,
            tip,
            Rect::new(x, y, x + width as i32, y + height as i32),
        )?;
        for line in &lines {
            y = line.draw(area, (x + width as i32 / 2, y))?.y1;
        }
    }
    Ok(())
}

/// A thin line from a point to its label, when the label had to be put farther away
/// than usual and might be read as another point's.
fn leader(area: &Area, from: (i32, i32), label: Rect) -> Result<()> {
    let nearest = (
        from.0.clamp(label.x0, label.x1),
        from.1.clamp(label.y0, label.y1),
    );
    let distance = f64::from(nearest.0 - from.0).hypot(f64::from(nearest.1 - from.1));
    if distance > f64::from(DOT_RADIUS + 8) {
        canvas::line(
            area,
            from,
            nearest,
            palette::mix(FRAME_INK, palette::WHITE, 0.5),
            1,
        )?;
    }
    Ok(())
}

/// Document names next to their dots (none when documents are too many to name).
fn draw_names(area: &Area, data: &MapData, dots: &[(i32, i32)], placer: &mut Placer) -> Result<()> {
    for (name, at) in data.names.iter().zip(dots) {
        let label = Label::new(name, SMALL_PX).color(INK);
        let spot = placer.place(label.size(), *at, DOT_RADIUS + 3, None);
        leader(area, *at, label.bounds(spot))?;
        label.draw(area, spot)?;
    }
    Ok(())
}

/// "cluster 2" on a white box at each cluster's centre, drawn before the frame names so
/// that those go around it.
fn draw_cluster_names(
    area: &Area,
    data: &MapData,
    p: &Projection,
    placer: &mut Placer,
) -> Result<()> {
    for (c, centre) in data.cluster_centres.iter().enumerate() {
        let label = Label::new(&format!("cluster {}", c + 1), LABEL_PX)
            .color(INK)
            .anchor(HAlign::Center, VAlign::Middle);
        let at = p.px(*centre);
        let b = label.bounds(at).grow(4);
        placer.take(b.grow(2));
        area.draw(&Rectangle::new(
            [(b.x0, b.y0), (b.x1, b.y1)],
            WHITE.mix(0.85).filled(),
        ))?;
        area.draw(&Rectangle::new(
            [(b.x0, b.y0), (b.x1, b.y1)],
            palette::cluster(c).stroke_width(2),
        ))?;
        label.draw(area, at)?;
    }
    Ok(())
}

fn legend_labels(data: &MapData) -> Vec<Label> {
    let mut labels: Vec<Label> = data
        .cluster_sizes
        .iter()
        .enumerate()
        .map(|(c, &m)| {
            let docs = if m == 1 {
                "1 document".to_string()
            } else {
                format!("{m} documents")
            };
            Label::new(&format!("cluster {} · {docs}", c + 1), SMALL_PX).color(INK)
        })
        .collect();
    let frames = if data.arrows_cut {
        format!("frame (the {MAX_ARROWS} strongest)")
    } else {
        "frame".to_string()
    };
    labels.push(Label::new(&frames, SMALL_PX).color(INK));
    labels
}

fn draw_legend(area: &Area, data: &MapData, layout: &Layout) -> Result<()> {
    let x = layout.legend_x;
    let mut y = layout.projection.plot.y0 + 4;
    let labels = legend_labels(data);
    let (clusters, frame) = labels.split_at(labels.len() - 1);
    for (c, label) in clusters.iter().enumerate() {
        canvas::dot(area, (x + 8, y + 9), 7, palette::cluster(c))?;
        label
            .clone()
            .anchor(HAlign::Left, VAlign::Middle)
            .draw(area, (x + 24, y + 9))?;
        y += 28;
    }
    draw_arrow(area, (x, y + 19), (x + 18, y + 19))?;
    frame[0]
        .clone()
        .anchor(HAlign::Left, VAlign::Middle)
        .draw(area, (x + 24, y + 19))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::canvas::with_buffer;

    fn sample() -> MapData {
        let arrow = |label: &str, ar: &str, loading: [f64; 2]| Arrow {
            label: label.into(),
            label_ar: ar.into(),
            loading,
        };
        MapData {
            points: vec![[-2.0, 1.0], [-1.5, 0.5], [3.0, -0.5], [0.5, -1.0]],
            names: vec!["000".into(), "001".into(), "002".into(), "003".into()],
            clusters: vec![Some(0), Some(0), Some(1), Some(0)],
            cluster_sizes: vec![3, 1],
            cluster_centres: vec![[-1.0, 0.17], [3.0, -0.5]],
            arrows: vec![
                arrow("Invasion", "غزو", [0.7, -0.1]),
                arrow("Legitimacy", "الشرعية", [-0.6, 0.4]),
            ],
            arrows_cut: false,
            explained: [0.46, 0.18],
        }
    }

    #[test]
    fn ticks_are_round_numbers() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.3), 2.0);
        assert_eq!(nice_step(0.03), 0.05);
        assert_eq!(tick_text(-2.0, 1.0), "\u{2212}2");
        assert_eq!(tick_text(0.25, 0.05), "0.25");
        assert_eq!(tick_text(-0.0, 0.5), "0");
    }

    #[test]
    fn points_and_arrow_tips_fall_inside_the_plot() {
        let data = sample();
        let plot = Rect::new(100, 100, 700, 700);
        let p = Projection::new(&data, plot);
        let inner = plot.grow(-40);
        for &pt in &data.points {
            let (x, y) = p.px(pt);
            assert!(
                inner.x0 <= x && x <= inner.x1 && inner.y0 <= y && y <= inner.y1,
                "{pt:?}"
            );
        }
        let longest = data
            .arrows
            .iter()
            .map(|a| norm(a.loading))
            .fold(0.0, f64::max);
        let reach = data.points.iter().copied().map(norm).fold(0.0, f64::max);
        assert!((longest * p.arrow_scale - ARROW_REACH * reach).abs() < 1e-9);
        // One scale for both axes: a unit step is as long across as up.
        let (o, right, up) = (p.px([0.0, 0.0]), p.px([1.0, 0.0]), p.px([0.0, 1.0]));
        assert!(
            (right.0 - o.0 - (o.1 - up.1)).abs() <= 1,
            "{o:?} {right:?} {up:?}"
        );
    }

    #[test]
    fn documents_are_drawn_in_their_cluster_colours() {
        let data = sample();
        let chart = describe(&data);
        let layout = Layout::new(&chart, &data);
        let pixels = with_buffer(layout.size, |area| draw(area, &chart, &data, &layout));
        let (x, y) = layout.projection.px(data.points[2]);
        let c = palette::cluster(1);
        assert_eq!(pixels.at(x as u32, y as u32), (c.0, c.1, c.2));
        let (x, y) = layout.projection.px(data.points[0]);
        let c = palette::cluster(0);
        assert_eq!(pixels.at(x as u32, y as u32), (c.0, c.1, c.2));
    }

    #[test]
    fn the_guide_mentions_clusters_only_when_there_are_some() {
        let mut data = sample();
        assert!(describe(&data).guide.contains("clusters"));
        data.cluster_sizes.clear();
        assert!(!describe(&data).guide.contains("clusters"));
    }
}
