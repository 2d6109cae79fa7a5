//! Refusing an `--out` that would replace an input of the same run. `report`, `score` and
//! `lexicon export` all write where the user says; one slip in editing a command line
//! (`--out articles.csv`, `--out lexicons/frames.csv`) must not turn the articles, their
//! metadata, a lexicon file or the hand coding into output, so each command checks its
//! `--out` here against the files it reads before it writes anything. And removing what
//! an interrupted run left beside its `--out`.

use std::fs;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// `--out` names an input of the run or a folder that holds one, or it would be a new file
/// in a folder the run reads from.
#[derive(Debug, Error)]
pub enum ReplacesInput {
    #[error("--out {} would replace {}, an input of this run; write {instead}", .out.display(), .input.display())]
    Replaces {
        out: PathBuf,
        input: PathBuf,
        /// Where to write instead: "the report to another folder".
        instead: &'static str,
    },
    #[error("--out {} is inside {}, a folder this run reads, so the next run would read it as an input; write {instead}", .out.display(), .folder.display())]
    Inside {
        out: PathBuf,
        folder: PathBuf,
        instead: &'static str,
    },
}

/// Fails when writing `out` would replace one of `inputs`: `out` is that file, or a folder
/// that holds it. `instead` says what to write where ("the rows to another file").
pub fn refuse_replacing_inputs(
    out: &Path,
    inputs: &[PathBuf],
    instead: &'static str,
) -> Result<(), ReplacesInput> {
    match inputs.iter().find(|input| holds(out, input)) {
        Some(input) => Err(ReplacesInput::Replaces {
            out: out.to_path_buf(),
            input: input.clone(),
            instead,
        }),
        None => Ok(()),
    }
}

/// Fails when the file `out` would be written inside one of `folders`, folders whose files
/// the run reads (a corpus folder, the lexicon folder): rows written there would be read
/// as an article or a lexicon file by the next run.
pub fn refuse_writing_into(
    out: &Path,
    folders: &[PathBuf],
    instead: &'static str,
) -> Result<(), ReplacesInput> {
    let parent = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    match folders.iter().find(|folder| holds(folder, parent)) {
        Some(folder) => Err(ReplacesInput::Inside {
            out: out.to_path_buf(),
            folder: folder.clone(),
            instead,
        }),
        None => Ok(()),
    }
}

/// True when replacing `out` would replace `input` (the same file or folder, or one inside
/// it). Paths are compared once resolved, so `./a.csv` and a link to it are `a.csv`; an
/// `out` that does not exist yet replaces nothing.
fn holds(out: &Path, input: &Path) -> bool {
    match (fs::canonicalize(out), fs::canonicalize(input)) {
        (Ok(out), Ok(input)) => input.starts_with(out),
        _ => false,
    }
}

/// Removes the temporary files and folders in `parent` (named `prefix`, the process id of
/// their run and `-`) of runs that were killed before they could (a report's matches or a
/// corpus's rows can take gigabytes). One is its run's while that process lives; where
/// processes cannot be looked up (no `/proc`), they are left alone.
pub fn remove_abandoned(parent: &Path, prefix: &str) {
    let proc = Path::new("/proc");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    if !proc.is_dir() {
        return;
    }
    for entry in entries.flatten() {
        let name = entry.file_name();
        let pid = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok());
        let Some(pid) = pid.filter(|pid| !proc.join(pid.to_string()).exists()) else {
            continue;
        };
        let path = entry.path();
        let removed = match path.is_dir() {
            true => fs::remove_dir_all(&path),
            false => fs::remove_file(&path),
        };
        if removed.is_ok() {
            crate::say!(
                "mizan: removed {}, left by an interrupted run (process {pid})",
                path.display()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_out_that_is_or_holds_an_input_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("articles.csv");
        fs::write(&corpus, "id,text\n").unwrap();
        let inputs = [corpus.clone()];
        let refused = |out: &Path| refuse_replacing_inputs(out, &inputs, "elsewhere").is_err();
        assert!(refused(&corpus), "the input itself");
        assert!(
            refused(&dir.path().join(".").join("articles.csv")),
            "another spelling of it"
        );
        assert!(refused(dir.path()), "the folder that holds it");
        assert!(
            !refused(&dir.path().join("rows.csv")),
            "a new file beside it"
        );
        fs::write(dir.path().join("rows.csv"), "").unwrap();
        assert!(
            !refused(&dir.path().join("rows.csv")),
            "another file beside it"
        );
    }

    #[test]
    fn a_new_file_inside_a_folder_the_run_reads_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("articles");
        fs::create_dir(&corpus).unwrap();
        let folders = [corpus.clone()];
        let refused = |out: &Path| refuse_writing_into(out, &folders, "elsewhere").is_err();
        assert!(refused(&corpus.join("rows.txt")), "a new file in it");
        assert!(
            refused(&dir.path().join(".").join("articles").join("rows.csv")),
            "another spelling of it"
        );
        assert!(!refused(&dir.path().join("rows.csv")), "a file beside it");
        assert!(
            !refused(Path::new("rows.csv")),
            "a file in the working folder"
        );
        let message = refuse_writing_into(&corpus.join("rows.txt"), &folders, "the rows elsewhere")
            .unwrap_err()
            .to_string();
        assert!(
            message.ends_with("a folder this run reads, so the next run would read it as an input; write the rows elsewhere"),
            "{message}"
        );
    }

    #[test]
    fn the_message_names_both_paths_and_the_remedy() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("articles.csv");
        fs::write(&corpus, "").unwrap();
        let error = refuse_replacing_inputs(
            &corpus,
            std::slice::from_ref(&corpus),
            "the rows to another file",
        )
        .unwrap_err();
        let c = corpus.display();
        assert_eq!(
            error.to_string(),
            format!(
                "--out {c} would replace {c}, an input of this run; write the rows to another file"
            )
        );
    }
}
