//! Invariants of the text engine, the lexicon term parser and the corpus decoder, checked
//! on generated input (proptest): no panic on any input, offsets that always land inside
//! the text, normalisation that is idempotent. The same invariants are the fuzz targets in
//! `fuzz/`, for long runs; these few hundred cases a property keep CI quick.

use mizan::corpus::decode;
use mizan::lexicon::Pattern;
use mizan::matching::{find_in_text, FormsCache, PatternSet};
use mizan::report::char_slice;
use mizan::text::{normalize, tokenize};
use proptest::prelude::*;

/// Characters that stress the text engine: Arabic letters, marks, tatweel, digits,
/// presentation forms and ligatures, quotes and punctuation of both scripts, joiners,
/// controls, whitespace, Latin, and anything at all.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => proptest::char::range('\u{0621}', '\u{064A}'),
        2 => proptest::char::range('\u{064B}', '\u{0670}'),
        1 => proptest::char::range('\u{0600}', '\u{06FF}'),
        1 => proptest::char::range('\u{FB50}', '\u{FDFF}'),
        1 => proptest::char::range('\u{FE70}', '\u{FEFF}'),
        1 => proptest::char::range('\u{2000}', '\u{206F}'),
        3 => prop::sample::select(vec![
            ' ', ' ', '\n', '\r', '\t', '.', '،', '؛', '؟', '!', ',', ':', '«', '»', '"', '“', '”',
            '\'', '‹', '›', '„', '″', '…', '*', '=', '-', '\u{0640}', '\u{200C}', '\u{200D}',
            '\u{FEFF}', '\u{0}', '\u{1}', '\u{7F}', '\u{85}', '\u{2029}', '\u{FDFA}', '\u{FDFD}',
            '\u{FEFB}', '٣', '۴', 'A', 'z', 'İ', 'ß', '\u{0301}',
        ]),
        1 => any::<char>(),
    ]
}

fn tricky_string() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..120).prop_map(|cs| cs.into_iter().collect())
}

/// Text made of lexicon-like words with clitics, punctuation and marks between them, so
/// that matches actually happen.
fn newsy_text() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "الغزو",
        "التركي",
        "والمرتزقة",
        "بالمرتزقة",
        "مرتزقة",
        "مرتزقته",
        "للمرتزقة",
        "حكومة",
        "الوفاق",
        "الشرعية",
        "ليبيا",
        "لليبيا",
        "أنقرة",
        "مُرْتَزِقَةٌ",
        "الـــغزو",
        "\u{FEFB}",
        "ﻣﺮﺗﺰﻗﺔ",
        "قال",
        "إن",
        "«",
        "»",
        "\"",
        ".",
        "،",
        "\n",
        "x",
        "٢٠٢٠",
    ]);
    let gap = prop::sample::select(vec![" ", " ", " ", "  ", "\u{200C}", "\u{0640}", "\t", ""]);
    prop::collection::vec((word, gap), 0..40)
        .prop_map(|parts| parts.into_iter().map(|(w, g)| format!("{w}{g}")).collect())
}

fn term() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "مرتزقة",
        "الغزو التركي",
        "حكومة الوفاق",
        "مرتزق*",
        "=التركي",
        "ليبيا",
        "الحكومة الشرعية",
        "أنقرة",
    ])
    .prop_map(str::to_string)
}

/// 200 cases a property in CI; `PROPTEST_CASES=100000` for a long run.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn normalisation_is_idempotent(s in tricky_string()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn normalisation_is_idempotent_on_any_string(s in any::<String>()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn tokens_lie_inside_the_text_in_order(s in prop_oneof![tricky_string(), any::<String>(), newsy_text()]) {
        let tokens = tokenize(&s);
        let chars = s.chars().count();
        let mut previous_end = 0;
        for (i, t) in tokens.tokens.iter().enumerate() {
            prop_assert!(t.start < t.end && t.end <= chars, "token {i} {}..{} in {chars} chars", t.start, t.end);
            // A ligature that expands to several words gives each of them its one character.
            prop_assert!(t.start >= previous_end || t.end == previous_end, "token {i} overlaps the one before");
            previous_end = t.end;
            let surface = char_slice(&s, t.start..t.end);
            prop_assert_eq!(surface.chars().count(), t.end - t.start);
            prop_assert!(!tokens.norm(i).is_empty());
            prop_assert!(normalize(surface).contains(tokens.norm(i)), "{:?} does not hold {:?}", surface, tokens.norm(i));
        }
        for span in &tokens.sentence_spans {
            prop_assert!(span.start <= span.end && span.end <= chars);
        }
        for q in &tokens.quotes {
            prop_assert!(q.start < q.end && q.end <= tokens.len());
        }
    }

    #[test]
    fn matches_cover_exactly_their_surface(text in newsy_text(), terms in prop::collection::vec(term(), 1..5)) {
        let set = PatternSet::new(terms.iter().map(|t| Pattern::parse(t).unwrap()));
        let (tokens, hits) = find_in_text(&set, &text, &mut FormsCache::default());
        let chars = text.chars().count();
        for hit in &hits {
            prop_assert!(hit.tokens.start < hit.tokens.end && hit.tokens.end <= tokens.len());
            let (start, end) = (tokens.tokens[hit.tokens.start].start, tokens.tokens[hit.tokens.end - 1].end);
            prop_assert!(start < end && end <= chars);
            let surface = char_slice(&text, start..end);
            let by_chars: String = text.chars().skip(start).take(end - start).collect();
            prop_assert_eq!(surface, by_chars.as_str());
            prop_assert!(!surface.starts_with(char::is_whitespace) && !surface.ends_with(char::is_whitespace), "{:?}", surface);
        }
        let mut ends = hits.iter().map(|h| (h.tokens.start, h.tokens.end)).collect::<Vec<_>>();
        ends.sort();
        prop_assert!(ends.windows(2).all(|w| w[0].1 <= w[1].0), "hits overlap: {:?}", ends);
    }

    #[test]
    fn term_parsing_never_panics(s in prop_oneof![tricky_string(), any::<String>()]) {
        if let Ok(p) = Pattern::parse(&s) {
            prop_assert!(!p.words.is_empty());
            prop_assert!(p.words.iter().all(|w| !w.letters().is_empty()));
        }
    }

    #[test]
    fn term_errors_point_inside_the_term(s in tricky_string()) {
        if let Err(e) = Pattern::parse(&s) {
            prop_assert!(e.offset <= s.chars().count(), "offset {} in {:?}", e.offset, s);
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn decoding_never_panics_and_leaves_no_control_characters(bytes in prop_oneof![
        any::<Vec<u8>>(),
        tricky_string().prop_map(String::into_bytes),
        tricky_string().prop_map(|s| s.encode_utf16().flat_map(u16::to_le_bytes).collect()),
        tricky_string().prop_map(|s| [&[0xFE, 0xFF][..], &s.encode_utf16().flat_map(u16::to_be_bytes).collect::<Vec<_>>()].concat()),
        newsy_text().prop_map(|s| encoding_rs::WINDOWS_1256.encode(&s).0.into_owned()),
    ]) {
        let d = decode(&bytes);
        prop_assert!(!d.text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}')), "{:?}", d.text);
    }

    #[test]
    fn clean_utf8_text_decodes_to_itself(s in prop_oneof![tricky_string(), any::<String>(), newsy_text()]) {
        let s: String = s.chars().filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')).collect();
        prop_assume!(!s.starts_with('\u{FEFF}'));
        let d = decode(s.as_bytes());
        prop_assert_eq!((&*d.text, d.encoding, d.note, d.binary), (s.as_str(), "UTF-8", None, false));
    }

    #[test]
    fn arabic_utf16_without_bom_is_recognised(s in newsy_text()) {
        prop_assume!(s.chars().filter(|c| ('\u{0600}'..='\u{06FF}').contains(c)).count() >= 4);
        let s = s.replace('\u{200C}', " ");
        let le: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        prop_assert_eq!(decode(&le).text, s);
    }

    #[test]
    fn char_slice_never_panics(s in tricky_string(), a in 0usize..200, b in 0usize..200) {
        let slice = char_slice(&s, a..b);
        prop_assert!(slice.chars().count() <= b.saturating_sub(a));
    }
}
