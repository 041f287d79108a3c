//! The hash chain that makes the audit log tamper-evident (等保 2.0 安全审计, 数据完整性).
//!
//! Each row stores `prev_hash`, the `hash` of the row before it, and its own `hash`:
//! SM3 over `prev_hash` and a canonical encoding of the row (time in microseconds, actor,
//! action, entity, detail, client address, and the SM3 digest of its before/after snapshots).
//! Editing a row changes its hash; deleting one leaves the next row pointing at a hash that
//! is not its predecessor's; an inserted row has no valid place. `prev_hash` is unique in the
//! database, so two writers (two servers on one PostgreSQL) can never both append after the
//! same row: the loser retries on the new tail. On PostgreSQL a transaction-scoped advisory
//! lock also queues appenders, so transactions do not collide in the common case.
//!
//! Redaction (erasure of a person, PIPL Art. 47) replaces personal fields inside snapshots.
//! The hash covers the *digest* of the snapshots, so a redacted row keeps the digest of its
//! original snapshots in `snapshot_digest`, and the chain still verifies; a redaction is
//! itself an audit event (`redact`, entity `audit_event`, one per row), and `verify` refuses
//! a row with a stored digest that no later `redact` event names.

use std::collections::HashSet;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, SqlErr,
};

use crate::crypto::{Sealed, sm3_hex};
use crate::entity::audit_event;

/// `prev_hash` of the first row of a chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Key of the PostgreSQL advisory lock that queues appenders.
const APPEND_LOCK: i64 = 0x7869_616e_6778; // "xiangx"

/// The action and entity of a redaction event.
pub const REDACT: &str = "redact";
pub const REDACTED_ENTITY: &str = "audit_event";

fn put(out: &mut Vec<u8>, field: Option<&[u8]>) {
    match field {
        None => out.push(0),
        Some(bytes) => {
            out.push(1);
            out.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
            out.extend_from_slice(bytes);
        }
    }
}

/// SM3 of the before/after snapshots, the part of a row that redaction may change.
pub fn snapshot_digest(before: Option<&str>, after: Option<&str>) -> String {
    let mut out = Vec::new();
    put(&mut out, before.map(str::as_bytes));
    put(&mut out, after.map(str::as_bytes));
    sm3_hex(&out)
}

/// The hash of a row given the hash before it.
pub fn row_hash(prev: &str, row: &audit_event::Model) -> String {
    let digest = row.snapshot_digest.clone().unwrap_or_else(|| {
        snapshot_digest(
            row.before.as_ref().map(Sealed::as_str),
            row.after.as_ref().map(Sealed::as_str),
        )
    });
    let mut out = b"xiangxian audit v1\0".to_vec();
    put(&mut out, Some(prev.as_bytes()));
    put(&mut out, Some(&row.at.timestamp_micros().to_be_bytes()));
    put(
        &mut out,
        row.actor_id.map(i64::to_be_bytes).as_ref().map(|b| &b[..]),
    );
    put(&mut out, Some(row.actor_name.as_bytes()));
    put(&mut out, Some(row.action.as_bytes()));
    put(&mut out, Some(row.entity.as_bytes()));
    put(&mut out, row.entity_id.as_deref().map(str::as_bytes));
    put(&mut out, Some(digest.as_bytes()));
    put(&mut out, Some(row.detail.as_bytes()));
    put(&mut out, Some(row.client_addr.as_bytes()));
    sm3_hex(&out)
}

/// The hash new rows follow: the newest sealed row's, else the last archive's, else genesis.
async fn tail(conn: &impl ConnectionTrait) -> Result<String, DbErr> {
    let newest: Option<Option<String>> = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Hash)
        .filter(audit_event::Column::Hash.is_not_null())
        .order_by_desc(audit_event::Column::Id)
        .into_tuple()
        .one(conn)
        .await?;
    if let Some(Some(hash)) = newest {
        return Ok(hash);
    }
    Ok(super::archive::last_anchor(conn)
        .await?
        .map_or_else(|| GENESIS.to_owned(), |a| a.1))
}

/// Appends rows (ids assigned by the database, in order) to the chain.
pub async fn append(
    conn: &impl ConnectionTrait,
    rows: Vec<audit_event::Model>,
) -> Result<(), DbErr> {
    let mut attempt = 0;
    loop {
        if conn.get_database_backend() == DatabaseBackend::Postgres {
            conn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({APPEND_LOCK})"))
                .await?;
        }
        let mut prev = tail(conn).await?;
        let models = rows.iter().map(|row| {
            let hash = row_hash(&prev, row);
            let prev_hash = std::mem::replace(&mut prev, hash.clone());
            audit_event::ActiveModel {
                at: Set(row.at),
                actor_id: Set(row.actor_id),
                actor_name: Set(row.actor_name.clone()),
                action: Set(row.action.clone()),
                entity: Set(row.entity.clone()),
                entity_id: Set(row.entity_id.clone()),
                before: Set(row.before.clone()),
                after: Set(row.after.clone()),
                detail: Set(row.detail.clone()),
                client_addr: Set(row.client_addr.clone()),
                prev_hash: Set(Some(prev_hash)),
                hash: Set(Some(hash)),
                snapshot_digest: Set(None),
                ..Default::default()
            }
        });
        let models: Vec<_> = models.collect();
        match audit_event::Entity::insert_many(models)
            .exec_without_returning(conn)
            .await
        {
            // Another writer appended after the same row first: follow the new tail.
            Err(e)
                if attempt < 20
                    && matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) =>
            {
                attempt += 1;
            }
            other => return other.map(|_| ()),
        }
    }
}

/// Seals rows written before the chain existed (an upgraded database), oldest first.
pub async fn seal_unchained(conn: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let mut sealed = 0;
    loop {
        let rows = audit_event::Entity::find()
            .filter(audit_event::Column::Hash.is_null())
            .order_by_asc(audit_event::Column::Id)
            .limit(1000)
            .all(conn)
            .await?;
        if rows.is_empty() {
            return Ok(sealed);
        }
        let mut prev = tail(conn).await?;
        for row in rows {
            let hash = row_hash(&prev, &row);
            audit_event::Entity::update_many()
                .col_expr(audit_event::Column::PrevHash, Expr::value(prev.clone()))
                .col_expr(audit_event::Column::Hash, Expr::value(hash.clone()))
                .filter(audit_event::Column::Id.eq(row.id))
                .exec(conn)
                .await?;
            prev = hash;
            sealed += 1;
        }
    }
}

/// Where the chain breaks.
#[derive(Debug, PartialEq, Eq)]
pub struct Break {
    pub id: i64,
    pub reason: String,
}

/// What a walk of the whole chain found.
#[derive(Debug)]
pub struct Walk {
    pub rows: u64,
    /// Id and hash of the newest row (record it elsewhere to detect a cut tail later).
    pub head: Option<(i64, String)>,
    pub broken: Option<Break>,
}

/// Walks the chain from the last archive (or the first row) to the newest row.
pub async fn verify(
    conn: &impl ConnectionTrait,
    mut progress: impl FnMut(u64),
) -> Result<Walk, DbErr> {
    let anchor = super::archive::last_anchor(conn).await?;
    let mut expected = anchor
        .as_ref()
        .map_or_else(|| GENESIS.to_owned(), |a| a.1.clone());
    let mut after_id = anchor.map_or(0, |a| a.0);
    let mut walk = Walk {
        rows: 0,
        head: None,
        broken: None,
    };
    let mut redacted: Vec<i64> = Vec::new();
    let mut redactions: HashSet<String> = HashSet::new();
    loop {
        let rows = audit_event::Entity::find()
            .filter(audit_event::Column::Id.gt(after_id))
            .order_by_asc(audit_event::Column::Id)
            .limit(1000)
            .all(conn)
            .await?;
        let Some(last) = rows.last() else { break };
        after_id = last.id;
        for row in rows {
            let fail = |reason: &str| Break {
                id: row.id,
                reason: reason.to_owned(),
            };
            let broken = match (&row.prev_hash, &row.hash) {
                (Some(prev), Some(_)) if *prev != expected => Some(fail(
                    "与前一条记录衔接不上：其前有记录被删除，或本条是插入的",
                )),
                (Some(prev), Some(hash)) if row_hash(prev, &row) != *hash => {
                    Some(fail("内容与哈希不符：本条记录被修改过"))
                }
                (Some(_), Some(_)) => None,
                _ => Some(fail("没有哈希：本条记录不是由系统写入的")),
            };
            if let Some(b) = broken {
                walk.broken = Some(b);
                return Ok(walk);
            }
            if row.snapshot_digest.is_some() {
                redacted.push(row.id);
            }
            if row.action == REDACT && row.entity == REDACTED_ENTITY {
                redactions.extend(row.entity_id.clone());
            }
            expected = row.hash.clone().unwrap_or_default();
            walk.head = Some((row.id, expected.clone()));
            walk.rows += 1;
            progress(walk.rows);
        }
    }
    if let Some(id) = redacted
        .into_iter()
        .find(|id| !redactions.contains(&id.to_string()))
    {
        walk.broken = Some(Break {
            id,
            reason: "快照被改动，却没有对应的脱敏（redact）审计记录".into(),
        });
    }
    Ok(walk)
}
