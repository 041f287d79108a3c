//! Door 4: not found looks the same. A record outside the caller's scope and
//! one that does not exist answer one byte-identical 404 body.

use reqwest::Method;
use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::fixtures::{
    CHONGYANG, TONGCHENG, create_incubator, create_opening, create_profile, create_project, desk,
    registered_founder, shortlist,
};
use crate::helpers::{Client, Resp, spawn_app};
use crate::page_client::signed_in;

const MISSING: i64 = 987_654;

async fn call(c: &Client, method: &Method, path: &str, body: &Value) -> Resp {
    let b = c.raw(method.clone(), path).await;
    let b = if *method == Method::GET {
        b
    } else {
        b.json(body)
    };
    c.send(b).await
}

async fn same_404(c: &Client, method: Method, existing: &str, missing: &str, body: Value) {
    let a = call(c, &method, existing, &body).await;
    let b = call(c, &method, missing, &body).await;
    assert_eq!(a.status, 404, "{existing}: {}", a.text);
    assert_eq!(b.status, 404, "{missing}: {}", b.text);
    assert_eq!(
        a.text, b.text,
        "{existing} and {missing} must answer the same bytes"
    );
    assert_eq!(a.body["error"]["code"], "not_found");
    assert_eq!(a.body["error"]["message"], "记录不存在或无权查看");
}

#[tokio::test]
async fn an_out_of_scope_record_and_a_missing_one_answer_the_same_404_body() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let profile = create_profile(&admin, "欧阳明远", true, true).await;
    let project = create_project(&admin, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let entry = shortlist(&admin, project, profile).await;
    assert_eq!(entry.status, 201, "{}", entry.text);
    let entry = entry.body["id"].as_i64().unwrap();
    let incubator = create_incubator(&admin, "通城众创空间", TONGCHENG).await;
    let opening = create_opening(&admin, incubator, desk(2)).await["id"]
        .as_i64()
        .unwrap();
    let founder = registered_founder(&app, "founder_a", "黄小龙").await;
    let applied = founder
        .post(
            &format!("/api/v1/openings/{opening}/applications"),
            json!({"plan": "无线充电模组小试线", "team_size": 3}),
        )
        .await;
    assert_eq!(applied.status, 201, "{}", applied.text);
    let application = applied.body["id"].as_i64().unwrap();

    let cy_staff = app.login_as("cy_staff", Role::Staff, Some(CHONGYANG)).await;
    let cy_org = app
        .login_as("cy_org", Role::Organizer, Some("421223100"))
        .await;
    same_404(
        &cy_org,
        Method::GET,
        &format!("/api/v1/profiles/{profile}"),
        &format!("/api/v1/profiles/{MISSING}"),
        json!({}),
    )
    .await;
    same_404(
        &cy_org,
        Method::PATCH,
        &format!("/api/v1/profiles/{profile}"),
        &format!("/api/v1/profiles/{MISSING}"),
        json!({"version": 1, "employer": "某公司"}),
    )
    .await;
    same_404(
        &cy_staff,
        Method::GET,
        &format!("/api/v1/projects/{project}"),
        &format!("/api/v1/projects/{MISSING}"),
        json!({}),
    )
    .await;
    same_404(
        &cy_staff,
        Method::PATCH,
        &format!("/api/v1/applications/{application}"),
        &format!("/api/v1/applications/{MISSING}"),
        json!({"status": "rejected"}),
    )
    .await;
    same_404(
        &cy_staff,
        Method::PATCH,
        &format!("/api/v1/pipeline/{entry}"),
        &format!("/api/v1/pipeline/{MISSING}"),
        json!({"status": "dropped"}),
    )
    .await;
}

#[tokio::test]
async fn the_profile_page_of_an_out_of_scope_record_is_the_missing_page() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let profile = create_profile(&admin, "欧阳明远", true, true).await;
    let b = signed_in(&app, "cy_org", Role::Organizer, Some("421223100")).await;
    let hidden = b.get(&format!("/profiles/{profile}")).await;
    let missing = b.get(&format!("/profiles/{MISSING}")).await;
    assert_eq!(hidden.status, 404);
    assert_eq!(missing.status, 404);
    assert_eq!(hidden.html, missing.html);
    assert!(!hidden.html.contains("欧阳明远"));
}
