//! Stage 3b: lexicon matching with evidence. A [`Matcher`] compiles a [`Lexicon`]'s terms,
//! actor names and cue words, and turns a document's text into [`Match`]es: which term,
//! where (exact character offsets), in whose voice, said of which actor, and what it
//! contributes to the stance.

mod attribution;
mod patterns;
mod scan;
mod voice;
mod words;

use std::ops::Range;

use rustc_hash::FxHashMap;

pub use attribution::{Attribution, Mention};
pub use patterns::{Hit, PatternSet};
pub use voice::Voice;

use crate::lexicon::{Attach, Lexicon};
use crate::text::{tokenize, tokenize_into, Tokens, WordForms};
use scan::{LexiconWords, Set, TagCache, TaggedTokens};
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

/// Tokenises `text` and finds the hits of `set` in it (longest match wins): the search
/// behind `mizan kwic` and the matching tests.
pub fn find_in_text(set: &PatternSet, text: &str, cache: &mut FormsCache) -> (Tokens, Vec<Hit>) {
    let tokens = tokenize(text);
    let hits = set.find(&tokens, &cache.readings(&tokens));
    (tokens, hits)
}

/// A document's matches and actor mentions, with the sizes and sentence spans the later
/// stages need (the tokens themselves are dropped: they would cost more than the text).
#[derive(Debug, Clone, Default)]
pub struct DocumentMatches {
    /// Number of word tokens.
    pub tokens: usize,
    /// Number of sentences.
    pub sentences: usize,
    pub matches: Vec<Match>,
    pub mentions: Vec<Mention>,
}

/// A lexicon compiled for matching.
pub struct Matcher<'l> {
    lexicon: &'l Lexicon,
    terms: PatternSet,
    actors: PatternSet,
    cues: PatternSet,
    /// The three sets compiled together for [`Matcher::analyse`].
    words: LexiconWords,
}

/// Word readings computed once per distinct word form and reused across documents.
#[derive(Default)]
pub struct FormsCache {
    forms: FxHashMap<String, WordForms>,
    /// What each form is to the last [`Matcher`] that used the cache.
    tags: TagCache,
    /// The token lists of the last document analysed, whose buffers the next one reuses.
    spare_tokens: Tokens,
}

/// Distinct word forms kept before the cache starts afresh (bounds memory on huge corpora).
const CACHE_LIMIT: usize = 100_000;

impl FormsCache {
    /// The readings of every token, in order, computed once per distinct word form.
    pub fn readings<'c>(&'c mut self, tokens: &Tokens) -> Vec<&'c WordForms> {
        if self.forms.len() > CACHE_LIMIT {
            self.forms.clear();
        }
        for i in 0..tokens.len() {
            let word = tokens.norm(i);
            if !self.forms.contains_key(word) {
                self.forms.insert(word.to_string(), WordForms::of(word));
            }
        }
        (0..tokens.len())
            .map(|i| &self.forms[tokens.norm(i)])
            .collect()
    }
}

impl<'l> Matcher<'l> {
    pub fn new(lexicon: &'l Lexicon) -> Matcher<'l> {
        let terms = PatternSet::new(lexicon.terms.iter().map(|t| t.pattern.clone()));
        let names = lexicon.actor_names.iter().map(|n| &n.pattern);
        let actors = PatternSet::new(names.chain(&lexicon.not_names).cloned());
        let cues = PatternSet::new(lexicon.cues.iter().map(|c| c.pattern.clone()));
        Matcher {
            lexicon,
            words: LexiconWords::new([&terms, &actors, &cues]),
            terms,
            actors,
            cues,
        }
    }

    pub fn lexicon(&self) -> &'l Lexicon {
        self.lexicon
    }

    /// Tokenises `text` and finds its matches. Weight-0 terms (exclusions) are not kept.
    pub fn analyse(&self, text: &str, cache: &mut FormsCache) -> DocumentMatches {
        let tokens = tokenize_into(text, std::mem::take(&mut cache.spare_tokens));
        let matches = self.analyse_tokens(&tokens, cache);
        cache.spare_tokens = tokens;
        matches
    }

    fn analyse_tokens(&self, tokens: &Tokens, cache: &mut FormsCache) -> DocumentMatches {
        let tagged = self.tag(tokens, cache);
        let (cue_map, mentions) = self.context(tokens, &tagged);
        let term_hits = self.find(&self.terms, &tagged, Set::Terms, tokens.len());
        let mut matches: Vec<Match> = term_hits
            .into_iter()
            .filter(|hit| self.lexicon.terms[hit.pattern].weight > 0.0)
            .map(|hit| self.evaluate(tokens, &cue_map, &mentions, hit))
            .collect();
        self.inherit_actors(&mut matches);
        self.settle_protocol(tokens, &cue_map, &mentions, &mut matches);
        self.settle_lone_quotes(&mut matches);
        DocumentMatches {
            tokens: tokens.len(),
            sentences: tokens.sentence_count(),
            matches,
            mentions,
        }
    }

    /// The hits of any pattern set in `text` (for `mizan kwic`), each with its voice and
    /// whether it is negated, as the lexicon's cues decide them.
    pub fn find_with_voice(
        &self,
        set: &PatternSet,
        text: &str,
        cache: &mut FormsCache,
    ) -> (Tokens, Vec<(Hit, Voice, bool)>) {
        let tokens = tokenize(text);
        let hits = set.find(&tokens, &cache.readings(&tokens));
        let tagged = self.tag(&tokens, cache);
        let (cue_map, mentions) = self.context(&tokens, &tagged);
        let hits = hits
            .into_iter()
            .map(|hit| {
                let (voice, negated) = cue_map.voice_of(&tokens, hit.tokens.clone(), &mentions);
                (hit, voice, negated)
            })
            .collect();
        (tokens, hits)
    }

    fn tag<'c>(&'c self, tokens: &'c Tokens, cache: &'c mut FormsCache) -> TaggedTokens<'c, 'c> {
        let sets = [&self.terms, &self.actors, &self.cues];
        self.words.tag(sets, tokens, &mut cache.tags)
    }

    /// The longest hits of `set` (compiled in `self.words` as `which`).
    fn find(&self, set: &PatternSet, tagged: &TaggedTokens, which: Set, len: usize) -> Vec<Hit> {
        set.keep_longest(tagged.find_all(which), len)
    }

    /// Where the cues put their voices, and the actors named in the document (longest
    /// name winning).
    fn context(&self, tokens: &Tokens, tagged: &TaggedTokens) -> (CueMap, Vec<Mention>) {
        let names = &self.lexicon.actor_names;
        let mut mentions: Vec<Mention> = self
            .find(&self.actors, tagged, Set::Actors, tokens.len())
            .iter()
            .filter(|hit| hit.pattern < names.len())
            .map(|hit| Mention::from_hit(hit, |name| names[name].actor))
            .collect();
        attribution::resolve_aliases(tokens, &mut mentions, |a| self.lexicon.actors[a].side);
        let cue_hits = self.find(&self.cues, tagged, Set::Cues, tokens.len());
        let cue_map = CueMap::new(tokens, &self.lexicon.cues, &cue_hits, &mentions);
        (cue_map, mentions)
    }

    /// A term with no actor near it takes the actor of the nearest term in the same
    /// sentence that has one: in "the militias Turkey sent ... committed massacres", the
    /// massacres are the militias'. Only frames that follow actors take part.
    fn inherit_actors(&self, matches: &mut [Match]) {
        let lexicon = self.lexicon;
        // (sentence, token, actor), in text order: the nearest source is one of the two
        // beside a match's place, found by binary search rather than a scan of them all.
        let mut sources: Vec<(usize, usize, usize)> = matches
            .iter()
            .filter(|m| !matches!(m.attribution, Attribution::Against | Attribution::Shared))
            .filter(|m| lexicon.frames[m.frame].attach == Attach::Actor)
            .filter_map(|m| Some((m.sentence, m.tokens.start, m.actor?)))
            .collect();
        sources.sort_unstable();
        for m in matches
            .iter_mut()
            .filter(|m| m.attribution == Attribution::Default)
        {
            let at = sources.partition_point(|&(s, t, _)| (s, t) < (m.sentence, m.tokens.start));
            let beside = sources[at.saturating_sub(1)..sources.len().min(at + 1)].iter();
            // The one before wins a tie, as the earlier term.
            let nearest = beside
                .filter(|(s, _, _)| *s == m.sentence)
                .min_by_key(|(_, t, _)| t.abs_diff(m.tokens.start));
            if let Some(&(_, _, actor)) = nearest {
                m.actor = Some(actor);
                m.attribution = Attribution::Inherited;
                m.side = lexicon.actors[actor].side;
                m.weigh(lexicon);
            }
        }
    }

    /// The owner of a name over exactly `span` that the document gives another owner than
    /// its own ([`attribution::resolve_aliases`]).
    fn aliased(&self, mentions: &[Mention], span: &Range<usize>) -> Option<(usize, Attribution)> {
        let at = mentions.partition_point(|m| m.tokens.start < span.start);
        mentions
            .get(at)
            .filter(|m| m.tokens == *span)
            .filter(|m| m.actor != self.lexicon.actor_names[m.name].actor)
            .map(|m| (m.actor, Attribution::Phrase))
    }

    /// A legitimising label or courtesy title (positive valence) of the opposing camp in a
    /// sentence with a meeting cue is protocol when Turkey's camp is a party to it: named
    /// in that sentence, or in the sentence before when the cue refers back with a pronoun
    /// (رست السفينة التركية في بنغازي. وكان في استقبالها المشير حفتر), and not only inside
    /// a hostile label (صد الغزو التركي). It is Turkey's diplomacy, not hostility to its
    /// role, and counts for neither side.
    fn settle_protocol(
        &self,
        tokens: &Tokens,
        cues: &CueMap,
        mentions: &[Mention],
        matches: &mut [Match],
    ) {
        if !cues.has_meetings() {
            return;
        }
        let lexicon = self.lexicon;
        let hostile: Vec<Range<usize>> = matches
            .iter()
            .filter(|m| lexicon.valence(m.term) < 0.0)
            .map(|m| m.tokens.clone())
            .collect();
        let party = |m: &Mention, from: usize, to: usize| {
            let at = tokens.tokens[m.tokens.start].sentence;
            (from..=to).contains(&at)
                && lexicon.actors[m.actor].side > 0.0
                && !hostile
                    .iter()
                    .any(|h| h.start <= m.tokens.start && m.tokens.end <= h.end)
        };
        for m in matches.iter_mut() {
            let Some(from) = cues.meeting_parties_from(m.sentence) else {
                continue;
            };
            if m.side < 0.0
                && lexicon.valence(m.term) > 0.0
                && mentions.iter().any(|a| party(a, from, m.sentence))
            {
                m.attribution = Attribution::Protocol;
                m.side = 0.0;
                m.weigh(lexicon);
            }
        }
    }

    /// A loaded term alone in quotation marks is read as scare quotes (inverted) when it
    /// goes against the article's own line, and as emphasis (counted as quoted) when it
    /// goes with it: 000 writes "فوضى" to stress the chaos, but "قوات مساعدة" to mock the
    /// other side's label. With no clear authorial line, the quotes count as scare quotes.
    fn settle_lone_quotes(&self, matches: &mut [Match]) {
        let lexicon = self.lexicon;
        let line: f64 = matches
            .iter()
            .filter(|m| m.voice == Voice::Authorial)
            .map(|m| m.contribution)
            .sum();
        if line.abs() < AUTHORIAL_LINE {
            return;
        }
        for m in matches.iter_mut().filter(|m| m.voice == Voice::Scare) {
            let as_said = lexicon.valence(m.term) * m.side;
            if as_said * line > 0.0 {
                m.voice = Voice::Quoted;
                m.weigh(lexicon);
            }
        }
    }

    /// Voice, actor and contribution of one term hit.
    fn evaluate(&self, tokens: &Tokens, cues: &CueMap, mentions: &[Mention], hit: Hit) -> Match {
        let lexicon = self.lexicon;
        let term = &lexicon.terms[hit.pattern];
        let frame = &lexicon.frames[term.frame];
        let (voice, negated) = cues.voice_of(tokens, hit.tokens.clone(), mentions);
        let side_of = |a: usize| lexicon.actors[a].side;
        let found = match frame.attach {
            Attach::Actor => attribution::attribute(tokens, &hit.tokens, mentions, side_of, cues),
            // A fixed target's label follows an actor of another side when it is a name the
            // document gives that actor, or stands right beside it: مجرم الحرب أردوغان is no
            // word on Haftar. (Names inside the term are part of what the lexicon means by
            // it: التحالف التركي الروسي.)
            Attach::Target => self
                .aliased(mentions, &hit.tokens)
                .or_else(|| attribution::named_beside(tokens, &hit.tokens, mentions))
                .filter(|&(actor, _)| side_of(actor) != frame.target.side()),
        };
        let (actor, attribution, side) = match found {
            Some((actor, Attribution::Against)) => (
                Some(actor),
                Attribution::Against,
                -lexicon.actors[actor].side,
            ),
            Some((actor, Attribution::Shared)) => (Some(actor), Attribution::Shared, 0.0),
            Some((actor, how)) => (Some(actor), how, lexicon.actors[actor].side),
            None if frame.attach == Attach::Target => {
                (None, Attribution::Fixed, frame.target.side())
            }
            None => (None, Attribution::Default, frame.target.side()),
        };
        let first = &tokens.tokens[hit.tokens.start];
        let last = &tokens.tokens[hit.tokens.end - 1];
        let mut m = Match {
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
            contribution: 0.0,
            mass: 0.0,
        };
        m.weigh(lexicon);
        m
    }
}

/// Authorial contribution beyond which an article has a line of its own (see
/// `settle_lone_quotes`).
const AUTHORIAL_LINE: f64 = 2.0;

impl Match {
    /// The actor the match is said of as a reader would put it ("haftar"), the one it
    /// stands against ("against gna") or shares it with an actor of the other side
    /// ("russia with the other side"), or that it is protocol ("protocol of a meeting");
    /// `None` when it follows its frame's target.
    pub fn said_of(&self, lexicon: &Lexicon) -> Option<String> {
        if self.attribution == Attribution::Protocol {
            let actor = self.actor.map(|a| format!("{}, ", lexicon.actors[a].id));
            return Some(format!(
                "{}protocol of a meeting",
                actor.unwrap_or_default()
            ));
        }
        let id = &lexicon.actors[self.actor?].id;
        Some(match self.attribution {
            Attribution::Against => format!("against {id}"),
            Attribution::Shared => format!("{id} with the other side"),
            _ => id.clone(),
        })
    }

    /// Sets the contribution and the evidence mass from the term, side, voice and negation.
    fn weigh(&mut self, lexicon: &Lexicon) {
        let weight = lexicon.terms[self.term].weight;
        let negation = if self.negated {
            lexicon.voices.negated
        } else {
            1.0
        };
        let voice = self.voice.weight(&lexicon.voices);
        self.contribution = lexicon.valence(self.term) * self.side * weight * voice * negation;
        self.mass = weight * voice.abs() * negation.abs();
    }
}
