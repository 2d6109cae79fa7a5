//! The one result every exporter reads: the scored documents, the corpus-level analysis,
//! the lexicon and the run's inputs, with the small derived views (evidence per term,
//! keyword in context, what defines a cluster) that several outputs share.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use serde::Serialize;

use crate::analysis::{Analysis, Grouping, Validation};
use crate::features::StanceParams;
use crate::fingerprint::fnv1a;
use crate::lexicon::Lexicon;
use crate::matching::Match;

use super::documents::Documents;
use super::settings::Settings;

/// Documents a report describes one by one before it shows a selection.
pub const DETAIL_LIMIT: usize = 40;

/// Everything a report shows.
pub struct Report {
    pub lexicon: Lexicon,
    pub documents: Documents,
    pub analysis: Analysis,
    /// The documents grouped by a metadata column (`--group-by`, outlet by default).
    pub grouping: Option<Grouping>,
    /// The comparison with a hand coding, when `--gold` was given.
    pub validation: Option<Validation>,
    /// Warnings about the corpus and the lexicons, as sentences.
    pub warnings: Vec<String>,
    pub run: RunInfo,
    /// Whether document ids are still unique when cut at their first `_` (computed once).
    pub heads_unique: OnceLock<bool>,
}

/// What is needed to reproduce a run (`run.json`).
#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    pub tool: &'static str,
    pub version: &'static str,
    pub command: Vec<String>,
    pub corpus: String,
    pub corpus_files: Vec<(PathBuf, String)>,
    pub lexicons: PathBuf,
    pub lexicon_files: Vec<(PathBuf, String)>,
    pub stance: StanceParams,
    pub seed: u64,
    /// The lexicon's settings besides its terms, so that the next run can name an edit
    /// that moved every score (a frame's polarity, a voice's weight).
    pub settings: Settings,
    /// The hand coding compared with, and its SHA-256.
    pub gold: Option<(PathBuf, String)>,
    /// False when the report was built from feature rows: no text, no matches (and
    /// `mizan diff` cannot name the terms behind a move).
    pub has_text: bool,
}

/// How one term is used in one document: the evidence behind its share of the score.
#[derive(Debug, Clone, PartialEq)]
pub struct TermUse<'r> {
    pub term: usize,
    pub matches: Vec<&'r Match>,
    pub contribution: f64,
}

/// A match shown in context: text before, the match, text after (original text, on one
/// line, with a space at the match only where the text has one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kwic {
    pub left: String,
    pub surface: String,
    pub right: String,
}

impl Kwic {
    /// The context with the match in square brackets: «» and "" are the text's own
    /// quotation marks, and a reader must not take the match for a quotation.
    pub fn marked(&self) -> String {
        format!("{}[{}]{}", self.left, self.surface, self.right)
    }
}

impl Report {
    /// The cluster of document `i`, when clustering ran.
    pub fn cluster_of(&self, i: usize) -> Option<usize> {
        self.analysis
            .clustering
            .as_ref()
            .ok()
            .map(|c| c.labels.get(i))
    }

    /// A short name for document `i` on charts and tables: its id, or the part before the
    /// first `_` when that is still unique across the corpus.
    pub fn short_name(&self, i: usize) -> String {
        let unique = *self.heads_unique.get_or_init(|| {
            // The documents' places sorted by head, not the heads copied: 4 bytes a
            // document rather than a string each (issue 6).
            let head_of = |i: u32| head(self.documents.get(i as usize).id());
            let mut places: Vec<u32> = (0..self.documents.len())
                .map(|i| u32::try_from(i).expect("fewer than 2^32 documents"))
                .collect();
            places.sort_unstable_by(|&a, &b| head_of(a).cmp(head_of(b)));
            places.windows(2).all(|w| head_of(w[0]) != head_of(w[1]))
        });
        let id = self.documents.get(i).id();
        truncate(if unique { head(id) } else { id }, 24)
    }

    /// The documents the report describes one by one, those its store keeps whole: all of
    /// them up to [`DETAIL_LIMIT`], else the most hostile and the most sympathetic halves
    /// of that many (every document stays in documents.csv and `mizan explain`).
    pub fn detailed_documents(&self) -> Vec<usize> {
        self.documents.whole()
    }

    /// The `n` terms that weigh most in document `i`'s score, with their contributions,
    /// in [`Report::term_uses`]' order; for any document, kept whole or not (an error is
    /// one reading its matches back).
    pub fn strongest_terms(&self, i: usize, n: usize) -> io::Result<Vec<(usize, f64)>> {
        let mut weights: Vec<Weight> = self
            .term_totals(&[i])?
            .into_iter()
            .map(|(term, (contribution, matches))| Weight {
                contribution,
                matches,
                term,
            })
            .collect();
        weights.sort_by(Weight::strongest_first);
        Ok(weights
            .into_iter()
            .take(n)
            .map(|w| (w.term, w.contribution))
            .collect())
    }

    /// Each term's summed contribution and matches over some documents, by term; an error
    /// is one reading the matches back from their temporary file.
    pub fn term_totals(&self, members: &[usize]) -> io::Result<BTreeMap<usize, (f64, usize)>> {
        let mut by_term: BTreeMap<usize, (f64, usize)> = BTreeMap::new();
        for &i in members {
            for m in self.documents.get(i).marks()? {
                let entry = by_term.entry(m.term()).or_default();
                entry.0 += m.contribution;
                entry.1 += 1;
            }
        }
        Ok(by_term)
    }

    /// The terms document `i` uses, strongest absolute contribution first, then by count
    /// (none unless the report keeps the document's matches: see
    /// [`Report::detailed_documents`]).
    pub fn term_uses(&self, i: usize) -> Vec<TermUse<'_>> {
        let mut by_term: BTreeMap<usize, TermUse> = BTreeMap::new();
        for m in self.matches_of(i) {
            let entry = by_term.entry(m.term).or_insert(TermUse {
                term: m.term,
                matches: Vec::new(),
                contribution: 0.0,
            });
            entry.matches.push(m);
            entry.contribution += m.contribution;
        }
        let mut uses: Vec<TermUse> = by_term.into_values().collect();
        uses.sort_by(|a, b| a.weight().strongest_first(&b.weight()));
        uses
    }

    /// The matches of document `i`, when the report keeps them.
    pub fn matches_of(&self, i: usize) -> &[Match] {
        self.documents
            .get(i)
            .full()
            .map_or(&[], |d| d.matched.matches.as_slice())
    }

    /// The text of document `i`, when the report keeps it ("" otherwise).
    pub fn text_of(&self, i: usize) -> &str {
        self.documents
            .get(i)
            .full()
            .map_or("", |d| d.document.text.as_str())
    }

    /// A match of document `i` with `width` characters of context on each side.
    pub fn kwic(&self, i: usize, m: &Match, width: usize) -> Kwic {
        kwic(self.text_of(i), m.start..m.end, width)
    }

    /// The frames that set cluster `c` apart: the largest standardised centre values.
    pub fn cluster_signature(&self, c: usize, n: usize) -> Vec<(usize, f64)> {
        let Ok(clustering) = &self.analysis.clustering else {
            return Vec::new();
        };
        let mut frames: Vec<(usize, f64)> = clustering.centroids[c]
            .iter()
            .copied()
            .enumerate()
            .collect();
        frames.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        frames.truncate(n);
        frames
    }

    /// The hand-coded stance of document `i`, when there is one.
    pub fn gold_of(&self, i: usize) -> Option<f64> {
        let v = self.validation.as_ref()?;
        v.pairs.iter().find(|(j, _)| *j == i).map(|(_, g)| *g)
    }

    /// The documents of cluster `c`, in order (not collected: the clusters table only
    /// counts most of them).
    pub fn cluster_members(&self, c: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.documents.len()).filter(move |&i| self.cluster_of(i) == Some(c))
    }
}

/// How much a term weighs in one document.
struct Weight {
    contribution: f64,
    matches: usize,
    term: usize,
}

impl Weight {
    /// Strongest absolute contribution first, then most matches, then lexicon order.
    fn strongest_first(&self, other: &Weight) -> Ordering {
        other
            .contribution
            .abs()
            .total_cmp(&self.contribution.abs())
            .then(other.matches.cmp(&self.matches))
            .then(self.term.cmp(&other.term))
    }
}

impl TermUse<'_> {
    fn weight(&self) -> Weight {
        Weight {
            contribution: self.contribution,
            matches: self.matches.len(),
            term: self.term,
        }
    }
}

/// The documents that may still be among [`Report::detailed_documents`] while a corpus
/// streams by: the most hostile and the most sympathetic halves of [`DETAIL_LIMIT`] so
/// far, by stance then id (the report's order, as its documents are sorted by id). Every
/// other document's text can be dropped as soon as it is scored.
#[derive(Debug, Default)]
pub struct Shortlist {
    hostile: BTreeSet<Candidate>,
    sympathetic: BTreeSet<Candidate>,
}

#[derive(Debug, Clone, PartialEq)]
struct Candidate {
    stance: f64,
    id: String,
    /// Where the document is in the caller's list.
    slot: usize,
}

impl Eq for Candidate {}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.stance
            .total_cmp(&other.stance)
            .then_with(|| self.id.cmp(&other.id))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Shortlist {
    /// Offers the document at `slot`; returns the slots (it, or one offered before)
    /// that can no longer be described one by one.
    pub fn offer(&mut self, stance: f64, id: &str, slot: usize) -> Vec<usize> {
        let half = DETAIL_LIMIT / 2;
        let candidate = Candidate {
            stance,
            id: id.to_string(),
            slot,
        };
        self.hostile.insert(candidate.clone());
        self.sympathetic.insert(candidate);
        let mut out = Vec::new();
        if self.hostile.len() > half {
            out.extend(self.hostile.pop_last());
        }
        if self.sympathetic.len() > half {
            out.extend(self.sympathetic.pop_first());
        }
        out.dedup();
        out.into_iter()
            .filter(|c| !self.hostile.contains(c) && !self.sympathetic.contains(c))
            .map(|c| c.slot)
            .collect()
    }
}

/// Characters `range` of `text` (offsets in characters), clamped to the text.
pub fn char_slice(text: &str, range: Range<usize>) -> &str {
    CharIndex::new(text).slice(range)
}

/// The keyword-in-context view of `span` in `text`, on one line.
pub fn kwic(text: &str, span: Range<usize>, width: usize) -> Kwic {
    CharIndex::new(text).kwic(span, width)
}

/// Characters between two sampled byte positions of a [`CharIndex`].
const STRIDE: usize = 64;

/// The byte position of every 64th character of a text, so that cutting character
/// ranges (every match of a long article) costs at most 64 steps, not a scan from the
/// start.
pub struct CharIndex<'t> {
    text: &'t str,
    samples: Vec<usize>,
}

impl<'t> CharIndex<'t> {
    pub fn new(text: &'t str) -> CharIndex<'t> {
        let samples = text
            .char_indices()
            .step_by(STRIDE)
            .map(|(b, _)| b)
            .collect();
        CharIndex { text, samples }
    }

    /// The byte position of character `c` (the text's length past its end).
    fn byte(&self, c: usize) -> usize {
        let Some(&from) = self.samples.get(c / STRIDE) else {
            return self.text.len();
        };
        self.text[from..]
            .char_indices()
            .nth(c % STRIDE)
            .map_or(self.text.len(), |(b, _)| from + b)
    }

    /// Characters `range`, clamped to the text.
    pub fn slice(&self, range: Range<usize>) -> &'t str {
        let start = self.byte(range.start);
        let end = self.byte(range.end.max(range.start)).max(start);
        &self.text[start..end]
    }

    /// The keyword-in-context view of `span`, on one line.
    pub fn kwic(&self, span: Range<usize>, width: usize) -> Kwic {
        Kwic {
            left: one_line(self.slice(span.start.saturating_sub(width)..span.start)),
            surface: self.slice(span.clone()).to_string(),
            right: one_line(self.slice(span.end..span.end + width)),
        }
    }
}

/// `s` on one line: every run of white space becomes one space, at its ends too.
fn one_line(s: &str) -> String {
    let mut line = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            line.push(' ');
            space = false;
        }
        line.push(c);
    }
    if space {
        line.push(' ');
    }
    line
}

/// The part of a document id before its first `_`.
fn head(id: &str) -> &str {
    id.split('_').next().unwrap_or(id)
}

/// At most `max` characters of `s`, with an ellipsis when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A file name for a document id that cannot escape its folder: letters and digits of
/// any script (an Arabic id stays readable), `-`, `_` and `.` are kept, the rest become
/// `_`; when anything changed, a hash of the id is appended so that two ids never share
/// a file.
pub fn safe_file_stem(id: &str) -> String {
    let mut stem: String = id
        .chars()
        .take(80)
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.starts_with('.') || stem.is_empty() {
        stem.insert(0, '_');
    }
    if stem != id {
        stem = format!("{stem}-{:08x}", fnv1a(id) as u32);
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::{kwic, safe_file_stem};

    #[test]
    fn context_keeps_a_space_at_the_match_only_where_the_text_has_one() {
        let text = "جاء   المرتزقة،\nوالغزو";
        let k = kwic(text, 6..14, 10);
        assert_eq!(k.marked(), "جاء [المرتزقة]، والغزو");
    }

    #[test]
    fn file_stems_keep_arabic_letters_and_never_leave_the_folder() {
        assert_eq!(safe_file_stem("مقال-١٢"), "مقال-١٢");
        assert_eq!(safe_file_stem("aljazeera_2020"), "aljazeera_2020");
        for id in ["../x", "a/b", "الجزيرة/١", ".hidden", "", "سطر\u{200f}"] {
            let stem = safe_file_stem(id);
            assert!(!stem.contains(['/', '\\', '\u{200f}']), "{stem}");
            assert!(!stem.starts_with('.') && stem != id, "{id} gave {stem}");
        }
        assert_ne!(safe_file_stem("a/b"), safe_file_stem("a_b"));
    }
}
