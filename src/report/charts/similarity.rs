//! `similarity.png`: how alike every pair of documents frames the story, as a square of
//! cells (the cosine similarity of their frame profiles; darker = more alike), ordered by
//! a hierarchical clustering whose tree is drawn at the left. Blocks of dark cells along
//! the diagonal are families of documents framed alike; the tree says how tightly.
//!
//! On a large corpus the rows are groups of documents (the same groups as the other
//! charts), each with its pooled profile. The computation is [`crate::analysis::similarity`].

use std::path::Path;

use anyhow::Result;
use plotters::style::RGBColor;

use super::canvas::{
    self, column_heads, draw_header, header_size, nice_step, tick_text, write_image, Area, Rect,
    MARGIN, SMALL_PX,
};
use super::palette::{self, INK, MUTED, WHITE};
use super::text::{HAlign, Label, VAlign};
use super::units::{name_label, pooled_rate, units, Pooling, Unit};
use super::Chart;
use crate::analysis::{similarity, Merge};
use crate::report::Report;

pub const FILE: &str = "similarity.png";

/// Most rows whose cells are big enough to carry their value.
const MAX_VALUED: usize = 12;
const VALUED_CELL: i32 = 46;
const PLAIN_CELL: i32 = 26;
/// Width of the tree, for distances from 0 to 1.
const TREE_WIDTH: i32 = 180;
const DETAIL_WIDTH: u32 = 220;

/// What the chart shows, rows in the tree's order.
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarityData {
    pub names: Vec<String>,
    pub details: Vec<String>,
    /// Similarity of each pair of rows, in [0, 1].
    pub matrix: Vec<Vec<f64>>,
    /// The tree's merges; ids below the number of rows are rows in display order.
    pub merges: Vec<Merge>,
    /// Rows left out for having no match.
    pub left_out: usize,
    pub grouped_by: Option<Pooling>,
}

/// The similarities from a report, or `None` when fewer than two rows have any match.
/// Rows without a match are left out: they are like nothing, and would each hang alone
/// from the tree's root.
pub fn data(report: &Report) -> Option<SimilarityData> {
    let units = units(report);
    let frames = report.lexicon.frames.len();
    let (profiles, kept): (Vec<Vec<f64>>, Vec<&Unit>) = units
        .units
        .iter()
        .map(|u| {
            let profile: Vec<f64> = (0..frames)
                .map(|j| pooled_rate(report, j, &u.members))
                .collect();
            (profile, u)
        })
        .filter(|(profile, _)| profile.iter().any(|&x| x > 0.0))
        .unzip();
    if profiles.len() < 2 {
        return None;
    }
    let s = similarity(&profiles);
    let n = s.order.len();
    let mut position = vec![0; n];
    for (at, &row) in s.order.iter().enumerate() {
        position[row] = at;
    }
    let relabel = |id: usize| if id < n { position[id] } else { id };
    let ordered: Vec<&Unit> = s.order.iter().map(|&r| kept[r]).collect();
    Some(SimilarityData {
        names: ordered.iter().map(|u| u.name.clone()).collect(),
        details: ordered.iter().map(|u| u.detail.clone()).collect(),
        matrix: s
            .order
            .iter()
            .map(|&a| s.order.iter().map(|&b| s.matrix[a][b]).collect())
            .collect(),
        merges: s
            .merges
            .iter()
            .map(|m| Merge {
                a: relabel(m.a),
                b: relabel(m.b),
                distance: m.distance,
            })
            .collect(),
        left_out: units.units.len() - kept.len(),
        grouped_by: units.grouped_by,
    })
}

/// The title and reading guide.
pub fn describe(data: &SimilarityData) -> Chart {
    let (title, unit) = match &data.grouped_by {
        None => (
            "Which documents frame the story alike".to_string(),
            "document",
        ),
        Some(pooling) => (
            format!("Which groups frame the story alike, {}", pooling.by()),
            "group",
        ),
    };
    let left_out = match data.left_out {
        0 => String::new(),
        1 => format!(" One {unit} without any match is left out."),
        n => format!(" {n} {unit}s without any match are left out."),
    };
    Chart {
        file: FILE.to_string(),
        title,
        guide: format!(
            "Each cell: how alike two {unit}s' mixes of frames are (cosine similarity: 1 = the same mix, \
             0 = no frame in common); darker = more alike. The tree at the left joins the most alike \
             first, and the rows follow it.{left_out}"
        ),
    }
}

/// Writes the chart to `path`.
pub fn write(path: &Path, chart: &Chart, data: &SimilarityData) -> Result<()> {
    let layout = Layout::new(chart, data);
    write_image(path, layout.size, |area| draw(area, chart, data, &layout))
}

/// Where everything goes, in pixels.
struct Layout {
    size: (u32, u32),
    content_width: u32,
    labels: Vec<Label>,
    heads: Vec<Label>,
    /// Where the tree's leaves are, and the top-left corner of the cells.
    leaves_x: i32,
    grid_x: i32,
    grid_y: i32,
    cell: i32,
    valued: bool,
    /// The distance at the tree's left end: a round number at least the root's height,
    /// so that a tree of very alike rows is not squeezed against the leaves.
    tree_span: f64,
}

impl Layout {
    fn new(chart: &Chart, data: &SimilarityData) -> Layout {
        let n = data.names.len();
        let valued = n <= MAX_VALUED;
        let cell = if valued { VALUED_CELL } else { PLAIN_CELL };
        let grouped = data.grouped_by.is_some();
        let labels: Vec<Label> = data
            .names
            .iter()
            .zip(&data.details)
            .map(|(name, detail)| {
                let detail = (!grouped).then_some(detail.as_str());
                name_label(name, detail, DETAIL_WIDTH)
            })
            .collect();
        let heads = column_heads(&data.names, cell);
        let heads_height = heads.iter().map(|h| h.size().1 as i32).max().unwrap_or(0);
        let label_width = labels.iter().map(|l| l.size().0 as i32).max().unwrap_or(0);
        let leaves_x = MARGIN + TREE_WIDTH;
        let grid_x = leaves_x + 10 + label_width + 12;
        let content_width = (grid_x + (cell * n as i32).max(RAMP) - MARGIN) as u32;
        let (header_w, header_h) = header_size(chart, content_width);
        let grid_y = MARGIN + header_h as i32 + heads_height + 10;
        let width = content_width.max(header_w) as i32 + 2 * MARGIN;
        let height = grid_y + cell * n as i32 + 84 + MARGIN;
        Layout {
            size: (width as u32, height as u32),
            content_width,
            labels,
            heads,
            leaves_x,
            grid_x,
            grid_y,
            cell,
            valued,
            tree_span: tree_span(&data.merges),
        }
    }

    fn cell_rect(&self, row: usize, column: usize) -> Rect {
        let (x, y) = (
            self.grid_x + column as i32 * self.cell,
            self.grid_y + row as i32 * self.cell,
        );
        Rect::new(x, y, x + self.cell, y + self.cell)
    }

    fn row_middle(&self, row: usize) -> i32 {
        self.grid_y + row as i32 * self.cell + self.cell / 2
    }

    /// The x of a distance on the tree: 0 at the leaves, `tree_span` at the far left.
    fn tree_x(&self, distance: f64) -> i32 {
        let share = (distance / self.tree_span).clamp(0.0, 1.0);
        self.leaves_x - (share * f64::from(TREE_WIDTH - 16)).round() as i32
    }

    fn grid_bottom(&self, n: usize) -> i32 {
        self.grid_y + self.cell * n as i32
    }
}

/// The root's height rounded up to 1, 2 or 5 times a power of ten, at most 1.
fn tree_span(merges: &[Merge]) -> f64 {
    let root = merges.iter().map(|m| m.distance).fold(0.0, f64::max);
    if root > 1e-6 {
        nice_step(root).min(1.0)
    } else {
        1.0
    }
}

/// A cell's fill: white for 0, the darkest grey for 1.
fn cell_color(similarity: f64) -> RGBColor {
    palette::mix(WHITE, palette::ALIKE, similarity.clamp(0.0, 1.0))
}

fn draw(area: &Area, chart: &Chart, data: &SimilarityData, layout: &Layout) -> Result<()> {
    draw_header(area, chart, layout.content_width)?;
    let n = data.names.len();
    for (c, head) in layout.heads.iter().enumerate() {
        let cell = layout.cell_rect(0, c);
        head.draw(area, ((cell.x0 + cell.x1) / 2, layout.grid_y - 6))?;
    }
    for (r, label) in layout.labels.iter().enumerate() {
        label.draw(area, (layout.leaves_x + 10, layout.row_middle(r)))?;
        for (c, &value) in data.matrix[r].iter().enumerate() {
            draw_cell(area, layout, layout.cell_rect(r, c), value)?;
        }
    }
    draw_tree(area, data, layout)?;
    draw_legend(area, layout, layout.grid_bottom(n) + 26)
}

fn draw_cell(area: &Area, layout: &Layout, cell: Rect, value: f64) -> Result<()> {
    let fill = cell_color(value);
    canvas::fill(
        area,
        Rect::new(cell.x0 + 1, cell.y0 + 1, cell.x1 - 1, cell.y1 - 1),
        fill,
    )?;
    if layout.valued {
        Label::new(&format!("{value:.2}"), SMALL_PX)
            .color(palette::text_on(fill))
            .anchor(HAlign::Center, VAlign::Middle)
            .draw(area, ((cell.x0 + cell.x1) / 2, (cell.y0 + cell.y1) / 2))?;
    }
    Ok(())
}

/// The tree as elbows: each merge is a vertical line at its distance joining its two
/// branches, which run right to their own merges or leaves.
fn draw_tree(area: &Area, data: &SimilarityData, layout: &Layout) -> Result<()> {
    let n = data.names.len();
    let mut nodes: Vec<(i32, i32)> = (0..n)
        .map(|r| (layout.leaves_x, layout.row_middle(r)))
        .collect();
    for m in &data.merges {
        let (a, b) = (nodes[m.a], nodes[m.b]);
        let x = layout.tree_x(m.distance);
        canvas::line(area, (x, a.1), (x, b.1), INK, 2)?;
        canvas::line(area, (x, a.1), a, INK, 2)?;
        canvas::line(area, (x, b.1), b, INK, 2)?;
        nodes.push((x, (a.1 + b.1) / 2));
    }
    let bottom = layout.grid_bottom(n) + 8;
    let span = layout.tree_span;
    canvas::line(
        area,
        (layout.tree_x(span), bottom),
        (layout.tree_x(0.0), bottom),
        MUTED,
        1,
    )?;
    for t in [0.0, span / 2.0, span] {
        let x = layout.tree_x(t);
        canvas::line(area, (x, bottom), (x, bottom + 5), MUTED, 1)?;
        Label::new(&tick_text(t, span / 2.0), SMALL_PX)
            .color(MUTED)
            .anchor(HAlign::Center, VAlign::Top)
            .draw(area, (x, bottom + 7))?;
    }
    Label::new("1 − similarity where branches join", SMALL_PX)
        .color(MUTED)
        .anchor(HAlign::Left, VAlign::Top)
        .draw(area, (layout.tree_x(span), bottom + 28))?;
    Ok(())
}

/// Width of the legend's scale.
const RAMP: i32 = 300;

/// The scale from white (0) to the darkest grey (1).
fn draw_legend(area: &Area, layout: &Layout, y: i32) -> Result<()> {
    let x = layout.grid_x;
    for step in 0..RAMP / 2 {
        let color = cell_color(f64::from(step) / f64::from(RAMP / 2 - 1));
        let x = x + 2 * step;
        canvas::fill(area, Rect::new(x, y, x + 2, y + 14), color)?;
    }
    canvas::frame(area, Rect::new(x, y, x + RAMP, y + 14), MUTED, 1)?;
    let end = |text: &str, at: i32, align: HAlign| {
        Label::new(text, SMALL_PX)
            .color(MUTED)
            .anchor(align, VAlign::Top)
            .draw(area, (at, y + 18))
    };
    end("0 · no frame in common", x, HAlign::Left)?;
    end("the same mix · 1", x + RAMP, HAlign::Right)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::canvas::with_buffer;
    use crate::report::charts::fixture;

    #[test]
    fn documents_framed_alike_sit_next_to_each_other() {
        let report = fixture::report(&fixture::corpus(6), false);
        let data = data(&report).expect("documents with matches");
        let hostile: Vec<usize> = (0..data.names.len())
            .filter(|&r| ["000", "003"].contains(&data.names[r].as_str()))
            .collect();
        assert_eq!(hostile.len(), 2);
        assert_eq!(hostile[1] - hostile[0], 1, "{:?}", data.names);
        assert!(data.matrix[hostile[0]][hostile[1]] > 0.99);
        assert_eq!(data.merges.len(), data.names.len() - 1);
    }

    #[test]
    fn a_tree_of_very_alike_rows_is_drawn_on_a_finer_scale() {
        let merge = |distance| Merge {
            a: 0,
            b: 1,
            distance,
        };
        assert_eq!(tree_span(&[merge(0.012)]), 0.02);
        assert_eq!(tree_span(&[merge(0.7)]), 1.0);
        assert_eq!(tree_span(&[merge(0.0)]), 1.0);
    }

    #[test]
    fn a_large_corpus_compares_its_groups() {
        let report = fixture::report(&fixture::corpus(45), true);
        let data = data(&report).expect("groups with matches");
        assert_eq!(data.names.len(), 2);
        assert_eq!(data.grouped_by, Some(Pooling::Column("outlet".into())));
        assert!(describe(&data).title.contains("by outlet"));
    }

    #[test]
    fn documents_without_a_match_are_left_out_and_counted() {
        let report = fixture::report(&fixture::corpus(6), false);
        let data = data(&report).unwrap();
        assert_eq!(data.names.len(), 4, "{:?}", data.names);
        assert_eq!(data.left_out, 2);
        assert!(describe(&data)
            .guide
            .contains("2 documents without any match"));
    }

    #[test]
    fn no_chart_without_two_documents_with_matches() {
        let texts = vec![
            ("a".to_string(), String::new(), fixture::PLAIN),
            ("b".to_string(), String::new(), fixture::HOSTILE),
        ];
        assert!(data(&fixture::report(&texts, false)).is_none());
    }

    #[test]
    fn the_diagonal_is_the_darkest_and_few_cells_carry_their_values() {
        let report = fixture::report(&fixture::corpus(6), false);
        let data = data(&report).unwrap();
        let chart = describe(&data);
        let layout = Layout::new(&chart, &data);
        assert!(layout.valued);
        let pixels = with_buffer(layout.size, |area| draw(area, &chart, &data, &layout));
        let corner = layout.cell_rect(0, 0);
        let ink = palette::ALIKE;
        assert_eq!(
            pixels.at(corner.x0 as u32 + 3, corner.y0 as u32 + 3),
            (ink.0, ink.1, ink.2)
        );
    }
}
