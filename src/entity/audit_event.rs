//! The `audit_events` table.

use sea_orm::entity::prelude::*;
use serde::Serialize;

use crate::crypto::Sealed;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    /// JSON of the record before an edit (encrypted at rest).
    pub before: Option<Sealed>,
    /// JSON of the record after an edit (encrypted at rest).
    pub after: Option<Sealed>,
    pub detail: String,
    pub client_addr: String,
    /// `hash` of the row before this one (64 zeros for the first row).
    #[serde(skip)]
    pub prev_hash: Option<String>,
    /// SM3 over the canonical row and `prev_hash` (see `service::audit::chain`).
    #[serde(skip)]
    pub hash: Option<String>,
    /// Set when the snapshots were redacted: the digest of the original snapshots that
    /// the hash covers (see `service::audit::redact`).
    #[serde(skip)]
    pub snapshot_digest: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
