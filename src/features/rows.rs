//! Feature rows: what `mizan score` writes (one row a document, CSV or JSONL) and what
//! `mizan report --features` reads back. A row carries the document's metadata, its
//! counts per frame and the parts of its stance, so that scoring can run as the map stage
//! of a cluster engine and the report can be built from the merged rows.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Write};

use anyhow::{anyhow, bail, Context, Result};
use serde_json::{Map, Value};

use super::{Features, FrameCount, Stance};
use crate::corpus::{csv_failure, LineFeeds, Metadata};
use crate::lexicon::Lexicon;
use crate::matching::Voice;

/// The metadata columns a row carries (among the fixed ones).
pub const ROW_METADATA: &[&str] = &["title", "outlet", "date", "url"];

/// Columns rows written before them lack; such rows are read all the same.
const LATER_COLUMNS: &[&str] = &["lexicons", "prior"];

/// The fixed columns before the per-frame ones.
const FIXED: &[&str] = &[
    "id",
    "title",
    "outlet",
    "date",
    "url",
    "encoding",
    "warning",
    "tokens",
    "sentences",
    "matches",
    "intensity",
    "stance",
    "stance_low",
    "stance_high",
    "positive",
    "negative",
    "evidence",
    "lexicons",
    "prior",
];

/// The output format of feature rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFormat {
    Csv,
    Jsonl,
}

/// One row: a scored document, or a warning about one that could not be scored.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureRow {
    pub id: String,
    pub meta: Metadata,
    pub encoding: String,
    /// What went wrong with the document: when it could not be scored, the other fields
    /// are empty; when it was scored, a note such as a guessed encoding.
    pub warning: String,
    pub features: Option<Features>,
}

/// The column names for a lexicon: the fixed ones, the voice counts, two per frame.
pub fn header(lexicon: &Lexicon) -> Vec<String> {
    let mut h: Vec<String> = FIXED.iter().map(|s| s.to_string()).collect();
    h.extend(Voice::ALL.iter().map(|v| format!("voice_{}", v.name())));
    for frame in &lexicon.frames {
        h.push(format!("{}_matches", frame.id));
        h.push(format!("{}_weighted", frame.id));
    }
    h
}

/// One value of a row.
#[derive(Debug, Clone, Copy)]
enum Cell<'r> {
    Text(&'r str),
    Count(usize),
    Number(f64),
}

impl Cell<'_> {
    /// Writes the cell as JSON does (`serde_json`'s own formatting of strings and numbers).
    fn write_json(self, out: &mut impl Write) -> serde_json::Result<()> {
        match self {
            Cell::Text(text) => serde_json::to_writer(out, text),
            Cell::Count(count) => serde_json::to_writer(out, &count),
            Cell::Number(number) => serde_json::to_writer(out, &number),
        }
    }
}

/// The cells of a row scored with the lexicons of fingerprint `lexicons` and the stance's
/// `prior`, in header order: a row that was not scored stops after its metadata and
/// warning.
fn cells<'r>(row: &'r FeatureRow, lexicons: &'r str, prior: f64) -> Vec<Cell<'r>> {
    let frames = row.features.as_ref().map_or(0, |f| f.frames.len());
    let mut cells = Vec::with_capacity(FIXED.len() + Voice::ALL.len() + 2 * frames);
    cells.extend(
        [
            &row.id,
            &row.meta.title,
            &row.meta.outlet,
            &row.meta.date,
            &row.meta.url,
            &row.encoding,
            &row.warning,
        ]
        .map(|text| Cell::Text(text)),
    );
    let Some(f) = &row.features else { return cells };
    // Six decimals; adding 0.0 turns a -0.0 into 0.0.
    let x = |x: f64| Cell::Number((x * 1e6).round() / 1e6 + 0.0);
    cells.extend([
        Cell::Count(f.tokens),
        Cell::Count(f.sentences),
        Cell::Count(f.matches),
        x(f.intensity),
        x(f.stance.score),
        x(f.stance.low),
        x(f.stance.high),
        x(f.positive),
        x(f.negative),
        x(f.mass),
        Cell::Text(lexicons),
        Cell::Number(prior),
    ]);
    cells.extend(f.voices.iter().map(|&c| Cell::Count(c)));
    for count in &f.frames {
        cells.extend([Cell::Count(count.matches), x(count.weighted)]);
    }
    cells
}

/// Writes rows in one format; the CSV header is written first. Cells are written as
/// they are formatted, without a string apiece: on a million short documents, rows of
/// some sixty cells were a fifth of `mizan score`'s work.
pub struct RowWriter<W: Write> {
    header: Vec<String>,
    /// The [`Lexicon::fingerprint`] of the lexicons the rows are scored with.
    lexicons: String,
    /// The stance's prior they are scored with.
    prior: f64,
    out: Output<W>,
    /// A number's text, for a CSV cell.
    scratch: Vec<u8>,
}

enum Output<W: Write> {
    Csv(Box<csv::Writer<W>>),
    /// JSON objects, their keys in the order of `by_key` (indices into the header): the
    /// sorted order of the `serde_json` maps the rows were first written from.
    Jsonl {
        out: W,
        by_key: Vec<usize>,
    },
}

impl<W: Write> RowWriter<W> {
    pub fn new(out: W, format: RowFormat, lexicon: &Lexicon, prior: f64) -> Result<RowWriter<W>> {
        let header = header(lexicon);
        let out = match format {
            RowFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(&header)?;
                Output::Csv(Box::new(w))
            }
            RowFormat::Jsonl => {
                let mut by_key: Vec<usize> = (0..header.len()).collect();
                by_key.sort_by_key(|&i| &header[i]);
                Output::Jsonl { out, by_key }
            }
        };
        Ok(RowWriter {
            header,
            lexicons: lexicon.fingerprint(),
            prior,
            out,
            scratch: Vec::new(),
        })
    }

    pub fn write(&mut self, row: &FeatureRow) -> Result<()> {
        let cells = cells(row, &self.lexicons, self.prior);
        match &mut self.out {
            Output::Csv(w) => {
                for i in 0..self.header.len() {
                    match cells.get(i) {
                        Some(Cell::Text(text)) => w.write_field(text)?,
                        Some(&number) => {
                            self.scratch.clear();
                            number.write_json(&mut self.scratch)?;
                            w.write_field(&self.scratch)?;
                        }
                        None => w.write_field("")?,
                    }
                }
                w.write_record(None::<&[u8]>)?;
            }
            Output::Jsonl { out, by_key } => {
                let mut separator = b"{";
                for &i in by_key.iter().filter(|&&i| i < cells.len()) {
                    out.write_all(separator)?;
                    serde_json::to_writer(&mut *out, &self.header[i])?;
                    out.write_all(b":")?;
                    cells[i].write_json(out)?;
                    separator = b",";
                }
                out.write_all(b"}\n")?;
            }
        }
        Ok(())
    }

    pub fn flush(&mut self) -> Result<()> {
        match &mut self.out {
            Output::Csv(w) => w.flush()?,
            Output::Jsonl { out, .. } => out.flush()?,
        }
        Ok(())
    }
}

/// Feature rows as read, each with the line it starts on.
pub struct ReadRows {
    pub rows: Vec<(usize, FeatureRow)>,
    /// The stance's prior the scored rows were scored with, when they name one.
    pub prior: Option<f64>,
}

/// Reads feature rows (CSV or JSONL, told apart by the first byte) written with `lexicon`;
/// rows scored with other versions of the lexicons, or with several priors, are warned
/// about in `warnings`.
pub fn read_rows(
    input: impl BufRead,
    origin: &str,
    lexicon: &Lexicon,
    warnings: &mut Vec<String>,
) -> Result<ReadRows> {
    let mut input = input;
    let jsonl = input.fill_buf()?.first() == Some(&b'{');
    let records: Vec<(usize, HashMap<String, String>)> = if jsonl {
        jsonl_records(input, origin)?
    } else {
        csv_records(input, origin)?
    };
    // Rows that were not scored have no tokens in JSONL; one that was has.
    let from_score = records.iter().any(|(_, r)| r.contains_key("tokens"));
    if let (Some((_, first)), false) = (records.first(), from_score) {
        refuse_not_rows(origin, first)?;
    }
    let scored = records
        .iter()
        .find(|(_, r)| r.get("tokens").is_some_and(|t| !t.is_empty()));
    if let Some((_, first)) = scored {
        check_frame_columns(origin, first, lexicon)?;
    }
    warnings.extend(other_lexicons(origin, &records, lexicon));
    let prior = scored_with_prior(origin, &records, warnings);
    let rows = records
        .into_iter()
        .map(|(line, r)| {
            let row = parse_row(&r, lexicon).with_context(|| format!("{origin}:{line}"))?;
            Ok((line, row))
        })
        .collect::<Result<_>>()?;
    Ok(ReadRows { rows, prior })
}

/// The prior every row that names one was scored with; rows scored with several are
/// warned about, as no one prior makes all their stances add up.
fn scored_with_prior(
    origin: &str,
    records: &[(usize, HashMap<String, String>)],
    warnings: &mut Vec<String>,
) -> Option<f64> {
    let priors = values_of(records, "prior", "");
    match priors.keys().collect::<Vec<_>>()[..] {
        [] => None,
        [prior] => prior.parse().ok(),
        _ => {
            warnings.push(format!(
                "{origin}: the rows were scored with several priors ({}); the arithmetic the report shows for a stance holds for the rows scored with its --prior only",
                listed(&priors)
            ));
            None
        }
    }
}

/// Refuses rows without the `tokens` column `mizan score` writes: a corpus given where
/// rows are read (`id,text`) is named as one, other rows were not written by it.
fn refuse_not_rows(origin: &str, first: &HashMap<String, String>) -> Result<()> {
    if first.contains_key("text") {
        bail!(
            "{origin} looks like a corpus (it has a text column), not `mizan score` rows; pass it as --corpus, or score it first (mizan score --corpus {origin} --out rows.csv)"
        );
    }
    bail!(
        "{origin}: the rows have no 'tokens' column; they were not written by mizan score, or were edited"
    );
}

/// Rows scored with another lexicon than `lexicon` would be reported under the wrong
/// frames: frame columns missing from the rows, or present in them but not in the
/// lexicon, are an error either way.
fn check_frame_columns(
    origin: &str,
    row: &HashMap<String, String>,
    lexicon: &Lexicon,
) -> Result<()> {
    let expected = header(lexicon);
    let missing: Vec<&str> = expected
        .iter()
        .filter(|c| !row.contains_key(*c) && !LATER_COLUMNS.contains(&c.as_str()))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        bail!(
            "{origin}: the rows lack the columns {}; were they scored with another lexicon? Score again with --lexicons {}",
            missing.join(", "),
            lexicon.dir.display()
        );
    }
    let mut extra: Vec<&str> = row
        .keys()
        .filter(|c| !expected.contains(*c))
        .filter_map(|c| c.strip_suffix("_matches").or(c.strip_suffix("_weighted")))
        .collect();
    extra.sort_unstable();
    extra.dedup();
    if !extra.is_empty() {
        bail!(
            "{origin}: the rows have columns for frames that the lexicons in {} lack: {}; were they scored with another lexicon? Pass that lexicon folder with --lexicons, or score again with --lexicons {}",
            lexicon.dir.display(),
            extra.join(", "),
            lexicon.dir.display()
        );
    }
    Ok(())
}

/// A warning when rows were scored with lexicons other than `lexicon` as it is now (an
/// edit since, or another folder): same frames, but other terms or weights, so their
/// counts and stances are not what scoring again would give. Rows written before the
/// `lexicons` column existed are not judged.
fn other_lexicons(
    origin: &str,
    records: &[(usize, HashMap<String, String>)],
    lexicon: &Lexicon,
) -> Option<String> {
    let current = lexicon.fingerprint();
    let others = values_of(records, "lexicons", &current);
    (!others.is_empty()).then(|| format!(
        "{origin}: {} rows were scored with other lexicons than those in {} now (lexicon fingerprint {}; now {current}): their frame counts and stances do not show the lexicons' latest edits; score the corpus again to see them",
        others.values().sum::<usize>(),
        lexicon.dir.display(),
        listed(&others)
    ))
}

/// The values of `column` in `records`, but empty ones and `but`, with how many rows have
/// each.
fn values_of<'r>(
    records: &'r [(usize, HashMap<String, String>)],
    column: &str,
    but: &str,
) -> BTreeMap<&'r str, usize> {
    let mut values = BTreeMap::new();
    for (_, record) in records {
        if let Some(value) = record.get(column).filter(|v| !v.is_empty() && *v != but) {
            *values.entry(value.as_str()).or_default() += 1;
        }
    }
    values
}

/// Values with their row counts, for a warning: "4 in 3 rows, 50 in 2".
fn listed(values: &BTreeMap<&str, usize>) -> String {
    let listed: Vec<String> = values
        .iter()
        .map(|(value, rows)| format!("{value} in {rows}"))
        .collect();
    listed.join(", ")
}

fn csv_records(input: impl BufRead, origin: &str) -> Result<Vec<(usize, HashMap<String, String>)>> {
    let mut reader = csv::Reader::from_reader(LineFeeds::new(input));
    let headers = reader
        .headers()
        .map_err(|e| anyhow!(csv_failure(origin, &e)))?
        .clone();
    reader
        .records()
        .map(|r| {
            let r = r.map_err(|e| anyhow!(csv_failure(origin, &e)))?;
            let line = r.position().map_or(0, |p| p.line() as usize);
            Ok((
                line,
                headers
                    .iter()
                    .map(String::from)
                    .zip(r.iter().map(String::from))
                    .collect(),
            ))
        })
        .collect()
}

fn jsonl_records(
    input: impl BufRead,
    origin: &str,
) -> Result<Vec<(usize, HashMap<String, String>)>> {
    let mut out = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let line = line.with_context(|| format!("{origin}:{}", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let object: Map<String, Value> = serde_json::from_str(&line)
            .with_context(|| format!("{origin}:{}: not a JSON object", i + 1))?;
        let record = object
            .into_iter()
            .map(|(k, v)| {
                (
                    k,
                    match v {
                        Value::String(s) => s,
                        Value::Null => String::new(),
                        v => v.to_string(),
                    },
                )
            })
            .collect();
        out.push((i + 1, record));
    }
    Ok(out)
}

/// `stance`, if its score lies within its interval (rows written by `mizan score` always do).
fn stance_in_interval(stance: Stance) -> Result<Stance> {
    if !(stance.low <= stance.score && stance.score <= stance.high) {
        bail!(
            "the stance {} lies outside its interval [{}, {}]; these rows were not written by mizan score, or were edited",
            stance.score,
            stance.low,
            stance.high
        );
    }
    Ok(stance)
}

fn parse_row(r: &HashMap<String, String>, lexicon: &Lexicon) -> Result<FeatureRow> {
    let text = |k: &str| r.get(k).cloned().unwrap_or_default();
    let meta = Metadata {
        title: text("title"),
        outlet: text("outlet"),
        date: text("date"),
        url: text("url"),
        extra: Default::default(),
    };
    let warning = text("warning");
    let mut row = FeatureRow {
        id: text("id"),
        meta,
        encoding: text("encoding"),
        warning,
        features: None,
    };
    if text("tokens").is_empty() {
        return Ok(row);
    }
    let num = |k: &str| -> Result<f64> {
        let raw = r.get(k).map(String::as_str).unwrap_or("");
        raw.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .with_context(|| format!("column {k} must be a number, found '{raw}'"))
    };
    let count = |k: &str| -> Result<usize> {
        let n = num(k)?;
        if n < 0.0 || n.fract() != 0.0 {
            bail!("column {k} must be a count (a whole number from 0), found '{n}'");
        }
        Ok(n as usize)
    };
    // A stance and its interval lie in [-1, 1], the score inside its interval.
    let stance_part = |k: &str| -> Result<f64> {
        let x = num(k)?;
        if !(-1.0..=1.0).contains(&x) {
            bail!("column {k} must lie between -1 and 1, found {x}");
        }
        Ok(x)
    };
    let tokens = count("tokens")?;
    let frames = lexicon
        .frames
        .iter()
        .map(|f| {
            let weighted = num(&format!("{}_weighted", f.id))?;
            Ok(FrameCount {
                matches: count(&format!("{}_matches", f.id))?,
                weighted,
                per_1k: super::per_1k(weighted, tokens),
            })
        })
        .collect::<Result<Vec<_>>>()?
        .into();
    let mut voices = [0; 5];
    for (slot, v) in voices.iter_mut().zip(Voice::ALL) {
        *slot = count(&format!("voice_{}", v.name()))?;
    }
    row.features = Some(Features {
        tokens,
        sentences: count("sentences")?,
        frames,
        matches: count("matches")?,
        intensity: num("intensity")?,
        positive: num("positive")?,
        negative: num("negative")?,
        mass: num("evidence")?,
        voices,
        stance: stance_in_interval(Stance {
            score: stance_part("stance")?,
            low: stance_part("stance_low")?,
            high: stance_part("stance_high")?,
        })?,
    });
    Ok(row)
}
