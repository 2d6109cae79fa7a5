//! Naming a few of many in a message: "a, b, c and 4 more". Warnings about skipped files,
//! documents without metadata or coded ids that match nothing all list examples this way.

/// The first few of `total` names (`shown`), joined by commas, then "and N more" for the
/// rest.
pub fn few_of(shown: impl IntoIterator<Item = String>, total: usize) -> String {
    let shown: Vec<String> = shown.into_iter().collect();
    let mut text = shown.join(", ");
    if total > shown.len() {
        text += &format!(" and {} more", total - shown.len());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rest_is_counted() {
        let names = ["a", "b", "c"].map(String::from);
        assert_eq!(few_of(names.clone(), 5), "a, b, c and 2 more");
        assert_eq!(few_of(names, 3), "a, b, c");
    }
}
