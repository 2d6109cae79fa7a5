//! The term syntax of the lexicon files (DESIGN.md, "Lexicons"): one or more words; `*` at
//! the end of a word matches any continuation; `=` before a word asks for exactly that form
//! (proclitics still allowed, no suffixes). Words are normalised like the text, and a
//! leading definite article is dropped because the text side strips it as a proclitic.

use crate::text::{is_only_article, normalize, WordForms};

/// How one word of a term meets a word of the text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum WordPattern {
    /// The stem, with clitics and suffixes tolerated.
    Stem(String),
    /// Exactly this form, with proclitics only (`=`).
    Exact(String),
    /// Any word beginning with this (`*`), with proclitics.
    Prefix(String),
}

impl WordPattern {
    /// True when a text word with these readings matches.
    pub fn matches(&self, forms: &WordForms) -> bool {
        match self {
            WordPattern::Stem(s) => forms.has_stem(s),
            WordPattern::Exact(s) => forms.has_bare(s),
            WordPattern::Prefix(p) => forms.has_prefix(p),
        }
    }

    /// The normalised letters this word needs, for ranking overlaps and for display.
    pub fn letters(&self) -> &str {
        match self {
            WordPattern::Stem(s) | WordPattern::Exact(s) | WordPattern::Prefix(s) => s,
        }
    }
}

/// A parsed term: its words in order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pattern {
    pub words: Vec<WordPattern>,
}

/// Why a term could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// 0-based character offset in the term where the problem is.
    pub offset: usize,
    pub message: String,
}

impl Pattern {
    /// Parses a term as written in a lexicon file or on the command line.
    pub fn parse(term: &str) -> Result<Pattern, PatternError> {
        let mut words = Vec::new();
        for (offset, raw) in words_with_offsets(term) {
            words.extend(parse_word(raw).map_err(|message| PatternError { offset, message })?);
        }
        if words.is_empty() {
            let message = if term.trim().is_empty() {
                "the term is empty; write one or more Arabic words".to_string()
            } else {
                format!(
                    "the term '{term}' has no letters once diacritics and punctuation are removed"
                )
            };
            return Err(PatternError { offset: 0, message });
        }
        Ok(Pattern { words })
    }

    /// Number of letters the pattern needs (longer patterns win overlaps).
    pub fn specificity(&self) -> usize {
        self.words.iter().map(|w| w.letters().chars().count()).sum()
    }
}

fn words_with_offsets(term: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    term.split(char::is_whitespace).filter_map(move |w| {
        let at = offset;
        offset += w.chars().count() + 1;
        (!w.is_empty()).then_some((at, w))
    })
}

/// One whitespace-separated word, which may normalise into several (e.g. a hyphen).
fn parse_word(raw: &str) -> Result<Vec<WordPattern>, String> {
    let exact = raw.starts_with('=');
    let wildcard = raw.ends_with('*');
    let core = raw.trim_start_matches('=').trim_end_matches('*');
    if core.contains('*') || core.contains('=') {
        return Err(format!(
            "'{raw}': `*` may only end a word and `=` may only begin one"
        ));
    }
    if exact && wildcard {
        return Err(format!(
            "'{raw}': a word cannot be both exact (=) and a wildcard (*)"
        ));
    }
    let parts = split_normalized(core);
    if parts.is_empty() && (exact || wildcard) {
        return Err(format!(
            "'{raw}' has no letters: `*` ends the letters a word begins with (مرتزق*) and `=` begins an exact word (=قال); there is no pattern for any word"
        ));
    }
    if parts.is_empty() {
        return Ok(Vec::new());
    }
    if let Some(article) = parts.iter().find(|p| is_only_article(p)) {
        return Err(format!(
            "'{raw}': '{article}' is only the article and its proclitics, which mizan takes off text words itself; as a term it would match words that merely begin with its letters (إلى); write the word it belongs to"
        ));
    }
    let last = parts.len() - 1;
    if let Some(short) = parts
        .iter()
        .enumerate()
        .find(|(i, p)| !(wildcard && *i == last) && p.chars().count() < 2)
    {
        return Err(format!(
            "'{raw}': the one-letter word '{}' can never match, because a text word is read as clitics around a stem of at least two letters; write the whole word, or end it with * to match the words it begins",
            short.1
        ));
    }
    Ok(parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            if exact {
                WordPattern::Exact(part)
            } else if wildcard && i == last {
                WordPattern::Prefix(strip_article(part))
            } else {
                WordPattern::Stem(strip_article(part))
            }
        })
        .collect())
}

fn split_normalized(word: &str) -> Vec<String> {
    normalize(word)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Drops a leading ال when at least two letters remain: the text side strips it too.
fn strip_article(word: String) -> String {
    match word.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest.to_string(),
        _ => word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wildcards_exact_forms_and_drops_the_article() {
        let p = Pattern::parse("الغزو =التركي مرتزق*").unwrap();
        assert_eq!(
            p.words,
            vec![
                WordPattern::Stem("غزو".into()),
                WordPattern::Exact("التركي".into()),
                WordPattern::Prefix("مرتزق".into()),
            ]
        );
    }

    #[test]
    fn rejects_terms_without_letters_and_misplaced_wildcards() {
        assert!(Pattern::parse("   ").is_err());
        assert!(Pattern::parse("\u{064E}\u{0650}").is_err());
        assert_eq!(Pattern::parse("مر*تزقة").unwrap_err().offset, 0);
        assert_eq!(Pattern::parse("غزو مر*تزقة").unwrap_err().offset, 4);
        let lone_star = Pattern::parse("مرتزق* *").unwrap_err();
        assert_eq!(lone_star.offset, 7);
        assert!(lone_star.message.contains("'*' has no letters"));
        assert!(Pattern::parse("غزو = تركي").is_err());
    }
}
