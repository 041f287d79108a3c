//! Entry point for uploads: detects the format by content and reads CSV.
//!
//! The file name is only used in messages: organizers rename files freely,
//! and a `.csv` saved by Excel on Chinese Windows is GBK, not UTF-8.

use encoding_rs::{Encoding, GB18030};

use super::table::{Flow, Grid, GridCell, Outcome, build, not_found_error};
use super::{HEADER_SEARCH_ROWS, Limits, Sheet, SheetError, Workbook, xls, xlsx};

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// OLE compound file: legacy .xls, WPS .et, and password-protected .xlsx.
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Common non-spreadsheet uploads: PNG, JPEG, GIF, PDF, RAR, 7z, gzip.
const OTHER_MAGICS: &[&[u8]] = &[
    b"\x89PNG",
    &[0xFF, 0xD8, 0xFF],
    b"GIF8",
    b"%PDF",
    b"Rar!",
    &[b'7', b'z', 0xBC, 0xAF],
    &[0x1F, 0x8B],
];

/// Read an uploaded spreadsheet and return its first sheet with a 姓名
/// header; see [`read_workbook`].
pub fn read_table(bytes: &[u8], filename: &str) -> Result<Sheet, SheetError> {
    let mut book = read_workbook(bytes, filename)?;
    if book.sheets.is_empty() {
        return Err(SheetError::Empty);
    }
    Ok(book.sheets.swap_remove(0))
}

/// Read an uploaded spreadsheet (`.xlsx`, `.xls` or CSV) into sheets of rows.
///
/// * Format is detected from the bytes; `filename` only appears in messages.
/// * xlsx and xls: every visible worksheet with a 姓名 header within its first
///   [`super::HEADER_SEARCH_ROWS`] rows is read; the others are named in the
///   notices. Merged cells are filled from their first cell; formulas in the
///   data area are refused. A password-protected workbook is refused by name,
///   and an .xls whose cells would take too much memory by its furthest cell.
/// * CSV: UTF-8 (BOM optional), UTF-16 with BOM (Excel “Unicode 文本”), else
///   GBK/GB18030. Comma- or tab-separated.
/// * Never panics; every failure is a [`SheetError`] whose message tells the
///   uploader what to fix.
pub fn read_workbook(bytes: &[u8], filename: &str) -> Result<Workbook, SheetError> {
    read_workbook_with(bytes, filename, Limits::UPLOAD)
}

/// [`read_workbook`] under other limits (the command line reads any size).
pub fn read_workbook_with(
    bytes: &[u8],
    filename: &str,
    limits: Limits,
) -> Result<Workbook, SheetError> {
    if bytes.len() > limits.max_bytes {
        return Err(SheetError::TooLarge {
            max_bytes: limits.max_bytes,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(SheetError::EmptyFile);
    }
    if bytes.starts_with(ZIP_MAGIC) {
        return xlsx::read_xlsx(bytes, filename, limits);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return xls::read_xls(bytes, filename, limits);
    }
    if OTHER_MAGICS.iter().any(|m| bytes.starts_with(m)) {
        return Err(not_a_spreadsheet(filename));
    }
    let text = decode_text(bytes);
    if looks_binary(&text) {
        return Err(not_a_spreadsheet(filename));
    }
    let head = text.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('<') {
        // HTML tables and SpreadsheetML 2003 saved with an .xls name.
        return Err(SheetError::OtherFormat {
            filename: filename.to_string(),
        });
    }
    Ok(Workbook {
        sheets: vec![read_csv(&text, limits)?],
        notices: Vec::new(),
    })
}

fn not_a_spreadsheet(filename: &str) -> SheetError {
    SheetError::NotASpreadsheet {
        filename: filename.to_string(),
    }
}

/// UTF-16/UTF-8 by BOM, else UTF-8 if valid, else GB18030 (a superset of GBK,
/// which is what Excel on Chinese Windows writes for “CSV (逗号分隔)”).
fn decode_text(bytes: &[u8]) -> String {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        return enc.decode_without_bom_handling(body).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => GB18030.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// Text decoded from a binary file is full of control characters and
/// replacement characters; genuine CSVs have almost none.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return true;
        }
        if c == '\u{fffd}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
            bad += 1;
        }
    }
    bad * 100 > total
}

/// Excel writes commas; “Unicode 文本” and some exports use tabs.
fn sniff_delimiter(text: &str) -> u8 {
    let head: String = text.lines().take(HEADER_SEARCH_ROWS).collect();
    let tabs = head.matches('\t').count();
    let commas = head.matches(',').count();
    if tabs > commas { b'\t' } else { b',' }
}

fn read_csv(text: &str, limits: Limits) -> Result<Sheet, SheetError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut grid = Grid::new(limits.max_rows);
    let mut record = csv::StringRecord::new();
    // Excel shows a quoted multi-line cell as one row, so the row number is
    // the record's start line minus line breaks inside earlier cells. The csv
    // crate skips blank lines, which Excel would show as rows; the line
    // number keeps those counted.
    let mut inner_breaks: u64 = 0;
    let mut prev_row: Option<u32> = None;
    'records: loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(SheetError::Csv {
                    detail: e.to_string(),
                });
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        let computed = line.saturating_sub(1).saturating_sub(inner_breaks);
        // Lone-CR files confuse line counting; rows must still be distinct.
        let floor = prev_row.map_or(0, |p| u64::from(p) + 1);
        let Ok(row) = u32::try_from(computed.max(floor)) else {
            break;
        };
        prev_row = Some(row);
        for (col, field) in record.iter().enumerate() {
            inner_breaks += field.matches('\n').count() as u64;
            let Ok(col) = u32::try_from(col) else {
                break;
            };
            if grid.push(row, col, GridCell::text(field))? == Flow::NoHeader {
                break 'records;
            }
        }
    }
    match build(grid, &[], None)? {
        Outcome::Found(sheet) => {
            if sheet.grid.is_empty() {
                return Err(SheetError::Empty);
            }
            Ok(*sheet)
        }
        Outcome::NotFound { looks_like_header } => Err(not_found_error(looks_like_header, vec![])),
    }
}
