//! `GET /api/v1/profiles/{id}/matches` (projects for a person) and
//! `GET /api/v1/openings/recommended` (openings for the calling founder).

use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::fixtures::{
    CHONGYANG, TONGCHENG, create_incubator, create_opening, desk, project_body, registered_founder,
};
use crate::helpers::{Client, TestApp, spawn_app};
use crate::matching::{create, person};

fn project_ids(body: &Value) -> Vec<i64> {
    body["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["project_id"].as_i64()).collect())
        .unwrap_or_default()
}

async fn new_project(client: &Client, changes: Value) -> i64 {
    let mut body = project_body(TONGCHENG);
    if let (Some(b), Some(c)) = (body.as_object_mut(), changes.as_object()) {
        for (k, v) in c {
            b.insert(k.clone(), v.clone());
        }
    }
    let r = client.post("/api/v1/projects", body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_i64().unwrap_or_default()
}

/// A person's matches once the index holds the person (the text part is then > 0).
async fn person_matches(app: &TestApp, client: &Client, id: i64) -> Value {
    let r =
        crate::search::settled_get(app, client, &format!("/api/v1/profiles/{id}/matches")).await;
    assert!(
        r.body["items"][0]["parts"]["text"].as_f64() > Some(0.0),
        "{}",
        r.text
    );
    r.body
}

#[tokio::test]
async fn open_projects_are_ranked_for_a_person_and_closed_ones_left_out() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let who = create(&admin, person("张伟", json!({}))).await;
    let fit = new_project(&admin, json!({})).await;
    let elsewhere = new_project(
        &admin,
        json!({"title": "光纤预制棒生产线", "segment": "optical.fiber", "description": "光纤预制棒与特种光纤",
               "county_code": CHONGYANG, "park": "", "target_companies": ["烽火通讯"]}),
    )
    .await;
    let signed = new_project(&admin, json!({"stage": "signed"})).await;
    let body = person_matches(&app, &admin, who).await;
    assert_eq!(project_ids(&body), vec![fit, elsewhere], "{body}");
    assert!(!project_ids(&body).contains(&signed));
    assert_eq!(body["total"], 2);
    let top = &body["items"][0];
    assert_eq!(top["title"], "无线充电接收端模组生产线");
    assert!(top["reasons"].to_string().contains("与项目同县"), "{top}");
    for key in [
        "project_id",
        "title",
        "score",
        "parts",
        "reasons",
        "missing",
    ] {
        assert!(!top[key].is_null(), "{key}: {top}");
    }
}

#[tokio::test]
async fn a_person_not_in_matching_gets_no_projects() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let shy = create(&admin, person("甲", json!({"consent_match": false}))).await;
    new_project(&admin, json!({})).await;
    let r = admin.get(&format!("/api/v1/profiles/{shy}/matches")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["total"], 0);
    assert!(
        r.body["notice"]
            .as_str()
            .is_some_and(|n| n.contains("未同意"))
    );
}

#[tokio::test]
async fn a_persons_matches_follow_who_may_read_the_profile() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let who = create(&admin, person("甲", json!({}))).await;
    let path = format!("/api/v1/profiles/{who}/matches");
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let org = app
        .login_as("tc_org", Role::Organizer, Some("421222100"))
        .await;
    assert_eq!(staff.get(&path).await.status, 200);
    assert_eq!(org.get(&path).await.status, 200);
    let other = app.login_as("cy_staff", Role::Staff, Some(CHONGYANG)).await;
    assert_eq!(other.get(&path).await.status, 404);
    let founder = registered_founder(&app, "huangxl", "黄小龙").await;
    assert_eq!(founder.get(&path).await.status, 404);
    // The person themself.
    let me = founder.get("/api/v1/auth/me").await;
    let own = me.body["user"]["profile_id"].as_i64().unwrap_or_default();
    let r = founder
        .get(&format!("/api/v1/profiles/{own}/matches"))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
}

async fn founder_with_chain(app: &crate::helpers::TestApp) -> Client {
    let founder = registered_founder(app, "huangxl", "黄小龙").await;
    let me = founder.get("/api/v1/auth/me").await;
    let own = me.body["user"]["profile_id"].as_i64().unwrap_or_default();
    let p = founder.get(&format!("/api/v1/profiles/{own}")).await;
    let r = founder
        .patch(
            &format!("/api/v1/profiles/{own}"),
            json!({"version": p.body["version"], "chains": ["software.iot"], "intents": ["startup"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    founder
}

#[tokio::test]
async fn openings_in_the_founders_field_and_home_county_come_first() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let home = create_incubator(&admin, "通城众创空间", TONGCHENG).await;
    let away = create_incubator(&admin, "崇阳孵化器", CHONGYANG).await;
    let mut other = desk(5);
    other["chains"] = json!(["display.lcd"]);
    other["subsidy_eligible"] = json!(false);
    let far = create_opening(&admin, away, other).await["id"]
        .as_i64()
        .unwrap_or_default();
    let near = create_opening(&admin, home, desk(5)).await["id"]
        .as_i64()
        .unwrap_or_default();
    let founder = founder_with_chain(&app).await;
    let r = founder.get("/api/v1/openings/recommended").await;
    assert_eq!(r.status, 200, "{}", r.text);
    let order: Vec<i64> = r.body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["opening_id"].as_i64())
        .collect();
    assert_eq!(order, vec![near, far], "{}", r.text);
    assert_eq!(r.body["total"], 2);
    let top = &r.body["items"][0];
    assert_eq!(top["incubator"], "通城众创空间");
    assert!(
        top["subsidy_estimate"]["total_subsidy"].is_number(),
        "{top}"
    );
    assert!(r.body["items"][1]["subsidy_estimate"].is_null());
    let reasons = top["reasons"].to_string();
    assert!(reasons.contains("位于您的家乡通城县"), "{reasons}");
    assert!(reasons.contains("返乡创业补贴"), "{reasons}");
    for part in ["chain", "county", "space", "rent", "available", "subsidy"] {
        assert!(top["parts"][part].is_number(), "{part}: {top}");
    }
}

#[tokio::test]
async fn the_area_of_the_latest_application_favours_a_space_of_that_size() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let inc = create_incubator(&admin, "通城众创空间", TONGCHENG).await;
    let small = create_opening(&admin, inc, desk(5)).await["id"]
        .as_i64()
        .unwrap_or_default();
    let mut office = desk(5);
    office["kind"] = json!("office");
    office["area_m2"] = json!(80);
    let big = create_opening(&admin, inc, office).await["id"]
        .as_i64()
        .unwrap_or_default();
    let founder = founder_with_chain(&app).await;
    let applied = founder
        .post(
            &format!("/api/v1/openings/{small}/applications"),
            json!({"plan": "物联网传感器研发", "team_size": 8, "area_needed_m2": 90}),
        )
        .await;
    assert_eq!(applied.status, 201, "{}", applied.text);
    let r = founder.get("/api/v1/openings/recommended").await;
    assert_eq!(r.body["items"][0]["opening_id"], big, "{}", r.text);
    assert!(
        r.body["items"][0]["parts"]["space"].as_f64()
            > r.body["items"][1]["parts"]["space"].as_f64()
    );
}

#[tokio::test]
async fn only_founders_get_recommended_openings() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let r = admin.get("/api/v1/openings/recommended").await;
    assert_eq!(r.status, 403, "{}", r.text);
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    assert_eq!(staff.get("/api/v1/openings/recommended").await.status, 403);
    assert_eq!(
        app.client()
            .get("/api/v1/openings/recommended")
            .await
            .status,
        401
    );
}
