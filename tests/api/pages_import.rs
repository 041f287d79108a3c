//! The import page: template link, multipart upload with its CSRF token, the
//! three choices, and the row report as tables.

use reqwest::StatusCode;
use serde_json::json;
use xiangxian::domain::Role;

use crate::helpers::{PASSWORD, TestApp, spawn_app};
use crate::page_client::{Browser, signed_in, text_of};

const HEADER: &str =
    "姓名,县（市、区）,乡镇（街道）,村（社区）,手机号,工作单位,产业领域,回乡意向,同意对接";

/// Two good rows, a repeat inside the file, a bad phone, a village outside
/// the scope and a likely duplicate of 张伟.
fn mixed_csv() -> Vec<u8> {
    [
        HEADER,
        "王建华,通城县,隽水镇,利和村,13900001111,深圳市信维通信股份有限公司,无线充电和电子元器件,投资兴业,是",
        "李秀英,通城县,隽水镇,油坊村委会,,武汉华星光电,液晶显示模组及配套,返乡创业,否",
        "王建华,通城县,隽水镇,利和村,13900001111,重复一行,,,",
        "赵六,通城县,隽水镇,利和村,123,,,,",
        "钱七,崇阳县,天城镇,七星社区,13900003333,,,,",
        "张伟,通城县,隽水镇,利和村,13700000000,,,,",
    ]
    .join("\n")
    .into_bytes()
}

async fn organizer_with_zhang_wei(app: &TestApp) -> (Browser, i64) {
    let b = signed_in(app, "org", Role::Organizer, Some("421222100")).await;
    let api = app.login("org", PASSWORD).await;
    let r = api
        .post(
            "/api/v1/profiles",
            json!({"name": "张伟", "hometown_code": "421222100201", "mobile": "13812345678"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    (b, r.body["id"].as_i64().expect("id"))
}

async fn profile_count(app: &TestApp) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    xiangxian::entity::profile::Entity::find()
        .count(app.db.conn())
        .await
        .expect("count")
}

#[tokio::test]
async fn the_import_page_offers_the_template_and_a_multipart_form() {
    let app = spawn_app().await;
    let b = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let r = b.get("/profiles/import").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.html.contains("href=\"/api/v1/profiles/import/template\""));
    assert!(r.html.contains("enctype=\"multipart/form-data\""));
    assert!(r.html.contains("先检查（不写入）") && r.html.contains("只导入有效行"));
    // The template link works with the page session.
    let t = b.get("/api/v1/profiles/import/template").await;
    assert_eq!(t.status, StatusCode::OK);
    assert!(
        t.headers["content-type"]
            .to_str()
            .unwrap_or("")
            .contains("spreadsheetml")
    );
}

#[tokio::test]
async fn a_check_shows_every_bad_row_with_column_and_reason_and_writes_nothing() {
    let app = spawn_app().await;
    let (b, zhang) = organizer_with_zhang_wei(&app).await;
    let token = b.get("/profiles/import").await.csrf();
    let r = b
        .follow(
            b.upload(
                "/profiles/import",
                &token,
                &[("mode", "check")],
                Some(("乡贤.csv", mixed_csv())),
            )
            .await,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.html);
    assert!(text_of(&r.html, "import-outcome").contains("未写入"));
    assert_eq!(text_of(&r.html, "count-rows"), "6");
    assert_eq!(text_of(&r.html, "count-created"), "2");
    assert_eq!(text_of(&r.html, "count-rejected"), "2");
    // Errors: row, column and reason in a table.
    assert!(r.html.contains("id=\"import-errors\""));
    assert!(
        r.html.contains(
            "<td class=\"num\" data-label=\"行号\">5</td><td data-label=\"列\">手机号</td>"
        ),
        "{}",
        r.html
    );
    assert!(r.html.contains("不在您的管辖范围内"));
    // Duplicates: the likely one links to the existing profile.
    assert!(r.html.contains("id=\"import-duplicates\""));
    assert!(r.html.contains(&format!("href=\"/profiles/{zhang}\"")));
    assert!(r.html.contains("文件内重复"));
    assert_eq!(profile_count(&app).await, 1);
}

#[tokio::test]
async fn importing_all_is_blocked_by_a_bad_row_and_the_valid_rows_go_in_when_chosen() {
    let app = spawn_app().await;
    let (b, _) = organizer_with_zhang_wei(&app).await;
    let token = b.get("/profiles/import").await.csrf();
    let all = b
        .upload(
            "/profiles/import",
            &token,
            &[("mode", "all")],
            Some(("乡贤.csv", mixed_csv())),
        )
        .await;
    assert!(text_of(&all.html, "import-outcome").contains("未导入"));
    assert_eq!(profile_count(&app).await, 1);
    let valid = b
        .follow(
            b.upload(
                "/profiles/import",
                &token,
                &[("mode", "valid")],
                Some(("乡贤.csv", mixed_csv())),
            )
            .await,
        )
        .await;
    assert_eq!(text_of(&valid.html, "import-outcome"), "已导入");
    assert_eq!(text_of(&valid.html, "count-created"), "2");
    assert_eq!(profile_count(&app).await, 3);
    // The imported people reach the searched list.
    let list = b.settled_get(&app, "/profiles").await;
    assert!(list.html.contains("王建华") && list.html.contains("李秀英"));
}

#[tokio::test]
async fn an_upload_without_a_file_or_with_an_unreadable_one_is_told_beside_the_file_field() {
    let app = spawn_app().await;
    let b = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let token = b.get("/profiles/import").await.csrf();
    let none = b
        .upload("/profiles/import", &token, &[("mode", "check")], None)
        .await;
    assert_eq!(none.status, StatusCode::BAD_REQUEST);
    assert!(none.html.contains("id=\"file-error\""));
    assert!(text_of(&none.html, "file-error").contains("请选择"));
    let junk = b
        .upload(
            "/profiles/import",
            &token,
            &[("mode", "check")],
            Some(("乡贤.pdf", b"%PDF-1.4 not a sheet".to_vec())),
        )
        .await;
    assert!(junk.status.is_client_error(), "{}", junk.status);
    assert!(junk.html.contains("id=\"file-error\""), "{}", junk.html);
}

#[tokio::test]
async fn an_upload_without_the_csrf_token_or_from_another_site_is_refused() {
    let app = spawn_app().await;
    let (b, _) = organizer_with_zhang_wei(&app).await;
    b.get("/profiles/import").await;
    let r = b
        .upload(
            "/profiles/import",
            "forged",
            &[("mode", "valid")],
            Some(("乡贤.csv", mixed_csv())),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.html.contains("页面已过期"));
    let token = b.get("/profiles/import").await.csrf();
    let form = reqwest::multipart::Form::new()
        .text("_csrf", token)
        .text("mode", "valid")
        .part(
            "file",
            reqwest::multipart::Part::bytes(mixed_csv()).file_name("乡贤.csv"),
        );
    let cross = b
        .http
        .post(format!("{}/profiles/import", b.base))
        .header("origin", "http://evil.example")
        .multipart(form)
        .send()
        .await
        .expect("post");
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    assert_eq!(profile_count(&app).await, 1);
}

#[tokio::test]
async fn founders_cannot_import_and_staff_can() {
    let app = spawn_app().await;
    let staff = signed_in(&app, "staff", Role::Staff, Some("421222")).await;
    assert_eq!(staff.get("/profiles/import").await.status, StatusCode::OK);
    let founder = signed_in(&app, "founder", Role::Founder, None).await;
    assert_eq!(
        founder.get("/profiles/import").await.status,
        StatusCode::FORBIDDEN
    );
}

/// The stage id in the preview's 确认导入 form.
fn stage_id(html: &str) -> String {
    let marker = "action=\"/profiles/import/";
    let start = html.find(marker).expect("confirm form") + marker.len();
    let end = html[start..].find('/').expect("id end");
    html[start..start + end].to_owned()
}

#[tokio::test]
async fn a_preview_takes_a_changed_column_mapping_and_confirm_writes_it_without_a_second_upload() {
    let app = spawn_app().await;
    let b = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let token = b.get("/profiles/import").await.csrf();
    // 出生地点 is not a header the importer knows: every row lacks a hometown.
    let csv = "姓名,出生地点,手机号码,现工作单位及职务\n\
               王建华,隽水镇利和村,13900001111,深圳市信维通信股份有限公司研发总监\n\
               李秀英,油坊村5组,13900002222,武汉华星光电技术有限公司总经理\n";
    let first = b
        .follow(
            b.upload(
                "/profiles/import",
                &token,
                &[("mode", "check")],
                Some(("乡贤.csv", csv.as_bytes().to_vec())),
            )
            .await,
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.html);
    assert_eq!(
        text_of(&first.html, "import-outcome"),
        "预览，尚未写入任何档案"
    );
    assert_eq!(text_of(&first.html, "count-rejected"), "2");
    assert!(first.html.contains("id=\"import-preview\""));
    assert!(
        first.html.contains("研发总监"),
        "employer and title split in the preview"
    );
    let id = stage_id(&first.html);
    assert_eq!(id.len(), 32);

    // The rejected rows download with their reasons.
    let rejected = b
        .http
        .get(format!("{}/profiles/import/{id}/rejected", b.base))
        .send()
        .await
        .expect("get");
    assert_eq!(rejected.status(), StatusCode::OK);
    let bytes = rejected.bytes().await.expect("bytes");
    let sheet = xiangxian::spreadsheet::read_table(&bytes, "r.xlsx").expect("xlsx");
    assert_eq!(sheet.rows.len(), 2);
    assert!(sheet.headers.iter().any(|h| h.text == "错误原因"));

    // Another organizer cannot see, change or confirm the stage.
    let other = signed_in(&app, "org2", Role::Organizer, Some("421222100")).await;
    assert_eq!(
        other.get(&format!("/profiles/import/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let other_token = other.get("/profiles/import").await.csrf();
    let stolen = other
        .post(
            &format!("/profiles/import/{id}/confirm"),
            &other_token,
            &[("mode", "all")],
        )
        .await;
    assert_eq!(stolen.status, StatusCode::NOT_FOUND);

    // The clerk reads column B as 籍贯.
    let token = b.get(&format!("/profiles/import/{id}")).await.csrf();
    let remapped = b
        .post(
            &format!("/profiles/import/{id}/mapping"),
            &token,
            &[("sheet", "0"), ("col_1", "hometown")],
        )
        .await;
    assert_eq!(remapped.status, StatusCode::SEE_OTHER, "{}", remapped.html);
    assert_eq!(remapped.location(), format!("/profiles/import/{id}"));
    let preview = b.get(&format!("/profiles/import/{id}")).await;
    assert_eq!(
        text_of(&preview.html, "count-rejected"),
        "0",
        "{}",
        preview.html
    );
    assert_eq!(text_of(&preview.html, "count-created"), "2");
    assert!(
        preview.html.contains("隽水镇利和村"),
        "the village as a name"
    );
    assert!(
        preview
            .html
            .contains("<option value=\"hometown\" selected>")
    );
    assert_eq!(profile_count(&app).await, 0, "a preview writes nothing");

    // 确认导入: no file this time.
    let token = preview.csrf();
    let done = b
        .post(
            &format!("/profiles/import/{id}/confirm"),
            &token,
            &[("mode", "all")],
        )
        .await;
    // Redirected to the receipt: a refresh or the back button cannot import it twice.
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let receipt = done.location().to_owned();
    assert!(receipt.starts_with("/profiles/import/") && !receipt.ends_with(&id));
    let done = b.get(&receipt).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.html);
    assert_eq!(text_of(&done.html, "import-outcome"), "已导入");
    assert_eq!(text_of(&done.html, "count-created"), "2");
    assert_eq!(profile_count(&app).await, 2);
    use sea_orm::EntityTrait;
    let stored = xiangxian::entity::profile::Entity::find()
        .all(app.db.conn())
        .await
        .expect("profiles");
    let wang = stored.iter().find(|p| p.name == "王建华").expect("王建华");
    assert_eq!(wang.hometown_code, "421222100201");
    assert_eq!(wang.employer, "深圳市信维通信股份有限公司");
    assert_eq!(wang.title, "研发总监");
    // The stage is gone once written.
    assert_eq!(
        b.get(&format!("/profiles/import/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    // Sending 确认导入 again (the browser's resubmission) imports nothing twice.
    let again = b
        .post(
            &format!("/profiles/import/{id}/confirm"),
            &token,
            &[("mode", "all")],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(profile_count(&app).await, 2);
    // The receipt is its owner's: another organizer gets the same 404 as a missing one.
    let theirs = other.get(&receipt).await;
    let missing = other
        .get("/profiles/import/0123456789abcdef0123456789abcdef")
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(theirs.html, missing.html);
}

#[tokio::test]
async fn a_sheet_larger_than_a_json_body_is_accepted_by_the_page() {
    let app = spawn_app().await;
    let b = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let token = b.get("/profiles/import").await.csrf();
    // 1.5 MB, past the 1 MB limit of other requests, in a column the reader ignores.
    let padding = "x".repeat(1_500_000);
    let csv = format!("{HEADER},备用\n王建华,通城县,隽水镇,利和村,13900001111,,,,,{padding}");
    let r = b
        .follow(
            b.upload(
                "/profiles/import",
                &token,
                &[("mode", "check")],
                Some(("大文件.csv", csv.into_bytes())),
            )
            .await,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{}",
        &r.html[..r.html.len().min(2000)]
    );
    assert_eq!(text_of(&r.html, "count-created"), "1");
    assert!(
        r.html.contains("备用"),
        "the unknown column is named in a warning"
    );
}

#[tokio::test]
async fn a_sheet_over_the_size_limit_is_refused_by_the_page_with_413_and_nothing_written() {
    let app = spawn_app().await;
    let b = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let token = b.get("/profiles/import").await.csrf();
    let huge = vec![b'a'; xiangxian::spreadsheet::MAX_BYTES + 128 * 1024];
    let r = b
        .upload(
            "/profiles/import",
            &token,
            &[("mode", "all")],
            Some(("大名单.csv", huge)),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.html.contains("20 MB"), "the limit is named: {}", r.html);
    assert_eq!(profile_count(&app).await, 0);
}

#[tokio::test]
async fn a_password_protected_workbook_is_told_beside_the_file_field() {
    let app = spawn_app().await;
    let b = signed_in(&app, "org", Role::Organizer, Some("421222100")).await;
    let token = b.get("/profiles/import").await.csrf();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/import_sheets");
    for file in ["locked.xlsx", "locked.xls"] {
        let bytes = std::fs::read(format!("{dir}/{file}")).unwrap();
        let r = b
            .upload(
                "/profiles/import",
                &token,
                &[("mode", "check")],
                Some((file, bytes)),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{file}");
        assert!(
            text_of(&r.html, "file-error")
                .contains("文件设置了密码，请在 Excel 中取消密码后再上传"),
            "{file}: {}",
            text_of(&r.html, "file-error")
        );
    }
}
