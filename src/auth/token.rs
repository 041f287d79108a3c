//! API tokens for scripts: random, shown once, stored only as a SHA-256 hash.

use base64::Engine;
use chrono::Utc;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};

use crate::db::Db;
use crate::entity::{api_token, user};

/// `last_used_at` is written at most this often per token: a script making
/// a hundred calls a minute should not make a hundred writes.
const LAST_USED_EVERY: chrono::Duration = chrono::Duration::minutes(1);

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

/// The token's id and its user, if the token is live (not revoked, not
/// expired); records when it was used.
pub async fn authenticate(db: &Db, token: &str) -> Result<Option<(i64, user::Model)>, DbErr> {
    if !token.starts_with(PREFIX) || token.len() > 100 {
        return Ok(None);
    }
    let now = Utc::now();
    // One query for token and user: this runs on every request a script makes.
    let found = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash(token)))
        .filter(api_token::Column::RevokedAt.is_null())
        .filter(api_token::Column::ExpiresAt.gt(now))
        .find_also_related(user::Entity)
        .one(db.conn())
        .await?;
    let Some((token, Some(user))) = found else {
        return Ok(None);
    };
    if token
        .last_used_at
        .is_none_or(|t| now - t >= LAST_USED_EVERY)
    {
        let txn = db.write().await?;
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
            .filter(api_token::Column::Id.eq(token.id))
            .exec(&*txn)
            .await?;
        txn.commit().await?;
    }
    Ok(Some((token.id, user)))
}
