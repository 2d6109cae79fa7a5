//! Listing a corpus folder: the `.txt` files at its top level are the articles; anything
//! else an article could be hiding in (`.txt` files in subfolders, files with another
//! extension) is named in one warning, since a corpus laid out by outlet would otherwise
//! lose most of its articles without a word.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::Warning;
use crate::listing::few_of;

/// The file a folder corpus may hold beside its articles.
pub(super) const METADATA: &str = "metadata.csv";

/// Examples named in a warning, before the rest are only counted.
const EXAMPLES: usize = 3;

/// What a corpus folder holds.
pub(super) struct Listing {
    /// Every top-level entry named `.txt`, files or not (one that cannot be read gets a
    /// warning of its own when it is read), sorted.
    pub texts: Vec<PathBuf>,
    /// `.txt` files in subfolders, relative to the folder, sorted.
    pub nested: Vec<PathBuf>,
    /// Top-level files that are neither `.txt` nor `.csv` nor hidden, sorted.
    pub others: Vec<String>,
}

/// Lists `dir`. Hidden entries (`.git`, `.DS_Store`) are no articles and are left alone,
/// and so are `.csv` files: tables beside the articles (metadata.csv, a hand coding such
/// as the shipped seeds/annotations.csv), never an article itself.
pub(super) fn list(dir: &Path) -> io::Result<Listing> {
    let mut listing = Listing {
        texts: Vec::new(),
        nested: Vec::new(),
        others: Vec::new(),
    };
    for entry in fs::read_dir(dir)?.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_txt(&path) {
            listing.texts.push(path);
        } else if name.starts_with('.') || has_extension(&path, "csv") {
            continue;
        } else if path.is_dir() {
            nested_texts(dir, &path, &mut listing.nested);
        } else {
            listing.others.push(name);
        }
    }
    listing.texts.sort();
    listing.nested.sort();
    listing.others.sort();
    Ok(listing)
}

fn is_txt(path: &Path) -> bool {
    has_extension(path, "txt")
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

/// The `.txt` files under `folder` (at any depth, hidden folders left out), relative to
/// `root`. A folder that cannot be read holds none as far as this warning goes.
fn nested_texts(root: &Path, folder: &Path, found: &mut Vec<PathBuf>) {
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            // A symlinked folder is not followed: it could lead back up the tree.
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir {
                stack.push(path);
            } else if is_txt(&path) {
                found.push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
            }
        }
    }
}

impl Listing {
    /// The one warning about what was not read, if anything was not.
    pub fn passed_over(&self, dir: &Path) -> Option<Warning> {
        let mut parts = Vec::new();
        if !self.nested.is_empty() {
            parts.push(format!(
                "{} .txt file(s) in subfolders were not read ({}); mizan reads the .txt files at the top of the folder only",
                self.nested.len(),
                examples(self.nested.iter().map(|p| p.display().to_string()), self.nested.len())
            ));
        }
        if !self.others.is_empty() {
            parts.push(format!(
                "{} file(s) that do not end in .txt were skipped ({}); an article must be saved as a .txt file",
                self.others.len(),
                examples(self.others.iter().cloned(), self.others.len())
            ));
        }
        (!parts.is_empty()).then(|| Warning {
            source: dir.display().to_string(),
            id: None,
            message: parts.join("; "),
        })
    }

    /// A few of the nested files, for the error of a folder whose articles are all in
    /// subfolders.
    pub fn nested_examples(&self) -> String {
        examples(
            self.nested.iter().map(|p| p.display().to_string()),
            self.nested.len(),
        )
    }
}

/// The first few names, then "and N more".
fn examples(names: impl Iterator<Item = String>, count: usize) -> String {
    few_of(names.take(EXAMPLES), count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subfolders_and_other_files_are_named_but_hidden_files_and_tables_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [
            "a.txt",
            "metadata.csv",
            "coding.csv",
            ".DS_Store",
            "b.md",
            "x/c.txt",
            "x/y/d.TXT",
            "x/notes.doc",
            ".git/e.txt",
        ] {
            let path = root.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "").unwrap();
        }
        let listing = list(root).unwrap();
        assert_eq!(listing.texts, vec![root.join("a.txt")]);
        assert_eq!(
            listing.nested,
            vec![PathBuf::from("x/c.txt"), PathBuf::from("x/y/d.TXT")]
        );
        assert_eq!(listing.others, vec!["b.md".to_string()]);
        let warning = listing.passed_over(root).unwrap();
        assert_eq!(
            warning.message,
            "2 .txt file(s) in subfolders were not read (x/c.txt, x/y/d.TXT); mizan reads the .txt files at the top of the folder only; \
             1 file(s) that do not end in .txt were skipped (b.md); an article must be saved as a .txt file"
        );
    }

    #[test]
    fn a_tidy_folder_gives_no_warning() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "").unwrap();
        fs::write(dir.path().join("metadata.csv"), "").unwrap();
        assert!(list(dir.path()).unwrap().passed_over(dir.path()).is_none());
    }

    #[test]
    fn examples_stop_after_three() {
        let names = ["a", "b", "c", "d", "e"].map(String::from);
        assert_eq!(examples(names.into_iter(), 5), "a, b, c and 2 more");
    }
}
