//! The `events` table: a 乡情返乡活动 or a 创业培训 session.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `forum`, `council_forum`, `homecoming`, `congress` or `training`.
    pub kind: String,
    pub title: String,
    /// Where it is held: a county, township or village of the city (or the city).
    pub region_code: String,
    pub starts_at: DateTimeUtc,
    pub place: String,
    pub capacity: i32,
    /// Who gives a training (湖北科技大学, …); empty for other kinds.
    pub provider: String,
    pub created_by: Option<i64>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
