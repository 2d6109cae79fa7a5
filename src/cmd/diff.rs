//! `mizan diff RUN_A RUN_B`: what changed between two report folders.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use crate::report::{change_report, diff_runs};

/// Compare two report folders: lexicon terms added, removed or reweighted, documents
/// whose stance moved (and the terms responsible), cluster changes.
///
/// Example: mizan diff reports/before reports/latest
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier report folder.
    pub before: PathBuf,
    /// The later report folder.
    pub after: PathBuf,
}

pub fn run(args: DiffArgs) -> Result<ExitCode> {
    let diff = diff_runs(&args.before, &args.after)?;
    std::io::stdout().write_all(change_report(&diff).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
