//! 优秀乡贤企业: the year's candidates ranked by
//! 投资 ÷ 1000 + 就业 ÷ 10 + 引荐 × 5, tiers by configurable thresholds, an xlsx
//! for the 商会大会; staff and administrators only, each for their scope.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use calamine::{Data, Reader, Xlsx};
use chrono::Datelike;
use reqwest::StatusCode;
use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::fixtures::{CHONGYANG, TONGCHENG, create_profile, project_body};
use crate::helpers::{Client, TestApp, spawn_app, spawn_app_with};

/// A project of 通城县 with the given investment and jobs, walked to `stage`.
async fn project(staff: &Client, title: &str, wan: i64, jobs: i64, stage: &str) -> i64 {
    let mut body = project_body(TONGCHENG);
    body["title"] = json!(title);
    body["investment_wan"] = json!(wan);
    body["jobs"] = json!(jobs);
    let r = staff.post("/api/v1/projects", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.body["id"].as_i64().unwrap();
    let path = ["negotiating", "signed", "landed"];
    let upto = path.iter().position(|s| *s == stage).map_or(0, |i| i + 1);
    for s in &path[..upto] {
        let v = staff.get(&format!("/api/v1/projects/{id}")).await.body["version"].clone();
        let m = staff
            .patch(
                &format!("/api/v1/projects/{id}"),
                json!({"stage": s, "version": v}),
            )
            .await;
        assert_eq!(m.status, StatusCode::OK, "{}", m.text);
    }
    id
}

async fn refer(staff: &Client, project: i64, who: Value) {
    let mut body = who;
    body["project_id"] = json!(project);
    let r = staff.post("/api/v1/referrals", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
}

/// 张建华 refers P1 (30,000 万元, 100 jobs) and P2 (5,000 万元, 50 jobs); 平安电工
/// refers P1; 王芳 refers P4 (100 万元, no jobs); 李志强 refers P3, which is only
/// signed. Referrals are recorded before the projects land.
async fn scene(app: &TestApp) -> Client {
    let admin = app.admin().await;
    let zhang = create_profile(&admin, "张建华", true, true).await;
    let wang = create_profile(&admin, "王芳", true, true).await;
    let li = create_profile(&admin, "李志强", true, true).await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let p1 = project(&staff, "无线充电模组产线", 30_000, 100, "signed").await;
    let p2 = project(&staff, "智能家居控制模块", 5_000, 50, "signed").await;
    let p3 = project(&staff, "光纤光缆扩产", 80_000, 900, "signed").await;
    let p4 = project(&staff, "电子铜材小试线", 100, 0, "signed").await;
    refer(&staff, p1, json!({"profile_id": zhang})).await;
    refer(&staff, p1, json!({"company": "平安电工"})).await;
    refer(&staff, p2, json!({"profile_id": zhang})).await;
    refer(&staff, p3, json!({"profile_id": li})).await;
    refer(&staff, p4, json!({"profile_id": wang})).await;
    for id in [p1, p2, p4] {
        let v = staff.get(&format!("/api/v1/projects/{id}")).await.body["version"].clone();
        let m = staff
            .patch(
                &format!("/api/v1/projects/{id}"),
                json!({"stage": "landed", "version": v}),
            )
            .await;
        assert_eq!(m.status, StatusCode::OK, "{}", m.text);
    }
    staff
}

fn this_year() -> i32 {
    chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .year()
}

#[tokio::test]
async fn candidates_are_ranked_by_the_formula_with_their_parts_and_tiers() {
    let app = spawn_app().await;
    let staff = scene(&app).await;
    let r = staff
        .get(&format!("/api/v1/awards?year={}", this_year()))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["formula"], xiangxian::service::award::FORMULA);
    assert_eq!(
        r.body["tiers"],
        json!({"first": 50.0, "second": 20.0, "third": 5.0})
    );
    let items = r.body["items"].as_array().unwrap();
    // 李志强's project has not landed: not a candidate.
    assert_eq!(r.body["total"], 3, "{}", r.text);
    // 张建华: 35,000 ÷ 1000 = 35, 150 ÷ 10 = 15, 2 × 5 = 10 → 60 → 第一梯队.
    assert_eq!(items[0]["name"], "张建华");
    assert_eq!(items[0]["kind"], "person");
    assert_eq!(items[0]["investment_wan"], 35_000);
    assert_eq!(items[0]["jobs"], 150);
    assert_eq!(items[0]["referrals"], 2);
    assert_eq!(
        items[0]["points"],
        json!({"investment": 35.0, "jobs": 15.0, "referrals": 10.0})
    );
    assert_eq!(items[0]["score"], 60.0);
    assert_eq!(items[0]["tier_label"], "第一梯队");
    // 平安电工: 30 + 10 + 5 = 45 → 第二梯队.
    assert_eq!(items[1]["name"], "平安电工");
    assert_eq!(items[1]["kind_label"], "企业");
    assert_eq!(items[1]["score"], 45.0);
    assert_eq!(items[1]["tier"], "second");
    // 王芳: 100 ÷ 1000 = 0.1, 0, 5 → 5.1 → 第三梯队.
    assert_eq!(items[2]["name"], "王芳");
    assert_eq!(items[2]["score"], 5.1);
    assert_eq!(items[2]["tier_label"], "第三梯队");
    assert_eq!(items[2]["rank"], 3);

    let last_year = staff
        .get(&format!("/api/v1/awards?year={}", this_year() - 1))
        .await;
    assert_eq!(last_year.body["total"], 0, "landed this year, not last");
}

#[tokio::test]
async fn tier_thresholds_come_from_the_configuration() {
    let app = spawn_app_with(|c| c.award_tiers = "40,30,10".parse().unwrap()).await;
    let staff = scene(&app).await;
    let r = staff.get("/api/v1/awards").await;
    let items = r.body["items"].as_array().unwrap();
    // 60 ≥ 40 and 45 ≥ 40: both 第一梯队; 5.1 < 10: no tier.
    assert_eq!(items[0]["tier_label"], "第一梯队");
    assert_eq!(items[1]["tier_label"], "第一梯队");
    assert_eq!(items[2]["tier"], Value::Null);
    assert_eq!(items[2]["tier_label"], "未入梯队");
}

#[tokio::test]
async fn amounts_stay_with_staff_of_the_projects_scope() {
    let app = spawn_app().await;
    scene(&app).await;
    let chongyang = app.login_as("cy_staff", Role::Staff, Some(CHONGYANG)).await;
    let r = chongyang.get("/api/v1/awards").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.body["total"], 0,
        "another county's projects are not counted: {}",
        r.text
    );
    for (name, role, scope) in [
        ("jsz_organizer", Role::Organizer, Some("421222100")),
        ("a_founder", Role::Founder, None),
    ] {
        let other = app.login_as(name, role, scope).await;
        for path in ["/api/v1/awards", "/api/v1/awards/export", "/awards"] {
            let r = other.get(path).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{name} {path}");
            assert!(!r.text.contains("30000") && !r.text.contains("张建华"));
        }
    }
    let bad = chongyang.get("/api/v1/awards?year=1999").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.body["error"]["field"], "year");
}

#[tokio::test]
async fn the_awards_sheet_has_chinese_headers_and_a_chinese_file_name_with_the_year() {
    let app = spawn_app().await;
    let staff = scene(&app).await;
    let year = this_year();
    let response = staff
        .raw(
            reqwest::Method::GET,
            &format!("/api/v1/awards/export?year={year}"),
        )
        .await
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    let name =
        crate::subsidy_claims_report::percent_decode(disposition.split("UTF-8''").nth(1).unwrap());
    assert_eq!(name, format!("{year}年度优秀乡贤企业评选名单.xlsx"));
    let bytes = response.bytes().await.unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(Data::to_string).collect())
        .collect();
    let header = rows.iter().position(|r| r[0] == "名次").unwrap();
    for h in [
        "名称",
        "落地投资额（万元）",
        "新增就业岗位",
        "贡献分",
        "贡献梯队",
    ] {
        assert!(rows[header].contains(&h.to_owned()), "{h}");
    }
    assert_eq!(rows[header + 1][2], "张建华");
    assert_eq!(rows[header + 1][9], "60");
    assert_eq!(rows[header + 1][10], "第一梯队");
    assert!(
        rows.iter().any(|r| r[0].contains("贡献分 =")),
        "the formula is on the sheet"
    );
}
