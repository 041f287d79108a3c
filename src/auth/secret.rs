//! The server's own keys, made on first start and kept in the database so
//! that every instance on one database shares them, and HMAC-SHA256 over them.

use chrono::Utc;
use rand::RngCore;
use sea_orm::sea_query::OnConflict;
use sea_orm::{EntityTrait, Set};
use sha2::{Digest, Sha256};

use crate::db::Db;
use crate::entity::server_secret;

/// The key of the anonymous forms' CSRF tokens (`routes::pages::csrf`).
pub const CSRF: &str = "csrf";

/// Reads the key `name`, making a random 256-bit one if there is none yet.
/// Two instances starting at once both insert-or-ignore, then read the winner.
pub async fn load_or_create(db: &Db, name: &str) -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let txn = db.write().await?;
    server_secret::Entity::insert(server_secret::ActiveModel {
        name: Set(name.to_owned()),
        value: Set(hex::encode(bytes)),
        created_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(server_secret::Column::Name)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&*txn)
    .await?;
    txn.commit().await?;
    let row = server_secret::Entity::find_by_id(name.to_owned())
        .one(db.conn())
        .await?
        .ok_or_else(|| anyhow::anyhow!("server secret {name} missing after insert"))?;
    Ok(row.value)
}

/// HMAC-SHA256 (RFC 2104) of `message` under `key`, hex encoded.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> String {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    let outer = Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize();
    hex::encode(outer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_test_case_2() {
        assert_eq!(
            hmac_sha256(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
