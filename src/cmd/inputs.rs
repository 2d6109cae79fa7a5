//! Where input comes from: the corpus and lexicon arguments shared by every subcommand,
//! and their loading with warnings printed to standard error.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Args;

use crate::corpus::Corpus;
use crate::lexicon::{self, Diagnostic, Lexicon};

/// The inputs of an analysis.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// The articles: a folder of .txt files (with an optional metadata.csv), a .csv or
    /// .jsonl file with id and text columns, or - for JSONL on standard input.
    #[arg(long, default_value = "seeds", value_name = "PATH")]
    pub corpus: String,
    /// The lexicon folder: frames.csv, one CSV per frame, actors.csv, cues.csv, voices.csv.
    #[arg(long, default_value = "lexicons", value_name = "DIR")]
    pub lexicons: PathBuf,
}

impl InputArgs {
    /// Loads and checks the lexicons; warnings go to standard error.
    pub fn lexicon(&self) -> Result<(Lexicon, Vec<Diagnostic>)> {
        match lexicon::load(&self.lexicons) {
            Ok((lexicon, warnings)) => {
                for w in &warnings {
                    eprintln!("mizan: {w}");
                }
                Ok((lexicon, warnings))
            }
            Err(diagnostics) => {
                for d in &diagnostics {
                    eprintln!("mizan: {d}");
                }
                let errors = diagnostics
                    .iter()
                    .filter(|d| d.severity == lexicon::Severity::Error)
                    .count();
                bail!("the lexicons in {} have {errors} error(s); fix them and run again (mizan lexicon check lists them)", self.lexicons.display())
            }
        }
    }

    /// Reads the whole corpus; warnings about documents go to standard error.
    pub fn corpus(&self) -> Result<Corpus> {
        let corpus = Corpus::load(&self.corpus)?;
        for w in &corpus.warnings {
            eprintln!("mizan: warning: {w}");
        }
        Ok(corpus)
    }
}
