//! The [`Matcher`](super::Matcher)'s fast search. Its three pattern sets are compiled
//! together over their distinct words, and each distinct text form is analysed once per
//! worker (kept in the [`FormsCache`](super::FormsCache)) into the ids of the lexicon
//! words it matches. Most forms match none, so most tokens cost one hash lookup; only the
//! few that match a word take part in the search. The hits are exactly those of
//! [`PatternSet::find_all`] on the same sets.

use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::{FxBuildHasher, FxHashMap};

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

/// The cache's sets are 2^17 pairs of slots: 262,144 forms in 8 MB per worker.
const SET_BITS: u32 = 17;

/// Distinct matching forms whose entries are kept before the cache starts afresh. Only
/// forms that match a lexicon word have entries, a few thousand on the benchmark corpus;
/// the limit bounds memory against a lexicon whose wildcards match half the vocabulary.
const MATCHING_LIMIT: usize = 100_000;

/// Bytes of a [`ShortForm`]: with a `u32` entry id, 32 bytes to a slot.
const SHORT_FORM: usize = 28;

/// A form of at most `SHORT_FORM - 1` bytes (13 Arabic letters, nearly every word), kept
/// in the cache's slots themselves: its bytes, zero-padded, and its length in the last
/// byte (all zeros is an empty slot: no form is empty). Every token of every document is
/// looked up in the cache, and a key held elsewhere (a `Box<str>`) cost one more read
/// from memory per lookup, most of the lookup's time once the table outgrew the
/// processor's caches.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
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

/// A short form and its entry.
#[derive(Clone, Copy, Default)]
struct Slot {
    form: ShortForm,
    entry: u32,
}

/// Two slots in one 64-byte line of memory, the more recently used first: a lookup reads
/// one line, where a general hash table reads its control bytes and then its slot, two
/// waits on memory for a form not met lately.
#[derive(Clone, Copy, Default)]
#[repr(align(64))]
struct SlotPair([Slot; 2]);

/// Each short form's entry for one lexicon, as a two-way set-associative cache: a form
/// met again finds its entry in its set unless two other forms of the set were met since
/// (the Zipfian head of a corpus stays; the tail comes and goes), memory is fixed, and
/// nothing is ever emptied wholesale. Entry 0 is the form that matches nothing; forms that
/// match are few and also kept by form, so forgetting one costs a lookup, not an analysis.
/// Longer forms, rare, are looked up by form only.
pub struct TagCache {
    lexicon: u64,
    /// log2 of the number of sets (fewer in tests, to make forms collide).
    set_bits: u32,
    sets: Vec<SlotPair>,
    matching: FxHashMap<Box<str>, u32>,
    entries: Vec<FormTags>,
}

impl Default for TagCache {
    fn default() -> TagCache {
        TagCache {
            lexicon: 0,
            set_bits: SET_BITS,
            sets: Vec::new(),
            matching: FxHashMap::default(),
            entries: Vec::new(),
        }
    }
}

impl TagCache {
    /// Empties the cache unless it holds `lexicon`'s tags and has room.
    fn prepare(&mut self, lexicon: u64) {
        let full = self.matching.len() > MATCHING_LIMIT;
        if self.lexicon != lexicon || full || self.sets.is_empty() {
            self.lexicon = lexicon;
            self.sets.clear();
            self.sets.resize(1 << self.set_bits, SlotPair::default());
            self.matching.clear();
            self.entries.clear();
            self.entries.push(FormTags::default());
        }
    }

    /// The entry of `word`, from `analyse` the first time the word is seen.
    fn entry_of(&mut self, word: &str, analyse: impl FnOnce() -> FormTags) -> u32 {
        let Some(form) = ShortForm::new(word) else {
            return self.matching_entry(word, analyse);
        };
        let mask = self.sets.len() - 1;
        let at = FxBuildHasher.hash_one(form) as usize & mask;
        let [first, second] = self.sets[at].0;
        if first.form == form {
            return first.entry;
        }
        if second.form == form {
            self.sets[at].0 = [second, first];
            return second.entry;
        }
        let entry = self.matching_entry(word, analyse);
        self.sets[at].0 = [Slot { form, entry }, first];
        entry
    }

    /// The entry of a form the sets do not hold: kept by form if it matches, else 0.
    fn matching_entry(&mut self, word: &str, analyse: impl FnOnce() -> FormTags) -> u32 {
        if let Some(&entry) = self.matching.get(word) {
            return entry;
        }
        let form = analyse();
        if form.words.is_empty() {
            return 0;
        }
        self.entries.push(form);
        let entry = (self.entries.len() - 1) as u32;
        self.matching.insert(word.into(), entry);
        entry
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
                if !self.words.may_begin(word) {
                    return 0;
                }
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
    fn forms_the_cache_forgot_are_tagged_again() {
        let terms = set(&["مرتزقة", "=الغزو التركي", "احتلال*"]);
        let actors = set(&["تركيا", "حكومة الوفاق"]);
        let filler: Vec<String> = ["سفينة", "ميناء", "صحيفة", "مدينة", "قرية", "جبل"]
            .iter()
            .flat_map(|w| ["", "و", "ب", "ال", "بال"].map(|p| format!("{p}{w}")))
            .collect();
        let text = format!(
            "المرتزقة في تركيا {} والغزو التركي واحتلالها، المرتزقة وتركيا وحكومة الوفاق",
            filler.join(" ")
        );
        let mut cache = TagCache {
            set_bits: 1,
            ..TagCache::default()
        };
        let hits = both_ways([&terms, &actors, &terms], &text, &mut cache);
        assert!(hits[0].matches("pattern").count() == 4, "{hits:?}");
        assert_eq!(cache.sets.len(), 2, "four slots for some forty forms");
        assert_eq!(cache.entries.len(), 1 + cache.matching.len());
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
