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

/// Letters U+0621 (ء) to U+064A (ي): the basic Arabic letters every normalised key and
/// text word is made of.
const FIRST_LETTER: u32 = 0x621;
const LETTERS: usize = 42;

/// The first two letters of every key, one bit per pair of basic Arabic letters. A string
/// that begins with no key's first two letters is no key and begins with none, and the
/// bit says so before the string is hashed: most strings [`WordIndex::may_match`] looks
/// up are readings of words the lexicon does not know, and most words begin no pattern
/// ([`PatternSet::may_start`](super::PatternSet::may_start)).
#[derive(Debug, Clone)]
struct Openings {
    bits: [u64; (LETTERS * LETTERS).div_ceil(64)],
    /// Some key does not begin with two basic letters: any string may match.
    any: bool,
}

impl Default for Openings {
    fn default() -> Openings {
        Openings {
            bits: [0; (LETTERS * LETTERS).div_ceil(64)],
            any: false,
        }
    }
}

impl Openings {
    fn insert(&mut self, key: &str) {
        match pair_of(key) {
            Some(pair) => self.bits[pair / 64] |= 1 << (pair % 64),
            None => self.any = true,
        }
    }

    /// False when `s` cannot be a key, nor begin with one.
    fn may_open(&self, s: &str) -> bool {
        self.any || pair_of(s).is_some_and(|pair| self.bits[pair / 64] & (1 << (pair % 64)) != 0)
    }
}

/// The number of the pair of basic letters `s` begins with, if it does.
fn pair_of(s: &str) -> Option<usize> {
    let letter = |c: char| {
        let at = (c as u32).checked_sub(FIRST_LETTER)? as usize;
        (at < LETTERS).then_some(at)
    };
    let mut chars = s.chars();
    Some(letter(chars.next()?)? * LETTERS + letter(chars.next()?)?)
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
        self.openings.insert(key);
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
        }
        // It is also a sharp test: it lets through few words that match nothing.
        assert!(
            matching > 1000 && passed < matching * 11 / 10,
            "{matching} {passed}"
        );
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
