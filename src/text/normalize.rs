//! Character-level normalisation of Arabic text, shared by the corpus side and the lexicon
//! side so that both meet in the same form (DESIGN.md, "Arabic text").
//!
//! Each source character maps to zero or more normalised characters: compatibility forms
//! (presentation forms, ligatures) expand through Unicode NFKD, combining marks (tashkeel,
//! superscript alef, hamza above/below) and tatweel vanish, letter variants fold together.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// The tatweel (kashida), which stretches a word and changes nothing in it.
pub const TATWEEL: char = '\u{0640}';

/// Calls `emit` with the normalised form of `c`, one character at a time (possibly none).
pub fn normalize_char(c: char, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
        return;
    }
    if let Some(folded) = fold_basic_arabic(c) {
        if folded != '\0' {
            emit(folded);
        }
        return;
    }
    decompose_and_fold(c, emit);
}

/// The general path of [`normalize_char`]: NFKD, then each part folded.
fn decompose_and_fold(c: char, mut emit: impl FnMut(char)) {
    decompose_compatible(c, |d| {
        if let Some(folded) = fold_letter(d) {
            if folded != '\0' {
                emit(folded);
            }
        }
    });
}

/// Fast path for the letters and marks of the basic Arabic block, which make up nearly
/// all of a text: what the general path makes of them, without asking the Unicode tables
/// (the letters with hamza and ة are common enough for those lookups to show in a
/// profile). `Some('\0')` drops the character; `None` sends it down the general path.
const fn fold_basic_arabic(c: char) -> Option<char> {
    match c {
        'أ' | 'إ' | 'آ' => Some('ا'),
        'ئ' | 'ى' => Some('ي'),
        'ؤ' => Some('و'),
        'ة' => Some('ه'),
        TATWEEL | '\u{064B}'..='\u{065F}' | '\u{0670}' => Some('\0'),
        'ء' | 'ا'..='ي' => Some(c),
        _ => None,
    }
}

/// True for a word character that normalises to itself: most letters of Arabic text.
pub const fn is_plain_letter(c: char) -> bool {
    matches!(fold_basic_arabic(c), Some(folded) if folded == c)
}

/// Folds one decomposed character; `Some('\0')` means "drop it", `None` never happens for
/// characters that survive (the option keeps the call site uniform).
fn fold_letter(c: char) -> Option<char> {
    if let Some(d) = ascii_digit(c) {
        return Some(d);
    }
    let folded = match c {
        c if c == TATWEEL || is_format_char(c) => '\0',
        c if is_combining_mark(c) => '\0',
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ی' | 'ې' => 'ي',
        'ئ' => 'ي',
        'ؤ' => 'و',
        'ة' | 'ۃ' => 'ه',
        'ک' => 'ك',
        'ە' | 'ہ' | 'ھ' => 'ه',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c => c.to_lowercase().next().unwrap_or(c),
    };
    Some(folded)
}

/// Invisible characters that shape or direct text: the soft hyphen, zero-width spaces and
/// joiners, direction marks (U+200B..U+200F, U+061C) and the byte order mark.
pub fn is_format_char(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{FEFF}'
    )
}

/// The ASCII digit of an Arabic-Indic (٣) or Extended Arabic-Indic (۳) one.
pub fn ascii_digit(c: char) -> Option<char> {
    let zero = match c {
        '\u{0660}'..='\u{0669}' => '\u{0660}',
        '\u{06F0}'..='\u{06F9}' => '\u{06F0}',
        _ => return None,
    };
    Some(char::from(b'0' + (c as u32 - zero as u32) as u8))
}

/// A finite number typed by a person, who may write it with Arabic-Indic digits (٢٫٥),
/// the Arabic decimal separator ٫ and the minus sign − (U+2212) as well as in ASCII.
pub fn parse_number(s: &str) -> Option<f64> {
    let ascii: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '\u{066B}' => '.',
            '\u{2212}' => '-',
            c => ascii_digit(c).unwrap_or(c),
        })
        .collect();
    ascii.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Normalises a whole string (used for lexicon terms and user patterns).
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        normalize_char(c, |n| out.push(n));
    }
    out
}

/// True for characters that belong inside a word once normalised. ASCII and the Arabic
/// letters and digits take a fast path; the rest asks the Unicode tables.
pub fn is_word_char(c: char) -> bool {
    match c {
        c if c.is_ascii() => c.is_ascii_alphanumeric(),
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0660}'..='\u{0669}' => true,
        c if is_common_punctuation(c) => false,
        c => c.is_alphanumeric(),
    }
}

/// The punctuation of Arabic text (، ؛ ؟ ٪ ۔, « », dashes, curly quotes, …), none of it
/// alphanumeric: common enough that asking the Unicode tables showed in profiles.
const fn is_common_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{0600}'..='\u{060F}'
            | '\u{061B}'..='\u{061F}'
            | '\u{066A}'..='\u{066D}'
            | '\u{06D4}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2010}'..='\u{205E}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_folds_the_arabic_block_as_the_general_path_does() {
        for c in ('\u{0600}'..='\u{06FF}').filter(|&c| fold_basic_arabic(c).is_some()) {
            let (mut fast, mut general) = (String::new(), String::new());
            normalize_char(c, |n| fast.push(n));
            decompose_and_fold(c, |n| general.push(n));
            assert_eq!(fast, general, "U+{:04X}", c as u32);
        }
        assert!(is_plain_letter('ب') && !is_plain_letter('ة') && !is_plain_letter('\u{064E}'));
    }

    #[test]
    fn punctuation_taken_on_the_fast_path_is_not_alphanumeric() {
        let fast: Vec<char> = (char::MIN..=char::MAX)
            .filter(|&c| is_common_punctuation(c))
            .collect();
        assert!(fast.contains(&'،') && fast.contains(&'«') && fast.contains(&'…'));
        for c in fast {
            assert!(!c.is_alphanumeric(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn folds_alef_forms_hamza_seats_and_teh_marbuta() {
        assert_eq!(normalize("أإآٱ"), "اااا");
        assert_eq!(normalize("مسؤول رئيس"), "مسوول رييس");
        assert_eq!(normalize("مرتزقة على"), "مرتزقه علي");
    }

    #[test]
    fn strips_diacritics_superscript_alef_and_tatweel() {
        assert_eq!(normalize("مُرْتَزِقَةٌ"), "مرتزقه");
        assert_eq!(normalize("هٰذا"), "هذا");
        assert_eq!(normalize("الـــغزو"), "الغزو");
        // Invisible marks inside a word: a soft hyphen, a zero-width non-joiner.
        assert_eq!(
            normalize("المرت\u{AD}زقة و\u{200C}الغزو"),
            "المرتزقه والغزو"
        );
    }

    #[test]
    fn maps_presentation_forms_back_to_letters() {
        // ﻣﺮﺗﺰﻗﺔ written with presentation forms, and the lam-alef ligature.
        assert_eq!(
            normalize("\u{FEE3}\u{FEAE}\u{FE97}\u{FEB0}\u{FED8}\u{FE94}"),
            "مرتزقه"
        );
        assert_eq!(normalize("\u{FEFB}"), "لا");
    }

    #[test]
    fn maps_arabic_indic_digits_to_ascii() {
        assert_eq!(normalize("٢٠٢٠ ۱۹"), "2020 19");
    }

    #[test]
    fn numbers_are_read_in_arabic_indic_digits_and_with_the_unicode_minus() {
        assert_eq!(parse_number("\u{2212}\u{0662}"), Some(-2.0));
        assert_eq!(parse_number(" \u{0661}\u{066B}\u{0665} "), Some(1.5));
        assert_eq!(parse_number("\u{06F3}"), Some(3.0));
        assert_eq!(parse_number("-0.5"), Some(-0.5));
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("2,5"), None);
    }
}
