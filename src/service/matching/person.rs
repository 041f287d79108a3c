//! Projects for a person: the same engine as [`super::project`], turned around, over the
//! projects still being attracted or negotiated.
//!
//! Text relevance for one person and one project is the person's BM25 for the project text
//! (the index's `text_scores`) divided by the best BM25 among that project's own candidates,
//! the very normalisation [`super::match_project`] uses. So a person's text part for a
//! project is the same number whichever way the match is looked at, and projects whose
//! texts differ in length stay comparable (raw BM25 grows with the number of words).

use serde::Serialize;

use super::explain::{self, Context};
use super::project::CANDIDATE_POOL;
use super::score::{self, Parts};
use super::weights::MatchWeights;
use super::{blocking, matchable, matched_words, person_of, project_text, spec_of};
use crate::auth::policy::ProjectSight;
use crate::entity::{profile, project as project_entity};
use crate::error::AppResult;
use crate::search::Search;
use crate::service::project;
use crate::service::region::RegionNames;

/// One project proposed for a person.
#[derive(Clone, Debug, Serialize)]
pub struct ProjectMatch {
    pub project_id: i64,
    pub title: String,
    pub score: f64,
    pub parts: Parts,
    pub reasons: Vec<String>,
    pub missing: Vec<String>,
    pub segment: String,
    pub county_code: String,
    pub county: String,
    pub stage: String,
}

/// `GET /api/v1/profiles/{id}/matches`.
#[derive(Clone, Debug, Serialize)]
pub struct ProfileMatches {
    pub total: u64,
    pub items: Vec<ProjectMatch>,
    /// Why the list is empty when the person takes no part in matching.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

/// For each project, (the person's BM25, the best BM25 among the project's candidates).
pub(super) async fn text_scores(
    search: &Search,
    projects: &[project_entity::Model],
    profile_id: i64,
) -> AppResult<Vec<(f32, f32)>> {
    let index = search.index.clone();
    let queries: Vec<(String, String)> = projects
        .iter()
        .map(|p| (project_text(p), p.segment.clone()))
        .collect();
    blocking(move || {
        let mut out = Vec::with_capacity(queries.len());
        for (text, segment) in queries {
            let own = index
                .text_scores(&text, &[profile_id])?
                .get(&profile_id)
                .copied()
                .unwrap_or(0.0);
            let best = index
                .match_candidates(&search_index::MatchQuery {
                    text,
                    segment: Some(segment),
                    limit: CANDIDATE_POOL,
                    ..Default::default()
                })?
                .iter()
                .map(|c| c.text_score)
                .fold(own, f32::max);
            out.push((own, best));
        }
        Ok(out)
    })
    .await
}

/// One page of the open projects best matched to `p`, best first. A profile that takes
/// no part in matching (unlisted, no consent, deleted) gets an empty list and a notice. The
/// caller has already checked that it may read the profile.
pub async fn match_profile(
    conn: &impl sea_orm::ConnectionTrait,
    search: &Search,
    names: &RegionNames,
    weights: &MatchWeights,
    p: &profile::Model,
    page: &super::MatchPage,
) -> AppResult<ProfileMatches> {
    let projects = project::open(conn)
        .await?
        .into_iter()
        .map(|proj| (proj, ProjectSight::Full))
        .collect();
    match_profile_among(search, names, weights, p, projects, page).await
}

/// [`match_profile`] over the given projects, each as far as the caller sees it: a project
/// seen only in summary has been cleared of investment, target companies and notes
/// (`project::visible::summary_only`), and no line about its investment is explained.
pub async fn match_profile_among(
    search: &Search,
    names: &RegionNames,
    weights: &MatchWeights,
    p: &profile::Model,
    shown: Vec<(project_entity::Model, ProjectSight)>,
    page: &super::MatchPage,
) -> AppResult<ProfileMatches> {
    if !matchable(p) {
        return Ok(ProfileMatches {
            total: 0,
            items: Vec::new(),
            notice: Some("该档案未公开或未同意参与匹配，不向任何项目推荐".into()),
        });
    }
    let summary: std::collections::HashSet<i64> = shown
        .iter()
        .filter(|(_, sight)| *sight == ProjectSight::Summary)
        .map(|(proj, _)| proj.id)
        .collect();
    let projects: Vec<project_entity::Model> = shown.into_iter().map(|(proj, _)| proj).collect();
    let texts = text_scores(search, &projects, p.id).await?;
    let person = person_of(p);
    let mut scored: Vec<(f64, Parts, score::Fits, &project_entity::Model)> = projects
        .iter()
        .zip(texts)
        .filter_map(|(proj, (own, best))| {
            let fits = score::fits(&person, &spec_of(proj), score::text_fit(own, best));
            let parts = fits.parts(weights);
            let total = parts.total();
            (total > 0.0).then_some((total, parts, fits, proj))
        })
        .collect();
    // One person throughout, so "verified" cannot break a tie; the project id does.
    scored.sort_by(|a, b| score::ranking((a.0, false, a.3.id), (b.0, false, b.3.id)));
    let total = scored.len() as u64;
    let scored: Vec<_> = scored
        .into_iter()
        .skip(page.offset())
        .take(page.per_page)
        .collect();
    let items = scored
        .into_iter()
        .map(|(total, parts, fits, proj)| {
            let words = matched_words(&search.index, &project_text(proj), p);
            let spec = spec_of(proj);
            let why = explain::explain(
                &fits,
                &p.hometown_code,
                &Context {
                    names,
                    project_investment_wan: proj.investment_wan,
                    needs: &spec.needs,
                    capital: person.capital,
                    intents: &person.intents,
                    title: &p.title,
                    matched_words: &words,
                },
            );
            let (mut reasons, mut missing) = (why.reasons, why.missing);
            if summary.contains(&proj.id) {
                reasons.retain(|r| !r.contains("项目投资额"));
                missing.retain(|r| !r.contains("项目投资额"));
            }
            ProjectMatch {
                project_id: proj.id,
                title: proj.title.clone(),
                score: total,
                parts,
                reasons,
                missing,
                segment: proj.segment.clone(),
                county_code: proj.county_code.clone(),
                county: names.local_name(&proj.county_code),
                stage: proj.stage.clone(),
            }
        })
        .collect();
    Ok(ProfileMatches {
        total,
        items,
        notice: None,
    })
}
