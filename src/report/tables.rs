//! The CSV outputs of DESIGN.md: `documents.csv`, `frames.csv` and `matches.csv`. Numbers
//! are written with fixed decimals and rows in a fixed order, so the same inputs give
//! byte-identical files.

use std::io::Write;

use anyhow::{Context, Result};

use super::documents::READ_BACK;
use super::model::{CharIndex, Report};
use crate::features::FrameCount;
use crate::lexicon::Lexicon;
use crate::matching::Voice;
use crate::pipeline::ScoredDocument;

/// Characters of context on each side of a match in `matches.csv`.
const CONTEXT_WIDTH: usize = 60;

/// `n` and its noun, singular for one: "1 sentence", "2 sentences".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A number with four decimals, never "-0.0000".
pub fn num(x: f64) -> String {
    let s = format!("{x:.4}");
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s.trim_start_matches('-').to_string()
    } else {
        s
    }
}

/// A signed number with two decimals for reading ("+0.42", "-0.10", "0.00").
pub fn signed(x: f64) -> String {
    let s = format!("{x:+.2}");
    if s == "-0.00" || s == "+0.00" {
        "0.00".into()
    } else {
        s
    }
}

/// `documents.csv`: one row a document.
pub fn write_documents(report: &Report, out: impl Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<String> = [
        "id",
        "title",
        "outlet",
        "date",
        "tokens",
        "matches",
        "intensity",
        "stance",
        "stance_low",
        "stance_high",
        "cluster",
        "positive",
        "negative",
        "evidence",
        "encoding",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(Voice::ALL.iter().map(|v| format!("share_{}", v.name())));
    let with_gold = report.validation.is_some();
    if with_gold {
        header.push("gold".into());
    }
    w.write_record(&header)?;
    for (i, doc) in report.documents.iter().enumerate() {
        let meta = doc.meta();
        let (f, encoding) = doc.features().context(READ_BACK)?;
        let mut row = vec![
            doc.id().to_string(),
            meta.title.clone(),
            meta.outlet.clone(),
            meta.date.clone(),
            f.tokens.to_string(),
            f.matches.to_string(),
            num(f.intensity),
            num(f.stance.score),
            num(f.stance.low),
            num(f.stance.high),
            report
                .cluster_of(i)
                .map(|c| (c + 1).to_string())
                .unwrap_or_default(),
            num(f.positive),
            num(f.negative),
            num(f.mass),
            encoding.to_string(),
        ];
        row.extend(Voice::ALL.iter().map(|v| num(f.voice_share(*v))));
        if with_gold {
            row.push(report.gold_of(i).map(num).unwrap_or_default());
        }
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

/// `frames.csv`: long format, one row per document and frame. A million documents make
/// tens of millions of rows, most of them of frames a document does not use, so each
/// row is put together from fields quoted once: the document's id, the frame's id, and
/// the numbers of an unused frame.
pub fn write_frames(report: &Report, mut out: impl Write) -> Result<()> {
    out.write_all(&csv_line(["id", "frame", "matches", "weighted", "per_1k"])?)?;
    let frames: Vec<Vec<u8>> = report
        .lexicon
        .frames
        .iter()
        .map(|f| csv_field(&f.id))
        .collect::<Result<_>>()?;
    let unused = FrameCount::default();
    let unused_numbers = number_fields(&unused)?;
    let mut rows = Vec::new();
    for doc in report.documents.iter() {
        let id = csv_field(doc.id())?;
        rows.clear();
        for (frame, count) in frames.iter().zip(doc.frames()) {
            rows.extend_from_slice(&id);
            rows.push(b',');
            rows.extend_from_slice(frame);
            rows.push(b',');
            if count == unused {
                rows.extend_from_slice(&unused_numbers);
            } else {
                rows.extend_from_slice(&number_fields(&count)?);
            }
        }
        out.write_all(&rows)?;
    }
    out.flush()?;
    Ok(())
}

/// A frame count's numbers as the end of a CSV line.
fn number_fields(count: &FrameCount) -> Result<Vec<u8>> {
    let [matches, weighted, per_1k] = [
        count.matches.to_string(),
        num(count.weighted),
        num(count.per_1k),
    ];
    csv_line([matches, weighted, per_1k])
}

/// One field as CSV writes it (quoted when it must be).
fn csv_field(field: &str) -> Result<Vec<u8>> {
    let mut line = csv_line([field])?;
    line.pop();
    Ok(line)
}

/// One CSV line, with its line end (by a writer with a small buffer: this runs for every
/// document).
fn csv_line<T: AsRef<[u8]>>(fields: impl IntoIterator<Item = T>) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .buffer_capacity(256)
        .from_writer(Vec::new());
    w.write_record(fields)?;
    Ok(w.into_inner().map_err(|e| e.into_error())?)
}

/// `terms.csv`: every lexicon term with how it was used: matches, documents, voices and
/// summed contribution, so that terms with poor precision are easy to spot. Also the
/// lexicon snapshot that `mizan diff` compares. A report built from feature rows leaves
/// the use columns empty.
pub fn write_terms(report: &Report, out: impl Write) -> Result<()> {
    let lexicon = &report.lexicon;
    let mut stats = vec![TermStats::default(); lexicon.terms.len()];
    for doc in report.documents.iter() {
        let mut seen = vec![false; lexicon.terms.len()];
        for m in doc.marks().context(READ_BACK)? {
            let term = m.term();
            let s = &mut stats[term];
            s.matches += 1;
            s.voices[Voice::ALL.iter().position(|v| *v == m.voice()).unwrap_or(0)] += 1;
            s.contribution += m.contribution;
            if !seen[term] {
                seen[term] = true;
                s.documents += 1;
            }
        }
    }
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec![
        "frame",
        "term",
        "weight",
        "polarity",
        "matches",
        "documents",
        "contribution",
    ];
    header.extend(Voice::ALL.iter().map(|v| v.name()));
    w.write_record(&header)?;
    for (term, s) in lexicon.terms.iter().zip(&stats) {
        let mut row = vec![
            lexicon.frames[term.frame].id.clone(),
            term.text.clone(),
            num(term.weight),
            term.polarity.map(num).unwrap_or_default(),
            s.matches.to_string(),
            s.documents.to_string(),
            num(s.contribution),
        ];
        row.extend(s.voices.iter().map(ToString::to_string));
        if !report.run.has_text {
            // Built from feature rows: how each term was used is not known, not zero.
            row.truncate(4);
            row.resize(header.len(), String::new());
        }
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

#[derive(Debug, Clone, Default)]
struct TermStats {
    matches: usize,
    documents: usize,
    voices: [usize; 5],
    contribution: f64,
}

/// `matches.csv`: every match with its exact span, voice, actor and contribution.
pub fn write_matches(report: &Report, mut out: impl Write) -> Result<()> {
    let mut rows = MatchRows::default();
    out.write_all(&MatchRows::header()?)?;
    for doc in report.documents.iter().filter_map(|d| d.full()) {
        out.write_all(rows.document(&report.lexicon, doc)?)?;
    }
    Ok(())
}

/// The rows of `matches.csv`, made a document at a time, so that they can be written
/// while scoring streams by and each document's text is still there for the context
/// column.
#[derive(Default)]
pub struct MatchRows {
    buffer: Vec<u8>,
}

impl MatchRows {
    /// The header line.
    pub fn header() -> Result<Vec<u8>> {
        let mut buffer = Vec::new();
        let mut w = csv::Writer::from_writer(&mut buffer);
        w.write_record([
            "id",
            "frame",
            "term",
            "surface",
            "sentence",
            "start",
            "end",
            "voice",
            "context",
            "negated",
            "actor",
            "attribution",
            "side",
            "weight",
            "contribution",
        ])?;
        w.flush()?;
        drop(w);
        Ok(buffer)
    }

    /// The rows of one document's matches, as CSV.
    pub fn document(&mut self, lexicon: &Lexicon, doc: &ScoredDocument) -> Result<&[u8]> {
        self.buffer.clear();
        let mut w = csv::WriterBuilder::new()
            .buffer_capacity(1024)
            .from_writer(&mut self.buffer);
        let index = CharIndex::new(&doc.document.text);
        for m in &doc.matched.matches {
            let k = index.kwic(m.start..m.end, CONTEXT_WIDTH);
            let term = &lexicon.terms[m.term];
            w.write_record([
                doc.document.id.as_str(),
                lexicon.frames[m.frame].id.as_str(),
                term.text.as_str(),
                k.surface.as_str(),
                &(m.sentence + 1).to_string(),
                &m.start.to_string(),
                &m.end.to_string(),
                m.voice.name(),
                &k.marked(),
                if m.negated { "yes" } else { "no" },
                m.actor.map(|a| lexicon.actors[a].id.as_str()).unwrap_or(""),
                m.attribution.name(),
                &num(m.side),
                &num(term.weight),
                &num(m.contribution),
            ])?;
        }
        w.flush()?;
        drop(w);
        Ok(&self.buffer)
    }
}
