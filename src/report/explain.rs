//! The explanation of one document's stance (issue 3): every frame, term and match with
//! its voice, actor, weight and contribution, and the sums that make the score. Printed by
//! `mizan explain` and written into the report as `explain/<id>.txt`.

use std::fmt::Write;

use super::model::{truncate, CharIndex};
use super::tables::{counted, num, signed};
use crate::lexicon::Lexicon;
use crate::matching::{Attribution, Match};
use crate::pipeline::ScoredDocument;

/// Characters of context on each side of a match.
const WIDTH: usize = 50;

/// Renders the explanation as plain text.
pub fn explain(lexicon: &Lexicon, doc: &ScoredDocument, prior: f64) -> String {
    let mut out = String::new();
    header(&mut out, doc, prior);
    frames(&mut out, lexicon, doc);
    matches(&mut out, lexicon, doc);
    out
}

fn header(out: &mut String, doc: &ScoredDocument, prior: f64) {
    let (d, f) = (&doc.document, &doc.features);
    let _ = writeln!(out, "Document {}", d.id);
    for (name, value) in [
        ("title", &d.meta.title),
        ("outlet", &d.meta.outlet),
        ("date", &d.meta.date),
    ] {
        if !value.is_empty() {
            let _ = writeln!(out, "  {name}: {value}");
        }
    }
    let _ = writeln!(
        out,
        "  {} in {}, {}, intensity {:.1} loaded terms per 1000 words",
        counted(f.tokens, "word", "words"),
        counted(f.sentences, "sentence", "sentences"),
        counted(f.matches, "match", "matches"),
        f.intensity
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Stance {} (95% interval {} to {})",
        signed(f.stance.score),
        signed(f.stance.low),
        signed(f.stance.high)
    );
    let _ = writeln!(
        out,
        "  = (sympathetic {} - hostile {}) / (evidence {} + prior {prior}) = {}",
        num(f.positive),
        num(f.negative),
        num(f.mass),
        signed(f.stance.score)
    );
    let _ = writeln!(
        out,
        "  each match: valence x side x weight x voice weight; evidence: weight x |voice weight|"
    );
    let _ = writeln!(out);
}

fn frames(out: &mut String, lexicon: &Lexicon, doc: &ScoredDocument) {
    let _ = writeln!(out, "By frame");
    let _ = writeln!(
        out,
        "  {:<28} {:>8} {:>9} {:>8} {:>13}",
        "frame", "polarity", "matches", "per 1k", "contribution"
    );
    for (j, frame) in lexicon.frames.iter().enumerate() {
        let count = &doc.features.frames[j];
        if count.matches == 0 {
            continue;
        }
        let contribution: f64 = doc
            .matched
            .matches
            .iter()
            .filter(|m| m.frame == j)
            .map(|m| m.contribution)
            .sum();
        let _ = writeln!(
            out,
            "  {:<28} {:>8} {:>9} {:>8.1} {:>13}",
            truncate(&frame.label, 28),
            signed(frame.polarity),
            count.matches,
            count.per_1k,
            signed(contribution)
        );
    }
    let _ = writeln!(out);
}

fn matches(out: &mut String, lexicon: &Lexicon, doc: &ScoredDocument) {
    let _ = writeln!(out, "Matches (in text order)");
    let index = CharIndex::new(&doc.document.text);
    for (n, m) in doc.matched.matches.iter().enumerate() {
        let term = &lexicon.terms[m.term];
        let k = index.kwic(m.start..m.end, WIDTH);
        let _ = writeln!(
            out,
            "  {:>3}. [{}] «{}» as «{}», sentence {}, chars {}-{}",
            n + 1,
            lexicon.frames[m.frame].id,
            term.text,
            k.surface,
            m.sentence + 1,
            m.start,
            m.end
        );
        let _ = writeln!(out, "       {}", arithmetic(lexicon, m));
        let _ = writeln!(out, "       …{}…", k.marked());
    }
}

/// "valence -1 x side +1 (turkey, phrase) x weight 2 x authorial 1 = -2".
fn arithmetic(lexicon: &Lexicon, m: &Match) -> String {
    let term = &lexicon.terms[m.term];
    let who = match m.said_of(lexicon) {
        Some(who)
            if matches!(
                m.attribution,
                Attribution::Against | Attribution::Shared | Attribution::Protocol
            ) =>
        {
            who
        }
        Some(who) => format!("{who}, {}", m.attribution.name()),
        None => format!("{} by default", lexicon.frames[m.frame].target.name()),
    };
    let negation = if m.negated {
        format!(" x negated {}", lexicon.voices.negated)
    } else {
        String::new()
    };
    format!(
        "valence {} x side {} ({who}) x weight {} x {} {}{negation} = {}",
        signed(lexicon.valence(m.term)),
        signed(m.side),
        term.weight,
        m.voice.name(),
        m.voice.weight(&lexicon.voices),
        signed(m.contribution)
    )
}
