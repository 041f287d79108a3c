//! Why an upload could not be read: messages a county clerk can act on.

use super::{Column, HEADER_SEARCH_ROWS, biff};

/// Why a file could not be read or written. `Display` is a plain-Chinese
/// message meant for the organizer who uploaded the file; it says what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// Input larger than [`super::MAX_BYTES`] (or an xlsx that unpacks to far more).
    #[error("文件太大（超过 {} MB），请删除无关的工作表和图片，或把名单拆成几个文件分批上传", .max_bytes / (1024 * 1024))]
    TooLarge {
        /// The limit that was exceeded, in bytes.
        max_bytes: usize,
    },
    /// More than [`super::MAX_DATA_ROWS`] non-empty data rows.
    #[error("数据超过 {max} 行，请把名单拆成几个文件分批上传")]
    TooManyRows {
        /// The row limit.
        max: usize,
    },
    /// Zero bytes or only whitespace.
    #[error("上传的文件是空的，请用乡贤信息模板填写后再上传")]
    EmptyFile,
    /// An `.xls` whose cells would take too much memory to read: one stray
    /// value far from the list (or a crafted file) sizes the whole grid.
    #[error(
        "工作表“{sheet}”的内容一直延伸到 {corner} 单元格，读取它要占用约 {} 万个格子，超过了上限（{} 万个）。多半是远处的单元格误填了内容：请在 Excel 中按 Ctrl+End 找到最后一格，删除多余的行和列并保存，或“另存为”Excel 工作簿（*.xlsx）后再上传",
        .cells.div_ceil(10_000),
        biff::MAX_CELLS / 10_000
    )]
    XlsTooLarge {
        /// The worksheet, for the message.
        sheet: String,
        /// The furthest cell (“IV65536”).
        corner: String,
        /// How many cells reading would hold.
        cells: u64,
    },
    /// A merged region that would fill more cells than a list can hold.
    #[error(
        "{}合并单元格 {range} 的范围太大（约 {} 万个格子），无法按合并内容填到每一行。请取消这个合并单元格，删除多余的行和列后再上传",
        sheet_prefix(.sheet),
        .cells.div_ceil(10_000)
    )]
    MergeTooLarge {
        /// The worksheet (`None` for CSV).
        sheet: Option<String>,
        /// “A2:IV65536”.
        range: String,
        /// Cells it covers within the sheet's rows and columns.
        cells: u64,
    },
    /// Neither xlsx nor text (an image, PDF, Word file, random bytes…).
    #[error(
        "“{filename}”不是 Excel 表格（.xlsx、.xls）或 CSV 文件，请下载乡贤信息模板，填写后上传 .xlsx 文件"
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
    /// A compound file that could not be read as an Excel 97-2003 workbook.
    /// `detail` is for logs only; it is not displayed.
    #[error(
        "“{filename}”无法作为 Excel 97-2003 工作簿（.xls）打开，文件可能已损坏。请用 Excel 或 WPS 打开后“另存为”Excel 工作簿（*.xlsx）再上传"
    )]
    BadXls {
        /// The uploaded file name, for the message.
        filename: String,
        /// Technical detail for logs.
        detail: String,
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
    /// No row among the first [`super::HEADER_SEARCH_ROWS`] of any sheet has a 姓名 header.
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
    /// A workbook with a password to open: an encrypted .xlsx (an OLE
    /// container), or an .xls with a FILEPASS record.
    #[error(
        "文件设置了密码，请在 Excel 中取消密码后再上传（“{filename}”：在 Excel 或 WPS 中打开，点“文件→信息→保护工作簿→用密码进行加密”，清空密码并保存）"
    )]
    Encrypted {
        /// The uploaded file name, for the message.
        filename: String,
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

fn sheet_prefix(sheet: &Option<String>) -> String {
    sheet
        .as_ref()
        .map_or(String::new(), |s| format!("工作表“{s}”"))
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
