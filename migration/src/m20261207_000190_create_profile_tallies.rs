//! Counters of the live profiles per hometown village, kept by the database itself in the
//! transaction of every write (triggers), so that the dashboard and the coverage pages
//! read a few thousand counters instead of scanning a million profiles on each load.
//!
//! One row per (hometown, kind, key): `live`, `verified`, `consented` (key empty); the
//! month (China time, `YYYY-MM`) a profile was `created`, last `confirmed` (or created, if
//! never) and, when verified, `verified_month`; each `segment` and distinct `chain` of its
//! chain list; the `residence` city (first four digits). A profile counts while
//! `deleted_at` is empty. Triggers see every writer (imports, bulk loads, merges, erasure,
//! a confirmation link), which code in each service could miss.
//!
//! SQLite has row triggers only (limited to the counted columns on update). PostgreSQL
//! uses statement triggers over transition tables, so a bulk `COPY` adds one aggregate per
//! statement rather than a dozen upserts per row.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000190_create_profile_tallies"
    }
}

const CONFIRMED_INDEX: &str = "idx_profiles_confirmed_created";

/// The counted columns: an update of any other column leaves the counters alone.
const COUNTED: &str = "hometown_code, deleted_at, verified, verified_at, consent_match, \
                       last_confirmed_at, created_at, chains, residence_code";

/// The counter rows of one SQLite profile `r` (a trigger's NEW/OLD, or a table alias), each
/// with `sign`; `from` is the FROM clause that brings `r` (empty inside a trigger).
fn sqlite_parts(r: &str, sign: i32, from: &str) -> String {
    let month = |col: &str| format!("substr(datetime({col}, '+8 hours'), 1, 7)");
    let chains =
        format!("json_each(CASE WHEN json_valid({r}.chains) THEN {r}.chains ELSE '[]' END) AS j");
    let joined = |extra: &str| {
        if from.is_empty() {
            format!("FROM {extra}")
        } else {
            format!("FROM {from}, {extra}")
        }
    };
    let plain = if from.is_empty() {
        String::new()
    } else {
        format!("FROM {from}")
    };
    let live = format!("{r}.deleted_at IS NULL");
    [
        format!("SELECT {r}.hometown_code AS h, 'live' AS kind, '' AS key, {sign} AS n {plain} WHERE {live}"),
        format!("SELECT {r}.hometown_code, 'verified', '', {sign} {plain} WHERE {live} AND {r}.verified"),
        format!("SELECT {r}.hometown_code, 'consented', '', {sign} {plain} WHERE {live} AND {r}.consent_match"),
        format!(
            "SELECT {r}.hometown_code, 'confirmed', {}, {sign} {plain} WHERE {live}",
            month(&format!("COALESCE({r}.last_confirmed_at, {r}.created_at)"))
        ),
        format!(
            "SELECT {r}.hometown_code, 'created', {}, {sign} {plain} WHERE {live}",
            month(&format!("{r}.created_at"))
        ),
        format!(
            "SELECT {r}.hometown_code, 'verified_month', {}, {sign} {plain} \
             WHERE {live} AND {r}.verified AND {r}.verified_at IS NOT NULL",
            month(&format!("{r}.verified_at"))
        ),
        format!(
            "SELECT {r}.hometown_code, 'residence', substr({r}.residence_code, 1, 4), {sign} {plain} \
             WHERE {live} AND length({r}.residence_code) >= 4"
        ),
        format!(
            "SELECT {r}.hometown_code, 'segment', j.value, {sign} {} WHERE {live}",
            joined(&chains)
        ),
        chain_branch(r, sign, from, &chains, &live),
    ]
    .join(" UNION ALL ")
}

/// Each distinct chain of a profile's list, once per profile (inside a trigger `r` is one
/// row; over the table the profile id keeps two people with the same chain apart).
fn chain_branch(r: &str, sign: i32, from: &str, chains: &str, live: &str) -> String {
    let chain = "substr(j.value, 1, instr(j.value || '.', '.') - 1)";
    if from.is_empty() {
        format!(
            "SELECT DISTINCT {r}.hometown_code, 'chain', {chain}, {sign} FROM {chains} WHERE {live}"
        )
    } else {
        format!(
            "SELECT h, 'chain', key, {sign} FROM (SELECT DISTINCT {r}.id, {r}.hometown_code AS h, \
             {chain} AS key FROM {from}, {chains} WHERE {live})"
        )
    }
}

/// Adds the counter rows of `r` (NEW or OLD) with `sign`, inside a SQLite trigger.
fn sqlite_apply(r: &str, sign: i32) -> String {
    format!(
        "INSERT INTO profile_tallies (hometown_code, kind, key, n) \
         SELECT h, kind, key, SUM(n) FROM ({}) WHERE true GROUP BY h, kind, key \
         ON CONFLICT (hometown_code, kind, key) DO UPDATE SET n = n + excluded.n;",
        sqlite_parts(r, sign, "")
    )
}

fn sqlite_statements() -> Vec<String> {
    let backfill = sqlite_parts("p", 1, "profiles p");
    vec![
        format!(
            "INSERT INTO profile_tallies (hometown_code, kind, key, n) \
             SELECT h, kind, key, SUM(n) FROM ({backfill}) GROUP BY h, kind, key"
        ),
        format!(
            "CREATE TRIGGER profile_tallies_insert AFTER INSERT ON profiles BEGIN {} END",
            sqlite_apply("NEW", 1)
        ),
        format!(
            "CREATE TRIGGER profile_tallies_delete AFTER DELETE ON profiles BEGIN {} END",
            sqlite_apply("OLD", -1)
        ),
        format!(
            "CREATE TRIGGER profile_tallies_update AFTER UPDATE OF {COUNTED} ON profiles \
             BEGIN {} {} END",
            sqlite_apply("OLD", -1),
            sqlite_apply("NEW", 1)
        ),
    ]
}

const PG_PARTS: &str = r#"
CREATE OR REPLACE FUNCTION profile_tally_parts(p profiles, delta bigint)
RETURNS TABLE (h text, kind text, key text, n bigint) LANGUAGE sql STABLE AS $$
  WITH c AS (
    SELECT s FROM jsonb_array_elements_text(
      CASE WHEN p.chains ~ '^\s*\[' THEN p.chains::jsonb ELSE '[]'::jsonb END) AS s
  )
  SELECT p.hometown_code, x.kind, x.key, delta FROM (
    SELECT 'live'::text AS kind, ''::text AS key
    UNION ALL SELECT 'verified', '' WHERE p.verified
    UNION ALL SELECT 'consented', '' WHERE p.consent_match
    UNION ALL SELECT 'confirmed', to_char((COALESCE(p.last_confirmed_at, p.created_at)
                     AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')
    UNION ALL SELECT 'created', to_char((p.created_at AT TIME ZONE 'UTC') + interval '8 hours',
                     'YYYY-MM')
    UNION ALL SELECT 'verified_month', to_char((p.verified_at AT TIME ZONE 'UTC')
                     + interval '8 hours', 'YYYY-MM')
              WHERE p.verified AND p.verified_at IS NOT NULL
    UNION ALL SELECT 'residence', substr(p.residence_code, 1, 4)
              WHERE length(p.residence_code) >= 4
    UNION ALL SELECT 'segment', s FROM c
    UNION ALL SELECT DISTINCT 'chain', split_part(s, '.', 1) FROM c
  ) AS x
  WHERE p.deleted_at IS NULL
$$
"#;

pub(crate) const PG_TRIGGER: &str = r#"
CREATE OR REPLACE FUNCTION profile_tallies_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO profile_tallies (hometown_code, kind, key, n)
    SELECT t.h, t.kind, t.key, SUM(t.n) FROM new_rows r
      CROSS JOIN LATERAL profile_tally_parts(r, 1) t GROUP BY 1, 2, 3
    ON CONFLICT (hometown_code, kind, key) DO UPDATE SET n = profile_tallies.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO profile_tallies (hometown_code, kind, key, n)
    SELECT t.h, t.kind, t.key, SUM(t.n) FROM old_rows r
      CROSS JOIN LATERAL profile_tally_parts(r, -1) t GROUP BY 1, 2, 3
    ON CONFLICT (hometown_code, kind, key) DO UPDATE SET n = profile_tallies.n + excluded.n;
  ELSE
    INSERT INTO profile_tallies (hometown_code, kind, key, n)
    SELECT u.h, u.kind, u.key, SUM(u.n) FROM (
      SELECT t.* FROM old_rows r CROSS JOIN LATERAL profile_tally_parts(r, -1) t
      UNION ALL
      SELECT t.* FROM new_rows r CROSS JOIN LATERAL profile_tally_parts(r, 1) t
    ) AS u GROUP BY 1, 2, 3 HAVING SUM(u.n) <> 0
    ON CONFLICT (hometown_code, kind, key) DO UPDATE SET n = profile_tallies.n + excluded.n;
  END IF;
  RETURN NULL;
END
$$
"#;

fn postgres_statements() -> Vec<String> {
    vec![
        PG_PARTS.to_owned(),
        PG_TRIGGER.to_owned(),
        "INSERT INTO profile_tallies (hometown_code, kind, key, n) \
         SELECT t.h, t.kind, t.key, SUM(t.n) FROM profiles r \
         CROSS JOIN LATERAL profile_tally_parts(r, 1) t GROUP BY 1, 2, 3"
            .to_owned(),
        "CREATE TRIGGER profile_tallies_insert AFTER INSERT ON profiles \
         REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT \
         EXECUTE FUNCTION profile_tallies_apply()"
            .to_owned(),
        "CREATE TRIGGER profile_tallies_delete AFTER DELETE ON profiles \
         REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT \
         EXECUTE FUNCTION profile_tallies_apply()"
            .to_owned(),
        "CREATE TRIGGER profile_tallies_update AFTER UPDATE ON profiles \
         REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT \
         EXECUTE FUNCTION profile_tallies_apply()"
            .to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ProfileTallies::Table)
                .col(
                    ColumnDef::new(ProfileTallies::HometownCode)
                        .string()
                        .not_null(),
                )
                .col(ColumnDef::new(ProfileTallies::Kind).string().not_null())
                .col(ColumnDef::new(ProfileTallies::Key).string().not_null())
                .col(ColumnDef::new(ProfileTallies::N).big_integer().not_null())
                .primary_key(
                    Index::create()
                        .col(ProfileTallies::HometownCode)
                        .col(ProfileTallies::Kind)
                        .col(ProfileTallies::Key),
                )
                .to_owned(),
        )
        .await?;
        // The freshness list and the stale figure's boundary month read "confirmed before",
        // or "never confirmed and created before": one index serves both ranges (with two
        // single-column indexes SQLite walked every never-confirmed row for the second).
        m.create_index(
            Index::create()
                .name(CONFIRMED_INDEX)
                .table(Profiles::Table)
                .col(Profiles::LastConfirmedAt)
                .col(Profiles::CreatedAt)
                .to_owned(),
        )
        .await?;
        let statements = match m.get_database_backend() {
            DatabaseBackend::Postgres => postgres_statements(),
            _ => sqlite_statements(),
        };
        let conn = m.get_connection();
        for sql in statements {
            conn.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        for t in [
            "profile_tallies_insert",
            "profile_tallies_delete",
            "profile_tallies_update",
        ] {
            let sql = match m.get_database_backend() {
                DatabaseBackend::Postgres => format!("DROP TRIGGER IF EXISTS {t} ON profiles"),
                _ => format!("DROP TRIGGER IF EXISTS {t}"),
            };
            conn.execute_unprepared(&sql).await?;
        }
        if m.get_database_backend() == DatabaseBackend::Postgres {
            conn.execute_unprepared("DROP FUNCTION IF EXISTS profile_tallies_apply()")
                .await?;
            conn.execute_unprepared(
                "DROP FUNCTION IF EXISTS profile_tally_parts(profiles, bigint)",
            )
            .await?;
        }
        m.drop_index(
            Index::drop()
                .name(CONFIRMED_INDEX)
                .table(Profiles::Table)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(ProfileTallies::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ProfileTallies {
    Table,
    HometownCode,
    Kind,
    Key,
    N,
}

#[derive(DeriveIden)]
enum Profiles {
    Table,
    LastConfirmedAt,
    CreatedAt,
}
