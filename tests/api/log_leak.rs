//! Nothing personal goes into the logs, and no error body carries SQL or an
//! internal message: the real binary runs with `RUST_LOG=debug` while people
//! sign in (also wrongly), register, get revealed, imported, exported, claim
//! profiles, use tokens and hit errors — including a real database error —
//! and its whole output is searched for the secrets afterwards.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::multipart::{Form, Part};
use sea_orm::{ConnectionTrait, Database};
use serde_json::json;

use crate::binary::{Server, create_admin, on_sqlite};
use crate::helpers::Client;

const ADMIN_PW: &str = "管理员口令-Xq7#adm-2026";
const FOUNDER_PW: &str = "乡贤本人口令-Zr9#returnee";
const WRONG_PW: &str = "猜错的口令-Wy3#guess-word";
const NEW_PW: &str = "换过的口令-Pk5#changed-2026";
const FOUNDER_MOBILE: &str = "13971112345";
const PROFILE_MOBILE: &str = "13812345678";
const IMPORTED_MOBILE: &str = "15927654321";
const INVALID_MOBILE: &str = "13700001234";
const VILLAGE: &str = "421222100201";

async fn sign_in(server: &Server, username: &str, password: &str) -> (Client, String) {
    let c = server.client();
    let r = c
        .post(
            "/api/v1/auth/login",
            json!({"username": username, "password": password}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let cookie = r.headers["set-cookie"].to_str().unwrap();
    let value = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("xx_session=")
        .to_owned();
    (c, value)
}

#[tokio::test]
async fn debug_logs_hold_no_passwords_tokens_codes_or_mobiles_and_errors_hold_no_sql() {
    if !on_sqlite() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("server.log");
    create_admin(dir.path(), "admin", ADMIN_PW);
    let server = Server::start(dir.path(), &log, &[("RUST_LOG", "debug")]);
    let mut secrets: Vec<String> = [ADMIN_PW, FOUNDER_PW, WRONG_PW, NEW_PW]
        .iter()
        .chain(&[
            FOUNDER_MOBILE,
            PROFILE_MOBILE,
            IMPORTED_MOBILE,
            INVALID_MOBILE,
        ])
        .map(|s| (*s).to_owned())
        .collect();

    // Sign-in, wrong and right.
    let wrong = server
        .client()
        .post(
            "/api/v1/auth/login",
            json!({"username": "admin", "password": WRONG_PW}),
        )
        .await;
    assert_eq!(wrong.status, 401);
    let (admin, session) = sign_in(&server, "admin", ADMIN_PW).await;
    secrets.push(session);

    // A founder signs up; an organizer's profile is created, revealed, searched for.
    let founder = server.client();
    let r = founder
        .post(
            "/api/v1/auth/register",
            json!({"username": "founder", "password": FOUNDER_PW, "name": "欧阳明珠",
                   "hometown_code": VILLAGE, "mobile": FOUNDER_MOBILE}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = admin
        .post(
            "/api/v1/profiles",
            json!({"name": "张伟", "hometown_code": VILLAGE, "mobile": "138-1234-5678",
                   "wechat": "zhangwei_sz", "email": "zw@example.com"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let profile = r.body["id"].as_i64().unwrap();
    let reveal = admin
        .post(
            &format!("/api/v1/profiles/{profile}/reveal"),
            json!({"purpose": "项目对接联系"}),
        )
        .await;
    assert_eq!(reveal.body["mobile"], PROFILE_MOBILE);
    for q in [PROFILE_MOBILE, "张伟", "zhangwei"] {
        assert_eq!(
            admin.get(&format!("/api/v1/profiles?q={q}")).await.status,
            200
        );
    }

    // Import and export.
    let csv = format!("姓名,籍贯地区代码,手机号\n李娜,{VILLAGE},{IMPORTED_MOBILE}\n");
    let form = Form::new().part(
        "file",
        Part::bytes(csv.into_bytes()).file_name("people.csv"),
    );
    let imported = admin
        .send(
            admin
                .raw(reqwest::Method::POST, "/api/v1/profiles/import")
                .await
                .multipart(form),
        )
        .await;
    assert_eq!(imported.status, 200, "{}", imported.text);
    assert_eq!(imported.body["created"], 1, "{}", imported.text);
    assert_eq!(admin.get("/api/v1/profiles/export").await.status, 200);

    // A token used as Bearer, and a forged one.
    let token = admin
        .post("/api/v1/tokens", json!({"name": "nightly"}))
        .await
        .body["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut script = server.client();
    script.bearer = Some(token.clone());
    assert_eq!(script.get("/api/v1/auth/me").await.status, 200);
    script.bearer = Some(format!("{token}x"));
    assert_eq!(script.get("/api/v1/auth/me").await.status, 401);
    secrets.push(token);

    // A claim code issued and used; the founder changes their password.
    let code = admin
        .post(&format!("/api/v1/profiles/{profile}/claim-code"), json!({}))
        .await
        .body["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let claimed = founder
        .post("/api/v1/profiles/claim", json!({"code": code}))
        .await;
    // The founder's mobile differs from the record's: the claim waits for approval.
    assert_eq!(claimed.status, 202, "{}", claimed.text);
    secrets.push(code);
    let changed = founder
        .post(
            "/api/v1/auth/password",
            json!({"current": FOUNDER_PW, "new": NEW_PW}),
        )
        .await;
    assert_eq!(changed.status, 204, "{}", changed.text);

    // Input errors that carry personal data.
    let bad = admin
        .post(
            "/api/v1/profiles",
            json!({"name": "王芳", "hometown_code": "999", "mobile": INVALID_MOBILE}),
        )
        .await;
    assert_eq!(bad.status, 400);
    let syntax = admin
        .send(
            admin
                .raw(reqwest::Method::POST, "/api/v1/profiles")
                .await
                .header("content-type", "application/json")
                .body(format!(
                    "{{\"name\": \"王芳\", \"mobile\": \"{INVALID_MOBILE}\""
                )),
        )
        .await;
    assert_eq!(syntax.status, 400);

    // A real database error: the table behind /notices disappears.
    let db = Database::connect(Server::sqlite_url(dir.path()))
        .await
        .unwrap();
    db.execute_unprepared("DROP TABLE notices").await.unwrap();
    db.close().await.unwrap();
    let failed = admin.get("/api/v1/notices").await;
    assert_eq!(failed.status, 500);
    assert_eq!(failed.body["error"]["code"], "internal");
    for internal in [
        "notices",
        "no such table",
        "SELECT",
        "sqlite",
        "sqlx",
        "SQL",
        "error returned",
    ] {
        assert!(
            !failed.text.contains(internal),
            "500 body shows {internal:?}: {}",
            failed.text
        );
    }
    for body in [&wrong.text, &bad.text, &syntax.text] {
        assert!(!body.contains("SELECT") && !body.contains("sqlx"), "{body}");
    }

    server.stop();
    let logs = std::fs::read_to_string(&log).unwrap();
    assert!(!logs.contains('\x1b'), "colour codes in a log file");
    // Not vacuous: debug lines were written, and the cause of the 500 went to the log.
    assert!(logs.contains("DEBUG"), "no debug output captured");
    assert!(logs.contains("no such table"), "the 500's cause is logged");
    assert!(
        logs.lines().count() > 50,
        "only {} log lines",
        logs.lines().count()
    );
    for secret in &secrets {
        if let Some(line) = logs.lines().find(|l| l.contains(secret.as_str())) {
            panic!("the log holds {secret:?}: {line}");
        }
    }
    assert!(!logs.contains(" WARN "), "warnings in a normal run: {logs}");
}
