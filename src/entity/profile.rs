//! The `profiles` table. Contacts and the capital range are [`Sealed`]: encrypted in the
//! database, plain text here. `mobile_hash` is the keyed hash that finds a person by mobile.

use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue, Set};
use serde::Serialize;

use crate::crypto::Sealed;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "profiles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub gender: Option<String>,
    pub birth_year: Option<i32>,
    pub hometown_code: String,
    pub county_code: String,
    pub residence_code: Option<String>,
    pub employer: String,
    pub title: String,
    pub education: Option<String>,
    /// JSON array of segment codes.
    pub chains: String,
    pub expertise: String,
    pub bio: String,
    /// JSON array of intent codes.
    pub intents: String,
    pub capital_range: Option<Sealed>,
    pub mobile: Option<Sealed>,
    pub wechat: Option<Sealed>,
    pub email: Option<Sealed>,
    /// HMAC-SM3 of the mobile under the data key ([`crate::crypto::mobile_hash`]).
    #[serde(skip)]
    pub mobile_hash: Option<Vec<u8>>,
    pub consent_match: bool,
    pub consent_basis: Option<String>,
    pub consent_at: Option<DateTimeUtc>,
    pub consent_by: Option<i64>,
    pub listed: bool,
    pub tier: String,
    pub verified: bool,
    pub verified_at: Option<DateTimeUtc>,
    pub verified_by: Option<i64>,
    pub last_confirmed_at: Option<DateTimeUtc>,
    /// JSON array of free tags.
    pub tags: String,
    pub owner_user_id: Option<i64>,
    pub merged_into: Option<i64>,
    pub version: i32,
    pub created_by: Option<i64>,
    pub updated_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
    /// What a sheet's phone cell held beside the mobile (landline, 微信同号,
    /// a second number). A contact: shown only where the mobile is.
    pub contact_note: Option<String>,
    /// 现居地 as typed when it names no county (“东莞长安”, “武汉”).
    pub residence_text: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    /// Keeps `mobile_hash` in step with `mobile` on every single-row save.
    async fn before_save<C>(mut self, _db: &C, _insert: bool) -> Result<Self, DbErr>
    where
        C: ConnectionTrait,
    {
        self.hash_mobile();
        Ok(self)
    }
}

impl ActiveModel {
    /// Sets `mobile_hash` from `mobile` when the mobile is being written. Bulk writes
    /// (`insert_many`, `update_many`) do not run [`ActiveModelBehavior::before_save`], so the
    /// services that build them call this.
    pub fn hash_mobile(&mut self) {
        if let ActiveValue::Set(mobile) = &self.mobile {
            self.mobile_hash = Set(crate::crypto::mobile_hash(mobile.as_deref()));
        }
    }
}
