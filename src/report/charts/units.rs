//! What a per-document chart shows as its rows or columns. Up to [`MAX_DOCUMENTS`]
//! documents each get their own; beyond that a chart of one row a document cannot be
//! read, so documents are pooled: by outlet when every document names one and there
//! are between two and forty outlets, else by cluster, else into one group (DESIGN.md, "Performance
//! and scale").

use std::collections::BTreeMap;

use crate::report::{truncate, Report};

/// Most documents a chart shows one by one.
pub const MAX_DOCUMENTS: usize = 40;

/// One row (or column) of a chart: a document, or a group of documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Short name: the document's short name, the outlet, or "cluster 2".
    pub name: String,
    /// More about it: the document's title (or outlet), or "123 documents".
    pub detail: String,
    pub members: Vec<usize>,
}

/// The units of a report and, when documents were pooled, by what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Units {
    pub units: Vec<Unit>,
    pub grouped_by: Option<&'static str>,
}

/// Splits the report's documents into the units a chart shows, ordered from the most
/// hostile mean stance to the most sympathetic, so that every chart lists them alike.
pub fn units(report: &Report) -> Units {
    let mut units = unsorted(report);
    let key = |u: &Unit| mean_score(report, &u.members);
    units
        .units
        .sort_by(|a, b| key(a).total_cmp(&key(b)).then_with(|| a.name.cmp(&b.name)));
    units
}

/// The mean stance score of some documents (0 for none).
pub fn mean_score(report: &Report, members: &[usize]) -> f64 {
    let sum: f64 = members
        .iter()
        .map(|&i| report.documents[i].features.stance.score)
        .sum();
    sum / members.len().max(1) as f64
}

fn unsorted(report: &Report) -> Units {
    let n = report.documents.len();
    if n <= MAX_DOCUMENTS {
        let units = (0..n).map(|i| document(report, i)).collect();
        return Units {
            units,
            grouped_by: None,
        };
    }
    if let Some(units) = by_outlet(report) {
        return Units {
            units,
            grouped_by: Some("outlet"),
        };
    }
    if let Ok(clustering) = &report.analysis.clustering {
        let units = (0..clustering.k)
            .map(|c| group(format!("cluster {}", c + 1), report.cluster_members(c)))
            .collect();
        return Units {
            units,
            grouped_by: Some("cluster"),
        };
    }
    Units {
        units: vec![group("all documents".to_string(), (0..n).collect())],
        grouped_by: Some("corpus"),
    }
}

fn document(report: &Report, i: usize) -> Unit {
    let meta = &report.documents[i].document.meta;
    let detail = if meta.title.trim().is_empty() {
        meta.outlet.trim()
    } else {
        meta.title.trim()
    };
    Unit {
        name: report.short_name(i),
        detail: detail.to_string(),
        members: vec![i],
    }
}

fn group(name: String, members: Vec<usize>) -> Unit {
    let detail = match members.len() {
        1 => "1 document".to_string(),
        m => format!("{m} documents"),
    };
    Unit {
        name,
        detail,
        members,
    }
}

/// One unit an outlet, when every document has an outlet and they are few enough.
fn by_outlet(report: &Report) -> Option<Vec<Unit>> {
    let mut outlets: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, d) in report.documents.iter().enumerate() {
        let outlet = d.document.meta.outlet.trim();
        if outlet.is_empty() {
            return None;
        }
        outlets.entry(outlet).or_default().push(i);
    }
    (2..=MAX_DOCUMENTS).contains(&outlets.len()).then(|| {
        outlets
            .into_iter()
            .map(|(o, members)| group(truncate(o, 24), members))
            .collect()
    })
}
