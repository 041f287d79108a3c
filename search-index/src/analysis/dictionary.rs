//! The domain dictionary shipped in `dict/`: the plan's industry vocabulary, company names,
//! place names of 咸宁市 and job titles.
//!
//! These terms are added to jieba (so they stay whole words) and drive the substring pass that
//! guarantees full recall for them (see [`super::Analyzer`]).

use std::collections::HashSet;

use super::normalize::{is_cjk, normalize};

/// The dictionary files, embedded at compile time.
const SOURCES: [&str; 4] = [
    include_str!("../../dict/industry.txt"),
    include_str!("../../dict/companies.txt"),
    include_str!("../../dict/titles.txt"),
    include_str!("../../dict/places.txt"),
];

/// All dictionary terms, folded, without duplicates, in file order.
///
/// A term must hold at least one Chinese character and be at least two characters long:
/// pure Latin words ("LED") would match inside unrelated words (ledger) as substrings, and a
/// single character would match nearly everything.
pub(crate) fn load_terms() -> Vec<String> {
    let mut seen = HashSet::new();
    let mut terms = Vec::new();
    for source in SOURCES {
        for line in source.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let term = normalize(line);
            if term.chars().count() >= 2 && term.chars().any(is_cjk) && seen.insert(term.clone()) {
                terms.push(term);
            }
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_holds_plan_companies_places_and_titles() {
        let terms = load_terms();
        assert!(terms.len() > 2000, "only {} terms", terms.len());
        for t in [
            "光纤预制棒",
            "液晶显示模组",
            "信维通信",
            "隽水镇",
            "隽水",
            "研发总监",
            "led背光模组",
        ] {
            assert!(terms.iter().any(|x| x == t), "missing {t}");
        }
        assert!(!terms.iter().any(|x| x == "led"));
    }
}
