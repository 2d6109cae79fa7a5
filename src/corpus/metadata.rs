//! Metadata columns (title, outlet, date, url and any others), from a folder's
//! `metadata.csv` or from the extra columns of a CSV or JSONL corpus. Values are text from
//! scrapers: control characters are replaced and bad dates are warned about, not trusted.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::ops::Range;
use std::path::Path;

use super::records::{csv_error, ragged, repeated_column, separator_hint, RecordDecoder};
use super::{decode, document_id, replace_controls, CorpusError, LineFeeds, Metadata, Warning};
use crate::text::ascii_digit;

/// One row of `metadata.csv`, with where it was written.
pub(super) struct MetaRow {
    pub meta: Metadata,
    pub line: u64,
    /// `path:line`, for warnings.
    pub source: String,
    /// Where the warnings about this row's values (a bad date) are in the file's list:
    /// dropped if a later row replaces this one, as its values are then never used (#12).
    values_warned: Range<usize>,
}

type MetadataTable = (HashMap<String, MetaRow>, Vec<Warning>);

/// Reads `metadata.csv`: an `id` column, and any of title, outlet, date, url and others.
/// Of several rows for one id the last is used, and only its values are warned about.
pub(super) fn read_metadata(path: &Path) -> Result<MetadataTable, CorpusError> {
    let bytes = fs::read(path).map_err(|source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    // Each row is decoded on its own, as a CSV corpus's are: one row pasted from an old
    // Windows editor must not garble the others' outlets and titles.
    let decoded = decode(&bytes);
    let (records_decoder, file_note) = RecordDecoder::for_file(decoded.encoding, decoded.note);
    let csv_bytes = match records_decoder.transcoded() {
        true => decoded.text.as_bytes(),
        false => bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes),
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(LineFeeds::new(csv_bytes));
    let header_bytes = reader.byte_headers().map_err(|e| csv_error(path, e))?;
    let (headers, _, _) = records_decoder.decode(header_bytes.clone());
    if let Some(message) = repeated_column(&headers) {
        return Err(CorpusError::Format {
            path: path.to_path_buf(),
            line: 1,
            message,
        });
    }
    let Some(id_col) = headers.iter().position(|h| column_name(h) == "id") else {
        return Err(CorpusError::Format {
            path: path.to_path_buf(),
            line: 1,
            message: format!(
                "metadata.csv needs an 'id' column (the .txt file name without extension); found {}{}",
                headers.iter().collect::<Vec<_>>().join(","),
                separator_hint(&headers)
            ),
        });
    };
    let mut table: HashMap<String, MetaRow> = HashMap::new();
    let mut warnings: Vec<Warning> = file_note
        .map(|message| Warning {
            source: path.display().to_string(),
            id: None,
            message,
        })
        .into_iter()
        .collect();
    // Positions in `warnings` of warnings about rows a later row replaced.
    let mut replaced: BTreeSet<usize> = BTreeSet::new();
    let mut lines = PhysicalLines::new(csv_bytes);
    for record in reader.into_byte_records() {
        let record = record.map_err(|e| csv_error(path, e))?;
        let (record, _, note) = records_decoder.decode(record);
        let line = lines.at(record.position().map_or(0, |p| p.byte()));
        let source = format!("{}:{line}", path.display());
        let id = without_txt(document_id(record.get(id_col).unwrap_or("")));
        warnings.extend(note.map(|message| row_warning(&source, &id, message)));
        if record.len() > headers.len() {
            let message = ragged(record.len(), &headers, "the row is not used");
            warnings.push(row_warning(&source, &id, message));
            continue;
        }
        if let Some(message) = runaway_quote(&headers, &record, line) {
            warnings.push(row_warning(&source, &id, message));
        }
        let fields = headers
            .iter()
            .zip(record.iter())
            .filter(|(h, _)| column_name(h) != "id");
        let first_value_warning = warnings.len();
        let meta = metadata_from(fields, &mut |message| {
            warnings.push(row_warning(&source, &id, message))
        });
        let values_warned = first_value_warning..warnings.len();
        if let Some(first) = table.get(&id) {
            replaced.extend(first.values_warned.clone());
            let message = format!(
                "a second metadata row for this id (the first is on line {}); the later row is used",
                first.line
            );
            warnings.push(row_warning(&source, &id, message));
        }
        let row = MetaRow {
            meta,
            line,
            source,
            values_warned,
        };
        table.insert(id, row);
    }
    let warnings = warnings
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !replaced.contains(i))
        .map(|(_, w)| w)
        .collect();
    Ok((table, warnings))
}

/// The line (1-based) of byte offsets met in increasing order, counted from the bytes
/// themselves: the csv reader's own line count leaves out the blank lines it skips.
struct PhysicalLines<'b> {
    bytes: &'b [u8],
    counted_to: usize,
    line: u64,
}

impl<'b> PhysicalLines<'b> {
    fn new(bytes: &'b [u8]) -> Self {
        PhysicalLines {
            bytes,
            counted_to: 0,
            line: 1,
        }
    }

    /// The line of the record the reader says starts at `byte`: there, or after the blank
    /// lines it skipped from there.
    fn at(&mut self, byte: u64) -> u64 {
        let mut byte = (byte as usize).clamp(self.counted_to, self.bytes.len());
        while matches!(self.bytes.get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        let between = &self.bytes[self.counted_to..byte];
        self.line += between.iter().filter(|&&b| b == b'\n').count() as u64;
        self.counted_to = byte;
        self.line
    }
}

/// A warning about the row at `source` (`path:line`), of document `id`.
fn row_warning(source: &str, id: &str, message: String) -> Warning {
    Warning {
        source: source.to_string(),
        id: Some(id.to_string()),
        message,
    }
}

/// The id of a row written as the file's name (`000_8ca6.txt`, as coders often copy it):
/// the file name without `.txt`, which is the document's id.
fn without_txt(id: String) -> String {
    let stem = id
        .len()
        .checked_sub(4)
        .filter(|&at| id.is_char_boundary(at));
    match stem {
        Some(at) if id[at..].eq_ignore_ascii_case(".txt") && at > 0 => id[..at].to_string(),
        _ => id,
    }
}

/// A warning when a value of `record` (which starts on `line`) runs over several lines:
/// a stray double quote opens a value that the csv reader closes only at the next quote,
/// and every row in between becomes part of it.
fn runaway_quote(
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
    line: u64,
) -> Option<String> {
    let (column, value) = headers
        .iter()
        .zip(record.iter())
        .find(|(_, value)| value.contains('\n'))?;
    let last = line + value.trim_end().matches('\n').count() as u64;
    let swallowed = match last - line {
        1 => format!("line {last} is"),
        _ => format!("lines {} to {last} are", line + 1),
    };
    Some(format!(
        "the '{column}' value runs on to line {last}: a double quote opened in this row is not \
         closed until then, so {swallowed} read as part of this value and get no metadata of \
         their own; remove the stray quote, or close it"
    ))
}

/// The columns mizan knows by name; a header cell is matched to them in any case.
const KNOWN_COLUMNS: [&str; 7] = ["id", "text", "title", "outlet", "date", "url", "stance"];

/// A CSV header cell as mizan reads it: trimmed, without a byte order mark, and a known
/// column in lower case, since spreadsheets write `ID` or `Outlet`. Other columns keep
/// their case, the name `--group-by` takes.
pub fn column_name(header: &str) -> &str {
    let name = header.trim_start_matches('\u{feff}').trim();
    KNOWN_COLUMNS
        .into_iter()
        .find(|k| k.eq_ignore_ascii_case(name))
        .unwrap_or(name)
}

/// Builds metadata from (column, value) pairs, warning of dates it cannot read.
pub(super) fn metadata_from<'a>(
    fields: impl Iterator<Item = (&'a str, &'a str)>,
    warn: &mut dyn FnMut(String),
) -> Metadata {
    let mut meta = Metadata::default();
    for (column, value) in fields {
        let mut value = value.trim().to_string();
        replace_controls(&mut value);
        match column_name(column) {
            "title" => meta.title = value,
            "outlet" => meta.outlet = value,
            "url" => meta.url = value,
            "date" => {
                let plain = plain_date(&value);
                meta.date = if plain.is_empty() || valid_date(&plain) {
                    if let Some(problem) = implausible_year(&plain) {
                        warn(format!(
                            "date '{value}': {problem}; it is left out of the timeline"
                        ));
                    }
                    plain
                } else {
                    warn(format!("date '{value}' is not YYYY, YYYY-MM or YYYY-MM-DD; it is kept as text and left out of the timeline"));
                    value
                };
            }
            other => {
                meta.extra.insert(other.to_string(), value);
            }
        }
    }
    meta
}

/// A date as mizan reads it: Arabic-Indic digits (٢٠٢٠-٠١) as ASCII ones, and the
/// slashes of 2020/01/05 as dashes, the year still first.
fn plain_date(date: &str) -> String {
    date.chars()
        .map(|c| match c {
            '/' => '-',
            c => ascii_digit(c).unwrap_or(c),
        })
        .collect()
}

/// Why a well-formed date cannot be a Gregorian publication date: a Hijri year (1446 AH
/// is 2024-25), or a year still to come.
fn implausible_year(date: &str) -> Option<String> {
    let year: i32 = date.get(..4)?.parse().ok()?;
    if year < super::FIRST_YEAR {
        Some(format!("the year {year} is before {}: mizan reads Gregorian dates, and a Hijri year (1446 AH is 2024) must be converted", super::FIRST_YEAR))
    } else if year > super::current_year() {
        Some(format!("the year {year} has not come yet"))
    } else {
        None
    }
}

fn valid_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let number = |s: &str, len: usize, max: u32| {
        s.len() == len && s.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n))
    };
    match parts.as_slice() {
        [y] => number(y, 4, 9999),
        [y, m] => number(y, 4, 9999) && number(m, 2, 12),
        [y, m, d] => number(y, 4, 9999) && number(m, 2, 12) && number(d, 2, days_in(y, m)),
        _ => false,
    }
}

/// Days in month `m` of year `y` (both already checked to be numbers), so that
/// 2020-02-30 is refused like 2020-13-01.
fn days_in(y: &str, m: &str) -> u32 {
    let (y, m): (u32, u32) = (y.parse().unwrap_or(0), m.parse().unwrap_or(0));
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}
