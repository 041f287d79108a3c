//! New profile rows, one at a time or many per statement (an import), each
//! with its `create` audit event and its search change.

use chrono::{SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseBackend, EntityTrait, Iterable, Set, Statement,
    TryIntoModel,
};

use super::apply;
use crate::auth::CurrentUser;
use crate::domain::Tier;
use crate::entity::profile;
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Event};
use crate::service::profile::input::ProfileFields;
use crate::service::search_change;

/// Inserts inside the caller's transaction (also used by registration and import).
pub async fn insert(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    fields: ProfileFields,
    owner: Option<i64>,
) -> AppResult<profile::Model> {
    let created = new_model(actor, fields, owner)?.insert(conn).await?;
    audit::created(conn, &actor.ctx(), &created).await?;
    search_change::profile_changed(conn, created.id).await?;
    Ok(created)
}

/// Rows per multi-row `INSERT` of [`insert_many`]: about 40 columns each stays well under
/// SQLite's and PostgreSQL's limits on bound values.
const INSERT_ROWS: usize = 500;

/// Inserts many profiles inside the caller's transaction, exactly as [`insert`] does one at a
/// time (the same row, audit event and search change for each), with multi-row statements:
/// what an Excel import of new people does. Returns the rows in the order given.
pub async fn insert_many(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    fields: Vec<ProfileFields>,
) -> AppResult<Vec<profile::Model>> {
    let mut models = Vec::with_capacity(fields.len());
    for f in fields {
        models.push(new_model(actor, f, None)?);
    }
    let postgres = conn.get_database_backend() == DatabaseBackend::Postgres;
    if postgres {
        // The rows are counted once, at the end (migration 000220), so that two bulk
        // writers' statements lock no counters and run side by side.
        conn.execute_unprepared(
            "SELECT set_config('xiangxian.tallies_deferred', txid_current()::text, true)",
        )
        .await?;
    }
    let mut created = Vec::with_capacity(models.len());
    // One statement holds rows that set the same columns: a column one row leaves to its
    // default would otherwise be written as NULL for it.
    let mut batch: Vec<profile::ActiveModel> = Vec::new();
    let mut shape: Vec<bool> = Vec::new();
    for m in models {
        let this: Vec<bool> = <profile::Entity as EntityTrait>::Column::iter()
            .map(|c| m.is_not_set(c))
            .collect();
        if !batch.is_empty() && (this != shape || batch.len() >= INSERT_ROWS) {
            created.extend(insert_rows(conn, std::mem::take(&mut batch)).await?);
        }
        shape = this;
        batch.push(m);
    }
    created.extend(insert_rows(conn, batch).await?);
    for chunk in created.chunks(INSERT_ROWS) {
        let ids: Vec<i64> = chunk.iter().map(|p| p.id).collect();
        search_change::profiles_changed(conn, &ids).await?;
    }
    if postgres {
        // Before the audit events, in the order a single edit takes its locks (its update's
        // counters, then the audit chain): holding the chain while waiting for an edit's
        // counters would deadlock with it. An import that updated people before this call
        // holds the chain already; that rarer case can still deadlock, and answers 503.
        let ids: Vec<String> = created.iter().map(|p| p.id.to_string()).collect();
        conn.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT profile_tallies_flush($1::bigint[])",
            [format!("{{{}}}", ids.join(",")).into()],
        ))
        .await?;
    }
    let ctx = actor.ctx();
    for chunk in created.chunks(INSERT_ROWS) {
        let events: Vec<Event> = chunk.iter().map(Event::created).collect();
        audit::record_many(conn, &ctx, events).await?;
    }
    Ok(created)
}

/// Inserts rows that set every column but the id, and returns them as stored: only the
/// ids come back from the database, so nothing sealed is read back and opened again.
async fn insert_rows(
    conn: &impl ConnectionTrait,
    rows: Vec<profile::ActiveModel>,
) -> AppResult<Vec<profile::Model>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids = profile::Entity::insert_many(rows.clone())
        .exec_with_returning_keys(conn)
        .await?;
    // Ids ascend in insertion order on both databases.
    ids.sort_unstable();
    rows.into_iter()
        .zip(ids)
        .map(|(mut row, id)| {
            row.id = Set(id);
            Ok(row.try_into_model()?)
        })
        .collect()
}

/// A new profile row from validated fields.
fn new_model(
    actor: &CurrentUser,
    fields: ProfileFields,
    owner: Option<i64>,
) -> AppResult<profile::ActiveModel> {
    // Microseconds: what both databases keep, so the model returned is the row stored.
    let now = Utc::now().trunc_subsecs(6);
    let hometown = fields
        .hometown
        .clone()
        .ok_or_else(|| AppError::invalid("hometown_code", "请填写籍贯"))?;
    // Every column set (a field not given is NULL or empty), so a bulk insert knows the
    // whole row without reading it back.
    let mut model = profile::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        name: Set(String::new()),
        hometown_code: Set(hometown.to_string()),
        county_code: Set(hometown.county().map(|c| c.to_string()).unwrap_or_default()),
        employer: Set(String::new()),
        title: Set(String::new()),
        chains: Set("[]".into()),
        expertise: Set(String::new()),
        bio: Set(String::new()),
        intents: Set("[]".into()),
        tags: Set("[]".into()),
        consent_match: Set(false),
        listed: Set(true),
        tier: Set(Tier::Normal.as_str().into()),
        verified: Set(false),
        owner_user_id: Set(owner),
        version: Set(1),
        created_by: Set(Some(actor.id())),
        updated_by: Set(Some(actor.id())),
        created_at: Set(now),
        updated_at: Set(now),
        ..<profile::ActiveModel as ActiveModelTrait>::default_values()
    };
    apply(&mut model, fields, actor.id());
    Ok(model)
}
