//! API tokens of the calling user: issue, list, revoke.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::auth::{AuthVia, CurrentUser, token};
use crate::db::Db;
use crate::entity::api_token;
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Ctx, Event, action};

/// How long a token lives unless asked otherwise.
pub const DEFAULT_DAYS: i64 = 90;
/// The longest a token may live.
pub const MAX_DAYS: i64 = 365;

/// `POST /tokens`: a token for the caller, living `expires_in_days` (default
/// 90, at most 365). Only a signed-in person may mint one: a token cannot
/// create tokens, so a leaked one cannot make itself permanent.
pub async fn create(
    db: &Db,
    me: &CurrentUser,
    name: &str,
    expires_in_days: Option<i64>,
) -> AppResult<(api_token::Model, String)> {
    if matches!(me.via, AuthVia::Token(_)) {
        return Err(AppError::forbidden("令牌不能签发令牌，请登录后创建"));
    }
    let days = expires_in_days.unwrap_or(DEFAULT_DAYS);
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(AppError::invalid(
            "expires_in_days",
            format!("有效期为 1–{MAX_DAYS} 天"),
        ));
    }
    issue_for(db, &me.ctx(), me.id(), name, days).await
}

/// Creates a token of the default lifetime (the bench's own token).
pub async fn issue(
    db: &Db,
    ctx: &Ctx,
    user_id: i64,
    name: &str,
) -> AppResult<(api_token::Model, String)> {
    issue_for(db, ctx, user_id, name, DEFAULT_DAYS).await
}

/// Creates a token; the plain value is returned once and never stored.
async fn issue_for(
    db: &Db,
    ctx: &Ctx,
    user_id: i64,
    name: &str,
    days: i64,
) -> AppResult<(api_token::Model, String)> {
    // Also refuses control characters, which a token list should never show.
    let limit = crate::domain::limits::account::TOKEN_NAME;
    let name = crate::service::fields::text("name", name, limit).map_err(|_| {
        let (min, max) = (limit.min, limit.max);
        AppError::invalid(
            "name",
            format!("请填写 {min}–{max} 个字的令牌名称（不含控制字符）"),
        )
    })?;
    let (plain, hash) = token::generate();
    let txn = db.write().await?;
    let model = api_token::ActiveModel {
        user_id: Set(user_id),
        name: Set(name.to_owned()),
        token_hash: Set(hash),
        created_at: Set(Utc::now()),
        last_used_at: Set(None),
        expires_at: Set(Some(Utc::now() + chrono::Duration::days(days))),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::record(
        &*txn,
        ctx,
        Event::new(action::CREATE, "api_token", model.id).detail(name),
    )
    .await?;
    txn.commit().await?;
    Ok((model, plain))
}

/// The caller's live tokens (not revoked, not expired), with when each runs
/// out and was last used.
pub async fn list(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<Vec<api_token::Model>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .filter(api_token::Column::ExpiresAt.gt(Utc::now()))
        .order_by_asc(api_token::Column::Id)
        .all(conn)
        .await?)
}

/// Revokes one of the caller's tokens; someone else's answers 404.
pub async fn revoke(db: &Db, ctx: &Ctx, user_id: i64, id: i64) -> AppResult<()> {
    let txn = db.write().await?;
    let found = api_token::Entity::find_by_id(id)
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(&*txn)
        .await?
        .ok_or_else(|| AppError::not_found("令牌"))?;
    let mut model: api_token::ActiveModel = found.into();
    model.revoked_at = Set(Some(Utc::now()));
    model.update(&*txn).await?;
    audit::record(&*txn, ctx, Event::new(action::DELETE, "api_token", id)).await?;
    txn.commit().await?;
    Ok(())
}
