//! `mizan kwic`: every match of a pattern or of a frame's terms, in context.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Args;

use super::inputs::InputArgs;
use crate::lexicon::Pattern;
use crate::matching::{FormsCache, Matcher, PatternSet, Voice};
use crate::report::{CharIndex, Kwic};

/// Keyword in context: every match of PATTERN (lexicon term syntax: `*` ends a word as a
/// wildcard, `=` asks for an exact form) or of a frame's terms, with its voice.
///
/// Examples: mizan kwic 'مرتزق*'  ·  mizan kwic --frame invasion --voice authorial --csv
#[derive(Debug, Args)]
pub struct KwicArgs {
    /// A term to look for; clitics and suffixes are tolerated as in the lexicons.
    pub pattern: Option<String>,
    #[command(flatten)]
    pub input: InputArgs,
    /// Only matches of this frame's terms (with PATTERN: only where both match).
    #[arg(long, value_name = "FRAME")]
    pub frame: Option<String>,
    /// Only matches in this voice: authorial, reported, quoted, distanced or scare.
    #[arg(long, value_name = "VOICE", value_parser = parse_voice)]
    pub voice: Option<Voice>,
    /// Characters of context on each side (at most 1000).
    #[arg(long, default_value_t = 40, value_name = "N")]
    pub window: usize,
    /// Write CSV (id,sentence,start,end,voice,negated,left,match,right) instead of text.
    #[arg(long)]
    pub csv: bool,
}

fn parse_voice(s: &str) -> Result<Voice, String> {
    Voice::parse(s).ok_or_else(|| {
        format!("'{s}' is not a voice; use authorial, reported, quoted, distanced or scare")
    })
}

/// Context wider than this is a paragraph, not a concordance line, and text lines are
/// padded to it.
const MAX_WINDOW: usize = 1000;

/// One line of output.
struct Line {
    id: String,
    sentence: usize,
    span: (usize, usize),
    voice: Voice,
    negated: bool,
    context: Kwic,
}

pub fn run(args: KwicArgs) -> Result<ExitCode> {
    if args.window > MAX_WINDOW {
        bail!(
            "the window must be from 0 to {MAX_WINDOW} characters on each side, found {}",
            args.window
        );
    }
    let (lexicon, _) = args.input.lexicon()?;
    let frame = match &args.frame {
        Some(id) => Some(lexicon.frame_index(id).ok_or_else(|| {
            let ids: Vec<&str> = lexicon.frames.iter().map(|f| f.id.as_str()).collect();
            anyhow::anyhow!(
                "no frame '{id}' in {}; frames are: {}",
                lexicon.dir.display(),
                ids.join(", ")
            )
        })?),
        None => None,
    };
    let pattern = match &args.pattern {
        Some(p) => Some(
            Pattern::parse(p).map_err(|e| anyhow::anyhow!("the pattern '{p}': {}", e.message))?,
        ),
        None if frame.is_some() => None,
        None => bail!("give a PATTERN to look for, or --frame to list a frame's matches"),
    };
    let corpus = args.input.corpus()?;
    let matcher = Matcher::new(&lexicon);
    let set = PatternSet::new(pattern);
    let mut cache = FormsCache::default();
    let mut lines = Vec::new();
    for doc in &corpus.documents {
        // The lexicon's own matches are needed only for --frame or without a pattern.
        let analysed = (frame.is_some() || args.pattern.is_none())
            .then(|| matcher.analyse(&doc.text, &mut cache));
        let lexicon_matches = analysed.as_ref().map_or(&[][..], |a| a.matches.as_slice());
        let in_frame = |start: usize, end: usize| match frame {
            None => true,
            Some(f) => lexicon_matches
                .iter()
                .any(|m| m.frame == f && m.start < end && start < m.end),
        };
        let found: Vec<(usize, usize, usize, Voice, bool)> = if args.pattern.is_some() {
            let (tokens, hits) = matcher.find_with_voice(&set, &doc.text, &mut cache);
            hits.into_iter()
                .map(|(h, v, n)| {
                    let (a, b) = (
                        &tokens.tokens[h.tokens.start],
                        &tokens.tokens[h.tokens.end - 1],
                    );
                    (a.sentence, a.start, b.end, v, n)
                })
                .collect()
        } else {
            lexicon_matches
                .iter()
                .map(|m| (m.sentence, m.start, m.end, m.voice, m.negated))
                .collect()
        };
        let index = CharIndex::new(&doc.text);
        for (sentence, start, end, voice, negated) in found {
            if in_frame(start, end) && args.voice.is_none_or(|v| v == voice) {
                let context = index.kwic(start..end, args.window);
                lines.push(Line {
                    id: doc.id.clone(),
                    sentence,
                    span: (start, end),
                    voice,
                    negated,
                    context,
                });
            }
        }
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if args.csv {
        write_csv(&mut out, &lines)?;
    } else {
        write_text(&mut out, &lines, args.window)?;
    }
    out.flush()?;
    crate::say!(
        "mizan: {} match(es) in {} document(s)",
        lines.len(),
        corpus.documents.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn write_csv(out: &mut impl Write, lines: &[Line]) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id", "sentence", "start", "end", "voice", "negated", "left", "match", "right",
    ])?;
    for l in lines {
        w.write_record([
            l.id.as_str(),
            &(l.sentence + 1).to_string(),
            &l.span.0.to_string(),
            &l.span.1.to_string(),
            l.voice.name(),
            if l.negated { "yes" } else { "no" },
            &l.context.left,
            &l.context.surface,
            &l.context.right,
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Aligned lines: the match in the middle column, context cut to the window.
fn write_text(out: &mut impl Write, lines: &[Line], window: usize) -> Result<()> {
    let id_width = lines
        .iter()
        .map(|l| l.id.chars().count())
        .max()
        .unwrap_or(0);
    for l in lines {
        let left: String = l
            .context
            .left
            .chars()
            .rev()
            .take(window)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let pad = window.saturating_sub(left.chars().count());
        let negated = if l.negated { " (negated)" } else { "" };
        writeln!(
            out,
            "{:<id_width$}  {:<9} {}{left}[{}]{}{negated}",
            l.id,
            l.voice.name(),
            " ".repeat(pad),
            l.context.surface,
            l.context.right
        )?;
    }
    Ok(())
}
