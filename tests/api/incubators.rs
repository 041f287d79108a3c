//! 孵化载体 and their openings: who may create and change them, validation,
//! and the opening search every signed-in user has.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::StatusCode;
use serde_json::json;
use xiangxian::domain::Role;

use crate::fixtures::{CHONGYANG, TONGCHENG, create_incubator, create_opening, desk, operator};
use crate::helpers::spawn_app;

#[tokio::test]
async fn staff_create_incubators_in_their_county_only() {
    let app = spawn_app().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let body = json!({"name": "通城县众创空间", "kind": "maker_space", "level": "national",
                      "county_code": TONGCHENG, "park": "通城高新区", "address": "……", "chains": ["software", "terminal.devices"]});
    let r = staff.post("/api/v1/incubators", body.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["kind_label"], "众创空间");
    assert_eq!(r.body["level_label"], "国家级");
    assert_eq!(r.body["county"], "通城县");
    assert_eq!(r.body["chains"], json!(["software", "terminal.devices"]));

    let mut elsewhere = body.clone();
    elsewhere["county_code"] = json!(CHONGYANG);
    assert_eq!(
        staff.post("/api/v1/incubators", elsewhere).await.status,
        StatusCode::FORBIDDEN
    );
    let organizer = app
        .login_as("org", Role::Organizer, Some("421222100"))
        .await;
    assert_eq!(
        organizer
            .post("/api/v1/incubators", body.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let founder = app.login_as("founder", Role::Founder, None).await;
    assert_eq!(
        founder.post("/api/v1/incubators", body).await.status,
        StatusCode::FORBIDDEN
    );
    // Everyone signed in may browse them.
    let list = founder.get("/api/v1/incubators?county=421222").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body["total"], 1);
    assert_eq!(
        founder.get("/api/v1/incubators?q=众创").await.body["total"],
        1
    );
    assert_eq!(
        app.client().get("/api/v1/incubators").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn bad_incubator_fields_are_400_naming_the_field() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for (field, value) in [
        ("name", json!("")),
        ("kind", json!("garage")),
        ("level", json!("galactic")),
        ("county_code", json!("421299")),
        ("county_code", json!("110101")),
        ("chains", json!(["software.web3"])),
        ("address", json!("址".repeat(201))),
    ] {
        let mut body = json!({"name": "测试孵化器", "kind": "incubator", "county_code": TONGCHENG});
        body[field] = value;
        let r = admin.post("/api/v1/incubators", body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{field}: {}", r.text);
        assert_eq!(r.body["error"]["field"], field, "{}", r.text);
    }
}

#[tokio::test]
async fn an_operator_keeps_their_own_incubator_and_its_openings_only() {
    let app = spawn_app().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let own = create_incubator(&staff, "隽水创业孵化基地", TONGCHENG).await;
    let other = create_incubator(&staff, "另一家孵化器", TONGCHENG).await;
    let op = operator(&app, "jsh_operator", own).await;

    let r = op
        .patch(
            &format!("/api/v1/incubators/{own}"),
            json!({"address": "隽水镇新址 8 号", "version": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["address"], "隽水镇新址 8 号");
    assert_eq!(r.body["version"], 2);
    let stale = op
        .patch(
            &format!("/api/v1/incubators/{own}"),
            json!({"park": "x", "version": 1}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let moved = op
        .patch(
            &format!("/api/v1/incubators/{own}"),
            json!({"county_code": CHONGYANG}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::FORBIDDEN);
    assert_eq!(
        op.patch(&format!("/api/v1/incubators/{other}"), json!({"park": "x"}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let opening = create_opening(&op, own, desk(20)).await;
    assert_eq!(opening["incubator"], "隽水创业孵化基地");
    assert_eq!(opening["units_available"], 20);
    assert_eq!(opening["kind_label"], "工位");
    let forbidden = op
        .post(&format!("/api/v1/incubators/{other}/openings"), desk(1))
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let staffs = create_opening(&staff, other, desk(2)).await;
    let path = format!("/api/v1/openings/{}", staffs["id"]);
    assert_eq!(
        op.patch(&path, json!({"monthly_rent": 1})).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(op.delete(&path).await.status, StatusCode::FORBIDDEN);

    let own_path = format!("/api/v1/openings/{}", opening["id"]);
    let r = op
        .patch(&own_path, json!({"monthly_rent": 280, "units": 25}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["monthly_rent"], 280.0);
    assert_eq!(r.body["units"], 25);
    assert_eq!(r.body["units_available"], 25);
    assert_eq!(op.delete(&own_path).await.status, StatusCode::NO_CONTENT);
    assert_eq!(op.get(&own_path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(op.get("/api/v1/openings").await.body["total"], 1);

    // Staff of another county may not touch it.
    let cy = app.login_as("cy_staff", Role::Staff, Some(CHONGYANG)).await;
    assert_eq!(
        cy.patch(&format!("/api/v1/incubators/{own}"), json!({"park": "x"}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        cy.post(&format!("/api/v1/incubators/{own}/openings"), desk(1))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn bad_opening_fields_are_400_naming_the_field() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let inc = create_incubator(&admin, "字段校验孵化器", TONGCHENG).await;
    for (field, value) in [
        ("kind", json!("garage")),
        ("title", json!("")),
        ("area_m2", json!(0.5)),
        ("area_m2", json!(100_001)),
        ("area_m2", json!("大")),
        ("units", json!(0)),
        ("units", json!(10_001)),
        ("monthly_rent", json!(-1)),
        ("monthly_rent", json!(10_000_001)),
        ("available_from", json!("明年")),
        ("available_from", json!("2026-02-30")),
        ("chains", json!(["nothing"])),
        ("subsidy_eligible", json!("yes")),
    ] {
        let mut body = desk(1);
        body[field] = value.clone();
        let r = admin
            .post(&format!("/api/v1/incubators/{inc}/openings"), body)
            .await;
        assert_eq!(
            r.status,
            StatusCode::BAD_REQUEST,
            "{field}={value}: {}",
            r.text
        );
        assert_eq!(r.body["error"]["field"], field, "{}", r.text);
    }
    let mut body = desk(1);
    body.as_object_mut().unwrap().remove("area_m2");
    let r = admin
        .post(&format!("/api/v1/incubators/{inc}/openings"), body)
        .await;
    assert_eq!(r.body["error"]["field"], "area_m2");
}

#[tokio::test]
async fn openings_are_searched_by_text_county_chain_kind_area_and_rent() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let tc = create_incubator(&admin, "隽水创业孵化基地", TONGCHENG).await;
    let cy = create_incubator(&admin, "崇阳光谷孵化器", CHONGYANG).await;
    create_opening(&admin, tc, desk(10)).await;
    create_opening(
        &admin,
        tc,
        json!({"kind": "office", "title": "独立办公室 A", "area_m2": 80, "units": 2, "monthly_rent": 3200,
               "available_from": "2027-01-01", "chains": ["software"], "subsidy_eligible": false}),
    )
    .await;
    create_opening(
        &admin,
        cy,
        json!({"kind": "plant", "title": "标准厂房", "area_m2": 2000, "units": 1, "monthly_rent": 40000,
               "available_from": "2026-12-01", "chains": ["optical.fiber"], "subsidy_eligible": true}),
    )
    .await;
    let gone = create_opening(&admin, cy, desk(3)).await;
    admin
        .delete(&format!("/api/v1/openings/{}", gone["id"]))
        .await;

    let founder = app.login_as("founder", Role::Founder, None).await;
    let total = |q: &'static str| {
        let founder = &founder;
        async move {
            let r = founder.get(&format!("/api/v1/openings?{q}")).await;
            assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text);
            r.body["total"].as_u64().unwrap()
        }
    };
    assert_eq!(total("").await, 3);
    assert_eq!(total("q=厂房").await, 1);
    assert_eq!(total("q=隽水").await, 2, "incubator name");
    assert_eq!(total("q=通城高新区").await, 2, "park");
    assert_eq!(total("county=421223").await, 1);
    assert_eq!(total("chain=software").await, 2);
    assert_eq!(
        total("chain=software.iot").await,
        2,
        "a whole-chain opening serves its segments"
    );
    assert_eq!(total("chain=software.security").await, 1);
    assert_eq!(total("chain=optical").await, 1);
    assert_eq!(total("kind=office").await, 1);
    assert_eq!(total("min_area=50").await, 2);
    assert_eq!(total("max_rent=3200").await, 2);
    assert_eq!(total("min_area=50&max_rent=5000&county=421222").await, 1);

    let plant = founder.get("/api/v1/openings?kind=plant").await;
    let estimate = &plant.body["items"][0]["subsidy_estimate"];
    // 40,000 元 rent → 16,000 元 a month, capped at 50,000 元 each of 3 years.
    assert_eq!(estimate["years"].as_array().unwrap().len(), 3);
    assert_eq!(estimate["years"][0]["subsidy"], 50000);
    assert_eq!(estimate["years"][0]["capped"], true);
    assert_eq!(estimate["total_subsidy"], 150000);
    let office = founder.get("/api/v1/openings?kind=office").await;
    assert!(office.body["items"][0]["subsidy_estimate"].is_null());

    for (q, field) in [
        ("min_area=-1", "min_area"),
        ("min_area=abc", "min_area"),
        ("max_rent=1e12", "max_rent"),
        ("kind=garage", "kind"),
        ("chain=x", "chain"),
        ("county=42", "county"),
    ] {
        let r = founder.get(&format!("/api/v1/openings?{q}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}");
        assert_eq!(r.body["error"]["field"], field, "{q}: {}", r.text);
    }
}
