//! `bench --database-url postgres://…` measures that PostgreSQL database (issue 18): it
//! writes there, says so in its figures, and refuses a database that already holds
//! tables unless `--force`. No timing is asserted.

use std::process::Command;

use sea_orm::{ConnectionTrait, Database, DatabaseBackend, Statement};

const BIN: &str = env!("CARGO_BIN_EXE_xiangxian");

fn bench(url: &str, force: bool) -> (bool, String, String) {
    let mut args = vec!["bench", "--profiles", "60", "--rounds", "1", "--json"];
    if force {
        args.push("--force");
    }
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

#[tokio::test]
async fn bench_with_a_postgres_url_writes_into_that_database_and_refuses_a_used_one() {
    let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!(
            "bench_postgres: needs TEST_DATABASE_URL (a PostgreSQL server to create a database on)"
        );
        return;
    };
    let name = format!("xxt_bench_{}", std::process::id());
    let admin = Database::connect(&admin_url).await.expect("connect");
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await
        .expect("drop");
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("create");
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).expect("url");
    let url = format!("{base}/{name}");

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
    assert_eq!(count("SELECT count(*) AS n FROM profiles").await, 60);
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
