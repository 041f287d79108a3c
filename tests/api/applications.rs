//! Applications for openings: who applies, who sees and decides them, the
//! founder's notices, and the race for the last unit.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use futures::future::join_all;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::json;
use xiangxian::domain::Role;
use xiangxian::entity::{application, opening};

use crate::fixtures::{
    CHONGYANG, TONGCHENG, create_incubator, create_opening, desk, operator, registered_founder,
};
use crate::helpers::{Resp, spawn_app};

fn plan() -> serde_json::Value {
    json!({"plan": "无线充电模组设计工作室，首年 3 人", "team_size": 3, "area_needed_m2": 6})
}

#[tokio::test]
async fn a_founder_applies_is_reviewed_accepted_notified_and_moves_in() {
    let app = spawn_app().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let inc = create_incubator(&staff, "隽水创业孵化基地", TONGCHENG).await;
    let op = operator(&app, "jsh_operator", inc).await;
    let opening_id = create_opening(&op, inc, desk(5)).await["id"]
        .as_i64()
        .unwrap();
    let founder = registered_founder(&app, "huangxl", "黄小龙").await;

    let r = founder
        .post(
            &format!("/api/v1/openings/{opening_id}/applications"),
            plan(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["status"], "submitted");
    assert_eq!(r.body["founder_name"], "黄小龙");
    assert_eq!(r.body["incubator"], "隽水创业孵化基地");
    assert_eq!(r.body["subsidy_qualifies"], true, "{}", r.text);
    assert!(
        r.body["subsidy_reason"]
            .as_str()
            .unwrap()
            .contains("通城县")
    );
    // 300 元 a month → 120 元 a month, 1,440 元 a year.
    assert_eq!(r.body["subsidy_estimate"]["monthly_subsidy"], 120);
    assert_eq!(r.body["subsidy_estimate"]["years"][2]["subsidy"], 1440);
    let path = format!("/api/v1/applications/{}", r.body["id"]);

    let op_notices = op.get("/api/v1/notices").await;
    assert_eq!(op_notices.body["items"][0]["kind"], "application_submitted");
    assert_eq!(op.get("/api/v1/applications").await.body["total"], 1);
    assert_eq!(staff.get("/api/v1/applications").await.body["total"], 1);
    assert_eq!(founder.get("/api/v1/applications").await.body["total"], 1);

    let r = op.patch(&path, json!({"status": "reviewing"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let jump = op.patch(&path, json!({"status": "moved_in"})).await;
    assert_eq!(jump.status, StatusCode::BAD_REQUEST);
    assert_eq!(jump.body["error"]["field"], "status");
    let r = op
        .patch(
            &path,
            json!({"status": "accepted", "note": "请于 12 月 1 日前办理入驻"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["status_label"], "已录用");
    let o = founder.get(&format!("/api/v1/openings/{opening_id}")).await;
    assert_eq!(o.body["units_available"], 4);

    let notices = founder.get("/api/v1/notices").await;
    let first = &notices.body["items"][0];
    assert_eq!(first["kind"], "application_decided");
    let message = first["message"].as_str().unwrap();
    assert!(
        message.contains("已录用") && message.contains("12 月 1 日"),
        "{message}"
    );

    let r = staff.patch(&path, json!({"status": "moved_in"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(founder.get(&path).await.body["status"], "moved_in");
    assert_eq!(
        founder
            .patch(&path, json!({"status": "rejected"}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_rejection_is_notified_and_frees_the_founder_to_apply_again() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let inc = create_incubator(&admin, "隽水创业孵化基地", TONGCHENG).await;
    let opening_id = create_opening(&admin, inc, desk(5)).await["id"]
        .as_i64()
        .unwrap();
    let founder = app.login_as("founder", Role::Founder, None).await;
    let path = format!("/api/v1/openings/{opening_id}/applications");
    let apply = || founder.post(&path, plan());

    let first = apply().await;
    assert_eq!(first.status, StatusCode::CREATED);
    let again = apply().await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.error_code(), "duplicate");
    let path = format!("/api/v1/applications/{}", first.body["id"]);
    let r = admin
        .patch(
            &path,
            json!({"status": "rejected", "note": "场地需求与工位不符"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        founder.get("/api/v1/notices").await.body["items"][0]["kind"],
        "application_decided"
    );
    assert_eq!(
        admin
            .patch(&path, json!({"status": "accepted"}))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(apply().await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn only_founders_apply_with_valid_plans() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let inc = create_incubator(&admin, "隽水创业孵化基地", TONGCHENG).await;
    let opening_id = create_opening(&admin, inc, desk(5)).await["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/openings/{opening_id}/applications");
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    assert_eq!(
        staff.post(&path, plan()).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        admin.post(&path, plan()).await.status,
        StatusCode::FORBIDDEN
    );
    let founder = app.login_as("founder", Role::Founder, None).await;
    for (field, value) in [
        ("plan", json!("")),
        ("team_size", json!(0)),
        ("area_needed_m2", json!(-3)),
        ("status", json!("accepted")),
    ] {
        let mut body = plan();
        body[field] = value;
        let r = founder.post(&path, body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{field}: {}", r.text);
        assert_eq!(r.body["error"]["field"], field);
    }
    assert_eq!(
        founder
            .post("/api/v1/openings/999999/applications", plan())
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_founder_sees_only_their_own_applications() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let inc = create_incubator(&admin, "隽水创业孵化基地", TONGCHENG).await;
    let opening_id = create_opening(&admin, inc, desk(5)).await["id"]
        .as_i64()
        .unwrap();
    let alice = app.login_as("alice", Role::Founder, None).await;
    let bob = app.login_as("bob", Role::Founder, None).await;
    let mine = alice
        .post(
            &format!("/api/v1/openings/{opening_id}/applications"),
            plan(),
        )
        .await;
    let path = format!("/api/v1/applications/{}", mine.body["id"]);
    assert_eq!(alice.get(&path).await.status, StatusCode::OK);
    assert_eq!(bob.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        bob.patch(&path, json!({"status": "reviewing"}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(bob.get("/api/v1/applications").await.body["total"], 0);
    // Staff of another county and other operators do not see it either.
    let cy = app.login_as("cy_staff", Role::Staff, Some(CHONGYANG)).await;
    assert_eq!(cy.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        cy.patch(&path, json!({"status": "accepted"})).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(cy.get("/api/v1/applications").await.body["total"], 0);
    let other_inc = create_incubator(&admin, "另一家孵化器", TONGCHENG).await;
    let other_op = operator(&app, "other_op", other_inc).await;
    assert_eq!(other_op.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other_op.get("/api/v1/applications").await.body["total"], 0);
    let organizer = app
        .login_as("org", Role::Organizer, Some("421222100"))
        .await;
    assert_eq!(
        organizer.get("/api/v1/applications").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_subsidy_needs_an_eligible_opening_and_a_returning_founder() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let inc = create_incubator(&admin, "隽水创业孵化基地", TONGCHENG).await;
    let eligible = create_opening(&admin, inc, desk(5)).await["id"]
        .as_i64()
        .unwrap();
    let mut plain = desk(5);
    plain["subsidy_eligible"] = json!(false);
    let ineligible = create_opening(&admin, inc, plain).await["id"]
        .as_i64()
        .unwrap();
    let registered = registered_founder(&app, "returning", "回乡人").await;
    let anonymous = app.login_as("no_profile", Role::Founder, None).await;

    let r = registered
        .post(
            &format!("/api/v1/openings/{ineligible}/applications"),
            plan(),
        )
        .await;
    assert_eq!(r.body["subsidy_qualifies"], false);
    assert!(
        r.body["subsidy_reason"]
            .as_str()
            .unwrap()
            .contains("未纳入")
    );
    assert!(r.body["subsidy_estimate"].is_null());
    let r = anonymous
        .post(&format!("/api/v1/openings/{eligible}/applications"), plan())
        .await;
    assert_eq!(r.body["subsidy_qualifies"], false);
    assert!(r.body["subsidy_reason"].as_str().unwrap().contains("档案"));
    assert!(r.body["subsidy_estimate"].is_object());
}

#[tokio::test]
async fn twenty_concurrent_accepts_for_the_last_unit_leave_exactly_one_accepted() {
    let app = spawn_app().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let inc = create_incubator(&staff, "隽水创业孵化基地", TONGCHENG).await;
    let op = operator(&app, "jsh_operator", inc).await;
    let opening_id = create_opening(&op, inc, desk(1)).await["id"]
        .as_i64()
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..20 {
        let founder = app
            .create_user(&format!("founder{i:02}"), Role::Founder, None)
            .await;
        let now = chrono::Utc::now();
        let row = application::ActiveModel {
            opening_id: Set(opening_id),
            founder_user_id: Set(founder),
            plan: Set(format!("创业计划 {i}")),
            team_size: Set(2),
            area_needed_m2: Set(6.0),
            status: Set("reviewing".into()),
            note: Set(String::new()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(app.db.conn())
        .await
        .unwrap();
        ids.push(row.id);
    }

    let paths: Vec<String> = ids
        .iter()
        .map(|id| format!("/api/v1/applications/{id}"))
        .collect();
    let responses: Vec<Resp> = join_all(
        paths
            .iter()
            .map(|path| op.patch(path, json!({"status": "accepted"}))),
    )
    .await;
    let ok = responses
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    let no_units = responses
        .iter()
        .filter(|r| r.status == StatusCode::CONFLICT && r.error_code() == "no_units")
        .count();
    assert_eq!(
        (ok, no_units),
        (1, 19),
        "{:?}",
        responses.iter().map(|r| &r.text).collect::<Vec<_>>()
    );

    let o = opening::Entity::find_by_id(opening_id)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(o.units_available, 0);
    let accepted = application::Entity::find()
        .filter(application::Column::Status.eq("accepted"))
        .count(app.db.conn())
        .await
        .unwrap();
    assert_eq!(accepted, 1);
    let reviewing = application::Entity::find()
        .filter(application::Column::Status.eq("reviewing"))
        .count(app.db.conn())
        .await
        .unwrap();
    assert_eq!(reviewing, 19, "a refused accept changes nothing");

    // With no unit left, new applications are refused too.
    let late = app.login_as("late", Role::Founder, None).await;
    let r = late
        .post(
            &format!("/api/v1/openings/{opening_id}/applications"),
            plan(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.error_code(), "no_units");
    // Adding a unit to the opening frees one again.
    let r = op
        .patch(
            &format!("/api/v1/openings/{opening_id}"),
            json!({"units": 2}),
        )
        .await;
    assert_eq!(r.body["units_available"], 1, "{}", r.text);
}
