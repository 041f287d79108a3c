//! `bench --database-url postgres://…` measures that PostgreSQL database (issue 18): it
//! writes there, says so in its figures, and refuses a database that already holds
//! tables unless `--force`. No timing is asserted.

use std::process::Command;

use sea_orm::{ConnectionTrait, Database, DatabaseBackend, Statement};

const BIN: &str = env!("CARGO_BIN_EXE_xiangxian");

fn bench(url: &str, force: bool) -> (bool, String, String) {
    bench_with(url, if force { &["--force"] } else { &[] })
}

fn bench_with(url: &str, extra: &[&str]) -> (bool, String, String) {
    let mut args = vec!["bench", "--profiles", "60", "--rounds", "1", "--json"];
    args.extend_from_slice(extra);
    let out = Command::new(BIN)
        .args(&args)
        .args(["--database-url", url])
        .env_remove("DATABASE_URL")
        .output()
        .expect("run bench");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh database on the test server: its URL and a connection to the server.
async fn fresh_database(admin_url: &str, name: &str) -> (String, sea_orm::DatabaseConnection) {
    let admin = Database::connect(admin_url).await.expect("connect");
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await
        .expect("drop");
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("create");
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).expect("url");
    (format!("{base}/{name}"), admin)
}

#[tokio::test]
async fn bench_with_a_postgres_url_writes_into_that_database_and_refuses_a_used_one() {
    let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!(
            "bench_postgres: needs TEST_DATABASE_URL (a PostgreSQL server to create a database on)"
        );
        return;
    };
    let name = format!("xxt_bench_{}", std::process::id());
    let (url, admin) = fresh_database(&admin_url, &name).await;

    let (ok, stdout, stderr) = bench(&url, false);
    assert!(ok, "bench failed:\n{stdout}\n{stderr}");
    let figures: serde_json::Value =
        serde_json::from_str(stdout.lines().last().expect("a JSON line")).expect("JSON figures");
    assert_eq!(figures["database"], "postgres", "{figures}");
    assert_eq!(figures["profiles"], 60, "{figures}");

    let bench_db = Database::connect(&url).await.expect("connect bench db");
    let count = |sql: &'static str| {
        let bench_db = &bench_db;
        async move {
            let row = bench_db
                .query_one_raw(Statement::from_string(DatabaseBackend::Postgres, sql))
                .await
                .expect("count")
                .expect("a row");
            row.try_get::<i64>("", "n").expect("n")
        }
    };
    // The generated profiles, and the people its import phase registered from an xlsx.
    let imported = figures["import_created"].as_i64().expect("import_created");
    assert!(imported > 0, "{figures}");
    assert_eq!(
        count("SELECT count(*) AS n FROM profiles").await,
        60 + imported
    );
    assert!(
        count("SELECT count(*) AS n FROM audit_events WHERE entity = 'profile'").await >= 60,
        "the bench writes through the service, with its audit events"
    );
    bench_db.close().await.ok();

    // A second run would mix its rows with the first's: refused, unless --force.
    let (ok, stdout, stderr) = bench(&url, false);
    assert!(!ok, "a used database was accepted:\n{stdout}");
    assert!(stderr.contains("--force"), "{stderr}");

    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await
        .ok();
}

#[test]
fn bench_refuses_a_sqlite_url_instead_of_ignoring_it() {
    let out = Command::new(BIN)
        .args([
            "bench",
            "--profiles",
            "10",
            "--database-url",
            "sqlite:///tmp/x.db",
        ])
        .env_remove("DATABASE_URL")
        .output()
        .expect("run bench");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("postgres://"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn two_instances_on_one_postgres_both_serve_and_each_sees_the_others_writes() {
    let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("bench_postgres: needs TEST_DATABASE_URL");
        return;
    };
    let name = format!("xxt_cluster_{}", std::process::id());
    let (url, admin) = fresh_database(&admin_url, &name).await;

    let (ok, stdout, stderr) = bench_with(&url, &["--instances", "2"]);
    assert!(ok, "bench failed:\n{stdout}\n{stderr}");
    let figures: serde_json::Value =
        serde_json::from_str(stdout.lines().last().expect("a JSON line")).expect("JSON figures");
    let cluster = &figures["cluster"];
    assert_eq!(cluster["instances"], 2, "{figures}");
    let per_instance = cluster["per_instance"].as_array().expect("per instance");
    assert_eq!(per_instance.len(), 2, "{cluster}");
    for run in per_instance {
        assert!(run["requests"].as_u64().unwrap() > 0, "{run}");
        assert_eq!(run["errors"], 0, "{run}");
    }
    assert_eq!(
        cluster["not_visible"], 0,
        "every write showed on the other instance: {cluster}"
    );
    assert!(
        cluster["visible_elsewhere_p99_ms"].as_f64().unwrap() > 0.0,
        "{cluster}"
    );

    // The timed writes went through the servers into this database.
    let bench_db = Database::connect(&url).await.expect("connect bench db");
    let row = bench_db
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT count(*) AS n FROM profiles WHERE name LIKE '集群%'",
        ))
        .await
        .expect("count")
        .expect("a row");
    assert!(row.try_get::<i64>("", "n").expect("n") > 0);
    bench_db.close().await.ok();
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await
        .ok();
}

#[test]
fn several_instances_are_refused_without_postgres() {
    let out = Command::new(BIN)
        .args(["bench", "--profiles", "10", "--instances", "2"])
        .env_remove("DATABASE_URL")
        .output()
        .expect("run bench");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("PostgreSQL"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
