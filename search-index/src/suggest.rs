//! 您是不是要找: when a word of a search is in no document, a dictionary term spelled the same
//! in pinyin that is (光钎 → 光纤, guangxian → 光纤).
//!
//! The work is a few hash look-ups and one document frequency per candidate, whatever the size
//! of the index.

use tantivy::{Searcher, Term};

use crate::analysis::analyzer;
use crate::query::search_terms;
use crate::schema::Fields;

/// Documents having `term` in any search field (an upper bound: a document may count twice).
fn doc_freq(searcher: &Searcher, f: &Fields, term: &str) -> u64 {
    f.search_fields()
        .into_iter()
        .map(|(field, _)| {
            searcher
                .doc_freq(&Term::from_field_text(field, term))
                .unwrap_or(0)
        })
        .sum()
}

/// The query with each word found nowhere replaced by the dictionary term spelled like it that
/// most documents have; `None` if every word is found or no word has such a term.
pub(crate) fn suggest(searcher: &Searcher, f: &Fields, text: &str) -> Option<String> {
    let terms = search_terms(text);
    let mut changed = false;
    let mut out: Vec<String> = Vec::with_capacity(terms.len());
    for term in terms {
        if doc_freq(searcher, f, &term) > 0 {
            out.push(term);
            continue;
        }
        let best = analyzer()
            .spelled_like(&term)
            .into_iter()
            .map(|t| (doc_freq(searcher, f, t), t))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, _)| *n);
        match best {
            Some((_, t)) => {
                changed = true;
                out.push(t.to_string());
            }
            None => out.push(term),
        }
    }
    changed.then(|| out.join(" "))
}
