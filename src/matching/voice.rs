//! In whose voice a match is said (issue 3): the author's own, inside quotation marks, in
//! reported speech, under a distancing word (زعم، ما يسمى، بذريعة), or in scare quotes; and
//! whether a negation stands just before it.
//!
//! Cue words come from `cues.csv`, each with a scope (the sentence, N tokens after, the
//! clause after a following أن ...). A cue inside the match itself does not count for it.

use std::ops::Range;

use serde::Serialize;

use super::patterns::Hit;
use crate::lexicon::{Cue, CueKind, Scope, VoiceWeights};
use crate::text::Tokens;

/// The voice of a match, from the author's own to inverted by scare quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Voice {
    Authorial,
    Quoted,
    Reported,
    Distanced,
    Scare,
}

impl Voice {
    pub const ALL: [Voice; 5] = [
        Voice::Authorial,
        Voice::Reported,
        Voice::Quoted,
        Voice::Distanced,
        Voice::Scare,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Voice::Authorial => "authorial",
            Voice::Quoted => "quoted",
            Voice::Reported => "reported",
            Voice::Distanced => "distanced",
            Voice::Scare => "scare",
        }
    }

    pub fn parse(name: &str) -> Option<Voice> {
        Voice::ALL.into_iter().find(|v| v.name() == name)
    }

    /// The weight `voices.csv` gives this voice.
    pub fn weight(self, weights: &VoiceWeights) -> f64 {
        match self {
            Voice::Authorial => weights.authorial,
            Voice::Quoted => weights.quoted,
            Voice::Reported => weights.reported,
            Voice::Distanced => weights.distanced,
            Voice::Scare => weights.scare,
        }
    }
}

/// Words that open the clause a distancing verb governs (أن، إن، بأن and pronoun forms).
const COMPLEMENTISERS: &[&str] = &[
    "ان",
    "بان",
    "وان",
    "فان",
    "انه",
    "انها",
    "انهم",
    "بانه",
    "بانها",
    "بانهم",
    "وانه",
    "وانها",
];

/// How far after a distancing verb its complementiser may stand, in tokens.
const COMPLEMENTISER_REACH: usize = 8;

/// For each token, the position of the nearest cue of each kind whose scope covers it;
/// and where the "against" cues stand.
pub struct CueMap {
    reported: Vec<Option<usize>>,
    distanced: Vec<Option<usize>>,
    negated: Vec<Option<usize>>,
    against: Vec<usize>,
}

impl CueMap {
    /// Spreads the cue hits over the tokens their scopes cover.
    pub fn new(tokens: &Tokens, cues: &[Cue], hits: &[Hit]) -> CueMap {
        let n = tokens.len();
        let mut map = CueMap {
            reported: vec![None; n],
            distanced: vec![None; n],
            negated: vec![None; n],
            against: Vec::new(),
        };
        for hit in hits {
            let cue = &cues[hit.pattern];
            let covered = scope_tokens(tokens, cue.scope, hit.tokens.clone());
            let slot = match cue.kind {
                CueKind::Reported => &mut map.reported,
                CueKind::Distanced => &mut map.distanced,
                CueKind::Negation => &mut map.negated,
                CueKind::Against => {
                    map.against.push(hit.tokens.start);
                    continue;
                }
                CueKind::Ignore => continue,
            };
            for t in covered {
                slot[t].get_or_insert(hit.tokens.start);
            }
        }
        map
    }

    /// True when an "against" cue stands between two disjoint token ranges: the actor on
    /// one side of تتصدى / في مواجهة is not what the label on the other side describes.
    pub fn opposed(&self, a: &Range<usize>, b: &Range<usize>) -> bool {
        let between = a.end.min(b.end)..a.start.max(b.start);
        self.against.iter().any(|p| between.contains(p))
    }

    /// The voice of a match over `span`, and whether it is negated. `names[t]` is true
    /// for tokens of actor names: quotation marks around a name alone ("فاغنر") mark the
    /// name, not the author's distance from the label.
    pub fn voice_of(&self, tokens: &Tokens, span: Range<usize>, names: &[bool]) -> (Voice, bool) {
        let outside = |slot: &[Option<usize>]| {
            span.clone()
                .any(|t| slot[t].is_some_and(|cue| !span.contains(&cue)))
        };
        let negated = outside(&self.negated);
        let quote = quotation_of(tokens, span.clone()).filter(|q| !q.clone().all(|t| names[t]));
        let voice = match quote {
            Some(quote) if quote.start >= span.start && quote.end <= span.end => Voice::Scare,
            _ if outside(&self.distanced) => Voice::Distanced,
            Some(_) => Voice::Quoted,
            None if outside(&self.reported) => Voice::Reported,
            None => Voice::Authorial,
        };
        (voice, negated)
    }
}

/// The token range of the quotation that holds part of `span`, if any.
fn quotation_of(tokens: &Tokens, span: Range<usize>) -> Option<Range<usize>> {
    span.into_iter()
        .find_map(|t| tokens.tokens[t].quote)
        .map(|q| tokens.quotes[q].clone())
}

/// The tokens a cue standing at `cue` covers under `scope`, within its sentence.
fn scope_tokens(tokens: &Tokens, scope: Scope, cue: Range<usize>) -> Range<usize> {
    let sentence = sentence_range(tokens, cue.start);
    let clamp = |r: Range<usize>| r.start.max(sentence.start)..r.end.min(sentence.end);
    match scope {
        Scope::Sentence => sentence,
        Scope::After(n) => clamp(cue.end..cue.end + n),
        Scope::Before(n) => clamp(cue.start.saturating_sub(n)..cue.start),
        Scope::BeforeSentence => sentence.start..cue.start,
        Scope::AfterThat => {
            let reach = clamp(cue.end..cue.end + COMPLEMENTISER_REACH);
            match reach
                .clone()
                .find(|&t| COMPLEMENTISERS.contains(&tokens.norm(t)))
            {
                Some(that) => that + 1..sentence.end,
                None => cue.end..cue.end,
            }
        }
    }
}

/// The token range of the sentence that holds token `t`.
fn sentence_range(tokens: &Tokens, t: usize) -> Range<usize> {
    let sentence = tokens.tokens[t].sentence;
    let start = tokens.tokens[..t]
        .iter()
        .rposition(|x| x.sentence != sentence)
        .map_or(0, |p| p + 1);
    let end = tokens.tokens[t..]
        .iter()
        .position(|x| x.sentence != sentence)
        .map_or(tokens.len(), |p| t + p);
    start..end
}
