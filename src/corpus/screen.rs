//! The checks every document passes as the corpus streams by, with what they must
//! remember of the documents already seen (their ids, where they were read, a
//! fingerprint of their text) kept compact: a corpus of millions of small documents
//! must not need hundreds of bytes a document to be screened.

use std::num::NonZeroU32;

use hashbrown::HashTable;
use unicode_normalization::UnicodeNormalization;

use super::{has_arabic, IdSet, Ids, Item, Warning};
use crate::growth::Grow;

/// True when two places (file names) are different strings that are the same text once
/// Unicode-normalised: they look identical in a message, which must say why they differ.
fn is_spelling_twin(a: &str, b: &str) -> bool {
    a != b && a.nfc().eq(b.nfc())
}

/// Checks documents as they stream by: empty text and repeated ids are dropped with a
/// warning; text without Arabic and repeated text are kept and warned about. Warnings
/// name the file (and line) of the document.
#[derive(Default)]
pub struct Screen {
    seen: Seen,
    /// Each accepted document's text fingerprint, by its number in `seen`.
    fingerprints: Vec<u64>,
    /// The first document (its number) with each fingerprint, hashed by fingerprint: a
    /// table of bare numbers costs a third of a map from fingerprint to number.
    texts: HashTable<u32>,
    /// Warnings about documents that were kept.
    kept: Vec<Warning>,
}

impl Screen {
    pub fn check(&mut self, item: Item) -> Item {
        let mut doc = item?;
        let warn = |message: String| Warning::about(&doc.source, &doc.id, message);
        if doc.id.trim().is_empty() {
            return Err(warn("the document has an empty id; it was skipped".into()));
        }
        if doc.text.trim().is_empty() {
            return Err(warn("the text is empty; the document was skipped".into()));
        }
        if let Some(first) = self.seen.find(&doc.id) {
            let first = self.seen.source(first);
            let twins = if is_spelling_twin(&first, &doc.source) {
                "; the two names differ only in how their accented letters are encoded (Unicode NFC and NFD, as macOS and Linux write them), so rename one"
            } else {
                ""
            };
            return Err(warn(format!(
                "the document at {first} already has this id; this one was skipped (ids must be unique){twins}"
            )));
        }
        let this = self.seen.add(&doc.id, Warning::place(&doc.source));
        if !has_arabic(&doc.text) {
            doc.notes.push(
                "the text has no Arabic letters; it is kept but cannot match the lexicons".into(),
            );
        }
        for note in doc.notes.drain(..) {
            self.kept.push(warn(note));
        }
        let print = fingerprint(&doc.text);
        self.fingerprints.grow(1);
        self.fingerprints.push(print);
        let prints = &self.fingerprints;
        match self.texts.find(print, |&n| prints[n as usize] == print) {
            Some(&first) => self.kept.push(warn(format!(
                "the text is identical to document {}; both are kept and counted",
                self.seen.id(first)
            ))),
            None => {
                self.texts
                    .insert_unique(print, this, |&n| prints[n as usize]);
            }
        }
        Ok(doc)
    }

    /// The ids of the documents accepted, in order: a report's documents are these, and
    /// take their ids from here rather than keep a second copy.
    pub fn into_ids(self) -> Ids {
        self.seen.ids.into_ids()
    }

    /// Warnings about kept documents: notes, and text that repeats an earlier document.
    pub fn take_warnings(&mut self) -> Vec<Warning> {
        let mut all: Vec<Warning> = self.kept.drain(..).collect();
        all.sort_by(|a, b| a.id.cmp(&b.id));
        all
    }
}

/// A 64-bit hash of the text without its surrounding white space. foldhash's quality
/// hasher with fixed keys: it reads long input many bytes a multiplication, where the
/// standard library's SipHash spent a cycle a byte on every text of the corpus.
fn fingerprint(text: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::default().hash_one(text.trim())
}

/// The documents accepted so far, numbered in order: their ids, and where each was read
/// (a file, and the line for `file:line`).
#[derive(Default)]
struct Seen {
    ids: IdSet,
    /// The files documents were read from, each with the number of the first document
    /// read from it: a corpus is read file by file, so a document's file is the last one
    /// that begins at or before it, and only its line (4 bytes) is kept per document.
    files: Vec<(String, u32)>,
    lines: Vec<Option<NonZeroU32>>,
}

impl Seen {
    /// The number of the document with this id, if one was accepted.
    fn find(&self, id: &str) -> Option<u32> {
        self.ids.find(id)
    }

    /// Accepts a document (its id not seen before) and returns its number.
    fn add(&mut self, id: &str, source: &str) -> u32 {
        let n = self.ids.add(id);
        let (file, line) = split_line(source);
        if self.files.last().map(|(f, _)| f.as_str()) != Some(file) {
            self.files.push((file.to_string(), n));
        }
        self.lines.grow(1);
        self.lines.push(line);
        n
    }

    fn id(&self, n: u32) -> &str {
        self.ids.get(n)
    }

    /// Where document `n` was read, as its warnings say it.
    fn source(&self, n: u32) -> String {
        let file = self.files.partition_point(|&(_, first)| first <= n) - 1;
        let file = &self.files[file].0;
        match self.lines[n as usize] {
            Some(line) => format!("{file}:{line}"),
            None => file.clone(),
        }
    }
}

/// `file:line` as the file and the line (from 1); any other source as it is.
pub(super) fn split_line(source: &str) -> (&str, Option<NonZeroU32>) {
    source
        .rsplit_once(':')
        .and_then(|(file, line)| {
            let number: NonZeroU32 = line.parse().ok()?;
            (number.to_string() == line).then_some((file, Some(number)))
        })
        .unwrap_or((source, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_given_back_exactly_as_read() {
        for source in [
            "a.jsonl:12",
            "dir/a.txt",
            "c:\\x.csv:007",
            "x:",
            "y:0",
            "corpus",
        ] {
            let mut seen = Seen::default();
            seen.add("first", "other.jsonl:1");
            let n = seen.add("id", source);
            assert_eq!(seen.source(n), source);
            assert_eq!(seen.id(n), "id");
            assert_eq!(seen.find("id"), Some(n));
        }
    }
}
