//! Where documents come from: the one place that knows about folders, CSV, JSONL and
//! standard input (DESIGN.md, "Corpus"). The readers of the record formats live in
//! `records`, the reading of `metadata.csv` in `metadata`.

use std::collections::{HashMap, VecDeque};
use std::fs::{self, File};
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::folder;
use super::metadata::{read_metadata, MetaRow};
use super::records::{csv_items, jsonl_items};
use super::{decode, document_id, Document, Item, Metadata, Warning};
use crate::fingerprint::sha256_file;
use crate::listing::few_of;

/// Why a corpus cannot be read at all.
#[derive(Debug, Error)]
pub enum CorpusError {
    #[error("the corpus {0} does not exist; pass --corpus with a folder of .txt files, a .csv or .jsonl file, or - for JSONL on standard input")]
    Missing(PathBuf),
    #[error("the corpus {0} is neither a folder nor a .csv, .jsonl or .json file; pass a folder of .txt files, a .csv or .jsonl file, or -")]
    UnknownKind(PathBuf),
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}:{line}: {message}")]
    Format {
        path: PathBuf,
        line: u64,
        message: String,
    },
    /// Carries the warnings that say why: the run stops here, so they would not be seen.
    #[error("the corpus {origin} holds no usable document{}", why_empty(.warnings))]
    Empty {
        origin: String,
        warnings: Vec<Warning>,
    },
    #[error("the folder {0} holds no .txt file; put one article in each .txt file (with an optional metadata.csv), or pass a .csv or .jsonl file")]
    NoTexts(PathBuf),
    #[error("the folder {} holds no .txt file at its top level, but its subfolders hold {count} ({examples}); mizan reads only the top level: move the articles up into {}, or pass one subfolder as --corpus", .dir.display(), .dir.display())]
    TextsInSubfolders {
        dir: PathBuf,
        count: usize,
        examples: String,
    },
}

/// The first few reasons, on the one line of the error.
fn why_empty(warnings: &[Warning]) -> String {
    const SHOWN: usize = 5;
    let mut why: Vec<String> = warnings
        .iter()
        .take(SHOWN)
        .map(ToString::to_string)
        .collect();
    if warnings.len() > SHOWN {
        why.push(format!("and {} more warning(s)", warnings.len() - SHOWN));
    }
    match why.is_empty() {
        true => String::new(),
        false => format!(": {}", why.join("; ")),
    }
}

/// An opened corpus, ready to stream its documents.
pub enum Source {
    Folder {
        dir: PathBuf,
        texts: Vec<PathBuf>,
        metadata: Option<PathBuf>,
        /// What the folder holds that is not read (subfolders' .txt files, other files).
        passed_over: Option<Warning>,
    },
    Csv(PathBuf),
    Jsonl(PathBuf),
    Stdin,
}

/// The largest article file read: a file far larger is no article (a dump, a log), and
/// scoring one takes about twenty times its size in memory.
const MAX_ARTICLE_BYTES: u64 = 64 << 20;

/// Opens the corpus named by `spec` (a path, or `-` for standard input).
pub fn open(spec: &str) -> Result<Source, CorpusError> {
    if spec == "-" {
        return Ok(Source::Stdin);
    }
    let path = PathBuf::from(spec);
    if !path.exists() {
        return Err(CorpusError::Missing(path));
    }
    if path.is_dir() {
        return open_folder(path);
    }
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => Ok(Source::Csv(path)),
        Some("jsonl") | Some("json") | Some("ndjson") => Ok(Source::Jsonl(path)),
        _ => Err(CorpusError::UnknownKind(path)),
    }
}

fn open_folder(dir: PathBuf) -> Result<Source, CorpusError> {
    let listing = folder::list(&dir).map_err(|source| CorpusError::Io {
        path: dir.clone(),
        source,
    })?;
    if listing.texts.is_empty() && !listing.nested.is_empty() {
        return Err(CorpusError::TextsInSubfolders {
            count: listing.nested.len(),
            examples: listing.nested_examples(),
            dir,
        });
    }
    if listing.texts.is_empty() {
        return Err(CorpusError::NoTexts(dir));
    }
    let passed_over = listing.passed_over(&dir);
    let metadata = Some(dir.join(folder::METADATA)).filter(|p| p.is_file());
    Ok(Source::Folder {
        dir,
        texts: listing.texts,
        metadata,
        passed_over,
    })
}

impl Source {
    /// A short description for the report: the path, or "standard input".
    pub fn origin(&self) -> String {
        match self {
            Source::Folder { dir, .. } => dir.display().to_string(),
            Source::Csv(p) | Source::Jsonl(p) => p.display().to_string(),
            Source::Stdin => "standard input".to_string(),
        }
    }

    /// The folder the corpus is read from, when it is one.
    pub fn folder(&self) -> Option<PathBuf> {
        match self {
            Source::Folder { dir, .. } => Some(dir.clone()),
            _ => None,
        }
    }

    /// The input files (standard input has none).
    pub fn files(&self) -> Vec<PathBuf> {
        match self {
            Source::Folder {
                texts, metadata, ..
            } => texts.iter().chain(metadata).cloned().collect(),
            Source::Csv(p) | Source::Jsonl(p) => vec![p.clone()],
            Source::Stdin => Vec::new(),
        }
    }

    /// Streams the documents (and warnings) of the corpus.
    pub fn items(self) -> Result<Box<dyn Iterator<Item = Item> + Send>, CorpusError> {
        Ok(match self {
            Source::Folder {
                texts,
                metadata,
                passed_over,
                ..
            } => Box::new(FolderItems::new(texts, metadata, passed_over)?),
            Source::Csv(path) => Box::new(csv_items(&path)?),
            Source::Jsonl(path) => {
                let file = File::open(&path).map_err(|source| CorpusError::Io {
                    path: path.clone(),
                    source,
                })?;
                Box::new(jsonl_items(
                    path.display().to_string(),
                    BufReader::new(file),
                    None,
                ))
            }
            Source::Stdin => Box::new(jsonl_items(
                "standard input".into(),
                BufReader::new(io::stdin()),
                Some("--corpus - reads JSONL; pass the CSV file's path instead"),
            )),
        })
    }
}

/// The `.txt` files of a folder, read one at a time (memory holds one document, not the
/// corpus), with `metadata.csv` joined on the file stem; then the metadata rows that no
/// file claimed.
struct FolderItems {
    texts: std::vec::IntoIter<PathBuf>,
    metadata: HashMap<String, MetaRow>,
    /// The documents read that metadata.csv has no row for, when there is a metadata.csv.
    unlisted: Option<Unlisted>,
    /// Warnings to hand out once the files are read.
    pending: VecDeque<Warning>,
    /// Warnings about the values of a metadata row (a bad date), by id: they become notes
    /// of the document the row belongs to, in its own score row, and stay warnings if the
    /// folder has no such document.
    row_warnings: HashMap<String, Vec<Warning>>,
}

/// Documents without a metadata row: a count and the first few ids, for one warning at
/// the end (their outlet and date are empty, which changes every comparison by outlet).
struct Unlisted {
    metadata: PathBuf,
    count: usize,
    examples: Vec<String>,
}

/// Ids named in the warning about documents without a metadata row.
const UNLISTED_SHOWN: usize = 5;

impl Unlisted {
    fn add(&mut self, id: &str) {
        self.count += 1;
        if self.examples.len() < UNLISTED_SHOWN {
            self.examples.push(id.to_string());
        }
    }

    fn warning(self) -> Option<Warning> {
        if self.count == 0 {
            return None;
        }
        Some(Warning {
            source: self.metadata.display().to_string(),
            id: None,
            message: format!(
                "{} document(s) have no usable row here, so their title, outlet and date are empty: {}",
                self.count,
                few_of(self.examples, self.count)
            ),
        })
    }
}

impl FolderItems {
    fn new(
        texts: Vec<PathBuf>,
        metadata: Option<PathBuf>,
        passed_over: Option<Warning>,
    ) -> Result<FolderItems, CorpusError> {
        let metadata_path = metadata;
        let (metadata, pending) = match &metadata_path {
            Some(path) => read_metadata(path)?,
            None => Default::default(),
        };
        let unlisted = metadata_path.map(|metadata| Unlisted {
            metadata,
            count: 0,
            examples: Vec::new(),
        });
        let (of_rows, general): (Vec<Warning>, Vec<Warning>) = pending
            .into_iter()
            .partition(|w| w.id.as_ref().is_some_and(|id| metadata.contains_key(id)));
        let mut row_warnings: HashMap<String, Vec<Warning>> = HashMap::new();
        for warning in of_rows {
            let id = warning.id.clone().unwrap_or_default();
            row_warnings.entry(id).or_default().push(warning);
        }
        Ok(FolderItems {
            texts: texts.into_iter(),
            metadata,
            unlisted,
            pending: passed_over.into_iter().chain(general).collect(),
            row_warnings,
        })
    }

    /// Reads the article in `path`, or says why it is skipped.
    fn read(&mut self, path: &Path) -> Item {
        let id = path
            .file_stem()
            .map(|s| document_id(&s.to_string_lossy()))
            .unwrap_or_default();
        let source = path.display().to_string();
        let warn = |message: String| Warning {
            source: source.clone(),
            id: Some(id.clone()),
            message,
        };
        let cannot_read = |e: io::Error| warn(format!("cannot be read ({e}); skipped"));
        let file = fs::metadata(path).map_err(cannot_read)?;
        if file.is_dir() {
            return Err(warn(
                "this is a folder named like a text file; skipped".into(),
            ));
        }
        // A pipe would wait for a writer forever, a device such as /dev/zero never ends.
        if !file.is_file() {
            return Err(warn(
                "this is no regular file (a pipe, a socket or a device); skipped".into(),
            ));
        }
        if file.len() > MAX_ARTICLE_BYTES {
            return Err(warn(format!(
                "this file holds {} MB, more than one article can ({} MB at most); skipped: save one article a file, or put many in a .jsonl or .csv corpus",
                file.len() / 1_000_000,
                MAX_ARTICLE_BYTES / 1_000_000
            )));
        }
        let bytes = fs::read(path).map_err(cannot_read)?;
        let decoded = decode(&bytes);
        if decoded.binary {
            return Err(warn(
                "this is not a text file (it is full of control bytes, like an image or an archive); skipped".into(),
            ));
        }
        let mut notes: Vec<String> = decoded.note.into_iter().collect();
        let meta = match self.metadata.remove(&id) {
            Some(row) => {
                let row_warnings = self.row_warnings.remove(&id).unwrap_or_default();
                notes.extend(
                    row_warnings
                        .into_iter()
                        .map(|w| format!("{}: {}", w.source, w.message)),
                );
                row.meta
            }
            None => {
                if let Some(unlisted) = &mut self.unlisted {
                    unlisted.add(&id);
                }
                Metadata::default()
            }
        };
        Ok(Document {
            id,
            text: decoded.text.into_owned(),
            meta,
            encoding: decoded.encoding,
            notes,
            source,
        })
    }

    /// Metadata rows whose `.txt` file is not in the folder, in file order, each with the
    /// warnings about its values.
    fn orphans(&mut self) -> Vec<Warning> {
        let mut rows: Vec<(String, MetaRow)> = self.metadata.drain().collect();
        rows.sort_by_key(|(_, row)| row.line);
        rows.into_iter()
            .flat_map(|(id, row)| {
                let values = self.row_warnings.remove(&id).unwrap_or_default();
                let orphan = Warning {
                    source: row.source,
                    message: format!("metadata.csv has a row for '{id}' but the folder has no {id}.txt; the row is not used"),
                    id: Some(id),
                };
                values.into_iter().chain([orphan])
            })
            .collect()
    }
}

impl Iterator for FolderItems {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if let Some(path) = self.texts.next() {
            return Some(self.read(&path));
        }
        if let Some(warning) = self.unlisted.take().and_then(Unlisted::warning) {
            self.pending.push_back(warning);
        }
        if !self.metadata.is_empty() {
            let orphans = self.orphans();
            self.pending.extend(orphans);
        }
        self.pending.pop_front().map(Err)
    }
}

/// Each file with its SHA-256, for `run.json`. Files that cannot be read are left out, and
/// so are pipes and devices: hashing would use up a pipe (`--corpus <(zcat ...)`) before
/// it is scored, or never end.
pub fn fingerprints(files: Vec<PathBuf>) -> Vec<(PathBuf, String)> {
    files
        .into_iter()
        .filter(|p| fs::metadata(p).is_ok_and(|m| m.is_file()))
        .filter_map(|p| sha256_file(&p).map(|h| (p, h)))
        .collect()
}
