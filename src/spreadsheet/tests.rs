//! Example-based tests for reading and writing: round trips, encodings,
//! layouts. Refusals and limits are in `refusal_tests.rs`, no-panic
//! properties in `prop_tests.rs`.

use std::sync::OnceLock;

use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet, XlsxError};

use super::*;

/// Build a one-sheet xlsx named "Sheet1" with `fill`.
pub(super) fn xlsx_with(fill: impl FnOnce(&mut Worksheet) -> Result<(), XlsxError>) -> Vec<u8> {
    let mut wb = Workbook::new();
    fill(wb.add_worksheet()).unwrap();
    wb.save_to_buffer().unwrap()
}

pub(super) fn header(ws: &mut Worksheet, row: u32, headers: &[&str]) -> Result<(), XlsxError> {
    for (i, h) in headers.iter().enumerate() {
        ws.write_string(row, i as u16, *h)?;
    }
    Ok(())
}

pub(super) fn template() -> &'static [u8] {
    static T: OnceLock<Vec<u8>> = OnceLock::new();
    T.get_or_init(|| template_xlsx().unwrap())
}

#[test]
fn template_round_trips() {
    let sheet = read_table(template(), "模板.xlsx").unwrap();
    assert_eq!(sheet.sheet_name.as_deref(), Some("乡贤信息"));
    assert!(
        sheet.unknown_headers.is_empty(),
        "{:?}",
        sheet.unknown_headers
    );
    assert_eq!(sheet.rows.len(), 2);
    let zhang = &sheet.rows[0];
    assert_eq!(zhang.row, 2);
    assert_eq!(sheet.rows[1].row, 3);
    assert!(zhang.problems.is_empty());
    assert_eq!(zhang.cells.len(), Column::ALL.len(), "every column filled");
    assert_eq!(zhang.get(Column::Name), Some("张伟"));
    assert_eq!(zhang.get(Column::Mobile), Some("13812345678"));
    assert_eq!(zhang.get(Column::BirthYear), Some("1978"));
    assert_eq!(zhang.get(Column::HometownCode), Some("421222100001"));
    assert_eq!(
        zhang.get(Column::Employer),
        Some("深圳市信维通信股份有限公司")
    );
    assert_eq!(zhang.get(Column::CapitalRange), Some("500万–2000万元"));
    assert_eq!(
        split_list(zhang.get(Column::Intents).unwrap()),
        ["投资兴业", "技术合作"]
    );
    assert!(sheet.rows.iter().all(is_template_example));
    // Example values use the vocabulary the template offers.
    for row in &sheet.rows {
        for (c, v) in &row.cells {
            if !c.allowed_values().is_empty() {
                for item in split_list(v) {
                    assert!(c.allowed_values().contains(&item.as_str()), "{c:?}: {item}");
                }
            }
        }
    }
}

const CSV: &str = "姓名,性别,县（市、区）,手机号,产业领域\n\
                   张伟,男,通城县,13812345678,\"光纤光缆、物联网\"\n\
                   李娟,女,咸安区,13912345678,锂电池材料\n";

#[test]
fn csv_encodings_read_the_same() {
    let utf8 = read_table(CSV.as_bytes(), "a.csv").unwrap();
    assert_eq!(utf8.rows.len(), 2);
    assert_eq!(utf8.rows[0].get(Column::County), Some("通城县"));
    assert_eq!(utf8.rows[0].get(Column::Chains), Some("光纤光缆、物联网"));
    assert_eq!(utf8.sheet_name, None);

    let bom = [b"\xEF\xBB\xBF".as_slice(), CSV.as_bytes()].concat();
    assert_eq!(read_table(&bom, "a.csv").unwrap(), utf8);

    let (gbk, _, lossy) = encoding_rs::GBK.encode(CSV);
    assert!(!lossy && std::str::from_utf8(&gbk).is_err());
    assert_eq!(read_table(&gbk, "a.csv").unwrap(), utf8);

    // Excel's “Unicode 文本”: UTF-16LE with BOM, tab-separated.
    let tsv = CSV.replace(',', "\t");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(tsv.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(read_table(&utf16, "a.txt").unwrap(), utf8);
}

#[test]
fn title_row_above_header_is_skipped() {
    let bytes = xlsx_with(|ws| {
        ws.merge_range(0, 0, 0, 3, "咸宁市通城县乡贤信息登记表", &Format::new())?;
        header(ws, 1, &["序号", "*姓名", "性别", "联系电话"])?;
        ws.write_number(2, 0, 1)?;
        ws.write_string(2, 1, "张伟")?;
        ws.write_string(2, 3, "13812345678")?;
        Ok(())
    });
    let sheet = read_table(&bytes, "a.xlsx").unwrap();
    // 序号 carries nothing worth a warning.
    assert!(sheet.unknown_headers.is_empty());
    assert_eq!(sheet.rows.len(), 1);
    assert_eq!(sheet.rows[0].row, 3);
    assert_eq!(sheet.rows[0].get(Column::Mobile), Some("13812345678"));
    assert_eq!(sheet.rows[0].get(Column::Gender), None);

    let csv = "乡贤信息登记表,,\n\n姓名,性别\n张伟,男\n";
    let sheet = read_table(csv.as_bytes(), "a.csv").unwrap();
    assert_eq!(sheet.rows[0].row, 4);
}

#[test]
fn a_formula_is_a_problem_of_its_cell_and_numbering_costs_nothing() {
    let bytes = xlsx_with(|ws| {
        header(ws, 0, &["序号", "姓名", "手机号"])?;
        ws.write_string(1, 1, "张伟")?;
        ws.write_formula(
            1,
            2,
            Formula::new("=\"138\"&\"12345678\"").set_result("13812345678"),
        )?;
        ws.write_string(2, 1, "李娟")?;
        ws.write_string(2, 2, "13900001111")?;
        for r in 1..30 {
            ws.write_formula(r, 0, Formula::new("=ROW()-1").set_result(r.to_string()))?;
        }
        Ok(())
    });
    let sheet = read_table(&bytes, "a.xlsx").unwrap();
    assert_eq!(sheet.rows.len(), 2, "the numbered unused lines are no rows");
    let zhang = &sheet.rows[0];
    assert_eq!(
        zhang.get(Column::Mobile),
        None,
        "a formula's result is not read"
    );
    assert_eq!(zhang.problems.len(), 1);
    assert_eq!(zhang.problems[0].0, Column::Mobile);
    assert!(
        zhang.problems[0].1.contains("公式"),
        "{}",
        zhang.problems[0].1
    );
    assert!(
        sheet.rows[1].problems.is_empty(),
        "序号 formulas cost nothing"
    );
}

#[test]
fn formulas_in_otherwise_empty_rows_are_ignored() {
    let bytes = xlsx_with(|ws| {
        header(ws, 0, &["姓名", "标签"])?;
        ws.write_string(1, 0, "张伟")?;
        // What Excel saves for a formula showing "": t="str" and an empty <v>.
        ws.set_formula_result_default("");
        for r in 2..50 {
            ws.write_formula(r, 1, Formula::new("=IF(A3=\"\",\"\",A3)"))?;
        }
        Ok(())
    });
    let sheet = read_table(&bytes, "a.xlsx").unwrap();
    assert_eq!(sheet.rows.len(), 1);
}

#[test]
fn merged_data_cells_are_filled_down_with_a_notice() {
    let bytes = xlsx_with(|ws| {
        header(ws, 0, &["姓名", "县（市、区）"])?;
        ws.write_string(1, 0, "张伟")?;
        ws.write_string(2, 0, "李娟")?;
        ws.merge_range(1, 1, 2, 1, "通城县", &Format::new())?;
        Ok(())
    });
    let sheet = read_table(&bytes, "a.xlsx").unwrap();
    assert_eq!(sheet.rows[1].get(Column::County), Some("通城县"));
    assert_eq!(sheet.notices.len(), 1);
    assert!(
        sheet.notices[0].contains("Sheet1!B2:B3"),
        "{:?}",
        sheet.notices
    );
}

#[test]
fn a_two_row_header_reads_the_lower_cell_under_the_upper() {
    let bytes = xlsx_with(|ws| {
        ws.merge_range(0, 0, 0, 3, "隽水镇乡贤名单", &Format::new())?;
        ws.merge_range(1, 0, 2, 0, "姓名", &Format::new())?;
        ws.merge_range(1, 1, 1, 2, "联系方式", &Format::new())?;
        ws.write_string(2, 1, "联系电话")?;
        ws.write_string(2, 2, "微信号")?;
        ws.write_string(3, 0, "张伟")?;
        ws.write_string(3, 1, "13812345678")?;
        ws.write_string(3, 2, "zw_sz")?;
        ws.write_string(4, 0, "合计")?;
        ws.write_string(5, 0, "填表人：李四")?;
        Ok(())
    });
    let sheet = read_table(&bytes, "a.xlsx").unwrap();
    assert_eq!(sheet.rows.len(), 1);
    assert_eq!(sheet.rows[0].get(Column::Mobile), Some("13812345678"));
    assert_eq!(sheet.rows[0].get(Column::Wechat), Some("zw_sz"));
    assert_eq!(sheet.headers[1].text, "联系方式/联系电话");
    let skipped: Vec<usize> = sheet.skipped.iter().map(|s| s.row).collect();
    assert_eq!(skipped, vec![1, 5, 6]);
}

#[test]
fn every_sheet_of_a_workbook_is_read_and_a_sheet_without_names_is_named() {
    let mut wb = Workbook::new();
    for village in ["油坊村", "利和村"] {
        let ws = wb.add_worksheet().set_name(village).unwrap();
        header(ws, 0, &["姓名", "联系电话"]).unwrap();
        ws.write_string(1, 0, "张伟").unwrap();
    }
    wb.add_worksheet()
        .set_name("说明")
        .unwrap()
        .write_string(0, 0, "每村一页")
        .unwrap();
    let book = crate::spreadsheet::read_workbook(&wb.save_to_buffer().unwrap(), "a.xlsx").unwrap();
    assert_eq!(book.sheets.len(), 2);
    assert!(
        book.notices.iter().any(|n| n.contains("说明")),
        "{:?}",
        book.notices
    );
}

#[test]
fn numbers_dates_and_booleans_render_as_typed() {
    let bytes = xlsx_with(|ws| {
        header(
            ws,
            0,
            &[
                "姓名",
                "手机号",
                "出生年份",
                "籍贯地区代码",
                "标签",
                "公开",
                "简介",
            ],
        )?;
        ws.write_string(1, 0, "  张伟 ")?;
        ws.write_number(1, 1, 13_812_345_678.0)?;
        ws.write_number(1, 2, 1978.0)?;
        ws.write_number(1, 3, 421_222_100_001.0)?;
        ws.write_number(1, 4, 2.5)?;
        ws.write_boolean(1, 5, true)?;
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 3, 5)?;
        ws.write_datetime_with_format(1, 6, &date, &Format::new().set_num_format("yyyy-mm-dd"))?;
        Ok(())
    });
    let row = &read_table(&bytes, "a.xlsx").unwrap().rows[0];
    assert_eq!(row.get(Column::Name), Some("张伟"));
    assert_eq!(row.get(Column::Mobile), Some("13812345678"));
    assert_eq!(row.get(Column::BirthYear), Some("1978"));
    assert_eq!(row.get(Column::HometownCode), Some("421222100001"));
    assert_eq!(row.get(Column::Tags), Some("2.5"));
    assert_eq!(row.get(Column::Listed), Some("是"));
    assert_eq!(row.get(Column::Bio), Some("2024-03-05"));
}

#[test]
fn empty_rows_are_skipped_and_rows_keep_excel_numbers() {
    let csv = "姓名,性别,简介\n张伟,男,\"第一行\n第二行\"\n,,\n\n  ,\t, \n李娟,女,\n";
    let sheet = read_table(csv.as_bytes(), "a.csv").unwrap();
    let rows: Vec<usize> = sheet.rows.iter().map(|r| r.row).collect();
    assert_eq!(rows, [2, 6], "the quoted two-line cell is one Excel row");
    assert_eq!(sheet.rows[0].get(Column::Bio), Some("第一行\n第二行"));

    let bytes = xlsx_with(|ws| {
        header(ws, 0, &["姓名", "备注"])?;
        ws.write_string(1, 0, "张伟")?;
        ws.write_string(4, 0, "李娟")?;
        ws.write_string(6, 3, "表格右侧的批注")?; // under no header: not data
        ws.write_string(7, 1, "只有备注")?; // under an unknown header: kept, no name
        Ok(())
    });
    let sheet = read_table(&bytes, "a.xlsx").unwrap();
    let rows: Vec<usize> = sheet.rows.iter().map(|r| r.row).collect();
    assert_eq!(rows, [2, 5, 8]);
    assert_eq!(sheet.rows[2].get(Column::Name), None);
}

#[test]
fn split_list_handles_every_separator() {
    assert_eq!(
        split_list(
            " 投资兴业、技术合作，咨询顾问,捐资助学;返乡创业；引荐资源/物联网 工业软件\n光纤光缆 "
        ),
        [
            "投资兴业",
            "技术合作",
            "咨询顾问",
            "捐资助学",
            "返乡创业",
            "引荐资源",
            "物联网",
            "工业软件",
            "光纤光缆"
        ]
    );
    assert!(split_list(" 、,; \n").is_empty());
}

#[test]
fn export_round_trips_as_text() {
    let rows = vec![
        vec![
            "张伟".to_string(),
            "13812345678".to_string(),
            "=1+1".to_string(),
        ],
        vec!["李娟".to_string(), "007".to_string()],
    ];
    let bytes = write_xlsx("导出:名单/2024", &["姓名", "手机号", "备注"], &rows).unwrap();
    let sheet = read_table(&bytes, "export.xlsx").unwrap();
    assert_eq!(sheet.sheet_name.as_deref(), Some("导出_名单_2024"));
    assert_eq!(sheet.unknown_headers, ["备注"]);
    assert_eq!(sheet.rows[0].get(Column::Mobile), Some("13812345678"));
    assert_eq!(sheet.rows[1].get(Column::Mobile), Some("007"));
    assert!(write_xlsx("", &[], &[]).is_ok());
}
