use serde_json::json;
use xiangxian::domain::Role;

use crate::helpers::{PASSWORD, spawn_app};

#[tokio::test]
async fn login_sets_an_httponly_samesite_cookie_and_me_answers() {
    let app = spawn_app().await;
    app.create_user("tc_staff", Role::Staff, Some("421222"))
        .await;
    let c = app.client();
    let r = c
        .post(
            "/api/v1/auth/login",
            json!({"username": "tc_staff", "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["user"]["role"], "staff");
    assert_eq!(r.body["user"]["scope"], "421222");
    assert!(r.body["user"].get("password_hash").is_none());
    let cookie = r
        .headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("xx_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    let me = c.get("/api/v1/auth/me").await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["user"]["username"], "tc_staff");
}

#[tokio::test]
async fn unknown_user_and_wrong_password_answer_alike_and_are_audited() {
    let app = spawn_app().await;
    app.create_user("real_user", Role::Founder, None).await;
    let c = app.client();
    let wrong = c
        .post(
            "/api/v1/auth/login",
            json!({"username": "real_user", "password": "wrong password!"}),
        )
        .await;
    let unknown = c
        .post(
            "/api/v1/auth/login",
            json!({"username": "ghost", "password": "wrong password!"}),
        )
        .await;
    assert_eq!(wrong.status, 401);
    assert_eq!(unknown.status, 401);
    assert_eq!(wrong.text, unknown.text);
    let failed = app
        .audit_actions()
        .await
        .into_iter()
        .filter(|(a, _, _)| a == "login_failed")
        .count();
    assert_eq!(failed, 2);
}

#[tokio::test]
async fn login_rotates_the_session_id() {
    let app = spawn_app().await;
    app.create_user("rotator", Role::Founder, None).await;
    let c = app.client();
    let first = c
        .post(
            "/api/v1/auth/login",
            json!({"username": "rotator", "password": PASSWORD}),
        )
        .await;
    let second = c
        .post(
            "/api/v1/auth/login",
            json!({"username": "rotator", "password": PASSWORD}),
        )
        .await;
    let id = |r: &crate::helpers::Resp| {
        r.headers
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned()
    };
    assert_ne!(id(&first), id(&second));
}

#[tokio::test]
async fn logout_ends_the_session_at_once() {
    let app = spawn_app().await;
    let c = app.login_as("leaver", Role::Founder, None).await;
    assert_eq!(c.post("/api/v1/auth/logout", json!({})).await.status, 204);
    assert_eq!(c.get("/api/v1/auth/me").await.status, 401);
}

#[tokio::test]
async fn a_stale_or_forged_session_cookie_is_401() {
    let app = spawn_app().await;
    let http = reqwest::Client::new();
    let r = http
        .get(format!("{}/api/v1/auth/me", app.base))
        .header("cookie", "xx_session=AAAAAAAAAAAAAAAAAAAAAA")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
}

#[tokio::test]
async fn a_disabled_users_session_and_token_stop_working_at_once() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let id = app
        .create_user("soon_gone", Role::Staff, Some("421222"))
        .await;
    let user = app.login("soon_gone", PASSWORD).await;
    let token = user.post("/api/v1/tokens", json!({"name": "script"})).await;
    assert_eq!(token.status, 201);
    let mut script = app.client();
    script.bearer = Some(token.body["token"].as_str().unwrap().to_owned());
    assert_eq!(script.get("/api/v1/auth/me").await.status, 200);

    let r = admin
        .patch(&format!("/api/v1/users/{id}"), json!({"disabled": true}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(user.get("/api/v1/auth/me").await.status, 401);
    assert_eq!(script.get("/api/v1/auth/me").await.status, 401);
    let relogin = app
        .client()
        .post(
            "/api/v1/auth/login",
            json!({"username": "soon_gone", "password": PASSWORD}),
        )
        .await;
    assert_eq!(relogin.status, 401);
}

#[tokio::test]
async fn tokens_work_as_bearer_can_be_listed_and_revoked() {
    let app = spawn_app().await;
    let c = app.login_as("scripter", Role::Staff, Some("4212")).await;
    let created = c
        .post("/api/v1/tokens", json!({"name": "nightly export"}))
        .await;
    assert_eq!(created.status, 201);
    let token = created.body["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("xxt_"));
    let list = c.get("/api/v1/tokens").await;
    assert_eq!(list.body["total"], 1);
    assert!(list.body["items"][0].get("token_hash").is_none());
    assert!(!list.text.contains(&token));

    let mut script = app.client();
    script.bearer = Some(token.clone());
    let me = script.get("/api/v1/auth/me").await;
    assert_eq!(me.body["user"]["username"], "scripter");

    let id = created.body["id"].as_i64().unwrap();
    assert_eq!(c.delete(&format!("/api/v1/tokens/{id}")).await.status, 204);
    assert_eq!(script.get("/api/v1/auth/me").await.status, 401);
    assert_eq!(c.get("/api/v1/tokens").await.body["total"], 0);
}

#[tokio::test]
async fn someone_elses_token_cannot_be_revoked() {
    let app = spawn_app().await;
    let a = app.login_as("owner_a", Role::Founder, None).await;
    let b = app.login_as("owner_b", Role::Founder, None).await;
    let id = a.post("/api/v1/tokens", json!({"name": "a"})).await.body["id"]
        .as_i64()
        .unwrap();
    assert_eq!(b.delete(&format!("/api/v1/tokens/{id}")).await.status, 404);
    assert_eq!(a.get("/api/v1/tokens").await.body["total"], 1);
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions_but_keeps_this_one() {
    let app = spawn_app().await;
    let here = app.login_as("changer", Role::Founder, None).await;
    let elsewhere = app.login("changer", PASSWORD).await;
    let r = here
        .post(
            "/api/v1/auth/password",
            json!({"current": PASSWORD, "new": "一个全新的密码-2026"}),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(here.get("/api/v1/auth/me").await.status, 200);
    assert_eq!(elsewhere.get("/api/v1/auth/me").await.status, 401);
    app.login("changer", "一个全新的密码-2026").await;
}

#[tokio::test]
async fn a_weak_or_wrong_password_change_is_refused_with_the_field() {
    let app = spawn_app().await;
    let c = app.login_as("weak", Role::Founder, None).await;
    let wrong = c
        .post(
            "/api/v1/auth/password",
            json!({"current": "not it at all", "new": "another good one"}),
        )
        .await;
    assert_eq!(wrong.status, 400);
    assert_eq!(wrong.body["error"]["field"], "current");
    let common = c
        .post(
            "/api/v1/auth/password",
            json!({"current": PASSWORD, "new": "password123"}),
        )
        .await;
    assert_eq!(common.status, 400);
    assert_eq!(common.body["error"]["field"], "new");
    let short = c
        .post(
            "/api/v1/auth/password",
            json!({"current": PASSWORD, "new": "short"}),
        )
        .await;
    assert_eq!(short.body["error"]["field"], "new");
}

#[tokio::test]
async fn a_cross_site_origin_cannot_write_with_a_cookie() {
    let app = spawn_app().await;
    let c = app.login_as("victim", Role::Founder, None).await;
    let r = c
        .send(
            c.raw(reqwest::Method::POST, "/api/v1/tokens")
                .await
                .header("origin", "https://evil.example")
                .json(&json!({"name": "x"})),
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(c.get("/api/v1/tokens").await.body["total"], 0);
}
