//! The `notification_outbox` table: one e-mail or SMS to send, written in the event's
//! transaction. `params` holds ids and non-personal words only (rendered at send time).

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "notification_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: Option<i64>,
    pub profile_id: Option<i64>,
    /// `email` or `sms`.
    pub channel: String,
    pub template: String,
    /// JSON object of the template's ids and words.
    pub params: String,
    /// `pending` → `sending` → `sent` | `pending` (retry) | `failed` | `cancelled`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// The last failure, contacts masked.
    pub last_error: String,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
