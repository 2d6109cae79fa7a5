//! `mizan lexicon`: the tools of the lexicon editor's loop (issue 5). `check` lints a
//! lexicon folder (and, with a corpus, how its terms meet it); `suggest` lists words and
//! phrases that set a group of documents apart and that no lexicon entry covers yet;
//! `import` and `export` convert from and to LIWC and quanteda dictionaries.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context, Result};
use clap::{ArgGroup, Args, Subcommand, ValueEnum};
use ndarray::Array2;
use rayon::prelude::*;

use super::inputs::InputArgs;
use crate::analysis::{self, suggest, Candidate, KeynessParams, KeynessResult};
use crate::corpus::{self, Corpus};
use crate::lexicon::{self, Format, Lexicon, Severity, TERM_COLUMNS};
use crate::matching::{FormsCache, Matcher, PatternSet};
use crate::overwrite::refuse_replacing_inputs;
use crate::report::{kwic, truncate};

/// Check, extend, import and export lexicon folders.
///
/// Examples: mizan lexicon check --corpus seeds  ·  mizan lexicon suggest --group outlet=218
#[derive(Debug, Args)]
pub struct LexiconArgs {
    #[command(subcommand)]
    pub command: LexiconCommand,
}

#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    Check(CheckArgs),
    Suggest(SuggestArgs),
    Import(ImportArgs),
    Export(ExportArgs),
}

pub fn run(args: LexiconArgs) -> Result<ExitCode> {
    match args.command {
        LexiconCommand::Check(args) => check(args),
        LexiconCommand::Suggest(args) => run_suggest(args),
        LexiconCommand::Import(args) => import(args),
        LexiconCommand::Export(args) => export(args),
    }
}

/// Lint a lexicon folder: every problem as file:line:col, then a summary.
///
/// Each message says what was found and what would be valid. Exits with 2 when there is an
/// error (mizan report refuses such a lexicon), 0 when there are only warnings.
///
/// Besides what loading checks (CSV, columns, numbers, empty and one-letter terms, missing
/// files, duplicates), it warns of wildcards of fewer than 3 letters, and of terms that are
/// also actor names where that changes what they count for: in a frame that follows actors
/// the term is always said of the actor it names; in a frame with a fixed target, a name of
/// the other side still counts for the target. A note in the actor's row naming the term's
/// frame ("also a term in gna_legitimate") marks such a term as intended.
///
/// With --corpus it also warns of terms that never match, terms that only match inside a
/// longer term (so never count), and wildcards that match more than --max-share of the
/// tokens, naming the forms they matched most.
///
/// Example: mizan lexicon check --corpus seeds --max-share 1%
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The lexicon folder to check.
    #[arg(long, default_value = "lexicons", value_name = "DIR")]
    pub lexicons: PathBuf,
    /// A corpus to check the terms against (as for mizan report).
    #[arg(long, value_name = "PATH")]
    pub corpus: Option<String>,
    /// Largest share of the corpus tokens a wildcard term may match, in percent.
    #[arg(long, default_value = "0.5", value_name = "PERCENT", value_parser = parse_percent)]
    pub max_share: f64,
}

/// A share given in percent ("0.5" or "0.5%"), as a fraction.
fn parse_percent(s: &str) -> Result<f64, String> {
    let number = s.trim().trim_end_matches('%');
    match number.parse::<f64>() {
        Ok(p) if p > 0.0 && p <= 100.0 => Ok(p / 100.0),
        _ => Err(format!(
            "'{s}' is not a percentage; give a number above 0 and at most 100, e.g. 0.5 or 0.5%"
        )),
    }
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let (lexicon, mut found) = match lexicon::load(&args.lexicons) {
        Ok((lexicon, warnings)) => (Some(lexicon), warnings),
        Err(diagnostics) => (None, diagnostics),
    };
    let mut scope = String::new();
    if let Some(lexicon) = &lexicon {
        found.extend(lexicon::lint(lexicon));
        scope = lexicon_scope(lexicon);
        if let Some(spec) = &args.corpus {
            let usage = lexicon::term_usage(lexicon, corpus_texts(spec)?);
            found.extend(usage.diagnostics(lexicon, args.max_share));
            scope.push_str(&format!(
                "; corpus {spec}: {} documents, {} tokens, in which {} of the {} terms never match",
                usage.documents,
                usage.tokens,
                usage.unmatched(),
                lexicon.terms.len()
            ));
        }
    }
    found.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    let errors = found
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let mut out = io::stdout().lock();
    for d in &found {
        writeln!(out, "{d}")?;
    }
    writeln!(
        out,
        "{}",
        check_summary(&args.lexicons, errors, found.len() - errors, &scope)
    )?;
    Ok(if errors > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn lexicon_scope(lexicon: &Lexicon) -> String {
    format!(
        "{} frames, {} terms, {} actor names",
        lexicon.frames.len(),
        lexicon.terms.len(),
        lexicon.actor_names.len()
    )
}

/// The corpus texts as a parallel stream; unreadable documents are reported and skipped.
fn corpus_texts(spec: &str) -> Result<impl ParallelIterator<Item = String>> {
    let items = corpus::open(spec)?.items()?;
    Ok(items.par_bridge().filter_map(|item| match item {
        Ok(document) => Some(document.text),
        Err(warning) => {
            crate::say!("mizan: warning: {warning}");
            None
        }
    }))
}

fn check_summary(dir: &Path, errors: usize, warnings: usize, scope: &str) -> String {
    let dir = dir.display();
    if errors > 0 {
        format!(
            "{dir}: {errors} error(s), {warnings} warning(s); mizan report refuses these lexicons until the errors are fixed (the checks against actor names and the corpus run once they load)"
        )
    } else if warnings > 0 {
        format!("{dir}: no error, {warnings} warning(s) ({scope})")
    } else {
        format!("{dir}: no problem found ({scope})")
    }
}

/// Suggest terms: words and two-word phrases that set a group of documents apart and that
/// no lexicon entry covers yet.
///
/// Candidates are ranked by log-likelihood G2 (3.84, 6.63 and 10.83 are the 5%, 1% and
/// 0.1% thresholds) with chi2 and the counts in each group, each with one example in
/// context. Words are normalised and counted without their proclitics (المرتزقة and
/// والمرتزقة are one word); tokens that a term, an actor name or a cue already matches,
/// and function words, are left out.
///
/// The group is one of: --frame F, the documents where frame F's weighted rate is above
/// the corpus median; --cluster C, the documents of cluster C as mizan report numbers them;
/// --group COLUMN=VALUE, the documents whose metadata column has that value.
///
/// Examples: mizan lexicon suggest --group outlet=218  ·  mizan lexicon suggest --frame
/// mercenaries_terrorists --csv > suggested.csv
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("target").required(true).args(["frame", "cluster", "group"])))]
pub struct SuggestArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Target the documents that use this frame more than the median document.
    #[arg(long, value_name = "FRAME")]
    pub frame: Option<String>,
    /// Target the documents of this cluster (numbered from 1, as in documents.csv).
    #[arg(long, value_name = "C")]
    pub cluster: Option<usize>,
    /// Target the documents whose metadata COLUMN equals VALUE (e.g. outlet=218).
    #[arg(long, value_name = "COLUMN=VALUE")]
    pub group: Option<String>,
    /// How many candidates to list.
    #[arg(long, default_value_t = 30, value_name = "N")]
    pub top: usize,
    /// Fewest occurrences in the target group for a candidate.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub min_count: u64,
    /// Seed of the clustering (as in mizan report).
    #[arg(long, default_value_t = 20200104)]
    pub seed: u64,
    /// Write `term,weight,note` rows, ready to paste into a frame file (the note holds G2,
    /// chi2 and the counts); the description of the group goes to standard error.
    #[arg(long)]
    pub csv: bool,
}

/// The documents a suggestion contrasts with the rest, and how they were chosen.
struct Target {
    members: Vec<bool>,
    /// What the members have in common, after "documents" ("whose outlet is '218'").
    criterion: String,
    /// What else the reader should know (the values a column takes), possibly empty.
    detail: String,
}

impl Target {
    fn size(&self) -> usize {
        self.members.iter().filter(|m| **m).count()
    }

    fn description(&self) -> String {
        let detail = if self.detail.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.detail)
        };
        format!(
            "the {} of {} documents {}{detail}",
            self.size(),
            self.members.len(),
            self.criterion
        )
    }
}

fn run_suggest(args: SuggestArgs) -> Result<ExitCode> {
    let params = KeynessParams::new(args.min_count, args.top).map_err(|e| anyhow!(e))?;
    let (lexicon, _) = args.input.lexicon()?;
    let corpus = args.input.corpus()?;
    let target = target_group(&args, &lexicon, &corpus)?;
    let texts: Vec<&str> = corpus.documents.iter().map(|d| d.text.as_str()).collect();
    let result = suggest(&texts, &target.members, &covered_by(&lexicon), params);
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.csv {
        crate::say!("mizan: target: {}", target.description());
        write_suggestions_csv(&mut out, &result, &corpus)?;
    } else {
        write_suggestions(&mut out, &result, &target, &corpus, args.min_count)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Every pattern of the lexicon folder: terms (exclusions too), actor names (and the
/// phrases that are not names) and cues.
fn covered_by(lexicon: &Lexicon) -> PatternSet {
    let terms = lexicon.terms.iter().map(|t| t.pattern.clone());
    let names = lexicon.actor_names.iter().map(|n| n.pattern.clone());
    let not_names = lexicon.not_names.iter().cloned();
    let cues = lexicon.cues.iter().map(|c| c.pattern.clone());
    PatternSet::new(terms.chain(names).chain(not_names).chain(cues))
}

fn target_group(args: &SuggestArgs, lexicon: &Lexicon, corpus: &Corpus) -> Result<Target> {
    let target = if let Some(spec) = &args.group {
        by_metadata(spec, corpus)?
    } else if let Some(frame) = &args.frame {
        by_frame(frame, lexicon, corpus)?
    } else {
        by_cluster(args.cluster.unwrap_or(0), args.seed, lexicon, corpus)?
    };
    let detail = if target.detail.is_empty() {
        String::new()
    } else {
        format!(" ({})", target.detail)
    };
    if target.size() == 0 {
        bail!(
            "the target group (documents {}) is empty{detail}; choose another group",
            target.criterion
        );
    }
    if target.size() == target.members.len() {
        bail!(
            "the target group (documents {}) is the whole corpus{detail}, so there is nothing to contrast it with; choose a smaller group",
            target.criterion
        );
    }
    Ok(target)
}

fn by_metadata(spec: &str, corpus: &Corpus) -> Result<Target> {
    let (column, value) = spec
        .split_once('=')
        .ok_or_else(|| anyhow!("--group takes COLUMN=VALUE (e.g. outlet=218), found '{spec}'"))?;
    let values: Vec<Option<&str>> = corpus
        .documents
        .iter()
        .map(|d| d.meta.get(column))
        .collect();
    if values.iter().all(Option::is_none) {
        bail!("no document has a metadata column '{column}'; the columns are title, outlet, date, url and those of metadata.csv");
    }
    Ok(Target {
        members: values.iter().map(|v| *v == Some(value)).collect(),
        criterion: format!("whose {column} is '{value}'"),
        detail: format!("values of {column}: {}", value_counts(&values)),
    })
}

/// "a 3, b 2, (none) 1": the values of a column with their counts, most frequent first.
fn value_counts(values: &[Option<&str>]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for v in values {
        let v = v.filter(|v| !v.is_empty()).unwrap_or("(none)");
        match counts.iter_mut().find(|(k, _)| *k == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let shown: Vec<String> = counts
        .iter()
        .take(12)
        .map(|(v, n)| format!("{v} {n}"))
        .collect();
    let more = if counts.len() > 12 { ", ..." } else { "" };
    format!("{}{more}", shown.join(", "))
}

fn by_frame(id: &str, lexicon: &Lexicon, corpus: &Corpus) -> Result<Target> {
    let frame = frame_index(lexicon, id)?;
    let rates = frame_rates(lexicon, corpus);
    let column: Vec<f64> = (0..rates.nrows()).map(|i| rates[[i, frame]]).collect();
    let median = median(&column);
    Ok(Target {
        members: column.iter().map(|r| *r > median).collect(),
        criterion: format!(
            "whose weighted rate of frame '{id}' is above the corpus median ({median:.2} per 1000 tokens)"
        ),
        detail: String::new(),
    })
}

fn frame_index(lexicon: &Lexicon, id: &str) -> Result<usize> {
    lexicon.frame_index(id).ok_or_else(|| {
        let ids: Vec<&str> = lexicon.frames.iter().map(|f| f.id.as_str()).collect();
        anyhow!(
            "no frame '{id}' in {}; frames are: {}",
            lexicon.dir.display(),
            ids.join(", ")
        )
    })
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// Weighted matches per 1000 tokens, documents x frames: the `per_1k` of `mizan report`'s
/// frames.csv, computed without the stance bootstrap that suggestions do not need.
fn frame_rates(lexicon: &Lexicon, corpus: &Corpus) -> Array2<f64> {
    let matcher = Matcher::new(lexicon);
    let rows: Vec<Vec<f64>> = corpus
        .documents
        .par_iter()
        .map_init(FormsCache::default, |cache, doc| {
            let analysed = matcher.analyse(&doc.text, cache);
            let mut row = vec![0.0; lexicon.frames.len()];
            for m in &analysed.matches {
                row[m.frame] += lexicon.terms[m.term].weight;
            }
            let tokens = analysed.tokens.max(1) as f64;
            row.iter_mut().for_each(|w| *w *= 1000.0 / tokens);
            row
        })
        .collect();
    Array2::from_shape_fn((rows.len(), lexicon.frames.len()), |(i, j)| rows[i][j])
}

fn by_cluster(cluster: usize, seed: u64, lexicon: &Lexicon, corpus: &Corpus) -> Result<Target> {
    let analysis = analysis::analyse(&frame_rates(lexicon, corpus), seed);
    let clustering = analysis
        .clustering
        .map_err(|why| anyhow!("cannot form clusters: {why}"))?;
    if cluster == 0 || cluster > clustering.k {
        bail!(
            "there is no cluster {cluster}: the corpus falls into {} clusters, numbered 1 to {} (with --seed {seed})",
            clustering.k,
            clustering.k
        );
    }
    Ok(Target {
        members: clustering.labels.iter().map(|l| l + 1 == cluster).collect(),
        criterion: format!("of cluster {cluster}"),
        detail: format!(
            "{} clusters, numbered as mizan report does with --seed {seed}",
            clustering.k
        ),
    })
}

/// Characters of context on each side of an example.
const WINDOW: usize = 40;

fn write_suggestions(
    out: &mut impl Write,
    result: &KeynessResult,
    target: &Target,
    corpus: &Corpus,
    min_count: u64,
) -> Result<()> {
    writeln!(
        out,
        "Target: {}; {} tokens. The rest: {} documents, {} tokens.",
        target.description(),
        result.target_tokens,
        target.members.len() - target.size(),
        result.rest_tokens
    )?;
    if result.candidates.is_empty() {
        writeln!(out, "No candidate: no word or phrase outside the lexicons occurs {min_count} times or more in the target group and more often there than in the rest; lower --min-count or choose a larger group.")?;
        return Ok(());
    }
    writeln!(out, "Words and phrases the lexicons do not cover, by log-likelihood G2 (3.84: p < 0.05, 6.63: p < 0.01, 10.83: p < 0.001):")?;
    for (rank, c) in result.candidates.iter().enumerate() {
        writeln!(
            out,
            "\n{:>3}. {}  G2 {:.2}  chi2 {:.2}  target {} in {} doc(s)  rest {} in {} doc(s)",
            rank + 1,
            c.term,
            c.keyness.g2,
            c.keyness.chi2,
            c.target,
            c.target_docs,
            c.rest,
            c.rest_docs
        )?;
        writeln!(out, "     {}", example(c, corpus))?;
    }
    Ok(())
}

/// "id: ...left [match] right...", the candidate's first occurrence in the target group.
fn example(c: &Candidate, corpus: &Corpus) -> String {
    let (doc, span) = &c.example;
    let document = &corpus.documents[*doc];
    let k = kwic(&document.text, span.clone(), WINDOW);
    format!("{}: …{}…", truncate(&document.id, 24), k.marked())
}

fn write_suggestions_csv(
    out: &mut impl Write,
    result: &KeynessResult,
    corpus: &Corpus,
) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(TERM_COLUMNS)?;
    for c in &result.candidates {
        let id = &corpus.documents[c.example.0].id;
        let note = format!(
            "suggested: G2 {:.2}, chi2 {:.2}; {} in {} target doc(s), {} in {} other(s); e.g. {id}",
            c.keyness.g2, c.keyness.chi2, c.target, c.target_docs, c.rest, c.rest_docs
        );
        w.write_record([c.term.as_str(), "1", "", note.as_str()])?;
    }
    w.flush()?;
    Ok(())
}

/// The dictionary formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DictFormat {
    /// LIWC .dic: a % header of numbered categories, then word<TAB>categories.
    Liwc,
    /// quanteda YAML: category keys (nested allowed) with lists of glob patterns.
    Yaml,
}

impl From<DictFormat> for Format {
    fn from(f: DictFormat) -> Format {
        match f {
            DictFormat::Liwc => Format::Liwc,
            DictFormat::Yaml => Format::Yaml,
        }
    }
}

/// Import a LIWC .dic or quanteda YAML dictionary as a new lexicon folder.
///
/// Writes frames.csv with one frame per category (ids made from the category names) and
/// one CSV per frame.
/// LIWC's * at the end of a word is mizan's *; note that every mizan word also tolerates
/// Arabic clitics and suffixes. Patterns mizan cannot express (? globs, * inside a word,
/// LIWC's conditional categories) are listed and left out. Frames unknown to --frames-from
/// get polarity 0 and target turkey: set them in frames.csv. Never overwrites a folder.
///
/// Example: mizan lexicon import dict.dic --out my-lexicons --frames-from lexicons
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The dictionary: .dic (LIWC) or .yml/.yaml (quanteda).
    pub file: PathBuf,
    /// The lexicon folder to create (must not exist, or be empty). Default: lexicons-NAME
    /// after the dictionary's file name.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The dictionary's format, when its extension does not say.
    #[arg(long, value_enum)]
    pub format: Option<DictFormat>,
    /// A lexicon folder whose frames (same ids) give labels, polarity, target and attach,
    /// and whose actors.csv, cues.csv and voices.csv are copied.
    #[arg(long, value_name = "DIR")]
    pub frames_from: Option<PathBuf>,
}

fn import(args: ImportArgs) -> Result<ExitCode> {
    let known = match &args.frames_from {
        Some(dir) => Some(load_quietly(dir)?),
        None => None,
    };
    let (dictionary, problems) =
        lexicon::read_dictionary(&args.file, args.format.map(Format::from))?;
    for p in &problems {
        crate::say!("mizan: {p}");
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_import_dir(&args.file));
    let imported = lexicon::write_folder(&dictionary, &args.file, known.as_ref(), &out)?;
    let terms: usize = imported.frames.iter().map(|(_, n, _)| n).sum();
    let left_out = problems
        .iter()
        .filter(|p| p.message.contains("left out"))
        .count();
    crate::say!(
        "mizan: wrote {} frame(s) with {terms} term(s) to {} ({left_out} pattern(s) left out); {}",
        imported.frames.len(),
        out.display(),
        polarity_note(&imported, &out)
    );
    verify_written(&out)
}

/// Which frames still need their polarity set by hand.
fn polarity_note(imported: &lexicon::Imported, out: &Path) -> String {
    let unknown: Vec<&str> = imported
        .frames
        .iter()
        .filter(|(_, _, known)| !known)
        .map(|(id, _, _)| id.as_str())
        .collect();
    let frames_csv = out.join("frames.csv");
    match unknown.len() {
        0 => "every frame took its labels, polarity and target from --frames-from".to_string(),
        n if n == imported.frames.len() => format!(
            "every frame has polarity 0 and target turkey for now: set them in {}",
            frames_csv.display()
        ),
        _ => format!(
            "{} have polarity 0 and target turkey for now: set them in {}",
            unknown.join(", "),
            frames_csv.display()
        ),
    }
}

fn default_import_dir(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map_or_else(|| "import".into(), |s| s.to_string_lossy());
    PathBuf::from(format!("lexicons-{stem}"))
}

/// Loads the folder just written, as mizan report would, and shows what it says.
fn verify_written(out: &Path) -> Result<ExitCode> {
    match lexicon::load(out) {
        Ok((_, warnings)) => {
            for w in &warnings {
                crate::say!("mizan: {w}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(diagnostics) => {
            for d in &diagnostics {
                crate::say!("mizan: {d}");
            }
            crate::say!(
                "mizan: error: the imported lexicon does not load; fix the errors above in {}",
                out.display()
            );
            Ok(ExitCode::from(2))
        }
    }
}

/// A lexicon that must load, its diagnostics printed only when it does not.
fn load_quietly(dir: &Path) -> Result<Lexicon> {
    lexicon::load(dir)
        .map(|(lexicon, _)| lexicon)
        .map_err(|diagnostics| {
            for d in &diagnostics {
                crate::say!("mizan: {d}");
            }
            anyhow!(
                "the lexicons in {} have errors; mizan lexicon check {} lists them",
                dir.display(),
                dir.display()
            )
        })
}

/// Export a lexicon folder as a LIWC .dic or quanteda YAML dictionary.
///
/// One category per frame, in frames.csv order. What the format cannot hold is named on standard error (and, in YAML, in comment
/// lines): weights, exclusions (weight 0, left out), exact forms (= is dropped), polarities,
/// actors and cues.
///
/// Example: mizan lexicon export --format yaml --out lexicons.yml
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The dictionary format to write.
    #[arg(long, value_enum)]
    pub format: DictFormat,
    /// The lexicon folder to export.
    #[arg(long, default_value = "lexicons", value_name = "DIR")]
    pub lexicons: PathBuf,
    /// Where to write: a file, or - for standard output.
    #[arg(long, default_value = "-", value_name = "FILE")]
    pub out: String,
}

fn export(args: ExportArgs) -> Result<ExitCode> {
    let lexicon = load_quietly(&args.lexicons)?;
    if args.out != "-" {
        let inputs: Vec<PathBuf> = lexicon.paths().collect();
        refuse_replacing_inputs(
            Path::new(&args.out),
            &inputs,
            "the dictionary to another file",
        )?;
    }
    let exported = lexicon::export(&lexicon, args.format.into());
    for note in &exported.notes {
        crate::say!("mizan: note: {note}");
    }
    if args.out == "-" {
        io::stdout().lock().write_all(exported.text.as_bytes())?;
    } else {
        fs::write(&args.out, &exported.text)
            .with_context(|| format!("cannot write {}", args.out))?;
        crate::say!(
            "mizan: wrote {} frame(s) to {}",
            lexicon.frames.len(),
            args.out
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_read_with_or_without_the_sign() {
        assert_eq!(parse_percent("0.5"), Ok(0.005));
        assert_eq!(parse_percent("2%"), Ok(0.02));
        assert!(parse_percent("0").is_err());
        assert!(parse_percent("abc").is_err());
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
    }

    #[test]
    fn value_counts_list_the_most_frequent_first() {
        let values = [Some("b"), Some("a"), Some("b"), None, Some("")];
        assert_eq!(value_counts(&values), "(none) 2, b 2, a 1");
    }
}
