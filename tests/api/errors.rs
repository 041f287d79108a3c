use serde_json::json;
use xiangxian::domain::Role;

use crate::helpers::spawn_app;

#[tokio::test]
async fn malformed_json_wrong_types_and_unknown_fields_are_400_naming_the_problem() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let syntax = admin
        .send(
            admin
                .raw(reqwest::Method::POST, "/api/v1/users")
                .await
                .header("content-type", "application/json")
                .body("{\"username\": "),
        )
        .await;
    assert_eq!(syntax.status, 400);
    assert_eq!(syntax.error_code(), "bad_request");

    let wrong_type = admin
        .post(
            "/api/v1/users",
            json!({"username": 5, "password": "long enough pw", "role": "founder"}),
        )
        .await;
    assert_eq!(wrong_type.status, 400);
    assert_eq!(
        wrong_type.body["error"]["field"], "username",
        "{}",
        wrong_type.text
    );

    let unknown = admin.post("/api/v1/users", json!({"username": "u1", "password": "long enough pw", "role": "founder", "is_root": true})).await;
    assert_eq!(unknown.status, 400);
    assert_eq!(
        unknown.body["error"]["field"], "is_root",
        "{}",
        unknown.text
    );

    let no_type = admin
        .send(
            admin
                .raw(reqwest::Method::POST, "/api/v1/tokens")
                .await
                .body("{\"name\":\"x\"}"),
        )
        .await;
    assert_eq!(no_type.status, 400);
}

#[tokio::test]
async fn oversize_bodies_are_413_with_a_json_error() {
    let app = spawn_app().await;
    let c = app.login_as("big_sender", Role::Founder, None).await;
    let huge = "x".repeat(2 * 1024 * 1024);
    let r = c.post("/api/v1/tokens", json!({"name": huge})).await;
    assert_eq!(r.status, 413);
    assert_eq!(r.error_code(), "too_large");
}

#[tokio::test]
async fn unknown_routes_are_404_and_health_answers() {
    let app = spawn_app().await;
    let c = app.client();
    assert_eq!(c.get("/api/v1/nothing-here").await.status, 404);
    assert_eq!(c.get("/healthz").await.status, 200);
    let ready = c.get("/readyz").await;
    assert_eq!(ready.status, 200);
    assert_eq!(ready.body["database"], true);
    let mut c = c;
    c.bearer = Some(crate::helpers::METRICS_TOKEN.into());
    let metrics = c.get("/metrics").await;
    assert_eq!(metrics.status, 200);
    assert!(
        metrics.text.contains("http_requests_total"),
        "{}",
        metrics.text
    );
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let app = spawn_app().await;
    let r = app.client().get("/api/v1/chains").await;
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    assert!(
        r.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
    assert_eq!(r.headers["cache-control"], "no-store");
    assert!(r.headers.get("referrer-policy").is_some());
}
