//! Reading the lexicon CSV files with positions, so that every problem can be reported as
//! `file:line:col` with what was found and what would be valid. Lexicon records are one
//! line each, so the split is done here, where the column of every field is known (the
//! csv crate reports lines but not columns).

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a lexicon problem is: errors stop a run, warnings are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem in a lexicon file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when the problem concerns a whole line or file.
    pub col: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn error(at: &Location, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, at, message)
    }

    pub fn warning(at: &Location, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, at, message)
    }

    fn new(severity: Severity, at: &Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: at.file.clone(),
            line: at.line,
            col: at.col,
            message: message.into(),
        }
    }
}

impl Diagnostic {
    /// `file:line:col: message`, without the severity: for an error that stops a command,
    /// which says "error" once itself.
    pub fn without_severity(&self) -> String {
        self.written(None)
    }

    fn written(&self, kind: Option<&str>) -> String {
        let mut out = self.file.display().to_string();
        if self.line > 0 {
            out += &format!(":{}", self.line);
        }
        if self.col > 0 {
            out += &format!(":{}", self.col);
        }
        out += &kind.map_or(String::new(), |kind| format!(": {kind}"));
        out + ": " + &self.message
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        f.write_str(&self.written(Some(kind)))
    }
}

/// Where something was written: file, line and column (1-based; 0 = unknown).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
}

impl Location {
    pub fn file(file: &Path) -> Self {
        Location {
            file: file.to_path_buf(),
            line: 0,
            col: 0,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)?;
        if self.col > 0 {
            write!(f, ":{}", self.col)?;
        }
        Ok(())
    }
}

/// A CSV file read against a known set of columns.
pub struct Table {
    pub file: PathBuf,
    /// Each known column with its index in the file, if the file has it.
    columns: Vec<(&'static str, Option<usize>)>,
    pub rows: Vec<Row>,
}

/// One data row of a [`Table`], with the raw line for column positions.
pub struct Row {
    pub line: usize,
    fields: Vec<String>,
    field_cols: Vec<usize>,
}

impl Table {
    /// Reads `text` (the contents of `file`) as CSV with a header naming some of `known`
    /// columns, all of `required`. Comment lines (`#`) and blank lines are skipped. A row
    /// that cannot be split into fields is a problem returned beside the table of the
    /// others, so that their problems are listed too; a bad header is the only failure.
    pub fn parse(
        file: &Path,
        text: &str,
        known: &[&'static str],
        required: &[&str],
    ) -> Result<(Table, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut lines = data_lines(text);
        let Some((header_line, header_text)) = lines.next() else {
            let at = Location::file(file);
            return Err(vec![Diagnostic::error(
                &at,
                format!(
                    "the file is empty; expected a header line with the columns {}",
                    known.join(",")
                ),
            )]);
        };
        let header = split_fields(header_text)
            .map_err(|col| vec![unclosed_quote(file, header_line, col, None)])?;
        let columns = match_header(file, header_line, &header, known, required)?;
        let mut rows = Vec::new();
        let mut problems = Vec::new();
        let mut continued_to = 0;
        for (line, raw) in lines {
            if line <= continued_to {
                continue;
            }
            let fields = match split_fields(raw) {
                // The header again, as `lexicon suggest --csv >> frame.csv` appends it.
                Ok(fields) if fields.iter().map(|f| &f.0).eq(header.iter().map(|h| &h.0)) => {
                    continue
                }
                Ok(fields) => fields,
                Err(col) => {
                    let closed_on = line_closing_quote(text, line);
                    problems.push(unclosed_quote(file, line, col, closed_on));
                    continued_to = closed_on.unwrap_or(line);
                    continue;
                }
            };
            if fields.len() > header.len() {
                let at = Location {
                    file: file.to_path_buf(),
                    line,
                    col: fields[header.len()].1,
                };
                problems.push(Diagnostic::error(
                    &at,
                    format!(
                        "this row has {} fields but the header has {} columns ({}); quote a field that contains a comma",
                        fields.len(),
                        header.len(),
                        header.iter().map(|h| h.0.as_str()).collect::<Vec<_>>().join(",")
                    ),
                ));
                continue;
            }
            let (fields, field_cols) = fields.into_iter().unzip();
            rows.push(Row {
                line,
                fields,
                field_cols,
            });
        }
        let columns = known.iter().copied().zip(columns).collect();
        let table = Table {
            file: file.to_path_buf(),
            columns,
            rows,
        };
        Ok((table, problems))
    }

    /// The value of column `name` in `row`, trimmed; empty when the column is absent.
    pub fn get<'r>(&self, row: &'r Row, name: &str) -> &'r str {
        self.index_of(name)
            .and_then(|i| row.fields.get(i))
            .map(|s| s.trim())
            .unwrap_or("")
    }

    /// Whether the header has column `name`.
    pub fn has(&self, name: &str) -> bool {
        self.index_of(name).is_some()
    }

    /// Where column `name` of `row` starts.
    pub fn at(&self, row: &Row, name: &str) -> Location {
        let col = self
            .index_of(name)
            .and_then(|i| row.field_cols.get(i).copied())
            .unwrap_or(0);
        Location {
            file: self.file.clone(),
            line: row.line,
            col,
        }
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .find(|(k, _)| *k == name)
            .and_then(|(_, i)| *i)
    }
}

fn position(header: &[(String, usize)], name: &str) -> Option<usize> {
    header.iter().position(|(h, _)| h == name)
}

/// The error for a header read as one column because the file separates its columns
/// with something else than commas (the Arabic comma ، of an Arabic keyboard, ';', tabs).
fn other_separator(
    file: &Path,
    line: usize,
    header: &[(String, usize)],
    known: &[&str],
) -> Option<Diagnostic> {
    let [(name, _)] = header else { return None };
    name.contains(['،', ';', '\t']).then(|| {
        let at = Location {
            file: file.to_path_buf(),
            line,
            col: 1,
        };
        Diagnostic::error(
            &at,
            format!(
                "the header '{name}' is one column: mizan reads files whose columns are separated by commas (,), and this one seems to use the Arabic comma ، , ';' or tabs; save it with commas (expected {})",
                known.join(",")
            ),
        )
    })
}

/// Checks the header: every column known, every required one present, none twice.
fn match_header(
    file: &Path,
    line: usize,
    header: &[(String, usize)],
    known: &[&str],
    required: &[&str],
) -> Result<Vec<Option<usize>>, Vec<Diagnostic>> {
    if let Some(problem) = other_separator(file, line, header, known) {
        return Err(vec![problem]);
    }
    let mut problems = Vec::new();
    for (i, (name, col)) in header.iter().enumerate() {
        let at = Location {
            file: file.to_path_buf(),
            line,
            col: *col,
        };
        if !known.contains(&name.as_str()) {
            problems.push(Diagnostic::error(
                &at,
                format!(
                    "unknown column '{name}'; the columns of this file are {}",
                    known.join(",")
                ),
            ));
        } else if header[..i].iter().any(|(h, _)| h == name) {
            problems.push(Diagnostic::error(
                &at,
                format!("column '{name}' appears twice in the header"),
            ));
        }
    }
    for name in required {
        if position(header, name).is_none() {
            let at = Location {
                file: file.to_path_buf(),
                line,
                col: 1,
            };
            problems.push(Diagnostic::error(
                &at,
                format!(
                    "the header lacks the required column '{name}' (expected {})",
                    known.join(",")
                ),
            ));
        }
    }
    if problems.is_empty() {
        Ok(known.iter().map(|k| position(header, k)).collect())
    } else {
        Err(problems)
    }
}

/// The non-blank, non-comment lines with their 1-based numbers. A UTF-8 BOM is ignored.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// Splits one CSV line into fields with their 1-based starting column (in characters).
/// Double quotes group a field that contains commas; `""` inside quotes is a quote.
/// A record never spans lines in a lexicon file (terms and notes are one line), so a
/// quote left open is an error at the column where it opened (`Err(col)`), not a field
/// that silently runs to the end of the line.
fn split_fields(line: &str) -> Result<Vec<(String, usize)>, usize> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut start_col = 1;
    let mut in_quotes = false;
    let mut opened_at = 0;
    let mut chars = line.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' if in_quotes && chars.peek().map(|(_, n)| *n) == Some('"') => {
                current.push('"');
                chars.next();
            }
            '"' if in_quotes => in_quotes = false,
            '"' if current.trim().is_empty() => {
                current.clear();
                in_quotes = true;
                opened_at = i + 1;
            }
            ',' if !in_quotes => {
                fields.push((std::mem::take(&mut current), start_col));
                start_col = i + 2;
            }
            c => current.push(c),
        }
    }
    if in_quotes {
        return Err(opened_at);
    }
    fields.push((current, start_col));
    Ok(fields)
}

fn unclosed_quote(file: &Path, line: usize, col: usize, closed_on: Option<usize>) -> Diagnostic {
    let at = Location {
        file: file.to_path_buf(),
        line,
        col,
    };
    let message = match closed_on {
        Some(closed_on) => format!("this double quote is closed only on line {closed_on}, but an entry is one line (a note cannot hold a line break, as a spreadsheet cell can); join the lines"),
        None => "this double quote is never closed; close it on the same line (an entry is one line), and write \"\" for a quote inside a quoted field".into(),
    };
    Diagnostic::error(&at, message)
}

/// The line, among the few after `line` (1-based), where a double quote left open on
/// `line` is closed: a spreadsheet writes a cell with a line break so. None when no
/// nearby line closes it.
fn line_closing_quote(text: &str, line: usize) -> Option<usize> {
    const LOOK_AHEAD: usize = 10;
    text.lines()
        .enumerate()
        .skip(line)
        .take(LOOK_AHEAD)
        .find(|(_, next)| {
            let mut chars = next.chars();
            while let Some(c) = chars.next() {
                if c == '"' && chars.next() != Some('"') {
                    return true;
                }
            }
            false
        })
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_quoted_fields_and_reports_columns() {
        let fields = split_fields("a,\"b, c\",\"say \"\"x\"\"\",").unwrap();
        let texts: Vec<_> = fields.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["a", "b, c", "say \"x\"", ""]);
        assert_eq!(fields[1].1, 3);
        assert_eq!(split_fields("a,\"b, c"), Err(3));
    }
}
