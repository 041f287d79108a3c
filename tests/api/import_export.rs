use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use xiangxian::domain::Role;

use crate::helpers::{Client, Resp, TestApp, spawn_app};

const HEADER: &str =
    "姓名,县（市、区）,乡镇（街道）,村（社区）,手机号,工作单位,产业领域,回乡意向,同意对接";

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

async fn profile_count(app: &TestApp) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    xiangxian::entity::profile::Entity::find()
        .count(app.db.conn())
        .await
        .unwrap()
}

/// A file with known good, duplicate and bad rows, against one existing profile.
fn mixed_csv() -> String {
    [
        HEADER,
        "王建华,通城县,隽水镇,利和村,13900001111,深圳市信维通信股份有限公司,无线充电和电子元器件,投资兴业、技术合作,是",
        "李秀英,通城县,隽水镇,油坊村委会,,武汉华星光电,液晶显示模组及配套,返乡创业,否",
        "王建华,通城县,隽水镇,利和村,13900001111,重复一行,,,",
        "赵六,通城县,隽水镇,利和村,123,,,,",
        "钱七,崇阳县,天城镇,七星社区,13900003333,,,,",
        "张伟,通城县,隽水镇,利和村,13700000000,,,,",
        "孙八,通城县,隽水镇,不存在村,13900004444,,,,",
    ]
    .join("\n")
}

async fn seed_existing(org: &Client) -> i64 {
    let r = org
        .post(
            "/api/v1/profiles",
            json!({"name": "张伟", "hometown_code": "421222100201", "mobile": "13812345678"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_i64().unwrap()
}

fn errors_by_row(report: &Value) -> Vec<(u64, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["column"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_template_downloads_with_chinese_headers_and_examples() {
    let app = spawn_app().await;
    let org = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    let r = org
        .http
        .get(format!("{}/api/v1/profiles/import/template", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    let bytes = r.bytes().await.unwrap();
    let sheet = xiangxian::spreadsheet::read_table(&bytes, "t.xlsx").unwrap();
    assert_eq!(sheet.rows.len(), 2);
    assert!(sheet.unknown_headers.is_empty());
}

#[tokio::test]
async fn a_dry_run_sorts_every_row_and_writes_nothing() {
    let app = spawn_app().await;
    let org = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    let existing = seed_existing(&org).await;
    let r = upload(&org, "?dry_run=true", mixed_csv().into_bytes(), "乡贤.csv").await;
    assert_eq!(r.status, 200, "{}", r.text);
    let report = &r.body;
    assert_eq!(report["rows"], 7);
    assert_eq!(report["created"], 2, "{report}");
    assert_eq!(report["updated"], 0);
    assert_eq!(report["rejected"], 3);
    assert_eq!(
        errors_by_row(report),
        vec![
            (5, "手机号".into()),
            (6, "村（社区）".into()),
            (8, "村（社区）".into())
        ]
    );
    let dups = report["duplicates"].as_array().unwrap();
    assert_eq!(dups.len(), 2, "{report}");
    assert_eq!(dups[0]["row"], 4);
    assert_eq!(dups[0]["kind"], "exact");
    assert_eq!(dups[1]["row"], 7);
    assert_eq!(dups[1]["kind"], "likely");
    assert_eq!(dups[1]["existing_id"].as_i64(), Some(existing));
    assert!(
        report["errors"][1]["message"]
            .as_str()
            .unwrap()
            .contains("不在您的管辖范围内"),
        "{report}"
    );
    assert_eq!(report["written"], false);
    assert_eq!(profile_count(&app).await, 1);
}

#[tokio::test]
async fn one_bad_row_blocks_the_import_unless_the_valid_rows_are_chosen() {
    let app = spawn_app().await;
    let org = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    seed_existing(&org).await;
    let blocked = upload(&org, "", mixed_csv().into_bytes(), "乡贤.csv").await;
    assert_eq!(blocked.status, 200);
    assert_eq!(blocked.body["written"], false);
    assert_eq!(profile_count(&app).await, 1);
    let valid = upload(
        &org,
        "?valid_rows=true",
        mixed_csv().into_bytes(),
        "乡贤.csv",
    )
    .await;
    assert_eq!(valid.body["written"], true, "{}", valid.text);
    assert_eq!(profile_count(&app).await, 3);
    let imported: Vec<_> = app
        .audit_actions()
        .await
        .into_iter()
        .filter(|(a, _, _)| a == "import")
        .collect();
    // The blocked run is audited as a check that wrote nothing, the second as the import.
    assert_eq!(imported.len(), 2);
    assert!(imported[0].2.starts_with("导入 "), "{imported:?}");
    assert!(
        imported[1].2.starts_with("试导入（未写入）"),
        "{imported:?}"
    );
    // The same file again: nothing new, the known person is a duplicate.
    let again = upload(
        &org,
        "?valid_rows=true",
        mixed_csv().into_bytes(),
        "乡贤.csv",
    )
    .await;
    assert_eq!(again.body["created"], 0, "{}", again.text);
    assert_eq!(profile_count(&app).await, 3);
}

#[tokio::test]
async fn a_known_person_with_new_details_is_updated() {
    let app = spawn_app().await;
    let org = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    let id = seed_existing(&org).await;
    let csv = format!(
        "{HEADER}\n张伟,通城县,隽水镇,利和村,138 1234 5678,深圳市信维通信股份有限公司,,,是"
    );
    let r = upload(&org, "", csv.into_bytes(), "更新.csv").await;
    assert_eq!(r.body["updated"], 1, "{}", r.text);
    let p = org.get(&format!("/api/v1/profiles/{id}")).await;
    assert_eq!(p.body["employer"], "深圳市信维通信股份有限公司");
    assert_eq!(p.body["consent_match"], true);
    assert_eq!(p.body["version"], 2);
}

#[tokio::test]
async fn gbk_csv_and_xlsx_read_the_same_as_utf8() {
    let app = spawn_app().await;
    let org = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    let csv = format!("{HEADER}\n周杰,通城县,隽水镇,石泉村,13900005555,,光纤光缆,技术合作,是");
    let (gbk, _, _) = encoding_rs::GBK.encode(&csv);
    let r = upload(&org, "?dry_run=true", gbk.into_owned(), "gbk.csv").await;
    assert_eq!(r.body["created"], 1, "{}", r.text);

    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, header) in HEADER.split(',').enumerate() {
        sheet.write_string(0, col as u16, header).unwrap();
    }
    for (col, cell) in "周杰,通城县,隽水镇,石泉村,13900005555,,光纤光缆,技术合作,是"
        .split(',')
        .enumerate()
    {
        sheet.write_string(1, col as u16, cell).unwrap();
    }
    let r = upload(&org, "", book.save_to_buffer().unwrap(), "周杰.xlsx").await;
    assert_eq!(r.body["created"], 1, "{}", r.text);
    assert_eq!(profile_count(&app).await, 1);
}

#[tokio::test]
async fn a_broken_file_gets_a_clear_error_and_no_partial_import() {
    let app = spawn_app().await;
    let org = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    let png = upload(
        &org,
        "",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(),
        "photo.png",
    )
    .await;
    assert_eq!(png.status, 422, "{}", png.text);
    assert!(
        png.body["error"]["message"]
            .as_str()
            .unwrap()
            .chars()
            .any(|c| c > '\u{2e80}'),
        "message in Chinese: {}",
        png.text
    );
    let no_name = upload(&org, "", "手机号\n13900001111".as_bytes().to_vec(), "x.csv").await;
    assert_eq!(no_name.status, 422);
    let huge = upload(
        &org,
        "",
        vec![b'a'; xiangxian::spreadsheet::MAX_BYTES + 128 * 1024],
        "big.csv",
    )
    .await;
    assert_eq!(huge.status, 413, "{}", huge.text);
    assert_eq!(profile_count(&app).await, 0);
}

/// Clerks number rows with `=ROW()-1` and sometimes build a cell with a
/// formula: the numbering costs nothing, a formula in a read column costs
/// only its row, reported with the cell, and the rest of the sheet imports.
#[tokio::test]
async fn a_formula_costs_its_cell_not_the_sheet() {
    let app = spawn_app().await;
    let org = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, header) in [
        "序号",
        "姓名",
        "县（市、区）",
        "乡镇（街道）",
        "村（社区）",
        "手机号",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    let people = [("王建华", Some("13900001111")), ("公式人", None)];
    for (i, (name, mobile)) in people.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 1, *name).unwrap();
        sheet.write_string(row, 2, "通城县").unwrap();
        sheet.write_string(row, 3, "隽水镇").unwrap();
        sheet.write_string(row, 4, "利和村").unwrap();
        match mobile {
            Some(m) => sheet.write_string(row, 5, *m).unwrap(),
            None => sheet
                .write_formula(
                    row,
                    5,
                    rust_xlsxwriter::Formula::new("=\"139\"&\"00002222\"")
                        .set_result("13900002222"),
                )
                .unwrap(),
        };
    }
    // The whole form numbered in advance, most lines unused.
    for row in 1..40u32 {
        sheet
            .write_formula(
                row,
                0,
                rust_xlsxwriter::Formula::new("=ROW()-1").set_result(format!("{row}")),
            )
            .unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();

    let dry = upload(&org, "?dry_run=true", bytes.clone(), "公式.xlsx").await;
    assert_eq!(dry.status, 200, "{}", dry.text);
    assert_eq!(dry.body["rows"], 2, "{}", dry.text);
    assert_eq!(dry.body["created"], 1, "{}", dry.text);
    assert_eq!(dry.body["rejected"], 1, "{}", dry.text);
    assert_eq!(errors_by_row(&dry.body), vec![(3, "手机号".into())]);
    let message = dry.body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("公式"), "{message}");
    assert_eq!(dry.body["errors"][0]["cell"], "Sheet1!F3", "{}", dry.text);
    assert!(!dry.text.contains("13900002222"), "{}", dry.text);

    let all_or_nothing = upload(&org, "", bytes.clone(), "公式.xlsx").await;
    assert_eq!(all_or_nothing.status, 200, "{}", all_or_nothing.text);
    assert_eq!(
        profile_count(&app).await,
        0,
        "a rejected row stops the whole file by default"
    );
    let valid = upload(&org, "?valid_rows=true", bytes, "公式.xlsx").await;
    assert_eq!(valid.status, 200, "{}", valid.text);
    assert_eq!(valid.body["created"], 1, "{}", valid.text);
    assert_eq!(profile_count(&app).await, 1);
}

#[tokio::test]
async fn founders_cannot_import_and_staff_import_only_within_their_county() {
    use sea_orm::EntityTrait;
    let app = spawn_app().await;
    let founder = app.login_as("founder", Role::Founder, None).await;
    assert_eq!(
        upload(&founder, "?dry_run=true", mixed_csv().into_bytes(), "x.csv")
            .await
            .status,
        403
    );
    // 崇阳县 staff: every 通城县 row is out of scope, and nothing is written.
    let staff = app.login_as("cy_staff", Role::Staff, Some("421223")).await;
    let r = upload(
        &staff,
        "?valid_rows=true",
        mixed_csv().into_bytes(),
        "x.csv",
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["created"], 1, "{}", r.text);
    assert_eq!(profile_count(&app).await, 1);
    let stored = xiangxian::entity::profile::Entity::find()
        .all(app.db.conn())
        .await
        .unwrap();
    assert_eq!(stored[0].name, "钱七");
    assert!(stored[0].hometown_code.starts_with("421223"));
}

#[tokio::test]
async fn the_export_is_masked_audited_and_limited_to_the_scope() {
    let app = spawn_app().await;
    let org = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    seed_existing(&org).await;
    let other = app
        .login_as("org_cy", Role::Organizer, Some("421223100"))
        .await;
    let r = other
        .post(
            "/api/v1/profiles",
            json!({"name": "别人", "hometown_code": "421223100201", "mobile": "13955556666"}),
        )
        .await;
    assert_eq!(r.status, 201);
    let response = org
        .http
        .get(format!("{}/api/v1/profiles/export", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap();
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<String> = range
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(cells.contains(&"张伟".to_owned()));
    assert!(cells.contains(&"138****5678".to_owned()));
    assert!(!cells.iter().any(|c| c.contains("13812345678")));
    assert!(!cells.contains(&"别人".to_owned()));
    let exports = app
        .audit_actions()
        .await
        .into_iter()
        .filter(|(a, _, _)| a == "export")
        .count();
    assert_eq!(exports, 1);
}

#[tokio::test]
async fn the_api_takes_corrections_to_the_column_mapping() {
    let app = spawn_app().await;
    let org = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    let csv = "姓名,出生地点,手机号码\n王建华,隽水镇利和村,13900001111\n";
    let guessed = upload(&org, "?dry_run=true", csv.as_bytes().to_vec(), "x.csv").await;
    assert_eq!(guessed.body["rejected"], 1, "{}", guessed.text);
    assert_eq!(
        guessed.body["sheets"][0]["columns"][1]["field"],
        Value::Null
    );
    let mapped = upload(
        &org,
        "?dry_run=true&mapping=B%3Dhometown",
        csv.as_bytes().to_vec(),
        "x.csv",
    )
    .await;
    assert_eq!(mapped.body["created"], 1, "{}", mapped.text);
    assert_eq!(mapped.body["sheets"][0]["columns"][1]["field"], "hometown");
    assert_eq!(
        mapped.body["preview"][0]["village"],
        "通城县隽水镇利和村委会"
    );
    let bad = upload(&org, "?mapping=B%3Dnope", csv.as_bytes().to_vec(), "x.csv").await;
    assert_eq!(bad.status, 400, "{}", bad.text);
    assert_eq!(profile_count(&app).await, 0);
}

#[tokio::test]
async fn a_staged_preview_is_confirmed_by_its_owner_without_a_second_upload() {
    let app = spawn_app().await;
    let org = app
        .login_as("org_jsz", Role::Organizer, Some("421222100"))
        .await;
    let csv = "姓名,籍贯,手机号码\n王建华,隽水镇利和村,13900001111\n";
    let form = Form::new().part(
        "file",
        Part::bytes(csv.as_bytes().to_vec()).file_name("x.csv"),
    );
    let preview = org
        .send(
            org.raw(reqwest::Method::POST, "/api/v1/profiles/import/preview")
                .await
                .multipart(form),
        )
        .await;
    assert_eq!(preview.status, 201, "{}", preview.text);
    assert_eq!(preview.body["report"]["created"], 1);
    let id = preview.body["id"].as_str().unwrap().to_owned();
    assert_eq!(profile_count(&app).await, 0);
    let other = app
        .login_as("org_other", Role::Organizer, Some("421222100"))
        .await;
    let stolen = other
        .post(&format!("/api/v1/profiles/import/{id}/confirm"), json!({}))
        .await;
    assert_eq!(stolen.status, 404, "{}", stolen.text);
    let done = org
        .post(&format!("/api/v1/profiles/import/{id}/confirm"), json!({}))
        .await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert_eq!(done.body["written"], true);
    assert_eq!(profile_count(&app).await, 1);
    let again = org
        .post(&format!("/api/v1/profiles/import/{id}/confirm"), json!({}))
        .await;
    assert_eq!(again.status, 404);
}
