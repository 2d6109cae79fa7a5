//! Word patterns indexed by their letters: the word patterns a text word matches cost a
//! few hash lookups on its readings, whatever the size of the lexicon. Looking a word up
//! finds exactly the patterns [`WordPattern::matches`] accepts.

use rustc_hash::FxHashMap;

use crate::lexicon::WordPattern;
use crate::text::WordForms;

/// Word patterns under caller-chosen ids (several patterns may share one key).
#[derive(Debug, Clone, Default)]
pub struct WordIndex {
    by_stem: FxHashMap<String, Vec<usize>>,
    by_exact: FxHashMap<String, Vec<usize>>,
    by_prefix: FxHashMap<String, Vec<usize>>,
    /// The distinct lengths (in characters) of the wildcard prefixes, ascending.
    prefix_lengths: Vec<usize>,
    openings: Openings,
}

/// Letters U+0621 (ء) to U+064A (ي): the basic Arabic letters nearly every normalised
/// key and text word is made of, numbered from 1. Any other character is one more
/// letter, "other".
const FIRST_LETTER: u32 = 0x621;
const LETTERS: u64 = 42;
const ALPHABET: usize = LETTERS as usize + 2;

/// Letters of a beginning that count: six bits a letter in a `u64`.
const BEGINNING_LETTERS: usize = 10;

/// log2 of the bits of [`Openings`]: 32 KiB, which stay in the processor's fastest cache,
/// for a few thousand keys.
const OPENING_BITS: u32 = 18;

/// What every key begins with (its first ten letters), as a set of hashed bits. A
/// string that begins like no key is no key and begins with none, and the bits say so
/// before the string is hashed, most of the time: most strings [`WordIndex::may_match`]
/// looks up are readings of words the lexicon does not know, and most words begin no
/// pattern ([`PatternSet::may_start`](super::PatternSet::may_start)). A stem key's last
/// ه or ي may stand for another letter of the text (the ه of مرتزقه is the ت of
/// مرتزقتها or the ا of مرتزقات, the ي of قوي the ا of قواهم: [`WordForms`]), whose
/// beginnings are kept too, so that a word whose readings match a key, less its
/// proclitics, begins like that key.
#[derive(Debug, Clone)]
struct Openings {
    /// For each pair of first letters, bit `n` is set when a beginning of `n` letters
    /// starts with them: a string is probed at those lengths only.
    lengths: Vec<u16>,
    /// The first letters that are a whole beginning (keys of one letter).
    single: u64,
    bits: Vec<u64>,
    /// Some key has no letter: any string may match.
    any: bool,
}

impl Default for Openings {
    fn default() -> Openings {
        Openings {
            lengths: vec![0; ALPHABET * ALPHABET],
            single: 0,
            bits: vec![0; (1 << OPENING_BITS) / 64],
            any: false,
        }
    }
}

impl Openings {
    fn insert(&mut self, key: &WordPattern) {
        let letters = key.letters();
        self.insert_beginning(letters);
        let Some(last) = letters.chars().next_back() else {
            return;
        };
        let stands_for: &[char] = match (key, last) {
            (WordPattern::Stem(_), 'ه') => &['ت', 'ا'],
            (WordPattern::Stem(_), 'ي') => &['ا'],
            _ => &[],
        };
        let cut = &letters[..letters.len() - last.len_utf8()];
        for letter in stands_for {
            self.insert_beginning(&format!("{cut}{letter}"));
        }
    }

    fn insert_beginning(&mut self, key: &str) {
        let mut last = None;
        let mut pair = None;
        for (n, number) in beginnings(key).enumerate() {
            last = Some((n + 1, number));
            if n == 1 {
                pair = Some(number as usize);
            }
        }
        match (last, pair) {
            (None, _) => self.any = true,
            (Some((_, letter)), None) => self.single |= 1 << letter,
            (Some((n, number)), Some(pair)) => {
                self.lengths[pair_index(pair)] |= 1 << n;
                let bit = bit_of(number);
                self.bits[bit / 64] |= 1 << (bit % 64);
            }
        }
    }

    /// False when `s` cannot be a key, nor begin with one. Most strings are ruled out by
    /// their first two letters, and the rest are probed at the lengths of the keys that
    /// begin with those letters only.
    fn may_open(&self, s: &str) -> bool {
        if self.any {
            return true;
        }
        let mut letters = s.chars().map(letter_number);
        let Some(first) = letters.next() else {
            return false;
        };
        if self.single & (1 << first) != 0 {
            return true;
        }
        let Some(second) = letters.next() else {
            return false;
        };
        let mut beginning = first << 6 | second;
        // Bit 0 is now the beginnings of two letters, bit 1 of three …
        let mut lengths = self.lengths[pair_index(beginning as usize)] >> 2;
        while lengths != 0 {
            if lengths & 1 != 0 && self.has(beginning) {
                return true;
            }
            lengths >>= 1;
            let Some(next) = letters.next() else {
                return false;
            };
            beginning = beginning << 6 | next;
        }
        false
    }

    fn has(&self, beginning: u64) -> bool {
        let bit = bit_of(beginning);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// Each beginning of `s` (its first letter, its first two letters … up to
/// [`BEGINNING_LETTERS`]) as a number, different for each beginning.
fn beginnings(s: &str) -> impl Iterator<Item = u64> + '_ {
    s.chars().take(BEGINNING_LETTERS).scan(0, |number, c| {
        *number = *number << 6 | letter_number(c);
        Some(*number)
    })
}

/// The number of a letter in a beginning, from 1 (never 0, so that beginnings of
/// different lengths have different numbers).
fn letter_number(c: char) -> u64 {
    u64::from(c)
        .wrapping_sub(u64::from(FIRST_LETTER))
        .min(LETTERS)
        + 1
}

/// Where the lengths of the beginnings that start with the two letters `pair` (the
/// number of a two-letter beginning) are kept.
fn pair_index(pair: usize) -> usize {
    (pair >> 6) * ALPHABET + (pair & 63)
}

/// The bit of [`Openings`] a beginning sets.
fn bit_of(beginning: u64) -> usize {
    (beginning.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - OPENING_BITS)) as usize
}

impl WordIndex {
    pub fn insert(&mut self, word: &WordPattern, id: usize) {
        let (map, key) = match word {
            WordPattern::Stem(s) => (&mut self.by_stem, s),
            WordPattern::Exact(s) => (&mut self.by_exact, s),
            WordPattern::Prefix(s) => {
                let len = s.chars().count();
                if let Err(at) = self.prefix_lengths.binary_search(&len) {
                    self.prefix_lengths.insert(at, len);
                }
                (&mut self.by_prefix, s)
            }
        };
        self.openings.insert(word);
        map.entry(key.clone()).or_default().push(id);
    }

    /// Appends the ids of the patterns a word with readings `forms` matches (possibly
    /// repeated; the caller sorts when it needs to).
    pub fn matching(&self, forms: &WordForms, out: &mut Vec<usize>) {
        for stem in &forms.stems {
            out.extend(self.by_stem.get(stem).into_iter().flatten());
        }
        for bare in &forms.bare {
            out.extend(self.by_exact.get(bare).into_iter().flatten());
            for prefix in self.wildcard_prefixes(bare) {
                out.extend(self.by_prefix.get(prefix).into_iter().flatten());
            }
        }
    }

    /// False when no key is `s` or begins it, by their first two letters alone.
    pub fn may_open(&self, s: &str) -> bool {
        self.openings.may_open(s)
    }

    /// False when a word (normalised) matches no pattern: true whenever
    /// [`WordIndex::matching`] finds one on its readings, and for a few more words (see
    /// [`WordForms::any_reading`]). Most words of a text match none, and this says so
    /// without listing their readings.
    pub fn may_match(&self, word: &str) -> bool {
        // A prefix as long as a wildcard's begins like the bare form it is cut from.
        WordForms::any_reading(
            word,
            |bare| {
                self.may_open(bare)
                    && (self.by_exact.contains_key(bare)
                        || self
                            .wildcard_prefixes(bare)
                            .any(|prefix| self.by_prefix.contains_key(prefix)))
            },
            |stem| self.may_open(stem) && self.by_stem.contains_key(stem),
        )
    }

    /// False when no reading of a word (normalised) begins like a key: then
    /// [`WordIndex::may_match`] is false too. It looks at a few letters of the word and a
    /// few bits that stay in the processor's fastest cache, and rules out most words of a
    /// text before they are looked up anywhere.
    pub fn may_begin(&self, word: &str) -> bool {
        WordForms::any_rest(word, |rest| self.may_open(rest))
    }

    /// The beginnings of `bare` as long as the wildcard prefixes, shortest first.
    fn wildcard_prefixes<'b>(&self, bare: &'b str) -> impl Iterator<Item = &'b str> + use<'b, '_> {
        let mut ends = bare
            .char_indices()
            .map(|(i, _)| i)
            .skip(1)
            .chain([bare.len()]);
        let mut letters = 0;
        self.prefix_lengths.iter().map_while(move |&len| {
            let end = ends.nth(len.checked_sub(letters + 1)?)?;
            letters = len;
            Some(&bare[..end])
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::lexicon::Lexicon;
    use crate::text::tokenize;

    /// Every word of the shipped lexicons under its own id.
    fn shipped() -> (WordIndex, Vec<WordPattern>) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
        let (lexicon, _): (Lexicon, _) = crate::lexicon::load(&dir).expect("the lexicons load");
        let patterns = lexicon.terms.iter().map(|t| &t.pattern);
        let patterns = patterns
            .chain(lexicon.actor_names.iter().map(|n| &n.pattern))
            .chain(lexicon.cues.iter().map(|c| &c.pattern));
        let mut words: Vec<WordPattern> = patterns.flat_map(|p| p.words.clone()).collect();
        words.sort_by(|a, b| a.letters().cmp(b.letters()));
        words.dedup();
        let mut index = WordIndex::default();
        for (id, word) in words.iter().enumerate() {
            index.insert(word, id);
        }
        (index, words)
    }

    fn matches_some(index: &WordIndex, word: &str) -> bool {
        let mut out = Vec::new();
        index.matching(&WordForms::of(word), &mut out);
        !out.is_empty()
    }

    /// Each lexicon word dressed in clitics, suffixes and the endings that turn ه into ت,
    /// and the words of the seed articles.
    fn trial_words(words: &[WordPattern]) -> Vec<String> {
        let mut trials = Vec::new();
        for word in words {
            let letters = word.letters();
            let cut = letters.strip_suffix('ه').unwrap_or(letters);
            for before in ["", "و", "ال", "بال", "لل", "ف", "وك"] {
                for after in [
                    "", "ه", "ها", "تها", "اتهم", "ات", "ين", "ي", "يه", "ون", "ا",
                ] {
                    trials.push(format!("{before}{letters}{after}"));
                    trials.push(format!("{before}{cut}{after}"));
                }
            }
        }
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        for file in std::fs::read_dir(seeds).expect("the seeds folder") {
            let path = file.expect("a seed file").path();
            if path.extension().is_some_and(|e| e == "txt") {
                let tokens = tokenize(&std::fs::read_to_string(path).expect("a seed text"));
                trials.extend((0..tokens.len()).map(|i| tokens.norm(i).to_string()));
            }
        }
        trials
    }

    #[test]
    fn may_match_never_rules_out_a_word_that_matches() {
        let (index, words) = shipped();
        let trials = trial_words(&words);
        let matching = trials.iter().filter(|w| matches_some(&index, w)).count();
        let passed = trials.iter().filter(|w| index.may_match(w)).count();
        for word in &trials {
            assert!(
                index.may_match(word) || !matches_some(&index, word),
                "{word} matches a lexicon word, yet may_match rules it out"
            );
            assert!(
                index.may_begin(word) || !matches_some(&index, word),
                "{word} matches a lexicon word, yet may_begin rules it out"
            );
        }
        // It is also a sharp test: it lets through few words that match nothing.
        assert!(
            matching > 1000 && passed < matching * 11 / 10,
            "{matching} {passed}"
        );
    }

    #[test]
    fn may_begin_rules_out_most_words_of_the_seeds_that_match_nothing() {
        let (index, words) = shipped();
        let trials = trial_words(&words);
        let seed_words = &trials[trials.len() - 2000..];
        let unmatched: Vec<&String> = seed_words
            .iter()
            .filter(|w| !matches_some(&index, w))
            .collect();
        let passed = unmatched.iter().filter(|w| index.may_begin(w)).count();
        assert!(
            unmatched.len() > 500 && passed * 4 < unmatched.len(),
            "{passed} of {} words that match nothing pass",
            unmatched.len()
        );
    }

    #[test]
    fn a_short_stem_begins_the_words_that_read_as_it() {
        let mut index = WordIndex::default();
        for (id, word) in ["قوي", "قوه", "يد"].iter().enumerate() {
            let pattern = crate::lexicon::Pattern::parse(word).expect("a valid term");
            index.insert(&pattern.words[0], id);
        }
        for word in ["قواهم", "قوتها", "قوات", "والقوي", "يدها"] {
            assert!(index.may_begin(word), "{word}");
            assert!(matches_some(&index, word), "{word}");
        }
        for word in ["قيادة", "قول", "ياسر"] {
            assert!(!index.may_begin(word), "{word}");
        }
    }

    #[test]
    fn keys_outside_the_arabic_letters_are_never_ruled_out() {
        let mut index = WordIndex::default();
        let pattern = crate::lexicon::Pattern::parse("nato").expect("a valid term");
        index.insert(&pattern.words[0], 0);
        assert!(index.may_match("nato") && index.may_match("والnato"));
        assert!(matches_some(&index, "nato"));
    }

    #[test]
    fn may_match_rules_out_words_unlike_any_pattern() {
        let mut index = WordIndex::default();
        for (id, word) in ["مرتزقه", "=غزو", "ميليشي*"].iter().enumerate() {
            let pattern = crate::lexicon::Pattern::parse(word).expect("a valid term");
            index.insert(&pattern.words[0], id);
        }
        for word in ["والمرتزقه", "مرتزقتها", "بالغزو", "ميليشيات", "للميليشياوي"]
        {
            assert!(index.may_match(word), "{word}");
        }
        for word in ["مرتزق", "غزوه", "ميلي", "سياده", "والسياده"] {
            assert!(!index.may_match(word), "{word}");
        }
    }
}
