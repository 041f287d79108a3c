//! The 场租补贴 pages: a founder claims through the form (errors beside the
//! field), county staff approve from the queue, the founder's ledger shows it.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::StatusCode;

use crate::page_client::{Browser, text_of};
use crate::subsidy_claims::{CODE, enterprise, placed};

#[tokio::test]
async fn a_founder_claims_on_the_page_staff_approve_from_the_queue_and_the_ledger_shows_it() {
    let app = crate::helpers::spawn_app().await;
    let p = placed(&app).await;
    let ent = enterprise(&p.founder, p.application_id, CODE).await;
    let founder = Browser::sign_in(&app, "huangxl").await;
    let ent_s = ent.to_string();

    let form = founder.get("/subsidy").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.html.contains("id=\"claim-form\""), "{}", form.html);
    let bad = founder
        .post(
            "/subsidy/claims",
            &form.csrf(),
            &[
                ("enterprise_id", &ent_s),
                ("month", "2026-1"),
                ("rent", "2400"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        !text_of(&bad.html, "month-error").is_empty(),
        "{}",
        bad.html
    );

    let ok = founder
        .post(
            "/subsidy/claims",
            &form.csrf(),
            &[
                ("enterprise_id", &ent_s),
                ("month", "2026-10"),
                ("property", "300.50"),
                ("sanitation", "99.5"),
                ("rent", "2400"),
                ("utilities", "200"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.html);

    let staff = Browser::sign_in(&app, "tc_staff").await;
    let queue = staff.get("/subsidy").await;
    assert!(queue.html.contains("3000"), "{}", queue.html);
    let id = p.staff.get("/api/v1/subsidy/claims").await.body["items"][0]["id"]
        .as_i64()
        .unwrap();
    let done = staff
        .post(
            &format!("/subsidy/claims/{id}/decide"),
            &queue.csrf(),
            &[("status", "approved"), ("note", "票据齐全")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    assert!(
        staff
            .get("/subsidy")
            .await
            .html
            .contains("id=\"no-claims\"")
    );

    let mine = founder.get("/subsidy").await;
    assert_eq!(text_of(&mine.html, &format!("paid-total-{ent}")), "1200.0");
}
