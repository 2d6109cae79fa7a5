//! Writing a report folder safely: into a temporary folder next to the destination, then
//! renamed into place. mizan only replaces a folder that holds a mizan report (it has a
//! `run.json` written by mizan) or an empty one, unless `--force` is given.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use thiserror::Error;

use crate::overwrite::{refuse_replacing_inputs, remove_abandoned, ReplacesInput};

use super::diff::{diff_runs, RunDiff};
use super::explain::explain;
use super::model::{safe_file_stem, Report};
use super::spool::MatchesSpool;
use super::{charts, content, html, markdown, tables};

/// Why a report folder cannot be used.
#[derive(Debug, Error)]
pub enum OutputError {
    #[error("--out {0} is a file; give a folder for the report")]
    IsFile(PathBuf),
    #[error("--out {0} is not a folder (a device, a pipe or a link to one); give a folder for the report")]
    NotFolder(PathBuf),
    #[error("--out {0} holds files that are not a mizan report; choose another folder or pass --force to replace it")]
    Foreign(PathBuf),
    #[error("--out {0} is a mizan report, but it also holds {1}, which mizan did not write and a new report would delete; move them elsewhere, or pass --force to replace the folder with them")]
    UserFiles(PathBuf, String),
    #[error(transparent)]
    HoldsInput(#[from] ReplacesInput),
}

/// How a report is written, besides where.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Replace `out` even if it holds files that are not a mizan report.
    pub force: bool,
    /// Write every chart as SVG as well as PNG.
    pub svg: bool,
}

/// Writes every output of `report` into `out`, atomically.
pub fn write_report(report: &Report, out: &Path, options: WriteOptions) -> Result<()> {
    let inputs = [
        PathBuf::from(&report.run.corpus),
        report.run.lexicons.clone(),
    ];
    ReportFolder::create(out, options, &inputs)?.finish(report)
}

/// A report being written: a temporary folder beside `--out`, checked and created before
/// the corpus is read so that tables can stream into it, and renamed into place when the
/// report is complete (dropped unfinished, it is removed).
pub struct ReportFolder {
    staging: tempfile::TempDir,
    out: PathBuf,
    options: WriteOptions,
    /// Whether matches.csv was written while scoring.
    matches_written: bool,
}

/// The start of a report's temporary folder's name, before the process id of its run.
const STAGING_PREFIX: &str = ".mizan-report-";

impl ReportFolder {
    /// Checks that `out` may be replaced and does not hold one of `inputs`, and creates
    /// the temporary folder.
    pub fn create(out: &Path, options: WriteOptions, inputs: &[PathBuf]) -> Result<ReportFolder> {
        check_destination(out, options.force)?;
        refuse_replacing_inputs(out, inputs, "the report to another folder")
            .map_err(OutputError::from)?;
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        remove_abandoned(parent, STAGING_PREFIX);
        let staging = tempfile::Builder::new()
            .prefix(&format!("{STAGING_PREFIX}{}-", std::process::id()))
            .tempdir_in(parent)
            .with_context(|| format!("cannot create a temporary folder in {}", parent.display()))?;
        Ok(ReportFolder {
            staging,
            out: out.to_path_buf(),
            options,
            matches_written: false,
        })
    }

    /// Starts matches.csv, to be written while the corpus is scored.
    pub fn stream_matches(&mut self) -> Result<MatchesSpool> {
        self.matches_written = true;
        MatchesSpool::create(self.staging.path())
    }

    /// Writes the rest of the report and moves it into place.
    pub fn finish(self, report: &Report) -> Result<()> {
        write_all(report, &self)?;
        replace(self.staging.keep(), &self.out)
    }
}

fn check_destination(out: &Path, force: bool) -> Result<()> {
    if out.is_file() {
        return Err(OutputError::IsFile(out.to_path_buf()).into());
    }
    // The report replaces its folder by renaming: anything else there (/dev/null) would be
    // moved aside and replaced.
    if out.exists() && !out.is_dir() {
        return Err(OutputError::NotFolder(out.to_path_buf()).into());
    }
    if !out.is_dir() || force {
        return Ok(());
    }
    let entries: Vec<String> = fs::read_dir(out)
        .with_context(|| format!("cannot read the folder {}", out.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let ours = fs::read_to_string(out.join("run.json"))
        .map(|s| s.contains("\"tool\": \"mizan\""))
        .unwrap_or(false);
    if !entries.is_empty() && !ours {
        return Err(OutputError::Foreign(out.to_path_buf()).into());
    }
    let mut added: Vec<String> = entries
        .into_iter()
        .filter(|name| !REPORT_ENTRIES.contains(&name.as_str()))
        .collect();
    if !added.is_empty() {
        added.sort();
        return Err(OutputError::UserFiles(out.to_path_buf(), added.join(", ")).into());
    }
    Ok(())
}

/// What a report folder holds: a folder mizan may replace holds nothing else (or
/// nothing at all), so that a rerun deletes no notes a user kept in it.
const REPORT_ENTRIES: &[&str] = &[
    "charts",
    "documents.csv",
    "explain",
    "frames.csv",
    "index.html",
    "matches.csv",
    "previous",
    "report.md",
    "run.json",
    "terms.csv",
    "warnings.txt",
];

/// Moves the finished report into place; the old one is removed only once the new one
/// is there.
fn replace(staged: PathBuf, out: &Path) -> Result<()> {
    let old = out.with_file_name(format!(
        ".{}.old",
        out.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    if out.exists() {
        if old.exists() {
            fs::remove_dir_all(&old).with_context(|| format!("cannot remove {}", old.display()))?;
        }
        if let Err(e) = fs::rename(out, &old) {
            let _ = fs::remove_dir_all(&staged);
            return Err(e).with_context(|| {
                format!("cannot move the previous report {} aside", out.display())
            });
        }
    }
    if let Err(e) = fs::rename(&staged, out) {
        if old.exists() {
            let _ = fs::rename(&old, out);
        }
        let _ = fs::remove_dir_all(&staged);
        return Err(e)
            .with_context(|| format!("cannot move the new report into {}", out.display()));
    }
    if old.exists() {
        fs::remove_dir_all(&old)
            .with_context(|| format!("cannot remove the previous report {}", old.display()))?;
    }
    Ok(())
}

/// The files of a run that the next run compares itself with.
const KEPT: &[&str] = &[
    "documents.csv",
    "frames.csv",
    "matches.csv",
    "terms.csv",
    "run.json",
];

/// Copies the previous report's tables at `out` (if it is a mizan report) into
/// `staged/previous/`, and returns what changed from it to the staged run.
fn keep_previous(out: &Path, staged: &Path) -> Result<Option<RunDiff>> {
    if !out.join("run.json").is_file() || !out.join("terms.csv").is_file() {
        return Ok(None);
    }
    let previous = staged.join("previous");
    fs::create_dir_all(&previous)?;
    for name in KEPT {
        let from = out.join(name);
        if from.is_file() {
            keep_file(&from, &previous.join(name))
                .with_context(|| format!("cannot keep {}", from.display()))?;
        }
    }
    diff_runs(&previous, staged).map(Some)
}

/// Puts the file `from` at `to` too: a hard link where the file system allows it (the
/// old report is removed once the new one is in place, and a million documents' tables
/// run to gigabytes), a copy where it does not. The old report's files are never changed.
fn keep_file(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::hard_link(from, to).or_else(|_| fs::copy(from, to).map(drop))
}

fn write_all(report: &Report, folder: &ReportFolder) -> Result<()> {
    let (dir, out) = (folder.staging.path(), folder.out.as_path());
    write_file(dir, "documents.csv", |w| tables::write_documents(report, w))?;
    write_file(dir, "frames.csv", |w| tables::write_frames(report, w))?;
    if !folder.matches_written {
        write_file(dir, "matches.csv", |w| tables::write_matches(report, w))?;
    }
    write_file(dir, "terms.csv", |w| tables::write_terms(report, w))?;
    write_file(dir, "warnings.txt", |w| {
        report
            .warnings
            .iter()
            .try_for_each(|line| writeln!(w, "{line}"))?;
        Ok(())
    })?;
    // Before the comparison, which reads from run.json whether this run kept its matches.
    write_file(dir, "run.json", |w| {
        serde_json::to_writer_pretty(&mut *w, &report.run)?;
        writeln!(w)?;
        Ok(())
    })?;
    let changes = keep_previous(out, dir)?;
    let charts_dir = dir.join("charts");
    fs::create_dir_all(&charts_dir)?;
    let charts = charts::render(report, &charts_dir, folder.options.svg)?;
    if report.run.has_text {
        write_explanations(report, &dir.join("explain"))?;
    }
    let blocks = content::blocks(report, &charts, folder.options.svg, changes.as_ref())?;
    write_file(dir, "report.md", |w| {
        Ok(w.write_all(markdown::render(&blocks).as_bytes())?)
    })?;
    write_file(dir, "index.html", |w| {
        Ok(w.write_all(html::render(&blocks).as_bytes())?)
    })?;
    Ok(())
}

/// One `explain/<id>.txt` for each document the report describes, the same text
/// `mizan explain` prints.
fn write_explanations(report: &Report, dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)?;
    for doc in report
        .detailed_documents()
        .into_iter()
        .filter_map(|i| report.documents.get(i).full())
    {
        let name = format!("{}.txt", safe_file_stem(&doc.document.id));
        let text = explain(&report.lexicon, doc, report.run.stance.prior());
        write_file(dir, &name, |w| Ok(w.write_all(text.as_bytes())?))?;
    }
    Ok(())
}

fn write_file(
    dir: &Path,
    name: &str,
    body: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
) -> Result<()> {
    let path = dir.join(name);
    let file = File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut w = BufWriter::new(file);
    body(&mut w).with_context(|| format!("cannot write {}", path.display()))?;
    w.flush()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
