//! The corpus decoder and readers on any bytes: `mizan::corpus::decode`, then the bytes as
//! a `.txt` document, a `.csv` corpus and a `.jsonl` corpus. No panic, no control
//! character left in decoded text, and a corpus either loads or fails with a message.

#![no_main]

use std::fs;

use libfuzzer_sys::fuzz_target;
use mizan::corpus::{decode, Corpus};

fuzz_target!(|data: &[u8]| {
    let decoded = decode(data);
    assert!(!decoded
        .text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}')));

    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("folder")).unwrap();
    let files = [
        ("folder/doc.txt", "folder"),
        ("corpus.csv", "corpus.csv"),
        ("corpus.jsonl", "corpus.jsonl"),
    ];
    for (file, spec) in files {
        fs::write(dir.path().join(file), data).unwrap();
        match Corpus::load(dir.path().join(spec).to_str().unwrap()) {
            Ok(corpus) => assert!(!corpus.documents.is_empty()),
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
});
