//! The report's documents, kept compactly so that a report on a million documents fits
//! in a few hundred bytes a document (issue 6): each document's numbers in one fixed-size
//! row, its id, frame counts, matches and actor names in arenas shared by all documents,
//! its metadata interned (a corpus repeats a few outlets and dates). Only the documents
//! the report describes one by one keep their text and full matches.

use indexmap::IndexSet;

use crate::corpus::Metadata;
use crate::features::{Features, FrameCount, Stance};
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

/// One mention of an actor: which actor, by which of its names (indices into the
/// lexicon's actors and actor names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameUse {
    pub actor: u32,
    pub name: u32,
}

/// One used frame of a document.
#[derive(Debug, Clone, Copy)]
struct FrameUse {
    frame: u32,
    matches: u32,
    weighted: f64,
}

/// One document's numbers and where the rest of it is. Rows and arenas grow together,
/// so a document's stretch of an arena ends where the next row's begins.
#[derive(Debug)]
struct Row {
    starts: [u32; ARENAS],
    meta: u32,
    encoding: u8,
    tokens: u32,
    sentences: u32,
    matches: u32,
    voices: [u32; 5],
    intensity: f64,
    positive: f64,
    negative: f64,
    mass: f64,
    stance: Stance,
}

/// The arenas, as indices into [`Row::starts`].
const ARENAS: usize = 4;
const IDS: usize = 0;
const FRAMES: usize = 1;
const MARKS: usize = 2;
const NAMES: usize = 3;

/// The documents of a report, in the order they were added until [`Documents::sort_by_id`].
#[derive(Debug, Default)]
pub struct Documents {
    /// In the order the documents were added.
    rows: Vec<Row>,
    /// The rows in the report's order.
    order: Vec<u32>,
    ids: String,
    frames: Vec<FrameUse>,
    marks: Vec<Mark>,
    names: Vec<NameUse>,
    metadata: IndexSet<Metadata>,
    encodings: Vec<&'static str>,
    /// The whole scored documents (text and matches) the report may describe one by one:
    /// a few dozen, found by id.
    full: Vec<ScoredDocument>,
    /// The number of frames of the lexicon.
    frame_count: usize,
}

/// Counts kept as 32 bits: no document has four billion tokens or matches.
fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Documents {
    /// An empty store for a lexicon of `frame_count` frames.
    pub fn new(frame_count: usize) -> Documents {
        Documents {
            frame_count,
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

    /// Adds a scored document; with `keep_full`, its text and matches stay too.
    pub fn push(&mut self, scored: ScoredDocument, keep_full: bool) {
        let mut row = self.row(&scored.document.id, &scored.document.meta, &scored.features);
        row.encoding = self.encoding(scored.document.encoding);
        let matched = &scored.matched;
        self.marks.extend(
            matched
                .matches
                .iter()
                .map(|m| Mark::new(m.term, m.voice, m.tokens.start, m.contribution)),
        );
        self.names
            .extend(matched.mentions.iter().map(|m| NameUse {
                actor: narrow(m.actor),
                name: narrow(m.name),
            }));
        self.add(row);
        if keep_full {
            self.full.push(scored);
        }
    }

    /// Adds a document known only by its features (`mizan report --features`).
    pub fn push_features(
        &mut self,
        id: &str,
        meta: &Metadata,
        encoding: &'static str,
        features: &Features,
    ) {
        let mut row = self.row(id, meta, features);
        row.encoding = self.encoding(encoding);
        self.add(row);
    }

    fn add(&mut self, row: Row) {
        self.order.push(narrow(self.rows.len()));
        self.rows.push(row);
    }

    /// Drops the text and full matches of document `i`, keeping its summary.
    pub fn drop_full(&mut self, i: usize) {
        let id = self.get(i).id();
        if let Some(at) = self.full.iter().position(|d| d.document.id == id) {
            self.full.swap_remove(at);
        }
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
        &self.ids[self.stretch(row, IDS, self.ids.len())]
    }

    /// The row of a document (its arenas not filled yet: each stretch ends where the next
    /// document's begins).
    fn row(&mut self, id: &str, meta: &Metadata, features: &Features) -> Row {
        let starts = [
            self.ids.len(),
            self.frames.len(),
            self.marks.len(),
            self.names.len(),
        ]
        .map(narrow);
        self.ids.push_str(id);
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
        let meta = match self.metadata.get_index_of(meta) {
            Some(at) => at,
            None => self.metadata.insert_full(meta.clone()).0,
        };
        Row {
            starts,
            meta: narrow(meta),
            encoding: 0,
            tokens: narrow(features.tokens),
            sentences: narrow(features.sentences),
            matches: narrow(features.matches),
            voices: features.voices.map(narrow),
            intensity: features.intensity,
            positive: features.positive,
            negative: features.negative,
            mass: features.mass,
            stance: features.stance,
        }
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

    /// The encoding its text was decoded from ("" when unknown).
    pub fn encoding(&self) -> &'static str {
        self.store.encodings[self.row().encoding as usize]
    }

    pub fn stance(&self) -> Stance {
        self.row().stance
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

    /// Its matches, as the aggregates need them (none when built from feature rows).
    pub fn marks(&self) -> &'s [Mark] {
        let store = self.store;
        &store.marks[store.stretch(self.row, MARKS, store.marks.len())]
    }

    /// The actors it names, by which name.
    pub fn names(&self) -> &'s [NameUse] {
        let store = self.store;
        &store.names[store.stretch(self.row, NAMES, store.names.len())]
    }

    /// The whole scored document (text and matches), when the report keeps it.
    pub fn full(&self) -> Option<&'s ScoredDocument> {
        let id = self.id();
        self.store.full.iter().find(|d| d.document.id == id)
    }

    /// Its features, as scoring computed them.
    pub fn features(&self) -> Features {
        let row = self.row();
        let mut frames = vec![FrameCount::default(); self.store.frame_count];
        for used in self.used_frames() {
            frames[used.frame as usize] = self.count(used);
        }
        Features {
            tokens: self.tokens(),
            sentences: row.sentences as usize,
            frames: frames.into(),
            matches: row.matches as usize,
            intensity: row.intensity,
            positive: row.positive,
            negative: row.negative,
            mass: row.mass,
            voices: row.voices.map(|v| v as usize),
            stance: row.stance,
        }
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

    #[test]
    fn a_document_gives_back_its_features_matches_and_names() {
        let report = fixture::report(&fixture::corpus(3), false);
        let hostile = report.documents.get(0);
        let scored = hostile
            .full()
            .expect("a small report keeps every document whole");
        assert_eq!(hostile.features(), scored.features);
        assert_eq!(hostile.id(), scored.document.id);
        assert_eq!(hostile.meta(), &scored.document.meta);
        let marks: Vec<(usize, Voice, usize)> = hostile
            .marks()
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
        assert_eq!(hostile.names().len(), scored.matched.mentions.len());
    }

    #[test]
    fn documents_sort_by_id_and_drop_their_text_on_request() {
        let report = fixture::report(&fixture::corpus(3), false);
        let mut store = Documents::new(report.lexicon.frames.len());
        for i in [2, 0, 1] {
            let whole = report.documents.get(i).full().unwrap().clone();
            store.push(whole, true);
        }
        store.drop_full(0);
        store.sort_by_id();
        assert_eq!(store.input_places(), [1, 2, 0]);
        let ids: Vec<&str> = store.iter().map(|d| d.id()).collect();
        assert_eq!(ids, ["000", "001", "002"]);
        assert!(store.get(2).full().is_none() && store.get(0).full().is_some());
        assert_eq!(store.get(2).stance(), report.documents.get(2).stance());
        assert_eq!(store.get(2).marks(), report.documents.get(2).marks());
    }
}
