//! Applying queued changes to the index, and full rebuilds.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use futures::TryStreamExt;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use tokio::sync::Notify;

use super::doc::{IndexRow, indexable, row_doc};
use super::{Search, profile_doc};
use crate::db::Db;
use crate::entity::{profile, search_change};
use crate::region::RegionNames;

/// How many changes the index has yet to apply.
pub async fn pending(
    conn: &impl sea_orm::ConnectionTrait,
    last_applied: i64,
) -> Result<u64, sea_orm::DbErr> {
    use sea_orm::PaginatorTrait;
    search_change::Entity::find()
        .filter(search_change::Column::Id.gt(last_applied))
        .count(conn)
        .await
}

/// Changes applied per index commit.
const BATCH: u64 = 5_000;
/// Documents a full rebuild hands to the index writer at a time.
const REBUILD_CHUNK: usize = 2_000;

/// Applies every queued change and commits; returns how many change rows were
/// applied. When it returns `Ok`, searches see every change committed before
/// the call, which is what a test waits for instead of polling. A failure
/// leaves the changes queued and is counted in `search_index_failures_total`.
pub async fn catch_up(db: &Db, search: &Search, names: &RegionNames) -> anyhow::Result<u64> {
    let _applying = search.applying.lock().await;
    let result = apply_queued(db, search, names).await;
    if result.is_err() {
        metrics::counter!("search_index_failures_total").increment(1);
    }
    result
}

async fn apply_queued(db: &Db, search: &Search, names: &RegionNames) -> anyhow::Result<u64> {
    let mut applied = 0;
    loop {
        let last = search.index.last_change_id().unwrap_or(0);
        let changes = search_change::Entity::find()
            .filter(search_change::Column::Id.gt(last))
            .order_by_asc(search_change::Column::Id)
            .limit(BATCH)
            .all(db.conn())
            .await?;
        let Some(max_id) = changes.last().map(|c| c.id) else {
            return Ok(applied);
        };
        let ids: BTreeSet<i64> = changes
            .iter()
            .filter(|c| c.entity == "profile")
            .map(|c| c.entity_id)
            .collect();
        let rows = profile::Entity::find()
            .filter(profile::Column::Id.is_in(ids.iter().copied()))
            .all(db.conn())
            .await?;
        // The current row decides, so replaying a change is harmless.
        let mut upserts = Vec::new();
        let mut deletes: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| !rows.iter().any(|r| r.id == *id))
            .collect();
        for row in &rows {
            if indexable(row) {
                upserts.push(profile_doc(row, names));
            } else {
                deletes.push(row.id);
            }
        }
        let index = search.index.clone();
        tokio::task::spawn_blocking(move || index.apply(upserts, deletes, max_id)).await??;
        applied += changes.len() as u64;
    }
}

/// Runs for the life of the process: applies changes when woken by a write of
/// this instance, by a PostgreSQL notification from another instance, or at
/// the latest every second. A failure leaves the change queued and is retried.
pub async fn run_indexer(db: Db, search: Search, names: Arc<RegionNames>, wake: Arc<Notify>) {
    let mut backoff = Backoff::default();
    loop {
        match catch_up(&db, &search, &names).await {
            Ok(_) => backoff.succeeded(),
            Err(e) => {
                // The changes stay queued: the next round starts again from the
                // index's last committed change id.
                tracing::error!(error = %format!("{e:#}"), "indexing failed; will retry");
                tokio::time::sleep(backoff.failed()).await;
                continue;
            }
        }
        let _ = tokio::time::timeout(Duration::from_secs(1), wake.notified()).await;
    }
}

/// How long the indexer waits after a failure: doubling from 200 ms up to 30 s, so a
/// database that is down is not hammered, and back to 200 ms after a success.
#[derive(Debug)]
struct Backoff {
    next: Duration,
}

impl Backoff {
    const FIRST: Duration = Duration::from_millis(200);
    const MAX: Duration = Duration::from_secs(30);

    /// The wait before the next try, and the one after it doubled.
    fn failed(&mut self) -> Duration {
        let wait = self.next;
        self.next = (self.next * 2).min(Self::MAX);
        wait
    }

    fn succeeded(&mut self) {
        self.next = Self::FIRST;
    }
}

impl Default for Backoff {
    fn default() -> Self {
        Self { next: Self::FIRST }
    }
}

/// Rebuilds the index from the database: every live, listed profile, streamed
/// page by page into one commit. `progress` is called with the count so far.
pub async fn rebuild(
    db: &Db,
    search: &Search,
    names: &RegionNames,
    progress: impl FnMut(usize) + Send + 'static,
) -> anyhow::Result<usize> {
    // Changes after this id are applied by the indexer afterwards; the rows
    // read below may already include some of them, which is harmless.
    let last_change = search_change::Entity::find()
        .order_by_desc(search_change::Column::Id)
        .one(db.conn())
        .await?
        .map(|c| c.id)
        .unwrap_or(0);
    // Pages travel through a small bounded channel so memory stays flat.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<search_index::ProfileDoc>>(2);
    let index = search.index.clone();
    let writer = tokio::task::spawn_blocking(move || {
        index.rebuild(rx.into_iter().flatten(), last_change, progress)
    });
    // One query streamed through one connection in one read transaction: one consistent
    // view, one scan in whatever order the rows lie (the index needs no order; pages
    // ordered by id made PostgreSQL, its statistics stale after a bulk load, sort the
    // whole table for every page), and on SQLite one connection's page cache filled.
    let reader = db.conn().begin().await?;
    {
        // The same rows `indexable` accepts, and only the columns the index needs.
        let mut chunks = profile::Entity::find()
            .filter(profile::Column::DeletedAt.is_null())
            .filter(profile::Column::MergedInto.is_null())
            .filter(profile::Column::Listed.eq(true))
            .into_partial_model::<IndexRow>()
            .stream(&reader)
            .await?
            .try_chunks(REBUILD_CHUNK);
        while let Some(rows) = chunks.try_next().await.map_err(|e| e.1)? {
            let docs: Vec<_> = rows.into_iter().map(|r| row_doc(r, names)).collect();
            let tx = tx.clone();
            // A send fails only when the writer stopped; its error comes from `writer`.
            if tokio::task::spawn_blocking(move || tx.send(docs))
                .await?
                .is_err()
            {
                break;
            }
        }
    }
    drop(tx);
    reader.commit().await?;
    Ok(writer.await??)
}

#[cfg(test)]
mod backoff_tests {
    use super::*;

    #[test]
    fn waits_double_from_200_ms_to_at_most_30_s_and_a_success_starts_again() {
        let mut b = Backoff::default();
        let waits: Vec<u64> = (0..10).map(|_| b.failed().as_millis() as u64).collect();
        assert_eq!(
            waits,
            [
                200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600, 30_000, 30_000
            ]
        );
        b.succeeded();
        assert_eq!(b.failed(), Duration::from_millis(200));
    }
}
