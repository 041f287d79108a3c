//! Old Excel 97-2003 workbooks (.xls, made by generate_xls.py with xlwt):
//! read like .xlsx, refused by name when reading them would take too much
//! memory, and a password-protected workbook (.xls or .xlsx) told to be
//! unlocked first. The command line reads a sheet as the API does.

use reqwest::multipart::{Form, Part};
use serde_json::Value;
use xiangxian::domain::Role;

use crate::helpers::{Client, Resp, spawn_app};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/import_sheets");
const PASSWORD_MESSAGE: &str = "文件设置了密码，请在 Excel 中取消密码后再上传";

async fn upload(c: &Client, query: &str, file: &str) -> Resp {
    let bytes = std::fs::read(format!("{DIR}/{file}")).unwrap();
    let form = Form::new().part("file", Part::bytes(bytes).file_name(file.to_owned()));
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

fn message(r: &Resp) -> String {
    r.body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn an_xls_with_one_far_cell_is_refused_with_413_naming_the_sheet_and_the_cell() {
    let app = spawn_app().await;
    let org = app
        .login_as("org", Role::Organizer, Some("421222100"))
        .await;
    let r = upload(&org, "?dry_run=true", "xls_far_cell.xls").await;
    assert_eq!(r.status, 413, "{}", r.text);
    let m = message(&r);
    assert!(
        m.contains("工作表“乡贤名单”") && m.contains("IV65536"),
        "{m}"
    );
    assert!(m.contains("Ctrl+End"), "says how to find it: {m}");
}

#[tokio::test]
async fn an_xls_whose_dimensions_claim_two_billion_rows_is_refused_before_reading() {
    let app = spawn_app().await;
    let org = app
        .login_as("org", Role::Organizer, Some("421222100"))
        .await;
    let r = upload(&org, "?dry_run=true", "xls_dimensions_bomb.xls").await;
    assert_eq!(r.status, 413, "{}", r.text);
    assert!(message(&r).contains("工作表“乡贤名单”"), "{}", r.text);
}

#[tokio::test]
async fn password_protected_xlsx_and_xls_are_told_to_remove_the_password() {
    let app = spawn_app().await;
    let org = app
        .login_as("org", Role::Organizer, Some("421222100"))
        .await;
    for file in ["locked.xlsx", "locked.xls"] {
        let r = upload(&org, "?dry_run=true", file).await;
        assert_eq!(r.status, 422, "{file}: {}", r.text);
        assert!(
            message(&r).starts_with(PASSWORD_MESSAGE),
            "{file}: {}",
            r.text
        );
    }
}

#[tokio::test]
async fn an_xls_previews_and_confirms_like_an_xlsx() {
    let app = spawn_app().await;
    let org = app
        .login_as("org", Role::Organizer, Some("421222100"))
        .await;
    let xlsx = upload(&org, "?dry_run=true", "a_jsz_two_row_header.xlsx").await;
    let xls = upload(&org, "?dry_run=true", "f_jsz_two_row_header.xls").await;
    assert_eq!(xls.status, 200, "{}", xls.text);
    for key in [
        "rows",
        "rejected",
        "errors",
        "skipped",
        "preview",
        "sheets",
        "row_warnings",
    ] {
        assert_eq!(xls.body[key], xlsx.body[key], "{key}");
    }
    assert!(
        xls.body["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap_or("").contains("合并单元格")),
        "merged cells filled, with a notice: {}",
        xls.body["warnings"]
    );
}

/// The command line's report for `file`, on a fresh data folder.
fn cli_import(data: &std::path::Path, file: &str, dry_run: bool) -> Value {
    let path = format!("{DIR}/{file}");
    let mut args = vec!["import", "profiles", path.as_str(), "--data-dir"];
    args.push(data.to_str().unwrap());
    if dry_run {
        args.push("--dry-run");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xiangxian"))
        .args(&args)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run xiangxian");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the report as JSON")
}

#[tokio::test]
async fn the_command_line_reads_a_sheet_exactly_as_the_api_does() {
    let app = spawn_app().await;
    let admin = app.login_as("boss", Role::Admin, None).await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for file in ["g_tiancheng_per_village.xls", "b_maishi_gbk.csv"] {
        let api = upload(&admin, "?dry_run=true", file).await;
        assert_eq!(api.status, 200, "{file}: {}", api.text);
        let cli = cli_import(&data, file, true);
        assert_eq!(cli, api.body, "{file}");
    }
    let written = cli_import(&data, "g_tiancheng_per_village.xls", false);
    assert_eq!(written["written"], true);
    assert_eq!(written["created"], 9, "{written}");
}
