//! The `openings` table.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "openings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub incubator_id: i64,
    pub kind: String,
    pub title: String,
    pub area_m2: f64,
    pub units: i32,
    pub units_available: i32,
    pub monthly_rent: f64,
    pub available_from: Date,
    /// JSON array of chain or segment codes.
    pub chains: String,
    pub subsidy_eligible: bool,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
