//! The audit log as a clerk reads it (issue 16): records named, changes as Chinese fields
//! before and after, sign-ins filterable out, and an export of the same selection that is
//! itself audited, shows no full contact and is for administrators only.
#![allow(clippy::unwrap_used)] // a test should fail loudly

use calamine::{Reader, Xlsx};
use reqwest::StatusCode;
use serde_json::json;
use xiangxian::domain::Role;

use crate::fixtures::TONGCHENG_VILLAGE;
use crate::helpers::spawn_app;
use crate::page_client::{Browser, signed_in};

async fn xlsx_cells(b: &Browser, path: &str) -> (StatusCode, String, Vec<String>) {
    let r = b
        .http
        .get(format!("{}{path}", b.base))
        .send()
        .await
        .unwrap();
    let status = r.status();
    let disposition = r
        .headers()
        .get("content-disposition")
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    let bytes = r.bytes().await.unwrap();
    if status != StatusCode::OK {
        return (status, disposition, Vec::new());
    }
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let cells = range
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    (status, disposition, cells)
}

#[tokio::test]
async fn an_edit_reads_as_the_named_record_with_chinese_fields_before_and_after() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let created = admin
        .post(
            "/api/v1/profiles",
            json!({"name": "周海涛", "hometown_code": TONGCHENG_VILLAGE, "mobile": "13812345678",
                   "employer": "通城光电", "consent_match": true, "listed": true,
                   "chains": ["optical.fiber"]}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.body["id"].as_i64().unwrap();
    let version = created.body["version"].as_i64().unwrap();
    let edited = admin
        .patch(
            &format!("/api/v1/profiles/{id}"),
            json!({"employer": "长飞光纤光缆股份有限公司", "gender": "male", "version": version}),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.text);

    let b = Browser::sign_in(&app, "admin").await;
    let page = b.get("/admin/audit?action=update&entity=profile").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = &page.html;
    assert!(
        html.contains(&format!("乡贤档案 周海涛 #{id}")),
        "the record is named: {html}"
    );
    assert!(html.contains("工作单位"), "the field in Chinese");
    assert!(html.contains("通城光电") && html.contains("长飞光纤光缆股份有限公司"));
    assert!(
        html.contains("性别") && html.contains("男"),
        "a code as its label"
    );
    assert!(!html.contains("\"employer\""), "no JSON keys");
    assert!(!html.contains("13812345678"), "no full mobile");

    // Sign-ins are there, and gone when asked.
    let all = b.get("/admin/audit").await;
    assert!(all.html.contains("tag tag-login"), "{}", all.html);
    let quiet = b.get("/admin/audit?hide_logins=1").await;
    assert_eq!(quiet.status, StatusCode::OK);
    assert!(!quiet.html.contains("tag tag-login"), "{}", quiet.html);
    assert!(quiet.html.contains(&format!("周海涛 #{id}")));
    let api = admin
        .get("/api/v1/audit?hide_logins=true&per_page=100")
        .await;
    assert_eq!(api.status, 200, "{}", api.text);
    let actions: Vec<&str> = api.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(!actions.is_empty());
    assert!(actions.iter().all(|a| !a.starts_with("log")), "{actions:?}");
}

#[tokio::test]
async fn the_export_is_the_same_selection_in_words_audited_and_for_administrators_only() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let created = admin
        .post(
            "/api/v1/profiles",
            json!({"name": "罗永红", "hometown_code": TONGCHENG_VILLAGE, "mobile": "13987654321",
                   "consent_match": true, "listed": true}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.body["id"].as_i64().unwrap();

    let b = Browser::sign_in(&app, "admin").await;
    let (status, disposition, cells) =
        xlsx_cells(&b, "/admin/audit/export?entity=profile&hide_logins=1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        disposition.contains("%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97"),
        "named 审计日志-…: {disposition}"
    );
    assert!(cells.contains(&"操作人".to_owned()), "{cells:?}");
    assert!(
        cells.contains(&format!("乡贤档案 罗永红 #{id}")),
        "{cells:?}"
    );
    assert!(
        cells.iter().any(|c| c.contains("姓名：罗永红")),
        "{cells:?}"
    );
    assert!(
        !cells.iter().any(|c| c.contains("13987654321")),
        "no full contact in the file"
    );
    assert!(!cells.iter().any(|c| c == "登录"), "sign-ins left out");
    let exports = app
        .audit_actions()
        .await
        .into_iter()
        .filter(|(action, _, detail)| action == "export" && detail.contains("审计日志"))
        .count();
    assert_eq!(exports, 1, "the export is itself audited");

    // Staff of the county may not read the log, as a page or as a file.
    let staff = signed_in(&app, "tc_staff", Role::Staff, Some("421222")).await;
    let (status, _, cells) = xlsx_cells(&staff, "/admin/audit/export").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(cells.is_empty());
    assert_eq!(
        staff.get("/admin/audit").await.status,
        StatusCode::FORBIDDEN
    );
}
