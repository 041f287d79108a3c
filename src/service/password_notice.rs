//! The in-site notice that a password runs out soon (`--password-policy dengbao`): sent
//! when the user signs in within the last [`NOTICE_DAYS`] of the password's 90 days, once
//! for each password, and kept among their notices until they read it or change it.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};

use crate::auth::password::{NOTICE_DAYS, PasswordPolicy};
use crate::db::Db;
use crate::entity::{notice, user};
use crate::service::fields::china;

/// The kind of the notice, and the page it points to (opening it marks the notice read).
pub const KIND: &str = "password_expiring";
pub const LINK: &str = "/password";

/// Sends the notice when `user`'s password runs out within the notice period and no
/// notice was sent since the password was set. Answers whether one was sent.
pub async fn send_if_due(
    db: &Db,
    policy: PasswordPolicy,
    user: &user::Model,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let Some(expires) = crate::auth::password_expires_at(user, policy) else {
        return Ok(false);
    };
    // Once it has run out the user is sent to change it: no notice needed then.
    if now >= expires || expires - now > chrono::Duration::days(NOTICE_DAYS) {
        return Ok(false);
    }
    // The write transaction serialises two sign-ins of one user (one notice, not two).
    let txn = db.write().await?;
    let sent = send_once(&*txn, user, expires).await?;
    txn.commit().await?;
    Ok(sent)
}

async fn send_once(
    conn: &impl ConnectionTrait,
    user: &user::Model,
    expires: DateTime<Utc>,
) -> Result<bool, DbErr> {
    if conn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        // PostgreSQL runs write transactions side by side: queue on the user's row.
        user::Entity::find_by_id(user.id)
            .lock_exclusive()
            .one(conn)
            .await?;
    }
    let set_at = user.password_changed_at.unwrap_or(user.created_at);
    let sent = notice::Entity::find()
        .filter(notice::Column::UserId.eq(user.id))
        .filter(notice::Column::Kind.eq(KIND))
        .filter(notice::Column::CreatedAt.gte(set_at))
        .count(conn)
        .await?;
    if sent > 0 {
        return Ok(false);
    }
    let day = expires.with_timezone(&china()).format("%Y-%m-%d");
    let message = format!("您的密码将于 {day} 到期，请在此之前修改（每 90 天须更换一次）。");
    super::notice::send(conn, user.id, KIND, &message, LINK).await?;
    Ok(true)
}
