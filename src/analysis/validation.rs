//! Validation against a hand coding (`--gold FILE` with `id,stance` on any numeric scale):
//! Spearman and Pearson correlation, agreement of direction, and the documents where
//! mizan and the coders disagree most.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use serde::Serialize;

use crate::corpus::{column_name, csv_failure, decode, document_id, repeated_column, LineFeeds};
use crate::listing::few_of;
use crate::text::parse_number;

/// How mizan's scores compare with the hand coding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Validation {
    /// (document index, gold value) for the documents that have both.
    pub pairs: Vec<(usize, f64)>,
    /// Ids in the gold file that the corpus does not have.
    pub unknown_ids: Vec<String>,
    pub spearman: Option<f64>,
    pub pearson: Option<f64>,
    /// Share of documents whose direction (hostile, neutral, sympathetic) agrees.
    pub direction_agreement: f64,
    /// The gold value that means "neutral".
    pub gold_neutral: f64,
    /// |mizan score| below which mizan counts as neutral.
    pub neutral_band: f64,
    /// Document indices, largest disagreement first.
    pub disagreements: Vec<usize>,
}

/// A hand coding by document id, and warnings about rows left out of it.
pub type Gold = (HashMap<String, f64>, Vec<String>);

/// Reads a gold file: a CSV with `id` and `stance` columns (others are ignored), in any
/// encoding a corpus may have. A row with an empty stance is a document not coded yet:
/// it is left out, with a warning.
pub fn read_gold(path: &Path) -> Result<Gold> {
    let bytes =
        fs::read(path).with_context(|| format!("cannot read the gold file {}", path.display()))?;
    let decoded = decode(&bytes);
    let mut reader = csv::Reader::from_reader(LineFeeds::new(decoded.text.as_bytes()));
    let headers = reader
        .headers()
        .map_err(|e| anyhow!(csv_failure(path.display(), &e)))?
        .clone();
    if let Some(message) = repeated_column(&headers) {
        bail!("{}:1: {message}", path.display());
    }
    let column = |name: &str| headers.iter().position(|h| column_name(h) == name);
    let (Some(id_col), Some(stance_col)) = (column("id"), column("stance")) else {
        bail!(
            "{}:1: the gold file needs 'id' and 'stance' columns; found {}",
            path.display(),
            headers.iter().collect::<Vec<_>>().join(",")
        );
    };
    let mut gold = HashMap::new();
    let mut uncoded: Vec<String> = decoded
        .note
        .iter()
        .map(|note| format!("{}: {note}", path.display()))
        .collect();
    for record in reader.records() {
        let record = record.map_err(|e| anyhow!(csv_failure(path.display(), &e)))?;
        let line = record.position().map_or(0, |p| p.line());
        let id = document_id(record.get(id_col).unwrap_or(""));
        let raw = record.get(stance_col).unwrap_or("").trim();
        if raw.is_empty() {
            uncoded.push(format!(
                "{}:{line}: document '{id}' has no stance; it is left out of the comparison",
                path.display()
            ));
            continue;
        }
        let value = match parse_number(raw) {
            Some(v) => v,
            None => bail!(
                "{}:{line}: stance must be a number, found '{raw}'",
                path.display()
            ),
        };
        if gold.insert(id.clone(), value).is_some() {
            bail!(
                "{}:{line}: document '{id}' is coded twice; keep one line per document",
                path.display()
            );
        }
    }
    Ok((gold, uncoded))
}

/// Compares `scores` (by document, with `ids`) with the gold values.
pub fn validate(
    ids: &[&str],
    scores: &[f64],
    gold: &HashMap<String, f64>,
    gold_neutral: f64,
    neutral_band: f64,
) -> Validation {
    let pairs: Vec<(usize, f64)> = ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| gold.get(*id).map(|g| (i, *g)))
        .collect();
    let mut unknown_ids: Vec<String> = gold
        .keys()
        .filter(|k| !ids.contains(&k.as_str()))
        .cloned()
        .collect();
    unknown_ids.sort();
    let x: Vec<f64> = pairs.iter().map(|(i, _)| scores[*i]).collect();
    let y: Vec<f64> = pairs.iter().map(|(_, g)| *g).collect();
    let direction = |v: f64, zero: f64, band: f64| {
        if v > zero + band {
            1
        } else if v < zero - band {
            -1
        } else {
            0
        }
    };
    let agree = pairs
        .iter()
        .filter(|(i, g)| {
            direction(scores[*i], 0.0, neutral_band) == direction(*g, gold_neutral, 0.0)
        })
        .count();
    let scale = y
        .iter()
        .map(|g| (g - gold_neutral).abs())
        .fold(0.0, f64::max)
        .max(f64::EPSILON);
    let mut disagreements: Vec<(usize, f64)> = pairs
        .iter()
        .map(|(i, g)| (*i, (scores[*i] - (g - gold_neutral) / scale).abs()))
        .collect();
    disagreements.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    Validation {
        spearman: pearson(&ranks(&x), &ranks(&y)),
        pearson: pearson(&x, &y),
        direction_agreement: if pairs.is_empty() {
            0.0
        } else {
            agree as f64 / pairs.len() as f64
        },
        pairs,
        unknown_ids,
        gold_neutral,
        neutral_band,
        disagreements: disagreements.into_iter().map(|(i, _)| i).collect(),
    }
}

/// Unmatched gold ids listed in full before the rest are only counted.
const UNKNOWN_SHOWN: usize = 10;

/// A note when every coded value lies on one side of the neutral value: a 1–5 coding read
/// with the default neutral 0 would make every document "sympathetic" and the agreement
/// of direction meaningless.
pub fn one_sided_note(validation: &Validation) -> Option<String> {
    let values = validation.pairs.iter().map(|(_, g)| *g);
    let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), g| {
        (lo.min(g), hi.max(g))
    });
    let neutral = validation.gold_neutral;
    if validation.pairs.len() < 2 || low == high {
        return None;
    }
    let side = if low > neutral {
        "above"
    } else if high < neutral {
        "below"
    } else {
        return None;
    };
    Some(format!(
        "every coded value is {side} the neutral value {neutral} (they run from {low} to {high}), so the agreement of direction reads them all as one side; if your scale's neutral value is another (3 on a 1-5 scale), pass it with --gold-neutral"
    ))
}

/// The gold ids that match no document (`None` when all match), the first few listed,
/// with a hint for the two usual slips of coders: a file name for an id (`000_8ca6.txt`)
/// and a shortened id (`002`, which `mizan explain` accepts but a join on ids cannot).
pub fn unknown_ids_note(unknown: &[String], ids: &[&str]) -> Option<String> {
    if unknown.is_empty() {
        return None;
    }
    let shown = &unknown[..unknown.len().min(UNKNOWN_SHOWN)];
    let mut note = few_of(shown.iter().cloned(), unknown.len());
    for hint in [file_name_hint(shown), prefix_hint(shown, ids)]
        .into_iter()
        .flatten()
    {
        note += "; ";
        note += &hint;
    }
    Some(note)
}

/// For an id written as its file name: the id is the name without `.txt`.
fn file_name_hint(unknown: &[String]) -> Option<String> {
    let id = unknown.iter().find_map(|id| {
        let stem = id
            .len()
            .checked_sub(4)
            .filter(|&at| id.is_char_boundary(at))?;
        id[stem..].eq_ignore_ascii_case(".txt").then(|| &id[..stem])
    })?;
    Some(format!(
        "an id is the file name without .txt (write '{id}', not '{id}.txt')"
    ))
}

/// For an id that is only the start of a document's id: the whole id is needed.
fn prefix_hint(unknown: &[String], ids: &[&str]) -> Option<String> {
    unknown.iter().find_map(|short| {
        let whole = ids.iter().find(|id| id.starts_with(short.as_str()))?;
        Some(format!(
            "'{short}' is only the start of the document id '{whole}'; write the whole id"
        ))
    })
}

/// Pearson correlation; `None` with fewer than three pairs or a constant side.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len();
    if n < 3 {
        return None;
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / n as f64;
    let (mx, my) = (mean(x), mean(y));
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sx = x.iter().map(|a| (a - mx).powi(2)).sum::<f64>().sqrt();
    let sy = y.iter().map(|b| (b - my).powi(2)).sum::<f64>().sqrt();
    (sx > 0.0 && sy > 0.0).then(|| cov / (sx * sy))
}

/// Ranks from 1, ties sharing their mean rank.
pub fn ranks(v: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut out = vec![0.0; v.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && v[order[j + 1]] == v[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        order[i..=j].iter().for_each(|&k| out[k] = rank);
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_their_mean_rank() {
        assert_eq!(
            ranks(&[-2.0, 0.0, -2.0, 0.0, 1.0]),
            vec![1.5, 3.5, 1.5, 3.5, 5.0]
        );
    }

    #[test]
    fn unknown_gold_ids_are_listed_with_a_hint_for_file_names_and_shortened_ids() {
        let unknown = ["000_a.txt", "002", "zzz"].map(String::from);
        let note = unknown_ids_note(&unknown, &["000_a", "002_b"]).unwrap();
        assert_eq!(
            note,
            "000_a.txt, 002, zzz; an id is the file name without .txt (write '000_a', not \
             '000_a.txt'); '002' is only the start of the document id '002_b'; write the whole id"
        );
        assert_eq!(unknown_ids_note(&[], &["a"]), None);
        let many: Vec<String> = (0..12).map(|i| format!("x{i}")).collect();
        let note = unknown_ids_note(&many, &["a"]).unwrap();
        assert!(
            note.ends_with("x9 and 2 more"),
            "no hint without a slip: {note}"
        );
    }

    #[test]
    fn perfect_order_gives_spearman_one_even_on_another_scale() {
        let gold: HashMap<String, f64> = [("a", 1.0), ("b", 3.0), ("c", 5.0)]
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
        let v = validate(&["a", "b", "c"], &[-0.6, 0.0, 0.2], &gold, 3.0, 0.1);
        assert!((v.spearman.unwrap() - 1.0).abs() < 1e-12, "{v:?}");
        assert_eq!(v.direction_agreement, 1.0);
    }
}
