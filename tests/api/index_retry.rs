//! A failure inside the indexer leaves the change queued and retried, not
//! lost. The failure is real, not injected: the profiles table is renamed
//! away while a change waits, so the indexer cannot read the row; when the
//! table is back, the change is applied.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use std::time::{Duration, Instant};

use sea_orm::ConnectionTrait;
use xiangxian::service::search_change;

use crate::fixtures::create_profile;
use crate::helpers::{Client, TestApp, spawn_app};
use crate::search::wait_for;

async fn sql(app: &TestApp, statement: &str) {
    app.db.conn().execute_unprepared(statement).await.unwrap();
}

/// Polls until `check` holds for the text of `path`.
async fn wait_text(c: &Client, path: &str, what: &str, check: impl Fn(u16, &str) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let r = c.get(path).await;
        if check(r.status.as_u16(), &r.text) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: {} {}", r.status, r.text);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn failures(metrics: &str) -> u64 {
    metrics
        .lines()
        .find(|l| l.starts_with("search_index_failures_total"))
        .and_then(|l| l.split_whitespace().last())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn a_change_the_indexer_cannot_apply_stays_queued_and_is_applied_later() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let id = create_profile(&admin, "张三丰", true, true).await;
    let found = wait_for(&admin, "/api/v1/profiles?q=张三丰", |b| b["total"] == 1).await;
    assert_eq!(found.body["total"], 1, "{}", found.text);

    // The row changes and its change is queued, but the indexer cannot read profiles.
    sql(&app, "ALTER TABLE profiles RENAME TO profiles_away").await;
    sql(
        &app,
        &format!("UPDATE profiles_away SET name = '李四光', version = version + 1 WHERE id = {id}"),
    )
    .await;
    search_change::profile_changed(app.db.conn(), id)
        .await
        .unwrap();
    let mut anonymous = app.client();
    anonymous.bearer = Some(crate::helpers::METRICS_TOKEN.into());
    wait_text(
        &anonymous,
        "/metrics",
        "the indexer tried and failed",
        |_, t| failures(t) >= 1,
    )
    .await;
    wait_text(
        &anonymous,
        "/readyz",
        "the change is still pending",
        |s, t| s == 503 && t.contains("\"pending_changes\":1"),
    )
    .await;

    sql(&app, "ALTER TABLE profiles_away RENAME TO profiles").await;
    wait_text(
        &anonymous,
        "/readyz",
        "caught up once the table is back",
        |s, _| s == 200,
    )
    .await;
    let renamed = wait_for(&admin, "/api/v1/profiles?q=李四光", |b| b["total"] == 1).await;
    assert_eq!(renamed.body["items"][0]["id"], id, "{}", renamed.text);
    let old = admin.get("/api/v1/profiles?q=张三丰").await;
    assert_eq!(old.body["total"], 0, "{}", old.text);
}
