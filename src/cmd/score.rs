//! `mizan score`: the per-document map stage on its own. Streams a corpus in and feature
//! rows out (CSV or JSONL), so it can run under a cluster engine (Spark's `pipe`, Hadoop
//! streaming); `mizan report --features` builds the report from the merged rows.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use super::inputs::{InputArgs, StanceArgs, WarningPrinter};
use crate::corpus;
use crate::features::{RowFormat, RowWriter};
use crate::matching::Matcher;
use crate::pipeline::score_stream;

/// Score documents into feature rows: id, metadata, counts per frame, stance and its
/// parts. Reads JSONL from standard input with --corpus -, writes to standard output by
/// default.
///
/// Example: cat corpus.jsonl | mizan score --corpus - --format jsonl > rows.jsonl
#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Where to write the rows: a file, or - for standard output.
    #[arg(long, default_value = "-", value_name = "FILE")]
    pub out: String,
    /// Row format (default: from the --out extension, else csv).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    #[command(flatten)]
    pub stance: StanceArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Jsonl,
}

pub fn run(args: ScoreArgs) -> Result<ExitCode> {
    let params = args.stance.params()?;
    let (lexicon, _) = args.input.lexicon()?;
    let matcher = Matcher::new(&lexicon);
    let format = match args.format {
        Some(Format::Jsonl) => RowFormat::Jsonl,
        Some(Format::Csv) => RowFormat::Csv,
        None if args.out.ends_with(".jsonl") || args.out.ends_with(".json") => RowFormat::Jsonl,
        None => RowFormat::Csv,
    };
    let out: Box<dyn Write> = if args.out == "-" {
        Box::new(io::stdout().lock())
    } else {
        let path = PathBuf::from(&args.out);
        Box::new(File::create(&path).with_context(|| format!("cannot create {}", path.display()))?)
    };
    let mut writer = RowWriter::new(BufWriter::new(out), format, &lexicon)?;
    let items = corpus::open(&args.input.corpus)?.items()?;
    let progress = progress_bar();
    let mut warnings = WarningPrinter::default();
    let scored = score_stream(&matcher, &params, items, |row| {
        if !row.warning.is_empty() {
            // A scored row's warning is a note about it; an unscored row's names its source.
            let line = match row.features {
                Some(_) => format!("document {}: {}", row.id, row.warning),
                None => row.warning.clone(),
            };
            progress.suspend(|| warnings.print(&line));
        }
        progress.inc(1);
        writer.write(&row)
    })?;
    writer.flush()?;
    progress.finish_and_clear();
    warnings.finish("the rows' warning column");
    eprintln!("mizan: {scored} document(s) scored");
    Ok(ExitCode::SUCCESS)
}

/// A counter on standard error when it is a terminal; hidden when piped.
fn progress_bar() -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos} documents scored ({per_sec}) {elapsed}")
            .expect("a valid template"),
    );
    bar
}
