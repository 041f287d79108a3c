//! The sheets clerks really keep (tests/import_sheets, built by its
//! generate.py, two of them saved as old .xls by generate_xls.py), imported with no edits, as the organizer of the right
//! township and as the county's staff, and every person checked against the
//! truth file beside the sheet: village, birth year, mobile, employer, title.

use reqwest::multipart::{Form, Part};
use sea_orm::EntityTrait;
use serde_json::Value;
use xiangxian::domain::Role;
use xiangxian::entity::profile;

use crate::helpers::{Client, Resp, TestApp, spawn_app};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/import_sheets");

async fn upload(c: &Client, query: &str, bytes: Vec<u8>, filename: &str) -> Resp {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(filename.to_owned()));
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

fn same_sheet(a: &Value, sheet: &str) -> bool {
    match a.as_str() {
        Some(s) => s == sheet,
        None => sheet.is_empty(),
    }
}

/// Whether the report accounts for a row the truth says is not a person.
fn reported(report: &Value, sheet: &str, row: u64, reason: &str) -> bool {
    let has = |list: &str| {
        report[list].as_array().is_some_and(|items| {
            items
                .iter()
                .any(|e| e["row"].as_u64() == Some(row) && same_sheet(&e["sheet"], sheet))
        })
    };
    match reason {
        "out_of_scope" => has("errors"),
        "duplicate_in_file" => has("duplicates"),
        "no_name_header" => report["warnings"]
            .as_array()
            .is_some_and(|w| w.iter().any(|w| w.as_str().unwrap_or("").contains(sheet))),
        _ => has("skipped"),
    }
}

struct Figures {
    fields: usize,
    right: usize,
    wrong_village: usize,
    skips: usize,
    skips_reported: usize,
}

async fn import_as(file: &str, role: Role) -> (TestApp, Figures) {
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{DIR}/{}.truth.json",
            file.rsplit_once('.').unwrap().0
        ))
        .unwrap(),
    )
    .unwrap();
    let scope = match role {
        Role::Organizer => truth["organizer_scope"].as_str().unwrap(),
        _ => truth["staff_scope"].as_str().unwrap(),
    };
    let app = spawn_app().await;
    let clerk = app.login_as("clerk", role, Some(scope)).await;
    let bytes = std::fs::read(format!("{DIR}/{file}")).unwrap();
    let r = upload(&clerk, "?valid_rows=true", bytes, file).await;
    assert_eq!(r.status, 200, "{file}: {}", r.text);
    let report = r.body;
    assert_eq!(report["written"], true, "{file}: {report}");
    let stored = profile::Entity::find().all(app.db.conn()).await.unwrap();
    let mut f = Figures {
        fields: 0,
        right: 0,
        wrong_village: 0,
        skips: 0,
        skips_reported: 0,
    };
    let people = truth["people"].as_array().unwrap();
    for p in people {
        let sheet = p["sheet"].as_str().unwrap_or("");
        let row = p["row"].as_u64().unwrap();
        if let Some(reason) = p["skip"].as_str() {
            f.skips += 1;
            if reported(&report, sheet, row, reason) {
                f.skips_reported += 1;
            } else {
                eprintln!("{file}: {sheet} row {row} ({reason}) not reported");
            }
            continue;
        }
        let name = p["name"].as_str().unwrap();
        let mobile = p["mobile"].as_str();
        let found = stored
            .iter()
            .filter(|s| s.name == name)
            .find(|s| mobile.is_none() || s.mobile.as_deref() == mobile)
            .or_else(|| stored.iter().find(|s| s.name == name));
        f.fields += 5;
        let Some(s) = found else {
            eprintln!("{file}: {name} (row {row}) not imported");
            continue;
        };
        let checks = [
            ("village", s.hometown_code == p["village"].as_str().unwrap()),
            (
                "birth_year",
                s.birth_year.map(i64::from) == p["birth_year"].as_i64(),
            ),
            ("mobile", s.mobile.as_deref() == mobile),
            (
                "employer",
                s.employer == p["employer"].as_str().unwrap_or(""),
            ),
            ("title", s.title == p["title"].as_str().unwrap_or("")),
        ];
        for (field, ok) in checks {
            if ok {
                f.right += 1;
            } else {
                eprintln!(
                    "{file}: {name} {field}: got {:?}",
                    (
                        &s.hometown_code,
                        s.birth_year,
                        &s.mobile,
                        &s.employer,
                        &s.title
                    )
                );
            }
        }
        if s.hometown_code != p["village"].as_str().unwrap() {
            f.wrong_village += 1;
        }
    }
    // Nobody the truth skips was written anywhere.
    for p in people.iter().filter(|p| p["skip"] == "out_of_scope") {
        let row = p["row"].as_u64().unwrap();
        let sheet = p["sheet"].as_str().unwrap_or("");
        assert!(
            report["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["row"].as_u64() == Some(row)
                    && same_sheet(&e["sheet"], sheet)
                    && e["message"].as_str().unwrap_or("").contains("不在")),
            "{file}: row {row} out of scope not said: {report}"
        );
    }
    let names_written = stored.len();
    eprintln!(
        "{file} as {role:?} ({scope}): {}/{} fields right ({:.1}%), {} under a wrong village, {}/{} skipped rows reported, {names_written} profiles written",
        f.right,
        f.fields,
        100.0 * f.right as f64 / f.fields.max(1) as f64,
        f.wrong_village,
        f.skips_reported,
        f.skips
    );
    (app, f)
}

async fn check(file: &str, role: Role) {
    let (_app, f) = import_as(file, role).await;
    assert!(
        f.right * 100 >= f.fields * 95,
        "{file}: {}/{}",
        f.right,
        f.fields
    );
    assert_eq!(f.wrong_village, 0, "{file}");
    assert_eq!(f.skips_reported, f.skips, "{file}");
}

#[tokio::test]
async fn a_township_sheet_with_a_two_row_header_imports_as_kept_by_its_organizer() {
    check("a_jsz_two_row_header.xlsx", Role::Organizer).await;
}

#[tokio::test]
async fn a_township_sheet_with_a_two_row_header_imports_as_kept_by_county_staff() {
    check("a_jsz_two_row_header.xlsx", Role::Staff).await;
}

#[tokio::test]
async fn a_gbk_csv_from_excel_imports_as_kept_by_its_organizer() {
    check("b_maishi_gbk.csv", Role::Organizer).await;
}

#[tokio::test]
async fn a_gbk_csv_from_excel_imports_as_kept_by_county_staff() {
    check("b_maishi_gbk.csv", Role::Staff).await;
}

#[tokio::test]
async fn a_workbook_with_one_sheet_per_village_imports_as_kept_by_its_organizer() {
    check("c_tiancheng_per_village.xlsx", Role::Organizer).await;
}

#[tokio::test]
async fn a_workbook_with_one_sheet_per_village_imports_as_kept_by_county_staff() {
    check("c_tiancheng_per_village.xlsx", Role::Staff).await;
}

#[tokio::test]
async fn the_county_template_imports_as_kept_by_its_organizer() {
    check("d_xiapu_county_template.xlsx", Role::Organizer).await;
}

#[tokio::test]
async fn the_county_template_imports_as_kept_by_county_staff() {
    check("d_xiapu_county_template.xlsx", Role::Staff).await;
}

#[tokio::test]
async fn an_association_csv_imports_as_kept_by_its_organizer() {
    check("e_chibi_utf8.csv", Role::Organizer).await;
}

#[tokio::test]
async fn an_association_csv_imports_as_kept_by_county_staff() {
    check("e_chibi_utf8.csv", Role::Staff).await;
}

#[tokio::test]
async fn the_two_row_header_sheet_saved_as_xls_imports_as_kept_by_its_organizer() {
    check("f_jsz_two_row_header.xls", Role::Organizer).await;
}

#[tokio::test]
async fn the_two_row_header_sheet_saved_as_xls_imports_as_kept_by_county_staff() {
    check("f_jsz_two_row_header.xls", Role::Staff).await;
}

#[tokio::test]
async fn the_per_village_workbook_saved_as_xls_imports_as_kept_by_its_organizer() {
    check("g_tiancheng_per_village.xls", Role::Organizer).await;
}

#[tokio::test]
async fn the_per_village_workbook_saved_as_xls_imports_as_kept_by_county_staff() {
    check("g_tiancheng_per_village.xls", Role::Staff).await;
}
