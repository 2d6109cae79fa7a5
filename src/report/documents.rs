//! The report's documents, kept compactly so that a report on a million documents needs
//! a little over a hundred bytes a document (issue 6): what the analysis and the charts
//! read in one small row, its frame counts in an arena shared by all documents, its id in
//! the store of whatever screened the ids for repeats ([`Ids`]), its metadata interned (a
//! corpus repeats a few outlets and dates), the names it gives actors counted per value of
//! the column the report groups by, and on disk ([`Spill`]) its matches and what only
//! documents.csv needs. Only the documents the report describes one by one (its
//! [`Shortlist`]) stay whole, with their text and matches.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashSet};
use std::hash::Hash;
use std::io;

use indexmap::IndexSet;
use rustc_hash::FxHashMap;

use super::model::Shortlist;
use super::spill::{Fields, Record, Spill, TableFields};
use crate::corpus::{Document, Ids, Metadata};
use crate::features::{Features, FrameCount, Stance};
use crate::growth::Grow;
use crate::matching::Voice;
use crate::pipeline::ScoredDocument;

/// What the report's aggregates (terms.csv, the terms and dispersion charts) need of one
/// match, in 16 bytes: a million documents have millions of matches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    /// The term's index in the lexicon, times the number of voices, plus the voice's
    /// index in [`Voice::ALL`].
    term_voice: u32,
    /// The first token of the match.
    pub token: u32,
    pub contribution: f64,
}

impl Mark {
    fn new(term: usize, voice: Voice, token: usize, contribution: f64) -> Mark {
        let voice = Voice::ALL.iter().position(|v| *v == voice).unwrap_or(0);
        Mark {
            term_voice: narrow(term * Voice::ALL.len() + voice),
            token: narrow(token),
            contribution,
        }
    }

    /// Index into the lexicon's terms.
    pub fn term(&self) -> usize {
        self.term_voice as usize / Voice::ALL.len()
    }

    pub fn voice(&self) -> Voice {
        Voice::ALL[self.term_voice as usize % Voice::ALL.len()]
    }
}

impl Record for Mark {
    const SIZE: usize = 16;

    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.term_voice.to_le_bytes());
        out.extend_from_slice(&self.token.to_le_bytes());
        out.extend_from_slice(&self.contribution.to_le_bytes());
    }

    fn decode(bytes: &[u8]) -> Mark {
        let mut f = Fields(bytes);
        Mark {
            term_voice: f.u32(),
            token: f.u32(),
            contribution: f.f64(),
        }
    }
}

/// One used frame of a document.
#[derive(Debug, Clone, Copy)]
struct FrameUse {
    frame: u32,
    matches: u32,
    weighted: f64,
}

/// What the analysis and the charts read of one document, and where the rest of it is.
/// Rows and arenas grow together, so a document's stretch of an arena ends where the next
/// row's begins.
#[derive(Debug)]
struct Row {
    starts: [u32; ARENAS],
    meta: u32,
    tokens: u32,
    score: f64,
}

/// The arenas, as indices into [`Row::starts`].
const ARENAS: usize = 2;
const FRAMES: usize = 0;
const MARKS: usize = 1;

/// The documents of a report, in the order they were added until [`Documents::sort_by_id`].
/// It is filled in two steps: the documents, then their ids ([`Documents::set_ids`]).
#[derive(Debug, Default)]
pub struct Documents {
    /// In the order the documents were added.
    rows: Vec<Row>,
    /// The rows in the report's order.
    order: Vec<u32>,
    /// The documents' ids, by row. What screened the documents for repeated ids keeps
    /// them as they stream in, and hands them over once all are pushed: empty until then.
    ids: Ids,
    frames: Vec<FrameUse>,
    /// On disk: a news article has some fifteen matches, and they were half of what a
    /// report kept of it in memory.
    marks: Spill<Mark>,
    /// How often each (value, actor, name) occurs, a value being one of `group_by`'s: a
    /// group of the report is the documents of one value (or of the blank ones), so the
    /// names its documents use add up from here without a list of mentions for every
    /// document, and in a table as small as the column has values (counted by metadata,
    /// it grew by one entry for every few documents of a corpus with many dates).
    names: FxHashMap<(u32, u32, u32), u32>,
    /// The metadata column the report groups by, and its values.
    group_by: String,
    values: IndexSet<String>,
    metadata: IndexSet<Metadata>,
    encodings: Vec<&'static str>,
    /// The rest of each row, on disk.
    tables: Spill<TableFields>,
    /// Matches in all documents.
    matches: usize,
    /// The whole scored documents (text and matches) the report may describe one by one,
    /// a few dozen, by row.
    full: Vec<(usize, ScoredDocument)>,
    shortlist: Shortlist,
    /// The number of frames of the lexicon.
    frame_count: usize,
}

/// What went wrong when what a document keeps on disk could not be read back.
pub const READ_BACK: &str = "cannot read back the documents' table from its temporary file";

/// Counts kept as 32 bits: no document has four billion tokens or matches.
fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Documents {
    /// An empty store for a lexicon of `frame_count` frames and a report that groups the
    /// documents by the metadata column `group_by`, if by any.
    pub fn new(frame_count: usize, group_by: &str) -> Documents {
        Documents {
            frame_count,
            group_by: group_by.to_string(),
            ..Documents::default()
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Document `i`.
    pub fn get(&self, i: usize) -> Doc<'_> {
        Doc {
            store: self,
            row: self.order[i] as usize,
        }
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = Doc<'_>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Where the document in row `row` lies in arena `arena` (of `len` items).
    fn stretch(&self, row: usize, arena: usize, len: usize) -> std::ops::Range<usize> {
        let start = self.rows[row].starts[arena] as usize;
        let end = self
            .rows
            .get(row + 1)
            .map_or(len, |next| next.starts[arena] as usize);
        start..end
    }

    /// Adds a scored document. It stays whole while it may be among the documents the
    /// report describes one by one; an error is one writing the temporary file.
    pub fn push(&mut self, scored: ScoredDocument) -> io::Result<()> {
        let document = &scored.document;
        let row = self.row(document, &scored.features)?;
        let matched = &scored.matched;
        for m in &matched.matches {
            self.marks
                .push(&Mark::new(m.term, m.voice, m.tokens.start, m.contribution))?;
        }
        let value = self.value_of(&document.meta);
        for m in &matched.mentions {
            let key = (value, narrow(m.actor), narrow(m.name));
            *self.names.entry(key).or_default() += 1;
        }
        let slot = self.rows.len();
        let dropped = self
            .shortlist
            .offer(scored.features.stance.score, &document.id, slot);
        self.order.grow(1);
        self.order.push(narrow(slot));
        self.rows.grow(1);
        self.rows.push(row);
        self.full.push((slot, scored));
        self.full.retain(|(row, _)| !dropped.contains(row));
        Ok(())
    }

    /// The positions of the documents kept whole, in order.
    pub fn whole(&self) -> Vec<usize> {
        let rows: HashSet<usize> = self.full.iter().map(|(row, _)| *row).collect();
        (0..self.len())
            .filter(|&i| rows.contains(&(self.order[i] as usize)))
            .collect()
    }

    /// Matches in all documents.
    pub fn matches(&self) -> usize {
        self.matches
    }

    /// How often `members` name each actor by each of its names, by (actor, name): from
    /// their mentions when they are all kept whole, else from the counts per value of
    /// `group_by` (exact for a group of the report, which takes in every document of a
    /// value).
    pub fn name_counts(&self, members: &[usize]) -> BTreeMap<(usize, usize), usize> {
        let mut counts = BTreeMap::new();
        let whole: Option<Vec<&ScoredDocument>> =
            members.iter().map(|&i| self.get(i).full()).collect();
        if let Some(whole) = whole {
            for m in whole.iter().flat_map(|d| &d.matched.mentions) {
                *counts.entry((m.actor, m.name)).or_default() += 1;
            }
            return counts;
        }
        let values: HashSet<&str> = members
            .iter()
            .map(|&i| self.value(self.get(i).meta()))
            .collect();
        for (&(value, actor, name), &n) in &self.names {
            if values.contains(self.values[value as usize].as_str()) {
                *counts.entry((actor as usize, name as usize)).or_default() += n as usize;
            }
        }
        counts
    }

    /// Gives the documents their ids: one a document, in the order they were pushed.
    pub fn set_ids(&mut self, ids: Ids) {
        assert_eq!(ids.len(), self.rows.len(), "one id a document");
        self.ids = ids;
    }

    /// Puts the documents in id order. Ids are unique (the corpus screen drops repeats),
    /// so an unstable sort gives one order.
    pub fn sort_by_id(&mut self) {
        let mut order = std::mem::take(&mut self.order);
        order.sort_unstable_by_key(|&row| self.id_of(row as usize));
        self.order = order;
    }

    /// The order the documents were added in, as the report lists them: its positions are
    /// the report's, its values the documents' places in the input.
    pub fn input_places(&self) -> &[u32] {
        &self.order
    }

    fn id_of(&self, row: usize) -> &str {
        self.ids.get(narrow(row))
    }

    /// The row of a document, its table fields written (its arenas not filled yet: each
    /// stretch ends where the next document's begins).
    fn row(&mut self, document: &Document, features: &Features) -> io::Result<Row> {
        let encoding = self.encoding(document.encoding);
        self.tables.push(&TableFields {
            encoding,
            low: features.stance.low,
            high: features.stance.high,
            sentences: narrow(features.sentences),
            matches: narrow(features.matches),
            voices: features.voices.map(narrow),
            intensity: features.intensity,
            positive: features.positive,
            negative: features.negative,
            mass: features.mass,
        })?;
        self.matches += features.matches;
        let starts = [self.frames.len(), self.marks.len()].map(narrow);
        self.frames.grow(self.frame_count);
        self.frames.extend(
            features
                .frames
                .iter()
                .enumerate()
                .filter(|(_, c)| c.matches > 0 || c.weighted != 0.0)
                .map(|(j, c)| FrameUse {
                    frame: narrow(j),
                    matches: narrow(c.matches),
                    weighted: c.weighted,
                }),
        );
        let meta = intern(&mut self.metadata, &document.meta);
        Ok(Row {
            starts,
            meta,
            tokens: narrow(features.tokens),
            score: features.stance.score,
        })
    }

    /// `meta`'s value in the column `group_by` ("" when it has none).
    fn value<'m>(&self, meta: &'m Metadata) -> &'m str {
        meta.get(&self.group_by).unwrap_or("")
    }

    /// The index of `meta`'s value in the column `group_by`.
    fn value_of(&mut self, meta: &Metadata) -> u32 {
        let value = self.value(meta);
        intern(&mut self.values, value)
    }

    fn encoding(&mut self, encoding: &'static str) -> u8 {
        let at = match self.encodings.iter().position(|e| *e == encoding) {
            Some(at) => at,
            None => {
                self.encodings.push(encoding);
                self.encodings.len() - 1
            }
        };
        u8::try_from(at).expect("encoding_rs knows fewer than 256 encodings")
    }
}

/// The index of `value` in `set`, where it is added when new.
fn intern<T, Q>(set: &mut IndexSet<T>, value: &Q) -> u32
where
    T: Borrow<Q> + Hash + Eq,
    Q: ?Sized + Hash + Eq + ToOwned<Owned = T>,
{
    let at = match set.get_index_of(value) {
        Some(at) => at,
        None => set.insert_full(value.to_owned()).0,
    };
    narrow(at)
}

/// One document of a [`Documents`] store.
#[derive(Clone, Copy)]
pub struct Doc<'s> {
    store: &'s Documents,
    /// Its place in `store.rows`.
    row: usize,
}

impl<'s> Doc<'s> {
    pub fn id(&self) -> &'s str {
        self.store.id_of(self.row)
    }

    fn row(&self) -> &'s Row {
        &self.store.rows[self.row]
    }

    pub fn meta(&self) -> &'s Metadata {
        &self.store.metadata[self.row().meta as usize]
    }

    /// Its stance score.
    pub fn score(&self) -> f64 {
        self.row().score
    }

    /// Its stance, the interval read back from the temporary file unless the document is
    /// kept whole. Only charts of a few documents ask, so the interval is not kept in
    /// memory (8 bytes a document); an error is one reading the file.
    pub fn stance(&self) -> io::Result<Stance> {
        if let Some(whole) = self.full() {
            return Ok(whole.features.stance);
        }
        let t = self.store.tables.get(self.row)?;
        Ok(Stance {
            score: self.score(),
            low: t.low,
            high: t.high,
        })
    }

    pub fn tokens(&self) -> usize {
        self.row().tokens as usize
    }

    /// The count of frame `frame`.
    pub fn frame(&self, frame: usize) -> FrameCount {
        self.used_frames()
            .iter()
            .find(|u| u.frame as usize == frame)
            .map_or_else(FrameCount::default, |u| self.count(u))
    }

    /// Its matches, as the aggregates need them (none when built from feature rows),
    /// read back from the temporary file; an error is one reading it.
    pub fn marks(&self) -> io::Result<Vec<Mark>> {
        self.store.marks.range(self.mark_stretch())
    }

    /// The number of its [`Doc::marks`], without reading them.
    pub fn mark_count(&self) -> usize {
        self.mark_stretch().len()
    }

    fn mark_stretch(&self) -> std::ops::Range<usize> {
        let store = self.store;
        store.stretch(self.row, MARKS, store.marks.len())
    }

    /// The whole scored document (text and matches), when the report keeps it.
    pub fn full(&self) -> Option<&'s ScoredDocument> {
        let store = self.store;
        store
            .full
            .iter()
            .find(|(row, _)| *row == self.row)
            .map(|(_, whole)| whole)
    }

    /// Every frame's count, in the lexicon's order.
    pub fn frames(&self) -> Vec<FrameCount> {
        let mut frames = vec![FrameCount::default(); self.store.frame_count];
        for used in self.used_frames() {
            frames[used.frame as usize] = self.count(used);
        }
        frames
    }

    /// Its features, as scoring computed them, with the encoding of its text ("" when
    /// unknown); an error is one reading the temporary file.
    pub fn features(&self) -> io::Result<(Features, &'static str)> {
        let t = self.store.tables.get(self.row)?;
        let features = Features {
            tokens: self.tokens(),
            sentences: t.sentences as usize,
            frames: self.frames().into(),
            matches: t.matches as usize,
            intensity: t.intensity,
            positive: t.positive,
            negative: t.negative,
            mass: t.mass,
            voices: t.voices.map(|v| v as usize),
            stance: Stance {
                score: self.score(),
                low: t.low,
                high: t.high,
            },
        };
        Ok((features, self.store.encodings[t.encoding as usize]))
    }

    fn used_frames(&self) -> &'s [FrameUse] {
        let store = self.store;
        &store.frames[store.stretch(self.row, FRAMES, store.frames.len())]
    }

    /// A used frame's count, its rate computed as scoring computes it.
    fn count(&self, used: &FrameUse) -> FrameCount {
        FrameCount {
            matches: used.matches as usize,
            weighted: used.weighted,
            per_1k: crate::features::per_1k(used.weighted, self.tokens()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::fixture;
    use crate::report::model::DETAIL_LIMIT;

    #[test]
    fn a_document_gives_back_its_features_matches_and_names() {
        let report = fixture::report(&fixture::corpus(3), false);
        let hostile = report.documents.get(0);
        let scored = hostile
            .full()
            .expect("a small report keeps every document whole");
        let (features, encoding) = hostile.features().unwrap();
        assert_eq!(features, scored.features);
        assert_eq!(encoding, scored.document.encoding);
        assert_eq!(hostile.id(), scored.document.id);
        assert_eq!(hostile.meta(), &scored.document.meta);
        let marks: Vec<(usize, Voice, usize)> = hostile
            .marks()
            .unwrap()
            .iter()
            .map(|m| (m.term(), m.voice(), m.token as usize))
            .collect();
        let matches: Vec<(usize, Voice, usize)> = scored
            .matched
            .matches
            .iter()
            .map(|m| (m.term, m.voice, m.tokens.start))
            .collect();
        assert!(!marks.is_empty());
        assert_eq!(marks, matches);
        let named: usize = report.documents.name_counts(&[0]).values().sum();
        assert_eq!(named, scored.matched.mentions.len());
    }

    #[test]
    fn past_forty_documents_only_the_strongest_stay_whole() {
        let report = fixture::report(&fixture::corpus(3), false);
        let whole = |i: usize| report.documents.get(i).full().unwrap().clone();
        let mut store = Documents::new(report.lexicon.frames.len(), "outlet");
        let mut ids = Ids::default();
        // 30 hostile and 30 plain documents, in reverse id order.
        for k in (0..60).rev() {
            let mut doc = whole(if k % 2 == 0 { 0 } else { 2 });
            doc.document.id = format!("{k:03}");
            ids.push(&doc.document.id);
            store.push(doc).unwrap();
        }
        store.set_ids(ids);
        store.sort_by_id();
        assert_eq!(store.get(0).id(), "000");
        assert_eq!(store.input_places()[0], 59);
        let kept = store.whole();
        assert_eq!(kept.len(), DETAIL_LIMIT);
        let hostile = kept.iter().filter(|&&i| store.get(i).score() < 0.0);
        assert_eq!(hostile.count(), DETAIL_LIMIT / 2);
        let dropped = (0..60).find(|i| !kept.contains(i)).unwrap();
        let (features, _) = store.get(dropped).features().unwrap();
        assert_eq!(features, whole(dropped % 2 * 2).features);
        assert_eq!(store.get(dropped).stance().unwrap(), features.stance);
    }

    #[test]
    fn a_group_counts_the_names_of_its_documents_kept_whole_or_not() {
        let report = fixture::report(&fixture::corpus(3), false);
        let mut store = Documents::new(report.lexicon.frames.len(), "outlet");
        let mut expected: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for k in 0..60 {
            let mut doc = report.documents.get(k % 2).full().unwrap().clone();
            doc.document.id = format!("{k:03}");
            doc.document.meta.outlet = ["a", "b", "c"][k % 3].to_string();
            if k % 3 == 0 {
                for m in &doc.matched.mentions {
                    *expected.entry((m.actor, m.name)).or_default() += 1;
                }
            }
            store.push(doc).unwrap();
        }
        let outlet_a: Vec<usize> = (0..60).filter(|k| k % 3 == 0).collect();
        assert!(outlet_a.iter().any(|&i| store.get(i).full().is_none()));
        assert!(!expected.is_empty());
        assert_eq!(store.name_counts(&outlet_a), expected);
    }
}
