//! Running a search: exact count, facets and the requested page, in as little work as the
//! query allows.
//!
//! Per segment:
//! 1. filters become a bit set of documents ([`crate::filter`]);
//! 2. without words, that set (or every live document) is the match: its size is the count,
//!    and the page comes from walking the segment's documents in default-rank order
//!    ([`crate::segment_cache`]) until it is full;
//! 3. with words, each word's postings (in both text fields) become a bit set too, ANDed with
//!    the others and the filters: its size is the count; then the page is ranked by BM25,
//!    scoring the few matches directly, or with block-max pruning over the words (membership
//!    in the set checked per hit);
//! 4. facets are counted from the matches ([`crate::facets`]).

use std::sync::Arc;

use tantivy::query::{EnableScoring, Scorer};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, Searcher, SegmentReader, TERMINATED, Term};

use crate::bits::DocBits;
use crate::facets;
use crate::filter::Filter;
use crate::model::{Facets, SearchHit, SearchQuery, SearchResults};
use crate::query::{search_terms, word_clauses, word_query};
use crate::schema::Fields;
use crate::segment_cache::SegmentCache;
use crate::top::{Candidate, TopHits};

/// Up to this many matches in a segment are ranked one by one (scored directly, or by reading
/// their rank) rather than by pruning or by walking the rank order.
const SMALL_SET: usize = 4096;

/// The live documents of `reader` having every word of `terms` (each in any search field).
fn text_bits(reader: &SegmentReader, f: &Fields, terms: &[String]) -> tantivy::Result<DocBits> {
    let mut acc: Option<DocBits> = None;
    for term in terms {
        let mut word = DocBits::empty(reader.max_doc());
        for (field, _) in f.search_fields() {
            let inverted = reader.inverted_index(field)?;
            if let Some(info) = inverted.get_term_info(&Term::from_field_text(field, term))? {
                word.add_postings(
                    inverted.read_block_postings_from_terminfo(&info, IndexRecordOption::Basic)?,
                );
            }
        }
        match &mut acc {
            None => acc = Some(word),
            Some(a) => a.and_with(&word),
        }
        if acc.as_ref().is_some_and(DocBits::is_empty) {
            break;
        }
    }
    Ok(acc.unwrap_or_else(|| DocBits::empty(reader.max_doc())))
}

/// Runs `q` against `searcher`.
pub(crate) fn run(
    searcher: &Searcher,
    f: &Fields,
    cache: &SegmentCache,
    q: &SearchQuery,
) -> tantivy::Result<SearchResults> {
    run_with(searcher, f, cache, q, SMALL_SET)
}

/// [`run`] with the size up to which matches are listed (tests force either way of working).
fn run_with(
    searcher: &Searcher,
    f: &Fields,
    cache: &SegmentCache,
    q: &SearchQuery,
    small_set: usize,
) -> tantivy::Result<SearchResults> {
    let terms = search_terms(&q.text);
    let filter = Filter::of(f, q);
    let num_docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let window = q.offset.saturating_add(q.limit).min(num_docs);
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    // Every (word, field) term, to score given documents by adding up their BM25 parts.
    let term_weights = terms
        .iter()
        .flat_map(|t| word_clauses(f, t))
        .map(|q| q.weight(scoring))
        .collect::<tantivy::Result<Vec<_>>>()?;
    // A single word can also be ranked with block-max pruning.
    let prunable = match terms.as_slice() {
        [word] => Some(word_query(f, word).weight(scoring)?),
        _ => None,
    };
    let has_text = !terms.is_empty();

    let mut top = TopHits::new(window);
    let mut total = 0u64;
    let mut facets = Facets::default();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let segment = u32::try_from(ord).unwrap_or(u32::MAX);
        let alive = cache.alive(reader);
        let filter_bits = match &filter {
            Some(filter) => Some(filter.evaluate(reader, cache)?),
            None => None,
        };
        // The matches as a set; `None` means every live document (no words, no filter).
        let matches = match (has_text, filter_bits) {
            (true, filter_bits) => {
                let mut m = text_bits(reader, f, &terms)?;
                if let Some(keep) = filter_bits.as_ref().or(alive.as_deref()) {
                    m.and_with(keep);
                }
                Some(m)
            }
            (false, filter_bits) => filter_bits,
        };
        let count = matches
            .as_ref()
            .map_or(u64::from(reader.num_docs()), DocBits::count);
        total += count;
        if q.facets {
            facets::count_segment(reader, f, cache, matches.as_ref(), &mut facets)?;
        }
        if window == 0 || count == 0 {
            continue;
        }

        let ranks = Arc::clone(&cache.columns(reader)?.rank);
        let by_rank = !has_text;
        let candidate = |doc: DocId, score: Score| Candidate {
            score,
            rank: if by_rank { ranks.get_val(doc) } else { 0 },
            segment,
            doc,
        };
        let keep = matches.as_ref().or(alive.as_deref());
        // Several words cannot be pruned (tantivy prunes unions or intersections of single
        // terms, and each word here is a union of two fields): score the matches directly.
        let few = matches
            .as_ref()
            .filter(|_| count <= small_set as u64 || (has_text && prunable.is_none()));
        match (has_text, few, &prunable) {
            (true, Some(few), _) => {
                // Score exactly the matches: each term's scorer only moves forward.
                let mut scorers = term_weights
                    .iter()
                    .map(|w| w.scorer(reader, 1.0))
                    .collect::<tantivy::Result<Vec<_>>>()?;
                for doc in few.iter() {
                    let score = scorers.iter_mut().map(|s| score_at(s.as_mut(), doc)).sum();
                    top.push(candidate(doc, score));
                }
            }
            (true, None, Some(w)) => {
                w.for_each_pruning(top.threshold(), reader, &mut |doc, score| {
                    if keep.is_none_or(|k| k.contains(doc)) {
                        top.push(candidate(doc, score));
                    }
                    top.threshold()
                })?;
            }
            (false, Some(few), _) => {
                for doc in few.iter() {
                    top.push(candidate(doc, 0.0));
                }
            }
            (true, None, None) => {}
            (false, None, _) => {
                let mut found = 0u64;
                for &doc in cache.rank_order(reader)?.iter() {
                    if keep.is_some_and(|k| !k.contains(doc)) {
                        continue;
                    }
                    // The walk is in rank order: the first document that does not make it, or
                    // the last match, ends it.
                    found += 1;
                    if !top.push(candidate(doc, 0.0)) || found == count {
                        break;
                    }
                }
            }
        }
    }

    let hits = to_hits(
        searcher,
        cache,
        top.into_sorted().into_iter().skip(q.offset),
    )?;
    Ok(SearchResults {
        total: usize::try_from(total).unwrap_or(usize::MAX),
        hits,
        facets,
    })
}

/// The score of `doc` by `scorer`, 0 if it does not match it (the scorer only moves forward).
fn score_at(scorer: &mut dyn Scorer, doc: DocId) -> Score {
    let mut at = scorer.doc();
    if at < doc && at != TERMINATED {
        at = scorer.seek(doc);
    }
    if at == doc { scorer.score() } else { 0.0 }
}

fn to_hits(
    searcher: &Searcher,
    cache: &SegmentCache,
    candidates: impl Iterator<Item = Candidate>,
) -> tantivy::Result<Vec<SearchHit>> {
    let mut hits = Vec::new();
    for c in candidates {
        let columns = cache.columns(searcher.segment_reader(c.segment))?;
        hits.push(SearchHit {
            id: columns.id.first(c.doc).unwrap_or_default(),
            version: columns.version.first(c.doc).unwrap_or_default(),
            score: c.score,
            highlights: Vec::new(),
        });
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    //! The ways of ranking must agree: each query is run with every match ranked one by one
    //! (direct scoring, reading ranks) and with none (pruning, rank-order walk).

    use super::*;
    use crate::SearchIndex;
    use crate::model::ProfileDoc;

    const EXPERTISE: [&str; 5] = [
        "光模块",
        "光纤预制棒",
        "液晶显示模组",
        "智能安防",
        "锂电池隔膜",
    ];
    const SEGMENTS: [&str; 4] = [
        "optical.fiber",
        "optical.components",
        "display.lcd",
        "software.security",
    ];
    const COUNTIES: [&str; 3] = ["421222", "421281", "421202"];

    fn corpus() -> Vec<ProfileDoc> {
        (1..=600)
            .map(|i: i64| {
                let n = i as usize;
                ProfileDoc {
                    id: i,
                    version: 1,
                    name: format!("测试{}", ["张伟", "李娜", "王强"][n % 3]),
                    hometown_code: format!("{}100{:03}", COUNTIES[n % 3], 200 + n % 7),
                    expertise: format!("{} {}", EXPERTISE[n % 5], EXPERTISE[(n / 5) % 5]),
                    bio: "从事".repeat(1 + n % 4) + EXPERTISE[(n / 7) % 5],
                    chains: vec![SEGMENTS[n % 4].into(), SEGMENTS[(n / 4) % 4].into()],
                    intents: vec![["invest", "tech"][n % 2].into()],
                    verified: n.is_multiple_of(3),
                    consent_match: n.is_multiple_of(2),
                    tier: ["normal", "key", "renowned", "normal"][n % 4].into(),
                    ..Default::default()
                }
            })
            .collect()
    }

    #[test]
    fn listing_and_bitset_paths_agree() {
        let index = SearchIndex::open_in_ram().expect("open");
        index
            .apply(corpus()[..300].to_vec(), vec![], 1)
            .expect("apply");
        // A second segment, and deletions in the first.
        index
            .apply(corpus()[300..].to_vec(), (1..40).collect(), 2)
            .expect("apply");
        let texts = [
            "",
            "光模块",
            "光纤预制棒 液晶显示模组",
            "zhangwei",
            "不存在的词",
        ];
        let filters = [
            SearchQuery::default(),
            SearchQuery {
                region_prefixes: vec!["421222".into()],
                ..Default::default()
            },
            SearchQuery {
                chains: vec!["optical".into()],
                verified: Some(false),
                ..Default::default()
            },
            SearchQuery {
                intents: vec!["invest".into()],
                consent_only: true,
                ..Default::default()
            },
        ];
        let searcher = index.reader.searcher();
        for text in texts {
            for filter in &filters {
                for (offset, limit) in [(0, 10), (5, 20), (0, 1000)] {
                    let q = SearchQuery {
                        text: text.into(),
                        offset,
                        limit,
                        facets: true,
                        ..filter.clone()
                    };
                    let listed = run_with(&searcher, &index.fields, &index.cache, &q, usize::MAX)
                        .expect("run");
                    let unlisted =
                        run_with(&searcher, &index.fields, &index.cache, &q, 0).expect("run");
                    assert_eq!(listed.total, unlisted.total, "{q:?}");
                    assert_eq!(listed.facets, unlisted.facets, "{q:?}");
                    let ids = |r: &SearchResults| r.hits.iter().map(|h| h.id).collect::<Vec<_>>();
                    let scores =
                        |r: &SearchResults| r.hits.iter().map(|h| h.score).collect::<Vec<_>>();
                    assert_eq!(scores(&listed).len(), scores(&unlisted).len(), "{q:?}");
                    for (a, b) in scores(&listed).iter().zip(scores(&unlisted)) {
                        assert!((a - b).abs() < 1e-4, "{q:?}");
                    }
                    assert_eq!(ids(&listed), ids(&unlisted), "{q:?}");
                    let mut deduped = ids(&listed);
                    deduped.sort_unstable();
                    deduped.dedup();
                    assert_eq!(deduped.len(), listed.hits.len(), "no duplicates: {q:?}");
                }
            }
        }
    }
}
