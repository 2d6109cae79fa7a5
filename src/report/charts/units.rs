//! What a per-document chart shows as its rows or columns. Up to [`MAX_DOCUMENTS`]
//! documents each get their own; beyond that a chart of one row a document cannot be
//! read, so documents are pooled (DESIGN.md, "Performance and scale"): by the report's
//! grouping (`--group-by`, outlet by default) when it makes between two and forty
//! groups, else by cluster, else into one group.

use std::borrow::Cow;

use super::canvas::LABEL_PX;
use super::palette::INK;
use super::text::{fit, isolate, Direction, HAlign, Label, VAlign};
use crate::analysis::{Clustering, Grouping};
use crate::features::per_1k;
use crate::report::{truncate, Report};

/// Most documents a chart shows one by one.
pub const MAX_DOCUMENTS: usize = 40;

/// One row (or column) of a chart: a document, or a group of documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit<'r> {
    /// Short name: the document's short name, the outlet, or "cluster 2".
    pub name: String,
    /// More about it: the document's title (or outlet), or "123 documents".
    pub detail: String,
    /// Borrowed from the report's grouping when it has them: every chart lists the
    /// units again, and a million documents' members take 8 MB (issue 6).
    pub members: Cow<'r, [usize]>,
}

/// How documents were pooled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pooling {
    /// By a metadata column, e.g. outlet.
    Column(String),
    Cluster,
    /// All documents together.
    Corpus,
}

impl Pooling {
    /// What one unit is, for a column head: "outlet", "cluster", "corpus".
    pub fn noun(&self) -> &str {
        match self {
            Pooling::Column(c) => c,
            Pooling::Cluster => "cluster",
            Pooling::Corpus => "corpus",
        }
    }

    /// The end of a title: "by outlet", "for the whole corpus".
    pub fn by(&self) -> String {
        match self {
            Pooling::Corpus => "for the whole corpus".to_string(),
            other => format!("by {}", other.noun()),
        }
    }
}

/// The units of a report and, when documents were pooled, how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Units<'r> {
    pub units: Vec<Unit<'r>>,
    pub grouped_by: Option<Pooling>,
}

/// Splits the report's documents into the units a chart shows, ordered from the most
/// hostile mean stance to the most sympathetic, so that every chart lists them alike.
pub fn units(report: &Report) -> Units<'_> {
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
        .map(|&i| report.documents.get(i).score())
        .sum();
    sum / members.len().max(1) as f64
}

/// A row's name, left-aligned on its middle: "002 · title", the title cut to
/// `detail_width` pixels and isolated so that an Arabic title reads right to left without
/// pulling the id along; the name alone when there is no detail to show.
pub fn name_label(name: &str, detail: Option<&str>, detail_width: u32) -> Label {
    let text = match detail.filter(|d| !d.is_empty()) {
        Some(detail) => format!("{name} · {}", isolate(&fit(detail, LABEL_PX, detail_width))),
        None => isolate(name),
    };
    Label::with_direction(&text, LABEL_PX, Direction::Ltr)
        .color(INK)
        .anchor(HAlign::Left, VAlign::Middle)
}

/// Weighted matches of frame `frame` per 1000 words over some documents pooled: all
/// their matches over all their words (0 for no words).
pub fn pooled_rate(report: &Report, frame: usize, members: &[usize]) -> f64 {
    let weighted: f64 = members
        .iter()
        .map(|&i| report.documents.get(i).frame(frame).weighted)
        .sum();
    let tokens: usize = members
        .iter()
        .map(|&i| report.documents.get(i).tokens())
        .sum();
    per_1k(weighted, tokens)
}

fn unsorted(report: &Report) -> Units<'_> {
    let n = report.documents.len();
    let clustering = report.analysis.clustering.as_ref().ok();
    let pooling = pooling(n, report.grouping.as_ref(), clustering);
    let units = match &pooling {
        None => (0..n).map(|i| document(report, i)).collect(),
        Some(Pooling::Column(_)) => report
            .grouping
            .iter()
            .flat_map(|g| &g.groups)
            .map(|g| group(truncate(&g.name, 24), Cow::Borrowed(&g.members)))
            .collect(),
        Some(Pooling::Cluster) => (0..clustering.map_or(0, |c| c.k))
            .map(|c| {
                let members: Vec<usize> = report.cluster_members(c).collect();
                group(format!("cluster {}", c + 1), members.into())
            })
            .collect(),
        Some(Pooling::Corpus) => {
            let all: Vec<usize> = (0..n).collect();
            vec![group("all documents".to_string(), all.into())]
        }
    };
    Units {
        units,
        grouped_by: pooling,
    }
}

/// How `n` documents are pooled, if at all.
fn pooling(
    n: usize,
    grouping: Option<&Grouping>,
    clustering: Option<&Clustering>,
) -> Option<Pooling> {
    if n <= MAX_DOCUMENTS {
        None
    } else if let Some(g) = grouping.filter(|g| (2..=MAX_DOCUMENTS).contains(&g.groups.len())) {
        Some(Pooling::Column(g.column.clone()))
    } else if clustering.is_some() {
        Some(Pooling::Cluster)
    } else {
        Some(Pooling::Corpus)
    }
}

fn document(report: &Report, i: usize) -> Unit<'static> {
    let meta = report.documents.get(i).meta();
    let detail = if meta.title.trim().is_empty() {
        meta.outlet.trim()
    } else {
        meta.title.trim()
    };
    Unit {
        name: report.short_name(i),
        detail: detail.to_string(),
        members: vec![i].into(),
    }
}

fn group(name: String, members: Cow<'_, [usize]>) -> Unit<'_> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::fixture::group;

    fn grouping(groups: usize) -> Grouping {
        let group = |g: usize| group(&format!("outlet {g}"), vec![g]);
        Grouping {
            column: "outlet".to_string(),
            groups: (0..groups).map(group).collect(),
            timeline: Vec::new(),
        }
    }

    fn clustering() -> Clustering {
        Clustering {
            k: 2,
            labels: Default::default(),
            silhouette: 0.5,
            tried: Vec::new(),
            centroids: Vec::new(),
        }
    }

    #[test]
    fn up_to_forty_documents_are_shown_one_by_one() {
        assert_eq!(pooling(40, Some(&grouping(3)), Some(&clustering())), None);
    }

    #[test]
    fn more_documents_are_pooled_by_the_reports_grouping() {
        let by = pooling(41, Some(&grouping(3)), Some(&clustering()));
        assert_eq!(by, Some(Pooling::Column("outlet".to_string())));
    }

    #[test]
    fn too_many_or_too_few_groups_fall_back_to_clusters_then_the_corpus() {
        assert_eq!(
            pooling(500, Some(&grouping(41)), Some(&clustering())),
            Some(Pooling::Cluster)
        );
        assert_eq!(
            pooling(500, Some(&grouping(1)), Some(&clustering())),
            Some(Pooling::Cluster)
        );
        assert_eq!(pooling(500, None, None), Some(Pooling::Corpus));
    }

    #[test]
    fn titles_name_the_pooling() {
        assert_eq!(Pooling::Column("outlet".into()).by(), "by outlet");
        assert_eq!(Pooling::Corpus.by(), "for the whole corpus");
    }
}
