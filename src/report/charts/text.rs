//! Arabic-correct text for the charts, PNG and SVG.
//!
//! plotters draws a string glyph by glyph in logical order, so Arabic comes out as
//! isolated letters running the wrong way, and reshaping plus reordering gets brackets
//! wrong (DESIGN.md, "Facts about the dependencies"). A label here takes the path a
//! browser takes: the Unicode bidi algorithm (unicode-bidi) splits it into runs of one
//! direction and puts the runs in visual order; rustybuzz shapes each run (joining forms,
//! lam-alef ligatures, mirrored brackets in right-to-left runs); ab_glyph rasterises the
//! glyph outlines into a coverage mask, alpha-blended onto a PNG's pixels, or writes the
//! outlines themselves into an SVG.
//!
//! One font, DejaVu Sans, is embedded in the binary, so a chart looks the same on every
//! machine and never depends on the fonts installed there. Every piece of text on a chart,
//! tick labels included, goes through [`Label`]; plotters never draws text itself.

use std::fmt::Write;
use std::sync::OnceLock;

use ab_glyph::{point, Font, FontRef, GlyphId, OutlineCurve, PxScale, ScaleFont};
use anyhow::Result;
use plotters::prelude::*;
use rustybuzz::{Direction as ShapeDirection, UnicodeBuffer};
use unicode_bidi::{Level, ParagraphBidiInfo};

use super::canvas::{Area, Rect};
use super::surface::Ink;
use crate::report::truncate;

/// DejaVu Sans (licence: assets/fonts/LICENSE-DejaVu.txt): Latin and Arabic, with the
/// OpenType tables Arabic joining needs.
pub const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// First strong isolate and pop directional isolate: wrap a piece of text whose direction
/// must not leak into its neighbours (an Arabic title after a Latin id, with its "…").
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// The font, parsed once for shaping and once for outlines.
struct Fonts {
    shaper: rustybuzz::Face<'static>,
    outlines: FontRef<'static>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts {
        shaper: rustybuzz::Face::from_slice(FONT, 0).expect("the embedded DejaVu Sans parses"),
        outlines: FontRef::try_from_slice(FONT).expect("the embedded DejaVu Sans parses"),
    })
}

/// `text` as an isolate: laid out in its own direction, without reordering what is
/// around it. Use it for titles and names inside a composed label.
pub fn isolate(text: &str) -> String {
    format!("{FSI}{text}{PDI}")
}

/// The paragraph direction of a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From the first strong character, as a browser's `dir=auto`.
    Auto,
    Ltr,
    Rtl,
}

/// Where a label's anchor point is on its box, horizontally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HAlign {
    Left,
    Center,
    Right,
}

/// Where a label's anchor point is on its box, vertically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VAlign {
    Top,
    Middle,
    Bottom,
}

/// A glyph of a laid-out line: its id and its pen position in pixels, from the line's
/// left end on the baseline (y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub id: u16,
    pub x: f32,
    pub y: f32,
}

/// A line of text, shaped, in visual order (left to right on the page).
#[derive(Debug, Clone)]
pub struct Line {
    pub glyphs: Vec<Placed>,
    pub width: f32,
    /// Above and below the baseline, in pixels (both positive).
    pub ascent: f32,
    pub descent: f32,
    scale: PxScale,
}

/// Lays out `text` at `px` pixels per em as one line.
pub fn layout(text: &str, px: f32, direction: Direction) -> Line {
    let fonts = fonts();
    let per_unit = px / fonts.shaper.units_per_em() as f32;
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut glyphs = Vec::new();
    let mut pen = 0.0;
    if !text.is_empty() {
        let info = ParagraphBidiInfo::new(&text, paragraph_level(direction));
        let (levels, runs) = info.visual_runs(0..text.len());
        for run in runs {
            let rtl = levels[run.start].is_rtl();
            pen = shape_run(&text[run], rtl, per_unit, pen, &mut glyphs);
        }
    }
    let outlines = &fonts.outlines;
    Line {
        glyphs,
        width: pen,
        ascent: outlines.ascent_unscaled() * per_unit,
        descent: -outlines.descent_unscaled() * per_unit,
        // ab_glyph scales so that ascent - descent is the given height.
        scale: PxScale::from(outlines.height_unscaled() * per_unit),
    }
}

fn paragraph_level(direction: Direction) -> Option<Level> {
    match direction {
        Direction::Auto => None,
        Direction::Ltr => Some(Level::ltr()),
        Direction::Rtl => Some(Level::rtl()),
    }
}

/// Explicit bidi formatting characters: they steer the bidi algorithm, and are not drawn.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Shapes one directional run and appends its glyphs from `pen`; returns the new pen.
/// rustybuzz returns a right-to-left run's glyphs already in visual order.
fn shape_run(run: &str, rtl: bool, per_unit: f32, mut pen: f32, out: &mut Vec<Placed>) -> f32 {
    let visible: String = run.chars().filter(|c| !is_bidi_control(*c)).collect();
    if visible.is_empty() {
        return pen;
    }
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(&visible);
    buffer.set_direction(if rtl {
        ShapeDirection::RightToLeft
    } else {
        ShapeDirection::LeftToRight
    });
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(&fonts().shaper, &[], buffer);
    for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
        out.push(Placed {
            id: info.glyph_id as u16,
            x: pen + pos.x_offset as f32 * per_unit,
            y: -(pos.y_offset as f32) * per_unit,
        });
        pen += pos.x_advance as f32 * per_unit;
    }
    pen
}

/// How much of each pixel a line's glyphs cover (0..=1), relative to the top-left corner
/// of the line's box. Glyph parts beyond the box (deep Arabic descenders) are kept, so
/// `left`/`top` may be negative.
#[derive(Debug, Clone, PartialEq)]
pub struct Mask {
    pub left: i32,
    pub top: i32,
    pub width: usize,
    pub height: usize,
    pub alpha: Vec<f32>,
}

impl Mask {
    fn empty() -> Mask {
        Mask {
            left: 0,
            top: 0,
            width: 0,
            height: 0,
            alpha: Vec::new(),
        }
    }

    /// The covered pixels as (x, y, coverage), relative to the box.
    pub fn pixels(&self) -> impl Iterator<Item = (i32, i32, f32)> + '_ {
        self.alpha
            .iter()
            .enumerate()
            .filter(|(_, a)| **a > 0.0)
            .map(|(k, a)| {
                let (i, j) = (k % self.width, k / self.width);
                (self.left + i as i32, self.top + j as i32, *a)
            })
    }

    /// The mask turned a quarter counter-clockwise (text reading upwards), for a box
    /// `box_width` wide before the turn.
    pub fn turned(&self, box_width: i32) -> Mask {
        let (w, h) = (self.width, self.height);
        let mut alpha = vec![0.0; w * h];
        for j in 0..h {
            for i in 0..w {
                // (i, j) -> (j, w - 1 - i) in a mask h wide and w high.
                alpha[(w - 1 - i) * h + j] = self.alpha[j * w + i];
            }
        }
        Mask {
            left: self.top,
            top: box_width - self.left - w as i32,
            width: h,
            height: w,
            alpha,
        }
    }
}

impl Line {
    /// Width and height of the line's box in whole pixels.
    pub fn size(&self) -> (u32, u32) {
        (
            self.width.ceil() as u32,
            (self.ascent + self.descent).ceil() as u32,
        )
    }

    /// Rasterises the line.
    pub fn mask(&self) -> Mask {
        let font = &fonts().outlines;
        let outlined: Vec<_> = self
            .glyphs
            .iter()
            .filter_map(|g| {
                let glyph = GlyphId(g.id)
                    .with_scale_and_position(self.scale, point(g.x, self.ascent + g.y));
                font.outline_glyph(glyph)
            })
            .collect();
        let Some(first) = outlined.first() else {
            return Mask::empty();
        };
        let mut bounds = first.px_bounds();
        for o in &outlined {
            let b = o.px_bounds();
            bounds.min.x = bounds.min.x.min(b.min.x);
            bounds.min.y = bounds.min.y.min(b.min.y);
            bounds.max.x = bounds.max.x.max(b.max.x);
            bounds.max.y = bounds.max.y.max(b.max.y);
        }
        let (left, top) = (bounds.min.x.floor() as i32, bounds.min.y.floor() as i32);
        let width = (bounds.max.x.ceil() as i32 - left).max(0) as usize;
        let height = (bounds.max.y.ceil() as i32 - top).max(0) as usize;
        let mut alpha = vec![0.0f32; width * height];
        for o in &outlined {
            let b = o.px_bounds();
            let (dx, dy) = (b.min.x as i32 - left, b.min.y as i32 - top);
            o.draw(|x, y, c| {
                let (i, j) = (dx + x as i32, dy + y as i32);
                if (0..width as i32).contains(&i) && (0..height as i32).contains(&j) {
                    let a = &mut alpha[j as usize * width + i as usize];
                    *a = (*a + c).min(1.0);
                }
            });
        }
        Mask {
            left,
            top,
            width,
            height,
            alpha,
        }
    }
}

impl Line {
    /// The glyph outlines as SVG path data (move, line, quadratic and cubic segments),
    /// each point of the line's box mapped to the page by `place`.
    pub fn outline(&self, place: impl Fn(f32, f32) -> (f32, f32)) -> String {
        let font = &fonts().outlines;
        let per_unit = font.as_scaled(self.scale).h_scale_factor();
        let mut data = String::new();
        for g in &self.glyphs {
            let Some(outline) = font.outline(GlyphId(g.id)) else {
                continue;
            };
            // Font units run upwards from the baseline; the box runs down from its top.
            let at = |p: ab_glyph::Point| {
                let (x, y) = place(g.x + p.x * per_unit, self.ascent + g.y - p.y * per_unit);
                format!("{x:.2} {y:.2}")
            };
            let mut pen = None;
            for curve in &outline.curves {
                let (start, end) = match *curve {
                    OutlineCurve::Line(a, b) => (a, b),
                    OutlineCurve::Quad(a, _, b) => (a, b),
                    OutlineCurve::Cubic(a, _, _, b) => (a, b),
                };
                if pen != Some(start) {
                    let _ = write!(data, "M{}", at(start));
                }
                let _ = match *curve {
                    OutlineCurve::Line(_, b) => write!(data, "L{}", at(b)),
                    OutlineCurve::Quad(_, c, b) => write!(data, "Q{} {}", at(c), at(b)),
                    OutlineCurve::Cubic(_, c, d, b) => {
                        write!(data, "C{} {} {}", at(c), at(d), at(b))
                    }
                };
                pen = Some(end);
            }
        }
        data
    }
}

/// A piece of text to draw on a chart: laid out once, then measured and drawn.
#[derive(Debug, Clone)]
pub struct Label {
    line: Line,
    color: RGBColor,
    h: HAlign,
    v: VAlign,
    upright: bool,
}

impl Label {
    /// `text` at `px` pixels per em, direction from its first strong character.
    pub fn new(text: &str, px: f32) -> Label {
        Label::with_direction(text, px, Direction::Auto)
    }

    /// `text` with a forced paragraph direction: a label that starts with a Latin id
    /// and goes on in Arabic reads left to right from the id.
    pub fn with_direction(text: &str, px: f32, direction: Direction) -> Label {
        Label {
            line: layout(text, px, direction),
            color: BLACK,
            h: HAlign::Left,
            v: VAlign::Top,
            upright: true,
        }
    }

    pub fn color(mut self, color: RGBColor) -> Label {
        self.color = color;
        self
    }

    /// Which point of the label's box the position given to [`Label::draw`] is.
    pub fn anchor(mut self, h: HAlign, v: VAlign) -> Label {
        self.h = h;
        self.v = v;
        self
    }

    /// Turns the label a quarter counter-clockwise, to read upwards (a y-axis title).
    pub fn turned(mut self) -> Label {
        self.upright = false;
        self
    }

    /// Width and height of the label's box on the page.
    pub fn size(&self) -> (u32, u32) {
        let (w, h) = self.line.size();
        if self.upright {
            (w, h)
        } else {
            (h, w)
        }
    }

    /// The box the label takes when anchored at `at`.
    pub fn bounds(&self, at: (i32, i32)) -> Rect {
        let (w, h) = self.size();
        let (w, h) = (w as i32, h as i32);
        let x = match self.h {
            HAlign::Left => at.0,
            HAlign::Center => at.0 - w / 2,
            HAlign::Right => at.0 - w,
        };
        let y = match self.v {
            VAlign::Top => at.1,
            VAlign::Middle => at.1 - h / 2,
            VAlign::Bottom => at.1 - h,
        };
        Rect::new(x, y, x + w, y + h)
    }

    /// Draws the label anchored at `at` (coverage pixels on a bitmap, outlines in an
    /// SVG); returns its box.
    pub fn draw(&self, area: &Area, at: (i32, i32)) -> Result<Rect> {
        let bounds = self.bounds(at);
        area.draw(&Ink {
            label: self,
            origin: (bounds.x0, bounds.y0),
        })?;
        Ok(bounds)
    }

    pub fn ink(&self) -> RGBColor {
        self.color
    }

    /// How much of each pixel the label covers, relative to its box, turned if it is.
    pub fn coverage(&self) -> Mask {
        let mask = self.line.mask();
        if self.upright {
            mask
        } else {
            mask.turned(self.line.size().0 as i32)
        }
    }

    /// The glyph outlines as SVG path data, for the label's box at `origin`.
    pub fn outline(&self, origin: (i32, i32)) -> String {
        let (x0, y0) = (origin.0 as f32, origin.1 as f32);
        let box_width = self.line.size().0 as f32;
        let upright = self.upright;
        // The same quarter turn as [`Mask::turned`]: (x, y) -> (y, width - x).
        self.line.outline(|x, y| {
            if upright {
                (x0 + x, y0 + y)
            } else {
                (x0 + y, y0 + box_width - x)
            }
        })
    }
}

/// Width in pixels of `text` at `px`.
pub fn width(text: &str, px: f32) -> u32 {
    layout(text, px, Direction::Auto).size().0
}

/// `text` shortened with "…" until it is at most `max_width` pixels wide at `px`: the
/// longest such cut, found by bisection (width grows with the characters kept).
pub fn fit(text: &str, px: f32, max_width: u32) -> String {
    if width(text, px) <= max_width {
        return text.to_string();
    }
    // Invariant: keeping `lo` characters fits (0 always does), keeping `hi` does not.
    let (mut lo, mut hi) = (0, text.chars().count());
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if width(&truncate(text, mid), px) <= max_width {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    if lo == 0 {
        String::new()
    } else {
        truncate(text, lo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::canvas::with_buffer;

    fn ids(line: &Line) -> Vec<u16> {
        line.glyphs.iter().map(|g| g.id).collect()
    }

    /// The font's glyph for `c` on its own, without shaping.
    fn plain(c: char) -> u16 {
        fonts().outlines.glyph_id(c).0
    }

    #[test]
    fn arabic_letters_join_and_run_right_to_left() {
        let line = layout("ليبيا", 20.0, Direction::Auto);
        // Visual order, left to right: final alef, medial yeh, medial beh, medial yeh,
        // initial lam (the presentation-form glyphs of the font).
        let expected: Vec<u16> = ['\u{FE8E}', '\u{FEF4}', '\u{FE92}', '\u{FEF4}', '\u{FEDF}']
            .map(plain)
            .to_vec();
        assert_eq!(ids(&line), expected);
        let isolated: Vec<u16> = "ليبيا".chars().map(plain).collect();
        assert!(
            ids(&line).iter().all(|id| !isolated.contains(id)),
            "no letter may stay isolated"
        );
        assert!(line.glyphs.windows(2).all(|w| w[0].x < w[1].x));
    }

    /// The (x, y) points of SVG path data.
    fn path_points(data: &str) -> Vec<(f32, f32)> {
        let numbers: Vec<f32> = data
            .split(|c: char| c.is_ascii_alphabetic() || c == ' ')
            .filter(|n| !n.is_empty())
            .map(|n| n.parse().unwrap())
            .collect();
        numbers.chunks(2).map(|p| (p[0], p[1])).collect()
    }

    #[test]
    fn svg_outlines_land_where_the_bitmap_ink_does() {
        for label in [
            Label::new("الجيش الوطني (LNA)", 18.0),
            Label::new("component 2 · مكون", 15.0).turned(),
        ] {
            let origin = (40, 30);
            let mask = label.coverage();
            let points = path_points(&label.outline(origin));
            assert!(points.len() > 20, "{} points", points.len());
            let (x0, y0) = (origin.0 + mask.left, origin.1 + mask.top);
            let (x1, y1) = (x0 + mask.width as i32, y0 + mask.height as i32);
            for (x, y) in points {
                assert!(
                    (x0 as f32 - 1.0..=x1 as f32 + 1.0).contains(&x)
                        && (y0 as f32 - 1.0..=y1 as f32 + 1.0).contains(&y),
                    "({x}, {y}) outside the ink box ({x0}, {y0})-({x1}, {y1})"
                );
            }
        }
    }

    #[test]
    fn lam_alef_becomes_a_ligature() {
        let line = layout("لا", 20.0, Direction::Rtl);
        assert_eq!(line.glyphs.len(), 1, "lam-alef should shape to one glyph");
    }

    #[test]
    fn latin_keeps_left_to_right_order_in_a_mixed_label() {
        let line = layout("Invasion · غزو", 20.0, Direction::Auto);
        let first: Vec<u16> = "Invasion".chars().map(plain).collect();
        assert_eq!(
            &ids(&line)[..8],
            &first[..],
            "the Latin word must come first, in order"
        );
        // Then the Arabic word, right to left: waw (alone, as zain does not join
        // forwards), final zain, initial ghain.
        let arabic: Vec<u16> = ['و', '\u{FEB0}', '\u{FECF}'].map(plain).to_vec();
        assert_eq!(&ids(&line)[11..], &arabic[..]);
    }

    #[test]
    fn an_id_then_arabic_then_latin_in_brackets_reads_in_that_order() {
        let line = layout("002 · حكومة الوفاق (GNA)", 20.0, Direction::Ltr);
        let got = ids(&line);
        let head: Vec<u16> = "002".chars().map(plain).collect();
        assert_eq!(&got[..3], &head[..]);
        let tail: Vec<u16> = "(GNA)".chars().map(plain).collect();
        assert_eq!(
            &got[got.len() - 5..],
            &tail[..],
            "brackets must open before GNA and close after it"
        );
    }

    #[test]
    fn brackets_in_arabic_are_mirrored() {
        // Logical "(ليبيا)" in a right-to-left line: the opening bracket is on the right
        // and must face left, so the glyphs read "(" ... ")" from left to right.
        let line = layout("(ليبيا)", 20.0, Direction::Rtl);
        let got = ids(&line);
        assert_eq!(got[0], plain('('), "{got:?}");
        assert_eq!(got[got.len() - 1], plain(')'), "{got:?}");
        // ... around the word laid right to left: final alef next to the left bracket.
        assert_eq!(got[1], plain('\u{FE8E}'), "{got:?}");
    }

    #[test]
    fn an_isolated_arabic_title_keeps_its_ellipsis_at_its_end() {
        // The "…" ends the Arabic title, so it must be its leftmost glyph, not sit
        // between the id and the title.
        let label = format!("003 · {}", isolate("التحالف التركي…"));
        let line = layout(&label, 20.0, Direction::Ltr);
        let ellipsis = plain('…');
        let at = ids(&line).iter().position(|id| *id == ellipsis).unwrap();
        let dot = ids(&line).iter().position(|id| *id == plain('·')).unwrap();
        assert_eq!(at, dot + 2, "{:?}", ids(&line));
        assert!(
            ids(&line).iter().all(|id| *id != 0),
            "no missing-glyph boxes"
        );
    }

    #[test]
    fn a_drawn_label_has_dark_pixels_inside_its_box_only() {
        let label = Label::new("حكومة الوفاق", 20.0);
        let (w, h) = label.size();
        assert!(w > 40 && h >= 20, "{w}x{h}");
        let pixels = with_buffer((200, 60), |area| {
            label.draw(area, (10, 10))?;
            Ok(())
        });
        let dark: Vec<(u32, u32)> = pixels.dark(100).collect();
        assert!(dark.len() > 50, "too few dark pixels: {}", dark.len());
        let (x0, x1) = (
            dark.iter().map(|p| p.0).min().unwrap(),
            dark.iter().map(|p| p.0).max().unwrap(),
        );
        assert!(
            x0 >= 10 && x1 < 10 + w + 1,
            "{x0}..{x1} outside 10..{}",
            10 + w
        );
        assert!(
            x1 - x0 > w * 3 / 4,
            "the ink should span the box: {x0}..{x1} of {w}"
        );
    }

    #[test]
    fn a_turned_label_is_tall_and_narrow() {
        let label = Label::new("component 2", 16.0).turned();
        let (w, h) = label.size();
        assert!(h > 3 * w, "{w}x{h}");
        let pixels = with_buffer((60, 200), |area| {
            label.draw(area, (10, 10))?;
            Ok(())
        });
        let dark: Vec<(u32, u32)> = pixels.dark(100).collect();
        let (y0, y1) = (
            dark.iter().map(|p| p.1).min().unwrap(),
            dark.iter().map(|p| p.1).max().unwrap(),
        );
        let (x0, x1) = (
            dark.iter().map(|p| p.0).min().unwrap(),
            dark.iter().map(|p| p.0).max().unwrap(),
        );
        assert!(y1 - y0 > 3 * (x1 - x0), "ink {x0}..{x1} x {y0}..{y1}");
    }

    #[test]
    fn fit_shortens_to_the_width() {
        let long = "التحالف التركي الروسي.. هل يتكرّر المشهد السوري في ليبيا؟";
        let short = fit(long, 15.0, 150);
        assert!(width(&short, 15.0) <= 150);
        assert!(short.ends_with('…'));
        let one_more = truncate(long, short.chars().count() + 1);
        assert!(
            width(&one_more, 15.0) > 150,
            "the cut should be the longest that fits"
        );
        assert_eq!(fit("Tripoli", 15.0, 500), "Tripoli");
        assert_eq!(fit("Tripoli", 15.0, 2), "");
    }
}
