//! Signing in and passwords: verifying one, changing one's own, the history
//! a new one may not repeat, and the tokens a new one ends.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::auth::password::{self, PasswordPolicy};
use crate::db::Db;
use crate::entity::{api_token, password_history, profile, user};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Ctx, Event, action};
use crate::service::guarded;

/// Verifies a username and password; the same answer whether or not the user exists.
pub async fn authenticate(db: &Db, username: &str, pass: &str) -> AppResult<Option<user::Model>> {
    let name = username.trim().to_lowercase();
    let found = if name.len() <= 64 {
        user::Entity::find()
            .filter(user::Column::Username.eq(name))
            .one(db.conn())
            .await?
    } else {
        None
    };
    let ok = password::verify(
        pass.to_owned(),
        found.as_ref().map(|u| u.password_hash.clone()),
    )
    .await;
    Ok(found.filter(|u| ok && !u.disabled))
}

/// Whether `pass` is the user's current password (argon2 off the async threads).
pub async fn verify_current(me: &user::Model, pass: &str) -> bool {
    password::verify(pass.to_owned(), Some(me.password_hash.clone())).await
}

/// Changes one's own password and ends one's other sessions (new epoch) and
/// all one's tokens. The caller has checked the current password (see
/// `service::session::change_password`, which throttles and audits wrong ones).
pub async fn change_password(
    db: &Db,
    ctx: &Ctx,
    me: &user::Model,
    current: &str,
    new: String,
    policy: PasswordPolicy,
) -> AppResult<user::Model> {
    let mobile = own_mobile(db.conn(), me).await?;
    policy.check("new", &new, &me.username, mobile.as_deref())?;
    if new == current {
        return Err(AppError::invalid("new", "新密码不能与当前密码相同"));
    }
    if policy == PasswordPolicy::Dengbao {
        check_history(db.conn(), me, &new).await?;
    }
    let hash = password::hash(new).await?;
    let txn = db.write().await?;
    remember(&*txn, me).await?;
    let mut model: user::ActiveModel = me.clone().into();
    model.password_hash = Set(hash);
    model.auth_epoch = Set(me.auth_epoch + 1);
    model.must_change_password = Set(false);
    model.password_changed_at = Set(Some(Utc::now()));
    model.updated_at = Set(Utc::now());
    // Two changes from one session at once: the password the other one set stays.
    let guard = user::Column::AuthEpoch.eq(me.auth_epoch);
    let after = guarded::update(&*txn, me.id, model, guard).await?;
    revoke_tokens(&*txn, me.id).await?;
    audit::record(
        &*txn,
        ctx,
        Event::about::<user::Model>(action::UPDATE, me.id).detail("修改密码"),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The mobile of the person the account belongs to, for the rule that a
/// password must not contain it.
pub(super) async fn own_mobile(
    conn: &impl ConnectionTrait,
    u: &user::Model,
) -> AppResult<Option<String>> {
    let Some(id) = u.profile_id else {
        return Ok(None);
    };
    Ok(profile::Entity::find_by_id(id)
        .one(conn)
        .await?
        .and_then(|p| p.mobile)
        .map(String::from))
}

/// Refuses the current password and the ones before it, [`password::HISTORY`] in all.
pub(super) async fn check_history(
    conn: &impl ConnectionTrait,
    u: &user::Model,
    new: &str,
) -> AppResult<()> {
    let mut hashes = vec![u.password_hash.clone()];
    hashes.extend(
        password_history::Entity::find()
            .filter(password_history::Column::UserId.eq(u.id))
            .order_by_desc(password_history::Column::Id)
            .paginate(conn, password::HISTORY - 1)
            .fetch_page(0)
            .await?
            .into_iter()
            .map(|h| h.password_hash),
    );
    for hash in hashes {
        if password::verify(new.to_owned(), Some(hash)).await {
            return Err(AppError::invalid(
                "new",
                format!("新密码不能与最近 {} 次使用过的密码相同", password::HISTORY),
            ));
        }
    }
    Ok(())
}

/// Keeps the outgoing password's hash for [`check_history`].
pub(super) async fn remember(conn: &impl ConnectionTrait, u: &user::Model) -> AppResult<()> {
    password_history::ActiveModel {
        user_id: Set(u.id),
        password_hash: Set(u.password_hash.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Revokes every live token of a user (new password, account disabled).
pub(super) async fn revoke_tokens(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<()> {
    api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}
