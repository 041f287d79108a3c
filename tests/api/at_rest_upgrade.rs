//! Upgrading a database written before encryption at rest (issue 12): a database migrated only
//! as far as the version before `seal_contacts_and_chain_audit`, holding a profile and an
//! audit row in clear, is migrated, sealed and chained by the first start of this version,
//! on SQLite and PostgreSQL; afterwards its contacts are in no database byte, duplicates by
//! that mobile are still found, and `audit verify` passes.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use migration::{Migrator, MigratorTrait};
use sea_orm::sea_query::{Alias, Query};
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::json;
use xiangxian::domain::Role;

use crate::binary::cli;
use crate::helpers::spawn_app_with;

const OLD_MOBILE: &str = "13755556666";
const OLD_WECHAT: &str = "wx_before_sealing_1";
const OLD_EMAIL: &str = "before.sealing@example.org";

/// A PostgreSQL database of this test's own, dropped when the test ends.
struct OwnPg {
    admin_url: String,
    name: String,
}

impl Drop for OwnPg {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(admin) = Database::connect(&admin_url).await {
                    let _ = admin
                        .execute_unprepared(&format!(
                            "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                        ))
                        .await;
                }
            });
        })
        .join();
    }
}

/// An empty database: a file in `dir`, or a new PostgreSQL database.
async fn empty_database(dir: &std::path::Path) -> (String, Option<OwnPg>) {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let name = format!(
                "xxt_upgrade_{}_{}",
                std::process::id(),
                chrono::Utc::now().timestamp_micros() % 1_000_000_000
            );
            let admin = Database::connect(&admin_url).await.unwrap();
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .unwrap();
            admin.close().await.ok();
            let base = admin_url.rsplit_once('/').unwrap().0.to_owned();
            (format!("{base}/{name}"), Some(OwnPg { admin_url, name }))
        }
        _ => (
            format!("sqlite://{}?mode=rwc", dir.join("xiangxian.db").display()),
            None,
        ),
    }
}

/// The database as the version before encryption left it: its migrations only, the
/// region tree, and one profile and its audit row with everything in clear.
async fn old_database(url: &str) -> i64 {
    let db = xiangxian::db::Db::connect(url).await.unwrap();
    let before_sealing = Migrator::migrations()
        .iter()
        .position(|m| m.name() == "m20261207_000050_seal_contacts_and_chain_audit")
        .unwrap();
    Migrator::up(db.conn(), Some(before_sealing as u32))
        .await
        .unwrap();
    xiangxian::region::ensure_loaded(&db).await.unwrap();
    let conn = db.conn();
    let backend = conn.get_database_backend();
    let now = chrono::Utc::now();
    let insert = Query::insert()
        .into_table(Alias::new("profiles"))
        .columns(
            [
                "name",
                "hometown_code",
                "county_code",
                "employer",
                "title",
                "chains",
                "expertise",
                "bio",
                "intents",
                "tags",
                "tier",
                "version",
                "consent_match",
                "listed",
                "verified",
                "created_at",
                "updated_at",
                "mobile",
                "wechat",
                "email",
                "capital_range",
            ]
            .map(Alias::new),
        )
        .values_panic([
            "旧库乡贤".into(),
            "421222100201".into(),
            "421222".into(),
            "通城光电".into(),
            "".into(),
            "[]".into(),
            "光纤".into(),
            "".into(),
            "[]".into(),
            "[]".into(),
            "normal".into(),
            1i32.into(),
            false.into(),
            true.into(),
            false.into(),
            now.into(),
            now.into(),
            OLD_MOBILE.into(),
            OLD_WECHAT.into(),
            OLD_EMAIL.into(),
            "5m_20m".into(),
        ])
        .to_owned();
    conn.execute_raw(backend.build(&insert)).await.unwrap();
    let id: i64 = conn
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT MAX(id) FROM profiles",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap();
    // What the old code wrote to the log: the snapshot with the contacts in clear.
    let snapshot = json!({"name": "旧库乡贤", "mobile": OLD_MOBILE, "wechat": OLD_WECHAT,
                          "email": OLD_EMAIL, "capital_range": "5m_20m"})
    .to_string();
    let audit = Query::insert()
        .into_table(Alias::new("audit_events"))
        .columns(
            [
                "at",
                "actor_name",
                "action",
                "entity",
                "entity_id",
                "after",
                "detail",
                "client_addr",
            ]
            .map(Alias::new),
        )
        .values_panic([
            now.into(),
            "org_old".into(),
            "create".into(),
            "profile".into(),
            id.to_string().into(),
            snapshot.into(),
            "".into(),
            "local".into(),
        ])
        .to_owned();
    conn.execute_raw(backend.build(&audit)).await.unwrap();
    db.close().await.unwrap();
    id
}

fn holds(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn a_database_written_before_encryption_is_sealed_and_chained_by_the_first_start() {
    let dir = tempfile::tempdir().unwrap();
    let (url, _own_pg) = empty_database(dir.path()).await;
    let id = old_database(&url).await;
    let old_bytes = database_bytes_at(&url, dir.path());
    assert!(
        old_bytes.iter().any(|(_, b)| holds(b, OLD_MOBILE)),
        "the old database holds the mobile in clear"
    );

    // The first start of this version on that database (and a data folder with no key yet).
    let data_dir = dir.path().to_owned();
    let app = spawn_app_with(|c| {
        c.database_url.0 = url.clone();
        c.data_key_file = data_dir.join("data.key");
        c.data_dir = data_dir.clone();
    })
    .await;
    assert!(dir.path().join("data.key").exists(), "a key was created");
    if url.starts_with("sqlite") {
        app.db
            .conn()
            .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await
            .unwrap();
    }
    for (file, bytes) in database_bytes_at(&url, dir.path()) {
        for secret in [OLD_MOBILE, OLD_WECHAT, OLD_EMAIL] {
            assert!(!holds(&bytes, secret), "{secret} left in clear in {file}");
        }
    }

    // The mobile still finds the person: a second record with it is a duplicate.
    let org = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    let r = org
        .post(
            "/api/v1/profiles",
            json!({"name": "另一个人", "hometown_code": "421222100201", "mobile": OLD_MOBILE}),
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.text);
    assert_eq!(
        r.body["error"]["existing_id"].as_i64(),
        Some(id),
        "{}",
        r.text
    );
    let shown = org
        .post(
            &format!("/api/v1/profiles/{id}/reveal"),
            json!({"purpose": "项目对接联系"}),
        )
        .await;
    assert_eq!(shown.body["mobile"], OLD_MOBILE, "{}", shown.text);

    // The old audit row was chained in, and the log verifies.
    let out = cli(
        dir.path(),
        &["audit", "verify", "--database-url", &app.database_url],
        None,
    );
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("审计链完整"), "{said}");
}

/// The database's bytes before any app has run on it (the SQLite files, or a `pg_dump`).
fn database_bytes_at(url: &str, dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    if url.starts_with("postgres") {
        let out = std::process::Command::new("/usr/bin/pg_dump")
            .args(["--data-only", "--no-owner", url])
            .output()
            .unwrap();
        assert!(out.status.success());
        return vec![("pg_dump".into(), out.stdout)];
    }
    xiangxian::backup::database_files(&dir.join("xiangxian.db"))
        .iter()
        .filter(|f| f.exists())
        .map(|f| (f.display().to_string(), std::fs::read(f).unwrap()))
        .collect()
}
