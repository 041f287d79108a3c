//! The `profile_tallies` table: counters of live profiles per hometown village, kept by
//! database triggers (migration `m20261207_000190_create_profile_tallies`). Read only.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "profile_tallies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub hometown_code: String,
    /// `live`, `verified`, `consented`, `confirmed`, `created`, `verified_month`,
    /// `residence`, `segment` or `chain`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    /// A month (`YYYY-MM`, China time), a chain or segment code, a city code, or empty.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub n: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
