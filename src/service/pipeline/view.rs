//! A pipeline entry as the API and pages show it: with its project's title,
//! its person's name, where it may go next and how long since the last contact.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;

use super::{active_asks, codes, days_since_contact, is_stalled, next_statuses};
use crate::domain::PipelineStatus;
use crate::entity::{pipeline_entry, profile, project};
use crate::error::AppResult;

/// A pipeline entry as the API shows it.
#[derive(Debug, Serialize)]
pub struct PipelineView {
    pub id: i64,
    pub project_id: i64,
    pub project_title: String,
    pub county_code: String,
    pub profile_id: i64,
    pub profile_name: String,
    pub status: String,
    pub status_label: String,
    /// The states this entry may move to next.
    pub next_statuses: Vec<&'static str>,
    pub note: String,
    pub assigned_to: Option<i64>,
    pub last_contact_at: Option<DateTime<Utc>>,
    pub days_since_contact: i64,
    pub stalled: bool,
    /// 下次跟进日期, if set.
    pub next_follow_up_on: Option<NaiveDate>,
    /// Open, and its follow-up day has come (待跟进).
    pub follow_up_due: bool,
    /// How many conversations (推荐 · 已联系 · 洽谈中) the person is in, this one included.
    pub active_asks: u64,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Views of entries, with their projects' titles and people's names.
pub async fn views(
    conn: &impl ConnectionTrait,
    entries: Vec<pipeline_entry::Model>,
) -> AppResult<Vec<PipelineView>> {
    let project_ids: Vec<i64> = entries.iter().map(|e| e.project_id).collect();
    let profile_ids: Vec<i64> = entries.iter().map(|e| e.profile_id).collect();
    let projects: HashMap<i64, project::Model> = project::Entity::find()
        .filter(project::Column::Id.is_in(project_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let names: HashMap<i64, String> = profile::Entity::find()
        .select_only()
        .column(profile::Column::Id)
        .column(profile::Column::Name)
        .filter(profile::Column::Id.is_in(profile_ids.clone()))
        .into_tuple::<(i64, String)>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let asks = active_asks(conn, &profile_ids).await?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let status = PipelineStatus::parse(&e.status).ok();
            let p = projects.get(&e.project_id);
            PipelineView {
                id: e.id,
                project_id: e.project_id,
                project_title: p.map(|p| p.title.clone()).unwrap_or_default(),
                county_code: p.map(|p| p.county_code.clone()).unwrap_or_default(),
                profile_id: e.profile_id,
                profile_name: names.get(&e.profile_id).cloned().unwrap_or_default(),
                status_label: status.map(|s| s.label().to_owned()).unwrap_or_default(),
                next_statuses: status.map(|s| codes(next_statuses(s))).unwrap_or_default(),
                days_since_contact: days_since_contact(&e),
                stalled: is_stalled(&e),
                follow_up_due: super::follow_up::is_due(&e),
                next_follow_up_on: e.next_follow_up_on,
                active_asks: asks.get(&e.profile_id).copied().unwrap_or(0),
                status: e.status,
                note: e.note,
                assigned_to: e.assigned_to,
                last_contact_at: e.last_contact_at,
                created_by: e.created_by,
                created_at: e.created_at,
                updated_at: e.updated_at,
            }
        })
        .collect())
}
