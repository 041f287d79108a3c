//! The PostgreSQL trigger that keeps `profile_tallies`, again:
//! - two transactions writing profiles at once (two imports, or an import and an edit) could
//!   each lock one village's counter and wait for the other's, and PostgreSQL aborted one
//!   with "deadlock detected". The counters of one statement are now written in key order,
//!   so statements lock them in one order; bulk writers also queue on a lock of their own
//!   (in the service), since their several statements each lock a different set.
//! - it counted row by row through a function; it now counts each kind in one scan of the
//!   statement's rows (the same counters: the tallies test recounts them from scratch).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

use crate::m20261207_000190_create_profile_tallies::PG_TRIGGER;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000210_order_profile_tally_locks"
    }
}

/// The counters of the rows of transition table `rows`, each `sign`, as `(h, kind, key, n)`
/// rows: what `profile_tally_parts` gives row by row, written as one scan per kind. The
/// trigger took about a third of a bulk load's time on PostgreSQL; this form gained a tenth.
pub(crate) fn parts(rows: &str, sign: i64) -> String {
    let month =
        |at: &str| format!("to_char(({at} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')");
    let chains = "jsonb_array_elements_text(CASE WHEN r.chains ~ '^\\s*\\[' \
                  THEN r.chains::jsonb ELSE '[]'::jsonb END) AS s";
    let live = format!("FROM {rows} r WHERE r.deleted_at IS NULL");
    [
        format!("SELECT r.hometown_code::text AS h, 'live'::text AS kind, ''::text AS key, {sign}::bigint AS n {live}"),
        format!("SELECT r.hometown_code, 'verified', '', {sign} {live} AND r.verified"),
        format!("SELECT r.hometown_code, 'consented', '', {sign} {live} AND r.consent_match"),
        format!(
            "SELECT r.hometown_code, 'confirmed', {}, {sign} {live}",
            month("COALESCE(r.last_confirmed_at, r.created_at)")
        ),
        format!("SELECT r.hometown_code, 'created', {}, {sign} {live}", month("r.created_at")),
        format!(
            "SELECT r.hometown_code, 'verified_month', {}, {sign} {live} \
             AND r.verified AND r.verified_at IS NOT NULL",
            month("r.verified_at")
        ),
        format!(
            "SELECT r.hometown_code, 'residence', substr(r.residence_code, 1, 4), {sign} {live} \
             AND length(r.residence_code) >= 4"
        ),
        format!(
            "SELECT r.hometown_code, 'segment', s, {sign} \
             FROM {rows} r CROSS JOIN LATERAL {chains} WHERE r.deleted_at IS NULL"
        ),
        // A profile counts once in a chain however many of its segments it names.
        format!(
            "SELECT h, 'chain', key, {sign} FROM (SELECT DISTINCT r.id, r.hometown_code AS h, \
             split_part(s, '.', 1) AS key FROM {rows} r CROSS JOIN LATERAL {chains} \
             WHERE r.deleted_at IS NULL) AS c"
        ),
    ]
    .join(" UNION ALL ")
}

/// One `INSERT … ON CONFLICT` adding the summed counters of `parts`, in key order.
pub(crate) fn apply(parts: &str) -> String {
    format!(
        "INSERT INTO profile_tallies (hometown_code, kind, key, n) \
         SELECT u.h, u.kind, u.key, SUM(u.n) FROM ({parts}) AS u \
         GROUP BY 1, 2, 3 HAVING SUM(u.n) <> 0 ORDER BY 1, 2, 3 \
         ON CONFLICT (hometown_code, kind, key) DO UPDATE SET n = profile_tallies.n + excluded.n;"
    )
}

pub(crate) fn pg_trigger() -> String {
    pg_trigger_with("")
}

/// The trigger function, with `insert_guard` (PL/pgSQL) run first on an insert: a later
/// migration's way to leave some inserts to be counted elsewhere.
pub(crate) fn pg_trigger_with(insert_guard: &str) -> String {
    let insert = apply(&parts("new_rows", 1));
    let delete = apply(&parts("old_rows", -1));
    let update = apply(&format!(
        "{} UNION ALL {}",
        parts("old_rows", -1),
        parts("new_rows", 1)
    ));
    format!(
        "CREATE OR REPLACE FUNCTION profile_tallies_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {insert_guard}
    {insert}
  ELSIF TG_OP = 'DELETE' THEN
    {delete}
  ELSE
    {update}
  END IF;
  RETURN NULL;
END
$$"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite has one writer at a time: nothing to order there.
        if m.get_database_backend() == DatabaseBackend::Postgres {
            m.get_connection().execute_unprepared(&pg_trigger()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DatabaseBackend::Postgres {
            m.get_connection().execute_unprepared(PG_TRIGGER).await?;
        }
        Ok(())
    }
}
