//! The content of the human-readable report as a list of blocks, built once from the
//! [`Report`] and rendered by the Markdown and HTML exporters, so both say the same.

use std::borrow::Cow;
use std::collections::BTreeMap;

use anyhow::{Context, Result};

use super::charts::Chart;
use super::diff::{Interval, Listed, RunDiff, TermChange};
use super::documents::READ_BACK;
use super::model::{safe_file_stem, truncate, Report};
use super::tables::{counted, num, signed};
use crate::matching::Voice;

/// A piece of inline text.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    /// Text from an article or lexicon, likely Arabic: shown right to left.
    Quote(String),
    Strong(String),
    /// A link inside the report (to an anchor or a file of the report folder).
    Link {
        text: String,
        href: String,
    },
    /// A keyword in context: the match marked and coloured by its contribution.
    Kwic {
        left: String,
        surface: String,
        right: String,
        contribution: f64,
    },
}

/// A table cell.
pub type Cell = Vec<Inline>;

/// A block of the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        text: String,
        anchor: Option<String>,
    },
    Paragraph(Vec<Inline>),
    List(Vec<Vec<Inline>>),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<Cell>>,
    },
    Image {
        src: String,
        alt: String,
        caption: String,
    },
}

/// Terms listed per document.
const TOP_TERMS: usize = 8;
/// Sentences of evidence shown per term.
const EVIDENCE_PER_TERM: usize = 2;
/// Characters of context around a match in the evidence.
const EVIDENCE_WIDTH: usize = 70;

fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

/// A document's short name, linked to its section where the report has one: the
/// documents kept whole (on a large corpus, most have none).
fn document_name(report: &Report, i: usize) -> Inline {
    let doc = report.documents.get(i);
    if doc.full().is_none() {
        return text(report.short_name(i));
    }
    Inline::Link {
        text: report.short_name(i),
        href: format!("#{}", doc_anchor(doc.id())),
    }
}

/// A stable anchor for a document id, safe in HTML and Markdown, and distinct for
/// distinct ids (see [`safe_file_stem`]).
pub fn doc_anchor(id: &str) -> String {
    format!("doc-{}", safe_file_stem(id))
}

/// The report's blocks; `svg` when the charts were also written as SVG. An error is one
/// reading what the report keeps on disk back from its temporary files.
pub fn blocks(
    report: &Report,
    charts: &[Chart],
    svg: bool,
    changes: Option<&RunDiff>,
) -> Result<Vec<Block>> {
    let mut out = vec![Block::Heading {
        level: 1,
        text: "mizan report: how the articles frame Turkey's role in Libya".into(),
        anchor: None,
    }];
    if let Some(diff) = changes {
        out.push(Block::Heading {
            level: 2,
            text: "What changed since the last run".into(),
            anchor: Some("changes".into()),
        });
        let sections: Vec<&str> = report
            .detailed_documents()
            .into_iter()
            .map(|i| report.documents.get(i).id())
            .collect();
        out.extend(change_blocks(diff, |id| sections.contains(&id)));
    }
    out.extend(summary(report));
    out.extend(groups(report));
    out.extend(document_table(report)?);
    out.extend(chart_blocks(charts, svg));
    out.extend(method(report));
    out.extend(validation(report)?);
    out.extend(clusters(report));
    out.extend(naming(report));
    for i in report.detailed_documents() {
        out.extend(document_section(report, i));
    }
    out.extend(warnings(report));
    Ok(out)
}

/// The changes between two runs, as blocks (also what `mizan diff` prints). A document
/// is linked to its section when `has_section` says the report has one.
pub fn change_blocks(diff: &RunDiff, has_section: impl Fn(&str) -> bool) -> Vec<Block> {
    if diff.is_empty() {
        return vec![Block::Paragraph(vec![text(
            "Nothing: same lexicon terms, same scores and intervals, same clusters.",
        )])];
    }
    let mut out = setting_blocks(diff);
    if !diff.terms.is_empty() {
        let items = diff
            .terms
            .iter()
            .map(|((frame, term), change)| {
                let what = match change {
                    TermChange::Added { weight } => format!("added to {frame} (weight {weight})"),
                    TermChange::Removed { weight } => {
                        format!("removed from {frame} (weight was {weight})")
                    }
                    TermChange::Reweighted { from, to } => {
                        format!("reweighted in {frame}: {from} → {to}")
                    }
                    TermChange::Repolarised { from, to } => {
                        format!("polarity in {frame}: '{from}' → '{to}'")
                    }
                };
                vec![Inline::Quote(term.clone()), text(what)]
            })
            .collect();
        out.push(Block::Paragraph(vec![text(format!(
            "Lexicon: {} term(s) changed.",
            diff.terms.len()
        ))]));
        out.push(Block::List(items));
    }
    if !diff.moves.is_empty() {
        let rows = diff
            .moves
            .iter()
            .map(|m| {
                let terms: Vec<String> = m
                    .terms
                    .iter()
                    .map(|(f, t, d)| format!("{t} [{f}] {}", signed(*d)))
                    .collect();
                vec![
                    vec![if has_section(&m.id) {
                        Inline::Link {
                            text: m.id.clone(),
                            href: format!("#{}", doc_anchor(&m.id)),
                        }
                    } else {
                        text(m.id.clone())
                    }],
                    vec![text(signed(m.from))],
                    vec![text(signed(m.to))],
                    vec![text(signed(m.to - m.from))],
                    vec![if diff.without_matches {
                        text("– (a run built from feature rows keeps no matches)")
                    } else if terms.is_empty() && !diff.settings.is_empty() {
                        text("– (no term's contribution changed: see the settings above)")
                    } else if terms.is_empty() {
                        text("– (no term's contribution changed)")
                    } else {
                        Inline::Quote(terms.join("، "))
                    }],
                ]
            })
            .collect();
        let which = if diff.moved > diff.moves.len() {
            format!(", the {} that moved most", diff.moves.len())
        } else {
            String::new()
        };
        out.push(Block::Paragraph(vec![text(format!(
            "Stance moved in {} document(s){which}:",
            diff.moved
        ))]));
        out.push(Block::Table {
            header: [
                "document",
                "before",
                "after",
                "change",
                "terms responsible (change in contribution)",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        });
    }
    let interval = |(id, a, b): &(String, Interval, Interval)| {
        let range = |(low, high): Interval| format!("{}..{}", signed(low), signed(high));
        format!("{id}: {} → {}", range(*a), range(*b))
    };
    let cluster =
        |(id, a, b): &(String, String, String)| format!("{id}: {} → {}", or_dash(a), or_dash(b));
    let changes = [
        (
            "Same score, another interval (a different --prior, --seed or --resamples, or \
             another version of mizan: intervals are Monte-Carlo estimates)",
            listed(&diff.intervals, interval),
        ),
        ("Clusters changed", listed(&diff.clusters, cluster)),
        (
            "Documents added",
            listed(&diff.added_documents, String::clone),
        ),
        (
            "Documents removed",
            listed(&diff.removed_documents, String::clone),
        ),
    ];
    for (label, list) in changes.into_iter().filter_map(|(l, list)| Some((l, list?))) {
        out.push(Block::Paragraph(vec![text(format!("{label}: {list}."))]));
    }
    out
}

/// The settings changed, frames renamed and lexicon files edited, one line each: the
/// causes of moves that no term's contribution explains (a new `--prior`).
fn setting_blocks(diff: &RunDiff) -> Vec<Block> {
    let settings = diff
        .settings
        .iter()
        .map(|c| format!("{}: {} → {}", c.what, c.from, c.to));
    let renamed = diff.renamed.iter().map(|r| {
        let changed = diff.terms.iter().filter(|((f, _), _)| *f == r.to).count();
        let terms = match changed {
            0 => "unchanged".to_string(),
            n => format!("{n} term change(s) listed below"),
        };
        format!(
            "frame {} renamed to {} ({} term(s) kept, {terms})",
            r.from, r.to, r.kept
        )
    });
    let files = diff
        .edited_files
        .iter()
        .map(|f| format!("{f} edited (its rows are not compared one by one)"));
    let items: Vec<Vec<Inline>> = settings
        .chain(renamed)
        .chain(files)
        .map(|line| vec![text(line)])
        .collect();
    if items.is_empty() {
        return Vec::new();
    }
    vec![
        Block::Paragraph(vec![text(format!(
            "Settings and frames: {} change(s).",
            items.len()
        ))]),
        Block::List(items),
    ]
}

/// "N document(s): a; b; c", with "and M more" past the examples; `None` when empty.
fn listed<T>(list: &Listed<T>, show: impl Fn(&T) -> String) -> Option<String> {
    if list.is_empty() {
        return None;
    }
    let mut shown: Vec<String> = list.shown.iter().map(show).collect();
    if list.total > shown.len() {
        shown.push(format!("and {} more", list.total - shown.len()));
    }
    Some(format!("{} document(s): {}", list.total, shown.join("; ")))
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() {
        "–"
    } else {
        s
    }
}

fn summary(report: &Report) -> Vec<Block> {
    let docs = &report.documents;
    let tokens: usize = docs.iter().map(|d| d.tokens()).sum();
    let matches = docs.matches();
    let terms = report.lexicon.terms.len();
    vec![Block::Paragraph(vec![text(format!(
        "{} article(s) from {}, {tokens} words, {matches} matches of {terms} lexicon terms in {} frames ({}). \
         Stance runs from -1 (the article frames Turkey's role as hostile: invasion, mercenaries, occupation) \
         to +1 (sympathetic: a legitimate government's lawful ally); the interval is where the score lies with 95% probability \
         given the evidence, so a short article with few loaded words gets a wide one.",
        docs.len(),
        report.run.corpus,
        report.lexicon.frames.len(),
        report.run.lexicons.display(),
    ))])]
}

fn document_table(report: &Report) -> Result<Vec<Block>> {
    let header = [
        "document",
        "title / outlet",
        "date",
        "stance",
        "95% interval",
        "intensity",
        "matches",
        "cluster",
        "strongest terms",
    ]
    .map(String::from)
    .to_vec();
    let shown = report.detailed_documents();
    let rows = shown
        .iter()
        .map(|&i| {
            let d = report.documents.get(i);
            let Some(whole) = d.full() else {
                return Ok(Vec::new());
            };
            let f = &whole.features;
            let top: Vec<String> = report
                .strongest_terms(i, 3)
                .context(READ_BACK)?
                .into_iter()
                .map(|(term, _)| report.lexicon.terms[term].text.clone())
                .collect();
            Ok(vec![
                vec![Inline::Link {
                    text: report.short_name(i),
                    href: format!("#{}", doc_anchor(d.id())),
                }],
                vec![Inline::Quote(title_or_outlet(report, i))],
                vec![text(d.meta().date.clone())],
                vec![Inline::Strong(signed(f.stance.score))],
                vec![text(format!(
                    "{} … {}",
                    signed(f.stance.low),
                    signed(f.stance.high)
                ))],
                vec![text(format!("{:.1}", f.intensity))],
                vec![text(f.matches.to_string())],
                vec![text(
                    report
                        .cluster_of(i)
                        .map(|c| (c + 1).to_string())
                        .unwrap_or_else(|| "–".into()),
                )],
                terms_cell(report, &top),
            ])
        })
        .collect::<Result<_>>()?;
    let mut out = vec![
        Block::Heading {
            level: 2,
            text: "Articles at a glance".into(),
            anchor: Some("summary".into()),
        },
        Block::Paragraph(vec![text(selection_note(report, shown.len()))]),
    ];
    if !report.run.has_text {
        out.push(Block::Paragraph(vec![text(WITHOUT_MATCHES)]));
    }
    out.extend([
        Block::Table { header, rows },
        Block::Paragraph(vec![text(
            "Intensity is loaded terms per 1000 words (weighted). Follow a document's link for the evidence behind its score.",
        )]),
    ]);
    Ok(out)
}

/// Said above a table of strongest terms in a report built from feature rows (#11).
const WITHOUT_MATCHES: &str = "Built from feature rows (mizan score), which carry no matches: \
     there are no strongest terms (n/a), and terms.csv lists the lexicon's terms with their use \
     left empty. Run mizan report on the corpus for both.";

/// A cell of a document's strongest terms; "n/a" in a report built from feature rows,
/// which has no matches to weigh.
fn terms_cell(report: &Report, terms: &[String]) -> Vec<Inline> {
    if report.run.has_text {
        vec![Inline::Quote(terms.join("، "))]
    } else {
        vec![text("n/a")]
    }
}

/// Says which documents the report describes one by one.
fn selection_note(report: &Report, shown: usize) -> String {
    let n = report.documents.len();
    if shown == n {
        format!("All {n} documents.")
    } else {
        format!(
            "The {} most hostile and {} most sympathetic of {n} documents; every document is in documents.csv, and `mizan explain ID` shows any one.",
            shown / 2,
            shown - shown / 2
        )
    }
}

/// Frames shown per group.
const GROUP_FRAMES: usize = 3;

fn groups(report: &Report) -> Vec<Block> {
    let Some(grouping) = &report.grouping else {
        return Vec::new();
    };
    let frames = &report.lexicon.frames;
    let rows = grouping
        .groups
        .iter()
        .map(|g| {
            let mut top: Vec<(usize, f64)> = g
                .profile
                .iter()
                .copied()
                .enumerate()
                .filter(|(_, r)| *r > 0.0)
                .collect();
            top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let top: Vec<String> = top
                .iter()
                .take(GROUP_FRAMES)
                .map(|(f, r)| format!("{} {:.1}", frames[*f].label, r))
                .collect();
            let clusters: Vec<String> = g
                .clusters
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(c, n)| format!("{}: {n}", c + 1))
                .collect();
            vec![
                vec![Inline::Quote(g.name.clone())],
                vec![text(g.members.len().to_string())],
                vec![Inline::Strong(signed(g.mean))],
                vec![text(if g.members.len() == 1 {
                    "none (one document)".to_string()
                } else {
                    format!("{} … {}", signed(g.low), signed(g.high))
                })],
                vec![text(top.join(", "))],
                vec![text(clusters.join(", "))],
            ]
        })
        .collect();
    let header = [
        grouping.column.as_str(),
        "documents",
        "mean stance",
        "95% interval of the mean",
        "frames used most (per 1000 words)",
        "clusters",
    ]
    .map(String::from)
    .to_vec();
    vec![
        Block::Heading { level: 2, text: format!("By {}", grouping.column), anchor: Some("groups".into()) },
        Block::Paragraph(vec![text(format!(
            "Documents grouped by their {} value. The 95% interval of a group's mean is Student's t interval for fewer than {} documents (a bootstrap of a few documents is too narrow), counting each document's own uncertainty as well as the spread of their scores, a bootstrap over its documents up to {}, and past that the normal interval the bootstrap converges to; a group of one has none.",
            grouping.column,
            crate::analysis::T_INTERVAL_BELOW,
            crate::analysis::BOOTSTRAP_UP_TO
        ))]),
        Block::Table { header, rows },
    ]
}

/// A document's title and outlet, else its first words; a dash for a document with
/// neither in a report built from feature rows, which has no text (#11).
fn title_or_outlet(report: &Report, i: usize) -> String {
    let meta = report.documents.get(i).meta();
    let parts: Vec<&str> = [meta.title.as_str(), meta.outlet.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() {
        let first_words: Vec<&str> = report.text_of(i).split_whitespace().take(8).collect();
        or_dash(&truncate(&first_words.join(" "), 60)).to_string()
    } else {
        truncate(&parts.join(" · "), 80)
    }
}

fn chart_blocks(charts: &[Chart], svg: bool) -> Vec<Block> {
    if charts.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Block::Heading {
        level: 2,
        text: "Charts".into(),
        anchor: Some("charts".into()),
    }];
    for chart in charts {
        out.push(Block::Heading {
            level: 3,
            text: chart.title.clone(),
            anchor: None,
        });
        out.push(Block::Image {
            src: format!("charts/{}", chart.file),
            alt: chart.title.clone(),
            caption: chart.guide.clone(),
        });
        if svg {
            let file = chart.svg_file();
            out.push(Block::Paragraph(vec![
                text("The same chart as a vector drawing:"),
                Inline::Link {
                    href: format!("charts/{file}"),
                    text: file,
                },
            ]));
        }
    }
    out
}

fn method(report: &Report) -> Vec<Block> {
    let v = &report.lexicon.voices;
    vec![
        Block::Heading { level: 2, text: "How the stance is computed".into(), anchor: Some("method".into()) },
        Block::List(vec![
            vec![text("Every match of a lexicon term is said of someone. mizan looks for the actor inside the matched phrase (مرتزقة أردوغان), right after it (ميليشيات حفتر), or nearby in the same clause; if none, the term counts for its frame's default target.")],
            vec![text("Its contribution is valence × side × weight × voice weight: a delegitimising label (valence -1) said of Turkey's camp (side +1) counts -1, hostile to Turkey's role; the same label said of Haftar's camp (side -1) counts +1.")],
            vec![text(format!(
                "Voice weights: authorial {}, reported {}, quoted {}, distanced {} (زعم، ما يسمى: the author disputes it), scare quotes {} (inverted); a negated term counts × {}.",
                v.authorial, v.reported, v.quoted, v.distanced, v.scare, v.negated
            ))],
            vec![text(format!(
                "Stance = (sum of contributions) / (evidence + {}), where evidence is the summed |weight × voice weight| of all matches, descriptive frames included, and {} neutral pseudo-matches keep thin evidence near 0.",
                report.run.stance.prior(), report.run.stance.prior()
            ))],
            vec![text("The 95% interval comes from a seeded bootstrap over sentences (resample the article's sentences, recount) with the uncertainty of a small count on top (a Beta draw), so it is wide when few sentences carry loaded terms.")],
        ]),
    ]
}

fn validation(report: &Report) -> Result<Vec<Block>> {
    let Some(v) = &report.validation else {
        return Ok(Vec::new());
    };
    let (name, _) = report.run.gold.clone().unwrap_or_default();
    let corr = |c: Option<f64>| {
        c.map(|c| format!("{c:.2}"))
            .unwrap_or_else(|| "undefined (fewer than 3 documents or no spread)".into())
    };
    let mut out = vec![
        Block::Heading { level: 2, text: "Validation against the hand coding".into(), anchor: Some("validation".into()) },
        Block::Paragraph(vec![text(format!(
            "{} coded in {}. Spearman rank correlation {}, Pearson {}. Direction (hostile / neutral / sympathetic) agrees for {:.0}% of them (mizan counts |stance| < {} as neutral; the coding's neutral value is {}).",
            counted(v.pairs.len(), "document", "documents"),
            name.display(),
            corr(v.spearman),
            corr(v.pearson),
            v.direction_agreement * 100.0,
            v.neutral_band,
            v.gold_neutral
        ))]),
    ];
    if !v.unknown_ids.is_empty() {
        out.push(Block::Paragraph(vec![text(format!(
            "Coded but not in the corpus: {}.",
            v.unknown_ids.join(", ")
        ))]));
    }
    let rows = v
        .disagreements
        .iter()
        .take(3)
        .map(|&i| {
            let top: Vec<String> = report
                .strongest_terms(i, 4)
                .context(READ_BACK)?
                .into_iter()
                .map(|(term, contribution)| {
                    format!(
                        "{} ({})",
                        report.lexicon.terms[term].text,
                        signed(contribution)
                    )
                })
                .collect();
            Ok(vec![
                vec![document_name(report, i)],
                vec![text(
                    report
                        .gold_of(i)
                        .map(|g| format!("{g}"))
                        .unwrap_or_default(),
                )],
                vec![text(signed(report.documents.get(i).score()))],
                terms_cell(report, &top),
            ])
        })
        .collect::<Result<_>>()?;
    out.push(Block::Paragraph(vec![text("Where mizan and the coders disagree most (gold rescaled to -1…1), with the terms that drove mizan's score:")]));
    if !report.run.has_text {
        out.push(Block::Paragraph(vec![text(WITHOUT_MATCHES)]));
    }
    out.push(Block::Table {
        header: ["document", "hand coding", "mizan", "strongest evidence"]
            .map(String::from)
            .to_vec(),
        rows,
    });
    Ok(out)
}

/// Columns of the naming table before documents are pooled by group.
const NAMING_COLUMNS: usize = 8;

/// How each article (or group) names each actor: the competing labels (حكومة الوفاق /
/// حكومة السراج / الحكومة الشرعية) are the framing.
fn naming(report: &Report) -> Vec<Block> {
    let heading = Block::Heading {
        level: 2,
        text: "How the articles name the actors".into(),
        anchor: Some("naming".into()),
    };
    let Some(columns) = naming_columns(report) else {
        return vec![
            heading,
            Block::Paragraph(vec![text("Too many documents for one column each; rerun with --group-by COLUMN to compare the names each group uses.")]),
        ];
    };
    let lexicon = &report.lexicon;
    let named: Vec<_> = columns
        .iter()
        .map(|(_, members)| report.documents.name_counts(members))
        .collect();
    let rows: Vec<Vec<Cell>> = (0..lexicon.actors.len())
        .filter_map(|a| {
            let cells: Vec<String> = named
                .iter()
                .map(|counts| names_used(report, a, counts))
                .collect();
            if cells.iter().all(String::is_empty) {
                return None;
            }
            let actor = &lexicon.actors[a];
            let mut row = vec![vec![text(format!(
                "{} ({})",
                actor.id,
                side_word(actor.side)
            ))]];
            row.extend(cells.into_iter().map(|c| vec![Inline::Quote(c)]));
            Some(row)
        })
        .collect();
    if rows.is_empty() {
        return Vec::new();
    }
    let mut header = vec!["actor".to_string()];
    header.extend(columns.into_iter().map(|(label, _)| label));
    vec![
        heading,
        Block::Paragraph(vec![text("The names and epithets of actors.csv each document (or group) uses, with counts: naming is framing.")]),
        Block::Table { header, rows },
    ]
}

/// One column per document for small corpora, else one per group (the largest ones).
fn naming_columns(report: &Report) -> Option<Vec<(String, Cow<'_, [usize]>)>> {
    let n = report.documents.len();
    if n <= NAMING_COLUMNS {
        return Some(
            (0..n)
                .map(|i| (report.short_name(i), vec![i].into()))
                .collect(),
        );
    }
    let grouping = report.grouping.as_ref()?;
    Some(
        grouping
            .groups
            .iter()
            .take(NAMING_COLUMNS)
            .map(|g| (g.name.clone(), Cow::Borrowed(g.members.as_slice())))
            .collect(),
    )
}

/// "الحكومة الشرعية ×3، حكومة الوفاق ×1": the names of actor `a` in a column's
/// `named` counts (by actor and name), as a reader writes them: without the `=` that
/// marks an exact form in actors.csv.
fn names_used(report: &Report, a: usize, named: &BTreeMap<(usize, usize), usize>) -> String {
    let lexicon = &report.lexicon;
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (&(_, name), &n) in named.range((a, 0)..(a + 1, 0)) {
        *counts
            .entry(lexicon.actor_names[name].text.replace('=', ""))
            .or_insert(0) += n;
    }
    let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
    counts.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    counts
        .iter()
        .map(|(name, c)| format!("{name} ×{c}"))
        .collect::<Vec<_>>()
        .join("، ")
}

fn side_word(side: f64) -> &'static str {
    if side > 0.0 {
        "Turkey's camp"
    } else if side < 0.0 {
        "opposing camp"
    } else {
        "neutral"
    }
}

/// Documents named per cluster in the clusters table.
const CLUSTER_MEMBERS_SHOWN: usize = 12;

fn clusters(report: &Report) -> Vec<Block> {
    let mut out = vec![Block::Heading {
        level: 2,
        text: "Clusters of similar framing".into(),
        anchor: Some("clusters".into()),
    }];
    let clustering = match &report.analysis.clustering {
        Ok(c) => c,
        Err(why) => {
            out.push(Block::Paragraph(vec![text(format!(
                "Clustering was skipped: {why}."
            ))]));
            return out;
        }
    };
    let tried: Vec<String> = clustering
        .tried
        .iter()
        .map(|(k, s)| format!("k={k}: {s:.2}"))
        .collect();
    out.push(Block::Paragraph(vec![text(format!(
        "KMeans on the standardised frame profiles chose k = {} by the mean silhouette ({}; higher is better, above 0.5 is a clear structure, below 0.25 a weak one).",
        clustering.k,
        tried.join(", ")
    ))]));
    if let Some(sample) = report.analysis.fitted_on {
        out.push(Block::Paragraph(vec![text(format!(
            "On {} documents KMeans, its silhouette and the map's PCA were fitted on a seeded sample of {sample}; \
             every document was then assigned to its nearest cluster centre and placed on the map.",
            report.documents.len()
        ))]));
    }
    if let Ok(map) = &report.analysis.map {
        out.push(Block::Paragraph(vec![text(format!(
            "The 2-D map shows {:.0}% and {:.0}% of the variance of the profiles on its two axes.",
            map.explained[0] * 100.0,
            map.explained[1] * 100.0
        ))]));
    }
    let rows = (0..clustering.k)
        .map(|c| {
            let frames: Vec<String> = report
                .cluster_signature(c, 3)
                .into_iter()
                .filter(|(_, z)| *z > 0.0)
                .map(|(f, z)| format!("{} ({:+.1} sd)", report.lexicon.frames[f].label, z))
                .collect();
            let mut members: Vec<Inline> = report
                .cluster_members(c)
                .take(CLUSTER_MEMBERS_SHOWN)
                .map(|i| document_name(report, i))
                .collect();
            let size = report.cluster_members(c).count();
            if size > CLUSTER_MEMBERS_SHOWN {
                members.push(text(format!(
                    "and {} more (cluster column of documents.csv)",
                    size - CLUSTER_MEMBERS_SHOWN
                )));
            }
            vec![
                vec![text((c + 1).to_string())],
                vec![text(frames.join(", "))],
                members,
            ]
        })
        .collect();
    out.push(Block::Table {
        header: vec![
            "cluster".into(),
            "frames used more than average".into(),
            "documents".into(),
        ],
        rows,
    });
    out
}

fn document_section(report: &Report, i: usize) -> Vec<Block> {
    let d = report.documents.get(i);
    let Some(whole) = d.full() else {
        return Vec::new();
    };
    let f = &whole.features;
    let lexicon = &report.lexicon;
    let mut out = vec![
        Block::Heading { level: 2, text: format!("Document {}", d.id()), anchor: Some(doc_anchor(d.id())) },
        Block::Paragraph(vec![Inline::Quote(title_or_outlet(report, i))]),
        Block::Paragraph(vec![text(format!(
            "Stance {} (95% interval {} to {}), {} matches in {} words, intensity {:.1}. Contributions: +{} sympathetic, -{} hostile, evidence {}: ({} - {}) / ({} + {}) = {}.",
            signed(f.stance.score), signed(f.stance.low), signed(f.stance.high), f.matches, f.tokens, f.intensity,
            num(f.positive), num(f.negative), num(f.mass), num(f.positive), num(f.negative), num(f.mass), report.run.stance.prior(), signed(f.stance.score)
        ))]),
        Block::Paragraph(vec![text(format!("Voices: {}.", voice_shares(f)))]),
    ];
    if !report.run.has_text {
        out.push(Block::Paragraph(vec![text(
            "This report was built from feature rows (mizan score), which carry counts but not the text: run mizan report on the corpus to see the matches and sentences.",
        )]));
        return out;
    }
    out.push(Block::Paragraph(vec![
        text("Every match with its arithmetic:"),
        Inline::Link {
            text: "full explanation".into(),
            href: format!("explain/{}.txt", safe_file_stem(d.id())),
        },
        text(format!("(mizan explain {}).", d.id())),
    ]));
    let uses = report.term_uses(i);
    if uses.is_empty() {
        out.push(Block::Paragraph(vec![text(
            "No lexicon term matched this document.",
        )]));
        return out;
    }
    let rows = uses
        .iter()
        .take(TOP_TERMS)
        .map(|u| {
            let term = &lexicon.terms[u.term];
            let actors: Vec<String> = {
                let mut a: Vec<String> = u
                    .matches
                    .iter()
                    .map(|m| {
                        m.said_of(lexicon).unwrap_or_else(|| {
                            format!("({})", lexicon.frames[m.frame].target.name())
                        })
                    })
                    .collect();
                a.dedup();
                a
            };
            let voices: Vec<&str> = {
                let mut v: Vec<&str> = u.matches.iter().map(|m| m.voice.name()).collect();
                v.sort();
                v.dedup();
                v
            };
            vec![
                vec![Inline::Quote(term.text.clone())],
                vec![text(lexicon.frames[term.frame].label.clone())],
                vec![text(u.matches.len().to_string())],
                vec![text(voices.join(", "))],
                vec![text(actors.join(", "))],
                vec![Inline::Strong(signed(u.contribution))],
            ]
        })
        .collect();
    out.push(Block::Table {
        header: [
            "term",
            "frame",
            "matches",
            "voice",
            "said of",
            "contribution",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    });
    let evidence = uses
        .iter()
        .take(TOP_TERMS)
        .flat_map(|u| u.matches.iter().take(EVIDENCE_PER_TERM))
        .map(|m| {
            let k = report.kwic(i, m, EVIDENCE_WIDTH);
            vec![Inline::Kwic {
                left: k.left,
                surface: k.surface,
                right: k.right,
                contribution: m.contribution,
            }]
        })
        .collect();
    out.push(Block::List(evidence));
    out
}

fn voice_shares(f: &crate::features::Features) -> String {
    Voice::ALL
        .iter()
        .filter(|v| f.voice_share(**v) > 0.0)
        .map(|v| format!("{} {:.0}%", v.name(), f.voice_share(*v) * 100.0))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn warnings(report: &Report) -> Vec<Block> {
    if report.warnings.is_empty() {
        return Vec::new();
    }
    let shown = report.warnings.iter().take(WARNINGS_SHOWN);
    let mut out = vec![
        Block::Heading {
            level: 2,
            text: "Warnings".into(),
            anchor: Some("warnings".into()),
        },
        Block::List(shown.map(|w| vec![Inline::Quote(w.clone())]).collect()),
    ];
    if report.warnings.len() > WARNINGS_SHOWN {
        out.push(Block::Paragraph(vec![
            text(format!(
                "… and {} more; all {} are in",
                report.warnings.len() - WARNINGS_SHOWN,
                report.warnings.len()
            )),
            Inline::Link {
                text: "warnings.txt".into(),
                href: "warnings.txt".into(),
            },
        ]));
    }
    out
}

/// Warnings listed in the report itself; `warnings.txt` has them all.
const WARNINGS_SHOWN: usize = 50;
