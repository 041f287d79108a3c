//! Crashes: the real binary is killed with SIGKILL while writes stream in,
//! restarted on the same data folder, and must have lost nothing it
//! acknowledged; the SQLite file stays intact; after catching up the index
//! holds exactly the database's listed profiles at their versions
//! (`xiangxian check-index`). A deleted or damaged index folder is rebuilt on
//! start.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::{Value, json};

use crate::binary::{Server, cli, create_admin, on_sqlite};
use crate::helpers::Client;

const ADMIN_PW: &str = "crash-test-adm-口令";
const VILLAGE: &str = "421222100201";
/// Kills, each after a different stretch of writing (milliseconds).
const KILL_AFTER_MS: [u64; 3] = [400, 900, 1500];
const WRITERS: usize = 8;

/// What the server acknowledged: profile id → (version, deleted).
type Acked = Arc<Mutex<BTreeMap<i64, (i64, bool)>>>;

async fn sign_in(server: &Server) -> Client {
    let c = server.client();
    let r = c
        .post(
            "/api/v1/auth/login",
            json!({"username": "admin", "password": ADMIN_PW}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    c
}

/// Sends one request; `None` once the server is gone.
async fn send(
    c: &Client,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> Option<(u16, Value)> {
    let mut req = c.http.request(method, format!("{}{path}", c.base));
    if !body.is_null() {
        req = req.json(&body);
    }
    let r = req.send().await.ok()?;
    let status = r.status().as_u16();
    let body = r.json().await.ok()?;
    Some((status, body))
}

/// Creates, edits and deletes profiles until the server stops answering.
async fn stream(c: Client, n: usize, acked: Acked) -> u64 {
    let mut sent = 0;
    for round in 0u64.. {
        let listed = round % 3 != 0;
        let body = json!({"name": "崩溃测试", "hometown_code": VILLAGE, "listed": listed,
                          "expertise": format!("写入者{n}"), "chains": ["optical.fiber"],
                          "force": true});
        let Some((201, made)) = send(&c, reqwest::Method::POST, "/api/v1/profiles", body).await
        else {
            break;
        };
        sent += 1;
        let id = made["id"].as_i64().unwrap();
        acked
            .lock()
            .unwrap()
            .insert(id, (made["version"].as_i64().unwrap(), false));
        let edit =
            json!({"version": made["version"], "title": format!("第{round}轮"), "listed": !listed});
        let Some((200, edited)) = send(
            &c,
            reqwest::Method::PATCH,
            &format!("/api/v1/profiles/{id}"),
            edit,
        )
        .await
        else {
            break;
        };
        sent += 1;
        acked
            .lock()
            .unwrap()
            .insert(id, (edited["version"].as_i64().unwrap(), false));
        if round % 4 == 3 {
            let Some((204, _)) = send(
                &c,
                reqwest::Method::DELETE,
                &format!("/api/v1/profiles/{id}"),
                Value::Null,
            )
            .await
            else {
                break;
            };
            sent += 1;
            acked
                .lock()
                .unwrap()
                .insert(id, (edited["version"].as_i64().unwrap() + 1, true));
        }
    }
    sent
}

async fn open(dir: &Path) -> DatabaseConnection {
    Database::connect(Server::sqlite_url(dir)).await.unwrap()
}

async fn query(db: &DatabaseConnection, sql: &str) -> Vec<sea_orm::QueryResult> {
    db.query_all_raw(Statement::from_string(
        db.get_database_backend(),
        sql.to_owned(),
    ))
    .await
    .unwrap()
}

/// Every acknowledged write is in the database, at least at its version.
async fn assert_acknowledged_present(dir: &Path, acked: &Acked) {
    let db = open(dir).await;
    let rows: BTreeMap<i64, (i64, bool)> =
        query(&db, "SELECT id, version, deleted_at FROM profiles")
            .await
            .iter()
            .map(|r| {
                let id: i64 = r.try_get_by_index(0).unwrap();
                let version: i32 = r.try_get_by_index(1).unwrap();
                let deleted: Option<String> = r.try_get_by_index(2).unwrap();
                (id, (i64::from(version), deleted.is_some()))
            })
            .collect();
    for (id, (version, deleted)) in acked.lock().unwrap().iter() {
        let (v, d) = rows
            .get(id)
            .unwrap_or_else(|| panic!("acknowledged profile {id} lost"));
        assert!(
            v >= version,
            "profile {id}: version {v} < acknowledged {version}"
        );
        assert!(d >= deleted, "acknowledged delete of profile {id} lost");
    }
    db.close().await.unwrap();
}

/// `xiangxian check-index` on a stopped server: the index equals the database.
fn assert_index_matches(dir: &Path) -> Value {
    let out = cli(dir, &["check-index"], None);
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("check-index: {}", String::from_utf8_lossy(&out.stderr)));
    assert!(
        out.status.success() && report["ok"] == true,
        "index differs: {report:#}"
    );
    assert_eq!(report["pending_changes"], 0, "{report:#}");
    report
}

#[tokio::test]
async fn sigkill_mid_stream_loses_no_acknowledged_write_and_the_index_catches_up() {
    if !on_sqlite() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("server.log");
    create_admin(dir.path(), "admin", ADMIN_PW);
    let acked: Acked = Arc::default();
    let mut writes = 0;
    for kill_after in KILL_AFTER_MS {
        let server = Server::start(dir.path(), &log, &[]);
        server.wait_ready().await;
        assert_acknowledged_present(dir.path(), &acked).await;
        let c = sign_in(&server).await;
        let writers: Vec<_> = (0..WRITERS)
            .map(|n| {
                let c = Client {
                    http: c.http.clone(),
                    base: c.base.clone(),
                    bearer: None,
                };
                tokio::spawn(stream(c, n, acked.clone()))
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(kill_after)).await;
        server.kill9();
        for w in writers {
            writes += w.await.unwrap();
        }
    }
    // Restarted after the last kill: it catches up, and then the index agrees.
    let server = Server::start(dir.path(), &log, &[]);
    server.wait_ready().await;
    let c = sign_in(&server).await;
    assert_eq!(c.get("/api/v1/profiles?q=崩溃测试").await.status, 200);
    server.stop();
    assert_acknowledged_present(dir.path(), &acked).await;
    let db = open(dir.path()).await;
    let check: String = query(&db, "PRAGMA integrity_check").await[0]
        .try_get_by_index(0)
        .unwrap();
    assert_eq!(check, "ok");
    db.close().await.unwrap();
    let report = assert_index_matches(dir.path());
    let profiles = report["database_profiles"].as_u64().unwrap();
    eprintln!(
        "crash: {} kills survived, {writes} writes acknowledged ({} profiles touched), index = database: {profiles} listed profiles",
        KILL_AFTER_MS.len(),
        acked.lock().unwrap().len()
    );
    assert!(writes > 50, "only {writes} writes before the kills");
    assert!(profiles > 0);

    // A deleted, then a damaged, index folder is rebuilt on start.
    let index = dir.path().join("index");
    std::fs::remove_dir_all(&index).unwrap();
    let server = Server::start(dir.path(), &log, &[]);
    server.wait_ready().await;
    server.stop();
    assert_eq!(
        assert_index_matches(dir.path())["database_profiles"],
        profiles
    );
    std::fs::write(index.join("meta.json"), b"{ not json").unwrap();
    let server = Server::start(dir.path(), &log, &[]);
    server.wait_ready().await;
    let hits = sign_in(&server)
        .await
        .get("/api/v1/profiles?q=崩溃测试&per_page=1")
        .await;
    assert_eq!(hits.body["total"].as_u64(), Some(profiles), "{}", hits.text);
    server.stop();
    assert_eq!(
        assert_index_matches(dir.path())["database_profiles"],
        profiles
    );
}
