//! Stage 1: the corpus. Opens what `--corpus` names (a folder of `.txt` files with an
//! optional `metadata.csv`, a `.csv` or `.jsonl` file, or `-` for JSONL on standard input),
//! decodes each document and yields it with its metadata. A bad document is a [`Warning`]
//! naming it, never a failed run; only a corpus that cannot be read at all is an error.

mod decode;
mod folder;
mod ids;
mod json_line;
mod line_feeds;
mod metadata;
mod records;
mod screen;
mod sources;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

pub use decode::{decode, replace_controls, Decoded};
pub use ids::{document_id, IdSet, Ids};
pub use line_feeds::LineFeeds;
pub use metadata::column_name;
pub use records::{csv_failure, repeated_column};
pub use screen::Screen;
pub use sources::{fingerprints, open, CorpusError, Source};

/// One article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub id: String,
    pub text: String,
    pub meta: Metadata,
    /// The encoding the text was decoded from.
    pub encoding: &'static str,
    /// Things the user should know about this document (a guessed encoding, a bad date).
    pub notes: Vec<String>,
    /// Where it was read: its file, or `file:line` for a CSV or JSONL record, so that a
    /// warning about it points at the place to fix.
    pub source: String,
}

/// What is known of a document besides its text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Metadata {
    pub title: String,
    pub outlet: String,
    /// As given: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (anything else is warned about).
    pub date: String,
    pub url: String,
    /// Other columns, by name (available to `--group-by`).
    pub extra: BTreeMap<String, String>,
}

impl Metadata {
    /// The value of a metadata column by name, for grouping.
    pub fn get(&self, column: &str) -> Option<&str> {
        match column {
            "title" => Some(&self.title),
            "outlet" => Some(&self.outlet),
            "date" => Some(&self.date),
            "url" => Some(&self.url),
            other => self.extra.get(other).map(String::as_str),
        }
    }

    /// The names of the columns that have a value here.
    pub fn columns(&self) -> impl Iterator<Item = &str> {
        let named = [
            ("title", &self.title),
            ("outlet", &self.outlet),
            ("date", &self.date),
            ("url", &self.url),
        ];
        let extra = self.extra.iter().map(|(k, v)| (k.as_str(), v));
        named
            .into_iter()
            .chain(extra)
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, _)| k)
    }

    /// `YYYY-MM` when the date has a month, in a year a news article can be from.
    pub fn month(&self) -> Option<&str> {
        let d = self.date.as_bytes();
        let ok = d.len() >= 7
            && d[..4].iter().all(u8::is_ascii_digit)
            && d[4] == b'-'
            && d[5..7].iter().all(u8::is_ascii_digit);
        let month = ok.then(|| &self.date[..7])?;
        let year: i32 = month[..4].parse().ok()?;
        (FIRST_YEAR..=current_year())
            .contains(&year)
            .then_some(month)
    }
}

/// The earliest year of a date mizan places on the timeline: earlier ones are Hijri
/// years (1446) written where a Gregorian date belongs, far more often than news.
pub(crate) const FIRST_YEAR: i32 = 1900;

/// This year (UTC), near enough for telling a date still to come: read from the clock
/// once a run, not once for each document's month.
pub(crate) fn current_year() -> i32 {
    static YEAR: std::sync::OnceLock<i32> = std::sync::OnceLock::new();
    *YEAR.get_or_init(|| {
        const SECONDS_A_YEAR: u64 = 31_556_952;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        1970 + (now / SECONDS_A_YEAR) as i32
    })
}

/// A problem with one document or metadata row: reported, and the run goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file (and line) it concerns.
    pub source: String,
    /// The document id, when known.
    pub id: Option<String>,
    pub message: String,
}

impl Warning {
    /// A warning about the document read at `source` under `id`: "corpus" stands for an
    /// unknown place, and a blank id is left out.
    pub fn about(source: &str, id: &str, message: String) -> Warning {
        Warning {
            source: Warning::place(source).to_string(),
            id: Some(id.to_string()).filter(|id| !id.trim().is_empty()),
            message,
        }
    }

    /// True for a warning about a whole file (a CSV's guessed encoding, the documents
    /// metadata.csv has no row for), which names neither a document nor a line; false for
    /// one about a record or document, even a record without an id (a line that is not JSON).
    pub fn is_about_a_file(&self) -> bool {
        self.id.is_none() && screen::split_line(&self.source).1.is_none()
    }

    /// Where a document was read, as a warning names it: "corpus" when it is unknown.
    pub fn place(source: &str) -> &str {
        if source.is_empty() {
            "corpus"
        } else {
            source
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{} (document {id}): {}", self.source, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

/// What the corpus stream yields: a document, or a warning about one.
pub type Item = Result<Document, Warning>;

/// The documents of a corpus read in full, in id order, with the warnings met on the way.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub warnings: Vec<Warning>,
    /// A description of the input (its path, or standard input).
    pub origin: String,
    /// The input files with their SHA-256, for `run.json`.
    pub files: Vec<(PathBuf, String)>,
}

impl Corpus {
    /// Reads a whole corpus, checking it with [`Screen`], and sorts it by id.
    pub fn load(spec: &str) -> Result<Corpus, CorpusError> {
        let source = open(spec)?;
        let origin = source.origin();
        let files = fingerprints(source.files());
        let mut screen = Screen::default();
        let mut corpus = Corpus {
            origin,
            files,
            ..Corpus::default()
        };
        for item in source.items()? {
            match screen.check(item) {
                Ok(doc) => corpus.documents.push(doc),
                Err(w) => corpus.warnings.push(w),
            }
        }
        corpus.warnings.extend(screen.take_warnings());
        corpus.documents.sort_by(|a, b| a.id.cmp(&b.id));
        if corpus.documents.is_empty() {
            return Err(CorpusError::Empty {
                origin: corpus.origin,
                warnings: corpus.warnings,
            });
        }
        Ok(corpus)
    }
}

/// True when the text has at least one Arabic letter.
pub fn has_arabic(text: &str) -> bool {
    text.chars().any(is_arabic)
}

/// True for a character of the Arabic blocks (letters, and the block's punctuation and
/// digits), presentation forms included.
fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
}
