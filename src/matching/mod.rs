//! Stage 3b: lexicon matching with evidence. A [`Matcher`] compiles a [`Lexicon`]'s terms,
//! actor names and cue words, and turns a document's text into [`Match`]es: which term,
//! where (exact character offsets), in whose voice, said of which actor, and what it
//! contributes to the stance.

mod attribution;
mod patterns;
mod voice;

use std::collections::HashMap;
use std::ops::Range;

pub use attribution::{Attribution, Mention};
pub use patterns::{Hit, PatternSet};
pub use voice::Voice;

use crate::lexicon::{Attach, Lexicon};
use crate::text::{tokenize, Tokens, WordForms};
use voice::CueMap;

/// One counted occurrence of a lexicon term.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// Index into the lexicon's terms.
    pub term: usize,
    /// Index into the lexicon's frames.
    pub frame: usize,
    pub tokens: Range<usize>,
    /// Character offsets into the decoded text: the surface is `text[start..end]`.
    pub start: usize,
    pub end: usize,
    /// Sentence number, from 0.
    pub sentence: usize,
    pub voice: Voice,
    pub negated: bool,
    /// The actor the term is said of (index into the lexicon's actors), if one was found.
    pub actor: Option<usize>,
    pub attribution: Attribution,
    /// The side the term was counted for: the actor's, or the frame's default target's.
    pub side: f64,
    /// valence x side x weight x voice weight (x the negation weight when negated).
    pub contribution: f64,
    /// How much evidence the match is: weight x |voice weight| (x negation weight).
    pub mass: f64,
}

/// A document's tokens, matches and actor mentions.
#[derive(Debug, Clone, Default)]
pub struct DocumentMatches {
    pub tokens: Tokens,
    pub matches: Vec<Match>,
    pub mentions: Vec<Mention>,
}

/// A lexicon compiled for matching.
pub struct Matcher<'l> {
    lexicon: &'l Lexicon,
    terms: PatternSet,
    actors: PatternSet,
    cues: PatternSet,
}

/// Word readings computed once per distinct word form and reused across documents.
#[derive(Default)]
pub struct FormsCache {
    forms: HashMap<String, WordForms>,
}

/// Distinct word forms kept before the cache starts afresh (bounds memory on huge corpora).
const CACHE_LIMIT: usize = 400_000;

impl FormsCache {
    fn readings<'c>(&'c mut self, tokens: &Tokens) -> Vec<&'c WordForms> {
        if self.forms.len() > CACHE_LIMIT {
            self.forms.clear();
        }
        for i in 0..tokens.len() {
            let word = tokens.norm(i);
            if !self.forms.contains_key(word) {
                self.forms.insert(word.to_string(), WordForms::of(word));
            }
        }
        (0..tokens.len()).map(|i| &self.forms[tokens.norm(i)]).collect()
    }
}

impl<'l> Matcher<'l> {
    pub fn new(lexicon: &'l Lexicon) -> Matcher<'l> {
        Matcher {
            lexicon,
            terms: PatternSet::new(lexicon.terms.iter().map(|t| t.pattern.clone())),
            actors: PatternSet::new(lexicon.actor_names.iter().map(|n| n.pattern.clone())),
            cues: PatternSet::new(lexicon.cues.iter().map(|c| c.pattern.clone())),
        }
    }

    pub fn lexicon(&self) -> &'l Lexicon {
        self.lexicon
    }

    /// Tokenises `text` and finds its matches. Weight-0 terms (exclusions) are not kept.
    pub fn analyse(&self, text: &str, cache: &mut FormsCache) -> DocumentMatches {
        let tokens = tokenize(text);
        let forms = cache.readings(&tokens);
        let cue_map = CueMap::new(&tokens, &self.lexicon.cues, &self.cues.find(&tokens, &forms));
        let mentions: Vec<Mention> = self
            .actors
            .find(&tokens, &forms)
            .iter()
            .map(|hit| Mention::from_hit(hit, |name| self.lexicon.actor_names[name].actor))
            .collect();
        let matches = self
            .terms
            .find(&tokens, &forms)
            .into_iter()
            .filter(|hit| self.lexicon.terms[hit.pattern].weight > 0.0)
            .map(|hit| self.evaluate(&tokens, &cue_map, &mentions, hit))
            .collect();
        DocumentMatches { tokens, matches, mentions }
    }

    /// Finds the hits of arbitrary patterns (for `kwic`) in a document's tokens.
    pub fn find_patterns(&self, set: &PatternSet, text: &str, cache: &mut FormsCache) -> (Tokens, Vec<Hit>) {
        let tokens = tokenize(text);
        let hits = set.find(&tokens, &cache.readings(&tokens));
        (tokens, hits)
    }

    /// Voice, actor and contribution of one term hit.
    fn evaluate(&self, tokens: &Tokens, cues: &CueMap, mentions: &[Mention], hit: Hit) -> Match {
        let lexicon = self.lexicon;
        let term = &lexicon.terms[hit.pattern];
        let frame = &lexicon.frames[term.frame];
        let (voice, negated) = cues.voice_of(tokens, hit.tokens.clone());
        let found = match frame.attach {
            Attach::Actor => {
                attribution::attribute(tokens, &hit.tokens, mentions, |a| lexicon.actors[a].side != 0.0)
            }
            Attach::Target => None,
        };
        let (actor, attribution, side) = match found {
            Some((actor, how)) => (Some(actor), how, lexicon.actors[actor].side),
            None if frame.attach == Attach::Target => (None, Attribution::Fixed, frame.target.side()),
            None => (None, Attribution::Default, frame.target.side()),
        };
        let negation = if negated { lexicon.voices.negated } else { 1.0 };
        let voice_weight = voice.weight(&lexicon.voices);
        let first = &tokens.tokens[hit.tokens.start];
        let last = &tokens.tokens[hit.tokens.end - 1];
        Match {
            term: hit.pattern,
            frame: term.frame,
            start: first.start,
            end: last.end,
            sentence: first.sentence,
            tokens: hit.tokens,
            voice,
            negated,
            actor,
            attribution,
            side,
            contribution: lexicon.valence(hit.pattern) * side * term.weight * voice_weight * negation,
            mass: term.weight * voice_weight.abs() * negation.abs(),
        }
    }
}
