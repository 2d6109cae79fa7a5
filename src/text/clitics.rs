//! The readings of one normalised word as clitics around a stem, so that المرتزقة،
//! والمرتزقة، بالمرتزقة، للمرتزقة، مرتزقته all reach the stem مرتزقه.
//!
//! Rules (docs/matching.md has the table): a proclitic chain (و/ف, then ب/ك/ل, then ال;
//! ل+ال is written لل) may precede the stem; one suffix from a closed list may follow
//! (pronouns, plural and nisba endings, the construct plural's و, the alef of the
//! accusative tanween, ات plus a pronoun). A stem keeps at least two letters. ت before a suffix is also read as ة
//! (مرتزقته, لسيادتها), ا before a pronoun as ى (فوضاها, قواهم), a word in ات as the
//! plural of a word in ة (حكومات), and يتان/يتين as the feminine dual of a nisba
//! (الإرهابيتين, of إرهابي). A proclitic reading is refused when the letters it
//! would strip belong to a common word (وطني is وطن+ي, not و+طني; لليبيا is ل+ليبيا, not
//! لل+يبيا): the list of such words is `protected_words.txt`.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// Proclitic chains in normalised form, the empty chain first.
const PROCLITICS: &[&str] = &[
    "", "و", "ف", "ب", "ك", "ل", "ال", "وال", "فال", "بال", "كال", "لل", "وب", "وك", "ول", "فب",
    "فك", "فل", "وبال", "وكال", "ولل", "فبال", "فكال", "فلل",
];

/// Pronoun enclitics (normalised: ة is already ه).
const PRONOUNS: &[&str] = &[
    "ه", "ها", "هم", "هما", "هن", "ك", "كم", "كما", "كن", "نا", "ي",
];

/// Inflectional endings: feminine plural, masculine plural and dual, nisba, and the alef
/// of the accusative tanween (احتلالاً, its tanween gone with the other marks).
/// و is the masculine plural in construct, its ن dropped (إرهابيو النصرة، مقاتلو الوفاق).
const ENDINGS: &[&str] = &["ات", "ون", "ين", "ان", "يه", "ي", "ا", "و"];

/// Shortest stem the construct plural's و may leave, in letters: after two letters و is
/// a root letter (غزو، عدو، نحو).
const MIN_CONSTRUCT_STEM: usize = 3;

/// Shortest stem a reading may leave, in letters.
const MIN_STEM: usize = 2;

/// Longest word given clitic readings, in letters. Arabic words are far shorter; longer
/// "words" are scraper junk (base64, a run of one letter) and are kept whole, so that a
/// 100,000-letter token costs one copy rather than one per reading.
const MAX_ANALYSED: usize = 64;

/// The readings of one word: what remains after each allowed proclitic chain, and the
/// stems left after also removing a suffix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordForms {
    /// The word without proclitics, one entry per allowed chain (the whole word first).
    pub bare: Vec<String>,
    /// Every stem: the bare forms and what remains of them after one suffix.
    pub stems: Vec<String>,
}

impl WordForms {
    /// Analyses one normalised word.
    pub fn of(word: &str) -> WordForms {
        let mut forms = WordForms::default();
        if word.chars().nth(MAX_ANALYSED).is_some() {
            forms.bare.push(word.to_string());
            forms.stems.push(word.to_string());
            return forms;
        }
        for (proclitic, rest) in proclitic_splits(word) {
            if !is_stem_long(rest) || !proclitic_allowed(word, proclitic) {
                continue;
            }
            push_unique(&mut forms.bare, rest);
            for_each_suffix_reading(rest, |stem| {
                push_unique(&mut forms.stems, stem);
                false
            });
        }
        forms
    }

    /// True when `bare` accepts a form of `word` without proclitics or `stem` accepts one
    /// of its stems, trying the readings [`WordForms::of`] lists and a few more: a chain
    /// is stripped even before a protected word, and a long word is read like a short one.
    /// So it is false only when no reading of `of` is accepted. It allocates nothing and
    /// stops at the first reading accepted: most words match no lexicon word, and this
    /// rules them out at a fraction of the cost of listing their readings.
    pub fn any_reading(
        word: &str,
        mut bare: impl FnMut(&str) -> bool,
        mut stem: impl FnMut(&str) -> bool,
    ) -> bool {
        WordForms::any_rest(word, |rest| {
            bare(rest) || for_each_suffix_reading(rest, &mut stem)
        })
    }

    /// True when `test` accepts what remains of `word` after some proclitic chain (the
    /// empty chain included). Every reading [`WordForms::any_reading`] tries is one of
    /// these rests or a stem cut from one.
    pub fn any_rest(word: &str, mut test: impl FnMut(&str) -> bool) -> bool {
        proclitic_splits(word).any(|(_, rest)| is_stem_long(rest) && test(rest))
    }

    /// True when the word, less proclitics, is exactly `form`.
    pub fn has_bare(&self, form: &str) -> bool {
        self.bare.iter().any(|b| b == form)
    }

    /// True when some stem of the word is `stem`.
    pub fn has_stem(&self, stem: &str) -> bool {
        self.stems.iter().any(|s| s == stem)
    }

    /// True when the word, less proclitics, begins with `prefix` (a `*` wildcard).
    pub fn has_prefix(&self, prefix: &str) -> bool {
        self.bare.iter().any(|b| b.starts_with(prefix))
    }
}

/// Each proclitic chain `word` begins with (the empty chain first), with what remains of
/// the word after it. Every bare reading of [`WordForms::of`] is one of these rests; some
/// rests are not readings (a stem too short, a chain refused before a protected word).
/// (Only the chains that begin with the word's first letter are compared: this runs for
/// every new word form, and most chains fail on the first letter.)
fn proclitic_splits(word: &str) -> impl Iterator<Item = (&'static str, &str)> {
    let first = word.chars().next();
    let chains = first.map_or(&[][..], |first| by_letter(proclitics_by_first(), first));
    [""].iter()
        .chain(chains)
        .filter_map(move |proclitic| Some((*proclitic, without_prefix(word, proclitic)?)))
}

/// The proclitic chains but the empty one, by their first letter, in [`PROCLITICS`]' order.
fn proclitics_by_first() -> &'static [(char, Vec<&'static str>)] {
    static BY_FIRST: OnceLock<Vec<(char, Vec<&'static str>)>> = OnceLock::new();
    BY_FIRST.get_or_init(|| {
        let chains = PROCLITICS.iter().copied().filter(|p| !p.is_empty());
        group_by_letter(chains, |chain| chain.chars().next())
    })
}

/// `items` grouped by the letter `letter` gives each, keeping their order.
fn group_by_letter<T>(
    items: impl Iterator<Item = T>,
    letter: impl Fn(&T) -> Option<char>,
) -> Vec<(char, Vec<T>)> {
    let mut groups: Vec<(char, Vec<T>)> = Vec::new();
    for item in items {
        let Some(c) = letter(&item) else { continue };
        match groups.iter_mut().find(|(g, _)| *g == c) {
            Some((_, group)) => group.push(item),
            None => groups.push((c, vec![item])),
        }
    }
    groups
}

/// The group of `letter` in `groups` (empty when it has none).
fn by_letter<T>(groups: &[(char, Vec<T>)], letter: char) -> &[T] {
    groups
        .iter()
        .find(|(c, _)| *c == letter)
        .map_or(&[][..], |(_, group)| group)
}

/// Calls `visit` with each stem `rest` can be read as, possibly more than once: itself,
/// and itself less each suffix it ends with. Stops early when `visit` returns true, and
/// returns whether it did. (A callback, not a list, and only the suffixes that end in the
/// word's last letter compared: this runs for every new word form.)
fn for_each_suffix_reading(rest: &str, mut visit: impl FnMut(&str) -> bool) -> bool {
    if visit(rest) {
        return true;
    }
    let mut buffer = String::new();
    let Some(last) = rest.chars().next_back() else {
        return false;
    };
    for suffix in by_letter(suffixes_by_last(), last) {
        let Some(base) = without_suffix(rest, suffix) else {
            continue;
        };
        // The tanween's alef never follows ة (ةً): مصالحها is مصالح + ها, not مصالحة + ا.
        if !is_stem_long(base)
            || (suffix == "ا" && base.ends_with('ه'))
            || (suffix == "و" && base.chars().nth(MIN_CONSTRUCT_STEM - 1).is_none())
        {
            continue;
        }
        if visit(base) {
            return true;
        }
        if let Some(stem) = base.strip_suffix('ت') {
            if visit(ending_in(&mut buffer, stem, 'ه')) {
                return true;
            }
            // The feminine dual of a nisba: الإرهابيتين is the dual of الإرهابية, of إرهابي.
            if matches!(suffix.as_str(), "ان" | "ين") && stem.ends_with('ي') && visit(stem) {
                return true;
            }
        }
        if let Some(stem) = base.strip_suffix('ا') {
            if PRONOUNS.contains(&suffix.as_str()) && visit(ending_in(&mut buffer, stem, 'ي')) {
                return true;
            }
        }
        if suffix.starts_with("ات") && visit(ending_in(&mut buffer, base, 'ه')) {
            return true;
        }
    }
    false
}

/// `word` less `prefix`, if it begins with it. Clitics are a few bytes, compared here in
/// line: `str::strip_prefix` calls `memcmp`, and that call showed in profiles of `score`.
fn without_prefix<'w>(word: &'w str, prefix: &str) -> Option<&'w str> {
    let long_enough = word.len() >= prefix.len();
    let same = long_enough && word.bytes().zip(prefix.bytes()).all(|(a, b)| a == b);
    same.then(|| &word[prefix.len()..])
}

/// `word` less `suffix`, if it ends with it (as [`without_prefix`]).
fn without_suffix<'w>(word: &'w str, suffix: &str) -> Option<&'w str> {
    let at = word.len().checked_sub(suffix.len())?;
    let same = word
        .bytes()
        .skip(at)
        .zip(suffix.bytes())
        .all(|(a, b)| a == b);
    same.then(|| &word[..at])
}

/// `stem` followed by `letter`, written into `buffer`.
fn ending_in<'b>(buffer: &'b mut String, stem: &str, letter: char) -> &'b str {
    buffer.clear();
    buffer.push_str(stem);
    buffer.push(letter);
    buffer
}

/// Every suffix the rules allow (pronouns, endings, and ات followed by a pronoun), sorted,
/// by their last letter.
fn suffixes_by_last() -> &'static [(char, Vec<String>)] {
    static BY_LAST: OnceLock<Vec<(char, Vec<String>)>> = OnceLock::new();
    BY_LAST.get_or_init(|| {
        let mut all: Vec<String> = PRONOUNS
            .iter()
            .chain(ENDINGS)
            .map(|s| s.to_string())
            .collect();
        all.extend(PRONOUNS.iter().map(|p| format!("ات{p}")));
        all.sort();
        all.dedup();
        group_by_letter(all.into_iter(), |suffix| suffix.chars().next_back())
    })
}

/// A proclitic chain may be stripped unless a shorter chain leaves a protected word, whose
/// first letters are then root letters rather than clitics.
fn proclitic_allowed(word: &str, proclitic: &str) -> bool {
    if proclitic.is_empty() {
        return true;
    }
    !PROCLITICS
        .iter()
        .filter(|shorter| shorter.len() < proclitic.len() && proclitic.starts_with(*shorter))
        .filter_map(|shorter| word.strip_prefix(shorter))
        .any(is_protected)
}

fn is_protected(rest: &str) -> bool {
    let protected = protected_words();
    for_each_suffix_reading(rest, |stem| protected.contains(stem))
}

/// Common words that begin with the letters of a proclitic (normalised).
fn protected_words() -> &'static FxHashSet<String> {
    static WORDS: OnceLock<FxHashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("protected_words.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(super::normalize::normalize)
            .collect()
    })
}

/// Whether a normalised word carries the definite article: a proclitic chain ending in
/// ال (or لل, ل + ال) before a stem of at least [`MIN_STEM`] letters, where the
/// protected words allow that reading (لليبيا is ل + ليبيا).
pub fn has_article(word: &str) -> bool {
    has_chain(word, |p| p.ends_with("ال") || p.ends_with("لل"))
}

/// Whether a normalised word carries the preposition ب (بإرسال، وبالاحتلال), where the
/// protected words allow that reading (بين، بلاده are words of their own).
pub fn has_preposition_bi(word: &str) -> bool {
    has_chain(word, |p| p.contains('ب'))
}

/// Whether `word` begins with a proclitic chain that `chain` accepts, before a stem of at
/// least [`MIN_STEM`] letters, where the protected words allow that reading.
fn has_chain(word: &str, chain: impl Fn(&str) -> bool) -> bool {
    // The protected words are looked up last: the other tests are byte comparisons.
    PROCLITICS
        .iter()
        .filter(|p| chain(p))
        .filter(|p| without_prefix(word, p).is_some_and(is_stem_long))
        .any(|p| proclitic_allowed(word, p))
}

/// Whether a normalised word is nothing but proclitics ending in the article (ال، وال،
/// بال، لل …): no word of a text is read as such a stem, but words that begin with its
/// letters are (إلى is الي, ال + ي).
pub fn is_only_article(word: &str) -> bool {
    PROCLITICS
        .iter()
        .any(|p| *p == word && (p.ends_with("ال") || p.ends_with("لل")))
}

/// True when `stem` has at least [`MIN_STEM`] letters (without counting all of a long one).
fn is_stem_long(stem: &str) -> bool {
    stem.chars().nth(MIN_STEM - 1).is_some()
}

fn push_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|known| known == item) {
        list.push(item.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize;

    #[test]
    fn nouns_with_the_article_are_definite() {
        for word in ["المرتزقة", "والمرتزقة", "بالميليشيات", "للقوات", "وللقوات"]
        {
            assert!(has_article(&normalize(word)), "{word}");
        }
        for word in ["مرتزقة", "ميليشيات", "قوات", "الى", "لها", "لليبيا"]
        {
            assert!(!has_article(&normalize(word)), "{word}");
        }
    }

    #[test]
    fn the_preposition_bi_is_told_from_a_root_letter() {
        for word in ["بإرسال", "بالاحتلال", "وبنقل", "فبالمرتزقة"] {
            assert!(has_preposition_bi(&normalize(word)), "{word}");
        }
        for word in ["بين", "بعض", "بلاده", "إرسال", "المرتزقة", "ب"] {
            assert!(!has_preposition_bi(&normalize(word)), "{word}");
        }
    }
}
