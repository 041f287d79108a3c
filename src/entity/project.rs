//! The `projects` table.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "projects")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    pub segment: String,
    pub description: String,
    /// JSON array of need codes.
    pub needs: String,
    pub county_code: String,
    pub park: String,
    pub investment_wan: i64,
    pub stage: String,
    /// JSON array of company names.
    pub target_companies: String,
    pub owner_user_id: Option<i64>,
    /// Whether founders and organizers may see the project's public summary.
    pub public: bool,
    pub version: i32,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Jobs the project creates (optional).
    pub jobs: Option<i64>,
    /// While shelved: the stage it was in, the only one it may go back to.
    pub stage_before_shelved: Option<String>,
    /// When it reached 已落地 (the year of its award).
    pub landed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
