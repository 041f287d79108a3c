//! The `applications` table.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub opening_id: i64,
    pub founder_user_id: i64,
    pub profile_id: Option<i64>,
    pub plan: String,
    pub team_size: i32,
    pub area_needed_m2: f64,
    pub status: String,
    pub note: String,
    pub decided_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
