//! People for a project: candidates from the index (text and chain) and from the database
//! (employees of the target companies), re-checked against their rows, scored, explained.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use search_index::MatchQuery as IndexMatchQuery;
use serde::Serialize;

use super::explain::{self, Context};
use super::score::{self, Parts};
use super::weights::MatchWeights;
use super::{blocking, company, matchable, matched_words, person_of, project_text, spec_of};
use crate::entity::{profile, project};
use crate::error::AppResult;
use crate::search::Search;
use crate::service::fields;
use crate::service::pipeline;
use crate::service::profile::input::from_json_list;
use crate::service::region::RegionNames;

/// Candidates taken from the index per project. Far more than a page: the index ranks by
/// text and chain only, and the other parts (county, intent, employer…) reorder them.
pub const CANDIDATE_POOL: usize = 500;
/// Employees of target companies looked up in the database per project.
const TARGET_POOL: u64 = 200;
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
    /// Candidates that scored above 0.
    pub total: u64,
    pub items: Vec<MatchItem>,
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

/// Consented, listed, live people whose employer may be one of `targets` (the scoring
/// decides; this only finds them, including people the index ranks too low to reach).
async fn target_company_ids(
    conn: &impl ConnectionTrait,
    targets: &[String],
) -> AppResult<Vec<i64>> {
    let patterns = company::search_patterns(targets);
    if patterns.is_empty() {
        return Ok(Vec::new());
    }
    let mut any = Condition::any();
    for p in &patterns {
        any = any.add(fields::contains(profile::Column::Employer, p));
    }
    let rows: Vec<(i64, String)> = profile::Entity::find()
        .select_only()
        .column(profile::Column::Id)
        .column(profile::Column::Employer)
        .filter(any)
        .filter(profile::Column::ConsentMatch.eq(true))
        .filter(profile::Column::Listed.eq(true))
        .filter(profile::Column::DeletedAt.is_null())
        .filter(profile::Column::MergedInto.is_null())
        .limit(TARGET_POOL)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, employer)| company::target_of(employer, targets).is_some())
        .map(|(id, _)| id)
        .collect())
}

/// BM25 text scores of the project's candidates: the index's candidates, and the target
/// companies' people scored against the same text.
async fn candidate_scores(
    conn: &impl ConnectionTrait,
    search: &Search,
    project: &project::Model,
    text: &str,
) -> AppResult<HashMap<i64, f32>> {
    let index = search.index.clone();
    let query = IndexMatchQuery {
        text: text.to_owned(),
        segment: Some(project.segment.clone()),
        limit: CANDIDATE_POOL,
    };
    let mut scores: HashMap<i64, f32> = blocking(move || index.match_candidates(&query))
        .await?
        .into_iter()
        .map(|c| (c.id, c.text_score))
        .collect();
    let targets = from_json_list(&project.target_companies);
    let extra: Vec<i64> = target_company_ids(conn, &targets)
        .await?
        .into_iter()
        .filter(|id| !scores.contains_key(id))
        .collect();
    if !extra.is_empty() {
        let index = search.index.clone();
        let owned = text.to_owned();
        let ids = extra.clone();
        let more = blocking(move || index.text_scores(&owned, &ids)).await?;
        for id in extra {
            scores.insert(id, more.get(&id).copied().unwrap_or(0.0));
        }
    }
    Ok(scores)
}

/// The people best matched to `project`, best first, at most `limit`, with `total` the
/// number of candidates that scored above 0. The whole of matching in one call: candidates
/// from the index and the database, the database re-check, scoring, explanations and the
/// pipeline load of each person shown. The caller has already checked access to the project.
pub async fn match_project(
    conn: &impl ConnectionTrait,
    search: &Search,
    names: &RegionNames,
    weights: &MatchWeights,
    project: &project::Model,
    limit: usize,
) -> AppResult<ProjectMatches> {
    let text = project_text(project);
    let scores = candidate_scores(conn, search, project, &text).await?;
    let mut ids: Vec<i64> = scores.keys().copied().collect();
    ids.sort_unstable();
    let rows = matchable_rows(conn, &ids).await?;
    let best = rows
        .iter()
        .filter_map(|r| scores.get(&r.id).copied())
        .fold(0.0f32, f32::max);
    let spec = spec_of(project);
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
    let total = scored.len() as u64;
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
    Ok(ProjectMatches { total, items })
}
