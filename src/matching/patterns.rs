//! A compiled set of term patterns and the search for them in a tokenised document.
//!
//! Each pattern is indexed by its first word (by stem, exact form or wildcard prefix), so a
//! text word costs a few hash lookups whatever the size of the lexicon; the remaining
//! words of a phrase are checked against the following tokens of the same clause. Where
//! hits overlap, the longest wins (DESIGN.md), so a weight-0 phrase can exclude its words.

use std::cmp::Reverse;
use std::ops::Range;

use super::words::WordIndex;
use crate::lexicon::Pattern;
use crate::text::{Tokens, WordForms};

/// One occurrence of a pattern: which pattern, over which tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub pattern: usize,
    pub tokens: Range<usize>,
}

/// Patterns compiled for search.
#[derive(Debug, Clone, Default)]
pub struct PatternSet {
    patterns: Vec<Pattern>,
    /// Every pattern under its first word.
    first_words: WordIndex,
    /// Each pattern's [`Pattern::specificity`], which ranks overlapping hits.
    specificity: Vec<usize>,
}

impl PatternSet {
    pub fn new(patterns: impl IntoIterator<Item = Pattern>) -> PatternSet {
        let mut set = PatternSet::default();
        for (index, pattern) in patterns.into_iter().enumerate() {
            let first = &pattern.words[0];
            set.first_words.insert(first, index);
            set.specificity.push(pattern.specificity());
            set.patterns.push(pattern);
        }
        set
    }

    pub fn pattern(&self, index: usize) -> &Pattern {
        &self.patterns[index]
    }

    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Every hit in the document, overlapping ones included. `forms[i]` are the readings
    /// of token `i`.
    pub fn find_all(&self, tokens: &Tokens, forms: &[&WordForms]) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut starts = Vec::new();
        for (i, word) in forms.iter().enumerate() {
            starts.clear();
            self.patterns_starting_with(word, &mut starts);
            for &p in &starts {
                let len = self.patterns[p].words.len();
                if self.rest_matches(p, tokens, forms, i) {
                    hits.push(Hit {
                        pattern: p,
                        tokens: i..i + len,
                    });
                }
            }
        }
        hits
    }

    /// The hits that survive "longest match wins": no two share a token.
    pub fn find(&self, tokens: &Tokens, forms: &[&WordForms]) -> Vec<Hit> {
        self.keep_longest(self.find_all(tokens, forms), tokens.len())
    }

    /// Of overlapping `hits` (of this set, over `token_count` tokens), the longest, then
    /// the most specific, then the first; in text order.
    pub fn keep_longest(&self, mut hits: Vec<Hit>, token_count: usize) -> Vec<Hit> {
        // (start, pattern) tells any two hits apart, so the order is total.
        hits.sort_unstable_by_key(|hit| {
            (
                Reverse(hit.tokens.len()),
                Reverse(self.specificity[hit.pattern]),
                hit.tokens.start,
                hit.pattern,
            )
        });
        let mut taken = vec![false; token_count];
        let mut kept: Vec<Hit> = Vec::new();
        for hit in hits {
            if taken[hit.tokens.clone()].iter().any(|t| *t) {
                continue;
            }
            taken[hit.tokens.clone()].iter_mut().for_each(|t| *t = true);
            kept.push(hit);
        }
        kept.sort_by_key(|h| (h.tokens.start, h.pattern));
        kept
    }

    /// Patterns whose first word matches `word`, without duplicates.
    fn patterns_starting_with(&self, word: &WordForms, out: &mut Vec<usize>) {
        if !self.may_start(word) {
            return;
        }
        self.first_words.matching(word, out);
        out.sort_unstable();
        out.dedup();
    }

    /// False when no bare form of `word` begins like a first word of the set: it cannot
    /// start a pattern, which is most words.
    pub fn may_start(&self, word: &WordForms) -> bool {
        word.bare.iter().any(|b| self.first_words.may_open(b))
    }

    /// True when the words after the first match the tokens after `start`, in one clause.
    fn rest_matches(
        &self,
        pattern: usize,
        tokens: &Tokens,
        forms: &[&WordForms],
        start: usize,
    ) -> bool {
        let words = &self.patterns[pattern].words;
        let end = start + words.len();
        if end > tokens.len() {
            return false;
        }
        let clause = tokens.tokens[start].clause;
        words[1..]
            .iter()
            .zip(start + 1..end)
            .all(|(word, t)| tokens.tokens[t].clause == clause && word.matches(forms[t]))
    }
}
