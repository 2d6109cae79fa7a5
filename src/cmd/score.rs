//! `mizan score`: the per-document map stage on its own. Streams a corpus in and feature
//! rows out (CSV or JSONL), so it can run under a cluster engine (Spark's `pipe`, Hadoop
//! streaming); `mizan report --features` builds the report from the merged rows.

use std::fs::{self, File};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use tempfile::NamedTempFile;

use super::inputs::{InputArgs, StanceArgs, WarningPrinter};
use crate::corpus::{self, CorpusError, Source};
use crate::features::{RowFormat, RowWriter};
use crate::lexicon::Lexicon;
use crate::matching::Matcher;
use crate::overwrite::{refuse_replacing_inputs, refuse_writing_into, remove_abandoned};
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
    /// Succeed, writing the header alone, when the corpus holds no usable document: for
    /// one split of a larger job (scripts/spark_score.py passes it), where an empty split
    /// is no mistake.
    #[arg(long)]
    pub allow_empty: bool,
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
    let source = corpus::open(&args.input.corpus)?;
    if args.out != "-" {
        refuse_unfit_out(Path::new(&args.out), &source, &lexicon)?;
    }
    let (origin, streamed) = (source.origin(), matches!(source, Source::Stdin));
    let items = source.items()?;
    let (out, staged): (Box<dyn Write>, _) = match args.out.as_str() {
        "-" => (Box::new(io::stdout().lock()), None),
        path if is_file_or_new(Path::new(path)) => {
            let staged = StagedFile::new(PathBuf::from(path))?;
            (Box::new(staged.writer()?), Some(staged))
        }
        // A device, pipe or link (/dev/null, /dev/stdout) is written in place: renaming a
        // file over it would replace it.
        path => (
            Box::new(File::create(path).with_context(|| format!("cannot create {path}"))?),
            None,
        ),
    };
    let mut writer = RowWriter::new(BufWriter::new(out), format, &lexicon, params.prior())?;
    let progress = progress_bar();
    let mut warnings = WarningPrinter::default();
    let scored = score_stream(&matcher, &params, items, |row| {
        progress.inc(1);
        let row = match row {
            Ok(row) => row,
            // A warning about a whole file (a guessed encoding) is no row: standard error
            // is the one place it goes, so it is printed in full.
            Err(file_warning) => {
                progress.suspend(|| warnings.print_in_full(&file_warning.to_string()));
                return Ok(());
            }
        };
        if !row.warning.is_empty() {
            // A scored row's warning is a note about it; an unscored row's names its source.
            let line = match row.features {
                Some(_) => format!("document {}: {}", row.id, row.warning),
                None => row.warning.clone(),
            };
            progress.suspend(|| warnings.print(&line));
        }
        writer.write(&row).with_context(|| cannot_write(&args.out))
    })?;
    writer.flush().with_context(|| cannot_write(&args.out))?;
    drop(writer);
    progress.finish_and_clear();
    warnings.finish("the rows' warning column");
    // A corpus with no usable document, a file or standard input alike (a CSV piped in,
    // an empty pipe), is a mistake to report (its warnings were printed as they came), not
    // rows to put over earlier ones or hand to the next stage of a pipeline.
    if scored == 0 && !args.allow_empty {
        let empty = CorpusError::Empty {
            origin,
            warnings: Vec::new(),
        };
        match streamed {
            true => bail!("{empty}; if an empty input is expected (one split of a larger job), pass --allow-empty"),
            false => return Err(empty.into()),
        }
    }
    if let Some(staged) = staged {
        staged.persist()?;
    }
    crate::say!("mizan: {scored} document(s) scored");
    Ok(ExitCode::SUCCESS)
}

/// Fails when the rows cannot go to `out`: a folder, an input of the run (or the folder
/// holding one), or a new file in the corpus or lexicon folder, which the next run would
/// read.
fn refuse_unfit_out(out: &Path, source: &Source, lexicon: &Lexicon) -> Result<()> {
    if out.is_dir() {
        bail!(
            "--out {} is a folder; give the rows a file name (rows.csv, or rows.jsonl for JSON Lines)",
            out.display()
        );
    }
    let inputs: Vec<PathBuf> = source.files().into_iter().chain(lexicon.paths()).collect();
    refuse_replacing_inputs(out, &inputs, "the rows to another file")?;
    let folders: Vec<PathBuf> = source
        .folder()
        .into_iter()
        .chain([lexicon.dir.clone()])
        .collect();
    refuse_writing_into(out, &folders, "the rows outside it")?;
    Ok(())
}

fn cannot_write(out: &str) -> String {
    match out {
        "-" => "cannot write the rows to standard output".into(),
        path => format!("cannot write the rows to {path}"),
    }
}

/// An output file written under a temporary name beside its path and put in its place only
/// once every row is written, so that a run that fails (a corpus that cannot be read, a
/// full disk) leaves an earlier file of that name as it was.
struct StagedFile {
    path: PathBuf,
    temp: NamedTempFile,
}

/// The start of the name of the rows file being written, before the process id of its
/// run.
const ROWS_PREFIX: &str = ".mizan-rows-";

impl StagedFile {
    fn new(path: PathBuf) -> Result<StagedFile> {
        let cannot = || format!("cannot create {}", path.display());
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            bail!(
                "cannot create {}: the folder {} does not exist",
                path.display(),
                folder.display()
            );
        }
        remove_abandoned(folder, ROWS_PREFIX);
        let temp = tempfile::Builder::new()
            .prefix(&format!("{ROWS_PREFIX}{}-", std::process::id()))
            .tempfile_in(folder)
            .with_context(cannot)?;
        let permissions = match fs::metadata(&path) {
            Ok(existing) => Some(existing.permissions()),
            Err(_) => usual_permissions(),
        };
        if let Some(permissions) = permissions {
            fs::set_permissions(temp.path(), permissions).with_context(cannot)?;
        }
        Ok(StagedFile { path, temp })
    }

    fn writer(&self) -> Result<File> {
        Ok(self.temp.as_file().try_clone()?)
    }

    fn persist(self) -> Result<()> {
        let path = self.path;
        self.temp
            .persist(&path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(())
    }
}

/// Whether `path` is a regular file or nothing yet, so that rows can be staged beside it.
fn is_file_or_new(path: &Path) -> bool {
    match fs::symlink_metadata(path) {
        Ok(meta) => meta.is_file(),
        Err(e) => e.kind() == io::ErrorKind::NotFound,
    }
}

/// The permissions of a file created the usual way (rw-r--r-- under the common umask),
/// where a temporary file is its owner's alone.
#[cfg(unix)]
fn usual_permissions() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn usual_permissions() -> Option<fs::Permissions> {
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_and_new_paths_are_staged() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("rows.csv");
        assert!(is_file_or_new(&file), "a new path");
        fs::write(&file, "earlier rows").unwrap();
        assert!(is_file_or_new(&file), "a file");
        assert!(!is_file_or_new(dir.path()), "a folder");
        assert!(!is_file_or_new(Path::new("/dev/null")), "a device");
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            assert!(!is_file_or_new(&link), "a link");
        }
    }
}
