//! People for a project: candidates from the index (text and chain, and the employees of the
//! target companies), scored on what the index holds of them; only the best are read from
//! the database, re-checked against their rows, scored again on the rows and explained.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use search_index::MatchQuery as IndexMatchQuery;
use serde::Serialize;

use super::explain::{self, Context};
use super::score::{self, Parts, Person};
use super::weights::MatchWeights;
use super::{
    MatchPage, blocking, company, matchable, matched_words, person_of, project_text, spec_of,
};
use crate::domain::{CapitalRange, Intent, Tier};
use crate::entity::json_list::from_json_list;
use crate::entity::{profile, project};
use crate::error::AppResult;
use crate::search::Search;
use crate::service::pipeline;
use crate::service::region::RegionNames;

/// Candidates taken from the index per project. Far more than a page: the index ranks by
/// text and chain only, and the other parts (county, intent, employer…) reorder them.
pub const CANDIDATE_POOL: usize = 500;
/// Employees of target companies added to the candidates per project (beyond those already
/// among the text and chain candidates).
const TARGET_POOL: usize = 200;
/// Rows read beyond the page, so a few withdrawn since the last index commit cost no second
/// query.
const LOAD_MARGIN: usize = 10;
/// Ids per `IN (…)` query.
const CHUNK: usize = 500;

/// One person proposed for a project.
#[derive(Clone, Debug, Serialize)]
pub struct MatchItem {
    pub profile_id: i64,
    pub name: String,
    /// The sum of `parts`.
    pub score: f64,
    pub parts: Parts,
    pub reasons: Vec<String>,
    pub missing: Vec<String>,
    /// Conversations the person is already in (推荐, 已联系, 洽谈中), across all projects.
    pub active_asks: u64,
    pub hometown: String,
    pub hometown_code: String,
    pub employer: String,
    pub title: String,
    pub tier: String,
    pub verified: bool,
    pub chains: Vec<String>,
}

/// `GET /api/v1/projects/{id}/matches`.
#[derive(Clone, Debug, Serialize)]
pub struct ProjectMatches {
    /// Every person who matched (after the filters), not only those of this page.
    pub total: u64,
    pub items: Vec<MatchItem>,
    /// Candidates outside the caller's scope: only counted, reached through 请求协同.
    pub outside_scope: u64,
    /// Their ids, best first; never sent to the caller.
    #[serde(skip)]
    pub outside_ids: Vec<i64>,
}

/// Live, listed, consented profiles among `ids`, read from the database.
pub(super) async fn matchable_rows(
    conn: &impl ConnectionTrait,
    ids: &[i64],
) -> AppResult<Vec<profile::Model>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let rows = profile::Entity::find()
            .filter(profile::Column::Id.is_in(chunk.iter().copied()))
            .filter(profile::Column::ConsentMatch.eq(true))
            .filter(profile::Column::Listed.eq(true))
            .filter(profile::Column::DeletedAt.is_null())
            .all(conn)
            .await?;
        out.extend(rows.into_iter().filter(matchable));
    }
    Ok(out)
}

/// Candidates of the project from the index, each with its BM25 text score and what the index
/// holds of the person: the best by text and chain, and the people of the target companies.
///
/// Unfiltered and unscoped, the pool is [`CANDIDATE_POOL`] (or as deep as the page asked
/// for) and the total is counted by the index; filtered or scoped, every candidate is taken, so that the total and
/// the pages of the filtered list are exact. Returns the candidates and, unfiltered, the count.
async fn candidates(
    search: &Search,
    project: &project::Model,
    text: &str,
    page: &MatchPage,
    scoped: bool,
) -> AppResult<(Vec<search_index::MatchCandidate>, Option<u64>)> {
    let index = search.index.clone();
    let every = scoped || !page.filter.is_empty();
    let depth = page.offset() + page.per_page;
    let query = IndexMatchQuery {
        text: text.to_owned(),
        segment: Some(project.segment.clone()),
        limit: if every {
            usize::MAX
        } else {
            CANDIDATE_POOL.max(depth.div_ceil(CANDIDATE_POOL) * CANDIDATE_POOL)
        },
        employer_keys: company::target_keys(&from_json_list(&project.target_companies)),
        employer_limit: if every { usize::MAX } else { TARGET_POOL },
    };
    blocking(move || {
        if every {
            Ok((index.match_candidates(&query)?, None))
        } else {
            let (found, count) = index.match_candidates_counted(&query)?;
            Ok((found, Some(count)))
        }
    })
    .await
}

/// What scoring needs of a person, as the index holds it.
fn person_of_attrs(id: i64, a: &search_index::MatchAttrs) -> Person {
    Person {
        id,
        segments: a.chains.clone(),
        hometown_code: a.hometown_code.clone(),
        employer: a.employer.clone(),
        title: a.title.clone(),
        intents: a
            .intents
            .iter()
            .filter_map(|i| Intent::parse(i).ok())
            .collect(),
        capital: CapitalRange::parse(&a.capital_range).ok(),
        tier: Tier::parse(&a.tier).ok(),
        verified: a.verified,
    }
}

/// Scores every candidate from the index alone and returns `(score, verified, id, bm25)` of
/// those above 0, best first. The same arithmetic as on database rows, so while the index is
/// in step this is the final order; rows are read only for the head of it.
fn pre_rank(
    candidates: &[search_index::MatchCandidate],
    spec: &score::ProjectSpec,
    weights: &MatchWeights,
    best: f32,
) -> Vec<(f64, bool, i64, f32)> {
    let mut ranked: Vec<(f64, bool, i64, f32)> = candidates
        .iter()
        .filter_map(|c| {
            let person = person_of_attrs(c.id, &c.attrs);
            let fits = score::fits(&person, spec, score::text_fit(c.text_score, best));
            let total = fits.parts(weights).total();
            (total > 0.0).then_some((total, c.attrs.verified, c.id, c.text_score))
        })
        .collect();
    ranked.sort_by(|a, b| score::ranking((a.0, a.1, a.2), (b.0, b.1, b.2)));
    ranked
}

/// One page of the people best matched to `project`, best first, with `total` the number of
/// people who matched (after the filters). The whole of matching in one call: candidates
/// from the index and the database, the database re-check, scoring, explanations and the
/// pipeline load of each person shown. The caller has already checked access to the project.
pub async fn match_project(
    conn: &impl ConnectionTrait,
    search: &Search,
    names: &RegionNames,
    weights: &MatchWeights,
    project: &project::Model,
    page: &MatchPage,
) -> AppResult<ProjectMatches> {
    match_project_in(conn, search, names, weights, project, page, "").await
}

/// [`match_project`] for a caller whose scope is the hometown prefix `scope`: people
/// outside it are left out of the items and only counted in `outside_scope`.
pub async fn match_project_in(
    conn: &impl ConnectionTrait,
    search: &Search,
    names: &RegionNames,
    weights: &MatchWeights,
    project: &project::Model,
    page: &MatchPage,
    scope: &str,
) -> AppResult<ProjectMatches> {
    let text = project_text(project);
    // A scoped list takes every candidate, so that its total and its count of people
    // outside the scope are exact (the index's count knows no scope).
    let (mut candidates, count) =
        candidates(search, project, &text, page, !scope.is_empty()).await?;
    // The best text of all candidates, before filtering: a person's text part does not
    // depend on the filters.
    let best = candidates
        .iter()
        .map(|c| c.text_score)
        .fold(0.0f32, f32::max);
    let filter = &page.filter;
    candidates.retain(|c| {
        filter.admits(
            &project.county_code,
            &c.attrs.hometown_code,
            c.attrs.verified,
            &c.attrs.intents,
        )
    });
    let spec = spec_of(project);
    let homes: HashMap<i64, &str> = candidates
        .iter()
        .map(|c| (c.id, c.attrs.hometown_code.as_str()))
        .collect();
    let (ranked, outside): (Vec<_>, Vec<_>) = pre_rank(&candidates, &spec, weights, best)
        .into_iter()
        .partition(|r| homes.get(&r.2).is_some_and(|h| h.starts_with(scope)));
    let limit = page.per_page;

    // Read the rows of this page of the ranking, a batch at a time, until `limit` of them are
    // still matchable (the index may lag a withdrawal by a moment), and score those rows:
    // the database decides what is shown.
    let mut rows: Vec<profile::Model> = Vec::new();
    let mut dropped = 0u64;
    let start = page.offset().min(ranked.len());
    let mut next = start;
    while rows.len() < limit && next < ranked.len() {
        let end = (next + limit - rows.len() + LOAD_MARGIN).min(ranked.len());
        let ids: Vec<i64> = ranked[next..end].iter().map(|r| r.2).collect();
        // The index may lag a move of hometown: the row decides who is in scope.
        let found: Vec<profile::Model> = matchable_rows(conn, &ids)
            .await?
            .into_iter()
            .filter(|row| {
                row.hometown_code.starts_with(scope)
                    && filter.admits(
                        &project.county_code,
                        &row.hometown_code,
                        row.verified,
                        &from_json_list(&row.intents),
                    )
            })
            .collect();
        dropped += (ids.len() - found.len()) as u64;
        rows.extend(found);
        next = end;
    }
    let scores: HashMap<i64, f32> = ranked[start..next].iter().map(|r| (r.2, r.3)).collect();
    let mut scored: Vec<(Parts, f64, score::Fits, profile::Model)> = rows
        .into_iter()
        .filter_map(|row| {
            let text_fit = score::text_fit(scores.get(&row.id).copied().unwrap_or(0.0), best);
            let fits = score::fits(&person_of(&row), &spec, text_fit);
            let parts = fits.parts(weights);
            let total = parts.total();
            (total > 0.0).then_some((parts, total, fits, row))
        })
        .collect();
    scored.sort_by(|a, b| score::ranking((a.1, a.3.verified, a.3.id), (b.1, b.3.verified, b.3.id)));
    let total = count.unwrap_or(ranked.len() as u64).saturating_sub(dropped);
    scored.truncate(limit);

    let page_ids: Vec<i64> = scored.iter().map(|s| s.3.id).collect();
    let asks = pipeline::active_asks(conn, &page_ids).await?;
    let needs = spec.needs.clone();
    let items = scored
        .into_iter()
        .map(|(parts, total, fits, row)| {
            let words = matched_words(&search.index, &text, &row);
            let why = explain::explain(
                &fits,
                &row.hometown_code,
                &Context {
                    names,
                    project_investment_wan: project.investment_wan,
                    needs: &needs,
                    capital: person_of(&row).capital,
                    intents: &person_of(&row).intents,
                    title: &row.title,
                    matched_words: &words,
                },
            );
            MatchItem {
                profile_id: row.id,
                active_asks: asks.get(&row.id).copied().unwrap_or(0),
                hometown: names.local_name(&row.hometown_code),
                chains: from_json_list(&row.chains),
                name: row.name,
                score: total,
                parts,
                reasons: why.reasons,
                missing: why.missing,
                hometown_code: row.hometown_code,
                employer: row.employer,
                title: row.title,
                tier: row.tier,
                verified: row.verified,
            }
        })
        .collect();
    Ok(ProjectMatches {
        total,
        items,
        outside_scope: outside.len() as u64,
        outside_ids: outside.iter().map(|r| r.2).collect(),
    })
}
