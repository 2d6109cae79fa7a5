//! Small synthetic reports for the charts' tests: Arabic sentences scored with the
//! project's own lexicons, so that a chart's `data()` sees real matches.

use std::path::Path;

use ndarray::Array2;

use crate::analysis::{self, Group, Grouping};
use crate::corpus::{Document, Ids, Metadata};
use crate::features::StanceParams;
use crate::matching::{FormsCache, Matcher};
use crate::pipeline::score;
use crate::report::{Documents, Report, RunInfo};

/// The analysis' seed.
const SEED: u64 = 7;

/// Calls Turkey's fighters mercenaries and its deployment an invasion.
pub const HOSTILE: &str = "أرسل النظام التركي مرتزقة سوريين إلى ليبيا. \
    وصف المراقبون الغزو التركي بأنه احتلال. وقالت الصحيفة إن الوضع هادئ في المدينة.";
/// Calls Haftar's forces militias and the Tripoli government legitimate.
pub const SYMPATHETIC: &str = "قالت الصحيفة إن الوضع هادئ في المدينة. \
    دعمت تركيا الحكومة الشرعية في طرابلس. وهاجمت ميليشيات حفتر العاصمة.";
/// Words no lexicon term matches.
pub const PLAIN: &str = "قالت الصحيفة إن الطقس معتدل في المدينة اليوم.";

/// A report on `texts` (id, outlet, text), scored and analysed as `mizan report` does;
/// with `by_outlet`, grouped by outlet.
pub fn report(texts: &[(String, String, &str)], by_outlet: bool) -> Report {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
    let (lexicon, _) = crate::lexicon::load(&dir).expect("the project's lexicons load");
    let documents: Vec<Document> = texts
        .iter()
        .map(|(id, outlet, text)| Document {
            id: id.clone(),
            text: text.to_string(),
            meta: Metadata {
                outlet: outlet.clone(),
                ..Metadata::default()
            },
            ..Document::default()
        })
        .collect();
    let params = StanceParams::default();
    let matcher = Matcher::new(&lexicon);
    let mut cache = FormsCache::default();
    let scored: Vec<_> = documents
        .into_iter()
        .map(|d| score(&matcher, &params, d, &mut cache))
        .collect();
    let rates = Array2::from_shape_fn((scored.len(), lexicon.frames.len()), |(i, j)| {
        scored[i].features.frames[j].per_1k
    });
    let mut documents = Documents::new(lexicon.frames.len(), "outlet");
    let mut ids = Ids::default();
    for d in scored {
        ids.push(&d.document.id);
        documents.push(d).expect("the temporary file is writable");
    }
    documents.set_ids(ids);
    let analysis = analysis::analyse(&rates, SEED);
    let grouping = by_outlet.then(|| outlets(texts));
    Report {
        lexicon,
        documents,
        analysis,
        grouping,
        validation: None,
        warnings: Vec::new(),
        run: run_info(params),
        heads_unique: Default::default(),
    }
}

/// `n` documents: hostile, sympathetic and plain in turn, outlets "a" and "b" in turn.
pub fn corpus(n: usize) -> Vec<(String, String, &'static str)> {
    (0..n)
        .map(|i| {
            let text = [HOSTILE, SYMPATHETIC, PLAIN][i % 3];
            let outlet = ["a", "b"][i % 2];
            (format!("{i:03}"), outlet.to_string(), text)
        })
        .collect()
}

fn outlets(texts: &[(String, String, &str)]) -> Grouping {
    let mut names: Vec<&String> = texts.iter().map(|t| &t.1).collect();
    names.sort();
    names.dedup();
    let members = |name: &String| (0..texts.len()).filter(|&i| &texts[i].1 == name).collect();
    Grouping {
        column: "outlet".to_string(),
        groups: names.into_iter().map(|n| group(n, members(n))).collect(),
        timeline: Vec::new(),
    }
}

/// A group of `members` named `name`, without statistics (charts read its name and size).
pub fn group(name: &str, members: Vec<usize>) -> Group {
    Group {
        name: name.to_string(),
        members,
        mean: 0.0,
        low: 0.0,
        high: 0.0,
        profile: Vec::new(),
        clusters: Vec::new(),
    }
}

fn run_info(stance: StanceParams) -> RunInfo {
    RunInfo {
        tool: "mizan",
        version: "test",
        command: Vec::new(),
        corpus: String::new(),
        corpus_files: Vec::new(),
        lexicons: "lexicons".into(),
        lexicon_files: Vec::new(),
        stance,
        seed: SEED,
        settings: Default::default(),
        gold: None,
        has_text: true,
    }
}
