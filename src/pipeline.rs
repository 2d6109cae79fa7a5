//! The pipeline from corpus to scored documents: match each document and compute its
//! features, in parallel (each worker keeps its own cache of word readings).

use rayon::prelude::*;

use crate::corpus::Document;
use crate::features::{features, Features, StanceParams};
use crate::matching::{DocumentMatches, FormsCache, Matcher};

/// A document with its matches and features.
#[derive(Debug, Clone)]
pub struct ScoredDocument {
    pub document: Document,
    pub matched: DocumentMatches,
    pub features: Features,
}

/// Scores one document.
pub fn score(matcher: &Matcher, params: &StanceParams, document: Document, cache: &mut FormsCache) -> ScoredDocument {
    let matched = matcher.analyse(&document.text, cache);
    let features = features(matcher.lexicon(), params, &document.id, &matched);
    ScoredDocument { document, matched, features }
}

/// Scores documents in parallel, keeping their order.
pub fn score_all(matcher: &Matcher, params: &StanceParams, documents: Vec<Document>) -> Vec<ScoredDocument> {
    documents
        .into_par_iter()
        .map_init(FormsCache::default, |cache, doc| score(matcher, params, doc, cache))
        .collect()
}
