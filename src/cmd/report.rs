//! `mizan report`: the whole pipeline, from a corpus to a report folder.

use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Args;

use super::inputs::{InputArgs, StanceArgs, WarningPrinter};
use crate::analysis::{
    self, Analysis, GroupInput, GroupInputs, Grouping, Labels, Rates, Validation,
};
use crate::corpus::{self, CorpusError, Document, IdSet, Screen, Source, Warning};
use crate::features::{read_rows, ReadRows, StanceParams, ROW_METADATA};
use crate::fingerprint::sha256_file;
use crate::lexicon::Lexicon;
use crate::matching::Matcher;
use crate::pipeline::{score_batches, ScoredDocument};
use crate::report::{Doc, Documents, Report, ReportFolder, RunInfo, Settings, WriteOptions};

/// Analyse a corpus and write a report: documents.csv, frames.csv, matches.csv, PNG
/// charts, report.md, index.html and run.json.
///
/// Example: mizan report --corpus my-articles/ --out reports/my-run
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The report folder (written atomically; a previous mizan report there is replaced).
    #[arg(long, default_value = "reports/latest", value_name = "DIR")]
    pub out: PathBuf,
    /// Replace --out even if it holds files that are not a mizan report.
    #[arg(long)]
    pub force: bool,
    /// Write every chart as SVG too (charts/*.svg), for print and for editing.
    #[arg(long)]
    pub svg: bool,
    #[command(flatten)]
    pub stance: StanceArgs,
    /// Compare groups of documents by this metadata column (default: outlet, when the
    /// documents name at least two outlets).
    #[arg(long, value_name = "COLUMN")]
    pub group_by: Option<String>,
    /// A hand coding to validate against: a CSV with id and stance columns (any numeric
    /// scale, e.g. seeds/annotations.csv from -2 to +2).
    #[arg(long, value_name = "FILE")]
    pub gold: Option<PathBuf>,
    /// Build the report from `mizan score` rows (CSV or JSONL; - for standard input)
    /// instead of a corpus; sections that need the articles' text say so.
    #[arg(long, value_name = "FILE", conflicts_with = "corpus")]
    pub features: Option<PathBuf>,
    /// The gold value that means neutral (0 on a -2..+2 scale, 3 on a 1-5 scale).
    #[arg(long, default_value_t = 0.0, value_name = "X")]
    pub gold_neutral: f64,
}

/// What went wrong when the documents' table fields could not be kept on disk.
const SPILL_ERROR: &str =
    "cannot write a temporary file for the documents' table (is the temporary folder, TMPDIR, writable and not full?)";

/// How feature rows read from `--features -` are named in messages and the report.
const STDIN: &str = "standard input";

/// The column documents are grouped by without --group-by (when they name two outlets).
const OUTLET: &str = "outlet";

/// |stance| below which mizan counts a document as neutral when comparing directions.
const NEUTRAL_BAND: f64 = 0.15;

pub fn run(args: ReportArgs) -> Result<ExitCode> {
    let mut params = args.stance.params()?;
    // An infinite neutral value has no documents on one side to compare, and NaN none on
    // either.
    if !args.gold_neutral.is_finite() {
        bail!(
            "--gold-neutral must be a finite number on the coding's scale, found {}",
            args.gold_neutral
        );
    }
    let (lexicon, lexicon_warnings) = args.input.lexicon()?;
    let mut warnings: Vec<String> = lexicon_warnings.iter().map(ToString::to_string).collect();
    // Read before the corpus is scored, so that a bad gold file fails at once.
    let gold = match &args.gold {
        Some(path) => {
            let (gold, uncoded) = analysis::read_gold(path)?;
            print_warnings(&uncoded);
            warnings.extend(uncoded);
            Some(gold)
        }
        None => None,
    };
    let input = match &args.features {
        Some(path) => path.clone(),
        None => PathBuf::from(&args.input.corpus),
    };
    let options = WriteOptions {
        force: args.force,
        svg: args.svg,
    };
    let inputs: Vec<PathBuf> = [input, lexicon.dir.clone()]
        .into_iter()
        .chain(args.gold.clone())
        .collect();
    if let (Some(rows), Some(column)) = (&args.features, args.group_by.as_deref()) {
        if !ROW_METADATA.contains(&column) {
            bail!(
                "--group-by {column}: the rows in {} carry the metadata columns {} only, as mizan score writes them; group by one of those, or build the report from the corpus (--corpus) to group by metadata.csv's own columns",
                rows_origin(rows),
                ROW_METADATA.join(", ")
            );
        }
    }
    let mut folder = ReportFolder::create(&args.out, options, &inputs)?;
    let store = Documents::new(
        lexicon.frames.len(),
        args.group_by.as_deref().unwrap_or(OUTLET),
    );
    let ScoredCorpus {
        documents,
        origin: corpus,
        files: corpus_files,
    } = match &args.features {
        Some(path) => {
            let (documents, prior) = from_features(path, &lexicon, store, &mut warnings)?;
            if let Some(prior) = prior.filter(|&p| p != params.prior()) {
                let message = format!(
                    "{}: the rows were scored with --prior {prior}; the report uses it, not --prior {}, so that the arithmetic it shows for their stances adds up",
                    rows_origin(path),
                    params.prior()
                );
                print_warnings(std::slice::from_ref(&message));
                warnings.push(message);
                params = params
                    .with_prior(prior)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", rows_origin(path)))?;
            }
            ScoredCorpus {
                documents,
                origin: rows_origin(path),
                files: Vec::new(),
            }
        }
        None => score_corpus(
            &args.input.corpus,
            &lexicon,
            &params,
            &mut folder,
            store,
            &mut warnings,
        )?,
    };
    let rates = FrameRates {
        documents: &documents,
        frames: lexicon.frames.len(),
    };
    let analysis = analysis::analyse(&rates, args.stance.seed);
    let grouping = grouping(
        args.group_by.as_deref(),
        &rates,
        &analysis,
        args.stance.seed,
    )?;
    let validation = match (&args.gold, gold) {
        (Some(path), Some(gold)) => Some(validation(
            path,
            &gold,
            &documents,
            args.gold_neutral,
            &mut warnings,
        )?),
        _ => None,
    };
    let run = RunInfo {
        tool: "mizan",
        version: env!("CARGO_PKG_VERSION"),
        command: std::env::args().skip(1).collect(),
        corpus,
        corpus_files,
        lexicons: lexicon.dir.clone(),
        lexicon_files: lexicon.files.clone(),
        stance: params,
        seed: args.stance.seed,
        settings: Settings::of(&lexicon),
        gold: args
            .gold
            .as_ref()
            .map(|p| (p.clone(), sha256_file(p).unwrap_or_default())),
        has_text: args.features.is_none(),
    };
    let report = Report {
        lexicon,
        documents,
        analysis,
        grouping,
        validation,
        warnings,
        run,
        heads_unique: Default::default(),
    };
    folder.finish(&report)?;
    crate::say!(
        "mizan: {} document(s) analysed; report written to {}",
        report.documents.len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The documents of the corpus, scored as they stream in (into the empty `documents`)
/// and sorted by id: each document's matches go to matches.csv while its text is at
/// hand, and only the texts of the documents the report may describe one by one are kept.
fn score_corpus(
    spec: &str,
    lexicon: &Lexicon,
    params: &StanceParams,
    folder: &mut ReportFolder,
    documents: Documents,
    warnings: &mut Vec<String>,
) -> Result<ScoredCorpus> {
    let source = corpus::open(spec)?;
    let origin = source.origin();
    let inputs = source.files();
    std::thread::scope(|scope| {
        // The input files' SHA-256 for run.json, read while the corpus is scored: on
        // 870 MB it is some six seconds of one core, which the report used to wait for.
        let hashing = scope.spawn(|| corpus::fingerprints(inputs));
        let documents = stream_documents(
            source, &origin, lexicon, params, folder, documents, warnings,
        )?;
        Ok(ScoredCorpus {
            documents,
            origin,
            files: hashing.join().unwrap_or_default(),
        })
    })
}

/// Scores the documents of `source` into `documents`, as [`score_corpus`] says.
fn stream_documents(
    source: Source,
    origin: &str,
    lexicon: &Lexicon,
    params: &StanceParams,
    folder: &mut ReportFolder,
    mut documents: Documents,
    warnings: &mut Vec<String>,
) -> Result<Documents> {
    let matcher = Matcher::new(lexicon);
    let mut spool = folder.stream_matches()?;
    let mut corpus_warnings: Vec<Warning> = Vec::new();
    let mut kept_warnings: Vec<Warning> = Vec::new();
    let mut screen = Screen::default();
    score_batches(
        &matcher,
        params,
        source.items()?,
        &mut screen,
        |batch, kept| {
            kept_warnings.extend(kept);
            for scored in batch {
                match scored {
                    Ok(doc) => {
                        spool.write(lexicon, &doc)?;
                        documents.push(doc).context(SPILL_ERROR)?;
                    }
                    Err(warning) => corpus_warnings.push(warning),
                }
            }
            Ok(())
        },
    )?;
    // Every document the screen accepted was scored and pushed, in order.
    documents.set_ids(screen.into_ids());
    corpus_warnings.extend(kept_warnings);
    print_warnings(&corpus_warnings);
    if documents.is_empty() {
        return Err(CorpusError::Empty {
            origin: origin.to_string(),
            warnings: corpus_warnings,
        }
        .into());
    }
    warnings.extend(corpus_warnings.iter().map(ToString::to_string));
    documents.sort_by_id();
    spool.finish(documents.input_places())?;
    Ok(documents)
}

/// A corpus scored for a report, with what `run.json` says of its input.
struct ScoredCorpus {
    documents: Documents,
    origin: String,
    files: Vec<(PathBuf, String)>,
}

fn print_warnings(warnings: impl IntoIterator<Item = impl ToString>) {
    let mut printer = WarningPrinter::default();
    for w in warnings {
        printer.print(&w.to_string());
    }
    printer.finish("warnings.txt in the report folder");
}

/// The documents' frame rates per 1000 tokens, read in place rather than copied into a
/// documents x frames matrix.
struct FrameRates<'d> {
    documents: &'d Documents,
    frames: usize,
}

impl Rates for FrameRates<'_> {
    fn documents(&self) -> usize {
        self.documents.len()
    }

    fn frames(&self) -> usize {
        self.frames
    }

    fn rate(&self, document: usize, frame: usize) -> f64 {
        self.documents.get(document).frame(frame).per_1k
    }
}

/// Documents rebuilt from `mizan score` rows (into the empty `documents`): features
/// without text or matches; and the prior the rows were scored with, if they name one.
fn from_features(
    path: &Path,
    lexicon: &Lexicon,
    mut documents: Documents,
    warnings: &mut Vec<String>,
) -> Result<(Documents, Option<f64>)> {
    let origin = rows_origin(path);
    let first_warning = warnings.len();
    let ReadRows { rows, prior } = match path.as_os_str() == "-" {
        // As with --corpus -: `mizan score ... | mizan report --features -`.
        true => read_rows(io::stdin().lock(), &origin, lexicon, warnings)?,
        false => {
            let file = File::open(path)
                .with_context(|| format!("cannot read the feature rows {origin}"))?;
            read_rows(BufReader::new(file), &origin, lexicon, warnings)?
        }
    };
    let mut seen = IdSet::default();
    for (line, row) in rows {
        if row.features.is_some() && !seen.insert(&row.id) {
            warnings.push(format!(
                "{origin}:{line}: document {}: a second row with this id; the first is kept",
                row.id
            ));
            continue;
        }
        if row.features.is_some() && !row.warning.is_empty() {
            warnings.push(format!("document {}: {}", row.id, row.warning));
        }
        match row.features {
            Some(features) => {
                let document = Document {
                    id: row.id,
                    meta: row.meta,
                    encoding: encoding_rs::Encoding::for_label(row.encoding.as_bytes())
                        .map_or("", |e| e.name()),
                    ..Document::default()
                };
                documents
                    .push(ScoredDocument {
                        document,
                        matched: Default::default(),
                        features,
                    })
                    .context(SPILL_ERROR)?;
            }
            None => {
                let document = match row.id.is_empty() {
                    true => String::new(),
                    false => format!(" (document {})", row.id),
                };
                let why = match row.warning.is_empty() {
                    true => "a row that was not scored, with no reason given",
                    false => row.warning.as_str(),
                };
                warnings.push(format!("{origin}:{line}{document}: {why}"));
            }
        }
    }
    print_warnings(&warnings[first_warning..]);
    documents.set_ids(seen.into_ids());
    documents.sort_by_id();
    if documents.is_empty() {
        bail!("{origin} holds no scored document");
    }
    Ok((documents, prior))
}

/// The feature rows' file as messages and the report name it.
fn rows_origin(path: &Path) -> String {
    match path.as_os_str() == "-" {
        true => STDIN.to_string(),
        false => path.display().to_string(),
    }
}

/// A document's value in a metadata column ("" when it has none).
fn value<'d>(document: &Doc<'d>, column: &str) -> &'d str {
    document.meta().get(column).unwrap_or("")
}

/// Groups the documents by `column`, or by outlet when there are several outlets.
fn grouping(
    column: Option<&str>,
    rates: &FrameRates,
    analysis: &Analysis,
    seed: u64,
) -> Result<Option<Grouping>> {
    let documents = rates.documents;
    let column = match column {
        Some(c) => {
            if documents.iter().all(|d| value(&d, c).is_empty()) {
                let columns: BTreeSet<&str> =
                    documents.iter().flat_map(|d| d.meta().columns()).collect();
                let known = if columns.is_empty() {
                    "the documents have no metadata".to_string()
                } else {
                    let names: Vec<&str> = columns.into_iter().collect();
                    format!("columns with values: {}", names.join(", "))
                };
                let hint = documents
                    .iter()
                    .flat_map(|d| d.meta().columns())
                    .find(|known| known.eq_ignore_ascii_case(c) && *known != c)
                    .map_or(String::new(), |known| format!(" (did you mean '{known}'?)"));
                bail!("no document has a value in the column '{c}'{hint} ({known}); --group-by takes a metadata column such as outlet, date or one of metadata.csv's own");
            }
            c
        }
        None => {
            let outlets: BTreeSet<&str> = documents
                .iter()
                .map(|d| value(&d, OUTLET))
                .filter(|o| !o.is_empty())
                .collect();
            if outlets.len() < 2 {
                return Ok(None);
            }
            OUTLET
        }
    };
    let labels = analysis.clustering.as_ref().ok().map(|c| (&c.labels, c.k));
    let inputs = ReportGroupInputs {
        documents,
        column,
        labels: labels.map(|(l, _)| l),
    };
    Ok(Some(analysis::group(
        column,
        &inputs,
        rates,
        labels.map_or(0, |(_, k)| k),
        seed,
    )))
}

/// The report's documents as grouping reads them.
struct ReportGroupInputs<'d> {
    documents: &'d Documents,
    column: &'d str,
    labels: Option<&'d Labels>,
}

impl GroupInputs for ReportGroupInputs<'_> {
    fn documents(&self) -> usize {
        self.documents.len()
    }

    fn input(&self, i: usize) -> GroupInput<'_> {
        let d = self.documents.get(i);
        GroupInput {
            key: value(&d, self.column),
            month: d.meta().month(),
            stance: d.score(),
            cluster: self.labels.map(|l| l.get(i)),
        }
    }

    /// Read back from the store's temporary file: should that fail, the document counts
    /// as exactly known, which narrows its group's interval rather than stopping the report.
    fn interval(&self, i: usize) -> (f64, f64) {
        let d = self.documents.get(i);
        d.stance()
            .map_or((d.score(), d.score()), |s| (s.low, s.high))
    }
}

/// The comparison with the hand coding in `path`. Coded ids that match no document are
/// a warning; when none matches there is nothing to compare, and a validation section of
/// zero documents would read as a result, so that is an error.
fn validation(
    path: &Path,
    gold: &HashMap<String, f64>,
    documents: &Documents,
    gold_neutral: f64,
    warnings: &mut Vec<String>,
) -> Result<Validation> {
    let ids: Vec<&str> = documents.iter().map(|d| d.id()).collect();
    let scores: Vec<f64> = documents.iter().map(|d| d.score()).collect();
    let validation = analysis::validate(&ids, &scores, gold, gold_neutral, NEUTRAL_BAND);
    let note = analysis::unknown_ids_note(&validation.unknown_ids, &ids);
    let unknown = validation.unknown_ids.len();
    if validation.pairs.is_empty() {
        bail!(
            "no id coded in {} is a document of the corpus, so there is nothing to validate ({})",
            path.display(),
            note.unwrap_or_else(|| "the file codes no document: every stance is empty".into())
        );
    }
    let unknown_note = note.map(|note| format!(
        "{unknown} coded id(s) match no document of the corpus and are left out of the validation: {note}"
    ));
    for note in unknown_note
        .into_iter()
        .chain(analysis::one_sided_note(&validation))
    {
        let warning = format!("{}: {note}", path.display());
        print_warnings([&warning]);
        warnings.push(warning);
    }
    Ok(validation)
}
