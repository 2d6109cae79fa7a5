//! One line of JSON Lines read as an object, as leniently as scrapers' output needs: a
//! key written twice is reported instead of silently resolved, and a lone UTF-16
//! surrogate escape (Python's `json.dumps` writes `"\ud800"` for broken text) becomes
//! U+FFFD instead of costing the whole line.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::error::Category;
use serde_json::map::Entry;
use serde_json::{Map, Value};

/// An object's fields in the order written, repeated keys included: serde_json's own map
/// keeps the last of a repeated key without a word.
pub(super) struct JsonObject(Vec<(String, Value)>);

impl JsonObject {
    /// The fields as a map, the last of a repeated key winning (as in serde_json and
    /// Python's json), and the keys that were repeated.
    pub(super) fn into_map(self) -> (Map<String, Value>, Vec<String>) {
        let mut map = Map::new();
        let mut repeated = Vec::new();
        for (key, value) in self.0 {
            match map.entry(key) {
                Entry::Occupied(mut field) => {
                    if !repeated.contains(field.key()) {
                        repeated.push(field.key().clone());
                    }
                    field.insert(value);
                }
                Entry::Vacant(field) => {
                    field.insert(value);
                }
            }
        }
        (map, repeated)
    }
}

impl<'de> Deserialize<'de> for JsonObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = JsonObject;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<JsonObject, A::Error> {
                let mut fields = Vec::with_capacity(access.size_hint().unwrap_or(8));
                while let Some(field) = access.next_entry()? {
                    fields.push(field);
                }
                Ok(JsonObject(fields))
            }
        }
        deserializer.deserialize_map(Fields)
    }
}

/// The line's object, or why the line was skipped. A line that parses only once its lone
/// surrogate escapes are replaced gets a note in `notes` saying so.
pub(super) fn json_object(text: &str, notes: &mut Vec<String>) -> Result<JsonObject, String> {
    let error = match serde_json::from_str::<JsonObject>(text) {
        Ok(object) => return Ok(object),
        Err(e) => e,
    };
    if let Some((repaired, lone)) = lone_surrogates_replaced(text) {
        if let Ok(object) = serde_json::from_str::<JsonObject>(&repaired) {
            notes.push(format!(
                "{lone} lone UTF-16 surrogate escape(s) such as \\ud800 were replaced by U+FFFD (\u{FFFD})"
            ));
            return Ok(object);
        }
    }
    Err(json_problem(text, &error))
}

/// Why a line is not a JSON object, with the column (serde's "line 1" would be confusing
/// next to the file's line number), and the likely cause when it is a pretty-printed JSON
/// file.
fn json_problem(text: &str, e: &serde_json::Error) -> String {
    let start = text.trim_start();
    if start.starts_with('[') || start == "{" {
        return "this looks like a JSON array or a pretty-printed object, but mizan reads JSON Lines: one complete object a line (jq -c '.[]' converts an array); the line was skipped".into();
    }
    if e.classify() == Category::Data {
        return "not a JSON object (one {\"id\": ..., \"text\": ...} a line); the line was skipped"
            .into();
    }
    let what = e.to_string();
    let what = what.split(" at line ").next().unwrap_or(&what);
    format!(
        "not valid JSON at column {}: {what}; the line was skipped",
        e.column()
    )
}

/// The text with every lone UTF-16 surrogate escape (a `\ud800` without its pair, or a
/// pair's second half alone) written as `\ufffd`, and how many there were; None when there
/// are none.
fn lone_surrogates_replaced(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut repaired = String::with_capacity(text.len());
    let (mut copied, mut lone, mut at) = (0, 0, 0);
    while at < bytes.len() {
        if bytes[at] != b'\\' {
            at += 1;
            continue;
        }
        let is_lone = match escaped_unit(bytes, at) {
            None => {
                at += 2;
                continue;
            }
            Some(0xD800..=0xDBFF) => !matches!(escaped_unit(bytes, at + 6), Some(0xDC00..=0xDFFF)),
            Some(unit) => (0xDC00..=0xDFFF).contains(&unit),
        };
        if is_lone {
            repaired.push_str(&text[copied..at]);
            repaired.push_str("\\ufffd");
            copied = at + 6;
            lone += 1;
            at += 6;
        } else {
            at += if escaped_unit(bytes, at + 6).is_some() {
                12
            } else {
                6
            };
        }
    }
    (lone > 0).then(|| {
        repaired.push_str(&text[copied..]);
        (repaired, lone)
    })
}

/// The UTF-16 code unit of a `\uXXXX` escape starting at `at`.
fn escaped_unit(bytes: &[u8], at: usize) -> Option<u16> {
    match bytes.get(at..at + 6)? {
        [b'\\', b'u', hex @ ..] => u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (Result<Vec<String>, String>, Vec<String>) {
        let mut notes = Vec::new();
        let keys = json_object(text, &mut notes)
            .map(|object| object.0.into_iter().map(|(key, _)| key).collect());
        (keys, notes)
    }

    #[test]
    fn repeated_keys_are_all_kept_in_order_and_the_last_wins_in_the_map() {
        let (keys, _) = parsed(r#"{"id":"d2","text":"a","id":"d3"}"#);
        assert_eq!(keys.unwrap(), ["id", "text", "id"]);
        let mut notes = Vec::new();
        let object = json_object(r#"{"id":"d2","id":"d3","id":"d4"}"#, &mut notes).unwrap();
        let (map, repeated) = object.into_map();
        assert_eq!(map["id"], "d4");
        assert_eq!(repeated, ["id"]);
    }

    #[test]
    fn lone_surrogates_become_replacement_characters_and_pairs_stay() {
        let mut notes = Vec::new();
        let object = json_object(
            r#"{"text":"a \ud800 b \udc00 c \ud83d\ude00 d \\ud800"}"#,
            &mut notes,
        )
        .unwrap();
        let (map, _) = object.into_map();
        assert_eq!(map["text"], "a \u{FFFD} b \u{FFFD} c 😀 d \\ud800");
        assert_eq!(notes.len(), 1);
        assert!(notes[0].starts_with("2 lone UTF-16 surrogate"), "{notes:?}");
    }

    #[test]
    fn lines_that_are_not_objects_say_what_they_are() {
        let (array, _) = parsed(r#"[{"id":1}]"#);
        assert!(array.unwrap_err().contains("JSON array"));
        let (string, _) = parsed(r#""just text""#);
        assert!(string.unwrap_err().starts_with("not a JSON object"));
        let (broken, _) = parsed(r#"{"id":"b","text": oops"#);
        assert!(broken
            .unwrap_err()
            .starts_with("not valid JSON at column 19"));
    }
}
