//! The `subsidy_claims` table: one month's fees of an enterprise, in integer 分.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "subsidy_claims")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub enterprise_id: i64,
    /// `YYYY-MM`.
    pub month: String,
    pub property_fen: i64,
    pub sanitation_fen: i64,
    pub rent_fen: i64,
    pub utilities_fen: i64,
    /// The approved subsidy; 0 until approved.
    pub subsidy_fen: i64,
    /// `submitted`, `approved` or `rejected`.
    pub status: String,
    pub note: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

impl Model {
    /// The month's four fees together, in 分.
    pub fn total_fen(&self) -> i64 {
        self.property_fen + self.sanitation_fen + self.rent_fen + self.utilities_fen
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
