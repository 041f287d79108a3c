//! The database side of encryption at rest: loading the key at start (refusing a key that
//! does not fit the data), sealing rows that were stored in clear by an older version, and
//! re-sealing every row under a new key (`rotate-key`), batch by batch and resumably.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use sea_orm::sea_query::{Alias, Cond, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::{Algorithm, CryptoError, Keyring, install, key, keyring};
use crate::db::Db;

/// The sealed text columns of each table, and the table's mobile-hash column if any.
pub const SEALED: [(&str, &[&str], Option<&str>); 2] = [
    (
        "profiles",
        &["mobile", "wechat", "email", "capital_range"],
        Some("mobile_hash"),
    ),
    ("audit_events", &["before", "after"], None),
];

/// Rows re-sealed per transaction.
const BATCH: u64 = 500;

/// The file a rotation in progress keeps the new key in, beside the key file.
pub fn next_key_path(key_file: &Path) -> PathBuf {
    let mut name = key_file.as_os_str().to_owned();
    name.push(".next");
    PathBuf::from(name)
}

/// Loads (or on first start creates) the data key and installs it for this process.
/// A missing key file is created only when the database holds nothing sealed yet, and a
/// key that cannot open what the database holds is refused before anything is written.
pub async fn open_keys(db: &Db, key_file: &Path, algorithm: Algorithm) -> anyhow::Result<()> {
    let sample = sealed_sample(db.conn()).await?;
    if !key_file.exists() && sample.is_some() {
        bail!(
            "数据库中已有加密数据，但找不到数据密钥 {}：请放回原来的密钥文件，或用 XIANGXIAN_DATA_KEY_FILE 指明它",
            key_file.display()
        );
    }
    let loaded = key::load_or_create(key_file)?;
    if loaded.created {
        tracing::warn!(path = %key_file.display(), "created a new data key: back it up apart from the data, without it the contacts cannot be read");
    }
    let mut ring = Keyring::new(loaded.key, algorithm);
    let next = next_key_path(key_file);
    if next.exists() {
        // A rotation was interrupted: rows may already be sealed with the new key.
        ring = ring.also(key::read_key_file(&next)?);
    }
    if let Some(stored) = sample
        && let Err(e) = ring.open(&stored)
    {
        bail!(
            "数据密钥 {} 打不开数据库中的加密数据（{e}）：密钥文件不对？",
            key_file.display()
        );
    }
    install(ring);
    Ok(())
}

/// One sealed value from the database, if there is any.
async fn sealed_sample(conn: &impl ConnectionTrait) -> Result<Option<String>, DbErr> {
    for (table, columns, _) in SEALED {
        for column in columns {
            let query = Query::select()
                .column(Alias::new(*column))
                .from(Alias::new(table))
                .and_where(Expr::col(Alias::new(*column)).like("enc:%"))
                .limit(1)
                .to_owned();
            let row = conn
                .query_one_raw(conn.get_database_backend().build(&query))
                .await?;
            if let Some(row) = row {
                return Ok(Some(row.try_get_by_index(0)?));
            }
        }
    }
    Ok(None)
}

/// Seals the rows an older version stored in clear and chains unchained audit rows.
pub async fn seal_existing(db: &Db) -> anyhow::Result<()> {
    let sealed = reseal(db, Scope::Clear, |_| {}).await?;
    let txn = db.write().await?;
    let chained = crate::service::audit::chain::seal_unchained(&*txn).await?;
    txn.commit().await?;
    if sealed + chained > 0 {
        tracing::info!(sealed, chained, "sealed rows stored before encryption");
    }
    Ok(())
}

/// Which rows [`reseal`] takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Rows stored in clear by an older version (every start).
    Clear,
    /// Also rows sealed with another key than the current one (`rotate-key`).
    OtherKeys,
}

/// Rows not yet sealed as `scope` asks.
fn pending(columns: &[&str], current: &str, scope: Scope) -> Cond {
    let pattern = match scope {
        Scope::Clear => "enc:%".to_owned(),
        Scope::OtherKeys => format!("enc:_{current}:%"),
    };
    let mut any = Cond::any();
    for column in columns {
        any = any.add(
            Cond::all()
                .add(Expr::col(Alias::new(*column)).is_not_null())
                .add(Expr::col(Alias::new(*column)).not_like(pattern.as_str())),
        );
    }
    any
}

/// How many rows [`reseal`] would change.
pub async fn count_pending(conn: &impl ConnectionTrait, scope: Scope) -> Result<u64, DbErr> {
    let current = keyring().map_err(|e| DbErr::Custom(e.to_string()))?;
    let mut total = 0;
    for (table, columns, _) in SEALED {
        let query = Query::select()
            .expr(Expr::cust("COUNT(*)"))
            .from(Alias::new(table))
            .cond_where(pending(columns, current.current_id(), scope))
            .to_owned();
        if let Some(row) = conn
            .query_one_raw(conn.get_database_backend().build(&query))
            .await?
        {
            total += row.try_get_by_index::<i64>(0)? as u64;
        }
    }
    Ok(total)
}

/// Seals every row that `scope` names with the installed current key, in batches of
/// [`BATCH`] rows per transaction; `progress` gets the rows done so far. Safe to stop at any
/// point and run again: finished rows carry the new key id and are skipped.
pub async fn reseal(db: &Db, scope: Scope, mut progress: impl FnMut(u64)) -> anyhow::Result<u64> {
    let ring = keyring()?;
    let mut done = 0;
    for (table, columns, hash_column) in SEALED {
        let mut after_id = 0i64;
        loop {
            let mut select = Query::select();
            select
                .column(Alias::new("id"))
                .from(Alias::new(table))
                .and_where(Expr::col(Alias::new("id")).gt(after_id))
                .cond_where(pending(columns, ring.current_id(), scope))
                .order_by(Alias::new("id"), sea_orm::Order::Asc)
                .limit(BATCH);
            for column in columns {
                select.column(Alias::new(*column));
            }
            let txn = db.write().await?;
            let rows = txn
                .query_all_raw(txn.get_database_backend().build(&select))
                .await?;
            let Some(last) = rows.last() else { break };
            after_id = last.try_get_by_index(0)?;
            for row in &rows {
                let id: i64 = row.try_get_by_index(0)?;
                let mut update = Query::update();
                update
                    .table(Alias::new(table))
                    .and_where(Expr::col(Alias::new("id")).eq(id));
                for (i, column) in columns.iter().enumerate() {
                    let stored: Option<String> = row.try_get_by_index(i + 1)?;
                    let fail = || format!("{table} 第 {id} 行的 {column} 无法解密");
                    if *column == "mobile"
                        && let Some(hash_column) = hash_column
                    {
                        let plain = stored
                            .as_deref()
                            .map(|s| ring.open(s))
                            .transpose()
                            .with_context(fail)?;
                        let hash = plain
                            .as_deref()
                            .map(str::trim)
                            .filter(|m| !m.is_empty())
                            .map(|m| ring.contact_hash(m));
                        update.value(Alias::new(hash_column), Value::Bytes(hash));
                    }
                    // Resealed in the form it has: a snapshot's clear part is left as it is.
                    let resealed = stored
                        .as_deref()
                        .map(|s| ring.reseal(s))
                        .transpose()
                        .with_context(fail)?;
                    update.value(Alias::new(*column), Value::String(resealed));
                }
                txn.execute_raw(txn.get_database_backend().build(&update))
                    .await?;
            }
            txn.commit().await?;
            done += rows.len() as u64;
            progress(done);
        }
    }
    Ok(done)
}

/// Whether `stored` needs the installed key (for tests and tools).
pub fn opens(stored: &str) -> Result<String, CryptoError> {
    keyring()?.open(stored)
}
