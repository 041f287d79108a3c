//! Example-based tests of what the reader refuses: files that are not
//! spreadsheets, unreadable headers, sizes past the limits, merges that reach
//! too far. Each refusal names what to fix.

use rust_xlsxwriter::Workbook;

use super::tests::header;
use super::*;

#[test]
fn non_spreadsheets_get_clear_errors() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let err = read_table(png, "照片.png").unwrap_err();
    assert_eq!(
        err,
        SheetError::NotASpreadsheet {
            filename: "照片.png".into()
        }
    );
    assert!(err.to_string().contains("照片.png"));

    let noise: Vec<u8> = (0..4000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert!(matches!(
        read_table(&noise, "x.csv"),
        Err(SheetError::NotASpreadsheet { .. })
    ));

    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    assert!(matches!(
        read_table(&ole, "旧.xls"),
        Err(SheetError::BadXls { .. })
    ));
    // A password-protected .xlsx is a compound file holding an EncryptedPackage stream.
    let err = read_table(
        &compound(&["EncryptionInfo", "EncryptedPackage"]),
        "加密.xlsx",
    )
    .unwrap_err();
    assert!(matches!(err, SheetError::Encrypted { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("文件设置了密码，请在 Excel 中取消密码后再上传"),
        "{err}"
    );
    // A Word document is a compound file too, without a workbook.
    assert!(matches!(
        read_table(&compound(&["WordDocument"]), "简历.doc"),
        Err(SheetError::NotASpreadsheet { .. })
    ));
    assert!(matches!(
        read_table(b"PK\x03\x04broken", "a.xlsx"),
        Err(SheetError::BadXlsx { .. })
    ));
    assert_eq!(read_table(b"", "a.csv"), Err(SheetError::EmptyFile));
    assert_eq!(read_table(b" \r\n", "a.csv"), Err(SheetError::EmptyFile));
    let html = "<html><table><tr><td>姓名</td></tr></table></html>";
    assert!(matches!(
        read_table(html.as_bytes(), "a.xls"),
        Err(SheetError::OtherFormat { .. })
    ));
    let big = vec![b'a'; MAX_BYTES + 1];
    assert_eq!(
        read_table(&big, "a.csv"),
        Err(SheetError::TooLarge {
            max_bytes: MAX_BYTES
        })
    );
}

#[test]
fn header_problems() {
    assert_eq!(
        read_table("性别,手机号\n男,13812345678\n".as_bytes(), "a.csv"),
        Err(SheetError::MissingColumns(vec!["姓名"]))
    );
    assert_eq!(
        read_table(b"a,b\n1,2\n", "a.csv"),
        Err(SheetError::NoHeader { sheets: vec![] })
    );
    assert_eq!(
        read_table("*姓名,性别\n".as_bytes(), "a.csv"),
        Err(SheetError::Empty)
    );
    let two_phones = read_table("姓名,手机,联系电话\n张伟,1,2\n".as_bytes(), "a.csv").unwrap();
    assert_eq!(two_phones.rows[0].get(Column::Mobile), Some("1/2"));
    let sheet = read_table(
        "姓名,职务,职称,标签,标签\n张伟,总经理,高级工程师,商会,,\n".as_bytes(),
        "a.csv",
    )
    .unwrap();
    assert_eq!(sheet.rows[0].get(Column::Title), Some("总经理、高级工程师"));
    assert_eq!(sheet.rows[0].get(Column::Tags), Some("商会"));

    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("封面")
        .unwrap()
        .write_string(0, 0, "乡贤名单")
        .unwrap();
    wb.add_worksheet()
        .set_name("数据")
        .unwrap()
        .write_string(20, 0, "姓名")
        .unwrap();
    let err = read_table(&wb.save_to_buffer().unwrap(), "a.xlsx").unwrap_err();
    assert_eq!(
        err,
        SheetError::NoHeader {
            sheets: vec!["封面".into(), "数据".into()]
        }
    );
    assert!(err.to_string().contains("“封面”、“数据”"), "{err}");
}

#[test]
fn first_sheet_with_a_header_wins() {
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("说明")
        .unwrap()
        .write_string(0, 0, "请在下一页填写")
        .unwrap();
    let ws = wb.add_worksheet().set_name("名单").unwrap();
    header(ws, 0, &["名字", "单位"]).unwrap();
    ws.write_string(1, 0, "张伟").unwrap();
    ws.write_string(1, 1, "通城县人民医院").unwrap();
    let sheet = read_table(&wb.save_to_buffer().unwrap(), "a.xlsx").unwrap();
    assert_eq!(sheet.sheet_name.as_deref(), Some("名单"));
    assert_eq!(sheet.rows[0].get(Column::Employer), Some("通城县人民医院"));
}

#[test]
fn row_limit_and_long_cells() {
    let mut csv = String::from("姓名\n");
    for i in 0..=MAX_DATA_ROWS {
        csv.push_str(&format!("乡贤{i}\n"));
    }
    assert_eq!(
        read_table(csv.as_bytes(), "a.csv"),
        Err(SheetError::TooManyRows { max: MAX_DATA_ROWS })
    );

    let long = "长".repeat(MAX_CELL_CHARS + 1);
    let sheet = read_table(format!("姓名,简介\n张伟,{long}\n").as_bytes(), "a.csv").unwrap();
    let row = &sheet.rows[0];
    assert_eq!(row.get(Column::Bio), None);
    assert_eq!(row.problems.len(), 1);
    assert_eq!(row.problems[0].0, Column::Bio);
}

/// A compound (OLE) file holding the named streams, each a few bytes.
fn compound(streams: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let mut ole = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    for name in streams {
        ole.create_stream(format!("/{name}"))
            .unwrap()
            .write_all(b"\x04\x00\x04\x00")
            .unwrap();
    }
    ole.flush().unwrap();
    ole.into_inner().into_inner()
}

#[test]
fn a_merge_reaching_a_far_cell_is_refused_not_filled() {
    use super::table::{Grid, GridCell, build};
    let grid = || {
        let mut g = Grid::new(super::MAX_DATA_ROWS);
        g.push(0, 0, GridCell::text("姓名")).unwrap();
        g.push(1, 0, GridCell::text("张伟")).unwrap();
        g.push(1, 1, GridCell::text("通城县")).unwrap();
        g.push(40_000, 0, GridCell::text("x")).unwrap();
        g
    };
    // A2:IV65536 from one value: millions of copies.
    let err = build(grid(), &[(1, 0, 65_535, 255)], Some("乡贤名单".into()))
        .err()
        .expect("refused");
    assert!(matches!(err, SheetError::MergeTooLarge { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("工作表“乡贤名单”合并单元格 A2:IV40001"),
        "{err}"
    );
    // A column merged down a long list is still filled.
    assert!(build(grid(), &[(1, 1, 40_000, 1)], None).is_ok());
}
