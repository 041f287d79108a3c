//! The `users` table.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub username: String,
    #[serde(skip)]
    pub password_hash: String,
    pub role: String,
    pub scope_code: Option<String>,
    pub incubator_id: Option<i64>,
    pub display_name: String,
    pub disabled: bool,
    #[serde(skip)]
    pub auth_epoch: i32,
    pub profile_id: Option<i64>,
    /// Set by an administrator's reset: the user must choose a new password first.
    pub must_change_password: bool,
    /// When the password was last set; `None` before it was recorded (then `created_at`).
    pub password_changed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
