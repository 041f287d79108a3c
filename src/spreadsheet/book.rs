//! Collects a workbook's sheets the same way for `.xlsx` and `.xls`: hidden
//! sheets and sheets without a 姓名 header named in the notices, a sheet with
//! only a header skipped, the row limit counted over the whole workbook.

use super::table::{Grid, Outcome, build, not_found_error};
use super::{HEADER_SEARCH_ROWS, SheetError, Workbook};

/// A merged region as 0-based `(first_row, first_col, last_row, last_col)`.
pub(crate) type Merge = (u32, u32, u32, u32);

pub(crate) struct BookBuilder {
    book: Workbook,
    looks_like_header: bool,
    without_header: Vec<String>,
    rows: usize,
    max_rows: usize,
}

impl BookBuilder {
    /// A workbook of at most `max_rows` data rows over all its sheets.
    pub fn new(max_rows: usize) -> Self {
        Self {
            book: Workbook::default(),
            looks_like_header: false,
            without_header: Vec::new(),
            rows: 0,
            max_rows,
        }
    }

    pub fn hidden(&mut self, name: &str) {
        self.book.notices.push(format!(
            "工作表“{name}”是隐藏的，未读取；如需导入请先取消隐藏"
        ));
    }

    /// Adds a sheet; `None` when its top rows showed no 姓名 header.
    pub fn add(
        &mut self,
        name: String,
        read: Option<(Grid, Vec<Merge>)>,
    ) -> Result<(), SheetError> {
        if let Some((grid, merged)) = read {
            match build(grid, &merged, Some(name.clone()))? {
                Outcome::Found(sheet) => {
                    self.rows += sheet.grid.len();
                    if self.rows > self.max_rows {
                        return Err(SheetError::TooManyRows { max: self.max_rows });
                    }
                    if sheet.grid.is_empty() {
                        self.book
                            .notices
                            .push(format!("工作表“{name}”只有表头，没有人员，已跳过"));
                    } else {
                        self.book.sheets.push(*sheet);
                    }
                    return Ok(());
                }
                Outcome::NotFound { looks_like_header } => {
                    self.looks_like_header |= looks_like_header;
                }
            }
        }
        self.book.notices.push(format!(
            "工作表“{name}”的前 {HEADER_SEARCH_ROWS} 行没有含“姓名”的表头，未读取"
        ));
        self.without_header.push(name);
        Ok(())
    }

    pub fn finish(self) -> Result<Workbook, SheetError> {
        if self.book.sheets.is_empty() {
            return Err(not_found_error(self.looks_like_header, self.without_header));
        }
        Ok(self.book)
    }
}
