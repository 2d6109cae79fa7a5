//! The lexicon parser on any file: `Pattern::parse` on the input as a term, then the input
//! as one file of an otherwise valid lexicon folder (its first byte picks which), loaded
//! with `mizan::lexicon::load`. No panic, and every diagnostic points inside the file.

#![no_main]

use std::fs;

use libfuzzer_sys::fuzz_target;
use mizan::lexicon::{self, Pattern};

const FRAMES: &str = "frame,label,label_ar,polarity,description\ninvasion,Invasion,غزو,-1,x\n";
const TERMS: &str = "term,weight,note\nالغزو التركي,2,\nمرتزقة,1,\n";
const ACTORS: &str = "actor,side,name,note\nturkey,1,تركيا,\n";
const CUES: &str = "cue,kind,scope,note\nقال,reported,sentence,\n";
const VOICES: &str = "voice,weight,description\nauthorial,1,\nreported,0.6,\nquoted,0.4,\ndistanced,-0.5,\nscare,-0.8,\nnegated,0,\n";
const FILES: &[&str] = &[
    "frames.csv",
    "invasion.csv",
    "actors.csv",
    "cues.csv",
    "voices.csv",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    if let Ok(term) = std::str::from_utf8(body) {
        if let Err(e) = Pattern::parse(term) {
            assert!(e.offset <= term.chars().count());
        }
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in FILES.iter().zip([FRAMES, TERMS, ACTORS, CUES, VOICES]) {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let target = FILES[pick as usize % FILES.len()];
    fs::write(dir.path().join(target), body).unwrap();
    let lines = body.split(|b| *b == b'\n').count();
    let diagnostics = match lexicon::load(dir.path()) {
        Ok((_, warnings)) => warnings,
        Err(problems) => problems,
    };
    for d in diagnostics.iter().filter(|d| d.file.ends_with(target)) {
        assert!(
            d.line <= lines,
            "{d} points past the end of the file ({lines} lines)"
        );
    }
});
