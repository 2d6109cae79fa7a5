//! The [`Matcher`](super::Matcher)'s fast search. Its three pattern sets are compiled
//! together over their distinct words, and each distinct text form is analysed once per
//! worker (kept in the [`FormsCache`](super::FormsCache)) into the ids of the lexicon
//! words it matches. Most forms match none, so most tokens cost one hash lookup; only the
//! few that match a word take part in the search. The hits are exactly those of
//! [`PatternSet::find_all`] on the same sets.

use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;

use super::patterns::{Hit, PatternSet};
use super::words::WordIndex;
use crate::lexicon::WordPattern;
use crate::text::{Tokens, WordForms};

/// The pattern sets a [`LexiconWords`] compiles, in this order.
#[derive(Debug, Clone, Copy)]
pub enum Set {
    Terms,
    Actors,
    Cues,
}

const SETS: usize = 3;

/// The lexicon's distinct words and how its patterns are made of them.
pub struct LexiconWords {
    /// Tells caches filled for another lexicon apart.
    id: u64,
    words: WordIndex,
    sets: [SetWords; SETS],
}

/// One pattern set in word ids.
struct SetWords {
    /// Each pattern's words.
    patterns: Vec<Vec<u32>>,
    /// For each word id, the patterns whose first word it is.
    starting: Vec<Vec<u32>>,
}

impl SetWords {
    fn new(patterns: Vec<Vec<u32>>, word_count: usize) -> SetWords {
        let mut starting = vec![Vec::new(); word_count];
        for (p, words) in patterns.iter().enumerate() {
            starting[words[0] as usize].push(p as u32);
        }
        SetWords { patterns, starting }
    }

    /// The patterns (sorted, once each) whose first word is one of `words`.
    fn starting_any(&self, words: &[u32]) -> Box<[u32]> {
        let mut starts: Vec<u32> = words
            .iter()
            .flat_map(|&w| &self.starting[w as usize])
            .copied()
            .collect();
        starts.sort_unstable();
        starts.dedup();
        starts.into()
    }
}

/// What one text form is to the lexicon.
#[derive(Debug, Clone, Default)]
struct FormTags {
    /// The ids of the lexicon words it matches, sorted.
    words: Box<[u32]>,
    /// For each set, the patterns (sorted) the form may begin: those whose first word it
    /// matches, if it passes the set's prefilter ([`PatternSet::may_start`]), which the
    /// set's search applies to first words. Listed once per form, not once per token:
    /// in a corpus about the topic, a third of the tokens match some lexicon word.
    starts: [Box<[u32]>; SETS],
}

/// Distinct forms whose tags are kept before the cache starts afresh (bounds memory: at
/// 33 bytes a form, a table of 2^18 slots, about 9 MB per worker). A form forgotten costs
/// an analysis when next met; on the 537 MB benchmark corpus (400,000 words, with their
/// clitics many more forms) two and four times this limit scored within the machine's
/// noise of it (15-23 s against 17-18 s) and took 17 and 35 MB a worker, which a
/// million-document report cannot spare under 256 MB.
const CACHE_LIMIT: usize = 225_000;

/// Bytes of a [`ShortForm`]: with a `u32` entry id, 32 bytes to a form in the table.
const SHORT_FORM: usize = 28;

/// A form of at most `SHORT_FORM - 1` bytes (13 Arabic letters, nearly every word), kept
/// in the cache's table itself: its bytes, zero-padded, and its length in the last byte.
/// Every token of every document is looked up in the cache, and a key held elsewhere
/// (a `Box<str>`) cost one more read from memory per lookup, most of the lookup's time
/// once the table outgrew the processor's caches.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct ShortForm([u8; SHORT_FORM]);

impl ShortForm {
    /// `word` as a short form, if it fits.
    fn new(word: &str) -> Option<ShortForm> {
        let length = word.len();
        if length >= SHORT_FORM {
            return None;
        }
        let mut bytes = [0; SHORT_FORM];
        bytes[..length].copy_from_slice(word.as_bytes());
        bytes[SHORT_FORM - 1] = length as u8;
        Some(ShortForm(bytes))
    }
}

/// Each distinct short form's tags for one lexicon. Entry 0 is the form that matches
/// nothing. Longer forms, rare, are analysed each time they are met.
#[derive(Default)]
pub struct TagCache {
    lexicon: u64,
    ids: FxHashMap<ShortForm, u32>,
    entries: Vec<FormTags>,
}

impl TagCache {
    /// Empties the cache unless it holds `lexicon`'s tags and has room.
    fn prepare(&mut self, lexicon: u64) {
        let full = self.ids.len().max(self.entries.len()) > CACHE_LIMIT;
        if self.lexicon != lexicon || full || self.entries.is_empty() {
            self.lexicon = lexicon;
            self.ids.clear();
            self.entries.clear();
            self.entries.push(FormTags::default());
        }
    }

    /// The entry of `word`, from `analyse` the first time the word is seen.
    fn entry_of(&mut self, word: &str, analyse: impl FnOnce() -> FormTags) -> u32 {
        let Some(key) = ShortForm::new(word) else {
            return self.add(analyse());
        };
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.add(analyse());
        self.ids.insert(key, id);
        id
    }

    /// The id of a new entry `form`: 0 when it matches nothing.
    fn add(&mut self, form: FormTags) -> u32 {
        if form.words.is_empty() {
            return 0;
        }
        self.entries.push(form);
        (self.entries.len() - 1) as u32
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl LexiconWords {
    /// Compiles `sets` (in [`Set`] order).
    pub fn new(sets: [&PatternSet; SETS]) -> LexiconWords {
        let mut ids: FxHashMap<&WordPattern, u32> = FxHashMap::default();
        let mut words = WordIndex::default();
        let mut word_id = |word| {
            let next = ids.len() as u32;
            *ids.entry(word).or_insert_with(|| {
                words.insert(word, next as usize);
                next
            })
        };
        let patterns = sets.map(|set| {
            set.patterns()
                .iter()
                .map(|pattern| pattern.words.iter().map(&mut word_id).collect())
                .collect()
        });
        let word_count = ids.len();
        LexiconWords {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            words,
            sets: patterns.map(|patterns| SetWords::new(patterns, word_count)),
        }
    }

    /// Looks up the tags of every token, analysing the forms not seen yet.
    pub fn tag<'c>(
        &self,
        sets: [&PatternSet; SETS],
        tokens: &'c Tokens,
        cache: &'c mut TagCache,
    ) -> TaggedTokens<'c, '_> {
        cache.prepare(self.id);
        let tags = (0..tokens.len())
            .map(|i| {
                let word = tokens.norm(i);
                cache.entry_of(word, || self.form_tags(sets, word))
            })
            .collect();
        TaggedTokens {
            lexicon: self,
            tokens,
            entries: &cache.entries,
            tags,
        }
    }

    /// What `word` is to the lexicon. Most forms match no lexicon word, and
    /// [`WordIndex::may_match`] says so for nearly all of them before their readings are
    /// listed, which costs several times more.
    fn form_tags(&self, sets: [&PatternSet; SETS], word: &str) -> FormTags {
        if !self.words.may_match(word) {
            return FormTags::default();
        }
        let forms = WordForms::of(word);
        let mut words = Vec::new();
        self.words.matching(&forms, &mut words);
        words.sort_unstable();
        words.dedup();
        let words: Box<[u32]> = words.into_iter().map(|w| w as u32).collect();
        let starts = std::array::from_fn(|set| {
            if sets[set].may_start(&forms) {
                self.sets[set].starting_any(&words)
            } else {
                Box::default()
            }
        });
        FormTags { words, starts }
    }
}

/// A document's tokens with the tags of their forms.
pub struct TaggedTokens<'c, 'l> {
    lexicon: &'l LexiconWords,
    tokens: &'c Tokens,
    entries: &'c [FormTags],
    /// Per token, its entry.
    tags: Vec<u32>,
}

impl TaggedTokens<'_, '_> {
    /// Every hit of one set, overlapping ones included, as [`PatternSet::find_all`] finds
    /// them.
    pub fn find_all(&self, set: Set) -> Vec<Hit> {
        let words = &self.lexicon.sets[set as usize];
        let mut hits = Vec::new();
        for (i, &tag) in self.tags.iter().enumerate().filter(|(_, &tag)| tag != 0) {
            for &p in self.entries[tag as usize].starts[set as usize].iter() {
                let pattern = &words.patterns[p as usize];
                if self.rest_matches(pattern, i) {
                    hits.push(Hit {
                        pattern: p as usize,
                        tokens: i..i + pattern.len(),
                    });
                }
            }
        }
        hits
    }

    /// True when the words after the first match the tokens after `start`, in one clause.
    fn rest_matches(&self, pattern: &[u32], start: usize) -> bool {
        let end = start + pattern.len();
        if end > self.tags.len() {
            return false;
        }
        let tokens = &self.tokens.tokens;
        let clause = tokens[start].clause;
        pattern[1..].iter().zip(start + 1..end).all(|(word, t)| {
            tokens[t].clause == clause
                && self.entries[self.tags[t] as usize]
                    .words
                    .binary_search(word)
                    .is_ok()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Pattern;
    use crate::matching::FormsCache;
    use crate::text::tokenize;

    fn set(terms: &[&str]) -> PatternSet {
        PatternSet::new(terms.iter().map(|t| Pattern::parse(t).unwrap()))
    }

    /// The hits of each set by the fast search and by the sets' own.
    fn both_ways(sets: [&PatternSet; SETS], text: &str, cache: &mut TagCache) -> Vec<String> {
        let compiled = LexiconWords::new(sets);
        let tokens = tokenize(text);
        let mut readings = FormsCache::default();
        let forms = readings.readings(&tokens);
        let tagged = compiled.tag(sets, &tokens, cache);
        [Set::Terms, Set::Actors, Set::Cues]
            .into_iter()
            .map(|which| {
                let fast = tagged.find_all(which);
                assert_eq!(fast, sets[which as usize].find_all(&tokens, &forms));
                format!("{fast:?}")
            })
            .collect()
    }

    #[test]
    fn finds_what_each_set_finds_alone() {
        let terms = set(&["مرتزقة", "=الغزو التركي", "احتلال*", "قوات مساعدة"]);
        let actors = set(&["تركيا", "أردوغان", "حكومة الوفاق"]);
        let cues = set(&["زعم", "قال", "ما يسمى"]);
        let text = "وقال أردوغان إن المرتزقة، والغزو التركي واحتلالها «قوات مساعدة» لحكومة الوفاق \
                    وما يسمى بتركيا. الغزو، التركي قوات";
        let hits = both_ways([&terms, &actors, &cues], text, &mut TagCache::default());
        assert!(hits.iter().all(|h| h != "[]"), "{hits:?}");
    }

    #[test]
    fn forms_too_long_to_keep_are_matched_all_the_same() {
        let terms = set(&["مرتزق*", "قوات مساعدة"]);
        let long = "والمرتزقونالمرتزقونالمرتزقون";
        assert!(ShortForm::new(&crate::text::normalize(long)).is_none());
        let text = format!("{long} قوات مساعدة، {long} قوات");
        let hits = both_ways([&terms, &terms, &terms], &text, &mut TagCache::default());
        assert!(hits[0].contains("pattern: 0"), "{hits:?}");
    }

    #[test]
    fn a_cache_shared_by_two_lexicons_keeps_them_apart() {
        let (a, b, none) = (set(&["مرتزقة"]), set(&["تركيا"]), set(&[]));
        let text = "المرتزقة في تركيا";
        let mut cache = TagCache::default();
        let first = both_ways([&a, &none, &none], text, &mut cache);
        let second = both_ways([&b, &none, &none], text, &mut cache);
        assert_ne!(first[0], second[0]);
    }
}
