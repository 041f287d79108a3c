//! A failure to apply a queued change leaves it queued and retried, not
//! lost. The failure is real, not injected: the profiles table is renamed
//! away while a change waits, so the index cannot read the row; when the
//! table is back, the change is applied.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use sea_orm::ConnectionTrait;
use xiangxian::service::search_change;

use crate::fixtures::create_profile;
use crate::helpers::{TestApp, spawn_app};
use crate::search::settled_get;

async fn sql(app: &TestApp, statement: &str) {
    app.db.conn().execute_unprepared(statement).await.unwrap();
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
    let found = settled_get(&app, &admin, "/api/v1/profiles?q=张三丰").await;
    assert_eq!(found.body["total"], 1, "{}", found.text);

    // The row changes and its change is queued, but the index cannot read profiles.
    sql(&app, "ALTER TABLE profiles RENAME TO profiles_away").await;
    sql(
        &app,
        &format!("UPDATE profiles_away SET name = '李四光', version = version + 1 WHERE id = {id}"),
    )
    .await;
    search_change::profile_changed(app.db.conn(), id)
        .await
        .unwrap();
    assert!(
        app.try_index_settled().await.is_err(),
        "the row cannot be read"
    );
    let mut anonymous = app.client();
    anonymous.bearer = Some(crate::helpers::METRICS_TOKEN.into());
    let metrics = anonymous.get("/metrics").await;
    assert!(
        failures(&metrics.text) >= 1,
        "the failure is counted: {}",
        metrics.text
    );
    let pending = anonymous.get("/readyz").await;
    assert_eq!(pending.status, 503, "{}", pending.text);
    assert_eq!(
        pending.body["pending_changes"], 1,
        "the change is still queued"
    );

    sql(&app, "ALTER TABLE profiles_away RENAME TO profiles").await;
    let renamed = settled_get(&app, &admin, "/api/v1/profiles?q=李四光").await;
    assert_eq!(renamed.body["items"][0]["id"], id, "{}", renamed.text);
    let ready = anonymous.get("/readyz").await;
    assert_eq!(
        ready.status, 200,
        "caught up once the table is back: {}",
        ready.text
    );
    let old = admin.get("/api/v1/profiles?q=张三丰").await;
    assert_eq!(old.body["total"], 0, "{}", old.text);
}
