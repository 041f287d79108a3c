//! API tokens for scripts: random, shown once, stored only as a SHA-256 hash.

use base64::Engine;
use rand::RngCore;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};

use crate::entity::{api_token, user};

/// The visible prefix makes a leaked token recognisable in a scan.
const PREFIX: &str = "xxt_";

/// A new random token and the hash to store.
pub fn generate() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = format!(
        "{PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    let hash = hash(&token);
    (token, hash)
}

pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The token's id and its user, if the token is live.
pub async fn authenticate(
    conn: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<(i64, user::Model)>, DbErr> {
    if !token.starts_with(PREFIX) || token.len() > 100 {
        return Ok(None);
    }
    // One query for token and user: this runs on every request a script makes.
    let found = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash(token)))
        .filter(api_token::Column::RevokedAt.is_null())
        .find_also_related(user::Entity)
        .one(conn)
        .await?;
    Ok(found.and_then(|(token, user)| user.map(|u| (token.id, u))))
}
