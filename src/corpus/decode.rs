//! Turning a document's bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM (or
//! recognisably without), Windows-1256 and other legacy encodings found by chardetng.
//! Decoding is never lossy without saying so.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Decoded text, the encoding it came in, and a note when something was off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// A sentence for the user when the decoding was a guess or replaced bytes.
    pub note: Option<String>,
}

/// Decodes `bytes`, detecting the encoding.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(encoding, &bytes[bom_len..], None);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_string(),
            encoding: UTF_8.name(),
            note: None,
        };
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        let note = format!(
            "no byte-order mark; the NUL bytes suggest {}",
            encoding.name()
        );
        return decode_with(encoding, bytes, Some(note));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    decode_with(
        encoding,
        bytes,
        Some(format!("not valid UTF-8; detected {}", encoding.name())),
    )
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8], note: Option<String>) -> Decoded {
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
        text: text.into_owned(),
        encoding: encoding.name(),
        note,
    }
}

/// UTF-16 written without a BOM shows NUL high bytes in every other position.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let pairs = bytes.len() / 2;
    let zeros_at = |parity: usize| {
        bytes
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    // Arabic in UTF-16 has 0x06 as its high byte, Latin 0x00: count both as "high".
    let high_at = |parity: usize| {
        bytes
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0 || **b == 6)
            .count()
    };
    if odd * 4 >= pairs && high_at(1) * 10 >= pairs * 9 {
        Some(UTF_16LE)
    } else if even * 4 >= pairs && high_at(0) * 10 >= pairs * 9 {
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
        assert_eq!(
            (d.text.as_str(), d.encoding, d.note),
            ("غزو", "UTF-8", None)
        );
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
}
