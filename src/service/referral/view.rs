//! Referrals as the API and the pages show them: the referring person is named
//! only to a caller who may read their profile, otherwise only counted.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;

use super::{COMPANY, PROFILE};
use crate::auth::CurrentUser;
use crate::auth::policy::{self, ProfileAction};
use crate::domain::company::plan;
use crate::entity::{profile, project, referral};
use crate::error::AppResult;

/// A referral as listed.
#[derive(Debug, Serialize)]
pub struct ReferralView {
    pub id: i64,
    pub project_id: i64,
    pub project_title: String,
    pub project_stage: String,
    /// `profile` or `company`.
    pub referrer_kind: String,
    /// Null when the person lies outside what the caller may read.
    pub profile_id: Option<i64>,
    pub profile_name: Option<String>,
    pub company: Option<String>,
    /// Whether the company is one the plan names (local or 专栏3-1).
    pub company_in_plan: bool,
    /// Who referred, in words (a name, a company, or 辖区外乡贤).
    pub referrer: String,
    pub note: String,
    pub credited: bool,
    pub credited_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// The views of `rows`, with their projects' titles and the people the caller may read.
pub async fn views(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    rows: Vec<referral::Model>,
) -> AppResult<Vec<ReferralView>> {
    let project_ids: Vec<i64> = rows.iter().map(|r| r.project_id).collect();
    let projects: HashMap<i64, project::Model> = project::Entity::find()
        .filter(project::Column::Id.is_in(project_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let profile_ids: Vec<i64> = rows.iter().filter_map(|r| r.profile_id).collect();
    let people: HashMap<i64, profile::Model> = profile::Entity::find()
        .filter(profile::Column::Id.is_in(profile_ids))
        .all(conn)
        .await?
        .into_iter()
        .filter(|p| policy::profile(actor, p, ProfileAction::Read).is_ok())
        .map(|p| (p.id, p))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let p = projects.get(&r.project_id);
            let person = r.profile_id.and_then(|id| people.get(&id));
            let company = (r.referrer_kind == COMPANY).then(|| r.company_name.clone());
            let referrer = match (r.referrer_kind.as_str(), person, &company) {
                (PROFILE, Some(person), _) => person.name.clone(),
                (PROFILE, None, _) => "辖区外乡贤".to_owned(),
                (_, _, Some(c)) => c.clone(),
                _ => String::new(),
            };
            ReferralView {
                id: r.id,
                project_id: r.project_id,
                project_title: p.map(|p| p.title.clone()).unwrap_or_default(),
                project_stage: p.map(|p| p.stage.clone()).unwrap_or_default(),
                profile_id: person.map(|p| p.id),
                profile_name: person.map(|p| p.name.clone()),
                company_in_plan: company
                    .as_deref()
                    .is_some_and(|c| plan::plan_name(c).is_some()),
                company,
                referrer,
                referrer_kind: r.referrer_kind,
                note: r.note,
                credited: r.credited_at.is_some(),
                credited_at: r.credited_at,
                created_at: r.created_at,
            }
        })
        .collect())
}
