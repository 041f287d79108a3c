//! The `enterprises` table: a founder's enterprise placed by an accepted application.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "enterprises")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub credit_code: String,
    pub first_business: bool,
    pub application_id: i64,
    pub founder_user_id: i64,
    pub incubator_id: i64,
    /// The incubator's county, copied so that scoping needs no join.
    pub county_code: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
