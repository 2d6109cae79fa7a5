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

impl ScoredDocument {
    /// Drops what only a document described one by one needs (its text), keeping what
    /// every document brings to the tables, the analysis and the charts.
    pub fn keep_summary(&mut self) {
        self.document.text = String::new();
        self.document.source = String::new();
        self.matched.matches.shrink_to_fit();
        self.matched.mentions.shrink_to_fit();
    }
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

/// Documents scored together: large enough to keep every core busy, small enough that
/// memory stays bounded by the batch, not the corpus.
pub const BATCH: usize = 2048;

/// What scoring makes of one corpus item: a scored document, or the warning that
/// replaced it.
pub type Scored = Result<ScoredDocument, Warning>;

/// Screens and scores a stream of corpus items batch by batch, in parallel, handing each
/// batch to `sink` in input order, with the screen (whose warnings about kept documents
/// the sink may take).
pub fn score_batches(
    matcher: &Matcher,
    params: &StanceParams,
    items: impl Iterator<Item = Item>,
    screen: &mut Screen,
    mut sink: impl FnMut(Vec<Scored>, &mut Screen) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut batch: Vec<Item> = Vec::with_capacity(BATCH);
    let mut items = items.fuse();
    loop {
        batch.clear();
        batch.extend(items.by_ref().take(BATCH).map(|item| screen.check(item)));
        if batch.is_empty() {
            return Ok(());
        }
        let scored: Vec<Scored> = batch
            .par_drain(..)
            .map(|item| item.map(|doc| with_cache(|cache| score(matcher, params, doc, cache))))
            .collect();
        sink(scored, screen)?;
    }
}

/// Scores a stream of corpus items into feature rows, handing each row to `sink` in
/// input order. Items that are warnings become warning rows. Returns the number of
/// documents scored.
pub fn score_stream(
    matcher: &Matcher,
    params: &StanceParams,
    items: impl Iterator<Item = Item>,
    mut sink: impl FnMut(FeatureRow) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let mut scored = 0;
    score_batches(
        matcher,
        params,
        items,
        &mut Screen::default(),
        |batch, screen| {
            let mut rows: Vec<FeatureRow> = batch.into_iter().map(feature_row).collect();
            attach_warnings(&mut rows, screen.take_warnings());
            for row in rows {
                scored += usize::from(row.features.is_some());
                sink(row)?;
            }
            Ok(())
        },
    )?;
    Ok(scored)
}

fn feature_row(scored: Scored) -> FeatureRow {
    match scored {
        Ok(scored) => {
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
