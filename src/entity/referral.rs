//! The `referrals` table: who referred a project lead (以商招商).

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "referrals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub project_id: i64,
    /// `profile` (a person of the registry) or `company`.
    pub referrer_kind: String,
    /// The referring person, when `referrer_kind` is `profile`.
    pub profile_id: Option<i64>,
    /// The referring company, when `referrer_kind` is `company` (else empty).
    pub company_name: String,
    pub note: String,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    /// When the project landed and the referral counted.
    pub credited_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
