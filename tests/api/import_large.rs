//! The command line's import of a file over the web upload's limits: read
//! whole, written a batch at a time (each batch one transaction with its
//! audit event), one report for the whole file, written to a file when asked.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use xiangxian::auth::CurrentUser;
use xiangxian::entity::{audit_event, profile};
use xiangxian::service::import::{ImportOptions, import_large};
use xiangxian::service::region::RegionNames;
use xiangxian::spreadsheet::{Limits, SheetError, read_workbook_with};

use crate::helpers::spawn_app;

const HEADER: &str = "姓名,县（市、区）,乡镇（街道）,村（社区）,手机号,工作单位";
const SURNAMES: &[char] = &['王', '李', '张', '刘', '陈', '杨'];
const GIVEN: &[char] = &['建', '秀', '志', '丽', '国', '红', '明'];

/// `n` people of 利和村 with distinct names and mobiles; row 25 repeats row
/// 3 exactly, row 20 has row 2's name with another mobile.
fn csv(n: usize, bad_row: Option<usize>) -> Vec<u8> {
    let mut lines = vec![HEADER.to_owned()];
    let person = |i: usize| {
        let name: String = [
            SURNAMES[i % SURNAMES.len()],
            GIVEN[i / SURNAMES.len() % GIVEN.len()],
            GIVEN[i / 42 % GIVEN.len()],
        ]
        .iter()
        .collect();
        (name, format!("1390000{i:04}"))
    };
    for i in 0..n {
        let (name, mobile) = match i {
            23 => person(1),
            18 => (person(0).0, format!("1380000{i:04}")),
            _ => person(i),
        };
        let mobile = if bad_row == Some(i) {
            "123".into()
        } else {
            mobile
        };
        lines.push(format!("{name},通城县,隽水镇,利和村,{mobile},通城县电子厂"));
    }
    lines.join("\n").into_bytes()
}

#[tokio::test]
async fn the_command_line_imports_a_file_over_the_web_row_limit_in_batches() {
    let app = spawn_app().await;
    let bytes = csv(30, None);
    // The web upload's reader under a 20-row limit refuses the file ...
    let web = Limits {
        max_rows: 20,
        ..Limits::UPLOAD
    };
    assert!(matches!(
        read_workbook_with(&bytes, "名单.csv", web),
        Err(SheetError::TooManyRows { max: 20 })
    ));
    // ... the command line's import takes it, seven rows per transaction.
    let names = RegionNames::load(app.db.conn()).await.unwrap();
    let done = import_large(
        &app.db,
        &CurrentUser::system("import"),
        &names,
        bytes,
        "名单.csv",
        ImportOptions::default(),
        7,
        &|_| {},
    )
    .await
    .unwrap();
    let report = &done.report;
    assert_eq!(done.batches, 5);
    assert!(done.failed.is_none());
    assert!(report.written);
    assert_eq!((report.rows, report.created, report.rejected), (30, 29, 0));
    // A repeat in a later batch is a repeat within the file, as in one upload.
    let repeat = report.duplicates.iter().find(|d| d.blocked).unwrap();
    assert_eq!((repeat.row, repeat.other_row), (25, Some(3)));
    assert!(repeat.reason.contains("文件内重复"), "{}", repeat.reason);
    // Same name and village, another mobile: flagged, written, as in one upload.
    let likely = report.duplicates.iter().find(|d| !d.blocked).unwrap();
    assert_eq!((likely.row, likely.other_row), (20, Some(2)));
    let live = profile::Entity::find().count(app.db.conn()).await.unwrap();
    assert_eq!(live, 29);
    let imports = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("import"))
        .count(app.db.conn())
        .await
        .unwrap();
    assert_eq!(imports, 5, "one import event per batch");
    let created = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("create"))
        .count(app.db.conn())
        .await
        .unwrap();
    assert_eq!(created, 29);
}

#[tokio::test]
async fn a_rejected_row_in_a_late_batch_keeps_the_whole_file_out() {
    let app = spawn_app().await;
    let names = RegionNames::load(app.db.conn()).await.unwrap();
    let done = import_large(
        &app.db,
        &CurrentUser::system("import"),
        &names,
        csv(30, Some(28)),
        "名单.csv",
        ImportOptions::default(),
        7,
        &|_| {},
    )
    .await
    .unwrap();
    assert!(!done.report.written);
    assert_eq!(done.report.rejected, 1);
    assert_eq!(done.report.errors[0].row, 30);
    let live = profile::Entity::find().count(app.db.conn()).await.unwrap();
    assert_eq!(live, 0, "nothing written");
}

#[test]
fn the_import_command_writes_the_row_report_to_the_file_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("名单.csv");
    std::fs::write(&file, csv(30, None)).unwrap();
    let report = dir.path().join("报告.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xiangxian"))
        .args([
            "import",
            "profiles",
            file.to_str().unwrap(),
            "--batch-rows",
            "7",
        ])
        .args(["--report", report.to_str().unwrap()])
        .args(["--data-dir", dir.path().join("data").to_str().unwrap()])
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("30 行：新建 29"), "{stderr}");
    assert!(stderr.contains("5 批"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(json["created"], 29);
    assert_eq!(json["duplicates"].as_array().unwrap().len(), 2);
    assert!(out.stdout.is_empty(), "the report went to the file");
}
