//! The counters the database keeps per hometown village (`profile_tallies`, issue 18): after
//! every kind of write — insert, move, edit, verify, a bulk confirmation, soft and hard
//! delete — they equal a count made from scratch over the profiles, and the migration's
//! backfill makes the same counters from existing rows. Coverage's stale figure agrees with
//! the freshness list's condition, including a year-old record in the boundary month.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, Utc};
use migration::{Migrator, MigratorTrait};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use xiangxian::auth::CurrentUser;
use xiangxian::entity::json_list::from_json_list;
use xiangxian::entity::{profile, profile_tally};
use xiangxian::service::audit::{self, Event};
use xiangxian::service::{coverage, freshness, tallies};

use crate::helpers::spawn_app;

type Counters = BTreeMap<(String, String, String), i64>;

/// The counters as the table holds them (zeros left out).
async fn stored(conn: &impl ConnectionTrait) -> Counters {
    profile_tally::Entity::find()
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.n != 0)
        .map(|t| ((t.hometown_code, t.kind, t.key), t.n))
        .collect()
}

/// The same counters, counted from scratch over every profile.
async fn recounted(conn: &impl ConnectionTrait) -> Counters {
    let mut c = Counters::new();
    let mut add = |h: &str, kind: &str, key: &str| {
        *c.entry((h.to_owned(), kind.to_owned(), key.to_owned()))
            .or_default() += 1;
    };
    for p in profile::Entity::find().all(conn).await.unwrap() {
        if p.deleted_at.is_some() {
            continue;
        }
        let h = p.hometown_code.as_str();
        add(h, tallies::LIVE, "");
        if p.verified {
            add(h, tallies::VERIFIED, "");
            if let Some(at) = p.verified_at {
                add(h, tallies::VERIFIED_MONTH, &tallies::month_of(at));
            }
        }
        if p.consent_match {
            add(h, tallies::CONSENTED, "");
        }
        let confirmed = p.last_confirmed_at.unwrap_or(p.created_at);
        add(h, tallies::CONFIRMED, &tallies::month_of(confirmed));
        add(h, tallies::CREATED, &tallies::month_of(p.created_at));
        if let Some(city) = p.residence_code.as_deref().and_then(|r| r.get(..4)) {
            add(h, tallies::RESIDENCE, city);
        }
        let segments = from_json_list(&p.chains);
        let mut chains = BTreeSet::new();
        for s in &segments {
            add(h, tallies::SEGMENT, s);
            chains.insert(s.split('.').next().unwrap_or(s).to_owned());
        }
        for chain in chains {
            add(h, tallies::CHAIN, &chain);
        }
    }
    c
}

async fn set(conn: &impl ConnectionTrait, id: i64, change: impl FnOnce(&mut profile::ActiveModel)) {
    let mut p: profile::ActiveModel = profile::Entity::find_by_id(id)
        .one(conn)
        .await
        .unwrap()
        .unwrap()
        .into();
    change(&mut p);
    p.update(conn).await.unwrap();
}

#[tokio::test]
async fn the_counters_follow_every_write_and_the_backfill_makes_the_same() {
    // On SQLite a database of its own, which no running app reads while it migrates.
    let app = spawn_app().await;
    let own_dir = tempfile::tempdir().unwrap();
    let own_db = if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        None
    } else {
        let config = xiangxian::config::Config::for_data_dir(own_dir.path(), None);
        Some(xiangxian::app::prepare_db(&config).await.unwrap())
    };
    let conn = own_db.as_ref().unwrap_or(&app.db).conn();
    let villages = xiangxian::synth::villages(conn).await.unwrap();
    let actor = CurrentUser::system("test");
    let mut ids = Vec::new();
    for i in 0..40 {
        let person = xiangxian::synth::profile(i, &villages[..6]);
        let created =
            xiangxian::service::profile::write::insert(conn, &actor, person.fields(), None)
                .await
                .unwrap();
        ids.push(created.id);
    }
    assert_eq!(stored(conn).await, recounted(conn).await, "after inserts");

    // A move to another village, new chains, a verification, consent withdrawn.
    let year_ago = Utc::now() - Duration::days(freshness::STALE_AFTER_DAYS);
    set(conn, ids[0], |p| p.hometown_code = Set(villages[9].clone())).await;
    set(conn, ids[1], |p| {
        p.chains = Set(r#"["software.iot","software.platform","terminal"]"#.into())
    })
    .await;
    set(conn, ids[2], |p| {
        p.verified = Set(true);
        p.verified_at = Set(Some(Utc::now()));
        p.residence_code = Set(Some("440305".into()));
    })
    .await;
    set(conn, ids[3], |p| p.consent_match = Set(false)).await;
    // Either side of a year ago, in the boundary month, and long ago.
    set(conn, ids[4], |p| {
        p.last_confirmed_at = Set(Some(year_ago - Duration::hours(2)))
    })
    .await;
    set(conn, ids[5], |p| {
        p.last_confirmed_at = Set(Some(year_ago + Duration::hours(2)))
    })
    .await;
    set(conn, ids[6], |p| {
        p.last_confirmed_at = Set(None);
        p.created_at = Set(year_ago - Duration::days(400));
    })
    .await;
    // A confirmation link's bulk update, a soft delete, an erasure.
    profile::Entity::update_many()
        .col_expr(profile::Column::LastConfirmedAt, Expr::value(Utc::now()))
        .filter(profile::Column::Id.is_in(ids[10..15].to_vec()))
        .exec(conn)
        .await
        .unwrap();
    set(conn, ids[7], |p| p.deleted_at = Set(Some(Utc::now()))).await;
    profile::Entity::delete_by_id(ids[8])
        .exec(conn)
        .await
        .unwrap();
    let after = recounted(conn).await;
    assert_eq!(stored(conn).await, after, "after every kind of write");

    // Coverage's stale figure is the freshness list's condition, boundary month included.
    let city = xiangxian::service::region::find(
        conn,
        &xiangxian::domain::RegionCode::parse("4212").unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    let shown = coverage::of(conn, &city).await.unwrap().region.figures;
    let stale = profile::Entity::find()
        .filter(profile::Column::DeletedAt.is_null())
        .filter(freshness::stale_condition())
        .count(conn)
        .await
        .unwrap();
    assert_eq!(shown.stale, stale);
    assert!(stale >= 2, "the two year-old records count: {stale}");
    assert_eq!(shown.profiles, 38, "40 made, one deleted, one erased");

    // The migration's backfill over existing rows makes the very same counters.
    let all = Migrator::migrations();
    let at = all
        .iter()
        .position(|m| m.name() == "m20261207_000190_create_profile_tallies")
        .unwrap();
    Migrator::down(conn, Some((all.len() - at) as u32))
        .await
        .unwrap();
    Migrator::up(conn, None).await.unwrap();
    assert_eq!(stored(conn).await, after, "after the backfill");
}

/// Two bulk writers at once (two clerks' imports): on PostgreSQL each statement's trigger
/// locks the counters of its rows' villages. Writer A's first statement holds villages of
/// group one and its second wants group two; writer B's go the other way round. Each held
/// what the other waited for, and PostgreSQL aborted one with "deadlock detected". Both now
/// commit (a bulk insert counts its rows once, at the end, in key order), and the counters
/// still equal a recount.
#[tokio::test]
async fn two_bulk_writers_at_once_both_commit_with_the_counters_right() {
    let app = spawn_app().await;
    let db = app.db.clone();
    let villages = xiangxian::synth::villages(db.conn()).await.unwrap();
    let (one, two) = (villages[..20].to_vec(), villages[20..40].to_vec());
    let both_ready = std::sync::Arc::new(tokio::sync::Barrier::new(2));
    let write = |first: u64, groups: [Vec<String>; 2]| {
        let (db, both_ready) = (db.clone(), both_ready.clone());
        async move {
            let actor = CurrentUser::system("test");
            for round in 0..3u64 {
                // Two statements of 500 rows: the first from one group, the second from the other.
                let start = first + round * 1_000;
                let people = (start..start + 1_000)
                    .map(|n| {
                        let group = &groups[usize::from(n - start >= 500)];
                        xiangxian::synth::profile(n, group).fields()
                    })
                    .collect();
                both_ready.wait().await;
                let txn = db.write().await.unwrap();
                xiangxian::service::profile::write::insert_many(&*txn, &actor, people)
                    .await
                    .unwrap();
                txn.commit().await.unwrap();
            }
        }
    };
    let a = tokio::spawn(write(0, [one.clone(), two.clone()]));
    let b = tokio::spawn(write(100_000, [two, one]));
    a.await.unwrap();
    b.await.unwrap();
    let conn = app.db.conn();
    assert_eq!(profile::Entity::find().count(conn).await.unwrap(), 6_000);
    assert_eq!(stored(conn).await, recounted(conn).await);
}

/// A bulk insert and a single edit at once. The edit locks its village's counters (its
/// update), then the audit chain (its event). The bulk writer counts its rows at the end;
/// had it done so after its own audit events it would hold the chain while waiting for the
/// edit's counters, and the edit would wait for the chain: "deadlock detected". The edit
/// pauses between its two steps so the bulk writer gets as far as it can meanwhile.
#[tokio::test]
async fn a_bulk_insert_and_a_single_edit_at_once_both_commit_with_the_counters_right() {
    let app = spawn_app().await;
    let db = app.db.clone();
    let villages = xiangxian::synth::villages(db.conn()).await.unwrap();
    let village = villages[..1].to_vec();
    let actor = CurrentUser::system("test");
    let first = xiangxian::synth::profile(0, &village).fields();
    let txn = db.write().await.unwrap();
    let edited = xiangxian::service::profile::write::insert_many(&*txn, &actor, vec![first])
        .await
        .unwrap()
        .remove(0);
    txn.commit().await.unwrap();

    let edit_holds_counters = std::sync::Arc::new(tokio::sync::Notify::new());
    let edit = {
        let (db, held) = (db.clone(), edit_holds_counters.clone());
        tokio::spawn(async move {
            let txn = db.write().await.unwrap();
            // A removal takes the village's `live` counter, which the bulk insert adds to.
            set(&*txn, edited.id, |p| p.deleted_at = Set(Some(Utc::now()))).await;
            held.notify_one();
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            let event = Event::about_all::<profile::Model>("test").detail("single edit");
            audit::record(&*txn, &CurrentUser::system("edit").ctx(), event)
                .await
                .unwrap();
            txn.commit().await.unwrap();
        })
    };
    edit_holds_counters.notified().await;
    let people = (1..501)
        .map(|n| xiangxian::synth::profile(n, &village).fields())
        .collect();
    let txn = db.write().await.unwrap();
    xiangxian::service::profile::write::insert_many(&*txn, &actor, people)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    edit.await.unwrap();

    let conn = app.db.conn();
    assert_eq!(profile::Entity::find().count(conn).await.unwrap(), 501);
    let live = profile_tally::Entity::find_by_id((village[0].clone(), "live".into(), "".into()))
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(live.n, 500);
    assert_eq!(stored(conn).await, recounted(conn).await);
}

/// A bulk insert outside any transaction (each statement commits by itself) is counted by
/// the trigger as it goes, and the final count adds nothing twice.
#[tokio::test]
async fn a_bulk_insert_without_a_transaction_is_counted_once() {
    let app = spawn_app().await;
    let conn = app.db.conn();
    let villages = xiangxian::synth::villages(conn).await.unwrap();
    let people = (0..1_200)
        .map(|n| xiangxian::synth::profile(n, &villages[..30]).fields())
        .collect();
    xiangxian::service::profile::write::insert_many(conn, &CurrentUser::system("test"), people)
        .await
        .unwrap();
    assert_eq!(profile::Entity::find().count(conn).await.unwrap(), 1_200);
    assert_eq!(stored(conn).await, recounted(conn).await);
}
