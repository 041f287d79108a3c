//! The keyed hash of a mobile as 16 bytes instead of 64 hex digits.
//!
//! The index on it is written at random places by every bulk insert: with 80-byte keys it
//! was about four times the pages an index of the mobiles in clear would be, and those
//! pages were most of what encryption at rest cost a bulk write. 128 bits of HMAC-SM3 are
//! kept (the first half of what was stored), so existing rows keep matching.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000160_store_contact_hash_as_bytes"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let sql = match m.get_database_backend() {
            // PostgreSQL rebuilds the index on the column as part of the type change.
            DatabaseBackend::Postgres => {
                "ALTER TABLE profiles ALTER COLUMN mobile_hash TYPE bytea \
                 USING decode(substr(mobile_hash, 1, 32), 'hex')"
            }
            // SQLite keeps a blob in a column declared text as it is.
            _ => {
                "UPDATE profiles SET mobile_hash = unhex(substr(mobile_hash, 1, 32)) \
                 WHERE typeof(mobile_hash) = 'text'"
            }
        };
        m.get_connection().execute_unprepared(sql).await?;
        Ok(())
    }

    /// Back to hex text; the hashes keep their 128 bits (32 hex digits), which the version
    /// before this one does not match, so duplicate checks by mobile find nothing until
    /// `rotate-key` rewrites them.
    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let sql = match m.get_database_backend() {
            DatabaseBackend::Postgres => {
                "ALTER TABLE profiles ALTER COLUMN mobile_hash TYPE text \
                 USING encode(mobile_hash, 'hex')"
            }
            _ => {
                "UPDATE profiles SET mobile_hash = lower(hex(mobile_hash)) \
                 WHERE typeof(mobile_hash) = 'blob'"
            }
        };
        m.get_connection().execute_unprepared(sql).await?;
        Ok(())
    }
}
