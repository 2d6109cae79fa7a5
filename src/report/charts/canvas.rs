//! What every chart shares: the drawing surface, text sizes, the title and reading guide
//! at the top, and a few drawing helpers. Charts draw in pixel coordinates on a
//! [`Surface`] (a PNG bitmap or an SVG document); all text goes through
//! [`super::text::Label`].

use std::path::Path;

use anyhow::{Context, Result};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::palette::{self, INK, MUTED};
use super::surface::{Surface, SvgDocument};
use super::text::{self, HAlign, Label, VAlign};
use super::Chart;

/// A chart's surface, in pixels from its top-left corner.
pub type Area<'a> = DrawingArea<Surface<'a>, Shift>;

/// Space around the content.
pub const MARGIN: i32 = 28;
/// Text sizes in pixels per em; nothing smaller than 14 px, so a chart reads at 100%.
pub const TITLE_PX: f32 = 22.0;
pub const GUIDE_PX: f32 = 15.0;
pub const LABEL_PX: f32 = 15.0;
pub const SMALL_PX: f32 = 14.0;

/// An axis-aligned box in pixels, `x1`/`y1` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

impl Rect {
    pub fn new(x0: i32, y0: i32, x1: i32, y1: i32) -> Rect {
        Rect { x0, y0, x1, y1 }
    }

    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// Whether `self` lies wholly inside `outer`.
    pub fn inside(&self, outer: &Rect) -> bool {
        self.x0 >= outer.x0 && self.y0 >= outer.y0 && self.x1 <= outer.x1 && self.y1 <= outer.y1
    }

    pub fn grow(&self, by: i32) -> Rect {
        Rect::new(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)
    }
}

/// Draws a chart of `size` pixels on white into `path`: an SVG document when the file
/// name ends in `.svg`, else a PNG.
pub fn write_image(
    path: &Path,
    size: (u32, u32),
    draw: impl FnOnce(&Area) -> Result<()>,
) -> Result<()> {
    if path.extension().is_some_and(|e| e == "svg") {
        let mut svg = String::new();
        draw_on(Surface::Svg(SvgDocument::new(size, &mut svg)), path, draw)?;
        std::fs::write(path, svg).with_context(|| format!("cannot write {}", path.display()))
    } else {
        draw_on(Surface::Bitmap(BitMapBackend::new(path, size)), path, draw)
    }
}

fn draw_on(surface: Surface, path: &Path, draw: impl FnOnce(&Area) -> Result<()>) -> Result<()> {
    let area = surface.into_drawing_area();
    area.fill(&WHITE)?;
    draw(&area).with_context(|| format!("cannot draw {}", path.display()))?;
    area.present()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Narrowest the reading guide is wrapped to, so that a small chart still has a header
/// of a few lines rather than a column of words.
const MIN_GUIDE_WIDTH: u32 = 560;

/// The title and the reading guide as drawn at the top of a chart: the guide is one
/// sentence, wrapped to the width of the content.
fn header_labels(chart: &Chart, content_width: u32) -> (Label, Vec<Label>) {
    let title = Label::new(&chart.title, TITLE_PX)
        .color(INK)
        .anchor(HAlign::Left, VAlign::Top);
    let width = content_width.max(MIN_GUIDE_WIDTH).max(title.size().0);
    let guide = wrap(&chart.guide, GUIDE_PX, width)
        .iter()
        .map(|line| {
            Label::new(line, GUIDE_PX)
                .color(MUTED)
                .anchor(HAlign::Left, VAlign::Top)
        })
        .collect();
    (title, guide)
}

/// `text` cut into lines at most `width` pixels wide, at spaces (a word wider than
/// `width` gets a line of its own).
pub fn wrap(text: &str, px: f32, width: u32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if text::width(&format!("{line} {word}"), px) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Width and height the header needs above content `content_width` wide, margins
/// excluded.
pub fn header_size(chart: &Chart, content_width: u32) -> (u32, u32) {
    let (title, guide) = header_labels(chart, content_width);
    let width = guide
        .iter()
        .map(|g| g.size().0)
        .fold(title.size().0, u32::max);
    let guide_height: u32 = guide.iter().map(|g| g.size().1 + 2).sum();
    (width, title.size().1 + 8 + guide_height + 20)
}

/// Draws the title and the guide; returns the y where the content starts.
pub fn draw_header(area: &Area, chart: &Chart, content_width: u32) -> Result<i32> {
    let (title, guide) = header_labels(chart, content_width);
    let mut y = title.draw(area, (MARGIN, MARGIN))?.y1 + 8;
    for line in &guide {
        y = line.draw(area, (MARGIN, y))?.y1 + 2;
    }
    Ok(MARGIN + header_size(chart, content_width).1 as i32)
}

/// A number with its sign and two decimals, with a true minus ("−0.42", "+0.40", "0.00").
pub fn signed(x: f64) -> String {
    let s = format!("{x:+.2}");
    if s == "-0.00" || s == "+0.00" {
        "0.00".to_string()
    } else {
        s.replace('-', "\u{2212}")
    }
}

/// 1, 2 or 5 times a power of ten, at least `raw`.
pub fn nice_step(raw: f64) -> f64 {
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude)
}

/// A tick value with as many decimals as its step needs, and a true minus.
pub fn tick_text(value: f64, step: f64) -> String {
    let decimals = (-step.log10().floor()).max(0.0) as usize;
    let text = format!("{value:.decimals$}");
    let zero = text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.');
    if zero {
        "0".to_string()
    } else {
        text.replace('-', "\u{2212}")
    }
}

/// Column names centred on their bottom, all turned to read upwards when one is too
/// wide for a column `column_width` pixels wide.
pub fn column_heads(names: &[String], column_width: i32) -> Vec<Label> {
    let heads: Vec<Label> = names
        .iter()
        .map(|c| {
            Label::new(c, SMALL_PX)
                .color(INK)
                .anchor(HAlign::Center, VAlign::Bottom)
        })
        .collect();
    if heads.iter().any(|h| h.size().0 as i32 + 14 > column_width) {
        heads.into_iter().map(|h| h.turned()).collect()
    } else {
        heads
    }
}

/// A thin line from a dot to its label when the label stands farther away than a label
/// beside a dot of `dot_radius` would, so that it is not read as another dot's.
pub fn leader(
    area: &Area,
    from: (i32, i32),
    label: Rect,
    dot_radius: i32,
    ink: RGBColor,
) -> Result<()> {
    let nearest = (
        from.0.clamp(label.x0, label.x1),
        from.1.clamp(label.y0, label.y1),
    );
    let distance = f64::from(nearest.0 - from.0).hypot(f64::from(nearest.1 - from.1));
    if distance > f64::from(dot_radius + 8) {
        line(
            area,
            from,
            nearest,
            palette::mix(ink, palette::WHITE, 0.5),
            1,
        )?;
    }
    Ok(())
}

/// A straight line `width` pixels thick.
pub fn line(
    area: &Area,
    from: (i32, i32),
    to: (i32, i32),
    color: RGBColor,
    width: u32,
) -> Result<()> {
    area.draw(&PathElement::new(vec![from, to], color.stroke_width(width)))?;
    Ok(())
}

/// A filled box (the bitmap backend fills up to, not including, the second corner).
pub fn fill(area: &Area, r: Rect, color: RGBColor) -> Result<()> {
    area.draw(&Rectangle::new(
        [(r.x0, r.y0), (r.x1, r.y1)],
        color.filled(),
    ))?;
    Ok(())
}

/// The outline of a box, `width` pixels thick, inside it.
pub fn frame(area: &Area, r: Rect, color: RGBColor, width: u32) -> Result<()> {
    let w = width as i32;
    for k in 0..w {
        area.draw(&Rectangle::new(
            [(r.x0 + k, r.y0 + k), (r.x1 - 1 - k, r.y1 - 1 - k)],
            color,
        ))?;
    }
    Ok(())
}

/// A see-through filled polygon with a thin outline, for an area behind other marks.
pub fn shade(
    area: &Area,
    corners: &[(i32, i32)],
    color: RGBColor,
    opacity: f64,
    outline: RGBColor,
) -> Result<()> {
    let Some(&first) = corners.first() else {
        return Ok(());
    };
    area.draw(&Polygon::new(corners.to_vec(), color.mix(opacity).filled()))?;
    let ring: Vec<(i32, i32)> = corners.iter().copied().chain([first]).collect();
    area.draw(&PathElement::new(ring, outline.stroke_width(1)))?;
    Ok(())
}

/// A row of colour keys: a swatch `swatch` pixels wide, then what the colour means;
/// returns the y under it.
pub fn key(
    area: &Area,
    (x, y): (i32, i32),
    swatch: i32,
    entries: &[(RGBColor, &str)],
) -> Result<i32> {
    let mut x = x;
    let mut bottom = y;
    for &(color, meaning) in entries {
        fill(area, Rect::new(x, y + 3, x + swatch, y + 19), color)?;
        let label = Label::new(meaning, SMALL_PX)
            .color(INK)
            .anchor(HAlign::Left, VAlign::Top)
            .draw(area, (x + swatch + 8, y + 2))?;
        x = label.x1 + 28;
        bottom = bottom.max(label.y1);
    }
    Ok(bottom)
}

/// What the two ends of the stance scale mean, in English and Arabic, for [`key`].
pub const HOSTILE_KEY: &str = "hostile to Turkey's role · معارض لدور تركيا";
pub const SYMPATHETIC_KEY: &str = "sympathetic to Turkey's role · متعاطف مع دور تركيا";

/// A filled disc with a thin darker ring, so that light colours stay visible on white.
pub fn dot(area: &Area, at: (i32, i32), radius: i32, color: RGBColor) -> Result<()> {
    area.draw(&Circle::new(at, radius, color.filled()))?;
    area.draw(&Circle::new(at, radius, INK.mix(0.55).stroke_width(1)))?;
    Ok(())
}

/// A chart's pixels drawn in memory, for tests.
#[cfg(test)]
pub struct Pixels {
    pub size: (u32, u32),
    pub rgb: Vec<u8>,
}

#[cfg(test)]
impl Pixels {
    pub fn at(&self, x: u32, y: u32) -> (u8, u8, u8) {
        let k = ((y * self.size.0 + x) * 3) as usize;
        (self.rgb[k], self.rgb[k + 1], self.rgb[k + 2])
    }

    /// Pixels whose every channel is below `max`.
    pub fn dark(&self, max: u8) -> impl Iterator<Item = (u32, u32)> + '_ {
        let (w, h) = self.size;
        (0..h)
            .flat_map(move |y| (0..w).map(move |x| (x, y)))
            .filter(move |&(x, y)| {
                let (r, g, b) = self.at(x, y);
                r < max && g < max && b < max
            })
    }

    /// Pixels within `tolerance` of `color` on every channel.
    pub fn matching(
        &self,
        color: RGBColor,
        tolerance: u8,
    ) -> impl Iterator<Item = (u32, u32)> + '_ {
        let (w, h) = self.size;
        (0..h)
            .flat_map(move |y| (0..w).map(move |x| (x, y)))
            .filter(move |&(x, y)| {
                let (r, g, b) = self.at(x, y);
                r.abs_diff(color.0) <= tolerance
                    && g.abs_diff(color.1) <= tolerance
                    && b.abs_diff(color.2) <= tolerance
            })
    }
}

/// Draws on a white in-memory bitmap and returns its pixels (tests only).
#[cfg(test)]
pub fn with_buffer(size: (u32, u32), draw: impl FnOnce(&Area) -> Result<()>) -> Pixels {
    let mut rgb = vec![0u8; (size.0 * size.1 * 3) as usize];
    {
        let area = Surface::Bitmap(BitMapBackend::with_buffer(&mut rgb, size)).into_drawing_area();
        area.fill(&WHITE).unwrap();
        draw(&area).unwrap();
        area.present().unwrap();
    }
    Pixels { size, rgb }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guide_wraps_at_spaces_within_the_width() {
        let guide = "Each dot is a document's stance score, the bar its 95% interval (wide bar = thin evidence).";
        let lines = wrap(guide, GUIDE_PX, 300);
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(
            lines.iter().all(|l| text::width(l, GUIDE_PX) <= 300),
            "{lines:?}"
        );
        assert_eq!(lines.join(" "), guide);
    }

    #[test]
    fn scores_print_with_a_true_minus() {
        assert_eq!(signed(-0.423), "\u{2212}0.42");
        assert_eq!(signed(0.4), "+0.40");
        assert_eq!(signed(-0.001), "0.00");
    }

    #[test]
    fn long_column_names_are_turned() {
        let heads = column_heads(&["a_rather_long_document_id".to_string()], 62);
        let (w, h) = heads[0].size();
        assert!(h > w);
        let heads = column_heads(&["003".to_string()], 62);
        let (w, h) = heads[0].size();
        assert!(w > h);
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
}
