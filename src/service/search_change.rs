//! The queue of changes the search indexer applies: one row per write to a
//! searchable record, written in the same transaction as the write itself.

use chrono::Utc;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};

use crate::entity::search_change;

/// Queues a profile for (re)indexing or removal.
pub async fn profile_changed(conn: &impl ConnectionTrait, profile_id: i64) -> Result<(), DbErr> {
    profiles_changed(conn, &[profile_id]).await
}

/// Queues many profiles at once (bulk writes), with one notification.
pub async fn profiles_changed(
    conn: &impl ConnectionTrait,
    profile_ids: &[i64],
) -> Result<(), DbErr> {
    if profile_ids.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let rows = profile_ids.iter().map(|&id| search_change::ActiveModel {
        entity: Set("profile".into()),
        entity_id: Set(id),
        created_at: Set(now),
        ..Default::default()
    });
    search_change::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    // Delivered at commit: wakes the indexers of every instance.
    if conn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        conn.execute_unprepared(&format!("NOTIFY {}", crate::search::CHANNEL))
            .await?;
    }
    Ok(())
}

/// How many changes the index has yet to apply (the indexer's own count).
pub use crate::search::pending;
