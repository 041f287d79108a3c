//! Bulk inserts on PostgreSQL count their profiles once, at the end, instead of in each
//! statement's trigger.
//!
//! Each 500-row statement of an import locked the counters of its villages until commit, so
//! two bulk writers queued for the whole of each other's transactions (without the queue
//! they deadlocked), and the counters of one village were rewritten once a statement. Now a
//! bulk writer marks its transaction (`xiangxian.tallies_deferred` set to its transaction
//! id), the insert trigger leaves its rows alone, and `profile_tallies_flush(ids)` counts
//! the rows `ids` in one statement, in key order, just before the writer's audit events.
//! Updates and deletes still count in their own statements.
//!
//! The mark names the transaction, not the session: a mark set outside a transaction (or
//! left by one that ended) matches no later transaction, so its rows are counted by the
//! trigger as before and the flush counts nothing.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

use crate::m20261207_000210_order_profile_tally_locks::{
    apply, parts, pg_trigger, pg_trigger_with,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261208_000220_defer_bulk_profile_tallies"
    }
}

/// True inside a transaction that defers the counting of its inserts.
const DEFERRED: &str = "current_setting('xiangxian.tallies_deferred', true) = txid_current()::text";

fn pg_trigger_deferring() -> String {
    pg_trigger_with(&format!("IF {DEFERRED} THEN RETURN NULL; END IF;"))
}

/// Counts the inserted rows `ids` of a deferring transaction and ends the deferral; in any
/// other transaction the trigger has counted them already, and it does nothing.
fn pg_flush() -> String {
    let insert = apply(&parts("added", 1));
    format!(
        "CREATE OR REPLACE FUNCTION profile_tallies_flush(ids bigint[]) RETURNS void \
         LANGUAGE plpgsql AS $$
BEGIN
  IF {DEFERRED} THEN
    PERFORM set_config('xiangxian.tallies_deferred', '', true);
    WITH added AS MATERIALIZED (SELECT * FROM profiles WHERE id = ANY(ids))
    {insert}
  END IF;
END
$$"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite has one writer at a time and row triggers: nothing to defer there.
        if m.get_database_backend() == DatabaseBackend::Postgres {
            let conn = m.get_connection();
            conn.execute_unprepared(&pg_trigger_deferring()).await?;
            conn.execute_unprepared(&pg_flush()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DatabaseBackend::Postgres {
            let conn = m.get_connection();
            conn.execute_unprepared(&pg_trigger()).await?;
            conn.execute_unprepared("DROP FUNCTION IF EXISTS profile_tallies_flush(bigint[])")
                .await?;
        }
        Ok(())
    }
}
