//! In-app notices: an application decided, a profile claimed, a pipeline entry assigned.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entity::notice;

/// Queues a notice for `user_id`, inside the caller's transaction.
pub async fn send(
    conn: &impl ConnectionTrait,
    user_id: i64,
    kind: &str,
    message: &str,
    link: &str,
) -> Result<(), DbErr> {
    let row = notice::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind.into()),
        message: Set(message.into()),
        link: Set(link.into()),
        read_at: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    notice::Entity::insert(row)
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}

/// The newest notices of a user.
pub async fn list(
    conn: &impl ConnectionTrait,
    user_id: i64,
    limit: u64,
) -> Result<Vec<notice::Model>, DbErr> {
    notice::Entity::find()
        .filter(notice::Column::UserId.eq(user_id))
        .order_by_desc(notice::Column::Id)
        .limit(limit)
        .all(conn)
        .await
}

/// Marks one of the user's own notices read; another user's notice is left
/// alone (and reported as absent). Answers the notice as it now stands.
pub async fn mark_read(
    conn: &impl ConnectionTrait,
    user_id: i64,
    id: i64,
) -> Result<Option<notice::Model>, DbErr> {
    let Some(found) = notice::Entity::find_by_id(id)
        .filter(notice::Column::UserId.eq(user_id))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    if found.read_at.is_some() {
        return Ok(Some(found));
    }
    let now = Utc::now();
    notice::Entity::update_many()
        .col_expr(notice::Column::ReadAt, Expr::value(now))
        .filter(notice::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(Some(notice::Model {
        read_at: Some(now),
        ..found
    }))
}

/// Marks every unread notice of the user read; answers how many changed.
pub async fn mark_all_read(conn: &impl ConnectionTrait, user_id: i64) -> Result<u64, DbErr> {
    let result = notice::Entity::update_many()
        .col_expr(notice::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notice::Column::UserId.eq(user_id))
        .filter(notice::Column::ReadAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// Marks the user's unread notices that point at `link` read: opening the
/// page a notice announced answers it.
pub async fn mark_read_by_link(
    conn: &impl ConnectionTrait,
    user_id: i64,
    link: &str,
) -> Result<u64, DbErr> {
    let result = notice::Entity::update_many()
        .col_expr(notice::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notice::Column::UserId.eq(user_id))
        .filter(notice::Column::Link.eq(link))
        .filter(notice::Column::ReadAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}
