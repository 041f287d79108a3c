//! `audit archive`: moves audit rows older than the retention window (180 days at least,
//! DESIGN "At rest") out of the database into a signed file, and records where the chain
//! stopped (an anchor) so the rows that remain still verify.
//!
//! The file is JSON lines: a header (range, the chain hash the first row follows, the hash
//! of the last archived row, the chain head at the time of archiving, the key id), one line
//! per row (snapshots stay encrypted), and a last line with the HMAC-SM3 of everything
//! before it under a key derived from the data key.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Statement,
};
use serde_json::json;

use crate::crypto::{self, Sealed};
use crate::db::Db;
use crate::entity::audit_event;

/// Rows younger than this are never archived.
pub const KEEP_DAYS: i64 = 180;

/// `(last archived id, its hash)` of the newest archive, if any.
pub async fn last_anchor(conn: &impl ConnectionTrait) -> Result<Option<(i64, String)>, DbErr> {
    let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT last_id, last_hash FROM audit_anchors ORDER BY id DESC LIMIT 1",
        ))
        .await?;
    row.map(|r| Ok((r.try_get_by_index(0)?, r.try_get_by_index(1)?)))
        .transpose()
}

/// What an archive wrote.
#[derive(Debug)]
pub struct Archived {
    pub rows: u64,
    pub last_id: Option<i64>,
}

/// Writes the rows older than `before` to `file` (which must not exist) and removes them.
pub async fn archive(db: &Db, before: DateTime<Utc>, file: &Path) -> anyhow::Result<Archived> {
    if before > Utc::now() - Duration::days(KEEP_DAYS) {
        bail!("审计记录至少保留 {KEEP_DAYS} 天：只能归档 {KEEP_DAYS} 天以前的记录");
    }
    let walk = super::chain::verify(db.conn(), |_| {}).await?;
    if let Some(b) = walk.broken {
        bail!(
            "审计链在第 {} 条处断开（{}），请先调查，不予归档",
            b.id,
            b.reason
        );
    }
    let keyring = crypto::keyring()?;
    let start = last_anchor(db.conn()).await?;
    let rows: Vec<audit_event::Model> = audit_event::Entity::find()
        .filter(audit_event::Column::At.lt(before))
        .filter(audit_event::Column::Id.gt(start.as_ref().map_or(0, |a| a.0)))
        .order_by_asc(audit_event::Column::Id)
        .all(db.conn())
        .await?;
    // Only a leading stretch of the chain can leave: stop at the first gap in time order.
    let first_newer: Option<i64> = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Id)
        .filter(audit_event::Column::At.gte(before))
        .order_by_asc(audit_event::Column::Id)
        .into_tuple()
        .one(db.conn())
        .await?;
    let rows: Vec<_> = rows
        .into_iter()
        .take_while(|r| first_newer.is_none_or(|n| r.id < n))
        .collect();
    let Some(last) = rows.last() else {
        return Ok(Archived {
            rows: 0,
            last_id: None,
        });
    };
    let (last_id, last_hash) = (last.id, last.hash.clone().unwrap_or_default());
    let mut text = String::new();
    let header = json!({
        "format": "xiangxian-audit-archive-1",
        "before": before,
        "first_id": rows.first().map(|r| r.id),
        "last_id": last_id,
        "rows": rows.len(),
        "follows_hash": start.map_or_else(|| super::chain::GENESIS.to_owned(), |a| a.1),
        "last_hash": last_hash,
        "chain_head": walk.head.map(|(id, hash)| json!({"id": id, "hash": hash})),
        "key_id": keyring.current_id(),
        "archived_at": Utc::now(),
    });
    text.push_str(&header.to_string());
    text.push('\n');
    let seal = |s: &Option<Sealed>| s.as_deref().map(|v| keyring.seal(v));
    for r in &rows {
        let line = json!({
            "id": r.id, "at": r.at, "actor_id": r.actor_id, "actor_name": r.actor_name,
            "action": r.action, "entity": r.entity, "entity_id": r.entity_id,
            "before": seal(&r.before), "after": seal(&r.after), "detail": r.detail,
            "client_addr": r.client_addr, "prev_hash": r.prev_hash, "hash": r.hash,
            "snapshot_digest": r.snapshot_digest,
        });
        text.push_str(&line.to_string());
        text.push('\n');
    }
    let mac = keyring.file_mac(&[text.as_bytes()]);
    text.push_str(&json!({ "hmac_sm3": hex::encode(mac) }).to_string());
    text.push('\n');
    let mut out = crypto::private_new_file(file)
        .with_context(|| format!("无法创建 {}（文件须不存在）", file.display()))?;
    out.write_all(text.as_bytes())?;
    out.sync_all()?;

    let txn = db.write().await?;
    txn.execute_raw(Statement::from_sql_and_values(
        txn.get_database_backend(),
        match txn.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                "INSERT INTO audit_anchors (last_id, last_hash, row_count, file, archived_at) \
                 VALUES ($1, $2, $3, $4, $5)"
            }
            _ => {
                "INSERT INTO audit_anchors (last_id, last_hash, row_count, file, archived_at) \
                 VALUES (?, ?, ?, ?, ?)"
            }
        },
        [
            last_id.into(),
            last_hash.into(),
            (rows.len() as i64).into(),
            file.display().to_string().into(),
            Utc::now().into(),
        ],
    ))
    .await?;
    audit_event::Entity::delete_many()
        .filter(audit_event::Column::Id.lte(last_id))
        .exec(&*txn)
        .await?;
    txn.commit().await?;
    Ok(Archived {
        rows: rows.len() as u64,
        last_id: Some(last_id),
    })
}

/// Checks an archive file's signature with the installed key.
pub fn check_file(text: &str) -> anyhow::Result<()> {
    let body_end = text
        .trim_end_matches('\n')
        .rfind('\n')
        .context("不是审计归档文件")?
        + 1;
    let (body, sig) = text.split_at(body_end);
    let sig: serde_json::Value = serde_json::from_str(sig.trim()).context("缺少签名")?;
    let expected = hex::encode(crypto::keyring()?.file_mac(&[body.as_bytes()]));
    if sig["hmac_sm3"].as_str() != Some(expected.as_str()) {
        bail!("签名不符：文件被改动，或不是用这把数据密钥签名的");
    }
    Ok(())
}
