//! The `collaboration_requests` table: 请求协同, county staff asking the staff of a
//! person's home county to introduce that person to a project.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "collaboration_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub project_id: i64,
    pub profile_id: i64,
    /// The county of the person's hometown: its staff decide.
    pub home_county: String,
    /// `pending`, `accepted` or `declined`.
    pub status: String,
    pub requested_by: Option<i64>,
    pub decided_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
