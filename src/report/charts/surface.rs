//! Where a chart is drawn: a PNG bitmap, or an SVG document (`--svg`). Both are one
//! plotters backend, so every chart is drawn by the same code for both; text is drawn
//! as coverage pixels on a bitmap and as the glyphs' outlines in an SVG, so the SVG
//! needs no font and its Arabic is shaped exactly as in the PNG.

use std::error::Error;
use std::fmt::{self, Write};

use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, DrawingErrorKind};

use super::text::Label;

/// A plotters backend that is either a bitmap or an SVG document.
pub enum Surface<'a> {
    Bitmap(BitMapBackend<'a>),
    Svg(SvgDocument<'a>),
}

/// An SVG document being written into a string, one element per drawing call.
pub struct SvgDocument<'a> {
    size: (u32, u32),
    out: &'a mut String,
}

/// A drawing error from the bitmap backend (the SVG writer cannot fail).
#[derive(Debug)]
pub struct SurfaceError(String);

impl fmt::Display for SurfaceError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for SurfaceError {}

type Drawn = Result<(), DrawingErrorKind<SurfaceError>>;

fn from_bitmap<E: Error + Send + Sync>(result: Result<(), DrawingErrorKind<E>>) -> Drawn {
    result.map_err(|e| match e {
        DrawingErrorKind::DrawingError(e) => {
            DrawingErrorKind::DrawingError(SurfaceError(e.to_string()))
        }
        DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
    })
}

impl<'a> SvgDocument<'a> {
    /// Starts a document of `size` pixels; [`SvgDocument::finish`] closes it.
    pub fn new(size: (u32, u32), out: &'a mut String) -> SvgDocument<'a> {
        let (w, h) = size;
        out.clear();
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">"#
        );
        SvgDocument { size, out }
    }

    fn finish(&mut self) {
        if !self.out.ends_with("</svg>\n") {
            self.out.push_str("</svg>\n");
        }
    }

    /// A filled path (SVG path data), for glyph outlines: the non-zero rule keeps the
    /// holes of letters open.
    pub fn path(&mut self, data: &str, color: BackendColor) {
        let _ = writeln!(self.out, r#"<path d="{data}" {}/>"#, paint("fill", color));
    }
}

/// `fill="#rrggbb"` or `stroke="#rrggbb"`, with an opacity when the colour has one.
fn paint(what: &str, color: BackendColor) -> String {
    let (r, g, b) = color.rgb;
    let mut s = format!(r##"{what}="#{r:02x}{g:02x}{b:02x}""##);
    if color.alpha < 1.0 {
        let _ = write!(s, r#" {what}-opacity="{:.3}""#, color.alpha);
    }
    s
}

/// Pixel centres: a line or dot at pixel (x, y) of the bitmap is centred at x + 0.5.
fn centre(p: BackendCoord) -> (f64, f64) {
    (f64::from(p.0) + 0.5, f64::from(p.1) + 0.5)
}

fn points(
    path: impl IntoIterator<Item = BackendCoord>,
    at: fn(BackendCoord) -> (f64, f64),
) -> String {
    path.into_iter()
        .map(|p| {
            let (x, y) = at(p);
            format!("{x},{y}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn corner(p: BackendCoord) -> (f64, f64) {
    (f64::from(p.0), f64::from(p.1))
}

impl DrawingBackend for Surface<'_> {
    type ErrorType = SurfaceError;

    fn get_size(&self) -> (u32, u32) {
        match self {
            Surface::Bitmap(b) => b.get_size(),
            Surface::Svg(s) => s.size,
        }
    }

    fn ensure_prepared(&mut self) -> Drawn {
        match self {
            Surface::Bitmap(b) => from_bitmap(b.ensure_prepared()),
            Surface::Svg(_) => Ok(()),
        }
    }

    fn present(&mut self) -> Drawn {
        match self {
            Surface::Bitmap(b) => from_bitmap(b.present()),
            Surface::Svg(s) => {
                s.finish();
                Ok(())
            }
        }
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        match self {
            Surface::Bitmap(b) => from_bitmap(b.draw_pixel(point, color)),
            Surface::Svg(s) => {
                let (x, y) = point;
                let _ = writeln!(
                    s.out,
                    r#"<rect x="{x}" y="{y}" width="1" height="1" {}/>"#,
                    paint("fill", color)
                );
                Ok(())
            }
        }
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        self.draw_path([from, to], style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        match self {
            Surface::Bitmap(b) => from_bitmap(b.draw_rect(upper_left, bottom_right, style, fill)),
            Surface::Svg(s) => {
                let (w, h) = (bottom_right.0 - upper_left.0, bottom_right.1 - upper_left.1);
                // A filled box covers whole pixels; an outline runs through pixel centres.
                let ((x, y), paint) = if fill {
                    (corner(upper_left), paint("fill", style.color()))
                } else {
                    let outline = format!(r#"fill="none" {}"#, paint("stroke", style.color()));
                    (centre(upper_left), outline)
                };
                let _ = writeln!(
                    s.out,
                    r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" {paint}/>"#
                );
                Ok(())
            }
        }
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        match self {
            Surface::Bitmap(b) => from_bitmap(b.draw_path(path, style)),
            Surface::Svg(s) => {
                let _ = writeln!(
                    s.out,
                    r#"<polyline points="{}" fill="none" {} stroke-width="{}" stroke-linejoin="round"/>"#,
                    points(path, centre),
                    paint("stroke", style.color()),
                    style.stroke_width()
                );
                Ok(())
            }
        }
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        match self {
            Surface::Bitmap(b) => from_bitmap(b.draw_circle(center, radius, style, fill)),
            Surface::Svg(s) => {
                let (cx, cy) = centre(center);
                let paint = if fill {
                    paint("fill", style.color())
                } else {
                    format!(
                        r#"fill="none" {} stroke-width="{}""#,
                        paint("stroke", style.color()),
                        style.stroke_width()
                    )
                };
                let _ = writeln!(
                    s.out,
                    r#"<circle cx="{cx}" cy="{cy}" r="{radius}" {paint}/>"#
                );
                Ok(())
            }
        }
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Drawn {
        match self {
            Surface::Bitmap(b) => from_bitmap(b.fill_polygon(vert, style)),
            Surface::Svg(s) => {
                let _ = writeln!(
                    s.out,
                    r#"<polygon points="{}" {}/>"#,
                    points(vert, centre),
                    paint("fill", style.color())
                );
                Ok(())
            }
        }
    }
}

/// A label's ink anchored at the top-left corner of its box: what [`Label::draw`] hands
/// to the surface.
pub struct Ink<'l> {
    pub label: &'l Label,
    pub origin: BackendCoord,
}

impl<'a> PointCollection<'a, BackendCoord> for &'a Ink<'_> {
    type Point = &'a BackendCoord;
    type IntoIter = std::iter::Once<&'a BackendCoord>;

    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.origin)
    }
}

impl Drawable<Surface<'_>> for Ink<'_> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut pos: I,
        backend: &mut Surface<'_>,
        _parent_dim: (u32, u32),
    ) -> Drawn {
        let Some((x0, y0)) = pos.next() else {
            return Ok(());
        };
        let color = self.label.ink();
        match backend {
            Surface::Bitmap(b) => {
                for (x, y, a) in self.label.coverage().pixels() {
                    from_bitmap(b.draw_pixel((x0 + x, y0 + y), color.mix(f64::from(a)).color()))?;
                }
                Ok(())
            }
            Surface::Svg(s) => {
                s.path(&self.label.outline((x0, y0)), color.color());
                Ok(())
            }
        }
    }
}
