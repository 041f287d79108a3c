//! Self-registration (issue 12): the draft waits unlisted for an organizer's
//! verification, and each address may register only a few times an hour.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use serde_json::json;
use xiangxian::domain::Role;

use crate::fixtures::TONGCHENG_VILLAGE;
use crate::helpers::{PASSWORD, spawn_app, spawn_app_with};

fn founder(username: &str) -> serde_json::Value {
    json!({"username": username, "password": PASSWORD, "name": "周晓燕",
           "hometown_code": TONGCHENG_VILLAGE})
}

#[tokio::test]
async fn a_self_registered_profile_is_unlisted_until_an_organizer_verifies_it() {
    let app = spawn_app().await;
    let c = app.client();
    let r = c.post("/api/v1/auth/register", founder("zhouxy")).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["profile"]["listed"], false, "{}", r.text);
    let id = r.body["profile"]["id"].as_i64().unwrap();

    // The founder cannot list it themself.
    let me = c.get(&format!("/api/v1/profiles/{id}")).await;
    let version = me.body["version"].clone();
    let r = c
        .patch(
            &format!("/api/v1/profiles/{id}"),
            json!({"version": version, "listed": true}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["listed"], false, "{}", r.text);

    let organizer = app
        .login_as(
            "village_org",
            Role::Organizer,
            Some(&TONGCHENG_VILLAGE[..9]),
        )
        .await;
    let r = organizer
        .post(&format!("/api/v1/profiles/{id}/verify"), json!({}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["listed"], true, "{}", r.text);
    assert_eq!(r.body["verified"], true);
}

#[tokio::test]
async fn registration_is_limited_per_address() {
    let app = spawn_app_with(|c| c.registrations_per_hour = 2).await;
    // A refusal for its content does not count.
    let mut bad = founder("third_one");
    bad["hometown_code"] = json!("999");
    let r = app.client().post("/api/v1/auth/register", bad).await;
    assert_eq!(r.status, 400, "{}", r.text);
    for name in ["first_one", "second_one"] {
        let r = app
            .client()
            .post("/api/v1/auth/register", founder(name))
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let r = app
        .client()
        .post("/api/v1/auth/register", founder("third_one"))
        .await;
    assert_eq!(r.status, 429, "{}", r.text);
    assert_eq!(r.error_code(), "too_many_requests");
    assert!(r.headers.contains_key("retry-after"));
}
