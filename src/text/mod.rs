//! Stage 2 of the pipeline: from decoded text to normalised tokens with their sentences,
//! clauses and quotations, and the clitic readings a lexicon word is matched against.

mod clitics;
mod normalize;
mod tokenize;

pub use clitics::{has_article, has_preposition_bi, is_only_article, WordForms};
pub use normalize::{
    ascii_digit, is_format_char, normalize, normalize_char, parse_number, TATWEEL,
};
pub use tokenize::{tokenize, tokenize_into, Token, Tokens};
