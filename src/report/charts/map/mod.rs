//! `map.png`: the documents on the two principal components of their frame profiles,
//! coloured by cluster, with arrows for the frames that pull documents apart.
//!
//! Both axes share one scale, so distances on the page are distances between profiles.
//! A frame's arrow is its loading on the two components, scaled to the cloud of points:
//! documents lie towards the frames they use more than the average document. Only the
//! longest arrows are drawn, so that the map stays readable with many frames. On a large
//! corpus documents are not named (a sample of them is drawn as small dots) and each
//! cluster is named at its centre instead.

mod hull;
mod labels;
mod projection;

use std::path::Path;

use anyhow::Result;
use plotters::prelude::*;

use self::labels::{frame_name, Placement};
use self::projection::Projection;
use super::canvas::{
    self, draw_header, header_size, tick_text, write_image, Area, Rect, LABEL_PX, MARGIN, SMALL_PX,
};
use super::palette::{self, GRID, INK, MUTED};
use super::text::{HAlign, Label, VAlign};
use super::units::MAX_DOCUMENTS;
use super::Chart;
use crate::report::Report;

pub const FILE: &str = "map.png";

/// Side of the square plot.
const PLOT: i32 = 620;
const MAX_ARROWS: usize = 8;
/// Most dots drawn; beyond it an even sample of the documents.
const MAX_POINTS: usize = 20_000;
const DOT_RADIUS: i32 = 7;
/// Dots of a corpus too large to name its documents.
const SMALL_DOT_RADIUS: i32 = 3;
const ARROW_COLOR: RGBColor = RGBColor(0x80, 0x80, 0x80);

/// A frame's pull on the map, named in English and Arabic.
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
    /// The outline of each cluster, corners in map units (see [`hull`]).
    pub hulls: Vec<Vec<[f64; 2]>>,
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
    let hulls = report.analysis.clustering.as_ref().map_or(Vec::new(), |c| {
        hull::hulls(&map.points, &c.labels, &centres)
    });
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
        hulls,
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
    for (p, c) in points.iter().zip(clustering.labels.iter()) {
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
        String::new()
    } else if data.names.is_empty() {
        format!(
            " Colours are clusters of similar framing; a shaded area holds the {:.0}% of a cluster's \
             documents nearest its centre.",
            hull::CORE * 100.0
        )
    } else {
        " Colours are clusters of similar framing, each shaded over the area its documents cover."
            .to_string()
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
    write_image(path, layout.size, |area| draw(area, chart, data, &layout))
}

/// Where everything goes, in pixels.
struct Layout {
    size: (u32, u32),
    /// The width the guide is wrapped to: the plot's, so that the plot's place does not
    /// depend on the legend.
    header_width: u32,
    projection: Projection,
    placement: Placement,
    legend: Vec<LegendRow>,
    legend_x: i32,
}

impl Layout {
    fn new(chart: &Chart, data: &MapData) -> Layout {
        let plot_x = MARGIN + 26 + 48;
        let header_width = (plot_x + PLOT - MARGIN) as u32;
        let (header_w, header_h) = header_size(chart, header_width);
        let plot_y = MARGIN + header_h as i32 + 6;
        let plot = Rect::new(plot_x, plot_y, plot_x + PLOT, plot_y + PLOT);
        let projection = Projection::new(data, plot);
        let placement = labels::place(data, &projection);
        let legend = legend(data, &placement);
        let legend_x = plot.x1 + 32;
        let legend_w = legend.iter().map(LegendRow::width).max().unwrap_or(0) as i32;
        let legend_h: i32 = legend.iter().map(LegendRow::height).sum();
        let width = (legend_x + legend_w).max(MARGIN + header_w as i32) + MARGIN;
        let height = (plot.y1 + 64).max(plot.y0 + legend_h) + MARGIN;
        Layout {
            size: (width as u32, height as u32),
            header_width,
            projection,
            placement,
            legend,
            legend_x,
        }
    }
}

fn draw(area: &Area, chart: &Chart, data: &MapData, layout: &Layout) -> Result<()> {
    draw_header(area, chart, layout.header_width)?;
    let p = &layout.projection;
    draw_axes(area, data, p)?;
    draw_hulls(area, data, p)?;
    for arrow in &data.arrows {
        draw_arrow(area, p.origin(), p.tip(arrow))?;
    }
    for (&pt, cluster) in data.points.iter().zip(&data.clusters) {
        let color = cluster.map_or(MUTED, palette::cluster);
        if data.names.is_empty() {
            // Many small dots: no ring, and see-through, so that density shows.
            area.draw(&Circle::new(
                p.px(pt),
                SMALL_DOT_RADIUS,
                color.mix(0.45).filled(),
            ))?;
        } else {
            canvas::dot(area, p.px(pt), DOT_RADIUS, color)?;
        }
    }
    labels::draw(area, data, p, &layout.placement)?;
    let mut y = p.plot.y0 + 4;
    for row in &layout.legend {
        row.draw(area, (layout.legend_x, y))?;
        y += row.height();
    }
    Ok(())
}

/// The frame, the grid at round values, the lines through the origin and the axis titles.
fn draw_axes(area: &Area, data: &MapData, p: &Projection) -> Result<()> {
    let plot = p.plot;
    let (origin_x, origin_y) = p.origin();
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

/// Each cluster's outline as a light shade of its colour, behind everything else.
fn draw_hulls(area: &Area, data: &MapData, p: &Projection) -> Result<()> {
    let pad = f64::from(if data.names.is_empty() {
        SMALL_DOT_RADIUS + 6
    } else {
        DOT_RADIUS + 6
    });
    for (c, hull) in data.hulls.iter().enumerate() {
        let corners: Vec<(i32, i32)> = hull.iter().map(|&q| p.px(q)).collect();
        if corners.is_empty() {
            continue;
        }
        let color = palette::cluster(c);
        let outline = palette::mix(color, palette::WHITE, 0.45);
        canvas::shade(area, &hull::padded(&corners, pad), color, 0.12, outline)?;
    }
    Ok(())
}

/// A grey arrow from the origin to `tip`, with a filled head.
fn draw_arrow(area: &Area, from: (i32, i32), tip: (i32, i32)) -> Result<()> {
    let color = ARROW_COLOR;
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

/// What a legend row starts with.
enum Marker {
    Dot(RGBColor),
    Arrow,
    Number(usize),
}

/// One entry of the legend: a marker and one or more lines of text.
struct LegendRow {
    marker: Marker,
    lines: Vec<Label>,
}

impl LegendRow {
    fn new(marker: Marker, lines: Vec<Label>) -> LegendRow {
        let lines = lines
            .into_iter()
            .map(|l| l.color(INK).anchor(HAlign::Left, VAlign::Top))
            .collect();
        LegendRow { marker, lines }
    }

    fn width(&self) -> u32 {
        26 + self.lines.iter().map(|l| l.size().0).max().unwrap_or(0)
    }

    fn height(&self) -> i32 {
        self.lines.iter().map(|l| l.size().1 as i32).sum::<i32>() + 10
    }

    fn draw(&self, area: &Area, (x, y): (i32, i32)) -> Result<()> {
        let mid = y + self.lines.first().map_or(0, |l| l.size().1 as i32 / 2);
        match self.marker {
            Marker::Dot(color) => canvas::dot(area, (x + 8, mid), DOT_RADIUS, color)?,
            Marker::Arrow => draw_arrow(area, (x, mid), (x + 18, mid))?,
            Marker::Number(n) => {
                let number = Label::new(&n.to_string(), SMALL_PX).color(labels::FRAME_INK);
                number
                    .anchor(HAlign::Center, VAlign::Middle)
                    .draw(area, (x + 8, mid))?;
            }
        }
        let mut line_y = y;
        for line in &self.lines {
            line_y = line.draw(area, (x + 26, line_y))?.y1;
        }
        Ok(())
    }
}

/// Clusters with their sizes, what an arrow is, and the frames numbered on the map.
fn legend(data: &MapData, placement: &Placement) -> Vec<LegendRow> {
    let mut rows: Vec<LegendRow> = data
        .cluster_sizes
        .iter()
        .enumerate()
        .map(|(c, &m)| {
            let docs = if m == 1 {
                "1 document".to_string()
            } else {
                format!("{m} documents")
            };
            let text = Label::new(&format!("cluster {} · {docs}", c + 1), SMALL_PX);
            LegendRow::new(Marker::Dot(palette::cluster(c)), vec![text])
        })
        .collect();
    let frames = if data.arrows_cut {
        format!("frame (the {MAX_ARROWS} strongest)")
    } else {
        "frame".to_string()
    };
    rows.push(LegendRow::new(
        Marker::Arrow,
        vec![Label::new(&frames, SMALL_PX)],
    ));
    for (i, n) in placement.numbered() {
        let arrow = &data.arrows[i];
        rows.push(LegendRow::new(
            Marker::Number(n),
            frame_name(&arrow.label, &arrow.label_ar),
        ));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::canvas::with_buffer;

    pub fn sample() -> MapData {
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
            hulls: vec![vec![[-2.0, 1.0], [-1.5, 0.5], [0.5, -1.0]], Vec::new()],
            arrows: vec![
                arrow("Invasion", "غزو", [0.7, -0.1]),
                arrow("Legitimacy", "الشرعية", [-0.6, 0.4]),
            ],
            arrows_cut: false,
            explained: [0.46, 0.18],
        }
    }

    #[test]
    fn documents_are_drawn_in_their_cluster_colours() {
        let data = sample();
        let chart = describe(&data);
        let layout = Layout::new(&chart, &data);
        let pixels = with_buffer(layout.size, |area| draw(area, &chart, &data, &layout));
        for (i, c) in [(2, 1), (0, 0)] {
            let (x, y) = layout.projection.px(data.points[i]);
            let color = palette::cluster(c);
            assert_eq!(pixels.at(x as u32, y as u32), (color.0, color.1, color.2));
        }
    }

    #[test]
    fn frames_with_room_are_named_at_their_tips() {
        let data = sample();
        let layout = Layout::new(&describe(&data), &data);
        assert!(
            layout.placement.numbered().next().is_none(),
            "{:?}",
            layout.placement
        );
    }

    #[test]
    fn frames_crowded_at_one_tip_are_numbered_and_listed() {
        let mut data = sample();
        let same = data.arrows[0].clone();
        for k in 0..12 {
            data.arrows.push(Arrow {
                label: format!("Frame {k}"),
                ..same.clone()
            });
        }
        let layout = Layout::new(&describe(&data), &data);
        let numbered: Vec<(usize, usize)> = layout.placement.numbered().collect();
        assert!(!numbered.is_empty(), "{:?}", layout.placement);
        assert_eq!(
            numbered.iter().map(|n| n.1).collect::<Vec<_>>(),
            (1..=numbered.len()).collect::<Vec<_>>()
        );
        let listed = layout
            .legend
            .iter()
            .filter(|r| matches!(r.marker, Marker::Number(_)))
            .count();
        assert_eq!(listed, numbered.len());
    }

    #[test]
    fn the_guide_mentions_clusters_only_when_there_are_some() {
        let mut data = sample();
        assert!(describe(&data).guide.contains("clusters"));
        data.cluster_sizes.clear();
        assert!(!describe(&data).guide.contains("clusters"));
    }
}
