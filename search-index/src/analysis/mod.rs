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

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use jieba_rs::Jieba;

pub(crate) use normalize::{normalize, normalize_with_offsets};
pub(crate) use pinyin::{name_pinyin, place_pinyin, spellings};
pub(crate) use tokenizer::{Part, TOKENIZER, register_tokenizers, tag_into};

/// Longest term kept, in bytes: longer "words" are URLs or junk and would only bloat the index.
const MAX_TERM_BYTES: usize = 96;
/// Suffixes of a village or community name that a query may carry or not (石泉村, 石泉村委会 and
/// 石泉 all mean the same village); longest first.
const VILLAGE_SUFFIXES: [&str; 6] = ["村民委员会", "居民委员会", "村委会", "居委会", "社区", "村"];
/// Spellings considered per word when looking for a suggestion (polyphonic characters multiply).
const MAX_SPELLINGS: usize = 8;

/// The segmenter and dictionary automata, built once per process and shared (tantivy clones
/// tokenizers per field per query; cloning an `Arc` is free, cloning jieba's dictionary is not).
pub(crate) struct Analyzer {
    jieba: Jieba,
    /// Every dictionary term, overlapping matches (index time).
    overlapping: AhoCorasick,
    /// Leftmost-longest dictionary matches (query segmentation).
    longest: AhoCorasick,
    terms: Vec<String>,
    /// Per term: a company name, whose prefixes are indexed (长飞 for 长飞光纤).
    company: Vec<bool>,
    /// Per term: short forms indexed with it (液晶屏 for 液晶显示屏).
    aliases: Vec<Vec<String>>,
    /// The prefixes of company names (two characters or more), kept whole in a query.
    company_prefixes: HashSet<String>,
    /// Dictionary terms (their index in `terms`) by plain pinyin, for suggestions; built on
    /// first use.
    by_pinyin: LazyLock<HashMap<String, Vec<u32>>>,
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
        let dictionary::Dictionary {
            terms,
            company,
            aliases,
        } = dictionary::load();
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
        let company_prefixes = terms
            .iter()
            .zip(&company)
            .filter(|(_, c)| **c)
            .flat_map(|(t, _)| prefixes(t).map(str::to_string).collect::<Vec<_>>())
            .collect();
        Analyzer {
            jieba,
            overlapping,
            longest,
            terms,
            company,
            aliases,
            company_prefixes,
            by_pinyin: LazyLock::new(|| {
                let mut map: HashMap<String, Vec<u32>> = HashMap::new();
                for (i, term) in dictionary::load().terms.iter().enumerate() {
                    if term.chars().all(normalize::is_cjk) {
                        for spelling in spellings(term, MAX_SPELLINGS) {
                            map.entry(spelling)
                                .or_default()
                                .push(u32::try_from(i).unwrap_or(u32::MAX));
                        }
                    }
                }
                map
            }),
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
        // Latin and digit runs inside Chinese words (LED of LED照明, 5G of 5G基站): jieba keeps
        // the dictionary term whole and would not give them on their own.
        let mut run: Option<usize> = None;
        for (pos, c) in norm
            .char_indices()
            .chain(std::iter::once((norm.len(), ' ')))
        {
            match (run, c.is_ascii_alphanumeric()) {
                (None, true) => run = Some(pos),
                (Some(start), false) => {
                    run = None;
                    if pos - start >= 2 && pos - start <= MAX_TERM_BYTES {
                        spans.push((start, pos));
                        if !tokens
                            .iter()
                            .any(|t| t.byte_start == start && t.byte_end == pos)
                        {
                            sink(&norm[start..pos], start, pos);
                        }
                    }
                }
                _ => {}
            }
        }
        spans.sort_unstable();
        for m in self.overlapping.find_overlapping_iter(norm) {
            let (start, end) = (m.start(), m.end());
            if spans.binary_search(&(start, end)).is_err() {
                sink(&norm[start..end], start, end);
            }
            let pattern = m.pattern().as_usize();
            if self.company.get(pattern).copied().unwrap_or(false) {
                for prefix in prefixes(&norm[start..end]) {
                    let to = start + prefix.len();
                    if spans.binary_search(&(start, to)).is_err() {
                        sink(prefix, start, to);
                    }
                }
            }
            for alias in self.aliases.get(pattern).into_iter().flatten() {
                sink(alias, start, end);
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
    /// A village written with its suffix (石泉村, 石泉村委会) stands for its name: the stem is
    /// what every form of the place has in common.
    pub(crate) fn query_terms(&self, norm: &str, max: usize) -> Vec<String> {
        let stripped: Vec<&str> = norm
            .split_whitespace()
            .map(|chunk| self.village_stem(chunk))
            .collect();
        let norm = stripped.join(" ");
        let norm = norm.as_str();
        let mut words: Vec<&str> = Vec::new();
        let mut pos = 0;
        for m in self.longest.find_iter(norm) {
            if m.start() > pos {
                self.cut_gap(&norm[pos..m.start()], &mut words);
            }
            words.push(&norm[m.start()..m.end()]);
            pos = m.end();
        }
        if pos < norm.len() {
            self.cut_gap(&norm[pos..], &mut words);
        }
        let mut seen: HashSet<&str> = HashSet::new();
        words
            .into_iter()
            .filter(|w| is_word(w) && seen.insert(w))
            .take(max)
            .map(str::to_string)
            .collect()
    }

    /// Text between dictionary terms of a query: the start of a company name whole (长飞),
    /// anything else as jieba cuts it.
    fn cut_gap<'a>(&self, gap: &'a str, words: &mut Vec<&'a str>) {
        for piece in gap.split_whitespace() {
            if self.company_prefixes.contains(piece) {
                words.push(piece);
            } else {
                words.extend(self.jieba.cut(piece, true).iter().map(|t| t.word));
            }
        }
    }

    /// `chunk` without a village suffix, if what remains is a place name of the dictionary
    /// (石泉村委会 → 石泉); otherwise `chunk`.
    fn village_stem<'a>(&self, chunk: &'a str) -> &'a str {
        for suffix in VILLAGE_SUFFIXES {
            if let Some(stem) = chunk.strip_suffix(suffix)
                && stem.chars().count() >= 2
            {
                // The stem must end where a dictionary term ends (石泉, 隽水镇石泉): then the
                // dictionary has the place and every form of it is indexed under the stem.
                if self
                    .longest
                    .find_iter(stem)
                    .last()
                    .is_some_and(|m| m.end() == stem.len())
                {
                    return stem;
                }
            }
        }
        chunk
    }

    /// Dictionary terms spelled like `word` (光纤 for 光钎 or guangxian), best first by
    /// nothing in particular: the caller ranks them.
    pub(crate) fn spelled_like(&self, word: &str) -> Vec<&str> {
        let keys: Vec<String> = if word.chars().all(|c| c.is_ascii_lowercase()) {
            vec![word.to_string()]
        } else if word.chars().all(normalize::is_cjk) {
            spellings(word, MAX_SPELLINGS)
        } else {
            Vec::new()
        };
        let mut out: Vec<&str> = Vec::new();
        for key in keys {
            for &i in self.by_pinyin.get(&key).into_iter().flatten() {
                if let Some(term) = self.terms.get(i as usize)
                    && term != word
                    && !out.contains(&term.as_str())
                {
                    out.push(term);
                }
            }
        }
        out
    }

    /// True if `term` (folded) is a dictionary term.
    #[cfg(test)]
    pub(crate) fn is_dictionary_term(&self, term: &str) -> bool {
        self.terms.iter().any(|t| t == term)
    }
}

/// The prefixes of `term` of two characters or more, shorter than it.
fn prefixes(term: &str) -> impl Iterator<Item = &str> {
    term.char_indices().skip(2).map(move |(i, _)| &term[..i])
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
