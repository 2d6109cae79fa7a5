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
    let features = features(matcher.lexicon(), params, &document.id, &matched);
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

/// Scores documents in parallel, keeping their order.
pub fn score_all(
    matcher: &Matcher,
    params: &StanceParams,
    documents: Vec<Document>,
) -> Vec<ScoredDocument> {
    documents
        .into_par_iter()
        .map(|doc| with_cache(|cache| score(matcher, params, doc, cache)))
        .collect()
}

/// Documents scored together: large enough to keep every core busy, small enough that
/// memory stays bounded by the batch, not the corpus.
pub const BATCH: usize = 2048;

/// Scores a stream of corpus items batch by batch, in parallel, handing each row to
/// `sink` in input order. Items that are warnings become warning rows. Returns the number
/// of documents scored. The next batch is read while the workers score the current one.
pub fn score_stream(
    matcher: &Matcher,
    params: &StanceParams,
    items: impl Iterator<Item = Item>,
    mut sink: impl FnMut(FeatureRow) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let mut reader = BatchReader {
        items: items.fuse(),
        screen: Screen::default(),
    };
    let mut scored = 0;
    let mut next = reader.next_batch();
    while !next.items.is_empty() {
        let batch = std::mem::take(&mut next);
        let mut rows = Vec::new();
        let rows_slot = &mut rows;
        rayon::in_place_scope(|scope| {
            scope.spawn(move |_| *rows_slot = score_batch(matcher, params, batch));
            next = reader.next_batch();
        });
        for row in rows {
            scored += usize::from(row.features.is_some());
            sink(row)?;
        }
    }
    Ok(scored)
}

/// Corpus items screened (duplicates, empty texts) and cut into batches.
struct BatchReader<I> {
    items: I,
    screen: Screen,
}

/// Items read together, with the warnings about those that were kept.
#[derive(Default)]
struct Batch {
    items: Vec<Item>,
    warnings: Vec<Warning>,
}

impl<I: Iterator<Item = Item>> BatchReader<I> {
    /// The next batch; empty at the end of the corpus.
    fn next_batch(&mut self) -> Batch {
        let screen = &mut self.screen;
        let items = self
            .items
            .by_ref()
            .take(BATCH)
            .map(|item| screen.check(item))
            .collect();
        Batch {
            items,
            warnings: self.screen.take_warnings(),
        }
    }
}

fn score_batch(matcher: &Matcher, params: &StanceParams, batch: Batch) -> Vec<FeatureRow> {
    let mut rows: Vec<FeatureRow> = batch
        .items
        .into_par_iter()
        .map(|item| with_cache(|cache| feature_row(matcher, params, item, cache)))
        .collect();
    attach_warnings(&mut rows, batch.warnings);
    rows
}

fn feature_row(
    matcher: &Matcher,
    params: &StanceParams,
    item: Item,
    cache: &mut FormsCache,
) -> FeatureRow {
    match item {
        Ok(document) => {
            let scored = score(matcher, params, document, cache);
            let d = scored.document;
            FeatureRow {
                id: d.id,
                meta: d.meta,
                encoding: d.encoding.to_string(),
                warning: String::new(),
                features: Some(scored.features),
            }
        }
        Err(warning) => warning_row(warning),
    }
}

/// Warnings about documents that were kept (a guessed encoding, a repeated text) go into
/// their own rows' `warning` column: one row a document, always.
fn attach_warnings(rows: &mut [FeatureRow], warnings: Vec<Warning>) {
    for warning in warnings {
        if let Some(row) = rows
            .iter_mut()
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
