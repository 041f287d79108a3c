//! The `profile_transfers` table: ownership moves waiting for a staff approval.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "profile_transfers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `claim` or `merge`.
    pub kind: String,
    /// The record that would pass to the account.
    pub profile_id: i64,
    /// For a merge: the profile it goes into.
    pub into_profile_id: Option<i64>,
    pub account_user_id: i64,
    /// Who issued the claim code or asked for the merge: never its approver.
    pub requested_by: Option<i64>,
    pub county_code: String,
    /// `pending` · `approved` · `rejected`.
    pub status: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
