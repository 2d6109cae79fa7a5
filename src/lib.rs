//! mizan (ميزان, "scale, balance") compares how Arabic news articles frame a contested
//! topic, first of all Turkey's role in Libya.
//!
//! The pipeline runs one way, one module a stage:
//! [`corpus`] (load, decode, metadata) -> [`text`] (normalise, tokens, sentences, quotes) ->
//! [`lexicon`] + [`matching`] (compiled lexicons, matches with voice and actor) ->
//! [`features`] (counts per frame, stance with interval) -> [`analysis`] (clusters, map) ->
//! [`report`] (CSV, Markdown, HTML, PNG charts). [`pipeline`] ties the per-document stages
//! together; the command-line front end lives in [`cmd`].

#![forbid(unsafe_code)]

/// Prints a line on standard error, as `eprintln!` does, but goes on when standard error
/// is closed (`mizan report 2>&1 | head`), where `eprintln!` panics: the run still
/// finishes its files.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod analysis;
pub mod cmd;
pub mod corpus;
pub mod features;
pub mod fingerprint;
pub mod growth;
pub mod lexicon;
pub mod listing;
pub mod matching;
pub mod overwrite;
pub mod pipeline;
pub mod report;
pub mod text;
