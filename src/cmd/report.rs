//! `mizan report`: the whole pipeline, from a corpus to a report folder.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Result};
use clap::Args;
use ndarray::Array2;

use super::inputs::InputArgs;
use crate::analysis;
use crate::features::StanceParams;
use crate::matching::Matcher;
use crate::pipeline::score_all;
use crate::report::{write_report, Report, RunInfo};

/// Analyse a corpus and write a report: documents.csv, frames.csv, matches.csv, PNG
/// charts, report.md, index.html and run.json.
///
/// Example: mizan report --corpus my-articles/ --out reports/my-run
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The report folder (written atomically; a previous mizan report there is replaced).
    #[arg(long, default_value = "reports/latest", value_name = "DIR")]
    pub out: PathBuf,
    /// Replace --out even if it holds files that are not a mizan report.
    #[arg(long)]
    pub force: bool,
    /// Neutral pseudo-matches added to every document: the larger, the more evidence a
    /// score needs to move away from 0.
    #[arg(long, default_value_t = 4.0, value_name = "N")]
    pub prior: f64,
    /// Bootstrap resamples for the stance intervals.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub resamples: usize,
    /// Seed of the bootstrap and of the clustering.
    #[arg(long, default_value_t = 20200104)]
    pub seed: u64,
}

pub fn run(args: ReportArgs) -> Result<ExitCode> {
    let params = StanceParams::new(args.prior, args.resamples, args.seed).map_err(|e| anyhow!(e))?;
    let (lexicon, lexicon_warnings) = args.input.lexicon()?;
    let corpus = args.input.corpus()?;
    let matcher = Matcher::new(&lexicon);
    let documents = score_all(&matcher, &params, corpus.documents);
    let rates = Array2::from_shape_fn((documents.len(), lexicon.frames.len()), |(i, j)| {
        documents[i].features.frames[j].per_1k
    });
    let analysis = analysis::analyse(&rates, args.seed);
    let mut warnings: Vec<String> = lexicon_warnings.iter().map(ToString::to_string).collect();
    warnings.extend(corpus.warnings.iter().map(ToString::to_string));
    let run = RunInfo {
        tool: "mizan",
        version: env!("CARGO_PKG_VERSION"),
        command: std::env::args().skip(1).collect(),
        corpus: corpus.origin,
        corpus_files: corpus.files,
        lexicons: lexicon.dir.clone(),
        lexicon_files: lexicon.files.clone(),
        stance: params,
        seed: args.seed,
    };
    let report = Report { lexicon, documents, analysis, warnings, run };
    write_report(&report, &args.out, args.force)?;
    eprintln!(
        "mizan: {} document(s) analysed; report written to {}",
        report.documents.len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
