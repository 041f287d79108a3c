//! The `service_requests` table: what a founder asks the 返乡创业综合服务中心.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "service_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub founder_user_id: i64,
    /// The founder's own profile, when they have one.
    pub profile_id: Option<i64>,
    /// The county whose staff take it.
    pub county_code: String,
    pub kind: String,
    pub summary: String,
    /// `submitted`, `accepted`, `resolved`, `rejected` or `withdrawn`.
    pub status: String,
    /// The staff's last note to the founder.
    pub note: String,
    pub handled_by: Option<i64>,
    pub handled_at: Option<DateTimeUtc>,
    pub rating: Option<i32>,
    pub rated_at: Option<DateTimeUtc>,
    pub submitted_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
