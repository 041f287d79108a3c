//! The audit log's hash chain (DESIGN "At rest"): `xiangxian audit verify` passes on a log the
//! service wrote, and names the first row that does not fit after a row is edited, deleted or
//! inserted with the `sqlite3` or `psql` tool, with exit code 1; redaction keeps the chain
//! verifiable; two servers on one PostgreSQL cannot fork it; archiving refuses rows younger
//! than 180 days and writes a signed file.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use chrono::{Duration, SubsecRound, Utc};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;
use xiangxian::domain::Role;
use xiangxian::service::audit::{self, Ctx, chain};

use crate::at_rest_contacts::cn;
use crate::binary::cli;
use crate::helpers::{Client, TestApp, spawn_app, spawn_second_instance};

async fn organizer(app: &TestApp) -> Client {
    app.login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await
}

/// Writes `n` profiles (each with its audit row) and returns the ids of the audit rows.
async fn some_events(app: &TestApp, n: usize) -> Vec<i64> {
    let org = organizer(app).await;
    for i in 0..n {
        let r = org
            .post(
                "/api/v1/profiles",
                json!({"name": format!("审计{}", cn(i)), "hometown_code": "421222100201",
                       "mobile": format!("1390000{i:04}")}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    audit_ids(app).await
}

async fn audit_ids(app: &TestApp) -> Vec<i64> {
    let conn = app.db.conn();
    conn.query_all_raw(Statement::from_string(
        conn.get_database_backend(),
        "SELECT id FROM audit_events ORDER BY id",
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get_by_index(0).unwrap())
    .collect()
}

/// `(exit code, stdout + stderr)` of `xiangxian audit …` on the app's database.
fn audit_cli(app: &TestApp, args: &[&str]) -> (i32, String) {
    let mut all = vec!["audit"];
    all.extend_from_slice(args);
    all.extend(["--database-url", &app.database_url]);
    let out = cli(app.data_dir.path(), &all, None);
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// Runs `sql` as someone with a shell on the server would: with the `sqlite3` or `psql`
/// command-line tool, outside the application.
async fn exec(app: &TestApp, sql: &str) {
    let mut command = if app.database_url.starts_with("postgres") {
        let mut c = tokio::process::Command::new("psql");
        c.args([
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            &app.database_url,
            "-c",
            sql,
        ]);
        c
    } else {
        let mut c = tokio::process::Command::new("sqlite3");
        c.args(["-cmd", ".timeout 5000"])
            .arg(app.data_dir.path().join("xiangxian.db"))
            .arg(sql);
        c
    };
    let out = command.output().await.unwrap();
    assert!(
        out.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn verify_passes_then_names_an_edited_row() {
    let app = spawn_app().await;
    let ids = some_events(&app, 5).await;
    let (code, said) = audit_cli(&app, &["verify"]);
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("审计链完整"), "{said}");
    let victim = ids[2];
    exec(
        &app,
        &format!("UPDATE audit_events SET actor_name = 'someone_else' WHERE id = {victim}"),
    )
    .await;
    let (code, said) = audit_cli(&app, &["verify"]);
    assert_eq!(code, 1, "{said}");
    assert!(said.contains(&format!("id={victim}")), "{said}");
    assert!(said.contains("被修改"), "{said}");
}

#[tokio::test]
async fn verify_names_the_row_after_a_deleted_one() {
    let app = spawn_app().await;
    let ids = some_events(&app, 5).await;
    exec(
        &app,
        &format!("DELETE FROM audit_events WHERE id = {}", ids[1]),
    )
    .await;
    let (code, said) = audit_cli(&app, &["verify"]);
    assert_eq!(code, 1, "{said}");
    assert!(said.contains(&format!("id={}", ids[2])), "{said}");
    assert!(said.contains("删除"), "{said}");
}

#[tokio::test]
async fn verify_names_an_inserted_row() {
    let app = spawn_app().await;
    let ids = some_events(&app, 3).await;
    let last = *ids.last().unwrap();
    // A forger who copies the newest hash as prev_hash but cannot compute a fitting hash
    // without also rewriting every later row.
    exec(
        &app,
        &format!(
            "INSERT INTO audit_events (at, actor_name, action, entity, detail, client_addr, prev_hash, hash) \
             SELECT at, 'forger', 'login', 'user', '', 'local', hash, 'ffff' FROM audit_events WHERE id = {last}"
        ),
    )
    .await;
    let (code, said) = audit_cli(&app, &["verify"]);
    assert_eq!(code, 1, "{said}");
    let inserted = *audit_ids(&app).await.last().unwrap();
    assert!(inserted > last);
    assert!(said.contains(&format!("id={inserted}")), "{said}");
}

#[tokio::test]
async fn a_redaction_keeps_the_chain_verifiable_and_a_silent_edit_does_not() {
    let app = spawn_app().await;
    some_events(&app, 3).await;
    let ids: Vec<i64> = audit_ids(&app)
        .await
        .into_iter()
        .rev()
        .take(3)
        .rev()
        .collect();
    let ctx = Ctx::system("test");
    let changed = audit::redact(app.db.conn(), &ctx, &ids[..2], &["name", "mobile"])
        .await
        .unwrap();
    assert_eq!(changed, 2);
    let rows = xiangxian::service::audit::list(app.db.conn(), &Default::default(), 1, 50)
        .await
        .unwrap()
        .1;
    let redacted = rows.iter().find(|r| r.id == ids[0]).unwrap();
    let after: serde_json::Value =
        serde_json::from_str(redacted.after.as_deref().unwrap()).unwrap();
    assert_eq!(after["name"], audit::REDACTED);
    assert_eq!(audit_cli(&app, &["verify"]).0, 0);
    // Changing a snapshot and claiming a digest without a redaction event is caught.
    let digest = chain::snapshot_digest(None, Some("{}"));
    exec(
        &app,
        &format!(
            "UPDATE audit_events SET snapshot_digest = '{digest}' WHERE id = {}",
            ids[2]
        ),
    )
    .await;
    let (code, said) = audit_cli(&app, &["verify"]);
    assert_eq!(code, 1, "{said}");
    assert!(said.contains(&format!("id={}", ids[2])), "{said}");
}

#[tokio::test]
async fn two_servers_on_one_database_append_to_one_chain() {
    let app = spawn_app().await;
    let second = if app.database_url.starts_with("postgres") {
        Some(spawn_second_instance(&app).await)
    } else {
        None
    };
    let a = organizer(&app).await;
    let b = match &second {
        Some(s) => {
            s.login_as("org_b", Role::Organizer, Some("421222100"))
                .await
        }
        None => {
            app.login_as("org_b", Role::Organizer, Some("421222100"))
                .await
        }
    };
    let writes = (0..16).map(|i| {
        let c = if i % 2 == 0 { &a } else { &b };
        async move {
            c.post(
                "/api/v1/profiles",
                json!({"name": format!("并发{}", cn(i)), "hometown_code": "421222100201"}),
            )
            .await
            .status
        }
    });
    let statuses = futures::future::join_all(writes).await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let walk = chain::verify(app.db.conn(), |_| {}).await.unwrap();
    assert_eq!(walk.broken, None);
    assert!(walk.rows >= 16);
}

#[tokio::test]
async fn archive_refuses_recent_rows_and_signs_what_it_moves() {
    let app = spawn_app().await;
    // Rows of 200 days ago, written through the chain as the service would have then.
    let old = (Utc::now() - Duration::days(200)).trunc_subsecs(6);
    let rows = (0..3)
        .map(|i| xiangxian::entity::audit_event::Model {
            id: 0,
            at: old,
            actor_id: None,
            actor_name: "system:test".into(),
            action: "login".into(),
            entity: "user".into(),
            entity_id: Some(i.to_string()),
            before: None,
            after: Some("{\"name\":\"旧事\"}".into()),
            detail: String::new(),
            client_addr: "local".into(),
            prev_hash: None,
            hash: None,
            snapshot_digest: None,
        })
        .collect();
    chain::append(app.db.conn(), rows).await.unwrap();
    let before = some_events(&app, 2).await;

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit-2026.jsonl");
    let today = Utc::now().format("%Y-%m-%d").to_string();
    let (code, said) = audit_cli(
        &app,
        &["archive", "--before", &today, file.to_str().unwrap()],
    );
    assert_ne!(code, 0, "{said}");
    assert!(said.contains("180"), "{said}");
    assert!(!file.exists());

    let cutoff = (Utc::now() - Duration::days(181))
        .format("%Y-%m-%d")
        .to_string();
    let (code, said) = audit_cli(
        &app,
        &["archive", "--before", &cutoff, file.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("3 条"), "{said}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("chain_head") && text.contains("hmac_sm3"));
    assert!(
        !text.contains("旧事"),
        "snapshots stay encrypted in the archive"
    );
    let left = audit_ids(&app).await;
    assert_eq!(left, before[3..].to_vec(), "only the three old rows left");
    assert_eq!(
        audit_cli(&app, &["verify"]).0,
        0,
        "the rest verifies from the anchor"
    );
    let (code, said) = audit_cli(&app, &["check-archive", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{said}");
    std::fs::write(&file, text.replace("system:test", "system:tEst")).unwrap();
    let (code, said) = audit_cli(&app, &["check-archive", file.to_str().unwrap()]);
    assert_ne!(code, 0, "{said}");
    assert!(said.contains("签名不符"), "{said}");
}
