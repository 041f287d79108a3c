//! API tokens (issue 12): expiry, `last_used_at`, no minting by token, and
//! death on a password change, a reset or disabling.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use xiangxian::domain::Role;
use xiangxian::entity::api_token;

use crate::helpers::{Client, PASSWORD, TestApp, spawn_app};

fn at(v: &serde_json::Value) -> DateTime<Utc> {
    v.as_str().unwrap().parse().unwrap()
}

async fn script(app: &TestApp, owner: &Client, name: &str) -> (i64, Client) {
    let r = owner.post("/api/v1/tokens", json!({"name": name})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let mut c = app.client();
    c.bearer = Some(r.body["token"].as_str().unwrap().to_owned());
    (r.body["id"].as_i64().unwrap(), c)
}

#[tokio::test]
async fn tokens_expire_after_the_days_asked_for_ninety_by_default_at_most_365() {
    let app = spawn_app().await;
    let c = app.login_as("scripter", Role::Staff, Some("4212")).await;
    let default = c.post("/api/v1/tokens", json!({"name": "a"})).await;
    assert_eq!(default.status, 201, "{}", default.text);
    let days = (at(&default.body["expires_at"]) - Utc::now()).num_days();
    assert!((89..=90).contains(&days), "{days}");
    let month = c
        .post(
            "/api/v1/tokens",
            json!({"name": "b", "expires_in_days": 30}),
        )
        .await;
    let days = (at(&month.body["expires_at"]) - Utc::now()).num_days();
    assert!((29..=30).contains(&days), "{days}");
    for bad in [0, 366, -1] {
        let r = c
            .post(
                "/api/v1/tokens",
                json!({"name": "c", "expires_in_days": bad}),
            )
            .await;
        assert_eq!(r.status, 400, "{bad}: {}", r.text);
        assert_eq!(r.body["error"]["field"], "expires_in_days");
    }
    let list = c.get("/api/v1/tokens").await;
    assert_eq!(list.body["total"], 2);
    assert!(list.body["items"][0]["expires_at"].is_string());
    assert!(list.body["items"][0]["last_used_at"].is_null());
}

#[tokio::test]
async fn using_a_token_records_when_it_was_last_used() {
    let app = spawn_app().await;
    let c = app.login_as("scripter", Role::Staff, Some("4212")).await;
    let (_, s) = script(&app, &c, "nightly").await;
    assert_eq!(s.get("/api/v1/auth/me").await.status, 200);
    let list = c.get("/api/v1/tokens").await;
    let used = at(&list.body["items"][0]["last_used_at"]);
    assert!(Utc::now() - used < Duration::minutes(1));
}

#[tokio::test]
async fn an_expired_token_is_refused_and_no_longer_listed() {
    let app = spawn_app().await;
    let c = app.login_as("scripter", Role::Staff, Some("4212")).await;
    let (id, s) = script(&app, &c, "old").await;
    api_token::Entity::update_many()
        .col_expr(
            api_token::Column::ExpiresAt,
            Expr::value(Utc::now() - Duration::minutes(1)),
        )
        .filter(api_token::Column::Id.eq(id))
        .exec(app.db.conn())
        .await
        .unwrap();
    assert_eq!(s.get("/api/v1/auth/me").await.status, 401);
    assert_eq!(c.get("/api/v1/tokens").await.body["total"], 0);
}

#[tokio::test]
async fn a_token_cannot_mint_tokens() {
    let app = spawn_app().await;
    let c = app.login_as("scripter", Role::Staff, Some("4212")).await;
    let (_, s) = script(&app, &c, "nightly").await;
    let r = s.post("/api/v1/tokens", json!({"name": "forever"})).await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert_eq!(r.error_code(), "forbidden");
    assert_eq!(c.get("/api/v1/tokens").await.body["total"], 1);
}

#[tokio::test]
async fn a_password_change_ends_every_token_of_the_user() {
    let app = spawn_app().await;
    let c = app.login_as("scripter", Role::Staff, Some("4212")).await;
    let (_, s) = script(&app, &c, "nightly").await;
    let r = c
        .post(
            "/api/v1/auth/password",
            json!({"current": PASSWORD, "new": "另一个足够长的口令-2027"}),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(s.get("/api/v1/auth/me").await.status, 401);
    assert_eq!(c.get("/api/v1/tokens").await.body["total"], 0);
}

#[tokio::test]
async fn a_password_reset_by_an_administrator_ends_every_token_of_the_user() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let id = app.create_user("scripter", Role::Staff, Some("4212")).await;
    let c = app.login("scripter", PASSWORD).await;
    let (_, s) = script(&app, &c, "nightly").await;
    let r = admin
        .patch(
            &format!("/api/v1/users/{id}"),
            json!({"password": "管理员重置的口令-2026"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(s.get("/api/v1/auth/me").await.status, 401);
    let revoked = api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(id))
        .all(app.db.conn())
        .await
        .unwrap();
    assert!(revoked.iter().all(|t| t.revoked_at.is_some()));
}
