//! The bench's first phase: a registry of generated people written through the service's
//! write path (rows, audit events, search changes) in batches, as an Excel import writes
//! them.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::auth::CurrentUser;
use crate::db::Db;
use crate::service::profile::write;
use crate::synth;

/// Profiles per transaction, in multi-row statements.
const BATCH: u64 = 2_000;

/// Writes profiles `0..profiles`. On PostgreSQL two writers take batches side by side (their
/// rows lock nothing the other needs until the counters and the audit chain at the end, see
/// `insert_many`); SQLite has one writer at a time anyway.
pub(super) async fn profiles(db: &Db, villages: Vec<String>, profiles: u64) -> anyhow::Result<()> {
    let writers = if db.backend() == sea_orm::DatabaseBackend::Postgres {
        2
    } else {
        1
    };
    let villages = Arc::new(villages);
    let next = Arc::new(AtomicU64::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..writers {
        let (db, villages, next) = (db.clone(), villages.clone(), next.clone());
        tasks.spawn(async move { write_batches(&db, &villages, &next, profiles).await });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    Ok(())
}

async fn write_batches(
    db: &Db,
    villages: &[String],
    next: &AtomicU64,
    profiles: u64,
) -> anyhow::Result<()> {
    let actor = CurrentUser::system("bench");
    loop {
        let start = next.fetch_add(BATCH, Ordering::Relaxed);
        if start >= profiles {
            return Ok(());
        }
        let batch: Vec<_> = (start..(start + BATCH).min(profiles))
            .map(|n| synth::profile(n, villages).fields())
            .collect();
        let txn = db.write().await?;
        write::insert_many(&*txn, &actor, batch)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        txn.commit().await?;
    }
}
