//! In whose voice a match is said (issue 3): the author's own, inside quotation marks, in
//! reported speech, under a distancing word (زعم، ما يسمى، بذريعة), or in scare quotes; and
//! whether a negation stands just before it.
//!
//! Cue words come from `cues.csv`, each with a scope (the sentence, N tokens after, the
//! clause after a following أن ...). A cue inside the match itself does not count for it.

use std::ops::Range;

use serde::Serialize;

use super::attribution::Mention;
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
        let mut uncovered: [Option<Uncovered>; 3] = Default::default();
        for hit in hits {
            let cue = &cues[hit.pattern];
            let (slot, uncovered) = match cue.kind {
                CueKind::Reported => (&mut map.reported, &mut uncovered[0]),
                CueKind::Distanced => (&mut map.distanced, &mut uncovered[1]),
                CueKind::Negation => (&mut map.negated, &mut uncovered[2]),
                CueKind::Against => {
                    map.against.push(hit.tokens.start);
                    continue;
                }
                CueKind::Ignore => continue,
            };
            let covered = scope_tokens(tokens, cue.scope, hit.tokens.clone());
            uncovered.get_or_insert_with(|| Uncovered::new(n)).fill(
                slot,
                covered,
                hit.tokens.start,
            );
        }
        map
    }

    /// True when an "against" cue stands between two disjoint token ranges: the actor on
    /// one side of تتصدى / في مواجهة is not what the label on the other side describes.
    pub fn opposed(&self, a: &Range<usize>, b: &Range<usize>) -> bool {
        let between = a.end.min(b.end)..a.start.max(b.start);
        // The cues are in text order.
        let first_after_start = self.against.partition_point(|&p| p < between.start);
        self.against
            .get(first_after_start)
            .is_some_and(|p| between.contains(p))
    }

    /// The voice of a match over `span`, and whether it is negated, with the actors
    /// `mentions` (in text order): quotation marks around a one-word name alone
    /// (مرتزقة "فاغنر") mark the name, not the author's distance from the label; around a
    /// title of several words or a part of one (الحكومة "الشرعية"، "الجيش الوطني الليبي")
    /// they question the title.
    pub fn voice_of(
        &self,
        tokens: &Tokens,
        span: Range<usize>,
        mentions: &[Mention],
    ) -> (Voice, bool) {
        let outside = |slot: &[Option<usize>]| {
            span.clone()
                .any(|t| slot[t].is_some_and(|cue| !span.contains(&cue)))
        };
        let negated = outside(&self.negated);
        let quote = quotation_of(tokens, span.clone()).filter(|q| !is_one_word_name(q, mentions));
        // Quotation marks around the term alone are scare quotes, unless a reporting verb
        // before it covers it: in وصفت الصحيفة التدخل بأنه "غزو" they mark the newspaper's
        // word. (Each token keeps the first cue that covers it.)
        let reported_before = || {
            span.clone()
                .any(|t| self.reported[t].is_some_and(|cue| cue < span.start))
        };
        let voice = match quote {
            Some(quote)
                if quote.start >= span.start && quote.end <= span.end && !reported_before() =>
            {
                Voice::Scare
            }
            _ if outside(&self.distanced) => Voice::Distanced,
            Some(_) => Voice::Quoted,
            None if outside(&self.reported) => Voice::Reported,
            None => Voice::Authorial,
        };
        (voice, negated)
    }
}

/// The tokens a kind of cue has not covered yet, for [`CueMap::new`]: the first cue whose
/// scope covers a token is the one it keeps, and a scope over a sentence that is already
/// covered costs nothing, so that many cues in one long sentence are not quadratic in
/// its length. A disjoint-set forest: `next[t]` leads to the first uncovered token at or
/// after `t`.
struct Uncovered {
    next: Vec<usize>,
}

impl Uncovered {
    fn new(tokens: usize) -> Uncovered {
        Uncovered {
            next: (0..=tokens).collect(),
        }
    }

    /// Sets `slot[t]` to `cue` for the tokens of `range` not covered yet, and covers them.
    fn fill(&mut self, slot: &mut [Option<usize>], range: Range<usize>, cue: usize) {
        let mut t = self.first_from(range.start);
        while t < range.end {
            slot[t] = Some(cue);
            self.next[t] = t + 1;
            t = self.first_from(t + 1);
        }
    }

    /// The first uncovered token at or after `t` (the token count when there is none).
    fn first_from(&mut self, mut t: usize) -> usize {
        while self.next[t] != t {
            // Path halving: every other step is skipped from now on.
            self.next[t] = self.next[self.next[t]];
            t = self.next[t];
        }
        t
    }
}

/// Whether the quotation over `quote` holds exactly one actor's name of one word.
fn is_one_word_name(quote: &Range<usize>, mentions: &[Mention]) -> bool {
    let at = mentions.partition_point(|m| m.tokens.start < quote.start);
    quote.len() == 1 && mentions.get(at).is_some_and(|m| m.tokens == *quote)
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

/// The token range of the sentence that holds token `t` (sentence numbers only grow).
fn sentence_range(tokens: &Tokens, t: usize) -> Range<usize> {
    let sentence = tokens.tokens[t].sentence;
    let start = tokens.tokens[..t].partition_point(|x| x.sentence < sentence);
    let end = t + tokens.tokens[t..].partition_point(|x| x.sentence == sentence);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_token_keeps_the_first_scope_that_covers_it() {
        let scopes = [(3, 7), (0, 5), (6, 12), (0, 12), (10, 11), (2, 2), (11, 12)];
        let mut fast = vec![None; 12];
        let mut uncovered = Uncovered::new(12);
        let mut plain = vec![None; 12];
        for (cue, (start, end)) in scopes.into_iter().enumerate() {
            uncovered.fill(&mut fast, start..end, cue);
            for token in &mut plain[start..end] {
                token.get_or_insert(cue);
            }
        }
        assert_eq!(fast, plain);
        assert_eq!(fast[0], Some(1));
        assert_eq!(fast[7], Some(2));
    }
}
