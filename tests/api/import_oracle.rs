//! Door 1 of the trust issue: an import, or a dry run, is not a contact
//! oracle. Comparing a row's mobile with a record's is a reveal: audited,
//! counted toward the daily limit, and past the limit nothing tells a right
//! guess from a wrong one.

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use xiangxian::domain::Role;
use xiangxian::service::import::OUTSIDE_SCOPE;
use xiangxian::service::profile::reveal::DEFAULT_DAILY_LIMIT;

/// The servers of these tests run with the default limit.
const DAILY_REVEAL_LIMIT: u64 = DEFAULT_DAILY_LIMIT as u64;

use crate::helpers::{Client, Resp, TestApp, spawn_app};

async fn upload(c: &Client, query: &str, bytes: Vec<u8>) -> Resp {
    let form = Form::new().part("file", Part::bytes(bytes).file_name("guess.csv"));
    c.send(
        c.raw(
            reqwest::Method::POST,
            &format!("/api/v1/profiles/import{query}"),
        )
        .await
        .multipart(form),
    )
    .await
}

async fn reveals_by(app: &TestApp, actor: &str) -> usize {
    app.audit_actions()
        .await
        .into_iter()
        .filter(|(a, who, _)| a == "reveal" && who == actor)
        .count()
}

/// What the report says about one row of the file (its duplicates), without the row number.
fn said_about(report: &Value, row: u64) -> Vec<(String, String, Value, bool)> {
    report["duplicates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["row"].as_u64() == Some(row) && d["other_row"].is_null())
        .map(|d| {
            (
                d["kind"].as_str().unwrap().to_owned(),
                d["reason"].as_str().unwrap().to_owned(),
                d["existing_id"].clone(),
                d["blocked"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn ten_thousand_guessed_mobiles_in_a_dry_run_do_not_single_out_the_right_one() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let known = admin
        .post(
            "/api/v1/profiles",
            json!({"name": "王建国", "hometown_code": "421222100201", "mobile": "13812345678"}),
        )
        .await;
    assert_eq!(known.status, 201, "{}", known.text);
    let org = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;

    let mut csv = String::from("姓名,籍贯,手机号\n");
    for guess in 13_812_340_000u64..13_812_350_000 {
        csv.push_str(&format!("王建国,通城县隽水镇利和村,{guess}\n"));
    }
    // Row 1 is the header: guess n sits on row n - 13812340000 + 2.
    let right_row = 13_812_345_678u64 - 13_812_340_000 + 2;
    let r = upload(&org, "?dry_run=true", csv.into_bytes()).await;
    assert_eq!(r.status, 200, "{}", &r.text[..r.text.len().min(500)]);
    let report = &r.body;
    assert_eq!(report["rows"], 10_000);
    assert_eq!(report["written"], false);

    // Every comparison was a reveal, audited, up to the daily limit.
    assert_eq!(report["reveals"].as_u64(), Some(DAILY_REVEAL_LIMIT));
    assert_eq!(reveals_by(&app, "org_jsz").await as u64, DAILY_REVEAL_LIMIT);
    // The dry run itself is audited as an import with its counts.
    let imports: Vec<String> = app
        .audit_actions()
        .await
        .into_iter()
        .filter(|(a, who, _)| a == "import" && who == "org_jsz")
        .map(|(_, _, d)| d)
        .collect();
    assert_eq!(imports.len(), 1);
    assert!(
        imports[0].contains("10000 行") && imports[0].contains("核对联系方式 50 次"),
        "{}",
        imports[0]
    );

    // The right guess reads exactly like a wrong one past the limit.
    let right = said_about(report, right_row);
    let wrong = said_about(report, 9_000);
    assert_eq!(right, wrong, "the right mobile is singled out");
    assert!(!right.is_empty());
    assert!(right[0].1.contains("未比对手机号"), "{right:?}");
    let exact = report["duplicates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "exact" && !d["existing_id"].is_null())
        .count();
    assert_eq!(exact, 0, "no row confirmed as the known person's mobile");
    assert!(
        report["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap_or("").contains("次数已用完")),
    );

    // A second try the same day compares nothing and reveals nothing more.
    let again = upload(
        &org,
        "?dry_run=true",
        "姓名,籍贯,手机号\n王建国,利和村,13812345678\n"
            .to_owned()
            .into_bytes(),
    )
    .await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.body["reveals"], 0);
    let said = said_about(&again.body, 2);
    assert_eq!(said.len(), 1);
    assert_eq!(said[0].0, "likely");
    assert!(said[0].1.contains("未比对手机号"), "{said:?}");
    assert_eq!(reveals_by(&app, "org_jsz").await as u64, DAILY_REVEAL_LIMIT);
}

#[tokio::test]
async fn a_mobile_held_outside_the_scope_is_reported_without_id_or_detail_and_audited() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let elsewhere = admin
        .post(
            "/api/v1/profiles",
            json!({"name": "钱七", "hometown_code": "421223100209", "mobile": "13900003333"}),
        )
        .await;
    assert_eq!(elsewhere.status, 201, "{}", elsewhere.text);
    let org = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    let csv = "姓名,籍贯,手机号\n赵六,隽水镇利和村,13900003333\n";
    let r = upload(&org, "?dry_run=true", csv.as_bytes().to_vec()).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let dups = r.body["duplicates"].as_array().unwrap();
    assert_eq!(dups.len(), 1, "{}", r.text);
    assert_eq!(dups[0]["reason"], OUTSIDE_SCOPE);
    assert!(dups[0]["existing_id"].is_null());
    assert_eq!(dups[0]["outside_scope"], true);
    assert!(!r.text.contains("钱七") && !r.text.contains("421223100209"));
    assert_eq!(reveals_by(&app, "org_jsz").await, 1);
}

#[tokio::test]
async fn a_zip64_bomb_is_refused_before_it_is_unpacked() {
    let app = spawn_app().await;
    let org = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/import_sheets/zip64_bomb.xlsx"
    ))
    .unwrap();
    assert!(bytes.len() < 2 * 1024 * 1024, "a small file");
    // The server runs in this process: its peak memory is this process's.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = peak_rss_mb();
    let r = upload(&org, "?dry_run=true", bytes).await;
    assert!(
        r.status == 413 || r.status == 422,
        "{} {}",
        r.status,
        r.text
    );
    let grew = peak_rss_mb().saturating_sub(before);
    assert!(
        grew < 64,
        "memory stays flat: the peak grew {grew} MB for a 400 MB bomb"
    );
}

/// Peak resident memory of this process in MB (Linux; 0 elsewhere).
fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
