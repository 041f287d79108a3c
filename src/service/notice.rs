//! In-app notices: an application decided, a profile claimed, a pipeline entry assigned.

use chrono::Utc;
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
