//! The map's labels: frame names at the arrow tips, document names beside their dots,
//! cluster names at the cluster centres. Placement is computed before anything is drawn
//! (the legend must know which frames did not fit), greedily, in order of importance:
//! cluster names, then frames from the longest arrow, then documents.
//!
//! A frame name that fits nowhere near its tip without covering something becomes a
//! number at the tip, and the legend spells it out; a document name put farther away
//! than usual gets a leader line to its dot.

use anyhow::Result;
use plotters::style::RGBColor;

use super::projection::Projection;
use super::{MapData, DOT_RADIUS, SMALL_DOT_RADIUS};
use crate::report::charts::canvas::{self, Area, Rect, LABEL_PX, SMALL_PX};
use crate::report::charts::palette::{self, INK};
use crate::report::charts::place::Placer;
use crate::report::charts::text::{HAlign, Label, VAlign};

/// Frame names: darker than the arrows, lighter than document names.
pub const FRAME_INK: RGBColor = RGBColor(0x44, 0x44, 0x44);

/// Where a frame's name goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameSpot {
    /// Top-left corner of the name, beside the arrow's tip.
    AtTip((i32, i32)),
    /// A number (from 1) at this top-left corner; the legend names it.
    Numbered(usize, (i32, i32)),
}

/// Where every label of the map goes, in pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub frames: Vec<FrameSpot>,
    /// Top-left corner of each document's name (none when documents are not named).
    pub names: Vec<(i32, i32)>,
    /// Box of each cluster's name (none when documents are named).
    pub clusters: Vec<Rect>,
}

impl Placement {
    /// The arrows whose frame is named in the legend, with their numbers.
    pub fn numbered(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.frames
            .iter()
            .enumerate()
            .filter_map(|(i, spot)| match spot {
                FrameSpot::Numbered(n, _) => Some((i, *n)),
                FrameSpot::AtTip(_) => None,
            })
    }
}

/// A frame's name: English over Arabic, centred.
pub fn frame_name(label: &str, label_ar: &str) -> Vec<Label> {
    [label, label_ar]
        .iter()
        .filter(|t| !t.is_empty())
        .map(|t| {
            Label::new(t, SMALL_PX)
                .color(FRAME_INK)
                .anchor(HAlign::Center, VAlign::Top)
        })
        .collect()
}

/// Width and height of stacked lines.
pub fn stack_size(lines: &[Label]) -> (u32, u32) {
    let width = lines.iter().map(|l| l.size().0).max().unwrap_or(0);
    (width, lines.iter().map(|l| l.size().1).sum())
}

fn cluster_name(c: usize) -> Label {
    Label::new(&format!("cluster {}", c + 1), LABEL_PX)
        .color(INK)
        .anchor(HAlign::Center, VAlign::Middle)
}

fn number(n: usize) -> Label {
    Label::new(&n.to_string(), SMALL_PX).color(FRAME_INK)
}

/// Decides where every label goes.
pub fn place(data: &MapData, p: &Projection) -> Placement {
    let mut placer = Placer::new(p.plot.grow(-2));
    let radius = dot_radius(data);
    for &pt in &data.points {
        let (x, y) = p.px(pt);
        placer.take(Rect::new(
            x - radius,
            y - radius,
            x + radius + 1,
            y + radius + 1,
        ));
    }
    for arrow in &data.arrows {
        placer.take_segment(p.origin(), p.tip(arrow));
    }
    let clusters = if data.names.is_empty() {
        place_clusters(data, p, &mut placer)
    } else {
        Vec::new()
    };
    let frames = place_frames(data, p, &mut placer);
    let names = data
        .names
        .iter()
        .zip(&data.points)
        .map(|(name, &pt)| {
            let size = Label::new(name, SMALL_PX).size();
            placer.place(size, p.px(pt), radius + 3, None)
        })
        .collect();
    Placement {
        frames,
        names,
        clusters,
    }
}

/// Each cluster's name on its centre, or beside it when that would cover an arrow.
fn place_clusters(data: &MapData, p: &Projection, placer: &mut Placer) -> Vec<Rect> {
    (0..data.cluster_centres.len())
        .map(|c| {
            let centre = p.px(data.cluster_centres[c]);
            let on_centre = cluster_box(c, centre);
            if placer.is_free(&on_centre) {
                placer.take(on_centre.grow(2));
                return on_centre;
            }
            let (w, h) = (on_centre.x1 - on_centre.x0, on_centre.y1 - on_centre.y0);
            let (x, y) = placer.place((w as u32, h as u32), centre, 4, None);
            Rect::new(x, y, x + w, y + h)
        })
        .collect()
}

fn place_frames(data: &MapData, p: &Projection, placer: &mut Placer) -> Vec<FrameSpot> {
    let origin = p.origin();
    let mut numbered = 0;
    data.arrows
        .iter()
        .map(|arrow| {
            let tip = p.tip(arrow);
            let outward = (f64::from(tip.0 - origin.0), f64::from(tip.1 - origin.1));
            let size = stack_size(&frame_name(&arrow.label, &arrow.label_ar));
            match placer.try_place(size, tip, 6, Some(outward)) {
                Some(at) => FrameSpot::AtTip(at),
                None => {
                    numbered += 1;
                    let at = placer.place(number(numbered).size(), tip, 4, Some(outward));
                    FrameSpot::Numbered(numbered, at)
                }
            }
        })
        .collect()
}

pub fn dot_radius(data: &MapData) -> i32 {
    if data.names.is_empty() {
        SMALL_DOT_RADIUS
    } else {
        DOT_RADIUS
    }
}

/// The white box behind a cluster's name, centred on the cluster.
fn cluster_box(c: usize, at: (i32, i32)) -> Rect {
    cluster_name(c).bounds(at).grow(4)
}

/// Draws every label where `placement` puts it.
pub fn draw(area: &Area, data: &MapData, p: &Projection, placement: &Placement) -> Result<()> {
    for (c, (&b, &centre)) in placement
        .clusters
        .iter()
        .zip(&data.cluster_centres)
        .enumerate()
    {
        draw_cluster_name(area, c, b, p.px(centre))?;
    }
    for (arrow, spot) in data.arrows.iter().zip(&placement.frames) {
        match *spot {
            FrameSpot::AtTip((x, mut y)) => {
                let lines = frame_name(&arrow.label, &arrow.label_ar);
                let (width, height) = stack_size(&lines);
                let bounds = Rect::new(x, y, x + width as i32, y + height as i32);
                canvas::leader(area, p.tip(arrow), bounds, DOT_RADIUS, FRAME_INK)?;
                for line in &lines {
                    y = line.draw(area, (x + width as i32 / 2, y))?.y1;
                }
            }
            FrameSpot::Numbered(n, at) => {
                let drawn = number(n).draw(area, at)?;
                canvas::leader(area, p.tip(arrow), drawn, DOT_RADIUS, FRAME_INK)?;
            }
        }
    }
    for ((name, &pt), &at) in data.names.iter().zip(&data.points).zip(&placement.names) {
        let label = Label::new(name, SMALL_PX).color(INK);
        canvas::leader(area, p.px(pt), label.bounds(at), DOT_RADIUS, FRAME_INK)?;
        label.draw(area, at)?;
    }
    Ok(())
}

/// "cluster 2" on a white box, with a leader to the centre when it had to move aside.
fn draw_cluster_name(area: &Area, c: usize, b: Rect, centre: (i32, i32)) -> Result<()> {
    canvas::leader(area, centre, b, DOT_RADIUS, FRAME_INK)?;
    canvas::fill(area, b, palette::mix(palette::WHITE, INK, 0.04))?;
    canvas::frame(area, b, palette::cluster(c), 2)?;
    cluster_name(c).draw(area, ((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2))?;
    Ok(())
}
