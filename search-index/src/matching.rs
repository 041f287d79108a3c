//! Candidate generation for matching people to a project, and the text part of a match score.
//!
//! The candidate query is one flat union of term queries (the project's words over expertise,
//! bio, employer and title, plus the project's segment and chain codes), so tantivy can prune
//! with block-max WAND; consent is checked on a fast field while collecting rather than as a
//! query clause, which would rule that pruning out. The BM25 part reported for each candidate
//! is then computed separately by seeking a text-only scorer to the chosen documents.

use std::collections::{HashMap, HashSet};

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, EnableScoring, Query, TermSetQuery};
use tantivy::{DocAddress, DocId, Score, Searcher, TERMINATED, Term};

use crate::model::{MatchCandidate, MatchQuery};
use crate::query::{match_chain_clauses, match_terms, match_text_clauses};
use crate::schema::Fields;
use crate::segment_cache::SegmentCache;
use crate::top::{Candidate, TopHits};

/// Ids accepted by [`text_scores`] in one call.
const MAX_SCORED_IDS: usize = 10_000;
/// On an index of at least this many profiles, words found in more than one profile in
/// [`COMMON_WORD_RATIO`] are left out of project texts: their IDF is low, so they hardly move
/// a score, but their postings are the longest and would slow matching down severalfold.
const COMMON_WORD_MIN_DOCS: u64 = 10_000;
const COMMON_WORD_RATIO: u64 = 5;

/// The words of a project text compared with profiles (see [`COMMON_WORD_RATIO`]).
fn project_terms(searcher: &Searcher, f: &Fields, text: &str) -> tantivy::Result<Vec<String>> {
    let mut terms = match_terms(text);
    let num_docs = searcher.num_docs();
    if num_docs >= COMMON_WORD_MIN_DOCS {
        let mut kept = Vec::with_capacity(terms.len());
        for t in terms {
            let df = searcher.doc_freq(&Term::from_field_text(f.what, &t))?;
            if df.saturating_mul(COMMON_WORD_RATIO) <= num_docs {
                kept.push(t);
            }
        }
        terms = kept;
    }
    Ok(terms)
}

/// Consented people ranked by project text and chain fit; `text_score` is the BM25 part.
pub(crate) fn match_candidates(
    searcher: &Searcher,
    cache: &SegmentCache,
    f: &Fields,
    q: &MatchQuery,
) -> tantivy::Result<Vec<MatchCandidate>> {
    let limit = q
        .limit
        .min(usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX));
    if limit == 0 {
        return Ok(Vec::new());
    }
    let terms = project_terms(searcher, f, &q.text)?;
    let mut clauses = match_text_clauses(f, &terms);
    clauses.extend(match_chain_clauses(f, q.segment.as_deref()));
    if clauses.is_empty() {
        return Ok(Vec::new());
    }
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    let weight = BooleanQuery::union(clauses).weight(scoring)?;

    let mut top = TopHits::new(limit);
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let segment_ord = u32::try_from(ord).unwrap_or(u32::MAX);
        let consent = cache.columns(reader)?.consent.clone();
        let alive = reader.alive_bitset();
        weight.for_each_pruning(top.threshold(), reader, &mut |doc, score| {
            let deleted = alive.is_some_and(|a| a.is_deleted(doc));
            if !deleted && consent.first(doc) == Some(true) {
                top.push(Candidate {
                    score,
                    rank: 0,
                    segment: segment_ord,
                    doc,
                });
            }
            top.threshold()
        })?;
    }
    let ranked = top.into_sorted();

    let addrs: Vec<DocAddress> = ranked
        .iter()
        .map(|c| DocAddress::new(c.segment, c.doc))
        .collect();
    let text_scores = text_scores_of(searcher, f, &terms, &addrs)?;
    let ids = ids_of(searcher, cache, &addrs)?;
    Ok(ids
        .into_iter()
        .zip(text_scores)
        .map(|(id, text_score)| MatchCandidate { id, text_score })
        .collect())
}

/// BM25 of `text` (as a project text) against the given profiles; ids not in the index are
/// left out, ids present with no word in common score 0.
pub(crate) fn text_scores(
    searcher: &Searcher,
    cache: &SegmentCache,
    f: &Fields,
    text: &str,
    ids: &[i64],
) -> tantivy::Result<HashMap<i64, f32>> {
    let unique: HashSet<i64> = ids.iter().copied().take(MAX_SCORED_IDS).collect();
    if unique.is_empty() {
        return Ok(HashMap::new());
    }
    let query = TermSetQuery::new(unique.iter().map(|&id| Term::from_field_i64(f.id, id)));
    let mut addrs: Vec<DocAddress> = searcher
        .search(&query, &DocSetCollector)?
        .into_iter()
        .collect();
    addrs.sort_unstable();
    let terms = project_terms(searcher, f, text)?;
    let scores = text_scores_of(searcher, f, &terms, &addrs)?;
    let ids = ids_of(searcher, cache, &addrs)?;
    Ok(ids.into_iter().zip(scores).collect())
}

/// The BM25 of the text clauses for each of `addrs` (same order), 0 where nothing matches.
fn text_scores_of(
    searcher: &Searcher,
    f: &Fields,
    terms: &[String],
    addrs: &[DocAddress],
) -> tantivy::Result<Vec<Score>> {
    let mut scores = vec![0.0; addrs.len()];
    let clauses = match_text_clauses(f, terms);
    if clauses.is_empty() || addrs.is_empty() {
        return Ok(scores);
    }
    let weight =
        BooleanQuery::union(clauses).weight(EnableScoring::enabled_from_searcher(searcher))?;
    // Visit documents segment by segment in doc order, so one scorer per segment only seeks
    // forward.
    let mut order: Vec<usize> = (0..addrs.len()).collect();
    order.sort_by_key(|&i| addrs[i]);
    let mut current: Option<(u32, Box<dyn tantivy::query::Scorer>)> = None;
    for i in order {
        let DocAddress {
            segment_ord,
            doc_id,
        } = addrs[i];
        if current.as_ref().is_none_or(|(s, _)| *s != segment_ord) {
            let Some(reader) = searcher.segment_readers().get(segment_ord as usize) else {
                continue;
            };
            current = Some((segment_ord, weight.scorer(reader, 1.0)?));
        }
        if let Some((_, scorer)) = current.as_mut() {
            scores[i] = score_at(scorer.as_mut(), doc_id);
        }
    }
    Ok(scores)
}

fn score_at(scorer: &mut dyn tantivy::query::Scorer, doc: DocId) -> Score {
    let mut at = scorer.doc();
    if at < doc && at != TERMINATED {
        at = scorer.seek(doc);
    }
    if at == doc { scorer.score() } else { 0.0 }
}

/// Profile ids of documents (same order).
fn ids_of(
    searcher: &Searcher,
    cache: &SegmentCache,
    addrs: &[DocAddress],
) -> tantivy::Result<Vec<i64>> {
    addrs
        .iter()
        .map(|addr| {
            let columns = cache.columns(searcher.segment_reader(addr.segment_ord))?;
            Ok(columns.id.first(addr.doc_id).unwrap_or_default())
        })
        .collect()
}
