//! Which actor a loaded term is said of (issue 4): "مرتزقة" counts against Turkey when the
//! mercenaries are Ankara's and for it when they are Wagner's.
//!
//! In order: an actor named inside the matched phrase (مرتزقة أردوغان); an actor right after
//! it, as the second term of an idafa (ميليشيات حفتر); the nearest actor in the same clause;
//! a very near actor in the same sentence; the actor of the nearest attributed term in the
//! same sentence (see `Matcher::inherit_actors`); else the frame's default target. Only actors
//! on a side count: a neutral actor (the UN) is rarely what a loaded label is said of.

use std::ops::Range;

use serde::Serialize;

use super::patterns::Hit;
use super::voice::{object_follows, CueMap};
use crate::text::{has_article, Tokens};

/// Prepositions and words of place after which an actor is a place or a target, not what
/// a label is said of: الأطماع في بنغازي، أرسلت المرتزقة إلى طرابلس، تجمعات للمرتزقة جنوب
/// طرابلس (normalised: إلى is الي, جنوبي ends in ي).
const TOWARDS: &[&str] = &[
    "في",
    "الي",
    "نحو",
    "داخل",
    "علي",
    "ضد",
    "حول",
    "قرب",
    "بالقرب",
    "محيط",
    "ضواحي",
    "اطراف",
    "مشارف",
    "جنوب",
    "شمال",
    "شرق",
    "غرب",
    "جنوبي",
    "شمالي",
    "شرقي",
    "غربي",
];

/// Words of leaving (normalised, without و or the article): an actor after من that
/// follows one of them, right away or after one word, is the place left, not the owner
/// (بدأ المرتزقة الانسحاب من طرابلس، انسحاب المرتزقة من طرابلس). Elsewhere من often
/// names the owner (المرتزقة المدعومون من تركيا).
const LEAVING: &[&str] = &[
    "انسحاب",
    "انسحب",
    "انسحبت",
    "انسحبوا",
    "ينسحب",
    "تنسحب",
    "خروج",
    "خرج",
    "خرجت",
    "خرجوا",
    "رحيل",
    "رحل",
    "رحلت",
    "فرار",
    "فروا",
    "هروب",
    "هربوا",
    "سحب",
    "اخراج",
    "اجلاء",
    "طرد",
];

/// How far the nearest actor in the same clause may be, in tokens.
const CLAUSE_REACH: usize = 6;
/// How far the nearest actor in the same sentence but another clause may be, in tokens.
const SENTENCE_REACH: usize = 3;

/// How the actor of a match was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Attribution {
    /// Named inside the matched phrase.
    Phrase,
    /// Named right after the term.
    Idafa,
    /// Named right before an adjectival label that qualifies it (حكومة باشاغا غير الشرعية).
    Qualified,
    /// The nearest actor in the same clause.
    Clause,
    /// A very near actor in the same sentence.
    Sentence,
    /// The nearest actor and one of the other side joined to it by و: said of both, it
    /// counts for neither.
    Shared,
    /// A legitimising label or title in a meeting of both sides: protocol, it counts for
    /// neither.
    Protocol,
    /// No actor near, in a clause opened by بل that carries over the subject before it.
    Subject,
    /// No actor near, but a nearby term in the same sentence has one.
    Inherited,
    /// No actor near it is said of, but one it stands against (قوات الوفاق تتصدى
    /// للمرتزقة): the label is the other side's.
    Against,
    /// No actor near: the frame's default target.
    Default,
    /// The frame always concerns its default target.
    Fixed,
}

impl Attribution {
    pub fn name(self) -> &'static str {
        match self {
            Attribution::Phrase => "phrase",
            Attribution::Idafa => "idafa",
            Attribution::Qualified => "qualified",
            Attribution::Clause => "clause",
            Attribution::Sentence => "sentence",
            Attribution::Shared => "shared",
            Attribution::Protocol => "protocol",
            Attribution::Subject => "subject",
            Attribution::Inherited => "inherited",
            Attribution::Against => "against",
            Attribution::Default => "default",
            Attribution::Fixed => "fixed",
        }
    }
}

/// An actor named in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Index into the lexicon's actors.
    pub actor: usize,
    /// Index into the lexicon's actor names.
    pub name: usize,
    pub tokens: Range<usize>,
}

impl Mention {
    pub fn from_hit(hit: &Hit, actor_of_name: impl Fn(usize) -> usize) -> Mention {
        Mention {
            actor: actor_of_name(hit.pattern),
            name: hit.pattern,
            tokens: hit.tokens.clone(),
        }
    }
}

/// Words that tie a name to its owner (normalised): الجيش الليبي التابع لحكومة الوفاق.
const AFFILIATED: &[&str] = &["التابع", "التابعه", "التابعين", "التابعون"];

/// Makes a name that the document ties to an actor of the other side name that actor all
/// through the document: Anadolu's «الجيش الليبي التابع للحكومة المعترف بها دوليا» (the
/// GNA's army, where hostile outlets mean Haftar's). Aliases are by name: other names of
/// the same actor keep it.
pub fn resolve_aliases(tokens: &Tokens, mentions: &mut [Mention], side: impl Fn(usize) -> f64) {
    let aliases: Vec<(usize, usize)> = mentions
        .iter()
        .zip(mentions.iter().skip(1))
        .filter(|(name, owner)| side(name.actor) * side(owner.actor) < 0.0)
        .filter(|(name, owner)| {
            owner.tokens.start == name.tokens.end + 1
                && AFFILIATED.contains(&tokens.norm(name.tokens.end))
        })
        .map(|(name, owner)| (name.name, owner.actor))
        .collect();
    for m in mentions.iter_mut() {
        if let Some(&(_, owner)) = aliases.iter().find(|(name, _)| *name == m.name) {
            m.actor = owner;
        }
    }
}

/// The farthest any rule looks from a match, in tokens.
const FARTHEST: usize = CLAUSE_REACH;
const _: () = assert!(SENTENCE_REACH <= FARTHEST);

/// The mentions (in text order) that can be attributed to a match over `span`: in its
/// sentence, and overlapping it or at most [`FARTHEST`] tokens away. Mentions never overlap
/// (the longest name wins), so their ends are in order as their starts are, and both
/// bounds are binary searches: a match looking at every mention of its sentence was
/// quadratic in the length of a text with no full stops.
fn near<'m>(tokens: &Tokens, mentions: &'m [Mention], span: &Range<usize>) -> &'m [Mention] {
    let sentence = tokens.tokens[span.start].sentence;
    let sentence_of = |m: &Mention| tokens.tokens[m.tokens.start].sentence;
    let from = mentions
        .partition_point(|m| sentence_of(m) < sentence || m.tokens.end + FARTHEST < span.start);
    let to = from
        + mentions[from..].partition_point(|m| {
            sentence_of(m) <= sentence && m.tokens.start <= span.end + FARTHEST
        });
    &mentions[from..to]
}

/// Finds the actor a match over `span` is said of among `mentions` (sorted by position),
/// considering only actors on a side (a `side` other than 0) and not the speaker of the
/// words it is in (as
/// `cues` tell); outside the phrase, mentions that are opposed to
/// the match (an "against" cue between them: الجيش تتصدى للمرتزقة، المليشيات في مواجهة الجيش)
/// are not what the label describes, and when no other actor is near, the label is said
/// of the side against the nearest of them in its clause ([`Attribution::Against`]), also
/// after a preposition: in المرتزقة يشاركون في الهجوم على مصراتة the city is the target.
pub fn attribute<'m>(
    tokens: &Tokens,
    span: &Range<usize>,
    mentions: &'m [Mention],
    side: impl Fn(usize) -> f64,
    cues: &CueMap,
) -> Option<(usize, Attribution)> {
    let all_mentions = mentions;
    let mentions = near(tokens, mentions, span);
    let sided: Vec<&Mention> = mentions.iter().filter(|m| side(m.actor) != 0.0).collect();
    let here = &tokens.tokens[span.start];
    let same_clause = |m: &&&Mention| tokens.tokens[m.tokens.start].clause == here.clause;
    let same_sentence = |m: &&&Mention| tokens.tokens[m.tokens.start].sentence == here.sentence;

    let inside = sided
        .iter()
        .filter(|m| m.tokens.start < span.end && span.start < m.tokens.end)
        .max_by_key(|m| overlap(&m.tokens, span));
    if let Some(m) = inside {
        return Some((m.actor, Attribution::Phrase));
    }
    // A label that names a neutral actor is said of it, and counts for neither side:
    // الغزاة الإيطاليين، الغزو الأمريكي للعراق.
    let neutral = neutral_named(tokens, span, mentions, &side);
    if neutral.is_some() {
        return neutral;
    }
    // The speaker of قال X إن … or اتهم X المرتزقة is not what his words are about; an
    // actor across an "against" cue is not what the label describes.
    let (opposing, others): (Vec<&Mention>, Vec<&Mention>) = sided
        .into_iter()
        .filter(|m| !cues.speaker(tokens, &m.tokens, span))
        .partition(|m| cues.opposed(tokens, &m.tokens, span));
    let candidates: Vec<&Mention> = others
        .into_iter()
        .filter(|m| !after_towards(tokens, m))
        .collect();
    // The complement follows the head, or one noun with the article after it (ميليشيات
    // المشير حفتر): not a verb (ميليشيات دخلت طرابلس).
    let idafa = candidates.iter().filter(same_clause).find(|m| {
        m.tokens.start == span.end
            || (m.tokens.start == span.end + 1 && has_article(tokens.norm(span.end)))
    });
    // A noun with the article cannot head an idafa.
    if let Some(m) = idafa.filter(|_| !has_article(tokens.norm(span.start))) {
        return Some((m.actor, Attribution::Idafa));
    }
    // The object of an "against" verb right after its subject is the subject's enemy:
    // an actor near it on the other side names it (أدانت حكومة الوفاق المجازر التي
    // ارتكبتها قوات حفتر), one on the subject's side is a place (دحرت قوات الوفاق
    // المرتزقة من مطار طرابلس).
    let enemy_of = opposing
        .iter()
        .find(|m| object_follows(tokens, m.tokens.end, span.start))
        .map(|m| m.actor);
    let unless_ally = |actor: usize, how: Attribution| match enemy_of {
        Some(subject) if side(subject) == side(actor) => (subject, Attribution::Against),
        _ => (actor, how),
    };
    let nearest_in = |mentions: &[&'m Mention], reach: usize, keep: &dyn Fn(&&&Mention) -> bool| {
        mentions
            .iter()
            .filter(|m| keep(m))
            .map(|m| (gap(&m.tokens, span), *m))
            .filter(|(g, _)| *g <= reach)
            .min_by_key(|(g, m)| (*g, m.tokens.start > span.start))
            .map(|(_, m)| m)
    };
    // Two actors of opposite sides joined by و share the label (أرسلت تركيا وروسيا
    // مرتزقة): it counts for neither, whichever is nearer. Not when they fight each other
    // (قاتلت الميليشيات … والجيش، اشتباكات بين المرتزقة … وقوات حفتر).
    let fight = cues.has_against_in_clause(tokens, span.start);
    let said_of = |m: &Mention, how: Attribution| {
        if !fight && has_rival_partner(tokens, m, &candidates, &side) {
            (m.actor, Attribution::Shared)
        } else {
            unless_ally(m.actor, how)
        }
    };
    if let Some(m) = nearest_in(&candidates, CLAUSE_REACH, &same_clause) {
        return Some(said_of(m, Attribution::Clause));
    }
    if let Some(m) = nearest_in(&candidates, SENTENCE_REACH, &same_sentence) {
        return Some(said_of(m, Attribution::Sentence));
    }
    nearest_in(&opposing, CLAUSE_REACH, &same_clause)
        .map(|m| (m.actor, Attribution::Against))
        .or_else(|| carried_subject(tokens, span, all_mentions, &side, cues))
}

/// Whether mention `m` is joined by و to an actor of the other side among `others`: right
/// before it (تركيا وروسيا) or right after it (روسيا وتركيا).
fn has_rival_partner(
    tokens: &Tokens,
    m: &Mention,
    others: &[&Mention],
    side: &impl Fn(usize) -> f64,
) -> bool {
    // بين X و Y pairs two sides, not one owner (اشتباكات بين المرتزقة الموالين لتركيا
    // وقوات حفتر).
    let between = |first: &Mention| {
        let clause = tokens.tokens[first.tokens.start].clause;
        (first.tokens.start.saturating_sub(CLAUSE_REACH)..first.tokens.start)
            .any(|t| tokens.tokens[t].clause == clause && tokens.norm(t) == "بين")
    };
    let joined = |first: &Mention, second: &Mention| {
        first.tokens.end == second.tokens.start
            && tokens.norm(second.tokens.start).starts_with('و')
            && !between(first)
    };
    others
        .iter()
        .any(|o| side(o.actor) * side(m.actor) < 0.0 && (joined(o, m) || joined(m, o)))
}

/// How far back in its sentence the subject a بل clause carries over may be, in tokens.
const CARRIED_REACH: usize = 20;
/// How many words may come before a clause's subject: its verb, with a particle (لم تكتف
/// أبوظبي، قد أرسلت تركيا).
const SUBJECT_PLACE: usize = 3;

/// The subject of the clause before a correction with بل, which the بل clause carries over
/// (لم تكتف أبوظبي بإرسال الطائرات، بل مولت وصول المرتزقة): the first actor on a side within
/// [`CARRIED_REACH`] tokens before the label that opens its clause or follows its verb
/// ([`SUBJECT_PLACE`]), and is neither a speaker nor opposed to the label. Other clauses
/// often have a subject of their own that is no actor (ثم اكتشفت فرق البحث مقابر جماعية).
fn carried_subject(
    tokens: &Tokens,
    span: &Range<usize>,
    mentions: &[Mention],
    side: &impl Fn(usize) -> f64,
    cues: &CueMap,
) -> Option<(usize, Attribution)> {
    let here = &tokens.tokens[span.start];
    let clause_start = |t: usize| {
        let clause = tokens.tokens[t].clause;
        (0..=t)
            .rev()
            .take_while(|&u| tokens.tokens[u].clause == clause)
            .last()
            .unwrap_or(t)
    };
    if tokens.norm(clause_start(span.start)) != "بل" {
        return None;
    }
    let before = mentions.partition_point(|m| m.tokens.start < span.start);
    let reach = mentions[..before].partition_point(|m| m.tokens.end + CARRIED_REACH < span.start);
    mentions[reach..before]
        .iter()
        .filter(|m| {
            let first = &tokens.tokens[m.tokens.start];
            first.sentence == here.sentence && first.clause < here.clause
        })
        .find(|m| {
            side(m.actor) != 0.0
                && m.tokens.start - clause_start(m.tokens.start) < SUBJECT_PLACE
                && !cues.speaker(tokens, &m.tokens, span)
                && !cues.opposed(tokens, &m.tokens, span)
        })
        .map(|m| (m.actor, Attribution::Subject))
}

/// "Expired" (منتهي الولاية), which qualifies the noun before it (normalised: منتهية is
/// منتهيه).
const EXPIRED: &[&str] = &["منتهي", "منتهيه", "المنتهي", "المنتهيه"];

/// A neutral actor among the `mentions` near a label over `span` ([`near`]) that the
/// label names outright, inside the phrase or as its one-word adjective of origin right
/// after it (الغزاة الإيطاليين; not خرق حظر الأمم المتحدة, where the UN is what is
/// breached).
fn neutral_named(
    tokens: &Tokens,
    span: &Range<usize>,
    mentions: &[Mention],
    side: &impl Fn(usize) -> f64,
) -> Option<(usize, Attribution)> {
    let neutral = |m: &&Mention| side(m.actor) == 0.0;
    let inside = mentions
        .iter()
        .filter(neutral)
        .find(|m| m.tokens.start < span.end && span.start < m.tokens.end)
        .map(|m| (m.actor, Attribution::Phrase));
    inside.or_else(|| {
        mentions
            .iter()
            .filter(neutral)
            .find(|m| {
                m.tokens.start == span.end
                    && m.tokens.len() == 1
                    && is_adjective_of_origin(tokens.norm(m.tokens.start))
            })
            .map(|m| (m.actor, Attribution::Idafa))
    })
}

/// The actor named right beside a label over `span`, whatever its side: right after a
/// label without the article, as the complement of its idafa (مجرم الحرب أردوغان), or
/// right before a definite adjectival label ([`is_adjectival`]: حكومة باشاغا غير
/// الشرعية).
pub fn named_beside(
    tokens: &Tokens,
    span: &Range<usize>,
    mentions: &[Mention],
) -> Option<(usize, Attribution)> {
    let clause = tokens.tokens[span.start].clause;
    let in_clause = |m: &&Mention| tokens.tokens[m.tokens.start].clause == clause;
    let mentions = near(tokens, mentions, span);
    let idafa = !has_article(tokens.norm(span.start));
    let after = mentions
        .iter()
        .filter(in_clause)
        .find(|m| idafa && m.tokens.start == span.end);
    if let Some(m) = after {
        return Some((m.actor, Attribution::Idafa));
    }
    let adjectival = is_adjectival(tokens, span);
    mentions
        .iter()
        .filter(in_clause)
        .find(|m| adjectival && m.tokens.end == span.start)
        .map(|m| (m.actor, Attribution::Qualified))
}

/// Whether a label over `span` is an adjective that qualifies a definite noun before it:
/// غير with the article after it (غير الشرعية; غير شرعية is a predicate: تعتبرها مصر غير
/// شرعية), or منتهي الولاية.
fn is_adjectival(tokens: &Tokens, span: &Range<usize>) -> bool {
    let first = tokens.norm(span.start);
    let next_defined = span.start + 1 < tokens.len() && has_article(tokens.norm(span.start + 1));
    (first == "غير" && next_defined) || EXPIRED.contains(&first)
}

/// Endings of an adjective of origin (nisba), normalised: الإيطالي، الأممية، الإيطاليين.
const NISBA_ENDINGS: &[&str] = &["ي", "يه", "يين", "يون", "يات"];

/// Whether a (normalised) word is an adjective of origin with the article: الإيطاليين, not
/// الناتو.
fn is_adjective_of_origin(word: &str) -> bool {
    has_article(word) && NISBA_ENDINGS.iter().any(|ending| word.ends_with(ending))
}

/// Whether mention `m` follows one of the [`TOWARDS`] prepositions, or من after a word of
/// [`LEAVING`].
fn after_towards(tokens: &Tokens, m: &Mention) -> bool {
    let before = |k: usize| m.tokens.start.checked_sub(k).map(|t| tokens.norm(t));
    let leaving = |word: &str| {
        let word = word.strip_prefix('و').unwrap_or(word);
        LEAVING.contains(&word.strip_prefix("ال").unwrap_or(word))
    };
    before(1).is_some_and(|word| TOWARDS.contains(&word))
        || (before(1) == Some("من") && (2..=3).any(|k| before(k).is_some_and(leaving)))
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Tokens between two disjoint ranges.
fn gap(a: &Range<usize>, b: &Range<usize>) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize;

    #[test]
    fn the_word_lists_are_normalised() {
        for word in TOWARDS.iter().chain(EXPIRED).chain(LEAVING) {
            assert_eq!(normalize(word), *word);
        }
        assert_eq!(normalize("إلى على"), "الي علي");
    }
}
