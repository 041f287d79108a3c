//! Outcomes: the score a person had when shortlisted, kept on the 对接 entry, and the report
//! that sets those scores against what became of the entries (签约, 落地, 放弃), so that the
//! weights can be checked against what happened.

use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;

use super::score::{self, Parts};
use super::weights::MatchWeights;
use super::{person_of, spec_of};
use crate::auth::CurrentUser;
use crate::auth::policy;
use crate::domain::{PipelineStatus, Role};
use crate::entity::{pipeline_entry, profile, project};
use crate::error::{AppError, AppResult};
use crate::search::Search;

/// What scoring one person needs besides the rows: the index and the weights. Without an
/// index (the demo loader, which runs before any index is open) the text part counts 0.
#[derive(Clone, Copy)]
pub struct Scorer<'a> {
    pub search: Option<&'a Search>,
    pub weights: &'a MatchWeights,
}

/// The score and parts of `person` for `project` now, exactly as the match list computes
/// them (the text part relative to the best of the project's candidates).
pub async fn score_one(
    scorer: Scorer<'_>,
    project: &project::Model,
    person: &profile::Model,
) -> AppResult<(f64, Parts)> {
    let spec = spec_of(project);
    let Some(search) = scorer.search else {
        let parts = score::fits(&person_of(person), &spec, 0.0).parts(scorer.weights);
        return Ok((parts.total(), parts));
    };
    let (own, best) = super::person::text_scores(search, std::slice::from_ref(project), person.id)
        .await?
        .first()
        .copied()
        .unwrap_or((0.0, 0.0));
    let fits = score::fits(&person_of(person), &spec, score::text_fit(own, best));
    let parts = fits.parts(scorer.weights);
    Ok((parts.total(), parts))
}

/// Score bands of the report, as (lowest score, label); a band runs up to the next one.
pub const BANDS: &[(f64, &str)] = &[
    (80.0, "80分以上"),
    (65.0, "65–80分"),
    (50.0, "50–65分"),
    (0.0, "50分以下"),
];

/// One score band: how many entries were shortlisted in it and what became of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Band {
    pub band: String,
    /// Lowest score of the band (inclusive).
    pub min_score: u32,
    pub shortlisted: u64,
    /// Reached 已签约 and not (yet) 已落地.
    pub signed: u64,
    pub landed: u64,
    pub dropped: u64,
    /// Still 推荐, 已联系 or 洽谈中.
    pub open: u64,
}

/// `GET /api/v1/matching/report`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// Best band first.
    pub bands: Vec<Band>,
    /// Entries made before scores were kept (counted nowhere else).
    pub unscored: u64,
    /// Of the entries that ended (signed, landed or dropped), the share that reached 已签约 or
    /// 已落地, per band, in [`Report::bands`] order; `None` when none of a band has ended.
    pub success_rate: Vec<Option<f64>>,
}

fn band_of(score: f64) -> usize {
    BANDS
        .iter()
        .position(|(min, _)| score >= *min)
        .unwrap_or(BANDS.len() - 1)
}

/// The report over the 对接 entries of projects in the caller's scope (staff and admins).
pub async fn report(conn: &impl ConnectionTrait, actor: &CurrentUser) -> AppResult<Report> {
    policy::require_role(actor, &[Role::Admin, Role::Staff])?;
    let scope = actor
        .list_scope()
        .ok_or_else(|| AppError::forbidden("无权查看对接记录"))?;
    let in_scope = Query::select()
        .column(project::Column::Id)
        .from(project::Entity)
        .and_where(project::Column::CountyCode.starts_with(scope.as_str()))
        .to_owned();
    let rows: Vec<(String, Option<f64>)> = pipeline_entry::Entity::find()
        .select_only()
        .column(pipeline_entry::Column::Status)
        .column(pipeline_entry::Column::MatchScore)
        .filter(
            Expr::col((pipeline_entry::Entity, pipeline_entry::Column::ProjectId))
                .in_subquery(in_scope),
        )
        .into_tuple()
        .all(conn)
        .await?;
    let mut bands: Vec<Band> = BANDS
        .iter()
        .map(|(min, label)| Band {
            band: (*label).to_owned(),
            min_score: *min as u32,
            ..Band::default()
        })
        .collect();
    let mut unscored = 0;
    for (status, score) in rows {
        let Some(score) = score else {
            unscored += 1;
            continue;
        };
        let b = &mut bands[band_of(score)];
        b.shortlisted += 1;
        match PipelineStatus::parse(&status) {
            Ok(PipelineStatus::Signed) => b.signed += 1,
            Ok(PipelineStatus::Landed) => b.landed += 1,
            Ok(PipelineStatus::Dropped) => b.dropped += 1,
            _ => b.open += 1,
        }
    }
    let success_rate = bands
        .iter()
        .map(|b| {
            let ended = b.signed + b.landed + b.dropped;
            (ended > 0).then(|| score::round2((b.signed + b.landed) as f64 / ended as f64))
        })
        .collect();
    Ok(Report {
        bands,
        unscored,
        success_rate,
    })
}

/// The parts as kept on an entry.
pub fn parts_json(parts: &Parts) -> String {
    serde_json::to_value(parts)
        .map(|v| v.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_fall_in_the_right_band() {
        assert_eq!(band_of(100.0), 0);
        assert_eq!(band_of(80.0), 0);
        assert_eq!(band_of(79.99), 1);
        assert_eq!(band_of(65.0), 1);
        assert_eq!(band_of(50.0), 2);
        assert_eq!(band_of(49.0), 3);
        assert_eq!(band_of(0.0), 3);
    }
}
