//! The outline of each cluster on the map: the convex hull of its documents, or on a
//! large corpus of the [`CORE`] share of them nearest its centre, so that a few outlying
//! documents do not stretch a cluster's area over the whole map.

use crate::analysis::Labels;
use crate::report::charts::units::MAX_DOCUMENTS;

/// Share of a large cluster's documents its outline encloses.
pub const CORE: f64 = 0.9;

/// The hull of each cluster (`labels` gives point `i`'s cluster), corners in
/// counter-clockwise order; empty for a cluster of fewer than two points.
pub fn hulls(points: &[[f64; 2]], labels: &Labels, centres: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
    (0..centres.len())
        .map(|c| {
            let mut members: Vec<u32> = labels
                .iter()
                .enumerate()
                .filter(|&(_, l)| l == c)
                .map(|(i, _)| u32::try_from(i).expect("fewer than 2^32 documents"))
                .collect();
            if members.len() > MAX_DOCUMENTS {
                keep_core(&mut members, points, centres[c]);
            }
            convex_hull(points, members)
        })
        .collect()
}

/// Keeps the [`CORE`] share of `members` (points by index) nearest `centre`, the first
/// of equally near ones. A selection rather than a sort, and of indices rather than
/// points: the largest cluster of a million documents is most of them (issue 6).
fn keep_core(members: &mut Vec<u32>, points: &[[f64; 2]], centre: [f64; 2]) {
    let distance = |i: u32| {
        let p = points[i as usize];
        (p[0] - centre[0]).hypot(p[1] - centre[1])
    };
    let kept = ((members.len() as f64) * CORE).ceil() as usize;
    if kept < members.len() {
        members.select_nth_unstable_by(kept, |&a, &b| {
            distance(a).total_cmp(&distance(b)).then(a.cmp(&b))
        });
        members.truncate(kept);
    }
}

/// The outline `hull` (in pixels) grown by `pad` pixels all round, so that a cluster of
/// two documents is a band around them and every dot sits inside its outline: the hull
/// of the corners moved `pad` pixels in sixteen directions.
pub fn padded(hull: &[(i32, i32)], pad: f64) -> Vec<(i32, i32)> {
    let grown = hull.iter().flat_map(|&(x, y)| {
        (0..16).map(move |k| {
            let angle = f64::from(k) * std::f64::consts::PI / 8.0;
            [
                f64::from(x) + pad * angle.cos(),
                f64::from(y) + pad * angle.sin(),
            ]
        })
    });
    let grown: Vec<[f64; 2]> = grown.collect();
    convex_hull(&grown, (0..grown.len() as u32).collect())
        .into_iter()
        .map(|[x, y]| (x.round() as i32, y.round() as i32))
        .collect()
}

/// Andrew's monotone chain over the points `members` (indices into `points`: sorted
/// in place, they cost 4 bytes a point rather than a copy of 16); collinear points are
/// dropped.
fn convex_hull(points: &[[f64; 2]], mut members: Vec<u32>) -> Vec<[f64; 2]> {
    let at = |i: &u32| points[*i as usize];
    // Points that compare equal are the same bits, so an unstable sort gives one order.
    members.sort_unstable_by(|a, b| {
        let (a, b) = (at(a), at(b));
        a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1]))
    });
    members.dedup_by(|a, b| at(a) == at(b));
    if members.len() < 2 {
        return Vec::new();
    }
    let mut hull: Vec<[f64; 2]> = Vec::new();
    chain(&mut hull, members.iter().map(at));
    chain(&mut hull, members.iter().rev().map(at));
    hull
}

/// Adds to `hull` one half of the monotone chain: the corners along `pass`, without its
/// last point (the next half starts there).
fn chain(hull: &mut Vec<[f64; 2]>, pass: impl Iterator<Item = [f64; 2]>) {
    let cross = |o: [f64; 2], a: [f64; 2], b: [f64; 2]| {
        (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
    };
    let start = hull.len();
    for p in pass {
        while hull.len() >= start + 2 && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0
        {
            hull.pop();
        }
        hull.push(p);
    }
    hull.pop();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hull_of_a_square_with_a_middle_point_is_its_corners() {
        let square = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.5, 0.5]];
        let hull = convex_hull(&square, (0..5).collect());
        assert_eq!(hull.len(), 4);
        assert!(!hull.contains(&[0.5, 0.5]));
    }

    #[test]
    fn a_padded_outline_encloses_its_corners_with_room() {
        let band = padded(&[(100, 100), (200, 100)], 10.0);
        let (top, bottom) = band
            .iter()
            .fold((i32::MAX, i32::MIN), |(t, b), p| (t.min(p.1), b.max(p.1)));
        assert_eq!((top, bottom), (90, 110));
        assert!(band.iter().any(|p| p.0 == 90) && band.iter().any(|p| p.0 == 210));
    }

    #[test]
    fn each_cluster_gets_its_own_outline() {
        let points = [
            [0.0, 0.0],
            [1.0, 0.0],
            [0.0, 1.0],
            [5.0, 5.0],
            [6.0, 5.0],
            [9.0, 9.0],
        ];
        let labels = [0, 0, 0, 1, 1, 2].into_iter().collect();
        let hulls = hulls(&points, &labels, &[[0.3, 0.3], [5.5, 5.0], [9.0, 9.0]]);
        assert_eq!(hulls[0].len(), 3);
        assert_eq!(hulls[1].len(), 2, "two documents: a segment");
        assert!(hulls[2].is_empty(), "one document: no outline");
    }

    #[test]
    fn a_large_clusters_outlier_is_left_out() {
        let mut points: Vec<[f64; 2]> = (0..60)
            .map(|i| [f64::from(i % 8), f64::from(i / 8)])
            .collect();
        points.push([100.0, 100.0]);
        let labels = vec![0; points.len()].into_iter().collect();
        let hull = &hulls(&points, &labels, &[[3.5, 3.5]])[0];
        assert!(!hull.contains(&[100.0, 100.0]), "{hull:?}");
        assert!(hull.iter().all(|p| p[0] <= 7.0 && p[1] <= 7.0));
    }
}
