//! Surface (issue 12): `/metrics` behind a token or its own address, HSTS
//! behind HTTPS, and the Origin check skipped only for a real Bearer token.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use serde_json::json;
use xiangxian::domain::Role;

use crate::helpers::{METRICS_TOKEN, spawn_app, spawn_app_with};

#[tokio::test]
async fn metrics_need_the_metrics_token() {
    let app = spawn_app().await;
    let mut c = app.client();
    assert_eq!(c.get("/metrics").await.status, 401);
    c.bearer = Some("xxt_not-the-metrics-token".into());
    assert_eq!(c.get("/metrics").await.status, 401);
    c.bearer = Some(METRICS_TOKEN.into());
    let r = c.get("/metrics").await;
    assert_eq!(r.status, 200);
    assert!(r.text.contains("http_requests_total"), "{}", r.text);
}

#[tokio::test]
async fn without_a_token_or_a_separate_bind_metrics_are_not_served() {
    let app = spawn_app_with(|c| c.metrics_token = None).await;
    assert_eq!(app.client().get("/metrics").await.status, 404);
}

#[tokio::test]
async fn metrics_on_their_own_address_are_absent_from_the_public_one() {
    let app = spawn_app_with(|c| c.metrics_bind = Some("127.0.0.1:0".parse().unwrap())).await;
    let mut c = app.client();
    c.bearer = Some(METRICS_TOKEN.into());
    assert_eq!(c.get("/metrics").await.status, 404);
    let own = app.metrics_base.clone().unwrap();
    let r = reqwest::get(format!("{own}/metrics")).await.unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn strict_transport_security_only_with_secure_cookies() {
    let plain = spawn_app().await;
    let r = plain.client().get("/healthz").await;
    assert!(!r.headers.contains_key("strict-transport-security"));
    let https = spawn_app_with(|c| c.secure_cookies = true).await;
    let r = https.client().get("/healthz").await;
    let hsts = r.headers["strict-transport-security"].to_str().unwrap();
    assert!(hsts.starts_with("max-age=31536000"), "{hsts}");
}

#[tokio::test]
async fn a_bogus_authorization_header_beside_a_cookie_still_gets_the_origin_check() {
    let app = spawn_app().await;
    let c = app.login_as("victim", Role::Staff, Some("4212")).await;
    let req = c
        .raw(reqwest::Method::POST, "/api/v1/tokens")
        .await
        .header("origin", "https://evil.example")
        .header("authorization", "Bearer not-a-token")
        .json(&json!({"name": "stolen"}));
    let r = c.send(req).await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert_eq!(r.error_code(), "forbidden");

    // A real token from a script is not held to the browser's rule.
    let created = c.post("/api/v1/tokens", json!({"name": "script"})).await;
    let mut script = app.client();
    script.bearer = Some(created.body["token"].as_str().unwrap().to_owned());
    let req = script
        .raw(reqwest::Method::POST, "/api/v1/auth/logout")
        .await
        .header("origin", "https://elsewhere.example");
    let r = script.send(req).await;
    assert_eq!(r.status, 204, "{}", r.text);
}
