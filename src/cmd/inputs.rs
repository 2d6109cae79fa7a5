//! Where input comes from: the corpus and lexicon arguments shared by every subcommand,
//! and their loading with warnings printed to standard error.

use std::path::PathBuf;

use anyhow::{anyhow, bail, Result};
use clap::Args;

use crate::corpus::Corpus;
use crate::features::StanceParams;
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
    /// Loads and checks the lexicons (the same checks as `mizan lexicon check` without a
    /// corpus); warnings go to standard error.
    pub fn lexicon(&self) -> Result<(Lexicon, Vec<Diagnostic>)> {
        match lexicon::load(&self.lexicons) {
            Ok((lexicon, mut warnings)) => {
                warnings.extend(lexicon::lint(&lexicon));
                for w in &warnings {
                    crate::say!("mizan: {w}");
                }
                Ok((lexicon, warnings))
            }
            Err(diagnostics) => {
                for d in &diagnostics {
                    crate::say!("mizan: {d}");
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
        let mut printer = WarningPrinter::default();
        for w in &corpus.warnings {
            printer.print(&w.to_string());
        }
        printer.finish("warnings.txt in the report folder");
        Ok(corpus)
    }
}

/// The parameters of the stance score and its interval, shared by report, score and
/// explain so that all three give a document the same score.
#[derive(Debug, Clone, Args)]
pub struct StanceArgs {
    /// Neutral pseudo-matches added to every document: the larger, the more evidence a
    /// score needs to move away from 0.
    #[arg(long, default_value_t = 4.0, value_name = "N")]
    pub prior: f64,
    /// Bootstrap resamples for the stance intervals.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub resamples: usize,
    /// Seed of the bootstrap (and of the clustering).
    #[arg(long, default_value_t = 20200104)]
    pub seed: u64,
}

impl StanceArgs {
    /// The checked parameters.
    pub fn params(&self) -> Result<StanceParams> {
        StanceParams::new(self.prior, self.resamples, self.seed).map_err(|e| anyhow!(e))
    }
}

/// Warnings printed to standard error: the first few in full, then a count, so that a
/// corpus with thousands of repeated texts does not bury the terminal.
#[derive(Default)]
pub struct WarningPrinter {
    count: usize,
}

/// Warnings printed in full before the rest are only counted.
const WARNINGS_SHOWN: usize = 20;

impl WarningPrinter {
    pub fn print(&mut self, warning: &str) {
        self.count += 1;
        if self.count <= WARNINGS_SHOWN {
            crate::say!("mizan: warning: {warning}");
        }
    }

    /// Prints a warning in full, however many came before: for one that is kept nowhere
    /// else. It is not counted among those that [`WarningPrinter::finish`] says are kept.
    pub fn print_in_full(&self, warning: &str) {
        crate::say!("mizan: warning: {warning}");
    }

    /// Says how many were not shown and where to find them all.
    pub fn finish(&self, where_all: &str) {
        if self.count > WARNINGS_SHOWN {
            crate::say!(
                "mizan: … and {} more warning(s); all {} are in {where_all}",
                self.count - WARNINGS_SHOWN,
                self.count
            );
        }
    }
}
