//! The normaliser, tokenizer and matcher on any text: no panic, normalisation idempotent,
//! every token and match inside the text with the exact surface (the invariants of
//! tests/integration/properties.rs, for long runs).

#![no_main]

use libfuzzer_sys::fuzz_target;
use mizan::lexicon::Pattern;
use mizan::matching::{find_in_text, FormsCache, PatternSet};
use mizan::report::char_slice;
use mizan::text::{normalize, tokenize};

const TERMS: &[&str] = &[
    "الغزو التركي",
    "مرتزقة",
    "مرتزق*",
    "=التركي",
    "حكومة الوفاق",
    "ليبيا",
];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = normalize(&text);
    assert_eq!(normalize(&once), once, "normalisation is not idempotent");

    let chars = text.chars().count();
    let tokens = tokenize(&text);
    for (i, t) in tokens.tokens.iter().enumerate() {
        assert!(
            t.start < t.end && t.end <= chars,
            "token {i} at {}..{} of {chars}",
            t.start,
            t.end
        );
        assert!(normalize(char_slice(&text, t.start..t.end)).contains(tokens.norm(i)));
    }

    let set = PatternSet::new(TERMS.iter().map(|t| Pattern::parse(t).unwrap()));
    let (tokens, hits) = find_in_text(&set, &text, &mut FormsCache::default());
    for hit in hits {
        let (start, end) = (
            tokens.tokens[hit.tokens.start].start,
            tokens.tokens[hit.tokens.end - 1].end,
        );
        let surface: String = text.chars().skip(start).take(end - start).collect();
        assert_eq!(char_slice(&text, start..end), surface);
    }
});
