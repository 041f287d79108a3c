//! The `profile_confirm_requests` table: a 请本人确认 sent to a person, with its one-time
//! link (derived from `token_salt` with the server key; only its hash is looked up).

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "profile_confirm_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub profile_id: i64,
    #[serde(skip)]
    pub token_salt: String,
    #[serde(skip)]
    pub token_hash: String,
    pub requested_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    /// What the person said is wrong, for the organizer (never applied by itself).
    pub correction: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
