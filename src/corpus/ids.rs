//! Document ids kept compactly, once (issue 6: a report's peak memory). What checks ids
//! for repeats as documents stream by (the corpus [`Screen`](super::Screen), the report's
//! feature rows) keeps every accepted id anyway; it hands them over at the end to the
//! report's documents, which are the same documents in the same order, rather than both
//! keeping a copy of a million ids.

use hashbrown::HashTable;
use unicode_normalization::{is_nfc, UnicodeNormalization};

use crate::fingerprint::fnv1a;
use crate::growth::Grow;

/// A document id as mizan keeps it: trimmed, in Unicode's composed form (NFC). A file
/// name from macOS or a zip archive may spell أ as ا + hamza above (NFD), which looks the
/// same as the metadata.csv row or the gold file's id, and must be the same id.
pub fn document_id(raw: &str) -> String {
    let id = raw.trim();
    if is_nfc(id) {
        id.to_string()
    } else {
        id.nfc().collect()
    }
}

/// Ids end to end in one string, numbered from 0 in the order they were added.
#[derive(Debug, Default)]
pub struct Ids {
    text: String,
    /// Where each id ends in `text`, in 32 bits (4 bytes an id rather than 8): the bits
    /// above are the number of `wraps` at or before the id.
    ends: Vec<u32>,
    /// For each 4 GiB of `text` passed, the number of the first id ending at or past it: ids
    /// rarely fill 4 GiB, but when they do each keeps its place.
    wraps: Vec<u32>,
}

impl Ids {
    /// Adds an id and returns its number.
    pub fn push(&mut self, id: &str) -> u32 {
        let n = self.ends.len() as u32;
        self.text.grow(id.len());
        self.text.push_str(id);
        let end = self.text.len() as u64;
        while end >> 32 > self.wraps.len() as u64 {
            self.wraps.push(n);
        }
        self.ends.grow(1);
        self.ends.push(end as u32);
        n
    }

    /// Id number `n`.
    pub fn get(&self, n: u32) -> &str {
        let start = n.checked_sub(1).map_or(0, |before| self.end(before));
        &self.text[start..self.end(n)]
    }

    /// Where id number `n` ends in `text`.
    fn end(&self, n: u32) -> usize {
        let wraps = self.wraps.partition_point(|&first| first <= n) as u64;
        (wraps << 32 | u64::from(self.ends[n as usize])) as usize
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Distinct ids, numbered in the order they were added: an [`Ids`] and a table of their
/// numbers hashed by id, each hit checked against the id itself (a table of bare numbers,
/// not a set of strings holding every id a second time).
#[derive(Default)]
pub struct IdSet {
    ids: Ids,
    by_id: HashTable<u32>,
}

impl IdSet {
    /// The number of `id`, if it was added.
    pub fn find(&self, id: &str) -> Option<u32> {
        self.by_id
            .find(fnv1a(id), |&n| self.ids.get(n) == id)
            .copied()
    }

    /// Adds an id not added before and returns its number.
    pub fn add(&mut self, id: &str) -> u32 {
        let n = self.ids.push(id);
        let ids = &self.ids;
        self.by_id
            .insert_unique(fnv1a(id), n, |&n| fnv1a(ids.get(n)));
        n
    }

    /// Adds `id` unless it was added before; says whether it was new.
    pub fn insert(&mut self, id: &str) -> bool {
        let new = self.find(id).is_none();
        if new {
            self.add(id);
        }
        new
    }

    /// Id number `n`.
    pub fn get(&self, n: u32) -> &str {
        self.ids.get(n)
    }

    /// The ids, in the order they were added, without the table that finds them.
    pub fn into_ids(self) -> Ids {
        self.ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_and_given_back_by_number() {
        let mut set = IdSet::default();
        assert!(set.insert("b"));
        assert!(set.insert(""));
        assert!(set.insert("a\u{0}c"));
        assert!(!set.insert("b"));
        assert_eq!(set.find("a\u{0}c"), Some(2));
        assert_eq!(set.find("a"), None);
        let ids = set.into_ids();
        let all: Vec<&str> = (0..ids.len() as u32).map(|n| ids.get(n)).collect();
        assert_eq!(all, ["b", "", "a\u{0}c"]);
    }

    #[test]
    fn ids_past_4_gib_of_text_keep_their_places() {
        // The text itself is not made 4 GiB long: only where the ids end says it is.
        let ids = Ids {
            text: String::new(),
            ends: vec![5, u32::MAX, 3, 9, 2],
            wraps: vec![2, 4],
        };
        let ends: Vec<usize> = (0..5).map(|n| ids.end(n)).collect();
        let gib4 = 1 << 32;
        assert_eq!(ends, [5, gib4 - 1, gib4 + 3, gib4 + 9, 2 * gib4 + 2]);
    }
}
