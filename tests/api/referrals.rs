//! 以商招商 referrals: recorded by staff who may see the project, a person of
//! the caller's scope or a company (the plan's or any other); credited when
//! the project lands, in the transaction of that move, and audited.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::StatusCode;
use serde_json::json;
use xiangxian::domain::Role;

use crate::fixtures::{CHONGYANG, TONGCHENG, create_profile, create_project};
use crate::helpers::{Client, spawn_app};

async fn walk(staff: &Client, id: i64, stages: &[&str]) {
    for stage in stages {
        let v = staff.get(&format!("/api/v1/projects/{id}")).await.body["version"].clone();
        let r = staff
            .patch(
                &format!("/api/v1/projects/{id}"),
                json!({"stage": stage, "version": v}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{stage}: {}", r.text);
    }
}

#[tokio::test]
async fn staff_of_another_county_neither_list_nor_create_referrals_on_a_project_they_cannot_see() {
    let app = spawn_app().await;
    let tongcheng = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let project = create_project(&tongcheng, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let referred = tongcheng
        .post(
            "/api/v1/referrals",
            json!({"project_id": project, "company": "平安电工"}),
        )
        .await;
    assert_eq!(referred.status, StatusCode::CREATED, "{}", referred.text);

    let chongyang = app.login_as("cy_staff", Role::Staff, Some(CHONGYANG)).await;
    let missing = chongyang
        .post(
            "/api/v1/referrals",
            json!({"project_id": 999_999, "company": "平安电工"}),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let create = chongyang
        .post(
            "/api/v1/referrals",
            json!({"project_id": project, "company": "平安电工"}),
        )
        .await;
    assert_eq!(create.status, StatusCode::NOT_FOUND);
    assert_eq!(
        create.text, missing.text,
        "out of scope answers as not found"
    );
    let list = chongyang
        .get(&format!("/api/v1/referrals?project={project}"))
        .await;
    assert_eq!(list.status, StatusCode::NOT_FOUND);
    assert_eq!(list.text, missing.text);
    let all = chongyang.get("/api/v1/referrals").await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(all.body["total"], 0, "{}", all.text);

    for (name, role, scope) in [
        ("jsz_organizer", Role::Organizer, Some("421222100")),
        ("a_founder", Role::Founder, None),
    ] {
        let other = app.login_as(name, role, scope).await;
        assert_eq!(
            other.get("/api/v1/referrals").await.status,
            StatusCode::FORBIDDEN
        );
        let r = other
            .post(
                "/api/v1/referrals",
                json!({"project_id": project, "company": "平安电工"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{name}: {}", r.text);
    }
}

#[tokio::test]
async fn referring_a_person_outside_the_callers_scope_answers_as_not_found() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let chongyang_person = admin
        .post(
            "/api/v1/profiles",
            json!({"name": "周德明", "hometown_code": "421223100201", "listed": true}),
        )
        .await;
    assert_eq!(
        chongyang_person.status,
        StatusCode::CREATED,
        "{}",
        chongyang_person.text
    );
    let outsider = chongyang_person.body["id"].as_i64().unwrap();
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let project = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let missing = staff
        .post(
            "/api/v1/referrals",
            json!({"project_id": project, "profile_id": 999_999}),
        )
        .await;
    let hidden = staff
        .post(
            "/api/v1/referrals",
            json!({"project_id": project, "profile_id": outsider}),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    assert_eq!(hidden.text, missing.text);
    let listed = staff
        .get(&format!("/api/v1/referrals?profile={outsider}"))
        .await;
    assert_eq!(listed.status, StatusCode::NOT_FOUND);
    assert_eq!(listed.text, missing.text);
}

#[tokio::test]
async fn a_referral_is_credited_when_its_project_lands_and_shows_on_the_referrers_profile() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let person = create_profile(&admin, "张建华", true, true).await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let project = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let by_person = staff
        .post(
            "/api/v1/referrals",
            json!({"project_id": project, "profile_id": person, "note": "深圳咸宁商会引荐"}),
        )
        .await;
    assert_eq!(by_person.status, StatusCode::CREATED, "{}", by_person.text);
    assert_eq!(by_person.body["referrer"], "张建华");
    assert_eq!(by_person.body["credited"], false);
    let by_company = staff
        .post(
            "/api/v1/referrals",
            json!({"project_id": project, "company": "深圳市信维通信股份有限公司"}),
        )
        .await;
    assert_eq!(
        by_company.status,
        StatusCode::CREATED,
        "{}",
        by_company.text
    );
    assert_eq!(
        by_company.body["company"], "信维通信(深圳市)",
        "the plan's spelling"
    );
    assert_eq!(by_company.body["company_in_plan"], true);
    let free = staff
        .post(
            "/api/v1/referrals",
            json!({"project_id": project, "company": "通城县鑫源电子商行"}),
        )
        .await;
    assert_eq!(free.body["company"], "通城县鑫源电子商行");
    assert_eq!(free.body["company_in_plan"], false);

    walk(&staff, project, &["negotiating", "signed"]).await;
    let open = staff
        .get(&format!(
            "/api/v1/referrals?project={project}&credited=true"
        ))
        .await;
    assert_eq!(open.body["total"], 0, "not credited before landing");
    walk(&staff, project, &["landed"]).await;
    let credited = staff
        .get(&format!(
            "/api/v1/referrals?project={project}&credited=true"
        ))
        .await;
    assert_eq!(credited.body["total"], 3, "{}", credited.text);
    assert!(credited.body["items"][0]["credited_at"].is_string());
    let audit = app.audit_actions().await;
    assert_eq!(
        audit
            .iter()
            .filter(|(action, _, detail)| action == "update" && detail == "项目已落地，引荐计入")
            .count(),
        3,
        "each credit audited: {audit:?}"
    );

    let page = admin.get(&format!("/profiles/{person}")).await;
    assert!(page.text.contains("已计入引荐 1 个"), "{}", page.text);
    assert!(page.text.contains("无线充电接收端模组生产线"));
}

#[tokio::test]
async fn a_referral_names_one_referrer_once() {
    let app = spawn_app().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let project = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let neither = staff
        .post("/api/v1/referrals", json!({"project_id": project}))
        .await;
    assert_eq!(neither.status, StatusCode::BAD_REQUEST);
    assert_eq!(neither.body["error"]["field"], "profile_id");
    let both = staff
        .post(
            "/api/v1/referrals",
            json!({"project_id": project, "profile_id": 1, "company": "平安电工"}),
        )
        .await;
    assert_eq!(both.status, StatusCode::BAD_REQUEST);
    assert_eq!(both.body["error"]["field"], "company");
    let first = staff
        .post(
            "/api/v1/referrals",
            json!({"project_id": project, "company": "平安电工"}),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let again = staff
        .post(
            "/api/v1/referrals",
            json!({"project_id": project, "company": "咸宁平安电工有限公司"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
}

#[tokio::test]
async fn a_merged_duplicate_hands_its_referrals_to_the_profile_it_is_merged_into() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let kept = create_profile(&admin, "刘海涛", true, true).await;
    let duplicate = admin
        .post(
            "/api/v1/profiles",
            json!({"name": "刘海涛", "hometown_code": crate::fixtures::TONGCHENG_VILLAGE,
                   "listed": true, "force": true}),
        )
        .await;
    assert_eq!(duplicate.status, StatusCode::CREATED, "{}", duplicate.text);
    let duplicate = duplicate.body["id"].as_i64().unwrap();
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let project = create_project(&staff, TONGCHENG).await["id"]
        .as_i64()
        .unwrap();
    let r = staff
        .post(
            "/api/v1/referrals",
            json!({"project_id": project, "profile_id": duplicate}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    walk(&staff, project, &["negotiating", "signed", "landed"]).await;
    let merged = admin
        .post(
            &format!("/api/v1/profiles/{duplicate}/merge"),
            json!({"into": kept}),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.text);
    let listed = staff
        .get(&format!("/api/v1/referrals?profile={kept}"))
        .await;
    assert_eq!(listed.body["total"], 1, "{}", listed.text);
    assert_eq!(listed.body["items"][0]["credited"], true);
    let page = admin.get(&format!("/profiles/{kept}")).await;
    assert!(page.text.contains("已计入引荐 1 个"));
}
