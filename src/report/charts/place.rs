//! Greedy placement of point labels: each label goes on the first side of its point
//! where it overlaps nothing placed before and stays inside the plot. Good enough for
//! the few dozen labels a map shows; with more, the map names clusters instead.

use super::canvas::Rect;

/// Sides of a point, in the order tried: right, left, above, below, then the corners.
const SIDES: [(i32, i32); 8] = [
    (1, 0),
    (-1, 0),
    (0, -1),
    (0, 1),
    (1, -1),
    (-1, -1),
    (1, 1),
    (-1, 1),
];

/// The boxes taken so far, within bounds.
#[derive(Debug, Clone)]
pub struct Placer {
    bounds: Rect,
    taken: Vec<Rect>,
}

impl Placer {
    pub fn new(bounds: Rect) -> Placer {
        Placer {
            bounds,
            taken: Vec::new(),
        }
    }

    /// Marks a box as taken (a dot, a label drawn elsewhere).
    pub fn take(&mut self, r: Rect) {
        self.taken.push(r);
    }

    /// Whether `r` is inside the bounds and overlaps nothing taken.
    pub fn is_free(&self, r: &Rect) -> bool {
        r.inside(&self.bounds) && !self.taken.iter().any(|t| t.overlaps(r))
    }

    /// Marks a line as taken, as a string of small boxes along it.
    pub fn take_segment(&mut self, from: (i32, i32), to: (i32, i32)) {
        let (dx, dy) = (to.0 - from.0, to.1 - from.1);
        let steps = (dx.abs().max(dy.abs()) / 4).max(1);
        for k in 0..=steps {
            let x = from.0 + dx * k / steps;
            let y = from.1 + dy * k / steps;
            self.taken.push(Rect::new(x - 2, y - 2, x + 3, y + 3));
        }
    }

    /// The top-left corner of a free box of `size` beside `at`, `gap` pixels away (or
    /// up to 28 more), sides that face `toward` first; `None` when every such spot
    /// overlaps something. The box is marked taken.
    pub fn try_place(
        &mut self,
        size: (u32, u32),
        at: (i32, i32),
        gap: i32,
        toward: Option<(f64, f64)>,
    ) -> Option<(i32, i32)> {
        let spots = spots(size, at, &[gap, gap + 14, gap + 28], toward);
        let free = spots.into_iter().find(|r| self.is_free(r))?;
        Some(self.mark(free))
    }

    /// Like [`Placer::try_place`], then farther out (up to 72 px more); when every spot
    /// is taken, the one inside the bounds that overlaps least. A label put far away
    /// needs a leader line to its point.
    pub fn place(
        &mut self,
        size: (u32, u32),
        at: (i32, i32),
        gap: i32,
        toward: Option<(f64, f64)>,
    ) -> (i32, i32) {
        if let Some(spot) = self.try_place(size, at, gap, toward) {
            return spot;
        }
        let spots = spots(
            size,
            at,
            &[gap, gap + 14, gap + 28, gap + 48, gap + 72],
            None,
        );
        let inside: Vec<&Rect> = spots.iter().filter(|r| r.inside(&self.bounds)).collect();
        let chosen = inside
            .iter()
            .copied()
            .find(|r| self.is_free(r))
            .or_else(|| inside.iter().copied().min_by_key(|r| self.overlap(r)))
            .copied()
            .unwrap_or(spots[0]);
        self.mark(chosen)
    }

    /// Takes a label's box, with a little air around it.
    fn mark(&mut self, r: Rect) -> (i32, i32) {
        self.taken.push(r.grow(3));
        (r.x0, r.y0)
    }

    /// Pixels of `r` covered by boxes already taken (counting overlaps twice).
    fn overlap(&self, r: &Rect) -> i64 {
        self.taken
            .iter()
            .map(|t| {
                let w = (r.x1.min(t.x1) - r.x0.max(t.x0)).max(0);
                let h = (r.y1.min(t.y1) - r.y0.max(t.y0)).max(0);
                i64::from(w) * i64::from(h)
            })
            .sum()
    }
}

/// Boxes of `size` beside `at` at each gap: the sides facing `toward` first (all sides
/// without a direction), then every other side.
fn spots(size: (u32, u32), at: (i32, i32), gaps: &[i32], toward: Option<(f64, f64)>) -> Vec<Rect> {
    let preferred = sides(toward);
    let rest: Vec<(i32, i32)> = SIDES
        .iter()
        .copied()
        .filter(|s| !preferred.contains(s))
        .collect();
    let by_gap = |sides: Vec<(i32, i32)>| {
        gaps.iter()
            .flat_map(move |&g| {
                sides
                    .clone()
                    .into_iter()
                    .map(move |side| beside(size, at, g, side))
            })
            .collect::<Vec<Rect>>()
    };
    let mut boxes = by_gap(preferred);
    boxes.extend(by_gap(rest));
    boxes
}

/// The sides to try. Given a direction, only the sides that do not face back against
/// it (a label there would lie across its own arrow), those facing it most first.
fn sides(toward: Option<(f64, f64)>) -> Vec<(i32, i32)> {
    let Some((dx, dy)) = toward else {
        return SIDES.to_vec();
    };
    let length = dx.hypot(dy).max(1e-9);
    let facing = |&(sx, sy): &(i32, i32)| {
        let side_length = f64::from(sx * sx + sy * sy).sqrt();
        (f64::from(sx) * dx + f64::from(sy) * dy) / side_length / length
    };
    let mut sides: Vec<(i32, i32)> = SIDES.iter().copied().filter(|s| facing(s) > -0.2).collect();
    sides.sort_by(|a, b| facing(b).total_cmp(&facing(a)));
    sides
}

/// The box of `size` on `side` of `at`, `gap` pixels away.
fn beside(size: (u32, u32), at: (i32, i32), gap: i32, (sx, sy): (i32, i32)) -> Rect {
    let (w, h) = (size.0 as i32, size.1 as i32);
    let x = match sx {
        1 => at.0 + gap,
        -1 => at.0 - gap - w,
        _ => at.0 - w / 2,
    };
    let y = match sy {
        1 => at.1 + gap,
        -1 => at.1 - gap - h,
        _ => at.1 - h / 2,
    };
    Rect::new(x, y, x + w, y + h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_label_at_the_same_point_goes_elsewhere() {
        let mut placer = Placer::new(Rect::new(0, 0, 400, 400));
        let a = placer.place((50, 16), (200, 200), 5, None);
        let b = placer.place((50, 16), (200, 200), 5, None);
        assert_eq!(a, (205, 192), "first to the right");
        assert_eq!(b, (145, 192), "then to the left");
    }

    #[test]
    fn a_label_facing_up_goes_above() {
        let mut placer = Placer::new(Rect::new(0, 0, 400, 400));
        let (x, y) = placer.place((50, 16), (200, 200), 5, Some((0.0, -1.0)));
        assert_eq!((x, y), (175, 179));
    }

    #[test]
    fn a_label_avoids_a_line_through_its_first_spot() {
        let mut placer = Placer::new(Rect::new(0, 0, 400, 400));
        placer.take_segment((200, 100), (300, 300));
        let (x, _) = placer.place((50, 16), (200, 200), 5, None);
        assert_eq!(
            x, 145,
            "the right side is crossed by the line, so the label goes left"
        );
    }

    #[test]
    fn a_crowded_point_pushes_its_label_farther_out() {
        let mut placer = Placer::new(Rect::new(0, 0, 400, 400));
        let near: Vec<Rect> = SIDES
            .iter()
            .map(|&side| beside((50, 16), (200, 200), 5, side))
            .collect();
        for r in &near {
            placer.take(*r);
        }
        let (x, y) = placer.place((50, 16), (200, 200), 5, None);
        let spot = Rect::new(x, y, x + 50, y + 16);
        assert!(
            near.iter().all(|r| !r.overlaps(&spot)),
            "{spot:?} overlaps a taken box"
        );
        assert!(
            (x - 200).abs() < 110 && (y - 200).abs() < 70,
            "{spot:?} is too far"
        );
    }

    #[test]
    fn a_label_stays_inside_the_bounds() {
        let mut placer = Placer::new(Rect::new(0, 0, 400, 400));
        let (x, _) = placer.place((50, 16), (390, 200), 5, None);
        assert_eq!(x, 335, "no room on the right, so on the left");
    }
}
