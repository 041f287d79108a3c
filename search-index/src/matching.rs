//! Candidate generation for matching people to a project, and the text part of a match score.
//!
//! The candidate query is one flat union of term queries (the project's words over expertise,
//! bio, employer and title, plus the project's segment and chain codes), so tantivy can prune
//! with block-max WAND; consent is checked on a fast field while collecting rather than as a
//! query clause, which would rule that pruning out. The BM25 part reported for each candidate
//! is then computed separately by seeking a text-only scorer to the chosen documents.

use std::collections::{HashMap, HashSet};

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, EnableScoring, Query, TermQuery, TermSetQuery};
use tantivy::{DocAddress, DocId, Score, Searcher, TERMINATED, Term};

use tantivy::columnar::StrColumn;

use crate::model::{MatchAttrs, MatchCandidate, MatchQuery};
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

/// Consented people ranked by project text and chain fit, then (not already among them) the
/// people of the given employer keys; `text_score` is the BM25 part, `attrs` what scoring needs.
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

    let mut addrs: Vec<DocAddress> = ranked
        .iter()
        .map(|c| DocAddress::new(c.segment, c.doc))
        .collect();
    addrs.extend(employer_docs(searcher, cache, f, q, &addrs)?);
    let text_scores = text_scores_of(searcher, f, &terms, &addrs)?;
    let ids = ids_of(searcher, cache, &addrs)?;
    let attrs = attrs_of(searcher, cache, &addrs)?;
    Ok(ids
        .into_iter()
        .zip(text_scores)
        .zip(attrs)
        .map(|((id, text_score), attrs)| MatchCandidate {
            id,
            text_score,
            attrs,
        })
        .collect())
}

/// How many consented, live people are candidates of `q` at all, however far down: those with
/// a word of the project text, or of its segment or chain, or having one of its employer
/// keys. The exact total of a match list, counted without scoring (and without the `limit`s).
pub(crate) fn match_count(
    searcher: &Searcher,
    cache: &SegmentCache,
    f: &Fields,
    q: &MatchQuery,
) -> tantivy::Result<u64> {
    let terms = project_terms(searcher, f, &q.text)?;
    let mut clauses = match_text_clauses(f, &terms);
    clauses.extend(match_chain_clauses(f, q.segment.as_deref()));
    for key in &q.employer_keys {
        clauses.push(Box::new(TermQuery::new(
            Term::from_field_text(f.employer_key, key),
            tantivy::schema::IndexRecordOption::Basic,
        )));
    }
    if clauses.is_empty() {
        return Ok(0);
    }
    let weight =
        BooleanQuery::union(clauses).weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut count = 0u64;
    for reader in searcher.segment_readers() {
        let consent = cache.columns(reader)?.consent.clone();
        let alive = reader.alive_bitset();
        weight.for_each_no_score(reader, &mut |docs| {
            for &doc in docs {
                let deleted = alive.is_some_and(|a| a.is_deleted(doc));
                if !deleted && consent.first(doc) == Some(true) {
                    count += 1;
                }
            }
        })?;
    }
    Ok(count)
}

/// Live, consented documents having any of `q.employer_keys` and not in `skip`: at most
/// `q.employer_limit`, best default rank (verified, tier, newest) first.
fn employer_docs(
    searcher: &Searcher,
    cache: &SegmentCache,
    f: &Fields,
    q: &MatchQuery,
    skip: &[DocAddress],
) -> tantivy::Result<Vec<DocAddress>> {
    if q.employer_keys.is_empty() || q.employer_limit == 0 {
        return Ok(Vec::new());
    }
    let skip: HashSet<DocAddress> = skip.iter().copied().collect();
    let mut found: Vec<(u64, DocAddress)> = Vec::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let segment_ord = u32::try_from(ord).unwrap_or(u32::MAX);
        let columns = cache.columns(reader)?;
        let alive = reader.alive_bitset();
        let inverted = reader.inverted_index(f.employer_key)?;
        let mut docs: Vec<DocId> = Vec::new();
        for key in &q.employer_keys {
            let term = Term::from_field_text(f.employer_key, key);
            if let Some(mut postings) =
                inverted.read_postings(&term, tantivy::schema::IndexRecordOption::Basic)?
            {
                let mut doc = tantivy::DocSet::doc(&postings);
                while doc != TERMINATED {
                    docs.push(doc);
                    doc = tantivy::DocSet::advance(&mut postings);
                }
            }
        }
        docs.sort_unstable();
        docs.dedup();
        for doc in docs {
            let addr = DocAddress::new(segment_ord, doc);
            let deleted = alive.is_some_and(|a| a.is_deleted(doc));
            if !deleted && columns.consent.first(doc) == Some(true) && !skip.contains(&addr) {
                found.push((columns.rank.get_val(doc), addr));
            }
        }
    }
    found.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    found.truncate(q.employer_limit);
    Ok(found.into_iter().map(|(_, addr)| addr).collect())
}

/// The values of a string column for each of `docs` (same order), resolved with one ordered
/// walk of the column's dictionary rather than a dictionary lookup per value.
fn strings_of(column: Option<&StrColumn>, docs: &[DocId]) -> std::io::Result<Vec<Vec<String>>> {
    let Some(column) = column else {
        return Ok(vec![Vec::new(); docs.len()]);
    };
    let per_doc: Vec<Vec<u64>> = docs
        .iter()
        .map(|&d| column.term_ords(d).collect())
        .collect();
    let mut ords: Vec<u64> = per_doc.iter().flatten().copied().collect();
    ords.sort_unstable();
    ords.dedup();
    let mut terms: Vec<String> = Vec::with_capacity(ords.len());
    column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
        terms.push(String::from_utf8_lossy(bytes).into_owned());
    })?;
    Ok(per_doc
        .into_iter()
        .map(|doc_ords| {
            let mut values: Vec<String> = doc_ords
                .iter()
                .filter_map(|o| {
                    ords.binary_search(o)
                        .ok()
                        .and_then(|i| terms.get(i))
                        .cloned()
                })
                .collect();
            values.dedup();
            values
        })
        .collect())
}

/// The scoring attributes of documents (same order).
fn attrs_of(
    searcher: &Searcher,
    cache: &SegmentCache,
    addrs: &[DocAddress],
) -> tantivy::Result<Vec<MatchAttrs>> {
    let mut out = vec![MatchAttrs::default(); addrs.len()];
    let mut by_segment: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, addr) in addrs.iter().enumerate() {
        by_segment.entry(addr.segment_ord).or_default().push(i);
    }
    for (segment, positions) in by_segment {
        let columns = cache.columns(searcher.segment_reader(segment))?;
        let c = &columns.attrs;
        let docs: Vec<DocId> = positions.iter().map(|&i| addrs[i].doc_id).collect();
        let first = |v: Vec<String>| v.into_iter().next().unwrap_or_default();
        let home = strings_of(c.home.as_ref(), &docs)?;
        let employer = strings_of(c.employer.as_ref(), &docs)?;
        let title = strings_of(c.title.as_ref(), &docs)?;
        let tier = strings_of(c.tier.as_ref(), &docs)?;
        let segments = strings_of(c.segments.as_ref(), &docs)?;
        let intents = strings_of(c.intents.as_ref(), &docs)?;
        let capital = strings_of(c.capital.as_ref(), &docs)?;
        let fields = home
            .into_iter()
            .zip(employer)
            .zip(title)
            .zip(tier)
            .zip(segments)
            .zip(intents)
            .zip(capital);
        for (k, ((((((home, employer), title), tier), chains), intents), capital)) in
            fields.enumerate()
        {
            out[positions[k]] = MatchAttrs {
                hometown_code: first(home),
                employer: first(employer),
                title: first(title),
                chains,
                intents,
                capital_range: first(capital),
                tier: first(tier),
                verified: c.verified.first(docs[k]).unwrap_or(false),
            };
        }
    }
    Ok(out)
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
