//! Building tantivy queries by hand from user text and filters.
//!
//! User text never goes through tantivy's query parser: it is folded and segmented by the same
//! analyzer as the documents, and the resulting words become term queries. Quotes, `AND`, `*`,
//! `:` and the like are therefore just characters (punctuation is dropped, `and` is a word), and
//! no input can make a query fail to build.

use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use crate::analysis::{analyzer, normalize};
use crate::schema::Fields;

/// Words of a search that must all match; more are ignored.
pub(crate) const MAX_SEARCH_TERMS: usize = 32;
/// Words of a project text used for matching; more are ignored.
pub(crate) const MAX_MATCH_TERMS: usize = 32;
/// Characters of query text analysed; the rest cannot contribute terms within the caps anyway
/// and would only cost segmentation time.
const MAX_QUERY_CHARS: usize = 2000;
/// Score of a same-segment person in matching, as a boost on that term's BM25.
const SEGMENT_BOOST: f32 = 1.0;
/// Score of a same-chain person in matching.
const CHAIN_BOOST: f32 = 0.5;

/// Frequent words of project prose that say nothing about who fits it. Dropping them keeps
/// match queries fast on large indexes (their posting lists are the longest).
const MATCH_STOPWORDS: [&str; 40] = [
    "发展", "重点", "推进", "加快", "建设", "企业", "产业", "项目", "需要", "需求", "进行", "提供",
    "相关", "以及", "我们", "公司", "主要", "开展", "实现", "推动", "提升", "支持", "引进", "合作",
    "生产", "计划", "拟", "已", "一个", "一批", "能够", "具有", "通过", "其中", "目前", "方面",
    "规模", "形成", "打造", "万元",
];

/// Folds and truncates query text before segmentation.
fn prepare(text: &str) -> String {
    let cut = text
        .char_indices()
        .nth(MAX_QUERY_CHARS)
        .map_or(text.len(), |(i, _)| i);
    normalize(&text[..cut])
}

/// The words of a search: each must match somewhere.
pub(crate) fn search_terms(text: &str) -> Vec<String> {
    analyzer().query_terms(&prepare(text), MAX_SEARCH_TERMS)
}

/// The words of a project text that are compared with people's texts.
pub(crate) fn match_terms(text: &str) -> Vec<String> {
    let mut terms = analyzer().query_terms(&prepare(text), MAX_MATCH_TERMS * 2);
    terms.retain(|t| t.chars().count() >= 2 && !MATCH_STOPWORDS.contains(&t.as_str()));
    terms.truncate(MAX_MATCH_TERMS);
    terms
}

fn term_query(field: Field, term: &str, boost: f32) -> Box<dyn Query> {
    let q = TermQuery::new(
        Term::from_field_text(field, term),
        IndexRecordOption::WithFreqs,
    );
    if boost == 1.0 {
        Box::new(q)
    } else {
        Box::new(BoostQuery::new(Box::new(q), boost))
    }
}

/// One search word's query: the word in either text field (scores summed).
pub(crate) fn word_query(f: &Fields, term: &str) -> Box<dyn Query> {
    Box::new(BooleanQuery::union(word_clauses(f, term)))
}

/// The term queries of a search word, one per text field, with the field's boost.
pub(crate) fn word_clauses(f: &Fields, term: &str) -> Vec<Box<dyn Query>> {
    f.search_fields()
        .into_iter()
        .map(|(field, boost)| term_query(field, term, boost))
        .collect()
}

/// Term queries of a project's words over the `what` field (a flat list, so a union of them
/// can use block-max pruning).
pub(crate) fn match_text_clauses(f: &Fields, terms: &[String]) -> Vec<Box<dyn Query>> {
    terms.iter().map(|t| term_query(f.what, t, 1.0)).collect()
}

/// Term queries that make people of the project's segment, and less so of its chain, candidates
/// even without any word in common.
pub(crate) fn match_chain_clauses(f: &Fields, segment: Option<&str>) -> Vec<Box<dyn Query>> {
    let Some(segment) = segment.map(str::trim).filter(|s| !s.is_empty()) else {
        return Vec::new();
    };
    let mut out = vec![term_query(f.chain, segment, SEGMENT_BOOST)];
    if let Some((chain, _)) = segment.split_once('.')
        && !chain.is_empty()
    {
        out.push(term_query(f.chain, chain, CHAIN_BOOST));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_terms_drop_stopwords_and_single_characters() {
        let terms = match_terms("拟引进光模块企业，重点发展光纤预制棒的生产");
        assert!(terms.contains(&"光模块".to_string()), "{terms:?}");
        assert!(terms.contains(&"光纤预制棒".to_string()), "{terms:?}");
        assert!(
            !terms
                .iter()
                .any(|t| t == "企业" || t == "的" || t == "重点"),
            "{terms:?}"
        );
    }

    #[test]
    fn huge_query_text_is_truncated() {
        // Cut after 2,000 characters: the last word may be cut too (光模).
        let terms = search_terms(&"光模块".repeat(100_000));
        assert_eq!(terms.first().map(String::as_str), Some("光模块"));
        assert!(terms.len() <= 2, "{terms:?}");
    }
}
