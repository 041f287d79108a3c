//! The counters the database keeps per hometown village (`profile_tallies`, written by
//! triggers in the transaction of every profile write): coverage and the dashboard add up
//! a few thousand counters instead of scanning every profile on each load.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::entity::{profile, profile_tally as tally};
use crate::error::AppResult;
use crate::service::fields;
use crate::service::region::codes_under;

pub const LIVE: &str = "live";
pub const VERIFIED: &str = "verified";
pub const CONSENTED: &str = "consented";
pub const CONFIRMED: &str = "confirmed";
pub const CREATED: &str = "created";
pub const VERIFIED_MONTH: &str = "verified_month";
pub const RESIDENCE: &str = "residence";
pub const SEGMENT: &str = "segment";
pub const CHAIN: &str = "chain";

/// The counters of `kinds` for the villages under `prefix`: (hometown, kind, key, n).
pub async fn under(
    conn: &impl ConnectionTrait,
    prefix: &str,
    kinds: &[&str],
) -> AppResult<Vec<tally::Model>> {
    Ok(tally::Entity::find()
        .filter(codes_under(tally::Column::HometownCode, prefix))
        .filter(tally::Column::Kind.is_in(kinds.iter().copied()))
        .filter(tally::Column::N.ne(0))
        .all(conn)
        .await?)
}

/// The counters of `kinds` under `prefix`, added up by (kind, key).
pub async fn totals(
    conn: &impl ConnectionTrait,
    prefix: &str,
    kinds: &[&str],
) -> AppResult<HashMap<(String, String), u64>> {
    let mut sums: HashMap<(String, String), u64> = HashMap::new();
    for t in under(conn, prefix, kinds).await? {
        *sums.entry((t.kind, t.key)).or_default() += t.n.max(0) as u64;
    }
    Ok(sums)
}

/// `YYYY-MM` of an instant, in China time (the months the counters are kept by).
pub fn month_of(at: DateTime<Utc>) -> String {
    fields::local_date(at).format("%Y-%m").to_string()
}

/// The first instant of the China-time month holding `at`.
fn month_start(at: DateTime<Utc>) -> DateTime<Utc> {
    let day = fields::local_date(at);
    let first = NaiveDate::from_ymd_opt(day.year(), day.month(), 1).unwrap_or(day);
    fields::start_of(first)
}

/// Profiles per hometown under `prefix` not confirmed for over a year: whole months
/// before the one a year ago come from the counters; that month itself is counted
/// exactly from the profiles (a month of rows, on an index).
pub async fn stale_by_hometown(
    conn: &impl ConnectionTrait,
    prefix: &str,
) -> AppResult<HashMap<String, u64>> {
    let year_ago = Utc::now() - Duration::days(crate::service::freshness::STALE_AFTER_DAYS);
    let boundary = month_of(year_ago);
    let mut stale: HashMap<String, u64> = HashMap::new();
    for t in under(conn, prefix, &[CONFIRMED]).await? {
        if t.key < boundary {
            *stale.entry(t.hometown_code).or_default() += t.n.max(0) as u64;
        }
    }
    let from = month_start(year_ago);
    let in_boundary_month = Condition::any()
        .add(
            Condition::all()
                .add(profile::Column::LastConfirmedAt.gte(from))
                .add(profile::Column::LastConfirmedAt.lt(year_ago)),
        )
        .add(
            Condition::all()
                .add(profile::Column::LastConfirmedAt.is_null())
                .add(profile::Column::CreatedAt.gte(from))
                .add(profile::Column::CreatedAt.lt(year_ago)),
        );
    let rows: Vec<(String, i64)> = profile::Entity::find()
        .select_only()
        .column(profile::Column::HometownCode)
        .column_as(Expr::cust("COUNT(*)"), "n")
        // A `LIKE`, not a key range: a range on the village made SQLite walk the village
        // index over the whole city (3.4 s at a million) instead of the confirmation dates.
        .filter(profile::Column::HometownCode.starts_with(prefix))
        .filter(profile::Column::DeletedAt.is_null())
        .filter(in_boundary_month)
        .group_by(profile::Column::HometownCode)
        .into_tuple()
        .all(conn)
        .await?;
    for (code, n) in rows {
        *stale.entry(code).or_default() += n.max(0) as u64;
    }
    Ok(stale)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_prefix_is_a_range_that_holds_exactly_its_codes() {
        let sql = |prefix: &str| {
            use sea_orm::{DbBackend, QueryTrait};
            tally::Entity::find()
                .filter(codes_under(tally::Column::HometownCode, prefix))
                .build(DbBackend::Sqlite)
                .to_string()
        };
        let range = sql("421229");
        assert!(
            range.contains(">= '421229'") && range.contains("< '42122:'"),
            "{range}"
        );
        assert!(!range.contains("LIKE"), "{range}");
        let everything = sql("");
        let condition = everything.split(" WHERE ").nth(1).unwrap_or_default();
        assert!(!condition.contains("hometown_code"), "{everything}");
    }

    #[test]
    fn months_are_china_time() {
        // 2026-11-30 20:00 UTC is already 1 December in 咸宁.
        let late = Utc.with_ymd_and_hms(2026, 11, 30, 20, 0, 0).unwrap();
        assert_eq!(month_of(late), "2026-12");
        assert_eq!(
            month_start(late),
            Utc.with_ymd_and_hms(2026, 11, 30, 16, 0, 0).unwrap()
        );
    }
}
