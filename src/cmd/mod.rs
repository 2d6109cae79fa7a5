//! The command-line front end: one file per subcommand, each an args struct (whose doc
//! comments are the help text) and a `run` function. `inputs` is the one place that
//! decides where input comes from.

pub mod diff;
pub mod explain;
mod inputs;
pub mod kwic;
pub mod lexicon;
pub mod report;
pub mod score;

use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// mizan (ميزان) compares how Arabic news articles frame Turkey's role in Libya: frame
/// profiles, an actor-aware stance score with its interval, clusters of similar framing,
/// charts, and the evidence behind every number.
#[derive(Debug, Parser)]
#[command(name = "mizan", version, about, long_about = None, arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Report(report::ReportArgs),
    Kwic(kwic::KwicArgs),
    Explain(explain::ExplainArgs),
    Score(score::ScoreArgs),
    Diff(diff::DiffArgs),
    Lexicon(lexicon::LexiconArgs),
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Report(args) => report::run(args),
        Command::Kwic(args) => kwic::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Score(args) => score::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Lexicon(args) => lexicon::run(args),
    }
}
