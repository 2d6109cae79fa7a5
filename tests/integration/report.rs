//! `mizan report` end to end: on the seeds, on degenerate corpora, and into folders that
//! must not be clobbered.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use crate::util::{read_csv, root, Sandbox};

fn stances(out: &Path) -> HashMap<String, f64> {
    read_csv(&out.join("documents.csv"))
        .into_iter()
        .map(|r| (r["id"][..3].to_string(), r["stance"].parse().unwrap()))
        .collect()
}

#[test]
fn seeds_report_orders_stance_as_the_hand_coding_does() {
    let sandbox = Sandbox::new();
    let out = sandbox.path("seeds-report");
    sandbox
        .mizan(&["report", "--out", out.to_str().unwrap()])
        .ok();
    let s = stances(&out);
    for hostile in ["000", "002"] {
        assert!(s[hostile] < -0.3, "{hostile} should be below -0.3: {s:?}");
        for neutral in ["001", "003"] {
            assert!(
                s[hostile] < s[neutral],
                "{hostile} should be below {neutral}: {s:?}"
            );
            assert!(
                s[neutral] < s["004"],
                "{neutral} should be below 004: {s:?}"
            );
        }
    }
    assert!(s["004"] > 0.0, "004 should be positive: {s:?}");
}

#[test]
fn seeds_report_writes_every_output_with_exact_offsets() {
    let sandbox = Sandbox::new();
    let out = sandbox.path("r");
    sandbox
        .mizan(&["report", "--out", out.to_str().unwrap()])
        .ok();
    for file in [
        "documents.csv",
        "frames.csv",
        "matches.csv",
        "report.md",
        "index.html",
        "run.json",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let markdown = fs::read_to_string(out.join("report.md")).unwrap();
    for chart in [
        "stance.png",
        "frames_heatmap.png",
        "terms.png",
        "dispersion.png",
        "map.png",
        "similarity.png",
    ] {
        let bytes =
            fs::read(out.join("charts").join(chart)).unwrap_or_else(|_| panic!("{chart} missing"));
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{chart} is not a PNG");
        assert!(
            markdown.contains(&format!("charts/{chart}")),
            "report.md does not show {chart}"
        );
    }
    // Names as a reader writes them, not with the = of an exact form in actors.csv.
    assert!(
        markdown.contains("مصر ×1") && !markdown.contains("=مصر"),
        "{markdown}"
    );
    let matches = read_csv(&out.join("matches.csv"));
    assert!(
        matches.len() > 20,
        "only {} matches on the seeds",
        matches.len()
    );
    for m in &matches {
        let text =
            fs::read_to_string(root().join("seeds").join(format!("{}.txt", m["id"]))).unwrap();
        let (start, end): (usize, usize) = (m["start"].parse().unwrap(), m["end"].parse().unwrap());
        let surface: String = text.chars().skip(start).take(end - start).collect();
        assert_eq!(surface, m["surface"], "offsets of {m:?}");
    }
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("dir=\"rtl\""));
    assert!(html.contains("charts/stance.png"));
}

#[test]
fn rerunning_gives_byte_identical_csvs() {
    let sandbox = Sandbox::new();
    let (a, b) = (sandbox.path("a"), sandbox.path("b"));
    sandbox
        .mizan(&["report", "--out", a.to_str().unwrap()])
        .ok();
    sandbox
        .mizan(&["report", "--out", b.to_str().unwrap()])
        .ok();
    for file in ["documents.csv", "frames.csv", "matches.csv"] {
        assert_eq!(
            fs::read(a.join(file)).unwrap(),
            fs::read(b.join(file)).unwrap(),
            "{file} differs"
        );
    }
}

fn degenerate_report(sandbox: &Sandbox, docs: &[(&str, &str)]) -> String {
    for (id, text) in docs {
        sandbox.write(&format!("corpus/{id}.txt"), text);
    }
    let out = sandbox.path("out");
    sandbox
        .mizan(&[
            "report",
            "--corpus",
            sandbox.path("corpus").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .ok();
    let csv = fs::read_to_string(out.join("documents.csv")).unwrap();
    assert!(
        !csv.to_lowercase().contains("nan") && !csv.contains("inf"),
        "{csv}"
    );
    fs::read_to_string(out.join("report.md")).unwrap()
}

#[test]
fn one_document_gives_a_report_that_says_why_clustering_was_skipped() {
    let sandbox = Sandbox::new();
    let md = degenerate_report(
        &sandbox,
        &[("only", "الغزو التركي لليبيا والمرتزقة السوريون.")],
    );
    assert!(
        md.contains("Clustering was skipped: the corpus has 1 document(s)"),
        "{md}"
    );
}

#[test]
fn documents_without_matches_give_a_report_without_clusters() {
    let sandbox = Sandbox::new();
    let md = degenerate_report(
        &sandbox,
        &[
            ("a", "الطقس جميل اليوم."),
            ("b", "ذهبت إلى السوق."),
            ("c", "قرأت كتابا."),
        ],
    );
    assert!(md.contains("no document matched any lexicon term"), "{md}");
}

#[test]
fn identical_profiles_give_a_report_without_clusters() {
    let text = "أرسلت تركيا المرتزقة إلى ليبيا.";
    let sandbox = Sandbox::new();
    let md = degenerate_report(&sandbox, &[("a", text), ("b", text), ("c", text)]);
    assert!(
        md.contains("every document has the same frame profile"),
        "{md}"
    );
}

#[test]
fn a_folder_of_other_files_is_not_replaced_without_force() {
    let sandbox = Sandbox::new();
    let precious = sandbox.write("mine/notes.txt", "do not delete");
    let out = sandbox.path("mine");
    let err = sandbox
        .mizan(&["report", "--out", out.to_str().unwrap()])
        .fails();
    assert!(
        err.contains("not a mizan report") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(precious).unwrap(), "do not delete");
}

#[test]
fn force_never_deletes_an_input_kept_inside_the_report_folder() {
    let sandbox = Sandbox::new();
    let out = sandbox.path("r");
    sandbox
        .mizan(&["report", "--out", out.to_str().unwrap()])
        .ok();
    let coding = "id,stance\n000_8ca6edf4f51d1cf4,-2\n";
    let gold = sandbox.write("r/my_coding.csv", coding);
    let err = sandbox
        .mizan(&[
            "report",
            "--out",
            out.to_str().unwrap(),
            "--gold",
            gold.to_str().unwrap(),
            "--force",
        ])
        .fails();
    assert!(err.contains("my_coding.csv, an input of this run"), "{err}");
    assert_eq!(fs::read_to_string(gold).unwrap(), coding);
}

#[test]
fn a_failed_run_leaves_the_previous_report_intact() {
    let sandbox = Sandbox::new();
    let out = sandbox.path("r");
    sandbox
        .mizan(&["report", "--out", out.to_str().unwrap()])
        .ok();
    let before = fs::read(out.join("documents.csv")).unwrap();
    let broken = sandbox.copy_lexicons("lex");
    fs::write(
        broken.join("frames.csv"),
        "frame,label,label_ar,polarity\ninvasion,Invasion,غزو,minus one\n",
    )
    .unwrap();
    let err = sandbox
        .mizan(&[
            "report",
            "--lexicons",
            broken.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .fails();
    assert!(
        err.contains("frames.csv:2:")
            && err.contains("polarity must be a number between -1 and 1, found 'minus one'"),
        "{err}"
    );
    assert_eq!(fs::read(out.join("documents.csv")).unwrap(), before);
}

#[test]
fn a_new_term_is_named_with_the_documents_it_moved_in_the_report_and_in_diff() {
    let sandbox = Sandbox::new();
    let out = sandbox.path("r");
    let lexicons = sandbox.copy_lexicons("lex");
    let args = |lex: &str| {
        vec![
            "report".to_string(),
            "--lexicons".into(),
            lex.into(),
            "--out".into(),
            out.display().to_string(),
        ]
    };
    let run = |lex: &str| {
        sandbox
            .mizan(&args(lex).iter().map(String::as_str).collect::<Vec<_>>())
            .ok()
    };
    run(lexicons.to_str().unwrap());
    let before = fs::read_to_string(out.join("documents.csv")).unwrap();
    let mut frame = fs::read_to_string(lexicons.join("neo_ottoman.csv")).unwrap();
    frame.push_str("الاختراق التركي,2,,a test term that seed 000 uses\n");
    fs::write(lexicons.join("neo_ottoman.csv"), frame).unwrap();
    run(lexicons.to_str().unwrap());
    assert_ne!(
        before,
        fs::read_to_string(out.join("documents.csv")).unwrap()
    );
    let md = fs::read_to_string(out.join("report.md")).unwrap();
    let changes = md
        .split("## What changed since the last run")
        .nth(1)
        .expect("a changes section");
    let changes = changes.split("\n## ").next().unwrap();
    assert!(
        changes.contains("الاختراق التركي") && changes.contains("added to neo"),
        "{changes}"
    );
    assert!(changes.contains("000_8ca6edf4f51d1cf4"), "{changes}");
    // Markdown, read as rendered: without the backslashes that escape its underscores.
    let diff = sandbox
        .mizan(&[
            "diff",
            out.join("previous").to_str().unwrap(),
            out.to_str().unwrap(),
        ])
        .ok()
        .replace('\\', "");
    assert!(
        diff.contains("الاختراق التركي") && diff.contains("000_8ca6edf4f51d1cf4"),
        "{diff}"
    );
    assert!(
        !diff.contains("002_b928f743ff5ec75a"),
        "only 000 uses the new term: {diff}"
    );
}

#[test]
fn gold_adds_a_validation_section_chart_and_column() {
    let sandbox = Sandbox::new();
    let out = sandbox.path("r");
    sandbox
        .mizan(&[
            "report",
            "--out",
            out.to_str().unwrap(),
            "--gold",
            "seeds/annotations.csv",
        ])
        .ok();
    let md = fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("Validation against the hand coding") && md.contains("Spearman"),
        "{md}"
    );
    let png = fs::read(out.join("charts/validation.png")).expect("validation.png");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let rows = read_csv(&out.join("documents.csv"));
    assert!(
        rows.iter().all(|r| !r["gold"].is_empty()),
        "every seed has a gold value"
    );
}

#[test]
fn svg_gives_every_chart_as_a_vector_drawing_linked_from_the_report() {
    let sandbox = Sandbox::new();
    let out = sandbox.path("report");
    let out_arg = out.to_str().unwrap();
    sandbox.mizan(&["report", "--out", out_arg, "--svg"]).ok();
    let pngs: Vec<_> = fs::read_dir(out.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    assert!(pngs.len() >= 3, "{pngs:?}");
    let report = fs::read_to_string(out.join("report.md")).unwrap();
    for png in pngs {
        let svg = png.with_extension("svg");
        let text = fs::read_to_string(&svg).unwrap_or_else(|_| panic!("{} missing", svg.display()));
        assert!(
            text.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{}",
            svg.display()
        );
        assert!(text.trim_end().ends_with("</svg>"), "{}", svg.display());
        // Titles and Arabic labels are glyph outlines, so the file needs no font.
        assert!(
            text.matches("<path d=\"M").count() >= 5,
            "{}",
            svg.display()
        );
        let name = svg.file_name().unwrap().to_str().unwrap();
        assert!(
            report.contains(&format!("charts/{name}")),
            "report.md does not link {name}"
        );
    }
    sandbox.mizan(&["report", "--out", out_arg]).ok();
    let svgs = fs::read_dir(out.join("charts"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|e| e == "svg")
        })
        .count();
    assert_eq!(svgs, 0, "without --svg no SVG is written");
}

/// A corpus of `n` documents of many stances (and many ties), as JSONL lines in id order.
fn graded_corpus(n: usize) -> Vec<String> {
    let hostile = "بدأ الغزو التركي لليبيا وجاء المرتزقة.";
    let sympathetic = "قالت الحكومة الشرعية إن الدعم التركي قانوني.";
    (0..n)
        .map(|i| {
            let text = [hostile.repeat(i % 5), sympathetic.repeat(i % 3)].join(" ");
            format!(
                "{{\"id\":\"d{i:03}\",\"outlet\":\"o{}\",\"text\":\"{text} خبر.\"}}",
                i % 4
            )
        })
        .collect()
}

#[test]
fn a_large_corpus_gives_the_same_report_in_any_input_order() {
    let sandbox = Sandbox::new();
    let lines = graded_corpus(60);
    let shuffled: Vec<String> = (0..60).map(|i| lines[i * 37 % 60].clone()).collect();
    let sorted = sandbox.write("sorted/corpus.jsonl", lines.join("\n"));
    let mixed = sandbox.write("mixed/corpus.jsonl", shuffled.join("\n"));
    let (a, b) = (sandbox.path("a"), sandbox.path("b"));
    for (corpus, out) in [(&sorted, &a), (&mixed, &b)] {
        sandbox
            .mizan(&[
                "report",
                "--corpus",
                corpus.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ])
            .ok();
    }
    for file in ["documents.csv", "frames.csv", "matches.csv", "terms.csv"] {
        assert_eq!(
            fs::read(a.join(file)).unwrap(),
            fs::read(b.join(file)).unwrap(),
            "{file} differs"
        );
    }
    let explained: Vec<String> = fs::read_dir(b.join("explain"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(explained.len(), 40);
    for name in explained.iter().step_by(5) {
        let id = name.trim_end_matches(".txt");
        let printed = sandbox
            .mizan(&["explain", id, "--corpus", mixed.to_str().unwrap()])
            .ok();
        let written = fs::read_to_string(b.join("explain").join(name)).unwrap();
        assert_eq!(
            written, printed,
            "explain/{name} is not what mizan explain prints"
        );
    }
}

/// A report built from feature rows has no matches: its terms.csv leaves their use empty
/// rather than saying zero, its table of articles says so, and `mizan diff` against it
/// names no terms it cannot know.
#[test]
fn a_report_from_feature_rows_does_not_pretend_to_know_its_matches() {
    let sandbox = Sandbox::new();
    let lexicons = sandbox.copy_lexicons("lex");
    let frame = lexicons.join("invasion_occupation.csv");
    let edited = fs::read_to_string(&frame)
        .unwrap()
        .replace("\nالغزو التركي,2,", "\nالغزو التركي,3,");
    fs::write(&frame, edited).unwrap();
    let (text, rows, features) = (
        sandbox.path("text"),
        sandbox.path("rows.csv"),
        sandbox.path("features"),
    );
    let path = |p: &Path| p.to_str().unwrap().to_string();
    sandbox
        .mizan(&[
            "report",
            "--lexicons",
            &path(&lexicons),
            "--out",
            &path(&text),
        ])
        .ok();
    sandbox.mizan(&["score", "--out", &path(&rows)]).ok();
    sandbox
        .mizan(&[
            "report",
            "--features",
            &path(&rows),
            "--out",
            &path(&features),
        ])
        .ok();
    let terms = read_csv(&features.join("terms.csv"));
    assert!(
        terms.iter().all(|t| t["matches"].is_empty()),
        "{:?}",
        terms[0]
    );
    // Its table of articles says why it has no strongest terms and leaves no cell empty (#11).
    let markdown = fs::read_to_string(features.join("report.md")).unwrap();
    let glance = markdown
        .split("## Articles at a glance")
        .nth(1)
        .and_then(|s| s.split("Intensity is").next())
        .unwrap();
    assert!(
        glance
            .contains("which carry no matches: there are no strongest terms (n/a), and terms.csv"),
        "{glance}"
    );
    let rows: Vec<&str> = glance.lines().filter(|l| l.starts_with("| [")).collect();
    assert_eq!(rows.len(), 5, "{glance}");
    for row in rows {
        assert!(
            row.ends_with("| n/a |") && !row.contains("\u{2067}\u{2069}"),
            "{row}"
        );
    }
    let diff = sandbox
        .mizan(&["diff", &path(&text), &path(&features)])
        .ok();
    assert!(diff.contains("Stance moved"), "{diff}");
    assert!(
        diff.contains("a run built from feature rows keeps no matches"),
        "{diff}"
    );
}

/// Rows scored before an edit of the lexicons are not what scoring again would give: a
/// report built from them says so, on standard error and in the report; rows scored with
/// the lexicons as they are do not.
#[test]
fn a_report_from_rows_scored_before_a_lexicon_edit_says_so() {
    let sandbox = Sandbox::new();
    let lexicons = sandbox.copy_lexicons("lex");
    let path = |p: &Path| p.to_str().unwrap().to_string();
    let (lex, rows) = (path(&lexicons), path(&sandbox.path("rows.csv")));
    sandbox
        .mizan(&["score", "--lexicons", &lex, "--out", &rows])
        .ok();
    let report = |out: &str| {
        let out = path(&sandbox.path(out));
        let run = sandbox.mizan(&[
            "report",
            "--features",
            &rows,
            "--lexicons",
            &lex,
            "--out",
            &out,
        ]);
        run.ok();
        let markdown = fs::read_to_string(Path::new(&out).join("report.md")).unwrap();
        (run.stderr(), markdown)
    };
    let (fresh, _) = report("fresh");
    assert!(!fresh.contains("other lexicons"), "{fresh}");
    let frame = lexicons.join("invasion_occupation.csv");
    let edited =
        fs::read_to_string(&frame).unwrap() + "الزحف التركي,2,,a term added after scoring\n";
    fs::write(&frame, edited).unwrap();
    let (stale, markdown) = report("stale");
    let says = format!("{rows}: 5 rows were scored with other lexicons than those in {lex} now");
    assert!(stale.contains(&says), "{stale}");
    assert!(stale.contains("score the corpus again"), "{stale}");
    assert!(markdown.contains(&says), "{markdown}");
}

/// A run killed before it finished leaves its temporary folder beside the report (or its
/// rows file beside the rows); the next run in that folder removes it, and says so. Those
/// of a run still going are left alone. (Processes are looked up in /proc.)
#[cfg(target_os = "linux")]
#[test]
fn a_killed_run_s_temporary_folder_is_removed_by_the_next() {
    let sandbox = Sandbox::new();
    // Past the largest process id Linux gives (2^22): that run cannot still live.
    let abandoned = sandbox.write(".mizan-report-9999999-x/matches.csv", "id\n");
    let running = sandbox.write(
        &format!(".mizan-report-{}-y/matches.csv", std::process::id()),
        "id\n",
    );
    let out = sandbox.path("out");
    let run = sandbox.mizan(&["report", "--out", out.to_str().unwrap()]);
    run.ok();
    assert!(!abandoned.exists());
    assert!(running.exists());
    assert!(
        run.stderr()
            .contains("left by an interrupted run (process 9999999)"),
        "{}",
        run.stderr()
    );
    // So does `score --out FILE` with the rows file it was writing.
    let rows = sandbox.path("rows.csv");
    let partial = sandbox.write(".mizan-rows-9999999-z", "id,title\n");
    let writing = sandbox.write(&format!(".mizan-rows-{}-w", std::process::id()), "");
    sandbox
        .mizan(&["score", "--out", rows.to_str().unwrap()])
        .ok();
    assert!(!partial.exists() && writing.exists() && rows.exists());
}

/// A closed standard error (`mizan report 2>&1 | head -1`, or a pager quit early) costs
/// the warnings, not the report; a closed standard output (`mizan score --out - | head`)
/// ends the run quietly, as Unix filters do.
#[test]
fn closed_pipes_cost_only_what_they_carry() {
    use std::process::{Command, Stdio};
    let sandbox = Sandbox::new();
    // A document without Arabic: a warning to print.
    sandbox.write("corpus/latin.txt", "No Arabic here at all.");
    fs::copy(
        root().join("seeds/004_ad5e0e578b127b9c.txt"),
        sandbox.path("corpus/004.txt"),
    )
    .unwrap();
    let path = |name: &str| sandbox.path(name).to_str().unwrap().to_string();
    let run = |args: &[&str], close_stdout: bool| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mizan"))
            .args(args)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("mizan runs");
        let stderr = child.stderr.take();
        let stdout = child.stdout.take();
        let kept = if close_stdout {
            drop(stdout);
            stderr.map(std::io::read_to_string)
        } else {
            drop(stderr);
            stdout.map(std::io::read_to_string)
        };
        (child.wait().unwrap().code(), kept.unwrap().unwrap())
    };
    let (code, _) = run(
        &["report", "--corpus", &path("corpus"), "--out", &path("out")],
        false,
    );
    assert_eq!(code, Some(0));
    assert!(sandbox.path("out/report.md").exists());
    let (code, _) = run(
        &[
            "score",
            "--corpus",
            &path("corpus"),
            "--out",
            &path("rows.csv"),
        ],
        false,
    );
    assert_eq!(code, Some(0));
    assert_eq!(read_csv(&sandbox.path("rows.csv")).len(), 2);
    let (code, stderr) = run(&["score", "--corpus", &path("corpus"), "--out", "-"], true);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}

/// A report built from feature rows over a report built from the text knows no terms to
/// blame for the moves ("What changed" says so, as `mizan diff` does), and a report on
/// the text over one built from unchanged rows says nothing changed.
#[test]
fn what_changed_between_runs_from_text_and_from_rows_names_no_terms_it_cannot_know() {
    let sandbox = Sandbox::new();
    let lexicons = sandbox.copy_lexicons("lex");
    let path = |p: &Path| p.to_str().unwrap().to_string();
    let (lex, out, rows) = (
        path(&lexicons),
        path(&sandbox.path("out")),
        path(&sandbox.path("rows.csv")),
    );
    let changes = || {
        let markdown = fs::read_to_string(sandbox.path("out/report.md")).unwrap();
        let section = markdown
            .split("## What changed since the last run")
            .nth(1)
            .unwrap();
        section.split("\n## ").next().unwrap().to_string()
    };
    sandbox
        .mizan(&["report", "--lexicons", &lex, "--out", &out])
        .ok();
    let frame = lexicons.join("mercenaries_terrorists.csv");
    let edited = fs::read_to_string(&frame)
        .unwrap()
        .replace("\nمرتزق*,1,", "\nمرتزق*,10,");
    assert_ne!(edited, fs::read_to_string(&frame).unwrap());
    fs::write(&frame, edited).unwrap();
    sandbox
        .mizan(&["score", "--lexicons", &lex, "--out", &rows])
        .ok();
    let from_rows = [
        "report",
        "--features",
        &rows,
        "--lexicons",
        &lex,
        "--out",
        &out,
    ];
    sandbox.mizan(&from_rows).ok();
    let moved = changes();
    assert!(moved.contains("Stance moved"), "{moved}");
    assert!(
        moved.contains("a run built from feature rows keeps no matches"),
        "{moved}"
    );
    assert!(!moved.contains("مرتزق*"), "{moved}");
    sandbox
        .mizan(&["report", "--lexicons", &lex, "--out", &out])
        .ok();
    let same = changes();
    assert!(same.contains("Nothing: same lexicon terms"), "{same}");
}

/// Rows scored with another prior than the report's keep it: the report uses theirs, so
/// that the arithmetic it shows for each stance adds up, and says so.
#[test]
fn a_report_from_rows_uses_the_prior_they_were_scored_with() {
    let sandbox = Sandbox::new();
    let path = |p: &Path| p.to_str().unwrap().to_string();
    let (rows, out) = (path(&sandbox.path("rows.csv")), path(&sandbox.path("out")));
    sandbox
        .mizan(&["score", "--prior", "50", "--out", &rows])
        .ok();
    let run = sandbox.mizan(&["report", "--features", &rows, "--out", &out]);
    run.ok();
    assert!(
        run.stderr()
            .contains("the rows were scored with --prior 50; the report uses it, not --prior 4"),
        "{}",
        run.stderr()
    );
    let recorded = fs::read_to_string(sandbox.path("out/run.json")).unwrap();
    assert!(recorded.contains("\"prior\": 50.0"), "{recorded}");
    let markdown = fs::read_to_string(sandbox.path("out/report.md")).unwrap();
    assert!(
        markdown.contains(" + 50) = "),
        "the formula uses the rows' prior"
    );
    assert!(
        !markdown.contains(" + 4) = "),
        "no formula uses another prior"
    );
}

/// The "What changed since the last run" section of the report in `out`, read as
/// rendered: without the backslashes that escape Markdown's underscores.
fn what_changed(out: &Path) -> String {
    let markdown = fs::read_to_string(out.join("report.md")).unwrap();
    let section = markdown
        .split("## What changed since the last run")
        .nth(1)
        .expect("a changes section");
    section.split("\n## ").next().unwrap().replace('\\', "")
}

/// Reports `lexicons` into `out` with the extra arguments `more`.
fn report_into(sandbox: &Sandbox, lexicons: &Path, out: &Path, more: &[&str]) {
    let mut args = vec![
        "report",
        "--lexicons",
        lexicons.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(more);
    sandbox.mizan(&args).ok();
}

/// A new `--prior` or a frame's polarity edited in frames.csv moves stances with no term
/// of its own changing: the report and `mizan diff` name the setting as the cause (QA10 Q06).
#[test]
fn a_new_prior_and_a_frames_new_polarity_are_named_as_what_moved_the_stances() {
    let sandbox = Sandbox::new();
    let (lexicons, out) = (sandbox.copy_lexicons("lex"), sandbox.path("r"));
    report_into(&sandbox, &lexicons, &out, &[]);
    report_into(&sandbox, &lexicons, &out, &["--prior", "8"]);
    let changes = what_changed(&out);
    assert!(changes.contains("Stance moved"), "{changes}");
    assert!(changes.contains("- --prior: 4 → 8"), "{changes}");
    assert!(changes.contains("see the settings above"), "{changes}");
    let diff = sandbox
        .mizan(&[
            "diff",
            out.join("previous").to_str().unwrap(),
            out.to_str().unwrap(),
        ])
        .ok();
    assert!(diff.contains("--prior: 4 → 8"), "{diff}");

    let frames = lexicons.join("frames.csv");
    let text = fs::read_to_string(&frames).unwrap();
    let line = text.lines().find(|l| l.starts_with("militias,")).unwrap();
    let fields: Vec<&str> = line.splitn(5, ',').collect();
    assert_eq!(fields[3], "-1", "militias is a hostile frame: {line}");
    let edited = format!("{},1,{}", fields[..3].join(","), fields[4]);
    fs::write(&frames, text.replace(line, &edited)).unwrap();
    report_into(&sandbox, &lexicons, &out, &["--prior", "8"]);
    let changes = what_changed(&out);
    assert!(changes.contains("Stance moved"), "{changes}");
    assert!(
        changes.contains("- polarity of frame militias: -1 → 1"),
        "{changes}"
    );
    assert!(
        !changes.contains("--prior"),
        "the prior stayed 8: {changes}"
    );
}

/// A frame whose id changed but whose terms did not is one rename, not every term
/// removed and added again; a term added while renaming is still listed (QA10 Q13).
#[test]
fn a_renamed_frame_is_one_line_with_only_its_real_term_changes() {
    let sandbox = Sandbox::new();
    let (lexicons, out) = (sandbox.copy_lexicons("lex"), sandbox.path("r"));
    report_into(&sandbox, &lexicons, &out, &[]);
    let frames = fs::read_to_string(lexicons.join("frames.csv")).unwrap();
    let renamed = frames.replace("\nneo_ottoman,", "\nottoman_ambition,");
    assert_ne!(renamed, frames);
    fs::write(lexicons.join("frames.csv"), renamed).unwrap();
    let mut terms = fs::read_to_string(lexicons.join("neo_ottoman.csv")).unwrap();
    let kept = terms
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with('#'))
        .count();
    terms.push_str("الاختراق التركي,2,,a term added while renaming\n");
    fs::remove_file(lexicons.join("neo_ottoman.csv")).unwrap();
    fs::write(lexicons.join("ottoman_ambition.csv"), terms).unwrap();
    report_into(&sandbox, &lexicons, &out, &[]);
    let changes = what_changed(&out);
    assert!(
        changes.contains(&format!(
            "frame neo_ottoman renamed to ottoman_ambition ({kept} term(s) kept, 1 term change(s) listed below)"
        )),
        "{changes}"
    );
    assert!(changes.contains("Lexicon: 1 term(s) changed."), "{changes}");
    assert!(
        changes.contains("الاختراق التركي") && changes.contains("added to ottoman_ambition"),
        "{changes}"
    );
    assert!(!changes.contains("removed from neo_ottoman"), "{changes}");
    assert!(!changes.contains("frames.csv edited"), "{changes}");
}
