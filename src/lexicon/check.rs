//! The checks of `mizan lexicon check` beyond what loading finds (issue 5). Loading
//! ([`super::load`]) already refuses what cannot be read; these find what loads but will
//! not do what its author meant:
//!
//! - [`lint`] looks at the lexicon alone: a wildcard of fewer than three letters (matches
//!   nearly anything) and a term that is also an actor's name. (A word of one letter, which
//!   can never match, is refused by loading.)
//! - [`term_usage`] meets the lexicon with a corpus: terms that never match, terms that only
//!   ever match inside a longer term (so never count), and wildcards that match more than
//!   a set share of the tokens, with the forms they matched.
//!
//! Everything here is a warning: a lexicon that loads can be used, and `mizan report`
//! refuses exactly what loading refuses. This module sits above matching (it runs the
//! matcher's pattern search), unlike the rest of `lexicon`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::iter::ParallelIterator;

use super::{Diagnostic, Lexicon, Location, Pattern, Term, WordPattern};
use crate::matching::{FormsCache, Hit, PatternSet};
use crate::text::tokenize;

/// Fewest letters before a `*` that keep a wildcard specific.
pub const MIN_WILDCARD_LETTERS: usize = 3;
/// How many of a broad wildcard's forms a warning names.
const FORMS_SHOWN: usize = 5;

/// The corpus-free checks: short wildcards and terms that are actor names. (A one-letter
/// word, which can never match, is already an error of [`Pattern::parse`].)
pub fn lint(lexicon: &Lexicon) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = lexicon.terms.iter().flat_map(word_problems).collect();
    found.extend(actor_collisions(lexicon));
    found
}

/// Short wildcards in a term, each at the column of its word.
fn word_problems(term: &Term) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (offset, raw) in words_with_offsets(&term.text) {
        let Ok(pattern) = Pattern::parse(raw) else {
            continue;
        };
        let at = Location {
            col: term.at.col + offset,
            ..term.at.clone()
        };
        for word in &pattern.words {
            found.extend(word_problem(raw, word, &at));
        }
    }
    found
}

fn word_problem(raw: &str, word: &WordPattern, at: &Location) -> Option<Diagnostic> {
    let WordPattern::Prefix(letters) = word else {
        return None;
    };
    let n = letters.chars().count();
    (n < MIN_WILDCARD_LETTERS).then(|| {
        Diagnostic::warning(
            at,
            format!(
                "the wildcard '{raw}' keeps only {n} letter(s) before *, so it matches every word that starts with '{letters}' after its proclitics; write at least {MIN_WILDCARD_LETTERS} letters of the stem (e.g. مرتزق*)"
            ),
        )
    })
}

/// The whitespace-separated words of a term with their 0-based character offsets.
fn words_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split(char::is_whitespace).filter_map(move |w| {
        let at = offset;
        offset += w.chars().count() + 1;
        (!w.is_empty()).then_some((at, w))
    })
}

/// Terms whose text is also an actor's name (either one matching the other whole), where
/// that changes what the term counts for. Many such terms are deliberate (الحكومة الشرعية
/// names the GNA and legitimises it; فاغنر is an actor and a frame's label), so:
///
/// - an exclusion (weight 0) counts nothing and is never reported;
/// - in a frame that follows actors (attach=actor) the term is always said of the actor it
///   names, whatever is nearby: reported as information on what attribution will do;
/// - in a frame with a fixed target (attach=target) the term counts for the target, which
///   matters only when the named actor is on the other side: reported as a likely mistake;
/// - either is acknowledged, and not reported, when the actor row's note names the term's
///   frame ("also a term in gna_legitimate").
fn actor_collisions(lexicon: &Lexicon) -> Vec<Diagnostic> {
    let terms = PatternSet::new(lexicon.terms.iter().map(|t| t.pattern.clone()));
    let names = PatternSet::new(lexicon.actor_names.iter().map(|n| n.pattern.clone()));
    let mut readings = FormsCache::default();
    let mut pairs = BTreeSet::new();
    for (n, name) in lexicon.actor_names.iter().enumerate() {
        for t in whole_matches(&terms, &name.text, &mut readings) {
            pairs.insert((t, n));
        }
    }
    for (t, term) in lexicon.terms.iter().enumerate() {
        let plain = term.text.replace(['*', '='], "");
        for n in whole_matches(&names, &plain, &mut readings) {
            pairs.insert((t, n));
        }
    }
    pairs.retain(|&(t, n)| !acknowledged(lexicon, t, n));
    let mut by_actor: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (t, n) in pairs {
        let actor = lexicon.actor_names[n].actor;
        by_actor.entry((t, actor)).or_default().push(n);
    }
    by_actor
        .into_iter()
        .filter_map(|((t, _), names)| collision(lexicon, t, &names))
        .collect()
}

/// The patterns of `set` that match all of `text`.
fn whole_matches(set: &PatternSet, text: &str, readings: &mut FormsCache) -> Vec<usize> {
    let tokens = tokenize(text);
    if tokens.is_empty() {
        return Vec::new();
    }
    let forms = readings.readings(&tokens);
    set.find_all(&tokens, &forms)
        .into_iter()
        .filter(|hit| hit.tokens == (0..tokens.len()))
        .map(|hit| hit.pattern)
        .collect()
}

/// The warning for term `t` matching `names` (all of one actor), when that changes what
/// the term counts for.
fn collision(lexicon: &Lexicon, t: usize, names: &[usize]) -> Option<Diagnostic> {
    let term = &lexicon.terms[t];
    let frame = &lexicon.frames[term.frame];
    let actor = &lexicon.actors[lexicon.actor_names[names[0]].actor];
    if term.weight == 0.0 {
        return None;
    }
    let effect = match frame.attach {
        super::Attach::Target if actor.side * frame.target.side() < 0.0 => format!(
            "the frame counts it for {} (attach=target), although it names '{}', who is on the other side ({})",
            frame.target.name(),
            actor.id,
            actor.side
        ),
        super::Attach::Target => return None,
        super::Attach::Actor if actor.side == 0.0 => format!(
            "'{}' is neutral (side 0), so attribution looks past it and the term follows the nearest actor on a side",
            actor.id
        ),
        super::Attach::Actor => format!(
            "wherever it appears it is said of '{}' (side {}), whatever other actor is near",
            actor.id, actor.side
        ),
    };
    let shown: Vec<String> = names
        .iter()
        .map(|&n| {
            let name = &lexicon.actor_names[n];
            format!("'{}' ({})", name.text, name.at)
        })
        .collect();
    let message = format!(
        "'{}' in frame '{}' matches the same words as the {} {} of actor '{}': {effect}. If that is intended, name the frame in the note of that actors.csv row (\"also a term in {}\"); otherwise remove one of the two",
        term.text,
        frame.id,
        if names.len() == 1 { "name" } else { "names" },
        shown.join(" and "),
        actor.id,
        frame.id
    );
    Some(Diagnostic::warning(&term.at, message))
}

/// True when the actors.csv row of name `n` names the frame of term `t` in its note
/// ("also a term in gna_legitimate"): the overlap is intended.
fn acknowledged(lexicon: &Lexicon, t: usize, n: usize) -> bool {
    let frame = &lexicon.frames[lexicon.terms[t].frame].id;
    lexicon.actor_names[n].note.contains(frame.as_str())
}

/// How the terms of a lexicon met a corpus.
#[derive(Debug, Clone, Default)]
pub struct TermUsage {
    terms: Vec<Usage>,
    pub documents: u64,
    pub tokens: u64,
}

/// One term's record.
#[derive(Debug, Clone, Default)]
struct Usage {
    /// Occurrences, overlapping ones included.
    hits: u64,
    /// Occurrences that survive "longest match wins".
    counted: u64,
    /// Tokens covered by its occurrences.
    tokens: u64,
    /// The lowest-numbered term that won over one of its occurrences.
    beaten_by: Option<usize>,
    /// The normalised text of its occurrences (wildcard terms only).
    forms: HashMap<String, u64>,
}

impl Usage {
    fn merge(&mut self, other: Usage) {
        self.hits += other.hits;
        self.counted += other.counted;
        self.tokens += other.tokens;
        self.beaten_by = match (self.beaten_by, other.beaten_by) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for (form, n) in other.forms {
            *self.forms.entry(form).or_default() += n;
        }
    }
}

/// Matches every text of `texts` (in parallel) against the lexicon's terms.
pub fn term_usage(lexicon: &Lexicon, texts: impl ParallelIterator<Item = String>) -> TermUsage {
    let set = PatternSet::new(lexicon.terms.iter().map(|t| t.pattern.clone()));
    let wildcard: Vec<bool> = lexicon.terms.iter().map(has_wildcard).collect();
    let empty = || TermUsage {
        terms: vec![Usage::default(); lexicon.terms.len()],
        ..TermUsage::default()
    };
    texts
        .fold(
            || (FormsCache::default(), empty()),
            |(mut readings, mut usage), text| {
                usage.add(&set, &wildcard, &text, &mut readings);
                (readings, usage)
            },
        )
        .map(|(_, usage)| usage)
        .reduce(empty, TermUsage::merge)
}

fn has_wildcard(term: &Term) -> bool {
    term.pattern
        .words
        .iter()
        .any(|w| matches!(w, WordPattern::Prefix(_)))
}

impl TermUsage {
    fn add(&mut self, set: &PatternSet, wildcard: &[bool], text: &str, readings: &mut FormsCache) {
        let tokens = tokenize(text);
        let forms = readings.readings(&tokens);
        let all = set.find_all(&tokens, &forms);
        let kept = set.find(&tokens, &forms);
        self.documents += 1;
        self.tokens += tokens.len() as u64;
        for hit in &all {
            let usage = &mut self.terms[hit.pattern];
            usage.hits += 1;
            usage.tokens += hit.tokens.len() as u64;
            if wildcard[hit.pattern] {
                let form: Vec<&str> = hit.tokens.clone().map(|i| tokens.norm(i)).collect();
                *usage.forms.entry(form.join(" ")).or_default() += 1;
            }
            match winner_over(hit, &kept) {
                None => usage.counted += 1,
                Some(w) => usage.beaten_by = Some(usage.beaten_by.map_or(w, |b| b.min(w))),
            }
        }
    }

    fn merge(mut self, other: TermUsage) -> TermUsage {
        for (mine, theirs) in self.terms.iter_mut().zip(other.terms) {
            mine.merge(theirs);
        }
        self.documents += other.documents;
        self.tokens += other.tokens;
        self
    }

    /// How many terms never matched the corpus.
    pub fn unmatched(&self) -> usize {
        self.terms.iter().filter(|u| u.hits == 0).count()
    }

    /// Warnings about terms that never match, never count, or (wildcards) match more than
    /// `max_share` (a fraction) of the tokens.
    pub fn diagnostics(&self, lexicon: &Lexicon, max_share: f64) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for (t, usage) in self.terms.iter().enumerate() {
            let term = &lexicon.terms[t];
            if usage.hits == 0 {
                found.push(self.never_matches(term));
            } else if usage.counted == 0 && term.weight > 0.0 {
                found.push(never_counts(lexicon, term, usage));
            }
            let share = usage.tokens as f64 / self.tokens.max(1) as f64;
            if has_wildcard(term) && share > max_share {
                found.push(too_broad(term, usage, share, max_share));
            }
        }
        found
    }

    fn never_matches(&self, term: &Term) -> Diagnostic {
        let hint = if has_wildcard(term) {
            "check its spelling"
        } else {
            "check its spelling and form, or end a word with * if it takes endings the matcher does not strip"
        };
        Diagnostic::warning(
            &term.at,
            format!(
                "'{}' never matches the corpus ({} documents, {} tokens); {hint}, or remove it if the corpus simply lacks it",
                term.text, self.documents, self.tokens
            ),
        )
    }
}

/// The kept hit that overlaps `hit` when `hit` itself was not kept.
fn winner_over(hit: &Hit, kept: &[Hit]) -> Option<usize> {
    if kept.contains(hit) {
        return None;
    }
    kept.iter()
        .find(|k| k.tokens.start < hit.tokens.end && hit.tokens.start < k.tokens.end)
        .map(|k| k.pattern)
}

fn never_counts(lexicon: &Lexicon, term: &Term, usage: &Usage) -> Diagnostic {
    let by = usage.beaten_by.map(|w| &lexicon.terms[w]);
    let winner = by.map_or_else(String::new, |w| {
        format!(
            " such as '{}' (frame '{}', {})",
            w.text, lexicon.frames[w.frame].id, w.at
        )
    });
    Diagnostic::warning(
        &term.at,
        format!(
            "'{}' matches {} time(s) in the corpus but always inside a longer term{winner}, which wins, so it never counts; remove it or keep it for other corpora",
            term.text, usage.hits
        ),
    )
}

fn too_broad(term: &Term, usage: &Usage, share: f64, max_share: f64) -> Diagnostic {
    let mut forms: Vec<(&String, &u64)> = usage.forms.iter().collect();
    forms.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let shown: Vec<String> = forms
        .iter()
        .take(FORMS_SHOWN)
        .map(|(form, n)| format!("{form} ({n})"))
        .collect();
    Diagnostic::warning(
        &term.at,
        format!(
            "the wildcard '{}' matches {} token(s), {:.2}% of the corpus, more than the {:.2}% allowed by --max-share; its most frequent forms are {} ({} distinct); lengthen the stem or list the forms you mean",
            term.text,
            usage.tokens,
            share * 100.0,
            max_share * 100.0,
            shown.join(", "),
            forms.len()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_columns_follow_the_term() {
        let words: Vec<_> = words_with_offsets("مرتزقة  ب سوري*").collect();
        assert_eq!(words, vec![(0, "مرتزقة"), (8, "ب"), (10, "سوري*")]);
    }

    #[test]
    fn short_wildcards_are_found() {
        let at = Location::default();
        let one = Pattern::parse("ب*").unwrap();
        assert!(word_problem("ب*", &one.words[0], &at).is_some());
        let short = Pattern::parse("مر*").unwrap();
        assert!(word_problem("مر*", &short.words[0], &at).is_some());
        let fine = Pattern::parse("مرت*").unwrap();
        assert!(word_problem("مرت*", &fine.words[0], &at).is_none());
        let two = Pattern::parse("مع").unwrap();
        assert!(word_problem("مع", &two.words[0], &at).is_none());
    }
}
