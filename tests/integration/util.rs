//! A tiny harness: each test gets its own temporary folder and runs the built binary.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The repository root (where `seeds/` and `lexicons/` live).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary folder for one test, removed at the end.
pub struct Sandbox {
    pub dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file (creating folders) and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
        path
    }

    /// Copies the shipped lexicons into the sandbox, for tests that edit them.
    pub fn copy_lexicons(&self, name: &str) -> PathBuf {
        let to = self.path(name);
        copy_dir(&root().join("lexicons"), &to);
        to
    }

    /// Runs `mizan` with `args` from the repository root.
    pub fn mizan(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_mizan"))
            .args(args)
            .current_dir(root())
            .output()
            .expect("mizan runs");
        Run { output }
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The result of one run of the binary.
pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Asserts success and returns standard output.
    pub fn ok(&self) -> String {
        assert_eq!(self.code(), 0, "mizan failed:\n{}", self.stderr());
        assert!(!self.stderr().contains("panicked"), "{}", self.stderr());
        self.stdout()
    }

    /// Asserts a clean failure (exit 2, no panic) and returns standard error.
    pub fn fails(&self) -> String {
        assert_eq!(
            self.code(),
            2,
            "expected failure, got {}:\n{}\n{}",
            self.code(),
            self.stdout(),
            self.stderr()
        );
        assert!(!self.stderr().contains("panicked"), "{}", self.stderr());
        self.stderr()
    }
}

/// Reads a CSV file into header-keyed rows.
pub fn read_csv(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .map(String::from)
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}
