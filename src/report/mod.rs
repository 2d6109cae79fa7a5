//! Stage 6: the report. One [`Report`] value feeds every exporter: the CSV tables, the
//! Markdown and HTML reports, the PNG charts and `run.json`. A report is written to a
//! temporary folder beside `--out` and renamed into place, so a failed run never leaves a
//! half-written report and never destroys the previous one.

pub mod charts;
mod content;
mod diff;
mod documents;
mod explain;
mod html;
mod markdown;
mod model;
mod output;
mod settings;
mod spill;
mod spool;
mod tables;

pub use diff::{diff_runs, FrameRename, Listed, RunDiff, StanceMove, TermChange};
pub use documents::{Doc, Documents, Mark};
pub use explain::explain;
pub use settings::{SettingChange, Settings};

/// The changes between two runs as Markdown text (what `mizan diff` prints: no document
/// sections there to link to).
pub fn change_report(diff: &RunDiff) -> String {
    markdown::render(&content::change_blocks(diff, |_| false))
}
pub use model::{
    char_slice, kwic, safe_file_stem, truncate, CharIndex, Kwic, Report, RunInfo, Shortlist,
    TermUse,
};
pub use output::{write_report, OutputError, ReportFolder, WriteOptions};
pub use spool::MatchesSpool;
pub use tables::{num, signed};
