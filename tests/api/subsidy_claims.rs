//! Enterprises and monthly subsidy claims (专栏4-2): who registers and sees an
//! enterprise, the 40% / 50,000 元 / 36-month arithmetic spelled out, and two
//! staff approving the same claim at once.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::fixtures::{
    CHONGYANG, TONGCHENG, create_incubator, create_opening, desk, registered_founder,
};
use crate::helpers::{Client, TestApp, spawn_app};

/// A founder whose application to a 通城县 incubator was accepted.
pub struct Placed {
    pub founder: Client,
    pub staff: Client,
    pub application_id: i64,
    pub incubator_id: i64,
}

/// Staff of 通城县 (`tc_staff`) accept `username`'s application.
pub async fn placed_founder(
    app: &TestApp,
    staff: &Client,
    inc: i64,
    username: &str,
) -> (Client, i64) {
    let opening = create_opening(staff, inc, desk(5)).await["id"]
        .as_i64()
        .unwrap();
    let founder = registered_founder(app, username, "黄小龙").await;
    let r = founder
        .post(
            &format!("/api/v1/openings/{opening}/applications"),
            json!({"plan": "无线充电模组设计工作室", "team_size": 3}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.body["id"].as_i64().unwrap();
    let r = staff
        .patch(
            &format!("/api/v1/applications/{id}"),
            json!({"status": "accepted"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    (founder, id)
}

pub async fn placed(app: &TestApp) -> Placed {
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let inc = create_incubator(&staff, "隽水创业孵化基地", TONGCHENG).await;
    let (founder, application_id) = placed_founder(app, &staff, inc, "huangxl").await;
    Placed {
        founder,
        staff,
        application_id,
        incubator_id: inc,
    }
}

pub const CODE: &str = "91421222MA4F3K2L3M";

/// Registers the founder's enterprise; returns its id.
pub async fn enterprise(founder: &Client, application_id: i64, code: &str) -> i64 {
    let r = founder
        .post(
            "/api/v1/enterprises",
            json!({"name": "通城县信达无线科技有限公司", "credit_code": code,
                   "first_business": true, "application_id": application_id}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["id"].as_i64().unwrap()
}

/// Claims `month` with the four fees in 元; returns the response.
pub async fn claim(
    founder: &Client,
    ent: i64,
    month: &str,
    fees: [Value; 4],
) -> crate::helpers::Resp {
    let [property, sanitation, rent, utilities] = fees;
    founder
        .post(
            "/api/v1/subsidy/claims",
            json!({"enterprise_id": ent, "month": month, "property": property,
                   "sanitation": sanitation, "rent": rent, "utilities": utilities}),
        )
        .await
}

/// 2,000 + 500 + 15,000 + 2,500 = 20,000 元 a month.
pub fn twenty_thousand() -> [Value; 4] {
    [json!(2000), json!(500), json!(15000), json!(2500)]
}

/// Claims and approves `month`; returns the approved subsidy in 元.
pub async fn claim_and_approve(p: &Placed, ent: i64, month: &str) -> f64 {
    let r = claim(&p.founder, ent, month, twenty_thousand()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{month}: {}", r.text);
    let r = p
        .staff
        .patch(
            &format!("/api/v1/subsidy/claims/{}", r.body["id"]),
            json!({"status": "approved", "note": "票据齐全"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{month}: {}", r.text);
    r.body["subsidy"].as_f64().unwrap()
}

#[tokio::test]
async fn a_founder_registers_the_enterprise_of_an_accepted_application_and_only_county_staff_see_it()
 {
    let app = spawn_app().await;
    let p = placed(&app).await;

    let wrong = p
        .founder
        .post(
            "/api/v1/enterprises",
            json!({"name": "通城县信达无线科技有限公司", "credit_code": "91421222MA4F3K2L3N",
                   "first_business": true, "application_id": p.application_id}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{}", wrong.text);
    assert_eq!(wrong.body["error"]["field"], "credit_code");
    assert!(wrong.text.contains("校验位"), "{}", wrong.text);

    let other = registered_founder(&app, "lisi", "李四").await;
    let r = other
        .post(
            "/api/v1/enterprises",
            json!({"name": "别人的公司", "credit_code": CODE, "first_business": true,
                   "application_id": p.application_id}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);

    let id = enterprise(&p.founder, p.application_id, CODE).await;
    let again = p
        .founder
        .post(
            "/api/v1/enterprises",
            json!({"name": "再登记一次", "credit_code": "91350100M000100Y43",
                   "first_business": true, "application_id": p.application_id}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);

    let list = p.staff.get("/api/v1/enterprises").await;
    assert_eq!(list.body["total"], 1, "{}", list.text);
    assert_eq!(list.body["items"][0]["credit_code"], CODE);
    assert_eq!(list.body["items"][0]["incubator_id"], p.incubator_id);
    assert_eq!(list.body["items"][0]["incubator"], "隽水创业孵化基地");
    assert_eq!(p.founder.get("/api/v1/enterprises").await.body["total"], 1);
    assert_eq!(other.get("/api/v1/enterprises").await.body["total"], 0);

    let cy = app.login_as("cy_staff", Role::Staff, Some(CHONGYANG)).await;
    assert_eq!(cy.get("/api/v1/enterprises").await.body["total"], 0);
    let hidden = cy.get(&format!("/api/v1/subsidy/ledger/{id}")).await;
    let missing = cy.get("/api/v1/subsidy/ledger/999999").await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    assert_eq!(hidden.text, missing.text, "out of scope looks like missing");
    let by_other = other.get(&format!("/api/v1/subsidy/ledger/{id}")).await;
    assert_eq!(by_other.text, missing.text);
    assert_eq!(
        p.staff
            .get(&format!("/api/v1/subsidy/ledger/{id}"))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn only_an_accepted_application_places_an_enterprise() {
    let app = spawn_app().await;
    let staff = app.login_as("tc_staff", Role::Staff, Some(TONGCHENG)).await;
    let inc = create_incubator(&staff, "隽水创业孵化基地", TONGCHENG).await;
    let opening = create_opening(&staff, inc, desk(5)).await["id"]
        .as_i64()
        .unwrap();
    let founder = registered_founder(&app, "huangxl", "黄小龙").await;
    let r = founder
        .post(
            &format!("/api/v1/openings/{opening}/applications"),
            json!({"plan": "无线充电模组设计工作室"}),
        )
        .await;
    let r = founder
        .post(
            "/api/v1/enterprises",
            json!({"name": "通城县信达无线科技有限公司", "credit_code": CODE,
                   "first_business": true, "application_id": r.body["id"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(r.body["error"]["field"], "application_id");
}

#[tokio::test]
async fn twenty_thousand_a_month_pays_eight_thousand_until_the_yearly_cap_then_a_fresh_year_and_stops_after_36_months()
 {
    let app = spawn_app().await;
    let p = placed(&app).await;
    let ent = enterprise(&p.founder, p.application_id, CODE).await;

    // Subsidy year 1 = 2023-01..2023-12. 40% of 20,000 = 8,000 for six
    // months (48,000), then 2,000 in the seventh as 50,000 is reached, then 0.
    let mut paid = Vec::new();
    for m in 1..=12 {
        paid.push(claim_and_approve(&p, ent, &format!("2023-{m:02}")).await);
    }
    assert_eq!(
        paid,
        [
            8000.0, 8000.0, 8000.0, 8000.0, 8000.0, 8000.0, 2000.0, 0.0, 0.0, 0.0, 0.0, 0.0
        ]
    );
    // Subsidy year 2 starts with a fresh 50,000.
    assert_eq!(claim_and_approve(&p, ent, "2024-01").await, 8000.0);

    let l = p
        .founder
        .get(&format!("/api/v1/subsidy/ledger/{ent}"))
        .await;
    assert_eq!(l.status, StatusCode::OK, "{}", l.text);
    assert_eq!(l.body["enterprise_id"], ent);
    assert_eq!(l.body["paid_total"].as_f64(), Some(58000.0));
    let months = l.body["months"].as_array().unwrap();
    assert_eq!(months.len(), 13);
    assert_eq!(months[6]["month"], "2023-07");
    assert_eq!(months[6]["claimed"].as_f64(), Some(20000.0));
    assert_eq!(months[6]["subsidy"].as_f64(), Some(2000.0));
    assert_eq!(months[6]["status"], "approved");
    assert_eq!(months[6]["subsidy_year"], 1);
    assert_eq!(months[6]["year_paid"].as_f64(), Some(50000.0));
    assert_eq!(months[12]["subsidy_year"], 2);
    assert_eq!(months[12]["year_paid"].as_f64(), Some(8000.0));
    // After 13 of 36 months: 50,000 − 8,000 left in year 2, 23 months left.
    assert_eq!(l.body["remaining_this_year"].as_f64(), Some(42000.0));
    assert_eq!(l.body["months_left"], 23);
    let keys: Vec<&String> = l.body.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 5, "{keys:?}");
    assert_eq!(months[0].as_object().unwrap().len(), 6);

    // The 36th month (2025-12) is year 3, fresh; the 37th (2026-01) is refused.
    assert_eq!(claim_and_approve(&p, ent, "2025-12").await, 8000.0);
    let r = claim(&p.founder, ent, "2026-01", twenty_thousand()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(r.body["error"]["field"], "month");
    let message = r.body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("2026-01") && message.contains("第 37 个月"),
        "{message}"
    );
    let l = p
        .founder
        .get(&format!("/api/v1/subsidy/ledger/{ent}"))
        .await;
    assert_eq!(l.body["months_left"], 0);
    assert_eq!(l.body["remaining_this_year"].as_f64(), Some(0.0));

    let notices = p.founder.get("/api/v1/notices").await;
    assert_eq!(
        notices.body["items"][0]["kind"], "subsidy_claim_decided",
        "{}",
        notices.text
    );
}

#[tokio::test]
async fn a_claim_of_3000_yuan_with_cents_pays_1200_and_a_second_claim_for_the_month_is_a_conflict()
{
    let app = spawn_app().await;
    let p = placed(&app).await;
    let ent = enterprise(&p.founder, p.application_id, CODE).await;

    let r = claim(
        &p.founder,
        ent,
        "2026-10",
        [json!(300.5), json!("99.50"), json!(2400), json!(200)],
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["total"].as_f64(), Some(3000.0));
    assert_eq!(r.body["status"], "submitted");
    let id = r.body["id"].as_i64().unwrap();

    let dup = claim(
        &p.founder,
        ent,
        "2026-10",
        [json!(1), json!(1), json!(1), json!(1)],
    )
    .await;
    assert_eq!(dup.status, StatusCode::CONFLICT, "{}", dup.text);

    let cents = claim(
        &p.founder,
        ent,
        "2026-09",
        [json!(0), json!(0), json!(100.001), json!(0)],
    )
    .await;
    assert_eq!(cents.status, StatusCode::BAD_REQUEST);
    assert_eq!(cents.body["error"]["field"], "rent");
    let month = claim(&p.founder, ent, "2026-13", twenty_thousand()).await;
    assert_eq!(month.body["error"]["field"], "month");

    // The staff cannot claim, the founder cannot decide.
    assert_eq!(
        claim(&p.staff, ent, "2026-09", twenty_thousand())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let own = p
        .founder
        .patch(
            &format!("/api/v1/subsidy/claims/{id}"),
            json!({"status": "approved"}),
        )
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.text);
    let cy = app.login_as("cy_staff", Role::Staff, Some(CHONGYANG)).await;
    let far = cy
        .patch(
            &format!("/api/v1/subsidy/claims/{id}"),
            json!({"status": "approved"}),
        )
        .await;
    assert_eq!(far.status, StatusCode::NOT_FOUND);
    assert_eq!(cy.get("/api/v1/subsidy/claims").await.body["total"], 0);

    let r = p
        .staff
        .patch(
            &format!("/api/v1/subsidy/claims/{id}"),
            json!({"status": "approved", "note": "票据齐全"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["subsidy"].as_f64(), Some(1200.0));
    assert_eq!(r.body["note"], "票据齐全");
    assert_eq!(
        p.founder.get("/api/v1/subsidy/claims").await.body["total"],
        1
    );
    assert_eq!(
        p.staff
            .get("/api/v1/subsidy/claims?status=approved")
            .await
            .body["total"],
        1
    );
    let audited = {
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        use xiangxian::entity::audit_event;
        audit_event::Entity::find()
            .filter(audit_event::Column::Entity.eq("subsidy_claim"))
            .filter(audit_event::Column::EntityId.eq(id.to_string()))
            .count(app.db.conn())
            .await
            .unwrap()
    };
    assert_eq!(audited, 2, "create and decision");
}

#[tokio::test]
async fn two_staff_approving_the_same_claim_at_once_exactly_one_wins() {
    let app = spawn_app().await;
    let p = placed(&app).await;
    let ent = enterprise(&p.founder, p.application_id, CODE).await;
    let second = app
        .login_as("tc_staff2", Role::Staff, Some(TONGCHENG))
        .await;
    for month in ["2026-01", "2026-02", "2026-03"] {
        let r = claim(&p.founder, ent, month, twenty_thousand()).await;
        let path = format!("/api/v1/subsidy/claims/{}", r.body["id"]);
        let body = json!({"status": "approved"});
        let results = join_all([
            p.staff.patch(&path, body.clone()),
            second.patch(&path, body),
        ])
        .await;
        let mut statuses: Vec<u16> = results.iter().map(|r| r.status.as_u16()).collect();
        statuses.sort_unstable();
        assert_eq!(
            statuses,
            [200, 409],
            "{month}: {:?}",
            results.iter().map(|r| &r.text).collect::<Vec<_>>()
        );
        let lost = results
            .iter()
            .find(|r| r.status == StatusCode::CONFLICT)
            .unwrap();
        assert_eq!(lost.error_code(), "already_decided");
    }
    let l = p
        .founder
        .get(&format!("/api/v1/subsidy/ledger/{ent}"))
        .await;
    assert_eq!(l.body["paid_total"].as_f64(), Some(24000.0), "{}", l.text);
    let notices = p.founder.get("/api/v1/notices").await;
    let decided = notices.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "subsidy_claim_decided")
        .count();
    assert_eq!(decided, 3, "one notice per claim, not per attempt");
}
