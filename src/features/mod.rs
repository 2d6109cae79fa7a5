//! Stage 4: features. From a document's matches to the numbers the report and `mizan
//! score` carry: per frame, matches, weighted matches and rate per 1000 tokens; per
//! document, intensity (weighted loaded terms per 1000 tokens), the share of each voice,
//! and the stance with its interval. Everything here is per document (a map), so it
//! streams and parallelises.

mod rows;
mod stance;

use serde::Serialize;

pub use rows::{header, read_rows, FeatureRow, ReadRows, RowFormat, RowWriter, ROW_METADATA};
pub use stance::{stance, SentenceEvidence, Stance, StanceParams};

use crate::lexicon::Lexicon;
use crate::matching::{DocumentMatches, Voice};

/// How much of one frame a document uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct FrameCount {
    pub matches: usize,
    /// Sum of the matched terms' weights.
    pub weighted: f64,
    /// Weighted matches per 1000 tokens.
    pub per_1k: f64,
}

/// A document's [`FrameCount`] for every frame of the lexicon, holding only the frames it
/// uses: most documents use a few of twenty-odd frames, and a corpus of a million keeps
/// all of them in memory.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FrameCounts {
    /// The number of frames.
    len: usize,
    /// The frames used, by index, in order.
    used: Box<[(usize, FrameCount)]>,
}

/// The count of a frame a document does not use.
static UNUSED: FrameCount = FrameCount {
    matches: 0,
    weighted: 0.0,
    per_1k: 0.0,
};

impl FrameCounts {
    /// The number of frames (used or not).
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every frame's count, in the lexicon's order.
    pub fn iter(&self) -> impl Iterator<Item = &FrameCount> + '_ {
        (0..self.len).map(move |j| &self[j])
    }
}

impl From<Vec<FrameCount>> for FrameCounts {
    fn from(counts: Vec<FrameCount>) -> FrameCounts {
        FrameCounts {
            len: counts.len(),
            used: counts
                .into_iter()
                .enumerate()
                .filter(|(_, c)| *c != UNUSED)
                .collect(),
        }
    }
}

impl std::ops::Index<usize> for FrameCounts {
    type Output = FrameCount;

    fn index(&self, frame: usize) -> &FrameCount {
        assert!(frame < self.len, "frame {frame} of {}", self.len);
        self.used
            .binary_search_by_key(&frame, |(j, _)| *j)
            .map_or(&UNUSED, |at| &self.used[at].1)
    }
}

impl<'a> IntoIterator for &'a FrameCounts {
    type Item = &'a FrameCount;
    type IntoIter = Box<dyn Iterator<Item = &'a FrameCount> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl Serialize for FrameCounts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The features of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Features {
    pub tokens: usize,
    pub sentences: usize,
    /// One entry per frame, in the lexicon's order.
    pub frames: FrameCounts,
    pub matches: usize,
    /// Weighted loaded (non-descriptive) terms per 1000 tokens.
    pub intensity: f64,
    /// Sum of the positive and of the negative contributions, and the evidence mass.
    pub positive: f64,
    pub negative: f64,
    pub mass: f64,
    /// Matches in each voice, in [`Voice::ALL`] order.
    pub voices: [usize; 5],
    pub stance: Stance,
}

impl Features {
    /// Share of matches in `voice` (0 when there are no matches).
    pub fn voice_share(&self, voice: Voice) -> f64 {
        let i = Voice::ALL.iter().position(|v| *v == voice).unwrap_or(0);
        if self.matches == 0 {
            0.0
        } else {
            self.voices[i] as f64 / self.matches as f64
        }
    }
}

/// A document needs more words than this before it is judged on its sentences: a short
/// post or headline in one sentence is normal.
pub const LONG_SENTENCES_MIN_WORDS: usize = 200;

/// Words a sentence on average above which a document has lost its sentence punctuation
/// (scraped or OCR text run into one line): news sentences average 20 to 40 words.
pub const LONG_SENTENCES_WORDS_PER_SENTENCE: usize = 150;

impl Features {
    /// Why the stance of a long document with too few sentences for its words cannot be
    /// trusted, or `None`. Attribution works clause by clause and the interval is a
    /// bootstrap over sentences, so a 1,000-word "sentence" makes both meaningless
    /// (QA finding #7); the scores are kept as they are, with this warning.
    pub fn long_sentences_warning(&self) -> Option<String> {
        let (words, sentences) = (self.tokens, self.sentences.max(1));
        (words > LONG_SENTENCES_MIN_WORDS && words > LONG_SENTENCES_WORDS_PER_SENTENCE * sentences)
            .then(|| {
                format!(
                    "{words} words in {} sentence(s), more than {LONG_SENTENCES_WORDS_PER_SENTENCE} words a sentence on average: the text seems to have lost its sentence punctuation, so its stance and the stance's interval (a bootstrap over sentences) are unreliable",
                    self.sentences
                )
            })
    }
}

/// `weighted` matches per 1000 of `tokens` (0 for no tokens).
pub fn per_1k(weighted: f64, tokens: usize) -> f64 {
    if tokens == 0 {
        0.0
    } else {
        weighted * 1000.0 / tokens as f64
    }
}

/// Computes the features of one matched document.
pub fn features(lexicon: &Lexicon, params: &StanceParams, doc: &DocumentMatches) -> Features {
    let tokens = doc.tokens;
    let mut frames = vec![FrameCount::default(); lexicon.frames.len()];
    let mut loaded = 0.0;
    let mut voices = [0; 5];
    let mut evidence: Vec<(usize, SentenceEvidence)> = Vec::new();
    for m in &doc.matches {
        let weight = lexicon.terms[m.term].weight;
        frames[m.frame].matches += 1;
        frames[m.frame].weighted += weight;
        if lexicon.valence(m.term) != 0.0 {
            loaded += weight;
        }
        voices[Voice::ALL.iter().position(|v| *v == m.voice).unwrap_or(0)] += 1;
        match evidence.last_mut() {
            Some((s, e)) if *s == m.sentence => e.add(m.contribution, m.mass),
            _ => {
                let mut e = SentenceEvidence::default();
                e.add(m.contribution, m.mass);
                evidence.push((m.sentence, e));
            }
        }
    }
    for f in &mut frames {
        f.per_1k = per_1k(f.weighted, tokens);
    }
    let sentence_evidence: Vec<SentenceEvidence> = evidence.into_iter().map(|(_, e)| e).collect();
    let sentences = doc.sentences;
    Features {
        tokens,
        sentences,
        frames: frames.into(),
        matches: doc.matches.len(),
        intensity: per_1k(loaded, tokens),
        positive: sentence_evidence.iter().map(|e| e.positive).sum(),
        negative: sentence_evidence.iter().map(|e| e.negative).sum(),
        mass: sentence_evidence.iter().map(|e| e.mass).sum(),
        voices,
        stance: stance(params, &sentence_evidence),
    }
}
