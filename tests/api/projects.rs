//! 项目库: create, read, edit, list; scope; versions; validation.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::StatusCode;
use serde_json::json;
use xiangxian::domain::Role;

use crate::fixtures::{CHONGYANG, TONGCHENG, create_project, project_body};
use crate::helpers::spawn_app;

#[tokio::test]
async fn staff_create_read_and_edit_a_project_of_their_county() {
    let app = spawn_app().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;

    let created = create_project(&staff, TONGCHENG).await;
    assert_eq!(created["title"], "无线充电接收端模组生产线");
    assert_eq!(created["segment"], "terminal.components");
    assert_eq!(created["chain"], "terminal");
    assert_eq!(created["county"], "通城县");
    assert_eq!(created["needs"], json!(["capital", "tech"]));
    assert_eq!(created["target_companies"], json!(["信维通信", "领益智造"]));
    assert_eq!(created["investment_wan"], 30000);
    assert_eq!(created["stage_label"], "招引中");
    assert_eq!(created["version"], 1);
    let id = created["id"].as_i64().unwrap();

    let shown = staff.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.body["park"], "通城高新区");

    let edited = staff
        .patch(
            &format!("/api/v1/projects/{id}"),
            json!({"stage": "negotiating", "investment_wan": 42000, "version": 1}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
    assert_eq!(edited.body["stage"], "negotiating");
    assert_eq!(edited.body["investment_wan"], 42000);
    assert_eq!(edited.body["title"], "无线充电接收端模组生产线");
    assert_eq!(edited.body["version"], 2);

    let actions: Vec<String> = app.audit_actions().await.into_iter().map(|a| a.0).collect();
    assert!(actions.contains(&"create".to_owned()) && actions.contains(&"update".to_owned()));
}

#[tokio::test]
async fn staff_of_one_county_neither_see_nor_create_projects_of_another() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let chongyang = create_project(&admin, CHONGYANG).await;
    let id = chongyang["id"].as_i64().unwrap();
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;

    assert_eq!(
        staff.get(&format!("/api/v1/projects/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let patch = staff
        .patch(
            &format!("/api/v1/projects/{id}"),
            json!({"title": "改名", "version": 1}),
        )
        .await;
    assert_eq!(patch.status, StatusCode::NOT_FOUND);
    let create = staff
        .post("/api/v1/projects", project_body(CHONGYANG))
        .await;
    assert_eq!(create.status, StatusCode::FORBIDDEN, "{}", create.text);
    let list = staff.get("/api/v1/projects").await;
    assert_eq!(list.body["total"], 0);

    // Moving one's own project into another county is also refused.
    let own = create_project(&staff, TONGCHENG).await;
    let moved = staff
        .patch(
            &format!("/api/v1/projects/{}", own["id"]),
            json!({"county_code": CHONGYANG, "version": 1}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::FORBIDDEN);

    // City staff act on every county.
    let city = app.login_as("city_staff", Role::Staff, Some("4212")).await;
    assert_eq!(
        city.get(&format!("/api/v1/projects/{id}")).await.status,
        StatusCode::OK
    );
    assert_eq!(city.get("/api/v1/projects").await.body["total"], 2);
}

#[tokio::test]
async fn organizers_and_founders_may_not_create_or_read_projects() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let id = create_project(&admin, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let organizer = app
        .login_as("org", Role::Organizer, Some("421222100"))
        .await;
    let founder = app.login_as("founder", Role::Founder, None).await;
    for client in [&organizer, &founder] {
        let r = client
            .post("/api/v1/projects", project_body(TONGCHENG))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(
            client.get(&format!("/api/v1/projects/{id}")).await.status,
            StatusCode::NOT_FOUND
        );
        // The library lists only public summaries to them: none here.
        let list = client.get("/api/v1/projects").await;
        assert_eq!(list.status, StatusCode::OK);
        assert_eq!(list.body["total"], 0, "{}", list.text);
    }
}

#[tokio::test]
async fn a_stale_version_is_409_and_a_missing_one_400() {
    let app = spawn_app().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let id = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/projects/{id}");
    assert_eq!(
        staff
            .patch(&path, json!({"title": "第一次修改", "version": 1}))
            .await
            .status,
        StatusCode::OK
    );
    let stale = staff
        .patch(&path, json!({"title": "第二次修改", "version": 1}))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.error_code(), "stale_version");
    let missing = staff.patch(&path, json!({"title": "没有版本号"})).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.body["error"]["field"], "version");
    assert_eq!(staff.get(&path).await.body["title"], "第一次修改");
}

#[tokio::test]
async fn of_two_concurrent_edits_of_the_same_version_exactly_one_wins() {
    let app = spawn_app().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let other = app
        .login_as("tc_staff2", Role::Staff, Some(TONGCHENG))
        .await;
    let id = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/projects/{id}");
    let (a, b) = tokio::join!(
        staff.patch(&path, json!({"title": "甲的修改", "version": 1})),
        other.patch(&path, json!({"title": "乙的修改", "version": 1})),
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{} / {}", a.text, b.text);
    let now = staff.get(&path).await;
    assert_eq!(now.body["version"], 2);
    let winner = if a.status == StatusCode::OK {
        "甲的修改"
    } else {
        "乙的修改"
    };
    assert_eq!(now.body["title"], winner);
}

#[tokio::test]
async fn bad_project_fields_are_400_naming_the_field() {
    let app = spawn_app().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let long_name = "公".repeat(51);
    let many: Vec<String> = (0..21).map(|i| format!("公司{i}")).collect();
    let cases = [
        ("title", json!("甲")),
        ("title", json!("长".repeat(101))),
        ("segment", json!("terminal")),
        ("segment", json!("blockchain.nft")),
        ("needs", json!(["capital", "luck"])),
        ("investment_wan", json!(-1)),
        ("investment_wan", json!(10_000_001)),
        ("investment_wan", json!("很多")),
        ("county_code", json!("421299")),
        ("county_code", json!("420100")),
        ("county_code", json!("421222100")),
        ("county_code", json!("abc")),
        ("stage", json!("dreaming")),
        ("target_companies", json!([long_name])),
        ("target_companies", json!(many)),
    ];
    for (field, value) in cases {
        let mut body = project_body(TONGCHENG);
        body[field] = value.clone();
        let r = staff.post("/api/v1/projects", body).await;
        assert_eq!(
            r.status,
            StatusCode::BAD_REQUEST,
            "{field}={value}: {}",
            r.text
        );
        assert_eq!(
            r.body["error"]["field"], field,
            "{field}={value}: {}",
            r.text
        );
    }
    let mut body = project_body(TONGCHENG);
    body.as_object_mut().unwrap().remove("title");
    let r = staff.post("/api/v1/projects", body).await;
    assert_eq!(r.body["error"]["field"], "title");
    let mut body = project_body(TONGCHENG);
    body["owner"] = json!(1);
    assert_eq!(
        staff.post("/api/v1/projects", body).await.body["error"]["field"],
        "owner"
    );
}

#[tokio::test]
async fn projects_are_listed_by_chain_county_stage_and_text() {
    let app = spawn_app().await;
    let city = app.login_as("city_staff", Role::Staff, Some("4212")).await;
    create_project(&city, TONGCHENG).await;
    let mut fiber = project_body(CHONGYANG);
    fiber["title"] = json!("特种光纤预制棒项目");
    fiber["segment"] = json!("optical.fiber");
    fiber["stage"] = json!("signed");
    fiber["description"] = json!("面向 5G 前传的光纤");
    assert_eq!(
        city.post("/api/v1/projects", fiber).await.status,
        StatusCode::CREATED
    );

    let total = |q: &'static str| {
        let city = &city;
        async move {
            let r = city.get(&format!("/api/v1/projects?{q}")).await;
            assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text);
            r.body["total"].as_u64().unwrap()
        }
    };
    assert_eq!(total("").await, 2);
    assert_eq!(total("chain=optical").await, 1);
    assert_eq!(total("chain=terminal.components").await, 1);
    assert_eq!(total("chain=terminal.devices").await, 0);
    assert_eq!(total("county=421223").await, 1);
    assert_eq!(total("stage=signed").await, 1);
    assert_eq!(total("q=光纤").await, 1);
    assert_eq!(total("q=5g").await, 1);
    assert_eq!(total("q=模组&county=421222").await, 1);
    assert_eq!(total("per_page=1&page=2").await, 2);
    let page = city.get("/api/v1/projects?per_page=1&page=2").await;
    assert_eq!(page.body["items"].as_array().unwrap().len(), 1);
    for (q, field) in [
        ("chain=web3", "chain"),
        ("county=4212", "county"),
        ("stage=x", "stage"),
        ("per_page=101", "per_page"),
    ] {
        let r = city.get(&format!("/api/v1/projects?{q}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}");
        assert_eq!(r.body["error"]["field"], field, "{q}");
    }
}
