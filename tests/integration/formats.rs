//! The same articles give the same scores however they arrive: a folder of UTF-8 files,
//! a folder mixing UTF-8 with a BOM, UTF-16 (both byte orders, with a BOM) and
//! Windows-1256, a CSV file, and JSONL on standard input (issue 6); and documents with the
//! same evidence get the same stance interval, whatever their ids.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::process::{Command, Stdio};

use crate::util::{root, Sandbox};

/// The seed articles as (id, text).
fn articles() -> Vec<(String, String)> {
    let mut articles: Vec<(String, String)> = fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let id = p.file_stem().unwrap().to_str().unwrap().to_string();
            (id, fs::read_to_string(&p).unwrap())
        })
        .collect();
    articles.sort();
    articles
}

/// Each article's bytes in one of five encodings, in turn, and the encoding's name.
fn encoded(k: usize, text: &str) -> (Vec<u8>, &'static str) {
    let utf16 = |be: bool| -> Vec<u8> {
        let units = text.encode_utf16();
        let bom: &[u8] = if be { &[0xFE, 0xFF] } else { &[0xFF, 0xFE] };
        let body: Vec<u8> = if be {
            units.flat_map(u16::to_be_bytes).collect()
        } else {
            units.flat_map(u16::to_le_bytes).collect()
        };
        [bom, &body].concat()
    };
    match k % 5 {
        0 => ([&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(), "UTF-8"),
        1 => (utf16(false), "UTF-16LE"),
        2 => (utf16(true), "UTF-16BE"),
        3 => {
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(text);
            assert!(!unmappable, "the article has characters Windows-1256 lacks");
            (bytes.into_owned(), "windows-1256")
        }
        _ => (text.as_bytes().to_vec(), "UTF-8"),
    }
}

/// `mizan score` rows by id, without the columns that say how a document was read.
fn scores(csv: &str) -> BTreeMap<String, Vec<(String, String)>> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let fields = header
                .iter()
                .zip(r.iter())
                .filter(|(h, _)| !matches!(*h, "encoding" | "warning"))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect();
            (r[0].to_string(), fields)
        })
        .collect()
}

fn encodings(csv: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "encoding")
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap()[column].to_string())
        .collect()
}

fn score_stdin(jsonl: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mizan"))
        .args(["score", "--corpus", "-", "--format", "csv"])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(jsonl.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn mixed_encodings_csv_and_a_jsonl_stream_score_as_the_utf8_files_do() {
    let sandbox = Sandbox::new();
    let articles = articles();
    let mut jsonl = String::new();
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(["id", "text"]).unwrap();
    let mut expected_encodings = Vec::new();
    for (k, (id, text)) in articles.iter().enumerate() {
        sandbox.write(&format!("utf8/{id}.txt"), text);
        let (bytes, encoding) = encoded(k, text);
        sandbox.write(&format!("mixed/{id}.txt"), bytes);
        expected_encodings.push(encoding.to_string());
        let line = serde_json::json!({ "id": id, "text": text });
        jsonl.push_str(&format!("{line}\n"));
        csv.write_record([id, text]).unwrap();
    }
    sandbox.write("corpus.csv", csv.into_inner().unwrap());
    let score = |corpus: &str| {
        let path = sandbox.path(corpus);
        sandbox
            .mizan(&[
                "score",
                "--corpus",
                path.to_str().unwrap(),
                "--format",
                "csv",
            ])
            .ok()
    };
    let utf8 = score("utf8");
    let mixed = score("mixed");
    assert_eq!(encodings(&mixed), expected_encodings);
    let reference = scores(&utf8);
    assert_eq!(reference.len(), articles.len());
    assert_eq!(scores(&mixed), reference, "mixed encodings");
    assert_eq!(scores(&score("corpus.csv")), reference, "CSV file");
    assert_eq!(
        scores(&score_stdin(&jsonl)),
        reference,
        "JSONL on standard input"
    );
}

/// Numbered copies of the seed articles, (id-copy, text), about 5 MB: past the 4 MiB a
/// CSV corpus is read whole and has its encoding judged on.
fn past_read_whole(articles: &[(String, String)]) -> Vec<(String, String)> {
    (0..900)
        .map(|copy| {
            let (id, text) = &articles[copy % articles.len()];
            (format!("{id}-{copy}"), text.clone())
        })
        .collect()
}

/// A CSV corpus larger than mizan reads whole (4 MiB) is decoded as it streams: in
/// UTF-8 with a BOM, UTF-16 and Windows-1256 it scores as the same articles sent as
/// JSONL, and a quote left open in its last row is still reported on its line.
#[test]
fn a_large_csv_file_in_any_encoding_streams_and_scores_as_jsonl_does() {
    let sandbox = Sandbox::new();
    let articles = articles();
    let mut jsonl = String::new();
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(["id", "text", "outlet"]).unwrap();
    let copies = past_read_whole(&articles);
    for (id, text) in &copies {
        let line = serde_json::json!({ "id": id, "text": text, "outlet": "o" });
        jsonl.push_str(&format!("{line}\n"));
        csv.write_record([id.as_str(), text, "o"]).unwrap();
    }
    let mut text = String::from_utf8(csv.into_inner().unwrap()).unwrap();
    assert!(
        text.len() > 4 << 20,
        "the file must pass the 4 MiB read whole"
    );
    let lines = text.lines().count();
    text.push_str("broken,\"الغزو التركي لم يغلق\n");
    let reference = scores(&score_stdin(&jsonl));
    assert_eq!(reference.len(), copies.len());
    for k in [0, 1, 2, 3] {
        let (bytes, encoding) = encoded(k, &text);
        let name = format!("corpus-{k}.csv");
        sandbox.write(&name, bytes);
        let path = sandbox.path(&name);
        let run = sandbox.mizan(&["score", "--corpus", path.to_str().unwrap()]);
        let out = run.ok();
        let mut got = scores(&out);
        assert!(
            got.remove("broken").is_some(),
            "{encoding}: the broken row is a warning row"
        );
        // A legacy encoding is a guess, said once for the file on standard error: the
        // rows are one a document, none without an id.
        assert!(!got.contains_key(""), "{encoding}: a row without an id");
        assert_eq!(
            run.stderr()
                .contains(&format!("{name}: not valid UTF-8; detected windows-1256")),
            encoding == "windows-1256",
            "{encoding}: {}",
            run.stderr()
        );
        assert_eq!(got, reference, "{encoding}");
        let read_as = encodings(&out);
        let documents = read_as.iter().filter(|e| !e.is_empty());
        assert!(documents.clone().count() == copies.len(), "{encoding}");
        assert!(documents.clone().all(|e| e == encoding), "{encoding}");
        let warning = format!("{name}:{}", lines + 1);
        assert!(
            out.lines().any(|row| row.starts_with("broken,")
                && row.contains(&warning)
                && row.contains("never closed")),
            "{encoding}: no warning row for the open quote"
        );
    }
}

/// A record in another encoding than the start of a CSV file, in a large file as in a
/// small one, is read in its own encoding (as a JSONL line is) and says so; no other
/// record is touched.
#[test]
fn a_csv_record_in_another_encoding_is_read_in_its_own() {
    let sandbox = Sandbox::new();
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(["id", "text"]).unwrap();
    for (id, text) in past_read_whole(&articles()) {
        csv.write_record([id, text]).unwrap();
    }
    let mut bytes = csv.into_inner().unwrap();
    assert!(
        bytes.len() > 4 << 20,
        "past the start the encoding is judged on"
    );
    // A last row pasted in from a Windows-1256 file: its Arabic is not UTF-8.
    let (legacy, _, _) = encoding_rs::WINDOWS_1256.encode("الغزو التركي لليبيا");
    bytes.extend_from_slice(b"pasted,");
    bytes.extend_from_slice(&legacy);
    bytes.push(b'\n');
    sandbox.write("mixed.csv", bytes);
    let path = sandbox.path("mixed.csv");
    let out = sandbox
        .mizan(&["score", "--corpus", path.to_str().unwrap()])
        .ok();
    let rows: Vec<&str> = out.lines().collect();
    let pasted = rows.iter().find(|row| row.starts_with("pasted,")).unwrap();
    assert!(
        pasted.contains(",windows-1256,")
            && pasted
                .contains("not valid UTF-8, unlike the start of the file; read as windows-1256"),
        "{pasted}"
    );
    let columns = &scores(&out)["pasted"];
    let matches = columns.iter().find(|(h, _)| h == "matches").unwrap();
    assert_ne!(matches.1, "0", "the pasted Arabic matches: {pasted}");
    let others = rows.iter().filter(|row| row.contains("windows-1256"));
    assert_eq!(others.count(), 1, "only the pasted row: {rows:?}");
    assert!(!out.contains("replacement character"), "nothing is damaged");
    // The same in a file read whole.
    let mut small = "id,text\nfirst,الغزو التركي لليبيا\npasted,"
        .as_bytes()
        .to_vec();
    small.extend_from_slice(&legacy);
    small.push(b'\n');
    let path = sandbox.write("small.csv", small);
    let out = sandbox
        .mizan(&["score", "--corpus", path.to_str().unwrap()])
        .ok();
    let encodings: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|row| row.split(',').nth(5).unwrap())
        .collect();
    assert_eq!(encodings, ["UTF-8", "windows-1256"], "{out}");
    let rows = scores(&out);
    let stance = |id: &str| {
        rows[id]
            .iter()
            .find(|(h, _)| h == "stance")
            .unwrap()
            .1
            .clone()
    };
    assert_eq!(
        stance("first"),
        stance("pasted"),
        "the same text in either encoding"
    );
}

/// `mizan score` rows of a JSONL stream, by id: the stance columns.
fn stance_columns(jsonl: &str) -> BTreeMap<String, Vec<String>> {
    scores(&score_stdin(jsonl))
        .into_iter()
        .map(|(id, fields)| {
            let stance = fields
                .into_iter()
                .filter(|(h, _)| h.starts_with("stance") || h == "evidence" || h == "negative")
                .map(|(_, v)| v)
                .collect();
            (id, stance)
        })
        .collect()
}

#[test]
fn documents_with_the_same_evidence_get_the_same_interval() {
    let line = |id: &str, text: &str| format!("{{\"id\": \"{id}\", \"text\": \"{text}\"}}\n");
    let jsonl = [
        line(
            "a",
            "يستمر الغزو التركي في مصراتة منذ أشهر. وصل وفد إلى الجزائر أمس.",
        ),
        line(
            "b",
            "وصل وفد إلى القاهرة أمس. يستمر الغزو التركي في مصراتة منذ سنوات.",
        ),
        line("quiet-1", "افتتح معرض للكتاب في المدينة القديمة."),
        line("quiet-2", "هطلت أمطار غزيرة على الساحل الليبي هذا الأسبوع."),
    ]
    .concat();
    let rows = stance_columns(&jsonl);
    assert!(rows["a"][0] != "0.0", "the article has evidence: {rows:?}");
    assert_eq!(rows["a"], rows["b"], "same evidence, other words and ids");
    assert_eq!(rows["quiet-1"], rows["quiet-2"], "no evidence at all");
    assert_ne!(rows["a"], rows["quiet-1"]);
}

/// Files saved from a spreadsheet: `ID`, `Text` and `Outlet` headers, a byte order mark
/// before the first one, in the corpus, metadata.csv and the gold file alike.
#[test]
fn spreadsheet_headers_in_any_case_and_with_a_bom_are_read() {
    let sandbox = Sandbox::new();
    let articles = articles();
    let mut csv = String::from("\u{feff}ID,Text,Outlet\n");
    let mut metadata = String::from("\u{feff}Id,OUTLET\n");
    let mut gold = String::from("\u{feff}ID,Stance\n");
    for (id, text) in &articles {
        csv.push_str(&format!("{id},\"{}\",paper\n", text.replace('"', "\"\"")));
        metadata.push_str(&format!("{id},paper\n"));
        gold.push_str(&format!("{id},0\n"));
        sandbox.write(&format!("folder/{id}.txt"), text);
    }
    sandbox.write("corpus.csv", csv);
    sandbox.write("folder/metadata.csv", metadata);
    let gold = sandbox.write("gold.csv", gold);
    for corpus in ["corpus.csv", "folder"] {
        let path = sandbox.path(corpus);
        let out = sandbox
            .mizan(&["score", "--corpus", path.to_str().unwrap()])
            .ok();
        let rows = scores(&out);
        assert_eq!(rows.len(), articles.len(), "{corpus}: {out}");
        for fields in rows.values() {
            assert!(
                fields.contains(&("outlet".to_string(), "paper".to_string())),
                "{corpus}: {fields:?}"
            );
        }
    }
    let report = sandbox.path("report");
    let run = sandbox.mizan(&[
        "report",
        "--corpus",
        sandbox.path("folder").to_str().unwrap(),
        "--gold",
        gold.to_str().unwrap(),
        "--out",
        report.to_str().unwrap(),
    ]);
    run.ok();
    assert!(report.join("charts/validation.png").exists());
}

/// A file name in decomposed Unicode (macOS, zip archives: أ as ا + hamza above) is the
/// same id as the composed one in metadata.csv, a gold file or `mizan explain`.
#[test]
fn a_decomposed_file_name_is_the_same_id_as_its_composed_spelling() {
    use unicode_normalization::UnicodeNormalization;
    let sandbox = Sandbox::new();
    let composed = "مقال_أنقرة";
    let decomposed: String = composed.nfd().collect();
    assert_ne!(decomposed, composed);
    let (_, text) = &articles()[0];
    sandbox.write(&format!("c/{decomposed}.txt"), text);
    sandbox.write("c/metadata.csv", format!("id,outlet\n{composed},الجزيرة\n"));
    let corpus = sandbox.path("c");
    let run = sandbox.mizan(&["score", "--corpus", corpus.to_str().unwrap()]);
    let out = run.ok();
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    let rows = scores(&out);
    let fields = rows.get(composed).unwrap_or_else(|| panic!("{out}"));
    assert!(fields.contains(&("outlet".to_string(), "الجزيرة".to_string())));
    let explained = sandbox
        .mizan(&["explain", composed, "--corpus", corpus.to_str().unwrap()])
        .ok();
    assert!(explained.contains("outlet: الجزيرة"), "{explained}");
}

/// A note about a document's metadata row (a day-first date) is in the document's own
/// score row, not in a second row with its id; a row for a missing file stays a row.
#[test]
fn metadata_notes_stay_in_the_document_s_own_score_row() {
    let sandbox = Sandbox::new();
    sandbox.write("c/a.txt", "قال المسماري إن الغزو التركي مستمر.");
    sandbox.write("c/metadata.csv", "id,date\na,18/05/2020\ngone,2020-01-01\n");
    let out = sandbox
        .mizan(&["score", "--corpus", sandbox.path("c").to_str().unwrap()])
        .ok();
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(ids, ["a", "gone"], "{out}");
    assert!(
        rows[0][6].contains("metadata.csv:2: date '18/05/2020' is not YYYY")
            && !rows[0][7].is_empty(),
        "{out}"
    );
    assert!(
        rows[1][7].is_empty() && rows[1][6].contains("no gone.txt"),
        "{out}"
    );
}
