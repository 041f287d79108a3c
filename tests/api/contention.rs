//! Contention: 50 concurrent writers create, edit and delete profiles (their
//! own, and one they all fight over) for a while. No request may fail with a
//! 500 or "database is locked"; every write answered with 2xx must be in the
//! database afterwards, at least at the version it was answered with.
//!
//! 30 seconds on SQLite in CI, 5 elsewhere; `XIANGXIAN_CONTENTION_SECS` overrides.
//! The figures are printed (`cargo nextest run --no-capture -E 'test(contention)'`).
#![allow(clippy::unwrap_used)] // a test should fail loudly

use std::collections::HashMap;
use std::time::{Duration, Instant};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use xiangxian::domain::Role;
use xiangxian::entity::{audit_event, profile};

use crate::fixtures::TONGCHENG_VILLAGE;
use crate::helpers::{Client, spawn_app};

const WRITERS: usize = 50;

/// What one writer saw.
#[derive(Default)]
struct Tally {
    requests: u64,
    /// Acknowledged writes.
    writes: u64,
    /// 409 on the shared profile: expected, not a failure.
    conflicts: u64,
    failures: Vec<String>,
    /// Profile id → the version the last acknowledged write returned.
    versions: HashMap<i64, i64>,
    deleted: Vec<i64>,
}

impl Tally {
    fn check(&mut self, what: &str, r: &crate::helpers::Resp, ok: u16) -> bool {
        self.requests += 1;
        if r.status.as_u16() == ok {
            self.writes += 1;
            return true;
        }
        if r.status == 409 && what == "shared" {
            self.conflicts += 1;
            return false;
        }
        self.failures
            .push(format!("{what}: {} {}", r.status, r.text));
        false
    }
}

/// Digits as 汉字, since a person's name holds no digits.
fn hanzi(n: u64) -> String {
    n.to_string()
        .chars()
        .map(|d| {
            "零一二三四五六七八九"
                .chars()
                .nth(d as usize - '0' as usize)
                .unwrap_or('零')
        })
        .collect()
}

fn version_of(r: &crate::helpers::Resp) -> (i64, i64) {
    (
        r.body["id"].as_i64().unwrap(),
        r.body["version"].as_i64().unwrap(),
    )
}

async fn writer(c: Client, n: usize, shared: i64, until: Instant) -> Tally {
    let mut t = Tally::default();
    let mut own: Vec<(i64, i64)> = Vec::new();
    let mut round = 0u64;
    while Instant::now() < until {
        round += 1;
        let created = c
            .post(
                "/api/v1/profiles",
                json!({"name": format!("写者{}之{}", hanzi(n as u64), hanzi(round)), "hometown_code": TONGCHENG_VILLAGE,
                       "mobile": "13600001111", "chains": ["software.iot"], "consent_match": true,
                       "force": true}),
            )
            .await;
        if t.check("create", &created, 201) {
            let (id, v) = version_of(&created);
            t.versions.insert(id, v);
            own.push((id, v));
        }
        if let Some((id, v)) = own.last().copied() {
            let edited = c
                .patch(
                    &format!("/api/v1/profiles/{id}"),
                    json!({"version": v, "title": format!("第{round}轮")}),
                )
                .await;
            if t.check("edit", &edited, 200) {
                let (_, v) = version_of(&edited);
                t.versions.insert(id, v);
                if let Some(last) = own.last_mut() {
                    last.1 = v;
                }
            }
        }
        // Everyone edits the shared profile with whatever version they last read.
        let seen = c.get(&format!("/api/v1/profiles/{shared}")).await;
        t.requests += 1;
        if let Some(v) = seen.body["version"].as_i64() {
            let edited = c
                .patch(
                    &format!("/api/v1/profiles/{shared}"),
                    json!({"version": v, "employer": format!("写入者{n}")}),
                )
                .await;
            if t.check("shared", &edited, 200) {
                let (_, v) = version_of(&edited);
                let entry = t.versions.entry(shared).or_default();
                *entry = (*entry).max(v);
            }
        } else {
            t.failures
                .push(format!("read shared: {} {}", seen.status, seen.text));
        }
        if round.is_multiple_of(4) && own.len() > 1 {
            let (id, _) = own.remove(0);
            let gone = c.delete(&format!("/api/v1/profiles/{id}")).await;
            if t.check("delete", &gone, 204) {
                t.deleted.push(id);
            }
        }
    }
    t
}

/// The issue's full 30 seconds on SQLite in CI, where the risk of "database is
/// locked" lives; 5 seconds elsewhere to keep local runs short.
fn default_secs() -> u64 {
    let ci = std::env::var_os("CI").is_some();
    let on_sqlite = std::env::var_os("TEST_DATABASE_URL").is_none();
    if ci && on_sqlite { 30 } else { 5 }
}

#[tokio::test]
async fn fifty_concurrent_writers_get_no_500_and_lose_no_acknowledged_write() {
    let secs: u64 = std::env::var("XIANGXIAN_CONTENTION_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(default_secs);
    let app = spawn_app().await;
    let org = app
        .login_as("busy_org", Role::Organizer, Some("421222100"))
        .await;
    let token = org
        .post("/api/v1/tokens", json!({"name": "load"}))
        .await
        .body["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let shared = crate::fixtures::create_profile(&org, "众人同改", true, true).await;
    let start = Instant::now();
    let until = start + Duration::from_secs(secs);
    let tasks: Vec<_> = (0..WRITERS)
        .map(|n| {
            let mut c = app.client();
            c.bearer = Some(token.clone());
            tokio::spawn(writer(c, n, shared, until))
        })
        .collect();
    let mut all = Tally::default();
    for task in tasks {
        let t = task.await.unwrap();
        all.requests += t.requests;
        all.writes += t.writes;
        all.conflicts += t.conflicts;
        all.failures.extend(t.failures);
        for (id, v) in t.versions {
            let entry = all.versions.entry(id).or_default();
            *entry = (*entry).max(v);
        }
        all.deleted.extend(t.deleted);
    }
    let elapsed = start.elapsed().as_secs_f64();
    eprintln!(
        "contention: {WRITERS} writers × {secs} s: {} requests ({:.0}/s), {} writes acknowledged, \
         {} version conflicts on the shared profile, {} failures",
        all.requests,
        all.requests as f64 / elapsed,
        all.writes,
        all.conflicts,
        all.failures.len()
    );
    let locked = all.failures.iter().filter(|f| f.contains("locked")).count();
    assert!(
        all.failures.is_empty(),
        "{locked} locked; failures: {:#?}",
        &all.failures[..all.failures.len().min(10)]
    );
    assert!(all.writes > WRITERS as u64, "only {} writes", all.writes);

    // Every acknowledged write is there.
    let rows: HashMap<i64, profile::Model> = profile::Entity::find()
        .all(app.db.conn())
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    for (id, version) in &all.versions {
        let row = rows
            .get(id)
            .unwrap_or_else(|| panic!("acknowledged profile {id} missing"));
        assert!(
            i64::from(row.version) >= *version,
            "profile {id}: version {} < acknowledged {version}",
            row.version
        );
    }
    for id in &all.deleted {
        assert!(
            rows[id].deleted_at.is_some(),
            "acknowledged delete of {id} lost"
        );
    }
    let creates = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("create"))
        .filter(audit_event::Column::Entity.eq("profile"))
        .all(app.db.conn())
        .await
        .unwrap()
        .len();
    assert_eq!(creates, rows.len(), "one audited create per profile");
}
