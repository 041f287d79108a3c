//! Encryption at rest (DESIGN "At rest"): contacts never reach the database files in clear,
//! on SQLite (the file, its WAL and shared memory) or PostgreSQL (a `pg_dump`); the API still
//! gives them back on a reveal; duplicates by mobile are still found; rows an older version
//! stored in clear are sealed at start; the search index holds no contact.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;
use xiangxian::domain::Role;

use crate::helpers::{Client, TestApp, spawn_app};

const MOBILE: &str = "13987654321";
const WECHAT: &str = "wx_secret_handle_77";
const EMAIL: &str = "hidden.person@example.org";

async fn organizer(app: &TestApp) -> Client {
    app.login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await
}

async fn create(org: &Client, name: &str, mobile: &str) -> i64 {
    let r = org
        .post(
            "/api/v1/profiles",
            json!({"name": name, "hometown_code": "421222100201", "mobile": mobile,
                   "wechat": WECHAT, "email": EMAIL, "capital_range": "20m_100m",
                   "expertise": "光纤预制棒", "listed": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["id"].as_i64().unwrap()
}

/// A distinct name part for the `i`-th person (names hold no digits).
pub fn cn(i: usize) -> char {
    "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
        .chars()
        .nth(i % 22)
        .unwrap_or('甲')
}

/// Every byte the database keeps: the SQLite file, WAL and shared memory, or a `pg_dump`.
pub async fn database_bytes(app: &TestApp) -> Vec<(String, Vec<u8>)> {
    if app.database_url.starts_with("postgres") {
        let out = std::process::Command::new("/usr/bin/pg_dump")
            .args(["--data-only", "--no-owner", &app.database_url])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_dump: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return vec![("pg_dump".into(), out.stdout)];
    }
    let db = app.data_dir.path().join("xiangxian.db");
    xiangxian::backup::database_files(&db)
        .iter()
        .filter(|f| f.exists())
        .map(|f| (f.display().to_string(), std::fs::read(f).unwrap()))
        .collect()
}

fn holds(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

async fn reveal(org: &Client, id: i64) -> serde_json::Value {
    let r = org
        .post(
            &format!("/api/v1/profiles/{id}/reveal"),
            json!({"purpose": "项目对接联系"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body
}

async fn raw_contacts(app: &TestApp, id: i64) -> Vec<Option<String>> {
    let conn = app.db.conn();
    let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            format!("SELECT mobile, wechat, email, capital_range, mobile_hash FROM profiles WHERE id = {id}"),
        ))
        .await
        .unwrap()
        .unwrap();
    let mut raw: Vec<Option<String>> = (0..4).map(|i| row.try_get_by_index(i).unwrap()).collect();
    // The keyed hash is bytes; as hex here so the callers compare text.
    let hash: Option<Vec<u8>> = row.try_get_by_index(4).unwrap();
    raw.push(hash.map(|h| h.iter().map(|b| format!("{b:02x}")).collect()));
    raw
}

#[tokio::test]
async fn the_contacts_of_a_created_profile_are_absent_from_the_database_files() {
    let app = spawn_app().await;
    let org = organizer(&app).await;
    let id = create(&org, "密存测试", MOBILE).await;

    let files = database_bytes(&app).await;
    assert!(
        files.iter().any(|(_, b)| holds(b, "密存测试")),
        "the name is there: the files were read"
    );
    for (file, bytes) in &files {
        for secret in [MOBILE, WECHAT, EMAIL] {
            assert!(!holds(bytes, secret), "{secret} in clear in {file}");
        }
    }
    let raw = raw_contacts(&app, id).await;
    for value in &raw[..4] {
        let value = value.as_deref().unwrap();
        assert!(value.starts_with("enc:s"), "SM4-GCM by default: {value}");
    }
    assert_eq!(
        raw[4].as_deref().map(str::len),
        Some(2 * xiangxian::crypto::CONTACT_HASH_LEN),
        "the keyed hash"
    );
    // The audit snapshot keeps its contacts (masked ones too) and capital range sealed.
    let conn = app.db.conn();
    let snapshots = conn
        .query_all_raw(Statement::from_string(
            conn.get_database_backend(),
            format!(
                "SELECT after FROM audit_events WHERE entity = 'profile' AND entity_id = '{id}'"
            ),
        ))
        .await
        .unwrap();
    assert!(!snapshots.is_empty());
    for row in snapshots {
        let stored: String = row.try_get_by_index(0).unwrap();
        assert!(stored.starts_with("enc:s"), "{stored}");
        for secret in ["20m_100m", "****", "wx_", "example.org", "4321"] {
            assert!(!stored.contains(secret), "{secret} in clear in {stored}");
        }
    }

    let shown = reveal(&org, id).await;
    assert_eq!(shown["mobile"], MOBILE);
    assert_eq!(shown["wechat"], WECHAT);
    assert_eq!(shown["email"], EMAIL);
    let masked = org.get(&format!("/api/v1/profiles/{id}")).await;
    assert_eq!(masked.body["capital_range"], "20m_100m", "{}", masked.text);
}

#[tokio::test]
async fn a_duplicate_by_mobile_is_still_found_after_encryption() {
    let app = spawn_app().await;
    let org = organizer(&app).await;
    let existing = create(&org, "张伟", "13812345678").await;
    let csv = "姓名,县（市、区）,乡镇（街道）,村（社区）,手机号\n张伟,通城县,隽水镇,利和村,13812345678\n张伟,通城县,隽水镇,利和村,13800000000\n";
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("乡贤.csv"),
    );
    let r = org
        .send(
            org.raw(
                reqwest::Method::POST,
                "/api/v1/profiles/import?dry_run=true",
            )
            .await
            .multipart(form),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // The same mobile: the existing record (an update or an exact duplicate, never "likely").
    let dups = r.body["duplicates"].as_array().unwrap();
    assert!(
        dups.iter().all(|d| d["row"] != 2 || d["kind"] == "exact"),
        "{}",
        r.text
    );
    // Another mobile, same name and village: only "likely".
    assert!(
        dups.iter()
            .any(|d| d["row"] == 3 && d["kind"] == "likely" && d["existing_id"] == existing),
        "{}",
        r.text
    );
    assert_eq!(r.body["created"], 0, "{}", r.text);
}

#[tokio::test]
async fn rows_stored_in_clear_by_an_older_version_are_sealed_at_start() {
    let app = spawn_app().await;
    let org = organizer(&app).await;
    let id = create(&org, "旧库乡贤", MOBILE).await;
    // What the old code left: contacts in clear, no hash, audit rows outside any chain.
    let conn = app.db.conn();
    conn.execute_unprepared(&format!(
        "UPDATE profiles SET mobile = '13711112222', wechat = 'old_clear_wx', email = NULL, \
         capital_range = '5m_20m', mobile_hash = NULL WHERE id = {id}"
    ))
    .await
    .unwrap();
    conn.execute_unprepared(
        "UPDATE audit_events SET before = NULL, after = '{\"name\":\"旧库乡贤\"}', prev_hash = NULL, hash = NULL",
    )
    .await
    .unwrap();

    // The start-up step of every process (what `serve` runs after migrating).
    let config = xiangxian::config::Config::for_data_dir(
        app.data_dir.path(),
        Some(app.database_url.clone()),
    );
    let again = xiangxian::app::prepare_db(&config).await.unwrap();
    if app.database_url.starts_with("sqlite") {
        again
            .conn()
            .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await
            .unwrap();
    }
    again.close().await.unwrap();

    let raw = raw_contacts(&app, id).await;
    assert!(raw[0].as_deref().unwrap().starts_with("enc:"), "{raw:?}");
    assert!(raw[1].as_deref().unwrap().starts_with("enc:"));
    assert!(raw[3].as_deref().unwrap().starts_with("enc:"));
    assert!(raw[4].is_some(), "the hash is filled in");
    for (file, bytes) in database_bytes(&app).await {
        assert!(!holds(&bytes, "13711112222"), "clear mobile left in {file}");
        assert!(
            !holds(&bytes, "old_clear_wx"),
            "clear wechat left in {file}"
        );
    }
    let shown = reveal(&org, id).await;
    assert_eq!(shown["mobile"], "13711112222");
    assert_eq!(shown["wechat"], "old_clear_wx");
    let walk = xiangxian::service::audit::chain::verify(app.db.conn(), |_| {})
        .await
        .unwrap();
    assert_eq!(walk.broken, None, "the old rows were chained");
}

#[tokio::test]
async fn the_search_index_holds_no_contact() {
    let app = spawn_app().await;
    let org = organizer(&app).await;
    create(&org, "索引测试", MOBILE).await;
    let r = crate::search::settled_get(&app, &org, "/api/v1/profiles?q=索引测试").await;
    assert_eq!(
        r.body["total"].as_i64(),
        Some(1),
        "the profile reached the index"
    );
    let by_mobile = org.get(&format!("/api/v1/profiles?q={MOBILE}")).await;
    assert_eq!(
        by_mobile.body["total"].as_i64(),
        Some(0),
        "{}",
        by_mobile.text
    );
    let index = app.data_dir.path().join("index");
    for entry in walk(&index) {
        let bytes = std::fs::read(&entry).unwrap();
        for secret in [MOBILE, WECHAT, EMAIL] {
            assert!(!holds(&bytes, secret), "{secret} in {}", entry.display());
        }
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
