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
            for &len in &self.prefix_lengths {
                let Some((end, _)) = bare.char_indices().nth(len.saturating_sub(1)) else {
                    break;
                };
                let end = end + bare[end..].chars().next().map_or(0, char::len_utf8);
                out.extend(self.by_prefix.get(&bare[..end]).into_iter().flatten());
            }
        }
    }
}
