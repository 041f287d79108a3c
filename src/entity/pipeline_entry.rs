//! The `pipeline_entries` table.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "pipeline_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub project_id: i64,
    pub profile_id: i64,
    pub status: String,
    pub note: String,
    pub assigned_to: Option<i64>,
    pub last_contact_at: Option<DateTimeUtc>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The match score when the person was shortlisted (none for older entries).
    pub match_score: Option<f64>,
    /// Its parts then, as JSON (`{"text": 21.5, …}`).
    pub match_parts: Option<String>,
    /// The day the clerk means to follow up (下次跟进日期), if set.
    pub next_follow_up_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
