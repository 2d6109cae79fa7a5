//! What changed between two runs (issue 5): lexicon edits (terms added, removed,
//! reweighted), documents whose stance moved and the terms responsible, cluster changes.
//! Read from two report folders' CSV files, so `mizan diff` works on any two runs and the
//! report can open with the changes since the previous run kept in `previous/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, Result};

/// Stance moves smaller than this are not reported.
const MIN_MOVE: f64 = 0.0005;

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

/// Everything that changed from run A to run B.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunDiff {
    /// ((frame, term), change), in frame and term order.
    pub terms: Vec<((String, String), TermChange)>,
    pub moves: Vec<StanceMove>,
    /// (id, cluster in A, cluster in B); empty strings where a run had no cluster.
    pub clusters: Vec<(String, String, String)>,
    pub added_documents: Vec<String>,
    pub removed_documents: Vec<String>,
}

impl RunDiff {
    pub fn is_empty(&self) -> bool {
        self == &RunDiff::default()
    }
}

/// Compares the report folders `a` (before) and `b` (after).
pub fn diff_runs(a: &Path, b: &Path) -> Result<RunDiff> {
    let (terms_a, terms_b) = (read_terms(a)?, read_terms(b)?);
    let (docs_a, docs_b) = (read_documents(a)?, read_documents(b)?);
    let (contrib_a, contrib_b) = (read_contributions(a)?, read_contributions(b)?);
    let mut diff = RunDiff {
        terms: term_changes(&terms_a, &terms_b),
        ..RunDiff::default()
    };
    for (id, (stance_b, cluster_b)) in &docs_b {
        let Some((stance_a, cluster_a)) = docs_a.get(id) else {
            diff.added_documents.push(id.clone());
            continue;
        };
        if (stance_b - stance_a).abs() >= MIN_MOVE {
            let terms = responsible_terms(id, &contrib_a, &contrib_b);
            diff.moves.push(StanceMove {
                id: id.clone(),
                from: *stance_a,
                to: *stance_b,
                terms,
            });
        }
        if cluster_a != cluster_b {
            diff.clusters
                .push((id.clone(), cluster_a.clone(), cluster_b.clone()));
        }
    }
    diff.removed_documents = docs_a
        .keys()
        .filter(|id| !docs_b.contains_key(*id))
        .cloned()
        .collect();
    diff.moves.sort_by(|x, y| {
        (y.to - y.from)
            .abs()
            .total_cmp(&(x.to - x.from).abs())
            .then(x.id.cmp(&y.id))
    });
    Ok(diff)
}

type Terms = BTreeMap<(String, String), (f64, String)>;

/// `terms.csv`: (frame, term) to (weight, polarity as written).
fn read_terms(dir: &Path) -> Result<Terms> {
    let mut out = BTreeMap::new();
    for row in read(dir, "terms.csv")? {
        let weight = row
            .get("weight")
            .and_then(|w| w.parse().ok())
            .unwrap_or(1.0);
        out.insert(
            (field(&row, "frame"), field(&row, "term")),
            (weight, field(&row, "polarity")),
        );
    }
    Ok(out)
}

/// `documents.csv`: id to (stance, cluster).
fn read_documents(dir: &Path) -> Result<BTreeMap<String, (f64, String)>> {
    let mut out = BTreeMap::new();
    for row in read(dir, "documents.csv")? {
        let stance = row
            .get("stance")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0.0);
        out.insert(field(&row, "id"), (stance, field(&row, "cluster")));
    }
    Ok(out)
}

type Contributions = BTreeMap<(String, String, String), f64>;

/// `matches.csv`: (id, frame, term) to summed contribution.
fn read_contributions(dir: &Path) -> Result<Contributions> {
    let mut out = BTreeMap::new();
    for row in read(dir, "matches.csv")? {
        let c: f64 = row
            .get("contribution")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0.0);
        *out.entry((field(&row, "id"), field(&row, "frame"), field(&row, "term")))
            .or_insert(0.0) += c;
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

fn read(dir: &Path, name: &str) -> Result<Vec<BTreeMap<String, String>>> {
    let path = dir.join(name);
    let mut reader = csv::Reader::from_path(&path).with_context(|| {
        format!(
            "cannot read {}; is {} a mizan report folder?",
            path.display(),
            dir.display()
        )
    })?;
    let headers = reader
        .headers()
        .with_context(|| format!("{}: not readable as CSV", path.display()))?
        .clone();
    reader
        .records()
        .map(|r| {
            let r = r.with_context(|| format!("{}: not readable as CSV", path.display()))?;
            Ok(headers
                .iter()
                .map(String::from)
                .zip(r.iter().map(String::from))
                .collect())
        })
        .collect()
}

fn field(row: &BTreeMap<String, String>, name: &str) -> String {
    row.get(name).cloned().unwrap_or_default()
}
