//! What changed between two runs (issue 5): settings changed (the prior, a frame's
//! polarity, see [`super::settings`]), frames renamed, lexicon edits (terms added, removed,
//! reweighted), documents whose stance moved and the terms responsible, cluster changes.
//! Read from two report folders' CSV files, so `mizan diff` works on any two runs and the
//! report can open with the changes since the previous run kept in `previous/`.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};

use serde_json::Value;

use super::settings::{edited_files, setting_changes, SettingChange};
use crate::corpus::csv_failure;

/// Stance moves smaller than this are not reported.
const MIN_MOVE: f64 = 0.0005;

/// Examples a report gives of each kind of change; the counts are always whole. A rerun
/// on a million documents may move them all, and the report names the largest moves.
const SHOWN: usize = 20;

/// How a lexicon term changed.
#[derive(Debug, Clone, PartialEq)]
pub enum TermChange {
    Added { weight: f64 },
    Removed { weight: f64 },
    Reweighted { from: f64, to: f64 },
    Repolarised { from: String, to: String },
}

/// A document whose stance moved, with the terms that moved it most.
#[derive(Debug, Clone, PartialEq)]
pub struct StanceMove {
    pub id: String,
    pub from: f64,
    pub to: f64,
    /// (frame, term, change in contribution), largest change first.
    pub terms: Vec<(String, String, f64)>,
}

impl StanceMove {
    fn size(&self) -> f64 {
        (self.to - self.from).abs()
    }
}

/// A stance interval: (low, high).
pub type Interval = (f64, f64);

/// How many documents changed in one way, and the first [`SHOWN`] of them in id order.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed<T> {
    pub shown: Vec<T>,
    pub total: usize,
}

impl<T> Default for Listed<T> {
    fn default() -> Self {
        Listed {
            shown: Vec::new(),
            total: 0,
        }
    }
}

impl<T> Listed<T> {
    fn push(&mut self, item: T) {
        self.total += 1;
        if self.shown.len() < SHOWN {
            self.shown.push(item);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

/// Share of two frames' terms they must have in common for a frame that is gone and one
/// that is new to be taken for one frame renamed: "the same terms, or nearly".
const RENAME_OVERLAP: f64 = 0.8;

/// A frame whose id changed while its terms stayed (nearly) the same.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameRename {
    pub from: String,
    pub to: String,
    /// Terms the frame has under both ids.
    pub kept: usize,
}

/// Everything that changed from run A to run B.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunDiff {
    /// Stance parameters and lexicon settings that differ, from the runs' run.json.
    pub settings: Vec<SettingChange>,
    /// Lexicon files edited in a way [`RunDiff::settings`] does not itemise (cues.csv).
    pub edited_files: Vec<String>,
    pub renamed: Vec<FrameRename>,
    /// Terms changed, a renamed frame's compared under its new id.
    /// ((frame, term), change), in frame and term order.
    pub terms: Vec<((String, String), TermChange)>,
    /// The [`SHOWN`] largest stance moves, largest first.
    pub moves: Vec<StanceMove>,
    /// Documents whose stance moved, all of them.
    pub moved: usize,
    /// Documents whose score stayed where it was but whose interval moved (another
    /// `--seed` or `--resamples`, another version of mizan): (id, interval before, after).
    pub intervals: Listed<(String, Interval, Interval)>,
    /// (id, cluster in A, cluster in B); empty strings where a run had no cluster.
    pub clusters: Listed<(String, String, String)>,
    pub added_documents: Listed<String>,
    pub removed_documents: Listed<String>,
    /// True when a run was built from feature rows: its matches.csv is empty, so the
    /// terms behind the moves cannot be named.
    pub without_matches: bool,
}

impl RunDiff {
    /// True when nothing changed (whether a run kept its matches is no change).
    pub fn is_empty(&self) -> bool {
        let unchanged = RunDiff {
            without_matches: self.without_matches,
            ..RunDiff::default()
        };
        self == &unchanged
    }

    /// Notes how document `id` changed from `a` to `b`.
    fn compare(&mut self, id: String, a: DocumentRow, b: DocumentRow) {
        let ((stance_a, interval_a, cluster_a), (stance_b, interval_b, cluster_b)) = (a, b);
        let moved = |x: f64, y: f64| (x - y).abs() >= MIN_MOVE;
        if cluster_a != cluster_b {
            self.clusters.push((id.clone(), cluster_a, cluster_b));
        }
        if moved(stance_a, stance_b) {
            self.moved += 1;
            self.moves.push(StanceMove {
                id,
                from: stance_a,
                to: stance_b,
                terms: Vec::new(),
            });
            if self.moves.len() >= 4 * SHOWN {
                self.keep_largest_moves();
            }
        } else if moved(interval_a.0, interval_b.0) || moved(interval_a.1, interval_b.1) {
            self.intervals.push((id, interval_a, interval_b));
        }
    }

    fn keep_largest_moves(&mut self) {
        self.moves
            .sort_by(|x, y| y.size().total_cmp(&x.size()).then(x.id.cmp(&y.id)));
        self.moves.truncate(SHOWN);
    }
}

/// Compares the report folders `a` (before) and `b` (after). Both runs' tables are read
/// as they stream by, so that comparing two runs of a million documents takes little
/// more memory than the largest moves it lists.
pub fn diff_runs(a: &Path, b: &Path) -> Result<RunDiff> {
    let (mut terms_a, terms_b) = (read_terms(a)?, read_terms(b)?);
    let renamed = renamed_frames(&terms_a, &terms_b);
    let pairs: Vec<(String, String)> = renamed
        .iter()
        .map(|r| (r.from.clone(), r.to.clone()))
        .collect();
    terms_a = terms_a
        .into_iter()
        .map(|((frame, term), value)| ((renamed_to(&pairs, frame), term), value))
        .collect();
    let (run_a, run_b) = (read_run(a), read_run(b));
    let settings = setting_changes(&run_a, &run_b, &pairs);
    let mut edited = edited_files(&run_a, &run_b, &settings);
    // A rename is an edit of frames.csv, and is named.
    edited.retain(|file| renamed.is_empty() || file != "frames.csv");
    let mut diff = RunDiff {
        edited_files: edited,
        settings,
        renamed,
        terms: term_changes(&terms_a, &terms_b),
        ..RunDiff::default()
    };
    compare_documents(&mut diff, documents_by_id(a)?, documents_by_id(b)?)?;
    diff.keep_largest_moves();
    diff.without_matches = !has_text(a) || !has_text(b);
    if diff.without_matches {
        return Ok(diff);
    }
    let ids: BTreeSet<&str> = diff.moves.iter().map(|m| m.id.as_str()).collect();
    let (mut contrib_a, contrib_b) = (read_contributions(a, &ids)?, read_contributions(b, &ids)?);
    contrib_a = contrib_a
        .into_iter()
        .map(|((id, frame, term), c)| ((id, renamed_to(&pairs, frame), term), c))
        .collect();
    for m in &mut diff.moves {
        m.terms = responsible_terms(&m.id, &contrib_a, &contrib_b);
    }
    Ok(diff)
}

/// The run's `run.json`, `null` when it has none that can be read (then no setting is
/// compared).
fn read_run(dir: &Path) -> Value {
    fs::read(dir.join("run.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Whether the run in `dir` kept its matches: false for a report built from feature rows,
/// as its run.json says (a run.json from before mizan said so is taken to have them).
fn has_text(dir: &Path) -> bool {
    read_run(dir)
        .get("has_text")
        .and_then(Value::as_bool)
        .unwrap_or(true)
}

/// Frames of run A gone from run B paired with frames new in B that hold nearly the same
/// terms ([`RENAME_OVERLAP`] of the two sets): a rename, not every term removed and added.
fn renamed_frames(a: &Terms, b: &Terms) -> Vec<FrameRename> {
    let (by_a, by_b) = (terms_by_frame(a), terms_by_frame(b));
    let mut renamed: Vec<FrameRename> = Vec::new();
    for (from, old) in by_a.iter().filter(|(f, _)| !by_b.contains_key(*f)) {
        let taken = |to: &str| renamed.iter().any(|r| r.to == to);
        let best = by_b
            .iter()
            .filter(|(to, _)| !by_a.contains_key(*to) && !taken(to))
            .map(|(to, new)| (to, old.intersection(new).count(), old.union(new).count()))
            .filter(|(_, kept, all)| *kept as f64 >= RENAME_OVERLAP * *all as f64)
            .max_by_key(|(_, kept, _)| *kept);
        if let Some((to, kept, _)) = best {
            renamed.push(FrameRename {
                from: from.to_string(),
                to: to.to_string(),
                kept,
            });
        }
    }
    renamed
}

/// The id a frame of run A has in run B.
fn renamed_to(pairs: &[(String, String)], frame: String) -> String {
    let to = pairs.iter().find(|(from, _)| *from == frame);
    to.map_or(frame, |(_, to)| to.clone())
}

/// Each frame's set of terms.
fn terms_by_frame(terms: &Terms) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut out: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (frame, term) in terms.keys() {
        out.entry(frame).or_default().insert(term);
    }
    out
}

/// Walks two runs' documents, both in id order, side by side.
fn compare_documents(diff: &mut RunDiff, mut a: Documents, mut b: Documents) -> Result<()> {
    let (mut next_a, mut next_b) = (a.next().transpose()?, b.next().transpose()?);
    loop {
        let order = match (&next_a, &next_b) {
            (None, None) => return Ok(()),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some((id_a, _)), Some((id_b, _))) => id_a.cmp(id_b),
        };
        match order {
            Ordering::Less => {
                let (id, _) = next_a.take().expect("a row of run A");
                diff.removed_documents.push(id);
                next_a = a.next().transpose()?;
            }
            Ordering::Greater => {
                let (id, _) = next_b.take().expect("a row of run B");
                diff.added_documents.push(id);
                next_b = b.next().transpose()?;
            }
            Ordering::Equal => {
                let (id, row_a) = next_a.take().expect("a row of run A");
                let (_, row_b) = next_b.take().expect("a row of run B");
                diff.compare(id, row_a, row_b);
                (next_a, next_b) = (a.next().transpose()?, b.next().transpose()?);
            }
        }
    }
}

type Terms = BTreeMap<(String, String), (f64, String)>;

/// `terms.csv`: (frame, term) to (weight, polarity as written).
fn read_terms(dir: &Path) -> Result<Terms> {
    let mut out = BTreeMap::new();
    for row in rows(dir, "terms.csv", ["frame", "term", "weight", "polarity"])? {
        let [frame, term, weight, polarity] = row?;
        out.insert((frame, term), (weight.parse().unwrap_or(1.0), polarity));
    }
    Ok(out)
}

/// A document's stance, its interval and its cluster.
type DocumentRow = (f64, Interval, String);

/// A run's documents, in id order.
type Documents = Box<dyn Iterator<Item = Result<(String, DocumentRow)>>>;

/// `documents.csv` in id order. mizan writes it so, and it is then read as it streams
/// by, after a first pass that checks the order (one more read of the file, where
/// keeping the table would cost its size in memory); a table in
/// another order (edited by hand) is read whole and sorted.
fn documents_by_id(dir: &Path) -> Result<Documents> {
    let mut last: Option<String> = None;
    let mut in_order = true;
    for row in document_rows(dir)? {
        let (id, _) = row?;
        in_order &= last.as_ref().is_none_or(|last| *last < id);
        last = Some(id);
    }
    let rows = document_rows(dir)?;
    if in_order {
        return Ok(Box::new(rows));
    }
    let mut all = rows.collect::<Result<Vec<_>>>()?;
    all.sort_by(|x, y| x.0.cmp(&y.0));
    Ok(Box::new(all.into_iter().map(Ok)))
}

/// `documents.csv`, a row at a time: id, stance, interval and cluster.
fn document_rows(dir: &Path) -> Result<impl Iterator<Item = Result<(String, DocumentRow)>>> {
    let names = ["id", "stance", "stance_low", "stance_high", "cluster"];
    Ok(rows(dir, "documents.csv", names)?.map(|row| {
        let [id, stance, low, high, cluster] = row?;
        let number = |s: String| s.parse().unwrap_or(0.0);
        let interval = (number(low), number(high));
        Ok((id, (number(stance), interval, cluster)))
    }))
}

type Contributions = BTreeMap<(String, String, String), f64>;

/// `matches.csv`: (id, frame, term) to summed contribution, for the documents `ids`.
fn read_contributions(dir: &Path, ids: &BTreeSet<&str>) -> Result<Contributions> {
    let mut out = BTreeMap::new();
    for row in rows(dir, "matches.csv", ["id", "frame", "term", "contribution"])? {
        let [id, frame, term, contribution] = row?;
        if ids.contains(id.as_str()) {
            *out.entry((id, frame, term)).or_insert(0.0) += contribution.parse().unwrap_or(0.0);
        }
    }
    Ok(out)
}

fn term_changes(a: &Terms, b: &Terms) -> Vec<((String, String), TermChange)> {
    let keys: BTreeSet<&(String, String)> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter_map(|key| {
            let change = match (a.get(key), b.get(key)) {
                (None, Some((w, _))) => TermChange::Added { weight: *w },
                (Some((w, _)), None) => TermChange::Removed { weight: *w },
                (Some((wa, _)), Some((wb, _))) if wa != wb => {
                    TermChange::Reweighted { from: *wa, to: *wb }
                }
                (Some((_, pa)), Some((_, pb))) if pa != pb => TermChange::Repolarised {
                    from: pa.clone(),
                    to: pb.clone(),
                },
                _ => return None,
            };
            Some((key.clone(), change))
        })
        .collect()
}

/// The three terms whose contribution to document `id` changed most.
fn responsible_terms(id: &str, a: &Contributions, b: &Contributions) -> Vec<(String, String, f64)> {
    let of = |c: &Contributions| -> BTreeMap<(String, String), f64> {
        c.iter()
            .filter(|((d, _, _), _)| d == id)
            .map(|((_, f, t), v)| ((f.clone(), t.clone()), *v))
            .collect()
    };
    let (before, after) = (of(a), of(b));
    let keys: BTreeSet<&(String, String)> = before.keys().chain(after.keys()).collect();
    let mut deltas: Vec<(String, String, f64)> = keys
        .into_iter()
        .map(|k| {
            (
                k.0.clone(),
                k.1.clone(),
                after.get(k).unwrap_or(&0.0) - before.get(k).unwrap_or(&0.0),
            )
        })
        .filter(|(_, _, d)| d.abs() > 1e-9)
        .collect();
    deltas.sort_by(|x, y| y.2.abs().total_cmp(&x.2.abs()).then(x.1.cmp(&y.1)));
    deltas.truncate(3);
    deltas
}

/// The rows of the report table `name` in `dir`, a row at a time, each as its fields in
/// the columns `names` (empty where the table has no such column).
fn rows<const N: usize>(
    dir: &Path,
    name: &str,
    names: [&str; N],
) -> Result<impl Iterator<Item = Result<[String; N]>>> {
    let path: PathBuf = dir.join(name);
    let mut reader: csv::Reader<File> = csv::Reader::from_path(&path).with_context(|| {
        format!(
            "cannot read {}; is {} a mizan report folder?",
            path.display(),
            dir.display()
        )
    })?;
    let headers = reader
        .headers()
        .map_err(|e| anyhow!(csv_failure(path.display(), &e)))?;
    let columns = names.map(|name| headers.iter().position(|h| h == name));
    Ok(reader.into_records().map(move |record| {
        let record = record.map_err(|e| anyhow!(csv_failure(path.display(), &e)))?;
        Ok(columns.map(|c| {
            c.and_then(|c| record.get(c))
                .unwrap_or_default()
                .to_string()
        }))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report folder with `documents` rows (id, stance, low, high) and `matches` rows
    /// (id, term, contribution) of one frame.
    fn folder(
        documents: &[(String, f64, f64, f64)],
        matches: &[(&str, &str, f64)],
    ) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let write = |name: &str, text: String| std::fs::write(dir.path().join(name), text);
        write(
            "terms.csv",
            "frame,term,weight,polarity\nmilitias,مليشي*,1,\n".into(),
        )
        .unwrap();
        let rows: String = documents
            .iter()
            .map(|(id, s, low, high)| format!("{id},{s},{low},{high},1\n"))
            .collect();
        write(
            "documents.csv",
            format!("id,stance,stance_low,stance_high,cluster\n{rows}"),
        )
        .unwrap();
        let rows: String = matches
            .iter()
            .map(|(id, term, c)| format!("{id},militias,{term},{c}\n"))
            .collect();
        write("matches.csv", format!("id,frame,term,contribution\n{rows}")).unwrap();
        dir
    }

    #[test]
    fn many_moves_are_counted_whole_and_the_largest_are_named_with_their_terms() {
        let id = |i: usize| format!("d{i:02}");
        // Run A lists its documents out of id order, as a table edited by hand might.
        let before: Vec<_> = (0..30).rev().map(|i| (id(i), 0.0, -0.5, 0.5)).collect();
        let mut after: Vec<_> = (1..31)
            .map(|i| (id(i), -0.01 * i as f64, -0.5, 0.5))
            .collect();
        after[0] = (id(1), 0.0, -0.4, 0.6);
        let a = folder(&before, &[]);
        let b = folder(&after, &[("d29", "مليشيات", -0.29)]);
        let diff = diff_runs(a.path(), b.path()).expect("two report folders");
        assert_eq!(diff.moved, 28, "d02..d29 moved");
        assert_eq!(diff.moves.len(), SHOWN);
        assert_eq!(diff.moves[0].id, "d29");
        assert_eq!(diff.moves[0].terms[0].1, "مليشيات");
        assert!(diff.moves.windows(2).all(|w| w[0].size() >= w[1].size()));
        assert_eq!(diff.intervals.total, 1);
        assert_eq!(diff.intervals.shown[0].0, "d01");
        assert_eq!(
            (diff.added_documents.total, diff.removed_documents.total),
            (1, 1)
        );
        assert_eq!(diff.added_documents.shown, ["d30"]);
        assert_eq!(diff.removed_documents.shown, ["d00"]);
    }
}
