//! Records the project, pipeline, incubator and application tests build on.

use reqwest::StatusCode;
use serde_json::{Value, json};
use xiangxian::domain::Role;
use xiangxian::service::audit::Ctx;
use xiangxian::service::user::{self, CreateUserReq};

use crate::helpers::{Client, PASSWORD, Resp, TestApp};

/// 通城县, 崇阳县 and a village of 通城县.
pub const TONGCHENG: &str = "421222";
pub const CHONGYANG: &str = "421223";
pub const TONGCHENG_VILLAGE: &str = "421222100201";

/// A valid project body in `county`.
pub fn project_body(county: &str) -> Value {
    json!({
        "title": "无线充电接收端模组生产线", "segment": "terminal.components",
        "description": "年产 3000 万套无线充电接收端模组", "needs": ["capital", "tech"],
        "county_code": county, "park": "通城高新区", "investment_wan": 30000,
        "stage": "attracting", "target_companies": ["信维通信", "领益智造"]
    })
}

/// Creates a project and returns its JSON.
pub async fn create_project(client: &Client, county: &str) -> Value {
    let r = client.post("/api/v1/projects", project_body(county)).await;
    assert_eq!(r.status, StatusCode::CREATED, "create project: {}", r.text);
    r.body
}

/// Creates a profile as an administrator; returns its id.
pub async fn create_profile(admin: &Client, name: &str, consent: bool, listed: bool) -> i64 {
    let r = admin
        .post(
            "/api/v1/profiles",
            json!({"name": name, "hometown_code": TONGCHENG_VILLAGE, "consent_match": consent,
                   "listed": listed, "chains": ["terminal.components"], "intents": ["invest"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "create profile: {}", r.text);
    r.body["id"].as_i64().expect("profile id")
}

/// Creates an incubator in `county` (in 通城高新区 when in 通城县); returns its id.
pub async fn create_incubator(client: &Client, name: &str, county: &str) -> i64 {
    let park = if county == TONGCHENG {
        "通城高新区"
    } else {
        ""
    };
    let r = client
        .post(
            "/api/v1/incubators",
            json!({"name": name, "kind": "maker_space", "level": "provincial",
                   "county_code": county, "park": park, "address": "隽水镇玉立大道 1 号",
                   "chains": ["software"]}),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::CREATED,
        "create incubator: {}",
        r.text
    );
    r.body["id"].as_i64().expect("incubator id")
}

/// Posts an opening; returns its JSON.
pub async fn create_opening(client: &Client, incubator_id: i64, body: Value) -> Value {
    let r = client
        .post(&format!("/api/v1/incubators/{incubator_id}/openings"), body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "create opening: {}", r.text);
    r.body
}

/// A desk opening with `units` units at 300 元 a month, in the subsidy scheme.
pub fn desk(units: i64) -> Value {
    json!({"kind": "desk", "title": "开放工位", "area_m2": 6, "units": units, "monthly_rent": 300,
           "available_from": "2026-12-01", "chains": ["software.iot"], "subsidy_eligible": true})
}

/// A signed-in operator of `incubator_id`.
pub async fn operator(app: &TestApp, username: &str, incubator_id: i64) -> Client {
    let req = CreateUserReq {
        username: username.into(),
        password: PASSWORD.into(),
        role: Role::Operator,
        scope: None,
        incubator_id: Some(incubator_id),
        display_name: None,
    };
    user::create(&app.db, &Ctx::system("test"), req)
        .await
        .expect("create operator");
    app.login(username, PASSWORD).await
}

/// A founder who registered themself (and so has a draft profile from 通城县).
pub async fn registered_founder(app: &TestApp, username: &str, name: &str) -> Client {
    let client = app.client();
    let r = client
        .post(
            "/api/v1/auth/register",
            json!({"username": username, "password": PASSWORD, "name": name,
                   "hometown_code": TONGCHENG_VILLAGE}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "register: {}", r.text);
    client
}

/// Shortlists a person for a project.
pub async fn shortlist(client: &Client, project: i64, profile: i64) -> Resp {
    client
        .post(
            &format!("/api/v1/projects/{project}/pipeline"),
            json!({"profile_id": profile}),
        )
        .await
}

/// A consenting, listed person `name` (made by `admin`) on a new project of `county` made
/// and shortlisted by `staff`: the 对接 entry's id.
pub async fn entry_of(admin: &Client, staff: &Client, county: &str, name: &str) -> i64 {
    let person = create_profile(admin, name, true, true).await;
    let project = create_project(staff, county).await["id"]
        .as_i64()
        .expect("project id");
    let r = shortlist(staff, project, person).await;
    assert_eq!(r.status, StatusCode::CREATED, "shortlist: {}", r.text);
    r.body["id"].as_i64().expect("entry id")
}
