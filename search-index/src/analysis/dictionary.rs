//! The domain dictionary shipped in `dict/`: the plan's industry vocabulary, company names,
//! place names of 咸宁市, job titles, and the short forms people type for some terms.
//!
//! These terms are added to jieba (so they stay whole words) and drive the substring pass that
//! guarantees full recall for them (see [`super::Analyzer`]).

use std::collections::HashMap;

use super::normalize::{is_cjk, normalize};

/// The dictionary files, embedded at compile time (companies second: see [`Dictionary`]).
const SOURCES: [&str; 4] = [
    include_str!("../../dict/industry.txt"),
    include_str!("../../dict/companies.txt"),
    include_str!("../../dict/titles.txt"),
    include_str!("../../dict/places.txt"),
];
const COMPANIES: usize = 1;
const ALIASES: &str = include_str!("../../dict/aliases.txt");

/// The loaded dictionary.
pub(crate) struct Dictionary {
    /// All terms, folded, without duplicates, in file order (aliases last).
    pub(crate) terms: Vec<String>,
    /// Per term: true for a company name (its prefixes are indexed too: 长飞 for 长飞光纤).
    pub(crate) company: Vec<bool>,
    /// Per term: its short forms that are not substrings of it (液晶屏 for 液晶显示屏).
    pub(crate) aliases: Vec<Vec<String>>,
}

/// A term must hold at least one Chinese character and be at least two characters long:
/// pure Latin words ("LED") would match inside unrelated words (ledger) as substrings, and a
/// single character would match nearly everything.
fn acceptable(term: &str) -> bool {
    term.chars().count() >= 2 && term.chars().any(is_cjk)
}

fn lines(source: &str) -> impl Iterator<Item = &str> {
    source
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Loads the embedded dictionary.
pub(crate) fn load() -> Dictionary {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut d = Dictionary {
        terms: Vec::new(),
        company: Vec::new(),
        aliases: Vec::new(),
    };
    let mut add = |d: &mut Dictionary, term: String, company: bool| -> Option<usize> {
        if !acceptable(&term) {
            return None;
        }
        let at = *seen.entry(term.clone()).or_insert_with(|| {
            d.terms.push(term);
            d.company.push(company);
            d.aliases.push(Vec::new());
            d.terms.len() - 1
        });
        Some(at)
    };
    for (source_no, source) in SOURCES.iter().enumerate() {
        for line in lines(source) {
            add(&mut d, normalize(line), source_no == COMPANIES);
        }
    }
    for line in lines(ALIASES) {
        let mut forms = line.split_whitespace().map(normalize);
        let Some(Some(main)) = forms.next().map(|t| add(&mut d, t, false)) else {
            continue;
        };
        for alias in forms {
            if add(&mut d, alias.clone(), false).is_some() && !d.terms[main].contains(&alias) {
                d.aliases[main].push(alias);
            }
        }
    }
    d
}

/// All dictionary terms, folded, without duplicates, in file order.
#[cfg(test)]
pub(crate) fn load_terms() -> Vec<String> {
    load().terms
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

    #[test]
    fn companies_and_aliases_are_marked() {
        let d = load();
        let at = |t: &str| d.terms.iter().position(|x| x == t).expect(t);
        assert!(d.company[at("长飞光纤")]);
        assert!(!d.company[at("光纤预制棒")]);
        assert_eq!(d.aliases[at("液晶显示屏")], vec!["液晶屏".to_string()]);
    }
}
