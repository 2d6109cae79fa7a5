//! Lexicons in and out of two common dictionary formats (issue 5), so that a researcher can
//! start from an existing dictionary or take mizan's lexicons to other tools:
//!
//! - LIWC `.dic`: a `%`-delimited header of category numbers and names, then one entry a
//!   line, `word<TAB>cat cat ...`; `*` ends an entry that matches any continuation.
//! - quanteda YAML dictionaries: nested keys are categories (`a: {b: [...]}` is `a.b`),
//!   their lists hold glob patterns (`*` any characters).
//!
//! Reading gives a [`Dictionary`] (categories of patterns, with where each was written);
//! [`write_folder`] turns it into a lexicon folder, one frame per category. Writing
//! ([`export`]) goes the other way and names what the format cannot hold: weights, exact
//! forms (`=`), exclusions (weight 0), polarities, actors and cues. A LIWC or quanteda
//! word without `*` matches only itself; in mizan every word also tolerates Arabic clitics
//! and suffixes, so an imported plain word matches its clitic forms too.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use thiserror::Error;
use yaml_rust2::parser::{MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};
use yaml_rust2::Event;

use super::{Diagnostic, Lexicon, Location, Pattern};
use crate::corpus::decode;

/// The dictionary formats mizan reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Liwc,
    Yaml,
}

impl Format {
    /// The format a file's extension or first line says, if any.
    pub fn detect(path: &Path, text: &str) -> Option<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("dic") => Some(Format::Liwc),
            Some("yml" | "yaml") => Some(Format::Yaml),
            _ if text.lines().find(|l| !l.trim().is_empty()).map(str::trim) == Some("%") => {
                Some(Format::Liwc)
            }
            _ => None,
        }
    }
}

/// A dictionary read from another tool: categories of patterns, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dictionary {
    pub categories: Vec<Category>,
}

/// One category with its patterns, each with where it was written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Category {
    pub name: String,
    pub terms: Vec<(String, Location)>,
}

impl Dictionary {
    fn category(&mut self, name: &str) -> usize {
        match self.categories.iter().position(|c| c.name == name) {
            Some(i) => i,
            None => {
                self.categories.push(Category {
                    name: name.to_string(),
                    terms: Vec::new(),
                });
                self.categories.len() - 1
            }
        }
    }

    /// Adds a pattern after checking it against mizan's term syntax; a pattern mizan cannot
    /// read is a warning and left out (said, never silent).
    fn add(&mut self, category: usize, term: &str, at: Location, problems: &mut Vec<Diagnostic>) {
        let term = term.trim();
        let problem = match Pattern::parse(term) {
            Err(e) => Some((e.offset, e.message)),
            Ok(_) => glob_ok(term).err().map(|m| (0, m)),
        };
        if let Some((offset, message)) = problem {
            let at = Location {
                col: at.col + offset,
                ..at
            };
            problems.push(Diagnostic::warning(
                &at,
                format!("'{term}' is left out: {message}"),
            ));
            return;
        }
        let terms = &mut self.categories[category].terms;
        if !terms.iter().any(|(t, _)| t == term) {
            terms.push((term.to_string(), at));
        }
    }
}

/// Glob features that mizan's syntax lacks: `?`, and `*` anywhere but the end of a word
/// (which `Pattern::parse` already refuses).
fn glob_ok(term: &str) -> Result<(), String> {
    if term.contains('?') || term.contains('[') {
        return Err(
            "mizan patterns have no ? or [...] globs; list the forms, or end a word with *".into(),
        );
    }
    if term.contains(['\n', '\r']) {
        return Err("a term must fit on one line".into());
    }
    Ok(())
}

/// Why a dictionary could not be read or a folder not written.
#[derive(Debug, Error)]
pub enum InterchangeError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0} already exists and is not an empty folder; choose another --out, or remove it first (mizan never overwrites a lexicon folder)")]
    Exists(PathBuf),
    #[error("{}", .0.without_severity())]
    Invalid(Diagnostic),
}

/// Reads a dictionary file, in `format` or the one its name or first line says (LIWC
/// when nothing does). Returns the dictionary and the warnings met on the way.
pub fn read_dictionary(
    path: &Path,
    format: Option<Format>,
) -> Result<(Dictionary, Vec<Diagnostic>), InterchangeError> {
    let bytes = fs::read(path).map_err(|source| InterchangeError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let decoded = decode(&bytes);
    let mut problems = Vec::new();
    if let Some(note) = decoded.note {
        problems.push(Diagnostic::warning(&Location::file(path), note));
    }
    let text = decoded
        .text
        .strip_prefix('\u{FEFF}')
        .unwrap_or(&decoded.text);
    let format = format
        .or_else(|| Format::detect(path, text))
        .unwrap_or(Format::Liwc);
    let dictionary = match format {
        Format::Liwc => read_liwc(path, text, &mut problems),
        Format::Yaml => read_yaml(path, text, &mut problems),
    }
    .map_err(InterchangeError::Invalid)?;
    Ok((dictionary, problems))
}

fn at(file: &Path, line: usize, col: usize) -> Location {
    Location {
        file: file.to_path_buf(),
        line,
        col,
    }
}

/// Reads a LIWC `.dic` file.
fn read_liwc(
    file: &Path,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> Result<Dictionary, Diagnostic> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty());
    match lines.next() {
        Some((_, l)) if l.trim() == "%" => {}
        first => {
            let line = first.map_or(0, |(n, _)| n);
            return Err(Diagnostic::error(
                &at(file, line, 1),
                "not a LIWC dictionary: its first line must be % (then the category lines `1<TAB>name`, then % again); pass --format yaml for a quanteda dictionary",
            ));
        }
    }
    let mut dictionary = Dictionary::default();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut in_header = true;
    for (n, line) in lines {
        if in_header && line.trim() == "%" {
            in_header = false;
        } else if in_header {
            liwc_category(file, n, line, &mut dictionary, &mut ids, problems);
        } else {
            liwc_entry(file, n, line, &mut dictionary, &ids, problems);
        }
    }
    if in_header {
        return Err(Diagnostic::error(
            &Location::file(file),
            "the LIWC header never ends: add a line with % after the category lines",
        ));
    }
    Ok(dictionary)
}

/// One header line: `id<whitespace>name`.
fn liwc_category(
    file: &Path,
    n: usize,
    line: &str,
    dictionary: &mut Dictionary,
    ids: &mut HashMap<String, usize>,
    problems: &mut Vec<Diagnostic>,
) {
    let trimmed = line.trim();
    let (id, rest) = trimmed
        .split_once(char::is_whitespace)
        .unwrap_or((trimmed, ""));
    let name = rest.trim().split('\t').next().unwrap_or("").trim();
    if name.is_empty() {
        problems.push(Diagnostic::warning(
            &at(file, n, 1),
            format!("the category line '{trimmed}' has no name; write it as `number<TAB>name`; it is left out"),
        ));
        return;
    }
    match ids.entry(liwc_id(id)) {
        Entry::Occupied(_) => problems.push(Diagnostic::warning(
            &at(file, n, 1),
            format!("category number {id} is defined twice; the first definition is kept"),
        )),
        Entry::Vacant(slot) => {
            slot.insert(dictionary.category(name));
        }
    }
}

/// One entry line: `word<TAB>cat cat ...`, or words and categories separated by spaces.
fn liwc_entry(
    file: &Path,
    n: usize,
    line: &str,
    dictionary: &mut Dictionary,
    ids: &HashMap<String, usize>,
    problems: &mut Vec<Diagnostic>,
) {
    let fields = fields_with_columns(line);
    let word_end = match line.find('\t') {
        Some(tab) => fields.iter().take_while(|(c, _)| *c <= tab).count(),
        None => {
            fields.len()
                - fields
                    .iter()
                    .rev()
                    .take_while(|(_, f)| ids.contains_key(&liwc_id(f)))
                    .count()
        }
    };
    let word = fields[..word_end]
        .iter()
        .map(|(_, f)| *f)
        .collect::<Vec<_>>()
        .join(" ");
    let col = |byte: usize| line[..byte].chars().count() + 1;
    if word.is_empty() || word_end == fields.len() {
        problems.push(Diagnostic::warning(
            &at(file, n, 1),
            format!("the entry '{}' names no category; write `word<TAB>category number`; it is left out", line.trim()),
        ));
        return;
    }
    for &(byte, cat) in &fields[word_end..] {
        match ids.get(&liwc_id(cat)) {
            Some(&category) => dictionary.add(category, &word, at(file, n, 1), problems),
            None => problems.push(Diagnostic::warning(
                &at(file, n, col(byte)),
                format!("'{cat}' is not a category number of the header (conditional LIWC categories such as (02 134)125/464 are not supported); '{word}' is not put in it"),
            )),
        }
    }
}

/// A category number as a key: "02" and "2" are the same category.
fn liwc_id(id: &str) -> String {
    id.parse::<u64>()
        .map_or_else(|_| id.to_string(), |n| n.to_string())
}

/// The whitespace-separated fields of a line with their byte offsets.
fn fields_with_columns(line: &str) -> Vec<(usize, &str)> {
    let mut fields = Vec::new();
    let mut start = None;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                fields.push((s, &line[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    fields
}

/// Reads a quanteda YAML dictionary.
fn read_yaml(
    file: &Path,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> Result<Dictionary, Diagnostic> {
    let mut walker = YamlWalker {
        file: file.to_path_buf(),
        ..YamlWalker::default()
    };
    Parser::new_from_str(text)
        .load(&mut walker, false)
        .map_err(|e| {
            let m = e.marker();
            Diagnostic::error(
                &at(file, m.line(), m.col() + 1),
                format!("this is not valid YAML: {}", e.info()),
            )
        })?;
    if let Some(fatal) = walker.fatal {
        return Err(fatal);
    }
    problems.append(&mut walker.problems);
    Ok(walker.dictionary)
}

/// Where the YAML walk stands: inside a mapping (with the key just read) or a list, each
/// belonging to the category path of the keys above it.
#[derive(Debug)]
enum Node {
    Map {
        path: Vec<String>,
        key: Option<String>,
    },
    List {
        path: Vec<String>,
    },
}

/// Builds a [`Dictionary`] from the parser's events, which carry positions (the YAML tree
/// does not), so that every warning names its line and column.
#[derive(Debug, Default)]
struct YamlWalker {
    file: PathBuf,
    stack: Vec<Node>,
    dictionary: Dictionary,
    problems: Vec<Diagnostic>,
    fatal: Option<Diagnostic>,
}

impl MarkedEventReceiver for YamlWalker {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let at = at(&self.file, mark.line(), mark.col() + 1);
        match event {
            Event::MappingStart(..) => self.open(at, true),
            Event::SequenceStart(..) => self.open(at, false),
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Scalar(value, style, ..) => self.scalar(value, style, at),
            Event::Alias(_) => self.problems.push(Diagnostic::warning(
                &at,
                "YAML aliases (*name) are not followed; repeat the patterns instead",
            )),
            _ => {}
        }
    }
}

impl YamlWalker {
    /// A mapping or list starts: under the key just read, inside a list, or at the top.
    fn open(&mut self, at: Location, mapping: bool) {
        let path = match self.stack.last_mut() {
            None if mapping => Vec::new(),
            None => {
                return self.fail(at, "the top level must be a mapping of category names to lists of patterns (e.g. `invasion: [غزو, احتلال]`)");
            }
            Some(Node::Map { key: None, .. }) => {
                return self.fail(
                    at,
                    "a category name must be plain text, not a list or mapping",
                );
            }
            Some(Node::Map { path, key }) => {
                let mut path = path.clone();
                path.extend(key.take());
                path
            }
            Some(Node::List { path }) => path.clone(),
        };
        if !mapping {
            self.dictionary.category(&path.join("."));
        }
        self.stack.push(if mapping {
            Node::Map { path, key: None }
        } else {
            Node::List { path }
        });
    }

    fn scalar(&mut self, value: String, style: TScalarStyle, at: Location) {
        let null = style == TScalarStyle::Plain && matches!(value.as_str(), "" | "~" | "null");
        let (path, term) = match self.stack.last_mut() {
            None => {
                return self.fail(
                    at,
                    "the top level must be a mapping of category names to lists of patterns",
                )
            }
            Some(Node::Map {
                key: key @ None, ..
            }) => {
                *key = Some(value);
                return;
            }
            Some(Node::Map { path, key }) => {
                let mut path = path.clone();
                path.extend(key.take());
                (path, (!null).then_some(value))
            }
            Some(Node::List { path }) => (path.clone(), (!null).then_some(value)),
        };
        let category = self.dictionary.category(&path.join("."));
        if let Some(term) = term {
            self.dictionary.add(category, &term, at, &mut self.problems);
        }
    }

    fn fail(&mut self, at: Location, message: &str) {
        self.fatal
            .get_or_insert_with(|| Diagnostic::error(&at, message));
    }
}

/// A valid frame id made from a category name: ASCII letters and digits lowercased, the
/// rest `_`; `fallback` when nothing is left (an Arabic name, say).
pub fn frame_id(name: &str, fallback: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('_') {
            id.push('_');
        }
    }
    let id = id.trim_matches('_');
    if id.is_empty() {
        fallback.to_string()
    } else {
        id.to_string()
    }
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// Each category's frame id, in order, with its number of terms and whether its
    /// polarity, target and labels came from a known lexicon.
    pub frames: Vec<(String, usize, bool)>,
}

/// Writes `dictionary` as a lexicon folder at `out`, which must not exist or be an empty
/// folder. Frames found in `known` (e.g. the lexicon the dictionary was exported from)
/// keep their labels, polarity, target and attach, and its actors, cues and voices are
/// copied; other frames get polarity 0 and target turkey, to be set by hand. The folder is
/// written beside `out` and renamed into place, so a failure leaves nothing half-written.
pub fn write_folder(
    dictionary: &Dictionary,
    source: &Path,
    known: Option<&Lexicon>,
    out: &Path,
) -> Result<Imported, InterchangeError> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InterchangeError::Write { path, source }
    };
    if out.exists() && !is_empty_dir(out) {
        return Err(InterchangeError::Exists(out.to_path_buf()));
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(write_err(&parent))?;
    let tmp = tempfile::Builder::new()
        .prefix(".mizan-import-")
        .tempdir_in(&parent)
        .map_err(write_err(&parent))?;
    let ids = frame_ids(dictionary);
    let mut frames_csv = frames_header(source);
    let mut imported = Imported { frames: Vec::new() };
    for (category, id) in dictionary.categories.iter().zip(&ids) {
        let frame = known.and_then(|k| k.frame_index(id).map(|f| &k.frames[f]));
        frames_csv.push_str(&frame_row(id, &category.name, frame, source));
        let path = tmp.path().join(format!("{id}.csv"));
        fs::write(&path, term_file(category, source)).map_err(write_err(&path))?;
        imported
            .frames
            .push((id.clone(), category.terms.len(), frame.is_some()));
    }
    let path = tmp.path().join("frames.csv");
    fs::write(&path, frames_csv).map_err(write_err(&path))?;
    if let Some(known) = known {
        copy_companions(&known.dir, tmp.path())?;
    }
    if out.exists() {
        fs::remove_dir(out).map_err(write_err(out))?;
    }
    let kept = tmp.keep();
    fs::rename(&kept, out).map_err(write_err(out))?;
    Ok(imported)
}

fn is_empty_dir(path: &Path) -> bool {
    fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

/// One frame id a category, unique, in category order.
fn frame_ids(dictionary: &Dictionary) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for (i, category) in dictionary.categories.iter().enumerate() {
        let base = frame_id(&category.name, &format!("category_{}", i + 1));
        let mut id = base.clone();
        let mut n = 2;
        while ids.contains(&id) || is_special(&id) {
            id = format!("{base}_{n}");
            n += 1;
        }
        ids.push(id);
    }
    ids
}

/// Ids whose file would clash with the lexicon folder's own files.
fn is_special(id: &str) -> bool {
    matches!(id, "frames" | "actors" | "cues" | "voices")
}

fn frames_header(source: &Path) -> String {
    format!(
        "frame,label,label_ar,polarity,description,target,attach\n# Imported from {} by mizan lexicon import. A frame whose description ends in 'set the polarity' has polarity 0 and target turkey for now: give it its polarity (-1 hostile to Turkey's role ... +1 sympathetic, 0 descriptive) and target.\n",
        source.display()
    )
}

fn frame_row(id: &str, name: &str, known: Option<&super::Frame>, source: &Path) -> String {
    let fields: Vec<String> = match known {
        Some(f) => vec![
            id.to_string(),
            f.label.clone(),
            f.label_ar.clone(),
            f.polarity.to_string(),
            f.description.clone(),
            f.target.name().to_string(),
            f.attach.name().to_string(),
        ],
        None => {
            let arabic = name.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
            vec![
                id.to_string(),
                if arabic {
                    id.to_string()
                } else {
                    name.to_string()
                },
                if arabic {
                    name.to_string()
                } else {
                    String::new()
                },
                "0".to_string(),
                format!(
                    "category '{name}' of {}; set the polarity",
                    source.display()
                ),
                "turkey".to_string(),
                "actor".to_string(),
            ]
        }
    };
    csv_line(&fields)
}

fn term_file(category: &Category, source: &Path) -> String {
    let mut text = format!(
        "term,weight,note\n# Category '{}' of {}.\n",
        category.name,
        source.display()
    );
    for (term, _) in &category.terms {
        text.push_str(&csv_line(&[term.clone(), "1".into(), String::new()]));
    }
    text
}

/// One line of a lexicon CSV file. A field is quoted when it holds a comma or a quote, has
/// outer spaces, or would start a line with # (the lexicon reader's comment mark).
fn csv_line(fields: &[String]) -> String {
    let quoted: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let needs = f.contains([',', '"']) || f.trim() != f || (i == 0 && f.starts_with('#'));
            if needs {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect();
    quoted.join(",") + "\n"
}

/// Copies actors.csv, cues.csv and voices.csv of a known lexicon folder, where present.
fn copy_companions(from: &Path, to: &Path) -> Result<(), InterchangeError> {
    for name in ["actors.csv", "cues.csv", "voices.csv"] {
        let source = from.join(name);
        if source.is_file() {
            let target = to.join(name);
            fs::copy(&source, &target).map_err(|source| InterchangeError::Write {
                path: target,
                source,
            })?;
        }
    }
    Ok(())
}

/// A lexicon written as a dictionary, with what the format could not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub text: String,
    /// Sentences naming what was lost or changed; empty when nothing was.
    pub notes: Vec<String>,
}

/// What an export leaves out or changes, counted.
#[derive(Debug, Default)]
struct Losses {
    exact: usize,
    weighted: usize,
    exclusions: usize,
    polarity: usize,
    inner_wildcards: usize,
}

/// The terms of each frame as the format can hold them, in file order, without duplicates.
fn exportable(lexicon: &Lexicon, losses: &mut Losses) -> Vec<Vec<String>> {
    let mut frames = vec![Vec::new(); lexicon.frames.len()];
    for term in &lexicon.terms {
        if term.weight == 0.0 {
            losses.exclusions += 1;
            continue;
        }
        losses.exact += usize::from(term.text.contains('='));
        losses.weighted += usize::from(term.weight != 1.0);
        losses.polarity += usize::from(term.polarity.is_some());
        let text = term.text.replace('=', "");
        let words: Vec<&str> = text.split_whitespace().collect();
        let inner = words.iter().rev().skip(1).any(|w| w.ends_with('*'));
        losses.inner_wildcards += usize::from(inner);
        let text = words.join(" ");
        let list: &mut Vec<String> = &mut frames[term.frame];
        if !list.contains(&text) {
            list.push(text);
        }
    }
    frames
}

impl Losses {
    fn notes(&self, format: Format) -> Vec<String> {
        let name = match format {
            Format::Liwc => "LIWC",
            Format::Yaml => "a quanteda dictionary",
        };
        let mut notes = vec![format!(
            "frame polarity, target and attach, actors, cues and voices are not part of {name}; `mizan lexicon import --frames-from DIR` takes them back from a lexicon folder"
        )];
        let mut say = |n: usize, text: String| {
            if n > 0 {
                notes.push(format!("{n} {text}"));
            }
        };
        say(self.exclusions, format!("exclusion(s) (weight 0) are left out: {name} cannot say that a longer phrase stops shorter terms from matching"));
        say(
            self.weighted,
            format!(
                "term(s) weighted other than 1 lose their weight: {name} counts every entry as 1"
            ),
        );
        say(self.exact, "term(s) with = (exact form) are written without it, so they read back as tolerating suffixes".to_string());
        say(
            self.polarity,
            "term(s) with their own polarity lose it and take their frame's".to_string(),
        );
        if format == Format::Liwc {
            say(self.inner_wildcards, "phrase(s) have * on a word before the last; mizan reads them back, but LIWC itself only knows * at the end of an entry".to_string());
        }
        notes
    }
}

/// Writes the lexicon in `format`: LIWC (one category per frame, numbered in frames.csv
/// order) or quanteda YAML (one key per frame).
pub fn export(lexicon: &Lexicon, format: Format) -> Export {
    let mut losses = Losses::default();
    let frames = exportable(lexicon, &mut losses);
    let notes = losses.notes(format);
    let text = match format {
        Format::Liwc => liwc_text(lexicon, &frames),
        Format::Yaml => yaml_text(lexicon, &frames, &notes),
    };
    Export { text, notes }
}

fn liwc_text(lexicon: &Lexicon, frames: &[Vec<String>]) -> String {
    let mut text = String::from("%\n");
    for (i, frame) in lexicon.frames.iter().enumerate() {
        let _ = writeln!(text, "{}\t{}", i + 1, frame.id);
    }
    text.push_str("%\n");
    let mut order: Vec<&String> = Vec::new();
    let mut categories: HashMap<&String, Vec<usize>> = HashMap::new();
    for (i, terms) in frames.iter().enumerate() {
        for term in terms {
            let cats = categories.entry(term).or_default();
            if cats.is_empty() {
                order.push(term);
            }
            cats.push(i + 1);
        }
    }
    for term in order {
        let cats: Vec<String> = categories[term].iter().map(usize::to_string).collect();
        let _ = writeln!(text, "{term}\t{}", cats.join("\t"));
    }
    text
}

fn yaml_text(lexicon: &Lexicon, frames: &[Vec<String>], notes: &[String]) -> String {
    let mut text = format!(
        "# quanteda dictionary exported by mizan lexicon export from {}.\n",
        lexicon.dir.display()
    );
    for note in notes {
        let _ = writeln!(text, "# Note: {note}.");
    }
    for (frame, terms) in lexicon.frames.iter().zip(frames) {
        if terms.is_empty() {
            let _ = writeln!(text, "{}: []", frame.id);
            continue;
        }
        let _ = writeln!(text, "{}:", frame.id);
        for term in terms {
            let _ = writeln!(text, "  - {}", yaml_string(term));
        }
    }
    text
}

/// A double-quoted YAML string.
fn yaml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn liwc(text: &str) -> (Dictionary, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let d = read_liwc(Path::new("d.dic"), text, &mut problems).unwrap();
        (d, problems)
    }

    fn terms(d: &Dictionary, i: usize) -> Vec<&str> {
        d.categories[i]
            .terms
            .iter()
            .map(|(t, _)| t.as_str())
            .collect()
    }

    #[test]
    fn reads_liwc_categories_entries_and_phrases() {
        let (d, problems) =
            liwc("%\n1\tinvasion\n02\tغزو ثاني\n%\nغزو*\t1\t2\nقوات الاحتلال\t1\nمرتزقة 02\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(d.categories[1].name, "غزو ثاني");
        assert_eq!(terms(&d, 0), ["غزو*", "قوات الاحتلال"]);
        assert_eq!(terms(&d, 1), ["غزو*", "مرتزقة"]);
    }

    #[test]
    fn liwc_problems_name_line_and_column() {
        let (d, problems) = liwc("%\n1\ta\n%\nكلمة\t1\t7\nمر*ت\t1\n");
        assert_eq!(terms(&d, 0), ["كلمة"]);
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            shown[0].starts_with("d.dic:4:8: warning: '7' is not a category"),
            "{shown:?}"
        );
        assert!(
            shown[1].starts_with("d.dic:5:1: warning: 'مر*ت' is left out"),
            "{shown:?}"
        );
        let mut problems = Vec::new();
        let err = read_liwc(Path::new("d.dic"), "word\t1\n", &mut problems).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("d.dic:1:1: error: not a LIWC dictionary"));
    }

    #[test]
    fn reads_nested_quanteda_yaml_with_positions() {
        let text = "invasion:\n  - غزو*\n  - \"احتلال\"\npolitics:\n  foreign: [حرب, \"x?\"]\n  empty:\nsingle: مرتزقة\n";
        let mut problems = Vec::new();
        let d = read_yaml(Path::new("d.yml"), text, &mut problems).unwrap();
        let names: Vec<&str> = d.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["invasion", "politics.foreign", "politics.empty", "single"]
        );
        assert_eq!(terms(&d, 0), ["غزو*", "احتلال"]);
        assert_eq!(terms(&d, 1), ["حرب"]);
        assert_eq!(d.categories[0].terms[1].1.line, 3);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].to_string().starts_with("d.yml:5:"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn yaml_that_is_not_a_dictionary_is_an_error_with_its_place() {
        let mut problems = Vec::new();
        let err = read_yaml(Path::new("d.yml"), "- a\n- b\n", &mut problems).unwrap_err();
        assert!(
            err.to_string().contains("top level must be a mapping"),
            "{err}"
        );
        let err = read_yaml(Path::new("d.yml"), "a: [b\n", &mut problems).unwrap_err();
        assert!(err.to_string().contains("not valid YAML"), "{err}");
    }

    #[test]
    fn frame_ids_are_valid_and_unique() {
        assert_eq!(frame_id("Pos Emo (2)", "x"), "pos_emo_2");
        assert_eq!(frame_id("غزو", "category_3"), "category_3");
        let d = Dictionary {
            categories: ["A b", "a-b", "frames"]
                .iter()
                .map(|n| Category {
                    name: n.to_string(),
                    terms: Vec::new(),
                })
                .collect(),
        };
        assert_eq!(frame_ids(&d), ["a_b", "a_b_2", "frames_2"]);
    }

    #[test]
    fn csv_fields_that_the_reader_would_misread_are_quoted() {
        let line = csv_line(&["#وسم".into(), "1".into(), "a, \"b\"".into()]);
        assert_eq!(line, "\"#وسم\",1,\"a, \"\"b\"\"\"\n");
    }
}
