//! The charts' colours. One diverging scale means stance everywhere: vermillion for
//! hostile to Turkey's role, grey for neutral, blue for sympathetic (Okabe & Ito's
//! colour-blind-safe palette). Clusters take the other Okabe-Ito colours, so that a
//! cluster is never mistaken for a stance; likeness is a scale of greys.

use plotters::style::RGBColor;

pub const HOSTILE: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
pub const NEUTRAL: RGBColor = RGBColor(0x99, 0x99, 0x99);
pub const SYMPATHETIC: RGBColor = RGBColor(0x00, 0x72, 0xB2);

pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
pub const MUTED: RGBColor = RGBColor(0x5C, 0x5C, 0x5C);
pub const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
/// The dark end of the scale of likeness (similarity), which is not a stance.
pub const ALIKE: RGBColor = RGBColor(0x33, 0x33, 0x33);
/// Every other row's background.
pub const BAND: RGBColor = RGBColor(0xF4, 0xF4, 0xF4);
pub const WHITE: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// Okabe-Ito bluish green, reddish purple, sky blue, orange, yellow and black: the
/// first clusters take the colours least like the stance ones.
const CLUSTERS: [RGBColor; 6] = [
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x00, 0x00, 0x00),
];

/// `a` at `t` = 0 to `b` at `t` = 1.
pub fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let channel = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
}

/// The colour of a stance score in [-1, 1].
pub fn stance(score: f64) -> RGBColor {
    if score < 0.0 {
        mix(NEUTRAL, HOSTILE, -score)
    } else {
        mix(NEUTRAL, SYMPATHETIC, score)
    }
}

/// The colour of cluster `c` (from 0).
pub fn cluster(c: usize) -> RGBColor {
    CLUSTERS[c % CLUSTERS.len()]
}

/// Black or white, whichever reads better on `background`.
pub fn text_on(background: RGBColor) -> RGBColor {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance =
        0.2126 * lin(background.0) + 0.7152 * lin(background.1) + 0.0722 * lin(background.2);
    // Equal contrast against black and white is at a luminance of about 0.18.
    if luminance > 0.18 {
        INK
    } else {
        WHITE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stance_scale_runs_vermillion_grey_blue() {
        assert_eq!(stance(-1.0), HOSTILE);
        assert_eq!(stance(0.0), NEUTRAL);
        assert_eq!(stance(1.0), SYMPATHETIC);
        assert_eq!(stance(-3.0), HOSTILE, "scores beyond the scale are clamped");
        let half = stance(-0.5);
        assert!(half.0 > NEUTRAL.0 && half.0 < HOSTILE.0);
    }

    #[test]
    fn text_on_dark_is_white_and_on_light_is_ink() {
        assert_eq!(text_on(SYMPATHETIC), WHITE);
        assert_eq!(text_on(RGBColor(0xF4, 0xE0, 0xD0)), INK);
    }

    #[test]
    fn clusters_never_use_the_stance_colours() {
        for c in 0..6 {
            assert_ne!(cluster(c), HOSTILE);
            assert_ne!(cluster(c), SYMPATHETIC);
        }
    }
}
