//! Splits a decoded document into normalised word tokens, each carrying its exact span in
//! the original text (in characters), its sentence and clause, and the quotation it sits in.
//!
//! One pass over the characters: normalisation (see `normalize`) decides what is a word
//! character; punctuation closes clauses and sentences; quotation marks open and close
//! quoted stretches. A quotation still open at the end of a paragraph was never a
//! quotation (a stray mark), so its tokens are released again.
//!
//! A line break ends a sentence, except in hard-wrapped text (a PDF's or an e-mail's,
//! most lines broken in mid-sentence), where a single line break is a space and only a
//! blank line ends a paragraph.

use std::ops::Range;

use super::normalize::{is_format_char, is_plain_letter, is_word_char, normalize_char};

/// One word of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Start of the word in the original text, in characters.
    pub start: usize,
    /// End (exclusive) in the original text, in characters; trailing diacritics included.
    pub end: usize,
    /// Range of the normalised form in [`Tokens::norm_text`].
    norm: Range<usize>,
    /// Sentence number, from 0.
    pub sentence: usize,
    /// Clause number, from 0, counted over the whole document.
    pub clause: usize,
    /// Index into [`Tokens::quotes`] of the quotation this word is inside, if any.
    pub quote: Option<usize>,
}

/// The tokens of one document with the structure around them.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    pub tokens: Vec<Token>,
    norm_buf: String,
    /// Token ranges of the quotations (balanced quotation marks within a paragraph).
    pub quotes: Vec<Range<usize>>,
    /// Character spans of the sentences in the original text.
    pub sentence_spans: Vec<Range<usize>>,
    /// The tokens written with a shadda, in order (a few: news is seldom vocalised).
    with_shadda: Vec<usize>,
}

impl Tokens {
    /// The normalised form of token `i`.
    pub fn norm(&self, i: usize) -> &str {
        &self.norm_buf[self.tokens[i].norm.clone()]
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether token `i` is written with a shadda, which normalising drops: غيّر
    /// ('changed') then reads as غير ('not').
    pub fn has_shadda(&self, i: usize) -> bool {
        self.with_shadda.binary_search(&i).is_ok()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Number of sentences (at least one for a non-empty document).
    pub fn sentence_count(&self) -> usize {
        self.sentence_spans.len()
    }
}

/// What a non-word character does to the structure around words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Space,
    ClauseEnd,
    SentenceEnd,
    ParagraphEnd,
    QuoteOpen,
    QuoteClose,
    /// A mark that opens or closes, of its kind: straight and curly double quotes, or
    /// single ones.
    QuoteToggle(QuoteKind),
}

/// The kind of mark a quotation is opened with; one closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteKind {
    Guillemet,
    Double,
    /// ' ‘ ’: in Arabic text a quotation mark, not an apostrophe.
    Single,
}

fn classify(c: char) -> Mark {
    match c {
        '\n' | '\r' | '\u{2029}' => Mark::ParagraphEnd,
        '.' | '!' | '?' | '؟' | '…' | '۔' => Mark::SentenceEnd,
        '،' | ',' | '؛' | ';' | ':' => Mark::ClauseEnd,
        '«' | '‹' => Mark::QuoteOpen,
        '»' | '›' => Mark::QuoteClose,
        // „ opens what “ or ” closes, as the straight and curly marks pair.
        '"' | '“' | '”' | '″' | '„' => Mark::QuoteToggle(QuoteKind::Double),
        '\'' | '‘' | '’' => Mark::QuoteToggle(QuoteKind::Single),
        _ => Mark::Space,
    }
}

/// Tokenises `text`. Offsets are in characters (Unicode scalar values).
pub fn tokenize(text: &str) -> Tokens {
    tokenize_into(text, Tokens::default())
}

/// Tokenises `text` into the buffers of `spare` (emptied first), so that a worker
/// scoring document after document allocates its token lists once, not once a document.
pub fn tokenize_into(text: &str, mut spare: Tokens) -> Tokens {
    spare.tokens.clear();
    spare.norm_buf.clear();
    spare.quotes.clear();
    spare.sentence_spans.clear();
    spare.with_shadda.clear();
    let mut builder = Builder {
        out: spare,
        ..Builder::default()
    };
    let wrapped = is_hard_wrapped(text);
    let (mut index, mut rest) = (0, text);
    while let Some(c) = rest.chars().next() {
        let letters = plain_letters(rest);
        if wrapped && matches!(c, '\n' | '\r') && is_single_line_break(rest) {
            builder.close_word();
            index += 1;
            rest = &rest[1..];
        } else if letters > 0 {
            builder.push_letters(index, &rest[..2 * letters], letters);
            index += letters;
            rest = &rest[2 * letters..];
        } else {
            builder.push_char(index, c);
            index += 1;
            rest = &rest[c.len_utf8()..];
        }
    }
    builder.finish(index)
}

/// Whether `text` is hard-wrapped: of the line breaks between two lines with text, at
/// least three, and most, fall where no sentence ends.
fn is_hard_wrapped(text: &str) -> bool {
    let (mut within, mut open) = (0usize, 0usize);
    let mut lines = text.lines().map(str::trim);
    let Some(mut previous) = lines.next() else {
        return false;
    };
    for line in lines {
        if !previous.is_empty() && !line.is_empty() {
            within += 1;
            let ends = previous.chars().next_back().is_some_and(|c| {
                matches!(
                    classify(c),
                    Mark::SentenceEnd | Mark::ClauseEnd | Mark::QuoteClose | Mark::QuoteToggle(_)
                )
            });
            open += usize::from(!ends);
        }
        previous = line;
    }
    within >= 3 && open * 2 > within
}

/// Whether the white space `text` begins with breaks the line once (LF, CR LF or CR),
/// not twice (a blank line).
fn is_single_line_break(text: &str) -> bool {
    let run = text
        .find(|c: char| !matches!(c, ' ' | '\t' | '\r' | '\n'))
        .map_or(text, |end| &text[..end]);
    // CR LF is one break, as a lone LF or CR is.
    run.matches(['\n', '\r']).count() - run.matches("\r\n").count() == 1
}

/// How many characters `text` begins with that are plain letters ([`is_plain_letter`]),
/// all of them two bytes in UTF-8. Most of an Arabic text is such runs, and copying a
/// run at once costs a fraction of decoding and pushing it a character at a time.
fn plain_letters(text: &str) -> usize {
    text.as_bytes()
        .chunks_exact(2)
        .take_while(|pair| {
            matches!(pair[0], 0xD8 | 0xD9)
                && PLAIN_0600[usize::from(pair[0] & 1) << 6 | usize::from(pair[1] & 0x3F)]
        })
        .count()
}

/// [`is_plain_letter`] for U+0600..U+067F, whose UTF-8 is a lead byte 0xD8 or 0xD9 and a
/// continuation byte: indexed by the lead's last bit and the continuation's six bits, it
/// answers in one load for the letters that make up most of the text.
const PLAIN_0600: [bool; 128] = {
    let mut table = [false; 128];
    let mut i = 0;
    while i < 128 {
        table[i] = match char::from_u32(0x600 + i as u32) {
            Some(c) => is_plain_letter(c),
            None => false,
        };
        i += 1;
    }
    table
};

const SHADDA: char = '\u{0651}';

#[derive(Default)]
struct Builder {
    out: Tokens,
    /// Token being built: its start offset and the start of its normalised form.
    open_word: Option<(usize, usize)>,
    last_end: usize,
    sentence: usize,
    clause: usize,
    sentence_start: usize,
    sentence_has_words: bool,
    /// Token index where the open quotation began, and the kind of mark that opened it.
    open_quote: Option<(usize, QuoteKind)>,
    /// Paragraphs with words the open quotation has run past.
    quote_paragraphs: usize,
    /// Token count at the last paragraph end counted in `quote_paragraphs`.
    counted_at: usize,
    /// What the open word ends in: a number and an Arabic word written together
    /// (5000مرتزق، مرتزقة٢٠٠٠) are two words.
    tail: Tail,
}

/// The kind of character a word ends or begins with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Tail {
    #[default]
    Other,
    Digit,
    Arabic,
}

impl Tail {
    fn of(c: char) -> Tail {
        if c.is_ascii_digit() || ('\u{0660}'..='\u{0669}').contains(&c) {
            Tail::Digit
        } else if c.is_ascii() {
            Tail::Other
        } else {
            Tail::Arabic
        }
    }

    /// Whether a word ending in `self` and one beginning with `next` are two words.
    fn splits_from(self, next: Tail) -> bool {
        matches!(
            (self, next),
            (Tail::Digit, Tail::Arabic) | (Tail::Arabic, Tail::Digit)
        )
    }
}

/// Paragraphs a « » quotation may run over: a quote continued in the next paragraph is
/// routine in news copy, a stray mark is not closed within a few.
const QUOTE_PARAGRAPHS: usize = 3;

impl Builder {
    /// A character other than a plain letter (those come by [`Builder::push_letters`]).
    fn push_char(&mut self, index: usize, c: char) {
        if c.is_ascii() && !c.is_ascii_alphanumeric() {
            self.close_word();
            self.apply_mark(index, classify(c));
        } else {
            self.push_normalized(index, c);
        }
    }

    /// The fast path for the commonest characters: `count` letters that normalise to
    /// themselves, the first at `index`, part of a word.
    fn push_letters(&mut self, index: usize, letters: &str, count: usize) {
        if self.tail == Tail::Digit {
            self.close_word();
        }
        self.tail = Tail::Arabic;
        if self.open_word.is_none() {
            self.open_word = Some((index, self.out.norm_buf.len()));
        }
        self.out.norm_buf.push_str(letters);
        self.last_end = index + count;
    }

    fn push_normalized(&mut self, index: usize, c: char) {
        let before = self.out.norm_buf.len();
        normalize_char(c, |n| self.out.norm_buf.push(n));
        let written = &self.out.norm_buf[before..];
        if written.is_empty() {
            // A mark or tatweel: part of the word it sits in, if any. An invisible format
            // character (a direction mark, a zero-width space) after a word is not part
            // of it; inside one, the letters after it extend the word over it.
            if self.open_word.is_some() && !is_format_char(c) {
                self.last_end = index + 1;
                self.note_shadda(c);
            }
        } else if written.chars().all(is_word_char) {
            if self.tail.splits_from(Tail::of(c)) {
                let written = self.out.norm_buf.split_off(before);
                self.close_word();
                self.out.norm_buf.push_str(&written);
            }
            self.tail = Tail::of(c);
            if self.open_word.is_none() {
                self.open_word = Some((index, before));
            }
            self.last_end = index + 1;
        } else if written.chars().any(is_word_char) {
            let expansion = self.out.norm_buf.split_off(before);
            self.close_word();
            self.push_expansion(index, &expansion);
        } else {
            // Punctuation (، « ؟): no copy of it is needed, unlike the rare ligature.
            self.out.norm_buf.truncate(before);
            self.close_word();
            self.apply_mark(index, classify(c));
        }
    }

    /// Records that the open word has a shadda if `c` is one.
    fn note_shadda(&mut self, c: char) {
        let word = self.out.tokens.len();
        if c == SHADDA && self.out.with_shadda.last() != Some(&word) {
            self.out.with_shadda.push(word);
        }
    }

    /// A single character whose normalised form holds several words (a ligature such as
    /// U+FDFA): each word gets the character's span.
    fn push_expansion(&mut self, index: usize, expansion: &str) {
        for word in expansion
            .split(|n: char| !is_word_char(n))
            .filter(|w| !w.is_empty())
        {
            let start = self.out.norm_buf.len();
            self.out.norm_buf.push_str(word);
            self.open_word = Some((index, start));
            self.last_end = index + 1;
            self.close_word();
        }
    }

    fn close_word(&mut self) {
        self.tail = Tail::Other;
        let Some((start, norm_start)) = self.open_word.take() else {
            return;
        };
        self.sentence_has_words = true;
        let quote = self.open_quote.map(|_| self.out.quotes.len());
        self.out.tokens.push(Token {
            start,
            end: self.last_end,
            norm: norm_start..self.out.norm_buf.len(),
            sentence: self.sentence,
            clause: self.clause,
            quote,
        });
    }

    fn apply_mark(&mut self, index: usize, mark: Mark) {
        match mark {
            Mark::Space => {}
            Mark::ClauseEnd => self.clause += 1,
            Mark::SentenceEnd => self.end_sentence(index + 1, index + 1),
            Mark::ParagraphEnd => {
                self.quotation_past_paragraph();
                self.end_sentence(index, index + 1);
            }
            Mark::QuoteOpen => self.open_quotation(QuoteKind::Guillemet),
            Mark::QuoteClose => self.close_quotation(QuoteKind::Guillemet),
            Mark::QuoteToggle(kind) => match self.open_quote {
                Some((_, open)) if open == kind => self.close_quotation(kind),
                Some(_) => {}
                None => self.open_quotation(kind),
            },
        }
    }

    fn open_quotation(&mut self, kind: QuoteKind) {
        // A « in a later paragraph than the open one's: before the paragraph's first word
        // it continues the quotation (the convention for a quote of several paragraphs),
        // after it the open one was a stray.
        if self.quote_paragraphs > 0 {
            if kind == QuoteKind::Guillemet && self.out.tokens.len() == self.counted_at {
                return;
            }
            self.release_open_quote();
        }
        if self.open_quote.is_none() {
            self.open_quote = Some((self.out.tokens.len(), kind));
            self.quote_paragraphs = 0;
            self.counted_at = self.out.tokens.len();
        }
    }

    /// At a paragraph end: a « » quotation runs on, up to [`QUOTE_PARAGRAPHS`]
    /// paragraphs; a straight or curly one, whose marks do not say which way they face,
    /// ends unclosed and is released.
    fn quotation_past_paragraph(&mut self) {
        let words = self.out.tokens.len();
        match self.open_quote {
            Some((_, QuoteKind::Guillemet)) if words == self.counted_at => {}
            Some((_, QuoteKind::Guillemet)) if self.quote_paragraphs + 1 < QUOTE_PARAGRAPHS => {
                self.quote_paragraphs += 1;
                self.counted_at = words;
            }
            _ => self.release_open_quote(),
        }
    }

    fn close_quotation(&mut self, kind: QuoteKind) {
        match self.open_quote {
            Some((first, open)) if open == kind => {
                let last = self.out.tokens.len();
                if last > first {
                    self.out.quotes.push(first..last);
                }
                self.open_quote = None;
            }
            _ => {}
        }
    }

    /// Forgets an unbalanced quotation: its words were never inside quotation marks.
    fn release_open_quote(&mut self) {
        if let Some((first, _)) = self.open_quote.take() {
            for token in &mut self.out.tokens[first..] {
                token.quote = None;
            }
        }
    }

    /// Closes the sentence at `end`; the next one starts at `next_start`.
    fn end_sentence(&mut self, end: usize, next_start: usize) {
        if self.sentence_has_words {
            self.out.sentence_spans.push(self.sentence_start..end);
            self.sentence += 1;
            self.clause += 1;
            self.sentence_has_words = false;
        }
        self.sentence_start = next_start;
    }

    fn finish(mut self, char_count: usize) -> Tokens {
        self.close_word();
        self.release_open_quote();
        self.end_sentence(char_count, char_count);
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each token's normalised form, character span and clause.
    fn described(tokens: &Tokens) -> Vec<(String, usize, usize, usize)> {
        (0..tokens.len())
            .map(|i| {
                let t = &tokens.tokens[i];
                (tokens.norm(i).to_string(), t.start, t.end, t.clause)
            })
            .collect()
    }

    #[test]
    fn letter_runs_and_letters_to_normalise_make_one_word_with_exact_spans() {
        let tokens = tokenize("قالَ المُرتزقةُ، أنقرة");
        let want = [
            ("قال", 0, 4, 0),
            ("المرتزقه", 5, 15, 0),
            ("انقره", 17, 22, 1),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|&(w, s, e, c)| (w.into(), s, e, c))
            .collect();
        assert_eq!(described(&tokens), want);
    }

    /// The sentence of each token.
    fn sentences(text: &str) -> Vec<usize> {
        tokenize(text).tokens.iter().map(|t| t.sentence).collect()
    }

    #[test]
    fn a_single_line_break_is_a_space_in_hard_wrapped_text_only() {
        // Broken in mid-sentence, as a PDF's text is, with CR LF and a blank line.
        let wrapped = "أكد المتحدث أن الغزو\r\nالتركي مستمر وأن المرتزقة\r\nما زالوا في\r\nطرابلس رغم الهدنة\r\nالمعلنة.\r\n\r\nفقرة ثانية";
        let s = sentences(wrapped);
        assert!(s[..s.len() - 2].iter().all(|&n| n == 0), "{s:?}");
        assert_eq!(s[s.len() - 2..], [1, 1]);
        // One paragraph a line, and a title without a full stop.
        let paragraphs = "عنوان المقال\nالفقرة الأولى.\nالفقرة الثانية.\nالفقرة الثالثة.\nالرابعة.";
        assert_eq!(sentences(paragraphs), [0, 0, 1, 1, 2, 2, 3, 3, 4]);
    }

    /// The normalised words of `text` inside a quotation.
    fn quoted(text: &str) -> Vec<String> {
        let t = tokenize(text);
        (0..t.len())
            .filter(|&i| t.tokens[i].quote.is_some())
            .map(|i| t.norm(i).to_string())
            .collect()
    }

    #[test]
    fn a_guillemet_quotation_runs_over_a_line_break_but_a_stray_one_is_released() {
        assert_eq!(
            quoted("قال: «الغزو مرفوض.\nوالمرتزقة يرحلون».\n"),
            ["الغزو", "مرفوض", "والمرتزقه", "يرحلون"]
        );
        assert!(quoted("وصل «المرتزقة\nثم الغزو.\nوالقصف.\nوالحصار.\nنهاية » هنا.").is_empty());
        assert!(quoted("قال \"الغزو\nمرفوض\" هنا").is_empty());
        // A quote continued with a new « at the start of the next paragraph.
        assert_eq!(
            quoted("قال: «الغزو مرفوض.\n«والمرتزقة يرحلون».\nانتهى."),
            ["الغزو", "مرفوض", "والمرتزقه", "يرحلون"]
        );
    }

    #[test]
    fn single_quotation_marks_quote_and_pair_with_their_own_kind() {
        assert_eq!(quoted("اسم 'الجيش الوطني' منذ"), ["الجيش", "الوطني"]);
        assert_eq!(quoted("اسم ‘الجيش الوطني’ منذ"), ["الجيش", "الوطني"]);
        // A single mark inside a double quotation does not close it.
        assert_eq!(
            quoted("قال \"إن 'الجيش' يتقدم\" أمس"),
            ["ان", "الجيش", "يتقدم"]
        );
        // A stray one is released at the paragraph's end.
        assert!(quoted("وصل 'الغزو التركي.\nثم انتهى.").is_empty());
    }

    #[test]
    fn a_direction_mark_after_a_word_is_not_part_of_it() {
        // أردوغان + RLM, then a space; and a ZWNJ inside a word.
        let tokens = tokenize("قال أردوغان\u{200F} اليوم مرت\u{200C}زقة");
        let spans: Vec<(usize, usize)> = tokens.tokens.iter().map(|t| (t.start, t.end)).collect();
        assert_eq!(spans, [(0, 3), (4, 11), (13, 18), (19, 26)]);
        assert_eq!(tokens.norm(3), "مرتزقه");
    }

    #[test]
    fn reused_buffers_give_what_fresh_ones_give() {
        let long = "«قالت» الحكومة: إن المرتزقة، والقوات التركية.\nطرابلس ".repeat(20);
        let short = "غزو \"تركي\" ليبيا؟ نعم";
        let reused = tokenize_into(short, tokenize(&long));
        let fresh = tokenize(short);
        assert_eq!(described(&reused), described(&fresh));
        assert_eq!(reused.quotes, fresh.quotes);
        assert_eq!(reused.sentence_spans, fresh.sentence_spans);
    }
}
