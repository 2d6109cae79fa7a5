//! mizan's integration tests: one binary, one module per area. Library-level tables for
//! the Arabic text engine; end-to-end runs of the built `mizan` binary for the rest.

mod bad_inputs;
mod formats;
mod lexicon_cmd;
mod matching;
mod properties;
mod report;
mod util;
mod voice;
