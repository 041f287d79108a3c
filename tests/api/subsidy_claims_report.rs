//! The monthly county report for the finance bureau: an xlsx whose totals
//! equal the ledgers', with Chinese headers and a Chinese file name.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use calamine::{Data, DataType, Reader, Xlsx};
use reqwest::StatusCode;
use xiangxian::domain::Role;

use crate::fixtures::CHONGYANG;
use crate::subsidy_claims::{CODE, Placed, claim_and_approve, enterprise, placed, placed_founder};

#[tokio::test]
async fn the_county_report_lists_the_months_approved_claims_and_its_totals_equal_the_ledgers() {
    let app = crate::helpers::spawn_app().await;
    let p = placed(&app).await;
    let first = enterprise(&p.founder, p.application_id, CODE).await;
    let (founder2, app2) = placed_founder(&app, &p.staff, p.incubator_id, "zhangsan").await;
    let second = enterprise(&founder2, app2, "91350100M000100Y43").await;
    let q = Placed {
        founder: founder2,
        staff: crate::helpers::Client {
            http: p.staff.http.clone(),
            base: p.staff.base.clone(),
            bearer: p.staff.bearer.clone(),
        },
        application_id: app2,
        incubator_id: p.incubator_id,
    };
    for m in 1..=7 {
        claim_and_approve(&p, first, &format!("2025-{m:02}")).await;
    }
    claim_and_approve(&q, second, "2025-07").await;

    let response = p
        .staff
        .raw(
            reqwest::Method::GET,
            "/api/v1/subsidy/report?county=421222&month=2025-07",
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
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
    let decoded = percent_decode(disposition.split("UTF-8''").nth(1).unwrap());
    assert_eq!(decoded, "通城县返乡创业补贴发放表-2025-07.xlsx");
    let bytes = response.bytes().await.unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let text = |d: &Data| d.to_string();
    let header = rows
        .iter()
        .position(|r| r.first().map(text).as_deref() == Some("序号"))
        .unwrap();
    let heads: Vec<String> = rows[header].iter().map(text).collect();
    for h in [
        "企业名称",
        "统一社会信用代码",
        "孵化载体",
        "物业费（元）",
        "卫生费（元）",
        "租金（元）",
        "水电费（元）",
        "补贴（元）",
        "本补贴年度累计（元）",
    ] {
        assert!(heads.contains(&h.to_owned()), "{h} in {heads:?}");
    }
    let body: Vec<&Vec<Data>> = rows[header + 1..]
        .iter()
        .take_while(|r| r.first().map(text).as_deref() != Some("合计"))
        .collect();
    assert_eq!(body.len(), 2);
    let total_row = &rows[header + 1 + body.len()];
    let num = |d: &Data| d.as_f64().unwrap();

    // The first enterprise's seventh month: 2,000 (cap reached, 50,000 this year);
    // the second's first month: 8,000.
    let by_code = |code: &str| *body.iter().find(|r| text(&r[2]) == code).unwrap();
    assert_eq!(num(&by_code(CODE)[8]), 2000.0);
    assert_eq!(num(&by_code(CODE)[10]), 50000.0);
    assert_eq!(num(&by_code("91350100M000100Y43")[8]), 8000.0);
    assert_eq!(text(&by_code(CODE)[3]), "隽水创业孵化基地");

    let mut ledger_subsidy = 0.0;
    let mut ledger_claimed = 0.0;
    for ent in [first, second] {
        let l = p.staff.get(&format!("/api/v1/subsidy/ledger/{ent}")).await;
        let m = l.body["months"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["month"] == "2025-07")
            .unwrap()
            .clone();
        ledger_subsidy += m["subsidy"].as_f64().unwrap();
        ledger_claimed += m["claimed"].as_f64().unwrap();
    }
    assert_eq!(num(&total_row[8]), ledger_subsidy);
    assert_eq!(
        num(&total_row[4]) + num(&total_row[5]) + num(&total_row[6]) + num(&total_row[7]),
        ledger_claimed
    );
    assert_eq!(ledger_subsidy, 10000.0);
    let all: Vec<String> = rows.iter().flatten().map(text).collect();
    assert!(all.iter().any(|c| c.contains("经办人")), "signature lines");

    let cy = app.login_as("cy_staff", Role::Staff, Some(CHONGYANG)).await;
    let r = cy
        .get("/api/v1/subsidy/report?county=421222&month=2025-07")
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = p
        .founder
        .get("/api/v1/subsidy/report?county=421222&month=2025-07")
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = p
        .staff
        .get("/api/v1/subsidy/report?county=421222&month=2025-7")
        .await;
    assert_eq!(r.body["error"]["field"], "month");
}

pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}
