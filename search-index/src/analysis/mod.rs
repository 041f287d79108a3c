//! Chinese text analysis: jieba segmentation with the domain dictionary, the substring pass
//! that makes dictionary terms always findable, and pinyin forms of names and places.
//!
//! # The recall guarantee for dictionary terms
//!
//! jieba may cut a dictionary term differently depending on its neighbours (光纤预制棒产线 could
//! come out as 光纤 / 预制 / 棒产线). So the index does not rely on jieba for them:
//!
//! * at index time every text also yields one term for each dictionary term occurring in it as
//!   a substring (Aho-Corasick, overlapping matches), besides jieba's search-mode words;
//! * at query time the text is segmented dictionary-first: leftmost-longest dictionary matches
//!   stay whole, and only the gaps between them go through jieba.
//!
//! A query for a dictionary term is therefore exactly that one term, and every document whose
//! (folded) text contains it carries that term.

mod dictionary;
mod normalize;
mod pinyin;
mod tokenizer;

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use jieba_rs::Jieba;

pub(crate) use normalize::{normalize, normalize_with_offsets};
pub(crate) use pinyin::{name_pinyin, place_pinyin};
pub(crate) use tokenizer::{Part, TOKENIZER, register_tokenizers, tag_into};

/// Longest term kept, in bytes: longer "words" are URLs or junk and would only bloat the index.
const MAX_TERM_BYTES: usize = 96;

/// The segmenter and dictionary automata, built once per process and shared (tantivy clones
/// tokenizers per field per query; cloning an `Arc` is free, cloning jieba's dictionary is not).
pub(crate) struct Analyzer {
    jieba: Jieba,
    /// Every dictionary term, overlapping matches (index time).
    overlapping: AhoCorasick,
    /// Leftmost-longest dictionary matches (query segmentation).
    longest: AhoCorasick,
    terms: Vec<String>,
}

static ANALYZER: LazyLock<Arc<Analyzer>> = LazyLock::new(|| Arc::new(Analyzer::new()));

/// The process-wide analyzer (built on first use, ~0.2 s in release builds).
pub(crate) fn analyzer() -> &'static Arc<Analyzer> {
    &ANALYZER
}

/// The folded dictionary terms the recall guarantee covers (for tests and tooling).
pub fn dictionary_terms() -> &'static [String] {
    &analyzer().terms
}

/// A token worth indexing or searching: has a letter, digit or ideograph, and is not huge.
fn is_word(w: &str) -> bool {
    w.len() <= MAX_TERM_BYTES
        && w.chars().any(|c| {
            c.is_ascii_alphanumeric()
                || normalize::is_cjk(c)
                || (!c.is_ascii() && c.is_alphanumeric())
        })
}

impl Analyzer {
    fn new() -> Analyzer {
        let terms = dictionary::load_terms();
        let mut jieba = Jieba::new();
        for term in &terms {
            // Words jieba already knows keep their frequency; new ones get the frequency that
            // just makes jieba keep them whole.
            if !jieba.has_word(term) {
                jieba.add_word(term, None, None);
            }
        }
        // The patterns are the embedded dictionary: building can only fail if that file is
        // broken, which the crate's tests catch.
        // A full DFA: the index-time scan runs over every text of every profile, and the
        // dictionary is small enough (a few thousand terms) for its table to stay modest.
        let overlapping = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&terms)
            .expect("embedded dictionary builds an automaton");
        let longest = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&terms)
            .expect("embedded dictionary builds an automaton");
        Analyzer {
            jieba,
            overlapping,
            longest,
            terms,
        }
    }

    /// Calls `sink(term, start, end)` for every index term of already-folded text: jieba's
    /// search-mode words, then each dictionary term occurring in the text that jieba did not
    /// already produce at the same place (so a word is not counted twice).
    pub(crate) fn index_terms(&self, norm: &str, mut sink: impl FnMut(&str, usize, usize)) {
        let tokens = self.jieba.cut_for_search(norm, true);
        let mut spans: Vec<(usize, usize)> = Vec::with_capacity(tokens.len());
        for t in &tokens {
            if is_word(t.word) {
                sink(t.word, t.byte_start, t.byte_end);
                spans.push((t.byte_start, t.byte_end));
            }
        }
        spans.sort_unstable();
        for m in self.overlapping.find_overlapping_iter(norm) {
            if spans.binary_search(&(m.start(), m.end())).is_err() {
                sink(&norm[m.start()..m.end()], m.start(), m.end());
            }
        }
    }

    /// Index terms of a person's name: those of [`Self::index_terms`], the whole name, and each
    /// ideograph (so a search for the surname alone, or a name jieba cuts oddly, still finds it).
    pub(crate) fn name_terms(&self, norm: &str, mut sink: impl FnMut(&str, usize, usize)) {
        let trimmed = norm.trim();
        if is_word(trimmed) {
            let start = norm.len() - norm.trim_start().len();
            sink(trimmed, start, start + trimmed.len());
        }
        self.index_terms(norm, &mut sink);
        for (pos, c) in norm.char_indices() {
            if normalize::is_cjk(c) {
                sink(&norm[pos..pos + c.len_utf8()], pos, pos + c.len_utf8());
            }
        }
    }

    /// Distinct search terms of already-folded query text, in order, at most `max`:
    /// dictionary terms whole (leftmost-longest), the text between them cut by jieba.
    pub(crate) fn query_terms(&self, norm: &str, max: usize) -> Vec<String> {
        let mut words: Vec<&str> = Vec::new();
        let mut pos = 0;
        for m in self.longest.find_iter(norm) {
            if m.start() > pos {
                words.extend(
                    self.jieba
                        .cut(&norm[pos..m.start()], true)
                        .iter()
                        .map(|t| t.word),
                );
            }
            words.push(&norm[m.start()..m.end()]);
            pos = m.end();
        }
        if pos < norm.len() {
            words.extend(self.jieba.cut(&norm[pos..], true).iter().map(|t| t.word));
        }
        let mut seen: HashSet<&str> = HashSet::new();
        words
            .into_iter()
            .filter(|w| is_word(w) && seen.insert(w))
            .take(max)
            .map(str::to_string)
            .collect()
    }

    /// True if `term` (folded) is a dictionary term.
    #[cfg(test)]
    pub(crate) fn is_dictionary_term(&self, term: &str) -> bool {
        self.terms.iter().any(|t| t == term)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        analyzer().index_terms(&normalize(text), |t, _, _| out.push(t.to_string()));
        out
    }

    #[test]
    fn dictionary_term_is_indexed_even_when_jieba_cuts_across_it() {
        let terms = index_terms("建设光纤预制棒产线和光模块封装");
        assert!(terms.contains(&"光纤预制棒".to_string()), "{terms:?}");
        assert!(terms.contains(&"光模块".to_string()), "{terms:?}");
    }

    #[test]
    fn query_keeps_dictionary_terms_whole() {
        let a = analyzer();
        assert!(a.is_dictionary_term("光纤预制棒"));
        assert_eq!(a.query_terms("光纤预制棒", 32), vec!["光纤预制棒"]);
        let q = a.query_terms("光纤预制棒产线 研发总监", 32);
        assert_eq!(q.first().map(String::as_str), Some("光纤预制棒"));
        assert!(q.contains(&"研发总监".to_string()), "{q:?}");
    }

    #[test]
    fn query_drops_punctuation_and_caps_terms() {
        let a = analyzer();
        assert!(a.query_terms("\"*:()   😀", 32).is_empty());
        let long = "工程师 ".repeat(10) + &"abc ".repeat(100);
        assert!(a.query_terms(&normalize(&long), 5).len() <= 5);
    }

    #[test]
    fn each_word_is_emitted_once_per_place() {
        let terms = index_terms("光模块");
        assert_eq!(
            terms.iter().filter(|t| *t == "光模块").count(),
            1,
            "{terms:?}"
        );
    }
}
