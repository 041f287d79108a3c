//! A database that drops its connections under a stream of writes (PostgreSQL's
//! `pg_terminate_backend`, what a restart does to every backend): the service answers
//! 503 with `Retry-After` and the JSON error shape, never 500; every acknowledged write
//! is there afterwards; the service recovers by itself and its index catches up.

use std::time::Duration;

use sea_orm::{ConnectionTrait, Database};
use serde_json::json;

use crate::fixtures::TONGCHENG_VILLAGE;
use crate::helpers::spawn_app;

#[tokio::test]
async fn terminated_backends_answer_503_never_500_and_lose_no_acknowledged_write() {
    let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!(
            "outage: PostgreSQL only (set TEST_DATABASE_URL); SQLite has no connections to drop"
        );
        return;
    };
    let app = spawn_app().await;
    let admin = app.admin().await;
    let created = admin
        .post("/api/v1/tokens", json!({"name": "writer"}))
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let mut writer = app.client();
    writer.bearer = Some(created.body["token"].as_str().expect("token").to_owned());

    let database = app
        .database_url
        .rsplit_once('/')
        .map(|(_, name)| name.to_owned())
        .expect("database name");
    let killer = tokio::spawn(async move {
        let conn = Database::connect(&admin_url)
            .await
            .expect("admin connection");
        let mut killed = 0u64;
        for _ in 0..12 {
            tokio::time::sleep(Duration::from_millis(120)).await;
            let rows = conn
                .query_all_raw(sea_orm::Statement::from_string(
                    sea_orm::DatabaseBackend::Postgres,
                    format!(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                         WHERE datname = '{database}' AND pid <> pg_backend_pid()"
                    ),
                ))
                .await
                .expect("terminate backends");
            killed += rows.len() as u64;
        }
        killed
    });

    let mut acknowledged = Vec::new();
    let mut unavailable = 0;
    for n in 0..80 {
        let name = format!("断线{}", chinese_digits(n));
        let r = writer
            .post(
                "/api/v1/profiles",
                json!({"name": name, "hometown_code": TONGCHENG_VILLAGE,
                       "chains": ["terminal.components"], "intents": ["invest"]}),
            )
            .await;
        match r.status.as_u16() {
            201 => acknowledged.push((name, r.body["id"].as_i64().expect("id"))),
            503 => {
                unavailable += 1;
                assert_eq!(r.error_code(), "unavailable", "{}", r.text);
                assert!(
                    r.headers.get("retry-after").is_some(),
                    "503 without Retry-After"
                );
            }
            other => panic!("write {n} answered {other}: {}", r.text),
        }
        tokio::time::sleep(Duration::from_millis(15)).await;
    }
    let killed = killer.await.expect("killer");
    assert!(
        killed > 0,
        "no backend was terminated: the test proved nothing"
    );
    eprintln!(
        "outage: {} acknowledged, {unavailable} answered 503, {killed} backends terminated",
        acknowledged.len()
    );

    // Every acknowledged write is there, readable through the service.
    for (name, id) in &acknowledged {
        let r = admin.get(&format!("/api/v1/profiles/{id}")).await;
        assert_eq!(
            r.status, 200,
            "acknowledged {name} (#{id}) lost: {}",
            r.text
        );
        assert_eq!(r.body["name"], json!(name));
    }
    // The service recovered by itself: a write succeeds and the index catches up.
    let after = writer
        .post(
            "/api/v1/profiles",
            json!({"name": "断线之后", "hometown_code": TONGCHENG_VILLAGE}),
        )
        .await;
    assert_eq!(after.status, 201, "{}", after.text);
    let mut ready = false;
    for _ in 0..100 {
        let r = app.client().get("/readyz").await;
        if r.status == 200 {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "/readyz never became ready after the outage");
}

/// A profile name may hold only name characters: 7 → 七, 42 → 四二.
fn chinese_digits(n: usize) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    n.to_string()
        .bytes()
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect()
}

/// Two transactions that each hold a row the other wants: PostgreSQL aborts one ("deadlock
/// detected") and rolls it back whole. That request answers 503 with `Retry-After`, as
/// an outage does (repeating it succeeds), not 500.
#[tokio::test]
async fn a_deadlock_victim_answers_503_to_retry() {
    use sea_orm::TransactionTrait;
    use xiangxian::error::AppError;
    if std::env::var("TEST_DATABASE_URL").is_err() {
        eprintln!("deadlock: PostgreSQL only; SQLite has one writer at a time");
        return;
    }
    let app = spawn_app().await;
    let conn = Database::connect(&app.database_url).await.expect("connect");
    conn.execute_unprepared(
        "CREATE TABLE deadlock_probe (id int PRIMARY KEY, v int); \
         INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)",
    )
    .await
    .expect("probe table");
    let bump = |id: i32| format!("UPDATE deadlock_probe SET v = v + 1 WHERE id = {id}");
    let (a, b) = (conn.begin().await.unwrap(), conn.begin().await.unwrap());
    a.execute_unprepared(&bump(1)).await.unwrap();
    b.execute_unprepared(&bump(2)).await.unwrap();
    let (a_wants, b_wants) = (bump(2), bump(1));
    let (from_a, from_b) = tokio::join!(a.execute_unprepared(&a_wants), async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        b.execute_unprepared(&b_wants).await
    });
    let victim = match (from_a, from_b) {
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => e,
        other => panic!("exactly one should be aborted: {other:?}"),
    };
    assert!(victim.to_string().contains("deadlock"), "{victim}");
    let answer = axum::response::IntoResponse::into_response(AppError::from(victim));
    assert_eq!(answer.status(), 503);
    assert!(answer.headers().contains_key("retry-after"));
}
