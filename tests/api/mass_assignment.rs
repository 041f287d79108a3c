//! Mass assignment: fields a caller may not set — their own role, `verified`,
//! owners, `created_by`, `version` on create, an incubator's operators — and
//! unknown fields are refused, and the refused request changes nothing (the
//! whole database but sessions and the audit log is compared before and after).
#![allow(clippy::unwrap_used)] // a test should fail loudly

use sea_orm::{DatabaseBackend, FromQueryResult, JsonValue, Statement};
use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::fixtures::{
    TONGCHENG, TONGCHENG_VILLAGE, create_incubator, create_opening, create_project, desk, operator,
    project_body, registered_founder, shortlist,
};
use crate::helpers::{Client, PASSWORD, TestApp, spawn_app};

/// Every table a request could change, except sessions and the audit log
/// (a refusal is audited, which is a write we want).
const TABLES: [&str; 12] = [
    "users",
    "profiles",
    "api_tokens",
    "claim_codes",
    "associations",
    "projects",
    "pipeline_entries",
    "pipeline_contacts",
    "incubators",
    "openings",
    "applications",
    "notices",
];

async fn snapshot(app: &TestApp) -> Vec<Vec<JsonValue>> {
    let backend: DatabaseBackend = app.db.backend();
    let mut all = Vec::new();
    for table in TABLES {
        let sql = format!("SELECT * FROM {table} ORDER BY id");
        let rows = JsonValue::find_by_statement(Statement::from_string(backend, sql))
            .all(app.db.conn())
            .await
            .unwrap();
        all.push(rows);
    }
    all.push(
        JsonValue::find_by_statement(Statement::from_string(
            backend,
            "SELECT count(*) AS n FROM search_changes".to_owned(),
        ))
        .all(app.db.conn())
        .await
        .unwrap(),
    );
    all
}

async fn version(c: &Client, path: &str) -> i64 {
    c.get(path).await.body["version"].as_i64().unwrap()
}

fn with(base: &Value, extra: Value) -> Value {
    let mut merged = base.clone();
    for (k, v) in extra.as_object().unwrap() {
        merged[k] = v.clone();
    }
    merged
}

/// Sends the request, expects `status` (and for 400 the offending `field`),
/// and checks that nothing changed.
async fn refused(
    app: &TestApp,
    c: &Client,
    method: reqwest::Method,
    path: &str,
    body: Value,
    status: u16,
    field: &str,
) {
    let before = snapshot(app).await;
    let r = c.send(c.raw(method.clone(), path).await.json(&body)).await;
    assert_eq!(r.status, status, "{method} {path} {body}: {}", r.text);
    if status == 400 {
        assert_eq!(
            r.body["error"]["field"], field,
            "{method} {path}: {}",
            r.text
        );
    }
    assert!(
        before == snapshot(app).await,
        "{method} {path} {body} changed the database"
    );
}

const PATCH: reqwest::Method = reqwest::Method::PATCH;
const POST: reqwest::Method = reqwest::Method::POST;

#[tokio::test]
async fn nobody_sets_their_own_role_scope_or_account_fields() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let founder = registered_founder(&app, "founder_a", "欧阳明珠").await;
    let me = founder.get("/api/v1/auth/me").await.body["user"].clone();
    let (uid, pid) = (
        me["id"].as_i64().unwrap(),
        me["profile_id"].as_i64().unwrap(),
    );
    let profile = format!("/api/v1/profiles/{pid}");
    let v = version(&founder, &profile).await;

    refused(
        &app,
        &founder,
        PATCH,
        &format!("/api/v1/users/{uid}"),
        json!({"role": "admin"}),
        403,
        "",
    )
    .await;
    refused(
        &app,
        &founder,
        PATCH,
        &profile,
        json!({"version": v, "role": "admin"}),
        400,
        "role",
    )
    .await;
    refused(
        &app,
        &founder,
        POST,
        "/api/v1/auth/password",
        json!({"current": PASSWORD, "new": "another good pass 2026", "role": "admin"}),
        400,
        "role",
    )
    .await;
    refused(
        &app,
        &founder,
        POST,
        "/api/v1/tokens",
        json!({"name": "x", "scope": "4212"}),
        400,
        "scope",
    )
    .await;
    let signup = json!({"username": "newcomer", "password": PASSWORD, "name": "新来乡贤",
                        "hometown_code": TONGCHENG_VILLAGE});
    for (field, value) in [
        ("role", json!("admin")),
        ("scope", json!("4212")),
        ("verified", json!(true)),
        ("incubator_id", json!(1)),
        ("disabled", json!(false)),
    ] {
        let body = with(&signup, json!({ field: value }));
        refused(
            &app,
            &app.client(),
            POST,
            "/api/v1/auth/register",
            body,
            400,
            field,
        )
        .await;
    }
    let staff_id = app
        .create_user("tc_staff", Role::Staff, Some(TONGCHENG))
        .await;
    let staff = app.login("tc_staff", PASSWORD).await;
    refused(
        &app,
        &staff,
        PATCH,
        &format!("/api/v1/users/{staff_id}"),
        json!({"role": "admin", "scope": null}),
        403,
        "",
    )
    .await;
    let admin_id = admin.get("/api/v1/auth/me").await.body["user"]["id"]
        .as_i64()
        .unwrap();
    refused(
        &app,
        &admin,
        PATCH,
        &format!("/api/v1/users/{admin_id}"),
        json!({"role": "staff", "scope": TONGCHENG}),
        403,
        "",
    )
    .await;
    refused(&app, &admin, POST, "/api/v1/users",
        json!({"username": "u2", "password": PASSWORD, "role": "staff", "scope": TONGCHENG, "auth_epoch": 0}),
        400, "auth_epoch").await;
}

#[tokio::test]
async fn verified_owner_created_by_and_version_cannot_be_set_on_profiles() {
    let app = spawn_app().await;
    let org = app
        .login_as("org", Role::Organizer, Some("421222100"))
        .await;
    let founder = registered_founder(&app, "founder_a", "欧阳明珠").await;
    let other = registered_founder(&app, "founder_b", "司马青山").await;
    let other_id = other.get("/api/v1/auth/me").await.body["user"]["id"]
        .as_i64()
        .unwrap();
    let base = json!({"name": "新乡贤", "hometown_code": TONGCHENG_VILLAGE});
    for (field, value) in [
        ("verified", json!(true)),
        ("owner_user_id", json!(other_id)),
        ("owner_id", json!(other_id)),
        ("created_by", json!(1)),
        ("version", json!(7)),
        ("consent_by", json!(1)),
        ("deleted_at", json!(null)),
    ] {
        refused(
            &app,
            &org,
            POST,
            "/api/v1/profiles",
            with(&base, json!({ field: value })),
            400,
            field,
        )
        .await;
    }
    let pid = founder.get("/api/v1/auth/me").await.body["user"]["profile_id"]
        .as_i64()
        .unwrap();
    let profile = format!("/api/v1/profiles/{pid}");
    let v = version(&founder, &profile).await;
    for (field, value) in [
        ("verified", json!(true)),
        ("owner_user_id", json!(other_id)),
        ("merged_into", json!(1)),
        ("created_by", json!(other_id)),
        ("tier", json!("renowned")),
    ] {
        refused(
            &app,
            &founder,
            PATCH,
            &profile,
            json!({"version": v, field: value}),
            400,
            field,
        )
        .await;
    }
    refused(
        &app,
        &founder,
        POST,
        &format!("{profile}/consent"),
        json!({"consent_match": true, "consent_by": other_id}),
        400,
        "consent_by",
    )
    .await;
    refused(
        &app,
        &org,
        POST,
        &format!("{profile}/reveal"),
        json!({"purpose": "项目对接", "audit": false}),
        400,
        "audit",
    )
    .await;
}

#[tokio::test]
async fn projects_incubators_openings_and_applications_refuse_what_the_caller_may_not_set() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let incubator = create_incubator(&admin, "通城高新区众创空间", TONGCHENG).await;
    let elsewhere = create_incubator(&admin, "崇阳县创业孵化基地", "421223").await;
    let op = operator(&app, "operator1", incubator).await;
    let op_id = op.get("/api/v1/auth/me").await.body["user"]["id"]
        .as_i64()
        .unwrap();
    let opening = create_opening(&admin, incubator, desk(5)).await["id"]
        .as_i64()
        .unwrap();
    let founder = registered_founder(&app, "founder_a", "欧阳明珠").await;

    let project = project_body(TONGCHENG);
    for (field, value) in [
        ("version", json!(3)),
        ("created_by", json!(1)),
        ("owner_id", json!(1)),
    ] {
        refused(
            &app,
            &staff,
            POST,
            "/api/v1/projects",
            with(&project, json!({ field: value })),
            400,
            field,
        )
        .await;
    }
    let incubator_body = json!({"name": "隽水创业孵化基地", "kind": "startup_base", "level": "municipal",
        "county_code": TONGCHENG, "park": "", "address": "隽水镇 1 号", "chains": ["software"]});
    for (field, value) in [
        ("version", json!(2)),
        ("operator_id", json!(op_id)),
        ("operators", json!([op_id])),
    ] {
        refused(
            &app,
            &staff,
            POST,
            "/api/v1/incubators",
            with(&incubator_body, json!({ field: value })),
            400,
            field,
        )
        .await;
    }
    // An operator cannot make themself the operator of another incubator, nor add operators.
    refused(
        &app,
        &op,
        PATCH,
        &format!("/api/v1/users/{op_id}"),
        json!({"incubator_id": elsewhere}),
        403,
        "",
    )
    .await;
    refused(
        &app,
        &op,
        PATCH,
        &format!("/api/v1/incubators/{incubator}"),
        json!({"operators": [1]}),
        400,
        "operators",
    )
    .await;
    refused(
        &app,
        &op,
        PATCH,
        &format!("/api/v1/openings/{opening}"),
        json!({"units_available": 99}),
        400,
        "units_available",
    )
    .await;
    refused(
        &app,
        &op,
        PATCH,
        &format!("/api/v1/openings/{opening}"),
        json!({"incubator_id": elsewhere}),
        400,
        "incubator_id",
    )
    .await;

    let apply = format!("/api/v1/openings/{opening}/applications");
    for (field, value) in [
        ("status", json!("accepted")),
        ("founder_user_id", json!(op_id)),
        ("profile_id", json!(1)),
    ] {
        refused(
            &app,
            &founder,
            POST,
            &apply,
            json!({"plan": "物联网网关", field: value}),
            400,
            field,
        )
        .await;
    }
    let applied = founder.post(&apply, json!({"plan": "物联网网关"})).await;
    assert_eq!(applied.status, 201, "{}", applied.text);
    let decide = format!("/api/v1/applications/{}", applied.body["id"]);
    refused(
        &app,
        &op,
        PATCH,
        &decide,
        json!({"status": "reviewing", "decided_by": 1}),
        400,
        "decided_by",
    )
    .await;
    refused(
        &app,
        &founder,
        PATCH,
        &decide,
        json!({"status": "accepted"}),
        403,
        "",
    )
    .await;

    let created = create_project(&admin, TONGCHENG).await;
    let person = crate::fixtures::create_profile(&admin, "张伟", true, true).await;
    let entry = shortlist(&staff, created["id"].as_i64().unwrap(), person).await;
    let entry = format!("/api/v1/pipeline/{}", entry.body["id"]);
    refused(
        &app,
        &staff,
        PATCH,
        &entry,
        json!({"note": "x", "profile_id": 1}),
        400,
        "profile_id",
    )
    .await;
    refused(
        &app,
        &staff,
        PATCH,
        &entry,
        json!({"note": "x", "created_by": 1}),
        400,
        "created_by",
    )
    .await;
}
