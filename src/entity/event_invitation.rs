//! The `event_invitations` table: one person invited to one event, with the
//! hash of their personal RSVP link (the link itself is never stored).

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "event_invitations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub profile_id: i64,
    /// `invited`, `accepted`, `waitlisted`, `declined` or `attended`.
    pub status: String,
    #[serde(skip)]
    pub token_hash: String,
    /// With the server key it derives the link again for a reprinted card.
    #[serde(skip)]
    pub token_salt: String,
    /// When the link was used to answer; a used link answers no more.
    pub token_used_at: Option<DateTimeUtc>,
    pub answered_at: Option<DateTimeUtc>,
    pub attended_at: Option<DateTimeUtc>,
    pub checked_in_by: Option<i64>,
    pub invited_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
