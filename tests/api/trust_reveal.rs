//! Door 7: reveals take a purpose code, count toward a daily limit per user,
//! and the page does not reveal twice on a refresh.

use reqwest::StatusCode;
use serde_json::json;
use xiangxian::domain::Role;

use crate::fixtures::TONGCHENG_VILLAGE;
use crate::helpers::{Client, TestApp, spawn_app};
use crate::page_client::Browser;

async fn person(org: &Client) -> i64 {
    let r = org
        .post(
            "/api/v1/profiles",
            json!({"name": "欧阳明远", "hometown_code": TONGCHENG_VILLAGE,
                   "mobile": "13812345678", "wechat": "oymy_sz"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_i64().unwrap()
}

async fn reveals(app: &TestApp) -> Vec<String> {
    app.audit_actions()
        .await
        .into_iter()
        .filter(|(a, _, _)| a == "reveal")
        .map(|(_, _, d)| d)
        .collect()
}

#[tokio::test]
async fn a_reveal_needs_a_purpose_code_or_a_purpose_of_five_characters() {
    let app = spawn_app().await;
    let org = app
        .login_as("tc_org", Role::Organizer, Some("421222100"))
        .await;
    let id = person(&org).await;
    let path = format!("/api/v1/profiles/{id}/reveal");
    let short = org.post(&path, json!({"purpose": "ab"})).await;
    assert_eq!(short.status, 400, "{}", short.text);
    assert_eq!(short.body["error"]["field"], "purpose");
    let other_short = org
        .post(
            &path,
            json!({"purpose_code": "other", "purpose": "看看号码"}),
        )
        .await;
    assert_eq!(other_short.status, 400, "{}", other_short.text);
    let unknown = org.post(&path, json!({"purpose_code": "curious"})).await;
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.body["error"]["field"], "purpose_code");
    let coded = org.post(&path, json!({"purpose_code": "investment"})).await;
    assert_eq!(coded.status, 200, "{}", coded.text);
    assert_eq!(coded.body["mobile"], "13812345678");
    let legacy = org
        .post(&path, json!({"purpose": "核实返乡创业意向"}))
        .await;
    assert_eq!(legacy.status, 200, "{}", legacy.text);
    assert_eq!(
        reveals(&app).await,
        vec!["其他：核实返乡创业意向".to_owned(), "招商对接".to_owned()]
    );
}

#[tokio::test]
async fn the_51st_reveal_of_a_day_is_429_and_the_administrators_hear_of_it_once() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let org = app
        .login_as("tc_org", Role::Organizer, Some("421222100"))
        .await;
    let id = person(&org).await;
    let path = format!("/api/v1/profiles/{id}/reveal");
    for n in 1..=50 {
        let r = org.post(&path, json!({"purpose_code": "verify"})).await;
        assert_eq!(r.status, 200, "reveal {n}: {}", r.text);
    }
    let over = org.post(&path, json!({"purpose_code": "verify"})).await;
    assert_eq!(over.status, 429, "{}", over.text);
    assert_eq!(over.body["error"]["code"], "reveal_limit");
    assert!(over.body.get("mobile").is_none());
    let again = org.post(&path, json!({"purpose_code": "verify"})).await;
    assert_eq!(again.status, 429);
    assert_eq!(reveals(&app).await.len(), 50);
    let notices = admin.get("/api/v1/notices").await;
    let about: Vec<_> = notices.body["items"]
        .as_array()
        .or(notices.body.as_array())
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|n| n["kind"] == "reveal_limit")
        .collect();
    assert_eq!(about.len(), 1, "{}", notices.text);
}

#[tokio::test]
async fn the_limit_is_configurable() {
    let app = crate::helpers::spawn_app_with(|c| c.reveal_daily_limit = 2).await;
    let org = app
        .login_as("tc_org", Role::Organizer, Some("421222100"))
        .await;
    let id = person(&org).await;
    let path = format!("/api/v1/profiles/{id}/reveal");
    for _ in 0..2 {
        assert_eq!(
            org.post(&path, json!({"purpose_code": "event"}))
                .await
                .status,
            200
        );
    }
    assert_eq!(
        org.post(&path, json!({"purpose_code": "event"}))
            .await
            .status,
        429
    );
}

#[tokio::test]
async fn refreshing_the_page_after_a_reveal_does_not_reveal_again() {
    let app = spawn_app().await;
    app.create_user("tc_org", Role::Organizer, Some("421222100"))
        .await;
    let org = app.login("tc_org", crate::helpers::PASSWORD).await;
    let id = person(&org).await;
    let b = Browser::sign_in(&app, "tc_org").await;
    let page = b.get(&format!("/profiles/{id}")).await;
    assert!(page.html.contains("138****5678"));
    let posted = b
        .post(
            &format!("/profiles/{id}/reveal"),
            &page.csrf(),
            &[("purpose_code", "service"), ("purpose", "")],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.html);
    let shown = b.get(&format!("/profiles/{id}")).await;
    assert!(shown.html.contains("13812345678"), "{}", shown.html);
    let refreshed = b.get(&format!("/profiles/{id}")).await;
    assert!(!refreshed.html.contains("13812345678"));
    assert_eq!(reveals(&app).await, vec!["服务回访".to_owned()]);
}
