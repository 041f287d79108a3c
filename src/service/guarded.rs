//! The one way a service changes a row it has read: an `UPDATE` conditional on
//! what the writer saw (its version, or its status), then the row read back.
//! Of two writers who read the same state exactly one wins, on SQLite and on
//! PostgreSQL; the other changes nothing and answers 409 `stale_version`.

use sea_orm::sea_query::IntoCondition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, Iterable, PrimaryKeyToColumn,
    PrimaryKeyTrait, QueryFilter, UpdateMany,
};

use crate::error::{AppError, AppResult};

/// Writes `changes` to row `id` only if `guard` still holds for it, and returns
/// the row as written; 409 `stale_version` when another writer came first.
pub async fn update<A>(
    conn: &impl ConnectionTrait,
    id: i64,
    changes: A,
    guard: impl IntoCondition,
) -> AppResult<<A::Entity as EntityTrait>::Model>
where
    A: ActiveModelTrait + Send,
    <<A::Entity as EntityTrait>::PrimaryKey as PrimaryKeyTrait>::ValueType: From<i64>,
{
    let update = A::Entity::update_many().set(changes).filter(guard);
    update_where(conn, id, update)
        .await?
        .ok_or_else(AppError::stale_version)
}

/// Runs `update` (with its own guards and column expressions) on row `id`
/// alone; the row as written, or `None` when the guards did not hold and
/// nothing changed, for a caller that answers that with its own error.
pub async fn update_where<E>(
    conn: &impl ConnectionTrait,
    id: i64,
    update: UpdateMany<E>,
) -> AppResult<Option<E::Model>>
where
    E: EntityTrait,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<i64>,
{
    let Some(key) = E::PrimaryKey::iter().next() else {
        return Err(AppError::Internal(anyhow::anyhow!(
            "{} has no primary key",
            sea_orm::EntityName::table_name(&E::default())
        )));
    };
    let result = update.filter(key.into_column().eq(id)).exec(conn).await?;
    if result.rows_affected != 1 {
        return Ok(None);
    }
    let after = E::find_by_id(id).one(conn).await?.ok_or_else(|| {
        AppError::Internal(anyhow::anyhow!(
            "{} {id} gone right after its update",
            sea_orm::EntityName::table_name(&E::default())
        ))
    })?;
    Ok(Some(after))
}
