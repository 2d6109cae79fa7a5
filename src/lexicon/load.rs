//! Reading a lexicon folder into a [`Lexicon`], collecting every problem on the way.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::fingerprint::sha256_hex;
use crate::text::parse_number;

use super::table::{Row, Table};
use super::{
    Actor, ActorName, Attach, Cue, CueKind, Diagnostic, Frame, Lexicon, Location, Pattern, Scope,
    Severity, Target, Term, VoiceWeights,
};

const FRAME_COLUMNS: &[&str] = &[
    "frame",
    "label",
    "label_ar",
    "polarity",
    "description",
    "target",
    "attach",
];
/// The columns of a frame's term file; `lexicon suggest --csv` writes rows of them.
pub const TERM_COLUMNS: &[&str] = &["term", "weight", "polarity", "note"];
const ACTOR_COLUMNS: &[&str] = &["actor", "side", "name", "note"];
const CUE_COLUMNS: &[&str] = &["cue", "kind", "scope", "note"];
const VOICE_COLUMNS: &[&str] = &["voice", "weight", "description"];

/// The files with a role of their own; any other `.csv` must be a frame's.
const SPECIAL_FILES: &[&str] = &["frames.csv", "actors.csv", "cues.csv", "voices.csv"];

/// Used when a lexicon folder has no `cues.csv` / `voices.csv` of its own.
const DEFAULT_CUES: &str = include_str!("../../lexicons/cues.csv");
const DEFAULT_VOICES: &str = include_str!("../../lexicons/voices.csv");

/// Highest term weight accepted; higher is almost surely a typo.
const MAX_WEIGHT: f64 = 10.0;

/// Loads and checks the lexicon folder `dir`. On success returns the lexicon and its
/// warnings; on failure, every diagnostic (errors and warnings).
pub fn load(dir: &Path) -> Result<(Lexicon, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut loader = Loader {
        dir: dir.to_path_buf(),
        diagnostics: Vec::new(),
        files: Vec::new(),
        frame_at: Vec::new(),
        declared: Vec::new(),
    };
    let lexicon = loader.load();
    let failed = loader
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    match lexicon {
        Some(lexicon) if !failed => Ok((
            Lexicon {
                files: loader.files,
                ..lexicon
            },
            loader.diagnostics,
        )),
        _ => Err(loader.diagnostics),
    }
}

struct Loader {
    dir: PathBuf,
    diagnostics: Vec<Diagnostic>,
    files: Vec<(PathBuf, String)>,
    /// Where each frame is declared in frames.csv, to point at when its file is missing.
    frame_at: Vec<Location>,
    /// Every id in the frame column, valid or not: a frame line with an error is already
    /// reported, so its file is not also called unused.
    declared: Vec<String>,
}

impl Loader {
    fn load(&mut self) -> Option<Lexicon> {
        if !self.dir.is_dir() {
            let at = Location::file(&self.dir);
            let what = if self.dir.exists() {
                "is not a folder"
            } else {
                "does not exist"
            };
            self.diagnostics.push(Diagnostic::error(
                &at,
                format!(
                    "the lexicon folder {what}; pass --lexicons with a folder holding frames.csv"
                ),
            ));
            return None;
        }
        let frames = self.frames()?;
        let terms = self.terms(&frames);
        self.stray_files();
        let (actors, actor_names, not_names) = self.actors();
        let cues = self.cues();
        let voices = self.voices()?;
        self.duplicate_terms(&frames, &terms);
        self.duplicate_names(&actors, &actor_names);
        Some(Lexicon {
            dir: self.dir.clone(),
            frames,
            terms,
            actors,
            actor_names,
            not_names,
            cues,
            voices,
            files: Vec::new(),
        })
    }

    /// Reads a file of the folder; `None` (with a diagnostic when `required`) if absent.
    fn read(
        &mut self,
        name: &str,
        required: bool,
        at: Option<Location>,
    ) -> Option<(PathBuf, String)> {
        let path = self.dir.join(name);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                if required || path.exists() {
                    let at = at.unwrap_or_else(|| Location::file(&path));
                    let message = if path.exists() {
                        format!("cannot read {}: {e}", path.display())
                    } else {
                        format!("{} is missing from the lexicon folder", path.display())
                    };
                    self.diagnostics.push(Diagnostic::error(&at, message));
                }
                return None;
            }
        };
        self.files.push((path.clone(), sha256_hex(&bytes)));
        match String::from_utf8(bytes) {
            Ok(text) => Some((path, text)),
            Err(e) => {
                let at = first_invalid_byte(&path, e.as_bytes(), e.utf8_error().valid_up_to());
                let guess = crate::corpus::decode(e.as_bytes()).encoding;
                self.diagnostics.push(Diagnostic::error(
                    &at,
                    format!("the file is not valid UTF-8 from here on (it looks like {guess}); save it as UTF-8, as every lexicon file must be"),
                ));
                None
            }
        }
    }

    fn table(
        &mut self,
        path: &Path,
        text: &str,
        known: &[&'static str],
        required: &[&str],
    ) -> Option<Table> {
        match Table::parse(path, text, known, required) {
            Ok((table, row_problems)) => {
                self.diagnostics.extend(row_problems);
                Some(table)
            }
            Err(problems) => {
                self.diagnostics.extend(problems);
                None
            }
        }
    }

    fn frames(&mut self) -> Option<Vec<Frame>> {
        let (path, text) = self.read("frames.csv", true, None)?;
        let table = self.table(&path, &text, FRAME_COLUMNS, &["frame", "polarity"])?;
        let mut frames: Vec<Frame> = Vec::new();
        for row in &table.rows {
            let Some(frame) = self.frame(&table, row) else {
                continue;
            };
            if frames.iter().any(|f| f.id == frame.id) {
                self.diagnostics.push(Diagnostic::error(
                    &table.at(row, "frame"),
                    format!(
                        "frame '{}' is listed twice; give each frame one line",
                        frame.id
                    ),
                ));
                continue;
            }
            frames.push(frame);
            self.frame_at.push(table.at(row, "frame"));
        }
        if frames.is_empty() && !self.has_errors() {
            self.diagnostics.push(Diagnostic::error(
                &Location::file(&path),
                "frames.csv lists no frame; add a line such as invasion,Invasion,غزو,-1,...",
            ));
        }
        Some(frames)
    }

    /// A frames.csv row; every problem in it is reported, not only the first, so that a
    /// row with three mistakes takes one round of fixes rather than three.
    fn frame(&mut self, table: &Table, row: &Row) -> Option<Frame> {
        let id = table.get(row, "frame");
        self.declared.push(id.to_string());
        let id_ok = self.frame_id(table, row, id);
        let polarity = self.number(table, row, "polarity", -1.0, 1.0, None);
        let target = self.choice(
            table,
            row,
            "target",
            &[
                ("", Target::Turkey),
                ("turkey", Target::Turkey),
                ("opponents", Target::Opponents),
            ],
            "turkey or opponents",
        );
        let attach = self.choice(
            table,
            row,
            "attach",
            &[
                ("", Attach::Actor),
                ("actor", Attach::Actor),
                ("target", Attach::Target),
            ],
            "actor or target",
        );
        let (Some(()), Some(polarity), Some(target), Some(attach)) =
            (id_ok, polarity, target, attach)
        else {
            return None;
        };
        let label = table.get(row, "label");
        Some(Frame {
            id: id.to_string(),
            label: if label.is_empty() {
                id.to_string()
            } else {
                label.to_string()
            },
            label_ar: table.get(row, "label_ar").to_string(),
            polarity,
            description: table.get(row, "description").to_string(),
            target,
            attach,
        })
    }

    /// Checks a frame id: a valid name, and not one of the lexicon's special files.
    fn frame_id(&mut self, table: &Table, row: &Row, id: &str) -> Option<()> {
        let problem = if !valid_id(id) {
            format!("frame id '{id}' is not valid; use lowercase letters, digits and _ (e.g. neo_ottoman)")
        } else if SPECIAL_FILES.contains(&format!("{id}.csv").as_str()) {
            format!("frame id '{id}' is taken: {id}.csv has a role of its own; choose another id")
        } else {
            return Some(());
        };
        self.diagnostics
            .push(Diagnostic::error(&table.at(row, "frame"), problem));
        None
    }

    /// The value of one of a few words in `column` (`valid` names them for the error).
    fn choice<T: Copy>(
        &mut self,
        table: &Table,
        row: &Row,
        column: &str,
        words: &[(&str, T)],
        valid: &str,
    ) -> Option<T> {
        let raw = table.get(row, column);
        match words.iter().find(|(word, _)| *word == raw) {
            Some(&(_, value)) => Some(value),
            None => self.invalid(table, row, column, raw, valid),
        }
    }

    fn terms(&mut self, frames: &[Frame]) -> Vec<Term> {
        let mut terms = Vec::new();
        for (index, frame) in frames.iter().enumerate() {
            let file = format!("{}.csv", frame.id);
            if !self.dir.join(&file).exists() {
                let at = self.frame_at[index].clone();
                self.diagnostics.push(Diagnostic::error(
                    &at,
                    format!("frame '{}' has no term file: {file} is missing from the lexicon folder; create it with the header term,weight,polarity,note (only term is required), or remove the frame", frame.id),
                ));
                continue;
            }
            let Some((path, text)) = self.read(&file, true, None) else {
                continue;
            };
            let Some(table) = self.table(&path, &text, TERM_COLUMNS, &["term"]) else {
                continue;
            };
            if table.rows.is_empty() {
                self.diagnostics.push(Diagnostic::warning(
                    &Location::file(&path),
                    format!("{file} lists no term, so frame '{}' can never match; add terms below the header", frame.id),
                ));
            }
            for row in &table.rows {
                terms.extend(self.term(&table, row, index));
            }
        }
        terms
    }

    /// A term row; every problem in it is reported, not only the first.
    fn term(&mut self, table: &Table, row: &Row, frame: usize) -> Option<Term> {
        let text = table.get(row, "term");
        let pattern = self.pattern(table, row, "term");
        // A file without a weight column weighs every term 1; an empty cell in one is a slip.
        if table.has("weight") && table.get(row, "weight").is_empty() {
            self.diagnostics.push(Diagnostic::warning(
                &table.at(row, "weight"),
                format!("'{text}' has no weight, so 1 is used; write 1, or 0 to make the term an exclusion"),
            ));
        }
        let weight = self.number(table, row, "weight", 0.0, MAX_WEIGHT, Some(1.0));
        let polarity = if table.get(row, "polarity").is_empty() {
            Some(None)
        } else {
            self.number(table, row, "polarity", -1.0, 1.0, None)
                .map(Some)
        };
        Some(Term {
            frame,
            text: text.to_string(),
            pattern: pattern?,
            weight: weight?,
            polarity: polarity?,
            note: table.get(row, "note").to_string(),
            at: table.at(row, "term"),
        })
    }

    fn pattern(&mut self, table: &Table, row: &Row, column: &str) -> Option<Pattern> {
        match Pattern::parse(table.get(row, column)) {
            Ok(p) => Some(p),
            Err(e) => {
                let mut at = table.at(row, column);
                at.col += e.offset;
                self.diagnostics.push(Diagnostic::error(&at, e.message));
                None
            }
        }
    }

    /// A number in `min..=max`; `default` when the field is empty and one is allowed.
    fn number(
        &mut self,
        table: &Table,
        row: &Row,
        column: &str,
        min: f64,
        max: f64,
        default: Option<f64>,
    ) -> Option<f64> {
        let raw = table.get(row, column);
        if raw.is_empty() {
            if default.is_some() {
                return default;
            }
            return self.invalid(
                table,
                row,
                column,
                raw,
                &format!("a number between {min} and {max}"),
            );
        }
        match parse_number(raw) {
            Some(v) if (min..=max).contains(&v) => Some(v),
            _ => self.invalid(
                table,
                row,
                column,
                raw,
                &format!("a number between {min} and {max}"),
            ),
        }
    }

    fn invalid<T>(
        &mut self,
        table: &Table,
        row: &Row,
        column: &str,
        found: &str,
        valid: &str,
    ) -> Option<T> {
        let found = if found.is_empty() {
            "nothing".to_string()
        } else {
            format!("'{found}'")
        };
        self.diagnostics.push(Diagnostic::error(
            &table.at(row, column),
            format!("{column} must be {valid}, found {found}"),
        ));
        None
    }

    /// Warns of `.csv` files that no frame claims: they would otherwise be ignored unseen.
    fn stray_files(&mut self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        let declared = &self.declared;
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".csv") && !SPECIAL_FILES.contains(&n.as_str()))
            .filter(|n| !declared.iter().any(|id| format!("{id}.csv") == *n))
            .collect();
        names.sort();
        for name in names {
            let stem = name.trim_end_matches(".csv");
            self.diagnostics.push(Diagnostic::warning(
                &Location::file(&self.dir.join(&name)),
                format!("no frame '{stem}' in frames.csv, so this file is not used; add the frame or remove the file"),
            ));
        }
    }

    /// The actors, their names, and the phrases that are not names (actor `ignore`).
    fn actors(&mut self) -> (Vec<Actor>, Vec<ActorName>, Vec<Pattern>) {
        let mut actors: Vec<Actor> = Vec::new();
        let mut names = Vec::new();
        let mut not_names = Vec::new();
        let Some((path, text)) = self.read("actors.csv", false, None) else {
            self.diagnostics.push(Diagnostic::warning(
                &Location::file(&self.dir.join("actors.csv")),
                "no actors.csv: loaded terms cannot follow the actor they are said of and count for each frame's default target",
            ));
            return (actors, names, not_names);
        };
        let Some(table) = self.table(&path, &text, ACTOR_COLUMNS, &["actor", "side", "name"])
        else {
            return (actors, names, not_names);
        };
        for row in &table.rows {
            if table.get(row, "actor") == "ignore" {
                not_names.extend(self.pattern(&table, row, "name"));
            } else if let Some(name) = self.actor_name(&table, row, &mut actors) {
                names.push(name);
            }
        }
        (actors, names, not_names)
    }

    /// An actor's name row, adding its actor the first time; every problem in the row is
    /// reported, not only the first.
    fn actor_name(
        &mut self,
        table: &Table,
        row: &Row,
        actors: &mut Vec<Actor>,
    ) -> Option<ActorName> {
        let id = table.get(row, "actor");
        let valid = valid_id(id);
        if !valid {
            self.diagnostics.push(Diagnostic::error(
                &table.at(row, "actor"),
                format!("actor id '{id}' is not valid; use lowercase letters, digits and _ (e.g. haftar)"),
            ));
        }
        let side = self.number(table, row, "side", -1.0, 1.0, None);
        let pattern = self.pattern(table, row, "name");
        let (side, pattern) = (side?, pattern?);
        if !valid {
            return None;
        }
        let actor = match actors.iter().position(|a| a.id == id) {
            Some(i) if actors[i].side == side => i,
            Some(i) => {
                let first = actors[i].side;
                self.diagnostics.push(Diagnostic::error(
                    &table.at(row, "side"),
                    format!("actor '{id}' has side {first} on an earlier line and {side} here; give an actor one side"),
                ));
                return None;
            }
            None => {
                actors.push(Actor {
                    id: id.to_string(),
                    side,
                });
                actors.len() - 1
            }
        };
        Some(ActorName {
            actor,
            text: table.get(row, "name").to_string(),
            pattern,
            note: table.get(row, "note").to_string(),
            at: table.at(row, "name"),
        })
    }

    fn cues(&mut self) -> Vec<Cue> {
        let (path, text) = self.read("cues.csv", false, None).unwrap_or_else(|| {
            (
                PathBuf::from("(built-in cues.csv)"),
                DEFAULT_CUES.to_string(),
            )
        });
        let Some(table) = self.table(&path, &text, CUE_COLUMNS, &["cue", "kind", "scope"]) else {
            return Vec::new();
        };
        let mut cues = Vec::new();
        for row in &table.rows {
            cues.extend(self.cue(&table, row));
        }
        cues
    }

    /// A cue row; every problem in it is reported, not only the first.
    fn cue(&mut self, table: &Table, row: &Row) -> Option<Cue> {
        let kind = self.choice(
            table,
            row,
            "kind",
            &[
                ("reported", CueKind::Reported),
                ("distanced", CueKind::Distanced),
                ("negation", CueKind::Negation),
                ("against", CueKind::Against),
                ("condemnation", CueKind::Condemnation),
                ("meeting", CueKind::Meeting),
                ("ignore", CueKind::Ignore),
            ],
            "reported, distanced, negation, against, condemnation, meeting or ignore",
        );
        let raw_scope = table.get(row, "scope");
        let scope = parse_scope(raw_scope).or_else(|| {
            self.invalid(
                table,
                row,
                "scope",
                raw_scope,
                "sentence, after:N, predicate:N, after:that, denial:N, charge:N, rejection:N, before:N or before:sentence",
            )
        });
        let pattern = self.pattern(table, row, "cue");
        Some(Cue {
            kind: kind?,
            scope: scope?,
            text: table.get(row, "cue").to_string(),
            pattern: pattern?,
            at: table.at(row, "cue"),
        })
    }

    fn voices(&mut self) -> Option<VoiceWeights> {
        let (path, text) = self.read("voices.csv", false, None).unwrap_or_else(|| {
            (
                PathBuf::from("(built-in voices.csv)"),
                DEFAULT_VOICES.to_string(),
            )
        });
        let table = self.table(&path, &text, VOICE_COLUMNS, &["voice", "weight"])?;
        let mut weights: HashMap<String, f64> = HashMap::new();
        for row in &table.rows {
            let voice = table.get(row, "voice");
            if !VOICE_NAMES.contains(&voice) {
                let _: Option<()> =
                    self.invalid(&table, row, "voice", voice, &VOICE_NAMES.join(", "));
                continue;
            }
            if let Some(w) = self.number(&table, row, "weight", -2.0, 2.0, None) {
                weights.insert(voice.to_string(), w);
            }
        }
        let missing: Vec<&str> = VOICE_NAMES
            .iter()
            .copied()
            .filter(|v| !weights.contains_key(*v))
            .collect();
        if !missing.is_empty() {
            self.diagnostics.push(Diagnostic::error(
                &Location::file(&path),
                format!(
                    "voices.csv gives no weight for {}; every voice needs one",
                    missing.join(", ")
                ),
            ));
            return None;
        }
        Some(VoiceWeights {
            authorial: weights["authorial"],
            reported: weights["reported"],
            quoted: weights["quoted"],
            distanced: weights["distanced"],
            scare: weights["scare"],
            negated: weights["negated"],
        })
    }

    /// Warns of a term written twice: the later copy can never match.
    fn duplicate_terms(&mut self, frames: &[Frame], terms: &[Term]) {
        for (first, term) in repeats(terms, |t| &t.pattern) {
            let (a, b) = (&frames[first.frame], &frames[term.frame]);
            let message = if first.frame == term.frame {
                format!(
                    "'{}' is already in {}.csv at line {}; remove one",
                    term.text, a.id, first.at.line
                )
            } else {
                let pa = first.polarity.unwrap_or(a.polarity);
                let pb = term.polarity.unwrap_or(b.polarity);
                format!(
                    "'{}' is also in frame '{}' (line {}, polarity {pa}) and this frame '{}' has polarity {pb}; only {}'s copy ever matches, as {} comes first in frames.csv, so remove one",
                    term.text, a.id, first.at.line, b.id, a.id, a.id
                )
            };
            self.diagnostics
                .push(Diagnostic::warning(&term.at, message));
        }
    }

    /// Warns of a name listed twice in actors.csv: only the first row ever matches.
    fn duplicate_names(&mut self, actors: &[Actor], names: &[ActorName]) {
        for (first, name) in repeats(names, |n| &n.pattern) {
            let (a, b) = (&actors[first.actor].id, &actors[name.actor].id);
            let message = if a == b {
                format!(
                    "'{}' is already a name of '{a}' at line {}; remove one",
                    name.text, first.at.line
                )
            } else {
                format!(
                    "'{}' is already a name of '{a}' at line {}, so it never names '{b}'; keep it for one actor",
                    name.text, first.at.line
                )
            };
            self.diagnostics
                .push(Diagnostic::warning(&name.at, message));
        }
    }

    fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

const VOICE_NAMES: &[&str] = &[
    "authorial",
    "reported",
    "quoted",
    "distanced",
    "scare",
    "negated",
];

/// Each row of `rows` whose pattern an earlier row already has, with that first row.
fn repeats<T>(rows: &[T], pattern: impl Fn(&T) -> &Pattern) -> Vec<(&T, &T)> {
    let mut seen: HashMap<&Pattern, &T> = HashMap::new();
    rows.iter()
        .filter_map(|row| match seen.get(pattern(row)) {
            Some(&first) => Some((first, row)),
            None => {
                seen.insert(pattern(row), row);
                None
            }
        })
        .collect()
}

fn parse_scope(raw: &str) -> Option<Scope> {
    let count = |n: &str| n.parse::<usize>().ok().filter(|n| (1..=50).contains(n));
    match raw {
        "sentence" => Some(Scope::Sentence),
        "after:that" => Some(Scope::AfterThat),
        "before:sentence" => Some(Scope::BeforeSentence),
        _ => {
            if let Some(n) = raw.strip_prefix("after:") {
                count(n).map(Scope::After)
            } else if let Some(n) = raw.strip_prefix("predicate:") {
                count(n).map(Scope::Predicate)
            } else if let Some(n) = raw.strip_prefix("denial:") {
                count(n).map(Scope::Denial)
            } else if let Some(n) = raw.strip_prefix("charge:") {
                count(n).map(Scope::Charge)
            } else if let Some(n) = raw.strip_prefix("rejection:") {
                count(n).map(Scope::Rejection)
            } else {
                raw.strip_prefix("before:")
                    .and_then(count)
                    .map(Scope::Before)
            }
        }
    }
}

/// Line and column (in characters) of the byte at `offset`, where valid UTF-8 ends.
fn first_invalid_byte(path: &Path, bytes: &[u8], offset: usize) -> Location {
    let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
    let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
    Location {
        file: path.to_path_buf(),
        line: 1 + valid.matches('\n').count(),
        col: 1 + valid[line_start..].chars().count(),
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}
