//! The `organizations` table: 乡贤组织 above the village (同乡会, 商会, …).

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `hometown`, `chamber`, `doctoral`, `talent` or `council`.
    pub kind: String,
    pub name: String,
    /// The city, a county or a township where it sits.
    pub region_code: String,
    pub founded_on: Option<Date>,
    pub note: String,
    pub version: i32,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
