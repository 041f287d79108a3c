//! The rejected rows as an xlsx, each with its reasons, to fix and upload again.

use std::collections::BTreeMap;

use super::ImportReport;
use crate::spreadsheet::{SheetError, Workbook, write_xlsx};

/// One sheet 未导入的行: 工作表, 行号, 错误原因, then the row's cells under
/// their own headers (a header line is repeated where a sheet's headers change).
pub fn rejected_xlsx(book: &Workbook, report: &ImportReport) -> Result<Vec<u8>, SheetError> {
    let mut reasons: BTreeMap<(Option<String>, usize), Vec<String>> = BTreeMap::new();
    for e in &report.errors {
        reasons
            .entry((e.sheet.clone(), e.row))
            .or_default()
            .push(format!("{}（{}）：{}", e.column, e.cell, e.message));
    }
    let mut headers: Vec<String> = vec!["工作表".into(), "行号".into(), "错误原因".into()];
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut first = true;
    for sheet in &book.sheets {
        let texts: Vec<String> = sheet.headers.iter().map(|h| h.text.clone()).collect();
        let mut wrote_header = false;
        for g in &sheet.grid {
            let Some(why) = reasons.get(&(sheet.sheet_name.clone(), g.row)) else {
                continue;
            };
            if first {
                headers.extend(texts.iter().cloned());
                first = false;
                wrote_header = true;
            } else if !wrote_header {
                let mut line = vec![String::new(), String::new(), "（以下各行的列名）".into()];
                line.extend(texts.iter().cloned());
                rows.push(line);
                wrote_header = true;
            }
            let mut line = vec![
                sheet.sheet_name.clone().unwrap_or_default(),
                g.row.to_string(),
                why.join("；"),
            ];
            for h in &sheet.headers {
                line.push(g.cells.get(&h.col).cloned().unwrap_or_default());
            }
            rows.push(line);
        }
    }
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    write_xlsx("未导入的行", &headers, &rows)
}
