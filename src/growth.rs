//! Growth for the arrays that keep a few bytes of every document of a corpus while it
//! streams by (issue 6: a report's peak memory). A `Vec` doubles its buffer when full, so
//! such an array holds up to twice what it needs, and the report on a million documents
//! paid tens of megabytes for the empty halves. Past [`GENTLE_FROM`] these arrays grow by
//! an eighth instead. glibc usually gives a buffer that large a mapping of its own and
//! enlarges it by remapping its pages (`mremap`) rather than copying them; where it does
//! copy, growth by an eighth copies each item some eight times over a run, little next to
//! scoring the document it belongs to.

/// Bytes past which an array grows by an eighth rather than doubling.
const GENTLE_FROM: usize = 1 << 20;

/// An array that can make room for more items.
pub trait Grow {
    /// Makes room for `additional` more items: doubling while the buffer is small, by an
    /// eighth (or by `additional`, if more) once it is large.
    fn grow(&mut self, additional: usize);
}

impl<T> Grow for Vec<T> {
    fn grow(&mut self, additional: usize) {
        match exact_growth(self.len(), self.capacity(), size_of::<T>(), additional) {
            Some(more) => self.reserve_exact(more),
            None => self.reserve(additional),
        }
    }
}

impl Grow for String {
    fn grow(&mut self, additional: usize) {
        match exact_growth(self.len(), self.capacity(), 1, additional) {
            Some(more) => self.reserve_exact(more),
            None => self.reserve(additional),
        }
    }
}

/// How many more items to reserve exactly, or `None` for the standard growth (there is
/// room already, or the buffer is small).
fn exact_growth(len: usize, capacity: usize, item: usize, additional: usize) -> Option<usize> {
    let full = capacity - len < additional;
    (full && capacity * item >= GENTLE_FROM).then(|| additional.max(capacity / 8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_array_grows_by_an_eighth_and_a_small_one_doubles() {
        let mut large = vec![0_u64; GENTLE_FROM / 8];
        large.grow(1);
        assert_eq!(large.capacity(), GENTLE_FROM / 8 * 9 / 8);
        let mut small = vec![0_u64; 64];
        small.grow(1);
        assert_eq!(small.capacity(), 128);
        let mut text = String::with_capacity(GENTLE_FROM);
        text.push_str(&"x".repeat(GENTLE_FROM));
        text.grow(GENTLE_FROM);
        assert_eq!(text.capacity(), 2 * GENTLE_FROM);
    }
}
