//! Where documents come from: the one place that knows about folders, CSV, JSONL and
//! standard input (DESIGN.md, "Corpus").

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::{decode, Document, Item, Metadata, Warning};
use crate::fingerprint::sha256_file;

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
    #[error("the corpus {origin} holds no usable document ({warnings} warning(s) above say why)")]
    Empty { origin: String, warnings: usize },
}

/// An opened corpus, ready to stream its documents.
pub enum Source {
    Folder {
        dir: PathBuf,
        texts: Vec<PathBuf>,
        metadata: Option<PathBuf>,
    },
    Csv(PathBuf),
    Jsonl(PathBuf),
    Stdin,
}

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
    let io_err = |source| CorpusError::Io {
        path: dir.clone(),
        source,
    };
    let mut texts: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(io_err)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt")))
        .collect();
    texts.sort();
    let metadata = Some(dir.join("metadata.csv")).filter(|p| p.is_file());
    Ok(Source::Folder {
        dir,
        texts,
        metadata,
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

    /// The input files with their SHA-256 (standard input has none).
    pub fn fingerprints(&self) -> Vec<(PathBuf, String)> {
        let files: Vec<&PathBuf> = match self {
            Source::Folder {
                texts, metadata, ..
            } => texts.iter().chain(metadata).collect(),
            Source::Csv(p) | Source::Jsonl(p) => vec![p],
            Source::Stdin => Vec::new(),
        };
        files
            .into_iter()
            .filter_map(|p| sha256_file(p).map(|h| (p.clone(), h)))
            .collect()
    }

    /// Streams the documents (and warnings) of the corpus.
    pub fn items(self) -> Result<Box<dyn Iterator<Item = Item> + Send>, CorpusError> {
        Ok(match self {
            Source::Folder {
                dir,
                texts,
                metadata,
            } => Box::new(folder_items(&dir, texts, metadata)?),
            Source::Csv(path) => Box::new(csv_items(&path)?),
            Source::Jsonl(path) => {
                let file = File::open(&path).map_err(|source| CorpusError::Io {
                    path: path.clone(),
                    source,
                })?;
                Box::new(jsonl_items(
                    path.display().to_string(),
                    BufReader::new(file),
                ))
            }
            Source::Stdin => Box::new(jsonl_items(
                "standard input".into(),
                BufReader::new(io::stdin()),
            )),
        })
    }
}

/// The `.txt` files of a folder, with `metadata.csv` joined on the file stem.
fn folder_items(
    dir: &Path,
    texts: Vec<PathBuf>,
    metadata: Option<PathBuf>,
) -> Result<impl Iterator<Item = Item> + Send, CorpusError> {
    let (mut table, mut warnings) = match &metadata {
        Some(path) => read_metadata(path)?,
        None => Default::default(),
    };
    let mut items: Vec<Item> = Vec::new();
    for path in texts {
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                items.push(Err(Warning {
                    source: path.display().to_string(),
                    id: Some(id),
                    message: format!("cannot be read ({e}); skipped"),
                }));
                continue;
            }
        };
        let decoded = decode(&bytes);
        let meta = table.remove(&id).unwrap_or_default();
        let notes = decoded.note.into_iter().collect();
        items.push(Ok(Document {
            id,
            text: decoded.text,
            meta,
            encoding: decoded.encoding,
            notes,
        }));
    }
    let meta_file = metadata
        .unwrap_or_else(|| dir.join("metadata.csv"))
        .display()
        .to_string();
    let mut orphans: Vec<String> = table.into_keys().collect();
    orphans.sort();
    warnings.extend(orphans.into_iter().map(|id| Warning {
        source: meta_file.clone(),
        id: Some(id.clone()),
        message: format!("metadata.csv has a row for '{id}' but the folder has no {id}.txt"),
    }));
    Ok(items.into_iter().chain(warnings.into_iter().map(Err)))
}

type MetadataTable = (std::collections::HashMap<String, Metadata>, Vec<Warning>);

/// Reads `metadata.csv`: an `id` column, and any of title, outlet, date, url and others.
fn read_metadata(path: &Path) -> Result<MetadataTable, CorpusError> {
    let bytes = fs::read(path).map_err(|source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = decode(&bytes).text;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| csv_error(path, e))?.clone();
    let Some(id_col) = headers.iter().position(|h| h.trim() == "id") else {
        return Err(CorpusError::Format {
            path: path.to_path_buf(),
            line: 1,
            message: format!("metadata.csv needs an 'id' column (the .txt file name without extension); found {}", headers.iter().collect::<Vec<_>>().join(",")),
        });
    };
    let mut table = std::collections::HashMap::new();
    let mut warnings = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, e))?;
        let line = record.position().map_or(0, |p| p.line());
        let id = record.get(id_col).unwrap_or("").trim().to_string();
        let fields = headers
            .iter()
            .zip(record.iter())
            .filter(|(h, _)| h.trim() != "id");
        let meta = metadata_from(fields, &mut |m| {
            warnings.push(Warning {
                source: format!("{}:{line}", path.display()),
                id: Some(id.clone()),
                message: m,
            })
        });
        if table.insert(id.clone(), meta).is_some() {
            warnings.push(Warning {
                source: format!("{}:{line}", path.display()),
                id: Some(id),
                message: "a second metadata row for this id; the later row is used".into(),
            });
        }
    }
    Ok((table, warnings))
}

/// Builds metadata from (column, value) pairs, warning of dates it cannot read.
fn metadata_from<'a>(
    fields: impl Iterator<Item = (&'a str, &'a str)>,
    warn: &mut dyn FnMut(String),
) -> Metadata {
    let mut meta = Metadata::default();
    for (column, value) in fields {
        let value = value.trim().to_string();
        match column.trim() {
            "title" => meta.title = value,
            "outlet" => meta.outlet = value,
            "url" => meta.url = value,
            "date" => {
                if !value.is_empty() && !valid_date(&value) {
                    warn(format!("date '{value}' is not YYYY, YYYY-MM or YYYY-MM-DD; it is kept as text and left out of the timeline"));
                }
                meta.date = value;
            }
            other => {
                meta.extra.insert(other.to_string(), value);
            }
        }
    }
    meta
}

fn valid_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let number = |s: &str, len: usize, max: u32| {
        s.len() == len && s.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n))
    };
    match parts.as_slice() {
        [y] => number(y, 4, 9999),
        [y, m] => number(y, 4, 9999) && number(m, 2, 12),
        [y, m, d] => number(y, 4, 9999) && number(m, 2, 12) && number(d, 2, 31),
        _ => false,
    }
}

fn csv_error(path: &Path, e: csv::Error) -> CorpusError {
    let line = e.position().map_or(0, |p| p.line());
    CorpusError::Format {
        path: path.to_path_buf(),
        line,
        message: format!("not readable as CSV: {e}"),
    }
}

/// A `.csv` corpus: `id` and `text` columns, and any metadata columns.
fn csv_items(path: &Path) -> Result<impl Iterator<Item = Item> + Send, CorpusError> {
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|source| CorpusError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    let decoded = decode(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(io::Cursor::new(decoded.text.into_bytes()));
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(path, e))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let find = |name: &str| headers.iter().position(|h| h == name);
    let (Some(id_col), Some(text_col)) = (find("id"), find("text")) else {
        return Err(CorpusError::Format {
            path: path.to_path_buf(),
            line: 1,
            message: format!(
                "a CSV corpus needs 'id' and 'text' columns; found {}",
                headers.join(",")
            ),
        });
    };
    let source = path.display().to_string();
    let encoding = decoded.encoding;
    Ok(reader.into_records().map(move |record| {
        let record = record.map_err(|e| Warning {
            source: format!("{source}:{}", e.position().map_or(0, |p| p.line())),
            id: None,
            message: format!("unreadable CSV row: {e}"),
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let at = format!("{source}:{line}");
        let id = record.get(id_col).unwrap_or("").trim().to_string();
        let Some(text) = record.get(text_col) else {
            return Err(Warning {
                source: at,
                id: Some(id),
                message: "the row has no text field; skipped".into(),
            });
        };
        let mut notes = Vec::new();
        let fields = headers
            .iter()
            .map(String::as_str)
            .zip(record.iter())
            .enumerate()
            .filter(|(i, _)| *i != id_col && *i != text_col)
            .map(|(_, f)| f);
        let meta = metadata_from(fields, &mut |m| notes.push(m));
        Ok(Document {
            id,
            text: text.to_string(),
            meta,
            encoding,
            notes,
        })
    }))
}

/// JSONL: one object a line with `id` (string or number), `text`, and metadata fields.
fn jsonl_items(source: String, reader: impl BufRead + Send) -> impl Iterator<Item = Item> + Send {
    reader
        .split(b'\n')
        .enumerate()
        .filter_map(move |(i, line)| {
            let at = format!("{source}:{}", i + 1);
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    return Some(Err(Warning {
                        source: at,
                        id: None,
                        message: format!("cannot be read: {e}"),
                    }))
                }
            };
            if line.iter().all(u8::is_ascii_whitespace) {
                return None;
            }
            Some(jsonl_document(&at, &line))
        })
}

fn jsonl_document(at: &str, line: &[u8]) -> Item {
    let warn = |id: Option<String>, message: String| Warning {
        source: at.to_string(),
        id,
        message,
    };
    let decoded = decode(line);
    let value: serde_json::Value = serde_json::from_str(&decoded.text).map_err(|e| {
        warn(
            None,
            format!("not a JSON object ({e}); the line was skipped"),
        )
    })?;
    let serde_json::Value::Object(object) = value else {
        return Err(warn(None, "not a JSON object; the line was skipped".into()));
    };
    let id = match object.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => {
            return Err(warn(
                None,
                "the object has no \"id\" (a string or number); the line was skipped".into(),
            ))
        }
    };
    let text = match object.get("text") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => {
            return Err(warn(
                Some(id),
                "\"text\" is missing or null; the line was skipped".into(),
            ))
        }
        Some(_) => {
            return Err(warn(
                Some(id),
                "\"text\" is not a string; the line was skipped".into(),
            ))
        }
    };
    let mut notes: Vec<String> = decoded.note.into_iter().collect();
    let strings: Vec<(String, String)> = object
        .iter()
        .filter(|(k, _)| *k != "id" && *k != "text")
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str().map(str::to_string).unwrap_or_else(|| {
                    if v.is_null() {
                        String::new()
                    } else {
                        v.to_string()
                    }
                }),
            )
        })
        .collect();
    let meta = metadata_from(
        strings.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        &mut |m| notes.push(m),
    );
    Ok(Document {
        id,
        text,
        meta,
        encoding: decoded.encoding,
        notes,
    })
}
