//! `mizan explain DOC_ID`: one document's stance, decomposed into every match.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Args;

use super::inputs::{InputArgs, StanceArgs};
use crate::corpus::document_id;
use crate::matching::{FormsCache, Matcher};
use crate::pipeline::score;
use crate::report::explain;

/// Show how a document's stance is made: each frame, each term, each match with its
/// voice, the actor it is said of, its weight and contribution, and the sums.
///
/// Example: mizan explain 004_ad5e0e578b127b9c
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The document id (a .txt file name without extension, or the id column). A unique
    /// prefix is enough.
    pub id: String,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub stance: StanceArgs,
}

pub fn run(args: ExplainArgs) -> Result<ExitCode> {
    let params = args.stance.params()?;
    let (lexicon, _) = args.input.lexicon()?;
    let corpus = args.input.corpus()?;
    let wanted = document_id(&args.id);
    let candidates: Vec<_> = corpus
        .documents
        .into_iter()
        .filter(|d| d.id.starts_with(&wanted))
        .collect();
    let document = match candidates.len() {
        0 => bail!(
            "no document with id '{}' in {}; `mizan report` lists the ids in documents.csv",
            args.id,
            args.input.corpus
        ),
        1 => candidates.into_iter().next().unwrap(),
        _ => match candidates.iter().position(|d| d.id == wanted) {
            Some(i) => candidates.into_iter().nth(i).unwrap(),
            None => {
                let ids: Vec<&str> = candidates.iter().map(|d| d.id.as_str()).collect();
                bail!(
                    "'{}' is the start of several ids ({}); give more of it",
                    args.id,
                    ids.join(", ")
                )
            }
        },
    };
    let matcher = Matcher::new(&lexicon);
    let scored = score(&matcher, &params, document, &mut FormsCache::default());
    std::io::stdout().write_all(explain(&lexicon, &scored, params.prior()).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
