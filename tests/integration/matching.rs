//! The matching model as a table: docs/matching.md holds real forms from the seed
//! articles and from Arabic news coverage, the lexicon term, and what matches; the test
//! runs every row.

use mizan::lexicon::Pattern;
use mizan::matching::{find_in_text, FormsCache, PatternSet};
use mizan::report::char_slice;

/// The surfaces `terms` match in `text`, longest match winning.
fn surfaces(terms: &[&str], text: &str) -> Vec<String> {
    let set = PatternSet::new(terms.iter().map(|t| Pattern::parse(t).unwrap()));
    let (tokens, hits) = find_in_text(&set, text, &mut FormsCache::default());
    hits.iter()
        .map(|h| {
            let span = tokens.tokens[h.tokens.start].start..tokens.tokens[h.tokens.end - 1].end;
            char_slice(text, span).to_string()
        })
        .collect()
}

/// One row of the examples table in docs/matching.md.
struct Case {
    text: String,
    term: String,
    expected: Option<String>,
    why: String,
}

/// Reads the rows of section "4. Examples" of docs/matching.md: the documentation and the
/// tests are the same table.
fn documented_cases() -> Vec<Case> {
    let doc = std::fs::read_to_string(crate::util::root().join("docs/matching.md")).unwrap();
    let section = doc
        .split("## 4. Examples")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let cell = |s: &str| s.trim().trim_matches('`').to_string();
    section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.trim().trim_matches('|').split('|').collect();
            let expected = cell(cells[2]);
            Case {
                text: cell(cells[0]),
                term: cell(cells[1]),
                expected: (expected != "—").then_some(expected),
                why: cells[3].trim().to_string(),
            }
        })
        .collect()
}

#[test]
fn matching_table_holds_for_every_documented_form() {
    let cases = documented_cases();
    assert!(
        cases.len() >= 60,
        "docs/matching.md has only {} examples",
        cases.len()
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            let got = surfaces(&[&c.term], &c.text);
            let want: Vec<String> = c.expected.iter().cloned().collect();
            (got != want).then(|| {
                format!(
                    "{} / {}: expected {want:?}, got {got:?} ({})",
                    c.text, c.term, c.why
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn longest_match_wins_and_weightless_phrases_can_exclude() {
    let text = "وصلت مرتزقة فاغنر ثم المرتزقة السوريون";
    let got = surfaces(&["مرتزقة", "مرتزقة فاغنر"], text);
    assert_eq!(got, ["مرتزقة فاغنر", "المرتزقة"]);
}

#[test]
fn offsets_cover_exactly_the_surface_in_mixed_text() {
    let text = "قال: «الغزو التركي» لليبيا 2020، و\u{FEFB} للمرتزقة.";
    let got = surfaces(&["الغزو التركي", "مرتزقة", "ليبيا"], text);
    assert_eq!(got, ["الغزو التركي", "لليبيا", "للمرتزقة"]);
}
