//! From map units to pixels: one scale for both axes, so that distances on the page are
//! distances between profiles, centred on the points and the arrow tips.

use super::{norm, Arrow, MapData};
use crate::report::charts::canvas::{nice_step, Rect};

/// The longest arrow reaches this share of the farthest document.
pub const ARROW_REACH: f64 = 0.85;
/// Room around the content for labels, as a share of its half-size.
const PADDING: f64 = 1.25;

/// The plot's box and the map units it shows.
pub struct Projection {
    pub plot: Rect,
    pub centre: [f64; 2],
    pub half: f64,
    /// Loadings are multiplied by this to reach the scale of the points.
    pub arrow_scale: f64,
}

impl Projection {
    pub fn new(data: &MapData, plot: Rect) -> Projection {
        let arrow_scale = arrow_scale(data);
        let tips = data
            .arrows
            .iter()
            .map(|a| [a.loading[0] * arrow_scale, a.loading[1] * arrow_scale]);
        let all: Vec<[f64; 2]> = data
            .points
            .iter()
            .copied()
            .chain(tips)
            .chain([[0.0; 2]])
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
        let half = ((hi[0] - lo[0]).max(hi[1] - lo[1]) / 2.0 * PADDING).max(1e-6);
        Projection {
            plot,
            centre,
            half,
            arrow_scale,
        }
    }

    /// The pixel of a point in map units.
    pub fn px(&self, p: [f64; 2]) -> (i32, i32) {
        let side = f64::from(self.plot.x1 - self.plot.x0) / 2.0;
        let x = f64::from(self.plot.x0) + side + (p[0] - self.centre[0]) / self.half * side;
        let y = f64::from(self.plot.y0) + side - (p[1] - self.centre[1]) / self.half * side;
        (x.round() as i32, y.round() as i32)
    }

    pub fn origin(&self) -> (i32, i32) {
        self.px([0.0, 0.0])
    }

    pub fn tip(&self, arrow: &Arrow) -> (i32, i32) {
        self.px([
            arrow.loading[0] * self.arrow_scale,
            arrow.loading[1] * self.arrow_scale,
        ])
    }

    /// Tick values on an axis, a round step apart (about six of them), and the step.
    pub fn ticks(&self, axis: usize) -> (Vec<f64>, f64) {
        let step = nice_step(2.0 * self.half / 6.0);
        let (lo, hi) = (self.centre[axis] - self.half, self.centre[axis] + self.half);
        let first = (lo / step).ceil() as i64;
        let last = (hi / step).floor() as i64;
        ((first..=last).map(|k| k as f64 * step).collect(), step)
    }
}

/// The factor that makes the longest arrow reach [`ARROW_REACH`] of the farthest point.
fn arrow_scale(data: &MapData) -> f64 {
    let reach = data.points.iter().copied().map(norm).fold(0.0, f64::max);
    let longest = data
        .arrows
        .iter()
        .map(|a| norm(a.loading))
        .fold(0.0, f64::max);
    if longest > 0.0 && reach > 0.0 {
        ARROW_REACH * reach / longest
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

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
        let (o, right, up) = (p.origin(), p.px([1.0, 0.0]), p.px([0.0, 1.0]));
        assert!(
            (right.0 - o.0 - (o.1 - up.1)).abs() <= 1,
            "{o:?} {right:?} {up:?}"
        );
    }
}
