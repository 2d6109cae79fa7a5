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

/// A stretch of one of the arenas.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

/// One used frame of a document.
#[derive(Debug, Clone, Copy)]
struct FrameUse {
    frame: u32,
    matches: u32,
    weighted: f64,
}

/// One document's numbers and where the rest of it is.
#[derive(Debug)]
struct Row {
    id: Span,
    frames: Span,
    marks: Span,
    names: Span,
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

/// The documents of a report, in the order they were added until [`Documents::sort_by_id`].
#[derive(Debug, Default)]
pub struct Documents {
    rows: Vec<Row>,
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
            row: &self.rows[i],
        }
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = Doc<'_>> + '_ {
        self.rows.iter().map(|row| Doc { store: self, row })
    }

    /// Adds a scored document; with `keep_full`, its text and matches stay too.
    pub fn push(&mut self, scored: ScoredDocument, keep_full: bool) {
        let matched = &scored.matched;
        let marks = self.append_marks(
            matched
                .matches
                .iter()
                .map(|m| Mark::new(m.term, m.voice, m.tokens.start, m.contribution)),
        );
        let names = self.append_names(matched.mentions.iter().map(|m| NameUse {
            actor: narrow(m.actor),
            name: narrow(m.name),
        }));
        let mut row = self.row(&scored.document.id, &scored.document.meta, &scored.features);
        row.encoding = self.encoding(scored.document.encoding);
        row.marks = marks;
        row.names = names;
        self.rows.push(row);
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
        self.rows.push(row);
    }

    /// Drops the text and full matches of document `i`, keeping its summary.
    pub fn drop_full(&mut self, i: usize) {
        let id = self.get(i).id();
        if let Some(at) = self.full.iter().position(|d| d.document.id == id) {
            self.full.swap_remove(at);
        }
    }

    /// The positions of the documents in id order.
    pub fn id_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.sort_unstable_by(|&a, &b| self.get(a).id().cmp(self.get(b).id()));
        order
    }

    /// Puts the documents in id order. Ids are unique (the corpus screen drops repeats),
    /// so sorting in place, without the copy a stable sort makes, gives one order.
    pub fn sort_by_id(&mut self) {
        let ids = std::mem::take(&mut self.ids);
        let id = |row: &Row| &ids[row.id.range()];
        self.rows.sort_unstable_by(|a, b| id(a).cmp(id(b)));
        self.ids = ids;
    }

    fn row(&mut self, id: &str, meta: &Metadata, features: &Features) -> Row {
        let id_span = Span {
            start: narrow(self.ids.len()),
            len: narrow(id.len()),
        };
        self.ids.push_str(id);
        let frames_start = narrow(self.frames.len());
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
            id: id_span,
            frames: Span {
                start: frames_start,
                len: narrow(self.frames.len()) - frames_start,
            },
            marks: Span::default(),
            names: Span::default(),
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

    fn append_marks(&mut self, marks: impl Iterator<Item = Mark>) -> Span {
        let start = narrow(self.marks.len());
        self.marks.extend(marks);
        Span {
            start,
            len: narrow(self.marks.len()) - start,
        }
    }

    fn append_names(&mut self, names: impl Iterator<Item = NameUse>) -> Span {
        let start = narrow(self.names.len());
        self.names.extend(names);
        Span {
            start,
            len: narrow(self.names.len()) - start,
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
    row: &'s Row,
}

impl<'s> Doc<'s> {
    pub fn id(&self) -> &'s str {
        &self.store.ids[self.row.id.range()]
    }

    pub fn meta(&self) -> &'s Metadata {
        &self.store.metadata[self.row.meta as usize]
    }

    /// The encoding its text was decoded from ("" when unknown).
    pub fn encoding(&self) -> &'static str {
        self.store.encodings[self.row.encoding as usize]
    }

    pub fn stance(&self) -> Stance {
        self.row.stance
    }

    pub fn tokens(&self) -> usize {
        self.row.tokens as usize
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
        &self.store.marks[self.row.marks.range()]
    }

    /// The actors it names, by which name.
    pub fn names(&self) -> &'s [NameUse] {
        &self.store.names[self.row.names.range()]
    }

    /// The whole scored document (text and matches), when the report keeps it.
    pub fn full(&self) -> Option<&'s ScoredDocument> {
        let id = self.id();
        self.store.full.iter().find(|d| d.document.id == id)
    }

    /// Its features, as scoring computed them.
    pub fn features(&self) -> Features {
        let row = self.row;
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
        &self.store.frames[self.row.frames.range()]
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
        assert_eq!(store.id_order(), vec![1, 2, 0]);
        store.drop_full(0);
        store.sort_by_id();
        let ids: Vec<&str> = store.iter().map(|d| d.id()).collect();
        assert_eq!(ids, ["000", "001", "002"]);
        assert!(store.get(2).full().is_none() && store.get(0).full().is_some());
        assert_eq!(store.get(2).stance(), report.documents.get(2).stance());
        assert_eq!(store.get(2).marks(), report.documents.get(2).marks());
    }
}
