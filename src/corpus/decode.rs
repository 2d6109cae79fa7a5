//! Turning a document's bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM (or
//! recognisably without) and Windows-1256, the encodings mizan supports. Bytes that are
//! none of these are read as Windows-1256 with a note naming what chardetng thinks they are:
//! another legacy reading (windows-1252, say) would only hide the problem behind Latin text.
//! Decoding is never lossy without saying so, and the text that comes out is text:
//! control characters (NUL and the like, which scrapers leave behind and which break
//! CSV viewers and HTML) become spaces, with a note, so character offsets stay the same.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1256};

/// Decoded text, the encoding it came in, and a note when something was off. The text
/// borrows the bytes when they were UTF-8 with nothing to replace, the common case: a
/// JSONL corpus is then parsed where it was read, not from a copy of every line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'b> {
    pub text: Cow<'b, str>,
    pub encoding: &'static str,
    /// A sentence for the user when the decoding was a guess or replaced bytes.
    pub note: Option<String>,
    /// True when the bytes are not text at all (an image, an archive): more than one
    /// character in ten, and at least eight, were control characters (a stray NUL in a
    /// short article is not enough).
    pub binary: bool,
}

/// Decodes `bytes`, detecting the encoding, and replaces control characters by spaces.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    let mut decoded = detect(bytes);
    let controls = match without_controls(&decoded.text) {
        Some((clean, count)) => {
            decoded.text = Cow::Owned(clean);
            count
        }
        None => 0,
    };
    decoded.binary = controls >= 8 && controls * 10 > decoded.text.chars().count();
    if controls > 0 && !decoded.binary {
        let note = format!("{controls} control character(s) such as NUL were replaced by spaces");
        decoded.note = Some(match decoded.note.take() {
            Some(n) => format!("{n}; {note}"),
            None => note,
        });
    }
    decoded
}

/// Replaces control characters other than tab, line feed, carriage return and form feed by
/// spaces (one for one, so character offsets are kept); returns how many there were.
pub fn replace_controls(text: &mut String) -> usize {
    match without_controls(text) {
        Some((clean, count)) => {
            *text = clean;
            count
        }
        None => 0,
    }
}

/// `text` with its control characters replaced (as [`replace_controls`]) and how many
/// there were, or `None` when it holds none.
fn without_controls(text: &str) -> Option<(String, usize)> {
    if !may_hold_controls(text) {
        return None;
    }
    let is_bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}');
    let count = text.chars().filter(|c| is_bad(*c)).count();
    (count > 0).then(|| {
        let clean = text.chars().map(|c| if is_bad(c) { ' ' } else { c });
        (clean.collect(), count)
    })
}

/// True when `text` holds a control character to replace: a byte below 0x20 other than
/// tab, line feed, carriage return or form feed, 0x7F, or 0xC2 0x80-0x9F (U+0080-U+009F).
/// A scan of bytes in overlapping blocks without early exit, which the compiler
/// vectorises; decoding every character to ask `char::is_control` was 5% of `score`.
fn may_hold_controls(text: &str) -> bool {
    const BLOCK: usize = 256;
    let ascii = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) | (b == 0x7F);
    let c1 = |pair: &[u8]| (pair[0] == 0xC2) & (pair[1] < 0xA0);
    let bytes = text.as_bytes();
    (0..bytes.len()).step_by(BLOCK).any(|start| {
        let block = &bytes[start..bytes.len().min(start + BLOCK + 1)];
        block.iter().fold(false, |seen, &b| seen | ascii(b))
            | block.windows(2).fold(false, |seen, pair| seen | c1(pair))
    })
}

fn detect(bytes: &[u8]) -> Decoded<'_> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(encoding, &bytes[bom_len..], None);
    }
    // Before UTF-8: Arabic in UTF-16 is all bytes below 0x80, hence "valid UTF-8".
    if let Some(encoding) = utf16_without_bom(bytes) {
        let note = format!(
            "no byte-order mark; the byte pattern says {}",
            encoding.name()
        );
        return decode_with(encoding, bytes, Some(note));
    }
    // simdutf8 validates with vector instructions, several times faster than std, and
    // every byte of a corpus passes here.
    match simdutf8::compat::from_utf8(bytes) {
        Ok(text) => {
            return Decoded {
                text: Cow::Borrowed(text),
                encoding: UTF_8.name(),
                note: None,
                binary: false,
            }
        }
        Err(e) if reads_as_utf8(bytes) => {
            let note = format!("not valid UTF-8 from byte {} on", e.valid_up_to());
            return decode_with(UTF_8, bytes, Some(note));
        }
        Err(_) => {}
    }
    legacy(bytes)
}

/// Bytes that are not UTF-8 are read as Windows-1256, the only legacy encoding mizan
/// supports; when chardetng guesses another one, the note says so.
fn legacy(bytes: &[u8]) -> Decoded<'_> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let note = if guess == WINDOWS_1256 {
        format!("not valid UTF-8; detected {}", guess.name())
    } else {
        format!(
            "not valid UTF-8; the bytes look like {}, which mizan does not read, so they were read as {} (save the file as UTF-8)",
            guess.name(),
            WINDOWS_1256.name()
        )
    };
    decode_with(WINDOWS_1256, bytes, Some(note))
}

fn decode_with<'b>(
    encoding: &'static Encoding,
    bytes: &'b [u8],
    note: Option<String>,
) -> Decoded<'b> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let note = if had_errors {
        let lost = text
            .chars()
            .filter(|c| *c == char::REPLACEMENT_CHARACTER)
            .count();
        Some(format!(
            "{}{lost} byte sequence(s) could not be decoded as {} and were replaced by U+FFFD",
            note.map(|n| n + "; ").unwrap_or_default(),
            encoding.name()
        ))
    } else {
        note
    };
    Decoded {
        text,
        encoding: encoding.name(),
        note,
        binary: false,
    }
}

/// UTF-8 with damaged bytes (a cut download, a bad splice, a line appended by an old
/// Windows editor) is still UTF-8: a legacy reading would turn all of its Arabic into
/// gibberish. Legacy Arabic text (Windows-1256) almost never forms valid multi-byte UTF-8,
/// and valid UTF-8 Arabic letters even more rarely (their lead bytes are four letters of
/// Windows-1256, and must be followed by punctuation or a Persian letter). So the bytes are
/// UTF-8 when valid multi-byte characters far outnumber the damaged sequences, or when the
/// valid part holds Arabic characters at least a quarter as many as the damaged sequences
/// (a short headline half in each encoding, issue #6).
fn reads_as_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut arabic, mut bad) = (0usize, 0usize, 0usize);
    for c in String::from_utf8_lossy(bytes).chars() {
        match c {
            char::REPLACEMENT_CHARACTER => bad += 1,
            c if !c.is_ascii() => {
                good += 1;
                arabic += usize::from(super::is_arabic(c));
            }
            _ => {}
        }
    }
    good >= 4 * bad || 4 * arabic >= bad
}

/// UTF-16 written without a BOM: in nearly every code unit the high byte is that of
/// Latin (0x00), Arabic (0x06) or presentation forms (0xFB, 0xFE). Text in UTF-8 never
/// has these bytes (they are control characters or invalid), nor at every other position
/// does a legacy encoding.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let units = bytes.len() / 2;
    // At least nine units in ten high: the scan stops at the first low byte too many,
    // near the start of any text that is not UTF-16, so UTF-8 costs little here.
    let lows_allowed = units - (units * 9).div_ceil(10);
    let mostly_high = |parity: usize| {
        bytes
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| !matches!(**b, 0x00 | 0x06 | 0xFB | 0xFE))
            .nth(lows_allowed)
            .is_none()
    };
    // Both halves "high" is a run of NULs, not UTF-16.
    if mostly_high(1) && !mostly_high(0) {
        Some(UTF_16LE)
    } else if mostly_high(0) && !mostly_high(1) {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_with_and_without_bom() {
        assert_eq!(decode("غزو".as_bytes()).text, "غزو");
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice("غزو".as_bytes());
        let d = decode(&with_bom);
        assert_eq!((&*d.text, d.encoding, d.note), ("غزو", "UTF-8", None));
    }

    #[test]
    fn reads_utf16_with_bom_and_windows_1256() {
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("الغزو التركي".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&utf16).text, "الغزو التركي");
        let (cp1256, _, _) =
            encoding_rs::WINDOWS_1256.encode("المرتزقة في ليبيا والغزو التركي للبلاد");
        let d = decode(&cp1256);
        assert_eq!(d.text, "المرتزقة في ليبيا والغزو التركي للبلاد");
        assert_eq!(d.encoding, "windows-1256");
    }

    #[test]
    fn reads_arabic_utf16_without_bom_and_damaged_utf8() {
        let le: Vec<u8> = "الغزو التركي"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&le).text, "الغزو التركي");
        let be: Vec<u8> = "الغزو التركي"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode(&be).text, "الغزو التركي");
        let mut damaged = "الغزو ".as_bytes().to_vec();
        damaged.extend_from_slice(&[0xFF, 0xFE]);
        damaged.extend_from_slice(" التركي".as_bytes());
        let d = decode(&damaged);
        assert_eq!(
            (&*d.text, d.encoding),
            ("الغزو \u{FFFD}\u{FFFD} التركي", "UTF-8")
        );
        assert!(d.note.unwrap().contains("from byte 11"));
        assert_eq!(decode(b"          ").text, "          ");
    }

    #[test]
    fn reads_a_short_mix_of_utf8_and_windows_1256_as_utf8_with_replacements() {
        let mut mixed = "المرتزقة السوريين ".as_bytes().to_vec();
        let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode("تركيا ترسل المرتزقة");
        mixed.extend_from_slice(&cp1256);
        let d = decode(&mixed);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.starts_with("المرتزقة السوريين \u{FFFD}"));
        let note = d.note.unwrap();
        assert!(note.contains("not valid UTF-8 from byte 34 on"), "{note}");
        assert!(note.contains("replaced by U+FFFD"), "{note}");
    }

    #[test]
    fn reads_bytes_of_an_unsupported_encoding_as_windows_1256_and_says_so() {
        let (latin1, _, _) =
            encoding_rs::WINDOWS_1252.encode("Le café est très chaud à Tripoli, écrit-il.");
        let d = decode(&latin1);
        assert_eq!(d.encoding, "windows-1256");
        assert!(d.text.contains("café"), "{}", d.text);
        let note = d.note.unwrap();
        assert!(
            note.contains("look like windows-1252, which mizan does not read"),
            "{note}"
        );
    }

    #[test]
    fn replaces_stray_controls_and_flags_binary() {
        let d = decode("غزو\0تركي".as_bytes());
        assert_eq!((&*d.text, d.binary), ("غزو تركي", false));
        assert!(d.note.unwrap().contains("1 control character"));
        let mut text = "غزو\u{85}تركي\u{9F}\tو\u{A0}ليبيا\u{7F}".to_string();
        assert_eq!(
            replace_controls(&mut text),
            3,
            "C1 controls and DEL count too"
        );
        assert_eq!(text, "غزو تركي \tو\u{A0}ليبيا ");
        let junk: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        assert!(decode(&junk).binary);
    }
}
