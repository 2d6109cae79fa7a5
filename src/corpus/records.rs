//! Corpora of records: a `.csv` file with `id` and `text` columns, and JSON Lines (a file,
//! or standard input) with one object a line. Each record becomes a [`Document`] that
//! remembers its `file:line`, or a [`Warning`] with that place and what to fix.

use std::fs::File;
use std::io::{self, BufRead, Read};
use std::iter;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use encoding_rs::Encoding;
use encoding_rs_io::DecodeReaderBytesBuilder;

use serde_json::Value;

use super::json_line::json_object;

use super::metadata::{column_name, metadata_from};
use super::{
    decode, document_id, replace_controls, CorpusError, Document, Item, LineFeeds, Warning,
};

pub(super) fn csv_error(path: &Path, e: csv::Error) -> CorpusError {
    match csv_problem(&e) {
        (Some(line), message) => CorpusError::Format {
            path: path.to_path_buf(),
            line,
            message,
        },
        (None, _) => CorpusError::Io {
            path: path.to_path_buf(),
            source: e.into(),
        },
    }
}

/// A CSV reading error in `place` as `place:line: what is wrong` (without the line when
/// the error has none, as a failed read), for files read outside the corpus (gold
/// codings, feature rows, report tables).
pub fn csv_failure(place: impl std::fmt::Display, e: &csv::Error) -> String {
    match csv_problem(e) {
        (Some(line), why) => format!("{place}:{line}: {why}"),
        (None, why) => format!("{place}: {why}"),
    }
}

/// A message when two header cells name the same column (as mizan reads names, so
/// `Outlet` and `outlet` are one): which value is meant would be a guess.
pub fn repeated_column(headers: &csv::StringRecord) -> Option<String> {
    let names: Vec<&str> = headers.iter().map(column_name).collect();
    names.iter().enumerate().find_map(|(second, name)| {
        let first = names[..second].iter().position(|n| n == name)?;
        Some(format!(
            "the header names the column '{name}' twice (columns {} and {}); give each column its own name",
            first + 1,
            second + 1
        ))
    })
}

/// The line of a CSV reading error and a sentence saying what is wrong with it, in place
/// of the csv crate's own wording ("CSV error: record 2 (line: 3, byte: 34): ...").
fn csv_problem(e: &csv::Error) -> (Option<u64>, String) {
    let line = e.position().map(|p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "this row has {len} field(s) but the header has {expected_len}; a field that \
             contains a comma must be in double quotes"
        ),
        csv::ErrorKind::Utf8 { .. } => {
            "this row is not UTF-8 text; save the file as UTF-8 (in Excel: CSV UTF-8)".into()
        }
        csv::ErrorKind::Io(io) => format!("the file could not be read: {io}"),
        _ => format!("not readable as CSV: {e}"),
    };
    (line, message)
}

/// A hint when a header line is one field holding ';' or tabs: a file saved by a
/// spreadsheet set to another separator.
pub(super) fn separator_hint(headers: &csv::StringRecord) -> &'static str {
    match headers.iter().collect::<Vec<_>>().as_slice() {
        [one] if one.contains(';') || one.contains('\t') => {
            " (mizan reads comma-separated files; this one seems to use ';' or tabs)"
        }
        _ => "",
    }
}

/// The message for a row with more fields than the header: the usual cause is a comma in
/// an unquoted field, which shifts every later column.
pub(super) fn ragged(fields: usize, header: &csv::StringRecord, outcome: &str) -> String {
    format!(
        "this row has {fields} fields but the header has {} ({}); {outcome}. A field that contains a comma must be in double quotes",
        header.len(),
        header.iter().collect::<Vec<_>>().join(",")
    )
}

/// Bytes of a CSV corpus read whole, its encoding judged on all of it; a larger file is
/// judged on its first this many bytes and decoded as it is read, so that a corpus of
/// any size needs the memory of a few records.
const READ_WHOLE_UP_TO: usize = 4 << 20;

/// A `.csv` corpus: `id` and `text` columns, and any metadata columns.
pub(super) fn csv_items(path: &Path) -> Result<impl Iterator<Item = Item> + Send, CorpusError> {
    let io_error = |source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(io_error)?;
    let mut head = Vec::new();
    (&mut file)
        .take(READ_WHOLE_UP_TO as u64 + 1)
        .read_to_end(&mut head)
        .map_err(io_error)?;
    let whole = head.len() <= READ_WHOLE_UP_TO;
    let decoded = decode(if whole { &head } else { whole_lines(&head) });
    let binary = decoded.binary;
    let (records_decoder, file_note) = RecordDecoder::for_file(decoded.encoding, decoded.note);
    let (file_encoding, utf16) = (records_decoder.file, records_decoder.transcoded);
    // UTF-16 is read from the decoded text when it is the whole file, else from the file
    // again.
    let whole_text = (whole && utf16).then(|| decoded.text.into_owned());
    let format_error = |line: u64, message: String| CorpusError::Format {
        path: path.to_path_buf(),
        line,
        message,
    };
    if binary {
        return Err(format_error(1, "this is not a text file; a CSV corpus is text with a header line such as id,text,title,outlet,date,url".into()));
    }
    // UTF-16 is decoded as a whole, its line ends being two bytes; other files are read as
    // bytes and decoded a record at a time ([`RecordDecoder`]), so that a record in another
    // encoding than the file's start spoils no other.
    let text: Box<dyn Read + Send> = match (utf16, whole_text) {
        (true, Some(text)) => Box::new(io::Cursor::new(text.into_bytes())),
        (true, None) => Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(file_encoding))
                .strip_bom(true)
                .build(io::Cursor::new(head).chain(file)),
        ),
        (false, _) => {
            let bom = if head.starts_with(b"\xEF\xBB\xBF") {
                3
            } else {
                0
            };
            let mut head = io::Cursor::new(head);
            head.set_position(bom);
            Box::new(head.chain(file))
        }
    };
    let quotes = QuoteWatch::new(LineFeeds::new(text));
    let unclosed = quotes.unclosed();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(quotes);
    let header_bytes = reader.byte_headers().map_err(|e| csv_error(path, e))?;
    let (headers, _, _) = records_decoder.decode(header_bytes.clone());
    if let Some(message) = repeated_column(&headers) {
        return Err(format_error(1, message));
    }
    let find = |name: &str| headers.iter().position(|h| column_name(h) == name);
    let (Some(id_col), Some(text_col)) = (find("id"), find("text")) else {
        if headers.is_empty() {
            return Err(format_error(
                1,
                "the file is empty; a CSV corpus is text with a header line such as id,text,title,outlet,date,url".into(),
            ));
        }
        let found = headers.iter().collect::<Vec<_>>().join(",");
        let hint = separator_hint(&headers);
        return Err(format_error(
            1,
            format!("a CSV corpus needs 'id' and 'text' columns in its header line; found {found}{hint}"),
        ));
    };
    let source = path.display().to_string();
    let file_note = file_note.map(|message| Warning {
        source: source.clone(),
        id: None,
        message,
    });
    let mut records = reader.into_byte_records().peekable();
    let rows = iter::from_fn(move || {
        let record = records.next()?;
        // The reader has met the end of the file when it has no next record.
        let unclosed = records.peek().is_none().then(|| unclosed.line()).flatten();
        let record = record.map(|r| records_decoder.decode(r));
        Some(csv_row(
            &source,
            &headers,
            (id_col, text_col),
            record,
            unclosed,
        ))
    });
    Ok(file_note.map(Err).into_iter().chain(rows))
}

/// One CSV record as a document. `unclosed` is the line of a quote that is never closed,
/// when this is the last record: it then swallowed the rest of the file.
fn csv_row(
    source: &str,
    headers: &csv::StringRecord,
    (id_col, text_col): (usize, usize),
    record: csv::Result<DecodedRecord>,
    unclosed: Option<u64>,
) -> Item {
    let (record, encoding, note) = record.map_err(|e| Warning {
        source: format!("{source}:{}", e.position().map_or(0, |p| p.line())),
        id: None,
        message: format!("unreadable CSV row ({e}); skipped"),
    })?;
    let line = record.position().map_or(0, |p| p.line());
    let id = document_id(record.get(id_col).unwrap_or(""));
    let warn = |at: u64, message: String| Warning {
        source: format!("{source}:{at}"),
        id: Some(id.clone()),
        message,
    };
    if let Some(quote) = unclosed {
        return Err(warn(quote, "a double quote opened on this line is never closed, so the rest of the file was read as one field; the row was skipped. Close the quote, or double it (\"\") inside a quoted field".into()));
    }
    if record.len() > headers.len() {
        return Err(warn(
            line,
            ragged(record.len(), headers, "the row was skipped"),
        ));
    }
    let Some(text) = record.get(text_col) else {
        return Err(warn(
            line,
            format!(
                "the row has no text field (it stops after {} field(s)); skipped",
                record.len()
            ),
        ));
    };
    // Text decoded as it streams has not had its control characters replaced yet.
    let mut text = text.to_string();
    let mut notes: Vec<String> = note.into_iter().collect();
    let controls = replace_controls(&mut text);
    if controls > 0 {
        notes.push(format!(
            "{controls} control character(s) such as NUL were replaced by spaces"
        ));
    }
    notes.extend(damaged(&text, encoding));
    let fields = headers
        .iter()
        .zip(record.iter())
        .enumerate()
        .filter(|(i, _)| *i != id_col && *i != text_col)
        .map(|(_, f)| f);
    let meta = metadata_from(fields, &mut |m| notes.push(m));
    Ok(Document {
        id,
        text,
        meta,
        encoding,
        notes,
        source: format!("{source}:{line}"),
    })
}

/// A CSV record decoded: its fields, its encoding and a note when the encoding was
/// detected for this record alone.
pub(super) type DecodedRecord = (csv::StringRecord, &'static str, Option<String>);

/// Decodes the records of a CSV file that is not UTF-16: a record that is valid UTF-8 is
/// UTF-8; another is in the file's encoding, or when that is UTF-8 (a file whose start is
/// UTF-8), in the encoding detected on its text, as a JSONL line is.
#[derive(Clone, Copy)]
pub(super) struct RecordDecoder {
    file: &'static Encoding,
    /// The file is transcoded to UTF-8 as a whole (UTF-16).
    transcoded: bool,
}

impl RecordDecoder {
    /// The decoder for a file whose start decoded as `encoding`, with the `note` of that
    /// decoding when it is to be said once for the whole file: when the file and not one
    /// record is in another encoding (a record that is no UTF-8 in a UTF-8 file says so
    /// itself).
    pub(super) fn for_file(encoding: &str, note: Option<String>) -> (Self, Option<String>) {
        let file = Encoding::for_label(encoding.as_bytes()).unwrap_or(encoding_rs::UTF_8);
        let transcoded = file == encoding_rs::UTF_16LE || file == encoding_rs::UTF_16BE;
        let note = note.filter(|_| transcoded || file != encoding_rs::UTF_8);
        (RecordDecoder { file, transcoded }, note)
    }

    /// Whether the file's records are read from its text transcoded as a whole (UTF-16),
    /// rather than from its bytes.
    pub(super) fn transcoded(self) -> bool {
        self.transcoded
    }

    pub(super) fn decode(self, record: csv::ByteRecord) -> DecodedRecord {
        // Most records are UTF-8 (a transcoded one always is): checked once, not copied.
        let record = match csv::StringRecord::from_byte_record(record) {
            Ok(fields) => {
                let encoding = if self.transcoded {
                    self.file
                } else {
                    encoding_rs::UTF_8
                };
                return (fields, encoding.name(), None);
            }
            Err(not_utf8) => not_utf8.into_byte_record(),
        };
        let (encoding, note) = if self.file != encoding_rs::UTF_8 {
            (self.file, None)
        } else {
            let detected = decode(record.as_slice());
            let encoding =
                Encoding::for_label(detected.encoding.as_bytes()).unwrap_or(encoding_rs::UTF_8);
            let note = format!(
                "this record is not valid UTF-8, unlike the start of the file; read as {}",
                encoding.name()
            );
            (encoding, Some(note))
        };
        let mut fields: csv::StringRecord = record
            .iter()
            .map(|field| encoding.decode_without_bom_handling(field).0)
            .collect();
        fields.set_position(record.position().cloned());
        (fields, encoding.name(), note)
    }
}

/// A note naming the damage in one record's text: the file's note counts what its
/// decoding replaced, but a large file's encoding is judged on its start, and this says
/// which documents lost characters, wherever they are in the file.
fn damaged(text: &str, encoding: &str) -> Option<String> {
    let replaced = text.matches(char::REPLACEMENT_CHARACTER).count();
    (replaced > 0).then(|| {
        format!(
            "the text holds {replaced} replacement character(s) (U+FFFD): bytes that could not \
             be decoded as {encoding}, in this file or before it was made"
        )
    })
}

/// The start of a file up to its last line end, so that its encoding is judged on whole
/// characters (in UTF-16 a line end is two bytes).
fn whole_lines(head: &[u8]) -> &[u8] {
    let Some(at) = head.iter().rposition(|&b| b == b'\n') else {
        return head;
    };
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    let end = if utf16 { (at + 2) & !1 } else { at + 1 };
    &head[..end.min(head.len())]
}

/// Decoded CSV text passed through while the line of a quoted field that is never closed
/// is watched for. As in the csv crate, a quote opens a field only at its start and `""`
/// inside one is a quote.
struct QuoteWatch<R> {
    inner: R,
    line: u64,
    state: Quoting,
    /// The line of the last quote that opened a field.
    opened: u64,
    /// The line of the quote still open (0: none), for the reader of the records.
    open: Arc<AtomicU64>,
}

#[derive(Clone, Copy, PartialEq)]
enum Quoting {
    Outside {
        field_start: bool,
    },
    Inside,
    /// A quote inside a quoted field: it closes the field unless another follows.
    QuoteInside,
}

/// The line of a quote never closed, once the text has been read to its end.
struct Unclosed(Arc<AtomicU64>);

impl Unclosed {
    fn line(&self) -> Option<u64> {
        Some(self.0.load(Ordering::Relaxed)).filter(|&line| line > 0)
    }
}

impl<R: Read> QuoteWatch<R> {
    fn new(inner: R) -> QuoteWatch<R> {
        QuoteWatch {
            inner,
            line: 1,
            state: Quoting::Outside { field_start: true },
            opened: 0,
            open: Arc::default(),
        }
    }

    fn unclosed(&self) -> Unclosed {
        Unclosed(Arc::clone(&self.open))
    }

    fn watch(&mut self, byte: u8) {
        if byte == b'\n' {
            self.line += 1;
        }
        self.state = match (self.state, byte) {
            (Quoting::Inside, b'"') => Quoting::QuoteInside,
            (Quoting::Inside, _) => Quoting::Inside,
            (Quoting::QuoteInside, b'"') => Quoting::Inside,
            (Quoting::Outside { field_start: true }, b'"') => {
                self.opened = self.line;
                Quoting::Inside
            }
            (_, b',' | b'\n') => Quoting::Outside { field_start: true },
            _ => Quoting::Outside { field_start: false },
        };
    }
}

impl<R: Read> Read for QuoteWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        buf[..n].iter().for_each(|&b| self.watch(b));
        // Said once a read, for whoever reads the records; a quote that ends the text
        // closes its field.
        let open = if self.state == Quoting::Inside {
            self.opened
        } else {
            0
        };
        self.open.store(open, Ordering::Relaxed);
        Ok(n)
    }
}

/// JSONL: one object a line with `id` (string or number), `text`, and metadata fields.
/// `csv_hint` is added, once, to the warning about the first line that looks like a CSV
/// header: a CSV piped where JSONL is read would otherwise give one puzzling "not valid
/// JSON" a line.
pub(super) fn jsonl_items(
    source: String,
    reader: impl BufRead + Send + 'static,
    csv_hint: Option<&'static str>,
) -> impl Iterator<Item = Item> + Send {
    let (reader, utf16) = utf16_decoded(reader);
    let mut csv_hint = csv_hint;
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
            let mut document = jsonl_document(at, &line);
            if let Err(warning) = &mut document {
                if looks_like_csv_header(&line) {
                    if let Some(hint) = csv_hint.take() {
                        warning.message = format!("{}; {hint}", warning.message);
                    }
                }
            }
            Some(match utf16 {
                Some(encoding) => document.map(|doc| Document {
                    encoding: encoding.name(),
                    ..doc
                }),
                None => document,
            })
        })
}

/// The stream decoded to UTF-8 when it begins with a UTF-16 byte order mark, with that
/// encoding: a line break is two bytes in UTF-16, and lines cut at the byte 0x0A of one
/// would no longer decode. Other streams are cut as they come, and each line is decoded
/// on its own ([`decode`]), so that one line in another encoding spoils no other.
fn utf16_decoded(
    mut reader: impl BufRead + Send + 'static,
) -> (Box<dyn BufRead + Send>, Option<&'static Encoding>) {
    let encoding = match reader.fill_buf() {
        Ok([0xFF, 0xFE, ..]) => encoding_rs::UTF_16LE,
        Ok([0xFE, 0xFF, ..]) => encoding_rs::UTF_16BE,
        _ => return (Box::new(reader), None),
    };
    let decoded = DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .strip_bom(true)
        .build(reader);
    (Box::new(io::BufReader::new(decoded)), Some(encoding))
}

/// True for a line such as `id,text,outlet`: comma-separated names, one of them `id` or
/// `text`, and no JSON object.
fn looks_like_csv_header(line: &[u8]) -> bool {
    let line = String::from_utf8_lossy(line);
    let line = line.trim_start_matches('\u{FEFF}').trim();
    !line.starts_with('{')
        && line.contains(',')
        && line.split(',').any(|field| {
            let name = field.trim().trim_matches('"').to_ascii_lowercase();
            name == "id" || name == "text"
        })
}

fn jsonl_document(at: String, line: &[u8]) -> Item {
    let warn = |id: Option<String>, message: String| Warning {
        source: at.clone(),
        id,
        message,
    };
    let decoded = decode(line);
    let mut notes: Vec<String> = decoded.note.into_iter().collect();
    let object = json_object(&decoded.text, &mut notes).map_err(|message| warn(None, message))?;
    let (mut object, repeated) = object.into_map();
    let mut id = match object.get("id") {
        Some(Value::String(s)) => document_id(s),
        Some(Value::Number(n)) => n.to_string(),
        _ => {
            return Err(warn(
                None,
                "the object has no \"id\" (a string or number); the line was skipped".into(),
            ))
        }
    };
    replace_controls(&mut id);
    let mut text = match object.remove("text") {
        Some(Value::String(s)) => s,
        Some(Value::Null) | None => {
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
    notes.extend(repeated.into_iter().map(|key| {
        format!("the key \"{key}\" appears more than once in the line; the last one was used")
    }));
    let controls = replace_controls(&mut text);
    if controls > 0 {
        notes.push(format!(
            "{controls} control character(s) such as NUL were replaced by spaces"
        ));
    }
    let strings: Vec<(&str, String)> = object
        .iter()
        .filter(|(k, _)| *k != "id")
        .map(|(k, v)| (k.as_str(), json_string(v)))
        .collect();
    let meta = metadata_from(strings.iter().map(|(k, v)| (*k, v.as_str())), &mut |m| {
        notes.push(m)
    });
    Ok(Document {
        id,
        text,
        meta,
        encoding: decoded.encoding,
        notes,
        source: at,
    })
}

/// A metadata value as text: strings as they are, null as nothing, the rest as JSON.
fn json_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
