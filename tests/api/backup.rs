//! `xiangxian backup` while the server runs and writes continue, then
//! `xiangxian restore` into a new folder and a server there: the same records
//! (count and every id/version), a transaction-consistent copy, no sessions,
//! and search works after the index is rebuilt. The backup is encrypted with the
//! data key (no mobile in it), 0600; a restore with another key is refused with a
//! message saying so; `backup --prune --keep-days N` deletes only expired backups.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::json;

use crate::binary::{Server, cli, create_admin, on_sqlite};
use crate::helpers::Client;

const ADMIN_PW: &str = "backup-test-adm-口令";
const VILLAGE: &str = "421222100201";
const NAME: &str = "备份测试";

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

async fn create(c: &Client, n: u64) -> Option<i64> {
    let r = c
        .post(
            "/api/v1/profiles",
            json!({"name": NAME, "hometown_code": VILLAGE, "listed": !n.is_multiple_of(5),
                   "expertise": "光纤预制棒", "mobile": "13600001111", "force": true}),
        )
        .await;
    (r.status == 201).then(|| r.body["id"].as_i64().unwrap())
}

async fn open(file: &Path) -> DatabaseConnection {
    Database::connect(format!("sqlite://{}?mode=ro", file.display()))
        .await
        .unwrap()
}

async fn numbers(db: &DatabaseConnection, sql: &str) -> Vec<i64> {
    db.query_all_raw(Statement::from_string(
        db.get_database_backend(),
        sql.to_owned(),
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get_by_index::<i64>(0).unwrap())
    .collect()
}

/// `id:version` of every profile, in id order: equal lists mean equal records.
async fn ids_and_versions(db: &DatabaseConnection) -> Vec<String> {
    db.query_all_raw(Statement::from_string(
        db.get_database_backend(),
        "SELECT id, version FROM profiles ORDER BY id".to_owned(),
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| {
        let id: i64 = r.try_get_by_index(0).unwrap();
        let version: i32 = r.try_get_by_index(1).unwrap();
        format!("{id}:{version}")
    })
    .collect()
}

fn run_ok(dir: &Path, args: &[&str]) -> String {
    let out = cli(dir, args, None);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn a_backup_taken_during_writes_restores_the_same_records_and_search_works() {
    if !on_sqlite() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let (source, restored) = (root.path().join("source"), root.path().join("restored"));
    let (log, file) = (
        root.path().join("server.log"),
        root.path().join("backup.db"),
    );
    create_admin(&source, "admin", ADMIN_PW);
    let server = Server::start(&source, &log, &[]);
    server.wait_ready().await;
    let admin = sign_in(&server).await;
    let mut before = Vec::new();
    for n in 0..30 {
        before.push(create(&admin, n).await.unwrap());
    }

    // Writers keep going while the backup runs in another process.
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4u64)
        .map(|w| {
            let (c, stop) = (
                Client {
                    http: admin.http.clone(),
                    base: admin.base.clone(),
                    bearer: None,
                },
                stop.clone(),
            );
            tokio::spawn(async move {
                let mut n = 100 * (w + 1);
                while !stop.load(Ordering::SeqCst) {
                    create(&c, n).await;
                    n += 1;
                }
            })
        })
        .collect();
    let dir = source.clone();
    let target = file.to_str().unwrap().to_owned();
    let said = tokio::task::spawn_blocking(move || run_ok(&dir, &["backup", &target]))
        .await
        .unwrap();
    assert!(said.contains("已备份"), "{said}");
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.await.unwrap();
    }
    server.stop();

    // The copy: encrypted (neither a SQLite file nor the mobile in it); decrypted, every
    // earlier write, each profile with its audit row and search change (written in one
    // transaction), no sessions, readable by its owner only.
    let sealed = std::fs::read(&file).unwrap();
    assert!(!sealed.starts_with(b"SQLite format 3"));
    assert!(!sealed.windows(11).any(|w| w == b"13600001111"));
    let clear = root.path().join("clear.db");
    let key = xiangxian::crypto::read_key_file(&source.join("data.key")).unwrap();
    let ring = xiangxian::crypto::Keyring::new(key, xiangxian::crypto::Algorithm::default());
    std::fs::write(&clear, ring.open_file(&sealed).unwrap()).unwrap();
    let copy = open(&clear).await;
    let ids = numbers(&copy, "SELECT id FROM profiles ORDER BY id").await;
    assert!(before.iter().all(|id| ids.contains(id)));
    let audited = numbers(
        &copy,
        "SELECT count(*) FROM profiles p WHERE (SELECT count(*) FROM audit_events a WHERE a.action = 'create' \
         AND a.entity = 'profile' AND a.entity_id = CAST(p.id AS TEXT)) = 1 \
         AND EXISTS (SELECT 1 FROM search_changes s WHERE s.entity_id = p.id)",
    )
    .await;
    assert_eq!(
        audited,
        vec![ids.len() as i64],
        "a profile without its audit row or change"
    );
    assert_eq!(
        numbers(&copy, "SELECT count(*) FROM sessions").await,
        vec![0]
    );
    let expected = ids_and_versions(&copy).await;
    let listed = numbers(
        &copy,
        "SELECT count(*) FROM profiles WHERE listed AND deleted_at IS NULL",
    )
    .await[0];
    copy.close().await.unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    // Restoring needs the key of the backup: without it, or with another, a clear refusal.
    let none = cli(&restored, &["restore", file.to_str().unwrap()], None);
    assert!(!none.status.success());
    assert!(
        String::from_utf8_lossy(&none.stderr).contains("找不到数据密钥"),
        "{none:?}"
    );
    std::fs::create_dir_all(&restored).unwrap();
    xiangxian::crypto::create_key_file(&restored.join("data.key")).unwrap();
    let wrong = cli(&restored, &["restore", file.to_str().unwrap()], None);
    assert!(!wrong.status.success());
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        said.contains("备份是用数据密钥") && said.contains("加密的"),
        "{said}"
    );
    std::fs::remove_file(restored.join("data.key")).unwrap();
    std::fs::copy(source.join("data.key"), restored.join("data.key")).unwrap();

    // Restore into a new folder; a second restore there needs --force.
    run_ok(&restored, &["restore", file.to_str().unwrap()]);
    let again = cli(&restored, &["restore", file.to_str().unwrap()], None);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    run_ok(&restored, &["restore", file.to_str().unwrap(), "--force"]);
    let db = open(&restored.join("xiangxian.db")).await;
    assert_eq!(ids_and_versions(&db).await, expected);
    db.close().await.unwrap();

    let server = Server::start(&restored, &log, &[]);
    server.wait_ready().await;
    let admin = sign_in(&server).await;
    let found = admin
        .get(&format!("/api/v1/profiles?q={NAME}&per_page=1"))
        .await;
    assert_eq!(found.body["total"].as_i64(), Some(listed), "{}", found.text);
    let one = admin.get(&format!("/api/v1/profiles/{}", before[1])).await;
    assert_eq!(one.status, 200, "{}", one.text);
    server.stop();
    let report: serde_json::Value =
        serde_json::from_str(&run_ok(&restored, &["check-index"])).unwrap();
    assert_eq!(report["database_profiles"].as_i64(), Some(listed));
    eprintln!(
        "backup: {} profiles in the copy ({} written before it, the rest during it), {listed} listed and found again",
        expected.len(),
        before.len()
    );
}

#[test]
fn prune_deletes_only_backups_older_than_the_kept_days() {
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    let old = backups.join("xiangxian-20260101-000000.xxbak");
    let new = backups.join("xiangxian-20261206-000000.xxbak");
    let other = backups.join("notes.txt");
    for f in [&old, &new, &other] {
        std::fs::write(f, b"x").unwrap();
    }
    let forty_days = std::time::Duration::from_secs(40 * 86_400);
    for f in [&old, &other] {
        std::fs::File::options()
            .write(true)
            .open(f)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - forty_days)
            .unwrap();
    }
    let said = run_ok(dir.path(), &["backup", "--prune", "--keep-days", "30"]);
    assert!(said.contains("删除了 1 个"), "{said}");
    assert!(!old.exists());
    assert!(
        new.exists() && other.exists(),
        "recent backups and other files stay"
    );
}

#[test]
fn on_postgresql_backup_and_restore_explain_pg_dump_and_fail() {
    let dir = tempfile::tempdir().unwrap();
    for args in [["backup", "x.dump"], ["restore", "x.dump"]] {
        let mut all = args.to_vec();
        all.extend(["--database-url", "postgres://xx:hunter2@127.0.0.1:1/none"]);
        let out = cli(dir.path(), &all, None);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(
            err.contains("pg_dump") && err.contains("pg_restore"),
            "{err}"
        );
        assert!(!err.contains("hunter2"), "{err}");
    }
}
