//! `GET /api/v1/subsidy/estimate`: the 专栏4-2 arithmetic at its caps.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_subsidy_is_forty_percent_of_all_four_fees() {
    let app = spawn_app().await;
    let client = app.client();
    let r = client
        .get("/api/v1/subsidy/estimate?rent=1000&property=200&sanitation=50&utilities=250")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["monthly_fees"], 1500);
    assert_eq!(r.body["monthly_subsidy"], 600);
    assert_eq!(r.body["years"].as_array().unwrap().len(), 3);
    assert_eq!(
        r.body["years"][0],
        json!({"year": 1, "months": 12, "fees": 18000, "subsidy": 7200, "capped": false})
    );
    assert_eq!(r.body["total_subsidy"], 21600);
    assert_eq!(r.body["rate"], 0.4);
    assert_eq!(r.body["annual_cap"], 50000);
    assert_eq!(r.body["max_months"], 36);
    assert_eq!(r.body["guarantee_fee_max_rate"], 0.02);
    let cents = client
        .get("/api/v1/subsidy/estimate?rent=333.33&months=1")
        .await;
    assert_eq!(cents.body["monthly_subsidy"], 133.33);
}

#[tokio::test]
async fn the_annual_cap_is_reached_in_month_eleven() {
    let app = spawn_app().await;
    let r = app
        .client()
        .get("/api/v1/subsidy/estimate?rent=12000")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["monthly_subsidy"], 4800);
    for year in r.body["years"].as_array().unwrap() {
        assert_eq!(year["subsidy"], 50000);
        assert_eq!(year["capped"], true);
        assert_eq!(year["fees"], 144000);
    }
    assert_eq!(r.body["total_subsidy"], 150000);
    // Ten months (48,000) stay under the cap.
    let ten = app
        .client()
        .get("/api/v1/subsidy/estimate?rent=12000&months=10")
        .await;
    assert_eq!(ten.body["years"][0]["subsidy"], 48000);
    assert_eq!(ten.body["years"][0]["capped"], false);
}

#[tokio::test]
async fn month_thirty_seven_and_later_get_nothing() {
    let app = spawn_app().await;
    let r = app
        .client()
        .get("/api/v1/subsidy/estimate?rent=1000&months=37")
        .await;
    assert_eq!(r.body["years"].as_array().unwrap().len(), 4);
    assert_eq!(
        r.body["years"][3],
        json!({"year": 4, "months": 1, "fees": 1000, "subsidy": 0, "capped": false})
    );
    assert_eq!(r.body["total_subsidy"], 14400);
    let ten_years = app
        .client()
        .get("/api/v1/subsidy/estimate?rent=1000&months=120")
        .await;
    assert_eq!(ten_years.body["total_subsidy"], 14400);
}

#[tokio::test]
async fn bad_amounts_are_400_naming_the_field() {
    let app = spawn_app().await;
    let client = app.client();
    for (q, field) in [
        ("rent=-1", "rent"),
        ("property=abc", "property"),
        ("sanitation=10000001", "sanitation"),
        ("utilities=NaN", "utilities"),
        ("months=0", "months"),
        ("months=121", "months"),
        ("months=1.5", "months"),
        ("months=x", "months"),
        ("tip=5", "tip"),
    ] {
        let r = client.get(&format!("/api/v1/subsidy/estimate?{q}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}: {}", r.text);
        assert_eq!(r.body["error"]["field"], field, "{q}: {}", r.text);
    }
}
