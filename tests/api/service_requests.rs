//! 返乡创业综合服务中心: founders file, the county's staff take it, notices go
//! to the other side at every step, due dates count working days only.

use chrono::{TimeZone, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use xiangxian::domain::Role;
use xiangxian::entity::service_request;

use crate::fixtures::registered_founder;
use crate::helpers::{Client, TestApp, spawn_app};

async fn file(founder: &Client, kind: &str) -> Value {
    let r = founder
        .post(
            "/api/v1/service-requests",
            json!({"kind": kind, "summary": "想在通城高新区注册一家无线充电模组公司，需要办理流程指导"}),
        )
        .await;
    assert_eq!(r.status, 201, "file: {}", r.text);
    r.body
}

async fn notices(c: &Client, kind: &str) -> Vec<Value> {
    let r = c.get("/api/v1/notices").await;
    r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == kind)
        .cloned()
        .collect()
}

/// Audit events of this action on this kind of record.
pub async fn audited(app: &TestApp, action: &str, entity: &str) -> usize {
    use xiangxian::entity::audit_event;
    audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action))
        .filter(audit_event::Column::Entity.eq(entity))
        .all(app.db.conn())
        .await
        .unwrap()
        .len()
}

async fn backdate(app: &TestApp, id: i64, at: chrono::DateTime<Utc>) {
    service_request::Entity::update_many()
        .col_expr(service_request::Column::SubmittedAt, Expr::value(at))
        .filter(service_request::Column::Id.eq(id))
        .exec(app.db.conn())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_request_goes_submitted_accepted_resolved_and_rated_with_notices_to_each_side() {
    let app = spawn_app().await;
    let founder = registered_founder(&app, "huangxl", "黄小龙").await;
    let staff = app.login_as("tc_staff", Role::Staff, Some("421222")).await;
    let filed = file(&founder, "registration").await;
    let id = filed["id"].as_i64().unwrap();
    assert_eq!(filed["status"], "submitted");
    assert_eq!(filed["county_code"], "421222", "the founder's home county");
    assert_eq!(filed["founder_name"], "黄小龙");
    assert_eq!(notices(&staff, "service_request_filed").await.len(), 1);

    let path = format!("/api/v1/service-requests/{id}");
    let accepted = staff
        .patch(&path, json!({"status": "accepted", "note": "已受理"}))
        .await;
    assert_eq!(accepted.status, 200, "{}", accepted.text);
    assert_eq!(accepted.body["status_label"], "办理中");
    let early_rating = founder.patch(&path, json!({"rating": 5})).await;
    assert_eq!(early_rating.status, 409, "{}", early_rating.text);
    let resolved = staff
        .patch(
            &path,
            json!({"status": "resolved", "note": "营业执照已办结"}),
        )
        .await;
    assert_eq!(resolved.status, 200, "{}", resolved.text);
    assert!(resolved.body["handled_by"].as_i64().is_some());
    let told = notices(&founder, "service_request_decided").await;
    assert_eq!(told.len(), 2, "accepted and resolved: {told:?}");
    assert!(
        told[0]["message"]
            .as_str()
            .unwrap()
            .contains("营业执照已办结")
    );

    let rated = founder.patch(&path, json!({"rating": 4})).await;
    assert_eq!(rated.status, 200, "{}", rated.text);
    assert_eq!(rated.body["rating"], 4);
    assert_eq!(notices(&staff, "service_request_rated").await.len(), 1);
    let twice = founder.patch(&path, json!({"rating": 5})).await;
    assert_eq!(twice.status, 409);

    // A finished request moves no further, and the answer says what is allowed.
    let back = staff.patch(&path, json!({"status": "accepted"})).await;
    assert_eq!(back.status, 409, "{}", back.text);
    assert_eq!(back.error_code(), "invalid_transition");
    assert_eq!(audited(&app, "update", "service_request").await, 3);
    assert_eq!(audited(&app, "create", "service_request").await, 1);
}

#[tokio::test]
async fn staff_of_another_county_and_another_founder_see_nothing_and_act_on_nothing() {
    let app = spawn_app().await;
    let founder = registered_founder(&app, "huangxl", "黄小龙").await;
    let other = registered_founder(&app, "zhoumin", "周敏").await;
    let cy = app.login_as("cy_staff", Role::Staff, Some("421223")).await;
    let jsz = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    let id = file(&founder, "policy").await["id"].as_i64().unwrap();
    let missing = cy
        .patch(
            "/api/v1/service-requests/999999",
            json!({"status": "accepted"}),
        )
        .await;
    assert_eq!(missing.status, 404);
    let path = format!("/api/v1/service-requests/{id}");
    let acted = cy
        .patch(&path, json!({"status": "accepted", "note": "越权"}))
        .await;
    assert_eq!(acted.status, 404);
    assert_eq!(
        acted.text, missing.text,
        "out of scope looks like not found"
    );
    assert_eq!(cy.get("/api/v1/service-requests").await.body["total"], 0);
    let theirs = other.patch(&path, json!({"status": "withdrawn"})).await;
    assert_eq!(theirs.text, missing.text);
    let listed = other.get("/api/v1/service-requests").await;
    assert_eq!(listed.body["total"], 0, "{}", listed.text);
    assert!(!listed.text.contains("黄小龙"));
    assert_eq!(jsz.get("/api/v1/service-requests").await.status, 403);
    let page = cy.get(&format!("/service/{id}")).await;
    assert_eq!(page.status, 404);
    // Still untouched.
    let own = founder.get("/api/v1/service-requests").await;
    assert_eq!(own.body["items"][0]["status"], "submitted");
}

#[tokio::test]
async fn bad_service_input_is_refused_with_the_field_and_nothing_written() {
    let app = spawn_app().await;
    let founder = registered_founder(&app, "huangxl", "黄小龙").await;
    let staff = app.login_as("tc_staff", Role::Staff, Some("421222")).await;
    let by_staff = staff
        .post(
            "/api/v1/service-requests",
            json!({"kind": "policy", "summary": "员工代为提交的申请"}),
        )
        .await;
    assert_eq!(by_staff.status, 403, "{}", by_staff.text);
    assert!(by_staff.text.contains("创业者"), "{}", by_staff.text);
    let unknown = founder
        .post(
            "/api/v1/service-requests",
            json!({"kind": "tax_refund", "summary": "想了解退税政策怎么办理"}),
        )
        .await;
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.body["error"]["field"], "kind");
    assert_eq!(
        staff.get("/api/v1/service-requests").await.body["total"],
        0,
        "nothing half-written"
    );
    let id = file(&founder, "mentoring").await["id"].as_i64().unwrap();
    let path = format!("/api/v1/service-requests/{id}");
    for rating in [0, 6, -1] {
        let r = founder.patch(&path, json!({"rating": rating})).await;
        assert_eq!(r.status, 400, "{}", r.text);
        assert_eq!(r.body["error"]["field"], "rating");
    }
    let skip = staff.patch(&path, json!({"status": "resolved"})).await;
    assert_eq!(skip.status, 409, "{}", skip.text);
    assert!(
        skip.text.contains("accepted"),
        "names what is allowed: {}",
        skip.text
    );
    let no_reason = staff.patch(&path, json!({"status": "rejected"})).await;
    assert_eq!(no_reason.body["error"]["field"], "note");
    let withdrawn = founder.patch(&path, json!({"status": "withdrawn"})).await;
    assert_eq!(withdrawn.status, 200, "{}", withdrawn.text);
    assert_eq!(notices(&staff, "service_request_withdrawn").await.len(), 1);
}

#[tokio::test]
async fn a_request_filed_before_national_day_is_overdue_after_the_holiday_and_weekend() {
    let app = spawn_app().await;
    let founder = registered_founder(&app, "huangxl", "黄小龙").await;
    let staff = app.login_as("tc_staff", Role::Staff, Some("421222")).await;
    let late = file(&founder, "land").await["id"].as_i64().unwrap();
    let fresh = file(&founder, "financing").await["id"].as_i64().unwrap();
    // Wednesday 2026-09-30, 10:00 in 咸宁: 10-01..07 off, 10-10 (Sat) works, 10-11 (Sun) off.
    let filed = Utc.with_ymd_and_hms(2026, 9, 30, 2, 0, 0).unwrap();
    backdate(&app, late, filed).await;
    let all = staff.get("/api/v1/service-requests").await;
    let item = |id: i64| -> Value {
        all.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(item(late)["due_on"], "2026-10-13");
    assert_eq!(item(late)["overdue"], true);
    assert_eq!(item(fresh)["overdue"], false);
    let overdue = staff.get("/api/v1/service-requests?overdue=true").await;
    assert_eq!(overdue.body["total"], 1, "{}", overdue.text);
    assert_eq!(overdue.body["items"][0]["id"], late);
    let queue = staff.get("/service?overdue=yes").await;
    assert!(
        queue.text.contains(&format!("overdue-{late}")),
        "{}",
        queue.text
    );
    let dashboard = staff.get("/").await;
    assert!(
        dashboard.text.contains("id=\"service-overdue\">1<"),
        "{}",
        dashboard.text
    );
}

#[tokio::test]
async fn erasing_the_founder_redacts_their_requests_and_drops_their_memberships() {
    let app = spawn_app().await;
    let founder = registered_founder(&app, "huangxl", "黄小龙").await;
    let admin = app.admin().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some("421222")).await;
    let id = file(&founder, "land").await["id"].as_i64().unwrap();
    let me = founder.get("/api/v1/auth/me").await;
    let profile = me.body["user"]["profile_id"]
        .as_i64()
        .or_else(|| me.body["profile_id"].as_i64())
        .expect("founder's profile");
    let org = admin
        .post(
            "/api/v1/organizations",
            json!({"kind": "chamber", "name": "深圳咸宁商会", "region_code": "4212"}),
        )
        .await;
    let org = org.body["id"].as_i64().unwrap();
    let joined = admin
        .post(
            &format!("/api/v1/organizations/{org}/members"),
            json!({"profile_id": profile}),
        )
        .await;
    assert_eq!(joined.status, 201, "{}", joined.text);
    assert_eq!(founder.delete("/api/v1/me").await.status, 204);
    let seen = staff.get("/api/v1/service-requests").await;
    let item = &seen.body["items"][0];
    assert_eq!(item["id"], id);
    assert_eq!(item["summary"], "[已删除]");
    assert_eq!(item["status"], "withdrawn");
    assert!(!seen.text.contains("黄小龙"), "{}", seen.text);
    let org_view = admin.get(&format!("/api/v1/organizations/{org}")).await;
    assert_eq!(org_view.body["member_count"], 0);
}
