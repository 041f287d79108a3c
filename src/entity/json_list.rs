//! Lists (chains, intents, needs, tags, companies) stored as a JSON array in a text column.

/// A JSON array stored in a text column.
pub fn to_json_list<T: AsRef<str>>(items: &[T]) -> String {
    serde_json::to_string(&items.iter().map(AsRef::as_ref).collect::<Vec<&str>>())
        .unwrap_or_else(|_| "[]".into())
}

/// The items of a JSON array column; a column that is not one reads as empty.
pub fn from_json_list(raw: &str) -> Vec<String> {
    serde_json::from_str(raw).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_round_trip_and_garbage_reads_as_empty() {
        let raw = to_json_list(&["terminal", "display.lcd"]);
        assert_eq!(from_json_list(&raw), vec!["terminal", "display.lcd"]);
        assert!(from_json_list("not json").is_empty());
    }
}
