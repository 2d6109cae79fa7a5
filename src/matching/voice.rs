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
use crate::lexicon::{Cue, CueKind, Pattern, Scope, VoiceWeights};
use crate::text::{has_article, has_preposition_bi, Tokens};

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

/// Words of fighting alongside or for, not against (normalised): مع، إلى جانب، جنبا إلى
/// جنب، برفقة، لصالح، في صفوف.
const ALONGSIDE: &[&str] = &[
    "مع",
    "ومع",
    "جانب",
    "بجانب",
    "جنب",
    "جنبا",
    "برفقه",
    "لصالح",
    "صفوف",
    "بصفوف",
];

/// The [`ALONGSIDE`] words that mean "against" after a clash (مواجهات مع).
const WITH: &[&str] = &["مع", "ومع"];

/// How far after a distancing verb its complementiser may stand, in tokens.
const COMPLEMENTISER_REACH: usize = 8;

/// How far into a claim (the clause after زعم … أن) a contrast is looked for, in tokens.
const CLAIM_REACH: usize = 40;

/// Whether a contrast opens at token `t` (لكن، بينما، في حين، and opening a clause غير أن،
/// إلا أن، بيد أن): what follows is the author's answer to a claim, not part of it. Inside
/// a clause إلا أن is "but to" (لا يريد إلا أن يحرر).
fn opens_contrast(tokens: &Tokens, t: usize) -> bool {
    let next = || (t + 1 < tokens.len()).then(|| tokens.norm(t + 1));
    let opens_clause = || t > 0 && tokens.tokens[t - 1].clause != tokens.tokens[t].clause;
    match tokens.norm(t) {
        "لكن" | "ولكن" | "بينما" | "وبينما" => true,
        "في" => next() == Some("حين"),
        "غير" | "الا" | "بيد" => next() == Some("ان") && opens_clause(),
        _ => false,
    }
}

/// Words at which a sentence turns (normalised): what follows بل، إلا، سوى، لكن، إنما is
/// not under a cue before them (ليس غزوا بل احتلالا، لا يوجد إلا مرتزقة).
const TURNS: &[&str] = &["بل", "الا", "سوي", "لكن", "ولكن", "انما", "وانما"];

/// Prepositions (normalised): a negated predicate ends before one, as its object is taken
/// as given (لم تعلق أنقرة على الغزو).
const PREPOSITIONS: &[&str] = &["في", "علي", "عن", "الي", "من", "مع", "ضد", "حول", "نحو"];

/// Whether the sentence turns at token `t`.
fn turns(tokens: &Tokens, t: usize) -> bool {
    TURNS.contains(&tokens.norm(t))
}

/// The [`TURNS`] that make an exception ("nothing but").
const EXCEPTIVES: &[&str] = &["الا", "سوي"];

/// Nouns a denial (نفى) denies with what follows them: the existence, dispatch, transfer,
/// recruitment or part of someone (نفى … وجود مرتزقة، نفت … إرسال قوات).
const DENIED_NOUNS: &[&str] = &[
    "وجود",
    "ارسال",
    "نقل",
    "تجنيد",
    "استقدام",
    "مشاركه",
    "تمويل",
    "تسليح",
    "دعم",
];

/// Nouns a rejection (رفض، لا يمكن) rejects with their charge (normalised, without the
/// article): the accusations, claims, description, naming or classing of someone (رفضت
/// أنقرة الاتهامات بإرسال مرتزقة، رفض وصف الوجود التركي بالاحتلال).
const REJECTED_NOUNS: &[&str] = &[
    "اتهامات",
    "اتهام",
    "تهم",
    "مزاعم",
    "ادعاءات",
    "وصف",
    "تسميه",
    "تصنيف",
];

/// How far after an accusation noun its charge may begin (اتهامات دولية لأنقرة بنقل …), in
/// words; a complementiser may stand up to [`COMPLEMENTISER_REACH`] away.
const CHARGE_OPENS: usize = 4;

/// How many words, besides its N, a negated predicate may pass over.
const PREDICATE_PASSED_OVER: usize = 4;

/// For each token, the position of the nearest cue of each kind whose scope covers it;
/// and where the "against" cues stand.
pub struct CueMap {
    reported: Vec<Option<usize>>,
    distanced: Vec<Option<usize>>,
    negated: Vec<Option<usize>>,
    against: Vec<Range<usize>>,
    /// The sentences with a meeting cue, in order, each with the first sentence that may
    /// name its parties (the one before when the cue refers back: في استقبالها).
    meetings: Vec<(usize, usize)>,
    /// The reported and distanced cues, in text order.
    speech: Vec<Range<usize>>,
}

impl CueMap {
    /// Spreads the cue hits over the tokens their scopes cover; `mentions` (in text
    /// order) are the actors named, which a negated predicate passes over.
    pub fn new(tokens: &Tokens, cues: &[Cue], hits: &[Hit], mentions: &[Mention]) -> CueMap {
        let n = tokens.len();
        let mut map = CueMap {
            reported: vec![None; n],
            distanced: vec![None; n],
            negated: vec![None; n],
            against: Vec::new(),
            meetings: Vec::new(),
            speech: Vec::new(),
        };
        let mut uncovered: [Option<Uncovered>; 3] = Default::default();
        let speaks = |hit: &Hit| {
            matches!(
                cues[hit.pattern].kind,
                CueKind::Reported | CueKind::Distanced | CueKind::Negation | CueKind::Condemnation
            )
        };
        // Where each cue that speaks stands, in text order: a charge ends at the next one
        // (مزاعم النظام التركي بسعيه للحلول … وتؤكد …).
        let speech_starts: Vec<usize> = hits
            .iter()
            .filter(|h| speaks(h))
            .map(|h| h.tokens.start)
            .collect();
        for (k, hit) in hits.iter().enumerate() {
            let cue = &cues[hit.pattern];
            if matches!(
                cue.kind,
                CueKind::Reported | CueKind::Distanced | CueKind::Condemnation
            ) {
                map.speech.push(hit.tokens.clone());
            }
            let (slot, uncovered) = match cue.kind {
                CueKind::Reported => (&mut map.reported, &mut uncovered[0]),
                CueKind::Condemnation => {
                    map.against.push(hit.tokens.clone());
                    (&mut map.reported, &mut uncovered[0])
                }
                CueKind::Distanced => (&mut map.distanced, &mut uncovered[1]),
                CueKind::Negation if tokens.has_shadda(hit.tokens.start) => continue,
                CueKind::Negation => (&mut map.negated, &mut uncovered[2]),
                CueKind::Against => {
                    map.against.push(hit.tokens.clone());
                    continue;
                }
                CueKind::Meeting => {
                    let sentence = tokens.tokens[hit.tokens.start].sentence;
                    let back = refers_back(tokens.norm(hit.tokens.start), &cue.pattern);
                    map.meetings
                        .push((sentence, sentence.saturating_sub(usize::from(back))));
                    continue;
                }
                CueKind::Ignore => continue,
            };
            // A complementiser after the next verb of saying is that verb's (نفى الجيش
            // الاتهامات، وأكد أن …).
            let that_reach = hit.tokens.end..hit.tokens.end + COMPLEMENTISER_REACH;
            let next_speaker = hits[k + 1..]
                .iter()
                .take_while(|h| h.tokens.start < that_reach.end)
                .find(|h| speaks(h))
                .map_or(that_reach.end, |h| h.tokens.start);
            let uncovered = uncovered.get_or_insert_with(|| Uncovered::new(n));
            let place = CuePlace {
                cue: hit.tokens.clone(),
                that_reach: that_reach.start..next_speaker,
                joined: joined_by_conjunction(tokens.norm(hit.tokens.start), &cue.pattern),
                speech_starts: &speech_starts,
            };
            for_each_scope_range(tokens, mentions, cue.scope, place, |range| {
                uncovered.fill(slot, range, hit.tokens.start)
            });
        }
        map
    }

    /// True when an "against" cue sets an actor's name (`actor`) and a label apart: it
    /// stands between them (the actor on one side of تتصدى / في مواجهة is not what the
    /// label on the other side describes), or, as the verb of a verb-subject-object
    /// sentence, right before the first of them, which is then the subject, with the other
    /// the object right after it (يقاتل المرتزقة قوات حفتر، تقاتل قوات حفتر المرتزقة; not
    /// تواجه تركيا اتهامات بنقل المرتزقة). A label right after the verb is its subject only
    /// with the article and without a preposition: not the head of an idafa (هاجمت
    /// ميليشيات حفتر طرابلس), nor the verb's object (القوات تتصدى للمرتزقة الذين ترسلهم
    /// أنقرة). Fighting alongside (مع، إلى جانب) is not fighting against.
    pub fn opposed(&self, tokens: &Tokens, actor: &Range<usize>, label: &Range<usize>) -> bool {
        let (first, last) = if actor.start < label.start {
            (actor, label)
        } else {
            (label, actor)
        };
        // مع after a clash (مواجهات مع المرتزقة) is "against", after a verb "alongside".
        let allied = |from: usize, clash: bool| {
            (from..last.start).any(|t| {
                let word = tokens.norm(t);
                ALONGSIDE.contains(&word) && !(clash && WITH.contains(&word))
            })
        };
        let clash = |cue: &Range<usize>| tokens.norm(cue.start).starts_with("مواجه");
        let verb_of_both = |cue: &Range<usize>| {
            let word = tokens.norm(label.start);
            let subject_and_object = if first == actor {
                object_follows(tokens, first.end, last.start)
            } else {
                !word.starts_with(['ل', 'ب', 'ك'])
                    && has_article(word)
                    && names_object(tokens, label, actor)
            };
            heads(tokens, cue.end, first.start) && subject_and_object && !allied(first.end, false)
        };
        // The cues are in text order; a verb may stand before its subject's head noun.
        let from = self
            .against
            .partition_point(|cue| cue.end + ADJECTIVES_REACH < first.start);
        let mut near = self.against[from..]
            .iter()
            .take_while(|cue| cue.start < last.start);
        near.any(|cue| {
            (cue.start >= first.end && !allied(cue.end, clash(cue))) || verb_of_both(cue)
        })
    }

    /// Whether an "against" cue stands in the clause of token `t`.
    pub fn has_against_in_clause(&self, tokens: &Tokens, t: usize) -> bool {
        let clause_of = |cue: &Range<usize>| tokens.tokens[cue.start].clause;
        let clause = tokens.tokens[t].clause;
        // The cues are in text order, so in clause order.
        let at = self.against.partition_point(|cue| clause_of(cue) < clause);
        self.against
            .get(at)
            .is_some_and(|cue| clause_of(cue) == clause)
    }

    /// Whether the document has any meeting cue.
    pub fn has_meetings(&self) -> bool {
        !self.meetings.is_empty()
    }

    /// For a sentence with a meeting cue, the first sentence that may name its parties.
    pub fn meeting_parties_from(&self, sentence: usize) -> Option<usize> {
        let at = self.meetings.partition_point(|&(s, _)| s < sentence);
        let here = self.meetings[at..]
            .iter()
            .take_while(|&&(s, _)| s == sentence);
        here.map(|&(_, from)| from).min()
    }

    /// True when the actor named over `actor` is the speaker of the words a label over
    /// `label` is in: a verb of saying covers the label, and the actor is its subject right
    /// after it (اتهم الجيش الليبي المرتزقة) or stands on the other side of its أن or إن
    /// (قال المسماري إن المرتزقة …، المسماري قال إن …). The subject of another verb before
    /// أن is not a speaker (حاول حفتر أن يجند الميليشيات).
    pub fn speaker(&self, tokens: &Tokens, actor: &Range<usize>, label: &Range<usize>) -> bool {
        let Some(cue) = self.reported[label.start].or(self.distanced[label.start]) else {
            return false;
        };
        let right_after = self
            .speech
            .binary_search_by_key(&cue, |c| c.start)
            .is_ok_and(|i| self.speech[i].end == actor.start);
        let between = actor.end.min(label.end)..actor.start.max(label.start);
        right_after
            || between
                .into_iter()
                .any(|t| COMPLEMENTISERS.contains(&tokens.norm(t)))
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

/// Where a cue stands: its tokens, and where the complementiser of a verb of saying may
/// be (up to the next such verb).
struct CuePlace<'s> {
    cue: Range<usize>,
    that_reach: Range<usize>,
    /// Written with و or ف before it (وقال): the verb opens a new clause.
    joined: bool,
    /// Where the cues that speak stand in the document, in text order.
    speech_starts: &'s [usize],
}

/// Pronoun suffixes (normalised) by which a word refers back to someone named before.
const PRONOUN_SUFFIXES: &[&str] = &["ه", "ها", "هم", "هما"];

/// The letters a cue's word in the text has before and after the cue's own first word:
/// و in وقال for قال, ها in استقبالها for استقبال. A final ة (normalised ه) is written ت
/// before a suffix: زيارته for زيارة.
fn affixes<'w>(word: &'w str, cue: &Pattern) -> (&'w str, &'w str) {
    let letters = cue.words[0].letters();
    let stem = letters.strip_suffix('ه').unwrap_or(letters);
    let Some(at) = word.find(stem) else {
        return ("", "");
    };
    let rest = &word[at + stem.len()..];
    let suffix = match stem.len() < letters.len() {
        true => rest.strip_prefix(['ه', 'ت']).unwrap_or(rest),
        false => rest,
    };
    (&word[..at], suffix)
}

/// Whether the text `word` of a cue, written without a proclitic, carries a pronoun suffix
/// (استقبالها، زيارته; not زيارة itself).
fn refers_back(word: &str, cue: &Pattern) -> bool {
    let (prefix, suffix) = affixes(word, cue);
    prefix.is_empty() && PRONOUN_SUFFIXES.contains(&suffix)
}

/// Whether the text `word` of a cue has the conjunction و or ف before the cue's first word
/// (وقال for قال, not وصف for وصف).
fn joined_by_conjunction(word: &str, cue: &Pattern) -> bool {
    affixes(word, cue).0.starts_with(['و', 'ف'])
}

/// Words a cue reaches on either side within its sentence. A news sentence seldom runs
/// past it; text without sentence punctuation (OCR, hard-wrapped lines) is one "sentence"
/// of a whole article, where one زعم would otherwise distance every label in it.
const MAX_CUE_REACH: usize = 100;

/// The part of `sentence` within [`MAX_CUE_REACH`] words of the cue.
fn within_reach(sentence: Range<usize>, cue: &Range<usize>) -> Range<usize> {
    sentence.start.max(cue.start.saturating_sub(MAX_CUE_REACH))
        ..sentence.end.min(cue.end + MAX_CUE_REACH)
}

/// Calls `cover` with the token ranges a cue standing at `cue` covers under `scope`,
/// within its sentence: one range, or for a negated predicate its words one by one.
fn for_each_scope_range(
    tokens: &Tokens,
    mentions: &[Mention],
    scope: Scope,
    place: CuePlace,
    mut cover: impl FnMut(Range<usize>),
) {
    let CuePlace {
        cue,
        that_reach,
        joined,
        speech_starts,
    } = place;
    let sentence = within_reach(sentence_range(tokens, cue.start), &cue);
    let clamp = |r: Range<usize>| r.start.max(sentence.start)..r.end.min(sentence.end);
    match scope {
        // A verb of saying joined by و opens its clause: what comes before is the author's
        // (الغزو التركي مستمر وقال أردوغان إن …).
        Scope::Sentence if joined => cover(cue.start..sentence.end),
        Scope::Sentence => cover(sentence),
        Scope::After(n) => {
            let reach = clamp(cue.end..cue.end + n);
            let end = reach
                .clone()
                .find(|&t| turns(tokens, t))
                .unwrap_or(reach.end);
            cover(reach.start..end);
        }
        Scope::Predicate(n) => cover_predicate(tokens, mentions, cue.end, sentence, n, cover),
        Scope::Before(n) => cover(clamp(cue.start.saturating_sub(n)..cue.start)),
        Scope::BeforeSentence => cover(sentence.start..cue.start),
        Scope::AfterThat => {
            if let Some(claim) = claim_after(tokens, clamp(that_reach), sentence.end) {
                cover(claim);
            }
        }
        Scope::Denial(n) => match claim_after(tokens, clamp(that_reach.clone()), sentence.end) {
            Some(claim) => cover(claim),
            None => {
                // The denier is often a titled phrase (نفى وزير الدفاع التركي خلوصي أكار
                // وجود …) or followed by an aside (ونفت الحكومة، في بيان، وجود …): the
                // predicate then begins at the denied noun.
                let from = clamp(that_reach)
                    .find(|&t| DENIED_NOUNS.contains(&tokens.norm(t)))
                    .unwrap_or(cue.end);
                cover_predicate(tokens, mentions, from, sentence, n, cover)
            }
        },
        Scope::Charge(n) => {
            if let Some(charge) = charge_after(tokens, cue.end, sentence, n, speech_starts) {
                cover(charge);
            }
        }
        Scope::Rejection(n) => {
            // A denied noun first is the rejection's own object (رفضت تركيا إرسال مرتزقة
            // رغم الاتهامات بـ …).
            let rejected = clamp(cue.end..cue.end + COMPLEMENTISER_REACH)
                .take_while(|&t| !DENIED_NOUNS.contains(&tokens.norm(t)))
                .find(|&t| {
                    let word = tokens.norm(t);
                    REJECTED_NOUNS.contains(&word.strip_prefix("ال").unwrap_or(word))
                });
            let charge = rejected
                .and_then(|noun| charge_after(tokens, noun + 1, sentence, n, speech_starts));
            if let Some(charge) = charge {
                cover(charge);
            }
        }
    }
}

/// The charge of an accusation noun that ends at `from` in `sentence`: the claim after a
/// complementiser within [`COMPLEMENTISER_REACH`] (مزاعم المسماري أن …، اتهامات بأن …), or
/// `n` words from the first word within [`CHARGE_OPENS`] that has the preposition ب or is
/// a denied noun (اتهامات دولية بنقل المرتزقة، مزاعم إرسال مرتزقة، وصف الوجود التركي
/// بالاحتلال), up to the end of its clause, a turn, a contrast or the next cue that speaks
/// (المزاعم … بسعيه للحلول السياسية وتؤكد …). Whoever makes the charge, between the noun
/// and it (مزاعم النظام التركي بسعيه), is not part of it; a noun with neither has no charge
/// here (مزاعم يفندها الواقع).
fn charge_after(
    tokens: &Tokens,
    from: usize,
    sentence: Range<usize>,
    n: usize,
    speech_starts: &[usize],
) -> Option<Range<usize>> {
    let next_speech = speech_starts
        .get(speech_starts.partition_point(|&s| s < from))
        .map_or(sentence.end, |&s| s.min(sentence.end));
    let clause = tokens.tokens.get(from.checked_sub(1)?)?.clause;
    let reach = from..(from + COMPLEMENTISER_REACH).min(next_speech);
    let opens = |t: usize| {
        let word = tokens.norm(t);
        t < from + CHARGE_OPENS
            && (word == "ب" || has_preposition_bi(word) || DENIED_NOUNS.contains(&word))
    };
    // What follows إلا or بل is affirmed (لا يمكن وصف ما يجري إلا بالاحتلال).
    let start = reach
        .take_while(|&t| tokens.tokens[t].clause == clause && !turns(tokens, t))
        .find(|&t| COMPLEMENTISERS.contains(&tokens.norm(t)) || opens(t))?;
    if COMPLEMENTISERS.contains(&tokens.norm(start)) {
        return claim_after(tokens, start..start + 1, sentence.end);
    }
    let end = (start..next_speech)
        .take(n)
        .find(|&t| {
            tokens.tokens[t].clause != clause
                || (t > start && (turns(tokens, t) || opens_contrast(tokens, t)))
        })
        .unwrap_or((start + n).min(next_speech));
    Some(start..end)
}

/// The claim after the first complementiser in `reach` (زعم المسماري أن …), up to the
/// sentence's `end` or a contrast in it: what follows لكن or في حين is the author's answer.
fn claim_after(tokens: &Tokens, reach: Range<usize>, end: usize) -> Option<Range<usize>> {
    let that = reach
        .clone()
        .find(|&t| COMPLEMENTISERS.contains(&tokens.norm(t)))?;
    // A contrast that opens the claim is part of it (رأت أنه بينما كانت …).
    let claim = that + 1..end;
    let end = (claim.start + 1..claim.end)
        .take(CLAIM_REACH)
        .find(|&t| opens_contrast(tokens, t))
        .unwrap_or(claim.end);
    Some(claim.start..end)
}

/// Covers the words a negated predicate after `from` in `sentence` denies, at most `n` of
/// them. Words with the article and actors' names are the subject or object the sentence
/// takes as given (لم تنسحب القوات التركية does not deny there are Turkish forces; لم يكن
/// التدخل التركي غزوا denies the invasion, not the intervention); أي only marks the
/// denied noun (لم ترسل أي مرتزقة). When a بل further on corrects the denial, all of the
/// negation's clause but the names is denied (لم ترسل تركيا المرتزقة، بل أرسلت مستشارين).
/// The predicate ends at one of the [`TURNS`] or [`PREPOSITIONS`]; when that is إلا or
/// سوى, what comes before is what is denied and what comes after is affirmed (لم يكن
/// الغزو التركي سوى دعاية).
fn cover_predicate(
    tokens: &Tokens,
    mentions: &[Mention],
    from: usize,
    sentence: Range<usize>,
    n: usize,
    mut cover: impl FnMut(Range<usize>),
) {
    let reach = from..(from + n + PREDICATE_PASSED_OVER).min(sentence.end);
    let end = reach
        .clone()
        .find(|&t| turns(tokens, t) || PREPOSITIONS.contains(&tokens.norm(t)))
        .unwrap_or(reach.end);
    if end < reach.end && EXCEPTIVES.contains(&tokens.norm(end)) {
        return cover(reach.start..end);
    }
    let named = |t: usize| named(mentions, t);
    let correction = (from..sentence.end)
        .take(CLAIM_REACH)
        .find(|&t| tokens.norm(t) == "بل");
    if let Some(but) = correction {
        let clause = tokens.tokens[from - 1].clause;
        return (from..but)
            .filter(|&t| tokens.tokens[t].clause == clause && !named(t))
            .for_each(|t| cover(t..t + 1));
    }
    (reach.start..end)
        .filter(|&t| {
            let word = tokens.norm(t);
            word != "اي" && !has_article(word) && !named(t)
        })
        .take(n)
        .for_each(|t| cover(t..t + 1));
}

/// Whether token `t` is part of an actor's name among `mentions` (in text order).
fn named(mentions: &[Mention], t: usize) -> bool {
    let at = mentions.partition_point(|m| m.tokens.end <= t);
    mentions.get(at).is_some_and(|m| m.tokens.contains(&t))
}

/// The token range of the sentence that holds token `t` (sentence numbers only grow).
fn sentence_range(tokens: &Tokens, t: usize) -> Range<usize> {
    let sentence = tokens.tokens[t].sentence;
    let start = tokens.tokens[..t].partition_point(|x| x.sentence < sentence);
    let end = t + tokens.tokens[t..].partition_point(|x| x.sentence == sentence);
    start..end
}

/// Adjectives (words with the article) a verb's subject may run over before its object
/// (قصفت الطائرات التركية المسيرة تجمعات للمرتزقة); also how far before its subject the
/// verb is looked for.
const ADJECTIVES_REACH: usize = 2;

/// The first token from `from` on (before `to`) past at most [`ADJECTIVES_REACH`] words
/// with the article.
fn past_adjectives(tokens: &Tokens, from: usize, to: usize) -> usize {
    (from..to.min(from + ADJECTIVES_REACH))
        .find(|&t| !has_article(tokens.norm(t)))
        .unwrap_or(to.min(from + ADJECTIVES_REACH))
}

/// Whether a verb ending at `verb` heads a phrase starting at `phrase`: right before it or
/// before one head noun (قصفت الطائرات التركية، أسرت قوات الجيش الوطني), not a preposition.
fn heads(tokens: &Tokens, verb: usize, phrase: usize) -> bool {
    verb == phrase || (verb + 1 == phrase && !PREPOSITIONS.contains(&tokens.norm(verb)))
}

/// Whether an actor named over `actor` after a label over `label` that is a verb's subject
/// is the verb's object: right after it (يقاتل المرتزقة قوات حفتر) or after one word without
/// the article, but not a one-word name with the article, which is the label's adjective
/// (قصف المرتزقة الأتراك), nor after one (الميليشيات التابعة لحكومة الوفاق).
fn names_object(tokens: &Tokens, label: &Range<usize>, actor: &Range<usize>) -> bool {
    let adjective = actor.len() == 1 && has_article(tokens.norm(actor.start));
    (actor.start == label.end && !adjective)
        || (actor.start == label.end + 1 && !has_article(tokens.norm(label.end)))
}

/// Whether a verb's object starting at `object` follows its subject ending at `subject`:
/// past the subject's adjectives, right away or after one head noun (قصفت الطائرات
/// التركية المسيرة تجمعات للمرتزقة), also a partitive one (أسرت قوات الوفاق عشرة من
/// المرتزقة), but not after a preposition (قاتلت الميليشيات المدعومة من الإمارات).
pub fn object_follows(tokens: &Tokens, subject: usize, object: usize) -> bool {
    let head = past_adjectives(tokens, subject, object);
    let noun_head = || !PREPOSITIONS.contains(&tokens.norm(head));
    subject <= object
        && (object == head
            || (object == head + 1 && noun_head())
            || (object == head + 2 && noun_head() && tokens.norm(head + 1) == "من"))
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
