//! Keyness: the words and two-word phrases that set one group of documents apart from the
//! rest, for `mizan lexicon suggest` (issue 5). The lexicon editor's question is "what do
//! these articles say that my lexicons miss?", so tokens that a lexicon pattern already
//! covers (terms, actor names, cues) and function words are left out before counting.
//!
//! Two passes over the texts: the first counts the vocabulary, which picks each word's
//! canonical form (below); the second counts canonical words and phrases in the target
//! group and in the rest. Each candidate is then ranked by log-likelihood G2, with Pearson's
//! chi2 and the raw counts alongside so that a reader can judge thin evidence.
//!
//! A canonical form is one of the word's readings without proclitics ([`WordForms::bare`]):
//! the one shared by most tokens of the corpus; on a tie, one without the article, then the
//! longer. So المرتزقة،
//! والمرتزقة، للمرتزقة count together as مرتزقه, while فشل stays فشل instead of the
//! mis-split ف+شل. Any bare reading matches the text word as a lexicon term (bare forms are
//! stems), so the suggested term matches what was counted.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::matching::{FormsCache, PatternSet};
use crate::text::{is_only_article, normalize, tokenize, Tokens, WordForms};

/// Log-likelihood G2 and Pearson's chi2 of one candidate.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Keyness {
    pub g2: f64,
    pub chi2: f64,
}

/// G2 and chi2 (no Yates correction) of the 2x2 table "`a` of `size_a` target tokens
/// against `b` of `size_b` other tokens" (Dunning 1993; Rayson & Garside 2000). With one
/// degree of freedom, 3.84, 6.63 and 10.83 are the 5%, 1% and 0.1% critical values.
pub fn keyness(a: u64, b: u64, size_a: u64, size_b: u64) -> Keyness {
    let (size_a, size_b) = (size_a.max(a) as f64, size_b.max(b) as f64);
    let (a, b) = (a as f64, b as f64);
    let n = size_a + size_b;
    if n == 0.0 {
        return Keyness::default();
    }
    let cells = [
        (a, size_a * (a + b) / n),
        (size_a - a, size_a * (n - a - b) / n),
        (b, size_b * (a + b) / n),
        (size_b - b, size_b * (n - a - b) / n),
    ];
    let mut k = Keyness::default();
    for (observed, expected) in cells {
        if expected > 0.0 {
            if observed > 0.0 {
                k.g2 += 2.0 * observed * (observed / expected).ln();
            }
            k.chi2 += (observed - expected).powi(2) / expected;
        }
    }
    k
}

/// True when `word` (normalised) is an Arabic function word from `stopwords.txt`.
pub fn is_stop_word(word: &str) -> bool {
    static WORDS: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            include_str!("stopwords.txt")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(normalize)
                .collect()
        })
        .contains(word)
}

/// Checked parameters of a keyness run.
#[derive(Debug, Clone, Copy)]
pub struct KeynessParams {
    min_count: u64,
    top: usize,
}

impl KeynessParams {
    /// `min_count` >= 1 occurrences in the target group; `top` >= 1 candidates kept.
    pub fn new(min_count: u64, top: usize) -> Result<KeynessParams, String> {
        if min_count == 0 || top == 0 {
            return Err(format!(
                "--min-count and --top must be at least 1, found {min_count} and {top}"
            ));
        }
        Ok(KeynessParams { min_count, top })
    }
}

/// One suggested word or phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Normalised canonical words, separated by a space.
    pub term: String,
    pub words: usize,
    /// Occurrences in the target group and in the rest.
    pub target: u64,
    pub rest: u64,
    /// Documents it occurs in, in the target group and in the rest.
    pub target_docs: u32,
    pub rest_docs: u32,
    pub keyness: Keyness,
    /// Its first occurrence in the target group: document index and character span.
    pub example: (usize, Range<usize>),
}

/// The ranked candidates and the sizes they were measured against.
#[derive(Debug, Clone, Default)]
pub struct KeynessResult {
    pub candidates: Vec<Candidate>,
    /// Tokens of the target group and of the rest.
    pub target_tokens: u64,
    pub rest_tokens: u64,
}

/// Ranks the words and two-word phrases over-represented in the documents where
/// `in_target` is true, ignoring tokens that `covered` matches (the lexicons' patterns).
pub fn suggest(
    texts: &[&str],
    in_target: &[bool],
    covered: &PatternSet,
    params: KeynessParams,
) -> KeynessResult {
    let vocabulary = tally(texts, in_target, covered, |scan, _, _| {
        scan.unigrams()
            .map(|word| (word.to_string(), None))
            .collect()
    });
    let canonical = canonical_forms(&vocabulary.counts);
    let counted = tally(texts, in_target, covered, |scan, doc, target| {
        scan.ngrams(&canonical)
            .into_iter()
            .map(|(key, span)| (key, target.then_some((doc, span))))
            .collect()
    });
    rank(counted, params)
}

/// A key found in a document, with its span when the document is in the target group.
type Found = (String, Option<(usize, Range<usize>)>);

/// Counts of the keys found in the documents, per group.
#[derive(Debug, Default)]
struct Tally {
    counts: HashMap<String, Counts>,
    /// Tokens in the target group and in the rest.
    tokens: [u64; 2],
}

#[derive(Debug, Clone, Default)]
struct Counts {
    /// Occurrences in the target group (0) and in the rest (1).
    n: [u64; 2],
    docs: [u32; 2],
    /// Earliest occurrence in the target group: document and character span.
    first: Option<(usize, Range<usize>)>,
}

impl Counts {
    fn merge(&mut self, other: Counts) {
        for g in 0..2 {
            self.n[g] += other.n[g];
            self.docs[g] += other.docs[g];
        }
        self.first = earliest(self.first.take(), other.first);
    }
}

/// The earlier of two occurrences (by document, then position): deterministic whatever
/// order the parallel workers finish in.
fn earliest(
    a: Option<(usize, Range<usize>)>,
    b: Option<(usize, Range<usize>)>,
) -> Option<(usize, Range<usize>)> {
    match (a, b) {
        (Some(a), Some(b)) if (b.0, b.1.start) < (a.0, a.1.start) => Some(b),
        (a, b) => a.or(b),
    }
}

impl Tally {
    fn merge(mut self, mut other: Tally) -> Tally {
        if self.counts.len() < other.counts.len() {
            std::mem::swap(&mut self, &mut other);
        }
        for (key, counts) in other.counts {
            self.counts.entry(key).or_default().merge(counts);
        }
        self.tokens[0] += other.tokens[0];
        self.tokens[1] += other.tokens[1];
        self
    }

    /// Adds one document's keys: each occurrence counts, and the document once per key.
    fn add_document(&mut self, group: usize, found: Vec<Found>) {
        let mut local: HashMap<String, Counts> = HashMap::new();
        for (key, first) in found {
            let c = local.entry(key).or_default();
            c.n[group] += 1;
            c.docs[group] = 1;
            c.first = earliest(c.first.take(), first);
        }
        for (key, counts) in local {
            self.counts.entry(key).or_default().merge(counts);
        }
    }
}

/// Scans every document in parallel and tallies what `find` yields for each (called with
/// the scan, the document index and whether it is in the target group).
fn tally<F>(texts: &[&str], in_target: &[bool], covered: &PatternSet, find: F) -> Tally
where
    F: Fn(&Scan, usize, bool) -> Vec<Found> + Sync,
{
    texts
        .par_iter()
        .enumerate()
        .fold(
            || (FormsCache::default(), Tally::default()),
            |(mut readings, mut tally), (doc, text)| {
                let target = in_target.get(doc).copied().unwrap_or(false);
                let scan = Scan::new(text, covered, &mut readings);
                let group = usize::from(!target);
                tally.tokens[group] += scan.tokens.len() as u64;
                tally.add_document(group, find(&scan, doc, target));
                (readings, tally)
            },
        )
        .map(|(_, tally)| tally)
        .reduce(Tally::default, Tally::merge)
}

/// One document's tokens, with which of them may be part of a candidate.
struct Scan {
    tokens: Tokens,
    eligible: Vec<bool>,
}

impl Scan {
    fn new(text: &str, covered: &PatternSet, readings: &mut FormsCache) -> Scan {
        let tokens = tokenize(text);
        let forms = readings.readings(&tokens);
        let mut eligible: Vec<bool> = forms.iter().map(|f| is_content_word(f)).collect();
        for hit in covered.find_all(&tokens, &forms) {
            eligible[hit.tokens].iter_mut().for_each(|e| *e = false);
        }
        Scan { tokens, eligible }
    }

    /// The normalised forms of the eligible tokens.
    fn unigrams(&self) -> impl Iterator<Item = &str> {
        (0..self.tokens.len())
            .filter(|&i| self.eligible[i])
            .map(|i| self.tokens.norm(i))
    }

    /// Canonical words and adjacent pairs within a clause, with their character spans.
    fn ngrams(&self, canonical: &HashMap<String, String>) -> Vec<(String, Range<usize>)> {
        let canon = |i: usize| {
            let norm = self.tokens.norm(i);
            canonical.get(norm).map_or(norm, String::as_str)
        };
        let t = &self.tokens.tokens;
        let mut out = Vec::new();
        for i in (0..t.len()).filter(|&i| self.eligible[i]) {
            out.push((canon(i).to_string(), t[i].start..t[i].end));
            let next = i + 1;
            if next < t.len() && self.eligible[next] && t[next].clause == t[i].clause {
                out.push((
                    format!("{} {}", canon(i), canon(next)),
                    t[i].start..t[next].end,
                ));
            }
        }
        out
    }
}

/// A word worth suggesting: Arabic, two letters or more, and no reading of it (with or
/// without proclitics) a function word or the article alone (no term can be).
fn is_content_word(forms: &WordForms) -> bool {
    let Some(word) = forms.bare.first() else {
        return false;
    };
    word.chars().any(is_arabic_letter)
        && !forms
            .bare
            .iter()
            .any(|b| is_stop_word(b) || is_only_article(b))
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{0671}'..='\u{06D3}')
}

/// Picks each vocabulary word's canonical form: its bare reading shared by the most
/// tokens; on a tie, one without the article (a lexicon term drops it anyway), then the
/// longer (see the module notes).
fn canonical_forms(vocabulary: &HashMap<String, Counts>) -> HashMap<String, String> {
    let readings: Vec<(&String, u64, Vec<String>)> = vocabulary
        .iter()
        .map(|(word, c)| (word, c.n[0] + c.n[1], WordForms::of(word).bare))
        .collect();
    let mut support: HashMap<&str, u64> = HashMap::new();
    for (_, n, bare) in &readings {
        for b in bare {
            *support.entry(b.as_str()).or_default() += n;
        }
    }
    readings
        .iter()
        .map(|(word, _, bare)| {
            let best = bare
                .iter()
                .max_by_key(|b| {
                    let article = b.starts_with("ال");
                    (
                        support[b.as_str()],
                        !article,
                        b.chars().count(),
                        Reverse(*b),
                    )
                })
                .map_or_else(|| (*word).clone(), Clone::clone);
            ((*word).clone(), best)
        })
        .collect()
}

/// Keeps the keys over-represented in the target group with enough occurrences, ranked by
/// G2 (then count, then the term, for a stable order).
fn rank(tally: Tally, params: KeynessParams) -> KeynessResult {
    let [size_a, size_b] = tally.tokens;
    let mut candidates: Vec<Candidate> = tally
        .counts
        .into_iter()
        .filter(|(_, c)| c.n[0] >= params.min_count)
        .filter(|(_, c)| c.n[0] as f64 * size_b as f64 > c.n[1] as f64 * size_a as f64)
        .filter_map(|(term, c)| {
            let example = c.first?;
            Some(Candidate {
                words: term.split(' ').count(),
                keyness: keyness(c.n[0], c.n[1], size_a, size_b),
                target: c.n[0],
                rest: c.n[1],
                target_docs: c.docs[0],
                rest_docs: c.docs[1],
                example,
                term,
            })
        })
        .collect();
    candidates.sort_by(|a, b| {
        b.keyness
            .g2
            .total_cmp(&a.keyness.g2)
            .then(b.target.cmp(&a.target))
            .then_with(|| a.term.cmp(&b.term))
    });
    candidates.truncate(params.top);
    KeynessResult {
        candidates,
        target_tokens: size_a,
        rest_tokens: size_b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Pattern;

    #[test]
    fn g2_and_chi2_match_a_worked_example() {
        // 10 of 1000 tokens against 10 of 10000 (expected 1.82 and 18.18): the four-cell
        // G2 is 22.21 (the two-cell corpus-linguistics shortcut gives 22.14), chi2 40.57.
        let k = keyness(10, 10, 1000, 10000);
        assert!((k.g2 - 22.21).abs() < 0.01, "{k:?}");
        assert!((k.chi2 - 40.57).abs() < 0.01, "{k:?}");
        assert_eq!(keyness(0, 0, 0, 0), Keyness::default());
        assert!(keyness(5, 50, 100, 1000).g2.abs() < 1e-9);
    }

    #[test]
    fn stop_words_are_found_in_any_spelling() {
        assert!(is_stop_word(&normalize("إلى")));
        assert!(is_stop_word("الي"));
        assert!(!is_stop_word("مرتزقه"));
    }

    fn run(texts: &[&str], target: &[bool], covered: &[&str]) -> Vec<Candidate> {
        let set = PatternSet::new(covered.iter().map(|t| Pattern::parse(t).unwrap()));
        let params = KeynessParams::new(2, 50).unwrap();
        suggest(texts, target, &set, params).candidates
    }

    #[test]
    fn clitic_forms_count_as_one_canonical_word() {
        let texts = [
            "المرتزقة والمرتزقة بالمرتزقة في طرابلس",
            "الحكومة في طرابلس",
            "الحكومة في طرابلس",
        ];
        let found = run(&texts, &[true, false, false], &[]);
        let top = &found[0];
        assert_eq!(top.term, "مرتزقه");
        assert_eq!((top.target, top.rest, top.target_docs), (3, 0, 1));
        assert_eq!(top.example, (0, 0..8));
        assert!(found.iter().all(|c| !c.term.split(' ').any(|w| w == "في")));
    }

    #[test]
    fn what_the_lexicons_cover_is_left_out() {
        let texts = ["الغزو التركي الغزو التركي الأطماع", "كلام عادي"];
        let found = run(&texts, &[true, false], &["الغزو التركي"]);
        assert!(found.iter().all(|c| !c.term.contains("غزو")), "{found:?}");
        let found = run(&texts, &[true, false], &[]);
        assert!(found.iter().any(|c| c.term == "غزو تركي"), "{found:?}");
    }

    #[test]
    fn a_misleading_clitic_split_is_not_chosen() {
        // ف+شل is a reading of فشل, but الفشل supports فشل only.
        let texts = ["فشل الفشل بالفشل", "نص آخر"];
        let found = run(&texts, &[true, false], &[]);
        assert_eq!(found[0].term, "فشل");
    }
}
