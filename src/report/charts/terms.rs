//! `terms.png`: the loaded terms that weigh most in each document's stance, one small
//! panel a document. A bar is a term's contribution to the score: left and vermillion
//! when it frames Turkey's role as hostile, right and blue when sympathetic, on one scale
//! for every panel. Terms are the lexicon's own entries (`مرتزق*`), shaped right to left.
//!
//! On a large corpus a panel is a group of documents and a bar the term's contribution per
//! document of the group, so that groups of different sizes compare. Only what every
//! report keeps of a match is read: its term and its contribution.

use std::path::Path;

use anyhow::{Context, Result};

use super::canvas::{
    self, draw_header, header_size, signed, write_image, Area, Rect, HOSTILE_KEY, LABEL_PX, MARGIN,
    SMALL_PX, SYMPATHETIC_KEY,
};
use super::palette::{self, BAND, GRID, HOSTILE, MUTED, SYMPATHETIC};
use super::text::{fit, Direction, HAlign, Label, VAlign};
use super::units::{name_label, units, Pooling, Unit};
use super::Chart;
use crate::report::documents::READ_BACK;
use crate::report::Report;

pub const FILE: &str = "terms.png";

/// Most bars in a panel.
const MAX_BARS: usize = 6;
/// Panels side by side.
const MAX_COLUMNS: usize = 3;
const BAR_ROW: i32 = 24;
const BAR_HEIGHT: i32 = 14;
/// Width of the bars' area: half for hostile terms, half for sympathetic ones.
const BARS_WIDTH: i32 = 220;
const TERM_WIDTH: u32 = 150;
const PANEL_GAP: i32 = 36;
const TITLE_HEIGHT: i32 = 30;

/// One term's weight in a panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The lexicon entry, as written.
    pub term: String,
    /// Its contribution to the stance: summed over a document, or per document of a group.
    pub value: f64,
    pub matches: usize,
}

/// One document, or group of documents, and its heaviest terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub name: String,
    pub detail: String,
    /// Heaviest first, at most [`MAX_BARS`]; only terms that moved the score.
    pub bars: Vec<Bar>,
}

/// What the chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct TermsData {
    pub panels: Vec<Panel>,
    pub grouped_by: Option<Pooling>,
}

/// The panels from a report, in the stance chart's order, or `None` when no loaded term
/// matched (or the report was built from feature rows, without matches); an error is one
/// reading the matches back from their temporary file.
pub fn data(report: &Report) -> Result<Option<TermsData>> {
    let units = units(report);
    let panels = units
        .units
        .iter()
        .map(|u| panel(report, u))
        .collect::<Result<Vec<Panel>>>()?;
    Ok(panels
        .iter()
        .any(|p| !p.bars.is_empty())
        .then_some(TermsData {
            panels,
            grouped_by: units.grouped_by,
        }))
}

fn panel(report: &Report, unit: &Unit) -> Result<Panel> {
    let per = unit.members.len().max(1) as f64;
    let mut bars: Vec<Bar> = report
        .term_totals(&unit.members)
        .context(READ_BACK)?
        .into_iter()
        .filter(|(_, (sum, _))| *sum != 0.0)
        .map(|(term, (sum, matches))| Bar {
            term: report.lexicon.terms[term].text.clone(),
            value: sum / per,
            matches,
        })
        .collect();
    bars.sort_by(|a, b| {
        b.value
            .abs()
            .total_cmp(&a.value.abs())
            .then(b.matches.cmp(&a.matches))
    });
    bars.truncate(MAX_BARS);
    Ok(Panel {
        name: unit.name.clone(),
        detail: unit.detail.clone(),
        bars,
    })
}

/// The title and reading guide.
pub fn describe(data: &TermsData) -> Chart {
    let (title, unit, value) = match &data.grouped_by {
        None => (
            "The terms that weigh most in each document's stance".to_string(),
            "document",
            "its contribution to the score (number of matches after it)",
        ),
        Some(pooling) => (
            format!("The terms that weigh most, {}", pooling.by()),
            "group",
            "its contribution per document of the group (total matches after it)",
        ),
    };
    Chart {
        file: FILE.to_string(),
        title,
        guide: format!(
            "One panel a {unit}, its heaviest loaded terms as written in the lexicons; a bar is {value}. \
             Left, vermillion: framed as hostile to Turkey's role; right, blue: sympathetic."
        ),
    }
}

/// Writes the chart to `path`.
pub fn write(path: &Path, chart: &Chart, data: &TermsData) -> Result<()> {
    let layout = Layout::new(chart, data);
    write_image(path, layout.size, |area| draw(area, chart, data, &layout))
}

/// Where everything goes, in pixels.
struct Layout {
    size: (u32, u32),
    content_width: u32,
    /// The panels with a loaded term, each with its top-left corner.
    panels: Vec<(usize, (i32, i32))>,
    /// The names of the panels without one, as lines under the panels.
    without: Vec<Label>,
    panel_width: i32,
    /// Largest |value|: the half-width of the bars' area.
    max: f64,
}

impl Layout {
    fn new(chart: &Chart, data: &TermsData) -> Layout {
        let shown: Vec<usize> = (0..data.panels.len())
            .filter(|&p| !data.panels[p].bars.is_empty())
            .collect();
        let columns = shown.len().clamp(1, MAX_COLUMNS);
        let panel_width = TERM_WIDTH as i32 + 10 + BARS_WIDTH;
        let content_width = (columns as i32 * (panel_width + PANEL_GAP) - PANEL_GAP) as u32;
        let (header_w, header_h) = header_size(chart, content_width);
        let mut y = MARGIN + header_h as i32;
        let mut panels = Vec::new();
        // A row of panels is as tall as its longest panel.
        for row in shown.chunks(columns) {
            let bars = row.iter().map(|&p| data.panels[p].bars.len()).max();
            for (column, &p) in row.iter().enumerate() {
                let x = MARGIN + column as i32 * (panel_width + PANEL_GAP);
                panels.push((p, (x, y)));
            }
            y += TITLE_HEIGHT + bars.unwrap_or(0) as i32 * BAR_ROW + 24;
        }
        let without = without_lines(data, shown.len(), content_width);
        let without_height: i32 = without.iter().map(|l| l.size().1 as i32 + 2).sum();
        let max = data
            .panels
            .iter()
            .flat_map(|p| &p.bars)
            .map(|b| b.value.abs())
            .fold(0.0, f64::max);
        Layout {
            size: (
                (content_width.max(header_w) as i32 + 2 * MARGIN) as u32,
                (y + without_height + 70 + MARGIN) as u32,
            ),
            content_width,
            panels,
            without,
            panel_width,
            max,
        }
    }

    /// The x of the zero line of a panel starting at `x`.
    fn zero(&self, x: i32) -> i32 {
        x + TERM_WIDTH as i32 + 10 + BARS_WIDTH / 2
    }

    /// The length in pixels of a value, signed.
    fn length(&self, value: f64) -> i32 {
        if self.max <= 0.0 {
            0
        } else {
            (value / self.max * f64::from(BARS_WIDTH / 2 - 4)).round() as i32
        }
    }
}

fn draw(area: &Area, chart: &Chart, data: &TermsData, layout: &Layout) -> Result<()> {
    draw_header(area, chart, layout.content_width)?;
    let grouped = data.grouped_by.is_some();
    for &(p, corner) in &layout.panels {
        draw_panel(area, &data.panels[p], corner, grouped, layout)?;
    }
    let mut y = layout.size.1 as i32
        - MARGIN
        - 50
        - layout
            .without
            .iter()
            .map(|l| l.size().1 as i32 + 2)
            .sum::<i32>();
    for line in &layout.without {
        y = line.draw(area, (MARGIN, y))?.y1 + 2;
    }
    canvas::key(
        area,
        (MARGIN, y + 12),
        22,
        &[(HOSTILE, HOSTILE_KEY), (SYMPATHETIC, SYMPATHETIC_KEY)],
    )?;
    Ok(())
}

/// "No loaded term in: 001, 002, …", wrapped to `width`; nothing when every panel has one.
fn without_lines(data: &TermsData, shown: usize, width: u32) -> Vec<Label> {
    if shown == data.panels.len() {
        return Vec::new();
    }
    let names: Vec<&str> = data
        .panels
        .iter()
        .filter(|p| p.bars.is_empty())
        .map(|p| p.name.as_str())
        .collect();
    let text = format!("No loaded term in: {}.", names.join(", "));
    canvas::wrap(&text, SMALL_PX, width)
        .iter()
        .map(|line| {
            Label::new(line, SMALL_PX)
                .color(MUTED)
                .anchor(HAlign::Left, VAlign::Top)
        })
        .collect()
}

fn draw_panel(
    area: &Area,
    panel: &Panel,
    (x, y): (i32, i32),
    grouped: bool,
    layout: &Layout,
) -> Result<()> {
    let detail = (!grouped).then_some(panel.detail.as_str());
    let title_width = (layout.panel_width as u32).saturating_sub(60);
    name_label(&panel.name, detail, title_width).draw(area, (x, y + TITLE_HEIGHT / 2 - 2))?;
    if grouped {
        Label::new(&panel.detail, SMALL_PX)
            .color(MUTED)
            .anchor(HAlign::Right, VAlign::Middle)
            .draw(area, (x + layout.panel_width, y + TITLE_HEIGHT / 2 - 2))?;
    }
    let top = y + TITLE_HEIGHT;
    canvas::line(
        area,
        (x, top - 4),
        (x + layout.panel_width, top - 4),
        GRID,
        1,
    )?;
    let zero = layout.zero(x);
    let bottom = top + panel.bars.len() as i32 * BAR_ROW;
    for (k, bar) in panel.bars.iter().enumerate() {
        let middle = top + k as i32 * BAR_ROW + BAR_ROW / 2;
        if k % 2 == 1 {
            canvas::fill(
                area,
                Rect::new(
                    x,
                    middle - BAR_ROW / 2,
                    x + layout.panel_width,
                    middle + BAR_ROW / 2,
                ),
                BAND,
            )?;
        }
        draw_bar(area, bar, (x, middle), grouped, layout)?;
    }
    canvas::line(area, (zero, top), (zero, bottom), MUTED, 1)
}

/// A term's label (right to left, right-aligned before the bars), its bar from the zero
/// line, and its value on the other side of zero, where no bar of its row can be.
fn draw_bar(
    area: &Area,
    bar: &Bar,
    (x, middle): (i32, i32),
    grouped: bool,
    layout: &Layout,
) -> Result<()> {
    let term = fit(&bar.term, LABEL_PX, TERM_WIDTH);
    Label::with_direction(&term, LABEL_PX, Direction::Rtl)
        .color(palette::INK)
        .anchor(HAlign::Right, VAlign::Middle)
        .draw(area, (x + TERM_WIDTH as i32, middle))?;
    let zero = layout.zero(x);
    let end = zero + layout.length(bar.value);
    let color = if bar.value < 0.0 {
        HOSTILE
    } else {
        SYMPATHETIC
    };
    let (left, right) = (zero.min(end), zero.max(end).max(zero.min(end) + 2));
    canvas::fill(
        area,
        Rect::new(
            left,
            middle - BAR_HEIGHT / 2,
            right,
            middle + BAR_HEIGHT / 2,
        ),
        color,
    )?;
    let value = if grouped {
        format!("{} · {}", signed(bar.value), bar.matches)
    } else {
        format!("{} · {}×", signed(bar.value), bar.matches)
    };
    let (at, align) = if bar.value < 0.0 {
        (zero + 6, HAlign::Left)
    } else {
        (zero - 6, HAlign::Right)
    };
    Label::new(&value, SMALL_PX)
        .color(MUTED)
        .anchor(align, VAlign::Middle)
        .draw(area, (at, middle))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::canvas::with_buffer;
    use crate::report::charts::fixture;

    #[test]
    fn each_document_shows_its_heaviest_terms_with_their_direction() {
        let report = fixture::report(&fixture::corpus(3), false);
        let data = data(&report).unwrap().unwrap();
        assert_eq!(data.panels.len(), 3);
        let panel = |name: &str| data.panels.iter().find(|p| p.name == name).unwrap();
        let hostile = panel("000");
        assert!(!hostile.bars.is_empty());
        assert!(hostile.bars.iter().all(|b| b.value < 0.0), "{hostile:?}");
        assert!(hostile.bars.iter().any(|b| b.term.starts_with("مرتزق")));
        let heaviest: Vec<f64> = hostile.bars.iter().map(|b| b.value.abs()).collect();
        assert!(heaviest.windows(2).all(|w| w[0] >= w[1]), "{heaviest:?}");
        assert!(panel("001").bars.iter().any(|b| b.value > 0.0));
        assert!(
            panel("002").bars.is_empty(),
            "a plain text has no loaded term"
        );
    }

    #[test]
    fn a_group_shows_contributions_per_document() {
        let texts = fixture::corpus(45);
        let grouped = data(&fixture::report(&texts, true)).unwrap().unwrap();
        assert_eq!(grouped.panels.len(), 2);
        let single = data(&fixture::report(&texts[..1], false)).unwrap().unwrap();
        let top = &single.panels[0].bars[0];
        let outlet_a: Vec<usize> = (0..texts.len()).filter(|i| i % 2 == 0).collect();
        let hostile_in_a = outlet_a.iter().filter(|&&i| texts[i].2 == fixture::HOSTILE);
        let share = hostile_in_a.count() as f64 / outlet_a.len() as f64;
        let a = grouped.panels.iter().find(|p| p.name == "a").unwrap();
        let bar = a.bars.iter().find(|b| b.term == top.term).unwrap();
        assert!(
            (bar.value - top.value * share).abs() < 1e-9,
            "{bar:?} {top:?}"
        );
    }

    #[test]
    fn no_chart_when_no_loaded_term_matched() {
        let texts = vec![("a".to_string(), String::new(), fixture::PLAIN)];
        assert!(data(&fixture::report(&texts, false)).unwrap().is_none());
    }

    #[test]
    fn a_hostile_bar_is_drawn_left_of_zero_in_vermillion() {
        let data = TermsData {
            panels: vec![Panel {
                name: "000".into(),
                detail: String::new(),
                bars: vec![Bar {
                    term: "مرتزق*".into(),
                    value: -4.0,
                    matches: 3,
                }],
            }],
            grouped_by: None,
        };
        let chart = describe(&data);
        let layout = Layout::new(&chart, &data);
        let pixels = with_buffer(layout.size, |area| draw(area, &chart, &data, &layout));
        let (_, (x, y)) = layout.panels[0];
        let middle = (y + TITLE_HEIGHT + BAR_ROW / 2) as u32;
        let zero = layout.zero(x);
        let left = (zero - BARS_WIDTH / 4) as u32;
        assert_eq!(pixels.at(left, middle), (HOSTILE.0, HOSTILE.1, HOSTILE.2));
        let right = (zero + BARS_WIDTH / 4) as u32;
        assert_ne!(pixels.at(right, middle), (HOSTILE.0, HOSTILE.1, HOSTILE.2));
    }
}
