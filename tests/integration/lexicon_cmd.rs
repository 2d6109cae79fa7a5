//! `mizan lexicon check | suggest | import | export` end to end (issue 5): the shipped
//! lexicons pass, broken ones give exact positions and exit 2, suggestions are new terms
//! with evidence, and dictionaries survive a round trip.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::Path;

use mizan::lexicon::{self, Pattern};
use mizan::matching::{find_in_text, FormsCache, PatternSet};

use crate::util::{read_csv, Sandbox};

/// The number of the line a row appended to `file` will have.
fn next_line(file: &Path) -> usize {
    fs::read_to_string(file).unwrap().lines().count() + 1
}

fn append(file: &Path, rows: &str) {
    let mut text = fs::read_to_string(file).unwrap();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    fs::write(file, text + rows).unwrap();
}

/// A lexicon CSV file without its comment lines, read into header-keyed rows.
fn read_lexicon_csv(
    sandbox: &Sandbox,
    path: &Path,
) -> Vec<std::collections::HashMap<String, String>> {
    let text = fs::read_to_string(path).unwrap();
    let data: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    read_csv(&sandbox.write("uncommented.csv", data.join("\n")))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn check_passes_the_shipped_lexicons() {
    let sandbox = Sandbox::new();
    let out = sandbox.mizan(&["lexicon", "check"]).ok();
    assert!(!out.contains(": error:"), "{out}");
    let summary = out.lines().last().unwrap();
    assert!(summary.starts_with("lexicons: no "), "{summary}");
    assert!(summary.contains("22 frames"), "{summary}");
}

#[test]
fn check_reports_each_error_at_its_line_and_column_and_exits_2() {
    let sandbox = Sandbox::new();
    let dir = sandbox.copy_lexicons("lx");
    let frames = dir.join("frames.csv");
    let text = fs::read_to_string(&frames).unwrap();
    let (line, row) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("neo_ottoman,"))
        .unwrap();
    fs::write(
        &frames,
        text.replace(row, &row.replacen(",-1,", ",hostile,", 1)),
    )
    .unwrap();
    let polarity_col = row[..row.find(",-1,").unwrap()].chars().count() + 2;
    let invasion = dir.join("invasion_occupation.csv");
    let weight_line = next_line(&invasion);
    // The second row has two problems, and both are reported.
    append(&invasion, "غزو جديد,11,,\n\u{064E}\u{0650},x,,\n");
    fs::write(dir.join("war_crimes.csv"), "term,wieght\nمجزرة,1\n").unwrap();
    fs::remove_file(dir.join("greed_resources.csv")).unwrap();
    // An actor row and a cue row with three problems each, all reported.
    let (actors, cues) = (dir.join("actors.csv"), dir.join("cues.csv"));
    let (actor_line, cue_line) = (next_line(&actors), next_line(&cues));
    append(&actors, "Bad Id,2,*\n");
    append(&cues, "*,sometimes,everywhere\n");

    let run = sandbox.mizan(&["lexicon", "check", "--lexicons", s(&dir)]);
    assert_eq!(run.code(), 2, "{}", run.stdout());
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
    let out = run.stdout();
    let d = s(&dir);
    for expected in [
        format!(
            "{d}/frames.csv:{}:{polarity_col}: error: polarity must be a number between -1 and 1, found 'hostile'",
            line + 1
        ),
        format!("{d}/invasion_occupation.csv:{weight_line}:"),
        format!("{d}/invasion_occupation.csv:{}:1: error:", weight_line + 1),
        format!(
            "{d}/invasion_occupation.csv:{}:4: error: weight must be a number between 0 and 10, found 'x'",
            weight_line + 1
        ),
        format!("{d}/war_crimes.csv:1:6: error: unknown column 'wieght'"),
        format!("{d}/actors.csv:{actor_line}:1: error: actor id 'Bad Id' is not valid"),
        format!("{d}/actors.csv:{actor_line}:8: error: side must be a number"),
        format!("{d}/actors.csv:{actor_line}:10: error: '*' has no letters"),
        format!("{d}/cues.csv:{cue_line}:1: error: '*' has no letters"),
        format!("{d}/cues.csv:{cue_line}:3: error: kind must be"),
        format!("{d}/cues.csv:{cue_line}:13: error: scope must be"),
        format!("{d}/frames.csv:"),
    ] {
        assert!(out.contains(&expected), "missing «{expected}» in:\n{out}");
    }
    assert!(out.contains("greed_resources.csv"), "{out}");
    let weight = out
        .lines()
        .find(|l| l.starts_with(&format!("{d}/invasion_occupation.csv:{weight_line}:")))
        .unwrap();
    assert!(
        weight.contains("weight must be a number between 0 and 10, found '11'"),
        "{weight}"
    );
    let summary = out.lines().last().unwrap();
    assert!(summary.contains("12 error(s)"), "{summary}");
    assert!(summary.contains("mizan report refuses"), "{summary}");
}

#[test]
fn report_refuses_what_check_calls_an_error() {
    let sandbox = Sandbox::new();
    let dir = sandbox.copy_lexicons("lx");
    fs::write(dir.join("war_crimes.csv"), "term,wieght\nمجزرة,1\n").unwrap();
    let check = sandbox.mizan(&["lexicon", "check", "--lexicons", s(&dir)]);
    assert_eq!(check.code(), 2);
    let out = sandbox.path("r");
    let err = sandbox
        .mizan(&["report", "--lexicons", s(&dir), "--out", s(&out)])
        .fails();
    let line = format!(
        "{}/war_crimes.csv:1:6: error: unknown column 'wieght'",
        s(&dir)
    );
    assert!(check.stdout().contains(&line), "{}", check.stdout());
    assert!(err.contains(&line), "{err}");
}

#[test]
fn check_warns_of_short_wildcards_and_terms_that_are_actor_names() {
    let sandbox = Sandbox::new();
    let dir = sandbox.copy_lexicons("lx");
    let militias = dir.join("militias.csv");
    let line = next_line(&militias);
    append(&militias, "مر*,1,,\nحفتر,1,,\nمرتزقة ب*,1,,\n");
    let out = sandbox
        .mizan(&["lexicon", "check", "--lexicons", s(&dir)])
        .ok();
    let m = s(&militias);
    let short =
        format!("{m}:{line}:1: warning: the wildcard 'مر*' keeps only 2 letter(s) before *");
    assert!(out.contains(&short), "{out}");
    let inner = format!(
        "{m}:{}:8: warning: the wildcard 'ب*' keeps only 1 letter(s)",
        line + 2
    );
    assert!(out.contains(&inner), "{out}");
    let actor = format!(
        "{m}:{}:1: warning: 'حفتر' in frame 'militias' matches the same words as the name 'حفتر' ({}/actors.csv:",
        line + 1,
        s(&dir)
    );
    assert!(out.contains(&actor), "{out}");
    assert!(out.contains("said of 'haftar' (side -1)"), "{out}");
    assert!(out.lines().last().unwrap().contains("no error"), "{out}");
}

#[test]
fn check_names_the_frame_whose_copy_of_a_repeated_term_counts() {
    let sandbox = Sandbox::new();
    let dir = sandbox.copy_lexicons("lx");
    let presence = dir.join("military_presence.csv");
    let line = next_line(&presence);
    append(&presence, "الغزو التركي,1,,\n");
    let out = sandbox
        .mizan(&["lexicon", "check", "--lexicons", s(&dir)])
        .ok();
    let warning = format!(
        "{}:{line}:1: warning: 'الغزو التركي' is also in frame 'invasion_occupation'",
        s(&presence)
    );
    assert!(out.contains(&warning), "{out}");
    assert!(
        out.contains("only invasion_occupation's copy ever matches, as invasion_occupation comes first in frames.csv"),
        "{out}"
    );
}

#[test]
fn an_actor_note_naming_the_frame_acknowledges_the_collision() {
    let sandbox = Sandbox::new();
    let dir = sandbox.copy_lexicons("lx");
    append(&dir.join("militias.csv"), "حفتر,1,,\n");
    let actors = dir.join("actors.csv");
    let text = fs::read_to_string(&actors).unwrap();
    let acknowledged = text.replacen(
        "haftar,-1,حفتر,\"Khalifa Haftar;",
        "haftar,-1,حفتر,\"also a term in militias; Khalifa Haftar;",
        1,
    );
    assert_ne!(
        text, acknowledged,
        "the actors.csv row changed; update this test"
    );
    fs::write(&actors, acknowledged).unwrap();
    let out = sandbox
        .mizan(&["lexicon", "check", "--lexicons", s(&dir)])
        .ok();
    assert!(!out.contains("'حفتر' in frame 'militias'"), "{out}");
}

#[test]
fn check_never_panics_on_garbage() {
    let sandbox = Sandbox::new();
    let cases: [(&str, &[u8]); 5] = [
        ("empty", b""),
        ("binary", &[0xff, 0xfe, 0x00, 0x41, 0x80, 0x0a]),
        ("header only", b"frame,polarity\n"),
        ("quote", "frame,polarity\n\"a,0\n".as_bytes()),
        ("no term file", b"frame,polarity\nghost,1\n"),
    ];
    for (name, frames) in cases {
        let dir = sandbox.path(name);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("frames.csv"), frames).unwrap();
        let run = sandbox.mizan(&["lexicon", "check", "--lexicons", s(&dir)]);
        assert_eq!(run.code(), 2, "{name}: {}", run.stdout());
        assert!(
            !run.stderr().contains("panicked"),
            "{name}: {}",
            run.stderr()
        );
        assert!(
            run.stdout().contains("frames.csv"),
            "{name}: {}",
            run.stdout()
        );
    }
    let missing = sandbox.path("nowhere");
    let run = sandbox.mizan(&["lexicon", "check", "--lexicons", s(&missing)]);
    assert_eq!(run.code(), 2);
    assert!(run.stdout().contains("does not exist"), "{}", run.stdout());
}

#[test]
fn check_with_a_corpus_finds_unmatched_shadowed_and_broad_terms() {
    let sandbox = Sandbox::new();
    let dir = sandbox.copy_lexicons("lx");
    let frame = dir.join("neo_ottoman.csv");
    let line = next_line(&frame);
    append(&frame, "كلمةلاتوجد,1,,\nترك*,1,,\n");
    let out = sandbox
        .mizan(&[
            "lexicon",
            "check",
            "--lexicons",
            s(&dir),
            "--corpus",
            "seeds",
        ])
        .ok();
    let f = s(&frame);
    let never = format!("{f}:{line}:1: warning: 'كلمةلاتوجد' never matches the corpus (5 documents");
    assert!(out.contains(&never), "{out}");
    let broad = format!("{f}:{}:1: warning: the wildcard 'ترك*' matches", line + 1);
    let broad_line = out
        .lines()
        .find(|l| l.starts_with(&broad))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        broad_line.contains("most frequent forms are تركيا ("),
        "{broad_line}"
    );
    assert!(
        out.contains("but always inside a longer term such as"),
        "{out}"
    );
    assert!(
        out.lines()
            .last()
            .unwrap()
            .contains("corpus seeds: 5 documents"),
        "{out}"
    );
    // A generous share lets the same wildcard pass.
    let out = sandbox
        .mizan(&[
            "lexicon",
            "check",
            "--lexicons",
            s(&dir),
            "--corpus",
            "seeds",
            "--max-share",
            "50%",
        ])
        .ok();
    assert!(!out.contains(&broad), "{out}");
}

/// Every term of the shipped lexicons, compiled.
fn lexicon_patterns() -> (PatternSet, HashSet<Pattern>) {
    let (lexicon, _) = lexicon::load(Path::new("lexicons")).unwrap();
    let patterns: Vec<Pattern> = lexicon.terms.iter().map(|t| t.pattern.clone()).collect();
    let set = PatternSet::new(patterns.clone());
    (set, patterns.into_iter().collect())
}

#[test]
fn suggest_for_an_outlet_lists_new_terms_with_an_example() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .mizan(&["lexicon", "suggest", "--group", "outlet=218", "--top", "10"])
        .ok();
    assert!(
        out.starts_with("Target: the 1 of 5 documents whose outlet is '218'"),
        "{out}"
    );
    let ranked: Vec<&str> = out.lines().filter(|l| l.contains("  G2 ")).collect();
    assert_eq!(ranked.len(), 10, "{out}");
    let examples: Vec<&str> = out.lines().filter(|l| l.contains('[')).collect();
    assert_eq!(examples.len(), 10, "{out}");
    assert!(
        examples.iter().all(|e| e.trim_start().starts_with("003_")),
        "{out}"
    );
    let g2: Vec<f64> = ranked
        .iter()
        .map(|l| {
            l.split("G2 ")
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert!(
        g2.windows(2).all(|w| w[0] >= w[1]),
        "not ranked by G2: {g2:?}"
    );
}

#[test]
fn suggested_terms_are_not_already_matched_by_the_lexicons() {
    let sandbox = Sandbox::new();
    let csv = sandbox
        .mizan(&[
            "lexicon",
            "suggest",
            "--frame",
            "mercenaries_terrorists",
            "--csv",
            "--top",
            "40",
        ])
        .ok();
    let path = sandbox.write("suggested.csv", &csv);
    let rows = read_csv(&path);
    assert!(rows.len() >= 10, "{csv}");
    let (set, patterns) = lexicon_patterns();
    let mut cache = FormsCache::default();
    for row in &rows {
        let term = &row["term"];
        let pattern = Pattern::parse(term).unwrap();
        assert!(!patterns.contains(&pattern), "{term} is already a term");
        let (_, hits) = find_in_text(&set, term, &mut cache);
        assert!(
            hits.is_empty(),
            "a lexicon term matches the suggestion {term}"
        );
        assert_eq!(row["weight"], "1");
        assert!(
            row["note"].contains("G2 ") && row["note"].contains("chi2 "),
            "{row:?}"
        );
    }
}

#[test]
fn pasted_suggestions_load_and_are_not_suggested_again() {
    let sandbox = Sandbox::new();
    let dir = sandbox.copy_lexicons("lx");
    let args = [
        "lexicon",
        "suggest",
        "--group",
        "outlet=218",
        "--top",
        "5",
        "--csv",
    ];
    let first = sandbox.mizan(&args).ok();
    fs::write(dir.join("suggested.csv"), &first).unwrap();
    append(
        &dir.join("frames.csv"),
        "suggested,Suggested,مقترح,0,from mizan lexicon suggest,turkey,target\n",
    );
    sandbox
        .mizan(&["lexicon", "check", "--lexicons", s(&dir)])
        .ok();
    let mut again = args.to_vec();
    again.extend(["--lexicons", s(&dir)]);
    let second = sandbox.mizan(&again).ok();
    let terms = |csv: &str| -> BTreeSet<String> {
        csv.lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_string())
            .collect()
    };
    let (before, after) = (terms(&first), terms(&second));
    assert_eq!(before.len(), 5, "{first}");
    assert!(
        before.is_disjoint(&after),
        "suggested again: {before:?} / {after:?}"
    );
}

#[test]
fn suggest_says_clearly_when_the_group_is_empty_or_everything() {
    let sandbox = Sandbox::new();
    let err = sandbox
        .mizan(&["lexicon", "suggest", "--group", "outlet=nowhere"])
        .fails();
    assert!(
        err.contains("the target group (documents whose outlet is 'nowhere') is empty"),
        "{err}"
    );
    assert!(err.contains("values of outlet: (none) 4, 218 1"), "{err}");
    for (i, text) in ["الغزو التركي لليبيا", "المرتزقة في طرابلس", "حكومة الوفاق"]
        .iter()
        .enumerate()
    {
        sandbox.write(&format!("c/{i}.txt"), text);
    }
    sandbox.write("c/metadata.csv", "id,outlet\n0,x\n1,x\n2,x\n");
    let corpus = sandbox.path("c");
    let err = sandbox
        .mizan(&[
            "lexicon",
            "suggest",
            "--corpus",
            s(&corpus),
            "--group",
            "outlet=x",
        ])
        .fails();
    assert!(err.contains("is the whole corpus"), "{err}");
    let err = sandbox
        .mizan(&["lexicon", "suggest", "--frame", "no_such_frame"])
        .fails();
    assert!(err.contains("no frame 'no_such_frame'"), "{err}");
}

#[test]
fn suggest_by_cluster_uses_the_report_numbering() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .mizan(&["lexicon", "suggest", "--cluster", "1", "--top", "3"])
        .ok();
    assert!(out.starts_with("Target: the "), "{out}");
    assert!(out.contains("documents of cluster 1 ("), "{out}");
    let err = sandbox
        .mizan(&["lexicon", "suggest", "--cluster", "99"])
        .fails();
    assert!(err.contains("there is no cluster 99"), "{err}");
}

/// The terms of each frame as an export keeps them: weight above 0, `=` dropped.
fn exportable_terms(dir: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let (lexicon, _) = lexicon::load(dir).unwrap();
    let mut frames: BTreeMap<String, BTreeSet<String>> = lexicon
        .frames
        .iter()
        .map(|f| (f.id.clone(), BTreeSet::new()))
        .collect();
    for term in lexicon.terms.iter().filter(|t| t.weight > 0.0) {
        let text = term.text.replace('=', "");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        frames
            .get_mut(&lexicon.frames[term.frame].id)
            .unwrap()
            .insert(text);
    }
    frames
}

fn round_trip(format: &str, file: &str) {
    let sandbox = Sandbox::new();
    let dict = sandbox.path(file);
    let run = sandbox.mizan(&["lexicon", "export", "--format", format, "--out", s(&dict)]);
    run.ok();
    assert!(
        run.stderr()
            .contains("exclusion(s) (weight 0) are left out"),
        "{}",
        run.stderr()
    );
    let back = sandbox.path("back");
    sandbox
        .mizan(&[
            "lexicon",
            "import",
            s(&dict),
            "--out",
            s(&back),
            "--frames-from",
            "lexicons",
        ])
        .ok();
    assert_eq!(
        exportable_terms(&back),
        exportable_terms(Path::new("lexicons"))
    );
    let (original, _) = lexicon::load(Path::new("lexicons")).unwrap();
    let (imported, _) = lexicon::load(&back).unwrap();
    for (a, b) in original.frames.iter().zip(&imported.frames) {
        assert_eq!((&a.id, a.polarity, a.target), (&b.id, b.polarity, b.target));
    }
    assert_eq!(imported.actors.len(), original.actors.len());
}

#[test]
fn liwc_export_and_import_keep_every_frame_s_terms() {
    round_trip("liwc", "lexicons.dic");
}

#[test]
fn yaml_export_and_import_keep_every_frame_s_terms() {
    round_trip("yaml", "lexicons.yml");
}

#[test]
fn yaml_export_says_what_it_cannot_hold_in_comments() {
    let sandbox = Sandbox::new();
    let yaml = sandbox
        .mizan(&["lexicon", "export", "--format", "yaml"])
        .ok();
    assert!(
        yaml.starts_with("# quanteda dictionary exported by mizan"),
        "{yaml}"
    );
    assert!(
        yaml.contains("# Note: ") && yaml.contains("lose their weight"),
        "{yaml}"
    );
    assert!(yaml.contains("\ninvasion_occupation:\n  - \""), "{yaml}");
}

#[test]
fn import_reads_a_foreign_liwc_file_and_names_what_it_leaves_out() {
    let sandbox = Sandbox::new();
    let dic = sandbox.write(
        "foreign.dic",
        "%\n1\tPos Emo\n2\tغزو\n%\nسلام*\t1\nاحتلال\t2 1\nمر*ت\t2\nخطأ\t9\n",
    );
    let out = sandbox.path("imported");
    let run = sandbox.mizan(&["lexicon", "import", s(&dic), "--out", s(&out)]);
    run.ok();
    let err = run.stderr();
    assert!(
        err.contains(&format!("{}:7:1: warning: 'مر*ت' is left out", s(&dic))),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}:8:5: warning: '9' is not a category number",
            s(&dic)
        )),
        "{err}"
    );
    let frames = read_lexicon_csv(&sandbox, &out.join("frames.csv"));
    let ids: Vec<&str> = frames.iter().map(|r| r["frame"].as_str()).collect();
    assert_eq!(ids, ["pos_emo", "category_2"]);
    assert_eq!(frames[1]["label_ar"], "غزو");
    assert_eq!(frames[0]["polarity"], "0");
    let terms: Vec<String> = read_lexicon_csv(&sandbox, &out.join("pos_emo.csv"))
        .into_iter()
        .map(|r| r["term"].clone())
        .collect();
    assert_eq!(terms, ["سلام*", "احتلال"]);
    sandbox
        .mizan(&["lexicon", "check", "--lexicons", s(&out)])
        .ok();
}

#[test]
fn import_of_broken_yaml_names_the_place_and_says_error_once() {
    let sandbox = Sandbox::new();
    let yaml = sandbox.write("broken.yml", "frames:\n  - id: x\n   bad: [\n");
    let out = sandbox.path("imported");
    let err = sandbox
        .mizan(&["lexicon", "import", s(&yaml), "--out", s(&out)])
        .fails();
    assert!(
        err.contains(&format!("mizan: error: {}:3:", s(&yaml))) && err.contains("not valid YAML"),
        "{err}"
    );
    assert_eq!(err.matches("error").count(), 1, "{err}");
    assert!(!out.exists());
}

#[test]
fn import_never_overwrites_a_folder() {
    let sandbox = Sandbox::new();
    let dic = sandbox.write("d.dic", "%\n1\ta\n%\nسلام\t1\n");
    let out = sandbox.path("taken");
    sandbox.write("taken/keep.txt", "mine");
    let err = sandbox
        .mizan(&["lexicon", "import", s(&dic), "--out", s(&out)])
        .fails();
    assert!(
        err.contains("already exists and is not an empty folder"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(out.join("keep.txt")).unwrap(), "mine");
    let err = sandbox
        .mizan(&[
            "lexicon",
            "import",
            s(&sandbox.write("bad.yml", "- a\n")),
            "--out",
            s(&sandbox.path("y")),
        ])
        .fails();
    assert!(
        err.contains("mizan: error: ")
            && err.contains("bad.yml:1:1: the top level must be a mapping"),
        "{err}"
    );
    assert!(!sandbox.path("y").exists());
}

/// README: `suggest --frame F --csv >> lexicons/F.csv`. The rows must fit an existing
/// frame file's columns, and the header they start with must not become a term.
#[test]
fn suggestions_appended_to_the_frame_file_they_were_suggested_for_load() {
    let sandbox = Sandbox::new();
    let dir = sandbox.copy_lexicons("lx");
    let frame = "mercenaries_terrorists";
    let csv = sandbox
        .mizan(&[
            "lexicon", "suggest", "--frame", frame, "--csv", "--top", "3",
        ])
        .ok();
    assert!(csv.starts_with("term,weight,polarity,note\n"), "{csv}");
    append(&dir.join(format!("{frame}.csv")), &csv);
    let check = sandbox
        .mizan(&["lexicon", "check", "--lexicons", s(&dir)])
        .ok();
    assert!(!check.contains("error"), "{check}");
    let out = sandbox.path("rep");
    sandbox
        .mizan(&["report", "--lexicons", s(&dir), "--out", s(&out)])
        .ok();
    let rows = read_csv(&out.join("terms.csv"));
    let first = csv.lines().nth(1).unwrap().split(',').next().unwrap();
    assert!(
        rows.iter().any(|r| r["term"] == first),
        "{first} not in terms.csv"
    );
    assert!(
        !rows.iter().any(|r| r["term"] == "term"),
        "the header became a term"
    );
}
