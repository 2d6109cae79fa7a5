//! The pipeline from corpus to scored documents: match each document and compute its
//! features, in parallel (each worker keeps its own cache of word readings).

use std::cell::RefCell;

use rayon::prelude::*;

use crate::corpus::{Document, Item, Screen, Warning};
use crate::features::{features, FeatureRow, Features, StanceParams};
use crate::matching::{DocumentMatches, FormsCache, Matcher};

/// A document with its matches and features.
#[derive(Debug, Clone)]
pub struct ScoredDocument {
    pub document: Document,
    pub matched: DocumentMatches,
    pub features: Features,
}

/// Scores one document.
pub fn score(
    matcher: &Matcher,
    params: &StanceParams,
    document: Document,
    cache: &mut FormsCache,
) -> ScoredDocument {
    let matched = matcher.analyse(&document.text, cache);
    let features = features(matcher.lexicon(), params, &matched);
    ScoredDocument {
        document,
        matched,
        features,
    }
}

thread_local! {
    /// Each worker thread's word readings. They depend on the word form only, so they
    /// outlive a batch: rebuilding them for every batch (and freeing them after) was
    /// nearly half of the scoring time on a large corpus.
    static CACHE: RefCell<FormsCache> = RefCell::new(FormsCache::default());
}

fn with_cache<T>(f: impl FnOnce(&mut FormsCache) -> T) -> T {
    CACHE.with(|cache| f(&mut cache.borrow_mut()))
}

/// Documents scored together: large enough to keep every core busy, small enough that
/// memory stays bounded by the batch, not the corpus.
pub const BATCH: usize = 2048;

/// Bytes of text a batch stops at, so that it is bounded for documents of any length:
/// three batches are in memory at once (one read, one scored, one handed on), and 2,048
/// news articles held some 60 MB. A batch takes at least one document, however long.
pub const BATCH_TEXT: usize = 4 << 20;

/// What scoring makes of one corpus item: a scored document, or the warning that
/// replaced it.
pub type Scored = Result<ScoredDocument, Warning>;

/// Screens and scores a stream of corpus items batch by batch, in parallel, handing each
/// batch to `sink` in input order with the screen's warnings about the documents of the
/// batch it kept (a guessed encoding, a repeated text). While the workers score a batch,
/// this thread reads the next one and hands the previous one to `sink`.
pub fn score_batches(
    matcher: &Matcher,
    params: &StanceParams,
    items: impl Iterator<Item = Item>,
    screen: &mut Screen,
    mut sink: impl FnMut(Vec<Scored>, Vec<Warning>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut reader = BatchReader {
        items: items.fuse(),
        screen,
    };
    let mut next = reader.next_batch();
    let mut done: Option<(Vec<Scored>, Vec<Warning>)> = None;
    while !next.items.is_empty() || done.is_some() {
        let Batch {
            items,
            mut warnings,
        } = std::mem::take(&mut next);
        let scoring = !items.is_empty();
        let mut scored = Vec::new();
        let scored_slot = &mut scored;
        let mut sunk = Ok(());
        rayon::in_place_scope(|scope| {
            if scoring {
                scope.spawn(move |_| *scored_slot = score_items(matcher, params, items));
                next = reader.next_batch();
            }
            if let Some((scored, warnings)) = done.take() {
                sunk = sink(scored, warnings);
            }
        });
        sunk?;
        warnings.extend(scoring_warnings(&scored));
        done = scoring.then_some((scored, warnings));
    }
    Ok(())
}

/// Warnings about scored documents whose scores cannot be trusted (a text with no
/// sentence punctuation), in the batch's order; they join the screen's warnings, so they
/// reach standard error, `warnings.txt` and the rows' `warning` column alike.
fn scoring_warnings(scored: &[Scored]) -> Vec<Warning> {
    scored
        .iter()
        .filter_map(|s| s.as_ref().ok())
        .filter_map(|s| {
            let message = s.features.long_sentences_warning()?;
            Some(Warning::about(&s.document.source, &s.document.id, message))
        })
        .collect()
}

fn score_items(matcher: &Matcher, params: &StanceParams, items: Vec<Item>) -> Vec<Scored> {
    items
        .into_par_iter()
        .map(|item| item.map(|doc| with_cache(|cache| score(matcher, params, doc, cache))))
        .collect()
}

/// Scores a stream of corpus items into feature rows, handing each row to `sink` in
/// input order. Items that are warnings about a record become warning rows; a warning
/// about a whole file is handed over as itself (`Err`), since a row of it, with no id,
/// would pass for a document in the rows (QA #14). Returns the number of documents scored.
pub fn score_stream(
    matcher: &Matcher,
    params: &StanceParams,
    items: impl Iterator<Item = Item>,
    mut sink: impl FnMut(Result<FeatureRow, Warning>) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let mut scored = 0;
    score_batches(
        matcher,
        params,
        items,
        &mut Screen::default(),
        |batch, warnings| {
            let mut rows: Vec<Result<FeatureRow, Warning>> =
                batch.into_iter().map(feature_row).collect();
            attach_warnings(&mut rows, warnings);
            for row in rows {
                scored += usize::from(row.as_ref().is_ok_and(|r| r.features.is_some()));
                sink(row)?;
            }
            Ok(())
        },
    )?;
    Ok(scored)
}

/// Corpus items screened (duplicates, empty texts) and cut into batches.
struct BatchReader<'s, I> {
    items: I,
    screen: &'s mut Screen,
}

/// Items read together, with the warnings about those that were kept.
#[derive(Default)]
struct Batch {
    items: Vec<Item>,
    warnings: Vec<Warning>,
}

impl<I: Iterator<Item = Item>> BatchReader<'_, I> {
    /// The next batch, of at most [`BATCH`] items and a little over [`BATCH_TEXT`] bytes
    /// of text; empty at the end of the corpus.
    fn next_batch(&mut self) -> Batch {
        let mut items = Vec::new();
        let mut text = 0;
        while items.len() < BATCH && text < BATCH_TEXT {
            let Some(item) = self.items.next() else {
                break;
            };
            let item = self.screen.check(item);
            text += item.as_ref().map_or(0, |doc| doc.text.len());
            items.push(item);
        }
        Batch {
            items,
            warnings: self.screen.take_warnings(),
        }
    }
}

fn feature_row(scored: Scored) -> Result<FeatureRow, Warning> {
    match scored {
        Ok(scored) => {
            let d = scored.document;
            Ok(FeatureRow {
                id: d.id,
                meta: d.meta,
                encoding: d.encoding.to_string(),
                warning: String::new(),
                features: Some(scored.features),
            })
        }
        Err(warning) if warning.is_about_a_file() => Err(warning),
        Err(warning) => Ok(warning_row(warning)),
    }
}

/// Warnings about documents that were kept (a guessed encoding, a repeated text) go into
/// their own rows' `warning` column: one row a document, always.
fn attach_warnings(rows: &mut [Result<FeatureRow, Warning>], warnings: Vec<Warning>) {
    for warning in warnings {
        if let Some(row) = rows
            .iter_mut()
            .flatten()
            .find(|r| r.features.is_some() && Some(&r.id) == warning.id.as_ref())
        {
            if !row.warning.is_empty() {
                row.warning.push_str("; ");
            }
            row.warning.push_str(&warning.message);
        }
    }
}

fn warning_row(warning: Warning) -> FeatureRow {
    FeatureRow {
        id: warning.id.clone().unwrap_or_default(),
        meta: Default::default(),
        encoding: String::new(),
        warning: warning.to_string(),
        features: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Documents with distinct texts of `letters` Arabic letters each.
    fn documents(count: usize, letters: usize) -> Vec<Item> {
        (0..count)
            .map(|i| {
                Ok(Document {
                    id: format!("d{i}"),
                    text: format!("{i} {}", "ب".repeat(letters)),
                    ..Document::default()
                })
            })
            .collect()
    }

    fn batch_sizes(items: Vec<Item>) -> Vec<usize> {
        let mut screen = Screen::default();
        let mut reader = BatchReader {
            items: items.into_iter().fuse(),
            screen: &mut screen,
        };
        std::iter::from_fn(|| Some(reader.next_batch().items.len()).filter(|&n| n > 0)).collect()
    }

    #[test]
    fn batches_hold_a_bounded_number_of_short_documents() {
        assert_eq!(batch_sizes(documents(BATCH + 5, 10)), [BATCH, 5]);
    }

    #[test]
    fn batches_of_long_documents_stop_at_their_text_size() {
        // Each text is a quarter of the bound: four fill a batch.
        let sizes = batch_sizes(documents(10, BATCH_TEXT / 8));
        assert_eq!(sizes, [4, 4, 2]);
        // A document longer than the bound still makes a batch of its own.
        assert_eq!(batch_sizes(documents(2, BATCH_TEXT)), [1, 1]);
    }
}
