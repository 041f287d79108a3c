//! Spreadsheet import and export for 乡贤通.
//!
//! Township and village organizers keep their 乡贤 lists in Excel (or WPS), so
//! this module is the bridge between their files and the registry:
//!
//! * [`read_table`] reads an uploaded `.xlsx` or CSV (UTF-8 / GBK) into
//!   [`RawRow`]s keyed by [`Column`], refusing things that would silently lose
//!   data (formulas, merged cells) with messages a county clerk can act on.
//! * [`template_xlsx`] builds the blank template organizers fill in, and
//!   [`write_xlsx`] writes exports.
//!
//! Nothing here validates *values* (phone format, allowed 学历, …): that is the
//! caller's job, row by row, using [`RawRow::row`] to point at the Excel row.

mod columns;
mod read;
mod table;
mod write;
mod xlsx;

#[cfg(test)]
mod prop_tests;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

pub use columns::Column;
pub use read::read_table;
pub use write::{is_template_example, template_xlsx, write_xlsx};

/// Largest upload accepted, in bytes (20 MB).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// Largest number of non-empty data rows accepted in one file.
pub const MAX_DATA_ROWS: usize = 20_000;
/// Longest cell accepted, in characters; longer cells become a row problem.
pub const MAX_CELL_CHARS: usize = 5_000;
/// How many rows at the top of a sheet are searched for the header row
/// (templates often carry a title row or two above it).
pub const HEADER_SEARCH_ROWS: usize = 10;
/// Columns to the right of this many (A..IV) are ignored: no real header
/// row is that wide, and it bounds memory on hostile files.
pub const MAX_COLUMNS: usize = 256;

/// A table read from an upload: the data rows under the header row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    /// Non-empty data rows, in sheet order.
    pub rows: Vec<RawRow>,
    /// Header cells that matched no [`Column`], as written (trimmed), in
    /// column order. Show them to the user as a warning: their data is ignored.
    pub unknown_headers: Vec<String>,
    /// The worksheet the rows came from (`None` for CSV).
    pub sheet_name: Option<String>,
}

/// One data row, cells keyed by the column they sit under.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRow {
    /// The row number the user sees in Excel (1-based, counting the title
    /// and header rows), so messages like “第 12 行” match the file.
    pub row: usize,
    /// Trimmed, non-empty cell texts. Numbers are rendered the way they were
    /// typed (`13812345678`, `1978`), dates as `YYYY-MM-DD`, booleans as 是/否.
    pub cells: BTreeMap<Column, String>,
    /// Cells that could not be taken (too long, Excel error values such as
    /// `#N/A`); they are absent from `cells`. Messages are in Chinese.
    pub problems: Vec<(Column, String)>,
}

impl RawRow {
    /// The cell under `c`, or `None` when the column is missing or the cell empty.
    pub fn get(&self, c: Column) -> Option<&str> {
        self.cells
            .get(&c)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }
}

/// Why a file could not be read or written. `Display` is a plain-Chinese
/// message meant for the organizer who uploaded the file; it says what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// Input larger than [`MAX_BYTES`] (or an xlsx that unpacks to far more).
    #[error("文件太大（超过 {} MB），请删除无关的工作表和图片，或把名单拆成几个文件分批上传", .max_bytes / (1024 * 1024))]
    TooLarge {
        /// The limit that was exceeded, in bytes.
        max_bytes: usize,
    },
    /// More than [`MAX_DATA_ROWS`] non-empty data rows.
    #[error("数据超过 {max} 行，请把名单拆成几个文件分批上传")]
    TooManyRows {
        /// The row limit.
        max: usize,
    },
    /// Zero bytes or only whitespace.
    #[error("上传的文件是空的，请用乡贤信息模板填写后再上传")]
    EmptyFile,
    /// A legacy Excel 97-2003 `.xls` workbook (not read: see `read.rs`), or
    /// a password-protected workbook (same container format).
    #[error(
        "“{filename}”是旧版 Excel 97-2003 格式（.xls）或设置了打开密码。请在 Excel 或 WPS 中打开，如有密码先取消密码，再点“文件→另存为”，选择“Excel 工作簿（*.xlsx）”后上传"
    )]
    LegacyXls {
        /// The uploaded file name, for the message.
        filename: String,
    },
    /// Neither xlsx nor text (an image, PDF, Word file, random bytes…).
    #[error(
        "“{filename}”不是 Excel 表格（.xlsx）或 CSV 文件，请下载乡贤信息模板，填写后上传 .xlsx 文件"
    )]
    NotASpreadsheet {
        /// The uploaded file name, for the message.
        filename: String,
    },
    /// Text that is really a web page or SpreadsheetML 2003 XML (some systems
    /// export these with an `.xls` name).
    #[error(
        "“{filename}”不是标准的 Excel 工作簿（可能是网页或 XML 格式导出的表格），请用 Excel 或 WPS 打开后“另存为”Excel 工作簿（*.xlsx）再上传"
    )]
    OtherFormat {
        /// The uploaded file name, for the message.
        filename: String,
    },
    /// A zip that calamine could not open as a workbook (damaged, .docx, .ods…).
    /// `detail` is the library error, for logs only; it is not displayed.
    #[error(
        "“{filename}”无法作为 Excel 工作簿打开，文件可能已损坏或不是 .xlsx 格式。请用 Excel 或 WPS 打开后“另存为”Excel 工作簿（*.xlsx）再上传"
    )]
    BadXlsx {
        /// The uploaded file name, for the message.
        filename: String,
        /// Technical detail for logs.
        detail: String,
    },
    /// The CSV text could not be parsed. `detail` is for logs only.
    #[error("CSV 文件格式有误，无法读取。请用 Excel 打开后“另存为”Excel 工作簿（*.xlsx）再上传")]
    Csv {
        /// Technical detail for logs.
        detail: String,
    },
    /// No row among the first [`HEADER_SEARCH_ROWS`] of any sheet has a 姓名 header.
    #[error("{}", no_header_message(.sheets))]
    NoHeader {
        /// Names of the worksheets looked at (empty for CSV).
        sheets: Vec<String>,
    },
    /// A header row was found but required columns are missing.
    #[error("表头缺少必填列：{}。请使用乡贤信息模板，不要删除或改动这些列名", quoted_list(.0))]
    MissingColumns(Vec<&'static str>),
    /// Two header cells mean the same column (e.g. 手机 and 联系电话). Not
    /// raised for 职务职称 (separate 职务 and 职称 columns) or list columns,
    /// whose cells are joined with “、” instead.
    #[error("表头中有两列都是“{}”（“{first}”和“{second}”），请删除或合并其中一列", .column.header())]
    DuplicateColumn {
        /// The column both headers map to.
        column: Column,
        /// The first header text, as written.
        first: String,
        /// The second header text, as written.
        second: String,
    },
    /// A header row but no non-empty row below it.
    #[error("表格只有表头，没有填写任何乡贤信息，请填写后再上传")]
    Empty,
    /// A data cell holds a formula; we store what people typed, not formulas.
    #[error("第 {row} 行“{}”列是公式，请选中该列复制，再用“选择性粘贴→数值”粘贴回原处后上传", .column.header())]
    Formula {
        /// Excel row number (1-based).
        row: usize,
        /// The column the formula sits under.
        column: Column,
    },
    /// Merged cells in the data area (their value only survives in one row).
    #[error("第 {} 行有合并单元格，合并后只有第一格保留内容。请选中表格，点“合并后居中”取消合并，并把每一行补填完整后再上传", row_list(.rows))]
    MergedCells {
        /// Excel row numbers (1-based) touched by merged cells.
        rows: Vec<usize>,
    },
    /// Building an xlsx failed (a bug or an over-long cell); `detail` is for logs.
    #[error("生成 Excel 文件失败：{detail}")]
    Write {
        /// Technical detail.
        detail: String,
    },
}

impl From<rust_xlsxwriter::XlsxError> for SheetError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        SheetError::Write {
            detail: e.to_string(),
        }
    }
}

fn no_header_message(sheets: &[String]) -> String {
    let place = if sheets.is_empty() {
        "文件".to_string()
    } else {
        format!("工作表 {}", quoted_list(sheets))
    };
    format!(
        "在{place}的前 {HEADER_SEARCH_ROWS} 行中没有找到含“姓名”的表头行。请使用乡贤信息模板，第一行（或标题下面一行）填写列名"
    )
}

fn quoted_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| format!("“{}”", s.as_ref()))
        .collect::<Vec<_>>()
        .join("、")
}

/// “3、4、5” — long lists are cut so the message stays readable.
fn row_list(rows: &[usize]) -> String {
    const SHOWN: usize = 10;
    let mut s = rows
        .iter()
        .take(SHOWN)
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join("、");
    if rows.len() > SHOWN {
        s.push_str(&format!(" 等（共 {} 行）", rows.len()));
    }
    s
}

/// Split a multi-value cell (产业领域, 回乡意向, 标签) on 、，,;；/ and any
/// whitespace, including newlines typed with Alt+Enter; trims and drops empties.
pub fn split_list(cell: &str) -> Vec<String> {
    cell.split(|c: char| {
        matches!(c, '、' | '，' | ',' | ';' | '；' | '/' | '／') || c.is_whitespace()
    })
    .map(str::trim)
    .filter(|s| !s.is_empty())
    .map(str::to_string)
    .collect()
}
